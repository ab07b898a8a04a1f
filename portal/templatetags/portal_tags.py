from urllib.parse import urljoin

from django import template
from django.http import QueryDict

from portal import processcache

register = template.Library()


@register.simple_tag(takes_context=True)
def query_transform(context, **kwargs):
    """The current query string with `kwargs` replaced (None removes a key)."""
    query = context["request"].GET
    # A shallow copy: QueryDict.copy() deep-copies every value, for each of a pagination's
    # links (issue 13). The lists are replaced below, never changed in place.
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


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, vary):
        self.nodelist, self.name, self.vary = nodelist, name, vary

    def render(self, context):
        vary = tuple(str(v.resolve(context)) for v in self.vary)
        return processcache.cached(
            f"fragment:{self.name}", vary, lambda: self.nodelist.render(context)
        )


@register.tag
def fragment(parser, token):
    """`{% fragment "name" key… %}…{% endfragment %}`: the enclosed HTML, rendered once
    per content version and `key` values in this process (portal/processcache.py). Only for
    what every reader sees alike: no user, session, messages or CSRF token inside, and
    every value of the request it shows among the keys. No `{% block %}` inside either
    (a child template's block would be frozen for every page)."""
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError("{% fragment %} 需要一个带引号的名称")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, bits[1][1:-1], [parser.compile_filter(b) for b in bits[2:]])


def _nav_urls(context) -> tuple[list[str], list[str]]:
    return (
        [item.url for item in context["nav_sections"]],
        [page.get_absolute_url() for page in context["nav_pages"]],
    )


@register.simple_tag(takes_context=True)
def nav_state(context) -> str:
    """Which items of the main menu (includes/header.html) are the current page, as a key
    for its fragment: the menu's own tests, on URLs kept per content version."""
    path = getattr(context.get("request"), "path", "")
    if "nav_sections" in context and "nav_pages" in context:
        sections, pages = processcache.cached("nav-urls", (), lambda: _nav_urls(context))
    else:  # rendered without the context processors: nothing to keep
        sections, pages = [], []
    current = [path == "/"]
    current += [url != "/" and url in path for url in sections]
    current += [path == url for url in pages]
    current += ["/events/" in path, "/contribute/" in path]
    return "".join("1" if c else "0" for c in current)
