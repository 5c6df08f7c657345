"""Facts and explanations: the sentence closest in meaning to the question leads; where a dated update
supersedes it, the current state leads and the older claim follows; where sources disagree, the lead
says so and cites both sides."""

from __future__ import annotations

import re

import numpy as np

from ..cues import WHAT_IS
from ..facts.schema import TIME_FIELDS
from ..retrieve import concept_words
from ..textutil import RECENT, YES_NO
from ..traits import TRAIT_WORDS
from .base import LIST, LIST_ITEMS, SAYS, SAYS_SOME, Ask
from .current import newer_about, old_claim, update_for
from .disputes import disagreement
from .evidence import STEM, answers_another, said_count, word_stems
from .recommend import SAME_USE_CASE
from .tools import counterpart, renamed, target_elsewhere
from .units import Unit, asks_a_question, said_as

_LIKE = re.compile(r"\b(?:like|similar|equivalent|alternative|counterpart|version of)\b", re.I)  # "… like TensorBoard?"
PLACE_UPDATE = 0.30  # a dated update this close to the chat's place to run states that place's current state
MORE = 2  # supporting quotes after the lead
ON_AXIS = 0.35  # a sentence this close to an axis (its topic, names aside) says where its framework stands on it
SAID_BEFORE = 5  # "is that still the case?": the sentences closest to what the chat said, whose updates answer it
TOP_HITS = 5  # with no framework named, the lead comes from these first retrieved passages
MORE_WITHIN = 0.15  # a supporting quote scores at most this much below the lead
RARE_WITHIN = 0.20  # a unit with the question's specific words leads if it scores at most this much below the best


