"""Which frameworks a text names: ``FrameworkMatcher`` (aliases, longest match, typo-tolerant for
questions) and ``tag_frameworks``, which sets every passage's ``frameworks`` from its text.

Frameworks are data: the facts file names them, and a user's document may add one. The matcher
takes the facts file or a plain name → aliases table, so this module needs nothing from facts.py.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

from assistant.records import Passage


class _Named(Protocol):
    name: str
    aliases: list[str]


class HasFrameworks(Protocol):
    """What the matcher reads of a facts file: its frameworks' names and aliases."""

    @property
    def frameworks(self) -> Sequence[_Named]: ...



MAX_SHORT_FORM = 5  # letters of a short form of a framework's name ("torch")


def _in_order(short: str, name: str) -> bool:
    """Whether the letters of ``short`` occur in ``name`` in order ("tf" in "TensorFlow", "pt" in "PyTorch")."""
    rest = iter(name.casefold())
    return all(c in rest for c in short)


def alias_key(alias: str) -> str:
    """Aliases compare case-insensitively, with runs of spaces/hyphens as one space."""
    return " ".join(re.sub(r"[\s\-]+", " ", alias.casefold()).split())


def _osa_distance(a: str, b: str) -> int:
    """Edit distance counting an adjacent transposition as one edit ("pytroch" → "pytorch" is 1)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


_FUZZY_WORD = re.compile(r"[^\W_]+")
_FUZZY_MEMO = 4096  # distinct words whose fuzzy lookup is remembered per matcher
_WORD_CHARS = 40  # a text this short without a space is a word: its matches are remembered (see ``find``)


class FrameworkMatcher:
    """Finds which frameworks a text mentions, by alias, in order of first mention.

    Matching is case-insensitive on word boundaries and the longest alias wins at a position, so
    "tf.keras" means Keras only (it names Keras' API, even though it ships with TensorFlow), "tflite"
    means TensorFlow, and "tf" never matches inside "tflite" nor "torch" inside "torchlight". Spaces in
    an alias also match hyphens or several spaces ("tensor-flow").

    With ``fuzzy=True`` (meant for user queries, not corpus text) a word of five or more letters that
    is one edit away (two when both words have seven or more letters) from a framework name or a long one-word
    alias also counts, provided the first letter matches: "tensorflw", "pytroch", "kerass". Short
    aliases such as "torch" are never fuzzy-matched, since "porch" or "touch" are ordinary words.
    """

    MIN_FUZZY_WORD = 5
    MIN_FUZZY_ALIAS = 8

    def __init__(self, facts: HasFrameworks | Mapping[str, Iterable[str]]) -> None:
        if isinstance(facts, Mapping):
            table = {name: [name, *aliases] for name, aliases in facts.items()}
        else:
            table = {fw.name: [fw.name, *fw.aliases] for fw in facts.frameworks}
        if not table:
            raise ValueError("FrameworkMatcher needs at least one framework")
        self._names = list(table)
        self._owner: dict[str, str] = {}
        for name, aliases in table.items():
            for alias in aliases:
                key = alias_key(alias)
                if not key:
                    raise ValueError(f"empty alias for framework {name!r}")
                if self._owner.get(key, name) != name:
                    raise ValueError(f"alias {alias!r} is claimed by both {self._owner[key]!r} and {name!r}")
                self._owner[key] = name
        ordered = sorted(self._owner, key=len, reverse=True)
        alternatives = "|".join(r"[\s\-]+".join(re.escape(part) for part in key.split()) for key in ordered)
        self._pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
        self._fuzzy_targets: dict[str, str] = {}
        for key, name in self._owner.items():
            word = key.replace(" ", "")
            is_name = key == alias_key(name)
            if word.isalnum() and (is_name or len(word) >= self.MIN_FUZZY_ALIAS):
                self._fuzzy_targets.setdefault(word, name)
        # Short forms of a name ("tf", "torch", "pt": its letters in order), as opposed to aliases that name a
        # tool of it ("tflite", "tfx"): a question is read with them spelled out ("TF" means little to a model).
        self._short: dict[str, str] = {
            key: name
            for key, name in self._owner.items()
            if key.isalpha() and len(key) <= MAX_SHORT_FORM and key != alias_key(name) and _in_order(key, name)
        }
        self._fuzzy_seen: dict[str, str | None] = {}
        self._words: dict[tuple[str, bool], tuple[str, ...]] = {}  # a word → the frameworks it names

    @property
    def names(self) -> list[str]:
        """Canonical framework names, in facts-file order."""
        return list(self._names)

    def _canonical(self, matched: str) -> str:
        return self._owner[alias_key(matched)]

    def spelled_out(self, text: str) -> str:
        """The text with each short form of a framework's name replaced by the name ("TF or torch?" → "TensorFlow
        or PyTorch?"); tool names that are aliases ("tflite") stay."""
        if not self._short:
            return text

        def spelled(m: re.Match[str]) -> str:
            # "tf.function", "torch.compile()": a short form opening a dotted code name stays as written
            if re.match(r"\.\w", m.string[m.end() : m.end() + 2]):
                return m.group(0)
            return self._short.get(alias_key(m.group(0)), m.group(0))

        return self._pattern.sub(spelled, text)

    def by_short_form_only(self, text: str) -> bool:
        """Whether the text names frameworks only by short forms ("torch", "pt"), which are ordinary words too ("a
        torch for camping", "my PT"): what it asks then decides whether it is about a framework at all."""
        if not self._short or not self.find(text, fuzzy=True):
            return False
        rest = self._pattern.sub(lambda m: " " if alias_key(m.group(0)) in self._short else m.group(0), text)
        return not self.find(rest, fuzzy=True)

    def find(self, text: str, *, fuzzy: bool = False) -> list[str]:
        """Canonical names of the frameworks mentioned in ``text``, in order of first mention.

        Linear in the text's length: exact matches come from one regex scan, and the fuzzy pass walks
        the words and the (ordered) exact-match spans together, looking each distinct word up once.
        A single word's answer is remembered: every question looks its words up one by one (content
        words, unknown names), and questions share their words.
        """
        if len(text) > _WORD_CHARS or " " in text:
            return self._find(text, fuzzy)
        key = (text, fuzzy)
        found = self._words.get(key)
        if found is None:
            if len(self._words) >= _FUZZY_MEMO:
                self._words.clear()
            found = self._words[key] = tuple(self._find(text, fuzzy))
        return list(found)

    def _find(self, text: str, fuzzy: bool) -> list[str]:
        hits: list[tuple[int, str]] = []
        spans: list[tuple[int, int]] = []
        for m in self._pattern.finditer(text):
            hits.append((m.start(), self._canonical(m.group(0))))
            spans.append(m.span())
        if fuzzy:
            span = 0
            for m in _FUZZY_WORD.finditer(text):
                start = m.start()
                while span < len(spans) and spans[span][1] <= start:
                    span += 1
                if m.end() - start < self.MIN_FUZZY_WORD or (span < len(spans) and spans[span][0] <= start):
                    continue
                name = self._fuzzy_name(m.group(0).casefold())
                if name is not None:
                    hits.append((start, name))
        ordered: list[str] = []
        for _, name in sorted(hits, key=lambda hit: hit[0]):
            if name not in ordered:
                ordered.append(name)
                if len(ordered) == len(self._names):
                    break
        return ordered

    def _fuzzy_name(self, word: str) -> str | None:
        """The framework a word is a near-miss of (memoised: texts repeat their words)."""
        if word in self._fuzzy_seen:
            return self._fuzzy_seen[word]
        best: tuple[int, str] | None = None
        for target, name in self._fuzzy_targets.items():
            limit = 1 if min(len(target), len(word)) < 7 else 2
            if target[0] != word[0] or abs(len(target) - len(word)) > limit:
                continue
            dist = _osa_distance(word, target)
            if dist <= limit and (best is None or dist < best[0]):
                best = (dist, name)
        if len(self._fuzzy_seen) >= _FUZZY_MEMO:
            self._fuzzy_seen.clear()
        self._fuzzy_seen[word] = best[1] if best else None
        return self._fuzzy_seen[word]


def tag_frameworks(passages: Iterable[Passage], matcher: FrameworkMatcher) -> list[Passage]:
    """Set each passage's ``frameworks`` from its section and text (exact aliases, no fuzzy matching).

    Frameworks a passage already declares (e.g. fact passages) are kept first, found ones follow.
    """
    tagged: list[Passage] = []
    for p in passages:
        found = matcher.find(f"{p.section}\n{p.text}")
        names = tuple(dict.fromkeys([*p.frameworks, *found]))
        tagged.append(dataclasses.replace(p, frameworks=names) if names != p.frameworks else p)
    return tagged
