"""Sentence-level evidence, built once per index: every quotable unit, its subject, its vector, and
the claims table (use case → framework) and prototypes the question path compares a query vector with.

A *unit* is what an answer may quote: a sentence of prose, one item of a list, one framework's cell
of a table row, a whole FAQ pair. Each knows the frameworks it is about (those it names, else its
heading's, else the previous sentence's), and whether it is boilerplate (text about the article
itself, or generic filler at the start or end of a document), which is never quoted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import vocab
from ..records import Passage
from ..textutil import content_words, memo_short
from .units import FACTS_SOURCE, FAQ_QUESTION, Unit, asks_a_question  # noqa: F401 - FACTS_SOURCE: compare, recommend

if TYPE_CHECKING:
    from ..turn import Turn

# Question framings with no topic: the span of their vectors is the "asking for a framework" subspace,
# removed from a query before it is compared with use-case labels, so "which framework should I use for X"
# is judged on X.
FRAMING = (
    "Which framework should I use?",
    "What is the best framework for me?",
    "Which deep learning framework do you recommend?",
    "Which one should I pick, TensorFlow, PyTorch or Keras?",
    "What framework is good for that?",
    "I want to build, train and run my models.",  # "models" frames ML work; it is not a use case
)


@dataclass(frozen=True)
class Label:
    """A use case the sources assign to a framework ("mobile and edge deployments" → TensorFlow)."""

    text: str  # canonical wording, lower-cased first letters
    framework: str
    unit: int  # the unit that states it
    source: str
    capability: bool = False  # a deployment target (what it can do), not advice
    embed: str = ""  # what is embedded when the wording alone is too bare ("browser" → "browser: TensorFlow.js")


@dataclass(frozen=True)
class Axis:
    """A comparison axis from the facts file's rankings, with the units that support its order."""

    name: str
    comparative: str
    order: tuple[str, ...]
    units: tuple[int, ...]
    stems: frozenset[str] = frozenset()  # first letters of its name's words, for word cues


