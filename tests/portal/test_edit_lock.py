"""Two people saving the same row at once: the second is told who changed it since they
opened it and keeps what they typed, instead of silently overwriting (editorial.admin.EditLock)."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from editorial.roles import PUBLISHER
from news.models import Article, Section
from portal.models import Page
from tests.admin_forms import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_publishers(django_user_model):
    clients = []
    for username, full_name in (("zhang", "张三"), ("li", "李四")):
        user = django_user_model.objects.create_user(
            username=username,
            password="pass-for-tests-123",
            first_name=full_name,
            is_staff=True,
        )
        user.groups.add(Group.objects.get(name=PUBLISHER))
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


def _open(client, url) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    data = form_data(response.content.decode())
    data.pop("csrfmiddlewaretoken", None)
    data["_save"] = ["保存"]
    return data


def _draft_article():
    section = Section.objects.create(name="协会动态", slug="association")
    return Article.objects.create(
        title="开发区招商会", section=section, body="<p>初稿。</p>", status=Article.Status.DRAFT
    )


def _rows():
    article = _draft_article()
    page = Page.objects.create(title="协会简介", slug="about", body="<p>初稿。</p>")
    return [
        (article, "admin:news_article_change", "body", "文章"),
        (page, "admin:portal_page_change", "body", "单页"),
        (article.section, "admin:news_section_change", "body", "栏目"),
    ]


def test_the_second_save_of_the_same_row_is_refused_and_keeps_the_text(two_publishers):
    zhang, li = two_publishers
    for obj, route, field, what in _rows():
        url = reverse(route, args=[obj.pk])
        zhang_form, li_form = _open(zhang, url), _open(li, url)

        zhang_form[field] = ["<p>张三的修改。</p>"]
        assert zhang.post(url, zhang_form).status_code == 302

        li_text = "<p>李四写了很久的长文。" + "开发区高质量发展。" * 200 + "</p>"
        li_form[field] = [li_text]
        response = li.post(url, li_form)

        assert response.status_code == 200, what
        page = response.content.decode()
        assert "张三 于 " in page and f"修改了此{what}，晚于您打开它的时间" in page
        assert "您填写的内容仍在下面的表单中" in page
        # Nothing of 李四's text is lost: the form shows it, as typed.
        assert form_data(page)[field] == [li_text]
        obj.refresh_from_db()
        assert getattr(obj, field) == "<p>张三的修改。</p>"

        # Having seen the warning, 李四 saves again on purpose: their text is kept.
        again = form_data(page)
        again.pop("csrfmiddlewaretoken", None)
        again["_save"] = ["保存"]
        assert li.post(url, again).status_code == 302
        obj.refresh_from_db()
        assert getattr(obj, field) == li_text


def test_saving_twice_in_a_row_alone_is_not_a_conflict(two_publishers):
    zhang, _ = two_publishers
    article = _draft_article()
    url = reverse("admin:news_article_change", args=[article.pk])
    for text in ("<p>第一稿。</p>", "<p>第二稿。</p>"):
        data = _open(zhang, url)
        data["body"] = [text]
        data["_continue"] = ["保存并继续编辑"]
        assert zhang.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.body == "<p>第二稿。</p>"


def test_a_read_only_view_carries_no_lock(editor, client):
    """An editor may view a live article but not change it: no hidden lock field there."""
    article = _draft_article()
    Article.objects.filter(pk=article.pk).update(status=Article.Status.PUBLISHED)
    client.force_login(editor)
    html = client.get(reverse("admin:news_article_change", args=[article.pk])).content.decode()
    assert 'name="edit_version"' not in html
    assert "初稿" in html
