"""The editor workflow in the admin: drafts, publishing rights, bulk actions, uploads."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from news.models import Article, ArticleAttachment
from tests.admin_forms import change

pytestmark = pytest.mark.django_db


def _form(section, **overrides):
    now = timezone.localtime()
    data = {
        "title": "园区新闻",
        "subtitle": "",
        "section": section.pk,
        "source": "本站",
        "author": "小王",
        "summary": "",
        "body": "<p>正文<script>alert(1)</script></p>",
        "status": "published",
        "publish_at_0": now.strftime("%Y-%m-%d"),
        "publish_at_1": now.strftime("%H:%M:%S"),
        "unpublish_at_0": "",
        "unpublish_at_1": "",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_every_news_admin_page_renders_with_rows(
    superuser_client, make_article, make_issue, make_entry
):
    article = make_article()
    ArticleAttachment.objects.create(
        article=article, title="附件", file=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")
    )
    make_entry(make_issue(), article=article, page=2)
    for name in ("section", "article", "magazineissue"):
        changelist = reverse(f"admin:news_{name}_changelist")
        assert superuser_client.get(changelist).status_code == 200
        assert superuser_client.get(changelist, {"q": "开发区"}).status_code == 200
        assert superuser_client.get(reverse(f"admin:news_{name}_add")).status_code == 200
    assert (
        superuser_client.get(reverse("admin:news_article_change", args=[article.pk])).status_code
        == 200
    )
    assert (
        superuser_client.get(
            reverse("admin:news_section_change", args=[article.section_id])
        ).status_code
        == 200
    )
    assert (
        superuser_client.get(
            reverse("admin:news_article_changelist"), {"status": "draft"}
        ).status_code
        == 200
    )


def test_editor_cannot_publish_and_saves_a_draft(client, editor, section):
    client.force_login(editor)
    response = client.post(reverse("admin:news_article_add"), _form(section), follow=True)
    assert response.status_code == 200
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert article.created_by == editor and article.updated_by == editor
    assert "<script>" not in article.body
    assert client.get(article.get_absolute_url()).status_code == 200  # staff preview
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_editor_has_no_publish_action_and_cannot_change_a_live_article(
    client, editor, make_article
):
    article = make_article(title="已发布文章")
    client.force_login(editor)
    changelist = client.get(reverse("admin:news_article_changelist")).content.decode()
    assert 'value="publish"' not in changelist
    response = client.post(
        reverse("admin:news_article_changelist"),
        {"action": "unpublish", "_selected_action": [article.pk]},
    )
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    response = client.post(
        reverse("admin:news_article_change", args=[article.pk]),
        _form(article.section, title="被改的标题"),
    )
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.title == "已发布文章"


def test_publisher_publishes_and_schedules(client, publisher, section):
    client.force_login(publisher)
    client.post(reverse("admin:news_article_add"), _form(section, title="马上发布"))
    later = timezone.localtime() + timezone.timedelta(days=2)
    client.post(
        reverse("admin:news_article_add"),
        _form(
            section,
            title="后天发布",
            publish_at_0=later.strftime("%Y-%m-%d"),
            publish_at_1=later.strftime("%H:%M:%S"),
        ),
    )
    now_article = Article.objects.get(title="马上发布")
    later_article = Article.objects.get(title="后天发布")
    assert now_article.status == later_article.status == Article.Status.PUBLISHED
    assert list(Article.objects.published()) == [now_article]
    client.logout()
    assert client.get(now_article.get_absolute_url()).status_code == 200
    assert client.get(later_article.get_absolute_url()).status_code == 404


def test_bulk_actions_publish_pin_and_move(client, publisher, make_article, make_section):
    drafts = [make_article(status=Article.Status.DRAFT) for _ in range(3)]
    target = make_section(name="政策法规", slug="policy")
    client.force_login(publisher)
    url = reverse("admin:news_article_changelist")
    ids = [a.pk for a in drafts]
    client.post(url, {"action": "publish", "_selected_action": ids})
    client.post(url, {"action": "pin", "_selected_action": ids[:1]})
    client.post(url, {"action": "move_section", "_selected_action": ids[1:], "section": target.pk})
    assert Article.objects.published().count() == 3
    assert Article.objects.get(pk=ids[0]).is_pinned
    assert set(Article.objects.filter(section=target).values_list("pk", flat=True)) == set(ids[1:])
    client.logout()
    html = client.get("/news/policy/").content.decode()
    assert drafts[1].title in html and drafts[2].title in html


def test_move_without_target_section_says_so(client, publisher, make_article):
    article = make_article()
    client.force_login(publisher)
    response = client.post(
        reverse("admin:news_article_changelist"),
        {"action": "move_section", "_selected_action": [article.pk]},
        follow=True,
    )
    assert "请先在“目标栏目”中选择一个栏目" in response.content.decode()


def test_non_image_cover_is_refused_with_a_message(superuser_client, section):
    fake = SimpleUploadedFile("cover.jpg", b"not an image at all", content_type="image/jpeg")
    response = superuser_client.post(reverse("admin:news_article_add"), _form(section, cover=fake))
    assert response.status_code == 200
    assert "有效的图片" in response.content.decode()
    assert not Article.objects.exists()


def test_oversize_cover_is_refused(superuser_client, section, settings, png_bytes):
    settings.MAX_IMAGE_UPLOAD_BYTES = 1000
    big = SimpleUploadedFile("big.png", png_bytes(size=(800, 800)) + b"\0" * 2000)
    response = superuser_client.post(reverse("admin:news_article_add"), _form(section, cover=big))
    assert response.status_code == 200
    assert "图片太大" in response.content.decode()


def test_cover_gets_list_card_and_slide_renditions(superuser_client, section, png_bytes):
    image = SimpleUploadedFile("photo.png", png_bytes(size=(1600, 900)))
    superuser_client.post(
        reverse("admin:news_article_add"), _form(section, cover=image, is_slide="on")
    )
    article = Article.objects.get()
    from PIL import Image

    sizes = {}
    for field in ("cover_list", "cover_card", "cover_slide"):
        with getattr(article, field).open("rb") as fh:
            sizes[field] = Image.open(io.BytesIO(fh.read())).size
    assert sizes == {"cover_list": (240, 160), "cover_card": (480, 320), "cover_slide": (1200, 500)}
    assert "photo" not in article.cover.name
    change = superuser_client.get(reverse("admin:news_article_change", args=[article.pk]))
    assert f'src="{article.cover_list.url}" alt="列表缩略图"' in change.content.decode()


def test_attachment_is_checked_by_content_and_sized(superuser_client, section):
    pdf = SimpleUploadedFile("通知.pdf", b"%PDF-1.4\n" + b"x" * 500)
    exe = SimpleUploadedFile("table.pdf", b"MZ\x90\x00binary")
    data = _form(
        section,
        **{
            "attachments-TOTAL_FORMS": "1",
            "attachments-0-title": "附件一",
            "attachments-0-file": exe,
            "attachments-0-order": "0",
        },
    )
    response = superuser_client.post(reverse("admin:news_article_add"), data)
    assert response.status_code == 200 and "内容不是允许的类型" in response.content.decode()
    data["attachments-0-file"] = pdf
    superuser_client.post(reverse("admin:news_article_add"), data)
    attachment = ArticleAttachment.objects.get()
    assert attachment.size == 509
    assert attachment.file.name.endswith(".pdf") and "通知" not in attachment.file.name
    html = superuser_client.get(attachment.article.get_absolute_url()).content.decode()
    assert "附件一" in html and "509" in html


def test_editor_upload_refuses_non_images(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("portal:editor_upload"), {"upload": SimpleUploadedFile("x.png", b"hello")}
    )
    assert response.status_code == 400
    assert "不是有效的图片" in response.json()["error"]["message"]


def test_bulk_delete_in_admin_refreshes_cached_pages(client, publisher, make_article, superuser):
    article = make_article(title="将被删除的文章")
    assert article.title in client.get("/").content.decode()
    admin = type(client)()
    admin.force_login(superuser)
    admin.post(
        reverse("admin:news_article_changelist"),
        {"action": "delete_selected", "_selected_action": [article.pk], "post": "yes"},
    )
    assert not Article.objects.present().exists()  # in the recycle bin (tests/recyclebin)
    assert article.title not in client.get("/").content.decode()


def test_editing_a_magazine_contents_line_refreshes_the_issue_page(client, make_issue, make_entry):
    issue = make_issue()
    entry = make_entry(issue, title="卷首语")
    assert "卷首语" in client.get(issue.get_absolute_url()).content.decode()
    entry.title = "编者按"
    entry.save()
    assert "编者按" in client.get(issue.get_absolute_url()).content.decode()


def test_magazine_pdf_must_really_be_a_pdf(superuser_client, png_bytes):
    data = {
        "year": "2026",
        "number": "3",
        "title": "园区专刊",
        "published_on": "2026-06-15",
        "summary": "",
        "is_published": "on",
        "pdf": SimpleUploadedFile("issue.pdf", png_bytes()),
        "entries-TOTAL_FORMS": "0",
        "entries-INITIAL_FORMS": "0",
        "entries-MIN_NUM_FORMS": "0",
        "entries-MAX_NUM_FORMS": "1000",
    }
    response = superuser_client.post(reverse("admin:news_magazineissue_add"), data)
    assert response.status_code == 200
    assert "内容不是允许的类型" in response.content.decode()
    data["pdf"] = SimpleUploadedFile("issue.pdf", b"%PDF-1.7\n" + b"x" * 100)
    response = superuser_client.post(reverse("admin:news_magazineissue_add"), data)
    assert response.status_code == 302
    from news.models import MagazineIssue

    issue = MagazineIssue.objects.get()
    assert issue.pdf.name.endswith(".pdf") and "issue" not in issue.pdf.name


def test_summary_is_derived_from_the_body_when_left_empty(make_article):
    article = make_article(summary="", body="<p>园区开展<strong>安全生产</strong>大检查。</p>")
    assert article.summary == "园区开展安全生产大检查。"


def test_publishing_an_old_draft_dates_it_now_so_it_leads_its_section(
    publisher, make_article, section
):
    """A draft created on 11-15 and published on 12-02 went live dated 11-15."""
    make_article(title="昨天发布的新闻", publish_at=timezone.now() - timedelta(days=1))
    draft = make_article(
        title="半月前写的草稿",
        status=Article.Status.DRAFT,
        publish_at=timezone.now() - timedelta(days=17),
    )
    client = Client()
    client.force_login(publisher)
    url = reverse("admin:news_article_change", args=[draft.pk])
    response = change(client, url, status="published")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED
    assert abs((timezone.now() - draft.publish_at).total_seconds()) < 60
    notes = [str(m) for m in client.get(response["Location"]).context["messages"]]
    assert any("已改为发布的此刻" in note for note in notes), notes
    page = Client().get(f"/news/{section.slug}/").content.decode()
    assert page.index("半月前写的草稿") < page.index("昨天发布的新闻")


def test_bulk_publish_dates_past_drafts_now_and_keeps_future_times(superuser_client, make_article):
    now = timezone.now()
    old = make_article(status=Article.Status.DRAFT, publish_at=now - timedelta(days=9))
    future = make_article(status=Article.Status.DRAFT, publish_at=now + timedelta(days=2))
    response = superuser_client.post(
        reverse("admin:news_article_changelist"),
        {"action": "publish", "_selected_action": [old.pk, future.pk]},
        follow=True,
    )
    old.refresh_from_db()
    future.refresh_from_db()
    assert old.status == future.status == Article.Status.PUBLISHED
    assert abs((timezone.now() - old.publish_at).total_seconds()) < 60
    assert future.publish_at > now + timedelta(days=1)  # still scheduled
    assert "其中 1 篇的发布时间已过，改为现在" in response.content.decode()