@dataclass
class Knowledge:
    """Everything the question path reads besides the passages, one per index state."""

    passages: list[Passage]
    units: list[Unit]
    unit_vectors: np.ndarray
    labels: list[Label]
    label_vectors: np.ndarray
    axes: list[Axis]
    axis_vectors: np.ndarray
    tools: dict[str, list[tuple[str, list[str]]]]  # framework → (target, tools) from deployment facts
    tool_vectors: dict[str, np.ndarray]
    successors: dict[str, tuple[str, str]]  # old tool name (lower) → (current name, update passage id)
    frameworks: list[str]
    framing: np.ndarray  # orthonormal rows: the framing prototypes (see FRAMING) and the framework names
    name_vectors: dict[str, np.ndarray] = field(default_factory=dict)  # framework → its name's vector
    row_of: dict[str, int] = field(default_factory=dict)
    units_of: dict[int, list[int]] = field(default_factory=dict)  # passage row → unit indices
    updates: list[tuple[int, ...]] = field(default_factory=list)  # unit → rows of updates that supersede/dispute it
    claimed: list[frozenset[int]] = field(default_factory=list)  # unit → those that quote its very claim
    cells: dict[int, dict[str, str]] = field(default_factory=dict)  # table row → framework → cell
    update_units: dict[str, np.ndarray] = field(default_factory=dict)  # framework → units of its dated updates
    stems: list[frozenset[str]] = field(default_factory=list)  # unit → the first letters of its words
    stem_units: dict[str, int] = field(default_factory=dict)  # stem → how many units use it
    words: list[frozenset[str]] = field(default_factory=list)  # unit → its words, whole and lower-cased
    word_units: dict[str, int] = field(default_factory=dict)  # word → how many units use it
    proper: frozenset[str] = frozenset()  # words the sources write as (part of) a name: "Serving", "TPUs"
    unit_rows: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # unit → passage row
    unit_named: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))  # unit names a framework itself
    unit_first: np.ndarray = field(default_factory=lambda: np.zeros(0, object))  # unit → its first subject
    unit_field: np.ndarray = field(default_factory=lambda: np.zeros(0, object))  # unit → its fact field
    unit_topics: np.ndarray = field(default_factory=lambda: np.zeros((0, 1), np.float32))  # see topic_of
    unit_update: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))  # unit is a dated update's
    quotable: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # units neither boilerplate nor lead-in
    fields: list[str] = field(default_factory=list)  # fact fields ("developer", "first_release" …)
    field_vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 1), np.float32))
    field_of: dict[int, str] = field(default_factory=dict)  # passage row of a fact → its field
    disputing: dict[int, list[int]] = field(default_factory=dict)  # conflict row → first units claiming it, by row
    headings: dict[int, frozenset[str]] = field(default_factory=dict)  # row → frameworks its own heading names
    # the last query's use-case scores, by (vector, names, strict)
    _scores_memo: tuple[tuple[bytes, tuple[str, ...], bool], np.ndarray] | None = None
    _topic_memo: tuple[bytes, np.ndarray] | None = None  # the last query's topic (see ``topic_of``)
    _plain: dict[str, tuple[int, ...]] = field(default_factory=dict)  # see ``plain_labels``
    label_units: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # units that state a use case
    field_words: dict[str, frozenset[str]] = field(default_factory=dict)  # fact field → its sentence's own words
    by_subject: dict[str, np.ndarray] = field(default_factory=dict)  # framework → unit indices
    generic: tuple[str, ...] = ()  # frequent words the sources use alike of every framework ("model", "projects")
    generic_stems: frozenset[str] = frozenset()  # their first letters, as the word cues compare them
    use_case_labels: np.ndarray | None = None  # label topics without the generic words (see ``use_case_scores``)
    # framework → what "Is <framework> good for it?" scores on each label that writes the name (clipped at 0):
    # the share of such a label's score that a question earns by naming the framework alone
    name_bias: dict[str, np.ndarray] = field(default_factory=dict)
    generic_basis: np.ndarray | None = None  # orthonormal rows: the generic words' topic directions
    parts: list[Any] = field(default_factory=list)  # per source, reused by the next build (answer/knowledge.py)
    facts: Any = None  # the facts file it was built from (a part is reused only with the same)

    def topic_of(self, vectors: np.ndarray) -> np.ndarray:
        """Vectors without their framing and framework-name components, re-normalised: what a use case,
        an axis or an attribute is judged on ("PyTorch vs TensorFlow for a beginner" → "a beginner").

        One query's topic is asked for several times per answer: the last one is kept (read-only)."""
        key = vectors.tobytes() if vectors.ndim == 1 else None
        memo = self._topic_memo
        if key is not None and memo is not None and memo[0] == key:
            return memo[1]
        residual = vectors - (vectors @ self.framing.T) @ self.framing
        norms = np.linalg.norm(residual, axis=-1, keepdims=True)
        topic = residual / np.where(norms == 0, 1.0, norms)
        if key is not None:
            topic.flags.writeable = False
            self._topic_memo = (key, topic)  # one assignment: a concurrent answer reads a whole pair
        return topic

    def fields_said(self, words: Sequence[str]) -> frozenset[str]:
        """The fact fields whose sentence or name shares a word with these ("uses" ~ "users include"), a word
        and its inflections being the same word when one, less a final "s", starts the other."""
        own = {w.casefold().removesuffix("s") for w in words if len(w) >= 3}
        return frozenset(
            field
            for field, said in self.field_words.items()
            if any(a.startswith(b) or b.startswith(a) or a[:STEM] == b[:STEM] for a in own for b in said)
        )

    def things_in(self, text: str) -> frozenset[str]:
        """A text's specific words: names the sources use in few units ("TorchScript", "Serving", "TPUs"),
        frameworks aside. What a question is about by name; the sentence that answers it should say it too."""
        # A dotted name is code ("torch.compile", "tf.keras"): specific by its form, and one name, not its parts;
        # so is a language's name with a sign in it ("C++")
        dotted = {w for w in unit_words(text) if "." in w or "+" in w or "#" in w}
        parts = {part for w in dotted for part in w.split(".")}
        own = (unit_words(" ".join(content_words(text, lambda w: []))) - parts) | dotted
        names = {n.casefold() for n in self.frameworks}
        return frozenset(
            w
            for w in own
            if w not in names and (w in self.proper or w in dotted) and 0 < self.word_units.get(w, 0) <= RARE_UNITS
        )

    def asks_for_a_framework(self, vector: np.ndarray) -> float:
        """How much of a query's meaning is the framing "which framework should I use?" (0 to 1): the
        length of its projection on the framing prototypes' span (the first rows of ``framing``)."""
        return float(np.linalg.norm(self.framing[: len(FRAMING)] @ vector))

    def use_case_scores(self, vector: np.ndarray, named: Sequence[str] = (), *, strict: bool = False) -> np.ndarray:
        """How far each use-case label stands out for this query: its similarity to the query's topic,
        less the mean over all labels (a covered use case peaks; an uncovered one is flat).

        Labels are compared without the sources' generic words: "put my model in an app" is about apps,
        and shares nothing that counts with the label "custom model architectures". ``named``: the
        frameworks whose names the query holds; what a name alone earns each label is taken off (see
        ``name_bias``) when another use case still stands out, so "Is PyTorch good for production?" is not
        matched to "PyTorch shines in research"; ``strict``: always (the question asks for no pick or fit)."""
        named = tuple(f for f in named if f in self.name_bias)
        key = (vector.tobytes(), named, strict)
        memo = self._scores_memo
        if memo is not None and memo[0] == key:
            return memo[1]
        if self.use_case_labels is None or self.generic_basis is None:
            sims = self.label_vectors @ self.topic_of(vector)
        else:
            sims = self.use_case_labels @ _without(self.topic_of(vector), self.generic_basis)
        scores = sims - float(sims.mean()) if len(sims) else sims
        if named and len(scores):
            # Without what the names earn, another use case may stand out ("Is PyTorch good for production?").
            # If none does, the name is all the question has to go on ("Should a student start with Keras?").
            fair = scores - NAME_SHARE * sum(self.name_bias[f] for f in named)
            scores = fair if strict or float(fair.max()) >= COVERED_FROM else scores
        scores.flags.writeable = False
        self._scores_memo = (key, scores)
        return scores

    def plain_labels(self, framework: str) -> tuple[int, ...]:
        """The framework's labels that can word its use case in a lead: short, no framework name in them,
        no colon. Per index, not per question (``recommend.canonical_label``)."""
        found = self._plain.get(framework)
        if found is None:
            names = [n.casefold() for n in self.frameworks]
            found = self._plain[framework] = tuple(
                i
                for i, lb in enumerate(self.labels)
                if lb.framework == framework
                and len(lb.text) <= SHORT_LABEL
                and not any(n in lb.text.casefold() for n in names)
                and ":" not in lb.text
            )
        return found

    def passages_by_sentence(self, vector: np.ndarray) -> list[int]:
        """Passage rows ordered by their best quotable unit's closeness to the query."""
        if not len(self.units):
            return []
        best = np.full(len(self.passages), -np.inf, dtype=np.float32)
        np.maximum.at(best, self.unit_rows, self.unit_vectors @ vector)
        order = np.argsort(-best)
        return order[np.isfinite(best[order])].tolist()

    def fact_units(self, fields: Sequence[str]) -> list[int]:
        """Indices of the units that state one of these fact fields."""
        return [int(i) for i in np.flatnonzero(np.isin(self.unit_field, list(fields)))]

    def units_about(self, framework: str) -> np.ndarray:
        """Indices of the quotable units about a framework."""
        return self.by_subject.get(framework, np.zeros(0, dtype=np.int64))

    def units_led_by(self, framework: str) -> np.ndarray:
        """The units about a framework first, not ones that name it beside another ("Keras can run on top of
        TensorFlow …" is about Keras)."""
        units = self.units_about(framework)
        return units[self.unit_first[units] == framework]


