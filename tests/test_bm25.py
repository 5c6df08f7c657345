"""BM25Index (assistant/bm25.py): bm25s' scores bit for bit, and an index built from the one before an
update (reusing its term counts) equal to one built from scratch."""

from __future__ import annotations

import bm25s
import numpy as np
import pytest
import Stemmer

from assistant.bm25 import BM25Index
from benchmarks.synthetic import zipf_queries, zipf_texts
from tests.conftest import CORPUS

QUERIES = ["mobile deployment", "research prototypes pytorch", "keras beginners layers", "tpu tpu training", "xyzzy"]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    corpus = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    paragraphs = [block for text in corpus for block in text.split("\n\n") if block.strip()]
    return paragraphs + zipf_texts(300, seed=3) + ["", "a I the"]  # an empty text and one of stopwords only


def reference(texts: list[str]) -> tuple[bm25s.BM25, Stemmer.Stemmer]:
    stemmer = Stemmer.Stemmer("english")
    model = bm25s.BM25()
    model.index(bm25s.tokenize(texts, stopwords="en", stemmer=stemmer, show_progress=False), show_progress=False)
    return model, stemmer


def same_index(a: BM25Index, b: BM25Index, queries: list[str]) -> None:
    assert a.vocabulary == b.vocabulary
    for query in queries:
        assert np.array_equal(a.scores(query), b.scores(query)), query
        assert a.search(query, 20) == b.search(query, 20), query


class TestBM25Index:
    def test_scores_are_bm25s_scores_bit_for_bit(self, texts: list[str]) -> None:
        ours = BM25Index([], texts=texts)
        model, stemmer = reference(texts)
        assert ours.vocabulary == frozenset(model.vocab_dict)
        for query in QUERIES + zipf_queries(30, seed=3) + [texts[5]]:
            terms = bm25s.tokenize([query], stopwords="en", stemmer=stemmer, show_progress=False, return_ids=False)[0]
            ids = model.get_tokens_ids(terms)
            expected = model.get_scores(ids) if ids else np.zeros(len(texts), np.float32)
            got = ours.scores(query)
            assert got.dtype == expected.dtype and np.array_equal(got, expected), query

    def test_an_update_equals_a_build_from_scratch(self, texts: list[str]) -> None:
        queries = QUERIES + zipf_queries(20, seed=4)
        first = BM25Index([], texts=texts[:200])
        added = BM25Index([], texts=texts[:200] + texts[300:], previous=first)  # a document added
        same_index(added, BM25Index([], texts=texts[:200] + texts[300:]), queries)
        removed = BM25Index([], texts=texts[100:200] + texts[300:], previous=added)  # the first one removed
        same_index(removed, BM25Index([], texts=texts[100:200] + texts[300:]), queries)
        emptied = BM25Index([], texts=[], previous=removed)
        assert emptied.search("mobile", 5) == [] and emptied.vocabulary == frozenset()
        assert not removed.knows("qqqqzz") and removed.knows(removed.terms(texts[150])[0][:3])

    def test_an_update_counts_only_the_new_texts(self, texts: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
        first = BM25Index([], texts=texts[:200])
        counted: list[str] = []
        original = BM25Index._count
        monkeypatch.setattr(BM25Index, "_count", lambda self, text: counted.append(text) or original(self, text))
        BM25Index([], texts=texts[:200] + texts[200:210], previous=first)
        assert counted == list(dict.fromkeys(texts[200:210]))
