"""One paginator for every list readers page through.

Counting a large table on every page view is the cost that grows with the data, so the
count is cached under the content version (`portal.freshness`): an edit makes it stale,
and deep pages of a cached list cost only their own slice. Something that is not a page
number (``abc``, ``0``) gives page 1, as a mistyped or truncated link should; a page past
the end is a 404 whose message says how many pages there are.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.paginator import InvalidPage, Page, Paginator
from django.http import Http404
from django.utils.functional import cached_property

from portal import freshness

COUNT_SECONDS = 3600


class CachedCountPaginator(Paginator):
    """A paginator whose total comes from `count_key`'s cached value (or `count`)."""

    def __init__(
        self,
        object_list,
        per_page: int,
        *,
        count_key: str | None = None,
        count: Callable[[], int] | None = None,
        max_pages: int | None = None,
    ):
        super().__init__(object_list, per_page)
        self._count_key = count_key
        self._count = count
        self._max_pages = max_pages

    @cached_property
    def count(self) -> int:
        if self._count is not None:
            value = self._count()
        elif self._count_key is not None:
            value = freshness.cached(f"count:{self._count_key}", self._real_count, COUNT_SECONDS)
        else:
            value = self._real_count()
        if self._max_pages is not None:
            value = min(value, self.per_page * self._max_pages)
        return value

    def _real_count(self) -> int:
        try:
            return self.object_list.count()
        except (AttributeError, TypeError):  # a list, or count() that needs arguments
            return len(self.object_list)


def page_number(request) -> int:
    """The page asked for; anything that is not a page number (abc, 0, -3) is page 1."""
    try:
        number = int(request.GET.get("page") or "1")
    except ValueError:
        return 1
    return max(number, 1)


def paginate(request, object_list, per_page: int, **options) -> Page:
    """The requested page of `object_list`; `options` go to CachedCountPaginator."""
    number = page_number(request)
    paginator = CachedCountPaginator(object_list, per_page, **options)
    try:
        return paginator.page(number)
    except InvalidPage as exc:
        raise Http404(f"第 {number} 页不存在，共 {paginator.num_pages} 页。") from exc
