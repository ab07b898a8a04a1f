"""The article list as publishers use it: one-click and bulk 置顶/头条/幻灯片, search in
the body through site search's Chinese words, save buttons on top of the long form."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from news.models import Article
from tests.admin_forms import logged_in

pytestmark = pytest.mark.django_db

LIST = reverse("admin:news_article_changelist")


def toggle_url(article, field):
    return reverse("admin:news_article_toggle", args=[article.pk, field])


def test_a_publisher_flips_headline_with_one_click_and_returns_to_the_same_list(
    publisher, make_article
):
    article = make_article(title="头条候选")
    client = logged_in(publisher)
    html = client.get(LIST, {"section__id__exact": article.section_id}).content.decode()
    assert f'formaction="{toggle_url(article, "is_headline")}"' in html
    back = f"http://testserver{LIST}?section__id__exact={article.section_id}"
    response = client.post(toggle_url(article, "is_headline"), HTTP_REFERER=back)
    assert response.status_code == 302 and response["Location"] == back
    article.refresh_from_db()
    assert article.is_headline and article.updated_by == publisher
    client.post(toggle_url(article, "is_headline"))
    client.post(toggle_url(article, "is_pinned"))
    article.refresh_from_db()
    assert not article.is_headline and article.is_pinned


def test_a_slide_needs_a_cover(publisher, make_article):
    article = make_article(title="无封面")
    response = logged_in(publisher).post(toggle_url(article, "is_slide"), follow=True)
    assert "“无封面”没有封面图，不能设为幻灯片。" in response.content.decode()
    assert not Article.objects.get(pk=article.pk).is_slide


def test_an_editor_cannot_flip_anything(editor, make_article):
    article = make_article()
    client = logged_in(editor)
    assert "formaction=" not in client.get(LIST).content.decode()
    for field in ("is_pinned", "is_headline", "is_slide"):
        assert client.post(toggle_url(article, field)).status_code == 403
    assert client.get(toggle_url(article, "is_pinned")).status_code in (403, 405)
    article.refresh_from_db()
    assert not (article.is_pinned or article.is_headline or article.is_slide)


def test_only_the_three_switches_can_be_flipped(publisher, make_article):
    article = make_article()
    client = logged_in(publisher)
    assert client.post(toggle_url(article, "status")).status_code == 403
    assert client.get(toggle_url(article, "is_pinned")).status_code == 405
    assert Article.objects.get(pk=article.pk).status == Article.Status.PUBLISHED


def test_bulk_headline_and_slide_actions(publisher, make_article, png_bytes):
    with_cover = make_article(title="有封面", cover=SimpleUploadedFile("c.png", png_bytes()))
    without = make_article(title="没封面")
    pks = [str(with_cover.pk), str(without.pk)]
    client = logged_in(publisher)

    def act(action):
        data = {"action": action, "_selected_action": pks, "index": "0"}
        return client.post(LIST, data, follow=True).content.decode()

    assert "已将 2 篇文章设为头条。" in act("headline")
    assert "已将 1 篇文章设为幻灯片；1 篇没有封面图，未设置。" in act("slide")
    assert list(Article.objects.order_by("pk").values_list("is_headline", "is_slide")) == [
        (True, True),
        (True, False),
    ]
    assert "已取消 2 篇文章的头条。" in act("unheadline")
    assert "已取消 2 篇文章的幻灯片。" in act("unslide")
    assert not Article.objects.filter(is_headline=True).exists()
    assert not Article.objects.filter(is_slide=True).exists()


def test_the_admin_search_finds_words_of_the_body(publisher, make_article):
    make_article(title="园区动态一", body="<p>推进<strong>数字孪生</strong>园区建设。</p>")
    make_article(title="园区动态二", body="<p>数字经济与孪生兄弟无关的文字。</p>")
    make_article(title="其他新闻", body="<p>招商引资。</p>")
    make_article(title="草稿也要找到", body="<p>数字孪生工厂</p>", status=Article.Status.DRAFT)
    html = logged_in(publisher).get(LIST, {"q": "数字孪生"}).content.decode()
    assert "园区动态一" in html and "草稿也要找到" in html
    assert "其他新闻" not in html
    # Characters jieba leaves alone are searched as characters (what older readers type):
    # a row with both, anywhere, is found; a row with neither is not.
    short = logged_in(publisher).get(LIST, {"q": "字孪"}).content.decode()
    assert "园区动态一" in short and "园区动态二" in short and "其他新闻" not in short
    assert "其他新闻" in logged_in(publisher).get(LIST, {"q": "其他"}).content.decode()


def test_the_long_form_has_save_buttons_on_top(publisher, make_article):
    html = (
        logged_in(publisher)
        .get(reverse("admin:news_article_change", args=[make_article().pk]))
        .content.decode()
    )
    assert html.count('name="_save"') == 2
    assert "css/admin" in html


def test_the_list_asks_a_fixed_number_of_queries(
    publisher, make_article, django_assert_max_num_queries
):
    for n in range(5):
        make_article(title=f"文章{n}", created_by=publisher)
    client = logged_in(publisher)
    client.get(LIST)
    with django_assert_max_num_queries(16) as few:
        client.get(LIST)
    for n in range(20):
        make_article(title=f"更多{n}", created_by=publisher, updated_by=publisher)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(LIST)
