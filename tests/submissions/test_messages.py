import math
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from publicforms.codes import CODE_ALPHABET
from submissions.models import Message, new_reference_code

pytestmark = pytest.mark.django_db


def post(client, data, **extra):
    extra.setdefault("REMOTE_ADDR", "203.0.113.7")
    return client.post("/messages/new/", data, **extra)


def test_valid_message_is_stored_pending_with_origin_and_a_code(
    client, message_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, message_data(), HTTP_USER_AGENT="Mozilla/5.0 测试手机")
    assert response.status_code == 302 and response["Location"] == "/messages/new/done/"
    message = Message.objects.get()
    assert message.status == Message.Status.PENDING
    assert message.ip_address == "203.0.113.7"
    assert message.user_agent == "Mozilla/5.0 测试手机"
    assert re.fullmatch(r"LY(-[2-9A-HJKMNP-Z]{5}){3}", message.code)
    done = client.get("/messages/new/done/").content.decode()
    assert message.code in done
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["office@example.org"]
    assert message.code in mail.outbox[0].subject and "请问我单位" in mail.outbox[0].body


def test_done_page_without_a_message_goes_back_to_the_form(client):
    assert client.get("/messages/new/done/")["Location"] == "/messages/new/"


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("name", "", "请填写姓名。"),
        ("name", "张" * 31, "姓名不能超过 30 个字"),
        ("name", "<script>alert(1)</script>", "请不要输入 HTML 标记或脚本代码"),
        ("name", "<b>张三</b>", "请不要输入 HTML 标记或脚本代码"),
        ("subject", "", "请填写主题。"),
        ("subject", "题" * 81, "主题不能超过 80 个字"),
        ("content", "", "请填写留言内容。"),
        ("content", "字" * 2001, "留言内容不能超过 2000 个字"),
        ("content", "正文\x00内容很长很长", "不可见的空字符"),
        ("content", "正文\x07内容很长很长", "不可见的控制字符"),
        ("email", "not-an-email", "电子邮箱格式不正确"),
        ("phone", "12345", "请填写有效的电话号码"),
        ("phone", "138abc45678", "请填写有效的电话号码"),
        ("phone", "138😀12345678", "请填写有效的电话号码"),
        ("phone", "0571888866668001", "请用短横线隔开区号、电话号码和分机号"),
        ("phone", "010-6851<script>", "请填写有效的电话号码"),
        ("captcha_1", "WRONG", "验证码不正确"),
        ("captcha_1", "", "请输入验证码。"),
    ],
)
def test_bad_field_gets_a_chinese_message_keeps_input_and_stores_nothing(
    client, message_data, field, value, expected
):
    data = message_data(**{field: value})
    response = post(client, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert expected in html
    assert 'class="errorlist"' in html
    assert Message.objects.count() == 0
    # what was typed in the other fields is still there
    if field != "subject":
        assert 'value="关于入会的咨询"' in html
    if field != "content":
        assert "请问我单位如何申请加入协会？需要哪些材料？</textarea>" in html


def test_phone_or_email_is_required(client, message_data):
    response = post(client, message_data(phone="", email=""))
    assert response.status_code == 400
    assert "电话和电子邮箱至少填写一项" in response.content.decode()
    assert not Message.objects.exists()


def test_either_phone_or_email_alone_is_enough(client, message_data):
    assert post(client, message_data(email=""), REMOTE_ADDR="198.51.100.1").status_code == 302
    assert post(client, message_data(phone=""), REMOTE_ADDR="198.51.100.2").status_code == 302
    assert Message.objects.count() == 2


def test_landline_phone_keeps_its_area_code_dash(client, message_data):
    post(client, message_data(phone="010 6000 1234"))
    assert Message.objects.get().phone == "010-60001234"


def test_non_utf8_bytes_get_a_message_not_a_crash(client):
    body = (
        "name=%E5%BC%A0%FF%FE&phone=13812345678&subject=%E5%92%A8%E8%AF%A2%E9%97%AE%E9%A2%98"
        "&content=%B2%E2%CA%D4%C4%DA%C8%DD%D2%BB%B6%CE&captcha_0=k&captcha_1=PASSED"
    )
    response = client.post("/messages/new/", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert "无法识别的字符" in response.content.decode()
    assert not Message.objects.exists()


def test_html_and_emoji_in_content_are_kept_as_typed_and_shown_as_text(
    client, message_data, make_message
):
    content = "<script>alert('x')</script> 园区很好 👍🏻 <b>粗体</b>"
    assert post(client, message_data(content=content)).status_code == 302
    message = Message.objects.get()
    assert message.content == content
    message.status, message.reply, message.replied_at = (
        "published",
        "<i>回复</i> 🙂",
        timezone.now(),
    )
    message.save()
    html = client.get("/messages/").content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "<script>alert" not in html and "<b>粗体</b>" not in html
    assert "&lt;i&gt;回复&lt;/i&gt; 🙂" in html and "👍🏻" in html


def test_honeypot_filled_is_refused(client, message_data):
    response = post(client, message_data(website="http://spam.example"))
    assert response.status_code == 400
    assert "提交未通过校验" in response.content.decode()
    assert not Message.objects.exists()


def test_get_form_has_captcha_with_alt_text_and_honeypot(client, settings):
    settings.CAPTCHA_TEST_MODE = False
    html = client.get("/messages/new/").content.decode()
    assert 'alt="图形验证码（4 个字符）；看不清请点“换一张”"' in html
    assert "data-captcha-refresh" in html and 'class="honeypot"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert '<label for="id_captcha_1">' in html


def test_rate_limit_answers_429_with_retry_after(client, message_data, settings):
    settings.SUBMISSIONS_MESSAGE_RATE = "2/10m"
    assert post(client, message_data()).status_code == 302
    assert post(client, message_data()).status_code == 302
    response = post(client, message_data())
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "提交过于频繁" in response.content.decode()
    assert Message.objects.count() == 2
    # another address is not affected
    assert post(client, message_data(), REMOTE_ADDR="198.51.100.9").status_code == 302


def test_board_lists_only_published_messages_newest_reply_first(client, make_message):
    now = timezone.now()
    make_message(subject="早些的回复", published=True, replied_at=now - timedelta(days=2))
    make_message(subject="最新的回复", published=True, replied_at=now - timedelta(hours=1))
    make_message(subject="待处理的留言")
    make_message(subject="垃圾留言", status=Message.Status.SPAM)
    make_message(subject="不公开的留言", status=Message.Status.HIDDEN, reply="内部回复")
    html = client.get("/messages/").content.decode()
    assert "待处理的留言" not in html and "垃圾留言" not in html and "不公开的留言" not in html
    assert html.index("最新的回复") < html.index("早些的回复")
    assert "您好，可通过邮局订阅。" in html


def test_board_times_are_valid_html_datetimes_without_microseconds(client, make_message):
    make_message(published=True, replied_at=timezone.now().replace(microsecond=123456))
    html = client.get("/messages/").content.decode()
    stamps = re.findall(r'<time datetime="([^"]+)"', html)
    assert len(stamps) == 2
    for stamp in stamps:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00", stamp), stamp


def test_board_masks_the_name_and_never_shows_contacts(client, make_message):
    make_message(name="欧阳修文", phone="13811112222", email="secret@example.com", published=True)
    html = client.get("/messages/").content.decode()
    assert "欧**" in html
    assert "欧阳修文" not in html and "13811112222" not in html and "secret@example.com" not in html


@pytest.mark.parametrize("rows", [10, 200])
def test_board_query_count_does_not_grow_with_data(
    client, make_message, rows, django_assert_max_num_queries
):
    Message.objects.bulk_create(
        Message(
            code=f"LY20250101{n:05d}",
            name="读者",
            phone="13900000000",
            subject=f"问题{n}",
            content="内容",
            status="published",
            reply="回复",
            replied_at=timezone.now() - timedelta(minutes=n),
        )
        for n in range(rows)
    )
    client.get("/messages/")  # warm the site-settings cache
    last_page = (rows - 1) // 15 + 1
    with django_assert_max_num_queries(4):
        response = client.get(f"/messages/?page={last_page}")
    assert response.status_code == 200
    assert f"问题{rows - 1}" in response.content.decode()


def test_a_page_past_the_end_is_a_404_page_and_not_a_number_is_page_1(client, make_message):
    make_message(published=True)
    response = client.get("/messages/", {"page": "999"})
    assert response.status_code == 404
    assert "抱歉，您访问的页面不存在" in response.content.decode()
    for page in ("abc", "0", "-1"):
        assert client.get("/messages/", {"page": page}).status_code == 200


def test_empty_board_says_so(client):
    response = client.get("/messages/")
    assert response.status_code == 200
    assert "暂无公开的留言" in response.content.decode()


def test_lookup_shows_status_and_reply_of_that_message_only(client, make_message):
    answered = make_message(subject="已答复的问题", published=True)
    make_message(subject="别人的问题")
    response = client.get("/messages/lookup/", {"code": answered.code.lower()})
    html = response.content.decode()
    assert response.status_code == 200
    assert "已答复的问题" in html and "您好，可通过邮局订阅。" in html and "已回复" in html
    assert "别人的问题" not in html and "wangwu@example.com" not in html


def test_reference_codes_carry_at_least_60_random_bits():
    codes = {new_reference_code() for _ in range(2000)}
    assert len(codes) == 2000
    random_part = {code.removeprefix("LY").replace("-", "") for code in codes}
    assert {len(part) for part in random_part} == {15}
    assert set("".join(random_part)) <= set(CODE_ALPHABET)
    assert 15 * math.log2(len(CODE_ALPHABET)) >= 60


def test_lookup_shows_the_writer_their_question_before_any_reply(client, make_message):
    status = Message.Status.PENDING
    message = make_message(
        subject="园区用地指标怎么申请",
        content="第一行问题\n第二行补充",
        name="欧阳修文",
        phone="13811112222",
        status=status,
        reply="内部处理意见",
    )
    response = client.get("/messages/lookup/", {"code": message.code})
    html = response.content.decode()
    assert response.status_code == 200
    assert message.code in html
    assert "工作人员正在处理您的留言" in html
    assert "园区用地指标怎么申请" in html and "第一行问题<br>第二行补充" in html
    for private in ("内部处理意见", "欧**", "欧阳修文", "13811112222"):
        assert private not in html


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (Message.Status.HIDDEN, None),
        (Message.Status.SPAM, None),
        (Message.Status.PENDING, "LY20240105K7Q3X"),
    ],
)
def test_lookup_of_a_closed_message_or_by_an_old_short_code_shows_only_the_status(
    client, make_message, status, code
):
    message = make_message(
        subject="私下的主题", content="不公开的留言内容", status=status, reply="内部处理意见"
    )
    if code:
        Message.objects.filter(pk=message.pk).update(code=code)
        message.code = code
    response = client.get("/messages/lookup/", {"code": message.code})
    html = response.content.decode()
    assert response.status_code == 200 and message.code in html and "留言处理状态" in html
    for private in ("私下的主题", "不公开的留言内容", "内部处理意见", "王**", "王五"):
        assert private not in html


