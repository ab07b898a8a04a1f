"""Revisions (editorial.revisions): every save keeps a version with who and when; the admin
compares two side by side and restores one as a draft without changing what readers see
until a publisher publishes it."""

import pytest
from django.test import Client
from django.urls import reverse

from editorial import revisions
from editorial.models import PendingRevision
from news.models import Article
from portal.models import Page
from tests.admin_forms import read_form

pytestmark = pytest.mark.django_db

FIRST = "<p>开发区今年引进项目三十个。园区环境持续改善。</p>"
SECOND = "<p>开发区今年引进项目四十个。园区环境持续改善。</p>"
THIRD = "<p>开发区今年引进项目四十个。园区环境持续改善。新增就业岗位五千个。</p>"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def edit(client, obj, **changes):
    """Post the admin change form as a browser would, with `changes`."""
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    form = read_form(client.get(url).content.decode())
    data = dict(form.data)
    for name, value in changes.items():
        data[name] = [value]
    data["_save"] = ["保存"]
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]


def history_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_history", args=[obj.pk])


def compare_url(obj, old, new) -> str:
    name = f"admin:{obj._meta.app_label}_{obj._meta.model_name}_revisions_compare"
    return f"{reverse(name, args=[obj.pk])}?from={old}&to={new}"


def restore_url(obj, version) -> str:
    name = f"admin:{obj._meta.app_label}_{obj._meta.model_name}_revisions_restore"
    return reverse(name, args=[obj.pk, version.history_id])


def publish_pending_url(obj) -> str:
    name = f"admin:{obj._meta.app_label}_{obj._meta.model_name}_revisions_pending"
    return reverse(name, args=[obj.pk, "publish"])


def publish_pending(client, obj):
    """Press 发布这个版本 on the history page, with the version of the waiting texts the
    page showed."""
    seen = read_form(client.get(history_url(obj)).content.decode()).data.get("seen", [""])
    return client.post(publish_pending_url(obj), {"seen": seen})


@pytest.fixture
def published_article(make_article, publisher):
    article = make_article(title="开发区年度报告", body=FIRST, created_by=publisher)
    return article


def test_edit_three_times_diff_restore_first_and_readers_see_it_only_once_published(
    published_article, publisher, editor, reader
):
    article = published_article
    boss = logged_in(publisher)
    edit(boss, article, body=SECOND)
    edit(boss, article, body=THIRD, title="开发区年度报告（修订）")
    versions = list(revisions.versions(article))
    # created + two admin saves, newest first, each with who and when
    assert [v.history_type for v in versions] == ["~", "~", "+"]
    assert [v.history_user for v in versions[:2]] == [publisher, publisher]
    page = boss.get(history_url(article)).content.decode()
    assert "版本 3" in page and "publisher" in page and "恢复为草稿" in page

    # The diff of the second edit against the first: the changed sentence is marked,
    # the changed characters highlighted, the unchanged sentence plain on both sides.
    first, second = versions[2], versions[1]
    html = boss.get(compare_url(article, first.history_id, second.history_id)).content.decode()
    assert "开发区今年引进项目<del>三</del>十个。" in html
    assert "开发区今年引进项目<ins>四</ins>十个。" in html
    assert '<div class="diff-row row-same" role="row">' in html
    assert '标题 <span class="diff-same">（未改动）</span>' in html

    # A 编辑 restores the first version of the live article: readers see no change.
    url = article.get_absolute_url()
    response = logged_in(editor).post(restore_url(article, first))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == THIRD and article.status == Article.Status.PUBLISHED
    text = reader.get(url).content.decode()
    assert "新增就业岗位五千个" in text and "三十个" not in text
    assert PendingRevision.objects.count() == 1
    # The 编辑 cannot publish it.
    assert logged_in(editor).post(publish_pending_url(article)).status_code == 403
    assert "三十个" not in reader.get(url).content.decode()

    # The publisher sees it waiting (change form and history) and publishes it.
    change = boss.get(reverse("admin:news_article_change", args=[article.pk])).content.decode()
    assert "待发布的恢复版本" in change
    assert "发布这个版本" in boss.get(history_url(article)).content.decode()
    assert publish_pending(boss, article).status_code == 302
    text = reader.get(url).content.decode()
    assert "三十个" in text and "新增就业岗位五千个" not in text
    assert "开发区年度报告（修订）" not in text and "开发区年度报告" in text
    assert not PendingRevision.objects.exists()
    # Nothing was lost: the third text is still a version, and the restore is a new one.
    latest = list(revisions.versions(article))
    assert len(latest) == 4 and latest[0].body == FIRST and latest[1].body == THIRD
    assert latest[0].history_user == publisher and "发布恢复的版本" in (
        latest[0].history_change_reason
    )


