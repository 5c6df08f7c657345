"""``Assistant``: load (or build) the index once, then answer questions with citations."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import question as question_path
from .answer import Composer, Knowledge, build_knowledge
from .answer.units import document_frameworks
from .build import BuildReport, load_or_build, stamp, try_load, update_index
from .catalog import corpus_fingerprint, document_info, index_fingerprint  # noqa: F401 - public here too
from .config import Settings
from .distributed import Engine, parse_engine
from .embed import Embedder, SentenceEmbedder
from .errors import AssistantError
from .facts import claims_finder
from .index import VectorIndex, build_lock, cache_path
from .library import Library, Prepared, UserDocument, collect_files
from .models import Answer, SourceInfo
from .passages import load_corpus_facts, load_passages, user_passages  # noqa: F401 - public here too
from .question import History
from .records import Passage
from .retrieve import LRU, Mode, Retriever
from .snapshot import SCOPES_KEPT, InUse, Pins, Snapshot, make_snapshot, scoped_snapshot  # noqa: F401
from .textvectors import TextVectors

if TYPE_CHECKING:
    from .frameworks import FrameworkMatcher

log = logging.getLogger(__name__)

ANSWER_CACHE = 256  # answers kept for repeated questions (UI example buttons); see docs/PERFORMANCE.md
PROGRESS_FROM = 64  # an added document with this many passages or more shows a progress bar while embedding
FOLLOW_WAIT = 0.5  # seconds a question waits for another process's add/remove before answering without it


class Assistant:
    """The framework advisor: ``Assistant.load().ask("Which framework for mobile?")``."""

    def __init__(
        self,
        settings: Settings,
        embedder: Embedder,
        index: VectorIndex,
        facts: Any,
        *,
        documents: Sequence[UserDocument] = (),
        corpus_fp: str | None = None,
    ) -> None:
        from .frameworks import FrameworkMatcher

        self.settings = settings
        self.embedder = embedder
        self.facts = facts
        self.matcher = FrameworkMatcher(facts)
        self.library = Library.for_settings(settings)
        self._corpus_fp = corpus_fp or index.manifest.fingerprint
        self._write_lock = threading.Lock()  # one update at a time in this process; answers never wait on it
        self._pins = Pins()  # the state the current thread's answer runs on
        self.text_vectors = TextVectors(settings.resolved_index_dir(), embedder)  # evidence units and labels
        self._state = self._make_state(index, documents)
        self.last_build: BuildReport | None = None
        self._answers: LRU[tuple[Any, ...], str] = LRU(ANSWER_CACHE)  # Answer JSON: immutable, cheap to copy
        self.follows_registry = True  # False: the user's documents are left out (``load(user_documents=False)``)
        self._registry_seen = stamp(self.library.registry_path)  # see ``_follow_registry``

    # -- construction ----------------------------------------------------------------------
    @classmethod
    def load(
        cls,
        *,
        embedder: Embedder | None = None,
        rebuild: bool = False,
        progress: bool = False,
        strict: bool = False,
        user_documents: bool = True,
        engine: Engine = "local",
        **overrides: Any,
    ) -> Assistant:
        """Load the index for the configured corpus and model, building it when missing, stale or damaged.

        Keyword arguments override settings (``corpus_dir``, ``index_dir``, ``model``, ``device``, ``k``);
        env vars ``ASSISTANT_*`` do the same. ``embedder`` replaces the model (tests use a fake).
        A document that cannot be read is skipped with a warning (listed in ``last_build.skipped``)
        unless ``strict``, which raises CorpusError. An index folder that cannot be written gives an
        in-memory index for this session, with a warning, rather than no answers.
        ``user_documents=False`` answers from the reference corpus alone (``assistant eval``); when the
        stored index holds the user's documents, the corpus is indexed in memory and that index is kept.
        ``engine`` builds on Ray (``"ray"`` or a :class:`~assistant.distributed.RayEngine`) when a
        build is needed; the index it writes is the same as a local build's.
        """
        engine = parse_engine(engine)
        settings = Settings(**{k: v for k, v in overrides.items() if v is not None})
        if embedder is None:
            embedder = SentenceEmbedder(settings.model, settings.device)
        library = Library.for_settings(settings)
        seen = stamp(library.registry_path)  # before reading it: a change made meanwhile is picked up later
        own = library.startup_documents()  # a damaged registry: built-in sources only, with a warning
        documents = own if user_documents else []
        facts = load_corpus_facts(settings.resolved_corpus_dir())
        loaded = load_or_build(
            settings, embedder, facts, library, documents,
            own=own, rebuild=rebuild, progress=progress, strict=strict, engine=engine,
        )  # fmt: skip
        index, report, corpus_fp = loaded.index, loaded.report, loaded.corpus_fingerprint
        assistant = cls(settings, embedder, index, facts, documents=documents, corpus_fp=corpus_fp)
        assistant.last_build = report
        assistant.follows_registry = user_documents
        assistant._registry_seen = seen
        return assistant

    # -- questions -------------------------------------------------------------------------
    def ask(
        self,
        question: str,
        history: History | None = None,
        *,
        k: int | None = None,
        mode: Mode = "hybrid",
        sources: Sequence[str] | None = None,
    ) -> Answer:
        """Answer one question; ``history`` holds earlier turns (strings = user turns, or role/content dicts).

        ``sources`` (ids from :meth:`sources`) restricts retrieval to those documents; the facts file
        (id ``facts``) takes part only when listed.
        """
        question = self._check(question)
        self._follow_registry()
        if k is not None and (isinstance(k, bool) or not isinstance(k, int)):
            raise TypeError(f"k must be an int, got {type(k).__name__}")
        if k is not None and k < 1:
            raise ValueError(f"k is {k}; it must be at least 1")
        turns = self._history(history)
        with self._pinned(sources):
            # Keyed by the index build too, so a rebuilt or edited index never serves an old answer;
            # the conversation enters as a hash, so a cached key never holds a request's text.
            manifest = self.index.manifest
            scope = self._snapshot().scope
            conversation = question_path.digest(sorted(scope) if scope is not None else None, question, turns)
            key = (manifest.fingerprint, manifest.built_at, manifest.count, conversation, k, mode)
            cached = self._answers.get(key)
            if cached is None:
                answer = self._answer(question, turns, k, mode)
                self._answers.put(key, answer.model_dump_json())
                return answer
        return Answer.model_validate_json(cached)  # a fresh object: callers may edit theirs

    def clear_cache(self) -> None:
        """Forget cached answers and query vectors (call after changing the index in place)."""
        self._answers.clear()
        self.retriever.clear_cache()

    def _answer(self, question: str, turns: list[tuple[str, str]], k: int | None, mode: Mode) -> Answer:
        ordinary = getattr(self.embedder, "is_word", lambda word, exact=False: None)
        state = self._snapshot()
        return question_path.answer(
            state, question, turns, k=k or self.settings.k, mode=mode, matcher=self.matcher, ordinary=ordinary
        )

    def retrieve(  # noqa: ANN201
        self,
        question: str,
        history: History | None = None,
        *,
        k: int = 10,
        mode: Mode = "hybrid",
        sources: Sequence[str] | None = None,
    ):
        """The ranked passages behind an answer (for evaluation and debugging)."""
        question = self._check(question)
        self._follow_registry()
        with self._pinned(sources):
            state = self._snapshot()
            turn = question_path.understand(state, question, self._history(history))
            return question_path.retrieve(state, turn, k=k, mode=mode)

    def _check(self, question: object) -> str:
        return question_path.check_question(question, self.matcher.names, self.settings.max_question_chars)

    def _history(self, history: History | None) -> list[tuple[str, str]]:
        """The last ``max_history_turns`` turns, each checked against ``max_turn_chars``."""
        return question_path.normalise_history(history, self.settings.max_history_turns, self.settings.max_turn_chars)

    @property
    def passages(self) -> list[Passage]:
        """Every indexed passage (corpus, facts and the user's documents)."""
        return self.index.passages

    # -- the state an answer reads ---------------------------------------------------------
    def _snapshot(self) -> Snapshot:
        """The state in use: the one this thread's answer is pinned to, else the latest."""
        pinned = self._pins.get()
        return pinned if pinned is not None else self._state

    index = InUse[VectorIndex](_snapshot)
    """The vector index answers are read from."""
    retriever = InUse[Retriever](_snapshot)
    """The retriever over :attr:`index` (or over the sources an ``ask`` was limited to)."""
    composer = InUse[Composer](_snapshot)
    """The answer composer that belongs to :attr:`index`."""

    def _pinned(self, sources: Sequence[str] | None) -> AbstractContextManager[None]:
        """Run one answer on one state, so a document added meanwhile never mixes two indexes in it."""
        return self._pins.pin(lambda: self._scoped(self._state, sources))

    def _make_state(self, index: VectorIndex, documents: Sequence[UserDocument]) -> Snapshot:
        matcher = self._matcher_for(index.passages)
        current: Snapshot | None = getattr(self, "_state", None)  # None: the first state, from __init__
        knowledge = self._knowledge(index.passages, matcher, current.composer.knowledge if current else None)
        return make_snapshot(index, documents, self.embedder, matcher, knowledge, claims_finder(self.facts), current)

    def _scoped(self, state: Snapshot, sources: Sequence[str] | None) -> Snapshot:
        """The state restricted to some sources (see ``snapshot.scoped_snapshot``)."""
        if sources is None:
            return state  # every answer passes here: no path resolution for the common case
        return scoped_snapshot(
            state,
            sources,
            embedder=self.embedder,
            cache_file=cache_path(self.settings.resolved_index_dir(), self.embedder.name),
            matcher=self.matcher,
            knowledge=self._knowledge,
            claims=claims_finder(self.facts),
        )

    def _matcher_for(self, passages: list[Passage]) -> FrameworkMatcher:
        """The facts file's frameworks plus those the user's documents are about: frameworks are data."""
        from .frameworks import FrameworkMatcher

        ordinary = getattr(self.embedder, "is_word", lambda word, exact=False: None)
        extra = document_frameworks(passages, self.matcher.find, lambda w: ordinary(w, exact=True))
        if not extra:
            return self.matcher
        table = {fw.name: [fw.name, *fw.aliases] for fw in self.facts.frameworks}
        return FrameworkMatcher({**table, **{name: [name] for name in extra}})

    def _knowledge(
        self, passages: list[Passage], matcher: FrameworkMatcher, previous: Knowledge | None = None
    ) -> Knowledge:
        """Sentence units, claims and prototypes of these passages, their vectors from the embedding cache;
        the sources ``previous`` holds unchanged are taken from it (``answer/knowledge.py``)."""
        return build_knowledge(
            passages,
            self.facts,
            matcher.find,
            matcher.names,
            self.text_vectors.encode,
            claims_finder(self.facts),
            previous,
        )

    # -- the user's documents --------------------------------------------------------------
    def sources(self) -> list[SourceInfo]:
        """Every indexed source: the built-in corpus documents, the facts file, then the user's documents."""
        self._follow_registry()
        state = self._snapshot()
        grouped: dict[str, list[Passage]] = {}
        for p in state.index.passages:
            grouped.setdefault(p.source, []).append(p)
        out = []
        for source, passages in grouped.items():
            doc = state.documents.get(source)
            if doc is not None:
                out.append(document_info(doc, len(passages)))
            else:
                first = passages[0]
                out.append(
                    SourceInfo(
                        id=source,
                        title=first.title,
                        date=first.date,
                        url=first.url,
                        site=first.site,
                        passages=len(passages),
                        origin="corpus",
                    )
                )
        return out

    def add(self, paths: str | Path | Sequence[str | Path], *, progress: bool | None = None) -> list[SourceInfo]:
        """Add files, or folders of them (HTML, Markdown, text, PDF); the next answer can cite them.

        Only passages never embedded before are embedded (a file already added is a no-op); a changed
        file added again from the same path replaces its older version. A bad file raises
        :class:`~assistant.library.DocumentError` (a ``ValueError``) naming it, and nothing changes.
        ``progress`` shows a bar while embedding (default: from ``PROGRESS_FROM`` new passages on).
        """
        files = collect_files([paths] if isinstance(paths, (str, Path)) else list(paths))
        with self._write_lock, self.library.lock(), build_lock(self.settings.resolved_index_dir()):
            current = self.library.documents()
            builtin = {p.source for p in self._state.index.passages} - {d.id for d in current}
            prepared: list[Prepared] = []
            for path in files:
                known = current + [p.document for p in prepared if not p.existing]
                prepared.append(self.library.prepare(path, known, builtin))
            new = [p for p in prepared if not p.existing]
            if new:
                replaced = {d.id for d in current for p in new if d.original_path == p.document.original_path}
                documents = [d for d in current if d.id not in replaced] + [p.document for p in new]
                self.library.check_quota(documents, new)
                self._update(documents, new, progress)
        counts: dict[str, int] = {}
        for p in self._state.index.passages:
            counts[p.source] = counts.get(p.source, 0) + 1
        return [document_info(p.document, counts.get(p.document.id, 0)) for p in prepared]

    def remove(self, source_id: str) -> None:
        """Remove a document the user added; from the next answer on it is never cited.

        Raises ``ValueError`` naming the id when it is unknown or a built-in source (with the valid ids).
        """
        with self._write_lock, self.library.lock(), build_lock(self.settings.resolved_index_dir()):
            current = self.library.documents()
            ids = [d.id for d in current]
            if source_id not in ids:
                listed = ", ".join(ids) if ids else "none yet"
                if any(p.source == source_id for p in self._state.index.passages):
                    raise ValueError(
                        f"{source_id!r} is a built-in source and cannot be removed; documents you added: {listed}"
                    )
                raise ValueError(f"no document with id {source_id!r}; documents you added: {listed}")
            self._update([d for d in current if d.id != source_id], [], progress=False)

    def _follow_registry(self) -> None:
        """See documents another process added or removed (``assistant add`` beside a running server).

        Costs one ``stat`` of the registry per question. When it changed, the index that process
        saved is loaded (or, if it is not there yet, built from the embedding cache) under the same
        locks ``add`` takes; if another process holds them, this answer uses the current index and
        the next question looks again.
        """
        seen = stamp(self.library.registry_path)
        if not self.follows_registry or seen == self._registry_seen:
            return
        if not self._write_lock.acquire(timeout=FOLLOW_WAIT):
            return
        try:
            with self.library.lock(timeout=FOLLOW_WAIT), build_lock(self.settings.resolved_index_dir(), FOLLOW_WAIT):
                seen = stamp(self.library.registry_path)
                documents = self.library.documents()
                fp = index_fingerprint(self._corpus_fp, documents)
                if fp != self._state.index.manifest.fingerprint:
                    index, _ = try_load(self.settings.resolved_index_dir(), self.embedder, fp)
                    if index is not None:
                        self._state = self._make_state(index, documents)
                    else:
                        self._update(documents, [], progress=False, commit=False)
                    log.info("Your documents changed in another process: now %d added document(s).", len(documents))
                self._registry_seen = seen
        except AssistantError as e:  # busy (another process is adding) or an unreadable registry: try again later
            log.debug("documents not reloaded yet: %s", e)
        finally:
            self._write_lock.release()

    def _update(
        self, documents: list[UserDocument], new: list[Prepared], progress: bool | None, *, commit: bool = True
    ) -> None:
        """Make ``documents`` the user's set: embed only unseen passages, write files then index, swap state.

        Order on disk: embedding cache, document copies, registry (the commit point), index files,
        manifest last. A process killed anywhere leaves a registry that the next start rebuilds the
        index for, from the cache.
        """
        start = time.perf_counter()
        state = self._state
        if progress is None:
            progress = sum(len(p.passages) for p in new) >= PROGRESS_FROM
        updated = update_index(
            state.index, state.documents, documents, new,
            library=self.library, facts=self.facts, matcher=self.matcher, embedder=self.embedder,
            index_dir=self.settings.resolved_index_dir(), corpus_fp=self._corpus_fp, progress=progress, commit=commit,
            cache=self.text_vectors.cache(),
        )  # fmt: skip
        if commit:
            self._registry_seen = stamp(self.library.registry_path)  # our own change: nothing to reload
        self._state = self._make_state(updated.index, documents)
        if updated.cache is not None:  # new sentences' vectors (we hold the build lock: TextVectors skipped saving)
            self.text_vectors.add_to(updated.cache)
            updated.cache.save(updated.cache.keys())
        seconds = time.perf_counter() - start
        passages = len(updated.index.passages)
        self.last_build = BuildReport(passages, updated.encoded, seconds, persisted=updated.cache is not None)