def test_lookup_still_finds_an_old_short_code(client, make_message):
    old = make_message(code="LY20240105K7Q3X", subject="旧编号的留言", published=True)
    response = client.get("/messages/lookup/", {"code": " ly20240105k7q3x "})
    assert response.status_code == 200
    assert old.code in response.content.decode() and "旧编号的留言" in response.content.decode()


def test_lookup_accepts_the_code_without_dashes_and_in_lower_case(client, make_message):
    message = make_message(subject="新编号的留言", published=True)
    typed = message.code.replace("-", " ").lower()
    response = client.get("/messages/lookup/", {"code": typed})
    assert response.status_code == 200 and "新编号的留言" in response.content.decode()


@pytest.mark.parametrize("code", ["12345", "LY-ABC", "TG-ABCDE-FGHJK-MNPQR-STUVW", "LY2025"])
def test_lookup_of_a_malformed_code_says_what_a_code_looks_like(client, code):
    response = client.get("/messages/lookup/", {"code": code})
    assert response.status_code == 400
    assert "留言编号格式不正确" in response.content.decode()


def test_lookup_of_pending_message_says_it_is_being_handled(client, make_message):
    pending = make_message()
    html = client.get("/messages/lookup/", {"code": pending.code}).content.decode()
    assert "工作人员正在处理您的留言" in html


