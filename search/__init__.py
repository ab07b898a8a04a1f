"""Chinese full-text search inside PostgreSQL.

PostgreSQL's parser does not split Chinese into words, so the portal segments text in
Python with jieba (:mod:`.text`) and stores the tokens as a weighted ``tsvector``
(:mod:`.index`). Queries are segmented the same way (:mod:`.query`), matched and ranked
over every kind in the registry (:mod:`.registry`, :mod:`.engine`), and the hits' words
marked (:mod:`.marking`). This package imports no other app: each app registers its
models from its own search module. See README “Search”.
"""

import importlib

# Django imports this package before the models are ready, and `Searchable` is a model,
# so each name is loaded from its module on first use (PEP 562) rather than here.
_HOMES = {
    "DICTIONARY_PATH": "text",
    "MAX_QUERY_CHARS": "query",
    "MAX_QUERY_TERMS": "query",
    "ParsedQuery": "query",
    "RankedResults": "engine",
    "SearchFilters": "engine",
    "SearchHit": "engine",
    "SearchKind": "registry",
    "Searchable": "index",
    "TSMatch": "engine",
    "Term": "query",
    "Token": "text",
    "build_vector": "index",
    "get_kind": "registry",
    "highlight": "marking",
    "kinds_for": "engine",
    "load_hits": "engine",
    "matching": "engine",
    "normalize": "text",
    "parse_query": "query",
    "rank_page": "engine",
    "read_dictionary": "text",
    "register": "registry",
    "registered": "registry",
    "reindex": "index",
    "segment": "text",
    "snippet": "marking",
    "tokenize": "text",
    "tsquery": "engine",
    "unregister": "registry",
}


def __getattr__(name):
    if name not in _HOMES:
        raise AttributeError(f"module 'search' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"search.{_HOMES[name]}"), name)
    globals()[name] = value
    return value


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
