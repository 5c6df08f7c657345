"""Questions the sources do not answer (a fact about one framework, a pick for a use case none covers): they say
so, then what comes closest."""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

from .. import vocab
from ..cues import FOLLOW_UP, SENTENCES, compares, names_after_for
from ..textutil import RECENT, YES_NO
from .base import Ask
from .evidence import opening_words, plain_stems, said_count, scarce, word_stems
from .units import said_as

# A fact question with a word no source uses, whose topic (framework names and framing aside) is this far from
# everything the sources say of the framework, asks what they don't cover ("What is the license of Keras?").
# Tuned on the dev split and the session's dev questions; see docs/EVALUATION.md.
UNCOVERED_TOPIC = 0.33
# … or whose words no source uses are each, on their own, this far from all the sources say of it, and half its
# words or more: "license" (0.04-0.11) is no neighbour of anything about a framework, though "What license does
# PyTorch use?" as a whole grazes "open-sourced on GitHub in 2017"; "downsides" (0.23-0.38) sits by the cons.
# Measured on words asked in the session's dev questions (round 11, docs/EVALUATION.md).
UNCOVERED_WORD = 0.15
ECHO_WORDS = 3  # the question's own words for what the sources don't mention, quoted up to this many
CLOSEST = 2  # verdicts shown when the sources cover no use case like the one asked …
CLOSE_FROM = 0.30  # … when one is at least this close to it
PASSING = 3  # a thing the sources name in this many sentences at most, none about it, is mentioned in passing
_ASKED_THING = re.compile(r"\b(?:what|which)\s+(\w+)", re.I)  # "(… wants to know) what license …": the thing asked


def uncovered_fit(ask: Ask) -> tuple[str, list[str]] | None:
    """ "Is PyTorch good for time series forecasting?": one framework judged on a use case in words no source
    uses, matched to none they cover. The sources don't say; what they say it is best suited for follows."""
    turn = ask.turn
    # (or in a word one sentence of the sources uses in passing: "is tensorflow good for reinforcement learning?")
    strange = turn.strange or names_after_for(turn.text, scarce(ask.knowledge, turn.words))
    if not (strange and turn.choosing and turn.use_case is None and turn.intent == "fact") or turn.cued:
        return None  # ("quick q for a quiz: who created keras?" asks who, whatever its "for a quiz")
    if len(turn.named) != 1 or turn.carried or not YES_NO.search(turn.text):
        return None
    focus = turn.named[0]
    verdict = ask.best_suited(focus)
    if verdict is None:
        return None
    lead = f"The sources don't say whether {focus} suits that use case. What they say {focus} is best suited for: "
    return lead + ask.quote(*verdict), [focus]


