"""What the facts file records as a dispute between the sources: stated in the lead when it is about what was
asked, each side quoted after it, or beside the field sentence it disputes."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..textutil import split_sentences
from .base import Ask
from .evidence import word_stems


def is_dispute(k, unit: int) -> bool:  # noqa: ANN001 - Knowledge
    """Whether a unit is a dispute the facts file records (an update of kind "conflict")."""
    return bool(k.unit_update[unit]) and (k.passages[k.units[unit].row].meta or {}).get("update_kind") == "conflict"


def dispute_beside(ask: Ask, units: Sequence[int]) -> str:
    """ " The sources disagree: <statement> [n]" for the first dispute among a field's units, else ""."""
    k = ask.knowledge
    disputes = [int(i) for i in units if is_dispute(k, int(i))]
    if not disputes:
        return ""
    passage = k.passages[k.units[disputes[0]].row]
    ask.cite.told.add(passage.id)  # stated here: no note repeats it
    return f" {_disagree(ask.statement(passage))} {ask.cite.marker(passage)}"


def _disagree(statement: str) -> str:
    """ "The sources disagree: <statement>", or "The sources disagree — on when …" for a statement that says so
    itself ("The articles disagree on when …"), not "The sources disagree: The articles disagree on when …"."""
    own = re.match(r"the (?:articles|sources) disagree\s+(?=\w)", statement, re.I)
    return f"The sources disagree — {statement[own.end() :]}" if own else f"The sources disagree: {statement}"


def disagreement(ask: Ask, conflict, lead_unit: int) -> str:  # noqa: ANN001 - a Passage
    """ "The sources disagree: <the facts file's statement> [1]" then each side quoted ("- … 2017. [2]"), or, with
    fewer than two sides, "The sources disagree: <side> [1]. <statement> [2]"."""
    k = ask.knowledge
    statement = ask.statement(conflict)
    ask.cite.told.add(conflict.id)  # stated here: no note repeats it
    units = k.disputing.get(k.row_of[conflict.id], [])
    if len(units) >= 2:
        # the statement says what is disputed, both dates and what settles it, in the facts file's words: it leads
        # ("… disagree on when PyTorch was released (2016 in one, … 2017 in another). The PyTorch team wrote …")
        marker = ask.cite.marker(conflict)
        sides = [_side(ask, unit, statement) for unit in units]
        return "\n".join([f"{_disagree(statement)} {marker}", "", *(f"- {side}" for side in sides)])
    sides = [_side(ask, unit, statement) for unit in units]
    marker = ask.cite.marker(conflict)
    body = "; ".join(sides) if sides else ask.quote(lead_unit, current=False)
    body = body if body.endswith("]") else f"{body.rstrip('.')}."  # "… 2016. [2]", then the statement
    return f"The sources disagree: {body} {statement} {marker}"


def _side(ask: Ask, unit: int, statement: str) -> str:
    """One side of a disagreement, quoted. A table row over several attributes ("PyTorch — Release: 2016.
    Main Owner: Facebook. …") is quoted up to the cell the dispute is about, when that is its first."""
    k = ask.knowledge
    u = k.units[unit]
    pieces = split_sentences(u.text)
    if u.names and len(pieces) > 1 and k.passages[u.row].kind == "table_row":
        want = word_stems(statement)
        best = max(pieces, key=lambda piece: len(word_stems(piece) & want))
        if best == pieces[0] and word_stems(best) & want:
            return ask.cite.quote(k.passages[u.row], best, 0.0)
    return ask.quote(unit, current=False)
