"""What a publisher approves is exactly what the publisher saw (editorial.review).

Submitting an article (保存并提交审核) freezes its texts for the 编辑, 恢复为草稿
included; 通过并发布 from the list puts live only the rows still at the version the list
showed; a restored version is published only as shown on the history page."""

import pytest
from django.urls import reverse
from django.utils import timezone

from editorial import revisions
from editorial.models import PendingRevision
from news.models import Article
from tests.admin_forms import form_data, list_action, logged_in
from tests.news.test_review import LIST, QUEUE, press

pytestmark = pytest.mark.django_db

V1 = "<p>第一稿：园区今年引进项目三十个。</p>"
V2 = "<p>第二稿：园区今年引进项目四十个。</p>"
V3 = "<p>第三稿：园区今年引进项目五十个。</p>"
STALE = "另有 1 条没有发布：它们在您打开列表之后被修改过"


def restore_url(article, version):
    return reverse("admin:news_article_revisions_restore", args=[article.pk, version.history_id])


def history_url(article):
    return reverse("admin:news_article_history", args=[article.pk])


def seen_versions(client, url=QUEUE):
    """The hidden fields of the change list at `url`: the versions it shows."""
    page = form_data(client.get(url).content.decode())
    return {name: value for name, value in page.items() if name.startswith("seen_version_")}


@pytest.fixture
def submitted(make_article, editor):
    """The issue's reproduction, steps 1 and 2: a draft says v1, its text is changed
    and it is saved with 保存并提交审核."""
    article = make_article(title="园区年报", body=V1, status=Article.Status.DRAFT)
    v1 = revisions.versions(article).get()
    assert press(logged_in(editor), article, "_submit_review", body=V2).status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW and "四十个" in article.body
    return article, v1


def test_a_restore_after_submitting_is_not_what_the_publisher_approves(
    submitted, editor, publisher, reader
):
    article, v1 = submitted
    # 3. The 编辑 restores v1: it waits for a publisher, the text under review stays.
    assert logged_in(editor).post(restore_url(article, v1)).status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW and "四十个" in article.body
    assert PendingRevision.objects.count() == 1
    # 4. A publisher runs 通过并发布 from the list, on what the list shows.
    boss = logged_in(publisher)
    assert "已通过并发布 1 篇" in list_action(boss, QUEUE, "approve", [article.pk]).content.decode()
    # 5. Readers see what the publisher approved, never v1.
    text = reader.get(article.get_absolute_url()).content.decode()
    assert "四十个" in text and "三十个" not in text


def test_the_list_approves_only_the_version_the_publisher_saw(
    submitted, editor, publisher, superuser, reader
):
    article, _ = submitted
    boss = logged_in(publisher)
    seen = seen_versions(boss)
    assert list(seen) == [f"seen_version_{article.pk}"]
    # Meanwhile another publisher returns it and the 编辑 rewrites and resubmits it.
    press(logged_in(superuser), article, "_return", review_note="请更新数字")
    press(logged_in(editor), article, "_submit_review", body=V3)
    assert Article.objects.get(pk=article.pk).status == Article.Status.REVIEW
    stale = {**seen, "action": "approve", "_selected_action": [article.pk], "index": "0"}
    html = boss.post(LIST, stale, follow=True).content.decode()
    assert "已通过并发布 0 篇" in html and STALE in html
    assert Article.objects.get(pk=article.pk).status == Article.Status.REVIEW
    assert reader.get(article.get_absolute_url()).status_code == 404
    # Looking again, the publisher sees (and approves) the new text.
    assert "已通过并发布 1 篇" in list_action(boss, QUEUE, "approve", [article.pk]).content.decode()
    assert "五十个" in reader.get(article.get_absolute_url()).content.decode()


def test_an_approval_that_names_no_version_approves_nothing(submitted, publisher):
    article, _ = submitted
    crafted = {"action": "approve", "_selected_action": [article.pk], "index": "0"}
    response = logged_in(publisher).post(LIST, {**crafted, "select_across": "1"}, follow=True)
    assert STALE in response.content.decode()
    assert Article.objects.get(pk=article.pk).status == Article.Status.REVIEW


def test_approving_on_a_form_opened_before_a_change_is_refused(
    submitted, editor, publisher, superuser, reader
):
    article, _ = submitted
    boss = logged_in(publisher)
    url = reverse("admin:news_article_change", args=[article.pk])
    opened = form_data(boss.get(url).content.decode())
    press(logged_in(superuser), article, "_return", review_note="请更新数字")
    press(logged_in(editor), article, "_submit_review", body=V3)
    response = boss.post(url, {**opened, "_approve": ["通过并发布"]})
    assert response.status_code == 200 and "未保存" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW and "五十个" in article.body
    assert reader.get(article.get_absolute_url()).status_code == 404


def test_the_review_screens_show_the_version_approved(submitted, publisher):
    article, _ = submitted
    boss = logged_in(publisher)
    shown = timezone.localtime(article.updated_at).strftime("%Y-%m-%d %H:%M:%S")
    listing = boss.get(QUEUE).content.decode()
    assert "审核版本" in listing and shown in listing
    form = boss.get(reverse("admin:news_article_change", args=[article.pk])).content.decode()
    assert f"审核版本：{shown}" in form


def test_publish_selected_leaves_what_waits_for_review_to_approval(
    submitted, make_article, publisher, reader
):
    article, _ = submitted
    draft = make_article(title="另一篇草稿", status=Article.Status.DRAFT)
    crafted = {"action": "publish", "_selected_action": [article.pk, draft.pk], "index": "0"}
    html = logged_in(publisher).post(LIST, crafted, follow=True).content.decode()
    assert "已发布 1 篇草稿" in html and "1 条待审核的没有发布：请用“通过并发布”" in html
    assert Article.objects.get(pk=article.pk).status == Article.Status.REVIEW
    assert Article.objects.get(pk=draft.pk).status == Article.Status.PUBLISHED
    assert reader.get(article.get_absolute_url()).status_code == 404


def test_a_restored_version_is_published_only_as_the_publisher_saw_it(
    submitted, editor, publisher, reader
):
    article, v1 = submitted
    writer = logged_in(editor)
    writer.post(restore_url(article, v1))
    boss = logged_in(publisher)
    list_action(boss, QUEUE, "approve", [article.pk])
    seen = form_data(boss.get(history_url(article)).content.decode())["seen"]
    # The 编辑 restores another version over the waiting one before the publisher acts.
    v2 = revisions.versions(article).filter(body__contains="四十个").first()
    writer.post(restore_url(article, v2))
    name = "admin:news_article_revisions_pending"
    response = boss.post(reverse(name, args=[article.pk, "publish"]), {"seen": seen}, follow=True)
    assert "没有发布：待发布的恢复版本在您打开本页之后换过了" in response.content.decode()
    assert PendingRevision.objects.count() == 1
    assert "三十个" not in reader.get(article.get_absolute_url()).content.decode()
