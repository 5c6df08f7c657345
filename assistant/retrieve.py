"""Hybrid retrieval: dense (FAISS) and lexical (BM25) ranks fused by reciprocal rank fusion.

Retrieval knows the framework names (through the facts file's aliases) and what the question
asks for (a recommendation, a comparison, an attribute, an overview), and uses both to rank.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

import numpy as np

from .bm25 import BM25Index
from .embed import Embedder
from .index import VectorIndex
from .records import Hit
from .textutil import CONS_CUE, MAKER_CUE, PROS_CUE

Mode = Literal["hybrid", "dense", "bm25", "rrf"]
# "rrf" is hybrid fusion without the framework and passage-kind priors (for the evaluation's ablation).
MODES: tuple[str, ...] = ("hybrid", "dense", "bm25", "rrf")
RRF_K = 60
SENTENCE_WEIGHT = 1.0  # weight of the best-sentence ranking next to the dense and BM25 ones
POOL = 50  # candidates taken from each retriever before fusion

Intent = Literal["recommendation", "comparison", "attribute", "overview", "general"]

_RECOMMEND = re.compile(
    r"\b(which|what)\b.*\b(framework|library|one|tool|should|best|use|pick|choose|learn|go with)\b"
    r"|\bshould (i|we)\b|\bbest\b|\brecommend|\bchoose\b|\bpick\b|\bgo with\b|\bfor (my|our|a|an)\b"
    r"|\b(better|good|suitable|ideal|right) (for|choice)\b|\bstart with\b",
    re.I,
)
_COMPARE = re.compile(r"\bvs\.?\b|\bversus\b|\bcompar|\bdifferen|\bbetter\b|\bor\b|\bagainst\b|\bsame\b", re.I)
_ATTRIBUTE = re.compile(
    r"\b(who|when|what year|which year|what language|which language|how old|release|released|develop|"
    r"created|creator|made|owns|owner|maintain|support|supports|run on|runs on|backend|does|do|is there|"
    r"can|tool|tools|debug|deploy|learning curve|execution|graph)\b",
    re.I,
)
# Words that frame a question rather than say what it is about; kept out of the lexical query and
# the topic, so "which framework should I use for mobile" searches for "mobile", not "framework".
_FRAME_WORDS = re.compile(
    r"\b(which|what|who|whom|whose|when|where|why|how|should|would|could|can|do|does|did|is|are|was|were|"
    r"i|we|you|me|my|our|your|a|an|the|to|for|of|in|on|with|and|or|vs|versus|it|its|that|this|one|ones|"
    r"framework|frameworks|library|libraries|tool|use|using|used|pick|choose|choice|recommend|recommended|"
    r"best|better|good|go|start|learn|about|tell|me|please|between|compare|comparison|difference|differences)\b",
    re.I,
)
_OVERVIEW = re.compile(r"\b(what is|what's|what are|tell me about|explain|overview|describe|introduc)\b", re.I)
# Where users and the articles word a concept differently, the cue adds the articles' words to the
# topic (what BM25 searches and what the composer weighs when it picks passages and sentences).
# Domain vocabulary for whole classes of questions, never the answer to one.
_CONCEPTS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(cue, re.I), words)
    for cue, words in (
        (MAKER_CUE, "developed created owner"),
        (
            r"\bwhen (was|were|did|is)\b.*\b(releas|come out|came out|launch|publish|open.sourc|creat|start)"
            r"|\b(what|which) year\b|\bhow old\b|\bcome out\b",
            "release year",
        ),
        (r"\bwho uses\b|\b(which|what) compan|\bused by\b|\badopt", "used companies adoption"),
        (CONS_CUE, "cons limitations drawback"),
        (PROS_CUE, "pros advantages"),
        (r"\blanguages?\b|\bwritten in\b", "language"),
        (r"\b(phones?|android|ios|iphone|smartphones?)\b", "mobile"),
        (r"\b(web|browsers?|javascript)\b", "browser web"),
        (r"\b(newbies?|novices?|newcomers?|first time|new to)\b", "beginners newcomers"),
        (r"\b(thesis|dissertation|phd|papers?)\b", "research academic"),
    )
)
_ELLIPTIC = re.compile(r"^\s*(and|but|so|also)?\s*(what|how) about\b|^\s*and (for|in|on)\b", re.I)
_PRONOUN = re.compile(r"\b(it|its|it's|they|them|their|that one|this one)\b", re.I)


@dataclass(frozen=True)
class Query:
    """A question as retrieval sees it: its text, the frameworks it names and what it asks for."""

    text: str
    frameworks: tuple[str, ...]
    intent: Intent
    search_text: str
    topic: str = ""

    @property
    def lexical_text(self) -> str:
        """What BM25 searches: the topic and the frameworks, without the question's framing words."""
        text = f"{self.topic} {' '.join(self.frameworks)}".strip()
        return text or self.search_text


