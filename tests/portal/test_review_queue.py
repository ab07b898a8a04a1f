"""Single pages and directory entries follow the articles' review rule: a 编辑 submits
(提交审核), a publisher approves (通过并发布) or returns them with a note the writer reads
(退回修改); a 编辑 puts nothing live."""

import pytest
from django.urls import reverse

from associations.models import Association, Zone
from portal.models import Page
from tests.admin_forms import list_action, logged_in

pytestmark = pytest.mark.django_db


def draft_page():
    return Page.objects.create(title="协会章程（修订稿）", slug="charter", is_published=False)


def draft_zone():
    return Zone.objects.create(
        name="审核经济技术开发区",
        province="江苏省",
        level="national",
        zone_type="economic",
        is_published=False,
    )


def draft_association():
    return Association.objects.create(
        name="审核开发区协会", kind="provincial", province="浙江省", is_published=False
    )


ROWS = [draft_page, draft_zone, draft_association]


def changelist(row):
    opts = row._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")


def act(client, row, action, **extra):
    return list_action(client, changelist(row), action, [row.pk], **extra)


@pytest.mark.parametrize("make", ROWS, ids=lambda f: f.__name__)
def test_an_editor_submits_and_a_publisher_approves(make, editor, publisher, reader):
    row = make()
    writer = logged_in(editor)
    assert "已提交审核 1 条" in act(writer, row, "submit_review").content.decode()
    row.refresh_from_db()
    assert row.review_requested_at is not None and not row.is_published
    # the 编辑 cannot approve it
    act(writer, row, "approve")
    act(writer, row, "publish")
    row.refresh_from_db()
    assert not row.is_published

    boss = logged_in(publisher)
    waiting = boss.get(changelist(row), {"review": "waiting"}).content.decode()
    assert str(row) in waiting and "待审核" in waiting
    assert "已通过并发布 1 条。" in act(boss, row, "approve").content.decode()
    row.refresh_from_db()
    assert row.is_published and row.review_requested_at is None
    assert reader.get(row.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("make", ROWS, ids=lambda f: f.__name__)
def test_a_publisher_returns_it_with_a_note_the_writer_reads(make, editor, publisher):
    row = make()
    writer = logged_in(editor)
    act(writer, row, "submit_review")
    boss = logged_in(publisher)
    asked = act(boss, row, "return_for_changes")
    assert "退回意见" in asked.content.decode()
    act(boss, row, "return_for_changes", post="yes", review_note="请补充联系方式。")
    row.refresh_from_db()
    assert row.review_note == "请补充联系方式。" and row.review_requested_at is None
    assert not row.is_published
    opts = row._meta
    form = writer.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk]))
    assert "请补充联系方式。" in form.content.decode()
    returned = writer.get(changelist(row), {"review": "returned"}).content.decode()
    assert str(row) in returned and "已退回" in returned
