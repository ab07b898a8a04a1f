import re

import pytest
from django.urls import reverse

from associations.models import Zone

pytestmark = pytest.mark.django_db

LIST = "/zones/"


def names(response) -> set[str]:
    return {zone.name for zone in response.context["zones"]}


@pytest.fixture
def zones(make_zone, make_industry):
    it = make_industry(name="电子信息")
    bio = make_industry(name="生物医药")
    auto = make_industry(name="新能源汽车")
    return {
        "industries": (it, bio, auto),
        "su_nat": make_zone(name="苏州工业园", province="江苏省", industries=[it, bio]),
        "su_prov": make_zone(
            name="常州省级开发区",
            province="江苏省",
            level=Zone.Level.PROVINCIAL,
            zone_type=Zone.Type.HIGH_TECH,
            industries=[auto],
        ),
        "sc_nat": make_zone(
            name="成都高新区",
            province="四川省",
            city="成都市",
            zone_type=Zone.Type.HIGH_TECH,
            industries=[it],
        ),
        "hl_border": make_zone(
            name="绥芬河边境经济合作区",
            province="黑龙江省",
            city="绥芬河市",
            zone_type=Zone.Type.BORDER,
            industries=[bio],
        ),
        "hidden": make_zone(name="未发布开发区", province="江苏省", is_published=False),
    }


def test_list_shows_only_published_zones(client, zones):
    response = client.get(LIST)
    assert response.status_code == 200
    assert names(response) == {"苏州工业园", "常州省级开发区", "成都高新区", "绥芬河边境经济合作区"}
    assert "未发布开发区" not in response.content.decode()


def test_region_is_derived_from_province(zones):
    assert zones["su_nat"].region == "east"
    assert zones["sc_nat"].region == "west"
    assert zones["hl_border"].region == "northeast"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"region": "east"}, {"苏州工业园", "常州省级开发区"}),
        ({"region": "northeast"}, {"绥芬河边境经济合作区"}),
        ({"province": "四川省"}, {"成都高新区"}),
        ({"level": "provincial"}, {"常州省级开发区"}),
        ({"type": "hightech"}, {"常州省级开发区", "成都高新区"}),
        ({"type": "border"}, {"绥芬河边境经济合作区"}),
        ({"q": "成都"}, {"成都高新区"}),
        ({"q": "绥芬河市"}, {"绥芬河边境经济合作区"}),
        ({"province": "江苏省", "level": "national"}, {"苏州工业园"}),
        ({"region": "east", "type": "hightech"}, {"常州省级开发区"}),
        ({"region": "west", "level": "provincial"}, set()),
    ],
)
def test_each_filter_and_combination_narrows(client, zones, params, expected):
    response = client.get(LIST, params)
    assert response.status_code == 200
    assert names(response) == expected
    assert response.context["total"] == len(expected)


def test_several_industries_match_any_of_them_and_combine_with_other_filters(client, zones):
    it, bio, auto = zones["industries"]
    response = client.get(f"{LIST}?industry={bio.pk}&industry={auto.pk}")
    assert names(response) == {"苏州工业园", "常州省级开发区", "绥芬河边境经济合作区"}
    response = client.get(f"{LIST}?industry={bio.pk}&industry={auto.pk}&region=east")
    assert names(response) == {"苏州工业园", "常州省级开发区"}
    response = client.get(f"{LIST}?industry={it.pk}&level=national&province=四川省")
    assert names(response) == {"成都高新区"}


def test_zone_with_two_chosen_industries_is_listed_once(client, zones):
    it, bio, _ = zones["industries"]
    response = client.get(f"{LIST}?industry={it.pk}&industry={bio.pk}")
    listed = [zone.name for zone in response.context["zones"]]
    assert listed.count("苏州工业园") == 1
    assert response.context["total"] == len(listed) == 3


def facet(response, param):
    return {
        o.value: o.count
        for f in response.context["facets"]
        if f.facet.param == param
        for o in f.options
    }


def test_facet_counts_match_what_each_choice_would_show(client, zones):
    it, bio, auto = zones["industries"]
    response = client.get(LIST, {"region": "east"})
    # Other facets count within the east only; the region facet ignores its own choice.
    assert facet(response, "region") == {"east": 2, "west": 1, "northeast": 1}
    assert facet(response, "level") == {"national": 1, "provincial": 1}
    assert facet(response, "province") == {"江苏省": 2}
    assert facet(response, "industry") == {str(it.pk): 1, str(bio.pk): 1, str(auto.pk): 1}
    for value, count in facet(response, "type").items():
        assert client.get(LIST, {"region": "east", "type": value}).context["total"] == count


def test_facet_counts_refresh_after_an_edit(client, zones, make_zone):
    assert facet(client.get(LIST), "province")["四川省"] == 1
    make_zone(name="绵阳科技城", province="四川省")
    assert facet(client.get(LIST), "province")["四川省"] == 2
    zones["sc_nat"].delete()
    assert facet(client.get(LIST), "province")["四川省"] == 1


