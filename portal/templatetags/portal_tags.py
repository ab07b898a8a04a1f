import re
from urllib.parse import unquote_plus, urljoin

from django import template
from django.http import QueryDict
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from portal.csp import brand_css

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


@register.simple_tag(takes_context=True)
def brand_style(context):
    """The brand colour as an inline <style>; the page's policy admits it by its hash
    (portal.csp), which the request carries to the middleware."""
    css = brand_css(getattr(context.get("site"), "brand_color", ""))
    if request := context.get("request"):
        request.inline_styles = [*getattr(request, "inline_styles", []), css]
    return format_html("<style>{}</style>", css)


@register.filter
def datetime_attr(value) -> str:
    """A moment as a `<time datetime>` value: local time to the second with its offset.
    Django's `date:'c'` adds microseconds, which HTML's datetime syntax does not allow."""
    if not value:
        return ""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


# A mainland mobile, a landline with its area code, or a 400 number, as people write
# them: spaces and dashes between the groups, with or without +86.
_PHONE = re.compile(
    r"(?<![\d+])(?:\+?86[ -]?)?"
    r"(?:1[3-9]\d[ -]?\d{4}[ -]?\d{4}|0\d{2,3}[ -]?\d{3,4}[ -]?\d{4}|400[ -]?\d{3}[ -]?\d{4})"
    r"(?!\d)"
)


@register.filter
def tel_links(text: str) -> str:
    """Phone numbers in `text` as tel: links a phone can call with one tap, written as
    they were entered; the rest of the text is escaped."""
    parts, last = [], 0
    for match in _PHONE.finditer(text or ""):
        number = re.sub(r"[ -]", "", match.group())
        parts.append(escape(text[last : match.start()]))
        parts.append(format_html('<a href="tel:{}">{}</a>', number, match.group()))
        last = match.end()
    parts.append(escape((text or "")[last:]))
    return mark_safe("".join(parts))  # noqa: S308 (each piece escaped above)


@register.filter
def readable_query(query: str) -> str:
    """A query string as a reader reads it on paper: 江苏省, not %E6%B1%9F…"""
    return unquote_plus(query or "")
