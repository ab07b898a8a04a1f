"""One paginator, one behaviour for a bad page number on every list readers page
through: what is not a page number gives page 1; a page past the end is a styled 404
whose sentence says how many pages there are; never a 500."""

import pytest

from news.models import Section

pytestmark = pytest.mark.django_db

LISTS = [
    "/news/national/",
    "/magazine/",
    "/zones/",
    "/associations/",
    "/messages/",
    "/search/?q=开发区&",
]


@pytest.fixture(autouse=True)
def _section(db):
    Section.objects.create(name="国家级开发区动态", slug="national")


@pytest.mark.parametrize("url", LISTS)
def test_a_page_past_the_end_is_a_404_that_says_why(client, url):
    separator = "" if url.endswith("&") else "?"
    response = client.get(f"{url}{separator}page=999")
    assert response.status_code == 404
    html = response.content.decode()
    assert "第 999 页不存在" in html and "抱歉，您访问的页面不存在" in html


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("page", ["abc", "0", "-3", "1.5", ""])
def test_what_is_not_a_page_number_gives_page_1(client, url, page):
    """A mistyped or cut-off link still shows the list, from its start."""
    separator = "" if url.endswith("&") else "?"
    response = client.get(f"{url}{separator}page={page}")
    assert response.status_code == 200
    assert response.context["page_obj"].number == 1


@pytest.mark.parametrize("url", LISTS)
def test_page_one_is_there_even_when_the_list_is_empty(client, url):
    assert client.get(url).status_code == 200