def uncovered_fact(ask: Ask) -> tuple[str, list[str]] | None:
    """ "What is the license of Keras?", "tell me about PyTorch Lightning": a fact asked in a word no source uses,
    about a topic far from all they say of the framework (or of each framework named: "what licence are pytorch and
    tensorflow released under?"). The nearest sentence would answer something else ("Keras was first released in
    2015"): the answer says the sources don't cover it, then quotes that."""
    turn, k = ask.turn, ask.knowledge
    # the frameworks it names, or the chat's one it points back at ("what license is it under?")
    about = turn.named or (turn.frameworks[:1] if turn.carried else ())
    if turn.intent != "fact" or not about or not turn.unknown or turn.cued:
        return None
    if turn.carried and turn.use_case is not None:
        return None  # "and with pytorch, is that possible?" asks the chat's use case of it, in any words
    if len(set(turn.frameworks)) > len(about) and YES_NO.search(turn.text):
        return None  # "so could i run it with pytorch underneath?" asks how the chat's framework relates to one named
    pools = [ask.subject_units(focus) for focus in about]
    if not all(len(pool) for pool in pools):
        return None
    pool = np.concatenate(pools)
    # (a turn pointing back, "is it still maintained?", has too little meaning of its own to judge its topic by;
    # its unknown words alone are judged)
    near = turn.named and float((k.unit_topics[pool] @ k.topic_of(turn.vector)).max()) >= UNCOVERED_TOPIC
    # Not for a word of what became of it ("replaced", "maintained", "deprecated") nor a turn asking the current
    # state ("still"): the dated updates answer those in other words.
    happened = _became(turn.text, turn.unknown)
    far = [float((k.unit_topics[pool] @ k.topic_of(v)).max()) < UNCOVERED_WORD for v in turn.unknown_vectors]
    # … or the thing asked, the word right after "what"/"which" ("what license is pytorch under? need to know for
    # a commercial product"), however many words the rest of the question has
    head = next((m for m in _ASKED_THING.finditer(turn.text) if m[1] in turn.unknown[: len(far)]), None)
    asked = head is not None and far[turn.unknown.index(head[1])]
    # (… unless a word no source uses qualifies that thing: "AMD GPUs with ROCm")
    tokens = [w.casefold() for w in re.findall(r"[\w.+#-]+", turn.text)]
    rare, odd = ask.rare_words(), {w.casefold() for w in turn.unknown}
    # (after it, or right before it: "GPUs with ROCm", "ROCm GPUs"; not "the deal with torch.compile")
    qualifying = [t for i, t in enumerate(tokens) if t in odd and rare & set(tokens[max(0, i - 2) : i + 2])]
    if (rare or len(about) > 1) and not asked and not (qualifying and len(about) == 1):
        # a thing the sources name is what it asks about, unless it asks "what <a word they lack>"; and several
        # frameworks are asked about only that way ("what licence are pytorch and tensorflow under?")
        return None
    words_far = not happened and bool(far) and (asked or (2 * len(turn.unknown) >= len(turn.words) and all(far)))
    if (near or not turn.named) and not words_far:
        return None
    # (one saying what else the question asks, "is tensorflow actually open source, and under what licence?": "… an
    # open-source library …", before the nearest in meaning, "TensorFlow is developed by Google")
    closest = [ask.best_units(ask.saying_most(each), 1) or ask.best_units(each, 1) for each in pools]
    if not all(closest):
        return None
    # each word as the question says it, with the framework's name when it runs into it ("PyTorch Lightning")
    # and the content word right after it ("fall short")
    after = "|".join(re.escape(w) for w in turn.words) or "(?!)"
    names = "|".join(re.escape(focus) for focus in about)
    told = (head[1],) if asked and head is not None else turn.unknown  # the thing asked, not the rest's words
    # (or the words that qualify the thing named: "ROCm" of "AMD GPUs with ROCm", not "cards" of the context)
    if rare and not asked:
        told = tuple(w for w in told if w.casefold() in qualifying) or told
    # (not the name a copula asks about: "is keras dead?" asks "dead" of Keras; "is PyTorch Lightning good?" names one)
    copula = r"(?<!\bis )(?<!\bwas )(?<!\bare )"
    before = {w: rf"(?:{'' if w[:1].isupper() else copula}(?:{names})\s+)?" for w in told}
    spans = [re.search(rf"\b{before[w]}{re.escape(w)}(?:\s+(?:{after}))?\b", turn.text, re.I) for w in told]
    # (overlapping spans read once, in the question's order: "masters thesis on text classification" is not
    # "masters thesis thesis text classification classification")
    merged: list[list[int]] = []
    for start, end in sorted((m.start(), m.end()) for m in spans if m):
        if merged and start <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    said = " ".join([turn.text[a:b] for a, b in merged] + [w for m, w in zip(spans, told, strict=True) if not m])
    where = "" if len(about) == 1 and about[0].casefold() in said.casefold() else f" for {' or '.join(about)}"
    named = f'"{said}"' if len(said.split()) <= ECHO_WORDS else "what you ask"  # a long echo reads as noise
    if len(about) == 1:
        lead = f"The sources don't mention {named}{where}. What they say of {about[0]} that comes closest: "
        return lead + ask.quote(*closest[0][0]), list(about)
    lines = [f"The sources don't mention {named}{where}. What they say of each that comes closest:", ""]
    lines += [f"- {ask.side(focus, *found[0])}" for focus, found in zip(about, closest, strict=True)]
    return "\n".join(lines), list(about)


