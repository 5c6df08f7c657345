"""One thing asked of every side ("how long does training take with each?"): each side's own sentence on it,
not a verdict on an axis its words graze."""

from __future__ import annotations

import numpy as np

from ..vocab import EVERY_FRAMEWORK, PLURAL_POINTING
from .base import Ask
from .evidence import word_stems

LIST_ITEM_WORDS = 8  # a unit this short, after an opening that names the thing, is an item of its list
ON_IT = 0.30  # a side's sentence this close to the question's own topic (names and framing removed) speaks on it
_QUANTIFIERS = frozenset(w for phrase in (*EVERY_FRAMEWORK, *PLURAL_POINTING) for w in phrase.split())


def each_on_it(ask: Ask, named: list[str], *, partial: bool = False) -> tuple[str, list[int]] | None:
    """The lead for a thing asked of every side with no axis ("how long does training take with each?"): each
    side's sentence closest to the question's topic, as one quote when they come from one passage (a benchmark
    row), else side by side. ``None`` for a bare comparison ("PyTorch vs TensorFlow?": the overview answers it)
    or when a side has no sentence on it. ``partial`` (a comparison): a side may be answered by an item of another
    side's passage (a benchmark row), and when some sides have no sentence, the lead says which ("Which
    framework has better documentation?": only TensorFlow's sentences speak of it)."""
    k, turn = ask.knowledge, ask.turn
    asked = [w for w in turn.words if w.casefold() not in _QUANTIFIERS]
    if not asked:
        return None
    stems = word_stems(" ".join(asked))
    topic = k.topic_of(turn.search)
    chosen: list[tuple[int, float]] = []
    silent: list[str] = []  # the sides no sentence on it speaks of
    for fw in named:
        own = k.units_led_by(fw)
        own = own[~k.unit_update[own]] if len(own) else own  # a dated update leads only as a claim's current state
        if not len(own):
            return None
        close = own[k.unit_topics[own] @ topic >= ON_IT]
        # in a passage that shares a word with the question: meaning alone matches "a quick overview" to
        # "fast prototyping"
        close = np.array([i for i in close if row_shares_a_stem(k, int(i), stems)], np.int64)
        best = ask.best_units(close, 1)
        if best:
            chosen.append(best[0])
        else:
            silent.append(fw)
    rows = list(dict.fromkeys(k.units[u].row for u, _ in chosen))
    units = [u for u, _ in chosen]
    if len(rows) == 1 and partial:  # one passage answers for some sides: its items for the others, in order
        for fw in list(silent):
            item = next((i for i in k.units_of[rows[0]] if k.units[i].subjects[:1] == (fw,)), None)
            if item is not None:
                units.append(item)
                silent.remove(fw)
        units.sort(key=lambda i: named.index(k.units[i].subjects[0]))
    # (a side a chosen sentence names is spoken of: "Keras is a … interface built on top of TensorFlow …")
    silent = [fw for fw in silent if not any(fw in k.units[u].names for u in units)]
    if not chosen or (silent and not partial):
        return None
    parts = []
    for row in rows:  # the sides one passage speaks for are quoted together, as it lists them
        mine = [i for i in units if k.units[i].row == row]
        if len(mine) == 1:
            parts.append(ask.quote(mine[0]))
        else:
            said = ask.cite.quote_list(k.passages[row], [ask.says(i) for i in mine])
            parts.append(said + "".join(ask.current_state(i) for i in mine))
    if silent:
        spoken = " and ".join(fw for fw in named if fw not in silent)
        # (bold, as a pick is: "can that one run on a phone?" next points at the side they speak of)
        lead = f"The sources speak of that for {spoken} only, not for {' or '.join(silent)}"
        if len(named) - len(silent) == 1:
            lead = f"**{spoken}** only, going by the sources (they say nothing of it for {' or '.join(silent)})"
        return f"{lead}: {' '.join(parts)}", units
    return " ".join(parts), units


def row_shares_a_stem(k, unit: int, asked: frozenset[str]) -> bool:  # noqa: ANN001 - Knowledge
    """Whether the unit uses a word of the question, one stem the start of the other ("GPU" ~ "GPUs": stems cut
    at five letters keep a short word's plural "s"), or is a short item of a list whose opening does
    ("Training time comparison (ImageNet): TensorFlow: ~8-10 hours; PyTorch: ~8-10 hours")."""

    def shares(i: int) -> bool:
        stems = k.stems[i]
        return bool(stems & asked) or any(a.startswith(b) or b.startswith(a) for a in asked for b in stems)

    opening = k.units_of[k.units[unit].row][0]
    return shares(unit) or (len(k.units[unit].text.split()) <= LIST_ITEM_WORDS and shares(opening))