def explain(ask: Ask) -> tuple[str, list[str]]:
    """Lead with the best unit about the focus framework (or about anything, when none is named)."""
    k = ask.knowledge
    focus = ask.turn.frameworks[0] if ask.turn.frameworks else None
    pool = ask.subject_units(focus)
    if focus is None and ask.hits:
        # No known framework named ("What is JAX?"): the passages retrieval ranked first decide the topic.
        top = {ask.knowledge.row_of.get(h.passage.id) for h in ask.hits[:TOP_HITS]}
        pool = np.array([i for i in pool if ask.knowledge.units[i].row in top], dtype=np.int64)
    if not len(pool):
        pool = ask.subject_units(None)
    turn = ask.turn
    if (
        turn.axis is not None
        and focus is not None
        and YES_NO.search(turn.text)
        and not turn.cued
        and len(pool)
        and (not ask.rare_words())
        and len(turn.words) <= TRAIT_WORDS  # (in few words: "does it have a decent tool for visualizing training?"
    ):  # asks for a tool, whatever axis its meaning grazes)
        # "is pytorch hard to pick up?" asks where one framework stands on an axis the sources rank (ease): its
        # sentences on that axis answer ("PyTorch's learning curve is moderate …"), not one its words graze
        # ("Ideal for Research: Due to its flexibility and ease of use …")
        on_axis = pool[k.unit_topics[pool] @ k.axis_vectors[turn.axis] >= ON_AXIS]
        pool = on_axis if len(on_axis) else pool
    if turn.elliptic and turn.carried and turn.use_case is not None and focus is not None and len(turn.frameworks) == 1:
        # "what about keras?" after the mobile pick: a verdict giving Keras another use case ("Fast Prototyping:
        # recommended framework Keras") says nothing of it for mobile (one wording it in other words, or in a word
        # of its own, "mobile and edge AI", does)
        same = k.label_vectors @ k.label_vectors[turn.use_case] >= SAME_USE_CASE
        asked = word_stems(k.labels[turn.use_case].text)
        elsewhere = {
            lb.unit
            for lb, near in zip(k.labels, same, strict=True)
            if lb.framework == focus and not near and not word_stems(lb.text) & asked
        }
        kept = pool[[int(i) not in elsewhere for i in pool]]
        pool = kept if len(kept) else pool
    if ask.turn.cued and focus is not None and len(pool):
        # "who actually made keras? i thought google, it's inside tensorflow": the field's own sentence answers,
        # not a note on it that names another framework ("Keras began as an independent project and is now
        # integrated into TensorFlow …")
        noted = np.isin(k.unit_field[pool], ask.turn.attribute or ()) & np.array(
            [not k.units[i].names_only(focus) for i in pool], dtype=bool
        )
        pool = pool[~noted] if not noted.all() else pool
    context = None  # the chat's topic, when it decides between a time fact and a dated update
    # "Who uses Keras?": a field the question says in its own words ("uses" ~ "users include") is what it asks
    said = _said_fields(ask) if ask.turn.cued else set()
    # ("is pytorch still a facebook thing?" names the party it asks about: a yes or no cued is about that field)
    yes_no = bool(YES_NO.search(ask.turn.text))
    if ask.turn.cued and focus is not None and (not ask.turn.named or said or ask.turn.elliptic or yes_no):
        # "and who maintains it?" asks for a party and says little else: the focus's sentences for the fields
        # asked lead, whatever sits closer to its few words ("PyTorch is a relatively new framework …"). A
        # question naming the framework has meaning enough to weigh the sources' own sentences too, unless
        # it says which field in so many words.
        stating = np.isin(k.unit_field[pool], tuple(said) or ask.turn.attribute or ())
        if (
            (ask.turn.elliptic or ask.turn.carried)  # "since when?", "when did that change?"
            and not ask.turn.named  # "what about keras?" after "when was it released?" asks the same field of Keras
            and ask.turn.context is not None
            and set(ask.turn.attribute or ()) & set(TIME_FIELDS)
        ):
            # "since when?" after "Is Keras multi-backend now?": a dated update says when as well as the release
            # year does, and what the chat was about (its topic, without names and framing) decides between them.
            context = ask.turn.context
            stating |= k.unit_update[pool]
        pool = pool[stating] if stating.any() else pool
    elif ask.turn.carried and ask.turn.context is not None and RECENT.search(ask.turn.text) and not ask.turn.named:
        # "is that still the case?": a dated update of the focus's sentences closest to what the chat said is the
        # current state; with none, the closest sentence is what the sources still say
        said = pool[np.argsort(-(k.unit_topics[pool] @ k.topic_of(ask.turn.context)))[:SAID_BEFORE]]
        dated = {k.row_of[u.id] for i in said for u in ask.updates_for(int(i), kinds=("update",))}
        if dated:
            pool, context = np.array([i for r in dated for i in k.units_of.get(r, [])], np.int64), ask.turn.context
    if context is not None and len(pool):
        best = pool[int(np.argmax(k.unit_topics[pool] @ k.topic_of(context)))]
        ranked = [(int(best), float(ask.unit_scores(np.array([best]))[0]))]
    else:  # (no FAQ on another framework answering another question: "Can I switch from Keras to PyTorch?" for "…
        # skip learning tensorflow?"; "could I move over to pytorch?" is its question in other words)
        beside = set(turn.frameworks)
        own = pool[[not (set(k.units[i].subjects) - beside and answers_another(k, int(i), turn)) for i in pool]]
        ranked = ask.best_units(own, 1) or ask.best_units(pool, 1)
    if not ranked:
        return "The sources say nothing more specific about that.", []
    defining = _definitions(ask, pool, focus)
    if defining is not None:
        ranked = [defining]  # "What is Keras?": "Keras is a user-friendly framework …" leads
    versioned = ask.best_units(_naming_version(ask, focus), 1)
    if versioned:
        ranked = versioned  # "When did TensorFlow 2 come out?": the sentence about TensorFlow 2.0 leads
    rare = ask.rare_words()
    absent = ""  # the question's name for a thing the sources tie to another framework only
    # (a sentence about another framework first that names the thing is no answer about the focus: "Its
    # integration with TorchScript …" follows "Like TensorFlow, PyTorch works well with …")
    led = pool if focus is None else pool[[_speaks_of(k.units[i], focus) for i in pool]]
    naming = ask.best_units(ask.naming_rare(led, rare), 1)
    target = target_elsewhere(ask, focus)
    # "and keras?" after the pick for an android app: a framework with no deployment target of its own in the facts
    # answers by what they say of its deployment ("Keras relies on TensorFlow tools for deployment."), not by a
    # verdict cell on another use case ("Keras: Fast prototyping.") nor a word of the chat's ("Android")
    # … and "ok and what if the model was trained in pytorch?" after the phones pick: a framework with a place to run
    # of its own like the chat's (PyTorch's "mobile" beside "mobile and web applications") answers by its deployment
    # sentence (PyTorch Mobile, and its update: ExecuTorch), not by whatever its words graze (unless a sentence of
    # its names the thing asked: "does it have something for deploying to C++?" is TorchScript's)
    places = [i for i, lb in enumerate(k.labels) if lb.framework == focus and lb.capability]
    carried_place = turn.carried and turn.use_case is not None and focus is not None
    # (the chat's place being another framework's pick: PyTorch's own "production and C++ environments" already
    # finds its TorchScript sentence; nor a question about a thing: "and tensorboard, is that pytorch's too?")
    # asks about a thing it names, if any: a yes or no (in any clause: "and tensorboard, is that pytorch's too?")
    # or about the chat's thing it points at ("what about keras for that?" after a question about GPUs)
    about = any(YES_NO.search(clause) for clause in turn.text.split(",")) or bool(_LIKE.search(turn.text))
    about = about or bool(set(turn.things) - k.things_in(turn.text))
    like_ours = (
        carried_place
        and k.labels[turn.use_case].framework != focus
        and not naming
        and not (rare and about)
        and any(float(k.label_vectors[i] @ k.label_vectors[turn.use_case]) >= SAME_USE_CASE for i in places)
    )
    deploys = (
        ask.best_units(pool[k.unit_field[pool] == "deployment_targets"], 1)
        if carried_place and ((k.labels[turn.use_case].capability and not places) or like_ours)
        else []
    )
    if target is not None and not deploys:
        # "does pytorch run in the browser?": the browser is TensorFlow's deployment target, none of PyTorch's
        (unit, where), owner = target, k.labels[ask.turn.use_case].framework
        lead_line = f"The sources list {where} among {owner}'s deployment targets, not {focus}'s: {ask.quote(unit)}"
        own = ask.best_units(pool[k.unit_field[pool] == "deployment_targets"], 1)
        lines = [lead_line, *(["", f"Of {focus}'s, they say: {ask.quote(*own[0])}"] if own else [])]
        return "\n".join(lines), [focus, owner]
    # (the closest sentence is the sources' own answer to a question on exactly these sides: an FAQ, or under a
    # heading that asks: "TensorFlow vs Keras: Aren't They the Same?")
    top = k.units[ranked[0][0]]
    settled: frozenset[int] = frozenset()
    own_answer = set(top.subjects) == set(turn.named) and len(turn.named) >= 2
    # (not one to another question on them: "Can I switch from Keras to PyTorch?" under "… pytorch as the backend?")
    own_answer = own_answer and asks_a_question(k.passages[top.row]) is not None
    own_answer = own_answer and not answers_another(k, ranked[0][0], turn)
    if (not own_answer or RECENT.search(turn.text)) and (relation := _update_relating(ask, focus)) is not None:
        ranked = relation  # "so can keras work with pytorch too?": Keras 3, which runs on JAX, TensorFlow or PyTorch
    elif naming and naming[0][1] >= ranked[0][1] - RARE_WITHIN and not versioned:  # (the version asked leads)
        ranked = naming  # "What is TorchScript used for?": the sentence that says TorchScript leads
    elif rare and not naming and focus and (pair := counterpart(ask, focus, rare)):
        # "does pytorch have something like tensorflow lite?": the focus's tool for the same place to run
        return _counterpart(ask, focus, *pair)
    elif rare and not naming:
        # "What is ExecuTorch?": only a dated update names it; that update is the answer.
        updates = [i for i in range(len(k.units)) if ask.updates_unit(i) and rare & k.words[i]]
        found = ask.best_units(np.array(updates, dtype=np.int64), 1)
        # "Does PyTorch have something like TensorBoard?": no sentence about PyTorch names it, those that do are
        # about another framework. Say so, and quote what they say of it, rather than a PyTorch blurb.
        # A dated update about the focus that answers the question still leads ("Is PyTorch Mobile still the way
        # to ship to Android?": ExecuTorch), whoever else the sources name the thing for. (A dispute does not: "does
        # pytorch have tensorboard?" is not answered by when PyTorch came out.)
        current = update_for(ask, ranked[0][0], focus)[1] is not None if focus and not found else True
        # (only a question about the thing: "does pytorch have something like TensorBoard?"; "and what if our ML
        # contractor trained the model in pytorch?" asks nothing of ML)
        elsewhere = [] if current or not about else ask.best_units(ask.naming_rare(ask.subject_units(None), rare), 1)
        if elsewhere and not _speaks_of(k.units[elsewhere[0][0]], focus):
            # the thing in the sources' spelling ("tensorboard" → TensorBoard), also when a pointing turn took it
            # from the chat ("does pytorch have something like it?" after "What is TensorBoard?")
            found = elsewhere
            absent = " ".join(said_as(k.units[elsewhere[0][0]].text, rare) or said_as(ask.turn.text, rare))
        if found and focus and not absent and not _speaks_of(k.units[found[0][0]], focus):
            # "is there something like this in pytorch?" after "what is tf.function?": the update naming it is
            # TensorFlow's; so the sources name it for another framework
            absent = " ".join(said_as(k.units[found[0][0]].text, rare) or said_as(ask.turn.text, rare))
        ranked = found or ranked
    elif ask.turn.words and YES_NO.search(ask.turn.text):
        # "Is TensorFlow open source?" (yes or no): a sentence about the framework that says every word asked
        # about ("an open-source deep learning framework") answers it better than the nearest fact field.
        # ("still", "now" ask when, not what)
        asked = {w.casefold()[:SAYS] for w in ask.turn.words if not RECENT.fullmatch(w)}
        said = np.array([said_count(k.words[i], asked) for i in pool], dtype=np.int64)
        saying = pool[said == len(asked)].astype(np.int64, copy=False)
        # (not when the closest answers the sources' own question about the sides named: "Is Keras basically just
        # TensorFlow under another name?" → "Not exactly— …" under "TensorFlow vs Keras: Aren't They the Same?",
        # not "… under the hood" for its "under")
        if not len(saying) and len(pool) and ask.turn.unknown and not own_answer:
            # none says them all, and a word no source uses blurs the meaning ("is that one still behind on
            # production?"): those that say the most of them, when the closest in meaning says none ("trailed …
            # in production readiness", not "first released in 2016")
            if not said_count(k.words[ranked[0][0]], asked) and said.max():
                saying = pool[said == said.max()].astype(np.int64, copy=False)
        covering = ask.best_units(saying, 1)
        if asked and covering and covering[0][1] >= ranked[0][1] - RARE_WITHIN:
            ranked = covering
            # (the sentences as close that do not say every word asked answer another question)
            settled = frozenset(int(i) for i in pool[said < len(asked)])
    # (or a field read from meaning alone, no question word asking it and none of its words said: "what is pytorch
    # based on?" grazes "developer")
    elif ask.turn.words and len(pool) and not (ask.turn.attribute and (ask.turn.cued or _said_fields(ask))):
        # "how do i write a custom layer in pytorch?": the closest sentence in meaning says none of its words ("PyTorch
        # is programmed in Python", short and about PyTorch); one that says the most of them answers it ("Highly
        # flexible. Great for custom layers and losses."), if nearly as close (two words at least: one is chance,
        # "over" in "could I move over to pytorch" and "Over the years, …")
        says_none = not len(ask.saying_most(np.array([ranked[0][0]], dtype=np.int64), 1))
        # (a question of one word of its own, "what is pytorch based on?", is said by a sentence saying that word)
        least = min(SAYS_SOME, len({w.casefold() for w in ask.turn.words}))
        covering = ask.best_units(ask.saying_most(pool, least), 1) if says_none else []
        if covering and covering[0][1] >= ranked[0][1] - RARE_WITHIN:
            ranked = covering
    if deploys:
        ranked, absent = deploys, ""
    lead_unit, lead_score = ranked[0]
    rest = pool[k.unit_rows[pool] != k.unit_rows[lead_unit]].astype(np.int64, copy=False)  # no loop per unit
    if rare and rare & k.words[lead_unit]:
        # the lead says the thing asked ("XLA … for optimizing computations"): a list of the framework's tools that
        # names it among six others adds nothing ("TensorFlow's tooling includes TensorBoard …; XLA …; …")
        rest = rest[[len(LIST.findall(k.units[i].text)) < LIST_ITEMS for i in rest]]
    ranked += ask.best_units(rest, MORE, naming=True)
    lines: list[str] = []
    # Where the lead speaks of the question's own names ("TensorFlow Serving"), an update that does not
    # (TensorFlow Lite's new name) is not what was asked: it is flagged beside its quote, not led with.
    # (the sources' own answer to this very question, or a sentence saying every word it asks, answers it: another
    # sentence as close whose claim is outdated, not saying them all, is another question's, unless it asks of now)
    settled = frozenset(int(i) for i in pool) if own_answer and ranked[0][0] == lead_unit else settled
    settled = frozenset() if RECENT.search(turn.text) else settled
    conflict, current, superseded = update_for(ask, lead_unit, focus, rare & k.words[lead_unit], others=settled)
    if deploys:  # (that sentence answers it; an update leads only as its claim's current state, or as the current
        # state of the chat's place to run: ExecuTorch for mobile; Keras 3's backends are no place to run)
        conflict, current = (None, current) if superseded == lead_unit else (None, None)
        place = k.label_vectors[turn.use_case]
        for update in ask.updates_for(lead_unit, kinds=("update",)) if current is None else ():
            rows = k.units_of.get(k.row_of[update.id], [])
            if max((float(k.unit_topics[i] @ place) for i in rows), default=-1.0) >= PLACE_UPDATE:
                current, superseded = update, lead_unit
                break
    if conflict is not None:
        lines.append(disagreement(ask, conflict, lead_unit))
    elif current is not None:
        lines += [ask.tell(u, sentence=True) for u in [*newer_about(ask, current, superseded, focus), current]]
        if superseded is None:
            superseded = old_claim(ask, current)
        if superseded is not None:
            lines.append(f"The articles still say: {ask.quote(superseded, current=False)}")
        if superseded != lead_unit:
            ranked.insert(1, (lead_unit, lead_score))
    elif absent:
        owner = k.units[lead_unit].subjects[0] if k.units[lead_unit].subjects else "another framework"
        # (a tool named after its framework by the whole name: "TensorFlow Serving", not "Serving")
        absent = f"{owner} {absent}" if f"{owner} {absent}".casefold() in k.units[lead_unit].text.casefold() else absent
        lines.append(f"The sources name {absent} for {owner}, not for {focus}: {ask.lead_quote(lead_unit, lead_score)}")
    else:
        lines.append(ask.lead_quote(lead_unit, lead_score))
    cited = {p.id for p, _ in ask.cite.items}
    # (the sentence quoted as the old claim is the one said; the closest, put back below it, is no repeat of it)
    shown = superseded if current is not None and superseded is not None else lead_unit
    # A supporting quote says something the question asked about: one of its words ("support" in "Does PyTorch
    # support TPUs?"), not just the framework's name ("Another article says PyTorch was open-sourced in 2017").
    # A fact field the turn asks for ("Which companies use TensorFlow?": its users) is what was asked as well.
    said = [*ask.turn.words, *ask.rare_words(), *" ".join(concept_words(ask.turn.text)).split()]
    asked = {w.casefold()[:STEM] for w in said if len(w) >= STEM - 1} - k.generic_stems
    fields = set(ask.turn.attribute or ()) if ask.turn.cued else set()  # asked by "who"/"when"
    # A question naming a specific thing ("Is Theano still developed?") is about it: a quote that does not name
    # it shares only a plain word ("Keras is developed by François Chollet") and is beside the point.
    named = {w.casefold().rstrip("s") for w in rare}
    more = [
        (i, s)
        for i, s in ranked[1:]
        if s >= lead_score - MORE_WITHIN
        and k.passages[k.units[i].row].id not in cited
        # (a question of no words of its own, "what is keras best for", asks nothing more than its lead says, unless
        # it asks what the framework is: "What is Keras?" is told who develops it too)
        and (
            (not asked and ask.turn.defines)
            or k.unit_field[i] in fields
            or asked & {w.casefold()[:STEM] for w in k.words[i]}
        )
        and (not named or k.unit_field[i] in fields or named & {w.casefold().rstrip("s") for w in k.words[i]})
        # (nor the lead said again in other words: "Keras is developed by François Chollet" under "… created by …"; nor
        # a claim the answer has corrected already: "Keras can run on … CNTK" again, from another article)
        and float(k.unit_vectors[i] @ k.unit_vectors[shown]) < SAYS_THE_SAME
        # (nor another sentence the leading update corrects: PyTorch's targets again under ExecuTorch)
        and (current is None or all(u.id != current.id for u in ask.updates_for(i, ("update",))))
        and not answers_another(k, i, ask.turn)
        and not any(u.id in ask.cite.told and k.row_of[u.id] in k.claimed[i] for u in ask.updates_for(i, ("update",)))
    ]
    if more:
        lines += ["", "More from the sources:"]
        lines += [f"- {ask.quote(i, s)}" for i, s in more]
    frameworks = list(ask.turn.frameworks) if focus else list(k.units[lead_unit].subjects[:1])
    if absent:  # the answer speaks of the framework the sources tie the thing to as well
        frameworks = list(dict.fromkeys([*frameworks, *k.units[lead_unit].subjects[:1]]))
    return "\n".join(lines), frameworks


