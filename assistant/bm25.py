"""BM25 over passage text, kept cheap to rebuild when one document is added or removed.

Scores are bm25s' (Lucene variant, k1 1.5, b 0.75, float32, its English stopwords and tokenizer,
stemmed), computed here with numpy from each text's term counts. A new index takes the counts of the
texts it shares with the index before it (``previous``), so an update tokenises only the new
document; every score still depends on the whole collection (document frequencies, average length)
and is recomputed for all postings at once, vectorised. ``tests/test_bm25.py`` checks the scores
against bm25s' own index bit for bit.
"""

from __future__ import annotations

import bisect
import math
import re
import threading
from functools import lru_cache

import numpy as np

from .records import Passage

K1 = 1.5  # bm25s' defaults
B = 0.75
TERM_CACHE = 16_384  # distinct texts whose terms are memoised (passages and sentences recur across questions)
# bm25s' own tokenizer settings (``bm25s.tokenize`` defaults), so query terms match the index's terms.
_TOKEN = re.compile(r"(?u)\b\w\w+\b")
Counts = tuple[np.ndarray, np.ndarray, int]  # a text's term ids, their counts, its length in terms


class BM25Index:
    """BM25 over passage text with its section path; stemmed English.

    ``texts``, when given, is indexed instead of the passages' text (the scale benchmark indexes a
    million synthetic texts without building Passage objects). A query costs one numpy pass over
    the posting lists of its terms, never a Python loop over passages. ``previous`` (the index of
    the state before an update) lends the term counts of the texts both hold.
    """

    def __init__(self, passages: list[Passage], texts: list[str] | None = None, previous: BM25Index | None = None):
        import Stemmer
        from bm25s.stopwords import STOPWORDS_EN

        self._stemmer = Stemmer.Stemmer("english")
        self._stem_lock = threading.Lock()  # a PyStemmer object is not thread-safe
        self._stopwords = frozenset(STOPWORDS_EN)
        # Tokenising is the hot path of a question (the composer asks for the terms of every
        # candidate sentence): memoise per text instead of calling bm25s.tokenize each time.
        self._terms = lru_cache(maxsize=TERM_CACHE)(self._split)
        corpus = [p.embed_text for p in passages] if texts is None else texts
        self._size = len(corpus)
        known = previous._counts if previous is not None else {}
        # Term ids are shared with ``previous`` (they only name columns); a fresh table once it is mostly stale.
        self._term_ids: dict[str, int] = previous._term_ids if previous is not None else {}
        if len(self._term_ids) > 2 * max(len(previous.vocabulary) if previous else 0, 1) + 1000:
            self._term_ids, known = {}, {}
        self._counts: dict[str, Counts] = {}
        for text in corpus:
            if text not in self._counts:
                self._counts[text] = known.get(text) or self._count(text)
        self._build([self._counts[text] for text in corpus])

    def _count(self, text: str) -> Counts:
        ids: dict[int, int] = {}
        terms = self._split(text)  # not memoised: passages would crowd questions' sentences out of the memo
        for term in terms:
            i = self._term_ids.setdefault(term, len(self._term_ids))
            ids[i] = ids.get(i, 0) + 1
        return np.fromiter(ids, np.int64, len(ids)), np.fromiter(ids.values(), np.float32, len(ids)), len(terms)

    def _build(self, docs: list[Counts]) -> None:
        """Postings by term, each with its score, as bm25s computes them (``scoring.py``)."""
        width = len(self._term_ids)
        if not docs:
            self._indptr = np.zeros(width + 1, np.int64)
            self._rows = np.zeros(0, np.int64)
            self._scores = np.zeros(0, np.float32)
            self._ids: dict[str, int] = {}
        else:
            terms = np.concatenate([d[0] for d in docs])
            tf = np.concatenate([d[1] for d in docs])
            lengths = np.array([d[2] for d in docs])
            sizes = np.array([len(d[0]) for d in docs])
            rows = np.repeat(np.arange(len(docs)), sizes)
            df = np.bincount(terms, minlength=width)
            # idf with math.log per distinct frequency, as bm25s does per term (np.log may round differently)
            values = np.unique(df[df > 0])
            idf_of = {int(n): math.log(1 + (len(docs) - int(n) + 0.5) / (int(n) + 0.5)) for n in values}
            idf = np.zeros(width, np.float32)
            present = np.flatnonzero(df)
            idf[present] = [idf_of[int(n)] for n in df[present]]
            avg = lengths.mean()
            # bm25s per document: tf / (k1 * ((1 - b) + b * l_d / l_avg) + tf), in float64, times a float32 idf
            norm = K1 * ((1 - B) + B * lengths.astype(np.float64) / avg)
            scores = (idf[terms] * (tf / (norm[rows] + tf))).astype(np.float32)
            order = np.argsort(terms, kind="stable")
            self._rows, self._scores = rows[order], scores[order]
            self._indptr = np.concatenate([[0], np.cumsum(df)])
            self._ids = {term: i for term, i in self._term_ids.items() if df[i]}
            self._ids[""] = width  # bm25s adds an empty token to every vocabulary it builds
        self.vocabulary: frozenset[str] = frozenset(self._ids)
        self._sorted = sorted(self.vocabulary)  # for prefix look-ups ("mvp" → "mvps")

    def knows(self, term: str) -> bool:
        """Whether the index holds the term, or a word that starts with it."""
        if term in self._ids:
            return True
        i = bisect.bisect_left(self._sorted, term)
        return i < len(self._sorted) and self._sorted[i].startswith(term)

    def knows_word(self, word: str) -> bool:
        """Whether some source uses a word: each of its stems is a term of the index, or starts one ("scikit-learn"
        needs both; "mvp" → "mvps"). A word of stop words only is known."""
        return all(self.knows(term) for term in self._terms(word))

    def _split(self, text: str) -> tuple[str, ...]:
        words = [w for w in _TOKEN.findall(text.lower()) if w not in self._stopwords]
        if not words:
            return ()
        with self._stem_lock:
            return tuple(self._stemmer.stemWords(words))

    def terms(self, text: str) -> list[str]:
        """Stemmed, stopword-free tokens of a text, as the index sees them (same as ``bm25s.tokenize``)."""
        return list(self._terms(text))

    def scores(self, text: str) -> np.ndarray:
        """Every passage's BM25 score for a query, summed term by term in the query's order (as bm25s)."""
        scores = np.zeros(self._size, np.float32)
        for term in self._terms(text):
            i = self._ids.get(term)
            if i is not None and i < len(self._indptr) - 1:
                start, end = self._indptr[i], self._indptr[i + 1]
                np.add.at(scores, self._rows[start:end], self._scores[start:end])
        return scores

    def search(self, text: str, k: int) -> list[tuple[int, float]]:
        """Top-k (row, score) pairs with a positive BM25 score."""
        if not self._size or not any(t in self._ids for t in self._terms(text)):
            return []
        scores = self.scores(text)
        k = min(k, self._size)
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        # tolist(): the same Python ints and floats as int()/float() per element, without a numpy scalar each
        return [(i, s) for i, s in zip(top.tolist(), scores[top].tolist(), strict=True) if s > 0]
