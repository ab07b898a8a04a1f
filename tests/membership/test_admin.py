"""Reviewing in the admin: asking for more material, refusing, approving; who may do
what; the export; the private files."""

import csv
import io

import pytest
from django.core import mail
from openpyxl import load_workbook

from associations.models import Association, Zone
from membership.models import Application, ApplicationAttachment
from membership.resources import ApplicationResource
from tests.admin_forms import change

pytestmark = pytest.mark.django_db

LIST = "/admin/membership/application/"


def change_url(application):
    return f"{LIST}{application.pk}/change/"


def approve_url(application):
    return f"{LIST}{application.pk}/approve/"


@pytest.fixture
def publisher_client(client, publisher):
    client.force_login(publisher)
    return client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_publisher_asks_for_more_material_and_the_applicant_is_told(
    publisher_client, publisher, make_application, reader, django_capture_on_commit_callbacks
):
    application = make_application()
    with django_capture_on_commit_callbacks(execute=True):
        response = change(
            publisher_client,
            change_url(application),
            status="needs_more",
            reviewer_note="请补充加盖公章的批准文件扫描件。",
        )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.NEEDS_MORE
    assert application.reviewed_by == publisher
    (message,) = mail.outbox
    assert message.to == ["sunli@example.com"] and "需补充材料" in message.subject
    assert "请补充加盖公章的批准文件扫描件。" in message.body
    html = reader.post(
        "/membership/status/", {"code": application.code, "contact": "sunli@example.com"}
    ).content.decode()
    assert "需补充材料" in html and "请补充加盖公章的批准文件扫描件。" in html


def test_asking_for_more_material_needs_a_note(publisher_client, make_application):
    application = make_application()
    response = change(publisher_client, change_url(application), status="needs_more")
    assert response.status_code == 200
    assert "请在说明中写明需要补充什么" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.PENDING and not mail.outbox


def test_the_status_field_cannot_approve(publisher_client, make_application):
    application = make_application()
    html = publisher_client.get(change_url(application)).content.decode()
    assert 'value="approved"' not in html  # not offered
    response = change(publisher_client, change_url(application), status="approved")
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.status == Application.Status.PENDING
    assert not Zone.objects.exists()


def test_a_refused_application_can_be_reopened_but_an_approved_one_is_final(
    publisher_client, make_application, publisher
):
    from membership.services import approve_application

    refused = make_application(status="rejected")
    assert change(publisher_client, change_url(refused), status="pending").status_code == 302
    approved = make_application(unit_name="另一开发区管委会")
    approve_application(application=approved, user=publisher, level="national", zone_type="other")
    html = publisher_client.get(change_url(approved)).content.decode()
    assert 'name="status"' not in html and "批准入会</a>" not in html


def test_publisher_approves_through_the_approval_page(
    publisher_client, make_application, reader, django_capture_on_commit_callbacks
):
    application = make_application()
    html = publisher_client.get(change_url(application)).content.decode()
    assert approve_url(application) in html
    page = publisher_client.get(approve_url(application)).content.decode()
    assert 'value="临江经济技术开发区"' in page and "开发区名录" in page
    assert "没有同省同名的条目" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = publisher_client.post(
            approve_url(application),
            {
                "entry_name": "临江经济技术开发区",
                "level": "national",
                "zone_type": "economic",
                "note": "欢迎加入协会。",
            },
            follow=True,
        )
    assert response.redirect_chain[-1][0] == change_url(application)
    text = response.content.decode()
    assert "会员编号" in text and "尚未发布" in text
    zone = Zone.objects.get()
    assert zone.is_published is False
    application.refresh_from_db()
    assert application.status == "approved" and application.zone == zone
    assert f"/admin/associations/zone/{zone.pk}/change/" in text
    assert reader.get(f"/zones/{zone.pk}/").status_code == 404
    assert "临江经济技术开发区" not in reader.get("/zones/").content.decode()
    # the member area's invitation to set a password, and the approval notice
    assert [m.to for m in mail.outbox] == [["sunli@example.com"], ["sunli@example.com"]]
    assert "设置登录密码" in mail.outbox[0].subject


def test_approval_page_says_what_is_missing_and_changes_nothing(publisher_client, make_application):
    application = make_application()
    response = publisher_client.post(
        approve_url(application), {"entry_name": "临江经济技术开发区", "level": "", "zone_type": ""}
    )
    assert response.status_code == 200
    assert "开发区名录需要级别和类型" in response.content.decode()
    assert not Zone.objects.exists()
    application.refresh_from_db()
    assert application.status == "pending" and application.member_number is None


def test_approval_page_of_a_company_asks_no_zone_questions(publisher_client, make_application):
    existing = Association.objects.create(
        name="临江数智科技有限公司", kind="partner", province="江苏省", is_published=True
    )
    application = make_application(unit_name="临江数智科技有限公司", kind="enterprise")
    page = publisher_client.get(approve_url(application)).content.decode()
    assert 'name="level"' not in page and "协会名录" in page
    assert f"/admin/associations/association/{existing.pk}/change/" in page
    assert "批准后关联这一条" in page
    publisher_client.post(approve_url(application), {"entry_name": "临江数智科技有限公司"})
    existing.refresh_from_db()
    assert existing.is_member is True and existing.member_number is not None


