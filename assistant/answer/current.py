"""The current state: the dated update an answer states first, and the older claim it corrects (a renamed tool,
a changed default, a dispute about a date), for the lead sentence a strategy chose."""

from __future__ import annotations

import re

import numpy as np

from ..cues import POINTS_BACK, SENTENCES
from ..facts.schema import PARTY_FIELDS, TIME_FIELDS
from ..textutil import RECENT
from .base import Ask
from .evidence import STEM
from .fields import YEAR

BEST_WITHIN = 0.06  # units this close to the lead's similarity count as the best evidence too
BEST_CLOSE = 3
DISPUTE_WITHIN = 0.03  # a dispute about the lead's own claim leads when it is this close to the question
SAME_POINT = 0.75  # an update this close in meaning to the lead sentence is about the same point
UPDATE_WITHIN = 0.10  # an update about the focus this close to the question's best sentence leads instead
CLAIMED_FROM = 0.20  # an update of the lead's very claim leads when it is at least this much about the question
RECENT_FROM = 0.30  # … or this close, when the question asks for the current state and the lead is a date
UPDATE_FROM = 0.35  # … and at least this close to the question's topic (framework names aside)


def update_for(  # noqa: ANN201 - (conflict, update, superseded unit)
    ask: Ask,
    lead_unit: int,
    focus: str | None,
    rare: frozenset[str] = frozenset(),
    *,
    others: frozenset[int] = frozenset(),
):
    """The dated update the lead should state first, and the older claim it corrects, if any.

    When the best evidence (the lead, or a unit nearly as close to the question) is superseded, the
    current fact leads and that claim follows. A disagreement leads when it is about what was asked:
    the lead's own claim is disputed and the dispute is as close to the question, or an update unit
    is among the best answers itself ("When was PyTorch released?"). ``others``: sentences that answer another
    question (the lead is the sources' own answer to this one, or says every word it asks and they do not), whose
    outdated claims are not what it asks.
    """
    k = ask.knowledge
    search = ask.turn.search
    recent = bool(RECENT.search(ask.turn.text))
    lead_sim = float(k.unit_vectors[lead_unit] @ search)
    pool = ask.subject_units(focus)
    sims = k.unit_vectors[pool] @ search if len(pool) else np.zeros(0)
    close = [int(pool[j]) for j in np.argsort(-sims) if sims[j] >= lead_sim - BEST_WITHIN][:BEST_CLOSE]
    topic = k.topic_of(search)

    def about_it(update) -> float:  # noqa: ANN001 - how close an update is to the question, names aside
        units = k.units_of.get(k.row_of[update.id], [])
        return max((float(k.unit_topics[i] @ topic) for i in units), default=-1.0)

    def speaks_of_it(update) -> bool:  # noqa: ANN001 - the update uses the question's own names, if it has any
        # inflected as it may be ("Release: 2015" and "TensorFlow 2.0 was released"): one word starts the other
        units = k.units_of.get(k.row_of[update.id], [])
        return not rare or any(_inflects(rare, k.words[i]) for i in units)

    # "Does TensorFlow still have TFLite?": a dated update renamed or ended the very thing asked about (by any of
    # its old names), and the lead speaks of it: the current state is what "still" asks for
    ended = {k.successors[name][1] for name in rare if name in k.successors} if recent else set()
    dated = ask.updates_for(lead_unit, kinds=("update",))  # … whatever it names, when "these days" is asked
    renamed = [u for u in dated if u.id in ended or (recent and speaks_of_it(u))]  # (TF's phone tool is now LiteRT)
    if renamed:
        return None, max(renamed, key=about_it), lead_unit
    # … or the question names the replaced tool by its old name, whatever the lead speaks of ("is tensorflow lite
    # still the thing to use for android?" leads with a sentence on Android): its update is what "still" asks
    names = k.successors.items() if recent else ()  # (read only when the question asks of now)
    said = [uid for name, (_, uid) in names if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", ask.turn.text, re.I)]
    if said and said[0] in k.row_of:
        return None, k.passages[k.row_of[said[0]]], None
    attribute = ask.turn.attribute or ()
    answers_field = bool(k.unit_field[lead_unit]) and k.unit_field[lead_unit] in attribute
    if answers_field and ask.turn.cued and not recent:
        # "when was it released?" asked of Keras: its release year answers it; the outdated claim of a sentence
        # merely as close ("Keras can run on … CNTK": CNTK's last release) is another question
        close = []
    for unit in [lead_unit, *(u for u in close if u not in others)]:
        outdated = [
            u
            for u in ask.updates_for(unit, kinds=("update",))
            if k.row_of[u.id] in k.claimed[unit] and speaks_of_it(u) and not _renames_another(ask, u, unit, focus, rare)
        ]
        if outdated:  # its very claim is outdated (not just a tool's name): the most pertinent update leads
            best = max(outdated, key=about_it)
            if about_it(best) >= CLAIMED_FROM:
                return None, best, unit
    updates = k.update_units.get(focus) if focus else None
    if updates is None:
        updates = np.concatenate(list(k.update_units.values())) if k.update_units else np.zeros(0, np.int64)
    # Whether an update is about what was asked is judged without the framework names, which every
    # sentence about the focus shares ("who develops TensorFlow?" is not about TensorFlow Lite's new name).
    lead_topic = float(k.unit_topics[lead_unit] @ topic)
    near: dict[int, float] = {}
    for i in updates:
        row = k.units[i].row
        near[row] = max(near.get(row, -1.0), float(k.unit_topics[i] @ topic))
    lead_vector = k.unit_vectors[lead_unit]
    # The facts file's sentence for the field asked ("TensorFlow is programmed in …") answers it: an update leads
    # only when it is closer to the question, not merely near it ("written in" ~ a renamed runtime).
    own = {k.row_of[u.id] for u in ask.updates_for(lead_unit, kinds=("conflict",))}
    # … unless the update supersedes part of that very sentence ("PyTorch's deployment targets are mobile (PyTorch
    # Mobile), …" for "How does PyTorch handle deployment to mobile today?": PyTorch Mobile's end is the answer)
    dated = {k.row_of[u.id] for u in ask.updates_for(lead_unit, kinds=("update",))}
    # The update most about what was asked decides; a dispute must be about the lead's own claim.
    # ("who maintains keras these days?" asks a party: the party's sentence answers it, not an update of another claim)
    party = answers_field and ask.turn.cued and set(attribute) <= set(PARTY_FIELDS)
    for row in sorted(near, key=near.__getitem__, reverse=True):
        update = k.passages[row]
        if not speaks_of_it(update) or (party and row not in dated):
            continue
        same = max(float(k.unit_vectors[i] @ lead_vector) for i in k.units_of.get(row, [lead_unit]))
        within = 0.0 if answers_field and row not in dated else UPDATE_WITHIN
        # (a question asking the current state, "does keras still need tensorflow underneath?", takes an update
        # that is less close: the current state is what it asks)
        pertinent = near[row] >= max(lead_topic - within, RECENT_FROM if recent else UPDATE_FROM)
        if recent and (k.unit_field[lead_unit] in TIME_FIELDS or YEAR.search(k.units[lead_unit].text)):
            # "Which Keras version is the most recent one?": a first-release year is no answer to a question
            # about the current state; the focus's update closest to the question is, if it is near it at all
            pertinent = near[row] >= RECENT_FROM
        if (update.meta or {}).get("update_kind") == "conflict":
            about = near[row] >= UPDATE_FROM  # the dispute is about what was asked, not just near the lead
            if about and (same >= SAME_POINT or (row in own and near[row] >= lead_topic - DISPUTE_WITHIN)):
                return update, None, None
        elif same >= SAME_POINT or pertinent:
            return None, update, None
    return None, None, None


def _renames_another(ask: Ask, update, unit: int, focus: str | None, rare: frozenset[str]) -> bool:  # noqa: ANN001
    """Whether the update renames a tool the sentence names beside another of the focus's tools, and the question
    is about that other one: "can i use tensorflow in javascript?" is answered by "web (TensorFlow.js) and mobile
    (TensorFlow Lite)", whose TensorFlow Lite is now LiteRT; the rename is flagged in place, it does not lead."""
    k = ask.knowledge
    targets, vectors = k.tools.get(focus or ""), k.tool_vectors.get(focus or "")
    old = {name for name, (_, uid) in k.successors.items() if uid == update.id}
    if not targets or vectors is None or not old or old & rare:
        return False
    text = k.units[unit].text.casefold()
    named = [i for i, (_, tools) in enumerate(targets) if any(t.casefold() in text for t in tools)]
    renamed = [i for i in named if old & {t.casefold() for t in targets[i][1]}]
    closest = int(np.argmax(vectors @ ask.turn.search))
    return bool(renamed) and len(named) > 1 and closest in named and closest not in renamed


_ASKS = re.compile(r"\W*(?:what|which|who|when|where|why|how|is|are|does|do|can|could|should|will)\b", re.I)


def newer_about(ask: Ask, update, claim: int | None, focus: str | None) -> list:  # noqa: ANN001 - Passages
    """A newer update of the same claim that speaks of the focus by name: the current state, stated first.

    "Does Keras still run on Theano?": Theano's end answers the word asked, Keras 3's backends say what Keras
    runs on now; both correct the articles' "Keras can run on top of TensorFlow, Theano, or CNTK"."""
    if claim is None or focus is None:
        return []
    k = ask.knowledge
    name = re.compile(rf"\b{re.escape(focus)}\b", re.I)
    # (asked of the focus: "is CNTK still maintained? one of the articles lists it as a keras backend" asks about
    # CNTK, whose end answers it; Keras, named only in the context, is not what is asked)
    # (every sentence that asks: "… theano. is that still a thing? what backends does keras run on nowadays" asks
    # Keras's backends in its last)
    parts = SENTENCES.split(ask.turn.text.strip())
    last = parts[-1:] if _ASKS.match(parts[-1]) or parts[-1].rstrip().endswith("?") else []
    asking = [part for part in parts[:-1] if part.rstrip().endswith("?")] + last
    # (one that points back at the sentence before, naming nothing: "my notes say keras runs on theano or CNTK. is
    # that still how it works?" asks that sentence)
    asking += [
        parts[i - 1] for i, part in enumerate(parts) if i and part in asking and POINTS_BACK.search(part)
    ]
    if not any(name.search(part) for part in asking):
        return []
    newer = [
        u
        for u in ask.updates_for(claim, kinds=("update",))
        if k.row_of[u.id] in k.claimed[claim]
        and (u.date or "") > (update.date or "")
        and name.search(ask.statement(u))
        and not name.search(ask.statement(update))
    ]
    return sorted(newer, key=lambda u: u.date or "", reverse=True)[:1]


def _inflects(names: frozenset[str], words: frozenset[str]) -> bool:
    """Whether a text's words hold one of these names, or a plain word that is one inflected ("released"; a
    dotted name, "tensorflow.js", only as it is)."""
    plain = [n for n in names if n.isalpha() and len(n) >= STEM + 2]
    others = [w for w in words if w.isalpha() and len(w) >= STEM + 2]
    return bool(names & words) or any(w.startswith(n) or n.startswith(w) for n in plain for w in others)


def old_claim(ask: Ask, update) -> int | None:  # noqa: ANN001 - a Passage
    """The corpus unit closest to the question among those the update supersedes."""
    k = ask.knowledge
    row = k.row_of[update.id]
    old = np.array([i for i, rows in enumerate(k.updates) if row in rows], dtype=np.int64)
    best = ask.best_units(old, 1)
    return best[0][0] if best else None