def test_unknown_filter_values_are_ignored_with_a_message(client, zones):
    response = client.get(LIST, {"province": "火星", "level": "galactic", "industry": "abc"})
    assert response.status_code == 200
    assert len(names(response)) == 4
    html = response.content.decode()
    assert "无法识别，已忽略" in html
    assert "省份“火星”" in html


def test_search_without_matches_shows_a_friendly_empty_state(client, zones):
    response = client.get(LIST, {"q": "不存在的园区名称"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "没有符合条件的开发区" in html
    assert "查看全部开发区" in html


def test_a_page_past_the_end_is_a_404_and_not_a_page_number_is_page_1(client, zones):
    assert client.get(LIST, {"page": "999"}).status_code == 404
    for page in ("abc", "-1"):
        response = client.get(LIST, {"page": page})
        assert response.status_code == 200 and response.context["page_obj"].number == 1


def test_pagination_keeps_the_filters_in_its_links(client, make_zone):
    for n in range(25):
        make_zone(name=f"分页测试区{n:02d}", province="山东省")
    response = client.get(LIST, {"province": "山东省"})
    html = response.content.decode()
    assert response.context["paginator"].count == 25
    assert re.search(r'href="\?province=%E5%B1%B1%E4%B8%9C%E7%9C%81&amp;page=2"', html)
    second = client.get(LIST, {"province": "山东省", "page": 2})
    assert len(second.context["zones"]) == 5


def test_facet_links_are_shareable_urls_that_combine(client, zones):
    response = client.get(LIST, {"region": "east"})
    level_options = next(f for f in response.context["facets"] if f.facet.param == "level")
    national = next(o for o in level_options.options if o.value == "national")
    assert "region=east" in national.query and "level=national" in national.query
    assert names(client.get(f"{LIST}?{national.query}")) == {"苏州工业园"}


def test_detail_page_shows_every_field(client, zones):
    zone = zones["su_nat"]
    response = client.get(zone.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("苏州工业园", "国家级", "经济技术开发区", "东部", "江苏省", "南京市", "1992 年"):
        assert text in html
    assert "12.50 平方公里" in html
    assert "电子信息" in html and "生物医药" in html
    assert 'href="https://example.org/zone/" rel="noopener noreferrer" target="_blank"' in html
    assert "<p>园区简介。</p>" in html
    # No related news yet: the block only appears once the lead passes related_articles.
    assert "相关资讯" not in html


def test_unpublished_zone_is_404_for_readers_and_previewable_for_staff(client, zones, superuser):
    url = zones["hidden"].get_absolute_url()
    assert client.get(url).status_code == 404
    client.force_login(superuser)
    response = client.get(url)
    assert response.status_code == 200
    assert "尚未发布" in response.content.decode()


def test_absolute_url_contract(zones):
    zone = zones["su_nat"]
    assert zone.get_absolute_url() == f"/zones/{zone.pk}/"
    assert reverse("associations:zone_list") == "/zones/"


def test_reader_text_is_escaped(client, make_zone):
    make_zone(name="<script>alert(1)</script>区")
    html = client.get(LIST).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def _fill(make_zone, industries, n):
    provinces = ["江苏省", "四川省", "广东省", "辽宁省", "河南省"]
    for i in range(n):
        make_zone(
            name=f"规模测试区{n}-{i}",
            province=provinces[i % 5],
            level=Zone.Level.NATIONAL if i % 2 else Zone.Level.PROVINCIAL,
            industries=industries[: 1 + i % 3],
        )


@pytest.mark.parametrize("n", [10, 200])
def test_list_query_count_is_fixed(
    client, make_zone, make_industry, django_assert_max_num_queries, n
):
    industries = [make_industry() for _ in range(3)]
    _fill(make_zone, industries, n)
    url = f"{LIST}?region=east&industry={industries[0].pk}&industry={industries[1].pk}"
    client.get("/")  # warms the site-wide caches (settings, navigation, footer)
    # Cold: five facet counts, the industry names, the page of zones, their industries.
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200
    # Warm: facet counts and industry names come from the cache.
    with django_assert_max_num_queries(2):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("n", [10, 200])
def test_detail_query_count_is_fixed(
    client, make_zone, make_industry, django_assert_max_num_queries, n
):
    industries = [make_industry() for _ in range(3)]
    _fill(make_zone, industries, n)
    zone = Zone.objects.filter(province="江苏省").last()
    client.get(zone.get_absolute_url())
    # the zone, its industries, nearby zones, its related news (Article.zones)
    with django_assert_max_num_queries(4):
        assert client.get(zone.get_absolute_url()).status_code == 200


def test_detail_shows_the_logo_with_alt_text(client, make_zone, png_bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    zone = make_zone(name="有标志的开发区", logo=SimpleUploadedFile("logo.png", png_bytes()))
    html = client.get(zone.get_absolute_url()).content.decode()
    assert f'src="{zone.logo.url}" alt="有标志的开发区标志"' in html
    assert zone.logo.name != "directory/logo.png"  # stored under a generated name


def test_short_province_names_in_the_url_are_understood(client, zones):
    response = client.get(LIST, {"province": "江苏"})
    assert names(response) == {"苏州工业园", "常州省级开发区"}
    assert not response.context["ignored_filters"]
