"""Building the ``Knowledge`` of an index from one share per source, reused across updates.

Every source (a corpus document, the facts file, a user's document) is cut into units, labelled,
claimed and embedded on its own (a ``Part``). Adding or removing a document rebuilds only that
document's part: the others are taken from the previous ``Knowledge`` as they are, or with their
row and unit numbers shifted when a document before them was removed. What spans sources (the
facts file's labels, axes and prototypes, word counts, the arrays the question path reads) is
assembled from the parts in order, so the result equals a build from scratch over the same passages.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np

from .. import vocab
from ..facts import passage_id, update_passage_id
from ..records import Passage
from ..textutil import lower_first
from .evidence import FRAMING, NAME_PROBE, STEM, Axis, Knowledge, Label, use_case_space
from .parts import Claims, Part, cut_part, moved_part, named_use_cases, same_passages, source_runs
from .units import FACTS_SOURCE

_NOT_AXIS_WORDS = frozenset(vocab.COMMON_AXIS_WORDS)
GENERIC_SHARE = 0.04  # a word used by at least this share of the units …
GENERIC_KL = 0.012  # … about the frameworks in the same proportions as all units (KL divergence) names no use case
GENERIC_MIN = 3  # … and by at least this many units (a tiny corpus has no generic words)
UPDATE_FIELD_FROM = 0.40  # an update this close to a fact field's prototype …
UPDATE_FIELD_MARGIN = 0.08  # … and clearly closer than to any other field is about that field


def _fact_labels(
    facts: Any, row_of: dict[str, int], units_of: dict[int, list[int]], names: Sequence[str]
) -> tuple[list[Label], list[Label]]:
    """The facts file's labels: its best_for items (first in the list) and deployment targets (last)."""
    best: list[Label] = []
    targets: list[Label] = []
    for fw in getattr(facts, "frameworks", []):
        unit = units_of.get(row_of.get(passage_id(fw.name, "best_for"), -1), [None])[0]
        if unit is not None:
            for item in fw.best_for.value if isinstance(fw.best_for.value, list) else [str(fw.best_for.value)]:
                best.append(Label(lower_first(item), fw.name, unit, FACTS_SOURCE))
    for fw in getattr(facts, "frameworks", []):
        value = fw.deployment_targets.value
        unit = units_of.get(row_of.get(passage_id(fw.name, "deployment_targets"), -1), [None])[0]
        if isinstance(value, dict) and unit is not None:
            for target, tools in value.items():
                embed = f"{target}: {', '.join(tools)}" if tools else target
                targets.append(Label(target, fw.name, unit, FACTS_SOURCE, capability=True, embed=embed))
    return named_use_cases(best, names), named_use_cases(targets, names)


def _axes(facts: Any, parts: list[Part]) -> list[Axis]:
    """The facts file's rankings, each with the first unit of each claim's source that quotes it."""
    axes: list[Axis] = []
    for ranking in getattr(facts, "rankings", []):
        backing = []
        for claim in ranking.evidence:
            quote = " ".join(claim.quote.casefold().split())
            found = (
                i
                for part in parts
                if part.source in (claim.source, None)
                for i, u in enumerate(part.units, start=part.unit)
                if part.passages[u.row - part.row].source == claim.source
                and quote in " ".join(u.text.casefold().split())
            )
            first = next(found, None)
            if first is not None:
                backing.append(first)
        words = re.findall(r"[a-z]{4,}", f"{ranking.axis} {ranking.comparative}".casefold())
        stems = frozenset(w[:5] for w in words if w not in _NOT_AXIS_WORDS)
        axes.append(Axis(ranking.axis, ranking.comparative, tuple(ranking.order), tuple(backing), stems))
    return axes


def _merged(counts: Iterable[dict[str, int]]) -> dict[str, int]:
    total: dict[str, int] = {}
    for part in counts:
        for key, n in part.items():
            total[key] = total.get(key, 0) + n
    return total


