"""The chat's named things ("TensorFlow Lite", "TorchScript"): what the turn before was about, for a turn pointing
at it, and a follow-up naming another thing in its place ("and google?" after "which framework does openai use?")."""

from __future__ import annotations

import re

from .answer.evidence import Knowledge
from .cues import FOLLOW_UP, PRONOUN
from .turn import Turn


def things_of(k: Knowledge, previous: Turn) -> tuple[str, ...]:
    """The named things the turn before said itself, or those it pointed at with no topic of its own ("is it
    still called that?" passes TensorFlow Lite on); never those a turn with a topic of its own took."""
    own = tuple(sorted(k.things_in(previous.text)))
    return own or (previous.things if previous.use_case is None else ())


def swapped_thing(k: Knowledge, turn: Turn, previous: Turn) -> tuple[str, ...]:
    """A follow-up of a word or two and nothing else ("and google?", "tesla?"; or so asked, then a remark: "and
    google? i assume their own thing") after a question about a thing of its own by name (no use case): it asks
    that question again, of the thing it names (its words; none when it is no such follow-up)."""
    theirs = set(things_of(k, previous))
    asked = re.match(r"[^?]*\?", turn.text)
    text = asked[0] if asked and FOLLOW_UP.search(asked[0]) and "?" not in turn.text[asked.end() :] else turn.text
    words = tuple(w for w in turn.words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text, re.I))
    swaps = (
        bool(theirs)
        and previous.use_case is None
        and not turn.named
        and turn.use_case is None
        and turn.axis is None  # ("and speed?" ranks them)
        and 0 < len(words) <= 2
        and not set(words) & theirs
        and all(k.word_units.get(w.casefold(), 0) for w in words)  # ("and pizza?": no thing)
        and not PRONOUN.search(text)
        and (bool(FOLLOW_UP.search(text)) or len(text.split()) <= 2)
    )
    return words if swaps else ()
