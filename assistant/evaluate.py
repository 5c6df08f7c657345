"""Evaluate the advisor on a question set: retrieval, answers, citations and abstention.

The set is data (``tests/questions.yaml``, schema in ``docs/EVALUATION.md``); the metrics are
small pure functions over plain values, so they are unit-tested on their own; ``evaluate`` runs
the assistant over the set and ``evalreport`` words what ``assistant eval`` prints.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import vocab
from .questions import (  # noqa: F401 - the question set's names, importable from here as before
    DEFAULT_QUESTIONS,
    TEST_QUESTIONS,
    Question,
    QuestionFileError,
    load_questions,
)
from .textutil import MARKER

LEAD_CHARS = 300  # ``lead`` terms must appear this early in the answer
CUTOFF = 10  # MRR@10 and nDCG@10
POOL = 50  # passages retrieved per question (ranked metrics look at the first CUTOFF or k)
SUPPORT_SHARE = 0.6  # a cited passage supports a claim holding this share of the claim's content words
ABLATION = ("hybrid", "dense", "bm25", "rrf")
ABLATION_LABELS = {
    "hybrid": "hybrid (BM25 + dense, RRF, framework boost)",
    "dense": "dense only",
    "bm25": "BM25 only",
    "rrf": "hybrid without framework boost",
}
# Words the composer adds around quoted text ("**Keras** is the sources' pick for beginners",
# "**Outdated:** [1] predates newer information"): they state no fact, so no passage needs them.
FRAME_WORDS = frozenset(vocab.ANSWER_FRAMING)
_MARKERS = re.compile(r"(?:\s*\[\d+\])+")
# a replaced tool's current name marked in a quote ("TFLite (now LiteRT, as of 2024-09-04 [3])"): a claim of its own
_REPLACED = re.compile(
    r" \((now [^()\[\]]+?, as of [\d-]{10}) (\[\d+\])\)"
    r"|; (now [^()\[\]]+?, as of [\d-]{10}) (\[\d+\])(?=\))"
)
_MARKUP = re.compile(r"\*\*|^\s*(?:[-*>]|⚠️|\|)\s*|\s*\|\s*$|[`_]")

Terms = Callable[[str], list[str]]


# -- retrieval metrics (pure) -----------------------------------------------------------------
def is_relevant(text: str, gold: Iterable[str]) -> bool:
    """A passage is relevant when it contains any gold phrase (case-insensitive substring)."""
    low = text.casefold()
    return any(g.casefold() in low for g in gold)


def hit_at_k(relevant: Sequence[bool], k: int) -> float:
    """1.0 when a relevant passage is among the first k, else 0.0."""
    return 1.0 if any(relevant[:k]) else 0.0


def mrr_at_k(relevant: Sequence[bool], k: int = CUTOFF) -> float:
    """Reciprocal rank of the first relevant passage within the first k (0.0 if none)."""
    for rank, rel in enumerate(relevant[:k], start=1):
        if rel:
            return 1.0 / rank
    return 0.0


def ndcg_at_k(relevant: Sequence[bool], total_relevant: int, k: int = CUTOFF) -> float:
    """Binary nDCG@k; the ideal ranking puts all ``total_relevant`` passages of the corpus first."""
    dcg = sum(1.0 / math.log2(rank + 1) for rank, rel in enumerate(relevant[:k], start=1) if rel)
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(total_relevant, k) + 1))
    return dcg / ideal if ideal else 0.0


# -- answer metrics (pure) --------------------------------------------------------------------
def missing_terms(text: str, must_contain: Sequence[str | Sequence[str]]) -> list[str]:
    """The must_contain items the text lacks (an item that is a list needs any one of its terms)."""
    low = text.casefold()
    missing = []
    for item in must_contain:
        terms = [item] if isinstance(item, str) else list(item)
        if not any(t.casefold() in low for t in terms):
            missing.append(" | ".join(terms))
    return missing


def judge(
    question: Question,
    answered: bool,
    frameworks: Sequence[str],
    text: str,
    notes: Sequence[str],
    n_citations: int,
    citations: Sequence[tuple[int, str]] = (),
) -> list[str]:
    """Why an answer is wrong (empty list: correct).

    Answerable: answered, cites something, starts with the expected framework(s) in any order,
    contains every must_contain item and none of must_not_contain, flags a note when
    ``expect_note``, makes no pick when the sources do not cover the use case (``covered: false``),
    and notes only about passages the answer quotes. Out of scope: abstains with no citations.
    ``citations`` are (marker, source) pairs of the answer.
    """
    reasons: list[str] = []
    if not question.answerable:
        if answered:
            reasons.append("answered an out-of-scope question")
        if n_citations:
            reasons.append("abstention carries citations")
    else:
        if not answered:
            return ["abstained on an answerable question"]
        if not n_citations:
            reasons.append("no citations")
        expected = question.frameworks
        if expected and set(frameworks[: len(expected)]) != set(expected):
            reasons.append(f"frameworks {list(frameworks)} do not start with {expected}")
        if not question.covered and frameworks and "pick" in text.split("\n", 1)[0]:
            reasons.append(f"picked {frameworks[0]} for a use case the sources do not cover")
        if question.expect_note and not notes:
            reasons.append("no note on the outdated or disputed statement")
        stray = stray_note_markers(text, notes, citations)
        if stray:
            reasons.append(f"a note flags passages the answer does not quote: {stray}")
    missing = missing_terms(text, question.must_contain)
    if missing:
        reasons.append("missing: " + "; ".join(missing))
    present = [t for t in question.must_not_contain if t.casefold() in text.casefold()]
    if present:
        reasons.append("contains: " + "; ".join(present))
    return reasons


def lead_missing(question: Question, text: str, chars: int = LEAD_CHARS) -> list[str]:
    """The ``lead`` items missing from the first ``chars`` characters of the answer."""
    return missing_terms(text[:chars], question.lead)


def stray_note_markers(text: str, notes: Sequence[str], citations: Sequence[tuple[int, str]]) -> list[int]:
    """Markers in notes that point at corpus passages the answer body never cites (facts updates may be new)."""
    body = text
    for note in notes:
        body = body.replace(note, "")
    quoted = {int(n) for n in MARKER.findall(body)}
    sources = dict(citations)
    return sorted(
        {
            int(n)
            for note in notes
            for n in MARKER.findall(note)
            if int(n) not in quoted and sources.get(int(n)) != "facts"
        }
    )


@dataclass(frozen=True)
class CitationCheck:
    """One [n] marker: the claim it is attached to and whether the cited passage supports it."""

    marker: int
    claim: str
    supported: bool
    share: float


def _plain(text: str) -> str:
    return " ".join(_MARKUP.sub(" ", text).split())


def claims(text: str) -> list[tuple[str, list[int]]]:
    """(claim, markers) pairs: each marker group with the text between it and the previous group (or line start)."""
    out: list[tuple[str, list[int]]] = []
    for line in text.splitlines():
        for m in _REPLACED.finditer(line):
            out.append((m[1] or m[3], [int(x) for x in MARKER.findall(m[2] or m[4])]))
        line = _REPLACED.sub("", line)
        start = 0
        for m in _MARKERS.finditer(line):
            markers = [int(x) for x in MARKER.findall(m.group(0))]
            out.append((_plain(line[start : m.start()]).strip(" .;:—-"), markers))
            start = m.end()
    return out


def content_words(text: str, terms: Terms, frame: frozenset[str] = FRAME_WORDS) -> set[str]:
    """Stemmed, stopword-free words of a claim, without the answer's framing words."""
    frame_terms = {t for w in frame for t in terms(w)}
    return {t for t in terms(MARKER.sub(" ", text)) if t not in frame_terms}