def test_lookup_of_unknown_code_is_a_clear_404(client):
    response = client.get("/messages/lookup/", {"code": "LY20990101ZZZZZ"})
    assert response.status_code == 404
    assert "没有找到这个留言编号" in response.content.decode()


def test_lookup_is_rate_limited(client, settings):
    settings.SUBMISSIONS_LOOKUP_RATE = "3/10m"
    for _ in range(3):
        client.get("/messages/lookup/", {"code": "LY20990101ZZZZZ"})
    assert client.get("/messages/lookup/", {"code": "LY20990101ZZZZZ"}).status_code == 429


def test_address_behind_a_trusted_proxy_comes_from_x_real_ip(client, message_data, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    post(client, message_data(), REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="2001:db8::7")
    assert Message.objects.get().ip_address == "2001:db8::7"


def test_readers_behind_the_proxy_have_separate_limits(client, message_data, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    settings.SUBMISSIONS_MESSAGE_RATE = "1/10m"

    def via_proxy(reader_ip):
        return post(client, message_data(), REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP=reader_ip)

    assert via_proxy("198.51.100.1").status_code == 302
    assert via_proxy("198.51.100.1").status_code == 429
    assert via_proxy("198.51.100.2").status_code == 302
    assert sorted(Message.objects.values_list("ip_address", flat=True)) == [
        "198.51.100.1",
        "198.51.100.2",
    ]


def test_a_client_setting_x_real_ip_itself_cannot_rotate_past_the_limit(
    client, message_data, settings
):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    settings.SUBMISSIONS_MESSAGE_RATE = "2/10m"
    codes = [
        post(client, message_data(), HTTP_X_REAL_IP=f"198.51.100.{n}").status_code
        for n in range(1, 5)
    ]
    assert codes == [302, 302, 429, 429]
    assert set(Message.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}


@pytest.mark.parametrize("header", [None, "", "unknown", "1.2.3.4, 5.6.7.8", "::g"])
def test_missing_or_malformed_proxy_header_is_never_a_500(client, message_data, settings, header):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    extra = {"REMOTE_ADDR": "127.0.0.1"}
    if header is not None:
        extra["HTTP_X_REAL_IP"] = header
    assert post(client, message_data(), **extra).status_code == 302
    lookup = client.get("/messages/lookup/", {"code": "LY-ABCDE-FGHJK-MNPQR"}, **extra)
    assert lookup.status_code == 404
    assert Message.objects.get().ip_address == "127.0.0.1"


def test_a_request_over_the_form_data_limit_is_a_400_not_a_crash(client, message_data):
    response = post(client, message_data(content="字" * (2 * 1024 * 1024)))
    assert response.status_code == 400
    assert not Message.objects.exists()


@pytest.mark.parametrize("url", ["/messages/new/", "/contribute/", "/contribute/status/"])
def test_forms_refuse_a_post_without_csrf_token(url, message_data):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(url, message_data())
    assert response.status_code == 403
    assert not Message.objects.exists()
