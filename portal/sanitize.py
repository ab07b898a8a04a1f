"""Allow-list HTML sanitizing for everything that comes out of the rich-text editor.

The editor is not a security boundary: bodies are cleaned with nh3 on save, and only
cleaned HTML is ever marked safe in a template. Reader pages forbid style attributes
(CSP), so no `style` survives: text alignment becomes an `align-*` class, the rest goes.
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
# Alignment may come in as a style (Word, the source view, older editor settings).
_ALIGNABLE = ("p", "h2", "h3", "h4", "h5", "h6", "div", "li", "td", "th", "blockquote")
for _tag in _ALIGNABLE:
    ALLOWED_ATTRIBUTES[_tag] = ALLOWED_ATTRIBUTES.get(_tag, set()) | {"style"}
ALLOWED_SCHEMES = {"http", "https", "mailto", "tel"}
# Editor classes we style; anything else (pasted Word classes) is dropped.
_CLASS_RE = re.compile(
    r"^(image|image-style-[a-z-]+|image_resized|table|text-(?:tiny|small|big|huge)|"
    r"ck-[a-z-]+|align-(?:left|right|center|justify))$"
)


_TEXT_ALIGN_RE = re.compile(
    r"(?:^|;)\s*text-align\s*:\s*(left|right|center|justify)\s*(?:;|$)", re.IGNORECASE
)
# nh3 writes every attribute as name="value" with quotes and angle brackets escaped, so
# this matches whole start tags and nothing inside text or attribute values.
_STYLED_TAG_RE = re.compile(
    r'<([a-z0-9]+)((?: [a-z-]+="[^"]*")*) style="([^"]*)"((?: [a-z-]+="[^"]*")*)>'
)
_CLASS_ATTR_RE = re.compile(r' class="([^"]*)"')


def _keep_class(tag: str, attr: str, value: str) -> str | None:
    if attr == "style":
        match = _TEXT_ALIGN_RE.search(value)
        return f"align-{match[1].lower()}" if match else None
    if attr == "class":
        kept = [c for c in value.split() if _CLASS_RE.match(c)]
        return " ".join(kept) or None
    if attr == "target":
        return "_blank" if value == "_blank" else None
    return value


def _style_to_class(match: re.Match) -> str:
    """`<p class="x" style="align-center">` (as _keep_class left it) → `<p class="x align-center">`."""
    tag, before, align, after = match.groups()
    attrs = before + after
    classes = _CLASS_ATTR_RE.search(attrs)
    if classes is None:
        return f'<{tag}{attrs} class="{align}">'
    merged = f' class="{classes[1]} {align}"'
    return f"<{tag}{attrs[: classes.start()]}{merged}{attrs[classes.end() :]}>"


def clean_html(html: str | None) -> str:
    """Return `html` reduced to the allow-list; links get rel="noopener noreferrer"."""
    if not html:
        return ""
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        attribute_filter=_keep_class,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return _STYLED_TAG_RE.sub(_style_to_class, cleaned).strip()


def html_to_text(html: str | None) -> str:
    """Plain text of sanitized HTML, for summaries and search."""
    if not html:
        return ""
    text = nh3.clean(re.sub(r"<(br|/p|/div|/h\d|/li|/tr)[^>]*>", "\n", html), tags=set())
    text = html_lib.unescape(text)
    text = re.sub(r"[ \t\u3000\xa0]+", " ", text)
    return re.sub(r"\n\s*\n+", "\n", text).strip()
