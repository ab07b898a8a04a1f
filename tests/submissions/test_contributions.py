import os
import threading
from pathlib import Path
from unittest import mock

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from publicforms.services import Origin
from publicforms.storage import PrivateStorage
from submissions.models import Submission, SubmissionAttachment
from submissions.services.contributions import create_submission
from tests.conftest import files_under

pytestmark = pytest.mark.django_db


def post(client, data, files=(), **extra):
    extra.setdefault("REMOTE_ADDR", "203.0.113.8")
    payload = dict(data)
    if files:
        payload["attachments"] = list(files)
    return client.post("/contribute/", payload, **extra)


def files_on_disk(settings) -> list[Path]:
    return [p for p in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*") if p.is_file()]


def stored_files(settings) -> list[Path]:
    """Files on disk other than those kept for the next submit (publicforms.kept)."""
    stash = Path(settings.PRIVATE_MEDIA_ROOT) / "stash"
    return [p for p in files_on_disk(settings) if stash not in p.parents]


def test_valid_submission_is_stored_with_private_files_and_a_tracking_code(
    client, settings, submission_data, upload, docx_bytes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            client,
            submission_data(),
            files=[upload("我的稿件.pdf"), upload("附表.docx", docx_bytes)],
            HTTP_USER_AGENT="TestBrowser/1.0",
        )
    assert response.status_code == 302 and response["Location"] == "/contribute/done/"
    submission = Submission.objects.get()
    assert submission.status == Submission.Status.RECEIVED
    assert submission.ip_address == "203.0.113.8" and submission.user_agent == "TestBrowser/1.0"
    assert submission.consent_at is not None
    assert submission.tracking_code.startswith("TG-") and len(submission.tracking_code) == 26
    attachments = list(submission.attachments.order_by("original_name"))
    assert [a.original_name for a in attachments] == ["我的稿件.pdf", "附表.docx"]
    assert [a.kind for a in attachments] == ["pdf", "docx"]
    for attachment in attachments:
        # stored under a generated name, in the private folder, outside MEDIA_ROOT
        assert "稿件" not in attachment.file.name and "附表" not in attachment.file.name
        path = Path(PrivateStorage().path(attachment.file.name))
        assert path.is_file() and path.stat().st_size == attachment.size
        assert str(path).startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not any(Path(settings.MEDIA_ROOT).rglob("*.pdf"))
    assert submission.tracking_code in client.get("/contribute/done/").content.decode()
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["lisi@example.com", "office@example.org"]
    to_author = next(m for m in mail.outbox if m.to == ["lisi@example.com"])
    assert submission.tracking_code in to_author.body
    to_office = next(m for m in mail.outbox if m.to == ["office@example.org"])
    assert submission.tracking_code not in to_office.body


def test_attachments_have_no_public_url():
    with pytest.raises(ValueError):
        PrivateStorage().url("submissions/x.pdf")


def test_private_folder_follows_the_setting_at_use_time(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    assert PrivateStorage().path("a.pdf") == str(tmp_path / "a.pdf")


def test_submission_with_body_only_is_accepted(client, submission_data):
    assert post(client, submission_data()).status_code == 302
    assert Submission.objects.get().attachments.count() == 0


def test_submission_needs_body_or_attachment(client, submission_data):
    response = post(client, submission_data(body=""))
    assert response.status_code == 400
    assert "请填写正文或上传至少一个附件" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("病毒.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, "的内容不是允许的类型"),
        ("空文件.pdf", b"", "是空的"),
        ("表格.xlsx", None, "的内容不是允许的类型"),
        ("坏图.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "的内容不是允许的类型"),
    ],
)
def test_bad_file_is_refused_by_content_and_nothing_is_stored(
    client, settings, submission_data, upload, name, content, expected
):
    if content is None:  # a real spreadsheet: a document, but not an allowed kind
        import io

        from openpyxl import Workbook

        out = io.BytesIO()
        Workbook().save(out)
        content = out.getvalue()
    response = post(client, submission_data(), files=[upload(name, content)])
    html = response.content.decode()
    assert response.status_code == 400
    assert expected in html and name in html
    assert not Submission.objects.exists() and not SubmissionAttachment.objects.exists()
    assert files_on_disk(settings) == []
    # what was typed comes back; the refused file is not kept
    assert 'value="园区数字化转型的实践"' in html and "第二段正文。</textarea>" in html
    assert "已为您保留" not in html


def test_oversize_file_is_refused(client, settings, submission_data, upload, pdf_bytes):
    settings.SUBMISSIONS_MAX_FILE_BYTES = 1024
    big = pdf_bytes + b"%" * 2048
    response = post(client, submission_data(), files=[upload("大文件.pdf", big)])
    assert response.status_code == 400
    html = response.content.decode()
    assert "文件“大文件.pdf”太大" in html and "每个文件不能超过 1.0\xa0KB" in html
    assert not Submission.objects.exists()


def test_six_files_are_refused(client, settings, submission_data, upload):
    response = post(client, submission_data(), files=[upload(f"稿{n}.pdf") for n in range(6)])
    assert response.status_code == 400
    html = response.content.decode()
    assert "最多上传 5 个附件，现在有 6 个，请去掉 1 个" in html
    assert "已为您保留上次选择的 6 个文件" in html  # untick one and send again
    assert not Submission.objects.exists() and stored_files(settings) == []


def test_five_files_are_fine(client, submission_data, upload):
    assert (
        post(client, submission_data(), files=[upload(f"稿{n}.pdf") for n in range(5)]).status_code
        == 302
    )
    assert SubmissionAttachment.objects.count() == 5


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("title", "", "请填写标题。"),
        ("title", "标" * 121, "标题不能超过 120 个字"),
        ("author", "", "请填写作者。"),
        ("author", "<img src=x onerror=alert(1)>", "请不要输入 HTML 标记或脚本代码"),
        ("organization", "javascript:alert(1)", "请不要输入 HTML 标记或脚本代码"),
        ("organization", "单" * 101, "单位不能超过 100 个字"),
        ("email", "", "请填写电子邮箱。"),
        ("email", "lisi@", "电子邮箱格式不正确"),
        ("phone", "电话号码", "请填写有效的电话号码"),
        ("section", "nonsense", "请从列表中选择建议栏目"),
        ("body", "正" * 30001, "正文不能超过 30000 个字"),
        ("consent", "", "请阅读并勾选同意《投稿须知》"),
        ("captcha_1", "NOPE", "验证码不正确"),
        ("website", "spam", "提交未通过校验"),
    ],
)
def test_bad_field_gets_a_chinese_message_and_stores_nothing(
    client, settings, submission_data, upload, field, value, expected
):
    data = submission_data(**{field: value})
    if field == "consent":
        data.pop("consent")
    response = post(client, data, files=[upload()])
    html = response.content.decode()
    assert response.status_code == 400
    assert expected in html
    assert not Submission.objects.exists() and stored_files(settings) == []
    if field != "author":
        assert 'value="李四"' in html
    if field == "website":  # a bot filled the honeypot: nothing is kept for it
        assert files_on_disk(settings) == [] and "已为您保留" not in html
    else:
        assert "已为您保留上次选择的 1 个文件" in html and "附件.pdf" in html