def carried_topic(
    ask: Ask, on_it: Callable[[Ask, list[str]], tuple[str, list[int]] | None]
) -> tuple[str, list[str]] | None:
    """ "what about Keras for that?" after "PyTorch vs TensorFlow for computer vision?": the chat's topic, which
    no use case of the sources' covers, asked of one more framework. Its sentence on that topic (``on_it``, as
    a comparison finds each side's) leads; without one, the sources don't say, and what they say it is best
    suited for follows, rather than whatever sentence about it sits nearest to the name."""
    turn = ask.turn
    if not (turn.elliptic and turn.carried and turn.intent == "fact" and len(turn.frameworks) == 1):
        return None
    if turn.use_case is not None or turn.attribute or not turn.words:
        return None
    focus = turn.frameworks[0]
    found = on_it(ask, [focus])
    if found is not None:
        return found[0], [focus]
    verdict = ask.best_suited(focus)
    if verdict is None:
        return None
    # (naming the chat's thing, as the question said it: "… how PyTorch does with TPUs", after "can keras use TPUs?")
    things = [w for w in turn.words if w.casefold() in turn.things]
    there = f"with {' and '.join(things)}" if things else "there"
    lead = f"The sources don't say how {focus} does {there}. What they say {focus} is best suited for: "
    return lead + ask.quote(*verdict), [focus]


# "… best for reinforcement learning on real robots?", "… learn to get hired as an ML engineer?": what follows the last
# "for" or "to" (up to seven words) is the use case
_TOKEN = r"[\w'+-]+(?:\.[\w'+-]+)*"  # a word, dots only inside it ("tf.js"), never a sentence's full stop
# (or up to a comma that opens an example: "… best for reinforcement learning, say training a bot to play a game?")
_USE_CASE = re.compile(
    rf"\b(?:for|to)\s+(?:a |an |the |my |our |some )?(?P<case>(?:{_TOKEN} ){{0,6}}{_TOKEN})"
    r"(?:\W*$|,\s+(?:say|like|e\.g\.)\b)",
    re.I,
)


_FRAMING_WORDS = frozenset(vocab.QUESTION_FRAMING)
# "<need> - X, Y or Z?": a need set off from the choice that closes the question
_SET_OFF_CHOICE = re.compile(r"^(?P<need>[^-–—:?.!]+?)\s+[-–—:]\s+[^-–—:]*\bor\b[^-–—:]*$", re.I)
ECHO_NEED = 5  # such a need's head is echoed up to this many words


