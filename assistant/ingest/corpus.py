"""The corpus and one document: format detection and dispatch to the reader of each format."""

from __future__ import annotations

import functools
import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ftfy
from bs4 import BeautifulSoup

from assistant.errors import CorpusError
from assistant.records import DOCUMENT_SUFFIXES, Passage

from .files import read_sources, read_text
from .html import HtmlReader
from .markdown import front_matter_blocks, has_front_matter, is_entity_only, markdown_title, split_front_matter
from .metadata import Info, front_matter_meta, html_meta
from .pdf import load_pdf
from .plaintext import TextReader
from .sizing import to_passages

if TYPE_CHECKING:
    from assistant.distributed import Mapper

log = logging.getLogger(__name__)

_HTML_MARKUP = re.compile(r"<(?:!doctype\s+html|html|head|body|div|p|article|main|section|h[1-6]|ul|ol|table)\b", re.I)
_MARKDOWN_MARKUP = re.compile(r"^(?:#{1,6}\s+\S|```|~~~)", re.M)


def load_corpus(
    corpus_dir: Path,
    *,
    strict: bool = False,
    skipped: list[CorpusError] | None = None,
    mapper: Mapper = map,
) -> list[Passage]:
    """Read every document of the corpus folder into passages, in file-name order.

    ``sources.yaml`` (optional) supplies metadata per document id; documents it does not list are
    read too, with the metadata they carry themselves. One bad document (undecodable, empty,
    malformed front matter, no text) must not take the others down: it is skipped with a logged
    warning naming the file and line or field, and its error appended to ``skipped``; with
    ``strict=True`` it raises :class:`CorpusError` instead. A broken ``sources.yaml``, a duplicate
    id, or a corpus where no document can be read always raises.

    ``mapper`` applies the per-document reader to the list of documents and yields the results in
    the same order: the built-in ``map`` here, a Ray dataset for ``--engine ray``
    (assistant/distributed.py), so both engines read documents with this very code.
    """
    entries = corpus_entries(corpus_dir)
    passages: list[Passage] = []
    errors: list[CorpusError] = []
    for result in mapper(functools.partial(read_entry, corpus_dir), entries):
        if isinstance(result, CorpusError):
            if strict:
                raise result
            log.warning("skipped document: %s", result)
            errors.append(result)
        else:
            passages.extend(result)
    if errors and not passages:
        raise CorpusError(f"{corpus_dir}: none of its {len(errors)} documents could be read; first: {errors[0]}")
    if skipped is not None:
        skipped.extend(errors)
    return passages


def corpus_entries(corpus_dir: Path) -> list[tuple[str, str, dict[str, Any] | None]]:
    """(file name, document id, sources.yaml entry or None) of every corpus document, in file-name order.

    Raises :class:`CorpusError` for a missing folder, a broken ``sources.yaml`` or a duplicate id.
    """
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        raise CorpusError(f"corpus folder {corpus_dir} does not exist or is not a folder")
    listed = read_sources(corpus_dir)
    by_file = {str(meta["file"]): (doc_id, meta) for doc_id, meta in listed.items()}
    files = {p.name for p in corpus_dir.iterdir() if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES}
    entries: list[tuple[str, str, dict[str, Any] | None]] = []
    seen_ids: dict[str, str] = {}
    for name in sorted(files | by_file.keys()):
        doc_id, meta = by_file.get(name, (Path(name).stem, None))
        if doc_id in seen_ids:
            raise CorpusError(f"{corpus_dir / name}: document id {doc_id!r} is already used by {seen_ids[doc_id]}")
        seen_ids[doc_id] = name
        entries.append((name, doc_id, meta))
    return entries


def read_entry(corpus_dir: Path, entry: tuple[str, str, dict[str, Any] | None]) -> list[Passage] | CorpusError:
    """One corpus document's passages, or the error that says why it cannot be read (returned, not raised)."""
    name, doc_id, meta = entry
    try:
        return load_document(Path(corpus_dir) / name, meta, doc_id)
    except CorpusError as e:
        return e


def load_document(path: Path, meta: dict[str, Any] | None = None, source_id: str | None = None) -> list[Passage]:
    """Read one document into passages; its format (HTML, front matter, Markdown, text) is detected.

    ``meta`` (a ``sources.yaml`` entry) wins over what the document says about itself;
    ``source_id`` defaults to the file stem. Raises :class:`CorpusError` naming the file when it
    cannot be decoded, parsed, or yields no text.
    """
    path = Path(path)
    given = dict(meta or {})
    if path.suffix.lower() == ".pdf":
        return load_pdf(path, given, source_id)
    raw = read_text(path)
    if not raw.strip():
        raise CorpusError(f"{path}: the document is empty")
    fmt = detect_format(raw, path)
    declared = given.get("format")
    if declared is not None and declared != fmt:
        raise CorpusError(f"{path}: sources.yaml says format {declared!r} but the content is {fmt!r}")
    if fmt == "html":
        soup = BeautifulSoup(ftfy.fix_text(raw, unescape_html=False, uncurl_quotes=False), "lxml")
        info = Info.merge(given, html_meta(soup), path)
        blocks, headings = HtmlReader(info).read(soup)
    elif fmt == "text":
        info = Info.merge(given, {}, path)
        blocks, headings = TextReader(ftfy.fix_text(raw, uncurl_quotes=False), info).read()
    else:
        front, body = split_front_matter(ftfy.fix_text(raw, uncurl_quotes=False), path)
        found = front_matter_meta(front)
        found["title"] = found["title"] or markdown_title(body)
        info = Info.merge(given, found, path)
        blocks, headings = front_matter_blocks(front, body, info)
    passages = to_passages(blocks, headings, source_id or path.stem, info, fmt)
    if not passages:
        raise CorpusError(f"{path}: no text found in this {fmt} document")
    return passages


def detect_format(text: str, path: Path) -> str:
    """Format from the content; the suffix only settles Markdown vs plain text."""
    if has_front_matter(text):
        body = split_front_matter(text, path)[1]
        return "markdown" if body.strip() and not is_entity_only(body) else "yaml"
    if path.suffix.lower() in (".md", ".markdown"):
        return "markdown"
    if _HTML_MARKUP.search(text):
        return "html"
    return "markdown" if _MARKDOWN_MARKUP.search(text) else "text"
