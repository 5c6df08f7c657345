"""Recommendations: the claims table decides the pick, quotes that name the framework and the use case
support it, and the alternatives each get a sentence about themselves and that use case."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from ..facts import USE_CASE_FIELD, passage_id
from ..facts.schema import PARTY_FIELDS, TIME_FIELDS
from ..textutil import content_words
from .base import Ask
from .evidence import COVERED_FROM, FACTS_SOURCE, STEM, Knowledge, word_stems
from .sentences import RARE_LENGTH, SUPPORT, by_sentences, give_reasons, going_by, party_pick, rare_stems
from .tools import key_tool
from .units import opens_with_pronoun

_CONTRAST = re.compile(r"\b(?:while|whereas|although|though|but|unlike|compared)\b", re.I)
REASON_FROM = 0.30  # a sentence of the pick's this close to the use case (names aside) gives a reason for it
REASON_WORDED, REASON_SHARE = 0.20, 0.5  # … or this close, in half the use case's words (round 11)
ALTERNATIVE_WITHIN = 0.08  # another framework whose best label is this close to the pick's is an alternative
NEAR_TOP = 0.08  # once one label passes the floor, labels this close to it may state the same use case …
SAME_USE_CASE = 0.45  # … when they are this close to it in meaning ("mobile" ~ "mobile and edge deployments")
LABEL_OF_FACTS = 0.20  # the facts file's label wins the wording within this much similarity
_WHO_OR_WHEN = frozenset((*PARTY_FIELDS, *TIME_FIELDS))  # fact fields that say who makes or uses it, or when
BETWEEN = 0.6  # share of COVERED_FROM a use case needs when the user named the candidates
CAPABILITY = 0.5  # a deployment target ("PyTorch: mobile") says it can, not that the sources recommend it
WEIGHTS = (1.0, 0.5, 0.25)  # a framework's best labels from distinct sources, best first
COVER_SHARE = 0.6  # a passage states a use case when it uses this share of the label's words
NAMING_LENGTH = 3  # a rare question word of three letters or more ("TPUs") may be its own word for the use case
NAMING_FROM = 0.40  # a sentence of the pick's with the question's own words, this close, is quoted first


def matched_labels(
    knowledge: Knowledge, vector: np.ndarray, floor: float = COVERED_FROM, named: Sequence[str] = ()
) -> list[int]:
    """The use-case labels the question names, closest first: those at least ``floor`` close, and those
    within ``NEAR_TOP`` of the best one that say the same use case (``SAME_USE_CASE`` close to it in
    meaning). The question's wording ("inside an android app") sits about as far from every phrasing of
    its use case ("mobile", "mobile and edge deployments"); none of them if the best is below ``floor``."""
    if not knowledge.labels:
        return []
    sims = knowledge.use_case_scores(vector, named)
    order = np.argsort(-sims)
    top = int(order[0])
    if float(sims[top]) < floor:
        return []
    near = knowledge.label_vectors @ knowledge.label_vectors[top]
    # A deployment target ("PyTorch: mobile") counts half as a verdict, so when one is the best match the
    # window for the verdicts that state the same use case ("mobile and web applications") is twice as wide.
    window = NEAR_TOP / CAPABILITY if knowledge.labels[top].capability else NEAR_TOP
    matched = []
    for i in order:
        s = float(sims[i])
        if s < floor - window:
            break
        if s >= floor or (s >= float(sims[top]) - window and float(near[i]) >= SAME_USE_CASE):
            matched.append(int(i))
    return matched


def rank_frameworks(
    knowledge: Knowledge,
    vector: np.ndarray,
    candidates: Sequence[str] = (),
    floor: float = COVERED_FROM,
    named: Sequence[str] = (),
) -> list[tuple[str, float]]:
    """Frameworks by how strongly the sources' use-case labels close to ``vector`` favour them.

    A framework's score adds its best labels from distinct sources (weighted 1, ½, ¼), so one
    article's wording cannot outvote the others. Only the labels the question names count (``matched_labels``),
    and the frameworks with a label within ``NEAR_TOP`` of the best rank first: weaker labels of another use
    case from many sources ("standard architectures") do not outvote the closest one ("custom architectures").
    """
    sims = knowledge.use_case_scores(vector, named) if knowledge.labels else None
    per: dict[str, dict[str, float]] = {}
    matched = matched_labels(knowledge, vector, floor, named)
    assert sims is not None or not matched
    weighed = [(i, float(sims[i]) * (CAPABILITY if knowledge.labels[i].capability else 1.0)) for i in matched]
    top = max((s for _, s in weighed), default=0.0)
    near: set[str] = set()
    for i, s in weighed:
        label = knowledge.labels[i]
        if candidates and label.framework not in candidates:
            continue
        per.setdefault(label.framework, {}).setdefault(label.source, s)
        if s >= top - NEAR_TOP:
            near.add(label.framework)
    scored = []
    for fw, by_source in per.items():
        best = sorted(by_source.values(), reverse=True)
        scored.append((fw, sum(w * s for w, s in zip(WEIGHTS, best, strict=False))))
    # A framework whose labels all fall well behind the best one ranks after those that have one near it.
    return sorted(scored, key=lambda fs: (fs[0] not in near, -fs[1]))


def best_label(
    knowledge: Knowledge, vector: np.ndarray, framework: str, named: Sequence[str] = ()
) -> tuple[int, float]:
    """The framework's label closest to the question (index, similarity)."""
    sims = knowledge.use_case_scores(vector, named)
    own = [i for i, lb in enumerate(knowledge.labels) if lb.framework == framework]
    i = max(own, key=lambda j: sims[j])
    return i, float(sims[i])