def not_covered(ask: Ask) -> tuple[str, list[str]]:
    """An in-scope use case no source gives a verdict on: say so, then the verdicts they do give that come
    closest in meaning, one per framework, each quoted from its own sentence."""
    k = ask.knowledge
    # (at the end of the question, or of one of its sentences: "Which of the three is best for reinforcement learning?
    # I want to train an agent …")
    asked = next((m for part in SENTENCES.split(ask.turn.text.strip()) if (m := _USE_CASE.search(part))), None)
    words = set(asked["case"].casefold().split()) if asked else set()
    # not "… for that" (the chat's use case) nor a framework's name
    names = {name.casefold() for name in k.frameworks}
    said = asked["case"].strip() if words - _FRAMING_WORDS and not words & names else ""
    # (or a short need set off from the choice that closes the question: "time series forecasting for retail sales
    # data - tensorflow, pytorch or keras?")
    need = _SET_OFF_CHOICE.match(ask.turn.text.strip())
    head = re.split(r"\s+for\s+", need["need"].strip(), maxsplit=1)[0] if need else ""  # (its head, before a "for")
    if head and not said and len(head.split()) <= ECHO_NEED:
        said = head
    # the use case in the question's own words ("reinforcement learning on real robots"), its typos corrected
    named = f'"{said}"' if said else "that use case"
    lead = f"The sources don't say which framework suits {named}; what they say that comes closest:"
    lines = [lead, ""]
    # "which framework is the best?", "honestly which is just the best overall": no use case at all, in no word the
    # sources use; the answer depends on one, and what each is best suited for says how
    overall = ["The sources name no framework best overall; it depends on what you need. What each is best suited for:"]
    if not asked and not set(ask.turn.words) - set(ask.turn.unknown) and len(k.labels):
        suited = _each_suited(ask, k.topic_of(ask.turn.search))
        if suited:
            return "\n".join([*overall, "", *suited]), []
    shown: set[str] = set()
    if len(k.labels):
        topic = k.topic_of(ask.turn.search)
        sims = k.label_vectors @ topic
        if float(sims.max()) < CLOSE_FROM:
            # nothing they give a verdict on is near it ("a reinforcement learning agent for a 2d game" grazes
            # mobile and edge AI at 0.25): what each framework is best suited for, not a verdict picked by chance
            # … unless the question names a thing they speak of ("which framework makes good use of TPUs?"): what
            # they say of it comes closest
            rare = ask.rare_words() - ask.turn.ordinary  # ("new to ML": a plain word written as a name is no thing)
            naming = ask.best_units(ask.naming_rare(ask.subject_units(None), rare), CLOSEST) if rare else []
            owners = {k.units[i].subjects for i, _ in naming}
            if len(owners) == 1 and len(next(iter(owners))) == 1:
                # every sentence naming it is one framework's ("TensorFlow supports GPU and TPU acceleration …"):
                # that framework is the pick, going by sentences that name both it and the thing asked
                pick = next(iter(owners))[0]
                lines = [f"**{pick}**, going by the sources: {ask.quote(*naming[0])}", ""]
                return "\n".join([*lines, *(f"- {ask.quote(i, s)}" for i, s in naming[1:])]).strip(), [pick]
            if naming:
                things = _things_said(ask.turn.text, rare)
                lines[0] = lead.replace("what they say that comes closest:", f"what they say of {things}:")
                lines += [f"- {ask.quote(i, s)}" for i, s in naming]
                about = [f for f in k.frameworks if any(f in k.units[i].subjects for i, _ in naming)]
                return "\n".join(lines), about
            suited = _each_suited(ask, topic)
            if suited:
                lines[0] = lead.replace("what they say that comes closest:", "what each is best suited for:")
                return "\n".join([*lines, *suited]), []
        for i in np.argsort(-sims):
            label = k.labels[int(i)]
            if float(sims[i]) < CLOSE_FROM:
                break  # (a verdict far from it comes no closer for being second: "mobile and edge AI" for a game agent)
            if label.capability or label.framework in shown or k.units[label.unit].lead_in:
                continue
            shown.add(label.framework)
            lines.append(f"- {ask.side(label.framework, label.unit)}")
            if len(shown) >= CLOSEST:
                return "\n".join(lines), []
    best = ask.best_units(ask.subject_units(None), CLOSEST - len(shown), naming=True)
    if not shown and not best:
        return "The sources don't say which framework suits that use case, and nothing in them comes close.", []
    lines += [f"- {ask.quote(i, s)}" for i, s in best]
    return "\n".join(lines), []



def _each_suited(ask: Ask, topic: np.ndarray) -> list[str]:
    """ "- <what each framework is best suited for> [n]", the one whose strengths come closest to the topic first."""
    k = ask.knowledge
    suited = [found for f in k.frameworks if (found := ask.best_suited(f)) is not None]
    suited.sort(key=lambda found: -float(k.unit_topics[found[0]] @ topic))
    return [f"- {ask.quote(*found)}" for found in suited]


def _things_said(text: str, words: frozenset[str]) -> str:
    """The question's spelling of the things it names, one spelling per thing: of two that begin alike ("TPU time
    … good use of TPUs"), the later one."""
    kept: list[str] = []
    for word in reversed(said_as(text, words)):
        low = word.casefold()
        if not any(low.startswith(k.casefold()) or k.casefold().startswith(low) for k in kept):
            kept.insert(0, word)
    return " and ".join(kept) or "that"