def analyze(
    text: str,
    frameworks: list[str],
    context_frameworks: list[str] | None = None,
    context_topic: str = "",
    context_intent: Intent | None = None,
) -> Query:
    """Classify the question and build the text that is searched (aliases spelled out, context added).

    ``context_frameworks``, ``context_topic`` and ``context_intent`` come from the chat history for
    follow-ups: "what about for production?" after a recommendation asks for another recommendation.
    """
    named = tuple(frameworks)
    carried = tuple(f for f in (context_frameworks or []) if f not in named)
    if context_intent == "recommendation" and not named and _ELLIPTIC.search(text):
        intent: Intent = "recommendation"
        carried = ()
    elif named and len(named + carried) >= 2 and _COMPARE.search(text) and not _RECOMMEND.search(text):
        intent: Intent = "comparison"
    elif _RECOMMEND.search(text) and (len(named) != 1 or _COMPARE.search(text)):
        intent = "recommendation"
    elif named and _OVERVIEW.search(text) and not _ATTRIBUTE.search(text):
        intent = "overview"
    elif _ATTRIBUTE.search(text) or _OVERVIEW.search(text):
        intent = "attribute"
    elif _RECOMMEND.search(text) and len(named) != 1:  # "which companies use TensorFlow" is about TensorFlow
        intent = "recommendation"
    else:
        intent = "general"
    all_names = named + carried
    search_text = text
    missing = [f for f in all_names if f.lower() not in text.lower()]
    if missing:
        search_text = f"{text} ({', '.join(missing)})"
    if context_topic:
        search_text = f"{search_text} ({context_topic})"
    topic = " ".join(_FRAME_WORDS.sub(" ", f"{text} {context_topic}").split())
    concepts = concept_words(text)
    if concepts:
        topic = f"{topic} {' '.join(concepts)}"
    return Query(text=text, frameworks=all_names, intent=intent, search_text=search_text, topic=topic)


def concept_words(text: str) -> list[str]:
    """The articles' words for the concepts a question names in its own ("phones" → "mobile")."""
    return [words for cue, words in _CONCEPTS if cue.search(text)]


K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class LRU(Generic[K, V]):
    """A tiny bounded, thread-safe mapping; repeated questions (UI example buttons) skip the work."""

    def __init__(self, size: int) -> None:
        if size < 0:
            raise ValueError(f"cache size must be >= 0, got {size}")
        self.size = size
        self._data: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()  # one Assistant serves many UI sessions at once

    def get(self, key: K) -> V | None:
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
            return value

    def put(self, key: K, value: V) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)

    def clear(self) -> None:
        """Forget everything (the index changed)."""
        with self._lock:
            self._data.clear()

    def __len__(self) -> int:
        return len(self._data)


