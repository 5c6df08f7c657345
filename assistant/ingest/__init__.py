"""Ingestion: turn corpus documents (HTML, plain text, Markdown, YAML front matter, PDF) into passages.

Each format has a small reader that yields the same blocks (prose, list, table row, FAQ pair,
code) under a section path; one shared step then sizes them into citable passages. Metadata comes
from ``sources.yaml`` where the corpus lists the document, else from the document itself, and is
never guessed: what neither gives stays ``None``.

One module per format or concern; this package re-exports the public names, so
``from assistant.ingest import load_corpus`` works as it always has:

- ``corpus``: the corpus folder and one document, format detection and dispatch;
- ``files``: strict UTF-8, YAML without aliases, ``sources.yaml``;
- ``metadata``: what a document says about itself, merged under ``sources.yaml``;
- ``blocks``: the ``Block`` and ``Outline`` types every reader emits, and shared text clean-up;
- ``html``, ``markdown``, ``plaintext``, ``pdf``: one reader per format;
- ``tables``: pipe tables and rows whose cells lost their separators;
- ``sizing``: blocks to passages of at most ``MAX_CHARS``.
"""

from __future__ import annotations

from .blocks import KINDS
from .corpus import corpus_entries, load_corpus, load_document, read_entry
from .files import FORMATS, SOURCES_FILE
from .metadata import MAX_DECLARED_FRAMEWORKS, MAX_FRAMEWORK_NAME, META_LIMITS
from .pdf import PDF_MAX_CHARS, PDF_MAX_CONTENT, PDF_MAX_PAGE_CONTENT, PDF_MAX_PAGES
from .sizing import DERIVED_TITLE_MARK, DERIVED_TITLE_WORDS, MAX_CHARS, derived_title

__all__ = [
    "DERIVED_TITLE_MARK",
    "DERIVED_TITLE_WORDS",
    "FORMATS",
    "KINDS",
    "MAX_CHARS",
    "MAX_DECLARED_FRAMEWORKS",
    "MAX_FRAMEWORK_NAME",
    "META_LIMITS",
    "PDF_MAX_CHARS",
    "PDF_MAX_CONTENT",
    "PDF_MAX_PAGES",
    "PDF_MAX_PAGE_CONTENT",
    "SOURCES_FILE",
    "corpus_entries",
    "derived_title",
    "load_corpus",
    "load_document",
    "read_entry",
]
