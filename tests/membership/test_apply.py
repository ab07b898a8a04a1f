"""The public application form: what it stores, what it refuses, and that nothing a
person sent is lost or half-stored."""

from pathlib import Path
from unittest import mock

import pytest
from django import forms
from django.core import mail
from django.core.exceptions import ValidationError

from membership.forms import ApplicationForm, ApplicationStatusForm
from membership.models import Application, ApplicationAttachment
from publicforms.storage import PrivateStorage
from tests.conftest import files_under

pytestmark = pytest.mark.django_db


def post(client, data, files=(), **extra):
    extra.setdefault("REMOTE_ADDR", "203.0.113.9")
    payload = dict(data)
    if files:
        payload["attachments"] = list(files)
    return client.post("/membership/apply/", payload, **extra)


def files_on_disk(settings) -> list[Path]:
    return [p for p in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*") if p.is_file()]


def stored_files(settings) -> list[Path]:
    """Files on disk other than those kept for the next submit (publicforms.kept)."""
    stash = Path(settings.PRIVATE_MEDIA_ROOT) / "stash"
    return [p for p in files_on_disk(settings) if stash not in p.parents]


def test_form_page_links_the_membership_rules_and_the_header_links_the_form(client):
    html = client.get("/membership/apply/").content.decode()
    assert 'href="/pages/membership-rules/"' in html and "《会员管理办法》" in html
    assert 'href="/membership/apply/"' in client.get("/messages/new/").content.decode()


def test_valid_application_is_stored_with_private_files_code_and_mails(
    client, settings, application_data, upload, png_bytes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            client,
            application_data(phone="+86 512-6000 1234", email="SunLi@ｅxample.com"),
            files=[upload("批准文件.pdf"), upload("营业执照.png", png_bytes(), "image/png")],
            HTTP_USER_AGENT="TestBrowser/2.0",
        )
    assert response.status_code == 302 and response["Location"] == "/membership/apply/done/"
    application = Application.objects.get()
    assert application.status == Application.Status.PENDING
    assert application.unit_name == "临江经济技术开发区管理委员会"
    assert (application.phone, application.email) == ("0512-60001234", "sunli@example.com")
    assert application.ip_address == "203.0.113.9" and application.user_agent == "TestBrowser/2.0"
    assert application.code.startswith("RH-") and len(application.code) == 26
    assert application.member_number is None and application.directory_entry is None
    attachments = list(application.attachments.order_by("original_name"))
    assert [(a.original_name, a.kind) for a in attachments] == [
        ("批准文件.pdf", "pdf"),
        ("营业执照.png", "png"),
    ]
    for attachment in attachments:
        assert "批准" not in attachment.file.name and attachment.file.name.startswith("membership/")
        path = Path(PrivateStorage().path(attachment.file.name))
        assert path.is_file() and str(path).startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not any(Path(settings.MEDIA_ROOT).rglob("*.*"))
    assert application.code in client.get("/membership/apply/done/").content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == ["office@example.org", "sunli@example.com"]
    to_applicant = next(m for m in mail.outbox if m.to == ["sunli@example.com"])
    assert application.code in to_applicant.body
    to_office = next(m for m in mail.outbox if m.to == ["office@example.org"])
    assert application.code not in to_office.body and "批准文件.pdf" in to_office.body


def test_done_page_without_an_application_goes_back_to_the_form(client):
    response = client.get("/membership/apply/done/")
    assert response.status_code == 302 and response["Location"] == "/membership/apply/"


def test_at_least_one_attachment_is_required(client, settings, application_data):
    response = post(client, application_data())
    assert response.status_code == 400
    assert "请上传至少一个申请材料" in response.content.decode()
    assert not Application.objects.exists()


def test_four_files_are_refused(client, settings, application_data, upload):
    response = post(client, application_data(), files=[upload(f"材料{n}.pdf") for n in range(4)])
    assert response.status_code == 400
    assert "最多上传 3 个附件，现在有 4 个，请去掉 1 个" in response.content.decode()
    assert not Application.objects.exists() and stored_files(settings) == []


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("病毒.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, "的内容不是允许的类型"),
        ("空文件.pdf", b"", "是空的"),
        ("改名.png", b"PK\x03\x04word/document.xml" + b"\x00" * 64, "的内容不是允许的类型"),
        ("坏图.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 50, "的内容不是允许的类型"),
        ("网页.pdf", b"<html><script>alert(1)</script></html>", "的内容不是允许的类型"),
    ],
)
def test_bad_file_is_refused_by_content_and_nothing_is_stored(
    client, settings, application_data, upload, name, content, expected
):
    response = post(client, application_data(), files=[upload(name, content)])
    html = response.content.decode()
    assert response.status_code == 400
    assert expected in html and name in html
    assert not Application.objects.exists() and not ApplicationAttachment.objects.exists()
    assert files_on_disk(settings) == []
    assert 'value="临江经济技术开发区管理委员会"' in html  # what was typed is kept


def test_a_word_document_is_not_an_accepted_scan(client, application_data, upload):
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    response = post(client, application_data(), files=[upload("申请表.docx", out.getvalue())])
    assert response.status_code == 400
    assert "允许：JPG 图片、PDF、PNG 图片" in response.content.decode()


def test_oversize_file_is_refused(client, settings, application_data, upload, pdf_bytes):
    settings.MEMBERSHIP_MAX_FILE_BYTES = 1024
    response = post(client, application_data(), files=[upload("大.pdf", pdf_bytes + b"%" * 2048)])
    assert response.status_code == 400
    assert "文件“大.pdf”太大" in response.content.decode()
    assert not Application.objects.exists()


HOSTILE = [
    ("unit_name", "", "请填写单位名称。"),
    ("unit_name", "单" * 101, "单位名称不能超过 100 个字"),
    ("unit_name", "<img src=x onerror=alert(1)>", "请不要输入 HTML 标记或脚本代码"),
    ("unit_name", "临江\n开发区", "只能填写一行"),
    ("unit_name", "临江\ufffd开发区", "无法识别的字符"),
    ("kind", "", "请选择单位类型。"),
    ("kind", "government", "请从列表中选择单位类型"),
    ("province", "火星", "请从列表中选择省份"),
    ("province", "", "请选择省份。"),
    ("city", "", "请填写城市。"),
    ("city", "市" * 31, "城市不能超过 30 个字"),
    ("city", "javascript:alert(1)", "请不要输入 HTML 标记或脚本代码"),
    ("address", "", "请填写地址。"),
    ("address", "路" * 201, "地址不能超过 200 个字"),
    ("address", "滨江\x00大道", "不可见的空字符"),
    ("contact_name", "", "请填写联系人。"),
    ("contact_name", "<script>alert(1)</script>", "请不要输入 HTML 标记或脚本代码"),
    ("contact_name", "孙\x07立", "不可见的控制字符"),
    ("position", "", "请填写职务。"),
    ("position", "职" * 31, "职务不能超过 30 个字"),
    ("position", "局长\r\nBcc: x@evil.example", "只能填写一行"),
    ("phone", "", "请填写电话。"),
    ("phone", "电话号码", "请填写有效的电话号码"),
    ("phone", "1" * 31, "电话号码太长"),
    ("email", "", "请填写电子邮箱。"),
    ("email", "sunli@", "电子邮箱格式不正确"),
    ("email", '"sunli"@example.com', "不能带引号"),
    ("email", "a@example.com\nBcc: x@evil.example", "电子邮箱格式不正确"),
    ("introduction", "", "请填写单位简介。"),
    ("introduction", "太短了", "单位简介至少需要 20 个字"),
    ("introduction", "简" * 3001, "单位简介不能超过 3000 个字"),
    ("introduction", "简介" * 12 + "\ufffd", "无法识别的字符"),
    ("consent", None, "请阅读并勾选同意《会员管理办法》"),
    ("captcha_1", "NOPE", "验证码不正确"),
    ("website", "http://spam.example", "提交未通过校验"),
]


@pytest.mark.parametrize(("field", "value", "expected"), HOSTILE)
def test_hostile_input_in_any_field_gets_a_chinese_message_and_stores_nothing(
    client, settings, application_data, upload, field, value, expected
):
    data = application_data(**{field: value})
    if value is None:
        data.pop(field)
    response = post(client, data, files=[upload()])
    html = response.content.decode()
    assert response.status_code == 400
    assert expected in html
    assert not Application.objects.exists() and stored_files(settings) == []
    assert not mail.outbox
    if field != "contact_name":
        assert 'value="孙立"' in html  # the rest of what was typed comes back
    if field == "website":  # a bot filled the honeypot: nothing is kept for it
        assert files_on_disk(settings) == [] and "已为您保留" not in html
    else:
        assert "已为您保留上次选择的 1 个文件" in html


def test_every_field_of_the_form_is_tried_with_hostile_input():
    tried = {field for field, _, _ in HOSTILE}
    assert tried == set(ApplicationForm.base_fields) - {"attachments", "captcha"} | {"captcha_1"}


def test_markup_in_the_introduction_is_kept_as_plain_text(client, application_data, upload):
    text = "<script>alert(1)</script>我们是一家专注园区数字化的科技企业 😀"
    assert post(client, application_data(introduction=text), files=[upload()]).status_code == 302
    assert Application.objects.get().introduction == text


def _one_line_fields():
    for form in (ApplicationForm, ApplicationStatusForm):
        for name, field in form().fields.items():
            if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.Textarea):
                if name != "website":  # the honeypot refuses any value
                    yield pytest.param(form, name, id=f"{form.__name__}.{name}")


