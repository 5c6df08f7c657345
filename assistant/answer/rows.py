"""What a comparison reads from the sources' tables and from the words that rank: a table row the question names
("memory usage" → Memory Management), a degree that ranks a row ("the least memory"), and an axis the question
narrows to a use case only one side's sentences speak of ("the more active research community")."""

from __future__ import annotations

import re

import numpy as np

from .base import Ask
from .evidence import FRAMING_STEMS, Axis, plain_stems, word_stems


def row_named(ask: Ask, named: list[str], axis: Axis | None) -> int | None:
    """A table row with a cell for every side whose feature the question names in its own words, where no axis
    was named in them ("memory usage" → "Memory Management", not the speed axis its meaning grazes)."""
    k = ask.knowledge
    own = word_stems(" ".join(ask.turn.words)) - k.generic_stems - FRAMING_STEMS
    if not named or (axis is not None and own & axis.stems):
        return None
    for row, cells in k.cells.items():
        if all(f in cells for f in named) and word_stems(feature(k, row)) & own:
            return row
    return None


def feature(k, row: int) -> str:  # noqa: ANN001 - Knowledge
    """A table row's feature ("Memory Management"), or its passage's section when the row names none."""
    passage = k.passages[row]
    return (passage.meta or {}).get("feature", "") or passage.section


WITHIN_UNITS = 2  # sentences of one side alone that speak of the axis and the use case the turn narrows it to


def narrowed(ask: Ask, axis: Axis, named: list[str]) -> tuple[str, str, int] | None:
    """The side, the turn's word and the best sentence, when the turn narrows the axis by a word of a use-case label
    ("research community") and at least two sentences saying both speak of one named side only."""
    k = ask.knowledge
    # (a label's own word, as written: "research"; not "standardize" beside "standard architectures")
    labels = {w.casefold().rstrip("s") for lb in k.labels for w in re.findall(r"\w+", lb.text)}
    plain = axis.stems | plain_stems(k)
    words = {w: word_stems(w) - plain for w in ask.turn.words if w.casefold().rstrip("s") in labels}
    extra = set().union(*words.values()) if words else set()
    if not extra:
        return None
    units = [i for f in named for i in k.units_about(f) if k.stems[i] & axis.stems and k.stems[i] & extra]
    sides = {k.units[i].subjects for i in units}
    if len(set(units)) < WITHIN_UNITS or len(sides) != 1 or len(next(iter(sides))) != 1:
        return None
    best = ask.best_units(np.array(sorted(set(units)), dtype=np.int64), 1)
    said = next(w for w, stems in words.items() if stems)
    return next(iter(sides))[0], said, best[0][0]


def ranks_a_row(ask: Ask) -> bool:
    """ "which one uses the least memory?": a pick with no use case whose words name, by its head word, a table row
    every framework has a cell in ("Memory Management"): the row ranks them, as an axis would."""
    k = ask.knowledge
    # (the word a degree ranks: "the least memory", not any word of the question: "reinforcement learning")
    own = word_stems(" ".join(_DEGREE_OF.findall(ask.turn.text))) - k.generic_stems - FRAMING_STEMS
    return bool(own) and any(
        all(f in cells for f in k.frameworks) and word_stems(feature(k, row).split(" ")[0]) & own
        for row, cells in k.cells.items()
    )


_DEGREE_OF = re.compile(r"\b(?:most|least|more|less|fewer|lowest|highest|smallest|biggest|largest)\s+(\w+)", re.I)
