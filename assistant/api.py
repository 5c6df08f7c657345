"""``Assistant``: load (or build) the index once, then answer questions with citations."""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .answer import Composer, Evidence, abstain
from .config import Settings
from .distributed import Engine, Mapper, engine_session, parse_engine
from .embed import Embedder, SentenceEmbedder
from .errors import CorpusError, IndexCorruptError
from .index import EmbeddingCache, VectorIndex, build_lock, cache_path, fingerprint, make_faiss_index
from .library import Library, Prepared, UserDocument, collect_files
from .models import Answer, SourceInfo
from .records import DOCUMENT_SUFFIXES, Passage
from .retrieve import _ELLIPTIC, _PRONOUN, LRU, Lexical, Mode, Query, Retriever, analyze

log = logging.getLogger(__name__)

# Top dense cosine under this: the corpus does not cover the question. Measured with `assistant eval`
# (docs/EVALUATION.md): off-topic questions reach at most 0.22, in-scope ones at least 0.28.
ABSTAIN_BELOW = 0.25
ANSWER_CACHE = 256  # answers kept for repeated questions (UI example buttons); see docs/PERFORMANCE.md
COMPOSE_POOL = 24  # passages retrieved for the composer to choose its citations from
_CODE = ("ingest.py", "facts.py", "records.py", "index.py")
PROGRESS_FROM = 64  # an added document with this many passages or more shows a progress bar while embedding
SCOPES_KEPT = 16  # retrievers over a chosen set of sources (``ask(sources=...)``), kept per index state
_FOLLOW_UP = re.compile(
    r"^\s*(and|but|so|also|what about|how about|and what|same)\b|\b(it|its|it's|they|them|their|that one|this one)\b",
    re.I,
)
_NAME_LIKE = re.compile(r"\b(?:[A-Z][a-z0-9]*[A-Z0-9][A-Za-z0-9]*|[A-Z]{2,}[a-z]*|[a-z]+[A-Z][A-Za-z0-9]*)\b")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)*")
# Words next to which a framework name stands ("is X good", "use X", "X vs Y", "caffe or chainer").
_SLOT_BEFORE = frozenset("is are use using vs versus or and about with in created made wrote develops developed than "
                         "like called try choose pick prefer recommend learn".split())
_SLOT_AFTER = frozenset("vs versus or and good better faster slower easier worth is supports support".split())

History = Sequence[str | dict[str, Any]]


@dataclass(frozen=True)
class BuildReport:
    """What an index build did."""

    passages: int
    encoded: int
    seconds: float
    skipped: tuple[str, ...] = ()  # documents left out, each error naming the file and line or field
    persisted: bool = True  # False: the index folder is not writable; this index lives in memory only
    engine: str = "local"  # "local" or "ray" (assistant/distributed.py)
    workers: int = 1  # embedding workers (Ray actors) the build ran on


