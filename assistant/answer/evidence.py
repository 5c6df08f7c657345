"""Sentence-level evidence, built once per index: every quotable unit, its subject, its vector, and
the claims table (use case → framework) and prototypes the question path compares a query vector with.

A *unit* is what an answer may quote: a sentence of prose, one item of a list, one framework's cell
of a table row, a whole FAQ pair. Each knows the frameworks it is about (those it names, else its
heading's, else the previous sentence's), and whether it is boilerplate (text about the article
itself, or generic filler at the start or end of a document), which is never quoted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .. import vocab
from ..facts import passage_id, update_passage_id
from ..records import Passage
from ..textutil import lower_first
from ..vocab import words_pattern
from .units import FACTS_SOURCE, Unit, cut_units, table_cells

# Words that give advice: a unit with one of them and one subject framework states a verdict.
_ADVICE = words_pattern(vocab.ADVICE_PHRASES, r"\b{}")
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
_NOT_AXIS_WORDS = frozenset(vocab.COMMON_AXIS_WORDS)
_LABEL = re.compile(r"^([^:;—]{3,60}):\s")  # "Mobile and Edge AI: recommended framework TensorFlow"


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
    fields: list[str] = field(default_factory=list)  # fact fields ("developer", "first_release" …)
    field_vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 1), np.float32))
    field_of: dict[int, str] = field(default_factory=dict)  # passage row of a fact → its field
    disputing: dict[int, list[int]] = field(default_factory=dict)  # conflict row → first units claiming it, by row
    headings: dict[int, frozenset[str]] = field(default_factory=dict)  # row → frameworks its own heading names
    _scores_key: tuple | None = None
    _scores: np.ndarray | None = None
    by_subject: dict[str, np.ndarray] = field(default_factory=dict)  # framework → unit indices

    def topic_of(self, vectors: np.ndarray) -> np.ndarray:
        """Vectors without their framing and framework-name components, re-normalised: what a use case,
        an axis or an attribute is judged on ("PyTorch vs TensorFlow for a beginner" → "a beginner")."""
        residual = vectors - (vectors @ self.framing.T) @ self.framing
        norms = np.linalg.norm(residual, axis=-1, keepdims=True)
        return residual / np.where(norms == 0, 1.0, norms)

    def asks_for_a_framework(self, vector: np.ndarray) -> float:
        """How much of a query's meaning is the framing "which framework should I use?" (0 to 1): the
        length of its projection on the framing prototypes' span (the first rows of ``framing``)."""
        return float(np.linalg.norm(self.framing[: len(FRAMING)] @ vector))

    def use_case_scores(self, vector: np.ndarray) -> np.ndarray:
        """How far each use-case label stands out for this query: its similarity to the query's topic,
        less the mean over all labels (a covered use case peaks; an uncovered one is flat)."""
        key = (id(vector), vector.tobytes()[:64])
        if self._scores_key == key and self._scores is not None:
            return self._scores
        sims = self.label_vectors @ self.topic_of(vector)
        scores = sims - float(sims.mean()) if len(sims) else sims
        self._scores_key, self._scores = key, scores
        return scores

    def passages_by_sentence(self, vector: np.ndarray) -> list[int]:
        """Passage rows ordered by their best quotable unit's closeness to the query."""
        if not len(self.units):
            return []
        best = np.full(len(self.passages), -np.inf, dtype=np.float32)
        np.maximum.at(best, self.unit_rows, self.unit_vectors @ vector)
        order = np.argsort(-best)
        return order[np.isfinite(best[order])].tolist()

    def units_about(self, framework: str) -> np.ndarray:
        """Indices of the quotable units about a framework."""
        return self.by_subject.get(framework, np.zeros(0, dtype=np.int64))


