"""Which update passages supersede or dispute a corpus passage, found by the claims they quote.

Quotes are compared after ``normalize_quote_text``, so a claim still matches once ingestion has
re-flowed its passage.
"""

from __future__ import annotations

from collections.abc import Callable

from ..records import Passage
from .render import update_passage_id
from .schema import FactsFile

__all__ = ["find_superseded", "normalize_quote_text", "supersessions"]

_QUOTE_CHARS = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "|": " ", "*": None})


def normalize_quote_text(text: str) -> str:
    """Fold case, typographic quotes, Markdown table pipes/emphasis and whitespace.

    This lets a quote still match after ingestion re-flows a passage.
    """
    return " ".join(text.translate(_QUOTE_CHARS).casefold().split())


def supersessions(facts: FactsFile) -> dict[str, list[str]]:
    """Map each normalized claim quote to the ids of the update passages that supersede or dispute it."""
    out: dict[str, list[str]] = {}
    for up in facts.updates:
        for claim in (*up.supersedes, *up.disputes):
            ids = out.setdefault(normalize_quote_text(claim.quote), [])
            if update_passage_id(up) not in ids:
                ids.append(update_passage_id(up))
    return out


def find_superseded(passage_text: str, facts: FactsFile, *, source: str | None = None) -> list[str]:
    """Ids of the update passages whose claims appear in ``passage_text`` (in facts-file order).

    With ``source`` (the passage's document id), only claims quoted from that document count.
    """
    haystack = normalize_quote_text(passage_text)
    found: list[str] = []
    for up in facts.updates:
        for claim in (*up.supersedes, *up.disputes):
            if source is not None and claim.source != source:
                continue
            if normalize_quote_text(claim.quote) in haystack and update_passage_id(up) not in found:
                found.append(update_passage_id(up))
    return found


def claims_finder(facts: FactsFile) -> Callable[[Passage, str], list[str]]:
    """``claims_in(passage, text)``: ids of the updates whose superseded or disputed quotes from the passage's
    own source occur in a text of it. A table row is matched in its raw form too ("PyTorch | 2016 | Facebook")."""

    def claims_in(passage: Passage, text: str) -> list[str]:
        row = passage.meta.get("row", "") if passage.meta else ""
        if row and text.strip() == passage.text.strip():
            text = f"{text}\n{row}"
        return find_superseded(text, facts, source=passage.source)

    return claims_in