def _stack(blocks: list[np.ndarray], width: int) -> np.ndarray:
    blocks = [b for b in blocks if len(b)]
    return np.concatenate(blocks) if blocks else np.zeros((0, width), np.float32)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """The cyclic garbage collector off while a build makes its many small (acyclic) objects: each of its
    full passes walks every object of the index, which tripled the cost of renumbering a part."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


@_gc_paused()
def build_knowledge(
    passages: list[Passage],
    facts: Any,
    find: Callable[[str], list[str]],
    names: Sequence[str],
    encode: Callable[[list[str]], np.ndarray],
    claims_in: Claims = lambda passage, text: [],
    previous: Knowledge | None = None,
) -> Knowledge:
    """Cut passages into units, derive labels, axes and tools, and embed them all (``encode`` caches).

    ``previous`` is the Knowledge of an earlier index state built with the same facts, names, ``find``,
    ``claims_in`` and ``encode``: each source whose passages are unchanged keeps its part (units,
    labels, claims, vectors), so an update costs the changed documents plus assembling the parts.
    """
    names = list(names)
    old: dict[str | None, Part] = {}
    if previous is not None and previous.frameworks == names and previous.facts is facts:
        old = {part.source: part for part in previous.parts if part.source is not None}
    successors: dict[str, tuple[str, str]] = {}
    for up in getattr(facts, "updates", []):
        if up.successor is not None:
            for name in up.successor.of:
                successors[name.casefold()] = (up.successor.name, update_passage_id(up))
    declared = {update_passage_id(up): tuple(up.frameworks) for up in getattr(facts, "updates", [])}
    parts: list[Part] = []
    fresh: list[Part] = []
    unit = 0
    for source, start, end in source_runs(passages):
        chunk = passages[start:end]
        part = old.get(source)
        if part is not None and same_passages(part.passages, chunk):
            part = moved_part(part, start, unit)
        else:
            part = cut_part(source, chunk, start, unit, find=find, names=names, claims_in=claims_in,
                        successors=successors, declared=declared)  # fmt: skip
            fresh.append(part)
        parts.append(part)
        unit += len(part.units)
    units = [u for part in parts for u in part.units]
    units_of = {r: ix for part in parts for r, ix in part.units_of.items()}
    row_of = {p.id: row for row, p in enumerate(passages)}
    best, targets = _fact_labels(facts, row_of, units_of, names)
    axes = _axes(facts, parts)
    tools: dict[str, list[tuple[str, list[str]]]] = {}
    for fw in getattr(facts, "frameworks", []):
        value = fw.deployment_targets.value
        if isinstance(value, dict):
            tools[fw.name] = [(target, list(items)) for target, items in value.items()]
    from ..facts import FACT_TEMPLATES

    fields = list(FACT_TEMPLATES)
    # A fact field's prototypes: its sentence template with no subject, and its name ("is developed by", "developer").
    field_texts = [FACT_TEMPLATES[f].format(name="it", value="").rstrip(". :") for f in fields]
    field_texts += [f.replace("_", " ") for f in fields]
    # One call, in the order a build from scratch has always asked: units, labels, axes, tools, fields, names.
    texts = [t for part in fresh for t in part.texts]
    texts += [lb.embed or lb.text for lb in best] + [lb.embed or lb.text for part in fresh for lb in part.labels]
    texts += [lb.embed or lb.text for lb in targets] + [f"{a.name}: {a.comparative}" for a in axes]
    texts += [f"{fw} for {target}" for fw, targets_of in tools.items() for target, _ in targets_of]
    extra = list(FRAMING) + names
    vectors = encode(texts + field_texts + extra)
    width = vectors.shape[1]
    framing_rows = vectors[len(vectors) - len(extra) :]
    # Every framing prototype spans its own direction (not just their mean), so "run my models" is taken out
    # of "run models on a Raspberry Pi" as well as "which framework should I use".
    basis, _ = np.linalg.qr(framing_rows.T)
    knowledge = Knowledge(passages, units, vectors[:0], [], vectors[:0], axes, vectors[:0], tools, {}, successors,
                          names, np.ascontiguousarray(basis.T, dtype=np.float32))  # fmt: skip
    knowledge.name_vectors = dict(zip(names, framing_rows[len(FRAMING) :], strict=True))
    at = 0
    for part in fresh:
        part.vectors = vectors[at : at + len(part.texts)]
        at += len(part.texts)
        part.texts = []
    raw_best = vectors[at : at + len(best)]
    at += len(best)
    for part in fresh:
        part.label_vectors = vectors[at : at + len(part.labels)].copy()  # not a view that keeps all of `vectors`
        at += len(part.labels)
    raw_targets = vectors[at : at + len(targets)]
    at += len(targets)
    knowledge.axis_vectors = knowledge.topic_of(vectors[at : at + len(axes)])
    at += len(axes)
    for fw, targets_of in tools.items():
        knowledge.tool_vectors[fw] = vectors[at : at + len(targets_of)]
        at += len(targets_of)
    field_vectors = vectors[at : at + 2 * len(fields)]
    knowledge.labels = best + [lb for part in parts for lb in part.labels] + targets
    knowledge.label_units = np.unique(np.array([lb.unit for lb in knowledge.labels], dtype=np.int64))
    # Topics over the whole matrix, as one build always did: a product over a slice of rows can differ in
    # its last bits, and near-ties between labels then pick another use case.
    raw_labels = _stack([raw_best, *(part.label_vectors for part in parts), raw_targets], width)
    knowledge.label_vectors = knowledge.topic_of(raw_labels)
    knowledge.unit_vectors = _stack([part.vectors for part in parts], width)
    knowledge.unit_topics = knowledge.topic_of(knowledge.unit_vectors)
    at = 0
    for part in parts:  # the parts' arrays become views of the Knowledge's: an old Knowledge's can be freed
        part.vectors = knowledge.unit_vectors[at : at + len(part.units)]
        at += len(part.units)
    knowledge.parts, knowledge.facts, knowledge.row_of, knowledge.units_of = parts, facts, row_of, units_of
    _assemble(knowledge, parts, fields, field_vectors)
    knowledge.generic = generic_words(knowledge)
    knowledge.generic_stems = frozenset(w[:STEM] for w in knowledge.generic)
    # One call: the generic words, then a question naming each framework and nothing else (``NAME_PROBE``).
    extra_texts = [*knowledge.generic, *(NAME_PROBE.format(name=n) for n in names)]
    extra_vectors = encode(extra_texts) if extra_texts else np.zeros((0, width), np.float32)
    generic = len(knowledge.generic)
    use_case_space(knowledge, extra_vectors[:generic], extra_vectors[generic:])
    return knowledge


def _field_words(field: str) -> frozenset[str]:
    """The words a fact field's sentence and name say, less a final "s" ("users include" → user, include)."""
    from ..facts import FACT_TEMPLATES

    text = FACT_TEMPLATES.get(field, "").replace("{name}", "").replace("{value}", "") + " " + field.replace("_", " ")
    return frozenset(w.removesuffix("s") for w in re.findall(r"[a-z]{4,}", text.casefold()))


