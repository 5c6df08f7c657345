"""A turn asking two things ("who makes pytorch and is it free to use?", "TF Lite still a thing? and whatever happened
to pytorch mobile") is answered as a chat of two turns: the first part, then the second with the first as its chat,
so its "it" is the first part's subject. The two answers are joined, their citations numbered as one list."""

from __future__ import annotations

import re

from .models import Answer, Citation
from .textutil import MARKER

_ASKS = r"(?:what(?:'s|’s|s)?|who|when|where|which|how|why|is|are|does|do|can|could|was|were|will|whatever)"
# two sentences, each asking ("TF Lite still a thing? and whatever happened to pytorch mobile")
_TWO = re.compile(
    rf"^(?P<a>[^?]{{6,}}\?)\s+(?:(?:and|also|oh and|and also)\s+)?(?P<b>{_ASKS}\b[^?]{{4,}}\??)\s*$", re.I
)
# one sentence, its second part a question about what the first named ("… and is it free to use?")
_ONE = re.compile(
    r"^(?P<a>.{6,}?),?\s+and\s+(?:also\s+)?(?P<b>(?:is|are|does|do|can|was|were|will)\s+(?:it|they|that|this)\b[^?]{3,}\??)"
    r"\s*$",
    re.I,
)
SECOND_WORDS = 4  # a second part this long asks a question of its own ("is it hard?" refines the first)


def two_questions(text: str) -> tuple[str, str] | None:
    """The turn's two questions, or None when it asks one (or its second part only refines the first)."""
    m = _TWO.match(text.strip()) or _ONE.match(text.strip())
    if m is None or len(m["b"].split()) < SECOND_WORDS:
        return None
    first = m["a"].strip().rstrip(",")
    return (first if first.endswith("?") else f"{first}?"), m["b"].strip()


def joined(question: str, first: Answer, second: Answer) -> Answer:
    """One answer of two: the first's lead (its "More from the sources" aside: the second part follows), then the
    second, less a line the first already said; markers renumbered in order of appearance, one per passage, and
    only the passages the text cites."""
    lead = first.text.split("\n\nMore from the sources:", 1)[0]
    said = {MARKER.sub("", line).strip() for line in lead.splitlines() if line.strip()}
    rest = "\n".join(
        line for line in second.text.splitlines() if MARKER.sub("", line).removeprefix("- ").strip() not in said
    )
    numbers: dict[str, int] = {}  # passage id → its marker in the joined answer
    citations: list[Citation] = []

    def renumber(answer: Answer, text: str) -> str:
        cited = {c.marker: c for c in answer.citations}

        def one(m: re.Match[str]) -> str:
            c = cited.get(int(m[1]))
            if c is None:
                return m[0]
            key = c.passage_id or f"{id(answer)}:{c.marker}"
            if key not in numbers:
                numbers[key] = len(citations) + 1
                citations.append(c.model_copy(update={"marker": numbers[key]}))
            return f"[{numbers[key]}]"

        return MARKER.sub(one, text)

    text = f"{renumber(first, lead)}\n\n{renumber(second, rest)}"
    shown = {f"[{c.marker}]" for c in citations}
    notes = [renumber(a, n) for a in (first, second) for n in a.notes]
    notes = [n for n in dict.fromkeys(notes) if set(MARKER.findall(n)) <= {m[1:-1] for m in shown}]
    return first.model_copy(
        update={
            "question": question,
            "text": text,
            "citations": citations,
            "frameworks": list(dict.fromkeys([*first.frameworks, *second.frameworks])),
            "notes": notes,
        }
    )
