"""The 栏目 change list at 1,280 px, beside the app list and the filters: every column,
the last one (下级: 添加子栏目) included, is inside the list's box without scrolling,
and 添加子栏目 reads on one line. At 390 px the table scrolls inside its own box."""

from pathlib import Path

import pytest

from news.models import Section

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"

BOXES = """() => {
  const heads = [...document.querySelectorAll('#result_list thead th')];
  const last = heads[heads.length - 1].getBoundingClientRect();
  const box = document.querySelector('#changelist .results');
  const link = document.querySelector('#result_list .field-add_child a');
  const size = parseFloat(getComputedStyle(link).fontSize);
  return {
    lastRight: last.right, boxRight: box.getBoundingClientRect().right,
    boxScrolls: box.scrollWidth > box.clientWidth, overflow: getComputedStyle(box).overflowX,
    linkLines: link.getBoundingClientRect().height / size,
    pageWidth: document.documentElement.scrollWidth, head: heads[heads.length - 1].innerText,
  };
}"""


@pytest.fixture
def tree():
    news = Section.objects.create(name="资讯中心", slug="news", kind=Section.Kind.LIST, order=10)
    for n, name in enumerate(("协会动态", "国家级开发区动态", "地方开发区动态", "政策法规")):
        Section.objects.create(
            name=name, slug=f"s{n}", kind=Section.Kind.LIST, parent=news, order=n
        )
    Section.objects.create(
        name="中国开发区", slug="zones-menu", kind=Section.Kind.LINK, external_url="/zones/"
    )


def test_the_last_column_of_the_sections_list_is_inside_its_box_at_1280(
    page, superuser, tree, admin_login
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    admin_login(page, superuser.username)
    page.goto("/admin/news/section/")
    boxes = page.evaluate(BOXES)
    assert boxes["head"] == "下级"
    assert boxes["lastRight"] <= boxes["boxRight"] + 0.5, boxes
    assert not boxes["boxScrolls"], boxes
    assert boxes["linkLines"] < 1.8, boxes  # 添加子栏目 on one line
    assert boxes["pageWidth"] <= 1280
    page.screenshot(path=str(SHOTS / "sections-1280.png"))


def test_on_a_phone_the_sections_table_scrolls_in_its_own_box(
    phone_page, superuser, tree, admin_login
):
    admin_login(phone_page, superuser.username)
    phone_page.goto("/admin/news/section/")
    boxes = phone_page.evaluate(BOXES)
    assert boxes["overflow"] == "auto"
    assert boxes["pageWidth"] <= 390  # the page itself does not scroll sideways
