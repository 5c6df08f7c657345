"""A source's share of the sentence-level evidence (``Part``): its units, labels, claims, word counts and
vectors, cut once and reused by every later index state while the source's passages stay the same.

``answer/knowledge.py`` assembles the parts into a ``Knowledge``. A part is numbered in the index's
rows and units; when a document before it is removed, ``moved_part`` renumbers a copy.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from .. import vocab
from ..records import Passage
from ..textutil import lower_first
from ..vocab import words_pattern
from .evidence import Label, unit_words, word_stems
from .units import FACTS_SOURCE, Unit, cut_units, table_cells

Claims = Callable[[Passage, str], list[str]]

# Words that give advice: a unit with one of them and one subject framework states a verdict.
_ADVICE = words_pattern(vocab.ADVICE_PHRASES, r"\b{}")
_LABEL = re.compile(r"^([^:;—]{3,60}):\s")  # "Mobile and Edge AI: recommended framework TensorFlow"
_NEGATION = words_pattern(vocab.NEGATIONS, r"\b{}\b|n't\b")
_ROW_LABEL = re.compile(r"^[^:—]{1,60}—[^:]{1,40}:|(?<=\. )[A-Z][\w ]{1,30}:(?= )|^[A-Z][\w ]{1,30}:(?= )")
_MID_WORD = re.compile(r"(?<![.!?:;]\s)(?<=\s)([A-Za-z][A-Za-z0-9+#]*(?:[.-][A-Za-z0-9+#]+)*)")


@dataclass
class Part:
    """One source's share of the Knowledge, numbered from passage row ``row`` and unit ``unit`` on.

    Built once per source and never changed afterwards, except that its arrays are pointed into the
    assembled Knowledge's (same values) so that an old Knowledge's arrays can be freed.
    """

    source: str | None  # None: the passages did not come source by source; never reused
    passages: list[Passage]
    row: int
    unit: int
    units: list[Unit]
    labels: list[Label]  # the use-case verdicts its units give (the facts file's own are assembled)
    texts: list[str]  # what its units are embedded as; emptied once they are
    vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 1), np.float32))
    label_vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 1), np.float32))  # as embedded
    fields: np.ndarray = field(default_factory=lambda: np.zeros(0, object))  # unit → fact field
    named: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    first: np.ndarray = field(default_factory=lambda: np.zeros(0, object))
    claims: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=dict)  # unit → ids
    update_units: dict[str, list[int]] = field(default_factory=dict)
    subjects: dict[str, np.ndarray] = field(default_factory=dict)
    units_of: dict[int, list[int]] = field(default_factory=dict)
    cells: dict[int, dict[str, str]] = field(default_factory=dict)
    headings: dict[int, frozenset[str]] = field(default_factory=dict)
    field_of: dict[int, str] = field(default_factory=dict)
    stems: list[frozenset[str]] = field(default_factory=list)
    words: list[frozenset[str]] = field(default_factory=list)
    stem_counts: dict[str, int] = field(default_factory=dict)
    word_counts: dict[str, int] = field(default_factory=dict)
    capitals: dict[str, list[int]] = field(default_factory=dict)  # word → [times mid-sentence, capitalised]


def _negated(text: str) -> bool:
    """Whether the advice in a sentence is denied ("it may not be as suitable for …"): a negation shortly
    before the advice words."""
    m = _ADVICE.search(text)
    return bool(m and _NEGATION.search(text[max(0, m.start() - 30) : m.start()]))


def _unit_labels(
    units: list[Unit], passages: list[Passage], names: Sequence[str], find: Callable[[str], list[str]]
) -> list[Label]:
    """Use-case verdicts of corpus units that give advice about one framework (rows and units local)."""
    labels: list[Label] = []
    everyone = set(names)
    named = {n.casefold() for n in names}

    def use_case(row: Passage, value: str) -> str:
        """An advice cell's use case: the cell, or the row's name when the cell only names the framework
        ("Mobile and Edge AI | TensorFlow (TFLite)" recommends TensorFlow for mobile and edge AI)."""
        if all(w in named or find(w) for w in unit_words(value)):
            return str(row.meta.get("feature") or value)
        return value

    for i, u in enumerate(units):
        p = passages[u.row]
        if u.boilerplate or u.lead_in or p.source == FACTS_SOURCE or len(set(u.subjects)) != 1:
            continue
        section = p.section.split(">")[-1] if p.section else ""
        cells = {fw: v for fw, v in table_cells(p).items() if fw in everyone}
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
            cases = [use_case(p, v.strip().rstrip(".")) for v in advised]
            labels += [Label(lower_first(case), u.subjects[0], i, p.source) for case in cases]
            continue
        m = _LABEL.match(u.text)
        rest = u.text[m.end() :] if m else ""
        if m and _ADVICE.match(rest) and u.subjects[0].casefold() not in m.group(1).casefold():
            # "For beginners: Start with Keras …": the use case is "beginners"; its "for" would match any "and for …?"
            label = lower_first(m.group(1).strip())
            embed = _FOR.sub("", label)
            labels.append(Label(label, u.subjects[0], i, p.source, embed=embed if embed != label else ""))
        elif advice_heading and p.kind == "list" and len(u.text) <= 80:  # "When to Use TensorFlow" items
            labels.append(Label(lower_first(u.text.rstrip(".;")), u.subjects[0], i, p.source))
        elif _ADVICE.search(u.text) and u.names and not _negated(u.text):
            labels.append(Label(u.text, u.subjects[0], i, p.source))  # a whole advice sentence
    return named_use_cases(labels, names)


_FOR = re.compile(r"^(?:for|when|if)\s+", re.I)


def named_use_cases(labels: list[Label], names: Sequence[str]) -> list[Label]:
    """Labels less those that are only a framework's name ("Backend Support — PyTorch: PyTorch")."""
    named = {n.casefold() for n in names}
    return [lb for lb in labels if not unit_words(lb.text) <= named]


