"""Magazine issues, single-page sections, zones and associations in site search, and
every write path that changes their indexed text."""

import datetime
import io
import os
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from associations.models import Association, Industry, Zone
from associations.resources import ZoneResource
from associations.services import import_spreadsheet
from editorial.spreadsheets import row_problems
from news.models import MagazineEntry, MagazineIssue, Section
from tests.search.conftest import hits_of

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- magazine


def test_issue_is_found_by_its_contents_and_year_and_number(client, make_article):
    issue = MagazineIssue.objects.create(year=2024, number=3, title="园区更新专辑")
    MagazineEntry.objects.create(issue=issue, column="特别策划", title="老旧厂房改造的十种路径")
    url = issue.get_absolute_url()
    found = client.get("/search/", {"q": "厂房改造"})
    assert hits_of(found) == [url]
    # the snippet is the table of contents, each line's column and title
    snippet = re.search(r'<p class="search-hit-snippet">(.*?)</p>', found.content.decode())
    assert snippet and "特别策划 老旧" in snippet.group(1), found.content.decode()[-3000:]
    response = client.get("/search/", {"q": "中国开发区 2024", "kind": "magazine"})
    assert hits_of(response) == [url]
    html = response.content.decode()
    assert '<span class="badge badge-kind">会刊</span>' in html
    assert "<mark>开发区</mark>》<mark>2024</mark>年第3期 园区更新专辑" in html
    assert hits_of(client.get("/search/", {"q": "会刊"})) == [url]


def test_contents_edits_reindex_the_issue(client, make_article):
    issue = MagazineIssue.objects.create(year=2023, number=1)
    entry = MagazineEntry.objects.create(issue=issue, title="飞地经济观察")
    article = make_article(title="数字园区建设")
    linked = MagazineEntry.objects.create(issue=issue, article=article)  # no title of its own
    url = issue.get_absolute_url()
    assert url in hits_of(client.get("/search/", {"q": "飞地经济"}))
    found = client.get("/search/", {"q": "数字园区"})
    assert url in hits_of(found)
    # a line without a title of its own shows its article's title
    assert (
        "建设"
        in re.findall(r'<p class="search-hit-snippet">(.*?)</p>', found.content.decode())[
            hits_of(found).index(url)
        ]
    )

    entry.delete()
    assert hits_of(client.get("/search/", {"q": "飞地经济"})) == []
    article.title = "智慧园区建设"
    article.save()
    assert url in hits_of(client.get("/search/", {"q": "智慧园区"}))
    linked.title = "零碳园区实践"
    linked.save()
    assert url in hits_of(client.get("/search/", {"q": "零碳园区"}))


def test_hidden_issues_never_appear(client):
    MagazineIssue.objects.create(year=2022, number=5, title="保税维修专题", is_published=False)
    assert hits_of(client.get("/search/", {"q": "保税维修"})) == []


# ---------------------------------------------------------------- section pages


def test_single_page_sections_are_found_and_list_sections_are_not(client, news_sections):
    page = Section.objects.create(
        name="协会章程", slug="charter", kind=Section.Kind.PAGE, body="<p>会员代表大会职权。</p>"
    )
    Section.objects.create(name="章程修订动态", slug="charter-news")  # a list
    Section.objects.create(name="章程附件", slug="empty", kind=Section.Kind.PAGE)  # no body
    response = client.get("/search/", {"q": "章程"})
    assert hits_of(response) == [page.get_absolute_url()]
    assert '<span class="badge badge-kind">栏目</span>' in response.content.decode()
    page.body = "<p>理事会选举办法。</p>"
    page.save()
    assert hits_of(client.get("/search/", {"q": "选举办法"})) == [page.get_absolute_url()]


def test_list_sections_get_a_vector_so_turning_one_into_a_page_needs_no_reindex(news_sections):
    listing = Section.objects.create(name="章程修订动态", slug="charter-news")
    assert "'章程'" in listing.search_vector
    Section.objects.filter(pk=listing.pk).update(kind=Section.Kind.PAGE, body="<p>正文</p>")
    assert Section.search_kind.queryset().filter(pk=listing.pk).exists()


# ---------------------------------------------------------------- zones and associations


def test_zone_is_found_by_name_province_city_level_type_and_introduction(client, make_zone):
    zone = make_zone(
        name="温州经济技术开发区",
        province="浙江省",
        city="温州市",
        introduction="<p>园区以鞋服和电气为主。</p>",
    )
    make_zone(name="成都高新技术产业开发区", province="四川省", city="成都市")
    url = zone.get_absolute_url()
    for q in ["温州", "浙江", "温州 国家级", "浙江 经济技术开发区", "鞋服"]:
        assert hits_of(client.get("/search/", {"q": q})) == [url], q
    html = client.get("/search/", {"q": "温州"}).content.decode()
    assert '<span class="badge badge-kind">开发区</span>' in html
    assert '<p class="search-hit-meta"><span>浙江省 温州市</span>' in html
    assert "<mark>温州</mark>经济技术开发区" in html


def test_hidden_zones_and_associations_never_appear(client, make_zone):
    make_zone(name="隐藏示范开发区", is_published=False)
    Association.objects.create(name="隐藏示范协会", kind="branch", is_published=False)
    assert hits_of(client.get("/search/", {"q": "隐藏示范"})) == []


