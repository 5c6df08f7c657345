"""The question path on one index state: a checked question and its chat, understood, judged in
scope, retrieved and answered with citations. ``Assistant.ask`` wires it to the current state.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any

from .abstention import abstain, asks_for_another_kind, declines, unknown_names
from .config import MAX_HISTORY_TURNS, MAX_TURN_CHARS
from .cues import asked_names
from .models import Answer
from .retrieve import POOL, Mode, Query
from .textutil import content_words
from .twoparts import joined, two_questions

if TYPE_CHECKING:
    from .answer import Knowledge
    from .frameworks import FrameworkMatcher
    from .snapshot import Snapshot
    from .turn import Turn

COMPOSE_POOL = 24  # passages retrieved for the composer to choose its citations from
HISTORY_TURNS = 8  # earlier user turns a question is understood with
History = Sequence[str | dict[str, Any]]
Ordinary = Callable[..., bool | None]  # the embedding model's "is this a whole word it knows?"


def answer(
    state: Snapshot,
    question: str,
    turns: list[tuple[str, str]],
    *,
    k: int,
    mode: Mode,
    matcher: FrameworkMatcher,
    ordinary: Ordinary,
    whole: bool = False,
) -> Answer:
    """One cited answer, or the honest "I don't know" when the turn is out of scope or nothing is found.

    ``whole``: answer the text as one question (a part of a turn asking two things is not split again)."""
    parts = None if whole else two_questions(question)
    if parts is not None:
        # "who makes pytorch and is it free to use?": each part answered, the second in a chat after the first
        one = partial(answer, state, k=k, mode=mode, matcher=matcher, ordinary=ordinary, whole=True)
        first = one(parts[0], turns)
        if first.answered:
            second = one(parts[1], [*turns, ("user", parts[0]), ("assistant", first.text)])
            if second.answered:
                return joined(question, first, second)
    turn = understand(state, question, turns)
    text = turn.text  # the question with its misspelt words in the sources' spelling ("begginers" → "beginners")
    matcher = state.matcher or matcher
    lexicon = state.lexicon
    indexed_word = lexicon.knows_word

    def is_framework(word: str) -> bool:
        return bool(matcher.find(word, fuzzy=True))

    unknown = asked_names(text, unknown_names(text, is_framework, indexed_word, ordinary))
    # One dense search serves both the scope check (its top cosine: the same as a top-1 search's) and,
    # when the turn is searched by its own meaning, retrieval's dense ranking.
    own = state.index.search(turn.vector, POOL)
    knowledge = state.composer.knowledge
    # (only for a turn naming a framework by a short form alone: "torch" may be a lamp)
    short_form_topic = None
    if matcher.by_short_form_only(question):
        short_form_topic = float((knowledge.unit_topics @ knowledge.topic_of(turn.vector)).max(initial=-1.0))
    if declines(
        text,
        turn,
        chat=bool(turns),
        top_cosine=own[0][1] if own else 0.0,
        unknown=unknown,
        knows=lexicon.knows,
        terms=lexicon.terms,
        indexed_word=indexed_word,
        asks_for_a_framework=knowledge.asks_for_a_framework(turn.vector),
        other_kind=asks_for_another_kind(text, is_framework),
        short_form_topic=short_form_topic,
    ):
        return abstain(question, matcher.names, unknown)
    # (read by the answer only: "ML" is a plain word to the model, a name like "XLA" is not, and a plain word names
    # no one framework's tool)
    plain = frozenset(w.casefold() for w in content_words(text, lambda w: []) if ordinary(w, exact=True))
    turn = replace(turn, ordinary=plain)
    # The composer chooses what to cite from a generous pool (comparisons need rows for both sides).
    hits = retrieve(state, turn, k=max(k, COMPOSE_POOL), mode=mode, dense=own if turn.search is turn.vector else None)
    if not hits:
        return abstain(question, matcher.names, unknown)
    return mark_newest(state.composer.compose(question, turn, hits))


def understand(state: Snapshot, question: str, turns: list[tuple[str, str]]) -> Turn:
    """The turn with the slots it leaves empty filled from the earlier user turns (see conversation.py)."""
    earlier: list[tuple[str, str]] = []  # (user turn, the reply that followed it, if any)
    for role, content in turns:
        if role == "user":
            earlier.append((content, ""))
        elif earlier and not earlier[-1][1]:
            earlier[-1] = (earlier[-1][0], content)
    return state.conversation.understand(question, earlier[-HISTORY_TURNS:])


def retrieve(
    state: Snapshot, turn: Turn, *, k: int, mode: Mode, dense: list[tuple[int, float]] | None = None
) -> list[Any]:
    """Hybrid retrieval for an understood turn: its meaning, its words and its best sentences.

    ``dense``: the dense search of ``turn.search`` (``POOL`` rows) when the caller ran it already."""
    knowledge = state.composer.knowledge
    return state.retriever.retrieve(
        _query(turn, knowledge),
        k=k,
        mode=mode,
        vector=turn.search,
        sentences=knowledge.passages_by_sentence(turn.search),
        dense=dense,
    )


def _query(turn: Turn, knowledge: Knowledge) -> Query:
    """What retrieval needs of a turn: its words for BM25, its frameworks for the boost.

    For a recommendation BM25 also searches the corpus's own wording of the use case the turn was
    matched to by meaning ("a phone app" → "mobile and edge deployments").
    """
    words = list(turn.words)
    if turn.use_case is not None and turn.intent == "recommendation":
        words.append(knowledge.labels[turn.use_case].text)
    return Query(
        text=turn.text, frameworks=turn.frameworks, intent="general", search_text=turn.text, topic=" ".join(words)
    )


def mark_newest(answer: Answer) -> Answer:
    """Flag the most recent citation(s) when the cited passages carry different dates.

    Where sources disagree, the reader can then see which one is newer; undated passages take no part.
    """
    dates = {c.date for c in answer.citations if c.date}
    if len(dates) >= 2:
        newest = max(dates)  # ISO dates compare as text
        for citation in answer.citations:
            citation.newest = citation.date == newest
    return answer


def digest(*parts: Any) -> str:
    """SHA-256 of JSON-encoded parts: a fixed-size answer-cache key however long the conversation."""
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()


# -- checking what a caller passed ------------------------------------------------------------
def check_question(question: object, names: Sequence[str], limit: int) -> str:
    """The question stripped, or a clear error: not a string, empty, too long, or not valid Unicode."""
    if not isinstance(question, str):
        raise TypeError(f"question must be a str, got {type(question).__name__}")
    text = question.strip()
    if not text:
        raise ValueError(f"question is empty: ask something about {', '.join(names)}")
    if len(text) > limit:
        raise ValueError(f"question is {len(text)} characters long; the limit is {limit}")
    return valid_unicode(text, "question")


def normalise_history(
    history: History | None, max_turns: int = MAX_HISTORY_TURNS, max_chars: int = MAX_TURN_CHARS
) -> list[tuple[str, str]]:
    """(role, content) pairs from strings (user turns) or Gradio-style message dicts.

    Only the last ``max_turns`` entries are read (older ones are dropped unread); an entry longer
    than ``max_chars`` is a ``ValueError`` naming it. Together they bound one request's work.
    """
    if history is None:
        return []
    if isinstance(history, (str, bytes, bytearray)) or not isinstance(history, Sequence):
        raise TypeError("history must be a list of strings or {'role', 'content'} dicts")
    turns: list[tuple[str, str]] = []
    for i in range(max(0, len(history) - max_turns), len(history)):
        turn = history[i]
        if isinstance(turn, str):
            turns.append(("user", valid_unicode(_short(turn, f"history[{i}]", max_chars), f"history[{i}]")))
        elif isinstance(turn, dict):
            role, content = turn.get("role"), turn.get("content")
            if role not in ("user", "assistant", "system"):
                raise ValueError(f"history[{i}]['role'] is {role!r}; expected 'user' or 'assistant'")
            if isinstance(content, str) and content.strip():
                what = f"history[{i}]['content']"
                turns.append((role, valid_unicode(_short(content, what, max_chars), what)))
        else:
            raise TypeError(f"history[{i}] is a {type(turn).__name__}; expected a str or a dict")
    return turns


def _short(text: str, what: str, limit: int) -> str:
    if len(text) > limit:
        raise ValueError(f"{what} is {len(text)} characters long; the limit for a history turn is {limit}")
    return text


def valid_unicode(text: str, what: str) -> str:
    """Reject lone surrogates (possible in a str, e.g. from JSON escapes), which no tokenizer accepts."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as e:
        bad = text[e.start]
        raise ValueError(f"{what} has an invalid character {bad!r} (a lone surrogate) at position {e.start}") from e
    return text
