"""Fit questions: one framework and a use case of the turn's own ("Is PyTorch good for production?", "is it
good for research too?"). The sources' pick for the use case, and, when it is another framework, what the
sources say of the one asked about there, on one first line."""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np

from ..textutil import YES_NO
from .base import Ask
from .evidence import plain_stems, said_count, word_stems
from .recommend import COVERED_FROM, canonical_label, covers, matched_labels, rank_frameworks, recommend


def fit(ask: Ask, framework: str) -> tuple[str, list[str]]:
    """ "is it good for research too?", "Is PyTorch good for production?": one framework and a use case of the
    turn's own. The sources' pick for that use case, and when it is another framework, what the sources say of
    the one asked about there, on one first line: the pick first after a chat's pick ("is it good for research
    too?"), the framework asked about first when the question names it."""
    turn, k = ask.turn, ask.knowledge
    # The use case is judged on the turn's own meaning: the framework's name would pull its labels first. The
    # use case the turn was read as (its meaning, backed by a label's word) steers it: "Is Keras good for
    # production?" is about production, though "is Keras good" sits near the research verdicts' framing.
    search = turn.vector
    if turn.use_case is not None:
        search = search + k.label_vectors[turn.use_case]
        search = search / float(np.linalg.norm(search))
    picking = replace(ask, turn=replace(turn, frameworks=(), search=search))
    ranked = [] if turn.strange and turn.use_case is None else rank_frameworks(k, search, (), COVERED_FROM, turn.voiced)
    own = _stating(ask, framework) if ranked and ranked[0][0] != framework else None
    if own is not None and turn.own_intent != "recommendation":
        # "Is PyTorch good for production?": PyTorch first, quoted before the pick so markers read in order
        quoted = _said(ask, *own)
        # the use case in the words the pick's lead uses ("production deployment", not a verdict sentence)
        label = canonical_label(k, search, ranked[0][0], floor=COVERED_FROM, named=turn.voiced)
        said = f"About {framework} for {label or k.labels[turn.use_case].text}: {quoted}"
        text, chosen = recommend(picking, besides=(framework,))
        lead, _, rest = text.partition("\n")
        rest = _without(rest, quoted)
        # (two sentences on the first line, not one spliced at a semicolon: "… ExecuTorch … [1] **TensorFlow** is …")
        return "\n".join([f"{said} {lead}", rest]).strip(), list(dict.fromkeys([framework, *chosen]))
    text, chosen = recommend(picking, besides=(framework,))
    # (asked as a yes or no: "and when we need to scale it to production?" after Keras asks for the pick alone)
    asked = bool(YES_NO.search(turn.text))
    if own is None and asked and chosen and chosen[0] != framework and turn.use_case is not None and ranked:
        # "is it good for beginners?" about PyTorch, which no sentence states the use case of: the answer says it is
        # not their pick before giving the pick, so it answers about the framework asked first
        label = canonical_label(k, search, ranked[0][0], floor=COVERED_FROM, named=turn.voiced)
        said = f"{framework} is not the sources' pick for {label or k.labels[turn.use_case].text}."
        return f"{said} {text}", list(dict.fromkeys([*chosen, framework]))
    if not chosen or chosen[0] == framework or own is None:
        return text, chosen
    lead, _, rest = text.partition("\n")
    quoted = _said(ask, *own)
    said = f"{lead.rstrip('.')}; about {framework} for that, the sources say: {quoted}"
    rest = _without(rest, quoted)
    return "\n".join([said, rest]).strip(), list(dict.fromkeys([chosen[0], framework, *chosen[1:]]))


def _without(lines: str, quoted: str) -> str:
    """The pick's supporting lines less the one the first line quotes already (a sentence about both sides)."""
    return "\n".join(line for line in lines.split("\n") if line.strip() != f"- {quoted}")


def _said(ask: Ask, unit: int, score: float) -> str:
    """A unit quoted with its marker; a dated update as its statement ("as of 2024-11-04, PyTorch Mobile …")."""
    if ask.updates_unit(unit):
        passage = ask.knowledge.passages[ask.knowledge.units[unit].row]
        return ask.tell(passage)
    return ask.quote(unit, score)


