"""Word lists as data: the phrases ingestion, the sentence splitter and the evaluation match on.

Kept in one place, as tuples, so a list can be read, extended and checked for repeats
(tests/test_vocab.py) without reading the code that uses it; ``words_pattern`` is the one way a
list becomes a regular expression. Cues with a grammar of their own (``cues.RECOMMEND``,
"which one is …er") stay as patterns in ``cues.py``.
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
    "i", "we", "you", "me", "my", "our", "your", "a", "an", "the", "to", "for", "of", "in", "on", "at", "with", "and",
    "or", "vs", "versus", "than", "it", "its", "that", "this", "one", "ones", "then",
    "ok", "okay", "so", "but", "also", "about", "tell", "please", "between", "compare", "comparison",
    "difference", "differences", "differ", "differs", "thanks", "question", "questions",
    "framework", "frameworks", "library", "libraries", "use", "using", "pick", "choose", "choice", "recommend",
    "best", "better", "good", "go",
    "them", "they", "their", "other", "same", "now", "there", "be", "have", "has", "any", "more", "instead",
    "what's", "whats", "hmm", "right", "really", "something", "anything", "suggest", "too", "if",
    "explain", "describe", "define", "give", "show", "summarize", "summarise",  # request verbs
    "overview", "summary", "nutshell", "tldr", "pls", "plz", "general", "brief", "briefly", "quick", "main",  # scope
    "thing", "things", "stuff",  # placeholders for what the rest of the question names
    "just", "simply", "actually", "maybe", "even",  # hedges
    "else", "alternative", "alternatives",  # "what else?": another of the same, what the chat asked
    "aren't", "arent", "isn't", "isnt", "doesn't", "doesnt", "don't", "dont", "can't", "cant", "won't",  # negated
    "didn't", "wasn't", "weren't", "shouldn't", "wouldn't", "couldn't", "aren", "isn", "doesn", "don", "didn",
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

# -- the question path: cue words (conversation, abstention, answer) -------------------------------

FOLLOW_UP_OPENERS = ("and", "but", "so", "also", "then", "what about", "how about", "same")
"""Words a chat turn opens with when it continues the one before ("and for research?")."""

POINTING_WORDS = (
    "it", "its", "it's", "they", "them", "their", "that one", "this one", "the other", "each",
    "that framework", "this framework", "that library", "the winner", "your pick", "the pick",
)  # fmt: skip
"""Words that point back at a framework of the chat ("who maintains that one?")."""

RECENCY_CUES = (
    "newest", "latest", "current", "currently", "today", "nowadays", "these days", "anymore", "still", "now",
    "recent", "recently", "up to date", "up-to-date", "most recent", "at this point",
)  # fmt: skip
"""Words that ask for the current state ("What's the newest version of Keras?"): a dated update answers them."""

PLURAL_POINTING = ("they", "them", "their", "each", "both", "those")
"""Pointing words that mean every framework of the chat, not the last one."""

EVERY_FRAMEWORK = (
    "each framework", "every framework", "all frameworks", "all the frameworks", "all three", "the three",
    "each of the frameworks", "all of the frameworks", "each library", "every library", "all the libraries",
    "each of these", "each of them", "all of them", "all of these",  # (not "any of them": one of them, a pick)
    "than the others", "than the other two",
)  # fmt: skip
"""Quantifiers that ask about every framework at once ("an overview of the three frameworks")."""

SELECTING = ("which one", "which of", "which is", "which would", "which should")
"""Question words that choose among the frameworks the chat has named ("I'm torn between X and Y" → "which one
fits research?")."""

WEAK_FACT_CUES = ("what's", "does", "do they", "is it", "is there", "can", "how does", "how do", "still", "who", "when")
"""Words of a fact question that a use case outweighs ("what's the go-to for serving?" asks for a pick)."""

NAME_SLOT_BEFORE = (
    "is", "use", "using", "vs", "versus", "or", "than", "try", "choose", "pick", "prefer", "recommend", "learn",
    "created", "made", "wrote", "develops", "developed",
)  # fmt: skip
"""Words after which any unknown word stands where a framework name would ("is MXNet good")."""

NAME_SLOT_AFTER = ("vs", "versus", "or", "good", "better", "faster", "slower", "easier", "worth", "supports", "support")
"""Words before which any unknown word stands where a framework name would ("caffe or chainer")."""

WEAK_SLOT_BEFORE = ("are", "and", "about", "with", "in", "like")
"""Words after which only a word written like a name counts as one ("about Caffe", not "in javascript")."""

WEAK_SLOT_AFTER = ("and", "is")
"""Words before which only a word written like a name counts as one."""

RECOMMENDED_KINDS = (
    "framework", "frameworks", "library", "libraries", "lib", "libs", "tool", "tools", "toolkit", "toolkits",
    "package", "packages", "platform", "platforms", "stack", "option", "options", "choice", "choices", "one", "ones",
    "software", "api", "apis",
)  # fmt: skip
"""What the advisor recommends, in the words a pick question names it by ("which library …?", "what stack should we
use?"): a pick asked for any other kind of thing ("what GPU should I buy?", "recommend a good book") is not ours."""

ADVICE_PHRASES = (
    "recommend", "best suited", "best for", "best option", "best pick", "best use", "best choice", "ideal for",
    "choice for", "suited for", "suitable for", "top choice", "excellent choice", "great choice", "good choice",
    "preferred", "go-to", "perfect for", "start with", "go with", "when to use", "primary use", "well-suited",
    "favored", "favoured", "shines in",
)  # fmt: skip
"""Phrases that give advice (matched at a word's start): a sentence with one and one subject states a verdict."""

NEGATIONS = ("not", "never", "no longer", "less")
"""Words that deny the advice after them ("may not be as suitable for"); "n't" counts too."""

COMMON_AXIS_WORDS = ("than", "more", "less", "with", "from", "better")
"""Words of a comparison axis's name too common to tie a question to that axis alone."""

# -- evaluation (evaluate.check_citations) -----------------------------------------------------------

ANSWER_FRAMING = (
    "sources", "source", "pick", "alternatives", "alternative", "short", "vs", "versus", "outdated", "predates",
    "newer", "information", "disagree", "disputed", "update", "feature", "more", "your", "you", "see",
)  # fmt: skip
"""Words an answer's own wording adds to a claim: not evidence that a cited passage supports it."""


def words_pattern(words: Iterable[str], template: str = r"\b{}\b", flags: int = re.I) -> re.Pattern[str]:
    """Compile ``template`` with ``{}`` replaced by an alternation of the words, each taken literally.

    The default matches any one of them as a whole word, ignoring case. Order is kept: with word
    boundaries on both sides it does not change what matches.
    """
    alternation = "(?:" + "|".join(re.escape(w) for w in words) + ")"
    return re.compile(template.replace("{}", alternation), flags)
