"""Shared pieces of the benchmarks: a result row, percentiles, the machine's description, the table."""

from __future__ import annotations

import os
import platform
import statistics
from collections.abc import Iterable
from dataclasses import dataclass

QUESTIONS = [
    "Which framework should I use for mobile?",
    "PyTorch vs Keras",
    "Is Keras still relevant?",
    "Who created Keras?",
    "What is TorchScript used for?",
    "Which framework is best for beginners?",
    "Does TensorFlow support TPUs?",
    "tf or torch for my thesis?",
]


@dataclass(frozen=True)
class Row:
    """One figure, with the reference it is compared to (measured in the same run) and its target."""

    figure: str
    value: float
    unit: str
    reference: float | None = None
    reference_name: str = ""
    ratio: float | None = None
    target: str = ""
    holds: bool | None = None


def ratio_row(
    figure: str, value: float, unit: str, reference: float, reference_name: str, *, at_most: float | None = None,
    at_least: float | None = None,
) -> Row:
    """A figure compared to its reference as value/reference, checked against a bound."""
    ratio = value / reference if reference else float("inf")
    if at_most is not None:
        return Row(figure, value, unit, reference, reference_name, ratio, f"<= {at_most:g}", ratio <= at_most)
    if at_least is not None:
        return Row(figure, value, unit, reference, reference_name, ratio, f">= {at_least:g}", ratio >= at_least)
    return Row(figure, value, unit, reference, reference_name, ratio)


def percentile(values: Iterable[float], q: float) -> float:
    """Nearest-rank percentile (q in [0, 1]) of a non-empty sample."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("percentile of an empty sample")
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def median(values: Iterable[float]) -> float:
    """Median of a non-empty sample."""
    return statistics.median(list(values))


def machine() -> dict[str, str]:
    """CPU model, core count, RAM and load: where the figures came from."""
    cpu = platform.processor() or "?"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    ram = "?"
    try:
        with open("/proc/meminfo", encoding="utf-8") as fh:
            kb = int(fh.readline().split()[1])
            ram = f"{kb / 2**20:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return {"cpu": cpu, "nproc": str(os.cpu_count()), "ram": ram, "load": load, "python": platform.python_version()}


def _fmt(x: float | None) -> str:
    if x is None:
        return ""
    if x == 0 or abs(x) >= 100:
        return f"{x:,.0f}"
    if abs(x) >= 1:
        return f"{x:.2f}"
    return f"{x:.3f}"


def table(rows: list[Row]) -> str:
    """A fixed-width table (also valid Markdown) of all figures."""
    head = ["figure", "value", "unit", "reference", "ref. value", "ratio", "target", "holds"]
    body = [
        [
            r.figure,
            _fmt(r.value),
            r.unit,
            r.reference_name,
            _fmt(r.reference),
            _fmt(r.ratio),
            r.target,
            "" if r.holds is None else ("yes" if r.holds else "NO"),
        ]
        for r in rows
    ]
    widths = [max(len(h), *(len(b[i]) for b in body)) if body else len(h) for i, h in enumerate(head)]
    lines = ["| " + " | ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)) + " |"]
    lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    lines += ["| " + " | ".join(c.ljust(w) for c, w in zip(b, widths, strict=True)) + " |" for b in body]
    return "\n".join(lines)


def rss_bytes() -> int:
    """Current resident set size of this process (Linux /proc; 0 where unavailable)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0
