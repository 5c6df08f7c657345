"""Building the index: load it when it is current, else read the passages, embed what the cache
lacks, and save; and the same for a changed set of the user's documents.

``Assistant.load`` and ``Assistant.add``/``remove`` call these; the engine (``local`` or Ray,
assistant/distributed.py) only supplies how documents are read and how misses are embedded.
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .catalog import corpus_fingerprint, index_fingerprint
from .config import Settings
from .distributed import Engine, engine_session
from .embed import Embedder
from .errors import IndexCorruptError, IndexMissingError, IndexStaleError
from .frameworks import FrameworkMatcher, tag_frameworks
from .index import EmbeddingCache, VectorIndex, build_lock, cache_path, stamp  # noqa: F401 - stamp: api's
from .library import Library, Prepared, UserDocument
from .passages import load_passages, user_passages
from .records import Passage

log = logging.getLogger(__name__)


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


@dataclass(frozen=True)
class Loaded:
    """The index ``load_or_build`` found or made, and what was built (None: loaded as stored)."""

    index: VectorIndex
    report: BuildReport | None
    corpus_fingerprint: str


def load_or_build(
    settings: Settings,
    embedder: Embedder,
    facts: Any,
    library: Library,
    documents: Sequence[UserDocument],
    *,
    own: Sequence[UserDocument] = (),
    rebuild: bool = False,
    progress: bool = False,
    strict: bool = False,
    engine: Engine = "local",
) -> Loaded:
    """The stored index when it is current, else a fresh build (saved unless the folder is read-only).

    ``documents`` are the user's documents to index; ``own`` all the user has. When they differ (the
    reference corpus alone was asked for), the build stays in memory and the stored index is kept.
    """
    corpus_dir = settings.resolved_corpus_dir()
    index_dir = settings.resolved_index_dir()
    corpus_fp = corpus_fingerprint(corpus_dir, embedder.name)
    fp = index_fingerprint(corpus_fp, documents)
    report = None
    index, why = (None, None) if rebuild else try_load(index_dir, embedder, fp)
    if index is None:
        problem = unwritable(index_dir)
        build: dict[str, Any] = dict(progress=progress, strict=strict, persist=not problem, library=library)
        build.update(documents=documents, engine=engine)
        if own and not documents:  # the stored index is the user's: leave it as it is
            log.info("Indexing the reference corpus without your %d document(s), in memory.", len(own))
            index, report = build_index(corpus_dir, index_dir, embedder, facts, fp, **{**build, "persist": False})
        elif problem:
            log.warning("index folder %s is not writable (%s): index kept in memory only", index_dir, problem)
            announce_build(why, index_dir)
            index, report = build_index(corpus_dir, index_dir, embedder, facts, fp, **build)
        else:
            with build_lock(index_dir):
                if not rebuild:  # built by another process meanwhile?
                    index, why = try_load(index_dir, embedder, fp)
                if index is None:
                    announce_build(why, index_dir)
                    index, report = build_index(corpus_dir, index_dir, embedder, facts, fp, **build)
    return Loaded(index, report, corpus_fp)


def try_load(index_dir: Path, embedder: Embedder, fp: str) -> tuple[VectorIndex | None, IndexCorruptError | None]:
    """The stored index when it matches, else None and the reason (told to the user once, if a build follows)."""
    try:
        return VectorIndex.load(index_dir, model=embedder.name, dimension=embedder.dimension, fingerprint=fp), None
    except IndexCorruptError as e:
        return None, e


def announce_build(why: IndexCorruptError | None, index_dir: Path) -> None:
    """One line before a build that was not asked for, worded for the case at hand (first start, change, damage)."""
    if why is None:  # ``rebuild=True``: the caller asked for it and reports it
        return
    if isinstance(why, IndexMissingError):
        log.info("First start: building the search index in %s (a minute or so; later starts load it).", index_dir)
    elif isinstance(why, IndexStaleError):
        log.info("The corpus, the model or your documents changed: updating the search index in %s.", index_dir)
    else:
        log.info("The search index in %s cannot be used (%s): rebuilding it.", index_dir, why)


def build_index(
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
    reasons = tuple(str(e) for e in skipped)
    return index, BuildReport(len(passages), encoded, seconds, reasons, persist, run.name, run.workers)


@dataclass(frozen=True)
class Updated:
    """An index rebuilt for a new set of the user's documents (``update_index``)."""

    index: VectorIndex
    encoded: int
    cache: EmbeddingCache | None  # None: the index folder is not writable, nothing was saved


def update_index(
    index: VectorIndex,
    indexed: Mapping[str, UserDocument],
    documents: Sequence[UserDocument],
    new: Sequence[Prepared],
    *,
    library: Library,
    facts: Any,
    matcher: FrameworkMatcher,
    embedder: Embedder,
    index_dir: Path,
    corpus_fp: str,
    progress: bool,
    commit: bool = True,
    cache: EmbeddingCache | None = None,
) -> Updated:
    """Make ``documents`` the user's set: embed only unseen passages, write files then index.

    ``indexed`` are the user's documents ``index`` holds now; the passages it keeps keep their vectors
    and saved lines. ``cache`` is the embedding cache as the caller holds it (else read from disk).
    Order on disk: embedding cache, document copies, registry (the commit point), index files,
    manifest last. A process killed anywhere leaves a registry that the next start rebuilds the
    index for, from the cache.
    """
    fresh = {p.document.id: p.passages for p in new}
    by_source: dict[str, list[Passage]] = {}
    for p in index.passages:
        by_source.setdefault(p.source, []).append(p)
    passages = [p for p in index.passages if p.source not in indexed]  # corpus and facts
    for doc in documents:
        if doc.id in fresh:
            passages += tag_frameworks(fresh[doc.id], matcher)
        elif doc.id in indexed:
            passages += by_source[doc.id]
        else:  # added by another process since this one loaded
            passages += user_passages(library, [doc], facts)
    fp = index_fingerprint(corpus_fp, documents)
    if cache is None:
        cache = EmbeddingCache(cache_path(index_dir, embedder.name), embedder.dimension)
    built, encoded = VectorIndex.build(passages, embedder, fp, cache=cache, progress=progress, previous=index)
    persist = unwritable(index_dir) is None
    if persist:
        cache.save({*built.content_hashes(previous=index), *index.content_hashes()})
    if commit:
        library.commit(documents, new)
    if persist:
        built.save(index_dir, previous=index)
    return Updated(built, encoded, cache if persist else None)


def unwritable(index_dir: Path) -> str | None:
    """Why the index folder cannot be written (read-only, under a file), or None when it can.

    Probed by writing, not from mode bits: root ignores them.
    """
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=index_dir):
            pass
    except OSError as e:
        return e.strerror or str(e)
    return None
