"""简/繁: any reader page in traditional characters for a reader who chose it, cached apart
from the simplified page, with only its text converted."""

import re
from pathlib import Path

import opencc
import pytest
from django.test import Client

from portal.traditional import COOKIE, html_to_traditional

pytestmark = pytest.mark.django_db

BODY = '<p>开发区建设</p><p><a href="/search/?q=开发区">开发区名录</a></p>'


def traditional_reader() -> Client:
    client = Client()
    client.cookies[COOKIE] = "hant"
    return client


def test_only_text_and_what_people_read_in_attributes_is_converted():
    html = (
        '<html lang="zh-CN"><head><title>开发区</title>'
        '<meta name="description" content="开发区协会">'
        '<meta property="og:url" content="https://example.org/开发区/"></head><body>'
        '<a href="/search/?q=开发区" title="开发区" data-x="开发区">开发区</a>'
        '<button data-label-on="收起菜单" aria-label="打开菜单">菜单</button>'
        '<img alt="开发区" src="/media/开发区.png"><input value="开发区" placeholder="开发区">'
        '<script>var a = "开发区";</script><style>i::after { content: "开发区"; }</style>'
        '<textarea name="t">开发区</textarea>'
        '<select><option value="开发区">开发区</option><option>开发区</option></select>'
        '<a href="/script/hans/" lang="zh-Hans">简体</a><!-- 开发区 -->头发 &amp; 里面'
        "</body></html>"
    )
    assert html_to_traditional(html) == (
        '<html lang="zh-CN"><head><title>開發區</title>'
        '<meta name="description" content="開發區協會">'
        '<meta property="og:url" content="https://example.org/开发区/"></head><body>'
        '<a href="/search/?q=开发区" title="開發區" data-x="开发区">開發區</a>'
        '<button data-label-on="收起菜單" aria-label="打開菜單">菜單</button>'
        '<img alt="開發區" src="/media/开发区.png"><input value="开发区" placeholder="開發區">'
        '<script>var a = "开发区";</script><style>i::after { content: "开发区"; }</style>'
        '<textarea name="t">开发区</textarea>'
        '<select><option value="开发区">開發區</option><option>开发区</option></select>'
        '<a href="/script/hans/" lang="zh-Hans">简体</a><!-- 开发区 -->頭髮 &amp; 裏面'
        "</body></html>"
    )


def test_the_conversion_never_writes_markup():
    """Text goes out as OpenCC writes it, unescaped: no entry of its simplified-to-
    traditional dictionaries may hold a character that HTML reads as markup."""
    folder = Path(opencc.__file__).with_name("dictionary")
    for name in ("STCharacters.txt", "STPhrases.txt"):
        text = (folder / name).read_text(encoding="utf-8")
        assert not re.search(r"[<>&\"'=]", text), name


def test_the_switch_remembers_traditional_and_goes_back_to_the_page(client, make_page):
    make_page(slug="about", title="协会简介", body=BODY)
    html = client.get("/pages/about/").content.decode()
    assert '<html lang="zh-CN"' in html and "開發區" not in html
    assert 'href="/script/hant/?next=/pages/about/" rel="nofollow" lang="zh-Hant">繁體</a>' in html
    response = client.get("/script/hant/?next=/pages/about/")
    assert response.status_code == 302 and response["Location"] == "/pages/about/"
    assert response.cookies[COOKIE].value == "hant"
    assert response.cookies[COOKIE]["max-age"] == 365 * 24 * 3600
    assert "private" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    page = client.get("/pages/about/")
    html = page.content.decode()
    assert '<html lang="zh-Hant"' in html and page["Content-Language"] == "zh-Hant"
    assert (
        "<p>開發區建設</p>" in html
        and '<a href="/search/?q=开发区" rel="noopener noreferrer">開發區名錄</a>' in html
    )
    assert "協會簡介" in html
    # The way back is written in simplified characters, as the reader will read them.
    assert 'href="/script/hans/?next=/pages/about/" rel="nofollow" lang="zh-Hans">简体</a>' in html
    back = client.get("/script/hans/?next=/pages/about/")
    assert back["Location"] == "/pages/about/" and back.cookies[COOKIE].value == ""
    html = client.get("/pages/about/").content.decode()
    assert "开发区建设" in html and '<html lang="zh-CN"' in html


