"""插入媒体: Bilibili and Tencent Video embed as their players; any other provider or
iframe is stripped; frames are allowed from exactly those hosts where a player shows."""

import re

import pytest

from editorial.editor_config import EDITOR_CONFIGS
from editorial.sanitize import clean_html
from news.models import Article

pytestmark = pytest.mark.django_db

BILIBILI = '<figure class="media"><oembed url="https://www.bilibili.com/video/BV1GJ411x7h7"></oembed></figure>'
TENCENT = (
    '<figure class="media">'
    '<oembed url="https://v.qq.com/x/cover/mzc00200abc/k0045abcdef.html"></oembed></figure>'
)
HOSTS = {"https://player.bilibili.com", "https://v.qq.com"}


def frame_src(response) -> set[str]:
    policy = response["Content-Security-Policy"]
    match = re.search(r"frame-src ([^;]+)", policy)
    return set(match[1].split()) if match else set()


def test_bilibili_and_tencent_become_their_players_and_survive_a_second_save():
    html = clean_html(BILIBILI + TENCENT)
    assert 'src="https://player.bilibili.com/player.html?bvid=BV1GJ411x7h7&amp;autoplay=0"' in html
    assert 'src="https://v.qq.com/txp/iframe/player.html?vid=k0045abcdef"' in html
    assert clean_html(html) == html


@pytest.mark.parametrize(
    "hostile",
    [
        '<iframe src="https://evil.example/"></iframe>',
        '<iframe src="https://player.bilibili.com/player.html?bvid=BV1GJ411x7h7"></iframe>',
        '<figure class="media"><oembed url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"></oembed></figure>',
        '<oembed url="https://www.bilibili.com.evil.example/video/BV1GJ411x7h7"></oembed>',
        '<oembed url="javascript:alert(1)//bilibili.com/video/BV1GJ411x7h7"></oembed>',
        '<oembed url="https://www.bilibili.com/video/BV1GJ411x7h7&quot;onload=&quot;x"></oembed>',
    ],
)
def test_another_provider_or_a_typed_iframe_is_stripped(hostile):
    html = clean_html(hostile)
    assert "<iframe" not in html and "evil" not in html and "youtube" not in html
    assert "onload" not in html.replace("&quot;onload", "")  # never an attribute


def test_the_editor_offers_only_the_two_providers():
    media = EDITOR_CONFIGS["default"]["mediaEmbed"]
    assert {p["name"] for p in media["extraProviders"]} == {"bilibili", "tencent-video"}
    assert "youtube" in media["removeProviders"]


def test_frame_src_is_exactly_the_players_on_a_page_with_one_and_absent_elsewhere(
    reader, make_article, superuser_client
):
    with_video = make_article(body=clean_html("<p>视频：</p>" + BILIBILI))
    plain = make_article(body="<p>没有视频。</p>")
    response = reader.get(with_video.get_absolute_url())
    assert 'class="media-frame"' in response.content.decode()
    assert frame_src(response) == HOSTS
    assert frame_src(reader.get(plain.get_absolute_url())) == set()
    admin_page = superuser_client.get(f"/admin/news/article/{with_video.pk}/change/")
    assert frame_src(admin_page) == HOSTS


def test_a_saved_article_keeps_the_player_readers_see(make_article):
    article = make_article(body=BILIBILI)
    article.refresh_from_db()
    assert Article.objects.get(pk=article.pk).body.count('class="media-frame"') == 1
