"""The public answer types (pydantic: they cross the API, CLI, JSON and UI boundaries)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field


class Citation(BaseModel):
    """A passage an answer rests on; ``marker`` is the n of the ``[n]`` in the answer text."""

    marker: int
    source: str
    title: str
    url: str | None = None
    date: str | None = None
    site: str | None = None
    section: str = ""
    text: str
    score: float
    passage_id: str = ""
    newest: bool = Field(
        default=False, description="the most recent of the differently dated passages this answer cites"
    )


class Answer(BaseModel):
    """A direct answer first, then its support; every corpus statement carries an ``[n]`` marker."""

    question: str = ""
    text: str
    answered: bool
    frameworks: list[str] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    intent: str = "general"
    notes: list[str] = Field(default_factory=list, description="disagreements and outdated statements found")


class SourceInfo(BaseModel):
    """One indexed source: a built-in corpus document (or the facts file) or a document the user added."""

    id: str
    title: str
    date: str | None = None
    url: str | None = None
    site: str | None = None
    passages: int
    added_at: datetime | None = Field(default=None, description="when the user added it; None for built-in sources")
    origin: Literal["corpus", "user"]
    original_path: str | None = Field(default=None, description="the file it was added from (user documents)")
