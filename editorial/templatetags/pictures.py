"""Pictures in the sizes the layout shows them: a `<picture>` with the WebP and JPEG
renditions of a stored picture (`editorial.images.Picture`), for covers (`picture`) and for
the pictures of sanitized rich text (`responsive_images`). Only names are read: no
storage or database access while a page renders."""

import html
import re
from urllib.parse import unquote

from django import template
from django.core.files.storage import default_storage
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from editorial.images import Picture

register = template.Library()

# Rich text fills the article column: the screen's width on a phone, at most 860 px.
BODY_SIZES = "(max-width: 960px) 100vw, 860px"
_IMG = re.compile(r"<img\b([^>]*)>")
_ATTR = re.compile(r'([a-zA-Z-]+)="([^"]*)"')


def _attrs(attrs: dict) -> SafeString:
    """Escaped attributes in the order given (None leaves one out)."""
    return format_html_join("", ' {}="{}"', ((k, v) for k, v in attrs.items() if v is not None))


def picture_html(storage, name: str, sizes: str, attrs: dict) -> SafeString:
    """`attrs` go on the <img>; width and height default to the picture's own, which
    the page reserves before it loads."""
    picture = Picture.of(name)
    if picture is None:  # stored before renditions, or a GIF: the file as it is
        return format_html("<img{}>", _attrs({"src": storage.url(name), **attrs}))

    def srcset(ext: str) -> str:
        return ", ".join(f"{storage.url(picture.file(w, ext))} {w}w" for w in picture.widths)

    largest = picture.file(picture.widths[-1], picture.fallback)
    img = {
        "src": storage.url(largest),
        "srcset": srcset(picture.fallback),
        "sizes": sizes,
        "width": picture.width,
        "height": picture.height,
        **attrs,
    }
    return format_html(
        '<picture><source type="image/webp"{}><img{}></picture>',
        _attrs({"srcset": srcset("webp"), "sizes": sizes}),
        _attrs(img),
    )


@register.simple_tag
def picture(file, sizes: str, alt: str = "", **attrs) -> str:
    """A stored picture (an ImageField's value) for a place `sizes` wide."""
    if not file:
        return ""
    return picture_html(file.storage, file.name, sizes, {"alt": alt, **attrs})


@register.filter(is_safe=True)
def responsive_images(body: str) -> SafeString:
    """Sanitized rich text with its stored pictures as `<picture>`s; pictures from
    elsewhere and from before renditions stay as they are. Only for HTML that
    `editorial.sanitize.clean_html` wrote (quoted, escaped attributes)."""
    base = default_storage.url("")

    def rewrite(match: re.Match) -> str:
        attrs = {k: html.unescape(v) for k, v in _ATTR.findall(match[1])}
        src = attrs.pop("src", "")
        if not src.startswith(base) or Picture.of(src) is None:
            return match[0]
        attrs.setdefault("loading", "lazy")
        return picture_html(default_storage, unquote(src[len(base) :]), BODY_SIZES, attrs)

    return mark_safe(_IMG.sub(rewrite, body or ""))
