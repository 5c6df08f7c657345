"""Plain records passed between stages (ingest → facts → embed → index → retrieve → answer)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

# File types a corpus folder is read for (user-added documents may also be PDF).
DOCUMENT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
FACTS_FILENAME = "facts.yaml"  # lives in the corpus folder, next to the documents it cites
FACTS_ID = "facts"  # the source id of the facts file's passages
SOURCES_FILE = "sources.yaml"  # a corpus folder's optional metadata per document


@dataclass(frozen=True)
class Passage:
    """One citable unit of text, exactly as shown to users.

    ``source`` is the document id (file stem, or ``facts`` for the facts file); ``id`` is unique
    across the whole corpus. ``kind`` tells retrieval/answering what shape the text has:
    ``prose``, ``list``, ``table_row``, ``faq``, ``code`` or ``fact``.
    """

    id: str
    source: str
    title: str
    text: str
    section: str = ""
    url: str | None = None
    date: str | None = None
    site: str | None = None
    frameworks: tuple[str, ...] = ()
    kind: str = "prose"
    # what a reader knows beyond the text: "feature", "row" and "cells" (column → value) of a table row,
    # "field" of a fact, "update_kind" of an update, "format", "author"
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def content_hash(self) -> str:
        """Key of the embedding cache: unchanged text is never embedded twice."""
        return hashlib.sha256(self.embed_text.encode("utf-8")).hexdigest()

    @property
    def embed_text(self) -> str:
        """Text given to the embedder: section path adds context the passage itself may lack."""
        return f"{self.section}: {self.text}" if self.section else self.text


@dataclass(frozen=True)
class Hit:
    """A retrieved passage with its fused score and the ranks each retriever gave it."""

    passage: Passage
    score: float
    dense: float = 0.0
    dense_rank: int | None = None
    lexical_rank: int | None = None