def check_citations(
    text: str, passages: dict[int, str], terms: Terms, share: float = SUPPORT_SHARE
) -> list[CitationCheck]:
    """Check every [n] marker of an answer against the text of passage n.

    A marker is correct when the claim before it is a quote of the passage, or when at least
    ``share`` of the claim's content words occur in the passage. Markers with no claim before
    them (a note's "[1] predates newer information") are references, not claims: not counted.
    An unknown marker counts as unsupported.
    """
    checks: list[CitationCheck] = []
    cache: dict[int, set[str]] = {}
    for claim, markers in claims(text):
        words = content_words(claim, terms)
        if not words:
            continue
        for n in markers:
            passage = passages.get(n)
            if passage is None:
                checks.append(CitationCheck(n, claim, False, 0.0))
                continue
            if _plain(claim).casefold() in _plain(passage).casefold():
                checks.append(CitationCheck(n, claim, True, 1.0))
                continue
            if n not in cache:
                cache[n] = set(terms(passage))
            found = len(words & cache[n]) / len(words)
            checks.append(CitationCheck(n, claim, found >= share, round(found, 3)))
    return checks


def citation_precision(checks: Sequence[CitationCheck]) -> float:
    """Share of checked markers whose passage supports their claim (1.0 when nothing was checked)."""
    return sum(c.supported for c in checks) / len(checks) if checks else 1.0


