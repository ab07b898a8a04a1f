"""A reader's query, segmented like documents and turned into ``tsquery`` text built
from quoted lexemes: reader text never reaches ``to_tsquery``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from search.text import (
    CHAR_MARK,
    LATIN_PART_RE,
    TOKEN_RE,
    is_word,
    normalize,
    quote_lexeme,
    segmenter,
)

MAX_QUERY_CHARS = 100  # longer queries are cut, with a notice on the page
MAX_QUERY_TERMS = 12  # bounds the size of the tsquery
CHAR_TERM_MAX = 2  # Chinese words this short also match as characters (园 in 公园)


@dataclass
class Term:
    """One word of the query: matches the word itself OR all of its parts, or (a short
    Chinese word) its characters side by side in any word (the marked lexeme of one
    character or of a pair, ``search.text.bigram_tokens``)."""

    word: str
    start: int
    parts: tuple[str, ...] = ()
    chars: bool = False

    def tsquery(self, weight: str = "", *, words_only: bool = False) -> str:
        suffix = f":{weight}" if weight else ""
        whole = quote_lexeme(self.word) + suffix
        if self.parts:
            parts = " & ".join(quote_lexeme(p) + suffix for p in self.parts)
            return f"({whole} | ({parts}))"
        if self.chars and not words_only:
            # the characters, or the two side by side, anywhere: one lexeme (``~园区``)
            return f"({whole} | {quote_lexeme(CHAR_MARK + self.word)}{suffix})"
        return whole


def _cover(word: str) -> tuple[str, ...]:
    """The finest dictionary words that cover `word` from left to right (2–3 characters
    preferred): 经济技术开发区 -> 经济, 技术, 开发区; 行业协会 -> 行业, 协会."""
    freq = segmenter.tokenizer.FREQ
    parts, i, n = [], 0, len(word)
    while i < n:
        for size in (3, 2):
            piece = word[i : i + size]
            if len(piece) == size and piece != word and freq.get(piece):
                parts.append(piece)
                i += size
                break
        else:
            i += 1
    return tuple(parts) if len(parts) > 1 else ()


@dataclass
class ParsedQuery:
    raw: str
    text: str  # what was searched for (normalised, maybe truncated)
    truncated: bool
    terms: list[Term] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.terms

    def tsquery(self) -> str:
        """Every word must match (AND); a word matches whole or by all its parts."""
        return " & ".join(t.tsquery() for t in self.terms)

    def title_tsquery(self) -> str:
        return " & ".join(t.tsquery("A") for t in self.terms)

    @property
    def has_char_terms(self) -> bool:
        return any(t.chars for t in self.terms)

    def words_tsquery(self) -> str:
        """Every word matched as a jieba word, none only by its characters."""
        return " & ".join(t.tsquery(words_only=True) for t in self.terms)

    def phrase_tsquery(self) -> str:
        """The query's words at the distances they have in the query (exact phrase)."""
        parts = [quote_lexeme(self.terms[0].word)]
        for prev, term in zip(self.terms, self.terms[1:], strict=False):
            # Readers put spaces between Chinese words that the text writes together.
            latin = LATIN_PART_RE.match(prev.word) and LATIN_PART_RE.match(term.word)
            distance = term.start - prev.start if latin else len(prev.word)
            parts.append(f"<{max(distance, 1)}> {quote_lexeme(term.word)}")
        return " ".join(parts)

    @cached_property
    def highlight_words(self) -> list[str]:
        words = {t.word for t in self.terms}
        for t in self.terms:
            words.update(t.parts)
        return sorted(words, key=lambda w: (-len(w), w))

    @cached_property
    def highlight_pattern(self) -> re.Pattern | None:
        """The highlight words as one regular expression (longest first), built once
        for all the hits of a page."""
        words = self.highlight_words
        return re.compile("|".join(re.escape(w) for w in words)) if words else None


def parse_query(raw: str | None) -> ParsedQuery:
    """Segment a reader's query exactly as documents are segmented."""
    raw = (raw or "").replace("\x00", "")
    stripped = " ".join(raw.split())
    truncated = len(stripped) > MAX_QUERY_CHARS
    stripped = stripped[:MAX_QUERY_CHARS]
    text = normalize(stripped)
    terms: list[Term] = []
    seen: set[str] = set()
    tokenizer = segmenter.tokenizer
    for match in TOKEN_RE.finditer(text):
        run, base = match.group(), match.start()
        if match.lastgroup == "cjk":
            words = [(w, base + s) for w, s, _e in tokenizer.tokenize(run, HMM=False)]
        else:
            words = [(run, base)]
        for word, start in words:
            if not is_word(word) or word in seen:
                continue
            seen.add(word)
            cjk = match.lastgroup == "cjk"
            parts = _cover(word) if cjk and len(word) > 2 else ()
            terms.append(Term(word, start, parts, chars=cjk and len(word) <= CHAR_TERM_MAX))
    return ParsedQuery(raw=raw, text=stripped, truncated=truncated, terms=terms[:MAX_QUERY_TERMS])
