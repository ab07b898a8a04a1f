"""A 编辑's change to a live article (起草修改) waits for a publisher like a restored
version; the 编辑's read-only view renders the body; the review steps are versions with
who took them; the dashboard lists what waits and what came back."""

import re

import pytest
from django.urls import reverse

from editorial import revisions
from editorial.models import PendingRevision
from news.models import Article
from tests.admin_forms import read_form
from tests.news.test_revisions import history_url, logged_in, publish_pending, publish_pending_url

pytestmark = pytest.mark.django_db

LIVE = "<p>开发区今年引进项目三十个。</p>"
FIXED = "<p>开发区今年引进项目三十二个。</p>"


def draft_url(article) -> str:
    return reverse("admin:news_article_revisions_draft", args=[article.pk])


def draft_change(client, article, **changes):
    form = read_form(client.get(draft_url(article)).content.decode())
    data = dict(form.data)
    for name, value in changes.items():
        data[name] = [value]
    return client.post(draft_url(article), data)


def test_editor_drafts_a_change_readers_keep_the_live_text_until_a_publisher_publishes(
    make_article, editor, publisher, reader
):
    article = make_article(title="年度报告", body=LIVE)
    url = article.get_absolute_url()
    client = logged_in(editor)
    change = client.get(reverse("admin:news_article_change", args=[article.pk]))
    assert "起草修改" in change.content.decode()  # offered on the read-only page

    response = draft_change(client, article, body=FIXED + '<script>alert("x")</script>')
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == LIVE and article.status == Article.Status.PUBLISHED
    text = reader.get(url).content.decode()
    assert "三十个" in text and "三十二个" not in text
    pending = PendingRevision.objects.get()
    assert pending.origin == PendingRevision.Origin.EDIT and pending.requested_by == editor
    assert "<script" not in pending.values["body"]  # sanitized like any saved body
    # The 编辑 can neither publish it nor save the live article directly.
    assert client.post(publish_pending_url(article)).status_code == 403
    assert "三十二个" not in reader.get(url).content.decode()

    # It is in the review queue: the list filter and the dashboard count it.
    boss = logged_in(publisher)
    listed = boss.get(reverse("admin:news_article_changelist") + "?pending=waiting")
    assert f"/admin/news/article/{article.pk}/change/" in listed.content.decode()
    dashboard = boss.get("/admin/").content.decode()
    assert re.search(r"待发布的修改稿</a></th>\s*<td[^>]*><a[^>]*><strong[^>]*>1<", dashboard)
    history = boss.get(history_url(article)).content.decode()
    assert "待发布的修改稿" in history and "发布修改稿" in history

    assert publish_pending(boss, article).status_code == 302
    text = reader.get(url).content.decode()
    assert "三十二个" in text
    latest = revisions.versions(article).first()
    assert latest.history_user == publisher and "发布修改稿" in latest.history_change_reason


def test_a_changed_draft_after_the_publisher_looked_is_not_published(
    make_article, editor, publisher, reader
):
    article = make_article(body=LIVE)
    client = logged_in(editor)
    draft_change(client, article, body=FIXED)
    boss = logged_in(publisher)
    seen = read_form(boss.get(history_url(article)).content.decode()).data["seen"]
    draft_change(client, article, body="<p>另一个版本。</p>")
    response = boss.post(publish_pending_url(article), {"seen": seen}, follow=True)
    assert "没有发布" in response.content.decode()
    assert "另一个版本" not in reader.get(article.get_absolute_url()).content.decode()


def test_draft_change_is_not_offered_for_a_draft_nor_to_a_publisher(
    make_article, editor, publisher
):
    draft = make_article(status=Article.Status.DRAFT)
    assert logged_in(editor).get(draft_url(draft)).status_code == 403
    live = make_article()
    assert logged_in(publisher).get(draft_url(live)).status_code == 403