def generic_words(k: Knowledge) -> tuple[str, ...]:
    """The sources' frequent words that favour no framework: used by many units, about each framework in
    the proportions all units are ("models", "projects"; not "research" or "mobile"). Derived from the
    corpus, so a user's documents shift them; a use case is judged without them."""
    n = len(k.units)
    names = {f.casefold() for f in k.frameworks}
    framing = set(vocab.QUESTION_FRAMING)
    frequent = {
        w
        for w, c in k.word_units.items()
        if c >= max(GENERIC_SHARE * n, GENERIC_MIN) and w.isalpha() and len(w) >= 4
        and w not in framing and w not in names
    }  # fmt: skip
    if not frequent or not k.frameworks:
        return ()
    index = {f: j for j, f in enumerate(k.frameworks)}
    counts = {w: np.zeros(len(index)) for w in frequent}
    overall = np.zeros(len(index))
    for words, first in zip(k.words, k.unit_first, strict=True):
        j = index.get(first)
        if j is None:
            continue
        overall[j] += 1
        for w in words & frequent:
            counts[w][j] += 1
    if not overall.sum():
        return ()
    q = overall / overall.sum()
    generic = []
    for w in sorted(frequent):
        p = counts[w] / max(counts[w].sum(), 1.0)
        kl = float(np.sum(np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0) / np.where(q > 0, q, 1.0)), 0.0)))
        if counts[w].sum() and kl < GENERIC_KL:
            generic.append(w)
    return tuple(generic)


