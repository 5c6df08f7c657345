"""Questions about one framework that the sources do not answer: they say so, then what comes closest."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..facts.schema import USE_CASE_FIELD
from ..textutil import YES_NO
from .base import Ask

# A fact question with a word no source uses, whose topic (framework names and framing aside) is this far from
# everything the sources say of the framework, asks what they don't cover ("What is the license of Keras?").
# Tuned on the dev split and the session's dev questions; see docs/EVALUATION.md.
UNCOVERED_TOPIC = 0.33


def uncovered_fit(ask: Ask) -> tuple[str, list[str]] | None:
    """ "Is PyTorch good for time series forecasting?": one framework judged on a use case in words no source
    uses, matched to none they cover. The sources don't say; what they say it is best suited for follows."""
    turn, k = ask.turn, ask.knowledge
    if not (turn.strange and turn.choosing and turn.use_case is None and turn.intent == "fact"):
        return None
    if len(turn.named) != 1 or turn.carried or not YES_NO.search(turn.text):
        return None
    focus = turn.named[0]
    pool = ask.subject_units(focus)
    verdicts = ask.best_units(pool[k.unit_field[pool] == USE_CASE_FIELD], 1)
    if not verdicts:
        return None
    lead = f"The sources don't say whether {focus} suits that use case. What they say {focus} is best suited for: "
    return lead + ask.quote(*verdicts[0]), [focus]


def uncovered_fact(ask: Ask) -> tuple[str, list[str]] | None:
    """ "What is the license of Keras?", "tell me about PyTorch Lightning": a fact asked in a word no source uses,
    about a topic far from all they say of the framework. The nearest sentence would answer something else
    ("Keras was first released in 2015"): the answer says the sources don't cover it, then quotes that."""
    turn, k = ask.turn, ask.knowledge
    # (a turn pointing back, "is it still maintained?", has too little meaning of its own to judge its topic by)
    if turn.intent != "fact" or len(turn.named) != 1 or not turn.unknown or turn.cued or ask.rare_words():
        return None
    focus = turn.named[0]
    pool = ask.subject_units(focus)
    if not len(pool) or float((k.unit_topics[pool] @ k.topic_of(turn.vector)).max()) >= UNCOVERED_TOPIC:
        return None
    closest = ask.best_units(pool, 1)
    if not closest:
        return None
    # each word as the question says it, with the framework's name when it runs into it ("PyTorch Lightning")
    spans = [re.search(rf"\b(?:{re.escape(focus)}\s+)?{re.escape(w)}\b", turn.text, re.I) for w in turn.unknown]
    said = " ".join(dict.fromkeys(m.group(0) if m else w for m, w in zip(spans, turn.unknown, strict=True)))
    where = "" if focus.casefold() in said.casefold() else f" for {focus}"
    lead = f'The sources don\'t mention "{said}"{where}. What they say of {focus} that comes closest: '
    return lead + ask.quote(*closest[0]), [focus]


def carried_topic(
    ask: Ask, on_it: Callable[[Ask, list[str]], tuple[str, list[int]] | None]
) -> tuple[str, list[str]] | None:
    """ "what about Keras for that?" after "PyTorch vs TensorFlow for computer vision?": the chat's topic, which
    no use case of the sources' covers, asked of one more framework. Its sentence on that topic (``on_it``, as
    a comparison finds each side's) leads; without one, the sources don't say, and what they say it is best
    suited for follows, rather than whatever sentence about it sits nearest to the name."""
    turn, k = ask.turn, ask.knowledge
    if not (turn.elliptic and turn.carried and turn.intent == "fact" and len(turn.frameworks) == 1):
        return None
    if turn.use_case is not None or turn.attribute or not turn.words:
        return None
    focus = turn.frameworks[0]
    found = on_it(ask, [focus])
    if found is not None:
        return found[0], [focus]
    pool = ask.subject_units(focus)
    verdicts = ask.best_units(pool[k.unit_field[pool] == USE_CASE_FIELD], 1)
    if not verdicts:
        return None
    lead = f"The sources don't say how {focus} does there. What they say {focus} is best suited for: "
    return lead + ask.quote(*verdicts[0]), [focus]
