"""Video embeds (插入媒体): the providers an editor may embed, Bilibili and Tencent Video.

CKEditor's 插入媒体 accepts only their addresses (`editor_config`) and saves
`<figure class="media"><oembed url="…"></oembed></figure>`. The sanitizer keeps an
`oembed` only with an address of theirs and writes after it the provider's player, an
`<iframe>` whose address we build from the video's id (never from what was typed), so
readers see the video and the editor, which reads the `oembed`, can edit it again. Any
other `<iframe>` is removed. The pages that show players allow frames from exactly
these hosts (`portal.csp`).
"""

import re
from urllib.parse import urlencode

from django.utils.html import escape

BILIBILI = re.compile(
    r"^https?://(?:www\.|m\.)?bilibili\.com/video/(BV[0-9A-Za-z]{10}|av\d{1,12})/?(?:[?#].*)?$"
)
TENCENT = re.compile(
    r"^https?://v\.qq\.com/x/(?:cover/[0-9a-z]{1,32}/|page/)([0-9a-z]{11})\.html(?:[?#].*)?$"
)
# For CKEditor's mediaEmbed (JavaScript regular expressions, given as strings).
EDITOR_PATTERNS = {"bilibili": [BILIBILI.pattern], "tencent-video": [TENCENT.pattern]}


def player(url: str) -> str | None:
    """The provider's player address for a video address of an allowed provider."""
    if match := BILIBILI.match(url):
        video = match[1]
        key = {"bvid": video} if video.startswith("BV") else {"aid": video[2:]}
        return "https://player.bilibili.com/player.html?" + urlencode({**key, "autoplay": 0})
    if match := TENCENT.match(url):
        return "https://v.qq.com/txp/iframe/player.html?" + urlencode({"vid": match[1]})
    return None


def keep_url(url: str) -> str | None:
    return url if player(url) else None


_OEMBED = re.compile(r'<oembed url="([^"]*)"></oembed>|<oembed></oembed>')


def add_players(cleaned: str) -> str:
    """After each kept `oembed` of sanitized HTML, its player; an empty one goes."""

    def frame(match: re.Match) -> str:
        url = match[1] and match[1].replace("&amp;", "&")
        src = player(url) if url else None
        if src is None:
            return ""
        return (
            f"{match[0]}"
            f'<iframe class="media-frame" src="{escape(src)}" title="视频" loading="lazy"'
            ' allowfullscreen referrerpolicy="strict-origin-when-cross-origin"></iframe>'
        )

    return _OEMBED.sub(frame, cleaned)