class Retriever:
    """Finds the passages that answer a question; ``mode`` exists for the evaluation's ablation."""

    def __init__(
        self, index: VectorIndex, embedder: Embedder, cache_size: int = 256, previous: BM25Index | None = None
    ) -> None:
        """``previous``: the BM25 index of the state before an update, whose term counts are reused."""
        self.index = index
        self.embedder = embedder
        self.lexical = BM25Index(index.passages, previous=previous)
        # per row, read by every question's fusion: the frameworks a passage is about, and whether it is code
        self._about = [frozenset(p.frameworks) for p in index.passages]
        self._code = [p.kind == "code" for p in index.passages]
        self._cache: LRU[str, np.ndarray] = LRU(cache_size)

    def clear_cache(self) -> None:
        """Forget memoised query vectors (another model or index was swapped in)."""
        self._cache.clear()

    def embed_query(self, text: str) -> np.ndarray:
        """Query vector, memoised (LRU) because UI users repeat example questions."""
        vector = self._cache.get(text)
        if vector is None:
            vector = self.embedder.encode([text])[0]
            self._cache.put(text, vector)
        return vector

    def embed_words(self, texts: list[str]) -> np.ndarray:
        """Vectors of several short texts (a turn's words, each alone), memoised like queries; the ones not
        seen before are encoded in one batch."""
        vectors = {t: self._cache.get(t) for t in texts}
        missing = [t for t, v in vectors.items() if v is None]
        if missing:
            for text, vector in zip(missing, self.embedder.encode(missing), strict=True):
                self._cache.put(text, vector)
                vectors[text] = vector
        return np.stack([vectors[t] for t in texts])

    def retrieve(
        self,
        query: Query,
        k: int = 10,
        mode: Mode = "hybrid",
        *,
        vector: np.ndarray | None = None,
        sentences: list[int] | None = None,
        dense: list[tuple[int, float]] | None = None,
    ) -> list[Hit]:
        """Fuse dense and BM25 ranks (RRF), favour passages about the frameworks the question names.

        ``vector`` is the query's meaning when the caller has it already (one encode per question).
        ``sentences`` ranks passages by their best sentence's closeness to the query (hybrid mode fuses
        it as a third list). ``dense`` is ``index.search(vector, POOL)`` when the caller has it already.
        """
        if mode not in MODES:
            raise ValueError(f"mode {mode!r} is not one of {', '.join(MODES)}")
        passages = self.index.passages
        if vector is None:
            vector = self.embed_query(query.search_text)
        dense_ranked = dense if dense is not None else self.index.search(vector, POOL)
        cosine = dict(dense_ranked)
        lexical_ranked = self.lexical.search(query.lexical_text, POOL) if mode != "dense" else []
        fused: dict[int, float] = {}
        dense_rank: dict[int, int] = {}
        lexical_rank: dict[int, int] = {}
        if mode != "bm25":
            for rank, (row, _) in enumerate(dense_ranked):
                dense_rank[row] = rank
                fused[row] = fused.get(row, 0.0) + 1.0 / (RRF_K + rank)
        for rank, (row, _) in enumerate(lexical_ranked):
            lexical_rank[row] = rank
            fused[row] = fused.get(row, 0.0) + 1.0 / (RRF_K + rank)
        if sentences and mode == "hybrid":
            for rank, row in enumerate(sentences[:POOL]):
                fused[row] = fused.get(row, 0.0) + SENTENCE_WEIGHT / (RRF_K + rank)
        if mode == "bm25":
            for row in fused:
                cosine.setdefault(row, float(np.dot(self._vector(row), vector)))
        wanted = frozenset(query.frameworks) if mode != "rrf" else frozenset()
        about_of, code = self._about, self._code
        scored: list[tuple[int, float]] = []
        for row, score in fused.items():
            if wanted:
                about = about_of[row]
                shared = len(about & wanted)
                if shared:
                    score *= 1.0 + 0.25 * shared / len(wanted)
                elif about:
                    score *= 0.8
            if code[row] and mode != "rrf":
                score *= 0.5
            scored.append((row, score))
        scored.sort(key=lambda rs: rs[1], reverse=True)  # stable: ties keep fusion order
        # Hits (frozen dataclasses, slow to build) only for the k returned, not the whole pool.
        return [
            Hit(
                passage=passages[row],
                score=score,
                dense=cosine.get(row, 0.0),
                dense_rank=dense_rank.get(row),
                lexical_rank=lexical_rank.get(row),
            )
            for row, score in scored[:k]
        ]

    def _vector(self, row: int) -> np.ndarray:
        return self.index.faiss.reconstruct(row)
