"""Load: one Assistant shared by many threads answers exactly as it does alone, memory stays flat over
thousands of questions, and the UI serves simultaneous chat sessions without errors or mixed histories.

The figures (RSS growth, wall time) are printed; run with ``-s`` to see them.
"""

from __future__ import annotations

import gc
import json
import re
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

pytestmark = pytest.mark.slow
pytest_plugins = ["ui_server"]

THREADS = 8
ASKS_PER_THREAD = 200
MEMORY_ASKS = 2_000
MEMORY_GROWTH_LIMIT_MB = 50

RESEARCH = "Which framework is best for research?"
CONVERSATIONS: list[tuple[str, list[Any]]] = [
    ("Which framework should I use for mobile?", []),
    ("PyTorch vs Keras: which should a beginner pick?", []),
    ("Is Keras still relevant?", []),
    ("Who created Keras?", []),
    (RESEARCH, []),
    ("When was PyTorch released?", []),
    ("Which backends does Keras run on?", []),
    ("What are the pros and cons of TensorFlow?", []),
    ("How does TensorFlow deploy models to production?", []),
    ("Does PyTorch use dynamic computation graphs?", []),
    ("Which framework has the best community support?", []),
    ("What's the weather in Paris tomorrow?", []),
    ("Is MXNet good for production?", []),
    ("And who develops it?", [RESEARCH]),
    ("What about Keras?", ["Who created PyTorch?"]),
    ("And when was it released?", ["Which framework should I use for mobile?"]),
    ("How about TensorFlow?", ["Is Keras easy to learn?"]),
    ("Is it good for beginners?", [{"role": "user", "content": RESEARCH}, {"role": "assistant", "content": "PyTorch"}]),
    ("What languages does it support?", ["Who created Keras?", "And when was it released?"]),
    ("Compare their deployment options", ["PyTorch vs TensorFlow for production"]),
]


def with_neutral_turn(history: list[Any], n: int) -> list[Any]:
    """The same conversation plus an assistant turn that names nothing: the same answer, a new cache key.

    This makes every threaded ask run the whole pipeline (not just the answer cache) while the
    correct answer stays known.
    """
    return [*history, {"role": "assistant", "content": f"(noted, {n})"}]


def as_json(answer: Any) -> str:
    return answer.model_dump_json()


@pytest.fixture(scope="module")
def sequential(bot) -> list[str]:
    return [as_json(bot.ask(q, history=h)) for q, h in CONVERSATIONS]


class TestThreads:
    def test_neutral_turn_keeps_the_answer(self, bot, sequential):
        """The premise of the threaded test, checked alone."""
        assert [as_json(bot.ask(q, history=with_neutral_turn(h, -1))) for q, h in CONVERSATIONS] == sequential

    def test_threads_get_the_same_answers_as_sequential_asks(self, bot, sequential):
        def worker(t: int) -> list[tuple[int, str]]:
            out = []
            for i in range(ASKS_PER_THREAD):
                j = (t * 7 + i) % len(CONVERSATIONS)  # each thread walks the set from a different place
                q, h = CONVERSATIONS[j]
                out.append((j, as_json(bot.ask(q, history=with_neutral_turn(h, t * ASKS_PER_THREAD + i)))))
            return out

        start = time.perf_counter()
        with ThreadPoolExecutor(THREADS) as pool:
            results = [r for rs in pool.map(worker, range(THREADS)) for r in rs]
        seconds = time.perf_counter() - start
        print(f"\n{THREADS} threads x {ASKS_PER_THREAD} asks: {len(results)} answers in {seconds:.1f}s")
        assert len(results) == THREADS * ASKS_PER_THREAD
        wrong = [(j, CONVERSATIONS[j][0]) for j, got in results if got != sequential[j]]
        assert wrong == [], f"{len(wrong)} answers differ from the sequential ones, e.g. {wrong[:3]}"


