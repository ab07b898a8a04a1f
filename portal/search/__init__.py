"""Chinese full-text search inside PostgreSQL.

PostgreSQL's parser does not split Chinese into words, so the portal segments text in
Python with jieba (:mod:`.text`) and stores the tokens as a weighted ``tsvector``
(:mod:`.index`). Queries are segmented the same way (:mod:`.query`), matched and ranked
over every kind in the registry (:mod:`.registry`, :mod:`.engine`), and the hits' words
marked (:mod:`.highlight`). This package imports no other app: each app registers its
models from its own search module. See README “Search”.
"""

# The engine's tunables (CANDIDATES, COUNT_CAP) are read from portal.search.engine at
# call time, so they are not copied here, where patching them would change nothing.
from portal.search.engine import (
    RankedResults,
    SearchFilters,
    SearchHit,
    TSMatch,
    kinds_for,
    load_hits,
    matching,
    rank_page,
    tsquery,
)
from portal.search.highlight import highlight, snippet
from portal.search.index import Searchable, build_vector, reindex
from portal.search.query import MAX_QUERY_CHARS, MAX_QUERY_TERMS, ParsedQuery, Term, parse_query
from portal.search.registry import SearchKind, get_kind, register, registered, unregister
from portal.search.text import DICTIONARY_PATH, Token, normalize, read_dictionary, segment, tokenize

__all__ = [
    "DICTIONARY_PATH",
    "MAX_QUERY_CHARS",
    "MAX_QUERY_TERMS",
    "ParsedQuery",
    "RankedResults",
    "SearchFilters",
    "SearchHit",
    "SearchKind",
    "Searchable",
    "TSMatch",
    "Term",
    "Token",
    "build_vector",
    "get_kind",
    "highlight",
    "kinds_for",
    "load_hits",
    "matching",
    "normalize",
    "parse_query",
    "rank_page",
    "read_dictionary",
    "reindex",
    "register",
    "registered",
    "segment",
    "snippet",
    "tokenize",
    "tsquery",
    "unregister",
]
