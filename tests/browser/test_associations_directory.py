"""A reader uses the zone and association directories in Chromium; footer on every page."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def directory(make_page):
    from associations.models import Association, Industry, Link, LinkGroup, Zone

    it = Industry.objects.create(name="电子信息")
    for province, city in (("江苏省", "南京市"), ("江苏省", "苏州市"), ("四川省", "成都市")):
        for level in (Zone.Level.NATIONAL, Zone.Level.PROVINCIAL):
            zone = Zone.objects.create(
                name=f"{city}{level.label}示例开发区",
                province=province,
                city=city,
                level=level,
                zone_type=Zone.Type.ECONOMIC,
                year_approved=2001,
                website="https://example.org/",
                introduction="<p>示例园区简介。</p>",
            )
            zone.industries.add(it)
    association = Association.objects.create(
        name="江苏省开发区协会", kind=Association.Kind.PROVINCIAL, province="江苏省"
    )
    for order, name in enumerate(("政府部门", "行业协会", "新闻媒体", "友情链接")):
        group = LinkGroup.objects.create(name=name, order=order)
        Link.objects.create(group=group, name=f"{name}示例链接", url="https://example.org/")
    page = make_page(title="协会简介", slug="about", show_in_nav=True)
    return {"association": association, "page": page}


def test_reader_filters_zones_by_province_and_level_and_opens_one(
    page, directory, assert_accessible
):
    page.goto("/zones/")
    assert_accessible(page)
    page.locator("summary", has_text="省份").click()
    page.get_by_role("link", name="江苏省(4)").click()
    page.wait_for_url("**/zones/?province=*")
    assert page.locator(".dir-summary strong").inner_text() == "4"
    page.get_by_role("group", name="级别").get_by_role("link", name="国家级(2)").click()
    page.wait_for_url("**level=national**")
    names = page.locator(".dir-name a").all_inner_texts()
    assert sorted(names) == ["南京市国家级示例开发区", "苏州市国家级示例开发区"]
    # The URL can be shared: opening it again shows the same list.
    shared = page.url
    page.goto(shared)
    assert sorted(page.locator(".dir-name a").all_inner_texts()) == sorted(names)
    page.get_by_role("link", name="苏州市国家级示例开发区").click()
    page.wait_for_url("**/zones/*/")
    assert page.locator("h1").inner_text() == "苏州市国家级示例开发区"
    assert page.locator(".dir-facts").get_by_text("电子信息").is_visible()
    assert_accessible(page)


def test_phone_reader_can_search_and_page_does_not_overflow(phone_page, directory):
    phone_page.goto("/zones/")
    phone_page.get_by_label("关键词").fill("成都")
    phone_page.locator("#main").get_by_role("button", name="搜索").click()
    phone_page.wait_for_url("**q=**")
    assert phone_page.locator(".dir-name a").count() == 2
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390


def test_phone_chosen_facets_fold_into_chips_and_the_list_starts_on_the_first_screen(
    phone_page, directory, assert_accessible
):
    phone = phone_page
    phone.goto("/zones/")
    phone.locator("summary", has_text="省份").click()
    phone.get_by_role("link", name="江苏省(4)").click()
    phone.wait_for_url("**province=*")
    # The facets have folded away: the reader opens them again to choose a second one.
    level = phone.get_by_role("group", name="级别")
    assert not level.is_visible()
    phone.locator(".dir-facets > summary", has_text="修改筛选条件").click()
    level.get_by_role("link", name="国家级(2)").click()
    phone.wait_for_url("**level=national**")

    chips = phone.locator(".dir-chosen .chip")
    assert [t.replace("\n", "") for t in chips.all_inner_texts()] == ["江苏省✕", "国家级✕"]
    screen = phone.viewport_size["height"]
    count = phone.locator(".dir-summary").bounding_box()
    first = phone.locator(".dir-name a").first.bounding_box()
    assert count["y"] + count["height"] <= screen, count
    assert first["y"] + first["height"] <= screen, first
    assert phone.locator(".dir-summary strong").inner_text() == "2"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(phone)

    # Each chip removes its own choice and keeps the other.
    phone.get_by_role("link", name="取消级别：国家级").click()
    phone.wait_for_url(lambda url: "level=" not in url)
    assert "province=" in phone.url
    assert phone.locator(".dir-summary strong").inner_text() == "4"
    assert [t.replace("\n", "") for t in chips.all_inner_texts()] == ["江苏省✕"]


def test_association_directory_and_detail_pass_axe(page, directory, assert_accessible):
    page.goto("/associations/")
    assert_accessible(page)
    page.get_by_role("link", name="江苏省开发区协会").click()
    page.wait_for_url("**/associations/*/")
    assert page.locator("h1").inner_text() == "江苏省开发区协会"
    assert_accessible(page)


def test_footer_groups_show_on_every_page_type(page, directory):
    urls = [
        "/",
        directory["page"].get_absolute_url(),
        "/zones/",
        "/associations/",
        directory["association"].get_absolute_url(),
        "/no-such-page/",
    ]
    for url in urls:
        page.goto(url)
        footer = page.locator(".footer-links")
        for name in ("政府部门", "行业协会", "新闻媒体", "友情链接"):
            assert footer.get_by_role("heading", name=name).is_visible(), url
        link = footer.get_by_role("link", name="新闻媒体示例链接")
        assert link.get_attribute("rel") == "noopener noreferrer"
        assert link.get_attribute("target") == "_blank"
