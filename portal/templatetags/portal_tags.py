from urllib.parse import urljoin

from django import template
from django.http import QueryDict
from django.utils.html import format_html

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
