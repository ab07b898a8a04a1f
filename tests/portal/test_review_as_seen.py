"""Single pages, zones and associations under review (editorial.review): once submitted
(提交审核) a 编辑 can no longer change them, through the form, the list or a restore, and
通过并发布 puts live only the version the publisher's list showed."""

import pytest
from django.urls import reverse

from associations.models import Association
from editorial import revisions
from portal.models import Page
from tests.admin_forms import form_data, list_action, logged_in
from tests.portal.test_review_queue import ROWS, act, changelist

pytestmark = pytest.mark.django_db

STALE = "另有 1 条没有发布：它们在您打开列表之后被修改过"
TYPED = "编辑提交后又改的内容"


def change_url(row):
    opts = row._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk])


def text_field(row) -> str:
    return "title" if isinstance(row, Page) else "name"


@pytest.mark.parametrize("make", ROWS, ids=lambda f: f.__name__)
def test_after_submitting_an_editor_cannot_change_it(make, editor):
    row = make()
    writer = logged_in(editor)
    opened = form_data(writer.get(change_url(row)).content.decode())
    act(writer, row, "submit_review")
    field = text_field(row)
    # The form is view-only now …
    assert f'name="{field}"' not in writer.get(change_url(row)).content.decode()
    # … and a form opened before submitting is refused, what was typed kept on screen.
    response = writer.post(change_url(row), {**opened, field: [TYPED], "_save": ["保存"]})
    assert response.status_code == 403
    html = response.content.decode()
    assert "已提交审核" in html and TYPED in html
    row.refresh_from_db()
    assert getattr(row, field) != TYPED and row.review_requested_at is not None


@pytest.mark.parametrize("make", ROWS, ids=lambda f: f.__name__)
def test_the_list_approves_only_the_version_the_publisher_saw(
    make, editor, publisher, superuser, reader
):
    row = make()
    writer = logged_in(editor)
    act(writer, row, "submit_review")
    boss = logged_in(publisher)
    page = form_data(boss.get(changelist(row), {"review": "waiting"}).content.decode())
    seen = {name: value for name, value in page.items() if name.startswith("seen_version_")}
    assert list(seen) == [f"seen_version_{row.pk}"]
    # Meanwhile another publisher returns it and the 编辑 changes and resubmits it.
    act(logged_in(superuser), row, "return_for_changes", post="yes", review_note="请修改")
    field = text_field(row)
    data = form_data(writer.get(change_url(row)).content.decode())
    assert writer.post(change_url(row), {**data, field: [TYPED], "_save": ["保存"]}).status_code
    act(writer, row, "submit_review")
    row.refresh_from_db()
    assert getattr(row, field) == TYPED and row.review_requested_at is not None
    stale = {**seen, "action": "approve", "_selected_action": [row.pk], "index": "0"}
    html = boss.post(changelist(row), stale, follow=True).content.decode()
    assert "已通过并发布 0 条。" in html and STALE in html
    row.refresh_from_db()
    assert not row.is_published
    # Looking again, the publisher approves what is there now.
    assert "已通过并发布 1 条。" in act(boss, row, "approve").content.decode()
    row.refresh_from_db()
    assert row.is_published


@pytest.mark.parametrize("make", ROWS, ids=lambda f: f.__name__)
def test_publish_selected_leaves_what_waits_for_review_to_approval(make, editor, publisher):
    row = make()
    act(logged_in(editor), row, "submit_review")
    crafted = {"action": "publish", "_selected_action": [row.pk], "index": "0"}
    html = logged_in(publisher).post(changelist(row), crafted, follow=True).content.decode()
    assert "1 条待审核的没有发布：请用“通过并发布”" in html
    row.refresh_from_db()
    assert not row.is_published and row.review_requested_at is not None


def test_a_page_restored_after_submitting_waits_for_a_publisher(make_page, editor, publisher):
    page = make_page(title="协会章程", body="<p>第一条 本会名称。</p>", is_published=False)
    writer = logged_in(editor)
    data = form_data(writer.get(change_url(page)).content.decode())
    writer.post(change_url(page), {**data, "body": ["<p>第一条 本会全称。</p>"], "_save": ["1"]})
    first = list(revisions.versions(page))[-1]
    act(writer, page, "submit_review")
    name = "admin:portal_page_revisions_restore"
    assert writer.post(reverse(name, args=[page.pk, first.history_id])).status_code == 302
    page.refresh_from_db()
    assert "全称" in page.body and revisions.pending_for(page) is not None
    list_action(logged_in(publisher), changelist(page), "approve", [page.pk])
    page.refresh_from_db()
    assert page.is_published and "全称" in page.body


def test_an_association_in_review_keeps_its_order_in_the_list(editor):
    association = Association.objects.create(
        name="审核开发区协会", kind="provincial", province="浙江省", is_published=False, order=5
    )
    writer = logged_in(editor)
    act(writer, association, "submit_review")
    url = changelist(association)
    data = form_data(writer.get(url).content.decode())
    assert "form-0-order" not in data  # disabled: a browser does not send it
    data.update({"form-0-order": ["1"], "form-0-id": [str(association.pk)], "_save": ["保存"]})
    writer.post(url, data)
    association.refresh_from_db()
    assert association.order == 5
