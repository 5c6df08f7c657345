"""Whether the chat's thing is like another ("is that like XLA in tensorflow?" after torch.compile): the sources set
no tool against another, so the answer says so and what they say of each, or that they never name the other."""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np

from .base import Ask


def _defining(ask: Ask, thing: str) -> tuple[Ask, int] | None:
    """The sentence that says best what the thing is, of those naming it (updates aside): one opening with it
    ("TorchScript can statically compile …"), else a list item about it said as a sentence ("TensorFlow Serving for
    model deployment"), else the closest to the chat; with the question as one about that thing alone."""
    k = ask.knowledge
    alone = replace(ask, turn=replace(ask.turn, things=(thing,), text=thing), _rare=None)
    naming = np.array([i for i in range(len(k.units)) if thing in k.words[i] and not k.unit_update[i]], dtype=np.int64)
    if not len(naming):
        return None

    def rank(unit: int) -> int:
        # (its own first word: not a table cell's, "Deployment Tools — PyTorch: TorchScript, …")
        text = k.units[unit].text
        return 0 if text.casefold().startswith(thing) else 1 if alone.item_stated(unit) else 2

    scores = ask.unit_scores(naming)
    return alone, int(min(zip(naming, scores, strict=True), key=lambda pair: (rank(int(pair[0])), -pair[1]))[0])


def _written(ask: Ask, unit: int, thing: str) -> str:
    """The thing as the sentence writes it, with a name before it ("TensorFlow Serving", "torch.compile()")."""
    pattern = rf"(?:\b[A-Z][\w.]*\s+)?(?i:[\w.]*{re.escape(thing)}[\w.()]*)"
    found = re.search(pattern, ask.knowledge.units[unit].text)
    return found[0] if found else thing


def likeness(ask: Ask) -> tuple[str, list[str]] | None:
    """ "The sources don't set TorchScript against TensorFlow Serving; what they say of each:" and a line for each
    (a tool's list item said as a sentence about it); "The sources don't mention matplotlib; what they say of
    TensorBoard:" when the other is a word no source uses. None when the turn likens nothing of the chat's."""
    turn, k = ask.turn, ask.knowledge
    if not turn.likened:
        return None
    mine = turn.likened[0]
    others = [t for t in turn.things if t != mine]
    if not others and not turn.unknown:
        return None
    sides = []  # (the thing, the question as one about it alone, its sentence)
    for thing in [mine, *others[:1]]:
        found = _defining(ask, thing)
        if found is None:
            return None
        sides.append((thing, *found))
    # each side said as the sentence about it (a list item about the thing, "… is TensorFlow's tool for …")
    said = [alone.lead_quote(unit) for _, alone, unit in sides]
    names = [_written(ask, unit, thing) for thing, _, unit in sides]
    if len(sides) == 2:
        lines = [f"The sources don't set {names[0]} against {names[1]}; what they say of each:", ""]
        lines += [f"- {line}" for line in said]
    else:
        lines = [f"The sources don't mention {turn.unknown[0]}; what they say of {names[0]}: {said[0]}"]
    frameworks = list(dict.fromkeys(s for _, _, u in sides for s in k.units[u].subjects[:1]))
    return "\n".join(lines), frameworks