def canonical_label(
    knowledge: Knowledge,
    vector: np.ndarray,
    framework: str,
    source: str | None = None,
    floor: float | None = None,
    named: Sequence[str] = (),
    said: frozenset[str] = frozenset(),
) -> str:
    """The use case in the sources' own short wording: the nearest short label (no framework name in it),
    the facts file's own wording when it is about as close (it is written to be read on its own). When that one
    says none of the question's words (``said``: their stems), one that the question says whole is the use case
    ("is pytorch good for beginners?": "beginners", not "rapid prototyping", which the verdict sentence it was read
    by names beside it).

    With ``floor``, only the labels the question names (``matched_labels``) are worded, when the framework
    has one: its closer facts label may be another use case ("custom model architectures" for mobile)."""
    sims = knowledge.use_case_scores(vector, named)
    options = [
        (
            float(sims[i]) + (LABEL_OF_FACTS if lb.source == FACTS_SOURCE and not lb.capability else 0.0),
            f"{lb.text} deployment" if lb.capability else lb.text,  # a deployment target: "browser deployment"
            i,
        )
        for i, lb in ((i, knowledge.labels[i]) for i in knowledge.plain_labels(framework))
        if source is None or lb.source == source
    ]
    matched = set(matched_labels(knowledge, vector, floor, named)) if floor is not None else set()
    named = [option for option in options if option[2] in matched]
    if not options:
        return ""
    best = max(named or options, key=lambda o: o[:2])
    if said and not word_stems(best[1]) & said:  # (the nearest says none of the question's words)
        worded = [o for o in options if word_stems(o[1]) and word_stems(o[1]) <= said]
        best = max(worded, key=lambda o: o[:2]) if worded else best
    return best[1].removeprefix("for ")


