"""Tables: a row becomes a sentence naming its label and each column's value; pipe tables and rows whose
cells lost their separators ("LanguagePythonC++, Python") are read back into cells."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence

from .blocks import SENTENCE_END, Block, as_sentence, squash

PIPE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")

_ENUMERATION = re.compile(r"\b([A-Z][\w.+#-]*(?:,\s+[A-Z][\w.+#-]*)+,?\s+and\s+[A-Z][\w.+#-]*)")


def table_block(header: Sequence[str], cells: Sequence[str], section: str) -> Block | None:
    """Render one row as a sentence naming the row label and each column's value.

    ``meta`` keeps the structure for the answer stage: ``feature`` (row label), ``cells`` (JSON
    object column → value) and ``row`` (the cells joined with `` | ``).
    """
    cells = [*cells, *[""] * len(header)][: max(len(header), len(cells))]
    label, values = cells[0], cells[1:]
    if not label or not any(values):
        return None
    names = [name or f"column {n}" for n, name in enumerate([*header[1:], *[""] * len(values)][: len(values)], 2)]
    if len(header) == 2:
        column = " ".join(w.lower() if w.istitle() else w for w in header[1].split())
        text = as_sentence(f"{label}: {column} {values[0]}")
    else:
        text = f"{label} — " + " ".join(
            as_sentence(f"{name}: {value}") for name, value in zip(names, values, strict=True) if value
        )
    by_column = {name: value for name, value in zip(names, values, strict=True) if value}
    meta = {"feature": label, "cells": by_column, "row": " | ".join(cells)}
    return Block("table_row", section, text=text, meta=meta)


def is_pipe_row(line: str) -> bool:
    bars = line.count("|")
    return bars >= 2 or (bars == 1 and (line.startswith("|") or line.endswith("|")))


def pipe_cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return [squash(cell) for cell in inner.split("|")]


# -------------------------------------------------------------------------------- glued table rows


def camel_case_words(lines: Iterable[str]) -> frozenset[str]:
    """Words written with inner capitals (TensorFlow, CNTK) in the document's sentences.

    Only lines that end like sentences count, so that glued table rows cannot vouch for themselves.
    """
    words: set[str] = set()
    for line in lines:
        if SENTENCE_END.search(line):
            words.update(w for w in re.findall(r"[A-Za-z][A-Za-z0-9+#]*", line) if any(c.isupper() for c in w[1:]))
    return frozenset(words)


def _glue_points(row: str, known: frozenset[str]) -> list[tuple[int, int]]:
    """Candidate cell boundaries as (position, weight).

    A capital directly after a lowercase letter (weight 2), after closing punctuation, or ending
    an acronym before a capitalised word ("CNTK|TensorFlow", weight 1) — but never inside a word
    the document writes that way elsewhere ("TensorFlow", "PyTorch").
    """
    protected: set[int] = set()
    for word in known:
        for m in re.finditer(re.escape(word), row):
            protected.update(range(m.start() + 1, m.end()))
    points = []
    for k in range(1, len(row)):
        prev, cur, nxt = row[k - 1], row[k], row[k + 1 : k + 2]
        if k in protected or not cur.isupper():
            continue
        if prev.islower():
            points.append((k, 2))
        elif prev in ").’”+" or (prev.isupper() and nxt.islower() and k >= 2 and row[k - 2].isupper()):
            points.append((k, 1))
    return points


def looks_glued(line: str, known: frozenset[str]) -> bool:
    return bool(line) and "|" not in line and not SENTENCE_END.search(line) and bool(_glue_points(line, known))


def split_glued_row(row: str, n_parts: int, known: frozenset[str]) -> list[str] | None:
    """Split a row into exactly ``n_parts`` cells at the best-scoring boundaries, or ``None``."""
    points = _glue_points(row, known)
    if not n_parts - 1 <= len(points) <= n_parts + 12:  # too few, or too many to weigh: leave the row whole
        return None

    def cells(choice: Sequence[tuple[int, int]]) -> list[str]:
        cuts = [0, *(k for k, _ in choice), len(row)]
        return [row[a:b].strip() for a, b in itertools.pairwise(cuts)]

    def score(choice: Sequence[tuple[int, int]]) -> tuple[int, float]:
        lengths = [len(c) for c in cells(choice)]
        mean = sum(lengths) / len(lengths)
        return sum(w for _, w in choice), -sum((n - mean) ** 2 for n in lengths)

    best = cells(max(itertools.combinations(points, n_parts - 1), key=score))
    return best if all(best) else None


def column_names(*texts: str) -> tuple[str, ...]:
    """Column names of a header-less table, from "A, B, and C" or "A vs B vs C" in a heading/title."""
    for text in texts:
        enumeration = _ENUMERATION.search(text)
        if enumeration:
            return tuple(p for p in re.split(r",\s*(?:and\s+)?|\s+and\s+", enumeration.group(1)) if p)
        parts = [p.strip() for p in re.split(r"\s+vs\.?\s+", text.split(":")[0].strip(), flags=re.I)]
        if len(parts) >= 2 and all(1 <= len(p.split()) <= 2 for p in parts):
            return tuple(parts)
    return ()
