"""Ingestion: turn corpus documents (HTML, plain text, Markdown, YAML front matter) into passages.

Each format has a small reader that yields the same blocks (prose, list, table row, FAQ pair,
code) under a section path; one shared step then sizes them into citable passages. Metadata comes
from ``sources.yaml`` where the corpus lists the document, else from the document itself, and is
never guessed: what neither gives stays ``None``.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
import logging
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ftfy
import yaml
from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from assistant.errors import CorpusError
from assistant.records import DOCUMENT_SUFFIXES, Passage
from assistant.textutil import split_sentences

if TYPE_CHECKING:
    from assistant.distributed import Mapper

log = logging.getLogger(__name__)

SOURCES_FILE = "sources.yaml"
FORMATS = ("html", "text", "markdown", "yaml")
KINDS = ("prose", "list", "table_row", "faq", "code")
MAX_CHARS = 700
"""Longest prose/list passage: one paragraph each, longer ones split at sentence boundaries."""

# Page chrome: headings that start the comment form / footer, and lines that are calls to action.
DERIVED_TITLE_MARK = "(untitled article)"  # ends a title derived from the text (the document gave none)
DERIVED_TITLE_WORDS = 55  # characters of opening words in a derived title: with the mark, about 75
_TRAILING_WORDS = frozenset("a an and as at by for from in is are was were of on or the to which while with".split())

_END_HEADINGS = frozenset(
    {"leave a comment", "leave a reply", "comments", "related posts", "related articles", "you may also like"}
)
_BOILERPLATE = (
    "stay ahead of the curve",
    "drop your questions in the comments",
    "your email address will not be published",
    "subscribe to our newsletter",
)
_FRONT_MATTER_BODY_FIELDS = ("answer", "content", "body")

_BR = "\x00"  # stands in for <br> while an HTML paragraph is flattened
_HEADING_TAGS = ["h1", "h2", "h3", "h4", "h5", "h6"]
_BLOCK_TAGS = [*_HEADING_TAGS, "p", "ul", "ol", "pre", "table", "div", "section", "article", "blockquote", "li"]
_CHROME_TAGS = [
    "script", "style", "noscript", "template", "form", "figure", "img", "picture", "svg", "iframe",
    "nav", "aside", "footer", "button", "input", "textarea", "select", "label",
]  # fmt: skip
_CHROME_SELECTORS = "[class*=comment], [class*=share], [class*=related], [class*=breadcrumb], [class*=post-terms]"

_HTML_MARKUP = re.compile(r"<(?:!doctype\s+html|html|head|body|div|p|article|main|section|h[1-6]|ul|ol|table)\b", re.I)
_MARKDOWN_MARKUP = re.compile(r"^(?:#{1,6}\s+\S|```|~~~)", re.M)
_SENTENCE_END = re.compile(r"[.!?][\"”’)\]]*$")
_BULLET = re.compile(r"^(?:[-*•]|\d{1,2}[.)])\s+")
_PIPE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")
_IMAGE_PLACEHOLDER = re.compile(r"\((?:[\w ]+ )?(?:banner|image|photo|picture|figure)\)$", re.I)
_BYLINE_PART = re.compile(r"^[\w ]{1,30}:\s*\S.{0,40}$")
_FAQ_HEADING = re.compile(r"\b(?:faqs?|frequently asked|people also ask)\b", re.I)
_ENUMERATION = re.compile(r"\b([A-Z][\w.+#-]*(?:,\s+[A-Z][\w.+#-]*)+,?\s+and\s+[A-Z][\w.+#-]*)")


# --------------------------------------------------------------------------------------------- API


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
    listed = _read_sources(corpus_dir)
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
        return _load_pdf(path, given, source_id)
    raw = _read_text(path)
    if not raw.strip():
        raise CorpusError(f"{path}: the document is empty")
    fmt = _detect_format(raw, path)
    declared = given.get("format")
    if declared is not None and declared != fmt:
        raise CorpusError(f"{path}: sources.yaml says format {declared!r} but the content is {fmt!r}")
    if fmt == "html":
        soup = BeautifulSoup(ftfy.fix_text(raw, unescape_html=False, uncurl_quotes=False), "lxml")
        info = _Info.merge(given, _html_meta(soup), path)
        blocks, headings = _HtmlReader(info).read(soup)
    elif fmt == "text":
        info = _Info.merge(given, {}, path)
        blocks, headings = _TextReader(ftfy.fix_text(raw, uncurl_quotes=False), info).read()
    else:
        front, body = _split_front_matter(ftfy.fix_text(raw, uncurl_quotes=False), path)
        found = _front_matter_meta(front)
        found["title"] = found["title"] or _markdown_title(body)
        info = _Info.merge(given, found, path)
        blocks, headings = _front_matter_blocks(front, body, info)
    passages = _to_passages(blocks, headings, source_id or path.stem, info, fmt)
    if not passages:
        raise CorpusError(f"{path}: no text found in this {fmt} document")
    return passages


def _load_pdf(path: Path, given: dict[str, Any], source_id: str | None) -> list[Passage]:
    """A PDF's text layer (pypdf), read like plain text; title and date from the PDF's own metadata."""
    text, found = _read_pdf(path)
    if not text.strip():
        raise CorpusError(f"{path}: no text layer in this PDF (scanned pages are images; run OCR first)")
    info = _Info.merge(given, found, path)
    blocks, headings = _TextReader(ftfy.fix_text(text, uncurl_quotes=False), info).read()
    passages = _to_passages(blocks, headings, source_id or path.stem, info, "pdf")
    if not passages:
        raise CorpusError(f"{path}: no text found in this pdf document")
    return passages


PDF_MAX_PAGES = 100
"""A PDF with more pages is refused: the advisor indexes articles, not books."""
PDF_MAX_CHARS = 1_000_000
"""Extracted text beyond this is refused (about 150,000 words)."""
PDF_MAX_PAGE_CONTENT = 2_000_000
"""Decoded content-stream bytes per page; text extraction time grows with it (pages may share one stream)."""
PDF_MAX_CONTENT = 32_000_000
"""Decoded content-stream bytes over all pages, a shared stream counted once per page that draws it."""


def _read_pdf(path: Path) -> tuple[str, dict[str, Any]]:
    """Page texts joined by blank lines, plus ``title``/``date`` from the document information.

    Refused (``CorpusError`` with the reason) past ``PDF_MAX_PAGES``, ``PDF_MAX_CHARS`` or the
    content-stream caps, checked before each page's text is extracted; time and memory are bounded
    by the process that parses it (see ``assistant.library``).
    """
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise CorpusError(f"{path}: the PDF is encrypted; save an unencrypted copy first")
        pages = len(reader.pages)
        if pages > PDF_MAX_PAGES:
            raise CorpusError(f"{path}: the PDF has {pages} pages; the limit is {PDF_MAX_PAGES}")
        texts: list[str] = []
        chars = content = 0
        for number, page in enumerate(reader.pages, start=1):
            size = _content_bytes(page)
            content += size
            if size > PDF_MAX_PAGE_CONTENT or content > PDF_MAX_CONTENT:
                limit = f"{PDF_MAX_PAGE_CONTENT / 1e6:g} MB a page, {PDF_MAX_CONTENT / 1e6:g} MB in all"
                raise CorpusError(
                    f"{path}: page {number} draws {size / 1e6:.1f} MB of content ({content / 1e6:.1f} MB so far); "
                    f"the limit is {limit}"
                )
            texts.append(_reflow(page.extract_text() or ""))
            chars += len(texts[-1])
            if chars > PDF_MAX_CHARS:
                raise CorpusError(
                    f"{path}: the PDF holds more than {PDF_MAX_CHARS:,} characters of text (page {number} of {pages})"
                )
        text = "\n\n".join(texts)
        info = reader.metadata
        title = info.title if info is not None else None
        try:
            created = info.creation_date if info is not None else None
        except ValueError:  # a malformed date string: the date stays unknown
            created = None
    except OSError as e:
        raise CorpusError(f"cannot read {path}: {e.strerror or e}") from e
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as e:
        raise CorpusError(f"{path}: not a readable PDF: {e}") from e
    return text, {"title": title, "date": created}


def _content_bytes(page: Any) -> int:
    """Decoded size of a page's content stream(s), without parsing their operators."""
    contents = page.get("/Contents")
    contents = contents.get_object() if contents is not None else None
    if contents is None:
        return 0
    streams = contents if isinstance(contents, list) else [contents]
    return sum(len(s.get_object().get_data()) for s in streams)


