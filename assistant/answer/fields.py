"""Facts asked field by field: one field of several frameworks ("When were PyTorch and TensorFlow released?"),
or a party and a time of one ("Who created Keras and when?"), one sentence each."""

from __future__ import annotations

import re

import numpy as np

from ..facts.schema import PARTY_FIELDS, TIME_FIELDS
from ..textutil import YES_NO
from .base import Ask
from .disputes import dispute_beside
from .evidence import word_stems

YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_ORDER = re.compile(r"\b(?:first|earlier|earliest|older|oldest|newer|newest)\b", re.I)  # asks which came first


def each_fact(ask: Ask) -> tuple[str, list[str]] | None:
    """ "When were PyTorch and TensorFlow released?", "which of them came first?": the field asked, one sentence
    per framework, in time order when it is a time (so the first named came first). ``None`` when the turn asks
    no field of several frameworks, or one of them has no such sentence."""
    turn, k = ask.turn, ask.knowledge
    fields = turn.attribute or ()
    # a yes/no question ("is it still tied to TensorFlow?") asks about a relation, not a field; "is keras older or
    # newer than those two?" asks their order
    ordered = turn.intent == "comparison" and bool(_ORDER.search(turn.text))
    if len(turn.frameworks) < 2 or not fields or (YES_NO.search(turn.text) and not ordered):
        return None
    # (or, on no axis, a field the question says in the field's own word: "the core difference between how TensorFlow
    # and PyTorch execute models" asks each one's execution model)
    said = word_stems(turn.text) & (word_stems(" ".join(fields).replace("_", " ")) - ask.knowledge.generic_stems)
    if turn.intent == "comparison" and not (said and turn.axis is None):
        # a comparison asks a field only when it is a party or a time, which no axis ranks ("which came first?")
        if turn.axis is not None or not set(fields) <= {*PARTY_FIELDS, *TIME_FIELDS}:
            return None
        if not (turn.cued or _ORDER.search(turn.text)):
            return None  # a field read from meaning alone: "which framework has better docs?" asks no release year
    elif turn.intent not in ("fact", "comparison"):
        return None
    elif not (turn.cued or said):
        return None  # (a field read from meaning alone: "isn't keras just tensorflow?" asks no one's developer)
    found: list[tuple[int, float, np.ndarray]] = []  # per framework: its best unit, score, and its units asked
    for framework in turn.frameworks:
        pool = ask.subject_units(framework)
        asked = pool[np.isin(k.unit_field[pool], fields)]
        # the field's own sentence, not a note on it that names another framework ("Keras began as an independent
        # project and is now integrated into TensorFlow …" beside "Keras is developed by François Chollet")
        alone = asked[[k.units[i].names_only(framework) for i in asked]] if len(asked) else asked
        asked = alone if len(alone) else asked
        # the first field asked that the framework has: "who makes them?" asks the developer before the users
        best = next((b for f in fields if (b := ask.best_units(asked[k.unit_field[asked] == f], 1))), None)
        if not best:
            return None
        found.append((*best[0], asked))
    lines = []
    if set(fields) <= set(TIME_FIELDS):
        # each one's year (its sentence's earliest; "9999" for none, sorted last)
        dated = sorted(((min(YEAR.findall(k.units[e[0]].text), default="9999"), e) for e in found), key=lambda d: d[0])
        first, found = [year for year, _ in dated], [entry for _, entry in dated]
        if len(set(first)) == 1 and first[0] != "9999":
            # "which came out first, keras or tensorflow?": the sources give one year for all, no order within it
            lines.append(f"The sources give the same year for {'both' if len(found) == 2 else 'all'}, {first[0]}:")
        elif _ORDER.search(turn.text) and "9999" not in first and len(turn.named) == 1:
            # "so is keras older or newer than those two?": the one asked about, set against the others by year
            lines.append(_placed(turn.named[0], dict(zip(_order_of(k, found), first, strict=True))))
        elif _ORDER.search(turn.text) and "9999" not in first and first[0] < first[1] and k.units[found[0][0]].subjects:
            # "Which came out first, TensorFlow or PyTorch?": the answer, then the years it rests on
            lines.append(f"{k.units[found[0][0]].subjects[0]} came out first:")
    for unit, score, asked in found:
        line = ask.quote(unit, score)
        lines.append(line + dispute_beside(ask, asked))  # a dispute about that field, beside it, not in a note
    order = [name for name in _order_of(k, found) if name]
    return " ".join(lines), order or list(turn.frameworks)


def _order_of(k, found: list) -> list[str]:  # noqa: ANN001 - Knowledge
    """The framework each found unit is about, in order."""
    return [k.units[unit].subjects[0] if k.units[unit].subjects else "" for unit, _, _ in found]


def _placed(name: str, years: dict[str, str]) -> str:
    """ "Keras came out in 2015, the same year as TensorFlow and before PyTorch:" from each one's year."""
    year = years.get(name, "9999")
    same = [f for f, y in years.items() if f != name and y == year]
    later = [f for f, y in years.items() if f != name and y > year]
    earlier = [f for f, y in years.items() if f != name and y < year]
    parts = [f"the same year as {' and '.join(same)}"] * bool(same)
    parts += [f"before {' and '.join(later)}"] * bool(later) + [f"after {' and '.join(earlier)}"] * bool(earlier)
    return f"{name} came out in {year}, {' and '.join(parts)}:"


def who_and_when(ask: Ask) -> tuple[str, list[str]] | None:
    """ "Who created Keras and when?": one framework, asked a party and a time. Both fields, one sentence each
    (a dispute over the time stated beside it), rather than the closest one alone. ``None`` otherwise."""
    turn, k = ask.turn, ask.knowledge
    fields = turn.attribute or ()
    kinds = [[f for f in fields if f in PARTY_FIELDS], [f for f in fields if f in TIME_FIELDS]]
    if not turn.cued or len(turn.frameworks) != 1 or not all(kinds):
        return None
    pool = ask.subject_units(turn.frameworks[0])
    lines = []
    for kind in kinds:
        asked = pool[np.isin(k.unit_field[pool], kind)]
        best = ask.best_units(asked, 1)
        if not best:
            return None
        lines.append(ask.quote(*best[0]) + dispute_beside(ask, asked))
    return " ".join(lines), list(turn.frameworks)