@pytest.mark.parametrize(("form", "name"), list(_one_line_fields()))
@pytest.mark.parametrize("value", ["甲\n乙", "甲\r乙", "甲\t乙", "甲\u2028乙"])
def test_one_line_fields_refuse_line_breaks(form, name, value):
    with pytest.raises(ValidationError) as caught:
        form().fields[name].clean(value)
    assert any("只能填写一行" in m or "格式不正确" in m for m in caught.value.messages)


def test_request_bigger_than_the_limit_is_refused_with_413(client, settings, application_data):
    settings.REQUEST_BODY_LIMITS = {"/membership/apply/": 100}
    response = post(client, application_data())
    assert response.status_code == 413
    assert not Application.objects.exists()


def test_rate_limit_answers_429(client, settings, application_data, upload):
    settings.MEMBERSHIP_APPLICATION_RATE = "1/10m"
    assert post(client, application_data(), files=[upload()]).status_code == 302
    response = post(client, application_data(), files=[upload()])
    assert response.status_code == 429 and response.has_header("Retry-After")
    assert "分钟后再试" in response.content.decode()
    assert Application.objects.count() == 1


def test_failure_while_writing_a_file_leaves_no_row_and_no_file(
    client, settings, application_data, upload
):
    real_save = PrivateStorage.save
    calls = []

    def flaky_save(self, name, content, max_length=None):
        calls.append(name)
        if len(calls) == 2:
            raise OSError("磁盘已满")
        return real_save(self, name, content, max_length)

    with mock.patch.object(PrivateStorage, "save", flaky_save), pytest.raises(OSError):
        post(client, application_data(), files=[upload("一.pdf"), upload("二.pdf")])
    assert not Application.objects.exists() and files_on_disk(settings) == []


def test_database_failure_after_the_files_were_written_removes_them(
    client, settings, application_data, upload
):
    with (
        mock.patch.object(
            ApplicationAttachment.objects, "bulk_create", side_effect=RuntimeError("db down")
        ),
        pytest.raises(RuntimeError),
    ):
        post(client, application_data(), files=[upload()])
    assert not Application.objects.exists() and files_on_disk(settings) == []


def test_a_full_disk_is_a_503_that_says_not_saved_and_leaves_no_file(
    client, settings, application_data, upload, pdf_bytes, disk_full
):
    disk_full(room=len(pdf_bytes) // 2)
    response = post(client, application_data(), files=[upload("营业执照.pdf")])
    html = response.content.decode()
    assert response.status_code == 503
    assert "没有保存" in html and "请稍后再试" in html
    assert not Application.objects.exists() and not ApplicationAttachment.objects.exists()
    assert files_under(settings.PRIVATE_MEDIA_ROOT, settings.MEDIA_ROOT) == []