@dataclass
class _State:
    """Everything one answer reads; replaced as a whole when documents are added or removed."""

    index: VectorIndex
    retriever: Retriever
    composer: Composer
    documents: dict[str, UserDocument]  # the user's documents in this index, by source id
    scope: frozenset[str] | None = None  # the sources an ``ask(sources=...)`` chose; None: all
    known: Lexical | None = None  # a scoped state's: the whole index's words (see ``lexicon``)
    scoped: OrderedDict[frozenset[str], _State] = field(default_factory=OrderedDict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def lexicon(self) -> Lexical:
        """Words of the whole index: a name is "unknown" only if no source knows it, even when scoped."""
        return self.known if self.known is not None else self.retriever.lexical


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
        corpus_fingerprint_: str | None = None,
    ) -> None:
        from .facts import FrameworkMatcher

        self.settings = settings
        self.embedder = embedder
        self.facts = facts
        self.matcher = FrameworkMatcher(facts)
        self.library = Library(settings.resolved_data_dir())
        self._corpus_fp = corpus_fingerprint_ or index.manifest.fingerprint
        self._write_lock = threading.Lock()  # one update at a time in this process; answers never wait on it
        self._local = threading.local()  # the state the current thread's answer runs on
        self._state = self._make_state(index, documents)
        self.last_build: BuildReport | None = None
        self._answers: LRU[tuple[Any, ...], str] = LRU(ANSWER_CACHE)  # Answer JSON: immutable, cheap to copy

    # -- construction ----------------------------------------------------------------------
    @classmethod
    def load(
        cls,
        *,
        embedder: Embedder | None = None,
        rebuild: bool = False,
        progress: bool = False,
        strict: bool = False,
        engine: Engine = "local",
        **overrides: Any,
    ) -> Assistant:
        """Load the index for the configured corpus and model, building it when missing, stale or damaged.

        Keyword arguments override settings (``corpus_dir``, ``index_dir``, ``model``, ``device``, ``k``);
        env vars ``ASSISTANT_*`` do the same. ``embedder`` replaces the model (tests use a fake).
        A document that cannot be read is skipped with a warning (listed in ``last_build.skipped``)
        unless ``strict``, which raises CorpusError. An index folder that cannot be written gives an
        in-memory index for this session, with a warning, rather than no answers.
        ``engine`` builds on Ray (``"ray"`` or a :class:`~assistant.distributed.RayEngine`) when a
        build is needed; the index it writes is the same as a local build's.
        """
        engine = parse_engine(engine)
        settings = Settings(**{k: v for k, v in overrides.items() if v is not None})
        if embedder is None:
            embedder = SentenceEmbedder(settings.model, settings.device)
        corpus_dir = settings.resolved_corpus_dir()
        index_dir = settings.resolved_index_dir()
        library = Library(settings.resolved_data_dir())
        documents = library.documents()
        facts = _load_facts(corpus_dir)
        corpus_fp = corpus_fingerprint(corpus_dir, embedder.name)
        fp = index_fingerprint(corpus_fp, documents)
        report = None
        index = None if rebuild else _try_load(index_dir, embedder, fp)
        if index is None:
            problem = _unwritable(index_dir)
            build = dict(progress=progress, strict=strict, persist=not problem, library=library, documents=documents)
            build["engine"] = engine
            if problem:
                log.warning("index folder %s is not writable (%s): index kept in memory only", index_dir, problem)
                index, report = _build(corpus_dir, index_dir, embedder, facts, fp, **build)
            else:
                with build_lock(index_dir):
                    index = None if rebuild else _try_load(index_dir, embedder, fp)  # built by another process?
                    if index is None:
                        index, report = _build(corpus_dir, index_dir, embedder, facts, fp, **build)
        assistant = cls(settings, embedder, index, facts, documents=documents, corpus_fingerprint_=corpus_fp)
        assistant.last_build = report
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
        if k is not None and (isinstance(k, bool) or not isinstance(k, int)):
            raise TypeError(f"k must be an int, got {type(k).__name__}")
        if k is not None and k < 1:
            raise ValueError(f"k is {k}; it must be at least 1")
        turns = _normalise_history(history)
        with self._pinned(sources):
            # Keyed by the index build too, so a rebuilt or edited index never serves an old answer.
            manifest = self.index.manifest
            scope = self._current.scope
            key = (manifest.fingerprint, manifest.built_at, manifest.count, scope, question, tuple(turns), k, mode)
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
        query = self._understand(question, turns)
        # The composer chooses what to cite from a generous pool (comparisons need rows for both sides).
        hits = self.retriever.retrieve(query, k=max(k or self.settings.k, COMPOSE_POOL), mode=mode)
        unknown = self._unknown_names(question)
        if (
            not hits
            or max(h.dense for h in hits) < ABSTAIN_BELOW
            or (unknown and not query.frameworks)
            or self._off_corpus(question, query)
        ):
            return abstain(question, self.matcher.names, unknown)
        return _mark_newest(self.composer.compose(question, query, hits))

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
        with self._pinned(sources):
            return self.retriever.retrieve(self._understand(question, _normalise_history(history)), k=k, mode=mode)

    def _check(self, question: object) -> str:
        if not isinstance(question, str):
            raise TypeError(f"question must be a str, got {type(question).__name__}")
        text = question.strip()
        if not text:
            raise ValueError(f"question is empty: ask something about {', '.join(self.matcher.names)}")
        limit = self.settings.max_question_chars
        if len(text) > limit:
            raise ValueError(f"question is {len(text)} characters long; the limit is {limit}")
        return _valid_unicode(text, "question")

    def _understand(self, question: str, turns: list[tuple[str, str]]) -> Query:
        """Resolve follow-ups: a question that names no framework inherits the previous turn's focus,
        and a short or elliptic one ("what about Keras?") inherits the previous question's topic."""
        named = self.matcher.find(question, fuzzy=True)
        user_turns = [c for r, c in turns if r == "user"]
        if not user_turns:
            return analyze(question, named)
        previous = analyze(user_turns[-1], self.matcher.find(user_turns[-1], fuzzy=True))
        if previous.intent == "recommendation" and not named and _ELLIPTIC.search(question):
            # "What about for production?" after "Which is best for research?": a new recommendation.
            return analyze(question, [], context_intent="recommendation")
        # A pronoun points back even when another framework is named ("how does it compare to PyTorch?").
        context = self._focus(turns) if not named or _PRONOUN.search(question) else []
        topic = ""
        if _FOLLOW_UP.search(question) or len(question.split()) <= 5:
            names = set(self.matcher.names)
            topic = " ".join(w for w in user_turns[-1].split() if not (set(self.matcher.find(w)) & names))
        return analyze(question, named, context, topic)

    def _focus(self, turns: list[tuple[str, str]]) -> list[str]:
        """The framework(s) the previous exchange was about: the answer's lead, else the question's names."""
        for i in range(len(turns) - 1, -1, -1):
            role, content = turns[i]
            if role == "assistant":
                lead = content.strip().split("\n", 1)[0]
                found = self.matcher.find(lead)
                if found:
                    return found[:1]
            if role == "user":
                earlier = turns[:i]
                try:
                    previous = self.ask(content, [{"role": r, "content": c} for r, c in earlier[-6:]])
                except ValueError:
                    return []
                if previous.frameworks:
                    return previous.frameworks[:1]
                return self.matcher.find(content)[:1]
        return []

    def _unknown_names(self, question: str) -> list[str]:
        """Names that neither the corpus nor the framework aliases know: "MXNet", "is mxnet good", "caffe or chainer".

        A word counts when it looks like a name (inner capitals, a capital mid-sentence) or stands where
        a framework name would ("is X", "use X", "X vs Y"), and no indexed word starts with its stem
        (so "MVP" matches the articles' "MVPs").
        """
        unknown: list[str] = []
        words = [m.group(0) for m in _WORD.finditer(question)]
        for i, word in enumerate(words):
            name_like = bool(_NAME_LIKE.fullmatch(word)) or (i > 0 and word[:1].isupper())
            slot = (i > 0 and words[i - 1].lower() in _SLOT_BEFORE) or (
                i + 1 < len(words) and words[i + 1].lower() in _SLOT_AFTER
            )
            if not (name_like or slot) or word in unknown or self.matcher.find(word, fuzzy=True):
                continue
            terms = self._current.lexicon.terms(word)
            if terms and not any(self._indexed(t) for t in terms):
                unknown.append(word)
        return unknown

    def _indexed(self, term: str) -> bool:
        """Whether the index holds the term, or a word that starts with it ("mvp" → "mvps")."""
        return self._current.lexicon.knows(term)

    def _off_corpus(self, question: str, query: Query) -> bool:
        """True when the question names no framework and none of its words occur in the index ("aaabbor")."""
        if query.frameworks:
            return False
        return not any(self._indexed(t) for t in self._current.lexicon.terms(question))

    @property
    def passages(self) -> list[Passage]:
        """Every indexed passage (corpus, facts and the user's documents)."""
        return self.index.passages

    # -- the state an answer reads ---------------------------------------------------------
    @property
    def index(self) -> VectorIndex:
        """The vector index answers are read from."""
        return self._current.index

    @property
    def retriever(self) -> Retriever:
        """The retriever over :attr:`index` (or over the sources an ``ask`` was limited to)."""
        return self._current.retriever

    @property
    def composer(self) -> Composer:
        """The answer composer that belongs to :attr:`index`."""
        return self._current.composer

    @property
    def _current(self) -> _State:
        pinned = getattr(self._local, "state", None)
        return pinned if pinned is not None else self._state

    @contextmanager
    def _pinned(self, sources: Sequence[str] | None) -> Iterator[None]:
        """Run one answer on one state, so a document added meanwhile never mixes two indexes in it."""
        if getattr(self._local, "state", None) is not None:  # nested ask (follow-up resolution): keep the outer
            yield
            return
        self._local.state = self._scoped(self._state, sources)
        try:
            yield
        finally:
            self._local.state = None

    def _make_state(self, index: VectorIndex, documents: Sequence[UserDocument]) -> _State:
        retriever = Retriever(index, self.embedder)
        composer = Composer(
            _evidence(index.passages, self.facts), self.matcher.names, retriever.lexical.terms, self.matcher.find
        )
        indexed = {p.source for p in index.passages}
        return _State(index, retriever, composer, {d.id: d for d in documents if d.id in indexed})

    def _scoped(self, state: _State, sources: Sequence[str] | None) -> _State:
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
            path = cache_path(self.settings.resolved_index_dir(), self.embedder.name)
            vectors = EmbeddingCache(path, self.embedder.dimension).embed(passages, self.embedder)[0]
        index = VectorIndex(passages, make_faiss_index(vectors), state.index.manifest)
        docs = {k: v for k, v in state.documents.items() if k in key}
        retriever = Retriever(index, self.embedder)
        scoped = _State(index, retriever, state.composer, docs, scope=key, known=state.lexicon)
        with state.lock:
            state.scoped[key] = scoped
            while len(state.scoped) > SCOPES_KEPT:
                state.scoped.popitem(last=False)
        return scoped

    # -- the user's documents --------------------------------------------------------------
    def sources(self) -> list[SourceInfo]:
        """Every indexed source: the built-in corpus documents, the facts file, then the user's documents."""
        state = self._current
        grouped: dict[str, list[Passage]] = {}
        for p in state.index.passages:
            grouped.setdefault(p.source, []).append(p)
        out = []
        for source, passages in grouped.items():
            doc = state.documents.get(source)
            if doc is not None:
                out.append(_source_info(doc, len(passages)))
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
                self._update(documents, new, progress)
        counts: dict[str, int] = {}
        for p in self._state.index.passages:
            counts[p.source] = counts.get(p.source, 0) + 1
        return [_source_info(p.document, counts.get(p.document.id, 0)) for p in prepared]

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

    def _update(self, documents: list[UserDocument], new: list[Prepared], progress: bool | None) -> None:
        """Make ``documents`` the user's set: embed only unseen passages, write files then index, swap state.

        Order on disk: embedding cache, document copies, registry (the commit point), index files,
        manifest last. A process killed anywhere leaves a registry that the next start rebuilds the
        index for, from the cache.
        """
        from .facts import tag_frameworks

        start = time.perf_counter()
        state = self._state
        index_dir = self.settings.resolved_index_dir()
        fresh = {p.document.id: p.passages for p in new}
        indexed: dict[str, list[Passage]] = {}
        for p in state.index.passages:
            indexed.setdefault(p.source, []).append(p)
        passages = [p for p in state.index.passages if p.source not in state.documents]  # corpus and facts
        for doc in documents:
            if doc.id in fresh:
                passages += tag_frameworks(fresh[doc.id], self.matcher)
            elif doc.id in state.documents:
                passages += indexed[doc.id]
            else:  # added by another process since this one loaded
                passages += user_passages(self.library, [doc], self.facts)
        if progress is None:
            progress = sum(map(len, fresh.values())) >= PROGRESS_FROM
        fp = index_fingerprint(self._corpus_fp, documents)
        cache = EmbeddingCache(cache_path(index_dir, self.embedder.name), self.embedder.dimension)
        index, encoded = VectorIndex.build(passages, self.embedder, fp, cache=cache, progress=progress)
        persist = _unwritable(index_dir) is None
        if persist:
            cache.save({p.content_hash for p in passages} | {p.content_hash for p in state.index.passages})
        self.library.commit(documents, new)
        if persist:
            index.save(index_dir)
        self._state = self._make_state(index, documents)
        seconds = time.perf_counter() - start
        self.last_build = BuildReport(len(passages), encoded, seconds, persisted=persist)