def _reflow(page: str) -> str:
    """Rejoin a PDF page's layout lines into paragraphs, one per line.

    A line that runs to the right margin without ending a sentence continues on the next one;
    a short line (a heading, a paragraph's last line) ends where it is.
    """
    width = max((len(line.strip()) for line in page.splitlines()), default=0)
    out: list[str] = []
    runs_on = False
    for raw in page.splitlines():
        line = raw.strip()
        if not line:
            runs_on = False
            continue
        if runs_on and out:
            hyphen = out[-1].endswith("-") and line[:1].islower()
            out[-1] = out[-1][:-1] + line if hyphen else f"{out[-1]} {line}"
        else:
            out.append(line)
        runs_on = len(line) >= 0.6 * width and not _SENTENCE_END.search(line)
    return "\n".join(out)


# ------------------------------------------------------------------------------------ reading files


def _read_text(path: Path) -> str:
    """Decode strictly as UTF-8: a wrong encoding must fail here, not as garbled answers later."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise CorpusError(f"cannot read {path}: {e.strerror or e}") from e
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise CorpusError(f"{path}: not valid UTF-8 at line {line} (byte {data[e.start : e.start + 1]!r})") from e


class _NoAliasLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases: a few bytes of nested aliases ("billion laughs")
    would otherwise expand into gigabytes. Documents have no use for them."""

    def compose_node(self, parent: Any, index: Any) -> Any:  # noqa: D102 - PyYAML's hook
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise yaml.composer.ComposerError(None, None, f"alias *{event.anchor} is not allowed", event.start_mark)
        if getattr(event, "anchor", None) is not None:
            raise yaml.composer.ComposerError(None, None, f"anchor &{event.anchor} is not allowed", event.start_mark)
        return super().compose_node(parent, index)


def _load_yaml(text: str, path: Path, first_line: int, what: str = "YAML") -> Any:
    """Parse YAML (no anchors or aliases), reporting errors with line numbers in the *file*."""
    try:
        return yaml.load(text, Loader=_NoAliasLoader)  # a SafeLoader
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        where = f" at line {mark.line + first_line}" if mark is not None else ""
        context = ""
        if e.context and e.context_mark is not None and e.context_mark is not mark:
            context = f" ({e.context} at line {e.context_mark.line + first_line})"
        raise CorpusError(f"{path}: malformed {what}{where}: {e.problem or e.context}{context}") from e
    except yaml.YAMLError as e:
        raise CorpusError(f"{path}: malformed {what}: {e}") from e
    except RecursionError as e:  # deeply nested flow collections
        raise CorpusError(f"{path}: malformed {what}: nested too deeply") from e


def _read_sources(corpus_dir: Path) -> dict[str, dict[str, Any]]:
    """Read and check ``sources.yaml``: each entry names an existing file and a known format."""
    path = corpus_dir / SOURCES_FILE
    if not path.is_file():
        return {}
    data = _load_yaml(_read_text(path), path, first_line=1) or {}
    if not isinstance(data, dict):
        raise CorpusError(f"{path}: expected a mapping of document id to metadata, got {type(data).__name__}")
    entries: dict[str, dict[str, Any]] = {}
    for doc_id, entry in data.items():
        if not isinstance(entry, dict) or not entry.get("file"):
            raise CorpusError(f"{path}: entry {doc_id!r} must be a mapping with a 'file' key")
        if not (corpus_dir / str(entry["file"])).is_file():
            raise CorpusError(f"{path}: entry {doc_id!r} names {entry['file']!r}, which is not in {corpus_dir}")
        if entry.get("format") not in (None, *FORMATS):
            raise CorpusError(f"{path}: entry {doc_id!r} has format {entry['format']!r}; use one of {FORMATS}")
        entries[str(doc_id)] = entry
    return entries


