"""The public answer types (pydantic: they cross the API, CLI, JSON and UI boundaries)."""

from __future__ import annotations

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


class Answer(BaseModel):
    """A direct answer first, then its support; every corpus statement carries an ``[n]`` marker."""

    question: str = ""
    text: str
    answered: bool
    frameworks: list[str] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    intent: str = "general"
    notes: list[str] = Field(default_factory=list, description="disagreements and outdated statements found")
