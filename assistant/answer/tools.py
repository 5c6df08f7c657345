"""The pick's key tool: the deployment target of the framework that serves the use case asked ("through
TensorFlow Lite"), with its successor where a dated update renamed or replaced it ("now LiteRT"); and the place to
run a question names that is another framework's target, not the one asked about's."""

from __future__ import annotations

import numpy as np

from ..facts import passage_id
from ..records import Passage
from .base import Ask
from .evidence import COVERED_FROM

TOOL_FROM = 0.45  # a deployment target this close to the question names the pick's key tool
TOOL_MARGIN = 0.12  # … and clearly closer than its other targets
TOOL_WITHIN = 0.20  # a deployment target label this close to the pick's best label names the key tool
TOOL_SAME = 0.35  # … as does one this close to it in meaning ("mobile and web applications" ~ "mobile and edge")
TARGET_FROM = 0.25  # a deployment target this close to the question is what it asks about ("in the browser")
TARGET_SAME = 0.45  # … and one of the framework's own targets this close to it in meaning says the same place


def key_tool(ask: Ask, framework: str) -> str:
    """ ", through TensorFlow Lite [n], now LiteRT (as of 2024-09-04) [u]" when the use case has a key tool."""
    k = ask.knowledge
    targets = k.tools.get(framework)
    vectors = k.tool_vectors.get(framework)
    if not targets or vectors is None or not len(vectors):
        return ""
    # The target whose label matched the question best, else the target clearly closest in meaning.
    scores = k.use_case_scores(ask.turn.search, ask.turn.voiced)
    own = [i for i, lb in enumerate(k.labels) if lb.framework == framework]
    if not own:
        return ""
    best_own = max(own, key=lambda i: float(scores[i]))
    top = float(scores[best_own])
    # A deployment target counts when it scores near the pick's best label and names the question's use case
    # itself ("mobile" for speech recognition does not), or says the same use case in other words ("mobile and
    # web applications" → the target "mobile and edge").
    same = k.label_vectors[own] @ k.label_vectors[best_own]
    by_label = [
        (float(scores[i]), k.labels[i].text)
        for i, near in zip(own, same, strict=True)
        if k.labels[i].capability
        and ((scores[i] >= top - TOOL_WITHIN and scores[i] >= COVERED_FROM) or float(near) >= TOOL_SAME)
    ]
    names = [t for t, _ in targets]
    if by_label:
        best = names.index(max(by_label)[1]) if max(by_label)[1] in names else -1
    else:
        sims = vectors @ ask.turn.search
        order = np.argsort(-sims)
        best = int(order[0])
        runner_up = float(sims[order[1]]) if len(order) > 1 else -1.0
        if float(sims[best]) < TOOL_FROM or float(sims[best]) - runner_up < TOOL_MARGIN:
            return ""
    if best < 0:
        return ""
    tools = targets[best][1]
    if not tools:
        return ""
    fact_row = k.row_of.get(passage_id(framework, "deployment_targets"))
    name = tools[0]
    current = renamed(ask, name)
    marker = ""
    if fact_row is not None:
        passage = k.passages[fact_row]
        marker = ask.cite.marker(passage)
        if current is not None:
            # only the tool's name is quoted, so only a renamed tool makes the sentence's updates this answer's (an
            # update of another target, TensorFlow Lite's new name under a browser pick, is no note of it)
            ask.cite.stated.setdefault(passage.id, []).extend(k.units[i].text for i in k.units_of.get(fact_row, []))
    clause = f", through {name} {marker}".rstrip()
    if current is not None:
        new, update = current
        clause += f", now {new} (as of {update.date}) {ask.cite.marker(update)}"
        ask.cite.told.add(update.id)  # the new name, dated and cited: no note under the answer says it again
    return clause


def renamed(ask: Ask, tool: str) -> tuple[str, Passage] | None:
    """A tool's current name and the dated update that gave it ("TensorFlow Lite": LiteRT, as of 2024-09-04)."""
    k = ask.knowledge
    successor = k.successors.get(tool.casefold())
    row = k.row_of.get(successor[1]) if successor else None
    return (successor[0], k.passages[row]) if successor and row is not None else None


COUNTERPART_FROM = 0.55  # two frameworks' deployment targets this close ("TensorFlow for mobile and edge" ~ "PyTorch
# for mobile") are the same place to run: each one's tool for it is the other's counterpart


def counterpart(ask: Ask, focus: str, names: frozenset[str]) -> tuple[str, str, str, str] | None:
    """ "does pytorch have something like tensorflow lite?": another framework's deployment tool the question names,
    and the focus's tool for the same place to run, from the facts' deployment targets: (that framework, its tool,
    the focus's target, the focus's tool); ``None`` when the tool asked is the focus's own or it has no target that
    close."""
    k = ask.knowledge
    mine, my_vectors = k.tools.get(focus), k.tool_vectors.get(focus)
    frameworks = {f.casefold() for f in k.frameworks}
    if not mine or my_vectors is None or not len(my_vectors):
        return None
    for owner, targets in k.tools.items():
        vectors = k.tool_vectors.get(owner)
        if owner == focus or vectors is None:
            continue
        for i, (_, tools) in enumerate(targets):
            # (its own words, the framework's name aside: "lite" of "TensorFlow Lite")
            named = [t for t in tools if (set(t.casefold().split()) - frameworks or {t.casefold()}) <= names]
            if not named:
                continue
            sims = my_vectors @ vectors[i]
            j = int(np.argmax(sims))
            if float(sims[j]) >= COUNTERPART_FROM and mine[j][1]:
                return owner, named[0], mine[j][0], mine[j][1][0]
    return None


def target_elsewhere(ask: Ask, focus: str | None) -> tuple[int, str] | None:
    """The fact unit and wording of another framework's deployment target that the question names, when
    none of the focus's own targets states the same use case (the sources say where each one runs)."""
    k, turn = ask.knowledge, ask.turn
    # (the chat's place to run, carried, counts however little the turn's own words say it: "and with pytorch?")
    if focus is None or turn.use_case is None or (turn.use_case_score < TARGET_FROM and not turn.carried):
        return None
    if ask.rare_words():
        return None  # a question with names of its own ("Theano", "CNTK") asks about them, not a place to run
    label = k.labels[turn.use_case]
    if not label.capability or label.framework == focus:
        return None
    if set(turn.named) - {focus, label.framework}:
        return None  # "Can Keras run on PyTorch now instead of TensorFlow?": a framework to run on, no place
    own = [i for i, lb in enumerate(k.labels) if lb.framework == focus and lb.capability]
    if any(float(k.label_vectors[i] @ k.label_vectors[turn.use_case]) >= TARGET_SAME for i in own):
        return None
    return label.unit, label.text