def _detect_format(text: str, path: Path) -> str:
    """Format from the content; the suffix only settles Markdown vs plain text."""
    if _has_front_matter(text):
        body = _split_front_matter(text, path)[1]
        return "markdown" if body.strip() and not _is_entity_only(body) else "yaml"
    if path.suffix.lower() in (".md", ".markdown"):
        return "markdown"
    if _HTML_MARKUP.search(text):
        return "html"
    return "markdown" if _MARKDOWN_MARKUP.search(text) else "text"


def _is_entity_only(body: str) -> bool:
    """Tell an empty page body (just ``&nbsp;``) from Markdown."""
    return not re.sub(r"&\w+;|&#\d+;|\s", "", body)


# ---------------------------------------------------------------------------------------- metadata


@dataclass(frozen=True)
class _Info:
    """Document metadata after merging ``sources.yaml`` over what the document says."""

    title: str | None = None
    url: str | None = None
    date: str | None = None
    site: str | None = None
    author: str | None = None
    columns: tuple[str, ...] = ()
    frameworks: tuple[str, ...] = ()  # what the document is about (front matter ``frameworks:``)

    @classmethod
    def merge(cls, given: dict[str, Any], found: dict[str, Any], path: Path) -> _Info:
        """Given values win; empty/None given values fall back to the document's own.

        What the document says about itself must be single values within ``META_LIMITS``.
        """
        _check_meta(found, path)

        def pick(key: str) -> str | None:
            value = given.get(key)
            value = found.get(key) if value in (None, "") else value
            return None if value in (None, "") else str(value).strip()

        declared = given.get("date")
        if declared and _iso_date(declared) is None:
            raise CorpusError(f"{path}: date {declared!r} in the metadata is not an ISO date (YYYY-MM-DD)")
        iso = _iso_date(declared) or _iso_date(found.get("date"))  # a page's own odd date: unknown
        columns = given.get("table_columns") or ()
        if not isinstance(columns, (list, tuple)):
            raise CorpusError(f"{path}: table_columns must be a list of column names, got {columns!r}")
        about = _framework_list(given.get("frameworks") or found.get("frameworks"), path)
        return cls(pick("title"), pick("url"), iso, pick("site"), pick("author"), tuple(map(str, columns)), about)


META_LIMITS = {"title": 500, "url": 2048, "site": 200, "author": 200, "date": 64}
"""Longest title, URL, site, author and date (characters) a document may state about itself."""


def _check_meta(found: dict[str, Any], path: Path) -> None:
    """Refuse metadata that is not one text/number/date value, or is longer than its limit."""
    for key, limit in META_LIMITS.items():
        value = found.get(key)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (str, int, float, dt.date)):
            kind = type(value).__name__
            raise CorpusError(f"{path}: the document's {key} must be a single text or date value, not a {kind}")
        if len(str(value)) > limit:
            length = len(str(value))
            raise CorpusError(f"{path}: the document's {key} is {length} characters long; the limit is {limit}")


MAX_DECLARED_FRAMEWORKS = 20  # names a document may say it is about
MAX_FRAMEWORK_NAME = 40  # characters in one such name


def _framework_list(value: Any, path: Path) -> tuple[str, ...]:
    """The front matter's ``frameworks:`` (a name or a list of names), checked: the advisor answers about them."""
    if value in (None, "", []):
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
        raise CorpusError(f"{path}: frameworks must be a name or a list of names, got {value!r:.80}")
    if len(items) > MAX_DECLARED_FRAMEWORKS:
        raise CorpusError(f"{path}: frameworks lists {len(items)} names; the limit is {MAX_DECLARED_FRAMEWORKS}")
    long = [i for i in items if len(i.strip()) > MAX_FRAMEWORK_NAME]
    if long:
        raise CorpusError(f"{path}: framework name {long[0]!r:.60} is longer than {MAX_FRAMEWORK_NAME} characters")
    return tuple(dict.fromkeys(" ".join(i.split()) for i in items))


