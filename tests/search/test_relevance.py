"""Relevance over a fixed corpus of articles, notices and a magazine issue:
precision@5 and recall@20 of 70 queries.

precision@5 = relevant documents among the first five / min(5, number relevant);
recall@20 = relevant documents among the first twenty / number relevant. Both are
averaged over the queries in queries.json.
"""

import pytest

from tests.search.conftest import corpus_documents, relevance_queries, run_search

pytestmark = pytest.mark.django_db

MIN_PRECISION_AT_5 = 0.8
MIN_RECALL_AT_20 = 0.95


def test_corpus_and_queries_are_big_enough_and_consistent():
    docs = corpus_documents()
    queries = relevance_queries()
    ids = {d["id"] for d in docs}
    assert len(docs) >= 200 and len(ids) == len(docs)
    assert len(queries) >= 40
    for q in queries:
        assert q["relevant"] and set(q["relevant"]) <= ids, q["q"]
        assert len(q["relevant"]) <= 20, q["q"]


def test_precision_at_5_and_recall_at_20_meet_the_bar(corpus_index, capsys):
    ids = corpus_index
    precisions, recalls, misses = [], [], []
    for q in relevance_queries():
        relevant = set(q["relevant"])
        found = [ids[(hit.kind.kind, hit.obj.pk)] for hit in run_search(q["q"], limit=20)]
        top5 = set(found[:5])
        p = len(top5 & relevant) / min(5, len(relevant))
        r = len(set(found) & relevant) / len(relevant)
        precisions.append(p)
        recalls.append(r)
        if p < 1 or r < 1:
            misses.append(
                f"  {q['q']!r}: p@5={p:.2f} r@20={r:.2f} want {sorted(relevant)} got {found[:8]}"
            )
    precision = sum(precisions) / len(precisions)
    recall = sum(recalls) / len(recalls)
    with capsys.disabled():
        print(
            f"\nsearch relevance over {len(precisions)} queries: "
            f"precision@5={precision:.3f} recall@20={recall:.3f}"
        )
        if misses:
            print("queries below 1.0:\n" + "\n".join(misses))
    assert precision >= MIN_PRECISION_AT_5
    assert recall >= MIN_RECALL_AT_20