def test_script_in_title_and_body_is_kept_as_plain_text(client, submission_data):
    title = "<script>alert(1)</script>标题"
    assert post(client, submission_data(title=title, body="<b>正文</b> 😀")).status_code == 302
    submission = Submission.objects.get()
    assert submission.title == title and submission.body == "<b>正文</b> 😀"


def test_request_bigger_than_the_limit_is_refused_with_413(client, settings, submission_data):
    settings.REQUEST_BODY_LIMITS = {"/contribute/": 100}
    response = post(client, submission_data())
    assert response.status_code == 413
    assert "提交的内容太大" in response.content.decode()
    assert not Submission.objects.exists()


def test_an_oversize_body_is_refused_before_anything_reads_it(settings, submission_data):
    """The CSRF check reads the whole body; the size check comes first, so a request
    without a CSRF token still gets 413, not 403."""
    from django.test import Client

    settings.REQUEST_BODY_LIMITS = {"/contribute/": 100}
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/contribute/", submission_data()).status_code == 413
    settings.REQUEST_BODY_LIMITS = {}
    assert strict.post("/contribute/", submission_data()).status_code == 403


def test_rate_limit_answers_429(client, settings, submission_data):
    settings.SUBMISSIONS_CONTRIBUTION_RATE = "1/10m"
    assert post(client, submission_data()).status_code == 302
    response = post(client, submission_data())
    assert response.status_code == 429 and response.has_header("Retry-After")
    assert Submission.objects.count() == 1


