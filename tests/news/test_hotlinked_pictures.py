"""A picture left on another site (one `editorial.remote_images` could not save here:
its SSRF guard refused it) is certain to be broken for readers, whose pages admit
pictures from this site only. An article holding one is not published, by no path: the
change form's 发布 and 通过并发布, and the list's 发布所选 and 通过并发布. The message
names the picture; the editor's text is saved as a draft."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from news.models import Article
from tests.admin_forms import change, form_data, list_action, logged_in

pytestmark = pytest.mark.django_db

HOTLINK = "http://10.1.2.3/wx/photo.png"  # an inner address: the guard refuses it
BODY = f'<p>转载的正文。</p><p><img src="{HOTLINK}" alt="现场"></p>'
LIST = reverse("admin:news_article_changelist")


def change_url(article):
    return reverse("admin:news_article_change", args=[article.pk])


def said(response) -> str:
    return " ".join(str(m) for m in response.wsgi_request._messages)


def test_an_editors_draft_keeps_the_text_and_the_picture_address(editor, make_article):
    article = make_article(status=Article.Status.DRAFT, created_by=editor)
    response = change(logged_in(editor), change_url(article), body=BODY)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert "转载的正文。" in article.body and HOTLINK in article.body
    assert "1 张站外图片未能保存到本站" in said(response)


def test_publishing_is_refused_naming_the_picture_until_it_is_removed(publisher, make_article):
    article = make_article(status=Article.Status.DRAFT)
    client = logged_in(publisher)
    response = change(client, change_url(article), body=BODY, status="published")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT  # saved, not live
    assert "转载的正文。" in article.body
    message = said(response)
    assert f"“{article.title}”没有发布" in message and HOTLINK in message
    assert Client().get(article.get_absolute_url()).status_code == 404  # readers: not there

    response = change(client, change_url(article), body="<p>转载的正文。</p>", status="published")
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert "没有发布" not in said(response)


def test_approving_on_the_form_is_refused_and_the_article_keeps_waiting(publisher, make_article):
    article = make_article(status=Article.Status.REVIEW)
    Article.objects.filter(pk=article.pk).update(body=BODY)
    client = logged_in(publisher)
    url = change_url(article)
    data = form_data(client.get(url).content.decode())
    data.pop("csrfmiddlewaretoken", None)
    response = client.post(url, {**data, "_approve": ["通过并发布"]})
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
    assert HOTLINK in said(response) and "没有发布" in said(response)


@pytest.mark.parametrize(
    ("action", "status"),
    [("publish", Article.Status.DRAFT), ("approve", Article.Status.REVIEW)],
)
def test_the_list_actions_publish_the_others_and_name_the_picture(
    publisher, make_article, action, status
):
    held = make_article(title="带站外图片的", status=status)
    Article.objects.filter(pk=held.pk).update(body=BODY)
    clean = make_article(title="干净的", status=status)
    response = list_action(logged_in(publisher), LIST, action, [held.pk, clean.pk])
    held.refresh_from_db()
    clean.refresh_from_db()
    assert held.status == status
    assert clean.status == Article.Status.PUBLISHED
    text = response.content.decode()
    assert "“带站外图片的”没有发布" in text and HOTLINK in text


def test_a_page_is_not_published_by_its_form_or_the_list_while_a_picture_is_remote(
    publisher, make_page
):
    page = make_page(is_published=False)
    client = logged_in(publisher)
    url = reverse("admin:portal_page_change", args=[page.pk])
    response = change(client, url, body=BODY, is_published="on")
    page.refresh_from_db()
    assert page.is_published is False and "转载的正文。" in page.body
    assert HOTLINK in said(response) and "没有发布" in said(response)

    pages = reverse("admin:portal_page_changelist")
    response = list_action(client, pages, "publish", [page.pk])
    page.refresh_from_db()
    assert page.is_published is False
    assert HOTLINK in response.content.decode()

    change(client, url, body="<p>转载的正文。</p>", is_published="on")
    page.refresh_from_db()
    assert page.is_published is True


def test_the_events_publish_action_holds_an_event_with_a_remote_picture(publisher):
    starts = timezone.now() + timedelta(days=7)
    event = Event.objects.create(
        title="带站外图片的活动",
        body=BODY,
        place="北京",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        registration_opens_at=timezone.now(),
        registration_closes_at=starts - timedelta(hours=1),
        capacity=30,
        status=Event.Status.DRAFT,
    )
    events = reverse("admin:events_event_changelist")
    response = list_action(logged_in(publisher), events, "publish", [event.pk])
    event.refresh_from_db()
    assert event.status == Event.Status.DRAFT
    assert HOTLINK in response.content.decode()


def test_a_live_article_keeps_its_text_when_an_edit_adds_a_remote_picture(publisher, make_article):
    article = make_article(status=Article.Status.PUBLISHED, body="<p>原来的正文。</p>")
    client = logged_in(publisher)
    response = change(client, change_url(article), body=BODY)
    assert response.status_code == 200  # the form again, with what was typed
    page = response.content.decode()
    assert "修改没有保存，读者仍看到原来的内容" in page and HOTLINK in page
    assert "转载的正文。" in page  # nothing typed is lost
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED and article.body == "<p>原来的正文。</p>"
    assert "原来的正文。" in Client().get(article.get_absolute_url()).content.decode()

    response = change(client, change_url(article), body="<p>转载的正文。</p>")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == "<p>转载的正文。</p>"


def test_taking_a_live_article_off_the_site_is_not_held_by_its_pictures(publisher, make_article):
    article = make_article(status=Article.Status.PUBLISHED)
    response = change(logged_in(publisher), change_url(article), body=BODY, status="draft")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT and HOTLINK in article.body


def test_a_live_page_keeps_its_text_when_an_edit_adds_a_remote_picture(publisher, make_page):
    page = make_page(is_published=True, body="<p>原来的正文。</p>")
    url = reverse("admin:portal_page_change", args=[page.pk])
    response = change(logged_in(publisher), url, body=BODY, is_published="on")
    assert response.status_code == 200
    assert HOTLINK in response.content.decode()
    page.refresh_from_db()
    assert page.is_published is True and page.body == "<p>原来的正文。</p>"