# -- module helpers --------------------------------------------------------------------------
def corpus_documents(corpus_dir: Path) -> list[Path]:
    """The document files of a corpus folder, sorted."""
    if not corpus_dir.is_dir():
        raise FileNotFoundError(f"corpus folder {corpus_dir} does not exist")
    return sorted(p for p in corpus_dir.iterdir() if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES)


def corpus_fingerprint(corpus_dir: Path, model: str) -> str:
    """Hash of documents, metadata, facts, model name and the ingestion code itself."""
    here = Path(__file__).parent
    extra = (corpus_dir / "sources.yaml", corpus_dir / "facts.yaml")
    files = corpus_documents(corpus_dir) + [p for p in extra if p.is_file()]
    code = [f"{name}:{hash_file(here / name)}" for name in _CODE]
    return fingerprint(files, [model, *code])


def index_fingerprint(corpus_fp: str, documents: Sequence[UserDocument]) -> str:
    """The corpus fingerprint, extended by the registry once the user has added documents."""
    if not documents:
        return corpus_fp
    parts = [corpus_fp, f"library.py:{hash_file(Path(__file__).parent / 'library.py')}"]
    parts += [f"{d.id}:{d.file}:{d.content_hash}" for d in documents]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def hash_file(path: Path) -> str:
    """Short content hash (code version) of one file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def _load_facts(corpus_dir: Path) -> Any:
    from .facts import load_facts

    path = corpus_dir / "facts.yaml"
    if not path.is_file():
        from .config import default_corpus_dir

        path = default_corpus_dir() / "facts.yaml"
    return load_facts(path)


def load_passages(
    corpus_dir: Path, facts: Any, *, strict: bool = False, skipped: list[Any] | None = None, mapper: Mapper = map
) -> list[Passage]:
    """Corpus passages plus rendered facts, tagged with the frameworks they are about.

    ``mapper`` reads the documents (``map`` here; a Ray dataset for the Ray engine).
    """
    from .facts import FrameworkMatcher, check_sources, fact_passages, tag_frameworks
    from .ingest import load_corpus

    passages = load_corpus(corpus_dir, strict=strict, skipped=skipped, mapper=mapper)
    check_sources(facts, {p.stem for p in corpus_documents(corpus_dir)})
    return tag_frameworks(passages + fact_passages(facts), FrameworkMatcher(facts))


def user_passages(
    library: Library,
    documents: Sequence[UserDocument],
    facts: Any,
    *,
    strict: bool = False,
    skipped: list[Any] | None = None,
) -> list[Passage]:
    """Passages of the user's stored documents, tagged like the corpus; an unreadable copy is skipped."""
    from .facts import FrameworkMatcher, tag_frameworks

    passages: list[Passage] = []
    for doc in documents:
        try:
            passages += library.parse(doc)
        except CorpusError as e:
            if strict:
                raise
            log.warning("user document %s is left out of the index: %s", doc.id, e)
            if skipped is not None:
                skipped.append(e)
    return tag_frameworks(passages, FrameworkMatcher(facts))


