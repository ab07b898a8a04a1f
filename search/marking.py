"""The query's words marked in a hit's title and snippet, cut in Python from the stored
text (no ``ts_headline``). Both return safe HTML: the text is escaped first."""

from __future__ import annotations

import functools
import html
import re
import unicodedata

from django.utils.safestring import SafeString, mark_safe

from search.query import ParsedQuery
from search.text import segmenter


@functools.cache
def _compat_chars() -> tuple[re.Pattern, dict[str, str]]:
    """The characters of the BMP that NFKC makes one other character (，→ , and the
    like), as a pattern, and what NFKC makes them."""
    found = {}
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF:  # surrogates: no characters
            continue
        ch = chr(code)
        normal = unicodedata.normalize("NFKC", ch)
        if normal != ch and len(normal) == 1:
            found[ch] = normal
    return re.compile("[" + "".join(re.escape(ch) for ch in found) + "]"), found


# The full-width punctuation of Chinese text that NFKC makes ASCII, and the ideographic
# space: replaced first, each at once.
_COMMON_COMPAT = tuple((ch, unicodedata.normalize("NFKC", ch)) for ch in "，：；！？（）　％")


def _nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, cheaply for the usual text: a full-width
    comma sends a whole body through NFKC's slow path (30 µs for 300 characters, for
    every hit's snippet). Each character NFKC makes one other is replaced first; when
    that is in NFKC already, it is NFKC's answer (both decompose the same: NFKD of a
    character's NFKC is its NFKD)."""
    if unicodedata.is_normalized("NFKC", text):
        return text
    mapped = text
    for ch, normal in _COMMON_COMPAT:  # str.replace: no call per character replaced
        if ch in mapped:
            mapped = mapped.replace(ch, normal)
    if not unicodedata.is_normalized("NFKC", mapped):
        pattern, mapping = _compat_chars()
        mapped = pattern.sub(lambda m: mapping[m.group()], mapped)
    if unicodedata.is_normalized("NFKC", mapped):
        return mapped
    return unicodedata.normalize("NFKC", text)


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@functools.cache
def _traditional_bmp() -> re.Pattern:
    """The traditional characters segmenter.to_simplified() converts (its own set),
    those of the BMP: as a character class, a text is looked through in 1 µs where the
    set's isdisjoint() took 9 µs for 300 characters (beyond the BMP a class is slow)."""
    chars = sorted(ch for ch in segmenter.traditional if ch <= "\uffff")
    return re.compile("[" + "".join(re.escape(ch) for ch in chars) + "]")


def _simplified(text: str) -> str:
    """``segmenter.to_simplified(text)``: the text itself when it holds no traditional
    character, which is the usual case, looked for quickly."""
    if _ASTRAL.search(text) is None and _traditional_bmp().search(text) is None:
        return text
    return segmenter.to_simplified(text)


def _normalized_with_map(text: str) -> str:
    """`text` normalised so that offsets still match the original characters."""
    whole = _nfkc(text).lower()
    if len(whole) == len(text):  # the usual case: every character maps to one
        converted = _simplified(whole)
        return converted if len(converted) == len(whole) else whole
    chars = []
    for ch in text:
        n = unicodedata.normalize("NFKC", ch).lower()
        chars.append(n if len(n) == 1 else ch.lower())
    joined = "".join(chars)
    converted = _simplified(joined)
    return converted if len(converted) == len(joined) else joined


def _spans(text: str, query: ParsedQuery) -> list[tuple[int, int]]:
    pattern = query.highlight_pattern
    if pattern is None or not text:
        return []
    return [m.span() for m in pattern.finditer(_normalized_with_map(text))]


def _marked(text: str, spans: list[tuple[int, int]], start: int = 0, end: int | None = None) -> str:
    """`text[start:end]` escaped, the spans wrapped in <mark>. Plain ``html.escape``
    (what django.utils.html.escape calls, without its lazy-string wrapper): this runs
    for the title and snippet of every hit."""
    end = len(text) if end is None else end
    out, cursor = [], start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(html.escape(text[cursor:s]))
        out.append("<mark>" + html.escape(text[s:e]) + "</mark>")
        cursor = e
    out.append(html.escape(text[cursor:end]))
    return "".join(out)


def highlight(text: str | None, query: ParsedQuery) -> SafeString:
    """`text` escaped, with every query word wrapped in <mark>."""
    text = text or ""
    return mark_safe(_marked(text, _spans(text, query)))  # escaped above


def snippet(text: str | None, query: ParsedQuery, *, size: int = 120) -> SafeString:
    """About `size` characters of plain text around the first match, escaped and marked."""
    text = " ".join((text or "").split())
    if not text:
        return SafeString("")
    spans = _spans(text, query)
    first = spans[0][0] if spans else 0
    start = max(0, first - size // 4)
    end = min(len(text), start + size)
    start = max(0, min(start, end - size))
    body = _marked(text, spans, start, end)
    return mark_safe(  # escaped by _marked
        ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")
    )