def test_each_script_has_its_own_cached_copy(reader, make_page, django_assert_num_queries):
    make_page(slug="about", body=BODY)
    hant = traditional_reader()
    assert reader.get("/pages/about/")["X-Page-Cache"] == "miss"
    # The simplified copy is never given to a traditional reader, nor the other way.
    first = hant.get("/pages/about/")
    assert first["X-Page-Cache"] == "miss" and "開發區建設" in first.content.decode()
    for client, shown, hidden in (
        (hant, "開發區建設", "开发区建设"),
        (reader, "开发区建设", "開發區建設"),
    ):
        with django_assert_num_queries(0):  # a hit is the page cache's read alone
            response = client.get("/pages/about/")
        html = response.content.decode()
        assert response["X-Page-Cache"] == "hit" and shown in html and hidden not in html
    assert response["Content-Language"] == "zh-CN"


@pytest.mark.parametrize(
    "value",
    ["HANT", "hant ", "hans", "zh-Hant", "hant\\x00", "h\xe4nt", "x" * 4000, "../../etc", '"'],
)
def test_any_other_value_of_the_cookie_means_simplified(reader, make_page, value):
    make_page(slug="about", body=BODY)
    reader.get("/pages/about/")  # the simplified copy is cached
    client = Client()
    client.cookies[COOKIE] = value
    response = client.get("/pages/about/")
    assert response.status_code == 200 and response["X-Page-Cache"] == "hit"
    assert "开发区建设" in response.content.decode()
    assert client.get("/no-such-page/").status_code == 404


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
        " /pages/about/",
        "\x00/",
        "",
    ],
)
def test_the_switch_goes_back_only_to_a_page_of_this_site(client, target):
    response = client.get("/script/hant/", {"next": target})
    assert response.status_code == 302 and response["Location"] == "/"


def test_a_line_break_in_the_address_stays_in_the_address(client):
    response = client.get("/script/hant/", {"next": "/pages/about/\r\nSet-Cookie: x=1"})
    assert response.status_code == 302
    assert response["Location"] == "/pages/about/%0D%0ASet-Cookie:%20x=1"


@pytest.mark.parametrize("path", ["/script/zh-hant/", "/script/HANT/", "/script/", "/script/x/"])
def test_an_unknown_script_is_not_found(client, path):
    assert client.get(path).status_code == 404


def test_the_switch_is_only_a_get(client):
    assert client.post("/script/hant/").status_code == 405


def test_the_link_back_holds_only_the_parameters_the_page_reads(reader):
    html = reader.get("/search/?q=开发区&utm_source=wechat").content.decode()
    assert 'href="/script/hant/?next=/search/%3Fq%3D%25E5%25BC%2580' in html
    assert "utm_source" not in html


def test_forms_keep_what_is_sent_back_and_convert_what_is_read(make_page):
    hant = traditional_reader()
    response = hant.get("/messages/new/")
    html = response.content.decode()
    assert '<html lang="zh-Hant"' in html and ">我要留言</h1>" in html
    assert "請輸入驗證碼" in html or "驗證碼" in html
    # The CSRF token comes back as the app wrote it: the form posts and is refused only
    # for what the reader left empty, in traditional characters.
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
    sent = hant.post("/messages/new/", {"csrfmiddlewaretoken": token, "subject": "开发区"})
    assert sent.status_code == 400
    html = sent.content.decode()
    assert 'value="开发区"' in html and "請" in html


def test_the_admin_is_never_converted(admin_client):
    admin_client.cookies[COOKIE] = "hant"
    response = admin_client.get("/admin/news/article/")
    html = response.content.decode()
    assert "中国开发区协会 管理后台" in html and "管理後臺" not in html
    assert "Content-Language" not in response