def test_failure_while_writing_a_file_leaves_no_row_and_no_file(
    client, settings, submission_data, upload
):
    real_save = PrivateStorage.save
    calls = []

    def flaky_save(self, name, content, max_length=None):
        calls.append(name)
        if len(calls) == 2:
            raise OSError("磁盘已满")
        return real_save(self, name, content, max_length)

    with mock.patch.object(PrivateStorage, "save", flaky_save), pytest.raises(OSError):
        post(client, submission_data(), files=[upload("一.pdf"), upload("二.pdf")])
    assert len(calls) == 2
    assert not Submission.objects.exists() and not SubmissionAttachment.objects.exists()
    assert files_on_disk(settings) == []


def test_database_failure_after_files_were_written_removes_them(settings, submission_data, upload):
    from editorial.files import check_upload

    pdf = upload()
    checked = check_upload(pdf, allowed={"pdf"}, max_bytes=10**6)
    with (
        mock.patch.object(
            SubmissionAttachment.objects, "bulk_create", side_effect=RuntimeError("db down")
        ),
        pytest.raises(RuntimeError),
    ):
        create_submission(
            title="标题",
            author="作者",
            organization="单位",
            phone="",
            email="a@example.com",
            section="other",
            body="",
            files=[(pdf, checked)],
            origin=Origin(ip="127.0.0.1", user_agent="ua"),
        )
    assert not Submission.objects.exists()
    assert files_on_disk(settings) == []


def test_database_lost_while_storing_is_a_503_that_says_not_saved_and_leaves_no_file(
    client, settings, submission_data, upload
):
    """The database goes away between the files being written and the rows: the
    contributor is told plainly to try again later, and nothing is half-stored."""
    from django.db import OperationalError

    with mock.patch.object(
        SubmissionAttachment.objects,
        "bulk_create",
        side_effect=OperationalError("server closed the connection unexpectedly"),
    ):
        response = post(client, submission_data(), files=[upload("一.pdf"), upload("二.pdf")])
    html = response.content.decode()
    assert response.status_code == 503
    assert "请稍后再试" in html and "没有保存" in html
    assert not Submission.objects.exists() and not SubmissionAttachment.objects.exists()
    assert files_on_disk(settings) == []


def test_database_lost_after_storing_is_a_503_that_does_not_say_not_saved(
    client, submission_data, upload
):
    """The row is committed but the session cannot be written afterwards: a 503 that does
    not invite a duplicate by claiming nothing was stored."""
    from django.db import OperationalError

    client.raise_request_exception = False
    with mock.patch(
        "django.contrib.sessions.backends.db.SessionStore.save",
        side_effect=OperationalError("terminating connection due to administrator command"),
    ):
        response = post(client, submission_data(), files=[upload("一.pdf")])
    html = response.content.decode()
    assert response.status_code == 503
    assert "可能已经保存" in html and "没有保存" not in html
    assert Submission.objects.count() == 1 and SubmissionAttachment.objects.count() == 1


def test_status_page_shows_status_and_note_for_the_right_pair(client, make_submission):
    submission = make_submission(status="rejected", editor_note="篇幅较短，欢迎补充后再投。")
    make_submission(title="别人的稿件")
    for contact in (
        "ZHAOLIU@example.com ",
        "13700000000",
        "137-0000-0000",
        "+8613700000000",
        "0086 137 0000 0000",
        "zhaoliu@ｅxample.com",
    ):
        response = client.post(
            "/contribute/status/",
            {"code": submission.tracking_code.lower().replace("-", " "), "contact": contact},
        )
        html = response.content.decode()
        assert response.status_code == 200, contact
        assert "开发区营商环境观察" in html and "未采用" in html
        assert "篇幅较短，欢迎补充后再投。" in html
        assert "别人的稿件" not in html


def test_status_page_reveals_nothing_for_a_wrong_pair_or_unknown_code(client, make_submission):
    submission = make_submission(editor_note="内部可见的说明")
    answers = []
    for code, contact in [
        (submission.tracking_code, "someone@example.com"),
        (submission.tracking_code, "13711111111"),
        (submission.tracking_code, ""),
        ("TG-AAAAA-BBBBB-CCCCC-DDDDD", "zhaoliu@example.com"),
    ]:
        response = client.post("/contribute/status/", {"code": code, "contact": contact})
        assert response.status_code in (400, 404)
        html = response.content.decode()
        assert "开发区营商环境观察" not in html and "内部可见的说明" not in html
        answers.append(html.split('class="form-errors" role="alert">')[-1].split("</p>")[0])
    # wrong contact and unknown code read exactly the same
    assert answers[0] == answers[1] == answers[3]
    assert "没有查到相符的投稿" in answers[0]