def _update_fields(k: Knowledge) -> None:
    """A dated update's units take the fact field they are plainly about ("the articles disagree on when
    PyTorch was released" → first_release), so a question asking another field ("who wrote it?") is not
    led by them, and one asking that field is."""
    units = np.unique(np.concatenate([np.zeros(0, np.int64), *k.update_units.values()]))
    units = units[k.unit_field[units] == ""] if len(units) else units
    if not len(k.fields) or not len(units):
        return
    sims = k.unit_topics[units] @ k.field_vectors.T
    order = np.argsort(-sims, axis=1)
    best = np.take_along_axis(sims, order[:, :1], axis=1)[:, 0]
    margin = best - np.take_along_axis(sims, order[:, 1:2], axis=1)[:, 0] if sims.shape[1] > 1 else best
    plain = (best >= UPDATE_FIELD_FROM) & (margin >= UPDATE_FIELD_MARGIN)
    k.unit_field[units[plain]] = np.array(k.fields, dtype=object)[order[plain, 0]]


def _assemble(knowledge: Knowledge, parts: list[Part], fields: list[str], field_vectors: np.ndarray) -> None:
    """What spans sources: row and unit maps, subjects, claims, field prototypes, word counts."""
    k = knowledge
    subjects: dict[str, list[np.ndarray]] = {}
    updates_of: dict[str, list[int]] = {}
    for part in parts:
        k.cells.update(part.cells)
        k.headings.update(part.headings)
        k.field_of.update(part.field_of)
        for fw, ix in part.subjects.items():
            subjects.setdefault(fw, []).append(ix)
        for fw, rows in part.update_units.items():
            updates_of.setdefault(fw, []).extend(rows)
    k.by_subject = {fw: np.concatenate(ix) for fw, ix in subjects.items()}
    k.update_units = {fw: np.array(ix, dtype=np.int64) for fw, ix in updates_of.items()}
    k.unit_rows = np.array([u.row for u in k.units], dtype=np.int64)
    k.unit_named = np.concatenate([np.zeros(0, bool), *(part.named for part in parts)])
    k.unit_first = np.concatenate([np.zeros(0, object), *(part.first for part in parts)])
    k.unit_field = np.concatenate([np.zeros(0, object), *(part.fields for part in parts)])
    # Read by every question's answer (``Ask.naming_rare``, ``Ask.subject_units``): computed once here.
    k.unit_update = np.array([bool((k.passages[u.row].meta or {}).get("update_kind")) for u in k.units], dtype=bool)
    k.quotable = np.array([i for i, u in enumerate(k.units) if not (u.boilerplate or u.lead_in)], dtype=np.int64)
    k.quotable.flags.writeable = False
    k.fields = fields
    k.field_words = {f: _field_words(f) for f in fields}
    # A field's prototype: its template, its name, and the facts file's own sentences for it.
    rows_of = {f: [r for r, name in k.field_of.items() if name == f] for f in fields}
    stated = [
        k.unit_vectors[[i for r in rows_of[f] for i in k.units_of.get(r, [])]].mean(axis=0)
        if any(k.units_of.get(r) for r in rows_of[f])
        else np.zeros(field_vectors.shape[1], np.float32)
        for f in fields
    ]
    prototypes = k.topic_of(field_vectors)
    k.field_vectors = k.topic_of(prototypes[: len(fields)] + prototypes[len(fields) :] + k.topic_of(np.array(stated)))
    _update_fields(k)
    k.updates = [()] * len(k.units)
    k.claimed = [frozenset()] * len(k.units)
    for part in parts:
        for i, (claimed, ids) in part.claims.items():
            k.claimed[i] = frozenset(k.row_of[uid] for uid in claimed if uid in k.row_of)
            k.updates[i] = tuple(k.row_of[uid] for uid in dict.fromkeys(ids) if uid in k.row_of)
            for row in k.claimed[i]:
                if (k.passages[row].meta or {}).get("update_kind") == "conflict":
                    by_row = k.disputing.setdefault(row, [])
                    if all(k.units[j].row != k.units[i].row for j in by_row):
                        by_row.append(i)
    k.stems = [s for part in parts for s in part.stems]
    k.words = [w for part in parts for w in part.words]
    k.stem_units = _merged(part.stem_counts for part in parts)
    k.word_units = _merged(part.word_counts for part in parts)
    capitals: dict[str, list[int]] = {}
    for part in parts:
        for word, (seen, upper) in part.capitals.items():
            total = capitals.setdefault(word, [0, 0])
            total[0] += seen
            total[1] += upper
    k.proper = frozenset(w for w, (seen, upper) in capitals.items() if upper * 2 >= seen)
