"""Numbering of cited passages, in order of first use, so markers read 1, 2, 3 down the answer."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..models import Citation
from ..records import Passage

_MARKER = re.compile(r"\[(\d+)\]")


class CitationList:
    """The passages an answer cites, with the text it quoted from each."""

    def __init__(self) -> None:
        self._markers: dict[str, int] = {}
        self.items: list[tuple[Passage, float]] = []
        self.stated: dict[str, list[str]] = {}  # passage id -> the units this answer quoted from it
        self.told: set[str] = set()  # dated updates whose statement the answer has given in full once

    def marker(self, passage: Passage, score: float = 0.0) -> str:
        """``[n]`` for the passage, numbering it on first use."""
        n = self._markers.get(passage.id)
        if n is None:
            self.items.append((passage, score))
            n = self._markers[passage.id] = len(self.items)
        return f"[{n}]"

    def quote(self, passage: Passage, text: str, score: float = 0.0) -> str:
        """``text [n]``, remembering that the answer states ``text`` on the passage's authority."""
        self.stated.setdefault(passage.id, []).append(text)
        return f"{text} {self.marker(passage, score)}"

    def quote_list(self, passage: Passage, items: list[str]) -> str:
        """``a; b; c. [n]``: a list's items quoted as one line, each remembered as stated on its own."""
        self.stated.setdefault(passage.id, []).extend(items)
        said = [item.rstrip(". ") for item in items]
        # items that carry the list's label ("Training time (ImageNet) — PyTorch: …") say it once, as the list does
        label = said[0].split(" — ", 1)[0] + " — " if " — " in said[0] else ""
        if label and len(said) > 1 and all(item.startswith(label) for item in said):
            said = [said[0], *(item.removeprefix(label) for item in said[1:])]
        return f"{'; '.join(said)}. {self.marker(passage)}"

    def renumber(self, text: str) -> Callable[[str], str]:
        """Renumber the markers in order of first appearance in the answer's text: a part written before another
        but placed after it (a follow-up's own side line leading a verdict) still reads 1, 2, 3 down the answer.
        Returns the rewrite, for the text and its notes alike."""
        seen = list(dict.fromkeys(int(m) for m in _MARKER.findall(text) if 0 < int(m) <= len(self.items)))
        order = seen + [n for n in range(1, len(self.items) + 1) if n not in seen]
        if order == sorted(order):
            return lambda said: said
        new = {old: i for i, old in enumerate(order, start=1)}
        self.items = [self.items[old - 1] for old in order]
        self._markers = {p.id: i for i, (p, _) in enumerate(self.items, start=1)}
        return lambda said: _MARKER.sub(lambda m: f"[{new.get(int(m[1]), int(m[1]))}]", said)

    def cites(self, passage_id: str) -> bool:
        """Whether the answer cites the passage already."""
        return passage_id in self._markers

    def models(self) -> list[Citation]:
        """The public citation records, marker order."""
        return [
            Citation(
                marker=i,
                source=p.source,
                title=p.title or "Untitled document",
                url=p.url,
                date=p.date,
                site=p.site,
                section=p.section,
                text=p.text,
                score=round(s, 4),
                passage_id=p.id,
            )
            for i, (p, s) in enumerate(self.items, start=1)
        ]