def test_editor_reads_applications_but_cannot_review_approve_or_publish(
    editor_client, make_application, settings
):
    application = make_application()
    assert editor_client.get(LIST).status_code == 200
    html = editor_client.get(change_url(application)).content.decode()
    assert "临江经济技术开发区管理委员会" in html
    assert approve_url(application) not in html and 'name="status"' not in html
    attachment = ApplicationAttachment.objects.get()
    download = editor_client.get(f"{LIST}attachments/{attachment.pk}/download/")
    assert download.status_code == 200
    assert editor_client.get(approve_url(application)).status_code == 403
    response = editor_client.post(
        approve_url(application),
        {"entry_name": "临江经济技术开发区", "level": "national", "zone_type": "economic"},
    )
    assert response.status_code == 403
    response = editor_client.post(
        change_url(application), {"status": "rejected", "reviewer_note": "不行"}
    )
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == "pending" and application.member_number is None
    assert not Zone.objects.exists() and not Association.objects.exists()
    assert editor_client.post(f"{LIST}{application.pk}/delete/", {"post": "yes"}).status_code == 403


def test_editor_cannot_publish_the_entry_an_approval_made(
    editor_client, make_application, publisher, reader
):
    from membership.services import approve_application

    application = make_application()
    approve_application(
        application=application, user=publisher, level="national", zone_type="other"
    )
    zone = Zone.objects.get()
    response = editor_client.post(
        "/admin/associations/zone/",
        {"action": "publish", "_selected_action": [zone.pk]},
    )
    assert response.status_code in (200, 302, 403)
    zone.refresh_from_db()
    assert zone.is_published is False
    assert reader.get(f"/zones/{zone.pk}/").status_code == 404


def test_publisher_publishes_the_entry_and_readers_see_it(
    publisher_client, make_application, publisher, reader
):
    from membership.services import approve_application

    application = make_application()
    approve_application(
        application=application, user=publisher, level="national", zone_type="other"
    )
    zone = Zone.objects.get()
    publisher_client.post(
        "/admin/associations/zone/", {"action": "publish", "_selected_action": [zone.pk]}
    )
    zone.refresh_from_db()
    assert zone.is_published is True
    assert "临江经济技术开发区" in reader.get(f"/zones/{zone.pk}/").content.decode()


def test_staff_without_membership_rights_see_nothing(client, django_user_model, make_application):
    user = django_user_model.objects.create_user("clerk", password="x", is_staff=True)
    client.force_login(user)
    application = make_application()
    assert client.get(LIST).status_code == 403
    attachment = ApplicationAttachment.objects.get()
    assert client.get(f"{LIST}attachments/{attachment.pk}/download/").status_code == 403
    assert client.get(approve_url(application)).status_code == 403


def test_approving_also_needs_the_right_to_add_to_that_directory(
    client, django_user_model, make_application
):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("approver", password="x", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            codename__in=["view_application", "change_application", "approve_application"]
        )
    )
    client.force_login(user)
    application = make_application()
    assert approve_url(application) not in client.get(change_url(application)).content.decode()
    response = client.post(
        approve_url(application),
        {"entry_name": "临江经济技术开发区", "level": "national", "zone_type": "economic"},
    )
    assert response.status_code == 403 and not Zone.objects.exists()


def test_download_streams_the_private_file_under_its_original_name(
    publisher_client, make_application
):
    make_application()
    attachment = ApplicationAttachment.objects.get()
    response = publisher_client.get(f"{LIST}attachments/{attachment.pk}/download/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert "filename*=utf-8''%E6%89%B9%E5%87%86" in response["Content-Disposition"]
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("file_format", ["0", "1"])  # XLSX, CSV in ApplicationAdmin.formats
def test_export_neutralises_formulas(editor_client, make_application, file_format):
    make_application(unit_name='=HYPERLINK("http://evil.example","点我")', contact_name="+cmd|calc")
    make_application(unit_name="临江开发区管委会")
    fields = {f"applicationresource_{f}": "on" for f in ApplicationResource.Meta.fields}
    response = editor_client.post(
        f"{LIST}export/", {"format": file_format, "resource": "0", **fields}
    )
    assert response.status_code == 200, response.content[:500]
    if file_format == "0":
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    else:
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header = rows[0]
    assert header[:4] == ["申请编号", "状态", "申请时间", "单位名称"]
    cells = [str(value) for row in rows[1:] for value in row if value is not None]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert """'=HYPERLINK("http://evil.example","点我")""" in cells and "'+cmd|calc" in cells
    assert "临江开发区管委会" in cells and "待审核" in cells