def abstention_scores(pairs: Iterable[tuple[bool, bool]]) -> tuple[float, float]:
    """(precision, recall) of abstaining, from (answerable, answered) pairs; "abstained" is the positive class."""
    pairs = list(pairs)
    abstained = [answerable for answerable, answered in pairs if not answered]
    out_of_scope = [answered for answerable, answered in pairs if not answerable]
    precision = sum(not a for a in abstained) / len(abstained) if abstained else 1.0
    recall = sum(not a for a in out_of_scope) / len(out_of_scope) if out_of_scope else 1.0
    return precision, recall


def mean(values: Iterable[float]) -> float:
    """Arithmetic mean; 0.0 for nothing."""
    values = list(values)
    return sum(values) / len(values) if values else 0.0


# -- running the assistant over the set -------------------------------------------------------
@dataclass
class Result:
    """What one question produced."""

    id: str
    category: str
    question: str
    answerable: bool
    correct: bool
    reasons: list[str]
    answered: bool
    answer_first_line: str
    answer_text: str
    frameworks: list[str]
    citations: list[str]
    notes: list[str]
    top_cosine: float
    relevant: list[bool] = field(default_factory=list)
    total_relevant: int = 0
    citation_checks: list[CitationCheck] = field(default_factory=list)
    known_failure: str | None = None
    split: str = "dev"
    lead_checked: bool = False
    lead_ok: bool = True

    def describe(self) -> str:
        """Multi-line account of the answer, for test failures and the CLI's failure list."""
        cites = "\n".join(f"    {c}" for c in self.citations) or "    (none)"
        bad = [c for c in self.citation_checks if not c.supported]
        unsupported = "".join(f"\n    [{c.marker}] {c.share:.0%} of: {c.claim[:100]}" for c in bad)
        return (
            f"Q: {self.question}\n  why: {'; '.join(self.reasons) or 'ok'}\n  frameworks: {self.frameworks}"
            f"\n  answer:\n    "
            + self.answer_text.replace("\n", "\n    ")
            + f"\n  citations:\n{cites}"
            + (f"\n  unsupported markers:{unsupported}" if bad else "")
        )


@dataclass
class Report:
    """Per-question results and the metrics over them."""

    mode: str
    k: int
    results: list[Result]
    metrics: dict[str, float]
    categories: dict[str, dict[str, float]]


def _history(bot: Any, turns: Sequence[str], mode: str) -> list[dict[str, str]]:
    """A chat transcript as a UI would send it: each earlier user turn with the assistant's reply."""
    messages: list[dict[str, str]] = []
    for turn in turns:
        reply = bot.ask(turn, list(messages), mode=mode)
        messages += [{"role": "user", "content": turn}, {"role": "assistant", "content": reply.text}]
    return messages


