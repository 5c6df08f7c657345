"""Text helpers shared by ingestion and answering: one sentence splitter, one marker pattern, one slug.

Kept free of heavy imports: the question path and ingestion both use them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache, wraps
from typing import TypeVar

from . import vocab

# A framework's weak and strong points, in the question's words and in the articles' section headings.
# ("what would we lose / give up by going with X?" asks X's weak points as well)
CONS_CUE = (
    r"\b(downsides?|disadvantages?|weak(ness|nesses)?|drawbacks?|cons|limitations?|problems?|bad|shortcomings?)\b"
    r"|\bfall(?:s|ing)? short\b"  # "where does it fall short?"
    r"|\b(?:would|will|do|does) (?:i|we|you|they) (?:lose|give up|sacrifice)\b"
)
# A question about who makes a framework, not who uses it ("who maintains that one?", "who's behind it?").
MAKER_CUE = (
    r"\b(who|(which|what) compan(y|ies))\b.*"
    r"\b(made|makes?|created?|creates|wrote|writes?|built|builds?|develop\w*|maintain\w*|owns?|behind)\b"
    r"|\bcreator|\bauthor|\bowner|\bdeveloper"
)
PROS_CUE = (
    r"\b(advantages?|strengths?|pros|benefits?)\b|\bwhy (do|would|should) \w+ (like|love|prefer|use)\b"
    r"|\b(?:good|great|strong) at\b(?=.*\b(?:fall(?:s|ing)? short|weak|bad at|cons|downsides?)\b)"  # (beside the cons)
)

# Abbreviations after which a full stop does not end a sentence ("Dynamic vs. Static", "e.g. Keras").
ABBREVIATIONS = frozenset(vocab.ABBREVIATIONS)
_SENTENCE_GAP = re.compile(r"[.!?][\"”’)\]]*(\s+)(?=[\"“‘(\[]?[A-Z0-9])")
MARKER = re.compile(r"\[(\d+)\]")  # an answer's citation marker, "[3]"
# A question asked yes or no ("Is Theano still maintained?", "Should I use TensorFlow for …?").
_AUX = r"(?:is|are|was|were|does|do|did|has|have|can|could|will|would|should)\b"
# a yes/no question, also one asked after a sentence of context ("our startup wants an MVP. is keras fine for that?")
# … or after a lead-in: a chat opener, a word for "now", an adverb, or a word and a comma ("nowadays does keras …",
# "honestly, should i …"); not after a subject ("we have a team of 3. which one?")
_LEAD_IN = "|".join(w for w in (*vocab.FOLLOW_UP_OPENERS, *vocab.RECENCY_CUES) if " " not in w)
_LEAD_IN = rf"(?:(?:{_LEAD_IN}|\w+ly)\s+|\w+,\s+)?"
YES_NO = re.compile(rf"^\W*{_LEAD_IN}{_AUX}|(?<=[.!?])\s+\W*{_AUX}(?=[^.!?]*\?*\s*$)", re.I)
WHY_NOT = re.compile(r"^\W*(?:(?:but|and|so)\s+)?(?:why|how come)\s+not\b", re.I)  # "why not PyTorch?"
GOAL = re.compile(r"^\W*(?:i|we|my|our|i'm|im|we're)\b", re.I)  # "I want to …", "we need …": the user's goal
NEGATED = re.compile(  # "no server", "i don't care about deployment at all"
    r"\b(?:(?:don[’']?t|do not|doesn[’']?t|does not) (?:care (?:about|for)|need|want)|no|not|without|never)\s+"
    r"(?:a\s+|an\s+|any\s+|the\s+)?([\w-]+(?:\s+[\w-]+)?)",  # (a noun after its modifier: "no backend server")
    re.I,
)
RECENT = vocab.words_pattern(vocab.RECENCY_CUES)  # "latest", "still": the current state is asked
PLURAL = vocab.words_pattern(vocab.PLURAL_POINTING)  # "they", "each", "both": several frameworks pointed at
INSTEAD = re.compile(r"\b(?:instead|else|alternatives?|other options?)\b", re.I)  # "what would you use instead?"


def split_sentences(text: str) -> list[str]:
    """Split at sentence ends, not after abbreviations ("vs.", "e.g.") or initials ("C.")."""
    out, start = [], 0
    for m in _SENTENCE_GAP.finditer(text):
        words = text[start : m.start(1)].split()
        last = words[-1].lower() if words else ""
        if last in ABBREVIATIONS or re.fullmatch(r"[a-z]\.", last):
            continue
        out.append(text[start : m.start(1)])
        start = m.end(1)
    out.append(text[start:])
    return [s.strip() for s in out if s.strip()]


def slug(text: str, limit: int | None = None) -> str:
    """Lowercase letters and digits joined by hyphens ("Hugging Face 2" → "hugging-face-2"): ids people can read.

    ``limit`` cuts it to that many characters (never ending on a hyphen).
    """
    out = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")
    return out[:limit].strip("-") if limit is not None else out


def lower_first(label: str) -> str:
    """"Complete Beginners" → "complete beginners"; acronyms and names with inner capitals stay ("AI", "TensorFlow")."""
    words = label.split()
    return " ".join(w if (w[1:] and any(c.isupper() for c in w[1:])) else w[:1].lower() + w[1:] for w in words)


# Words that frame a question rather than say what it is about ("which framework should I use for …").
FRAME = vocab.words_pattern(vocab.QUESTION_FRAMING)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


MEMO_CHARS = 500  # texts up to this long (questions, labels, sentences) are memoised; a long history turn is not
R = TypeVar("R")


def memo_short(maxsize: int) -> Callable[[Callable[[str], R]], Callable[[str], R]]:
    """Memoise a function of one text for texts up to ``MEMO_CHARS``: questions, labels and sentences recur
    from answer to answer, while a request's long history turn must never be kept."""

    def wrap(fn: Callable[[str], R]) -> Callable[[str], R]:
        cached = lru_cache(maxsize=maxsize)(fn)

        @wraps(fn)
        def call(text: str) -> R:
            return cached(text) if len(text) <= MEMO_CHARS else fn(text)

        return call

    return wrap


def content_words(text: str, find: Callable[[str], list[str]]) -> list[str]:
    """Words of a turn that say what it is about: no question framing, no framework names."""
    return [w for w in _unframed(text) if len(w) > 1 and not find(w)]


# "on that front", "in this area", "for that matter": a demonstrative's noun after a preposition points back at what
# the chat was about; it names nothing of its own
_POINTING_PHRASE = re.compile(r"\b(?:on|in|for|about|at|from|with)\s+(?:that|this|those|these)\s+[^\W\d_]+\b", re.I)


@memo_short(1024)  # one answer reads its turn's words several times, and the framing pattern is long
def _unframed(text: str) -> tuple[str, ...]:
    """A text's words less the question framing (and the noun of a phrase that points back)."""
    return tuple(_WORD.findall(FRAME.sub(" ", _POINTING_PHRASE.sub(" ", text))))