def _try_load(index_dir: Path, embedder: Embedder, fp: str) -> VectorIndex | None:
    try:
        return VectorIndex.load(index_dir, model=embedder.name, dimension=embedder.dimension, fingerprint_=fp)
    except IndexCorruptError as e:
        log.info("rebuilding the index: %s", e)
        return None


def _build(
    corpus_dir: Path,
    index_dir: Path,
    embedder: Embedder,
    facts: Any,
    fp: str,
    *,
    progress: bool,
    strict: bool = False,
    persist: bool = True,
    library: Library | None = None,
    documents: Sequence[UserDocument] = (),
    engine: Engine = "local",
) -> tuple[VectorIndex, BuildReport]:
    """Ingest, embed (through the cache), index and save. The engine supplies the ingest mapper and
    the embedder that encodes the cache's misses; everything else is the same for every engine."""
    start = time.perf_counter()
    skipped: list[Any] = []
    with engine_session(engine, embedder, progress=progress) as run:
        passages = load_passages(corpus_dir, facts, strict=strict, skipped=skipped, mapper=run.map)
        if library is not None:  # the user's added documents: few, read here
            passages += user_passages(library, documents, facts, strict=strict, skipped=skipped)
        cache = EmbeddingCache(cache_path(index_dir, embedder.name), embedder.dimension)
        index, encoded = VectorIndex.build(passages, run.embedder, fp, cache=cache, progress=progress)
    if persist:
        try:
            index.save(index_dir)
            cache.save(p.content_hash for p in passages)
        except OSError as e:  # a half-written set fails its checksums next time, so it is never read
            log.warning("cannot save the index to %s (%s): index kept in memory only", index_dir, e)
            persist = False
    seconds = time.perf_counter() - start
    skipped_ = tuple(str(e) for e in skipped)
    return index, BuildReport(len(passages), encoded, seconds, skipped_, persist, run.name, run.workers)


