"""Answer quality on the question set (tests/questions.yaml), answered by the real bundled model.

One test per question (its id from the YAML) says what a user would see when it goes wrong; the
aggregate tests hold retrieval, answers, citations and abstention at what the system reaches now,
less a small margin (docs/EVALUATION.md). Questions the system still gets wrong are listed in the
YAML as ``known_failure`` and run as strict xfails, so fixing one makes its test fail until the
line is removed.
"""

from __future__ import annotations

import pytest

from assistant.evaluate import DEFAULT_QUESTIONS, Report, evaluate, is_relevant, load_questions

pytestmark = pytest.mark.slow

QUESTIONS = load_questions(DEFAULT_QUESTIONS)
K = 5

# What `assistant eval` measured when these were set (see docs/EVALUATION.md), less a margin.
THRESHOLDS = {
    "hit@1": 0.64,  # measured 0.677
    f"hit@{K}": 0.87,  # measured 0.906
    "mrr@10": 0.75,  # measured 0.787
    "ndcg@10": 0.66,  # measured 0.701
    "answer_accuracy": 0.92,  # measured 0.948 (known failures included)
    "citation_precision": 0.95,  # measured 0.980
    "abstention_precision": 0.95,  # measured 1.000
    "abstention_recall": 0.95,  # measured 1.000
}
MAX_KNOWN_FAILURES = 6


@pytest.fixture(scope="module")
def report(bot) -> Report:
    """The whole set, asked once (hybrid retrieval); every test below reads from it."""
    return evaluate(bot, QUESTIONS, k=K)


def _param(q):
    marks = [pytest.mark.xfail(strict=True, reason=q.known_failure)] if q.known_failure else []
    return pytest.param(q.id, id=q.id, marks=marks)


@pytest.mark.parametrize("qid", [_param(q) for q in QUESTIONS])
def test_question(report: Report, qid: str) -> None:
    result = next(r for r in report.results if r.id == qid)
    assert result.correct, result.describe()


@pytest.mark.parametrize("metric", list(THRESHOLDS))
def test_aggregate_threshold(report: Report, metric: str) -> None:
    value = report.metrics[metric]
    failures = "\n".join(f"- {r.id}: {'; '.join(r.reasons)}" for r in report.results if not r.correct)
    assert value >= THRESHOLDS[metric], f"{metric} = {value:.3f} < {THRESHOLDS[metric]}\nfailures:\n{failures}"


def test_every_gold_phrase_is_in_the_corpus(bot) -> None:
    """Gold evidence that matches no passage (after an ingestion change) would silently lower recall."""
    texts = [p.text for p in bot.passages]
    stale = [f"{q.id}: {g!r}" for q in QUESTIONS for g in q.gold if not any(is_relevant(t, [g]) for t in texts)]
    assert not stale, "gold phrases found in no passage:\n" + "\n".join(stale)


def test_known_failures_stay_few() -> None:
    known = [q.id for q in QUESTIONS if q.known_failure]
    assert len(known) <= MAX_KNOWN_FAILURES, f"{len(known)} known failures: fix some before adding more: {known}"
