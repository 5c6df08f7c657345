"""Index choice by size, ANN recall against exact search, and the caches that keep questions fast.

Sizes are small (a lowered ``flat_limit`` stands in for the 20k threshold); the figures at 10k to
1M passages come from ``python -m benchmarks.scale``, not from tests.
"""

from __future__ import annotations

import threading

import bm25s
import faiss
import numpy as np
import pytest
import Stemmer

from assistant import Assistant
from assistant.bm25 import BM25Index
from assistant.index import FLAT_LIMIT, VectorIndex, ivf_probes, make_faiss_index, read_manifest, search_one
from assistant.retrieve import LRU
from benchmarks.synthetic import clustered_vectors, zipf_queries, zipf_texts
from tests.conftest import CORPUS


def recall_at_10(index, vectors: np.ndarray, queries: np.ndarray) -> float:
    exact = faiss.IndexFlatIP(vectors.shape[1])
    exact.add(vectors)
    _, truth = exact.search(queries, 10)
    _, found = index.search(queries, 10)
    return float(np.mean([len(set(a) & set(b)) / 10 for a, b in zip(found, truth, strict=True)]))


@pytest.fixture(scope="module")
def clustered() -> tuple[np.ndarray, np.ndarray]:
    return clustered_vectors(6000, queries=200, seed=3)


class TestIndexChoice:
    def test_up_to_the_limit_search_is_exact(self, clustered):
        vectors, _ = clustered
        index = make_faiss_index(vectors[:1000], flat_limit=1000)
        assert type(index).__name__ == "IndexFlatIP"
        assert FLAT_LIMIT >= 10_000, "the shipped corpus and small user libraries must get exact search"

    def test_above_the_limit_an_ivf_index_is_built(self, clustered):
        vectors, _ = clustered
        index = make_faiss_index(vectors, flat_limit=1000)
        assert type(index).__name__ == "IndexIVFFlat"
        assert index.ntotal == len(vectors)
        assert index.nlist == round(np.sqrt(len(vectors)))
        assert index.nprobe == ivf_probes(index.nlist)

    def test_ivf_recall_at_10_against_exact_search(self, clustered):
        vectors, queries = clustered
        index = make_faiss_index(vectors, flat_limit=1000)
        assert recall_at_10(index, vectors, queries) >= 0.95

    def test_a_vector_finds_itself_first(self, clustered):
        vectors, _ = clustered
        index = make_faiss_index(vectors, flat_limit=1000)
        _, rows = index.search(vectors[:50], 1)
        assert rows[:, 0].tolist() == list(range(50))

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [({"flat_limit": -1}, "flat_limit"), ({"flat_limit": 10, "nlist": 10_000}, "nlist")],
    )
    def test_bad_parameters_are_named(self, clustered, kwargs, message):
        with pytest.raises(ValueError, match=message):
            make_faiss_index(clustered[0][:500], **kwargs)

    def test_one_dimensional_input_is_rejected(self):
        with pytest.raises(ValueError, match="2-D"):
            make_faiss_index(np.zeros(384, dtype=np.float32))


class TestIvfPersistence:
    def test_saved_ivf_index_loads_with_its_probes_and_row_lookup(self, clustered, tmp_path):
        from assistant.records import Passage

        vectors, queries = clustered
        passages = [Passage(id=f"p{i}", source="s", title="t", text=f"passage {i}") for i in range(len(vectors))]
        index = VectorIndex(passages, make_faiss_index(vectors, flat_limit=1000), _manifest(vectors))
        index.save(tmp_path)
        manifest = read_manifest(tmp_path)
        assert manifest.index_type == "IndexIVFFlat"
        loaded = VectorIndex.load(tmp_path, model="synthetic", dimension=vectors.shape[1], fingerprint="fp")
        assert loaded.faiss.nprobe == index.faiss.nprobe
        assert loaded.search(queries[0], 10) == index.search(queries[0], 10)
        # bm25-mode retrieval reads vectors back by row
        np.testing.assert_allclose(loaded.faiss.reconstruct(123), vectors[123], rtol=1e-6)


class TestSingleQuerySearch:
    def test_matches_batched_search(self, clustered):
        vectors, queries = clustered
        index = make_faiss_index(vectors, flat_limit=1000)
        scores, rows = index.search(queries[:1], 20)
        one_scores, one_rows = search_one(index, queries[0], 20)
        assert one_rows.tolist() == rows[0].tolist()
        np.testing.assert_allclose(one_scores, scores[0], rtol=1e-6)

    def test_leaves_the_thread_count_as_it_was(self, clustered):
        before = faiss.omp_get_max_threads()
        search_one(make_faiss_index(clustered[0][:100]), clustered[1][0], 5)
        assert faiss.omp_get_max_threads() == before