def _speaks_of(unit: Unit, focus: str | None) -> bool:
    """Whether a sentence speaks of the framework: names it, or is about it first ("Its integration with
    TorchScript …" after "Like TensorFlow, PyTorch works well with …" speaks of PyTorch, not TensorFlow)."""
    return focus in unit.names or unit.subjects[:1] == (focus,)


def _counterpart(ask: Ask, focus: str, owner: str, tool: str, target: str, own: str) -> tuple[str, list[str]]:
    """The focus's tool for the place another framework's named tool runs ("PyTorch Mobile", for mobile, beside
    TensorFlow Lite), its current state first where a dated update replaced it (ExecuTorch)."""
    k = ask.knowledge
    pool = ask.subject_units(focus)
    saying = pool[[own.casefold() in k.units[i].text.casefold() and not k.unit_update[i] for i in pool]]
    stated = saying[k.unit_field[saying] == "deployment_targets"]  # the facts sentence of its targets first
    best = ask.best_units(stated if len(stated) else saying, 1)
    updates = ask.updates_for(best[0][0], kinds=("update",)) if best else []
    dated = [u for u in updates if own.casefold() in ask.statement(u).casefold()]
    current = ask.tell(max(dated, key=lambda u: u.date or ""), sentence=True) if best and dated else ""
    renaming = renamed(ask, tool)  # the other's tool by its current name too ("now LiteRT")
    now = f" (now {renaming[0]} {ask.cite.marker(renaming[1])})" if renaming else ""
    said = f"{focus}'s tool for {target}, as {tool}{now} is {owner}'s"
    if not best:
        return f"{own} is {said}.", [focus, owner]
    if not current:
        return f"{own} is {said}: {ask.quote(*best[0])}", [focus, owner]
    return f"{current}\nThe articles name {own} as {said}: {ask.quote(*best[0], current=False)}", [focus, owner]