def test_restoring_a_draft_applies_at_once_and_keeps_it_a_draft(make_article, editor, reader):
    article = make_article(title="草稿一", body=FIRST, status=Article.Status.DRAFT)
    client = logged_in(editor)
    edit(client, article, body=SECOND, title="草稿二")
    first = list(revisions.versions(article))[-1]
    assert client.post(restore_url(article, first)).status_code == 302
    article.refresh_from_db()
    assert (article.title, article.body, article.status) == ("草稿一", FIRST, "draft")
    assert article.updated_by == editor
    assert reader.get(article.get_absolute_url()).status_code == 404
    # the text replaced stays a version
    assert [v.title for v in revisions.versions(article)] == ["草稿一", "草稿二", "草稿一"]


def test_text_written_without_a_version_is_kept_before_a_restore(make_article, editor):
    article = make_article(body=FIRST, status=Article.Status.DRAFT)
    first = revisions.versions(article).get()
    Article.objects.filter(pk=article.pk).update(body=SECOND)  # no save, no version
    article.refresh_from_db()
    revisions.restore(article, first, editor, frozen=lambda row: False)  # a draft
    bodies = [v.body for v in revisions.versions(article)]
    assert bodies == [FIRST, SECOND, FIRST]


def test_page_versions_and_restore_as_draft(make_page, publisher, editor, reader):
    page = make_page(title="协会章程", body="<p>第一条 本会名称。</p>")
    edit(logged_in(publisher), page, body="<p>第一条 本会全称。</p>")
    first = list(revisions.versions(page))[-1]
    logged_in(editor).post(restore_url(page, first))
    page.refresh_from_db()
    assert page.is_published and "全称" in page.body  # live: waits for a publisher
    assert "全称" in reader.get(page.get_absolute_url()).content.decode()
    publish_pending(logged_in(publisher), page)
    assert "名称" in reader.get(page.get_absolute_url()).content.decode()
    assert Page.objects.get(pk=page.pk).body == "<p>第一条 本会名称。</p>"


def test_sections_keep_versions_and_only_publishers_restore_them(make_section, publisher, editor):
    section = make_section(name="政策法规", description="旧说明")
    edit(logged_in(publisher), section, description="新说明")
    first = list(revisions.versions(section))[-1]
    assert logged_in(editor).post(restore_url(section, first)).status_code == 403
    assert logged_in(publisher).post(restore_url(section, first)).status_code == 302
    section.refresh_from_db()
    assert section.description == "旧说明"


def test_history_and_compare_pages_cost_a_fixed_number_of_queries(
    published_article, publisher, django_assert_max_num_queries
):
    boss = logged_in(publisher)
    for n in range(6):
        edit(boss, published_article, body=f"<p>第{n}稿。</p>")
    versions = list(revisions.versions(published_article))
    boss.get(history_url(published_article))  # sessions, permissions cached
    with django_assert_max_num_queries(12):
        assert boss.get(history_url(published_article)).status_code == 200
    with django_assert_max_num_queries(12):
        response = boss.get(
            compare_url(published_article, versions[-1].history_id, versions[0].history_id)
        )
        assert response.status_code == 200


def test_unknown_versions_answer_404_not_500(published_article, publisher):
    boss = logged_in(publisher)
    assert boss.get(compare_url(published_article, "abc", "current")).status_code == 404
    assert boss.get(compare_url(published_article, 999999, "current")).status_code == 404
    assert boss.get(compare_url(published_article, "current", "pending")).status_code == 404