def recommend(ask: Ask, besides: Sequence[str] = ()) -> tuple[str, list[str]]:
    """ "**F** is the sources' pick for <use case> …" with quotes, or "the sources don't say". ``besides``: the
    frameworks the answer speaks of already, which are not listed again among the alternatives."""
    k = ask.knowledge
    turn = ask.turn
    party = party_pick(ask) if not (turn.frameworks or turn.named) else None
    if party is not None and len(party[0]) == 1:  # "Which framework does Google use internally?": the fact that
        return going_by(ask, party[0][0], party[2])  # ties Google to one
    if party is not None:  # "… like tesla?": the facts tie Tesla to several frameworks, none is its pick
        _, said, quotes = party
        owners = list(dict.fromkeys(k.units[i].subjects[0] for i, _ in quotes))
        lines = [f"- {ask.quote(i, s)}" for i, s in quotes]  # (quoted first, so markers read in order)
        marked = [f"{k.units[i].subjects[0]} {ask.cite.marker(k.passages[k.units[i].row])}" for i, _ in quotes]
        sides = " and ".join(marked) if len(marked) < 3 else f"{', '.join(marked[:-1])} and {marked[-1]}"
        both = "both " if len(marked) == 2 else ""
        lead = f"The sources name {said or 'that'} for {both}{sides}, not for one framework alone."
        return "\n".join([lead, "", *lines]), owners
    candidates = turn.frameworks if len(turn.frameworks) >= 2 else ()
    # Between frameworks the user named, a weaker match of their use case already tells them apart.
    floor = COVERED_FROM * (BETWEEN if candidates else 1.0)
    # A turn in words no source uses ("time series forecasting") was matched to a use case with more care
    # (usecase.STRANGE_FROM); with none found, labels its framing alone grazes do not pick for it.
    # … nor, in a turn of its own naming no sides, labels the reading set aside ("which framework has the best
    # visualization tools?" grazes a research verdict sentence sharing none of its words)
    uncovered = turn.use_case is None and (turn.strange or not (turn.carried or candidates))
    ranked = [] if uncovered else rank_frameworks(k, turn.search, candidates, floor, turn.voiced)
    if ranked and turn.use_case is not None:
        # the use case the turn was read as (its meaning, backed by the articles' word for one of its words:
        # "android" → mobile) steers which verdicts decide: "put a model in an android app" grazes "custom model
        # architectures" as closely as TensorFlow's mobile labels
        steered = turn.search + k.label_vectors[turn.use_case]
        steered = steered / float(np.linalg.norm(steered))
        ranked = rank_frameworks(k, steered, candidates, floor, turn.voiced) or ranked
    if not ranked and turn.why and turn.subject:
        return give_reasons(ask, turn.subject[0])
    if not ranked:
        return by_sentences(ask, candidates)
    pick = ranked[0][0]
    label = canonical_label(k, turn.search, pick, floor=floor, named=turn.voiced, said=word_stems(turn.text))
    # The pick's supporting units: the labels that matched, from distinct sources, best first.
    sims = k.use_case_scores(turn.search, turn.voiced)
    support: list[int] = []
    seen_rows: set[int] = set()
    seen_sources: set[str] = set()
    for i in matched_labels(k, turn.search, floor, turn.voiced):
        lb = k.labels[i]
        if len(support) >= SUPPORT:
            break
        row = k.units[lb.unit].row
        if lb.framework != pick or row in seen_rows or lb.source in seen_sources:
            continue
        support.append(lb.unit)
        seen_rows.add(row)
        seen_sources.add(lb.source)
    if not support and turn.use_case is not None and k.labels[turn.use_case].framework == pick:
        support = [k.labels[turn.use_case].unit]  # none above the floor: the verdict the turn was read as
    # The lead cites the passages whose own words state the use case; the bullets cite the rest.
    stating = [u for u in support if covers(k.passages[k.units[u].row].text, label)] or support[:1]
    # … those the answer quotes below: the articles' (a facts-file verdict is quoted only when there is no other)
    stating = [u for u in stating if k.passages[k.units[u].row].source != FACTS_SOURCE] or stating
    markers = "".join(ask.cite.marker(k.passages[k.units[u].row]) for u in stating)
    tool = key_tool(ask, pick)
    lead = f"**{pick}** is the sources' pick{f' for {label}' if label else ''}{f' {markers}' if markers else ''}{tool}."
    lines = [lead, ""]
    quoted = [u for u in support if k.passages[k.units[u].row].source != FACTS_SOURCE] or support
    naming = _naming_the_use_case(ask, pick, seen_rows)
    if naming is not None:  # a sentence with the question's own (rare) words for the use case: "TPUs"
        quoted = [naming, *quoted][:SUPPORT]
    reasons = _reasons(ask, pick)
    named = naming if naming is not None and ask.rare_words() & k.words[naming] else None
    pointing = not turn.why and bool(reasons) and opens_with_pronoun(k.units[reasons[0]].text)
    if turn.why or pointing:  # (read only then: a reason of the pick's besides those of its use case)
        # a verdict restates the pick ("Complete Beginners: recommended framework Keras"); a reason says more
        # (a sentence about the pick first: "TensorFlow and PyTorch both support …" or Keras's limits are no reason)
        others = np.array([i for i in k.units_led_by(pick) if k.units[i].row not in seen_rows], dtype=np.int64)
        # … and so does an FAQ's answer ("Which is best for beginners? Keras, …")
        restating = np.array([k.passages[k.units[i].row].kind == "faq" for i in others], dtype=bool)
        saying = others[~(np.isin(others, k.label_units) | restating)] if len(others) else others
        # a reason in the user's own words ("… research with lots of custom layers": "Great for custom layers and
        # losses.")
        own = [i for i, _ in ask.best_units(ask.saying_most(saying, besides=label or ""), 1, naming=True)]
    if pointing:
        # the closest reason opens with a pronoun for a sentence before it ("It's a major reason why researchers
        # favor PyTorch is …"), and does not read on its own: one in the user's words leads, else the pick's closest
        # to the question that is near the use case too
        near = k.unit_topics[saying] @ k.topic_of(k.label_vectors[turn.use_case]) if turn.use_case is not None else []
        close = saying[np.asarray(near) >= REASON_FROM] if len(near) else saying[:0]
        plain = [i for i, _ in ask.best_units(close, SUPPORT, naming=True)]
        plain = [i for i in [*own, *plain] if not opens_with_pronoun(k.units[i].text)]
        reasons = [*plain[:1], *reasons]
    if turn.why:  # "why?": the sentences that give the pick's reasons for this use case, the best in the lead
        best = ask.best_units(saying, SUPPORT, naming=True) or ask.best_units(others, SUPPORT, naming=True)
        # the reason in the user's own words first, then the pick's own reasons (the first is the pick's lead
        # already: the next ones first)
        quoted = list(dict.fromkeys([*own, *reasons[1:], *reasons[:1], *(i for i, _ in best)]))[:SUPPORT] or quoted
        # (a reason the reply it asks about gave already comes last: "why?" wants more than that; and one pointing at
        # the sentence before it, "It's a major reason why …", does not lead: it does not read on its own)
        # (nor a table's cell, "Ease of use — Keras: High, …", where a sentence gives a reason)
        quoted.sort(
            key=lambda u: (
                k.units[u].text in turn.said_before,
                opens_with_pronoun(k.units[u].text),
                k.passages[k.units[u].row].kind == "table_row" and u not in own,
            )
        )
        # the reason is the first sentence, after the pick it explains: "Why **Keras** for beginners [1][2]: …"
        lines[0] = f"Why **{pick}**{f' for {label}' if label else ''} {markers}{tool}: {ask.quote(quoted[0])}"
        quoted = quoted[1:]
    elif named is not None and not tool:
        # the sentence with the question's own names (things the sources name in few places) is the key reason:
        # "which framework actually integrates with spark?" leads with the Apache Spark sentence
        lines[0] = f"{lead[:-1]}: {ask.quote(named)}"
        quoted = [u for u in quoted if k.units[u].row != k.units[named].row]
    elif reasons and not tool:
        # the key reason in the first line, in the sources' words: "**Keras** is the sources' pick for beginners
        # [1][2]: Keras is an excellent choice for beginners or those who need to … quickly. [3]"
        lines[0] = f"{lead[:-1]}: {ask.quote(reasons[0])}"
        quoted = [u for u in quoted if k.units[u].row != k.units[reasons[0]].row]
    if tool:
        # (not the list the lead's tool comes from: "… through TensorFlow.js [1]." then all of [1]'s targets again)
        quoted = [u for u in quoted if k.unit_field[u] != "deployment_targets"]
    lines += [f"- {ask.quote_on(u, label)}" for u in quoted]
    chosen = [pick]
    alternatives = []
    top_label = float(sims.max())
    for fw, _ in ranked[1:]:
        if fw in besides:
            continue
        i, s = best_label(k, turn.search, fw, turn.voiced)
        if s >= top_label - ALTERNATIVE_WITHIN:
            alternatives.append((fw, k.labels[i].unit))
            chosen.append(fw)
    if alternatives:
        lines += ["", "**Alternatives:**"]
        lines += [f"- {ask.side(fw, u)}" for fw, u in alternatives[:2]]
    # Between the frameworks the user named, the answer is about each of them, the pick first.
    if candidates:
        chosen = list(dict.fromkeys([*chosen, *(fw for fw, _ in ranked), *candidates]))
    return "\n".join(lines), chosen


