"""Index persistence: built once, reused while fresh, rebuilt when stale, never read when damaged."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from assistant import Assistant
from assistant.errors import IndexCorruptError
from assistant.index import MANIFEST, PASSAGES, VECTORS, VectorIndex, make_faiss_index, read_manifest


def load(corpus: Path, index: Path, embedder) -> Assistant:
    return Assistant.load(corpus_dir=corpus, index_dir=index, embedder=embedder)


class TestBuildAndReuse:
    def test_first_load_builds_and_writes_manifest(self, corpus_copy, tmp_path, fake_embedder):
        bot = load(corpus_copy, tmp_path / "ix", fake_embedder)
        assert bot.last_build is not None and bot.last_build.passages == len(bot.passages) > 50
        manifest = json.loads((tmp_path / "ix" / MANIFEST).read_text())
        assert manifest["model"] == "fake-embedder"
        assert manifest["dimension"] == 16
        assert manifest["count"] == len(bot.passages)
        assert set(manifest["checksums"]) == {VECTORS, PASSAGES}

    def test_second_load_reuses_index_without_embedding(self, corpus_copy, tmp_path, fake_embedder):
        load(corpus_copy, tmp_path / "ix", fake_embedder)
        calls = fake_embedder.calls
        bot = load(corpus_copy, tmp_path / "ix", fake_embedder)
        assert bot.last_build is None
        assert fake_embedder.calls == calls

    def test_no_temp_files_left_behind(self, corpus_copy, tmp_path, fake_embedder):
        load(corpus_copy, tmp_path / "ix", fake_embedder)
        assert not [p for p in (tmp_path / "ix").iterdir() if p.name.endswith(".tmp")]


class TestStaleness:
    def test_changed_document_triggers_rebuild_that_embeds_only_new_text(self, corpus_copy, tmp_path, fake_embedder):
        first = load(corpus_copy, tmp_path / "ix", fake_embedder)
        doc = corpus_copy / "002_e843663cc6609ce7.txt"
        doc.write_text(
            doc.read_text(encoding="utf-8") + "\nExtra paragraph about ONNX export added later.\n", encoding="utf-8"
        )
        calls = fake_embedder.calls
        bot = load(corpus_copy, tmp_path / "ix", fake_embedder)
        assert bot.last_build is not None, "a changed document must make the index stale"
        assert 0 < fake_embedder.calls - calls < len(first.passages) // 4
        assert any("ONNX export added later" in p.text for p in bot.passages)

    def test_changed_facts_trigger_rebuild(self, corpus_copy, tmp_path, fake_embedder):
        load(corpus_copy, tmp_path / "ix", fake_embedder)
        facts = corpus_copy / "facts.yaml"
        facts.write_text(facts.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        assert load(corpus_copy, tmp_path / "ix", fake_embedder).last_build is not None

    def test_other_model_triggers_rebuild(self, corpus_copy, tmp_path, fake_embedder):
        from tests.conftest import FakeEmbedder

        load(corpus_copy, tmp_path / "ix", fake_embedder)
        other = FakeEmbedder(dimension=24, name="other-model")
        bot = load(corpus_copy, tmp_path / "ix", other)
        assert bot.last_build is not None
        assert bot.index.manifest.model == "other-model" and bot.index.faiss.d == 24


class TestCorruption:
    @pytest.mark.parametrize("name", [VECTORS, PASSAGES, MANIFEST])
    def test_truncated_file_is_detected_and_rebuilt(self, corpus_copy, tmp_path, fake_embedder, name):
        ix = tmp_path / "ix"
        good = load(corpus_copy, ix, fake_embedder)
        path = ix / name
        path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
        with pytest.raises(IndexCorruptError):
            VectorIndex.load(ix, model="fake-embedder", dimension=16, fingerprint=good.index.manifest.fingerprint)
        bot = load(corpus_copy, ix, fake_embedder)
        assert bot.last_build is not None
        assert [p.id for p in bot.passages] == [p.id for p in good.passages]

    @pytest.mark.parametrize("name", [VECTORS, MANIFEST])
    def test_zero_byte_file_is_rebuilt(self, corpus_copy, tmp_path, fake_embedder, name):
        ix = tmp_path / "ix"
        load(corpus_copy, ix, fake_embedder)
        (ix / name).write_bytes(b"")
        assert load(corpus_copy, ix, fake_embedder).last_build is not None

    def test_newer_manifest_version_is_refused_then_rebuilt(self, corpus_copy, tmp_path, fake_embedder):
        ix = tmp_path / "ix"
        load(corpus_copy, ix, fake_embedder)
        data = json.loads((ix / MANIFEST).read_text())
        data["format_version"] = 99
        (ix / MANIFEST).write_text(json.dumps(data))
        with pytest.raises(IndexCorruptError, match="newer version"):
            read_manifest(ix)
        assert load(corpus_copy, ix, fake_embedder).last_build is not None

    def test_foreign_manifest_is_rejected(self, tmp_path):
        (tmp_path / MANIFEST).write_text('{"hello": "world"}')
        with pytest.raises(IndexCorruptError, match="not a manifest"):
            read_manifest(tmp_path)


class TestIndexType:
    def test_small_collections_use_exact_search(self):
        vectors = np.eye(8, dtype=np.float32)
        assert type(make_faiss_index(vectors)).__name__ == "IndexFlatIP"

    def test_large_collections_use_ivf(self):
        rng = np.random.default_rng(0)
        vectors = rng.standard_normal((300, 8)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        index = make_faiss_index(vectors, flat_limit=100)
        assert type(index).__name__ == "IndexIVFFlat"
        _, rows = index.search(vectors[:5], 1)
        assert rows[:, 0].tolist() == [0, 1, 2, 3, 4]


def test_the_encode_batch_size_changes_no_vector() -> None:
    """The batch size is chosen for speed (benchmarks.build --batch-sizes); what it encodes must not change."""
    from assistant.embed import CPU_BATCH, SentenceEmbedder

    embedder = SentenceEmbedder(device="cpu")
    assert embedder.batch_size == CPU_BATCH
    texts = [f"{'PyTorch builds dynamic graphs. ' * n}Keras {n}" for n in range(1, 70)]  # lengths vary: padding
    chosen = embedder.encode(texts)
    embedder.batch_size = 128
    assert np.abs(chosen - embedder.encode(texts)).max() < 1e-5


def test_one_question_is_encoded_to_the_vector_the_library_gives() -> None:
    """A question skips encode()'s batching set-up (speed); its vector must be the library's own,
    with the model's default prompt applied, and a model with a truncated output keeps encode()."""
    from assistant.embed import SentenceEmbedder

    embedder = SentenceEmbedder(device="cpu")
    model = embedder._model
    for text in ("Which framework is best for mobile?", "tf or torch for my thesis? " * 40):  # one past 256 tokens
        library = model.encode([text], normalize_embeddings=True)
        assert np.abs(embedder.encode([text]) - library).max() < 1e-6
    plain = embedder.encode(["PyTorch vs Keras"])
    model.prompts, model.default_prompt_name = {"query": "query: "}, "query"
    try:
        prompted = model.encode(["PyTorch vs Keras"], normalize_embeddings=True)
        assert np.abs(prompted - plain).max() > 1e-3, "the prompt changes the vector"
        assert np.abs(embedder.encode(["PyTorch vs Keras"]) - prompted).max() < 1e-6
    finally:
        model.prompts, model.default_prompt_name = {}, None
    model.truncate_dim = 64
    try:
        embedder._one = embedder._single_text_path()
        assert embedder.encode(["PyTorch vs Keras"]).shape == (1, 64)
    finally:
        model.truncate_dim = None
        embedder._one = embedder._single_text_path()


