"""Synthetic corpora for the scale benchmark: clustered unit vectors and Zipf-distributed text.

Random vectors spread uniformly over the sphere have no neighbourhood structure, so any ANN index
looks bad on them and the recall figure would say nothing about real embeddings. These vectors are
drawn from a two-level mixture (topics, then sub-topics, then noise), so a query's true neighbours
sit in its sub-topic, with near misses in the same topic, as sentence embeddings of a corpus do.
Queries are fresh draws from the same mixture, never copies of indexed vectors.

Texts are bags of pseudo-words with Zipf-distributed frequencies (a few very common words, a long
tail of rare ones), which is what BM25's posting lists see in real text.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

DIM = 384  # all-MiniLM-L6-v2
TOPIC_WEIGHT, SUBTOPIC_WEIGHT, NOISE_WEIGHT = 0.4, 0.3, 1.0
_SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]


def _unit(x: np.ndarray) -> np.ndarray:
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x


class ClusteredVectors:
    """A fixed-seed mixture of unit vectors: ``sample(n)`` draws n of them, in chunks to bound memory."""

    def __init__(self, n_hint: int, dim: int = DIM, seed: int = 0) -> None:
        if n_hint < 1 or dim < 2:
            raise ValueError(f"need n_hint >= 1 and dim >= 2, got n_hint={n_hint}, dim={dim}")
        rng = np.random.default_rng(seed)
        self.dim = dim
        self.topics = _unit(rng.standard_normal((max(8, int(np.sqrt(n_hint) / 4)), dim)).astype(np.float32))
        n_sub = max(16, n_hint // 50)  # about 50 vectors per sub-topic
        self.sub_topic = rng.integers(len(self.topics), size=n_sub)
        self.subtopics = _unit(rng.standard_normal((n_sub, dim)).astype(np.float32))
        self._seed = seed

    def sample(self, n: int, stream: int = 1, chunk: int = 100_000) -> np.ndarray:
        """n unit vectors (float32); ``stream`` picks an independent draw (0 is reserved for the mixture)."""
        rng = np.random.default_rng([self._seed, stream])
        out = np.empty((n, self.dim), dtype=np.float32)
        for start in range(0, n, chunk):
            m = min(chunk, n - start)
            sub = rng.integers(len(self.subtopics), size=m)
            noise = _unit(rng.standard_normal((m, self.dim), dtype=np.float32))
            block = TOPIC_WEIGHT * self.topics[self.sub_topic[sub]] + SUBTOPIC_WEIGHT * self.subtopics[sub]
            block += NOISE_WEIGHT * noise
            out[start : start + m] = _unit(block)
        return out


def clustered_vectors(n: int, dim: int = DIM, seed: int = 0, queries: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """(n indexed vectors, ``queries`` fresh query vectors) from the same fixed-seed mixture."""
    mixture = ClusteredVectors(n, dim, seed)
    return mixture.sample(n, stream=1), mixture.sample(queries, stream=2)


def pseudo_words(n: int, seed: int = 0) -> list[str]:
    """n distinct pronounceable lowercase words (2 to 4 syllables), stable for a seed."""
    rng = np.random.default_rng(seed)
    words: dict[str, None] = {}
    while len(words) < n:
        lengths = rng.integers(2, 5, size=n)
        picks = rng.integers(len(_SYLLABLES), size=(n, 4))
        for length, row in zip(lengths, picks, strict=True):
            words.setdefault("".join(_SYLLABLES[i] for i in row[:length]))
            if len(words) == n:
                break
    return list(words)


def zipf_ranks(rng: np.random.Generator, size: int | tuple[int, ...], vocab: int, a: float = 1.1) -> np.ndarray:
    """Word ranks in [0, vocab) with Zipf frequencies (rank 0 the most common)."""
    weights = 1.0 / np.arange(1, vocab + 1) ** a
    cdf = np.cumsum(weights / weights.sum())
    return np.minimum(np.searchsorted(cdf, rng.random(size)), vocab - 1)


def zipf_texts(n: int, words_per_text: int = 40, vocab: int = 50_000, seed: int = 0) -> list[str]:
    """n texts of pseudo-words with Zipf frequencies (built in chunks; 1M texts take seconds)."""
    rng = np.random.default_rng(seed)
    lexicon = np.array(pseudo_words(vocab, seed))
    texts: list[str] = []
    for start in range(0, n, 50_000):
        m = min(50_000, n - start)
        words = lexicon[zipf_ranks(rng, (m, words_per_text), vocab)]
        texts.extend(" ".join(row) for row in words.tolist())
    return texts


def zipf_queries(n: int, words: int = 4, vocab: int = 50_000, seed: int = 0) -> list[str]:
    """n short queries drawn from the same vocabulary and frequencies as :func:`zipf_texts`."""
    rng = np.random.default_rng([seed, 7])
    lexicon = np.array(pseudo_words(vocab, seed))
    return [" ".join(row) for row in lexicon[zipf_ranks(rng, (n, words), vocab)].tolist()]


def corpus_words(corpus_dir: Path | None = None) -> list[str]:
    """Every word of the built-in corpus's passages, in order (repeats kept, so frequencies are real)."""
    from assistant.config import default_corpus_dir
    from assistant.ingest import load_corpus

    passages = load_corpus(corpus_dir or default_corpus_dir())
    return re.findall(r"[A-Za-z]+", " ".join(p.text for p in passages))


def write_documents(folder: Path, passages: int, *, words: int = 30, per_doc: int = 200, seed: int = 0) -> list[Path]:
    """Markdown documents holding ``passages`` paragraphs of ``words`` real words each, 20 per section.

    The words are drawn from the built-in corpus (real English, so a real model tokenizes them as
    it would real passages); every paragraph is one sentence under 700 characters, so ingestion
    makes exactly one passage of each. Files are named ``synthetic-NNNNN.md``.
    """
    if passages < 1 or words < 3 or per_doc < 1:
        raise ValueError(f"need passages >= 1, words >= 3, per_doc >= 1; got {passages}, {words}, {per_doc}")
    vocab = np.array(corpus_words())
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for doc, start in enumerate(range(0, passages, per_doc)):
        count = min(per_doc, passages - start)
        picks = vocab[rng.integers(len(vocab), size=(count, words))].tolist()
        lines = [f"# Synthetic notes {doc:05d}", ""]
        for j, row in enumerate(picks):
            if j % 20 == 0:
                lines += [f"## Part {j // 20 + 1}", ""]
            text = " ".join(row)
            lines += [text[:1].upper() + text[1:] + ".", ""]
        path = folder / f"synthetic-{doc:05d}.md"
        path.write_text("\n".join(lines), encoding="utf-8")
        paths.append(path)
    return paths