def _capitals(texts: Iterable[str]) -> dict[str, list[int]]:
    """Per word (folded): how often it occurs inside a sentence, and how often capitalised there."""
    counts: dict[str, list[int]] = {}
    for text in texts:
        # a row's label is title-cased ("Coding Style — PyTorch: …", "Main Owner: Google"): no names in it
        text = _ROW_LABEL.sub(":", text)
        for m in _MID_WORD.finditer(text):
            word = m.group(1)
            seen = counts.setdefault(word.casefold(), [0, 0])
            seen[0] += 1
            seen[1] += word[0].isupper()
    return counts


def source_runs(passages: list[Passage]) -> list[tuple[str | None, int, int]]:
    """(source, first row, end row) of each source's passages; one unnamed run if a source is split."""
    runs: list[tuple[str | None, int, int]] = []
    for row, p in enumerate(passages):
        if runs and runs[-1][0] == p.source:
            runs[-1] = (p.source, runs[-1][1], row + 1)
        else:
            runs.append((p.source, row, row + 1))
    if len({source for source, _, _ in runs}) != len(runs):
        return [(None, 0, len(passages))]
    return runs


def same_passages(old: list[Passage], new: list[Passage]) -> bool:
    """Whether a part cut from ``old`` holds for ``new``: the same passages, meta included."""
    return len(old) == len(new) and all(a is b or (a == b and a.meta == b.meta) for a, b in zip(old, new, strict=True))