def _unwritable(index_dir: Path) -> str | None:
    """Why the index folder cannot be written (read-only, under a file), or None when it can.

    Probed by writing, not from mode bits: root ignores them.
    """
    import tempfile

    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=index_dir):
            pass
    except OSError as e:
        return e.strerror or str(e)
    return None


def _evidence(passages: list[Passage], facts: Any) -> Evidence:
    """Link each corpus passage to the facts-file updates that supersede or dispute a claim it makes."""
    from .facts import find_superseded

    def claims_in(passage: Passage, text: str) -> list[str]:
        # A table row is matched in its raw form too ("PyTorch | 2016 | Facebook").
        row = passage.meta.get("row", "") if passage.meta else ""
        return find_superseded(f"{text}\n{row}" if row else text, facts, source=passage.source)

    superseded_by: dict[str, list[str]] = {}
    supersedes: dict[str, list[str]] = {}
    for p in passages:
        if p.source == "facts":
            continue
        for update_id in claims_in(p, p.text):
            superseded_by.setdefault(p.id, []).append(update_id)
            supersedes.setdefault(update_id, []).append(p.id)
    return Evidence(
        passages={p.id: p for p in passages},
        superseded_by=superseded_by,
        supersedes=supersedes,
        claims_in=claims_in,
    )