def _without(vectors: np.ndarray, basis: np.ndarray) -> np.ndarray:
    """Vectors less their components along ``basis`` (orthonormal rows), re-normalised."""
    residual = vectors - (vectors @ basis.T) @ basis
    norms = np.linalg.norm(residual, axis=-1, keepdims=True)
    return residual / np.where(norms == 0, 1.0, norms)


RARE_UNITS = 8  # a question word found in at most this many units names the very thing asked ("TorchScript")
COVERED_FROM = 0.25  # a label standing out this much for the question's topic: the sources cover its use case
NAME_PROBE = "Is {name} good for it?"  # a question that names a framework and no use case
NAME_SHARE = 0.6  # how much of a name's own label scores is taken off (tuned on the dev split)


def use_case_space(knowledge: Knowledge, generic_vectors: np.ndarray, probes: np.ndarray | None = None) -> None:
    """The generic words' directions, and the label topics without them (see ``use_case_scores``);
    ``probes``: the vectors of ``NAME_PROBE`` for each framework, in ``knowledge.frameworks`` order."""
    basis = np.zeros((0, knowledge.label_vectors.shape[1]), np.float32)
    if len(generic_vectors):
        q, _ = np.linalg.qr(knowledge.topic_of(generic_vectors).T.astype(np.float64))
        basis = np.ascontiguousarray(q.T, dtype=np.float32)
    knowledge.generic_basis = basis
    knowledge.use_case_labels = _without(knowledge.label_vectors, basis).astype(np.float32)
    knowledge.name_bias = {}
    if probes is not None and len(knowledge.labels):
        texts = [label.text.casefold() for label in knowledge.labels]
        for name, probe in zip(knowledge.frameworks, probes, strict=True):
            # Only a label that writes the name ("PyTorch shines in research") shares it with the question;
            # what the name alone earns the others ("academic projects") is what the sources say of it.
            writes = np.array([name.casefold() in text for text in texts], dtype=bool)
            knowledge.name_bias[name] = np.where(writes, np.maximum(knowledge.use_case_scores(probe), 0.0), 0.0)
        knowledge._scores_memo = None


