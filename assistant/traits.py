"""What trait or fact a turn asks about: the comparison axis it ranks the frameworks on, and the fact fields it
asks for. Both are read by meaning (the turn's topic against the axes and field prototypes embedded with the
index); a few question words back the meaning up ("harder than", "rank … by how …", "who", "when"). And whether
it asks what a framework is ("What is Keras?")."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np

from . import vocab
from .answer.evidence import STEM, Knowledge
from .cues import BY_TRAIT, CARES_ABOUT, COMPARATIVE, DEGREE, HOW_TRAIT, MADE_BY, MAKER, USES, WHAT_IS, WHEN, WHO
from .textutil import YES_NO

# Tuned on the dev split (`assistant eval --split dev`), see docs/EVALUATION.md.
AXIS_FROM = 0.30  # a turn's topic this close to an axis ranks the frameworks on it
AXIS_WORD = 0.30  # what sharing a word with an axis's name adds to its similarity …
AXIS_NEAR, AXIS_AHEAD = 0.22, 0.04  # two named frameworks set against each other on no use case: a nearer axis
FIELD_FROM = 0.25  # a fact field's prototype this close to the turn's topic names the attribute asked
FIELD_MARGIN = 0.08  # … and clearly closer than the next field
TRAIT_WORDS = 3  # a yes/no question about one framework in this few words may ask where it stands on an axis


def read_axis(
    k: Knowledge,
    axis_stems: Sequence[frozenset[str]],
    encode_words: Callable[[list[str]], np.ndarray] | None,
    vector: np.ndarray,
    text: str,
    named: tuple[str, ...],
    content: list[str],
    use_case: int | None,
    sets_sides: bool,
) -> int | None:
    """The axis the turn ranks the frameworks on ("which is easier to debug?"), if any. ``sets_sides``: the turn
    ranks or sets frameworks against each other ("which is …", "keras or pytorch?")."""
    axis = None
    if len(k.axes):
        # Meaning first; the axis's own words ("flexible", "debug") in the turn back it up.
        meaning = k.axis_vectors @ k.topic_of(vector)
        # The sources' generic words ("models") say nothing of an axis ("model customization").
        stems = {w.casefold()[:STEM] for w in content if len(w) >= 4} - k.generic_stems
        sims = meaning + AXIS_WORD * np.array([bool(stems & a) for a in axis_stems], dtype=np.float32)
        # Words only back meaning up: an axis the meaning alone names is not overturned by a shared word
        # ("tweak models … which makes that easiest?" asks about flexibility, not ease).
        if float(meaning.max()) >= AXIS_FROM:
            sims = meaning
        elif len(named) >= 2:
            # A word cue shared by several axes ("easier" to learn, to debug) is read on an axis that ranks
            # the frameworks named: "Is Keras easier than TensorFlow …?" is not about debugging Keras.
            ranks_them = np.array([set(named) <= set(a.order) for a in k.axes])
            if (sims[ranks_them] >= AXIS_FROM).any():
                sims = np.where(ranks_them, sims, -1.0)
        best = int(np.argmax(sims))
        # A word cue alone names an axis only in a turn that ranks or sets frameworks against each other:
        # "Does Keras support PyTorch as a backend?" shares "backe…" with "backed by a larger community"; so does "is
        # keras still tied to tensorflow or can it use other backends now?", whose "or" offers another answer.
        worded = float(meaning.max()) < AXIS_FROM
        axis = best if float(sims[best]) >= AXIS_FROM and not (worded and not sets_sides) else None
        # (meaning alone names an axis only clear of the next: "which one has the best documentation?" sits as near
        # debugging as ease of use, and is about neither)
        shared = bool(stems & axis_stems[best])
        runner_up = float(np.sort(meaning)[-2]) if len(meaning) > 1 else -1.0
        if axis is not None and not shared and runner_up > sims[best] - AXIS_AHEAD:
            axis = None
        trait = COMPARATIVE.search(text) or CARES_ABOUT.search(text) or DEGREE.search(text)  # "… care mostly about …"
        trait = trait or HOW_TRAIT.search(text)
        if axis is None and len(named) >= 2 and use_case is None and trait:
            # "Is TensorFlow harder than Keras?" sets two frameworks against each other on no use case; the
            # names dilute its one trait word, which read alone (with what it is to do: "less painful to pick
            # up") names the axis it ranks on ("harder" ~ "easier to learn and use"), else the turn's meaning
            # does, if near enough and clear of the next. "pytorch vs tensorflow, give me the quick rundown"
            # ranks them on no trait: an overview.
            readings = [meaning]
            if encode_words is not None:
                # (and the comparative on its own, when what it is to do blurs it: "simpler to write" sits as near
                # flexibility as ease, "simpler" does not; one batch)
                said = trait[trait.lastindex or 0].removesuffix("than").strip()
                word = re.match(r"(?:more|less)\s+\w+|\w+", said)
                texts = [said, *([word[0]] if word and word[0] != said else [])]
                alone = encode_words(texts)
                readings[:0] = [k.axis_vectors @ k.topic_of(v) for v in alone]
            for sims in readings:
                order = np.argsort(-sims)
                top, ahead = float(sims[order[0]]), float(sims[order[0]] - sims[order[1]])
                axis = int(order[0]) if top >= AXIS_NEAR and ahead >= AXIS_AHEAD else None
                if axis is not None:
                    break
        elif (
            axis is None
            and use_case is None
            and (
                (len(named) < 2 and YES_NO.search(text) and len(content) <= TRAIT_WORDS)
                or (len(named) >= 2 and BY_TRAIT.search(text))  # "rank tf, pytorch and keras by how hard …"
            )
        ):
            # "is it hard to pick up?" asks where one framework stands on a trait, in few words, and "rank them
            # by how hard they are to learn" ranks them on one: a nearer axis counts, if clear of the next (as
            # for two frameworks set against each other on a comparative)
            order = np.argsort(-meaning)
            top, ahead = float(meaning[order[0]]), float(meaning[order[0]] - meaning[order[1]])
            axis = int(order[0]) if top >= AXIS_NEAR and ahead >= AXIS_AHEAD else None
    return axis


def topic_axis(k: Knowledge, topic: np.ndarray) -> int | None:
    """The axis a chat's topic is on, by meaning alone ("what makes it steep?" after TensorFlow's learning curve:
    ease of use), for a later turn that points at it ("compare it with keras on that"); None when none is near."""
    if not len(k.axes):
        return None
    sims = k.axis_vectors @ k.topic_of(topic)
    best = int(np.argmax(sims))
    return best if float(sims[best]) >= AXIS_FROM else None


def read_fields(
    k: Knowledge,
    who_fields: tuple[str, ...],
    maker_fields: tuple[str, ...],
    when_fields: tuple[str, ...],
    vector: np.ndarray,
    text: str,
) -> tuple[tuple[str, ...] | None, tuple[str, ...]]:
    """The fact fields asked (by meaning, or every field of the kind a "who"/"when" asks for), and those a
    question word asked for (empty when none did)."""
    attribute, cued = None, ()
    if len(k.fields):
        # The fact field(s) asked: the closest, with any near-synonym field as close ("who makes it?":
        # creator and developer), provided the rest fall clearly behind.
        sims = k.field_vectors @ k.topic_of(vector)
        order = np.argsort(-sims)
        top = float(sims[order[0]])
        close = [i for i in order if sims[i] >= top - FIELD_MARGIN]
        rest = float(sims[order[len(close)]]) if len(close) < len(order) else -1.0
        if top >= FIELD_FROM and len(close) <= 2 and top - rest >= FIELD_MARGIN:
            attribute = tuple(k.fields[int(i)] for i in close)
        # "who …?" / "when …?" ask for a field whose value is a party or a time: the closest such field.
        asked = [fields for cue, fields in ((WHO, who_fields), (WHEN, when_fields)) if cue.search(text)]
        cued = tuple(f for fields in asked for f in fields) or (maker_fields if MADE_BY.search(text) else ())
        if MAKER.search(text) and maker_fields:  # "who maintains it?" asks who makes it, not who uses it
            cued = tuple(f for f in cued if f in maker_fields or f not in who_fields)
        elif USES.search(text) and set(who_fields) - set(maker_fields):
            # "which big companies use pytorch?" asks who uses it, not who makes it
            cued = tuple(f for f in cued if f not in maker_fields)
        if cued:  # every field of that kind: the framework may lack the closest one ("creator")
            attribute = cued
    return attribute, cued


def named_party(k: Knowledge, fields: tuple[str, ...], framework: str, names: list[str]) -> tuple[str, ...] | None:
    """The one party field of the framework (``fields``) whose value the turn names ("is pytorch still a facebook
    thing?": its developer, "Meta (Facebook)"), if exactly one of its fact sentences holds one of the turn's
    ``names`` (its specific words, ``Knowledge.things_in``: "research" of "AI Research lab" is none): a "who"
    asked as a yes or no."""
    words = {w.casefold() for w in names if len(w) >= 3 and w.casefold()[:STEM] not in k.generic_stems}
    fields = {
        k.unit_field[i]
        for i in k.units_led_by(framework)
        if k.unit_field[i] in fields and not k.unit_update[i] and words & k.words[i]
    }
    return (fields.pop(),) if len(fields) == 1 else None


_NAMING = frozenset(("a", "an", "the", *vocab.RECOMMENDED_KINDS))  # words that may stand beside a name defined


def defines(text: str, named: tuple[str, ...], find: Callable[..., list[str]]) -> bool:
    """Whether the turn asks what the one framework it names is ("What is Keras?", "tell me about torch")."""
    m = WHAT_IS.match(text)
    if len(named) != 1 or m is None or tuple(find(m.group("name"))) != named:
        return False
    # (the name alone, "the keras library" at most: "what is keras best for" asks what it is best for)
    said = re.findall(r"[\w.+-]+", m.group("name"))
    return all(w.casefold() in _NAMING or find(w) for w in said)
