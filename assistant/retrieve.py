"""Hybrid retrieval: dense (FAISS) and lexical (BM25) ranks fused by reciprocal rank fusion.

Retrieval knows the framework names (through the facts file's aliases) and what the question
asks for (a recommendation, a comparison, an attribute, an overview), and uses both to rank.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Literal

import numpy as np

from .embed import Embedder
from .index import VectorIndex
from .records import Hit, Passage

Mode = Literal["hybrid", "dense", "bm25"]
MODES: tuple[str, ...] = ("hybrid", "dense", "bm25")
RRF_K = 60
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
) -> Query:
    """Classify the question and build the text that is searched (aliases spelled out, context added).

    ``context_frameworks`` and ``context_topic`` come from the chat history for follow-ups.
    """
    named = tuple(frameworks)
    carried = tuple(f for f in (context_frameworks or []) if f not in named)
    if len(named) >= 2 and _COMPARE.search(text) and not _RECOMMEND.search(text):
        intent: Intent = "comparison"
    elif _RECOMMEND.search(text) and (len(named) != 1 or _COMPARE.search(text)):
        intent = "recommendation"
    elif named and _OVERVIEW.search(text) and not _ATTRIBUTE.search(text):
        intent = "overview"
    elif _ATTRIBUTE.search(text) or _OVERVIEW.search(text):
        intent = "attribute"
    elif _RECOMMEND.search(text):
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
    return Query(text=text, frameworks=all_names, intent=intent, search_text=search_text, topic=topic)


class _LRU:
    """A tiny bounded mapping; repeated questions (UI example buttons) skip the embedding."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._data: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()  # one Assistant serves many UI sessions at once

    def get(self, key: str) -> np.ndarray | None:
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
            return value

    def put(self, key: str, value: np.ndarray) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)


class Lexical:
    """BM25 (bm25s, sparse scores in numpy) over passage text with its section path; stemmed English."""

    def __init__(self, passages: list[Passage]) -> None:
        import bm25s
        import Stemmer

        self._bm25s = bm25s
        self._stemmer = Stemmer.Stemmer("english")
        self._size = len(passages)
        self._model = bm25s.BM25()
        if passages:
            tokens = self._tokenize([p.embed_text for p in passages])
            self._model.index(tokens, show_progress=False)
        self.vocabulary: frozenset[str] = frozenset(self._model.vocab_dict or {}) if passages else frozenset()

    def _tokenize(self, texts: list[str]):  # noqa: ANN202 - bm25s type
        return self._bm25s.tokenize(texts, stopwords="en", stemmer=self._stemmer, show_progress=False)

    def terms(self, text: str) -> list[str]:
        """Stemmed, stopword-free tokens of a text, as the index sees them."""
        return self._bm25s.tokenize([text], stopwords="en", stemmer=self._stemmer, show_progress=False, return_ids=False)[0]

    def search(self, text: str, k: int) -> list[tuple[int, float]]:
        """Top-k (row, score) pairs with a positive BM25 score."""
        terms = [t for t in self.terms(text) if t in self.vocabulary]
        if not terms or not self._size:
            return []
        scores = self._model.get_scores(terms)
        k = min(k, self._size)
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(int(i), float(scores[i])) for i in top if scores[i] > 0]


class Retriever:
    """Finds the passages that answer a question; ``mode`` exists for the evaluation's ablation."""

    def __init__(self, index: VectorIndex, embedder: Embedder, cache_size: int = 256) -> None:
        self.index = index
        self.embedder = embedder
        self.lexical = Lexical(index.passages)
        self._cache = _LRU(cache_size)

    def embed_query(self, text: str) -> np.ndarray:
        """Query vector, memoised (LRU) because UI users repeat example questions."""
        vector = self._cache.get(text)
        if vector is None:
            vector = self.embedder.encode([text])[0]
            self._cache.put(text, vector)
        return vector

    def retrieve(self, query: Query, k: int = 10, mode: Mode = "hybrid") -> list[Hit]:
        """Fuse dense and BM25 ranks (RRF), favour passages about the frameworks the question names."""
        if mode not in MODES:
            raise ValueError(f"mode {mode!r} is not one of {', '.join(MODES)}")
        passages = self.index.passages
        # The dense cosine is also the abstention signal, so it is computed in every mode.
        vector = self.embed_query(query.search_text)
        dense_ranked = self.index.search(vector, POOL)
        cosine = dict(dense_ranked)
        lexical_ranked = self.lexical.search(query.lexical_text, POOL) if mode in ("hybrid", "bm25") else []
        fused: dict[int, float] = {}
        dense_rank: dict[int, int] = {}
        lexical_rank: dict[int, int] = {}
        if mode in ("hybrid", "dense"):
            for rank, (row, _) in enumerate(dense_ranked):
                dense_rank[row] = rank
                fused[row] = fused.get(row, 0.0) + 1.0 / (RRF_K + rank)
        for rank, (row, _) in enumerate(lexical_ranked):
            lexical_rank[row] = rank
            fused[row] = fused.get(row, 0.0) + 1.0 / (RRF_K + rank)
        if mode == "bm25":
            for row in fused:
                cosine.setdefault(row, float(np.dot(self._vector(row), vector)))
        wanted = set(query.frameworks)
        hits = []
        for row, score in fused.items():
            passage = passages[row]
            if wanted:
                about = set(passage.frameworks)
                if about & wanted:
                    score *= 1.0 + 0.25 * len(about & wanted) / len(wanted)
                elif about:
                    score *= 0.8
            if passage.kind == "code":
                score *= 0.5
            hits.append(
                Hit(
                    passage=passage,
                    score=score,
                    dense=cosine.get(row, 0.0),
                    dense_rank=dense_rank.get(row),
                    lexical_rank=lexical_rank.get(row),
                )
            )
        hits.sort(key=lambda h: h.score, reverse=True)
        return hits[:k]

    def _vector(self, row: int) -> np.ndarray:
        return self.index.faiss.reconstruct(row)