class TestEmbeddingCacheSegments:
    """A save appends only the vectors not yet stored; every file together reads back as one cache."""

    @staticmethod
    def vectors(n: int, start: int = 0) -> dict[str, np.ndarray]:
        rng = np.random.default_rng(start)
        return {f"k{start + i}": rng.standard_normal(8).astype(np.float32) for i in range(n)}

    def test_a_save_writes_only_what_is_new_and_a_reload_sees_everything(self, tmp_path: Path) -> None:
        from assistant.index import EmbeddingCache

        path = tmp_path / "cache-x.npz"
        cache = EmbeddingCache(path, 8)
        first = self.vectors(100)
        cache.add(first)
        cache.save(first)
        base = path.read_bytes()
        second = self.vectors(3, start=100)
        cache.add(second)
        cache.save([*first, *second])
        assert path.read_bytes() == base, "the base file is not rewritten for three new vectors"
        [segment] = sorted(tmp_path.glob("cache-x.*.npz"))
        with np.load(segment) as data:
            assert sorted(data["keys"]) == sorted(second)
        again = EmbeddingCache(path, 8)
        assert set(again.keys()) == {*first, *second}
        for key, vector in {**first, **second}.items():
            np.testing.assert_array_equal(again.vectors()[key], vector)
        cache.save([*first, *second])
        assert len(list(tmp_path.glob("cache-x.*.npz"))) == 1, "nothing new: nothing written"

    def test_dropped_entries_are_folded_away_once_they_outnumber_the_live_ones(self, tmp_path: Path) -> None:
        from assistant.index import EmbeddingCache

        path = tmp_path / "cache-x.npz"
        cache = EmbeddingCache(path, 8)
        old, kept = self.vectors(10), self.vectors(4, start=10)
        cache.add({**old, **kept})
        cache.save([*old, *kept])
        cache.add(self.vectors(1, start=20))
        cache.save([*old, *kept, "k20"])
        assert list(tmp_path.glob("cache-x.*.npz"))
        cache.save([*kept, "k20"])  # 10 stale against 5 live: one rewrite
        assert not list(tmp_path.glob("cache-x.*.npz")), "segments folded into the base"
        assert set(EmbeddingCache(path, 8).keys()) == {*kept, "k20"}