def _update_relating(ask: Ask, focus: str | None) -> list[tuple[int, float]] | None:
    """A yes or no about the focus and other frameworks ("can keras work with pytorch too?"), answered by a dated
    update of the focus that names them all: the current state of how they relate leads."""
    turn, k = ask.turn, ask.knowledge
    others = set(turn.named) - {focus}
    if focus is None or not others or not YES_NO.search(turn.text) or ask.rare_words():
        return None  # (a tool named, "does pytorch have something like tensorflow lite?", asks about that tool)
    units = [i for i in np.flatnonzero(k.unit_update) if focus in k.units[i].names and others <= set(k.units[i].names)]
    best = ask.best_units(np.array(units, dtype=np.int64), 1)
    return best or None


def _naming_version(ask: Ask, focus: str | None) -> np.ndarray:
    """The units that name the version the question gives after the framework's name ("TensorFlow 2" ~
    "TensorFlow 2.0"); numbers are not words of the index, so the text itself is read."""
    m = re.search(rf"\b{re.escape(focus)}\s+v?(\d+)(?:\.x|\.\d+)*\b", ask.turn.text, re.I) if focus else None
    if m is None:
        return np.zeros(0, np.int64)
    version = re.compile(rf"\b{re.escape(focus)}\s+v?{m.group(1)}(?:\.x|\.\d+)*\b", re.I)
    k = ask.knowledge
    return np.array([i for i in range(len(k.units)) if version.search(k.units[i].text)], dtype=np.int64)


def _definitions(ask: Ask, pool: np.ndarray, focus: str | None) -> tuple[int, float] | None:
    """For "what is <framework>?" ("tell me about …"), the best unit that defines it: "<Framework> is a/an …"."""
    turn = ask.turn
    m = WHAT_IS.match(turn.text)
    # "and PyTorch?" after "What is Keras?": a bare name asks the chat's question of another framework
    bare = turn.elliptic and turn.named == (focus,) and turn.defines
    if focus is None or not (bare or m and focus.casefold() == m.group("name").strip().casefold()):
        return None
    defines = re.compile(rf"^\W*{re.escape(focus)}\s+(?:is|was)\s+(?:a|an|the|one)\b", re.I)
    units = np.array([i for i in pool if defines.match(ask.knowledge.units[int(i)].text)], dtype=np.int64)
    best = ask.best_units(units, 1)
    return best[0] if best else None


SAYS_THE_SAME = 0.90  # a sentence this close in meaning to the lead says it again


def _said_fields(ask: Ask) -> set[str]:
    """The fields asked that the question says in its own words ("uses" ~ "users include")."""
    return ask.said_fields() & set(ask.turn.attribute or ())
