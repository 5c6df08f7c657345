"""A question's misspelt words put back in the sources' spelling ("begginers" → "beginners") before its one
encode: a word the embedding model does not know whole is far in meaning from the one meant, and one such
word sank "wich framwork is best for begginers?" to "I don't know".

Only plain lower-case words that neither the sources nor the model's vocabulary know are corrected, to the
most frequent word of the sources within one edit that starts with the same letter (or two edits, for words
of seven letters or more, that start with the same two). Names stay as written ("MXNet", "Chainer"): an
unknown framework is declined by name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from rapidfuzz import process
from rapidfuzz.distance import OSA

MIN_LENGTH = 4  # shorter words have too many neighbours to tell a typo from another word
MAX_LENGTH = 30  # longer "words" are no typo of a word; they are neither corrected nor remembered
MIN_USES = 2  # a word of the sources used at least this often is a correction target
MEMO = 4096  # distinct words whose correction is remembered
TWO_EDITS_FROM = 7  # a word this long may be two edits from the one meant

_WORD = re.compile(r"\b[a-z]+\b")  # lower case only: a capitalised word may be a name


class Speller:
    """Corrects near-miss words against the sources' vocabulary (one per index state)."""

    def __init__(self, uses: Mapping[str, int], ordinary: Callable[..., bool | None]) -> None:
        self.known = frozenset(uses)
        self.ordinary = ordinary
        by_letter: dict[str, list[tuple[int, str]]] = {}
        for word, n in uses.items():
            if n >= MIN_USES and len(word) >= MIN_LENGTH - 1 and word.isalpha():
                by_letter.setdefault(word[0], []).append((n, word))
        # most used first: among equally near words, the first found is the sources' usual one
        self.targets = {c: [w for _, w in sorted(ws, key=lambda nw: (-nw[0], nw[1]))] for c, ws in by_letter.items()}
        self._seen: dict[str, str] = {}

    def correct(self, text: str) -> str:
        """The text with each misspelt word replaced (case as typed is lost only for the replaced words)."""
        return _WORD.sub(lambda m: self._word(m.group(0)), text)

    def _word(self, word: str) -> str:
        if not MIN_LENGTH <= len(word) <= MAX_LENGTH or word in self.known:
            return word
        seen = self._seen.get(word)
        if seen is not None:
            return seen
        fixed = word
        if self.ordinary(word) is not True:  # the model knows "startup", "phd": an ordinary word, not a typo
            targets = self.targets.get(word[0], ())
            found = process.extractOne(word, targets, scorer=OSA.distance, score_cutoff=1)
            if found is None and len(word) >= TWO_EDITS_FROM:
                # two edits only within words that start alike ("comunity" → "community"; "offline" is no "online")
                alike = [t for t in targets if t[:2] == word[:2]]
                found = process.extractOne(word, alike, scorer=OSA.distance, score_cutoff=2)
            fixed = found[0] if found else word
        if len(self._seen) >= MEMO:
            self._seen.clear()
        self._seen[word] = fixed
        return fixed
