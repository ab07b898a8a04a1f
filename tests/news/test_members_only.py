"""会员可见 articles: anonymous readers get the title, summary and a sign-in prompt;
members and staff the whole text and the attachments, through a permission check.
Search and feeds carry nothing of the body, and no shared cache keeps a member's page."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from news.models import ArticleAttachment

pytestmark = pytest.mark.django_db
SECRET = "园区碳排放核算细则草案"


@pytest.fixture
def notice(make_article, pdf_bytes):
    article = make_article(
        title="关于征求会员意见的通知",
        summary="请各会员单位在月底前反馈意见。",
        body=f"<p>{SECRET}全文，仅供会员单位内部讨论。</p>",
        members_only=True,
    )
    ArticleAttachment.objects.create(
        article=article, title="意见表", file=ContentFile(pdf_bytes, name="form.pdf")
    )
    return article


def test_anonymous_readers_see_title_summary_and_a_sign_in_prompt(reader, notice):
    html = reader.get(notice.get_absolute_url()).content.decode()
    assert notice.title in html and notice.summary in html
    assert "登录会员专区" in html and "/member/?next=" in html
    assert SECRET not in html and "意见表" not in html


def test_a_member_reads_the_whole_text_and_downloads_the_attachment(member_client, notice):
    response = member_client.get(notice.get_absolute_url())
    html = response.content.decode()
    assert SECRET in html and "意见表" in html
    assert "private" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    assert "X-Page-Cache" not in response
    attachment = notice.attachments.get()
    url = f"/articles/{notice.pk}/attachments/{attachment.pk}/"
    assert url in html
    download = member_client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert "private" in download["Cache-Control"]


def test_the_attachment_has_no_public_url_and_strangers_are_sent_to_sign_in(reader, notice):
    attachment = notice.attachments.get()
    assert not attachment.file and attachment.private_file
    response = reader.get(f"/articles/{notice.pk}/attachments/{attachment.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/member/")


def test_an_expired_member_and_a_staff_member(make_member, notice, editor):
    today = timezone.localdate()
    expired = make_member(
        number="2025-0009",
        email="old@example.com",
        since=today - datetime.timedelta(days=400),
        valid_until=today - datetime.timedelta(days=1),
    )
    client = Client()
    client.force_login(expired.user)
    assert SECRET not in client.get(notice.get_absolute_url()).content.decode()
    staff = Client()
    staff.force_login(editor)
    assert SECRET in staff.get(notice.get_absolute_url()).content.decode()


def test_no_shared_cache_keeps_the_member_page(reader, member_client, notice):
    """The anonymous teaser is cached; a member's visit neither reads nor writes it."""
    assert reader.get(notice.get_absolute_url())["X-Page-Cache"] == "miss"
    assert SECRET in member_client.get(notice.get_absolute_url()).content.decode()
    again = reader.get(notice.get_absolute_url())
    assert again["X-Page-Cache"] == "hit" and SECRET not in again.content.decode()


def test_search_and_feeds_carry_no_body_words(reader, notice, make_article):
    make_article(title="公开的文章", body=f"<p>{SECRET}公开讨论</p>")
    html = reader.get("/search/", {"q": "碳排放核算细则"}).content.decode()
    assert "/articles/" in html and notice.get_absolute_url() not in html
    by_title = reader.get("/search/", {"q": "征求会员意见"}).content.decode()
    assert f'href="{notice.get_absolute_url()}"' in by_title
    feed = reader.get("/feeds/latest/").content.decode()
    assert notice.title in feed and notice.summary in feed
    assert f"{SECRET}全文" not in feed


def test_a_search_hit_shows_the_summary_not_the_body(reader, notice):
    """Found by its title, a member-only article's snippet is its summary: the body's
    first words were shown to anyone who searched for the title."""
    html = reader.get("/search/", {"q": "征求会员意见"}).content.decode()
    assert f'href="{notice.get_absolute_url()}"' in html
    assert SECRET not in html and "月底前反馈" in html


def test_the_summary_is_not_cut_from_a_member_only_body(make_article):
    article = make_article(summary="", body=f"<p>{SECRET}</p>", members_only=True)
    assert article.summary == ""


def test_unticking_moves_the_attachment_back_to_public_media(notice):
    notice.members_only = False
    notice.save()
    attachment = notice.attachments.get()
    attachment.save()
    assert attachment.file and not attachment.private_file
    assert attachment.file.url.startswith("/media/attachments/")