def test_empty_title_in_a_drafted_change_is_refused_in_chinese(make_article, editor):
    article = make_article(body=LIVE)
    response = draft_change(logged_in(editor), article, title="")
    assert response.status_code == 400
    assert "这个字段是必须的" in response.content.decode()
    assert not PendingRevision.objects.exists()


def test_waiting_article_renders_its_body_for_the_editor_not_its_html(make_article, editor):
    article = make_article(
        status=Article.Status.REVIEW, body="<p>正文<strong>加粗</strong>一段。</p>"
    )
    html = logged_in(editor).get(reverse("admin:news_article_change", args=[article.pk]))
    html = html.content.decode()
    assert "<strong>加粗</strong>" in html
    assert "&lt;strong&gt;" not in html and "&lt;p&gt;" not in html


def test_review_steps_are_versions_naming_who_took_each(make_article, editor, publisher):
    article = make_article(status=Article.Status.DRAFT, created_by=editor)
    client = logged_in(editor)
    url = reverse("admin:news_article_change", args=[article.pk])
    form = read_form(client.get(url).content.decode())
    response = client.post(url, {**form.data, "_submit_review": ["保存并提交审核"]}, follow=True)
    said = [str(m) for m in response.context["messages"]]
    assert said == ["已提交审核，“审核发布”人员审核后发布。"]  # one message, not two

    boss = logged_in(publisher)
    form = read_form(boss.get(url).content.decode())
    data = {**form.data, "review_note": ["请核对数字。"], "_return": ["确认退回"]}
    response = boss.post(url, data, follow=True)
    said = [str(m) for m in response.context["messages"]]
    assert said == ["已退回修改，作者打开时会看到退回意见。"]
    dashboard = client.get("/admin/").content.decode()
    assert re.search(r"退回给我的文章</a></th>\s*<td[^>]*><a[^>]*><strong[^>]*>1<", dashboard)

    client.post(url, {**read_form(client.get(url).content.decode()).data, "_submit_review": ["x"]})
    form = read_form(boss.get(url).content.decode())
    boss.post(url, {**form.data, "_approve": ["通过并发布"]})
    history = boss.get(history_url(article)).content.decode()
    kinds = re.findall(r'class="revision-kind">([^<]+)<', history)
    # newest first; each 保存并提交审核 is the save (修改) and then the step
    assert kinds == ["通过并发布", "提交审核", "修改", "退回修改", "提交审核", "修改", "新建"]
    assert "请核对数字" in history  # the return's note is in its version
    rows = list(revisions.versions(article))
    steps = [(revisions.kind_of(r), r.history_user) for r in rows]
    assert ("提交审核", editor) in steps
    assert ("退回修改", publisher) in steps
    assert ("通过并发布", publisher) in steps


def test_bulk_review_actions_record_their_step(make_article, editor, publisher):
    article = make_article(status=Article.Status.DRAFT)
    changelist = reverse("admin:news_article_changelist")
    logged_in(editor).post(
        changelist, {"action": "submit_review", "_selected_action": [article.pk]}
    )
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
    latest = revisions.versions(article).first()
    assert (revisions.kind_of(latest), latest.history_user) == ("提交审核", editor)


def test_a_drafted_change_with_a_remote_picture_is_not_published(
    make_article, editor, publisher, reader
):
    """The picture stays on another site (the guard refuses an inner address), so the
    change would show readers a broken picture: publishing it is refused, naming it."""
    picture = "http://10.1.2.3/wx/photo.png"
    article = make_article(title="年度报告", body=LIVE)
    response = draft_change(logged_in(editor), article, body=f'{FIXED}<p><img src="{picture}"></p>')
    assert response.status_code == 302
    assert picture in PendingRevision.objects.get().values["body"]

    response = publish_pending(logged_in(publisher), article)
    said = " ".join(str(m) for m in response.wsgi_request._messages)
    assert "没有发布修改稿" in said and picture in said
    assert PendingRevision.objects.count() == 1  # still waiting, for a fix or 放弃
    text = reader.get(article.get_absolute_url()).content.decode()
    assert "三十个" in text and "三十二个" not in text