def test_zone_industries_saved_by_the_admin_are_searchable(client, superuser_client, make_zone):
    zone = make_zone(name="南京示例开发区")
    aviation = Industry.objects.create(name="航空航天")
    response = superuser_client.post(
        reverse("admin:associations_zone_change", args=[zone.pk]),
        {
            "name": zone.name,
            "level": zone.level,
            "zone_type": zone.zone_type,
            "is_published": "on",
            "province": zone.province,
            "city": zone.city,
            "address": "",
            "year_approved": "",
            "planned_area": "",
            "industries": [aviation.pk],
            "website": "",
            "introduction": "<p>简介。</p>",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    response = client.get("/search/", {"q": "航空航天"})
    assert hits_of(response) == [zone.get_absolute_url()]
    assert "国家级经济技术开发区 · 主导产业：<mark>航空航天</mark>" in response.content.decode()


def test_renaming_or_deleting_an_industry_reindexes_its_zones(client, make_zone):
    drones = Industry.objects.create(name="无人机")
    zone = make_zone(name="示例低空经济区", industries=[drones])
    zone.refresh_search_vector()
    assert hits_of(client.get("/search/", {"q": "无人机"})) == [zone.get_absolute_url()]
    drones.name = "低空飞行器"
    drones.save()
    assert hits_of(client.get("/search/", {"q": "无人机"})) == []
    assert hits_of(client.get("/search/", {"q": "飞行器"})) == [zone.get_absolute_url()]
    drones.delete()
    assert hits_of(client.get("/search/", {"q": "飞行器"})) == []


def test_spreadsheet_import_indexes_zones_with_their_industries(client, superuser):
    rows = (
        "名称,省份,城市,级别,类型,主导产业,批准年份,规划面积（平方公里）,网站,地址,简介,是否发布\n"
        "嘉兴示例经济技术开发区,浙江省,嘉兴市,国家级,经济技术开发区,"
        "光伏新能源、智能装备,1993,20,,,港口物流发达,是\n"
    )
    result = import_spreadsheet(
        resource_class=ZoneResource,
        content=rows.encode("utf-8"),
        file_format="csv",
        user=superuser,
    )
    assert not result.has_errors() and not result.has_validation_errors(), row_problems(result)
    zone = Zone.objects.get(name="嘉兴示例经济技术开发区")
    url = zone.get_absolute_url()
    for q in ["光伏新能源", "智能装备", "嘉兴", "港口物流"]:
        assert hits_of(client.get("/search/", {"q": q})) == [url], q


def test_dry_run_import_leaves_nothing_in_the_index(client, superuser):
    rows = (
        "名称,省份,城市,级别,类型,主导产业,批准年份,规划面积（平方公里）,网站,地址,简介,是否发布\n"
        "湖州示例开发区,浙江省,湖州市,省级,其他,竹木加工,,,,,,是\n"
    )
    import_spreadsheet(
        resource_class=ZoneResource,
        content=io.BytesIO(rows.encode()).getvalue(),
        file_format="csv",
        user=superuser,
        dry_run=True,
    )
    assert hits_of(client.get("/search/", {"q": "竹木加工"})) == []


def test_association_is_found_by_name_kind_and_introduction(client):
    association = Association.objects.create(
        name="浙江省开发区协会",
        kind=Association.Kind.PROVINCIAL,
        province="浙江省",
        introduction="<p>组织园区招商推介和干部培训。</p>",
    )
    url = association.get_absolute_url()
    for q in ["浙江 协会", "省级开发区协会", "招商推介"]:
        assert url in hits_of(client.get("/search/", {"q": q})), q
    html = client.get("/search/", {"q": "招商推介"}).content.decode()
    assert '<span class="badge badge-kind">协会</span>' in html
    assert '<p class="search-hit-meta"><span>省级开发区协会 浙江省</span>' in html


def test_zone_date_range_uses_the_last_edit(client, make_zone):
    zone = make_zone(name="示例综合保税区")
    Zone.objects.filter(pk=zone.pk).update(
        updated_at=zone.updated_at - datetime.timedelta(days=400)
    )
    recent = (zone.updated_at - datetime.timedelta(days=10)).date().isoformat()
    assert hits_of(client.get("/search/", {"q": "综合保税区", "from": recent})) == []
    assert hits_of(client.get("/search/", {"q": "综合保税区"})) == [zone.get_absolute_url()]


def test_rebuild_command_indexes_zones_with_industries_and_issues_with_contents(
    client, make_zone, django_assert_max_num_queries
):
    zones = [
        make_zone(name=f"示例开发区{n}", industries=[Industry.objects.create(name=f"产业{n}号")])
        for n in range(5)
    ]
    issue = MagazineIssue.objects.create(year=2021, number=4)
    MagazineEntry.objects.create(issue=issue, title="飞地经济观察")
    Zone.objects.update(search_vector=None)
    MagazineIssue.objects.update(search_vector=None)
    # per kind: count, rows, one prefetch, savepoint, bulk update, release: none per row
    with django_assert_max_num_queries(12):
        call_command(
            "rebuild_search_index",
            kind=["zone", "magazine"],
            stdout=open(os.devnull, "w"),
            verbosity=0,
        )
    assert hits_of(client.get("/search/", {"q": "产业3号"})) == [zones[3].get_absolute_url()]
    assert hits_of(client.get("/search/", {"q": "飞地经济"})) == [issue.get_absolute_url()]


def test_bulk_deleting_industries_in_the_admin_reindexes_their_zones(client, superuser, make_zone):
    drones = Industry.objects.create(name="无人机")
    zone = make_zone(name="示例低空经济区", industries=[drones])
    zone.refresh_search_vector()
    assert hits_of(client.get("/search/", {"q": "无人机"})) == [zone.get_absolute_url()]
    staff = client.__class__()
    staff.force_login(superuser)
    staff.post(
        "/admin/associations/industry/",
        {"action": "delete_selected", "_selected_action": [drones.pk], "post": "yes"},
    )
    assert not Industry.objects.exists()
    assert hits_of(client.get("/search/", {"q": "无人机"})) == []