SHORT_LABEL = 60  # characters: a label this short names a use case; a longer one is a verdict sentence
STEM = 5  # words compare on their first letters: "TPUs" ~ "TPU", "visualizing" ~ "visualization"


_WHOLE_WORD = re.compile(r"[a-z][a-z0-9+#]*(?:[.-][a-z0-9+#]+)*")


def unit_words(text: str) -> frozenset[str]:
    """A text's whole words, lower-cased ("TorchScript" is not "Torch"; "TensorFlow.js" stays one word)."""
    return frozenset(_WHOLE_WORD.findall(text.casefold()))


_LABEL = re.compile(r"^[^:;.]{1,60}:\s+")  # "TensorFlow: …", "Ecosystem and Tools: …": a label, not the subject
_OPENING_NAME = re.compile(r"[A-Z][\w.+-]*(?:\s+[A-Z][\w.+-]*){0,2}")  # "TorchScript", "TensorFlow Serving"


def opening_words(text: str) -> frozenset[str]:
    """The name a sentence opens with, its label aside: its subject ("TensorBoard for visualization.")."""
    m = _OPENING_NAME.match(_LABEL.sub("", text, count=1))
    return unit_words(m[0]) if m else frozenset()


@memo_short(4096)  # the labels and sentences a question's answer is checked against recur
def word_stems(text: str) -> frozenset[str]:
    """First letters of a text's words of three letters or more, lower-cased."""
    return frozenset(w[:STEM] for w in re.findall(r"[a-z][a-z0-9]{2,}", text.casefold()))


FRAMING_STEMS = word_stems(" ".join(vocab.QUESTION_FRAMING))  # the question framing's words, as stems


def scarce(k: Knowledge, words: Iterable[str]) -> tuple[str, ...]:
    """The words one unit of the sources uses, and no other ("reinforcement", in a definition): a use case the
    sources name once in passing is no more covered than one they never name."""
    return tuple(w for w in words if [k.stem_units.get(s, 0) for s in word_stems(w)] == [1])


def own_stems(k: Knowledge, unit: int) -> frozenset[str] | set[str]:
    """A unit's word stems, less the label a table row or a labelled list gives every side ("Training time
    comparison (ImageNet) — PyTorch: ~8-10 hours" speaks of ImageNet for each framework, not for PyTorch)."""
    text = k.units[unit].text
    if " — " not in text or k.passages[k.units[unit].row].kind not in ("list", "table_row"):
        return k.stems[unit]
    return word_stems(text.split(" — ", 1)[1])


def said_count(words: frozenset[str], asked: set[str]) -> int:
    """How many asked words begin one of a sentence's words ("open", "source" in "open-source": both)."""
    parts = {part for word in words for part in re.split(r"[-.]", word)}
    return sum(any(part.startswith(a) for part in parts) for a in asked)


def answers_another(k: Knowledge, unit: int, turn: Turn) -> bool:
    """An FAQ's answer whose question shares no word of substance with the turn's text or the words it carries from
    the chat ("Can I switch from Keras to PyTorch? Yes. The learning curve is manageable …" under "is keras
    python-only?"): it answers another question, whatever words its answer shares."""
    theirs = faq_stems(k, unit)
    return bool(theirs) and not theirs & word_stems(" ".join((turn.text, *turn.words)))


def faq_stems(k: Knowledge, unit: int) -> frozenset[str]:
    """The words of substance of the question an FAQ's answer answers ("switch" of "Can I switch from Keras to
    PyTorch?"); none for a unit that is no FAQ's answer."""
    u = k.units[unit]
    if asks_a_question(k.passages[u.row]) != "faq" or not (asked := FAQ_QUESTION.match(u.text)):
        return frozenset()
    return frozenset(word_stems(" ".join(w for w in re.findall(r"\w+", asked[0]) if len(w) > 4)) - plain_stems(k))


def plain_stems(k: Knowledge) -> frozenset[str]:
    """Stems that say nothing of what a question is about: the framing's, the sources' generic words', the
    frameworks' names."""
    return FRAMING_STEMS | k.generic_stems | word_stems(" ".join(k.frameworks))
