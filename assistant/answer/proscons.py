"""Pros and cons: "What are the downsides of TensorFlow?" is answered from the sources' own lists of a
framework's strong and weak points (sections headed "Pros", "Cons", "Limitations" …), not from the sentence
that happens to sit closest to the question ("Keras: Not suitable for all research scenarios." alone is no
answer to "the pros and cons of Keras")."""

from __future__ import annotations

import re

import numpy as np

from ..textutil import CONS_CUE, PROS_CUE
from .base import Ask

_SIDES = (("pros", re.compile(PROS_CUE, re.I)), ("cons", re.compile(CONS_CUE, re.I)))
_OVER = re.compile(r"\b(?:over|than|compared (?:to|with)|vs\.?|versus)\b", re.I)
ITEMS = 5  # units quoted from one side's list


def pros_cons(ask: Ask) -> tuple[str, list[str]] | None:
    """One line per side asked, quoting the framework's list for that side; ``None`` when the turn asks
    for neither, is about several frameworks, or the sources hold no such list for it (then the
    sentences closest to the question answer, as for any fact)."""
    turn, k = ask.turn, ask.knowledge
    # "PyTorch's advantages over TensorFlow": the strong points of the framework the question names first
    over = len(turn.named) == 2 and _OVER.search(turn.text) is not None
    # ("what would I lose vs plain pytorch?" after Keras: the chat's framework, weighed against the one named)
    against = len(turn.named) == 1 and len(turn.frameworks) == 2 and turn.frameworks[1] == turn.named[0]
    over = over or (against and _OVER.search(turn.text) is not None)
    # ("What is TorchScript and why would I use it?" asks of a thing the sources name, not of its framework's lists)
    if not (len(turn.frameworks) == 1 or over) or turn.why or turn.things:
        return None
    asked = [(side, cue) for side, cue in _SIDES if cue.search(turn.text)]
    if not asked:
        return None
    focus = turn.frameworks[0] if against else turn.named[0] if over else turn.frameworks[0]
    pool = ask.subject_units(focus)
    lines: list[str] = []
    for side, cue in asked:
        listed = np.array([i for i in pool if cue.search(_heading(ask, int(i)))], dtype=np.int64)
        if not len(listed):
            return None
        first_row = k.units[int(listed[0])].row  # the list itself: its items in the source's order, every one
        items = [int(i) for i in np.flatnonzero(k.unit_rows == first_row) if not k.units[int(i)].boilerplate][:ITEMS]
        quoted = ask.cite.quote_list(k.passages[first_row], [k.units[i].text for i in items])
        # an item the facts file has superseded carries its current state, as any quote does
        quoted += next((state for i in items if (state := ask.current_state(i))), "")
        lines.append(f"{focus}'s {side}, going by the sources: {quoted}" if not lines else f"Its {side}: {quoted}")
    return "\n".join(lines), [focus]


def _heading(ask: Ask, unit: int) -> str:
    """The innermost heading of the unit's passage ("Cons" in "PyTorch > Cons")."""
    section = ask.knowledge.passages[ask.knowledge.units[unit].row].section or ""
    return section.split(">")[-1]
