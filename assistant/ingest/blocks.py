"""What every reader emits: ``Block`` units under an ``Outline`` of headings, and the text clean-up they share."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .. import vocab

KINDS = ("prose", "list", "table_row", "faq", "code")

END_HEADINGS = frozenset(vocab.END_HEADINGS)

SENTENCE_END = re.compile(r"[.!?][\"”’)\]]*$")


@dataclass
class Block:
    """A unit a reader found; sizing turns it into one or more passages."""

    kind: str
    section: str
    text: str = ""
    items: list[str] = field(default_factory=list)
    labelled: bool = False
    lead: str = ""
    meta: dict[str, Any] = field(default_factory=dict)


class Outline:
    """The open headings; their path is the section of whatever comes next."""

    def __init__(self, title: str | None) -> None:
        self._stack: list[tuple[int, str]] = []
        self._title = norm(title) if title else None
        self.seen: list[str] = []

    def enter(self, level: int, heading: str) -> None:
        """Close headings at this level or deeper; the document title itself is no section."""
        while self._stack and self._stack[-1][0] >= level:
            self._stack.pop()
        if norm(heading) != self._title:
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


def squash(text: str) -> str:
    """One line of clean text: whitespace collapsed, no space before punctuation."""
    text = re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()
    return re.sub(r" ([.,;:!?])(?=\s|$)", r"\1", text)


def as_sentence(text: str) -> str:
    return text if SENTENCE_END.search(text) else f"{text}."


def norm(text: str) -> str:
    """Comparison key for headings and titles: case, punctuation and spacing ignored."""
    return re.sub(r"\W+", " ", text.casefold()).strip()
