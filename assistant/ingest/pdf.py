"""PDF: the text layer (pypdf), bounded in pages and content, reflowed into paragraphs and read like text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ftfy

from assistant.errors import CorpusError
from assistant.records import Passage

from .blocks import SENTENCE_END
from .metadata import Info
from .plaintext import TextReader
from .sizing import to_passages


def load_pdf(path: Path, given: dict[str, Any], source_id: str | None) -> list[Passage]:
    """A PDF's text layer (pypdf), read like plain text; title and date from the PDF's own metadata."""
    text, found = read_pdf(path)
    if not text.strip():
        raise CorpusError(f"{path}: no text layer in this PDF (scanned pages are images; run OCR first)")
    info = Info.merge(given, found, path)
    blocks, headings = TextReader(ftfy.fix_text(text, uncurl_quotes=False), info).read()
    passages = to_passages(blocks, headings, source_id or path.stem, info, "pdf")
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


def read_pdf(path: Path) -> tuple[str, dict[str, Any]]:
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
        runs_on = len(line) >= 0.6 * width and not SENTENCE_END.search(line)
    return "\n".join(out)
