"""The user's own documents: copies kept in the data folder, listed in an atomically written registry.

Layout of the data folder (``Settings.resolved_data_dir()``)::

    registry.json              one entry per added document (id, title, date, original path, hash …)
    documents/<id>.<ext>       a copy of each added file, so it survives the original being moved

The registry is the journal of record: a document exists once its entry is in ``registry.json``.
Copies are written (temp file + rename) before the registry, and files no entry names are deleted
after it, so a process killed at any point leaves a registry whose every entry has its file. The
index fingerprint includes the registry, so an index that does not match it is rebuilt on start
(from the embedding cache: only text never seen before is embedded).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from .errors import CorpusError
from .records import DOCUMENT_SUFFIXES, Passage

SUFFIXES = (*DOCUMENT_SUFFIXES, ".pdf")
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
"""Largest file accepted (20 MB): bigger ones are most likely not an article, and would stall the index."""
REGISTRY = "registry.json"
DOCUMENTS = "documents"
REGISTRY_VERSION = 1
_SNIFF_BYTES = 8192


class DocumentError(CorpusError, ValueError):
    """A file the user tried to add was rejected; the message names it and says why."""


@dataclass(frozen=True)
class UserDocument:
    """One registry entry: what was added, from where, and its content hash (the id's suffix)."""

    id: str
    file: str
    title: str
    date: str | None
    url: str | None
    site: str | None
    added_at: str
    original_path: str
    content_hash: str
    passages: int


@dataclass(frozen=True)
class Prepared:
    """A validated, parsed file, ready to be committed; ``passages`` is empty when already registered."""

    document: UserDocument
    source: Path
    passages: list[Passage]
    existing: bool = False


def source_id(path: Path, content_hash: str) -> str:
    """Stable id for a file: slug of its name plus a short content hash ("jax-notes-1a2b3c4d")."""
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.casefold()).strip("-")[:40].strip("-") or "document"
    return f"{slug}-{content_hash[:8]}"


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


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # not supported on every platform (Windows)
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_atomically(path: Path, data: bytes) -> None:
    """The index's atomic write (temp file, fsync, rename), then the folder's entry made durable too."""
    from .index import atomic_write

    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, data)
    _fsync_dir(path.parent)


class Library:
    """The user document store in ``data_dir``; reading never creates anything there."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.registry_path = self.data_dir / REGISTRY
        self.documents_dir = self.data_dir / DOCUMENTS

    # -- reading ---------------------------------------------------------------------------
    def documents(self) -> list[UserDocument]:
        """The registered documents, in the order they were added."""
        if not self.registry_path.is_file():
            return []
        try:
            data = json.loads(self.registry_path.read_text("utf-8"))
            if data.get("version") != REGISTRY_VERSION:
                raise ValueError(f"version {data.get('version')!r}, expected {REGISTRY_VERSION}")
            return [UserDocument(**entry) for entry in data["documents"]]
        except (OSError, ValueError, TypeError, KeyError, AttributeError) as e:
            raise CorpusError(f"{self.registry_path}: not a document registry written by this program: {e}") from e

    def path_of(self, doc: UserDocument) -> Path:
        """Where the stored copy of a document lives."""
        return self.documents_dir / doc.file

    def parse(self, doc: UserDocument) -> list[Passage]:
        """Passages of a stored document; ``CorpusError`` naming the copy when it is missing or unreadable."""
        return _parse(self.path_of(doc), doc.id, Path(doc.original_path).name)

    # -- checking a new file ---------------------------------------------------------------
    def prepare(self, path: Path, known: Sequence[UserDocument], taken_ids: Iterable[str] = ()) -> Prepared:
        """Validate and parse one file completely, before anything is written.

        A file whose content is already registered comes back as ``existing`` (nothing to embed).
        Raises :class:`DocumentError` naming the file: missing, not a file, wrong type, empty, over
        ``MAX_DOCUMENT_BYTES``, binary, undecodable, or without any text.
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
            if size > MAX_DOCUMENT_BYTES:
                raise DocumentError(
                    f"{path}: the file is {size / 1e6:.1f} MB; the limit is {MAX_DOCUMENT_BYTES / 1e6:.0f} MB"
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
        try:
            passages = _parse(path, doc_id, path.name)
        except CorpusError as e:
            raise DocumentError(str(e)) from e
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

    # -- writing ---------------------------------------------------------------------------
    @contextmanager
    def lock(self, timeout: float = 600.0) -> Iterator[None]:
        """Serialise registry changes across processes (CLI and a running UI may both add)."""
        from filelock import FileLock, Timeout

        self.data_dir.mkdir(parents=True, exist_ok=True)
        try:
            with FileLock(str(self.data_dir / ".registry.lock")).acquire(timeout=timeout):
                yield
        except Timeout as e:
            busy = f"another process is changing the documents in {self.data_dir} (waited {timeout:.0f}s)"
            raise CorpusError(busy) from e

    def commit(self, docs: Sequence[UserDocument], new: Sequence[Prepared]) -> None:
        """Make ``docs`` the registry: copy new files in, write the registry (the commit point), then tidy up."""
        self.documents_dir.mkdir(parents=True, exist_ok=True)
        for item in new:
            _write_atomically(self.path_of(item.document), item.source.read_bytes())
        payload = {"version": REGISTRY_VERSION, "documents": [asdict(d) for d in docs]}
        _write_atomically(self.registry_path, json.dumps(payload, indent=2, ensure_ascii=False).encode("utf-8"))
        self.collect_garbage(docs)

    def collect_garbage(self, docs: Iterable[UserDocument]) -> None:
        """Delete copies no entry names (removed documents, leftovers of a killed update)."""
        for stale in self.data_dir.glob(f".{REGISTRY}.*.tmp"):
            stale.unlink(missing_ok=True)
        if not self.documents_dir.is_dir():
            return
        keep = {d.file for d in docs}
        for path in self.documents_dir.iterdir():
            if path.is_file() and path.name not in keep:
                path.unlink(missing_ok=True)


def _parse(path: Path, doc_id: str, display_name: str) -> list[Passage]:
    """Passages of one file; a document without a title of its own is titled by its file name."""
    from .ingest import load_document

    passages = load_document(path, None, doc_id)
    if passages and passages[0].title == doc_id:
        passages = [dataclasses.replace(p, title=display_name) for p in passages]
    return passages
