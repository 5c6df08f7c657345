"""Understand one turn on its own: the first half of reading a chat (conversation.py fills the rest).

A turn's slots are the frameworks it names, what it asks for (a recommendation, a comparison, a
fact, "why?"), its use case and its comparison axis. The use case and the axis are found by meaning:
the query vector is compared with the claims table's use-case labels and the rankings' axes, which
were embedded once with the index. Question words (who, which, vs, why …) are only cues.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

from .answer.evidence import Knowledge, scarce, word_stems
from .answer.recommend import BETWEEN, COVERED_FROM
from .cues import (
    COMPARE,
    DIFFERENCE_BETWEEN,
    EVERY,
    FACT,
    FOLLOW_UP,
    GOODNESS,
    OR_ENDS,
    OR_FOR,
    POINTS_BACK,
    RANKS_UNNAMED,
    RECOMMEND,
    SENTENCES,
    SET_OFF,
    STARTED_WITH,
    UNMARKED_IS,
    USE_CASE_AFTER,
    WEAK_FACT,
    WHAT_IS,
    WHEN,
    WHICH,
    WHO,
    WHY,
    names_after_for,
)
from .textutil import NEGATED, RECENT, YES_NO, content_words
from .traits import defines, named_party, read_axis, read_fields
from .turn import Intent, Turn
from .usecase import AXIS_WORD_SHARE, STRANGE_FROM, UseCases

# Similarity (cosine) from which a turn's meaning counts as naming a use case or a comparison axis.
# Tuned on the dev split (`assistant eval --split dev`), see docs/EVALUATION.md.
ABOUT_FRAMEWORKS = 0.60  # this much of a turn's meaning is "which framework …?": it is about the frameworks
# "… the model has to run ON the phone. what should i be using to train + ship this": the asking sentence points at
# what the context said ("this", "that", "it"; not "that one", a framework)
CONTEXT_FROM = 0.30  # … and names a use case this clearly (more than a question must: it is not the question)
SENTENCES_ALONE = 3  # a turn's sentences read alone, the asking one first, when the whole names no use case
MAX_UNKNOWN_ENCODED = 3  # words no source uses, each encoded alone (uncovered.py judges what they ask by it)
USE_CASE_AHEAD = 0.20  # a use case this far ahead of the axis a superlative names is what the turn asks a pick for


def unit_vector(v: np.ndarray) -> np.ndarray:
    """The vector scaled to length 1 (a zero vector stays as it is)."""
    n = float(np.linalg.norm(v))
    return v / n if n else v


def _phrase(text: str, word: str, content: list[str]) -> str:
    """The word with the content word right after it, if any: "fall short" means what "fall" alone does not."""
    after = re.search(rf"\b{re.escape(word)}\s+(\w+)", text)
    return f"{word} {after.group(1)}" if after and after.group(1) in content else word


class TurnReader:
    """Reads one turn without its chat; one per index state (it reads its knowledge). ``Conversation`` adds
    the chat."""

    def __init__(
        self,
        knowledge: Knowledge,
        encode: Callable[[str], np.ndarray],
        find: Callable[..., list[str]],
        indexed: Callable[[str], bool] | None = None,
        spell: Callable[[str], str] | None = None,
        encode_words: Callable[[list[str]], np.ndarray] | None = None,
    ) -> None:
        self.knowledge = knowledge
        self.encode = encode
        self.encode_words = encode_words  # several short texts in one batch (a turn's words, each alone)
        self.find = find
        self.indexed = indexed  # whether some source uses a word (the BM25 lexicon)
        self.spell = spell  # misspelt words in the sources' spelling (spelling.Speller.correct)
        self.use_cases = UseCases(knowledge)
        self.framing_stems = self.use_cases.framing_stems
        # An axis's words that back a turn's meaning up, less those the sources use everywhere: "learn" (of
        # "learning curve") is in "deep learning" and "reinforcement learning" too.
        n = max(len(knowledge.units), 1)
        self.axis_stems = [
            frozenset(s for s in a.stems if knowledge.stem_units.get(s, 0) <= AXIS_WORD_SHARE * n)
            for a in knowledge.axes
        ]
        self.wording = self.use_cases.wording
        from .facts import MAKER_FIELDS, PARTY_FIELDS, TIME_FIELDS

        # Fields whose sentence gives a party ("is developed by {value}", "users include {value}") or a time.
        self.who_fields = tuple(f for f in knowledge.fields if f in PARTY_FIELDS)
        self.maker_fields = tuple(f for f in knowledge.fields if f in MAKER_FIELDS)  # "is developed by {value}"
        self.when_fields = tuple(f for f in knowledge.fields if f in TIME_FIELDS)

    def on_its_own(self, text: str) -> Turn:
        """The turn understood without its history (its misspelt words corrected first)."""
        # a question word's "'s" typed without its apostrophe ("whats onnx for")
        text = UNMARKED_IS.sub(r"\1's", text)
        if self.spell is not None:
            text = self.spell(text)
        vector = self.encode(text)
        sentences = SENTENCES.split(text.strip())
        refusals = [m[1] for m in NEGATED.finditer(text)]  # what it says it does not want ("no server")
        named = tuple(self.find(text, fuzzy=True))
        content = content_words(text, self.find) if named else content_words(text, lambda w: [])
        k = self.knowledge
        things = k.things_in(text)  # its specific words ("TorchScript", "LiteRT", "Facebook"), read once
        names_for = bool(re.search(r"\bfor\b", text, re.I))  # a use case may follow its "for"
        use_case, use_score = None, 0.0
        # (a short word the sources happen not to use, "put", says nothing of the topic; "newest" asks for the
        # current state, which the dated updates give, as "when" asks for a time)
        unknown = (
            tuple(w for w in content if len(w) > 3 and not self.indexed(w) and not RECENT.fullmatch(w))
            if self.indexed is not None
            else ()
        )
        strange = bool(unknown)
        phrases = [_phrase(text, w, content) for w in unknown[:MAX_UNKNOWN_ENCODED]]
        # asks for a pick or a fit; "TensorFlow or PyTorch for beginners?" asks to pick one of the two
        # ("if I start with keras, can I move to pytorch later?" has started: a framework after "start with" is no pick)
        started = STARTED_WITH.sub(lambda m: " " if self.find(m[1]) else m[0], text)
        # "… need a standard CNN asap. keras, pytorch or tf?": the frameworks as the closing choice after the need
        # is said asks to pick one, as "X or Y for …?" does
        # (or set off by a dash or a colon: "time series forecasting for retail sales data - tensorflow, pytorch or
        # keras?")
        closing = len(named) >= 2 and bool(OR_ENDS.search(text)) and (len(sentences) > 1 or bool(SET_OFF.search(text)))
        choosing = bool(RECOMMEND.search(started)) or (len(named) >= 2 and bool(OR_FOR.search(text))) or closing
        defined = WHAT_IS.match(text)
        # "what's ONNX for?" asks what a named thing does: nothing follows its "for" …
        says_what = defined is not None and not re.search(rf"{USE_CASE_AFTER.pattern}\W+\w", defined["name"], re.I)
        # … and "what's ONNX good for?" asks it as well, not for a pick (the sources name few units with "ONNX"),
        # unless it asks which as well ("what is XLA and which framework has it?")
        asks_which = defined is not None and re.search(r"\b(?:which|what)\b", defined["name"], re.I)
        choosing = choosing and not (says_what and not asks_which and k.things_in(defined["name"]))
        # (a pick, or "and for <something else>?", which asks what the chat asked for a new use case)
        naming = choosing or bool(FOLLOW_UP.search(text))
        plain = self.use_cases.plain_words(content) if strange and naming else []
        plain += self.use_cases.strange_pairs(text, unknown, content) if plain else []
        # one batch for every short text the turn needs encoded alone: its unknown words' phrases, its plain words,
        # and, after sentences of context, the sentence that asks and the context's last sentences (see below)
        asking = next((part for part in reversed(sentences) if RECOMMEND.search(part) or WHICH.search(part)), "")
        asking = asking or next((part for part in reversed(sentences) if part.rstrip().endswith("?")), "")
        # (only for a turn whose unknown words are encoded; a sentence of words of its own: "3-7" after the
        # question, or "ok.", is none to read alone)
        worded = [p for p in sentences if len(re.findall(r"[^\W\d_]{2,}", p)) >= 2] if phrases and asking else []
        alone_texts = [asking, *(p for p in reversed(sentences) if p != asking)][:SENTENCES_ALONE]
        alone_texts = [p for p in alone_texts if p in worded] if len(worded) > 1 else []
        batch = [*phrases, *plain, *alone_texts]
        encoded = self.encode_words(batch) if phrases and self.encode_words is not None else None
        alone_vectors = encoded[len(batch) - len(alone_texts) :] if alone_texts and encoded is not None else []
        asked = alone_vectors[0] if len(alone_vectors) else None
        points_back = bool(RECOMMEND.search(asking) or WHICH.search(asking)) and bool(POINTS_BACK.search(asking))
        plain_vectors = encoded[len(phrases) : len(phrases) + len(plain)] if plain and encoded is not None else None
        unknown_vectors = tuple(encoded[: len(phrases)]) if encoded is not None else tuple(map(self.encode, phrases))
        if len(k.labels):
            use_case, use_score = self.use_cases.read(
                vector, text, named, content, refusals, choosing, strange, plain_vectors
            )
            # (a word one sentence of the sources uses, "reinforcement" in a definition, names no use case of theirs
            # either: "best for reinforcement learning? I want to train an agent …" is no pick for mobile and edge)
            rare = (*unknown, *scarce(k, content))
            # (… or a thing the sources name: "… TPU credits via a research grant. which framework gets the most out
            # of TPUs?" asks about TPUs, not research)
            own_thing = len(sentences) > 1 and bool(k.things_in(asking))
            if asked is not None and use_case is not None and choosing and (
                names_after_for(asking, rare) or own_thing
            ) and not (
                points_back  # ("… train + ship this": what follows its "to" is the context's)
            ):
                # "i need to forecast weekly sales for a few hundred stores. which framework is best for time series
                # forecasting?": the use case asked, after the asking sentence's "for", is in words no source uses;
                # one the context grazes ("a few hundred stores" ~ enterprise) is not it. Read alone (encoded in the
                # same batch), the asking sentence must name it too.
                own = k.use_case_scores(asked, named, strict=not choosing)
                use_case = use_case if float(own[use_case]) >= COVERED_FROM else None
            elif asked is not None and use_case is None:
                # "i teach an after-school coding club … what's least painful for kids who only know basic python?":
                # the context's words no source uses dilute the question; the asking sentence alone may name a use
                # case, else a sentence of context may ("3 person startup, need a quick standard CNN prototype for
                # investors. is full tensorflow overkill for that?": prototyping)
                # (a sentence of context only before a yes or no about a framework, "… is full tensorflow overkill
                # for that?"; "… we already run Spark … What do we standardise on?" is answered from its sentences)
                fits = bool(named) and bool(YES_NO.search(asking))
                # (or just before an asking sentence pointing at it, if it names a use case clearly: "… has to run
                # in the visitor's browser. Which of the three frameworks makes that possible?" asks the browser pick)
                # (an asking sentence that says nothing but the choice, "… need a working demo fast. keras or
                # pytorch?", is no use case alone: the sentences before it say it)
                bare = not word_stems(" ".join(content_words(asking, self.find))) - self.framing_stems
                for at, (part, alone_vector) in enumerate(zip(alone_texts, alone_vectors, strict=True)):
                    pointed = points_back and at == 1
                    if (part != asking and not (fits or pointed or bare)) or (part == asking and bare):
                        continue
                    alone = self.use_cases.read(
                        alone_vector, part, named, content, refusals, choosing, strange, plain_vectors
                    )
                    if pointed and not fits and alone[1] < CONTEXT_FROM:
                        continue
                    if alone[0] is not None and self.wording[alone[0]]:  # (a use case worded as one, not a verdict)
                        use_case, use_score = alone
                        # a need said, then a yes or no about a framework ("is full tensorflow overkill for that?",
                        # "would going with pytorch be a mistake?") asks how it fits that need
                        choosing = choosing or (part != asking and (fits or points_back))
                        break
        # (an "or" sets sides when a framework is named after it: not "… tied to tensorflow or can it use …?")
        sides_set = bool(RANKS_UNNAMED.search(text)) or _or_names_a_side(sentences, self.find)
        # (a verdict sentence its words graze is no use case named: "pytorch vs keras - which one's simpler to write?"
        # ranks them on a trait, not on "… also simplify debugging, making it a great choice for researchers")
        worded = use_case if use_case is not None and self.wording[use_case] else None
        # ("compare all three for how easy they are" names every framework: its trait word is read as one naming two)
        ranked = named or (tuple(k.frameworks) if sides_set and EVERY.search(text) else ())
        axis = read_axis(k, self.axis_stems, self.encode_words, vector, text, ranked, content, worded, sides_set)
        attribute, cued = read_fields(k, self.who_fields, self.maker_fields, self.when_fields, vector, text)
        if not cued and len(named) == 1 and YES_NO.search(text):
            # a yes or no about a party the facts give ("is pytorch still a facebook thing?") asks who, as a
            # question word would ("who makes it?")
            valued = named_party(k, self.who_fields, named[0], sorted(things))
            attribute, cued = (valued, valued) if valued else (attribute, cued)
        if cued and named:  # "When was TensorFlow released?" asks a time of it, of no use case its words graze
            use_case, use_score = None, 0.0
        # (a tool the name finder reads as its framework, "whats TFX actually for", is something said all the same)
        elliptic = not content and not things
        # An attribute read from meaning alone gives way to a covered use case: "what about later in
        # production?" asks for the production pick, not a release year ("later").
        # ("and for reinforcement learning?" names a use case after its "for", which no field's meaning outweighs)
        for_case = bool(FOLLOW_UP.search(text)) and bool(re.search(r"\bfor\s+(?!that\b|it\b|this\b)\w", text, re.I))
        asks_fact = bool(FACT.search(text)) or (
            attribute is not None and (bool(cued) or (use_case is None and not for_case))
        )
        # "What's a dynamic computation graph?" asks what a thing is, however close a use case's words sit;
        # "what's the go-to for serving models?" names a use case after its "for" and asks for a pick.
        asks_fact = asks_fact or says_what
        which = bool(WHICH.search(text))
        # "and what about the learning curve?" names an axis and nothing else: the frameworks compared on it, not a
        # pick for a use case its words graze ("learning" ~ education)
        says_only_axis = (
            axis is not None
            and not named
            and not USE_CASE_AFTER.search(text)  # "what about for production?" names a use case after its "for"
            and bool(content)
            and all(word_stems(w) <= k.axes[axis].stems for w in content if word_stems(w) - self.framing_stems)
            and any(word_stems(w) - self.framing_stems for w in content)
        )
        # "which of the three runs best on it?" asks for one of them, also after a sentence of context
        asks_which = any(WHICH.search(part) for part in sentences)
        # "which framework is more flexible?" ranks them; "which framework is better for beginners?" names a use case
        # ("better for beginners" asks a pick for a use case; "faster for training" ranks them on speed)
        ranks_them = bool(RANKS_UNNAMED.search(text))
        ranks = ranks_them and not (
            use_case is not None and names_for and (axis is None or GOODNESS.search(text))
        )
        # "which framework gets us to an MVP fastest?" names a use case in so many words: the superlative is how
        # soon it gets there, a pick for it, not a ranking on speed ("which one is faster for training?" ranks them
        # on speed for what follows its "for", as above)
        # (and its meaning is more the use case's than the axis's: "What's the simplest framework to learn?" ranks
        # them on ease, whatever "learn" says of beginners)
        clearly_named = (
            choosing
            and use_case is not None
            and axis is not None
            and bool(self.wording[use_case])
            and use_score >= STRANGE_FROM
            and use_score - float(k.axis_vectors[axis] @ k.topic_of(vector)) >= USE_CASE_AHEAD
        )
        ranks = ranks and not (clearly_named and not names_for)
        # (after sentences of context, a "which … should we …?" asking no trait of its own asks a pick, whatever
        # axis the context's meaning grazes: "… a recommendation model into production … Which framework should we
        # standardize on?" is no ranking on flexibility)
        # (… in the words of a use case the sources word: "production", not "trying out wacky new model ideas",
        # which asks what is more flexible)
        context_axis = (
            choosing
            and len(sentences) > 1
            and axis is not None
            and not word_stems(asking) & k.axes[axis].stems
            and self.use_cases.names_a_use_case(
                content_words(" ".join(p for p in sentences if p != asking), lambda w: []), k.axes[axis].stems
            )
        )
        why = WHY.search(text)  # ("what makes it steep?": "makes" is the cue's, not a word of the turn's own)
        if why and not named and use_case is None and len([w for w in content if w not in why[0]]) <= 1:
            intent: Intent = "why"
        elif len(named) >= 2 and defined is not None and not content:
            intent = "comparison"  # "tell me about pytorch and keras": each of them, side by side
        elif (
            len(named) >= 2
            and axis is None
            and not choosing
            and (
                not COMPARE.search(text)
                # (or a yes or no about a thing the sources name: "can litert run a model i trained in pytorch or is
                # it tf only?" asks about LiteRT, not which of the two is better)
                or (YES_NO.search(text) and (RECENT.search(text) or things) and not ranks_them)
                # (or a yes or no that asks about one of them, set against the other only in a sentence of context:
                # "Does TensorFlow still work with static graphs? Every blog I read says it's static vs pytorch …")
                or (
                    len(sentences) > 1
                    and bool(YES_NO.search(asking))
                    and len(self.find(asking, fuzzy=True)) == 1
                    and not COMPARE.search(asking)
                )
                # (or a yes or no whose "or" offers another answer, not another side: "Is Keras just a piece of
                # TensorFlow at this point, or is it its own separate thing?" names no framework after its "or")
                or (YES_NO.search(asking) and not ranks_them and not _or_names_a_side(sentences, self.find))
            )
        ):
            # "Is Keras part of TensorFlow?" asks about its first name; so does "Can I run Keras on PyTorch nowadays,
            # or is it still tied to TensorFlow?" (its current state), whatever "or" sets against what
            intent = "fact"
        elif len(named) >= 2:
            # "tf or torch for my thesis?" asks for a pick between them; "which is easier, X or Y?" compares.
            # With no word besides the names and the framing ("How do I choose between PyTorch and TensorFlow?")
            # no use case is asked, whatever the rest of the meaning grazes: a comparison.
            asks_pick = content and use_score >= COVERED_FROM * BETWEEN and choosing and axis is None
            intent = "recommendation" if asks_pick else "comparison"
        elif len(named) == 1:
            intent = "fact"
        elif axis is not None and (
            ranks or ((use_case is None or not self.wording[use_case]) and which and not context_axis) or says_only_axis
        ):
            # (a verdict sentence that merely says the axis's word, "… also simplify debugging, making it a great
            # choice for researchers", is no use case of its own: "which should I use if debugging matters most?")
            intent = "comparison"  # "which is easier to debug?", "which has the bigger community?"
        elif DIFFERENCE_BETWEEN.search(text):
            intent = "fact"  # "what's the difference between eager and graph execution?": two ideas, no framework
        elif asks_fact and not choosing:
            intent = "fact"  # "and the release year?" asks for a fact field, not a pick
        elif choosing or (use_case is not None and not YES_NO.search(text)):
            intent = "recommendation"  # "is Theano still maintained?" asks yes or no, not for a pick
        elif WEAK_FACT.search(text):
            intent = "fact"
        else:
            intent = "general"
        # "which framework makes debugging easiest?": the sides are the frameworks the axis ranks
        sides = named or (k.axes[axis].order if intent == "comparison" and axis is not None else ())
        if cued and intent == "fact" and len(named) > 1:
            # "who actually made keras? i always assumed it was google since it's inside tensorflow": the sentence
            # that asks who or when says whom it asks about; a name in the others is what the user thinks
            asking = next((part for part in sentences if WHO.search(part) or WHEN.search(part)), "")
            own = tuple(f for f in named if f in self.find(asking, fuzzy=True))
            sides = own if own else sides
        # "how do the three frameworks compare?": a comparison that names none, about frameworks by its meaning (not
        # "the difference between static and dynamic graphs"), sets every one against the others; "which framework
        # is better for time series forecasting?" asks a pick for a use case no source covers
        ranks_unnamed = (
            not named
            and axis is None
            and use_case is None
            and bool(RANKS_UNNAMED.search(text) or DIFFERENCE_BETWEEN.search(text))  # ("Apple silicon, or an AMD card")
        )
        if ranks_unnamed and k.asks_for_a_framework(vector) >= ABOUT_FRAMEWORKS:
            if not (choosing and names_after_for(text, unknown)):
                intent, sides = "comparison", tuple(k.frameworks)
        elif (
            not named
            and EVERY.search(text)
            and intent != "why"
            and not (
                asks_which and (choosing or use_case is not None)  # "… which of the three makes that possible?"
            )
        ):
            # "the best way to debug a model in each framework?", "an overview of the three frameworks": every
            # framework, side by side (on the axis the turn names, if any), not a pick among them
            intent, sides, use_case, use_score = "comparison", tuple(k.frameworks), None, 0.0
        search = vector
        # (… as is one that says what it does not want: "we don't need mobile support, which is best for research?"
        # is about research, whatever its "mobile" adds to its meaning)
        if (strange or refusals) and use_case is not None and intent == "recommendation":
            # a turn in words no source uses, read as a covered use case by the articles' word for one of its words
            # ("for my PhD" → research): judged on that use case, as a carried topic is, since its own meaning
            # grazes no verdict closely enough to rank the frameworks
            search = unit_vector(vector + k.label_vectors[use_case])
        return Turn(
            text=text, vector=vector, search=search, named=named, frameworks=sides, intent=intent,
            use_case=use_case, use_case_score=use_score, axis=axis, attribute=attribute, elliptic=elliptic,
            words=tuple(content), own_intent=intent, cued=bool(cued), strange=strange, unknown=unknown, voiced=named,
            unknown_vectors=unknown_vectors,
            things=tuple(sorted(things)),
            choosing=choosing, defines=defines(text, named, self.find),
        )  # fmt: skip


def _or_names_a_side(sentences: list[str], find) -> bool:  # noqa: ANN001 - the reader's name finder
    """Whether an "or" has a framework named after it in its sentence ("keras or pytorch?", "is it slower, or is
    torch faster?"): then it sets sides; one naming none offers another answer to a yes or no."""
    return any(find(part[m.end() :], fuzzy=True) for part in sentences for m in re.finditer(r"\bor\b", part, re.I))