def _iso_date(value: Any) -> str | None:
    """YYYY-MM-DD from a date, a datetime or an ISO string (time part dropped)."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, str) and value.strip():
        try:
            return dt.date.fromisoformat(value.strip()[:10]).isoformat()
        except ValueError:
            return None
    return None


def _html_meta(soup: BeautifulSoup) -> dict[str, Any]:
    """Title, date, author, URL and site as the page states them (meta tags, h1, time, permalink)."""

    def meta(*keys: str) -> str | None:
        for key in keys:
            tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
            if isinstance(tag, Tag) and tag.get("content"):
                return _squash(str(tag["content"]))
        return None

    def text_of(tag: Any) -> str | None:
        return _squash(tag.get_text()) or None if isinstance(tag, Tag) else None

    time = soup.find("time", attrs={"datetime": True})
    permalink = (time.find("a", href=True) or time.find_parent("a", href=True)) if isinstance(time, Tag) else None
    canonical = soup.find("link", rel="canonical", href=True)
    url_tag = canonical if isinstance(canonical, Tag) else permalink
    return {
        "title": meta("og:title") or text_of(soup.find("h1")) or text_of(soup.find("title")),
        "date": meta("article:published_time", "date") or (time["datetime"] if isinstance(time, Tag) else None),
        "author": meta("author") or text_of(soup.select_one("a[rel~=author], [class*=author-name], .author")),
        "url": meta("og:url") or (str(url_tag["href"]) if isinstance(url_tag, Tag) else None),
        "site": meta("og:site_name", "application-name"),
    }


def _front_matter_meta(front: dict[str, Any]) -> dict[str, Any]:
    """Metadata keys of a Jekyll/Hugo-style front matter."""
    author = front.get("author")
    if isinstance(author, dict):
        author = author.get("name")
    return {
        "title": front.get("title") or front.get("article_title") or front.get("question"),
        "date": front.get("date"),
        "url": front.get("url") or front.get("permalink"),
        "author": author,
        "site": front.get("site") or front.get("site_name"),
        "frameworks": front.get("frameworks"),
    }


# ------------------------------------------------------------------------------------------ blocks


@dataclass
class _Block:
    """A unit a reader found; sizing turns it into one or more passages."""

    kind: str
    section: str
    text: str = ""
    items: list[str] = field(default_factory=list)
    labelled: bool = False
    lead: str = ""
    meta: dict[str, str] = field(default_factory=dict)


class _Outline:
    """The open headings; their path is the section of whatever comes next."""

    def __init__(self, title: str | None) -> None:
        self._stack: list[tuple[int, str]] = []
        self._title = _norm(title) if title else None
        self.seen: list[str] = []

    def enter(self, level: int, heading: str) -> None:
        """Close headings at this level or deeper; the document title itself is no section."""
        while self._stack and self._stack[-1][0] >= level:
            self._stack.pop()
        if _norm(heading) != self._title:
            self._stack.append((level, heading))
            self.seen.append(heading)

    def close(self) -> None:
        """Leave every open heading (what follows belongs to no section)."""
        self._stack.clear()

    @property
    def path(self) -> str:
        return " > ".join(heading for _, heading in self._stack)

    @property
    def last(self) -> str:
        return self._stack[-1][1] if self._stack else ""


def _table_block(header: Sequence[str], cells: Sequence[str], section: str) -> _Block | None:
    """Render one row as a sentence naming the row label and each column's value.

    ``meta`` keeps the structure for the answer stage: ``feature`` (row label), ``cells`` (JSON
    object column → value) and ``row`` (the cells joined with `` | ``).
    """
    cells = [*cells, *[""] * len(header)][: max(len(header), len(cells))]
    label, values = cells[0], cells[1:]
    if not label or not any(values):
        return None
    names = [name or f"column {n}" for n, name in enumerate([*header[1:], *[""] * len(values)][: len(values)], 2)]
    if len(header) == 2:
        column = " ".join(w.lower() if w.istitle() else w for w in header[1].split())
        text = _as_sentence(f"{label}: {column} {values[0]}")
    else:
        text = f"{label} — " + " ".join(
            _as_sentence(f"{name}: {value}") for name, value in zip(names, values, strict=True) if value
        )
    by_column = {name: value for name, value in zip(names, values, strict=True) if value}
    meta = {"feature": label, "cells": json.dumps(by_column, ensure_ascii=False), "row": " | ".join(cells)}
    return _Block("table_row", section, text=text, meta=meta)


# ------------------------------------------------------------------------------------- HTML reader


class _HtmlReader:
    """Walks the article body in document order, emitting blocks under the current heading path."""

    def __init__(self, info: _Info) -> None:
        self.outline = _Outline(info.title)
        self.blocks: list[_Block] = []
        self.done = False

    def read(self, soup: BeautifulSoup) -> tuple[list[_Block], list[str]]:
        body = _html_body(soup)
        for comment in body.find_all(string=lambda s: isinstance(s, Comment)):
            comment.extract()
        for tag in [*body.find_all(_CHROME_TAGS), *body.select(_CHROME_SELECTORS)]:
            tag.decompose()
        self._walk(body)
        return self.blocks, self.outline.seen

    def _walk(self, node: Tag) -> None:
        for child in list(node.children):
            if self.done:
                return
            if isinstance(child, NavigableString):
                if _squash(str(child)):
                    self._add("prose", _squash(str(child)))
            elif not isinstance(child, Tag):
                continue
            elif child.name in _HEADING_TAGS:
                heading = _squash(child.get_text())
                if _norm(heading) in _END_HEADINGS:
                    self.done = True
                elif heading:
                    self.outline.enter(int(child.name[1]), heading)
            elif child.name in ("ul", "ol"):
                self._list(child)
            elif child.name == "pre":
                self.blocks.append(_Block("code", self.outline.path, text=child.get_text().strip("\n")))
            elif child.name == "table":
                self._table(child)
            elif child.name != "p" and child.find(_BLOCK_TAGS) is not None:
                self._walk(child)
            else:  # a paragraph, or a container holding inline content only
                for paragraph in _html_paragraphs(child):
                    self._add("prose", paragraph)

    def _add(self, kind: str, text: str) -> None:
        self.blocks.append(_Block(kind, self.outline.path, text=text))

    def _list(self, node: Tag) -> None:
        items: list[str] = []
        labels: list[bool] = []
        after: list[str] = []
        nested: list[Tag] = []
        for li in node.find_all("li", recursive=False):
            nested += [sub.extract() for sub in li.find_all(["ul", "ol"], recursive=False)]
            labels.append(_html_labelled(li))
            paragraphs = _html_paragraphs(li)
            if paragraphs:
                items.append(paragraphs[0])
                after += paragraphs[1:]  # text after a blank line (<br><br>) is a paragraph of its own
        if items:
            self.blocks.append(_Block("list", self.outline.path, items=items, labelled=all(labels)))
        for paragraph in after:
            self._add("prose", paragraph)
        for sub in nested:
            self._list(sub)

    def _table(self, node: Tag) -> None:
        rows = [[_squash(cell.get_text(" ")) for cell in tr.find_all(["th", "td"])] for tr in node.find_all("tr")]
        rows = [row for row in rows if any(row)]
        for row in rows[1:]:
            block = _table_block(rows[0], row, self.outline.path)
            if block:
                self.blocks.append(block)


def _html_body(soup: BeautifulSoup) -> Tag:
    """Find the article itself: WordPress ``entry-content``, else <article>/<main>/<body>."""
    for selector in (".entry-content", "article", "main", "[role=main]", "body"):
        found = soup.select_one(selector)
        if found is not None:
            return found
    return soup


def _html_labelled(li: Tag) -> bool:
    """``<li><strong>Label</strong>: text`` items are cited one by one, lead-in kept."""
    first = next((c for c in li.children if not (isinstance(c, NavigableString) and not c.strip())), None)
    if not isinstance(first, Tag) or first.name not in ("strong", "b"):
        return False
    after = first.next_sibling
    return first.get_text().strip().endswith(":") or (
        isinstance(after, NavigableString) and after.lstrip().startswith(":")
    )


def _html_paragraphs(node: Tag) -> list[str]:
    """Clean text of an inline run; a blank line (``<br><br>``) starts a new paragraph."""
    _drop_trailing_links(node)
    for br in node.find_all("br"):
        br.replace_with(_BR)
    parts = re.split(f"{_BR} ?{_BR}", re.sub(r"\s+", " ", node.get_text()))  # source newlines are just spaces
    return [text for part in parts if (text := _squash(part.replace(_BR, " ")))]


def _drop_trailing_links(node: Tag) -> None:
    """Remove "learn more" links: anchors (and their separators) after a finished last sentence."""
    contents = list(node.contents)
    cut = len(contents)
    while cut and _is_link_tail(contents[cut - 1]):
        cut -= 1
    tail = contents[cut:]
    if not any(isinstance(n, Tag) and n.name == "a" for n in tail):
        return
    before = "".join(n.get_text() if isinstance(n, Tag) else str(n) for n in contents[:cut])
    if _SENTENCE_END.search(before.rstrip()):
        for n in tail:
            n.extract()


def _is_link_tail(node: Any) -> bool:
    if isinstance(node, Tag):
        return node.name in ("a", "br")
    return isinstance(node, NavigableString) and not str(node).strip(" \t\n\u00a0,;|·/–-")


# ------------------------------------------------------------------------------- plain-text reader


class _TextReader:
    """Reads text whose only structure is line shape: headings, bullets, pipe tables, FAQ pairs.

    A title-like line (short, no final period) is a heading; one or two words (a framework name)
    nest under the heading before. Lines are read one at a time, each a paragraph.
    """

    def __init__(self, text: str, info: _Info) -> None:
        self.lines = _rejoin_broken_lines([_squash(line) for line in text.splitlines()])
        self.known = _camel_case_words(self.lines)
        self.info = info
        self.outline = _Outline(info.title)
        self.blocks: list[_Block] = []
        self.in_faq = False
        self.in_chrome = False
        self.i = 0

    def read(self) -> tuple[list[_Block], list[str]]:
        while self.i < len(self.lines):
            line = self.lines[self.i]
            if not line or _is_boilerplate(line) or (self.in_chrome and not _SENTENCE_END.search(line)):
                self.i += 1  # in the comment-form/ads tail only whole sentences are kept
            elif _is_pipe_row(line):
                self._pipe_table()
            elif self._glued_table():
                continue
            elif _BULLET.match(line):
                self._bullets()
            elif self.in_faq and line.endswith("?"):
                self._faq_pair()
            elif _is_heading_line(line):
                if _norm(line) in _END_HEADINGS:  # the comment form and ads follow: no section of the article
                    self.in_chrome = True
                    self.outline.close()
                else:
                    self.outline.enter(_heading_level(line), line)
                self.in_faq = bool(_FAQ_HEADING.search(line))
                self.i += 1
            else:
                self.blocks.append(_Block("prose", self.outline.path, text=line))
                self.i += 1
        return self.blocks, self.outline.seen

    def _pipe_table(self) -> None:
        """Read a pipe table; a row broken over lines (fewer cells than the header) is rejoined."""
        rows: list[list[str]] = []
        cell_open = False
        while self.i < len(self.lines) and _is_pipe_row(self.lines[self.i]):
            line = self.lines[self.i]
            self.i += 1
            if _PIPE_RULE.match(line):
                continue
            cells = _pipe_cells(line)
            if len(rows) > 1 and len(rows[-1]) < len(rows[0]):
                if cell_open and cells:
                    rows[-1][-1] = f"{rows[-1][-1]} {cells.pop(0)}"
                rows[-1].extend(cells)
            else:
                rows.append(cells)
            cell_open = not line.endswith("|")
        for row in rows[1:]:
            block = _table_block(rows[0], row, self.outline.path)
            if block:
                self.blocks.append(block)

    def _glued_table(self) -> bool:
        """Consecutive lines whose cells lost their separators ("LanguagePythonC++, PythonPython")."""
        end = self.i
        while end < len(self.lines) and _looks_glued(self.lines[end], self.known):
            end += 1
        if end - self.i < 2:
            return False
        columns = self.info.columns or _column_names(self.outline.last, self.info.title or "")
        section = self.outline.path
        for row in self.lines[self.i : end]:
            parts = _split_glued_row(row, len(columns) + 1, self.known) if columns else None
            block = _table_block(["", *columns], parts, section) if parts else None
            self.blocks.append(block or _Block("prose", section, text=row))
        self.i = end
        return True

    def _bullets(self) -> None:
        items = []
        while self.i < len(self.lines) and _BULLET.match(self.lines[self.i]):
            items.append(_BULLET.sub("", self.lines[self.i]))
            self.i += 1
        self.blocks.append(_Block("list", self.outline.path, items=items))

    def _faq_pair(self) -> None:
        """Keep a question line and the answer line(s) after it together, as one passage."""
        question = self.lines[self.i]
        answer: list[str] = []
        self.i += 1
        while self.i < len(self.lines):
            line = self.lines[self.i]
            if line.endswith("?") or (answer and _is_heading_line(line)):
                break
            if line and not _is_boilerplate(line):
                answer.append(line)
            self.i += 1
        if answer:
            self.blocks.append(_Block("faq", self.outline.path, text=" ".join([question, *answer])))


def _rejoin_broken_lines(lines: list[str]) -> list[str]:
    """Rejoin a line cut mid-sentence with the next one ("…such as torch.compile()" / "have…").

    A line that ends unfinished continues on the next when the next starts in lowercase, or when
    the text is hard-wrapped (many unfinished lines run to about the same margin) and it reached it.
    """
    width = max(map(len, lines), default=0)
    margin = 0.75 * width

    def unfinished(line: str) -> bool:
        return bool(line) and not re.search(r"[.!?:;][\"”’)\]]*$", line)

    runs_on = [len(a) >= margin and unfinished(a) and bool(b) for a, b in itertools.pairwise(lines)]
    wrapped = width <= 100 and sum(runs_on) >= max(3, 0.2 * sum(map(bool, lines)))
    out: list[str] = []
    prev = ""
    for line in lines:
        continues = (
            unfinished(prev)
            and bool(line)
            and not _BULLET.match(line)
            and not _is_pipe_row(line)
            and not _is_pipe_row(prev)
            and ((wrapped and len(prev) >= margin) or (line[0].islower() and len(prev) > 80))
        )
        if continues:
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
        prev = line
    return out


def _is_heading_line(line: str) -> bool:
    """Short, title-like, one sentence at most, and not ended like prose."""
    words = line.split()
    return (
        0 < len(words) <= 12
        and len(line) <= 100
        and (line[0].isupper() or line[0].isdigit())
        and line[-1] not in ".,;:!…"
        and not re.search(r"[.!?]\s", line)
    )


def _heading_level(line: str) -> int:
    """Nest a one- or two-word heading (a framework name) under the heading before it."""
    return 2 if len(line.split()) <= 2 and line[-1].isalnum() and ":" not in line else 1


def _is_boilerplate(line: str) -> bool:
    low = line.lower()
    return any(marker in low for marker in _BOILERPLATE) or bool(_IMAGE_PLACEHOLDER.search(line))


def _is_pipe_row(line: str) -> bool:
    bars = line.count("|")
    return bars >= 2 or (bars == 1 and (line.startswith("|") or line.endswith("|")))


def _pipe_cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return [_squash(cell) for cell in inner.split("|")]


# -------------------------------------------------------------------------------- glued table rows


def _camel_case_words(lines: Iterable[str]) -> frozenset[str]:
    """Words written with inner capitals (TensorFlow, CNTK) in the document's sentences.

    Only lines that end like sentences count, so that glued table rows cannot vouch for themselves.
    """
    words: set[str] = set()
    for line in lines:
        if _SENTENCE_END.search(line):
            words.update(w for w in re.findall(r"[A-Za-z][A-Za-z0-9+#]*", line) if any(c.isupper() for c in w[1:]))
    return frozenset(words)


def _glue_points(row: str, known: frozenset[str]) -> list[tuple[int, int]]:
    """Candidate cell boundaries as (position, weight).

    A capital directly after a lowercase letter (weight 2), after closing punctuation, or ending
    an acronym before a capitalised word ("CNTK|TensorFlow", weight 1) — but never inside a word
    the document writes that way elsewhere ("TensorFlow", "PyTorch").
    """
    protected: set[int] = set()
    for word in known:
        for m in re.finditer(re.escape(word), row):
            protected.update(range(m.start() + 1, m.end()))
    points = []
    for k in range(1, len(row)):
        prev, cur, nxt = row[k - 1], row[k], row[k + 1 : k + 2]
        if k in protected or not cur.isupper():
            continue
        if prev.islower():
            points.append((k, 2))
        elif prev in ").’”+" or (prev.isupper() and nxt.islower() and k >= 2 and row[k - 2].isupper()):
            points.append((k, 1))
    return points


def _looks_glued(line: str, known: frozenset[str]) -> bool:
    return bool(line) and "|" not in line and not _SENTENCE_END.search(line) and bool(_glue_points(line, known))


def _split_glued_row(row: str, n_parts: int, known: frozenset[str]) -> list[str] | None:
    """Split a row into exactly ``n_parts`` cells at the best-scoring boundaries, or ``None``."""
    points = _glue_points(row, known)
    if not n_parts - 1 <= len(points) <= n_parts + 12:  # too few, or too many to weigh: leave the row whole
        return None

    def cells(choice: Sequence[tuple[int, int]]) -> list[str]:
        cuts = [0, *(k for k, _ in choice), len(row)]
        return [row[a:b].strip() for a, b in itertools.pairwise(cuts)]

    def score(choice: Sequence[tuple[int, int]]) -> tuple[int, float]:
        lengths = [len(c) for c in cells(choice)]
        mean = sum(lengths) / len(lengths)
        return sum(w for _, w in choice), -sum((n - mean) ** 2 for n in lengths)

    best = cells(max(itertools.combinations(points, n_parts - 1), key=score))
    return best if all(best) else None


def _column_names(*texts: str) -> tuple[str, ...]:
    """Column names of a header-less table, from "A, B, and C" or "A vs B vs C" in a heading/title."""
    for text in texts:
        enumeration = _ENUMERATION.search(text)
        if enumeration:
            return tuple(p for p in re.split(r",\s*(?:and\s+)?|\s+and\s+", enumeration.group(1)) if p)
        parts = [p.strip() for p in re.split(r"\s+vs\.?\s+", text.split(":")[0].strip(), flags=re.I)]
        if len(parts) >= 2 and all(1 <= len(p.split()) <= 2 for p in parts):
            return tuple(parts)
    return ()


# ------------------------------------------------------------------------- Markdown / front matter


def _has_front_matter(text: str) -> bool:
    return text.split("\n", 1)[0].strip() == "---"


def _split_front_matter(text: str, path: Path) -> tuple[dict[str, Any], str]:
    """Split ``---`` YAML ``---`` from the body (no front matter: empty); YAML errors name the file line."""
    if not _has_front_matter(text):
        return {}, text
    lines = text.lstrip("\ufeff").splitlines(keepends=True)
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        raise CorpusError(f"{path}: front matter opened on line 1 is never closed with '---'")
    front = _load_yaml("".join(lines[1:end]), path, first_line=2, what="YAML front matter") or {}
    if not isinstance(front, dict):
        raise CorpusError(f"{path}: front matter (lines 2-{end}) must be a mapping, got {type(front).__name__}")
    return front, "".join(lines[end + 1 :])


def _front_matter_blocks(front: dict[str, Any], body: str, info: _Info) -> tuple[list[_Block], list[str]]:
    """Markdown body, or (YAML-only pages) the Markdown held in an ``answer``-like field."""
    question = front.get("question")
    if not body.strip() or _is_entity_only(body):
        field_text = next((front[k] for k in _FRONT_MATTER_BODY_FIELDS if isinstance(front.get(k), str)), "")
        body = _unescape_newlines(field_text)
    blocks, headings = _markdown_blocks(body, info)
    if isinstance(question, str) and question.strip():
        question = _squash(question)
        first = blocks[0] if blocks else None
        if first is not None and first.kind == "prose" and not first.section:
            blocks[0] = replace(first, text=f"{question} {first.text}")
    return blocks, headings


def _markdown_title(body: str) -> str | None:
    """The first-level heading of a Markdown page without a front matter title."""
    for node in SyntaxTreeNode(_markdown().parse(body)).children:
        if node.type == "heading" and node.tag == "h1":
            return _squash(_md_inline(node.children[0])) or None
    return None


def _unescape_newlines(text: str) -> str:
    r"""Turn literal ``\n`` escapes into line breaks when the value has no real ones."""
    if "\\n" in text and "\n" not in text.strip():
        return text.replace("\\r\\n", "\n").replace("\\n", "\n").replace("\\t", "\t")
    return text


@functools.cache
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def _markdown_blocks(source: str, info: _Info) -> tuple[list[_Block], list[str]]:
    """Headings give sections; fenced code stays apart from prose; tables give one row each."""
    outline = _Outline(info.title)
    blocks: list[_Block] = []
    for node in _md_flatten(SyntaxTreeNode(_markdown().parse(source)).children):
        if node.type == "heading":
            heading = _squash(_md_inline(node.children[0]))
            if _norm(heading) in _END_HEADINGS:
                break
            outline.enter(int(node.tag[1:]), heading)
        elif node.type == "paragraph":
            blocks.extend(_md_paragraph(node, outline.path))
        elif node.type in ("bullet_list", "ordered_list"):
            items, labels = _md_list_items(node)
            if items:
                blocks.append(_Block("list", outline.path, items=items, labelled=all(labels)))
        elif node.type in ("fence", "code_block") and node.content.strip():
            meta = {"language": node.info.strip()} if node.info.strip() else {}
            blocks.append(_Block("code", outline.path, text=node.content.strip("\n"), meta=meta))
        elif node.type == "table":
            rows = [[_squash(_md_inline(cell.children[0])) for cell in tr.children] for tr in _md_rows(node)]
            blocks += [b for row in rows[1:] if (b := _table_block(rows[0], row, outline.path))]
        elif node.type == "html_block":
            text = _squash(BeautifulSoup(node.content, "lxml").get_text(" "))
            if text:
                blocks.append(_Block("prose", outline.path, text=text))
    return blocks, outline.seen


def _md_flatten(nodes: Iterable[SyntaxTreeNode]) -> Iterator[SyntaxTreeNode]:
    """Block quotes are read as their content."""
    for node in nodes:
        if node.type == "blockquote":
            yield from _md_flatten(node.children)
        else:
            yield node


def _md_rows(table: SyntaxTreeNode) -> list[SyntaxTreeNode]:
    return [tr for part in table.children for tr in part.children if tr.type == "tr"]


def _md_paragraph(node: SyntaxTreeNode, section: str) -> list[_Block]:
    """Prose; a paragraph of unpunctuated lines ("For beginners: …" per line) reads as a list."""
    lines = [line for raw in _md_inline(node.children[0]).split("\n") if (line := _squash(raw))]
    if not lines or _is_byline(" ".join(lines)):
        return []
    if len(lines) > 1 and not any(_SENTENCE_END.search(line) for line in lines):
        return [_Block("list", section, items=lines)]
    return [_Block("prose", section, text=" ".join(lines))]


def _md_list_items(node: SyntaxTreeNode) -> tuple[list[str], list[bool]]:
    items: list[str] = []
    labels: list[bool] = []
    for li in node.children:
        for child in li.children:
            if child.type == "paragraph":
                inline = child.children[0]
                text = _md_item_text(inline)
                if text:
                    items.append(text)
                    labels.append(_md_labelled(inline))
            elif child.type in ("bullet_list", "ordered_list"):
                sub_items, sub_labels = _md_list_items(child)
                items += sub_items
                labels += sub_labels
    return items, labels


def _md_item_text(inline: SyntaxTreeNode) -> str:
    """Item text; an item that is only a link keeps its address (it is the item's content)."""
    parts = [c for c in inline.children if not (c.type == "text" and not c.content.strip())]
    if len(parts) == 1 and parts[0].type == "link":
        return f"{_squash(_md_inline(parts[0]))} ({parts[0].attrs.get('href', '')})"
    return _squash(_md_inline(inline))


def _md_labelled(inline: SyntaxTreeNode) -> bool:
    """``- **Label**: text`` items are cited one by one."""
    parts = [c for c in inline.children if not (c.type == "text" and not c.content.strip())]
    if not parts or parts[0].type != "strong":
        return False
    if _md_inline(parts[0]).strip().endswith(":"):
        return True
    return len(parts) > 1 and parts[1].type == "text" and parts[1].content.lstrip().startswith(":")


def _md_inline(node: SyntaxTreeNode) -> str:
    """Plain text of inline Markdown: emphasis and links unwrapped, images and raw HTML dropped."""
    out = []
    for child in node.children:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif child.type not in ("image", "html_inline"):
            out.append(_md_inline(child))
    return "".join(out)


def _is_byline(text: str) -> bool:
    """Spot page metadata such as "Reading time: 18 minutes | Difficulty: Intermediate"."""
    parts = [p.strip() for p in text.split("|")]
    return len(parts) >= 2 and all(_BYLINE_PART.match(p) for p in parts)


# ------------------------------------------------------------------------------------------ sizing


def _to_passages(blocks: list[_Block], headings: list[str], source_id: str, info: _Info, fmt: str) -> list[Passage]:
    """Size blocks into passages, drop stubs and repeats, number them within the document."""
    heading_keys = {_norm(h) for h in headings}
    blocks = _attach_lead_ins([b for b in blocks if not _is_toc(b, heading_keys)])
    base_meta = {"format": fmt, **({"author": info.author} if info.author else {})}
    passages: list[Passage] = []
    seen: set[tuple[str, str]] = set()
    for block in _sized(blocks):
        key = (block.section, block.text)
        if key in seen or _is_stub(block, heading_keys):
            continue
        seen.add(key)
        passages.append(
            Passage(
                id=f"{source_id}#{len(passages):03d}",
                source=source_id,
                title=info.title or "",
                text=block.text,
                section=block.section,
                url=info.url,
                date=info.date,
                site=info.site or info.author,
                frameworks=info.frameworks,
                kind=block.kind,
                meta={**base_meta, **block.meta},
            )
        )
    if passages and not info.title:
        title = derived_title(passages[0])
        passages = [replace(p, title=title, meta={**p.meta, "title": "derived"}) for p in passages]
    return passages


def derived_title(first: Passage) -> str:
    """A display title for a document that has none: its first heading, else its opening words, marked as derived.

    ("PyTorch vs TensorFlow vs Keras are the main concepts… (untitled article)"). Never the
    document's id: ids are for ``remove`` and ``sources=``, titles are for people.
    """
    heading = first.section.split(" > ")[0].strip()
    text = heading or _squash(first.text)
    sentence = (split_sentences(text) or [""])[0].strip().rstrip(".:;,")
    if len(sentence) > DERIVED_TITLE_WORDS:
        words = sentence[: DERIVED_TITLE_WORDS + 1].split()[:-1] or [sentence[:DERIVED_TITLE_WORDS]]
        while len(words) > 1 and words[-1].casefold() in _TRAILING_WORDS:
            words.pop()
        sentence = " ".join(words).rstrip(",;:-–—") + "…"
    return f"{sentence or 'Untitled'} {DERIVED_TITLE_MARK}"


def _is_toc(block: _Block, heading_keys: set[str]) -> bool:
    """Spot a table of contents: a list whose every item is a heading of the same document."""
    return block.kind == "list" and len(block.items) >= 2 and all(_norm(i) in heading_keys for i in block.items)


def _is_stub(block: _Block, heading_keys: set[str]) -> bool:
    """Just a heading or a lone name: nothing a user could be told."""
    if block.kind not in ("prose", "list"):
        return False
    return len(block.text.split()) < 3 or _norm(block.text) in heading_keys


def _attach_lead_ins(blocks: list[_Block]) -> list[_Block]:
    """Attach a sentence ending in ':' to the plain list it introduces."""
    out: list[_Block] = []
    for block in blocks:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == "prose"
            and block.kind == "list"
            and not block.labelled
            and prev.section == block.section
            and prev.text.endswith(":")
        ):
            out[-1] = replace(block, lead=prev.text)
        else:
            out.append(block)
    return out


