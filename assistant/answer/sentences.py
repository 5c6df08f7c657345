"""Picks no use-case label makes: from sentences that name one framework and the use case in the question's
own rare words, from a name only one framework's sentences use ("which framework has XLA?"), or from a party
the facts tie to one framework ("Which framework does Google use?"); each said as "**F**, going by the sources:
…", and "not covered" when none of these holds."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from .. import vocab
from ..facts import PARTY_FIELDS
from ..textutil import NEGATED, content_words
from .base import LIST, LIST_ITEMS, Ask
from .evidence import STEM, own_stems
from .uncovered import not_covered
from .units import refers_back

PARTY_SHARE = 0.05  # a party's name is used by at most this share of units ("Google": 4%; "AI": 10%)
SUPPORT = 3  # quotes for a pick (the claims table's picks quote as many)
RARE_SHARE = 0.03  # a question word used by at most this share of units is specific enough to name a use case
RARE_LENGTH = 5  # shorter words ("small", "here") are too plain to name a use case
SENTENCE_FROM = 0.50  # … and a sentence with it this close to the question supports a pick
OWNED_FROM = 0.30  # … or this close, when the word is a name every sentence using it ties to one framework
_MEASURE = re.compile(r"\b\d[\d.,]*\s*[^\W\d_]+")  # a number and its unit ("36 hours", "2 weeks", "50 columns")
# a sentence giving a cause ("Steeper due to lower-level operations", "… because …"): grammar, not topic words
_CAUSE = re.compile(r"\b(?:due to|because|since|thanks to|owing to|as a result|which (?:makes|means))\b", re.I)
CAUSE_WITHIN = 0.10  # a sentence giving a cause this close to the best answers "why?" before it
_ACRONYM = re.compile(r"[A-Z].*[A-Z]")  # a word written with two capitals or more ("AMD", "ROCm", "XLA")
# Stems of the words questions are framed and advice is given with: a sentence sharing one says nothing of
# the use case ("a recommendation system" ~ "recommended framework PyTorch").
_FRAMING_STEMS = frozenset(
    w[:STEM] for w in (*vocab.QUESTION_FRAMING, *" ".join(vocab.ADVICE_PHRASES).split()) if len(w) >= RARE_LENGTH
)


def rare_stems(ask: Ask, length: int = RARE_LENGTH) -> set[str]:
    """First letters of the question's specific words: used by few units ("TPUs", "visualizing")."""
    k = ask.knowledge
    # (not a word the question says it does not want: "no server", "without a backend")
    text = NEGATED.sub(" ", ask.turn.text)
    text = _MEASURE.sub(" ", text)  # (nor a measure: "36 hours" is how long, no topic beside "~8-10 hours")
    stems = {w.casefold()[:STEM] for w in content_words(text, lambda w: []) if len(w) >= length}
    return {
        s for s in stems if s not in _FRAMING_STEMS and 0 < k.stem_units.get(s, 0) <= RARE_SHARE * max(len(k.units), 1)
    }


def by_sentences(ask: Ask, candidates: Sequence[str]) -> tuple[str, list[str]]:
    """No use-case label fits: a pick only from sentences that name one framework and the use case itself.

    The use case must be named in the corpus's words: a rare word of the question (used by few units)
    appears in the sentence, and the sentence is close to the question in meaning. Otherwise the
    sources don't cover the use case, and the answer says so.
    """
    k = ask.knowledge
    # a turn with a word no source uses may be about that word ("an intro ML class to undergrads"), not about a
    # name it also says in passing ("ML", which only TensorFlow's sentences write)
    owned = None if ask.turn.strange else _owner(ask, candidates)
    if owned is not None:
        return going_by(ask, *owned)
    single = [
        i
        for i, u in enumerate(k.units)
        if len(set(u.subjects)) == 1
        and not (u.boilerplate or u.lead_in)
        and (not candidates or u.subjects[0] in candidates)
    ]
    # A thing the sources name ("TPUs", short as it is) that one framework is named beside in every sentence naming
    # it is that framework's: its sentences decide, before any plain word beside it ("Google Cloud TPUs" is not
    # TensorFlow's "mobile, web, cloud"), and one near the question is enough ("Does that change which framework we
    # should pick?"). GPUs are named for TensorFlow and for PyTorch: the words decide as for any other.
    things = {t.casefold()[:STEM] for t in ask.turn.things}
    naming = {i for i in range(len(k.units)) if things & own_stems(k, i)} if things else set()
    owners = set.intersection(*(set(k.units[i].names) | set(k.units[i].subjects) for i in naming)) if naming else set()
    # (not for a name of the question's own that no source uses: "AMD GPUs / ROCm" is something they don't speak of)
    if len(owners) == 1 and not any(_ACRONYM.search(w) for w in ask.turn.unknown):
        hits, floor = [i for i in single if i in naming and k.units[i].subjects[:1] == tuple(owners)], OWNED_FROM
    else:
        rare = rare_stems(ask)
        hits, floor = [i for i in single if rare & own_stems(k, i)], SENTENCE_FROM
    if not hits:
        return not_covered(ask)
    ranked = ask.best_units(np.array(hits, dtype=np.int64), SUPPORT)
    ranked = [(i, s) for i, s in ranked if s >= floor]
    if not ranked:
        return not_covered(ask)
    pick = k.units[ranked[0][0]].subjects[0]
    quotes = [(i, s) for i, s in ranked if k.units[i].subjects[0] == pick]
    return going_by(ask, pick, quotes)


