"""Votes on answers: appended safely by concurrent writers, listed by `assistant feedback`, and exported
as question-set items that load with the set's own schema."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
from pathlib import Path

import pytest

from assistant.evaluate import load_questions
from assistant.feedback import (
    FILL_IN,
    Turn,
    Vote,
    append_vote,
    current_votes,
    feedback_path,
    question_items,
    read_votes,
)
from tests.clirun import run_cli

WRITERS = 4
VOTES_EACH = 40


def vote(answer_id: str = "a1", kind: str = "dislike", question: str = "Which framework for mobile?", **more) -> Vote:
    fields = {
        "time": dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc),
        "answer_id": answer_id,
        "question": question,
        "history": [
            Turn(role="user", content="Who develops TensorFlow?"),
            Turn(role="assistant", content="Google [1]."),
        ],
        "answer": "**TensorFlow** is the pick [1].",
        "cited": ["001_27bf8468b2f174b7#012"],
        "vote": kind,
        **more,
    }
    return Vote(**fields)


def _writer(path: str, worker: int) -> None:
    for i in range(VOTES_EACH):
        append_vote(Path(path), vote(f"w{worker}-{i}", "like", question=f"question {worker}/{i} " + "x" * 3000))


class TestStore:
    def test_concurrent_writers_leave_one_valid_line_per_vote(self, tmp_path: Path) -> None:
        """Processes (servers) and threads append at once: no line is lost, split or interleaved."""
        path = feedback_path(tmp_path)
        ctx = multiprocessing.get_context("spawn")
        workers = [ctx.Process(target=_writer, args=(str(path), w)) for w in range(WRITERS)]
        for w in workers:
            w.start()
        for w in workers:
            w.join(timeout=120)
            assert w.exitcode == 0
        lines = path.read_text("utf-8").splitlines()
        assert len(lines) == WRITERS * VOTES_EACH
        parsed = [json.loads(line) for line in lines]  # every line is a whole JSON object
        assert len({p["answer_id"] for p in parsed}) == WRITERS * VOTES_EACH
        votes, problems = read_votes(path)
        assert len(votes) == WRITERS * VOTES_EACH and problems == []

    def test_a_line_cut_short_by_a_crash_costs_only_itself(self, tmp_path: Path) -> None:
        path = feedback_path(tmp_path)
        append_vote(path, vote("a1", "like"))
        with path.open("ab") as f:
            f.write(b'{"time": "2026-01-02T03:04:05Z", "answer_id": "cut')  # killed mid-write
        append_vote(path, vote("a2", "dislike"))
        votes, problems = read_votes(path)
        assert [v.answer_id for v in votes] == ["a1", "a2"]
        assert len(problems) == 1 and ":2:" in problems[0]

    def test_the_latest_vote_on_an_answer_counts(self) -> None:
        votes = [vote("a1", "like"), vote("a2", "dislike"), vote("a1", "dislike"), vote("a2", "retract")]
        assert [(v.answer_id, v.vote) for v in current_votes(votes)] == [("a1", "dislike")]


class TestExport:
    def test_disliked_answers_become_loadable_question_items(self, tmp_path: Path) -> None:
        path = feedback_path(tmp_path)
        append_vote(path, vote("a1", "like", question="Who created Keras?"))
        append_vote(path, vote("a2", "dislike", comment="It ignored LiteRT"))
        append_vote(path, vote("a3", "dislike", question="What about PyTorch?"))
        append_vote(path, vote("a3", "retract", question="What about PyTorch?"))
        out = tmp_path / "from-users.yaml"
        run = run_cli(["feedback", "--data-dir", str(tmp_path), "--export", str(out)])
        assert run.code == 0 and not run.torch, run.stderr
        assert "wrote 1 question item" in run.stdout
        [item] = load_questions(out)  # the question set's own loader and schema
        assert item.question == "Which framework for mobile?"
        assert item.history == ["Who develops TensorFlow?"]
        assert item.answerable and item.category == "feedback"
        assert item.frameworks == [] and item.must_contain == [] and item.gold == [FILL_IN]
        text = out.read_text("utf-8")
        assert "It ignored LiteRT" in text and "001_27bf8468b2f174b7#012" in text, "the vote's context is kept"

    def test_export_never_overwrites(self, tmp_path: Path) -> None:
        append_vote(feedback_path(tmp_path), vote())
        out = tmp_path / "questions.yaml"
        out.write_text("- keep me\n", encoding="utf-8")
        run = run_cli(["feedback", "--data-dir", str(tmp_path), "--export", str(out)])
        assert run.code == 2 and len(run.lines) == 1 and "already exists" in run.stderr
        assert out.read_text("utf-8") == "- keep me\n"

    def test_identical_questions_are_exported_once(self) -> None:
        items = question_items([vote("a1"), vote("a2")])
        assert len(items) == 1


class TestList:
    def test_lists_the_votes_with_a_header(self, tmp_path: Path) -> None:
        append_vote(feedback_path(tmp_path), vote("a1", "like", question="Who created Keras?"))
        append_vote(feedback_path(tmp_path), vote("a2", "dislike", comment="outdated"))
        run = run_cli(["feedback", "--data-dir", str(tmp_path)])
        assert run.code == 0 and not run.torch and not run.model
        lines = run.stdout.splitlines()
        assert lines[0].split() == ["TIME", "VOTE", "QUESTION", "COMMENT"]
        assert "like" in lines[1] and "Who created Keras?" in lines[1]
        assert "dislike" in lines[2] and "outdated" in lines[2]
        assert "1 liked, 1 disliked" in run.stdout

    def test_no_votes_yet(self, tmp_path: Path) -> None:
        run = run_cli(["feedback", "--data-dir", str(tmp_path)])
        assert run.code == 0 and "no votes yet" in run.stdout


@pytest.mark.parametrize("liked, kind", [(True, "like"), (False, "dislike"), ("", "retract")])
def test_gradio_like_values(liked, kind) -> None:
    from ui.feedback import vote_kind

    assert vote_kind(liked) == kind
