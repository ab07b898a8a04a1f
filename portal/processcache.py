"""What every reader of a content version sees alike, kept in this process: rendered
pieces of reader pages (`{% fragment %}`, portal_tags) and the few shared values every
page reads (the site settings, the section tree).

A request that carries a session is never served from the page cache
(`portal.pagecache`), so every such request rendered the header, the menus, the footer
and the home page's blocks again, and read and unpickled the same values from Redis:
most of its time (issue 13). Here they are kept keyed on `freshness.version()` (read
once per request anyway) and what the caller names as varying, and used until the
version moves on or until the moment a whole cached page would expire
(`pagecache.lifetime()`: the next scheduled publish or event moment).

In this process and not in Redis: a hit costs no round trip and no unpickling, and a
miss only builds what the page would have built anyway; every process follows the
shared content version, so servers stay interchangeable. Nothing personal may go in
(the user, the session, messages, a CSRF token): callers keep those outside, and name
in the key whatever of the request a fragment shows (the menu's current item). Values
are shared by every request and thread of the process: never change one in place.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from django.core.signals import setting_changed
from django.utils import translation

from portal import freshness

# A few hundred entries of a few kilobytes each: the header per menu state, the footer,
# the home page's blocks, the settings and the section tree.
MAX_ENTRIES = 256

_entries: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
_lock = threading.Lock()


def cached(name: str, vary: tuple, build: Callable[[], Any]) -> Any:
    """The value kept for `name` and `vary` under the current content version, or
    `build()`, kept until the version moves on or the next scheduled change."""
    version = freshness.version()
    if version is None:  # the cache is unreachable: no version to follow, keep nothing
        return build()
    key = (version, translation.get_language(), name, vary)
    now = time.monotonic()
    with _lock:
        entry = _entries.get(key)
        if entry is not None and entry[0] > now:
            _entries.move_to_end(key)
            return entry[1]
    value = build()
    from portal.pagecache import lifetime  # pagecache imports views that import models

    expires = now + lifetime()
    with _lock:
        _entries[key] = (expires, value)
        _entries.move_to_end(key)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return value


def clear(**kwargs) -> None:
    with _lock:
        _entries.clear()


# Settings shape what templates render (static and media URLs, SITE_URL): tests that
# override one must not see HTML rendered under another.
setting_changed.connect(clear, dispatch_uid="processcache-clear")
