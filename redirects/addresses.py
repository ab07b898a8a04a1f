"""Reading the addresses an editor types into a redirect.

An old address may be typed as a path (`/show.php?id=123`) or copied from the browser
(`http://old.example.org/show.php?id=123&page=1`); both become one normal form: the
percent-decoded path (what Django's `request.path` holds) and the query parameters
sorted, so `?page=1&id=123` and `?id=123&page=1` are the same old address.
"""

import re
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError

# Whitespace, control characters and the backslash (browsers read `/\evil.example` as
# `//evil.example`, another host) never appear in an address we accept.
_UNSAFE = re.compile(r"[\s\x00-\x1f\x7f\\]")


def normal_query(pairs) -> str:
    return urlencode(sorted(pairs))


def split_old_address(address: str) -> tuple[str, str]:
    """(path, query) of an old address in normal form; ValidationError in Chinese."""
    text = address.strip()
    if text.startswith(("http://", "https://", "//")):
        parts = urlsplit(text if not text.startswith("//") else "http:" + text)
        path, query = parts.path or "/", parts.query
    else:
        if not text.startswith("/"):
            raise ValidationError("旧地址须以 / 开头（如 /show.php?id=123），或填写完整网址。")
        path, _, query = text.partition("?")
        query = query.partition("#")[0]
    path = unquote(path)
    if _UNSAFE.search(path):
        raise ValidationError("旧地址不能包含空格、反斜杠或控制字符。")
    return path, normal_query(parse_qsl(query, keep_blank_values=True))


def join(path: str, query: str) -> str:
    return f"{path}?{query}" if query else path


def _own_host() -> str:
    return urlsplit(settings.SITE_URL).netloc.lower()


def clean_target(url: str, *, external: bool) -> str:
    """The new address as stored, or ValidationError: on this site (a path) unless the
    redirect is marked external; a full URL of this site becomes its path."""
    text = url.strip()
    if _UNSAFE.search(text):
        raise ValidationError("新地址不能包含空格、反斜杠或控制字符。")
    if external:
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValidationError("站外地址须是以 http:// 或 https:// 开头的完整网址。")
        return text
    if text.startswith(("http://", "https://")):
        parts = urlsplit(text)
        if parts.netloc.lower() != _own_host():
            raise ValidationError(
                "新地址指向其他网站：确需跳转到站外时请勾选“站外地址”，否则请填写本站路径，如 /news/。"
            )
        text = join(parts.path or "/", parts.query)
    if text and (not text.startswith("/") or text.startswith("//")):
        raise ValidationError("新地址须是本站路径（以 / 开头，如 /news/），或勾选“站外地址”。")
    return text
