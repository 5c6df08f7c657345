"""The user's own documents: copies kept in the data folder, listed in an atomically written registry.

Layout of the data folder (``Settings.resolved_data_dir()``)::

    registry.json              one entry per added document (id, title, date, original path, hash …)
    registry.json.bak          the registry as it was before the last change
    documents/<id>.<ext>       a copy of each added file, so it survives the original being moved

The registry is the journal of record: a document exists once its entry is in ``registry.json``.
Copies are written (temp file + rename) before the registry, so a process killed at any point
leaves a registry whose every entry has its file. The index fingerprint includes the registry, so
an index that does not match it is rebuilt on start (from the embedding cache).

Nothing is lost silently: each registry write first keeps the previous registry as a backup; a
change deletes only the copies of the documents it removes, never a copy the registry does not know
(those wait for ``assistant repair --prune``, or are re-listed by ``--adopt``); a damaged registry
refuses changes and says how to restore the backup; entries must name files inside ``documents/``.
New files are parsed in a child process under a CPU-time, wall-time and memory budget.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .errors import CorpusError, DocumentError
from .fsutil import file_lock, is_temp, write_durably
from .parsing import (  # noqa: F401 - PARSE_*, warm_parser: importable from here as before
    PARSE_MEMORY,
    PARSE_SECONDS,
    parse_document,
    parse_in_child,
    warm_parser,
)
from .records import Passage
from .registry import (
    BACKUP,
    DOCUMENTS,
    FILE_NAME,
    REGISTRY,
    REGISTRY_VERSION,
    SUFFIXES,
    RegistryError,
    UserDocument,
    read_registry,
)
from .textutil import slug

log = logging.getLogger(__name__)

MAX_DOCUMENT_BYTES = 20_000_000
"""Largest file accepted by default (20 MB, ``ASSISTANT_MAX_DOCUMENT_MB``): bigger ones are most likely
not an article, and would stall the index."""
MAX_LIBRARY_BYTES = 200_000_000
"""Default total of all stored copies (200 MB, ``ASSISTANT_MAX_LIBRARY_MB``)."""
_SNIFF_BYTES = 8192


@dataclass(frozen=True)
class Prepared:
    """A validated, parsed file, ready to be committed; ``passages`` is empty when already registered."""

    document: UserDocument
    source: Path
    passages: list[Passage]
    existing: bool = False


def source_id(path: Path, content_hash: str) -> str:
    """Stable id for a file: slug of its name plus a short content hash ("jax-notes-1a2b3c4d")."""
    return f"{slug(path.stem, 40) or 'document'}-{content_hash[:8]}"


def collect_files(paths: Sequence[str | Path]) -> list[Path]:
    """Files named directly, plus the supported files (recursively, hidden ones skipped) in folders named."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    if not paths:
        raise ValueError("no paths given: name at least one file or folder to add")
    files: list[Path] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                raise DocumentError(f"{path}: the folder holds no supported documents ({', '.join(SUFFIXES)})")
            files += found
        elif path.exists():
            files.append(path)
        else:
            raise DocumentError(f"{path}: no such file or folder")
    return list(dict.fromkeys(p.resolve() for p in files))


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class Library:
    """The user document store in ``data_dir``; reading never creates anything there."""

    def __init__(
        self,
        data_dir: Path,
        *,
        max_document_bytes: int = MAX_DOCUMENT_BYTES,
        max_total_bytes: int = MAX_LIBRARY_BYTES,
        parse_seconds: float = PARSE_SECONDS,
        parse_memory: int = PARSE_MEMORY,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.registry_path = self.data_dir / REGISTRY
        self.backup_path = self.data_dir / BACKUP
        self.documents_dir = self.data_dir / DOCUMENTS
        self.max_document_bytes = max_document_bytes
        self.max_total_bytes = max_total_bytes
        self.parse_seconds = parse_seconds
        self.parse_memory = parse_memory

    @classmethod
    def for_settings(cls, settings: Any) -> Library:
        """The library of a ``Settings``: its data folder and upload quotas."""
        return cls(
            settings.resolved_data_dir(),
            max_document_bytes=round(settings.max_document_mb * 1e6),
            max_total_bytes=round(settings.max_library_mb * 1e6),
        )

    # -- reading ---------------------------------------------------------------------------
    def documents(self) -> list[UserDocument]:
        """The registered documents, in the order they were added.

        Raises :class:`RegistryError` (saying how to restore the backup) when the registry is damaged.
        """
        if not self.registry_path.is_file():
            return []
        try:
            return read_registry(self.registry_path)
        except (OSError, ValueError) as e:
            raise RegistryError(f"{self.registry_path} is damaged: {e}. {self._restore_hint()}") from e

    def _restore_hint(self) -> str:
        backup = self.backup()
        if backup is not None:
            return (
                f"Changes to your documents are refused until it is fixed: `assistant repair --restore` puts back "
                f"the backup {self.backup_path} ({len(backup)} documents)"
            )
        return (
            "Changes to your documents are refused until it is fixed; there is no usable backup: "
            "`assistant repair --adopt` lists the stored copies again"
        )

    def backup(self) -> list[UserDocument] | None:
        """The documents of the backup registry, or None when there is none or it is not valid."""
        try:
            return read_registry(self.backup_path) if self.backup_path.is_file() else None
        except (OSError, ValueError):
            return None

    def startup_documents(self) -> list[UserDocument]:
        """``documents()`` for starting the app: a damaged registry gives none (the built-in sources
        still answer) with a warning saying how to restore; stored copies it does not list are reported."""
        try:
            docs = self.documents()
        except RegistryError as e:
            log.warning("starting with the built-in sources only: %s", e)
            return []
        orphans = self.orphans(docs)
        if orphans:
            log.warning(
                "%d stored document(s) in %s are not in the registry and are not used (%s); "
                "`assistant repair --adopt` lists them again, `assistant repair --prune` deletes them",
                len(orphans), self.documents_dir, ", ".join(p.name for p in orphans[:5]),
            )  # fmt: skip
        return docs

    def orphans(self, docs: Iterable[UserDocument] | None = None) -> list[Path]:
        """Stored copies no registry entry names (the registry was damaged or emptied, or an add was killed)."""
        if not self.documents_dir.is_dir():
            return []
        keep = {d.file for d in (self.documents() if docs is None else docs)}
        return sorted(
            p
            for p in self.documents_dir.iterdir()
            if p.is_file() and p.name not in keep and not is_temp(p) and p.suffix.lower() in SUFFIXES
        )

    def path_of(self, doc: UserDocument) -> Path:
        """Where the stored copy of a document lives; never outside ``documents/`` (symlinks included)."""
        path = self.documents_dir / doc.file
        if path.resolve().parent != self.documents_dir.resolve() or not FILE_NAME.match(doc.file):
            raise CorpusError(f"registry entry {doc.id!r} names {doc.file!r}, which is not in {self.documents_dir}")
        return path

    def parse(self, doc: UserDocument) -> list[Passage]:
        """Passages of a stored document; ``CorpusError`` naming the copy when it is missing or unreadable."""
        return parse_document(self.path_of(doc), doc.id, Path(doc.original_path).name)

    # -- checking a new file ---------------------------------------------------------------
    def prepare(self, path: Path, known: Sequence[UserDocument], taken_ids: Iterable[str] = ()) -> Prepared:
        """Validate and parse one file completely, before anything is written.

        A file whose content is already registered comes back as ``existing`` (nothing to embed).
        Raises :class:`DocumentError` naming the file: missing, not a file, wrong type, empty, over
        ``max_document_bytes``, binary, undecodable, without any text, or over the parse budget.
        """
        path = Path(path)
        if not path.is_file():
            raise DocumentError(f"{path}: not a file")
        suffix = path.suffix.lower()
        if suffix not in SUFFIXES:
            kind = suffix or "(none)"
            raise DocumentError(f"{path}: unsupported file type {kind!r}; supported: {', '.join(SUFFIXES)}")
        try:
            size = path.stat().st_size
            if size == 0:
                raise DocumentError(f"{path}: the file is empty")
            if size > self.max_document_bytes:
                raise DocumentError(
                    f"{path}: the file is {size / 1e6:.1f} MB; the limit is {self.max_document_bytes / 1e6:g} MB a file"
                )
            data = path.read_bytes()
        except OSError as e:
            raise DocumentError(f"{path}: cannot read the file: {e.strerror or e}") from e
        if suffix == ".pdf":
            if not data.startswith(b"%PDF-"):
                raise DocumentError(f"{path}: named .pdf but is not a PDF file")
        elif b"\0" in data[:_SNIFF_BYTES]:
            raise DocumentError(f"{path}: looks like a binary file, not {suffix} text")
        digest = hashlib.sha256(data).hexdigest()
        for doc in known:
            if doc.content_hash == digest:
                return Prepared(doc, path, [], existing=True)
        doc_id = source_id(path, digest)
        if doc_id in set(taken_ids):
            raise DocumentError(f"{path}: its id {doc_id!r} is already used by a built-in source")
        passages = parse_in_child(path, doc_id, path.name, seconds=self.parse_seconds, memory=self.parse_memory)
        first = passages[0]
        doc = UserDocument(
            id=doc_id,
            file=f"{doc_id}{suffix}",
            title=first.title,
            date=first.date,
            url=first.url,
            site=first.site,
            added_at=_now(),
            original_path=str(path.resolve()),
            content_hash=digest,
            passages=len(passages),
        )
        return Prepared(doc, path, passages)

    def check_quota(self, docs: Sequence[UserDocument], new: Sequence[Prepared]) -> None:
        """Refuse (``DocumentError``) when the stored copies of ``docs`` would exceed ``max_total_bytes``."""
        fresh = {p.document.id: p.source for p in new}
        total = 0
        for doc in docs:
            source = fresh.get(doc.id)
            try:
                total += (source if source is not None else self.path_of(doc)).stat().st_size
            except OSError:
                continue  # a missing copy takes no room
        if total > self.max_total_bytes:
            names = ", ".join(str(p.source.name) for p in new)
            raise DocumentError(
                f"{names}: adding this would make your documents {total / 1e6:.1f} MB in all; "
                f"the limit is {self.max_total_bytes / 1e6:g} MB (remove some first)"
            )

    # -- writing ---------------------------------------------------------------------------
    @contextmanager
    def lock(self, timeout: float = 600.0) -> Iterator[None]:
        """Serialise registry changes across processes (CLI and a running UI may both add)."""

        def busy(waited: float) -> CorpusError:
            return CorpusError(f"another process is changing the documents in {self.data_dir} (waited {waited:.0f}s)")

        with file_lock(self.data_dir / ".registry.lock", timeout, busy):
            yield

    def commit(self, docs: Sequence[UserDocument], new: Sequence[Prepared]) -> None:
        """Make ``docs`` the registry: copy new files in, back up the old registry, write the new one (the
        commit point), then delete the copies of the documents this change removed, and no others."""
        previous = self.documents()  # a damaged registry stops here: it is never overwritten
        self.documents_dir.mkdir(parents=True, exist_ok=True)
        for item in new:
            write_durably(self.path_of(item.document), item.source.read_bytes())
        self._write_registry(docs)
        keep = {d.file for d in docs}
        for doc in previous:
            if doc.file not in keep:
                self.path_of(doc).unlink(missing_ok=True)
        self._tidy()

    def _write_registry(self, docs: Sequence[UserDocument]) -> None:
        if self.registry_path.is_file():
            write_durably(self.backup_path, self.registry_path.read_bytes())
        payload = {"version": REGISTRY_VERSION, "documents": [asdict(d) for d in docs]}
        write_durably(self.registry_path, json.dumps(payload, indent=2, ensure_ascii=False).encode("utf-8"))

    def _tidy(self) -> None:
        """Delete our own temporary files left by a killed write (never a document copy)."""
        for folder in (self.data_dir, self.documents_dir):
            if folder.is_dir():
                for stale in folder.iterdir():
                    if stale.is_file() and is_temp(stale):
                        stale.unlink(missing_ok=True)

    # -- repair (``assistant repair``) ----------------------------------------------------
    def restore(self) -> list[UserDocument]:
        """Put the backup registry back; the registry it replaces is kept as ``registry.json.damaged``."""
        backup = self.backup()
        if backup is None:
            raise RegistryError(f"{self.backup_path}: there is no valid backup to restore")
        if self.registry_path.is_file():
            write_durably(self.data_dir / f"{REGISTRY}.damaged", self.registry_path.read_bytes())
        write_durably(self.registry_path, self.backup_path.read_bytes())
        return backup

    def prune(self) -> list[Path]:
        """Delete the stored copies no registry entry names; returns what was deleted."""
        orphans = self.orphans()
        for path in orphans:
            path.unlink(missing_ok=True)
        self._tidy()
        return orphans

    def adopt(self, taken_ids: Iterable[str] = ()) -> list[UserDocument]:
        """List the stored copies the registry does not name again (a damaged registry is replaced; its
        readable entries are kept). Returns the documents adopted; unreadable copies are left alone."""
        try:
            docs = self.documents()
        except RegistryError:
            docs = self.backup() or []
            if self.registry_path.is_file():
                write_durably(self.data_dir / f"{REGISTRY}.damaged", self.registry_path.read_bytes())
                self.registry_path.unlink()
        docs = [d for d in docs if (self.documents_dir / d.file).is_file()]
        adopted: list[UserDocument] = []
        for path in self.orphans(docs):
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if any(d.content_hash == digest for d in docs + adopted):
                continue
            doc_id = path.stem if path.stem.endswith(digest[:8]) else source_id(path, digest)
            if doc_id in set(taken_ids) or not FILE_NAME.match(path.name):
                continue
            try:
                passages = parse_in_child(path, doc_id, path.name, seconds=self.parse_seconds, memory=self.parse_memory)
            except DocumentError as e:
                log.warning("not adopted: %s", e)
                continue
            first = passages[0]
            adopted.append(
                UserDocument(doc_id, path.name, first.title, first.date, first.url, first.site, _now(), path.name,
                             digest, len(passages))
            )  # fmt: skip
        if adopted or not self.registry_path.is_file():
            self._write_registry(docs + adopted)
        return adopted
