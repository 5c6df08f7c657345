"""Evaluate the advisor on a question set: retrieval, answers, citations and abstention.

The set is data (``tests/questions.yaml``, schema in ``docs/EVALUATION.md``); the metrics are
small pure functions over plain values, so they are unit-tested on their own; ``evaluate`` runs
the assistant over the set and ``format_report`` words the report ``assistant eval`` prints (assistant/cli.py).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .errors import field_path

DEFAULT_QUESTIONS = Path(__file__).resolve().parent.parent / "tests" / "questions.yaml"  # the dev split
TEST_QUESTIONS = DEFAULT_QUESTIONS.with_name("questions_test.yaml")  # the held-out test split
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
FRAME_WORDS = frozenset(
    "sources source pick alternatives alternative short vs versus outdated predates newer information "
    "disagree disputed update feature more your you".split()
)
_MARKERS = re.compile(r"(?:\s*\[\d+\])+")
_MARKER = re.compile(r"\[(\d+)\]")
_MARKUP = re.compile(r"\*\*|^\s*(?:[-*>]|⚠️|\|)\s*|\s*\|\s*$|[`_]")

Terms = Callable[[str], list[str]]


# -- the question file ------------------------------------------------------------------------
class Question(BaseModel):
    """One item of the question set (see the schema at the top of tests/questions.yaml)."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    category: str = Field(min_length=1)
    split: Literal["dev", "test"] = "dev"
    question: str = Field(min_length=1)
    history: list[str] = Field(default_factory=list)
    answerable: bool
    frameworks: list[str] = Field(default_factory=list)
    must_contain: list[str | list[str]] = Field(default_factory=list)
    gold: list[str] = Field(default_factory=list)
    expect_note: bool = False
    covered: bool = True
    lead: list[str | list[str]] = Field(default_factory=list)
    must_not_contain: list[str] = Field(default_factory=list)
    known_failure: str | None = None

    @field_validator("must_contain", "lead")
    @classmethod
    def _no_empty_terms(cls, value: list[str | list[str]]) -> list[str | list[str]]:
        for item in value:
            terms = [item] if isinstance(item, str) else item
            if not terms or any(not str(t).strip() for t in terms):
                raise ValueError("every term (and every 'any of' list) must be non-empty")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Question:
        if self.answerable and self.covered and not self.gold:
            raise ValueError("an answerable question needs 'gold' phrases (its supporting evidence)")
        if not self.answerable and (self.gold or self.frameworks or self.expect_note):
            raise ValueError("an out-of-scope question (answerable: false) has no gold, frameworks or expect_note")
        return self


class QuestionFileError(ValueError):
    """The question file is missing, not YAML, or an item breaks the schema."""


def load_questions(path: Path | str) -> list[Question]:
    """Read and validate a question file; errors name the item (index and id) and the field."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise QuestionFileError(f"question file {path} does not exist") from e
    except yaml.YAMLError as e:
        raise QuestionFileError(f"{path} is not valid YAML: {e}") from e
    if not isinstance(raw, list) or not raw:
        raise QuestionFileError(f"{path} must hold a non-empty YAML list of questions, got {type(raw).__name__}")
    questions: list[Question] = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        label = f"{path}: item {i}" + (f" (id {item.get('id')!r})" if isinstance(item, dict) and "id" in item else "")
        if not isinstance(item, dict):
            raise QuestionFileError(f"{label} is a {type(item).__name__}; expected a mapping")
        try:
            q = Question.model_validate(item)
        except ValidationError as e:
            problems = "; ".join(f"field '{field_path(err['loc'])}': {err['msg']}" for err in e.errors())
            raise QuestionFileError(f"{label}: {problems}") from e
        if q.id in seen:
            raise QuestionFileError(f"{label}: duplicate id {q.id!r}")
        seen.add(q.id)
        questions.append(q)
    return questions


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
    quoted = {int(n) for n in _MARKER.findall(body)}
    sources = dict(citations)
    return sorted(
        {
            int(n)
            for note in notes
            for n in _MARKER.findall(note)
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
        start = 0
        for m in _MARKERS.finditer(line):
            markers = [int(x) for x in _MARKER.findall(m.group(0))]
            out.append((_plain(line[start : m.start()]).strip(" .;:—-"), markers))
            start = m.end()
    return out


def content_words(text: str, terms: Terms, frame: frozenset[str] = FRAME_WORDS) -> set[str]:
    """Stemmed, stopword-free words of a claim, without the answer's framing words."""
    frame_terms = {t for w in frame for t in terms(w)}
    return {t for t in terms(_MARKER.sub(" ", text)) if t not in frame_terms}


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