def test_phone_cannot_match_a_submission_without_phone(client, make_submission):
    submission = make_submission(phone="")
    response = client.post("/contribute/status/", {"code": submission.tracking_code, "contact": ""})
    assert response.status_code == 400


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_submissions_give_fifty_rows_codes_and_files(settings, pdf_bytes):
    from editorial.files import check_upload

    errors: list[BaseException] = []
    barrier = threading.Barrier(50)

    def submit(n: int):
        try:
            pdf = SimpleUploadedFile(f"稿件{n}.pdf", pdf_bytes, "application/pdf")
            checked = check_upload(pdf, allowed={"pdf"}, max_bytes=10**6)
            barrier.wait()
            create_submission(
                title=f"并发投稿{n}",
                author="作者",
                organization="单位",
                phone="",
                email=f"a{n}@example.com",
                section="other",
                body="",
                files=[(pdf, checked)],
                origin=Origin(ip="127.0.0.1", user_agent="ua"),
            )
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Submission.objects.count() == 50
    assert len(set(Submission.objects.values_list("tracking_code", flat=True))) == 50
    names = list(SubmissionAttachment.objects.values_list("file", flat=True))
    assert len(names) == 50 and len(set(names)) == 50
    storage = PrivateStorage()
    assert all(os.path.getsize(storage.path(name)) == len(pdf_bytes) for name in names)
    assert len(files_on_disk(settings)) == 50


def test_a_full_disk_is_a_503_that_says_not_saved_and_leaves_no_file(
    client, settings, submission_data, upload, pdf_bytes, disk_full
):
    """The private disk fills up while the second attachment is written: the contributor
    is told nothing was saved, and neither the first file, nor an empty or a truncated
    one, nor a row stays behind."""
    disk_full(room=len(pdf_bytes) + 100)
    response = post(client, submission_data(), files=[upload("一.pdf"), upload("二.pdf")])
    html = response.content.decode()
    assert response.status_code == 503
    assert "没有保存" in html and "请稍后再试" in html
    assert not Submission.objects.exists() and not SubmissionAttachment.objects.exists()
    assert files_under(settings.PRIVATE_MEDIA_ROOT, settings.MEDIA_ROOT) == []


def test_a_lost_tracking_code_is_mailed_to_the_address_on_file(
    client, make_submission, django_capture_on_commit_callbacks
):
    submission = make_submission()
    page = client.get("/contribute/status/").content.decode()
    assert '<a href="/codes/">找回编号</a>' in page
    with django_capture_on_commit_callbacks(execute=True):
        found = client.post("/codes/", {"contact": "ZhaoLiu@example.com"})
        missing = client.post("/codes/", {"contact": "13811112222"})
    answer = "如果这个电子邮箱或电话在本站登记过，您的编号已发送到当时填写的电子邮箱"
    assert answer in found.content.decode() and answer in missing.content.decode()
    (sent,) = mail.outbox
    assert sent.to == ["zhaoliu@example.com"] and submission.tracking_code in sent.body


def test_suggested_sections_are_the_sites_own_list_sections(client, submission_data):
    from news.models import Section

    parent = Section.objects.create(name="资讯中心测试", slug="centre", kind=Section.Kind.LIST)
    Section.objects.create(name="园区观察", slug="observe", kind=Section.Kind.LIST, parent=parent)
    Section.objects.create(name="通知公告", slug="notices", kind=Section.Kind.LIST)
    Section.objects.create(name="章程", slug="charter", kind=Section.Kind.PAGE)
    html = client.get("/contribute/").content.decode()
    assert '<option value="observe">资讯中心测试 › 园区观察</option>' in html
    assert '<option value="centre">资讯中心测试</option>' in html
    assert '<option value="other">其他（由编辑部安排）</option>' in html
    for not_offered in ("notices", "charter", "zone-news", "《中国开发区》杂志"):
        assert not_offered not in html.split('name="section"')[1].split("</select>")[0]

    response = post(client, submission_data(section="observe"))
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.section == "observe" and submission.section_label == "园区观察"
    refused = post(client, submission_data(section="zone-news"))
    assert refused.status_code == 400 and "请从列表中选择建议栏目" in refused.content.decode()


def test_an_older_suggestion_is_still_named(make_submission):
    assert make_submission(section="experience").section_label == "经验交流"