class TestMemory:
    def test_rss_stays_flat_over_thousands_of_asks(self, bot):
        psutil = pytest.importorskip("psutil")
        process = psutil.Process()

        def run(n: int, offset: int) -> None:
            for i in range(n):
                q, h = CONVERSATIONS[i % len(CONVERSATIONS)]
                bot.ask(q, history=with_neutral_turn(h, offset + i))  # all distinct: the answer cache churns

        run(300, 0)  # warm-up: caches fill to their bounds
        gc.collect()
        before = process.memory_info().rss
        run(MEMORY_ASKS, 1_000_000)
        gc.collect()
        growth_mb = (process.memory_info().rss - before) / 2**20
        print(f"\nRSS growth over {MEMORY_ASKS} asks after warm-up: {growth_mb:+.1f} MB")
        assert growth_mb < MEMORY_GROWTH_LIMIT_MB


SESSIONS = 20
TURNS = (
    "Which framework should I use for mobile?",
    "Who created Keras?",
    "Which framework is best for research?",
    "When was PyTorch released?",
)


def tag(n: int) -> str:
    return f"sessiontag{n}x"


def chat_texts(chat: Any) -> list[tuple[str, str]]:
    """(role, text) of each message the Chatbot output holds (a list of message dicts)."""
    out = []
    for m in chat or []:
        content = m.get("content")
        if isinstance(content, list):  # Gradio 6 may give a list of parts
            content = " ".join(str(p.get("text", p)) if isinstance(p, dict) else str(p) for p in content)
        out.append((m.get("role"), str(content)))
    return out


class TestUISessions:
    def test_simultaneous_chat_sessions_keep_their_own_history(self, ui_server):
        from gradio_client import Client

        def session(n: int) -> list[tuple[str, str]]:
            client = Client(ui_server.url, verbose=False)
            # Each session asks its own sequence, tagged, so a turn from another session would show.
            mine = [f"{TURNS[(n + t) % len(TURNS)]} {tag(n)}" for t in range(2)]
            chat: Any = None
            for question in mine:
                # inputs of the chat event: the question and the chosen sources (None = all); the
                # conversation itself is per-session server state, which is what this test is about
                _, chat = client.predict(question, None, api_name="/chat")
            return chat_texts(chat), mine

        start = time.perf_counter()
        with ThreadPoolExecutor(SESSIONS) as pool:
            outcomes = list(pool.map(session, range(SESSIONS)))
        print(f"\n{SESSIONS} simultaneous sessions x 2 turns in {time.perf_counter() - start:.1f}s")
        for n, (messages, mine) in enumerate(outcomes):
            users = [text for role, text in messages if role == "user"]
            assert [role for role, _ in messages] == ["user", "assistant"] * 2, f"session {n}: {messages}"
            assert all(q.split(" sessiontag")[0][:20] in u for q, u in zip(mine, users, strict=True)), users
            tags = {m for _, text in messages for m in re.findall(r"sessiontag\d+x", text)}
            assert tags == {tag(n)}, f"session {n} saw turns of {tags - {tag(n)}}"
            for _, text in messages[1::2]:
                assert 'class="problem"' not in text, f"session {n}: {text[:300]}"
                assert "[1]" in text, f"session {n}: every question here has a cited answer: {text[:300]}"

    def test_simultaneous_api_calls_agree(self, ui_server):
        from gradio_client import Client

        def call(n: int) -> tuple[str, dict[str, Any]]:
            q = TURNS[n % len(TURNS)]
            return q, Client(ui_server.url, verbose=False).predict(q, None, api_name="/ask")

        with ThreadPoolExecutor(SESSIONS) as pool:
            results = list(pool.map(call, range(SESSIONS)))
        by_question: dict[str, set[str]] = {}
        for q, got in results:
            assert got["question"] == q and got["answered"] and got["citations"], got
            by_question.setdefault(q, set()).add(json.dumps(got, sort_keys=True))
        assert {q: len(v) for q, v in by_question.items()} == dict.fromkeys(TURNS, 1), "same question, same answer"