def _source_info(doc: UserDocument, passages: int) -> SourceInfo:
    return SourceInfo(
        id=doc.id,
        title=doc.title,
        date=doc.date,
        url=doc.url,
        site=doc.site,
        passages=passages,
        added_at=doc.added_at,
        origin="user",
        original_path=doc.original_path,
    )


def _mark_newest(answer: Answer) -> Answer:
    """Flag the most recent citation(s) when the cited passages carry different dates.

    Where sources disagree, the reader can then see which one is newer; undated passages take no part.
    """
    dates = {c.date for c in answer.citations if c.date}
    if len(dates) >= 2:
        newest = max(dates)  # ISO dates compare as text
        for citation in answer.citations:
            citation.newest = citation.date == newest
    return answer


def _normalise_history(history: History | None) -> list[tuple[str, str]]:
    """(role, content) pairs from strings (user turns) or Gradio-style message dicts."""
    if history is None:
        return []
    if isinstance(history, (str, bytes, bytearray)) or not isinstance(history, Sequence):
        raise TypeError("history must be a list of strings or {'role', 'content'} dicts")
    turns: list[tuple[str, str]] = []
    for i, turn in enumerate(history):
        if isinstance(turn, str):
            turns.append(("user", _valid_unicode(turn, f"history[{i}]")))
        elif isinstance(turn, dict):
            role, content = turn.get("role"), turn.get("content")
            if role not in ("user", "assistant", "system"):
                raise ValueError(f"history[{i}]['role'] is {role!r}; expected 'user' or 'assistant'")
            if isinstance(content, str) and content.strip():
                turns.append((role, _valid_unicode(content, f"history[{i}]['content']")))
        else:
            raise TypeError(f"history[{i}] is a {type(turn).__name__}; expected a str or a dict")
    return turns


def _valid_unicode(text: str, what: str) -> str:
    """Reject lone surrogates (possible in a str, e.g. from JSON escapes), which no tokenizer accepts."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as e:
        bad = text[e.start]
        raise ValueError(f"{what} has an invalid character {bad!r} (a lone surrogate) at position {e.start}") from e
    return text
