"""Sections in the admin: an indented tree with 添加子栏目 on each row, articles only in
文章列表 sections, new sections off the home page, 网址名 from the name's pinyin."""

import json
import re

import pytest
from django.urls import reverse

from news.models import Article, Section
from tests.admin_forms import form_data, logged_in

pytestmark = pytest.mark.django_db

LIST = reverse("admin:news_section_changelist")
ADD = reverse("admin:news_section_add")


@pytest.fixture
def tree(make_section):
    news = make_section(name="资讯中心", slug="news", order=10)
    cases = make_section(name="园区案例", slug="cases", order=5)
    policy = make_section(name="政策法规", slug="policy", parent=news, order=20)
    local = make_section(name="地方动态", slug="local", parent=news, order=10)
    deep = make_section(name="长三角", slug="yrd", parent=local, order=1)
    page = make_section(name="办事指南", slug="guide", kind=Section.Kind.PAGE)
    return {s.slug: s for s in (news, cases, policy, local, deep, page)}


def rows(html):
    """(depth, name) of each row of the section list, in order."""
    found = re.findall(
        r'<span class="tree-depth-(\d)">(?:<span[^>]*>└ </span>)?([^<]+)</span>', html
    )
    return [(int(depth), name) for depth, name in found]


def test_the_list_is_the_tree_indented(publisher, tree, django_assert_max_num_queries):
    client = logged_in(publisher)
    with django_assert_max_num_queries(14):
        html = client.get(LIST).content.decode()
    assert rows(html) == [
        (0, "园区案例"),
        (0, "资讯中心"),
        (1, "地方动态"),
        (2, "长三角"),
        (1, "政策法规"),
        (0, "办事指南"),
    ]
    # a column header still sorts as asked
    assert [name for _d, name in rows(client.get(LIST, {"o": "2"}).content.decode())][:2] == [
        "园区案例",
        "办事指南",
    ]


def test_each_row_adds_a_child_with_its_parent_chosen(publisher, tree):
    client = logged_in(publisher)
    local = tree["local"]
    html = client.get(LIST).content.decode()
    assert f'href="{ADD}?parent={local.pk}"' in html and "添加子栏目" in html
    form = form_data(client.get(ADD, {"parent": local.pk}).content.decode())
    assert form["parent"] == [str(local.pk)]


def test_the_add_form_starts_off_the_home_page_and_makes_the_address_from_pinyin(publisher, tree):
    client = logged_in(publisher)
    form = form_data(client.get(ADD).content.decode())
    assert "show_on_home" not in form  # unticked
    form.pop("csrfmiddlewaretoken")
    form.update({"name": ["国家级开发区动态"], "slug": [""], "_save": ["保存"]})
    assert client.post(ADD, form).status_code == 302
    made = Section.objects.get(name="国家级开发区动态")
    assert made.slug == "guojiaji-kaifaqu-dongtai" and not made.show_on_home
    # the same name again: the address stays unique
    assert client.post(ADD, form).status_code == 302
    assert Section.objects.filter(name="国家级开发区动态").count() == 2
    assert Section.objects.filter(slug="guojiaji-kaifaqu-dongtai-2").exists()
    # typed by hand: kept as typed
    form.update({"name": ["通知"], "slug": ["notices-2"]})
    client.post(ADD, form)
    assert Section.objects.get(name="通知").slug == "notices-2"


def test_the_form_asks_the_server_for_the_pinyin_while_the_name_is_typed(publisher, tree):
    client = logged_in(publisher)
    url = reverse("admin:news_section_slug")
    assert f'data-pinyin-url="{url}"' in client.get(ADD).content.decode()
    answer = client.get(url, {"name": "政策法规"})
    assert json.loads(answer.content) == {"slug": "zhengcefagui"}
    # its own address is not "taken" when a section is renamed
    policy = tree["policy"]
    Section.objects.filter(pk=policy.pk).update(slug="zhengcefagui")
    assert json.loads(client.get(url, {"name": "政策法规"}).content) == {"slug": "zhengcefagui-2"}
    mine = client.get(url, {"name": "政策法规", "id": policy.pk})
    assert json.loads(mine.content) == {"slug": "zhengcefagui"}


def test_an_editor_may_not_add_sections(editor, tree):
    client = logged_in(editor)
    assert "添加子栏目" not in client.get(LIST).content.decode()


def test_an_article_can_only_be_filed_into_an_article_list(publisher, tree):
    client = logged_in(publisher)
    url = reverse("admin:news_article_add")
    form = form_data(client.get(url).content.decode())
    form.pop("csrfmiddlewaretoken")
    form.update({"title": ["放错栏目"], "section": [str(tree["guide"].pk)], "_save": ["保存"]})
    refused = client.post(url, form)
    assert refused.status_code == 200
    assert "只能选择类型为“文章列表”的栏目" in refused.content.decode()
    assert not Article.objects.exists()
    # the section picker offers list sections only
    found = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "news", "model_name": "article", "field_name": "section", "term": ""},
    )
    names = {row["text"] for row in json.loads(found.content)["results"]}
    assert "办事指南" not in names and "政策法规" in names
    form["section"] = [str(tree["policy"].pk)]
    assert client.post(url, form).status_code == 302
    assert Article.objects.get().section == tree["policy"]


def test_an_editor_opens_a_section_read_only(editor, tree):
    """编辑 may view sections but not change them: the change page is the read-only
    view (no 网址名 input to add a hint to), not a server error."""
    url = reverse("admin:news_section_change", args=[tree["news"].pk])
    response = logged_in(editor).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "资讯中心" in html and 'name="slug"' not in html