def _stating(ask: Ask, framework: str) -> tuple[int, float] | None:
    """Of the framework asked about, the sentence that states the turn's use case in the sources' words
    ("TensorFlow is better for deployment; PyTorch is better for research"), if one does."""
    k, turn = ask.knowledge, ask.turn
    if turn.use_case is None:
        return None
    # the closest wording of the use case, and the others the question names ("mobile and web applications",
    # "mobile and edge deployments", "mobile")
    first = k.labels[turn.use_case]
    matched = [k.labels[i] for i in matched_labels(k, turn.search, COVERED_FROM, turn.voiced)]
    labels = [first.text, *(lb.text for lb in matched if lb.framework == first.framework)]  # (one pick's wordings)
    # (one that names another framework first is about that one: "While Keras is ideal for rapid development and
    # prototyping, it is less flexible than TensorFlow …" says nothing of TensorFlow for prototyping)
    about = [
        i
        for i in k.units_about(framework)
        if k.units[i].subjects[:1] == (framework,) and k.units[i].names[:1] in ((), (framework,))
    ]
    # (a sentence about that framework, not one about another that mentions it), stating the closest wording
    # first: "production deployment" is asked, a sentence on mobile deployment only through "mobile and edge
    # deployments" is not about it
    for wordings in ([first.text], labels):
        stating = [i for i in about if any(covers(k.units[i].text, lb) for lb in wordings)]
        if stating:
            break
    # the current state first: a dated update of the framework that states the use case ("PyTorch Mobile is no
    # longer actively supported … ExecuTorch … for mobile") before an article's older sentence
    updates = [i for i in stating if k.unit_update[i]]
    own = ask.best_units(np.array(updates or stating, dtype=np.int64), 1, naming=True)
    return own[0] if own else None


_ONLY = re.compile(r"\b(?:only|just)\s+(?:(?:good|useful|meant|made)\s+)?for\b", re.I)  # "only for beginners"
_ITEMS = re.compile(r";|,")  # the items of a best-for list


def only_for(ask: Ask) -> tuple[str, list[str]] | None:
    """ "Is Keras only for beginners?": yes or no whether one framework suits that use case alone. What the
    sources say it is best suited for answers it: more than that one use case (their list leads, "Not only"),
    then what made the use case its own."""
    turn, k = ask.turn, ask.knowledge
    if not (YES_NO.search(turn.text) and _ONLY.search(turn.text)) or turn.use_case is None:
        return None
    if turn.attribute and "best_for" not in turn.attribute:  # "Is TensorFlow Python-only?" asks its languages
        return None
    if len(turn.named) != 1 or turn.voiced != turn.named:  # "does it only work with TF?": "it" is the subject
        return None
    framework = turn.named[0]
    verdict = ask.best_suited(framework)
    if verdict is None or len(_ITEMS.split(k.units[verdict[0]].text)) < 2:
        return None  # one use case listed says nothing of the others
    said = ask.quote(*verdict)  # quoted first, so markers read in order
    text, _ = recommend(replace(ask, turn=replace(turn, frameworks=())))
    return f"Not only: {said}\n\n{text}", [framework]


def exclusive(ask: Ask) -> tuple[str, list[str]] | None:
    """ "is eager execution a pytorch-only thing?", "does only pytorch have dynamic graphs?": yes or no whether what
    the question names belongs to one framework alone. A sentence of another framework's (or a dated update of it)
    that says it answers no; else the sources say it of that one only."""
    turn, k = ask.turn, ask.knowledge
    if not YES_NO.search(turn.text) or len(turn.named) != 1:
        return None
    name = re.escape(turn.named[0])
    # ("a pytorch-only thing", "only a tensorflow thing", "just in pytorch"; not "is keras only for beginners?")
    alone = rf"\b{name}-only\b|\ba {name} only\b|\b(?:only|just|exclusively)\s+(?:(?:in|with|on|a|an)\s+)?{name}\b"
    if not re.search(alone, turn.text, re.I):
        return None
    plain = plain_stems(k) | word_stems(_ONLY_WORDS)
    # (with the chat's thing "it" points at: "is it only a tensorflow thing?" after "whats XLA")
    asked = {s for s in word_stems(" ".join((*turn.words, *turn.things))) - plain if len(s) >= 3}
    if not asked:
        return None
    framework = turn.named[0]

    def saying(fw: str) -> np.ndarray:
        units = k.units_led_by(fw)  # (its own: "Like TensorFlow, PyTorch works well with … ONNX" is PyTorch's)
        return units[[said_count(k.words[i], asked) == len(asked) for i in units]] if len(units) else units

    own = ask.best_units(saying(framework), 1)
    others = [(fw, found) for fw in k.frameworks if fw != framework and (found := ask.best_units(saying(fw), 1))]
    if not own:
        return None
    if not others:
        return f"The sources say it of {framework} only: {ask.quote(*own[0])}", [framework]
    other, found = others[0]
    said = ask.quote(*found[0]).removeprefix(f"{other}: ")
    lines = [f"No: the sources say it of {other} too: {said}", "", f"- {ask.side(framework, *own[0])}"]
    return "\n".join(lines), [framework, other]


_ONLY_WORDS = "only just exclusively thing things"
