"""Reading the addresses an editor types into a redirect.

An old address may be typed as a path (`/show.php?id=123`) or copied from the browser
(`http://old.example.org/show.php?id=123&page=1`); both become one normal form: the
percent-decoded path (what Django's `request.path` holds) and the query parameters
sorted, so `?page=1&id=123` and `?id=123&page=1` are the same old address.
"""

import re
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.base import SessionBase
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import Http404
from django.test import RequestFactory
from django.urls import Resolver404, resolve

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


def local_target_answers(target: str) -> bool:
    """Whether a path of this site answers (not 404), asked in-process: the URL resolver,
    then the view itself called with an anonymous GET built by RequestFactory (an
    article that does not exist raises Http404 there), or a file in media or static
    storage. Nothing is fetched over HTTP. A view that fails some other way is given
    the benefit of the doubt: the check refuses only a certain 404."""
    path, _, query = target.partition("?")
    path = unquote(path)
    for prefix, storage in ((settings.MEDIA_URL, default_storage), (settings.STATIC_URL, None)):
        if prefix and path.startswith(prefix):
            name = path.removeprefix(prefix)
            if storage is None:
                return finders.find(name) is not None or staticfiles_storage.exists(name)
            return storage.exists(name)
    try:
        match = resolve(path)
    except Resolver404:
        return False
    request = RequestFactory().get(path, dict(parse_qsl(query)), SERVER_NAME=_own_host_name())
    request.user = AnonymousUser()
    request.session = SessionBase()
    try:
        response = match.func(request, *match.args, **match.kwargs)
    except Http404:
        return False
    except Exception:  # noqa: BLE001 (only a certain 404 refuses)
        return True
    return getattr(response, "status_code", 200) != 404


def _own_host_name() -> str:
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return host if host in settings.ALLOWED_HOSTS or "*" in settings.ALLOWED_HOSTS else "testserver"
