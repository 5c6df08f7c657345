"""The per-index state an answer reads, and its scoped copies.

A ``Snapshot`` (index, retriever, composer, conversation) is replaced as a whole when documents
are added or removed; one answer runs on one snapshot (``Pins``), so a document added meanwhile
never mixes two indexes in it. ``ask(sources=...)`` runs on a scoped snapshot: a small index over
the chosen sources' passages, built once and kept.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from .answer import Composer, Knowledge
from .bm25 import BM25Index
from .conversation import Conversation
from .embed import Embedder
from .index import EmbeddingCache, VectorIndex, make_faiss_index
from .library import UserDocument
from .records import Passage
from .retrieve import Retriever

if TYPE_CHECKING:
    from .frameworks import FrameworkMatcher

SCOPES_KEPT = 16  # retrievers over a chosen set of sources (``ask(sources=...)``), kept per index state
Claims = Callable[[Passage, str], list[str]]
T = TypeVar("T")


@dataclass
class Snapshot:
    """Everything one answer reads; replaced as a whole when documents are added or removed."""

    index: VectorIndex
    retriever: Retriever
    composer: Composer
    conversation: Conversation
    documents: dict[str, UserDocument]  # the user's documents in this index, by source id
    scope: frozenset[str] | None = None  # the sources an ``ask(sources=...)`` chose; None: all
    known: BM25Index | None = None  # a scoped state's: the whole index's words (see ``lexicon``)
    scoped: OrderedDict[frozenset[str], Snapshot] = field(default_factory=OrderedDict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    matcher: Any = None  # the facts file's frameworks plus those the user's documents are about

    @property
    def lexicon(self) -> BM25Index:
        """Words of the whole index: a name is "unknown" only if no source knows it, even when scoped."""
        return self.known if self.known is not None else self.retriever.lexical


def make_snapshot(
    index: VectorIndex,
    documents: Sequence[UserDocument],
    embedder: Embedder,
    matcher: FrameworkMatcher,
    knowledge: Knowledge,
    claims: Claims,
    previous: Snapshot | None = None,
) -> Snapshot:
    """The state answers read from ``index``: its retriever, composer and conversation.

    ``previous`` is the state before an update: its BM25 term counts are reused (``bm25.BM25Index``).
    """
    retriever = Retriever(index, embedder, previous=previous.retriever.lexical if previous is not None else None)
    indexed = {p.source for p in index.passages}
    return Snapshot(
        index,
        retriever,
        Composer(knowledge, claims),
        Conversation(
            knowledge,
            retriever.embed_query,
            matcher.find,
            retriever.lexical.knows_word,
            _speller(knowledge, embedder, matcher),
            retriever.embed_words,
        ),
        {d.id: d for d in documents if d.id in indexed},
        matcher=matcher,
    )


def scoped_snapshot(
    state: Snapshot,
    sources: Sequence[str] | None,
    *,
    embedder: Embedder,
    cache_file: Path,
    matcher: FrameworkMatcher,
    knowledge: Callable[[list[Passage], FrameworkMatcher, Knowledge], Knowledge],
    claims: Claims,
) -> Snapshot:
    """The state restricted to some sources: a small index over their passages (built once, kept)."""
    if sources is None:
        return state
    chosen = [sources] if isinstance(sources, str) else list(dict.fromkeys(sources))
    known = list(dict.fromkeys(p.source for p in state.index.passages))
    if not chosen:
        raise ValueError(f"sources is empty; pass None for all sources, or some of: {', '.join(known)}")
    unknown = [s for s in chosen if s not in known]
    if unknown:
        raise ValueError(f"unknown source id(s) {', '.join(map(repr, unknown))}; valid ids: {', '.join(known)}")
    key = frozenset(chosen)
    with state.lock:
        scoped = state.scoped.get(key)
        if scoped is not None:
            state.scoped.move_to_end(key)
            return scoped
    rows = [i for i, p in enumerate(state.index.passages) if p.source in key]
    passages = [state.index.passages[i] for i in rows]
    try:
        vectors = state.index.faiss.reconstruct_n(0, state.index.faiss.ntotal)[rows]
    except RuntimeError:  # an index type that keeps no vectors: take them from the embedding cache
        vectors = EmbeddingCache(cache_file, embedder.dimension).embed(passages, embedder)[0]
    index = VectorIndex(passages, make_faiss_index(vectors), state.index.manifest)
    docs = {k: v for k, v in state.documents.items() if k in key}
    retriever = Retriever(index, embedder, previous=state.retriever.lexical)
    scoped_matcher = state.matcher or matcher  # a name any source knows is a name, even when scoped
    facts = knowledge(passages, scoped_matcher, state.composer.knowledge)  # the chosen sources' parts reused
    scoped = Snapshot(
        index,
        retriever,
        Composer(facts, claims),
        Conversation(
            facts,
            retriever.embed_query,
            scoped_matcher.find,
            state.lexicon.knows_word,
            state.conversation.spell,
            retriever.embed_words,
        ),
        docs,
        scope=key,
        known=state.lexicon,
        matcher=scoped_matcher,
    )
    with state.lock:
        state.scoped[key] = scoped
        while len(state.scoped) > SCOPES_KEPT:
            state.scoped.popitem(last=False)
    return scoped


class Pins:
    """The snapshot the current thread's answer runs on, pinned for the length of that answer."""

    def __init__(self) -> None:
        self._local = threading.local()

    def get(self) -> Snapshot | None:
        """The pinned snapshot of this thread, or None outside an answer."""
        return getattr(self._local, "state", None)

    @contextmanager
    def pin(self, make: Callable[[], Snapshot]) -> Iterator[None]:
        """Pin ``make()`` for the block; a nested pin (follow-up resolution) keeps the outer one."""
        if self.get() is not None:
            yield
            return
        self._local.state = make()
        try:
            yield
        finally:
            self._local.state = None


class InUse(Generic[T]):
    """A read-only attribute of the snapshot in use, so that ``bot.index`` inside an answer is the index
    that answer reads (its pinned snapshot's), never one a concurrent ``add`` swapped in meanwhile."""

    def __init__(self, snapshot: Callable[[Any], Snapshot]) -> None:
        self.snapshot = snapshot  # the owner's method that gives its snapshot in use

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> InUse[T]: ...
    @overload
    def __get__(self, obj: object, owner: type | None = None) -> T: ...
    def __get__(self, obj: object | None, owner: type | None = None) -> InUse[T] | T:
        return self if obj is None else getattr(self.snapshot(obj), self.name)

    def __set__(self, obj: object, value: object) -> None:
        raise AttributeError(f"{self.name} is read-only: it follows the snapshot in use")


def _speller(knowledge: Knowledge, embedder: Embedder, matcher: FrameworkMatcher) -> Callable[[str], str]:
    """Corrects a question's misspelt words against the words of every source (see ``spelling``), and spells
    out the short forms of framework names ("TF")."""
    from .spelling import Speller

    ordinary = getattr(embedder, "is_word", None) or (lambda word, exact=False: None)
    correct = Speller(knowledge.word_units, ordinary).correct
    return lambda text: matcher.spelled_out(correct(text))