def _reasons(ask: Ask, pick: str) -> list[int]:
    """The pick's own prose sentences on the use case, best first: what the sources say makes it the pick.

    Judged on the topic (names aside) of the question with its use case's label; a verdict row, a facts-file
    sentence, a dated update or an intro are no reason."""
    k, turn = ask.knowledge, ask.turn
    i, _ = best_label(k, turn.search, pick, turn.voiced)
    pool = np.array(
        [
            u
            for u in k.units_about(pick)
            if k.units[u].subjects[:1] == (pick,)
            and k.units[u].names
            # a sentence setting another framework against it may be about that one ("While it once trailed
            # TensorFlow in production readiness, PyTorch has …")
            and (k.units[u].names == (pick,) or not _CONTRAST.search(k.units[u].text))
            and not (k.unit_update[u] or k.units[u].boilerplate or k.units[u].lead_in)
            and k.passages[k.units[u].row].kind == "prose"
            and k.passages[k.units[u].row].source != FACTS_SOURCE
        ],
        dtype=np.int64,
    )
    if not len(pool):
        return []
    sims = k.unit_topics[pool] @ k.topic_of(turn.search + k.label_vectors[i])
    order = np.argsort(-sims)
    close = [int(pool[j]) for j in order[:SUPPORT] if sims[j] >= REASON_FROM]
    # none so close: one a little less close, in half the label's own words ("… for newcomers to deep learning")
    label = " ".join(content_words(k.labels[i].text, lambda w: []))
    worded = [int(pool[j]) for j in order[:SUPPORT] if sims[j] >= REASON_WORDED]
    found = close or [u for u in worded if covers(k.units[u].text, label, share=REASON_SHARE)]
    if found:
        # one opening with a pronoun for the sentence before it ("It's a major reason why researchers favor PyTorch
        # is …") does not read on its own: the others lead
        return sorted(found, key=lambda u: opens_with_pronoun(k.units[u].text))
    # a long question's context ("most have zero ML background, next semester …") pulls its meaning off the use
    # case: a sentence of the pick's that states the use case in all its words ("Keras continues to lead in
    # education …") is a reason for it, the closest to the use case's own meaning first
    alone = k.unit_topics[pool] @ k.topic_of(k.label_vectors[i])
    stating = [int(pool[j]) for j in np.argsort(-alone) if covers(k.units[int(pool[j])].text, label, share=1.0)]
    return stating[:SUPPORT]