class TestBM25Index:
    def test_query_terms_match_the_indexed_tokens(self):
        texts = zipf_texts(200, seed=1) + [p.read_text(encoding="utf-8")[:4000] for p in sorted(CORPUS.glob("*.txt"))]
        texts += ["Which framework should I use for mobile?", "tf or torch — Straße, naïve café!", "a I", ""]
        lexical = BM25Index([], texts=texts[:10])
        stemmer = Stemmer.Stemmer("english")
        for text in texts:
            expected = bm25s.tokenize([text], stopwords="en", stemmer=stemmer, show_progress=False, return_ids=False)
            assert lexical.terms(text) == expected[0], text[:60]

    def test_search_agrees_with_bm25s_retrieve(self):
        texts = zipf_texts(3000, seed=2)
        lexical = BM25Index([], texts=texts)
        stemmer = Stemmer.Stemmer("english")
        reference = bm25s.BM25()
        tokens = bm25s.tokenize(texts, stopwords="en", stemmer=stemmer, show_progress=False)
        reference.index(tokens, show_progress=False)
        for query in zipf_queries(20, seed=2):
            ours = lexical.search(query, 10)
            tokens = bm25s.tokenize([query], stopwords="en", stemmer=stemmer, show_progress=False)
            docs, scores = reference.retrieve(tokens, k=10, show_progress=False)
            np.testing.assert_allclose([s for _, s in ours], scores[0][: len(ours)], rtol=1e-5)

    def test_returned_terms_are_a_copy(self):
        lexical = BM25Index([], texts=["pytorch graphs", "keras layers"])
        lexical.terms("keras layers").append("junk")
        assert lexical.terms("keras layers") == ["kera", "layer"]


class TestCaches:
    def test_lru_is_bounded_and_evicts_the_least_recent(self):
        cache: LRU[str, int] = LRU(2)
        cache.put("a", 1)
        cache.put("b", 2)
        assert cache.get("a") == 1  # "a" is now the most recent
        cache.put("c", 3)
        assert cache.get("b") is None and cache.get("a") == 1 and cache.get("c") == 3
        cache.clear()
        assert len(cache) == 0

    def test_lru_survives_concurrent_use(self):
        cache: LRU[int, int] = LRU(64)

        def work(offset: int) -> None:
            for i in range(2000):
                cache.put((offset + i) % 200, i)
                cache.get(i % 200)

        threads = [threading.Thread(target=work, args=(k * 50,)) for k in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(cache) == 64

    def test_repeated_question_is_answered_without_embedding_again(self, corpus_copy, tmp_path, fake_embedder):
        bot = Assistant.load(corpus_dir=corpus_copy, index_dir=tmp_path / "ix", embedder=fake_embedder)
        first = bot.ask("Which framework should I use for mobile?")
        calls = fake_embedder.calls
        again = bot.ask("Which framework should I use for mobile?")
        assert fake_embedder.calls == calls
        assert again == first

    def test_editing_a_returned_answer_does_not_change_the_next_one(self, corpus_copy, tmp_path, fake_embedder):
        bot = Assistant.load(corpus_dir=corpus_copy, index_dir=tmp_path / "ix", embedder=fake_embedder)
        first = bot.ask("Who created Keras?")
        text = first.text
        first.text = "edited by the caller"
        first.citations.clear()
        again = bot.ask("Who created Keras?")
        assert again.text == text and again.citations

    def test_a_follow_up_is_not_served_the_answer_without_history(self, corpus_copy, tmp_path, fake_embedder):
        bot = Assistant.load(corpus_dir=corpus_copy, index_dir=tmp_path / "ix", embedder=fake_embedder)
        bot.ask("what about Keras?")
        calls = fake_embedder.calls
        bot.ask("what about Keras?", history=["Which framework should I use for mobile?"])
        assert fake_embedder.calls > calls, "with history the question is searched anew (with the earlier topic)"

    def test_same_question_with_another_k_reuses_the_query_vector(self, corpus_copy, tmp_path, fake_embedder):
        bot = Assistant.load(corpus_dir=corpus_copy, index_dir=tmp_path / "ix", embedder=fake_embedder)
        bot.ask("Is Keras still relevant?")
        calls = fake_embedder.calls
        bot.ask("Is Keras still relevant?", k=7)
        assert fake_embedder.calls == calls

    def test_clear_cache_forgets_answers_and_vectors(self, corpus_copy, tmp_path, fake_embedder):
        bot = Assistant.load(corpus_dir=corpus_copy, index_dir=tmp_path / "ix", embedder=fake_embedder)
        bot.ask("Does TensorFlow support TPUs?")
        calls = fake_embedder.calls
        bot.clear_cache()
        bot.ask("Does TensorFlow support TPUs?")
        assert fake_embedder.calls > calls


def _manifest(vectors: np.ndarray):
    from assistant.index import FORMAT_VERSION, Manifest

    return Manifest(
        format_version=FORMAT_VERSION,
        model="synthetic",
        dimension=vectors.shape[1],
        count=len(vectors),
        fingerprint="fp",
        index_type="IndexIVFFlat",
        checksums={},
        built_at=0.0,
    )
