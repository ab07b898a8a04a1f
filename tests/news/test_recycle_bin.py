"""The recycle bin (editorial.recyclebin): deleting an article, page or magazine issue in the
admin bins it; readers lose it at once everywhere; publishers restore it whole;
`purge_recycle_bin` really deletes old ones with their files."""

import io
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from associations.models import Zone
from editorial import recyclebin, revisions
from news.models import Article, ArticleAttachment, MagazineEntry, MagazineIssue
from portal.models import Page

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def delete_in_admin(client, obj):
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[obj.pk])
    return client.post(url, {"post": "yes"})


def bulk_delete_in_admin(client, model, pks):
    opts = model._meta
    return client.post(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
        {"action": "delete_selected", "_selected_action": [str(pk) for pk in pks], "post": "yes"},
    )


def restore_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_recyclebin_restore", args=[obj.pk])


def test_deleting_a_linked_article_for_good_kept_the_contents_line_instead_of_a_500(
    make_article, make_issue, make_entry
):
    """The bug: the entry's link was set to NULL and the line had no title of its own
    (check constraint magazine_entry_has_title). Any hard delete now keeps the title."""
    article = make_article(title="开发区高质量发展综述")
    issue = make_issue()
    entry = make_entry(issue, article=article, column="特别策划")
    with transaction.atomic():
        Article.objects.filter(pk=article.pk).delete()
    entry.refresh_from_db()
    assert (entry.article_id, entry.title) == (None, "开发区高质量发展综述")


def test_the_constraint_that_answered_500_still_holds(make_issue):
    issue = make_issue()
    with pytest.raises(IntegrityError), transaction.atomic():
        MagazineEntry.objects.create(issue=issue, title="")


@pytest.fixture
def linked_article(make_article, make_issue, make_entry, png_bytes):
    article = make_article(title="园区绿色发展新路径", body="<p>绿色低碳转型正文。</p>")
    article.cover.save("cover.png", ContentFile(png_bytes()), save=True)
    article.attachments.create(title="附件一", file=ContentFile(b"%PDF-1.4 x", name="a.pdf"))
    zone = Zone.objects.create(
        name="回收站测试开发区",
        province="江苏省",
        level=Zone.Level.NATIONAL,
        zone_type=Zone.Type.ECONOMIC,
    )
    article.zones.add(zone)
    issue = make_issue()
    make_entry(issue, article=article)
    return article


def reader_pages(article):
    issue = MagazineIssue.objects.get(entries__article=article)
    return [
        "/",
        "/news/",
        article.section.get_absolute_url(),
        "/feeds/latest/",
        "/sitemap-articles.xml",
        article.zones.get().get_absolute_url(),
        f"/search/?q={quote('绿色低碳转型')}",
        issue.get_absolute_url(),
    ]


