"""The report ``assistant eval`` prints and saves: the metrics table, the per-category breakdown,
the failures, and the retrieval ablation; which corpus was measured."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from .evaluate import ABLATION, ABLATION_LABELS, Question, Report, is_relevant

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
    """Each gold phrase that no passage holds, as "<id>: <phrase>" (it would silently lower recall)."""
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
