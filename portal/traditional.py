"""简/繁: reader pages in traditional characters, for readers who ask.

The site is written in simplified characters. A reader who presses 繁體 in the header gets
the cookie `script=hant` (`choose_script`), and from then on every page outside the admin
is converted to traditional characters on its way out (`TraditionalMiddleware`, OpenCC
`s2t`), with `<html lang="zh-Hant">`. The cookie is a choice of script, not personal
state: both caches keep one copy of a page per script. The page cache keys on `script_of`
(`portal.pagecache.page_key`), and nginx on the same cookie value; nginx stores a copy
under the traditional key only when the answer says `Content-Language: zh-Hant`, and
never stores that answer under the simplified key (deploy/nginx/portal.conf). Any other
value of the cookie means simplified.

Only text is converted: text between tags and the few attributes people read (alt,
title, placeholder, aria-label, the description meta tags, and `data-label-*`, which
holds the labels the site's scripts put on buttons). Never URLs or other
attributes, scripts, styles, or what a form sends back (input values, textarea content,
the text of an option without a value).
"""

from __future__ import annotations

import re
import threading
from urllib.parse import quote

import opencc
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

COOKIE = "script"
HANT = "hant"
COOKIE_AGE = 365 * 24 * 3600
LANG = {HANT: "zh-Hant", "": "zh-CN"}
# Paths that stay simplified whatever the reader chose: the editors' side.
UNCONVERTED = ("/admin/", "/editor/")

# One piece of markup at a time: a comment, an element whose content is never converted
# (code, a value the form posts back, or text marked lang="zh-Hans", such as the 简体
# link itself), or a tag. The text between pieces is converted.
_MARKUP = re.compile(
    r"(?P<keep><!--.*?-->"
    r"|<(?P<raw>script|style|textarea)\b[^>]*>.*?</(?P=raw)\s*>"
    r"|<option\b(?![^>]*\bvalue=)[^>]*>[^<]*"
    r"|<(?P<hans>\w+)\b[^>]*\slang=\"zh-Hans\"[^>]*>[^<]*</(?P=hans)>)"
    r"|(?P<tag><[^>]*>)",
    re.S | re.I,
)
# data-label-*: the labels a script puts on a button (退出适老化, 收起菜单, 已复制, …).
_READ_ATTRIBUTE = re.compile(r'(\s(?:alt|title|placeholder|aria-label|data-label-\w+)=")([^"]*)(")')
_META_TEXT = re.compile(
    r'^<meta\s+(?:name="description"|property="og:(?:title|description|site_name)")'
)
_META_CONTENT = re.compile(r'(\scontent=")([^"]*)(")')
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


class _Converter:
    """OpenCC s2t, loaded once per process on the first traditional page."""

    def __init__(self):
        self._lock = threading.Lock()
        self._opencc = None

    def __call__(self, text: str) -> str:
        if not _CJK.search(text):
            return text
        if self._opencc is None:
            with self._lock:
                if self._opencc is None:
                    self._opencc = opencc.OpenCC("s2t")
        return self._opencc.convert(text)


to_traditional = _Converter()


def _convert_attributes(match: re.Match) -> str:
    return match[1] + to_traditional(match[2]) + match[3]


def _convert_tag(tag: str) -> str:
    tag = _READ_ATTRIBUTE.sub(_convert_attributes, tag)
    if _META_TEXT.match(tag):
        tag = _META_CONTENT.sub(_convert_attributes, tag)
    return tag


def html_to_traditional(html: str) -> str:
    """The page with its text in traditional characters and its markup unchanged."""
    out, last = [], 0
    for match in _MARKUP.finditer(html):
        out.append(to_traditional(html[last : match.start()]))
        out.append(match["keep"] or _convert_tag(match["tag"]))
        last = match.end()
    out.append(to_traditional(html[last:]))
    return "".join(out)


def script_of(request) -> str:
    """`hant` for a reader who chose traditional characters, "" for everyone else."""
    return HANT if request.COOKIES.get(COOKIE) == HANT else ""


class TraditionalMiddleware:
    """Just inside the page cache: a converted page is what the page cache stores under
    the traditional key. Every HTML page says its script in Content-Language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.script = script_of(request)
        response = self.get_response(request)
        if (
            response.get("Content-Type", "").startswith("text/html")
            and not response.streaming
            and not request.path.startswith(UNCONVERTED)
        ):
            if request.script == HANT:
                charset = response.charset
                response.content = html_to_traditional(response.content.decode(charset)).encode(
                    charset
                )
            response["Content-Language"] = LANG[request.script]
        return response


def switch_url(request) -> str:
    """Where the header's 简/繁 link goes: the other script, then back to this page (its
    path and the query parameters the page reads, so a cached copy holds nothing else)."""
    here = request.path
    if query := request.GET.urlencode():
        here += "?" + query
    other = "hans" if script_of(request) == HANT else HANT
    return f"/script/{other}/?next=" + quote(here, safe="/")


@never_cache
@require_GET
def choose_script(request, script: str):
    """Remember the reader's script in a cookie and go back to the page they were on."""
    target = request.GET.get("next", "/")
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(target, None):
        target = "/"
    response = HttpResponseRedirect(target)
    if script == HANT:
        response.set_cookie(
            COOKIE,
            HANT,
            max_age=COOKIE_AGE,
            samesite="Lax",
            httponly=True,
            secure=request.is_secure(),
        )
    else:
        response.delete_cookie(COOKIE, samesite="Lax")
    return response
