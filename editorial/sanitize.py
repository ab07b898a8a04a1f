"""Allow-list HTML sanitizing for everything that comes out of the rich-text editor.

The editor is not a security boundary: bodies are cleaned with nh3 on save, and only
cleaned HTML is ever marked safe in a template. Reader pages forbid style attributes
(CSP), so no `style` survives: text alignment becomes an `align-*` class, the rest goes.
"""

import html as html_lib
import re
from html.parser import HTMLParser

import nh3

from editorial import embeds
from editorial.richtext_styles import (
    CLASS_RE,
    STYLED,
    declarations,
    style_classes,
    to_hex,
)

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
    "oembed",
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
    "oembed": {"url"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "col": {"span"},
    "ol": {"start", "reversed"},
}
# Tags whose `style` is read (`style_classes`); what is kept becomes classes.
for _tag in STYLED:
    ALLOWED_ATTRIBUTES[_tag] = ALLOWED_ATTRIBUTES.get(_tag, set()) | {"style"}
ALLOWED_SCHEMES = {"http", "https", "mailto", "tel"}


def _keep_class(tag: str, attr: str, value: str) -> str | None:
    if attr == "style":
        # "" rather than None: ammonia reorders the attributes of a tag it removes one
        # from; _style_to_class removes the empty style in place.
        classes, _refused = style_classes(tag, value)
        return " ".join(classes)
    if attr == "class":
        kept = [c for c in value.split() if CLASS_RE.match(c)]
        return " ".join(kept) or None
    if attr == "target":
        return "_blank" if value == "_blank" else None
    if tag == "oembed":
        return embeds.keep_url(value)
    return value


# nh3 writes every attribute as name="value" with quotes and angle brackets escaped, so
# this matches whole start tags and nothing inside text or attribute values.
STYLED_TAG_RE = re.compile(
    r'<([a-z0-9]+)((?: [a-z-]+="[^"]*")*) style="([^"]*)"((?: [a-z-]+="[^"]*")*)>'
)
_CLASS_ATTR_RE = re.compile(r' class="([^"]*)"')


def _style_to_class(match: re.Match) -> str:
    """`<p class="x" style="align-center">` (as _keep_class left it) → `<p class="x align-center">`."""
    tag, before, found, after = match.groups()
    attrs = before + after
    if not found:
        return f"<{tag}{attrs}>"
    classes = _CLASS_ATTR_RE.search(attrs)
    if classes is None:
        return f'<{tag}{attrs} class="{found}">'
    merged = " ".join(dict.fromkeys([*classes[1].split(), *found.split()]))
    return f'<{tag}{attrs[: classes.start()]} class="{merged}"{attrs[classes.end() :]}>'


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
    return embeds.add_players(STYLED_TAG_RE.sub(_style_to_class, cleaned)).strip()


_PROPERTY_LABELS = {
    "font-size": "字号",
    "font-family": "字体",
    "line-height": "行距",
    "letter-spacing": "字间距",
    "text-indent": "首行缩进（文章页正文段落统一缩进两字）",
    "margin": "外边距",
    "padding": "内边距",
    "width": "宽度",
    "height": "高度",
    "float": "环绕",
    "position": "定位",
    "font-weight": "以样式写的加粗",
    "font-style": "以样式写的倾斜",
    "text-decoration": "以样式写的下划线或删除线",
    "vertical-align": "垂直对齐",
    "text-align": "对齐",
}
_TAG_LABELS = {
    "script": "脚本",
    "iframe": "嵌入的网页",
    "style": "样式表",
    "font": "字体标签（颜色、字号）",
    "form": "表单",
    "input": "表单",
    "video": "视频",
    "audio": "音频",
    "object": "嵌入对象",
    "embed": "嵌入对象",
    "svg": "矢量图",
}
_WRAPPERS = {"html", "head", "body", "meta", "title", "link", "o:p"}


def _refused_label(tag: str, name: str, value: str) -> str:
    colour = to_hex(value)
    if name == "color":
        if tag != "span":
            return "段落或单元格上的文字颜色"
        return f"文字颜色 {colour or value}（不在可选的颜色中）"
    if name in ("background", "background-color"):
        return f"底色 {colour or value}（不在可选的底色中）"
    if name.startswith("border"):
        return f"边框 {value}（可选：实线/虚线/点线/双线，1–3 像素，可选的颜色）"
    if name == "width" and tag in ("td", "th", "table"):
        return "表格或单元格的宽度"
    base = re.sub(r"-(top|right|bottom|left|block|inline)(-.*)?$", "", name)
    return _PROPERTY_LABELS.get(base, f"样式 {name}")


class _Report(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: dict[str, None] = {}

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS and tag not in _WRAPPERS:
            self.found[_TAG_LABELS.get(tag, f"<{tag}> 标签")] = None
        for name, value in attrs:
            if name == "style" and value:
                refused = declarations(value) if tag not in STYLED else style_classes(tag, value)[1]
                for prop, val in refused:
                    self.found[_refused_label(tag, prop, val)] = None
            elif name.startswith("on"):
                self.found["事件脚本"] = None


def removed_formatting(html: str | None) -> list[str]:
    """What `clean_html` removes from `html` that an editor would see, each once, in
    Chinese (for the warning after a paste)."""
    report = _Report()
    report.feed(html or "")
    report.close()
    return list(report.found)


_BLOCK_END_RE = re.compile(r"<(br|/p|/div|/h\d|/li|/tr)[^>]*>")
_TAG_RE = re.compile(r"<[^>]*>")


def html_to_text(html: str | None) -> str:
    """Plain text of sanitized HTML, for summaries and search."""
    if not html:
        return ""
    text = nh3.clean(_BLOCK_END_RE.sub("\n", html), tags=set())
    text = html_lib.unescape(text)
    text = re.sub(r"[ \t\u3000\xa0]+", " ", text)
    return re.sub(r"\n\s*\n+", "\n", text).strip()


def plain_text(html: str | None) -> str:
    """The words of html_to_text(`html`), with whitespace runs not tidied, for HTML that
    clean_html made: its tags dropped (block ends become line breaks), its entities
    decoded. A regex is enough there (every ``<`` in text or attribute is escaped) and
    ten times cheaper than nh3 (search cuts a snippet from every hit's body). The text
    is not safe HTML: escape it again, as search does."""
    if not html:
        return ""
    return html_lib.unescape(_TAG_RE.sub("", _BLOCK_END_RE.sub("\n", html))).strip()
