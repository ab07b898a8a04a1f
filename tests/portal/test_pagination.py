"""One paginator, one behaviour for a bad page number on every list readers page
through: a styled 404 whose sentence says what was wrong, never a 500."""

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
@pytest.mark.parametrize(
    ("page", "sentence"),
    [
        ("abc", "页码“abc”无效"),
        ("0", "页码“0”无效"),
        ("-3", "页码“-3”无效"),
        ("999", "第 999 页不存在"),
    ],
)
def test_a_bad_page_number_is_a_404_that_says_why(client, url, page, sentence):
    separator = "" if url.endswith("&") else "?"
    response = client.get(f"{url}{separator}page={page}")
    assert response.status_code == 404
    html = response.content.decode()
    assert sentence in html and "抱歉，您访问的页面不存在" in html


@pytest.mark.parametrize("url", LISTS)
def test_page_one_is_there_even_when_the_list_is_empty(client, url):
    assert client.get(url).status_code == 200