def covers(text: str, label: str, share: float = COVER_SHARE) -> bool:
    """Whether a text uses most of a label's words (by their first letters): it states that use case."""
    wanted = word_stems(label)
    return bool(wanted) and len(wanted & word_stems(text)) >= share * len(wanted)


def _naming_the_use_case(ask: Ask, pick: str, skip_rows: set[int]) -> int | None:
    """The pick's best unit that uses the question's specific words, if any is close enough in meaning."""
    k = ask.knowledge
    # (a short word counts when it is no plain word to the model, "TPUs", or one the claims table words a use case
    # with, "web", "edge"; "new" in "new attention variants" is neither, and "PyTorch is a relatively new …
    # framework" is no reason to pick it for research)
    rare = rare_stems(ask, NAMING_LENGTH)
    plain = {s for s in rare if len(s) < RARE_LENGTH} & {w[:STEM] for w in ask.turn.ordinary}
    rare -= plain - {s for lb in k.labels for s in word_stems(lb.text)} if plain else set()
    if not rare:
        return None
    # (a sentence about the pick first: "Keras can run on top of … TensorFlow …" is Keras's, whatever word it shares;
    # nor who makes it or when: "PyTorch is developed by Meta, originally its AI Research lab" is no reason to pick
    # it for "a research lab")
    own = [
        i
        for i in k.units_led_by(pick)
        if rare & k.stems[i] and k.units[i].row not in skip_rows and k.unit_field[i] not in _WHO_OR_WHEN
    ]
    best = ask.best_units(np.array(own, dtype=np.int64), 1, naming=True)
    return best[0][0] if best and best[0][1] >= NAMING_FROM else None


def primary_label(knowledge: Knowledge, framework: str) -> tuple[str, int | None]:
    """What the framework is primarily for, and the row that says it: the facts file's first best-for item,
    else (a framework only a user's document speaks of) the first use case that document gives it."""
    for lb in knowledge.labels:
        if lb.framework == framework and lb.source == FACTS_SOURCE:
            return lb.text, knowledge.row_of.get(passage_id(framework, USE_CASE_FIELD))
    own = next((lb for lb in knowledge.labels if lb.framework == framework and not lb.capability), None)
    if own is None:
        return "", None
    return own.text, knowledge.units[own.unit].row  # may be a verdict sentence: "JAX is best for research …"
