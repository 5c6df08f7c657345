"""What one user turn asks: the slots the conversation fills (see conversation.py) and the answer reads."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

Intent = str  # "recommendation" | "comparison" | "fact" | "why" | "general"


@dataclass(frozen=True)
class Turn:
    """What one user turn asks, once its empty slots are filled from the chat so far."""

    text: str
    vector: np.ndarray  # the turn's own query vector (the one encode)
    search: np.ndarray  # what retrieval and sentence choice compare with: own meaning plus carried topic
    named: tuple[str, ...]  # frameworks the turn names itself
    frameworks: tuple[str, ...]  # frameworks the answer is about (named, or carried)
    intent: Intent
    use_case: int | None = None  # index into Knowledge.labels
    use_case_score: float = 0.0
    axis: int | None = None  # index into Knowledge.axes
    attribute: tuple[str, ...] | None = None  # the fact field(s) asked about ("developer", "first_release" …)
    elliptic: bool = False  # says nothing of its own beyond question words, pronouns and names
    carried: bool = False  # took slots from the previous turn
    why: bool = False  # "why?": explain the previous answer
    words: tuple[str, ...] = ()  # what the turn is about, in words (its own, plus a carried topic's)
    subject: tuple[str, ...] = ()  # what the answer will be about: the pick, the focus, the sides
    own_intent: Intent = "general"  # what the turn asks read on its own ("is it good for research?": a pick)
    cued: bool = False  # "who …?" / "when …?" asked for a party or a time: the attribute is what it asks
    context: np.ndarray | None = None  # the chat's topic this turn took over (the previous turn's), if any
    strange: bool = False  # its own words include one no source uses (see usecase.STRANGE_FROM)
    unknown: tuple[str, ...] = ()  # those words, as the turn says them ("license", "Lightning")
    unknown_vectors: tuple[np.ndarray, ...] = ()  # each of those words' own meaning, encoded alone
    choosing: bool = False  # its words ask for a pick or a fit ("which … should I", "is it good for …")
    mentioned: tuple[str, ...] = ()  # every framework the chat has been about so far, in order
    defines: bool = False  # asks what a framework is ("What is Keras?"), itself or as the turn it follows
    voiced: tuple[str, ...] = ()  # frameworks whose names ``search`` holds (named, or added for a pronoun)
    things: tuple[str, ...] = ()  # the chat's named things a pointing turn is about ("TensorFlow Lite" → "lite")
    ordinary: frozenset[str] = frozenset()  # its words the embedding model knows as plain words ("ml"; not "xla")
    said_before: str = ""  # for "why?": the reply it asks about, whose reasons it does not want again
    likened: tuple[str, ...] = ()  # the chat's things "is that like X?" sets X against ("is that like XLA?": compile)

    @property
    def topic(self) -> np.ndarray:
        """The meaning a later turn inherits when it leaves its topic empty."""
        return self.search
