"""Understand a turn of a chat: on its own first (reading.py), then fill only its empty slots from the
turn before.

The state of a chat is the chain of turn states, recomputed from the user turns of the history
(their vectors come from the query cache, so a live chat encodes each question once). Earlier
questions are never answered again: the subject of an earlier answer (its pick) is derived from the
claims table directly.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from . import cues
from .answer.evidence import word_stems
from .answer.recommend import BETWEEN, COVERED_FROM, rank_frameworks
from .chatthings import swapped_thing, things_of
from .cues import APPOSED, CHOSEN, FACT, FOLLOW_UP, PRONOUN, compares, names_after_for, refers_back, weighed_against
from .reading import TurnReader, unit_vector
from .textutil import INSTEAD, PLURAL, RECENT, WHY_NOT, YES_NO
from .traits import topic_axis
from .turn import Turn
from .usecase import SAME_USE_CASE

_BOLD_LEAD = re.compile(r"^\*\*([^*]{1,60})\*\*")  # a reply's pick: "**Keras**, going by the sources: …"
_OPTION = re.compile(rf"\b(?:(?:that|this) (?:one|framework|library)|the winner|your pick|the pick)\b|{CHOSEN}", re.I)
_THAT = re.compile(r"\b(?:that|this)\b(?! one| framework| library)", re.I)  # a demonstrative, not "that one"
_NOW_THAT = re.compile(rf"^(?=.*{RECENT.pattern})(?=.*{_THAT.pattern})", re.I | re.S)  # "is that still the case?"
_CLAUSES = re.compile(r"[,;:—–]|\s-\s|\b(?:and|but)\b", re.I)  # where a turn's next clause begins ("keras - can it …")


class Conversation(TurnReader):
    """Turns text and history into a :class:`Turn`; one per index state (it reads its knowledge)."""

    def understand(self, text: str, history: Sequence[str | tuple[str, str]] = ()) -> Turn:
        """The last turn, with slots it leaves empty taken from the chain of earlier user turns.

        ``history`` holds earlier user turns, each optionally paired with the reply it got: a pick the
        answer made from sentences alone (no use-case label) is read back from the reply's bold lead.
        """
        previous: Turn | None = None
        for earlier in history:
            question, reply = (earlier, "") if isinstance(earlier, str) else earlier
            previous = self._follow(self.on_its_own(_placed(question, previous)), previous)
            # what the reply picked is what "that one" points at: a pick the answer made from sentences alone (no
            # use-case label), or one other than the label ranking gives ("custom architectures" → PyTorch where
            # "prototyping" ranks Keras first)
            # (or a comparison's verdict: "**TensorFlow** is better for deployment and production than PyTorch")
            shown = reply and (not previous.subject or previous.intent in ("recommendation", "comparison"))
            lead = _BOLD_LEAD.match(reply) if shown else None
            picked = tuple(self.find(lead.group(1))) if lead else ()
            if not picked and reply and not (previous.subject or previous.frameworks or previous.things):
                # a turn about no framework whose reply's first line is about one ("PyTorch: Production deployment
                # less mature."): "it" next is that one ("and who's behind it"); not one about a thing ("whats
                # tensorboard exactly": "does pytorch have its own version of that?" is about TensorBoard)
                names = self.find(reply.split("\n", 1)[0])
                picked = tuple(names) if len(names) == 1 else ()
            previous = replace(previous, subject=picked[:1]) if picked else previous
        turn = self._follow(self.on_its_own(_placed(text, previous)), previous)
        if turn.why and history and not isinstance(history[-1], str):
            turn = replace(turn, said_before=history[-1][1])  # "why?" wants reasons that reply did not give
        return turn

    # -- filling empty slots -----------------------------------------------------------------
    def _follow(self, turn: Turn, previous: Turn | None) -> Turn:
        if previous is None or not self._continues(turn, previous):
            return replace(turn, subject=self._subject(turn), mentioned=turn.frameworks)
        if turn.intent == "why":
            # "why?" explains the previous answer: same question, same pick.
            # (its own unknown words only: "honestly" in "how steep is it, honestly?" is not asked again)
            return replace(
                previous, text=turn.text, vector=turn.vector, carried=True, why=True, elliptic=True,
                unknown=turn.unknown,
            )  # fmt: skip
        if (
            WHY_NOT.search(turn.text)
            and len(turn.named) == 1
            and previous.use_case is not None
            and previous.subject
            and turn.named[0] not in previous.subject
        ):
            # "why not PyTorch?" after the beginners pick: how the framework named fits the chat's use case,
            # beside the pick (a fit question about it, as "is PyTorch good for that?" would be)
            return replace(
                previous, text=turn.text, vector=turn.vector, intent="fact", own_intent="fact",
                frameworks=turn.named, named=turn.named, subject=turn.named, mentioned=turn.named, carried=True,
                voiced=turn.named,
                things=turn.things,  # the pick's question's own names ("ML" in "ml engineer") are not asked of it
            )  # fmt: skip
        if INSTEAD.search(turn.text) and not (turn.named or turn.things) and previous.subject and (
            previous.use_case is not None
        ) and (turn.choosing or turn.elliptic) and (turn.use_case is None or turn.elliptic):
            # "what would you use instead?" after "is Keras good for production?": a pick for the chat's use case
            # among the frameworks besides the one the chat was about ("should I just use JAX instead?" asks of JAX)
            k = self.knowledge
            others = tuple(f for f in k.frameworks if f not in previous.subject)
            # the use case as the sources word it for one of those ("mobile deployment" for PyTorch, beside
            # TensorFlow's "mobile and web applications"), if they word it for one
            use_case = previous.use_case
            theirs = [i for i, label in enumerate(k.labels) if label.framework in others]
            if theirs:
                near = k.label_vectors[theirs] @ k.label_vectors[use_case]
                if float(near.max()) >= SAME_USE_CASE:
                    use_case = theirs[int(np.argmax(near))]
            search = unit_vector(turn.vector + k.label_vectors[use_case])
            filled = replace(
                turn, intent="recommendation", frameworks=others, use_case=use_case,
                use_case_score=previous.use_case_score, search=search, carried=True, context=previous.topic,
                mentioned=tuple(dict.fromkeys((*previous.mentioned, *others))),
            )  # fmt: skip
            return replace(filled, subject=self._subject(filled))
        if swapped := swapped_thing(self.knowledge, turn, previous):
            # "and google?" after "which framework does openai use?": the same question, of the thing it names instead
            filled = replace(
                turn, intent=previous.intent, frameworks=previous.named, attribute=previous.attribute,
                cued=previous.cued, carried=True, mentioned=previous.mentioned, things=swapped, elliptic=True,
            )  # fmt: skip
            return replace(filled, subject=self._subject(filled))
        # A turn that says nothing of its own beyond a name ("what about tensorflow?") has no use case of its
        # own: what its name alone resembles is no topic; the chat's topic stays.
        if turn.elliptic and turn.use_case is not None:
            turn = replace(turn, use_case=None, use_case_score=0.0)
        frameworks = turn.named
        # "is pytorch good for it too?": "for it" is the chat's purpose (the use case), not a framework; "does
        # tensorflow have anything like that?" after "what is torchscript?": "like that" is the chat's thing
        # "and with pytorch, is that possible?" after the pick for the browser: a bare "that" beside a name is what
        # the chat wanted (its use case), not a framework
        demonstrative = bool(turn.named) and previous.use_case is not None and bool(_THAT.search(turn.text))
        if demonstrative and len(turn.words) <= 1:  # ("does pytorch have something like that?": no use case of its own)
            turn = replace(turn, use_case=None, use_case_score=0.0)
        blanked = cues.NOT_POINTING.sub(lambda m: " " * len(m[0]), turn.text)  # positions kept
        blanked = _THAT.sub(lambda m: " " * len(m[0]), blanked) if demonstrative else blanked
        pointing = PRONOUN.search(blanked)
        # ("does keras have its own deployment tools?": a possessive after a name in its own clause is that name's;
        # "does pytorch have its own version of that?" points back by its "that")
        clause = _CLAUSES.split(turn.text[: pointing.start()])[-1] if pointing else ""
        if pointing and pointing[0].casefold() == "its" and self.find(clause, fuzzy=True):
            blanked = blanked[: pointing.start()] + "   " + blanked[pointing.end() :]
            pointing = PRONOUN.search(blanked)
        # "who made pytorch and when was it released?": "it" in a clause after the one that says a name is that
        # name ("is pytorch more flexible than it?", "does pytorch have something like it?" point back)
        joined = _CLAUSES.split(turn.text[: pointing.start()]) if pointing and turn.named else []
        pronoun = bool(pointing) and not (len(joined) > 1 and self.find(" ".join(joined[:-1]), fuzzy=True))
        # "what about the other one, pytorch — can it do phones?": a pointer the name follows at once is that name
        apposed = APPOSED.match(turn.text, pointing.end()) if pointing and turn.named else None
        pronoun = pronoun and not (apposed and self.find(apposed[1], fuzzy=True))
        # "it", "that one" (not "they", "each") point at a framework only when the chat has one: after "the
        # sources don't say" for a chatbot, "it" in "what if we later need it on phones?" is the chatbot.
        singular = pronoun and not PLURAL.search(turn.text) and bool(previous.subject or previous.frameworks)
        # "… we have to ship it as a production service": "it" after a verb of the user's own ("ship", "deploy";
        # not "use") is their project, not a framework; with a use case of its own the turn asks a new pick (a
        # yes/no question, "can I deploy it to phones?", still asks how the chat's framework fits)
        before = re.search(r"(\w+)\s+$", turn.text[: pointing.start()]) if pointing else None
        singular = singular and not (
            turn.use_case is not None
            and not turn.cued  # ("who uses it in industry?": "who" does the using, and "it" is the chat's framework)
            and not YES_NO.search(turn.text)
            and pointing is not None
            and pointing[0].casefold() == "it"
            and before is not None
            and before[1] in turn.words
            and not word_stems(before[1]) <= self.framing_stems
        )
        intent = turn.intent
        use_case, axis = turn.use_case, turn.axis
        # After a pick, a turn with a use case of its own asks for a new pick the same way: "and what about
        # running models in the browser?", "and if they later do research?" ("they": people, not a framework).
        # "… put it in production, which one then?": "it" is the project; asking to choose makes it a new pick.
        choosing = bool(cues.SELECTING.search(turn.text))
        new_topic = (
            not turn.named
            and (not singular or choosing)
            and turn.use_case is not None
            and previous.intent == "recommendation"
            and not (turn.intent == "comparison" and turn.axis is not None)  # "and which is easier to debug?" ranks
            # ("whats the learning curve gonna be like for them" asks a field's value of the pick, choosing none)
            and not (
                turn.attribute is not None and cues.ASKS_VALUE.search(turn.text) and not (choosing or turn.choosing)
            )
        )
        # "and for image classification?" after a pick asks the same of a topic of its own, one no source covers:
        # a new pick (that the sources don't make), not how the last pick fits it.
        uncovered = (
            not turn.named
            and not pronoun
            and bool(turn.words)
            and turn.use_case is None
            and turn.intent in ("general", "recommendation")
            # (or after any turn, a choice in words no source uses: "so which should i learn to get hired as …?")
            and (previous.intent == "recommendation" or (turn.choosing and bool(turn.unknown)))
            and bool(FOLLOW_UP.search(turn.text))
        )
        if new_topic or uncovered:
            new_topic = True
            intent = "recommendation"
        elif not turn.named and pronoun and intent == "recommendation" and not turn.choosing:
            intent = "fact"  # "what backends does it support now?": about the framework "it" is, not a new pick
        search = turn.search  # (its own meaning, with the use case its strange words were read as)
        words = turn.words
        carried = False
        context = None
        # A turn points back by a pronoun, by saying nothing of its own, by opening as a follow-up
        # ("and …", "what about …") or by comparing; one with its own words starts afresh.
        points_back = refers_back(turn.text, turn.elliptic) or turn.intent in ("comparison", "why")
        # "what year?" after "who created Keras?": a question word and one word of a field asks that field of the
        # chat's framework, as "and when?" would
        points_back = points_back or (turn.cued and turn.attribute is not None and len(turn.words) <= 1)
        # "for raw speed", "and memory usage?" after a comparison: a fragment naming an axis ranks the same sides on it
        ranks_on = turn.axis is not None and previous.intent == "comparison" and len(previous.frameworks) >= 2
        points_back = points_back or (ranks_on and cues.is_fragment(turn.text))
        inherits = pronoun or turn.elliptic or turn.use_case is None or intent == "fact"
        if not turn.named and not new_topic and points_back and inherits:
            sides = turn.intent == "comparison" or previous.intent == "comparison"
            inherit = previous.frameworks if sides and len(previous.frameworks) >= 2 else previous.subject
            if PLURAL.search(turn.text) and len(previous.mentioned) >= 2 and len(inherit) < 2:
                inherit = previous.mentioned  # "which of them came first?" after "who makes TensorFlow?" "and PyTorch?"
            # ("ok what would we actually serve it with" after "**TensorFlow** is better for deployment …": "it" is
            # their project, built with the framework the reply picked)
            one = singular or (pronoun and not PLURAL.search(turn.text) and len(previous.subject) == 1)
            if intent in ("fact", "general") and len(inherit) > 1 and (one or (not pronoun and not sides)):
                # "who makes it?" after a comparison: its winner; "since when?" after "Is Keras only for
                # TensorFlow?": the framework that question was about, its first name
                inherit = (previous.subject or inherit)[:1]
            if turn.use_case is None or pronoun or intent == "fact":
                frameworks, carried = tuple(inherit), bool(inherit)
        elif not turn.named and len(previous.frameworks) >= 2 and (turn.use_case is not None and turn.words) and (
            FOLLOW_UP.search(turn.text) and previous.intent in ("comparison", "recommendation")
        ):
            # "and for a server?" after "PyTorch or TensorFlow for the browser?": the same choice, on a new use case
            frameworks, carried = previous.frameworks, True
        elif not turn.named and len(previous.frameworks) >= 2 and cues.SELECTING.search(turn.text):
            # "which one is more popular in research?" after "I'm picking between TensorFlow and PyTorch":
            # the choice is between the frameworks the chat named
            frameworks, carried = previous.frameworks, True
        elif turn.named and PLURAL.search(turn.text) and len(previous.mentioned) >= 2 and compares(turn.text):
            # "so is keras older or newer than those two?" after TensorFlow's and PyTorch's release: all of them
            frameworks, carried = tuple(dict.fromkeys((*turn.named, *previous.mentioned))), True
        elif len(turn.named) == 1 and previous.subject and weighed_against(
            turn.text, turn.named[0], previous.subject[0]
        ):
            # "what would I lose vs just writing plain pytorch?" after Keras: Keras's weak points, set against PyTorch
            frameworks, carried = (previous.subject[0], *turn.named), True
        elif turn.named and pronoun and previous.subject and compares(turn.text):
            frameworks = tuple(dict.fromkeys((*previous.subject[:1], *turn.named)))  # "how does it compare to X?"
            carried = True
        elif len(turn.named) == 1 and previous.subject and previous.subject[0] not in turn.named and (
            cues.SETS_AGAINST.search(turn.text)
        ):
            # "how does pytorch compare on deployment?" after TensorFlow's tools: set against the chat's framework
            frameworks, carried = (*turn.named, previous.subject[0]), True
        elif turn.named and singular and previous.subject and previous.subject[0] not in turn.named:
            # "is it still tied to tensorflow?" after Keras: "it" is the subject, the name its object
            frameworks = tuple(dict.fromkeys((*previous.subject[:1], *turn.named)))
            carried = True
        if intent == "general" or (intent == "recommendation" and turn.use_case is None and turn.elliptic):
            intent = previous.intent if previous.intent != "why" else "recommendation"
            carried = True
            if intent == "comparison" and axis is None and turn.words and turn.use_case_score >= COVERED_FROM * BETWEEN:
                # "and for training huge models on many GPUs?" after "which is easiest?": a topic of its own that
                # is no axis the sources rank asks which of the sides suits it
                intent = "recommendation"
        if intent == "recommendation" and len(frameworks) == 1:
            intent = "fact"  # "what about PyTorch?" after a pick: how PyTorch fits that use case
        # (on the axis alone: after "which is better for beginners, keras or pytorch?" it asks how TensorFlow fits
        # the use case named after the "for")
        ranked_before = previous.intent == "comparison" and previous.axis is not None
        ranked_before = ranked_before and not re.search(r"\bfor\b", previous.text, re.I)
        if turn.elliptic and turn.named and intent == "fact" and ranked_before:
            # "what about keras?" after "pytorch or tensorflow, which one is easier to learn?": Keras on that axis,
            # ranked with them (the axis is carried below)
            intent, frameworks, carried = "comparison", tuple(dict.fromkeys((*turn.named, *previous.frameworks))), True
        if len(frameworks) >= 2 and intent == "fact" and (axis is not None or compares(turn.text)):
            intent = "comparison"
        if intent == "comparison" and len(frameworks) < 2:
            frameworks = tuple(dict.fromkeys((*frameworks, *previous.frameworks)))
            if len(frameworks) < 2 and axis is not None:
                frameworks = tuple(dict.fromkeys((*frameworks, *self.knowledge.axes[axis].order)))
            carried = True
        # A turn asking a fact of its own ("When was Keras first released?") after a pick or a comparison
        # on a use case asks about the framework, not about the framework for that use case.
        own_fact = turn.attribute is not None and (turn.cued or bool(FACT.search(turn.text)))
        # A turn with a word no source uses and no pronoun has a topic of its own, one they don't cover: "Is PyTorch
        # good for time series forecasting?" after a mobile question is not about mobile.
        # A follow-up whose words no source uses name no use case ("ok and what if our ML contractor already trained
        # the model in pytorch?" after the phones pick: none after a "for" or "to"; "what if" sets a scene) keeps it.
        unscened = cues.WHAT_IF.sub(" ", turn.text)
        scene = bool(FOLLOW_UP.search(turn.text)) and not names_after_for(unscened, turn.unknown)
        # (so has one naming a thing the sources know, "whats tfx for": what that thing is for, not the chat's use case)
        own_topic = (turn.strange or bool(turn.things)) and not (pronoun or demonstrative or scene)
        if use_case is None and intent in ("recommendation", "fact") and (turn.elliptic or turn.named) and not own_fact:
            if previous.use_case is not None and not own_topic:
                use_case = previous.use_case
        if axis is None and intent == "comparison" and (turn.elliptic or _THAT.search(turn.text)):
            # ("compare it with keras on that" after "what makes it steep?": the axis the chat's topic is on)
            axis = previous.axis if previous.axis is not None else topic_axis(self.knowledge, previous.topic)
        attribute, cued = turn.attribute, turn.cued
        if turn.elliptic and not turn.cued:  # "and Keras?" after "who develops PyTorch?"; a bare name asks no field
            attribute = previous.attribute if intent == "fact" and previous.intent == "fact" else None
            cued = previous.cued and attribute is not None
        # "is that still the case?": "that" is what the chat said, asked of now; its meaning is the chat's topic
        # … as does "is it still maintained?": a yes/no question about now, pointing back, asks the current state of
        # what the chat said ("does pytorch support mobile deployment?": PyTorch Mobile's end)
        now_that = (
            pronoun
            # "is that one still behind on production?" points at a framework (an option), not at what was said
            and not _OPTION.search(turn.text)
            and not turn.named
            and turn.use_case is None
            and (bool(_NOW_THAT.search(turn.text)) or bool(YES_NO.search(turn.text) and RECENT.search(turn.text)))
        )
        # "what is it used for?" after "what's TensorBoard?": "it" is the thing the chat named, no framework; the
        # turn is about what that one said
        theirs = things_of(self.knowledge, previous)  # what the turn before was about, for a turn pointing at it
        picked = previous.intent == "recommendation" or (previous.intent == "comparison" and len(previous.subject) == 1)
        # (not in a turn with a use case of its own after a pick: "and for running it in the browser instead?" after
        # the phones pick asks anew, "it" being the user's model, and the phones are not its topic)
        its_thing = pronoun and not (turn.named or frameworks or turn.things or new_topic) and bool(theirs)
        # ("can it run a model i trained in pytorch?" after "is tflite still a thing?": "it" is TFLite, not TensorFlow)
        its_thing = its_thing or (singular and not (picked or turn.things or new_topic) and bool(theirs))
        if (
            turn.elliptic
            or (carried and not turn.words)
            or (turn.named and turn.use_case is None and not turn.words)
            or now_that
            or its_thing
        ):
            search = unit_vector(turn.vector + previous.topic)
            words = (*words, *previous.words)
            carried = True
            context = previous.topic
        elif pronoun and not turn.named and turn.cued and _THAT.search(turn.text):
            # "when did that change?": "that" is what the chat said (a time of it); "when was it released?" asks it
            # of the framework "it" is
            context = previous.topic
        voiced = turn.named
        # "is it still tied to TensorFlow?" after Keras: "it" is the subject, resolved in meaning as well
        subject_first = bool(turn.named) and singular and bool(frameworks) and frameworks[0] not in turn.named
        subject_first = subject_first and not its_thing
        if frameworks and (not turn.named or subject_first) and frameworks[0] in self.knowledge.name_vectors:
            # "who develops it?": the pronoun resolved in meaning too, so sentences about that framework come first
            search = unit_vector(search + self.knowledge.name_vectors[frameworks[0]])
            voiced = frameworks[:1]
        if intent == "fact" and use_case is not None and turn.use_case is None and len(frameworks) == 1:
            # "what about PyTorch?" after a pick for beginners: PyTorch, judged on that use case.
            search = unit_vector(search + self.knowledge.label_vectors[use_case])
            carried = True
        # "does pytorch have something similar?" after "Tell me about TensorBoard": similar to the chat's thing
        points = pronoun or turn.elliptic or bool(cues.SIMILAR.search(turn.text))
        filled = replace(
            turn, frameworks=frameworks, intent=intent, use_case=use_case, axis=axis, attribute=attribute, cued=cued,
            search=search, words=words, carried=carried or turn.frameworks != frameworks, context=context,
            voiced=voiced,
            mentioned=tuple(dict.fromkeys((*previous.mentioned, *frameworks))),
            # "is it still called that?" after "What's TensorFlow Lite?": a pointing turn with no named thing of its
            # own is about the previous turn's (its own, never one it took from further back)
            # (after a pick, "it" is the framework picked: "is it hard to pick up?" after "what about openai?")
            # (or a comparison's verdict: "serve it with" after "**TensorFlow** is better for deployment …")
            things=turn.things or (theirs if points and not (pronoun and picked) else ()),
            defines=turn.defines or (turn.elliptic and bool(turn.named) and previous.defines),
            # ("is that like tf serving?" after "what's TorchScript": TorchScript, set against TensorFlow Serving)
            likened=tuple(t for t in theirs if t not in turn.things) if cues.LIKENED.search(turn.text) else (),
        )  # fmt: skip
        # A pick the sources don't make ("and for image classification?") leaves the chat's subject where it was:
        # "who is behind that one?" still points at the last framework picked.
        return replace(filled, subject=self._subject(filled) or (previous.subject if uncovered else ()))

    @staticmethod
    def _continues(turn: Turn, previous: Turn) -> bool:
        """A turn that names nothing, has a topic of its own and asks for a fact starts afresh."""
        return previous.intent != "general" or bool(previous.named or previous.subject)  # (its reply picked one)

    def _subject(self, turn: Turn) -> tuple[str, ...]:
        """What the answer to this turn will be about: the pick of a recommendation, else its frameworks."""
        if turn.intent == "recommendation" and turn.use_case is not None:
            candidates = turn.frameworks if len(turn.frameworks) > 1 else ()
            ranked = rank_frameworks(self.knowledge, turn.search, candidates, named=turn.voiced)
            return tuple(f for f, _ in ranked[:1])
        if turn.intent == "comparison" and turn.axis is not None:  # the winner on the axis first
            order = self.knowledge.axes[turn.axis].order
            return tuple(sorted(turn.frameworks, key=lambda f: order.index(f) if f in order else len(order)))
        return turn.frameworks


def _placed(text: str, previous: Turn | None) -> str:
    """The turn with a framework named by its place in the chat ("the first one", "the other one") named."""
    return cues.by_place(text, previous.mentioned, previous.subject) if previous else text