def _sized(blocks: Iterable[_Block]) -> Iterator[_Block]:
    """Prose split at sentence ends, lists grouped, table rows/FAQ pairs/code kept whole."""
    for block in blocks:
        if block.kind == "prose":
            for text in _pack(split_sentences(block.text), " "):
                yield replace(block, text=text)
        elif block.kind == "list" and block.labelled:
            for item in block.items:
                for text in _pack(split_sentences(item), " "):
                    yield replace(block, text=text, items=[])
        elif block.kind == "list":
            groups = _pack(_list_items(block.items), " ", first_prefix=block.lead)
            for n, text in enumerate(groups):
                yield replace(block, text=f"{block.lead} {text}" if n == 0 and block.lead else text, items=[])
        else:
            yield block


def _list_items(items: Sequence[str]) -> list[str]:
    """Items punctuated so that they read inline: "a; b; c." (full sentences keep their own)."""
    out = []
    for n, item in enumerate(items):
        if _SENTENCE_END.search(item) or item.endswith((":", ";")):
            out.append(item)
        else:
            out.append(item + ("." if n == len(items) - 1 else ";"))
    return out


def _pack(pieces: Sequence[str], sep: str, first_prefix: str = "") -> list[str]:
    """Greedy, balanced packing of sentences/items into chunks of at most ``MAX_CHARS``.

    A single piece longer than the limit stays whole: pieces are never cut.
    """
    if not pieces:
        return []
    sizes = [len(p) + len(sep) for p in pieces]
    total = sum(sizes) + len(first_prefix)
    target = total / max(1, math.ceil(total / MAX_CHARS))
    chunks: list[list[str]] = [[]]
    used = len(first_prefix)
    for piece, size in zip(pieces, sizes, strict=True):
        if chunks[-1] and (used + size > MAX_CHARS or used >= target):
            chunks.append([])
            used = 0
        chunks[-1].append(piece)
        used += size
    return [sep.join(chunk) for chunk in chunks]


# --------------------------------------------------------------------------------------- text util


def _squash(text: str) -> str:
    """One line of clean text: whitespace collapsed, no space before punctuation."""
    text = re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()
    return re.sub(r" ([.,;:!?])(?=\s|$)", r"\1", text)


def _as_sentence(text: str) -> str:
    return text if _SENTENCE_END.search(text) else f"{text}."


def _norm(text: str) -> str:
    """Comparison key for headings and titles: case, punctuation and spacing ignored."""
    return re.sub(r"\W+", " ", text.casefold()).strip()
