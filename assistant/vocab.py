"""Word lists as data: the phrases ingestion, the sentence splitter and the evaluation match on.

Kept in one place, as tuples, so a list can be read, extended and checked for repeats
(tests/test_vocab.py) without reading the code that uses it; ``words_pattern`` is the one way a
list becomes a regular expression. Only lists outside the question path live here so far: its cue
words stay with conversation.py and the answer package.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# -- the sentence splitter (textutil) ----------------------------------------------------------------

ABBREVIATIONS = ("e.g.", "i.e.", "vs.", "etc.", "cf.", "approx.", "no.", "fig.", "dr.", "mr.", "inc.")
"""Lowercase abbreviations after which a full stop does not end a sentence ("Dynamic vs. Static")."""

QUESTION_FRAMING = (
    "which", "what", "who", "whom", "whose", "when", "since", "where", "why", "how", "should", "would", "could", "can",
    "do", "does", "did", "is", "are", "was", "were",
    "i", "we", "you", "me", "my", "our", "your", "a", "an", "the", "to", "for", "of", "in", "on", "with", "and",
    "or", "vs", "versus", "it", "its", "that", "this", "one", "ones", "then",
    "ok", "okay", "so", "but", "also", "about", "tell", "please", "between", "compare", "comparison",
    "difference", "differences", "thanks",
    "framework", "frameworks", "library", "libraries", "use", "using", "pick", "choose", "choice", "recommend",
    "best", "better", "good", "go",
    "them", "they", "their", "other", "same", "now", "there", "be", "have", "has", "any", "more", "instead",
    "what's", "whats", "hmm", "right", "really",
)  # fmt: skip
"""Words that frame a question rather than say what it is about ("which framework should I use for …")."""

# -- ingestion: page chrome and document shape -------------------------------------------------------

END_HEADINGS = (
    "leave a comment", "leave a reply", "comments", "related posts", "related articles", "you may also like",
)  # fmt: skip
"""Headings (lowercase, spaces folded) that start the comment form or footer: the article ended."""

BOILERPLATE_MARKERS = (
    "stay ahead of the curve",
    "drop your questions in the comments",
    "your email address will not be published",
    "subscribe to our newsletter",
)
"""Phrases of a plain-text line that is a call to action, not article text (lowercase)."""

IMAGE_WORDS = ("banner", "image", "photo", "picture", "figure")
"""Last word of a "(Hero image)" placeholder line left where a picture was."""

FAQ_HEADINGS = ("faq", "faqs", "frequently asked", "people also ask")
"""Words of a heading that starts questions-and-answers."""

TRAILING_WORDS = (
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "is", "are", "was", "were", "of", "on", "or",
    "the", "to", "which", "while", "with",
)  # fmt: skip
"""Words a title cut short must not end on ("Keras is the…" becomes "Keras…")."""

# -- evaluation (evaluate.check_citations) -----------------------------------------------------------

ANSWER_FRAMING = (
    "sources", "source", "pick", "alternatives", "alternative", "short", "vs", "versus", "outdated", "predates",
    "newer", "information", "disagree", "disputed", "update", "feature", "more", "your", "you",
)  # fmt: skip
"""Words an answer's own wording adds to a claim: not evidence that a cited passage supports it."""


def words_pattern(words: Iterable[str], template: str = r"\b{}\b", flags: int = re.I) -> re.Pattern[str]:
    """Compile ``template`` with ``{}`` replaced by an alternation of the words, each taken literally.

    The default matches any one of them as a whole word, ignoring case. Order is kept: with word
    boundaries on both sides it does not change what matches.
    """
    alternation = "(?:" + "|".join(re.escape(w) for w in words) + ")"
    return re.compile(template.replace("{}", alternation), flags)