def in_passing(ask: Ask) -> tuple[str, list[str]] | None:
    """ "is jax better than pytorch?", "what about JAX?" after a pick: a name set beside the frameworks that the
    sources mention only in passing (no sentence of theirs is about it, nor is it a framework's tool). They don't
    compare it: the answer says so, then every sentence that names it ("… runs Keras workflows on top of JAX …")."""
    turn, k = ask.turn, ask.knowledge
    tools = [t for targets in k.tools.values() for _, items in targets for t in items]
    tools += [*k.successors, *(new for new, _ in k.successors.values())]
    own = k.things_in(turn.text) - {w.casefold() for name in tools for w in re.findall(r"[\w.+#]+", name)}
    own = {t for t in own if not any(f.casefold() in t for f in k.frameworks)}  # ("tf.keras" is Keras)
    beside = compares(turn.text) or turn.choosing or (turn.carried and bool(FOLLOW_UP.search(turn.text)))
    if len(own) != 1 or not beside or turn.cued:
        return None
    thing = next(iter(own))
    # … as a side: "jax vs pytorch", "is jax better than …", "what about JAX", "should I use JAX" (not "for NLP")
    # ("android or iphone" sets two places to run side by side, no thing beside the frameworks)
    before = r"vs\.?|versus|than|(?:what|how) about|use|try|learn|(?:switch|move|go) (?:to|with)"
    side = rf"\b(?:{before})\s+{re.escape(thing)}\b"
    side += rf"|\b{re.escape(thing)}\s+(?:vs\b|versus|better|worse|faster|easier|instead)\b"
    if not re.search(side, turn.text, re.I):
        return None
    units = [i for i in range(len(k.units)) if thing in k.words[i]]
    if not units or len(units) > PASSING or any(thing in opening_words(k.units[i].text) for i in units):
        return None
    name = next(iter(said_as(k.units[units[0]].text, own)), thing)  # as the sources spell it ("JAX")
    sides = list(turn.named or turn.mentioned or k.frameworks)
    against = ", ".join(sides[:-1]) + f" or {sides[-1]}" if len(sides) > 1 else sides[0]
    lines = [f"The sources don't compare {name} with {against}; they mention it only in passing:", ""]
    for unit, score in ask.best_units(np.array(units, dtype=np.int64), len(units), distinct_sources=False):
        passage = k.passages[k.units[unit].row]
        lines.append(f"- {ask.tell(passage, sentence=True) if ask.updates_unit(unit) else ask.quote(unit, score)}")
    return "\n".join(lines), [f for f in k.frameworks if any(f in k.units[i].names for i in units)] or sides


UNSAID_WORDS = 2  # a yes or no of at most this many words of its own …


def unsaid_fact(ask: Ask) -> tuple[str, list[str]] | None:
    """ "is it free?" after the beginners pick: a yes or no about one framework in a word or two, asking no field, axis
    or use case, whose closest sentence says none of its words ("Keras is programmed in Python."), is asked in words
    the sources don't say of it: the answer says so before quoting that sentence, rather than give it as the answer."""
    turn, k = ask.turn, ask.knowledge
    if turn.intent != "fact" or len(turn.frameworks) != 1 or not YES_NO.search(turn.text):
        return None
    if turn.attribute or turn.cued or turn.axis is not None or turn.use_case is not None or turn.things:
        return None
    # (nor what became of it, "is it still maintained?", "Is TensorFlow dying?": the dated updates answer those)
    if _became(turn.text, turn.words):
        return None
    own = [w for w in turn.words if word_stems(w) - plain_stems(k)]
    if not own or len(own) > UNSAID_WORDS:
        return None
    focus = turn.frameworks[0]
    closest = ask.best_units(ask.subject_units(focus), 1)
    asked = {w.casefold()[:4] for w in own}
    if not closest or said_count(k.words[closest[0][0]], asked):
        return None
    lead = f'The sources don\'t mention "{" ".join(own)}" for {focus}. What they say of {focus} that comes closest: '
    return lead + ask.quote(*closest[0]), [focus]


def _became(text: str, words: tuple[str, ...]) -> bool:
    """Whether a turn asks what became of something: the current state ("still") or a word of what happened to it
    ("replaced", "maintained", "dying"), which the dated updates answer in their own words."""
    return bool(RECENT.search(text)) or any(re.search(r"(?:ed|ing)$", w, re.I) for w in words)
