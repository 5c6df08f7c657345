"""Which use case a turn names: its meaning against the claims table's use-case labels (embedded with the index),
backed by its words: a word of a short label it says, a plain word of its own whose meaning alone names one
("teach" ~ education), and not a use case it rules out ("no server"). A turn in words no source uses must be
matched with more care (one unknown word never decides the scope; it only asks more of the match).
"""

from __future__ import annotations

import re

import numpy as np

from .answer.evidence import FRAMING_STEMS, SHORT_LABEL, Knowledge, word_stems
from .answer.recommend import BETWEEN, COVERED_FROM
from .retrieve import concept_words
from .textutil import NEGATED

# Tuned on the dev split (`assistant eval --split dev`), see docs/EVALUATION.md.
AXIS_WORD_SHARE = 0.12  # a word backs a turn's meaning up unless the sources use it in more than this share of units
LABEL_WORD = 0.15  # sharing a word with a short use-case label adds this to its score
# Each of a turn's plainer words (the sources' generic ones aside) is encoded alone: a word whose own meaning is this
# close to a short use-case label names it in other words ("teach", "school" → education), and adds what it has
# over this floor to that label's score.
WORD_NAMES_FROM = 0.40
# A turn whose own words include one no source uses ("time series forecasting") may be about something the
# corpus does not cover. Its use case must then be named by a label that words a use case ("academic
# projects": "for my PhD" is research), or by a verdict sentence this close: a long sentence ("PyTorch is
# an excellent choice for researchers who …") grazes any "is it good for …?" by its framing alone.
STRANGE_FROM = 0.40
STRANGE_MARGIN = 0.06  # … or stand this far ahead of every other framework's label …
MAX_PAIRS = 8  # pairs of a turn's words read alone, at most (one batch with its other short texts)
SAME_USE_CASE = 0.50  # … for another use case (labels this close in meaning word the same one)