def _labels(units: list[Unit], passages: list[Passage], facts: Any, names: Sequence[str]) -> list[Label]:
    """Use-case verdicts: facts' best_for items, and corpus units that give advice about one framework."""
    labels: list[Label] = []
    fact_rows = {p.id: row for row, p in enumerate(passages)}
    for fw in getattr(facts, "frameworks", []):
        row = fact_rows.get(passage_id(fw.name, "best_for"))
        unit = next((i for i, u in enumerate(units) if u.row == row), None)
        if unit is None:
            continue
        for item in fw.best_for.value if isinstance(fw.best_for.value, list) else [str(fw.best_for.value)]:
            labels.append(Label(lower_first(item), fw.name, unit, FACTS_SOURCE))
    for i, u in enumerate(units):
        p = passages[u.row]
        if u.boilerplate or u.lead_in or p.source == FACTS_SOURCE or len(set(u.subjects)) != 1:
            continue
        section = p.section.split(">")[-1] if p.section else ""
        cells = {fw: v for fw, v in table_cells(p).items() if fw in set(names)}
        advice_heading = bool(_ADVICE.search(section)) or bool(cells and _ADVICE.search(p.meta.get("feature", "")))
        if cells and advice_heading:  # "Best Use Cases — PyTorch: Research, experimentation, custom architectures."
            value = u.text.split(":", 1)[1]
            for item in re.split(r"[,;]\s*", value.strip().rstrip(".")):
                if 2 < len(item) <= 60:
                    labels.append(Label(lower_first(item.strip()), u.subjects[0], i, p.source))
            continue
        columns = table_cells(p) if not cells else {}  # a row per framework, a column per attribute
        advised = [value for column, value in columns.items() if _ADVICE.search(column)]
        if advised:  # "TensorFlow — Release: 2015. … Primary Use Case: Production deployment.": that cell only
            labels += [Label(lower_first(v.strip().rstrip(".")), u.subjects[0], i, p.source) for v in advised]
            continue
        m = _LABEL.match(u.text)
        rest = u.text[m.end() :] if m else ""
        if m and _ADVICE.match(rest) and u.subjects[0].casefold() not in m.group(1).casefold():
            labels.append(Label(lower_first(m.group(1).strip()), u.subjects[0], i, p.source))
        elif advice_heading and p.kind == "list" and len(u.text) <= 80:  # "When to Use TensorFlow" items
            labels.append(Label(lower_first(u.text.rstrip(".;")), u.subjects[0], i, p.source))
        elif _ADVICE.search(u.text) and u.names and not _negated(u.text):
            labels.append(Label(u.text, u.subjects[0], i, p.source))  # a whole advice sentence
    for fw in getattr(facts, "frameworks", []):
        value = fw.deployment_targets.value
        row = fact_rows.get(passage_id(fw.name, "deployment_targets"))
        unit = next((i for i, u in enumerate(units) if u.row == row), None)
        if isinstance(value, dict) and unit is not None:
            for target, tools in value.items():
                embed = f"{target}: {', '.join(tools)}" if tools else target
                labels.append(Label(target, fw.name, unit, FACTS_SOURCE, capability=True, embed=embed))
    # A label that is only a framework's name ("Backend Support — PyTorch: PyTorch") names no use case.
    named = {n.casefold() for n in names}
    return [lb for lb in labels if not unit_words(lb.text) <= named]


_NEGATION = words_pattern(vocab.NEGATIONS, r"\b{}\b|n't\b")


def _negated(text: str) -> bool:
    """Whether the advice in a sentence is denied ("it may not be as suitable for …"): a negation shortly
    before the advice words."""
    m = _ADVICE.search(text)
    return bool(m and _NEGATION.search(text[max(0, m.start() - 30) : m.start()]))


