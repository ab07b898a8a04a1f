"""Text as search sees it: normalised, then cut into words by jieba with the portal's
dictionary. Documents and queries go through the same functions."""

from __future__ import annotations

import gc
import logging
import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import jieba
import opencc

DICTIONARY_PATH = Path(__file__).resolve().parent / "search_dict.txt"

# Single characters that carry no meaning on their own: never indexed or searched.
STOP_CHARS = frozenset("的了和与及或等是在对为将也而并之于以其被把就都又从向由")

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A run of CJK characters, or a Latin/number word that may join parts with & + . - '
# (R&D, covid-19, 5g, node.js) so such words stay whole.
TOKEN_RE = re.compile(
    rf"(?P<cjk>[{_CJK}]+)|(?P<word>[0-9a-z\u00c0-\u024f]+(?:[&+.\-'][0-9a-z\u00c0-\u024f]+)*)"
)
LATIN_PART_RE = re.compile(r"[0-9a-z\u00c0-\u024f]+")
CJK_CHAR_RE = re.compile(f"[{_CJK}]")
# Marks a character lexeme (one CJK character, whatever word jieba put it in) apart from
# jieba's one-character words, so a ranking can tell a word match from a character match.
CHAR_MARK = "~"


class _Segmenter:
    """jieba with the portal's dictionary, and OpenCC t2s; built once per process, lazily."""

    def __init__(self):
        self._lock = threading.Lock()
        self._tokenizer = None
        self._converter = None
        self._traditional: frozenset[str] = frozenset()

    def _load(self):
        jieba.setLogLevel(logging.WARNING)
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
        for word, freq, tag in read_dictionary(DICTIONARY_PATH):
            tokenizer.add_word(word, freq, tag)
        converter = opencc.OpenCC("t2s")
        # Only text holding a traditional character is converted: the conversion is
        # the slow part of indexing and most text is already simplified.
        chars_file = Path(opencc.__file__).with_name("dictionary") / "TSCharacters.txt"
        traditional = set()
        with chars_file.open(encoding="utf-8") as fh:
            for line in fh:
                source, _, targets = line.rstrip("\n").partition("\t")
                if source and targets and targets.split(" ")[0] != source:
                    traditional.add(source)
        self._traditional = frozenset(traditional)
        self._converter = converter
        self._tokenizer = tokenizer
        # jieba's dictionary is a few hundred thousand objects that live as long as the
        # process: keep the cyclic garbage collector from walking them on every full
        # collection, which made every search slower (scripts/bench_search.py measures it).
        gc.freeze()

    @property
    def loaded(self) -> bool:
        return self._tokenizer is not None

    def load(self) -> None:
        """Load now rather than on the first search (portal/wsgi.py calls it)."""
        self.tokenizer  # noqa: B018 - the property loads under the lock

    @property
    def tokenizer(self):
        if self._tokenizer is None:
            with self._lock:
                if self._tokenizer is None:
                    self._load()
        return self._tokenizer

    @property
    def traditional(self) -> frozenset[str]:
        """The characters to_simplified() converts (it converts no text without one)."""
        self.tokenizer  # noqa: B018 - loads the converter too
        return self._traditional

    def to_simplified(self, text: str) -> str:
        self.tokenizer  # noqa: B018 - loads the converter too
        if self._traditional.isdisjoint(text):
            return text
        return self._converter.convert(text)


segmenter = _Segmenter()


def read_dictionary(path: Path) -> Iterable[tuple[str, int | None, str | None]]:
    """Lines ``词语 [词频] [词性]`` of the custom dictionary; # comments and blanks skipped."""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split()
            word, freq, tag = parts[0], None, None
            for extra in parts[1:3]:
                if extra.isdigit():
                    freq = int(extra)
                else:
                    tag = extra
            yield word, freq, tag


def normalize(text: str | None) -> str:
    """Full-width to half-width (NFKC), traditional to simplified, lower case, no NULs."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text.replace("\x00", " ")).lower()
    return segmenter.to_simplified(text)


@dataclass(frozen=True)
class Token:
    text: str
    start: int  # offset in the normalised text


def _sub_words(word: str, start: int) -> list[Token]:
    """Every dictionary word inside a longer word (search mode, any length)."""
    freq = segmenter.tokenizer.FREQ
    found = []
    n = len(word)
    for size in range(n - 1, 1, -1):
        for i in range(0, n - size + 1):
            piece = word[i : i + size]
            if freq.get(piece):
                found.append(Token(piece, start + i))
    return found


def is_word(token: str) -> bool:
    """False for a single stop character, which is neither indexed nor searched."""
    return not (len(token) == 1 and token in STOP_CHARS)


def tokenize(text: str | None, *, normalized: bool = False) -> list[Token]:
    """Search-mode tokens of `text` with their offsets.

    Chinese runs are cut by jieba (precise mode, dictionary only) and every longer word
    also yields the dictionary words inside it, so 行业协会 gives 行业协会, 行业, 协会.
    Latin words and numbers stay whole (r&d, 2020, ckeditor) and also yield their parts.
    """
    if not normalized:
        text = normalize(text)
    if not text:
        return []
    tokenizer = segmenter.tokenizer
    tokens: list[Token] = []
    for match in TOKEN_RE.finditer(text):
        run, base = match.group(), match.start()
        if match.lastgroup == "cjk":
            for word, start, _end in tokenizer.tokenize(run, HMM=False):
                if is_word(word):
                    tokens.append(Token(word, base + start))
                if len(word) > 2:
                    tokens.extend(_sub_words(word, base + start))
        else:
            tokens.append(Token(run, base))
            parts = list(LATIN_PART_RE.finditer(run))
            if len(parts) > 1:
                tokens.extend(Token(p.group(), base + p.start()) for p in parts)
    return tokens


def char_tokens(text: str) -> list[Token]:
    """Every CJK character of normalised `text` as a marked lexeme (``~园``) at its own
    offset, stop characters left out: what lets a one- or two-character query find 公园
    and 园区 where jieba cut them into longer words."""
    return [
        Token(CHAR_MARK + m.group(), m.start())
        for m in CJK_CHAR_RE.finditer(text)
        if m.group() not in STOP_CHARS
    ]


CJK_RUN_RE = re.compile(f"[{_CJK}]+")


def bigram_tokens(text: str) -> list[Token]:
    """Every two side-by-side CJK characters of normalised `text` as one marked lexeme
    (``~园区``), pairs with a stop character left out: a two-character query is then one
    lexeme that the GIN index answers exactly, where two characters at adjacent
    positions were a phrase that PostgreSQL checked row by row."""
    out = []
    for match in CJK_RUN_RE.finditer(text):
        run, base = match.group(), match.start()
        for i in range(len(run) - 1):
            pair = run[i : i + 2]
            if pair[0] not in STOP_CHARS and pair[1] not in STOP_CHARS:
                out.append(Token(CHAR_MARK + pair, base + i))
    return out


def segment(text: str | None) -> list[str]:
    """The search-mode tokens of `text` as strings, in order (duplicates kept)."""
    return [t.text for t in tokenize(text)]


def quote_lexeme(lexeme: str) -> str:
    """A lexeme quoted for a tsvector or tsquery literal."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"