# -- the CLI report ----------------------------------------------------------------------------
_SHOWN = (
    "hit@1",
    "hit@{k}",
    "mrr@10",
    "ndcg@10",
    "answer_accuracy",
    "lead_accuracy",
    "citation_precision",
    "abstention_precision",
    "abstention_recall",
)


def _row(label: str, metrics: dict[str, float], k: int, width: int) -> str:
    cells = "".join(f"{metrics[name.format(k=k)]:>10.3f}" for name in _SHOWN)
    return f"{label:<{width}}{cells}"


def _header(first: str, k: int, width: int) -> str:
    names = ["hit@1", f"hit@{k}", "MRR@10", "nDCG@10", "accuracy", "lead", "cite-prec", "abst-prec", "abst-rec"]
    return f"{first:<{width}}" + "".join(f"{n:>10}" for n in names)


def format_report(main: Report, ablation: dict[str, Report]) -> str:
    """Metrics table, per-category breakdown, calibration, failures and the ablation, as text."""
    k = main.k
    m = main.metrics
    lines = [
        f"Questions: {int(m['questions'])} ({sum(r.answerable for r in main.results)} answerable); "
        f"citation markers checked: {int(m['citations_checked'])}",
        "",
        "Metrics (hybrid retrieval):",
    ]
    lines += [f"  {name:<22}{m[name]:.3f}" for name in (s.format(k=k) for s in _SHOWN)]
    width = 24
    lines += ["", "Per category:", _header("  category (n)", k, width)]
    for cat, cm in main.categories.items():
        lines.append(_row(f"  {cat} ({int(cm['questions'])})", cm, k, width))
    inside = [r.top_cosine for r in main.results if r.answerable]
    outside = [r.top_cosine for r in main.results if not r.answerable]
    if inside and outside:
        lines += [
            "",
            f"Top dense cosine: in scope min {min(inside):.3f} (median {sorted(inside)[len(inside) // 2]:.3f}); "
            f"out of scope max {max(outside):.3f} (median {sorted(outside)[len(outside) // 2]:.3f})",
        ]
    failures = [r for r in main.results if not r.correct]
    lines += ["", f"Failures ({len(failures)}):" if failures else "Failures: none"]
    for r in failures:
        known = f" [known failure: {r.known_failure}]" if r.known_failure else ""
        lines.append(f"- {r.id}{known}: {r.question}")
        lines.append(f"    why: {'; '.join(r.reasons)}")
        lines.append(f"    answer: {r.answer_first_line[:150]}")
        lines.append(f"    frameworks: {r.frameworks}")
        lines += [f"    {c}" for c in r.citations[:6]]
    weak = [(r, c) for r in main.results for c in r.citation_checks if not c.supported]
    if weak:
        lines += ["", f"Unsupported citation markers ({len(weak)}):"]
        lines += [f"- {r.id} [{c.marker}] {c.share:.0%}: {c.claim[:110]}" for r, c in weak]
    if ablation:
        lines += ["", "Ablation (same questions, retrieval mode varied):", _header("  mode", k, 46)]
        for mode, report in ablation.items():
            lines.append(_row(f"  {ABLATION_LABELS.get(mode, mode)}", report.metrics, k, 46))
    return "\n".join(lines)


def report_json(main: Report, ablation: dict[str, Report]) -> dict[str, Any]:
    """Everything the CLI prints, as JSON-ready data."""
    return {
        "k": main.k,
        "metrics": main.metrics,
        "categories": main.categories,
        "results": [asdict(r) for r in main.results],
        "ablation": {
            mode: {"label": ABLATION_LABELS.get(mode, mode), "metrics": r.metrics} for mode, r in ablation.items()
        },
    }


def stale_gold(items: Sequence[Question], texts: Sequence[str]) -> list[str]:
    """"<id>: <phrase>" for each gold phrase that no passage holds (after an ingestion change it would
    silently lower recall)."""
    return [f"{q.id}: {g!r}" for q in items for g in q.gold if not any(is_relevant(t, [g]) for t in texts)]


def corpus_note(bot: Any, user_documents: bool) -> str:
    """Which sources the run measured: the reference corpus alone, or with the user's documents."""
    own = [s for s in bot.sources() if s.origin == "user"] if user_documents else []
    if own:
        return f"reference corpus + your {len(own)} added document(s) (--with-my-documents)"
    left_out = len(bot.library.documents()) if not user_documents else 0
    if left_out:
        return f"reference corpus only; your {left_out} added document(s) left out (--with-my-documents includes them)"
    return "reference corpus only (you have added no documents)"


def modes() -> tuple[str, ...]:
    """The retrieval modes the ablation runs, in report order."""
    from .retrieve import MODES

    return tuple(m for m in ABLATION if m in MODES)