def build_knowledge(
    passages: list[Passage],
    facts: Any,
    find: Callable[[str], list[str]],
    names: Sequence[str],
    encode: Callable[[list[str]], np.ndarray],
    claims_in: Callable[[Passage, str], list[str]] = lambda passage, text: [],
) -> Knowledge:
    """Cut passages into units, derive labels, axes and tools, and embed them all (``encode`` caches)."""
    units = cut_units(passages, find, names)
    labels = _labels(units, passages, facts, names)
    axes: list[Axis] = []
    for ranking in getattr(facts, "rankings", []):
        backing = []
        for claim in ranking.evidence:
            quote = " ".join(claim.quote.casefold().split())
            for i, u in enumerate(units):
                if passages[u.row].source == claim.source and quote in " ".join(u.text.casefold().split()):
                    backing.append(i)
                    break
        words = re.findall(r"[a-z]{4,}", f"{ranking.axis} {ranking.comparative}".casefold())
        stems = frozenset(w[:5] for w in words if w not in _NOT_AXIS_WORDS)
        axes.append(Axis(ranking.axis, ranking.comparative, tuple(ranking.order), tuple(backing), stems))
    tools: dict[str, list[tuple[str, list[str]]]] = {}
    for fw in getattr(facts, "frameworks", []):
        value = fw.deployment_targets.value
        if isinstance(value, dict):
            tools[fw.name] = [(target, list(items)) for target, items in value.items()]
    successors: dict[str, tuple[str, str]] = {}
    for up in getattr(facts, "updates", []):
        if up.successor is not None:
            for old in up.successor.of:
                successors[old.casefold()] = (up.successor.name, update_passage_id(up))
    # A unit is embedded with its section path, as passages are: "PyTorch > Cons: Fewer built-in tools".
    unit_texts = [
        f"{passages[u.row].section}: {u.text}"
        if passages[u.row].section and passages[u.row].source != FACTS_SOURCE
        else u.text
        for u in units
    ]
    texts = unit_texts + [lb.embed or lb.text for lb in labels] + [f"{a.name}: {a.comparative}" for a in axes]
    tool_texts = [f"{fw} for {target}" for fw, targets in tools.items() for target, _ in targets]
    from ..facts import FACT_TEMPLATES

    fields = list(FACT_TEMPLATES)
    # A fact field's prototypes: its sentence template with no subject, and its name ("is developed by", "developer").
    field_texts = [FACT_TEMPLATES[f].format(name="it", value="").rstrip(". :") for f in fields]
    field_texts += [f.replace("_", " ") for f in fields]
    n_tools = len(tool_texts)
    extra = list(FRAMING) + list(names)
    vectors = encode(texts + tool_texts + field_texts + extra)
    field_vectors = vectors[len(texts) + n_tools : len(texts) + n_tools + 2 * len(fields)]
    framing_rows = vectors[len(vectors) - len(extra) :]
    # Every framing prototype spans its own direction (not just their mean), so "run my models" is taken out
    # of "run models on a Raspberry Pi" as well as "which framework should I use".
    basis, _ = np.linalg.qr(framing_rows.T)
    framing = np.ascontiguousarray(basis.T, dtype=np.float32)
    name_vectors = dict(zip(names, framing_rows[len(FRAMING) :], strict=True))
    vectors = vectors[: len(vectors) - len(extra)]
    n_u, n_l, n_a = len(units), len(labels), len(axes)
    tool_vectors: dict[str, np.ndarray] = {}
    at = n_u + n_l + n_a
    for fw, targets in tools.items():
        tool_vectors[fw] = vectors[at : at + len(targets)]
        at += len(targets)
    knowledge = Knowledge(
        passages=passages,
        units=units,
        unit_vectors=vectors[:n_u],
        labels=labels,
        label_vectors=vectors[n_u : n_u + n_l],
        axes=axes,
        axis_vectors=vectors[n_u + n_l : n_u + n_l + n_a],
        framing=framing,
        name_vectors=name_vectors,
        tools=tools,
        tool_vectors=tool_vectors,
        successors=successors,
        frameworks=list(names),
        row_of={p.id: row for row, p in enumerate(passages)},
    )
    for i, u in enumerate(units):
        knowledge.units_of.setdefault(u.row, []).append(i)
    knowledge.fields = fields
    knowledge.field_of = {r: str(p.meta["field"]) for r, p in enumerate(passages) if p.meta and p.meta.get("field")}
    knowledge.unit_field = np.array([knowledge.field_of.get(u.row, "") for u in units], dtype=object)
    # A field's prototype: its template, its name, and the facts file's own sentences for it.
    rows_of = {f: [r for r, name in knowledge.field_of.items() if name == f] for f in fields}
    stated = [
        knowledge.unit_vectors[[i for r in rows_of[f] for i in knowledge.units_of.get(r, [])]].mean(axis=0)
        if any(knowledge.units_of.get(r) for r in rows_of[f])
        else np.zeros(vectors.shape[1], np.float32)
        for f in fields
    ]
    prototypes = knowledge.topic_of(field_vectors)
    knowledge.field_vectors = knowledge.topic_of(
        prototypes[: len(fields)] + prototypes[len(fields) :] + knowledge.topic_of(np.array(stated))
    )
    knowledge.unit_topics = knowledge.topic_of(knowledge.unit_vectors)
    knowledge.unit_rows = np.array([u.row for u in units], dtype=np.int64)
    knowledge.unit_named = np.array([bool(u.names) for u in units], dtype=bool)
    knowledge.unit_first = np.array([u.subjects[0] if u.subjects else "" for u in units], dtype=object)
    knowledge.label_vectors = knowledge.topic_of(knowledge.label_vectors)
    knowledge.axis_vectors = knowledge.topic_of(knowledge.axis_vectors)
    subjects: dict[str, list[int]] = {}
    for i, u in enumerate(units):
        if u.boilerplate or u.lead_in:
            continue
        for fw in u.subjects:
            subjects.setdefault(fw, []).append(i)
    knowledge.by_subject = {fw: np.array(ix, dtype=np.int64) for fw, ix in subjects.items()}
    everyone = set(names)
    for row, p in enumerate(passages):
        cells = {fw: v for fw, v in table_cells(p).items() if fw in everyone}
        if cells:
            knowledge.cells[row] = cells
    updates_of: dict[str, list[int]] = {}
    declared = {update_passage_id(up): tuple(up.frameworks) for up in getattr(facts, "updates", [])}
    for i, u in enumerate(units):
        p = passages[u.row]
        low = u.text.casefold()
        if p.source == FACTS_SOURCE:
            if (p.meta or {}).get("update_kind"):
                knowledge.updates.append(())
                knowledge.claimed.append(frozenset())
                # An update is about the frameworks it declares, not every name it mentions (Keras 3 names
                # PyTorch as a backend; it is no news about PyTorch).
                for fw in declared.get(p.id, p.frameworks):
                    updates_of.setdefault(fw, []).append(i)
                continue
            ids = []  # a fact can still name a tool an update renamed or replaced
        else:
            ids = claims_in(p, u.text)
        claimed = {knowledge.row_of[uid] for uid in ids if uid in knowledge.row_of}
        ids += [uid for old, (_, uid) in successors.items() if re.search(rf"(?<!\w){re.escape(old)}(?!\w)", low)]
        rows = [knowledge.row_of[uid] for uid in dict.fromkeys(ids) if uid in knowledge.row_of]
        knowledge.updates.append(tuple(rows))
        knowledge.claimed.append(frozenset(claimed))
    knowledge.update_units = {fw: np.array(ix, dtype=np.int64) for fw, ix in updates_of.items()}
    for i, claimed in enumerate(knowledge.claimed):
        for row in claimed:
            if (passages[row].meta or {}).get("update_kind") == "conflict":
                by_row = knowledge.disputing.setdefault(row, [])
                if all(knowledge.units[j].row != units[i].row for j in by_row):
                    by_row.append(i)
    for row, p in enumerate(passages):
        heading = p.section.split(">")[-1] if p.section else ""
        if heading:
            knowledge.headings[row] = frozenset(n for n in names if n.casefold() in heading.casefold())
    for u in units:
        stems = word_stems(u.text)
        knowledge.stems.append(stems)
        for stem in stems:
            knowledge.stem_units[stem] = knowledge.stem_units.get(stem, 0) + 1
        words = unit_words(u.text)
        knowledge.words.append(words)
        for word in words:
            knowledge.word_units[word] = knowledge.word_units.get(word, 0) + 1
    knowledge.proper = proper_words(u.text for u in units)
    return knowledge


