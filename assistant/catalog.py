"""What is indexed, read without the model: source ids, titles and counts from the stored index and the registry.

``assistant sources``, ``remove`` and ``ask --source`` need only this, so they answer (or reject a
bad id) in well under a second, before torch is imported. The fingerprints that tell whether a
stored index is current live here too, for the same reason: computing them needs no model.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .codemap import HERE, closure
from .library import Library, UserDocument
from .models import SourceInfo
from .records import DOCUMENT_SUFFIXES, FACTS_FILENAME, FACTS_ID, SOURCES_FILE

PASSAGE_CODE = ("assistant.passages", "assistant.index")
"""Modules that make passages and store the index: they and every module they import are the code
whose change makes a stored index stale (see ``code_files``)."""


# -- fingerprints -----------------------------------------------------------------------------
def corpus_documents(corpus_dir: Path) -> list[Path]:
    """The document files of a corpus folder, sorted."""
    if not corpus_dir.is_dir():
        raise FileNotFoundError(f"corpus folder {corpus_dir} does not exist")
    return sorted(p for p in corpus_dir.iterdir() if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES)


def fingerprint(paths: Iterable[Path], extra: Iterable[str] = ()) -> str:
    """Hash of file names and contents plus extra strings (model, code versions)."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    for item in extra:
        digest.update(item.encode())
        digest.update(b"\0")
    return digest.hexdigest()


def corpus_fingerprint(corpus_dir: Path, model: str) -> str:
    """Hash of documents, metadata, facts, model name and the code that shapes passages."""
    extra = (corpus_dir / SOURCES_FILE, corpus_dir / FACTS_FILENAME)
    files = corpus_documents(corpus_dir) + [p for p in extra if p.is_file()]
    code = [f"{path.relative_to(HERE).as_posix()}:{hash_file(path)}" for path in code_files()]
    return fingerprint(files, [model, *code])


def code_files() -> tuple[Path, ...]:
    """Every file of ``assistant`` that shapes passages or the stored index: the import closure of
    ``PASSAGE_CODE``, read from the source, so a module split off or added is hashed too."""
    return closure(*PASSAGE_CODE)


def index_fingerprint(corpus_fp: str, documents: Sequence[UserDocument]) -> str:
    """The corpus fingerprint, extended by the registry once the user has added documents."""
    if not documents:
        return corpus_fp
    parts = [corpus_fp, f"library.py:{hash_file(HERE / 'library.py')}"]
    parts += [f"{d.id}:{d.file}:{d.content_hash}" for d in documents]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def hash_file(path: Path) -> str:
    """Short content hash (code version) of one file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


# -- ids --------------------------------------------------------------------------------------
def corpus_ids(corpus_dir: Path) -> list[str]:
    """Ids of the built-in sources: each corpus document (``sources.yaml`` key, else file stem), then ``facts``."""
    import yaml

    listed: dict[str, str] = {}
    meta = corpus_dir / SOURCES_FILE
    if meta.is_file():
        try:
            raw = yaml.safe_load(meta.read_text("utf-8")) or {}
        except (OSError, yaml.YAMLError):
            raw = {}
        if isinstance(raw, dict):
            listed = {str(v["file"]): str(k) for k, v in raw.items() if isinstance(v, dict) and "file" in v}
    try:
        files = corpus_documents(corpus_dir)
    except FileNotFoundError:
        files = []
    return [listed.get(p.name, p.stem) for p in files] + [FACTS_ID]


def user_documents(data_dir: Path) -> list[UserDocument]:
    """The documents the user added (the registry), in the order they were added."""
    return Library(data_dir).documents()


def check_removable(source_id: str, corpus_dir: Path, data_dir: Path) -> None:
    """Raise ``ValueError`` naming the id unless it is a document the user added (the message lists those)."""
    added = [d.id for d in user_documents(data_dir)]
    if source_id in added:
        return
    listed = ", ".join(added) if added else "none yet"
    if source_id in corpus_ids(corpus_dir):
        raise ValueError(f"{source_id!r} is a built-in source and cannot be removed; documents you added: {listed}")
    raise ValueError(f"no document with id {source_id!r}; documents you added: {listed} (see: assistant sources)")


def check_known(source_ids: Sequence[str], corpus_dir: Path, data_dir: Path) -> None:
    """Raise ``ValueError`` naming every id that is neither built in nor added (the message lists the valid ones)."""
    known = corpus_ids(corpus_dir) + [d.id for d in user_documents(data_dir)]
    unknown = [s for s in source_ids if s not in known]
    if unknown:
        raise ValueError(f"unknown source id(s) {', '.join(map(repr, unknown))}; valid ids: {', '.join(known)}")


# -- the stored index, read without the model --------------------------------------------------
def stored_sources(index_dir: Path, corpus_dir: Path, data_dir: Path, model: str) -> list[SourceInfo] | None:
    """Every indexed source as ``Assistant.sources()`` lists it, read from the stored index and the registry.

    None when there is no current index to read (none built yet, or built from another corpus,
    model or set of documents): then only loading the assistant, which rebuilds it, can answer.
    """
    from .errors import IndexCorruptError
    from .index import PASSAGES, read_manifest

    documents = user_documents(data_dir)
    try:
        manifest = read_manifest(index_dir)
        current = index_fingerprint(corpus_fingerprint(corpus_dir, model), documents)
        if manifest.model != model or manifest.fingerprint != current:
            return None
        lines = (index_dir / PASSAGES).read_bytes()
    except (IndexCorruptError, OSError):
        return None
    if hashlib.sha256(lines).hexdigest() != manifest.checksums.get(PASSAGES):
        return None
    grouped: dict[str, list[dict[str, Any]]] = {}
    for line in lines.decode("utf-8").splitlines():
        passage = json.loads(line)
        grouped.setdefault(passage["source"], []).append(passage)
    by_id = {d.id: d for d in documents}
    out: list[SourceInfo] = []
    for source, passages in grouped.items():
        doc = by_id.get(source)
        if doc is not None:
            out.append(document_info(doc, len(passages)))
            continue
        first = passages[0]
        out.append(
            SourceInfo(
                id=source,
                title=first["title"],
                date=first.get("date"),
                url=first.get("url"),
                site=first.get("site"),
                passages=len(passages),
                origin="corpus",
            )
        )
    return out


def document_info(doc: UserDocument, passages: int) -> SourceInfo:
    """The ``SourceInfo`` of a document the user added."""
    return SourceInfo(
        id=doc.id,
        title=doc.title,
        date=doc.date,
        url=doc.url,
        site=doc.site,
        passages=passages,
        added_at=dt.datetime.fromisoformat(doc.added_at),
        origin="user",
        original_path=doc.original_path,
    )