def going_by(ask: Ask, pick: str, quotes: list[tuple[int, float]]) -> tuple[str, list[str]]:
    """A pick with no use-case label: the lead is the best sentence itself, never the user's words (they may
    carry a typo); the other sentences follow."""
    # the lead reads on its own: a sentence opening "This …"/"It …" gives way to the next that does not, or
    # follows the sentence it points back at ("… TFX for end-to-end ML pipelines. This level of infrastructure …")
    k = ask.knowledge
    # (nor does a list of the framework's tools lead, where a sentence on the one asked about can: "TensorFlow:
    # TensorBoard for visualization." before "TensorFlow's tooling includes TensorBoard …; TFX …; XLA …")
    listing = {i for i, _ in quotes if len(LIST.findall(k.units[i].text)) >= LIST_ITEMS}
    # (… nor an item under its owner's label, "PyTorch: Great for building custom NLP …", where a sentence can)
    quotes = sorted(quotes, key=lambda q: (q[0] in listing, k.units[q[0]].text.startswith(f"{pick}: ")))
    first = next((q for q in quotes if not refers_back(k.units[q[0]].text)), quotes[0])
    quotes = [first, *(q for q in quotes if q is not first)]
    i, score = quotes[0]
    source = k.passages[k.units[i].row].source
    before = i - 1 if i and refers_back(k.units[i].text) and pick in k.units[i - 1].subjects else None
    # (… unless that one points further back too: "This design allows …" before "It's a major reason why researchers
    # favor PyTorch …" is no better a first line)
    before = None if before is not None and refers_back(k.units[before].text) else before
    if before is not None and k.passages[k.units[before].row].source == source:  # that sentence, then this one
        lead = f"{ask.quote(before)} {ask.cite.quote(k.passages[k.units[i].row], k.units[i].text, score)}"
        lead += ask.current_state(i)
    else:
        lead = ask.quote(i, score)
    lines = [f"**{pick}**, going by the sources: {lead.removeprefix(f'{pick}: ')}", ""]
    # (a list of the framework's tools after a sentence says little more: "TensorFlow's tooling includes …; XLA …")
    lines += [f"- {ask.quote(i, s)}" for i, s in quotes[1:] if quotes[0][0] in listing or i not in listing]
    return "\n".join(lines).strip(), [pick]


def party_pick(ask: Ask) -> tuple[tuple[str, ...], str, list[tuple[int, float]]] | None:
    """The framework whose developer, creator or adopters the question names ("Google", "Meta"): a name the
    sources write as one, found in the facts of one framework only. Those facts answer "which framework …?".
    Found in several frameworks' facts ("Tesla"), none is its pick. (Those frameworks, the party as the sources write
    it, and the facts.)"""
    k = ask.knowledge
    names = {w.casefold() for w in content_words(ask.turn.text, lambda w: [])} & k.proper
    names -= {name.casefold() for name in k.frameworks}  # "PyTorch" in "PyTorch is developed by Meta" is no party
    # (nor a capitalised word the sources use everywhere: "AI" of "Meta's AI Research lab" and of most of their pages)
    names = {n for n in names if k.word_units.get(n, 0) <= PARTY_SHARE * len(k.units)}
    # (a field's own sentence, "PyTorch users include OpenAI, …", not a note on it naming another framework: "Keras
    # began as an independent project and is now integrated into TensorFlow as tf.keras, its … API" names no party)
    stating = [
        i
        for i in (k.fact_units(PARTY_FIELDS) if names else [])
        if names & k.words[i] and k.units[i].names_only(next(iter(k.units[i].subjects), ""))
    ]
    parties = {n for n in names if any(n in k.words[i] for i in stating)}
    if k.things_in(ask.turn.text) - parties - ask.turn.ordinary:
        return None  # "TPU credits on google cloud": the named thing (TPU), not the party, says what is asked
    owners = {k.units[i].subjects[0] for i in stating if k.units[i].subjects}
    if not owners:
        return None
    # The party is what the question is about when its fact is closer to it (names aside) than any use case:
    # "I work at Google, which framework for mobile?" asks the mobile pick.
    # (on the turn's own meaning: a use case its strange words were read as steers its search towards that label)
    topic = k.topic_of(ask.turn.vector)
    closest = max(float(k.unit_topics[i] @ topic) for i in stating)
    # (a turn read as no use case at all, "a startup doing generative image models, like Stability AI", is about
    # the party it names, however close some label's wording sits)
    if (
        len(k.labels)
        and ask.turn.use_case is not None
        and closest <= float(k.use_case_scores(ask.turn.vector, ask.turn.voiced).max())
    ):
        return None
    quotes = ask.best_units(np.array(stating, dtype=np.int64), SUPPORT)
    if not quotes:
        return None
    # the party as the sources write it ("Tesla"), for an answer that names it
    text = k.units[quotes[0][0]].text
    said = ", ".join(m[0] for p in sorted(parties) if (m := re.search(rf"\b{re.escape(p)}\b", text, re.I)))
    return tuple(sorted(owners)), said, quotes