class UseCases:
    """The claims table's labels as a turn's words meet them; one per index state."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge
        self.framing_stems = FRAMING_STEMS | knowledge.generic_stems
        self.label_stems = [word_stems(label.text) - self.framing_stems for label in knowledge.labels]
        # labels short enough to word a use case ("academic projects"), not verdict sentences
        self.wording = np.array([len(label.text) <= SHORT_LABEL for label in knowledge.labels], dtype=bool)

    def plain_words(self, content: list[str]) -> list[str]:
        """The turn's words that may name a use case on their own: not the sources' generic words ("learning",
        "models"), nor the framing ("framework", "use")."""
        k = self.knowledge
        common = AXIS_WORD_SHARE * max(len(k.units), 1)
        return [
            w
            for w in dict.fromkeys(content)
            if (stems := word_stems(w))
            and not stems <= self.framing_stems
            and k.stem_units.get(min(stems), 0) <= common
        ]

    def names_a_use_case(self, content: list[str], besides: frozenset[str]) -> bool:
        """Whether the words say a word of a short use-case label (not of the ``besides`` stems: an axis's own)."""
        stems = word_stems(" ".join(content)) - self.framing_stems - besides
        return any(stems & label for label, short in zip(self.label_stems, self.wording, strict=True) if short)

    @staticmethod
    def strange_pairs(text: str, unknown: tuple[str, ...], content: list[str]) -> list[str]:
        """Two words side by side in one clause, both words no source uses: a use case in other words is often
        named by two ("text classification", "entity extraction") whose meaning neither has alone (with a word the
        sources use, the pair means what that word does: "lab prototyping" is no more than prototyping)."""
        said, own = {w.casefold() for w in content}, {w.casefold() for w in unknown}
        pairs: list[str] = []
        for clause in re.split(r"[^\w\s'+#-]", text):
            words = clause.split()
            for a, b in zip(words, words[1:], strict=False):
                if {a.casefold(), b.casefold()} <= said & own:
                    pairs.append(f"{a} {b}")
        return list(dict.fromkeys(pairs))[:MAX_PAIRS]

    def named_by_words(self, vectors: np.ndarray) -> np.ndarray:
        """Per use-case label, what the turn's words (their ``vectors``, each encoded alone) say of it: a turn in
        words no source uses ("I teach a night class, what should the students use?") has a meaning diluted by
        them, while one of its words alone may name a use case ("teach" ~ "education")."""
        k = self.knowledge
        sims = vectors @ k.label_vectors.T  # words × labels
        return np.clip(sims - WORD_NAMES_FROM, 0.0, None).sum(axis=0) * self.wording

    def read(
        self,
        vector: np.ndarray,
        text: str,
        named: tuple[str, ...],
        content: list[str],
        refusals: list[str],
        choosing: bool,
        strange: bool,
        plain_vectors: np.ndarray | None,
    ) -> tuple[int | None, float]:
        """The use case a turn's meaning names (with its words backing it up), and how well."""
        k = self.knowledge
        # A turn that asks for no pick or fit ("Does TensorFlow still default to graph mode?") gets no use case
        # from its name alone ("TensorFlow remains the go-to for enterprise …").
        sims = k.use_case_scores(vector, named, strict=not choosing)
        # A word of a short label in the turn backs its meaning up: "Is PyTorch good for production?" is read
        # mostly as "is PyTorch good", and the verdict sentences' framing then outscores "production-level systems".
        # In a turn with a word no source uses only the articles' words for a concept it names count ("a research
        # paper" → research): "anomaly detection on server logs" is no "server" use case.
        own_words = " ".join(concept_words(text)) + ("" if strange else " " + " ".join(content))
        stems = word_stems(own_words) - self.framing_stems
        shares = np.array([bool(stems & label) for label in self.label_stems]) if stems else None  # a word in common
        if shares is not None and choosing:  # "… default to graph mode?" asks no pick: "graph" names none
            sims = sims + LABEL_WORD * (shares & self.wording)
        if plain_vectors is not None:
            sims = sims + self.named_by_words(plain_vectors)
        # A use case the turn says it does not want ("no server", "without a backend") is not its use case.
        negated = word_stems(" ".join(refusals)) - self.framing_stems
        if negated:
            said = word_stems(NEGATED.sub(" ", text))
            sims = np.where([bool(lb & negated) and not lb & said for lb in self.label_stems], -1.0, sims)
        if strange or (len(named) >= 2 and not choosing):
            # (between named frameworks, a verdict sentence's framing, "making it ideal for …", grazes any
            # "which has better docs, X or Y?": only a label that words a use case names one, or a close sentence)
            sims = np.where(self.wording | (sims >= STRANGE_FROM), sims, -1.0)
        elif shares is not None and (not named or len(named) >= 2):
            # (nor, between named sides, one sharing no word with the turn: "should i switch from tensorflow to
            # pytorch?" is not "Because of its ease of use, Keras has become a go-to framework for newcomers …")
            # (nor, for a pick naming no sides, a verdict sentence sharing no word with the turn: "which framework has
            # the best visualization tools?" is not "… ease of debugging, making it particularly favoured for …")
            sims = np.where(self.wording | (sims >= STRANGE_FROM) | shares, sims, -1.0)
        best = int(np.argmax(sims))
        use_score = float(sims[best])
        # (between two frameworks the user named, a weaker match already tells them apart, as the pick between them
        # is judged: "pytorch vs tensorflow for a computer vision phd" is research, the PhD's)
        # (… with a word of its own that a label says: "should i switch from tensorflow to pytorch?" names none, and
        # "using TensorFlow ecosystem tools" merely grazes it)
        worded_between = len(named) >= 2 and choosing and not strange and shares is not None and bool(shares.any())
        floor = COVERED_FROM * BETWEEN if worded_between else COVERED_FROM
        use_case = best if use_score >= floor else None
        if strange and use_case is not None and use_score < STRANGE_FROM:
            # … and a short label must single out one framework: "image classification" sits as near to
            # Keras's "for beginners" as to PyTorch's "natural language processing"; no source covers it.
            # Another framework's label for the same use case ("mobile", PyTorch's deployment target, beside
            # TensorFlow's "mobile and edge AI": close in meaning, or a word in common) is no rival: the claims
            # table decides between them.
            same = k.label_vectors @ k.label_vectors[best] >= SAME_USE_CASE
            same |= np.array([bool(label & self.label_stems[best]) for label in self.label_stems])
            other = ~same & np.array([lb.framework != k.labels[best].framework for lb in k.labels])
            rival = float(sims[other].max()) if other.any() else -1.0
            use_case = None if use_score - rival < STRANGE_MARGIN else use_case
        return use_case, use_score
