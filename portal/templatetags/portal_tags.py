from urllib.parse import urljoin

from django import template
from django.http import QueryDict
from django.utils import timezone

register = template.Library()


@register.simple_tag(takes_context=True)
def query_transform(context, **kwargs):
    """The current query string with `kwargs` replaced (None removes a key)."""
    query = context["request"].GET
    # A shallow copy: QueryDict.copy() deep-copies every value, for each of a pagination's
    # links. The lists are replaced below, never changed in place.
    params = QueryDict(mutable=True, encoding=query.encoding)
    for key, values in query.lists():
        params.setlist(key, values)
    for key, value in kwargs.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()


@register.filter
def page_window(page_obj, radius: int = 2):
    """Page numbers around the current one, with None where a gap is shown."""
    current, last = page_obj.number, page_obj.paginator.num_pages
    numbers = sorted({1, last, *range(max(1, current - radius), min(last, current + radius) + 1)})
    window: list[int | None] = []
    for n in numbers:
        if window and n - window[-1] > 1:
            window.append(None)
        window.append(n)
    return window


@register.filter
def absolute(url: str, site_url: str) -> str:
    """`url` as a full address: a stored file's URL is a path on this site (/media/…) or,
    with object storage, already a full address (S3_PUBLIC_URL, a CDN) kept as it is."""
    return urljoin(f"{site_url}/", url)


@register.filter
def datetime_attr(value) -> str:
    """A moment as a `<time datetime>` value: local time to the second with its offset.
    Django's `date:'c'` adds microseconds, which HTML's datetime syntax does not allow."""
    if not value:
        return ""
    return timezone.localtime(value).replace(microsecond=0).isoformat()
