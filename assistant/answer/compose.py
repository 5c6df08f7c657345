"""The composer: one understood turn and its retrieved passages in, one cited ``Answer`` out."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

import numpy as np

from ..cues import USE_CASE_AFTER, WHICH_KIND
from ..facts import USE_CASE_FIELD
from ..models import Answer
from ..records import Hit, Passage
from ..textutil import GOAL, PLURAL, WHY_NOT, YES_NO
from .base import Ask
from .compare import compare
from .each import each_on_it
from .evidence import SHORT_LABEL, Knowledge
from .explain import explain
from .fields import each_fact, who_and_when
from .fit import exclusive, fit, only_for
from .likeness import likeness
from .notes import notes
from .proscons import pros_cons
from .recommend import BETWEEN, COVERED_FROM, give_reasons, rank_frameworks, recommend
from .rows import ranks_a_row
from .sentences import give_cause, party_pick
from .tools import target_elsewhere
from .uncovered import carried_topic, in_passing, uncovered_fact, uncovered_fit, unsaid_fact

if TYPE_CHECKING:
    from ..turn import Turn

INTENTS = {"recommendation": recommend, "comparison": compare}


def _verdict_elsewhere(ask: Ask) -> bool:
    """Whether the use case's best label belongs to a framework the question did not name."""
    k = ask.knowledge
    if not k.labels:
        return False
    scores = k.use_case_scores(ask.turn.search, ask.turn.voiced)
    return k.labels[int(np.argmax(scores))].framework not in ask.turn.frameworks


def _the_sources_pick(ask: Ask) -> bool:
    """A yes/no question about one framework and a use case of its own, where the sources' pick for that use
    case is that framework, and the question names no tool of its own ("Is TensorFlow Lite still the name?")."""
    turn = ask.turn
    if not YES_NO.search(turn.text) or turn.intent != "fact" or len(turn.named) != 1 or turn.use_case is None:
        return False
    if turn.carried or (turn.attribute and USE_CASE_FIELD not in turn.attribute):
        return False  # "Who uses Keras for beginners?" asks a fact; "Is Keras best for beginners?" the verdict
    # ("Should I use TensorFlow.js for a browser demo?" names the tool of the framework's own deployment target
    # that the use case is: asked as a pick, the sources' pick answers it
    # — unless a dated update speaks of that tool: "Should I use TensorFlow Lite …?" is answered by its new name)
    k, rare = ask.knowledge, ask.rare_words()
    its_target = (
        turn.choosing
        and k.labels[turn.use_case].capability
        and not any(rare & k.words[i] for i in np.flatnonzero(k.unit_update))
    )
    if (rare and not its_target) or (turn.strange and not turn.choosing):
        return False  # "Does TensorFlow still use sessions?": a thing no source names, and no pick asked
    if not turn.choosing and len(ask.knowledge.labels[turn.use_case].text) > SHORT_LABEL:
        return False  # "is tensorflow free to use?" grazes a verdict sentence about it; it names no use case
    if target_elsewhere(ask, turn.named[0]) is not None:
        return False  # "Can I use PyTorch models in a web browser?": another framework's place to run (explain)
    ranked = rank_frameworks(ask.knowledge, turn.search, named=turn.voiced)
    return bool(ranked) and ranked[0][0] == turn.named[0]


def _fits(ask: Ask) -> bool:
    """A fact turn about one framework whose own words name a use case the sources cover, and ask no other
    fact of it ("is it good for research too?", not "who uses Keras for beginners?")."""
    turn = ask.turn
    if turn.intent != "fact" or len(turn.frameworks) != 1:
        return False
    # "is it good for research too?" asks a pick of its own; so does "Is PyTorch good for production?", though
    # not "Should I use PyTorch Mobile …?", which asks about a tool named after its framework.
    if turn.own_intent != "recommendation" and not (turn.carried and WHY_NOT.search(turn.text)):
        # ("why not PyTorch?" after a pick asks how PyTorch fits the chat's use case: see conversation.py)
        tool = re.search(rf"\b{re.escape(turn.frameworks[0])}\s+[A-Z]", turn.text)  # "PyTorch Mobile"
        if tool or not (turn.choosing and YES_NO.search(turn.text)):
            return False
    if turn.use_case is None or turn.use_case_score < COVERED_FROM:
        return False
    if len(ask.knowledge.labels[turn.use_case].text) > SHORT_LABEL:
        return False  # it grazes a verdict sentence ("It supports … APIs …"), it names no use case
    # "who uses Keras for beginners?", "what programming language does it use?" ask a field; one read from
    # meaning alone ("later" ~ its release) gives way to the use case ("and later put it in production?")
    asked = set(turn.attribute or ()) if turn.cued else set(turn.attribute or ()) & ask.said_fields()
    if asked and USE_CASE_FIELD not in asked:
        return False

    return not ask.rare_words()


