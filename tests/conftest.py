"""Shared fixtures: a deterministic fake embedder, a copy of the corpus in tmp_path, the real assistant."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


class FakeEmbedder:
    """A unit vector seeded from a hash of the text: deterministic, instant, no model needed.

    ``calls`` counts the texts it was asked to encode and ``texts`` keeps them, so tests can assert what
    was (not) embedded.
    """

    def __init__(self, dimension: int = 16, name: str = "fake-embedder") -> None:
        self.name = name
        self.dimension = dimension
        self.calls = 0
        self.texts: list[str] = []  # every text it encoded, in order
        self.device = "cpu"

    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        self.calls += len(texts)
        self.texts += texts
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for i, text in enumerate(texts):
            seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
            v = np.random.default_rng(seed).standard_normal(self.dimension)
            out[i] = v / np.linalg.norm(v)
        return out


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped corpus (documents, sources.yaml, facts.yaml)."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


_MODEL: list[object] = []  # the loaded embedding model, kept across pytest runs in one process (mutation runs)


@pytest.fixture(scope="session")
def bot(tmp_path_factory: pytest.TempPathFactory):
    """The real assistant (bundled model, shipped corpus), built once per test run in a temp index dir.

    ``ASSISTANT_TEST_INDEX_DIR`` names a prebuilt index to start from (tools/mutation.py sets it so that
    each mutant's run loads instead of embedding the corpus again); it is copied, never written, and
    is rebuilt in the copy like any index when it is stale or damaged.
    """
    from assistant import Assistant
    from assistant.embed import SentenceEmbedder

    index_dir = tmp_path_factory.mktemp("index")
    prebuilt = os.environ.get("ASSISTANT_TEST_INDEX_DIR")
    if prebuilt:
        shutil.copytree(prebuilt, index_dir, dirs_exist_ok=True)
    if not _MODEL:
        from assistant.config import Settings

        settings = Settings()
        _MODEL.append(SentenceEmbedder(settings.model, settings.device))
    return Assistant.load(
        index_dir=index_dir,
        data_dir=tmp_path_factory.mktemp("data"),  # never the user's own added documents
        corpus_dir=CORPUS,
        embedder=_MODEL[0],
    )
