"""Bounded work per request: history caps, linear framework matching, answer-cache keys that hold no text.

The documented behaviour (README "Python API", SECURITY.md): only the last ``max_history_turns`` (20)
history entries are read, older ones are dropped unread; an entry longer than ``max_turn_chars``
(10,000) is a ``ValueError`` naming it.
"""

from __future__ import annotations

import gc
import time
import tracemalloc

import pytest

from assistant.facts import FrameworkMatcher, load_facts
from tests.conftest import CORPUS

MB = 1_000_000
NAMING_ALL = "I compared TensorFlow with PyTorch and Keras, then tensorflw, pytroch and kerass, on my laptop. "


def text_of(length: int) -> str:
    return (NAMING_ALL * (length // len(NAMING_ALL) + 1))[:length]


def test_fuzzy_framework_matching_is_linear_in_the_text() -> None:
    """1 MB naming all three frameworks thousands of times (the probe's case took minutes before)."""
    matcher = FrameworkMatcher(load_facts(CORPUS / "facts.yaml"))
    start = time.perf_counter()
    assert matcher.find(text_of(MB), fuzzy=True) == ["TensorFlow", "PyTorch", "Keras"]
    assert time.perf_counter() - start < 5
    assert matcher.find("tensorflw then pytroch", fuzzy=True) == ["TensorFlow", "PyTorch"], "typos still count"


@pytest.mark.slow
class TestHistoryCaps:
    @pytest.mark.parametrize(
        ("history", "where"),
        [
            ([text_of(MB)], r"history\[0\]"),
            ([{"role": "user", "content": text_of(MB)}], r"history\[0\]\['content'\]"),
            (["Who created Keras?", {"role": "assistant", "content": text_of(MB)}], r"history\[1\]\['content'\]"),
        ],
        ids=["string", "user-dict", "assistant-dict"],
    )
    def test_a_1_mb_turn_is_a_value_error_in_under_a_second(self, bot, history, where) -> None:
        start = time.perf_counter()
        with pytest.raises(ValueError, match=where + r" is 1000000 characters long; the limit for a history turn is"):
            bot.ask("Which framework is best for research?", history=history)
        assert time.perf_counter() - start < 1

    def test_a_turn_at_the_limit_is_answered(self, bot) -> None:
        limit = bot.settings.max_turn_chars
        answer = bot.ask("And who develops it?", history=[{"role": "user", "content": text_of(limit)}])
        assert answer.text

    def test_only_the_last_turns_are_read(self, bot) -> None:
        """A bad entry older than the last ``max_history_turns`` is dropped unread; inside them it is an error."""
        keep = bot.settings.max_history_turns
        bad = {"role": "root", "content": "x"}
        recent = ["Who created Keras?"] * keep
        assert bot.ask("And who develops it?", history=[bad, *recent]).text
        with pytest.raises(ValueError, match=r"history\[0\]\['role'\] is 'root'"):
            bot.ask("And who develops it?", history=[bad, *recent[1:]])

    def test_the_answer_cache_keeps_no_conversation_text(self, bot) -> None:
        """40 distinct histories of 20 turns × 9,000 characters (7 MB of text) leave under 3 MB behind.

        Each history is made, asked with and dropped, as a server does with a request's body.
        """
        bot.ask("And who develops it?", history=[text_of(9_000)])  # warm caches of fixed size
        gc.collect()
        tracemalloc.start()
        try:
            before = tracemalloc.take_snapshot()
            for n in range(40):
                bot.ask("And who develops it?", history=[f"{n}-{i} " + text_of(9_000) for i in range(20)])
            gc.collect()
            after = tracemalloc.take_snapshot()
        finally:
            tracemalloc.stop()
        retained = sum(stat.size_diff for stat in after.compare_to(before, "filename"))
        print(f"\nretained after 40 large-history asks: {retained / MB:.2f} MB")
        assert retained < 3 * MB