def cut_part(
    source: str | None,
    chunk: list[Passage],
    row: int,
    unit: int,
    *,
    find: Callable[[str], list[str]],
    names: Sequence[str],
    claims_in: Claims,
    successors: dict[str, tuple[str, str]],
    declared: dict[str, tuple[str, ...]],
) -> Part:
    """A source's part, everything but its vectors (``build_knowledge`` embeds all new parts at once)."""
    local = cut_units(chunk, find, names)
    units = [Unit(u.row + row, u.text, u.subjects, u.names, u.boilerplate, u.lead_in) for u in local]
    labels = [
        Label(lb.text, lb.framework, lb.unit + unit, lb.source, lb.capability, lb.embed)
        for lb in _unit_labels(local, chunk, names, find)
    ]
    # A unit is embedded with its section path, as passages are: "PyTorch > Cons: Fewer built-in tools".
    texts = [
        f"{chunk[u.row].section}: {u.text}" if chunk[u.row].section and chunk[u.row].source != FACTS_SOURCE else u.text
        for u in local
    ]
    part = Part(source, chunk, row, unit, units, labels, texts)
    everyone = set(names)
    for r, p in enumerate(chunk, start=row):
        if p.meta and p.meta.get("field"):
            part.field_of[r] = str(p.meta["field"])
        cells = {fw: v for fw, v in table_cells(p).items() if fw in everyone}
        if cells:
            part.cells[r] = cells
        heading = p.section.split(">")[-1] if p.section else ""
        if heading:
            part.headings[r] = frozenset(n for n in names if n.casefold() in heading.casefold())
    part.fields = np.array([part.field_of.get(u.row, "") for u in units], dtype=object)
    part.named = np.array([bool(u.names) for u in units], dtype=bool)
    part.first = np.array([u.subjects[0] if u.subjects else "" for u in units], dtype=object)
    subjects: dict[str, list[int]] = {}
    for i, u in enumerate(units, start=unit):
        part.units_of.setdefault(u.row, []).append(i)
        if not (u.boilerplate or u.lead_in):
            for fw in u.subjects:
                subjects.setdefault(fw, []).append(i)
        p = chunk[u.row - row]
        if p.source == FACTS_SOURCE:
            if (p.meta or {}).get("update_kind"):
                # An update is about the frameworks it declares, not every name it mentions (Keras 3 names
                # PyTorch as a backend; it is no news about PyTorch).
                for fw in declared.get(p.id, p.frameworks):
                    part.update_units.setdefault(fw, []).append(i)
                continue
            ids: list[str] = []  # a fact can still name a tool an update renamed or replaced
        else:
            ids = claims_in(p, u.text)
        low = u.text.casefold()
        claimed = tuple(ids)
        ids = ids + [uid for old, (_, uid) in successors.items() if re.search(rf"(?<!\w){re.escape(old)}(?!\w)", low)]
        if ids:
            part.claims[i] = (claimed, tuple(ids))
    part.subjects = {fw: np.array(ix, dtype=np.int64) for fw, ix in subjects.items()}
    for u in units:
        stems, words = word_stems(u.text), unit_words(u.text)
        part.stems.append(stems)
        part.words.append(words)
        for stem in stems:
            part.stem_counts[stem] = part.stem_counts.get(stem, 0) + 1
        for word in words:
            part.word_counts[word] = part.word_counts.get(word, 0) + 1
    part.capitals = _capitals(u.text for u in units)
    return part


def moved_part(part: Part, row: int, unit: int) -> Part:
    """The part numbered from another passage row and unit (a document before it was added or removed)."""
    dr, du = row - part.row, unit - part.unit
    if not dr and not du:
        return part
    return Part(
        part.source,
        part.passages,
        row,
        unit,
        [Unit(u.row + dr, u.text, u.subjects, u.names, u.boilerplate, u.lead_in) for u in part.units],
        [Label(lb.text, lb.framework, lb.unit + du, lb.source, lb.capability, lb.embed) for lb in part.labels],
        [],
        part.vectors,
        part.label_vectors,
        part.fields,
        part.named,
        part.first,
        {i + du: ids for i, ids in part.claims.items()},
        {fw: [i + du for i in ix] for fw, ix in part.update_units.items()},
        {fw: ix + du for fw, ix in part.subjects.items()},
        {r + dr: [i + du for i in ix] for r, ix in part.units_of.items()},
        {r + dr: cells for r, cells in part.cells.items()},
        {r + dr: heading for r, heading in part.headings.items()},
        {r + dr: name for r, name in part.field_of.items()},
        part.stems,
        part.words,
        part.stem_counts,
        part.word_counts,
        part.capitals,
    )