def _owner(ask: Ask, candidates: Sequence[str]) -> tuple[str, list[tuple[int, float]]] | None:
    """The framework a name in the question belongs to, with the sentences that say so: the question names
    a thing the sources write as a name and use rarely ("XLA", "TensorBoard"), and every sentence naming
    it is about that framework first. "which framework has XLA?" is answered by that ownership."""
    k = ask.knowledge
    rare = RARE_SHARE * max(len(k.units), 1)
    said = content_words(ask.turn.text, lambda w: [])
    if any(_ACRONYM.search(w) and w.casefold() not in k.word_units for w in said):
        return None  # it also names something the sources never do ("AMD GPUs / ROCm"): not about their name
    # (a plain word written as a name, "ML" in "new to ML", is no framework's tool, however few sentences use it)
    words = {w.casefold() for w in said} - ask.turn.ordinary
    names = {w for w in words & k.proper if 0 < k.word_units.get(w, 0) <= rare}
    naming = [i for i in range(len(k.units)) if names & k.words[i]] if names else []
    if not naming:
        return None
    # (a sentence about Keras that names "TensorFlow backend features such as … TPU support" ties TPUs to TensorFlow)
    owners = set.intersection(*(set(k.units[i].subjects) | set(k.units[i].names) for i in naming))
    if len(owners) != 1 or (candidates and not owners <= set(candidates)):
        return None
    owner = next(iter(owners))
    quotes = [(i, s) for i, s in ask.best_units(np.array(naming, dtype=np.int64), SUPPORT) if s >= OWNED_FROM]
    return (owner, quotes) if quotes else None


def give_reasons(ask: Ask, pick: str) -> tuple[str, list[str]]:
    """ "why?" after a pick made from sentences alone, or after a comparison: the pick's sentences closest
    to the chat's topic."""
    k = ask.knowledge
    about = k.units_about(pick)
    # a reason says more than a table's verdict cell restating the pick ("Enterprise Production Systems: recommended
    # framework TensorFlow"), when the sources give one
    cells = np.array([k.passages[k.units[i].row].kind == "table_row" for i in about], dtype=bool)
    reasons = about[~(np.isin(about, k.label_units) & cells)] if len(about) else about
    best = ask.best_units(reasons, SUPPORT, naming=True) or ask.best_units(about, SUPPORT, naming=True)
    return going_by(ask, pick, best) if best else not_covered(ask)


def give_cause(ask: Ask, framework: str) -> tuple[str, list[str]]:
    """ "why?" / "what makes it steep?" after a fact about one framework ("TensorFlow's learning curve is steep"): its
    sentences closest to the chat's topic, less what the reply said, one that gives a cause first if nearly as
    close ("Steeper due to lower-level operations.")."""
    k = ask.knowledge
    about = k.units_about(framework)
    unsaid = about[[k.units[i].text not in ask.turn.said_before for i in about]] if len(about) else about
    best = ask.best_units(unsaid, SUPPORT, naming=True)
    if not best:
        return not_covered(ask)
    causes = [(i, s) for i, s in best if _CAUSE.search(k.units[i].text) and s >= best[0][1] - CAUSE_WITHIN]
    best = [*causes[:1], *(b for b in best if b not in causes[:1])]
    return going_by(ask, framework, best)