def test_binning_an_article_in_the_admin_hides_it_everywhere_and_restoring_brings_it_back_whole(
    linked_article, publisher, reader
):
    article = linked_article
    url = article.get_absolute_url()
    pages = reader_pages(article)
    assert reader.get(url).status_code == 200
    before = {page: reader.get(page).content.decode() for page in pages}
    assert all(article.title in html or url in html for html in before.values()), [
        p for p, html in before.items() if article.title not in html and url not in html
    ]

    boss = logged_in(publisher)
    response = delete_in_admin(boss, article)
    assert response.status_code == 302
    assert "移入回收站" in boss.get(response.url).content.decode()
    article.refresh_from_db()
    assert article.deleted_at is not None and article.deleted_by == publisher
    assert reader.get(url).status_code == 404
    for page in pages:
        assert url not in reader.get(page).content.decode(), page
    # the contents line stays, unlinked, with the title
    issue_html = reader.get(pages[-1]).content.decode()
    assert article.title in issue_html
    # the view count does not move for a binned article
    views = Article.objects.get(pk=article.pk).view_count
    counted = reader.post(f"/articles/{article.pk}/views/", HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert counted.status_code == 404
    assert Article.objects.get(pk=article.pk).view_count == views
    # the admin list hides it; the bin shows it
    changelist = boss.get(reverse("admin:news_article_changelist")).content.decode()
    assert article.title not in changelist and "回收站" in changelist
    assert boss.get(reverse("admin:news_article_change", args=[article.pk])).status_code == 302
    bin_page = boss.get(reverse("admin:news_article_recyclebin")).content.decode()
    assert article.title in bin_page and "恢复" in bin_page

    assert boss.post(restore_url(article)).status_code == 302
    article = Article.objects.get(pk=article.pk)
    assert article.deleted_at is None and article.is_visible
    assert article.attachments.count() == 1 and article.zones.count() == 1
    assert article.cover and article.cover.storage.exists(article.cover.name)
    assert revisions.versions(article).exists()
    assert reader.get(url).status_code == 200
    assert url in reader.get(pages[-1]).content.decode()


def test_bulk_delete_bins_articles_pages_and_issues(
    make_article, make_page, make_issue, publisher, reader
):
    boss = logged_in(publisher)
    articles = [make_article(title=f"批量删除{n}") for n in range(3)]
    bulk_delete_in_admin(boss, Article, [a.pk for a in articles])
    assert Article.objects.binned().count() == 3 and Article.objects.count() == 3
    page = make_page(title="协会章程", slug="charter")
    bulk_delete_in_admin(boss, Page, [page.pk])
    assert reader.get("/pages/charter/").status_code == 404
    assert "协会章程" not in reader.get("/").content.decode()
    issue = make_issue()
    delete_in_admin(boss, issue)
    assert reader.get(issue.get_absolute_url()).status_code == 404
    assert MagazineIssue.objects.binned().get() == issue


def test_an_editor_can_neither_bin_nor_restore(make_article, editor, publisher, reader):
    article = make_article(title="编辑不能删除")
    editor_client = logged_in(editor)
    assert delete_in_admin(editor_client, article).status_code == 403
    recyclebin.move_to_bin(Article.objects.filter(pk=article.pk), publisher)
    # the 编辑 sees the bin but no button, and a forged POST is refused
    bin_page = editor_client.get(reverse("admin:news_article_recyclebin")).content.decode()
    assert "编辑不能删除" in bin_page and "只有“审核发布”人员可以恢复" in bin_page
    assert editor_client.post(restore_url(article)).status_code == 403
    assert reader.get(article.get_absolute_url()).status_code == 404
    assert Article.objects.binned().filter(pk=article.pk).exists()


def test_purge_deletes_old_items_with_their_files_and_keeps_recent_ones(
    linked_article, make_article, make_page, publisher, django_capture_on_commit_callbacks
):
    old = linked_article
    recent = make_article(title="最近删除的文章")
    page = make_page(title="旧单页")
    cover_name = old.cover.name
    attachment_name = old.attachments.get().file.name
    storage = old.cover.storage
    recyclebin.move_to_bin(Article.objects.filter(pk__in=[old.pk, recent.pk]), publisher)
    recyclebin.move_to_bin(Page.objects.filter(pk=page.pk), publisher)
    long_ago = timezone.now() - timedelta(days=31)
    Article.objects.filter(pk=old.pk).update(deleted_at=long_ago)
    Page.objects.filter(pk=page.pk).update(deleted_at=long_ago)

    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_recycle_bin", stdout=out)
    assert "文章 1 条" in out.getvalue() and "单页 1 条" in out.getvalue()
    assert list(Article.objects.values_list("title", flat=True)) == ["最近删除的文章"]
    assert not Page.objects.filter(pk=page.pk).exists()
    assert not ArticleAttachment.objects.exists()
    assert not storage.exists(cover_name) and not storage.exists(attachment_name)
    # the contents line keeps the title (the constraint holds)
    assert MagazineEntry.objects.get().title == "园区绿色发展新路径"

    # --days: the recent one goes with --days 0; housekeeping runs the same purge
    out = io.StringIO()
    call_command("housekeeping", "--bin-days", "0", stdout=out)
    assert "文章 1 条" in out.getvalue()
    assert not Article.objects.exists()


def test_a_binned_page_slug_is_refused_with_a_message_not_a_500(make_page, publisher):
    page = make_page(title="联系我们", slug="contact")
    recyclebin.move_to_bin(Page.objects.filter(pk=page.pk), publisher)
    boss = logged_in(publisher)
    response = boss.post(
        reverse("admin:portal_page_add"),
        {"title": "新联系我们", "slug": "contact", "order": "1", "body": "<p>x</p>"},
    )
    assert response.status_code == 200 and "已存在" in response.content.decode()


def test_the_delete_pages_say_the_bin_and_the_bin_list_costs_fixed_queries(
    make_article, publisher, django_assert_max_num_queries
):
    boss = logged_in(publisher)
    articles = [make_article(title=f"待删文章{n}") for n in range(12)]
    url = reverse("admin:news_article_delete", args=[articles[0].pk])
    assert "移入回收站" in boss.get(url).content.decode()
    response = boss.post(
        reverse("admin:news_article_changelist"),
        {"action": "delete_selected", "_selected_action": [str(articles[1].pk)]},
    )
    assert "移入回收站" in response.content.decode()
    recyclebin.move_to_bin(Article.objects.all(), publisher)
    bin_url = reverse("admin:news_article_recyclebin")
    boss.get(bin_url)
    with django_assert_max_num_queries(6):
        html = boss.get(bin_url).content.decode()
    assert html.count('class="button">恢复</button>') == 12


def test_a_restored_issue_comes_back_with_its_contents(make_issue, make_entry, publisher, reader):
    issue = make_issue(title="园区专刊")
    make_entry(issue, title="卷首语")
    make_entry(issue, title="专题报道")
    boss = logged_in(publisher)
    delete_in_admin(boss, issue)
    assert reader.get(issue.get_absolute_url()).status_code == 404
    assert "园区专刊" not in reader.get("/magazine/").content.decode()
    assert (
        issue.title not in boss.get(reverse("admin:news_magazineissue_changelist")).content.decode()
    )
    assert boss.post(restore_url(issue)).status_code == 302
    html = reader.get(issue.get_absolute_url()).content.decode()
    assert "卷首语" in html and "专题报道" in html


def test_a_binned_article_cannot_be_picked_for_a_contents_line(make_article, publisher):
    kept, binned = make_article(title="保留的文章"), make_article(title="删除的文章")
    recyclebin.move_to_bin(Article.objects.filter(pk=binned.pk), publisher)
    response = logged_in(publisher).get(
        "/admin/autocomplete/",
        {
            "app_label": "news",
            "model_name": "magazineentry",
            "field_name": "article",
            "term": "文章",
        },
    )
    found = [row["text"] for row in response.json()["results"]]
    assert found == [kept.title]
