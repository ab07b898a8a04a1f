"""The review queue: a 编辑 submits a draft (待审核), a publisher approves it (通过并发布)
or returns it with a note the writer reads (退回修改); publishers are mailed."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from news.models import Article
from portal.models import SiteSettings
from tests.admin_forms import form_data, list_action, logged_in

pytestmark = pytest.mark.django_db

LIST = reverse("admin:news_article_changelist")
QUEUE = LIST + "?status__exact=review"


def change_url(article):
    return reverse("admin:news_article_change", args=[article.pk])


def press(client, article, button, **fields):
    """Post the article's change form unchanged but for `fields`, with `button`."""
    url = change_url(article)
    data = form_data(client.get(url).content.decode())
    data.pop("csrfmiddlewaretoken", None)
    for name, value in fields.items():
        data[name] = [value]
    data[button] = ["x"]
    return client.post(url, data)


@pytest.fixture
def mailbox(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return mail.outbox


@pytest.fixture
def drafts(make_article, editor):
    past = timezone.now() - timedelta(days=17)
    return [
        make_article(
            title=f"待审稿{n}", status=Article.Status.DRAFT, publish_at=past, created_by=editor
        )
        for n in range(2)
    ]


def test_an_editor_submits_and_the_publishers_are_mailed_after_the_commit(
    editor, publisher, superuser, drafts, mailbox, django_capture_on_commit_callbacks
):
    inactive = type(publisher).objects.create_user("gone", "gone@example.org", is_staff=True)
    inactive.groups.set(publisher.groups.all())
    inactive.is_active = False
    inactive.save()
    client = logged_in(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = press(client, drafts[0], "_submit_review", title="改好的标题")
    assert response.status_code == 302
    article = Article.objects.get(pk=drafts[0].pk)
    assert article.status == Article.Status.REVIEW and article.title == "改好的标题"
    assert not article.is_visible
    assert Article.objects.get(pk=drafts[1].pk).status == Article.Status.DRAFT
    assert len(mailbox) == 1
    assert sorted(mailbox[0].to) == ["boss@example.org", "publisher@example.org"]
    assert "改好的标题" in mailbox[0].subject and "改好的标题" in mailbox[0].body
    assert "/admin/news/article/?status__exact=review" in mailbox[0].body


def test_no_mail_when_the_site_settings_turn_it_off(
    editor, publisher, drafts, mailbox, django_capture_on_commit_callbacks
):
    site = SiteSettings.load()
    site.notify_review = False
    site.save()
    with django_capture_on_commit_callbacks(execute=True):
        press(logged_in(editor), drafts[0], "_submit_review")
    assert Article.objects.get(pk=drafts[0].pk).status == Article.Status.REVIEW
    assert mailbox == []


def test_the_submit_action_sends_only_drafts_and_says_how_many(
    editor, publisher, drafts, make_article, mailbox, django_capture_on_commit_callbacks
):
    live = make_article(title="已发布的")
    pks = [str(a.pk) for a in (*drafts, live)]
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in(editor).post(
            LIST, {"action": "submit_review", "_selected_action": pks, "index": "0"}, follow=True
        )
    assert "已提交审核 2 篇；1 篇不是草稿，未提交。" in response.content.decode()
    assert Article.objects.filter(status=Article.Status.REVIEW).count() == 2
    assert Article.objects.get(pk=live.pk).status == Article.Status.PUBLISHED
    assert len(mailbox) == 1 and "等 2 篇" in mailbox[0].subject


def test_the_queue_address_lists_what_waits_and_the_filter_counts_it(
    publisher, drafts, make_article
):
    Article.objects.filter(pk=drafts[0].pk).update(status=Article.Status.REVIEW)
    make_article(title="别的已发布文章")
    html = logged_in(publisher).get(QUEUE).content.decode()
    assert "待审稿0" in html and "待审稿1" not in html and "别的已发布文章" not in html
    assert "待审核 (1)" in html and "草稿 (1)" in html and "已发布 (1)" in html


def test_approve_publishes_dated_now_and_clears_the_note(publisher, drafts):
    article = drafts[0]
    Article.objects.filter(pk=article.pk).update(status=Article.Status.REVIEW, review_note="旧意见")
    before = timezone.now()
    response = press(logged_in(publisher), article, "_approve")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED and article.is_visible
    assert article.publish_at >= before and article.review_note == ""


def test_approve_keeps_a_future_time_scheduled(publisher, drafts):
    article = drafts[0]
    later = (timezone.now() + timedelta(days=3)).replace(second=0, microsecond=0)
    Article.objects.filter(pk=article.pk).update(status=Article.Status.REVIEW, publish_at=later)
    press(logged_in(publisher), article, "_approve")
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED and article.publish_at == later
    assert not article.is_visible


def test_the_approve_action_publishes_only_what_waits(publisher, drafts):
    Article.objects.filter(pk=drafts[0].pk).update(status=Article.Status.REVIEW)
    before = timezone.now()
    pks = [str(a.pk) for a in drafts]
    response = list_action(logged_in(publisher), LIST, "approve", pks)
    assert (
        "已通过并发布 1 篇待审文章，其中 1 篇的发布时间已过，改为现在" in response.content.decode()
    )
    published = Article.objects.get(pk=drafts[0].pk)
    assert published.status == Article.Status.PUBLISHED and published.publish_at >= before
    assert Article.objects.get(pk=drafts[1].pk).status == Article.Status.DRAFT


def test_returning_needs_a_note_and_the_writer_reads_it(publisher, editor, drafts):
    article = drafts[0]
    Article.objects.filter(pk=article.pk).update(status=Article.Status.REVIEW)
    boss = logged_in(publisher)
    refused = press(boss, article, "_return", review_note="")
    assert refused.status_code == 200
    assert "退回修改时请填写退回意见，告诉作者要改什么。" in refused.content.decode()
    assert Article.objects.get(pk=article.pk).status == Article.Status.REVIEW

    assert press(boss, article, "_return", review_note="第二段数据请核实出处").status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT and article.review_note == "第二段数据请核实出处"

    writer = logged_in(editor)
    form = writer.get(change_url(article)).content.decode()
    assert "第二段数据请核实出处" in form and "保存并提交审核" in form
    returned = writer.get(LIST, {"mine": "returned"}).content.decode()
    assert "待审稿0" in returned and "待审稿1" not in returned and "已退回" in returned


def test_the_return_action_asks_for_the_note_first(publisher, drafts):
    Article.objects.filter(pk__in=[a.pk for a in drafts]).update(status=Article.Status.REVIEW)
    boss = logged_in(publisher)
    pks = [str(a.pk) for a in drafts]
    ask = boss.post(LIST, {"action": "return_for_changes", "_selected_action": pks, "index": "0"})
    assert ask.status_code == 200 and "退回意见" in ask.content.decode()
    assert Article.objects.filter(status=Article.Status.REVIEW).count() == 2
    empty = {"action": "return_for_changes", "_selected_action": pks, "post": "yes"}
    assert boss.post(LIST, {**empty, "review_note": " "}).status_code == 200
    assert Article.objects.filter(status=Article.Status.REVIEW).count() == 2
    done = boss.post(LIST, {**empty, "review_note": "标题太长"}, follow=True)
    assert "已退回 2 条" in done.content.decode()
    assert set(Article.objects.values_list("status", "review_note")) == {("draft", "标题太长")}


def test_an_editor_can_neither_approve_nor_return(editor, drafts):
    waiting = drafts[0]
    Article.objects.filter(pk=waiting.pk).update(status=Article.Status.REVIEW)
    writer = logged_in(editor)
    # What waits for review is the publishers' now: the 编辑 may look, not change.
    assert press(writer, waiting, "_approve").status_code == 403
    for action in ("approve", "publish", "return_for_changes"):
        writer.post(
            LIST,
            {"action": action, "_selected_action": [str(waiting.pk)], "post": "yes", "index": "0"}
            | {"review_note": "x"},
        )
    press(writer, drafts[1], "_approve")
    assert list(Article.objects.order_by("pk").values_list("status", flat=True)) == [
        "review",
        "draft",
    ]


def test_the_list_shows_who_wrote_and_who_changed_and_my_articles(
    editor, publisher, make_article, django_assert_max_num_queries
):
    for n in range(12):
        make_article(title=f"别人的{n}", created_by=publisher, updated_by=publisher)
    make_article(title="我写的稿", created_by=editor, updated_by=publisher)
    boss = logged_in(publisher)
    with django_assert_max_num_queries(16):
        html = boss.get(LIST).content.decode()
    assert "创建人" in html and "最后修改人" in html
    assert len(re.findall(r'class="field-created_by[^"]*">editor<', html)) == 1
    assert len(re.findall(r'class="field-updated_by[^"]*">publisher<', html)) == 13
    mine = logged_in(editor).get(LIST, {"mine": "created"}).content.decode()
    assert "我写的稿" in mine and "别人的" not in mine
