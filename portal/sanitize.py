"""Allow-list HTML sanitizing for everything that comes out of the rich-text editor.

The editor is not a security boundary: bodies are cleaned with nh3 on save, and only
cleaned HTML is ever marked safe in a template.
"""

import html as html_lib
import re

import nh3

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"class"},
    "a": {"href", "title", "target"},
    "img": {"src", "alt", "title", "width", "height", "loading"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "col": {"span"},
    "ol": {"start", "reversed"},
}
ALLOWED_SCHEMES = {"http", "https", "mailto", "tel"}
# Editor classes we style; anything else (pasted Word classes) is dropped.
_CLASS_RE = re.compile(
    r"^(image|image-style-[a-z-]+|image_resized|table|text-(?:tiny|small|big|huge)|"
    r"ck-[a-z-]+|align-(?:left|right|center|justify))$"
)


def _keep_class(tag: str, attr: str, value: str) -> str | None:
    if attr == "class":
        kept = [c for c in value.split() if _CLASS_RE.match(c)]
        return " ".join(kept) or None
    if attr == "target":
        return "_blank" if value == "_blank" else None
    return value


def clean_html(html: str | None) -> str:
    """Return `html` reduced to the allow-list; links get rel="noopener noreferrer"."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        attribute_filter=_keep_class,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


def html_to_text(html: str | None) -> str:
    """Plain text of sanitized HTML, for summaries and search."""
    if not html:
        return ""
    text = nh3.clean(re.sub(r"<(br|/p|/div|/h\d|/li|/tr)[^>]*>", "\n", html), tags=set())
    text = html_lib.unescape(text)
    text = re.sub(r"[ \t\u3000\xa0]+", " ", text)
    return re.sub(r"\n\s*\n+", "\n", text).strip()