STEM = 5  # words compare on their first letters: "TPUs" ~ "TPU", "visualizing" ~ "visualization"


_WHOLE_WORD = re.compile(r"[a-z][a-z0-9+#]*(?:[.-][a-z0-9+#]+)*")


_MID_WORD = re.compile(r"(?<![.!?:;]\s)(?<=\s)([A-Za-z][A-Za-z0-9+#]*(?:[.-][A-Za-z0-9+#]+)*)")


def proper_words(texts: Iterable[str]) -> frozenset[str]:
    """Words written capitalised inside sentences at least half the times they occur there: tool and product
    names ("TensorFlow Serving", "TPUs", "TorchScript"), not ordinary words ("tied", "old")."""
    upper: dict[str, int] = {}
    seen: dict[str, int] = {}
    for text in texts:
        for m in _MID_WORD.finditer(text):
            word = m.group(1)
            key = word.casefold()
            seen[key] = seen.get(key, 0) + 1
            upper[key] = upper.get(key, 0) + (word[0].isupper())
    return frozenset(w for w, n in seen.items() if upper.get(w, 0) * 2 >= n)


def unit_words(text: str) -> frozenset[str]:
    """A text's whole words, lower-cased ("TorchScript" is not "Torch"; "TensorFlow.js" stays one word)."""
    return frozenset(_WHOLE_WORD.findall(text.casefold()))


def word_stems(text: str) -> frozenset[str]:
    """First letters of a text's words of three letters or more, lower-cased."""
    return frozenset(w[:STEM] for w in re.findall(r"[a-z][a-z0-9]{2,}", text.casefold()))