def _use_case_between(ask: Ask) -> bool:
    """A comparison of named frameworks with no axis but a use case of its own, whose best label belongs to one of
    them: the sources' pick between them answers it."""
    turn = ask.turn
    if turn.axis is not None or turn.use_case is None or turn.carried or len(turn.frameworks) < 2:
        return False
    if not turn.words:  # "PyTorch vs TensorFlow": nothing but the names, whatever use case they graze
        return False
    if not turn.choosing and not USE_CASE_AFTER.search(turn.text):
        return False  # "quick rundown, pytorch vs keras" names no use case ("quick" grazes "quick model iterations")
    if turn.use_case_score < COVERED_FROM * BETWEEN or _verdict_elsewhere(ask):
        return False
    ranked = rank_frameworks(ask.knowledge, turn.search, turn.frameworks, COVERED_FROM * BETWEEN, turn.voiced)
    return bool(ranked)


def _about_a_named_thing(ask: Ask) -> bool:
    """A yes/no question that names no framework and no use case, but a name the sources use ("Theano"); not one
    whose yes or no is about which framework to pick ("… credits for Google Cloud TPUs. Does that change which
    framework we should pick?")."""
    turn = ask.turn
    if WHICH_KIND.search(turn.text):
        return False
    return bool(YES_NO.search(turn.text)) and not turn.named and turn.use_case is None and bool(ask.rare_words())


def _of_each(ask: Ask) -> bool:
    """Whether a fact question naming several frameworks asks it of each: not "Does Keras support PyTorch as a
    backend?" (yes or no about Keras, PyTorch its object), but "Do PyTorch and TensorFlow support GPUs?" (the
    names joined) or "how long does training take with each?"."""
    text = ask.turn.text
    if not YES_NO.search(text) or PLURAL.search(text):
        return True
    names = "|".join(re.escape(name) for name in ask.knowledge.frameworks)
    return bool(re.search(rf"\b(?:{names})\s*(?:,|and|or|&|/)\s*(?:{names})\b", text, re.I))


