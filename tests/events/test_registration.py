"""Registering for an event: confirmation with a code and a QR code, the waiting list,
closed registration, repeats refused, and hostile input refused with Chinese messages."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from events.models import Event, Registration

pytestmark = pytest.mark.django_db


def post(client, event, data, **extra):
    extra.setdefault("REMOTE_ADDR", "203.0.113.7")
    return client.post(event.get_absolute_url(), data, **extra)


def test_registration_is_confirmed_with_a_code_a_qr_code_and_a_mail(
    client, event, registration_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, event, registration_data())
    assert response.status_code == 302 and response["Location"] == "/events/registration/done/"
    registration = Registration.objects.get()
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.code.startswith("BM-") and len(registration.code) == 20
    assert (registration.ip_address, registration.email) == ("203.0.113.7", "wangfang@example.com")

    done = client.get("/events/registration/done/").content.decode()
    assert "报名成功" in done and registration.code in done
    assert "<svg" in done and "签到二维码" in done

    (message,) = mail.outbox
    assert message.to == ["wangfang@example.com"]
    assert event.title in message.subject and registration.code in message.body
    (name, content, mimetype) = message.attachments[0]
    assert mimetype == "image/png" and content.startswith(b"\x89PNG")


def test_the_qr_code_holds_the_check_in_address(client, event, registration_data):
    post(client, event, registration_data())
    registration = Registration.objects.get()
    done = client.get("/events/registration/done/").content.decode()
    # segno draws the code; its <title> names it and the page says where it leads
    assert f"签到二维码 {registration.code}" in done
    assert registration.get_checkin_url() == f"/events/checkin/{registration.code}/"


def test_when_places_are_gone_people_join_the_waiting_list(
    client, make_event, make_registration, registration_data, django_capture_on_commit_callbacks
):
    event = make_event(capacity=2)
    make_registration(event)
    make_registration(event)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "名额已满，可报名候补" in page and "报名候补" in page
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, event, registration_data()).status_code == 302
    registration = Registration.objects.get(email="wangfang@example.com")
    assert registration.status == Registration.Status.WAITING
    done = client.get("/events/registration/done/").content.decode()
    assert "已进入候补名单" in done and "候补第 1 位" in done and "<svg" not in done
    assert "候补名单" in mail.outbox[0].body and not mail.outbox[0].attachments


def test_without_a_waiting_list_a_full_event_refuses_clearly_and_keeps_the_form(
    client, make_event, make_registration, registration_data
):
    event = make_event(capacity=1, waiting_list=False)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "提交报名" in page
    make_registration(event)  # the last place goes while the reader is typing
    response = post(client, event, registration_data())
    html = response.content.decode()
    assert response.status_code == 409
    assert "名额已满，本活动不设候补" in html
    assert 'value="苏州工业园区管委会"' in html  # nothing typed is lost
    assert not Registration.objects.filter(email="wangfang@example.com").exists()
    assert "名额已满" in client.get(event.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ("before", "报名尚未开始"),
        ("after", "报名已经截止"),
        ("over", "报名已经截止"),
    ],
)
def test_registration_is_closed_before_it_opens_and_after_the_deadline(
    client, make_event, registration_data, when, message
):
    now = timezone.now()
    if when == "before":
        event = make_event(registration_opens_at=now + timedelta(hours=2))
        shown = "报名将于"
    elif when == "after":
        event = make_event(
            starts_at=now + timedelta(hours=3), registration_closes_at=now - timedelta(minutes=1)
        )
        shown = "报名已于"
    else:
        event = make_event(
            starts_at=now - timedelta(days=2),
            registration_opens_at=now - timedelta(days=9),
            registration_closes_at=now - timedelta(days=3),
        )
        shown = "活动已结束"
    page = client.get(event.get_absolute_url()).content.decode()
    assert shown in page and 'name="captcha_1"' not in page
    response = post(client, event, registration_data())
    assert response.status_code == 409
    assert message in response.content.decode()
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    ("change", "what"),
    [({"phone": "13800000000"}, "电子邮箱"), ({"email": "other@example.com"}, "手机号码")],
)
def test_a_repeat_registration_by_email_or_phone_is_refused_clearly(
    client, event, registration_data, change, what
):
    assert post(client, event, registration_data()).status_code == 302
    again = registration_data(**change)
    response = post(client, event, again)
    assert response.status_code == 409
    assert f"这个{what}已经报名了本活动，无需重复报名" in response.content.decode()
    assert Registration.objects.count() == 1


def test_the_same_email_in_another_case_is_the_same_person(client, event, registration_data):
    post(client, event, registration_data())
    response = post(
        client, event, registration_data(email="WangFang@Example.COM", phone="13800000000")
    )
    assert response.status_code == 409
    assert Registration.objects.count() == 1


def test_the_database_refuses_a_second_live_registration_even_without_the_check(
    event, make_registration
):
    from django.db import IntegrityError, transaction

    make_registration(event, email="same@example.com")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_registration(event, email="same@example.com")
    make_registration(event, email="gone@example.com", status=Registration.Status.CANCELLED)
    make_registration(event, email="gone@example.com")  # a cancelled one does not count


def test_someone_who_cancelled_may_register_again(
    client, event, make_registration, registration_data
):
    make_registration(
        event,
        email="wangfang@example.com",
        phone="13912345678",
        status=Registration.Status.CANCELLED,
    )
    assert post(client, event, registration_data()).status_code == 302
    assert Registration.objects.filter(status=Registration.Status.CONFIRMED).count() == 1


def test_a_draft_or_scheduled_event_takes_no_registration(client, make_event, registration_data):
    draft = make_event(status=Event.Status.DRAFT)
    scheduled = make_event(publish_at=timezone.now() + timedelta(days=1))
    for event in (draft, scheduled):
        assert client.get(event.get_absolute_url()).status_code == 404
        assert post(client, event, registration_data()).status_code == 404
    assert not Registration.objects.exists()


HOSTILE = [
    ("name", "", "请填写姓名。"),
    ("name", "<script>alert(1)</script>", "请不要输入 HTML 标记或脚本代码"),
    ("name", "张" * 31, "姓名不能超过 30 个字"),
    ("name", "王\n芳", "只能填写一行"),
    ("name", "王\x00芳", "空字符"),
    ("name", "王\x07芳", "不可见的控制字符"),
    ("unit", "", "请填写单位。"),
    ("unit", "<img src=x onerror=alert(1)>", "请不要输入 HTML 标记或脚本代码"),
    ("unit", "单" * 101, "单位不能超过 100 个字"),
    ("unit", "某\r\n开发区", "只能填写一行"),
    ("position", "javascript:alert(1)", "请不要输入 HTML 标记或脚本代码"),
    ("position", "职" * 61, "职务不能超过 60 个字"),
    ("position", "副\t局长", "只能填写一行"),
    ("phone", "", "请填写电话。"),
    ("phone", "12345", "请填写有效的电话号码"),
    ("phone", "139😀12345678", "请填写有效的电话号码"),
    ("phone", "13912345678\nBcc: x@evil.example", "只能填写一行"),
    ("email", "", "请填写电子邮箱。"),
    ("email", "not-an-email", "电子邮箱格式不正确"),
    ("email", "a@example.com\nBcc: x@evil.example", "只能填写一行"),
    ("email", "a" * 250 + "@example.com", "电子邮箱太长"),
    ("remarks", "备" * 501, "备注不能超过 500 个字"),
    ("remarks", "乱码\ufffd", "无法识别的字符"),
    ("captcha_1", "WRONG", "验证码不正确"),
    ("captcha_1", "", "请输入验证码。"),
    ("website", "http://spam.example", "提交未通过校验"),
]


@pytest.mark.parametrize(("field", "value", "expected"), HOSTILE)
def test_hostile_input_gets_a_chinese_message_keeps_the_rest_and_stores_nothing(
    client, event, registration_data, field, value, expected
):
    response = post(client, event, registration_data(**{field: value}))
    html = response.content.decode()
    assert response.status_code == 400
    assert expected in html
    assert not Registration.objects.exists() and not mail.outbox
    if field != "unit":
        assert 'value="苏州工业园区管委会"' in html
    if field != "remarks":
        assert "需要一个素食午餐。</textarea>" in html


def test_markup_and_emoji_in_remarks_are_kept_as_typed_and_shown_as_text(
    client, event, registration_data, superuser
):
    remarks = "<script>alert('x')</script> 谢谢 👍🏻"
    assert post(client, event, registration_data(remarks=remarks)).status_code == 302
    registration = Registration.objects.get()
    assert registration.remarks == remarks
    client.force_login(superuser)
    html = client.get(f"/admin/events/registration/{registration.pk}/change/").content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; 谢谢 👍🏻" in html
    assert "<script>alert('x')" not in html


def test_non_utf8_bytes_get_a_message_not_a_crash(client, event):
    body = (
        "name=%E7%8E%8B%FF%FE&unit=%E5%8D%95%E4%BD%8D&phone=13912345678"
        "&email=a%40example.com&captcha_0=k&captcha_1=PASSED"
    )
    response = client.post(
        event.get_absolute_url(), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "无法识别的字符" in response.content.decode()
    assert not Registration.objects.exists()


def test_registration_is_rate_limited_per_client(client, make_event, registration_data, settings):
    settings.EVENTS_REGISTRATION_RATE = "2/10m"
    event = make_event()
    for n in range(2):
        data = registration_data(email=f"p{n}@example.com", phone=f"1391234567{n}")
        assert post(client, event, data).status_code == 302
    response = post(client, event, registration_data(email="p9@example.com", phone="13912345679"))
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert Registration.objects.count() == 2
    other = registration_data(email="p8@example.com", phone="13912345688")
    assert post(client, event, other, REMOTE_ADDR="198.51.100.9").status_code == 302


def test_registration_refuses_a_post_without_csrf_token(event, registration_data):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(event.get_absolute_url(), registration_data())
    assert response.status_code == 403
    assert not Registration.objects.exists()


def test_done_page_without_a_registration_goes_back_to_the_list(client):
    response = client.get("/events/registration/done/")
    assert response.status_code == 302 and response["Location"] == "/events/"


def test_a_mail_server_outage_loses_no_registration(
    client, event, registration_data, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.events.broken_mail.Backend"
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, event, registration_data()).status_code == 302
    assert Registration.objects.count() == 1


def _one_line_fields():
    from django import forms as django_forms

    from events.forms import CheckinCodeForm, LookupForm, RegistrationForm

    for form in (RegistrationForm, LookupForm, CheckinCodeForm):
        for name, field in form.base_fields.items():
            if isinstance(field, django_forms.CharField) and not isinstance(
                field.widget, django_forms.Textarea
            ):
                if name != "website":  # the honeypot refuses any value
                    yield pytest.param(form, name, id=f"{form.__name__}.{name}")


@pytest.mark.parametrize(("form", "name"), list(_one_line_fields()))
@pytest.mark.parametrize("value", ["甲\n乙", "甲\r乙", "甲\t乙", "甲\u2028乙", "甲\x07乙"])
def test_every_one_line_field_of_the_event_forms_refuses_control_characters(form, name, value):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        form.base_fields[name].clean(value)
    text = " ".join(caught.value.messages)
    assert "只能填写一行" in text or "不可见的控制字符" in text


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"code": "BM-22222\n-22222-22222", "contact": "a@example.com"}, "只能填写一行"),
        ({"code": "BM-22222-22222-22222", "contact": "a@example.com\nBcc: b@x"}, "只能填写一行"),
        ({"code": "", "contact": "a@example.com"}, "请填写报名编号。"),
        ({"code": "BM-22222-22222-22222", "contact": ""}, "请填写报名时留下的电子邮箱或手机号码。"),
        ({"code": "<script>alert(1)</script>", "contact": "x"}, "报名编号格式不正确"),
        ({"code": "BM-22222-22222-22222", "contact": "x" * 300}, "电子邮箱或手机号码太长"),
    ],
)
def test_hostile_lookup_input_gets_a_chinese_message(client, data, expected):
    response = client.post("/events/registration/", data)
    html = response.content.decode()
    assert response.status_code == 400
    assert expected in html and "<script>alert(1)</script>" not in html