def evaluate(
    bot: Any,
    questions: Sequence[Question],
    *,
    k: int = 5,
    mode: str = "hybrid",
    terms: Terms | None = None,
    progress: bool = False,
    desc: str | None = None,
) -> Report:
    """Ask every question (with its history) and score retrieval, answer, citations and abstention."""
    from tqdm import tqdm

    terms = terms or bot.retriever.lexical.terms
    corpus = [p.text for p in bot.passages]
    results: list[Result] = []
    for q in tqdm(questions, desc=desc or mode, disable=not progress, unit="q", leave=False):
        history = _history(bot, q.history, mode)
        # The whole candidate pool, so that the top dense cosine (the abstention signal) is among them.
        hits = bot.retrieve(q.question, history, k=POOL, mode=mode)
        answer = bot.ask(q.question, history, mode=mode)
        relevant = [is_relevant(h.passage.text, q.gold) for h in hits[: max(CUTOFF, k)]] if q.gold else []
        total = sum(is_relevant(t, q.gold) for t in corpus) if q.gold else 0
        # A citation is shown with its section path ("TensorFlow > Cons"), so that counts as passage text.
        cited = {c.marker: f"{c.section}: {c.text}" if c.section else c.text for c in answer.citations}
        checks = check_citations(answer.text, cited, terms) if answer.answered else []
        sources = [(c.marker, c.source) for c in answer.citations]
        reasons = judge(
            q, answer.answered, answer.frameworks, answer.text, answer.notes, len(answer.citations), sources
        )
        lead = lead_missing(q, answer.text) if q.answerable and q.lead and answer.answered else []
        results.append(
            Result(
                id=q.id,
                category=q.category,
                question=q.question if not q.history else f"{' / '.join(q.history)} / {q.question}",
                answerable=q.answerable,
                correct=not reasons,
                reasons=reasons,
                answered=answer.answered,
                answer_first_line=answer.text.strip().split("\n", 1)[0],
                answer_text=answer.text,
                frameworks=list(answer.frameworks),
                citations=[f"[{c.marker}] {c.passage_id or c.source}: {c.text[:90]}" for c in answer.citations],
                notes=list(answer.notes),
                top_cosine=max((h.dense for h in hits), default=0.0),
                relevant=relevant,
                total_relevant=total,
                citation_checks=checks,
                known_failure=q.known_failure,
                split=q.split,
                lead_checked=bool(q.answerable and q.lead),
                lead_ok=bool(q.answerable and q.lead and answer.answered and not lead),
            )
        )
    metrics = summarize(results, k)
    categories = {
        cat: summarize([r for r in results if r.category == cat], k)
        for cat in dict.fromkeys(r.category for r in results)
    }
    return Report(mode=mode, k=k, results=results, metrics=metrics, categories=categories)


def summarize(results: Sequence[Result], k: int) -> dict[str, float]:
    """The headline metrics over a list of results."""
    graded = [r for r in results if r.answerable and r.relevant]
    answerable = [r for r in results if r.answerable]
    checks = [c for r in results for c in r.citation_checks]
    precision, recall = abstention_scores((r.answerable, r.answered) for r in results)
    return {
        "questions": float(len(results)),
        "hit@1": mean(hit_at_k(r.relevant, 1) for r in graded),
        f"hit@{k}": mean(hit_at_k(r.relevant, k) for r in graded),
        "mrr@10": mean(mrr_at_k(r.relevant) for r in graded),
        "ndcg@10": mean(ndcg_at_k(r.relevant, r.total_relevant) for r in graded),
        "answer_accuracy": mean(r.correct for r in answerable),
        "lead_accuracy": mean(r.lead_ok for r in results if r.lead_checked)
        if any(r.lead_checked for r in results)
        else 1.0,
        "overall_accuracy": mean(r.correct for r in results),
        "citation_precision": citation_precision(checks),
        "citations_checked": float(len(checks)),
        "abstention_precision": precision,
        "abstention_recall": recall,
    }
