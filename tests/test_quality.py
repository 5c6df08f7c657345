"""Answer quality on the question sets, answered by the real bundled model.

Two splits: ``dev`` (tests/questions.yaml), which the rules were tuned on, and ``test``
(tests/questions_test.yaml), written before the answer-quality rework and never tuned on. Each dev
question has its own test (its id from the YAML) that says what a user would see when it goes
wrong; questions the system still gets wrong are listed as ``known_failure`` and run as strict
xfails, so fixing one makes its test fail until the line is removed. The test split is judged by
its aggregate figures, with every failing item listed in the assertion message.
"""

from __future__ import annotations

import pytest

from assistant.evaluate import DEFAULT_QUESTIONS, TEST_QUESTIONS, Report, evaluate, is_relevant, load_questions

pytestmark = pytest.mark.slow

DEV = load_questions(DEFAULT_QUESTIONS)
TEST = load_questions(TEST_QUESTIONS)
K = 5

# What `assistant eval` measured when these were set (docs/EVALUATION.md), less a small margin.
DEV_THRESHOLDS = {
    "hit@1": 0.64,
    f"hit@{K}": 0.87,
    "mrr@10": 0.75,
    "ndcg@10": 0.66,
    "answer_accuracy": 0.97,  # measured 0.990 in round 7 (0.958 before)
    "citation_precision": 0.95,
    "abstention_precision": 0.95,
    "abstention_recall": 0.95,
}
# The held-out split (142 items since round 3), at what it measured (docs/EVALUATION.md) less a margin of
# about one item. The bar the rework aims for: 0.90 answer and lead accuracy, 1.0 abstention precision and
# recall; round 3 measured 0.902 / 0.952 / 1.0 / 1.0, round 4 0.918 / 0.962 / 1.0 / 1.0,
# round 5 0.926 / 0.971 / 1.0 / 1.0, round 7 0.934 / 0.971 / 1.0 / 1.0, round 12 0.951 / 0.981 / 1.0 / 1.0,
# round 13 0.967 / 0.990 / 1.0 / 1.0.
TEST_THRESHOLDS = {
    "answer_accuracy": 0.95,  # measured 0.967 (bar 0.90; was 0.951 before round 13, see docs/EVALUATION.md)
    "lead_accuracy": 0.98,  # measured 0.990 (bar 0.90)
    "citation_precision": 0.95,  # measured 1.000
    "abstention_precision": 1.0,  # measured 1.000 (bar 1.0)
    "abstention_recall": 1.0,  # measured 1.000 (bar 1.0)
}
MAX_KNOWN_FAILURES = 3


@pytest.fixture(scope="module")
def dev_report(bot) -> Report:
    """The dev split, asked once (hybrid retrieval); the dev tests read from it."""
    return evaluate(bot, DEV, k=K)


@pytest.fixture(scope="module")
def test_report(bot) -> Report:
    """The held-out test split, asked once."""
    return evaluate(bot, TEST, k=K)


def _param(q):
    marks = [pytest.mark.xfail(strict=True, reason=q.known_failure)] if q.known_failure else []
    return pytest.param(q.id, id=q.id, marks=marks)


@pytest.mark.parametrize("qid", [_param(q) for q in DEV])
def test_question(dev_report: Report, qid: str) -> None:
    result = next(r for r in dev_report.results if r.id == qid)
    assert result.correct, result.describe()


def _failures(report: Report) -> str:
    lines = [f"- {r.id}: {'; '.join(r.reasons)}" for r in report.results if not r.correct]
    lines += [f"- {r.id}: lead misses its terms" for r in report.results if r.lead_checked and not r.lead_ok]
    return "\n".join(lines)


@pytest.mark.parametrize("metric", list(DEV_THRESHOLDS))
def test_dev_threshold(dev_report: Report, metric: str) -> None:
    value = dev_report.metrics[metric]
    bar = DEV_THRESHOLDS[metric]
    assert value >= bar, f"{metric} = {value:.3f} < {bar}\n{_failures(dev_report)}"


@pytest.mark.parametrize("metric", list(TEST_THRESHOLDS))
def test_test_split_threshold(test_report: Report, metric: str) -> None:
    value = test_report.metrics[metric]
    bar = TEST_THRESHOLDS[metric]
    assert value >= bar, f"test split {metric} = {value:.3f} < {bar}\n{_failures(test_report)}"


def test_splits_are_disjoint_and_labelled() -> None:
    """A question in both splits would let tuning leak into the held-out figures."""
    assert {q.split for q in DEV} == {"dev"} and {q.split for q in TEST} == {"test"}
    assert not {q.id for q in DEV} & {q.id for q in TEST}
    def asked(q):  # noqa: ANN001, ANN202 - the whole exchange, not just its last line
        return tuple(t.casefold() for t in q.history), q.question.casefold()

    assert not {asked(q) for q in DEV} & {asked(q) for q in TEST}


def test_every_gold_phrase_is_in_the_corpus(bot) -> None:
    """Gold evidence that matches no passage (after an ingestion change) would silently lower recall."""
    texts = [p.text for p in bot.passages]
    stale = [f"{q.id}: {g!r}" for q in DEV + TEST for g in q.gold if not any(is_relevant(t, [g]) for t in texts)]
    assert not stale, "gold phrases found in no passage:\n" + "\n".join(stale)


def test_known_failures_stay_few() -> None:
    known = [q.id for q in DEV if q.known_failure]
    assert len(known) <= MAX_KNOWN_FAILURES, f"{len(known)} known failures: fix some before adding more: {known}"
