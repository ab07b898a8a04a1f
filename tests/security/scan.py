"""What a browser would run from a response: parse it as a browser does (html5lib follows
the WHATWG parsing rules) and list everything executable or page-hijacking in it."""

import re
from xml.etree import ElementTree

import html5lib
from django.conf import settings

# The one inline style a page may hold: the brand colour, a fixed shape with a checked colour.
_BRAND_STYLE = re.compile(r":root\{--brand:#[0-9a-fA-F]{6};\}")
# Elements that load or run something of their own, or retarget the page.
FORBIDDEN = {"iframe", "frame", "frameset", "object", "embed", "applet", "portal", "base", "style"}
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "codebase",
    "srcdoc",
    "dynsrc",
    "lowsrc",
    "xlink:href",
}
# data: URLs that only ever show a picture.
SAFE_DATA_URL = re.compile(r"data:image/(png|jpe?g|gif|webp)[;,]")
LOADS_CODE = {"stylesheet", "import", "preload", "modulepreload", "prefetch"}
# Same-origin scripts that are not static files: Django admin's translation catalogue.
SCRIPT_VIEWS = ("/admin/jsi18n/",)
# A template engine that evaluated reader text would print this (see the corpus).
EVALUATED = "31338"


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def _url(value: str) -> str:
    """The URL as a browser resolves its scheme: control characters and spaces go."""
    return re.sub(r"[\x00-\x20]+", "", value).lower()


def _dangerous_url(value: str) -> bool:
    url = _url(value)
    if url.startswith("data:"):
        return not SAFE_DATA_URL.match(url)
    return url.startswith(("javascript:", "vbscript:"))


def _offsite(value: str) -> bool:
    url = _url(value)
    return url.startswith("//") or bool(re.match(r"[a-z][a-z0-9+.-]*:", url))


def _show(element) -> str:
    attrs = " ".join(f'{_local(k)}="{v}"' for k, v in element.attrib.items())
    return f"<{_local(element.tag)} {attrs}>"[:160]


def _element_problems(element) -> list[str]:
    tag = element.tag if isinstance(element.tag, str) else ""
    name = _local(tag)
    problems = []
    # SVG animation can set a link's address to a script (the admin's own icons are SVG).
    if name in {"set", "animate"} and element.get("attributeName", "").endswith("href"):
        problems.append("SVG animation of a link")
    if name == "style" and _BRAND_STYLE.fullmatch(element.text or ""):
        pass  # the brand colour (portal.csp.brand_css), admitted by its hash in the CSP
    elif name in FORBIDDEN:
        problems.append(f"<{name}> element")
    if name == "meta" and "http-equiv" in {_local(k) for k in element.attrib}:
        problems.append("<meta http-equiv>")
    if name == "script":
        src = element.get("src", "")
        kind = element.get("type", "").strip().lower()
        if kind in {"application/json", "application/ld+json"}:
            pass
        elif (element.text or "").strip() or not src.startswith(
            (settings.STATIC_URL, *SCRIPT_VIEWS)
        ):
            problems.append("script that is not one of our static files")
    if name == "link" and LOADS_CODE & set(element.get("rel", "").lower().split()):
        if _offsite(element.get("href", "")):
            problems.append("stylesheet or script from another site")
    if name == "form" and _offsite(element.get("action", "")):
        problems.append("form posting to another site")
    for key, value in element.attrib.items():
        attr = _local(key)
        if key.startswith("{http://www.w3.org/1999/xlink}"):
            attr = "xlink:" + attr
        if attr.startswith("on"):
            problems.append(f"event handler {attr}")
        elif attr in URL_ATTRIBUTES and (attr == "srcdoc" or _dangerous_url(value)):
            problems.append(f"{attr}={value[:60]!r}")
        elif attr == "style":
            css = re.sub(r"/\*.*?\*/|\\|\s", "", value).lower()
            if any(bad in css for bad in ("expression(", "javascript:", "behavior:", "binding:")):
                problems.append(f"style={value[:60]!r}")
    return [f"{problem} in {_show(element)}" for problem in problems]


def html_problems(html: str, *, fragment: bool = False) -> list[str]:
    """Everything executable in an HTML document (or fragment), as readable lines."""
    parse = html5lib.parseFragment if fragment else html5lib.parse
    root = parse(html, namespaceHTMLElements=False)
    problems = [p for element in root.iter() for p in _element_problems(element)]
    if EVALUATED in html:
        problems.append("a template expression from the corpus was evaluated")
    if settings.SECRET_KEY in html:
        problems.append("SECRET_KEY is on the page")
    return problems


def feed_problems(xml: bytes) -> list[str]:
    """RSS: item descriptions are HTML to feed readers; titles and links are text and URLs."""
    problems = []
    for item in ElementTree.fromstring(xml).iter("item"):
        problems += html_problems(item.findtext("description") or "", fragment=True)
        if _dangerous_url(item.findtext("link") or ""):
            problems.append(f"item link {item.findtext('link')!r}")
    return problems