class Composer:
    """Extractive: every statement is a quoted unit with its ``[n]``; the frame words carry markers too."""

    def __init__(self, knowledge: Knowledge, claims_in: Callable[[Passage, str], list[str]]) -> None:
        self.knowledge = knowledge
        self.claims_in = claims_in

    def compose(self, question: str, turn: Turn, hits: list[Hit]) -> Answer:
        """Dispatch on what the turn asks for; facts, overviews and "why" explain."""
        ask = Ask(question=question, turn=turn, hits=hits, knowledge=self.knowledge, claims_in=self.claims_in)
        strategy = INTENTS.get(turn.intent, explain)
        if turn.intent == "comparison" and len(turn.frameworks) < 2:
            strategy = explain
        if turn.intent == "recommendation" and len(turn.frameworks) >= 2 and _verdict_elsewhere(ask):
            # "PyTorch vs TensorFlow for a beginner?": the sources' pick (Keras) is neither; compare the two.
            strategy = compare
        if turn.intent == "comparison" and _use_case_between(ask):
            # "PyTorch vs TensorFlow for research?": no axis, but a use case the sources pick one of the sides for
            strategy = recommend
        if turn.intent == "recommendation" and turn.use_case is None and not turn.frameworks and ranks_a_row(ask):
            # "which one uses the least memory?": the table row on it compares all three, no pick from a sentence
            ask = replace(ask, turn=replace(turn, frameworks=tuple(self.knowledge.frameworks), intent="comparison"))
            strategy = compare
        if turn.intent == "recommendation" and _about_a_named_thing(ask):
            # "Is Theano still a good choice?": yes or no about a thing the sources name, which is no framework
            # of theirs and no use case: what they say of it, not a framework pick.
            strategy = explain
        if turn.intent == "general" and not turn.frameworks and turn.unknown and GOAL.match(turn.text):
            # "I want to train GANs": a goal in words no source uses asks what to use for it; the sources don't
            # say (a pick only from sentences that name it), rather than whatever sentence sits nearest
            strategy = recommend
        if _fits(ask):
            strategy = partial(fit, framework=turn.frameworks[0])
        if _the_sources_pick(ask):
            # "Should I use TensorFlow for a mobile app?": the sources' pick for that use case is the framework
            # asked about, so the answer is that verdict, with its key tool and current state.
            ask = replace(ask, turn=replace(turn, frameworks=(), intent="recommendation"))
            strategy = recommend
        if len(turn.named) >= 2 and turn.things and party_pick(ask) is not None:
            # "Does Tesla use pytorch or tensorflow?": the party's facts say which, as for "which framework does tesla
            # use?" (both, here), not a sentence weighing the two
            ask = replace(ask, turn=replace(turn, frameworks=(), named=(), voiced=(), intent="recommendation"))
            strategy = recommend
        if turn.why and turn.intent == "comparison":
            # "why?" after "keras vs pytorch for research?": the reasons of the side the use case favours; after a
            # ranking on an axis ("PyTorch is more flexible than TensorFlow and Keras"), its winner's
            if turn.axis is not None and turn.subject:
                pick = turn.subject[0]
            else:
                floor = COVERED_FROM * BETWEEN
                ranked = rank_frameworks(self.knowledge, turn.search, turn.frameworks, floor, turn.voiced)
                pick = ranked[0][0] if ranked else None
            if pick is not None:
                strategy = partial(give_reasons, pick=pick)
        if turn.why and turn.intent == "fact" and len(turn.subject) == 1:
            # "why?" after "how steep is tensorflow's learning curve?": what makes it so, not that fact again
            strategy = partial(give_cause, framework=turn.subject[0])
        special = likeness(ask) or in_passing(ask) or exclusive(ask) or only_for(ask)
        if special is None and strategy is explain:
            # ("what would we lose by going with pytorch?" asks its weak points, in words no source uses)
            special = pros_cons(ask) or uncovered_fit(ask) or uncovered_fact(ask) or unsaid_fact(ask)
            special = special or carried_topic(ask, each_on_it)
        if special is None and strategy in (explain, compare):
            # "the pros of PyTorch over TensorFlow?": its own list; "When were PyTorch and TensorFlow released?": the
            # field, framework by framework
            special = pros_cons(ask) or each_fact(ask) or who_and_when(ask)
        if special is None and strategy is explain and turn.intent == "fact" and not turn.attribute:
            # "how many hours does ImageNet training need in each of them?": one thing asked of several frameworks
            each = each_on_it(ask, list(turn.frameworks)) if len(turn.frameworks) >= 2 and _of_each(ask) else None
            special = (each[0], list(turn.frameworks)) if each else None
        text, frameworks = special or strategy(ask)
        found = notes(ask, frameworks)
        # an update the body states already ("As of …" leading, "; outdated: …" beside a bullet) is not repeated
        shown = [note for update_id, note in found.items() if update_id not in ask.cite.told]
        if shown:
            text += "\n\n" + "\n".join(f"> {n}" for n in shown)
        renumbered = ask.cite.renumber(text)
        intent = {"recommendation": "recommendation", "comparison": "comparison"}.get(turn.intent, "attribute")
        if strategy is explain:
            intent = "attribute"
        return Answer(
            question=question,
            text=renumbered(text),
            answered=True,
            frameworks=frameworks,
            citations=ask.cite.models(),
            intent=intent,
            notes=[renumbered(note) for note in found.values()],
        )
