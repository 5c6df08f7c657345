"""Votes on answers (like / dislike in the chat UI), kept as evaluation data.

Each vote is one JSON line appended to ``feedback.jsonl`` in the user data folder. A line is
written with one ``write`` on a file opened for appending, under a file lock, and fsynced: lines
from concurrent sessions (threads of one server, or several servers) never interleave, and
nothing already written is ever rewritten. A line cut short by a crash is skipped when reading,
and the next vote starts on a fresh line.

``assistant feedback`` lists the votes; ``assistant feedback --export FILE`` turns disliked
answers into items of the question set (``tests/questions.yaml``), the expected fields left to
fill in: this is how real questions reach the test set.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import validation_messages
from .fsutil import file_lock
from .textutil import slug

FEEDBACK_FILE = "feedback.jsonl"
MAX_COMMENT_CHARS = 2000
HISTORY_KEPT = 12  # earlier turns kept with a vote: enough to replay a follow-up question
FILL_IN = "FILL IN: a phrase of the passage that answers this question"
_local_lock = threading.Lock()  # threads of one server; the file lock covers other processes

VoteKind = Literal["like", "dislike", "retract"]


class Turn(BaseModel):
    """One earlier message of the conversation, as ``Assistant.ask(history=...)`` takes it."""

    role: Literal["user", "assistant"]
    content: str


class Vote(BaseModel):
    """One vote on one answer; a later vote on the same ``answer_id`` replaces it (``retract`` withdraws it)."""

    model_config = ConfigDict(extra="ignore")

    time: dt.datetime
    answer_id: str = Field(min_length=1, max_length=64)
    question: str
    history: list[Turn] = Field(default_factory=list)
    answer: str
    answered: bool = True
    cited: list[str] = Field(default_factory=list, description="passage ids the answer cited, in marker order")
    sources: list[str] | None = Field(default=None, description="the sources the answer was limited to; None: all")
    vote: VoteKind
    comment: str | None = Field(default=None, max_length=MAX_COMMENT_CHARS)


def feedback_path(data_dir: Path) -> Path:
    """Where the votes of this user data folder are kept."""
    return Path(data_dir) / FEEDBACK_FILE


def append_vote(path: Path, vote: Vote) -> None:
    """Append one vote as one line, atomically with respect to every other writer."""
    data = (vote.model_dump_json() + "\n").encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    with _local_lock, file_lock(path.with_name(f".{path.name}.lock"), -1, TimeoutError):
        fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            size = os.fstat(fd).st_size
            if size and os.pread(fd, 1, size - 1) != b"\n":  # a line cut short by a crash: start afresh
                data = b"\n" + data
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)


def read_votes(path: Path) -> tuple[list[Vote], list[str]]:
    """Every vote in the file, oldest first, and a note for each line that is not a vote (skipped)."""
    if not path.is_file():
        return [], []
    votes: list[Vote] = []
    problems: list[str] = []
    for number, line in enumerate(path.read_text("utf-8", errors="replace").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            votes.append(Vote.model_validate_json(line))
        except ValidationError as e:
            problems.append(f"{path}:{number}: not a vote ({validation_messages(e)[0]}); skipped")
    return votes, problems


def current_votes(votes: Iterable[Vote]) -> list[Vote]:
    """The latest vote on each answer, in the order answers were first voted on; retracted ones left out."""
    latest: dict[str, Vote] = {}
    for vote in votes:
        latest[vote.answer_id] = vote
    return [v for v in latest.values() if v.vote != "retract"]


def question_items(votes: Sequence[Vote]) -> list[dict[str, object]]:
    """Disliked answers as question-set items (``tests/questions.yaml`` schema), one per distinct question.

    Filled in: ``id``, ``category`` ("feedback"), ``question``, ``history`` (the earlier user
    turns) and ``answerable``. Left to fill in: ``frameworks`` and ``must_contain`` (empty: no
    check yet) and ``gold``, which holds a placeholder no passage contains, so the item fails
    until a person writes the real phrase (or sets ``answerable: false`` and removes ``gold``).
    """
    return [item for item, _ in _disliked(votes)]


def export_yaml(votes: Sequence[Vote]) -> str:
    """The exported items as YAML, each under a comment with the disliked answer, its citations and the comment."""
    blocks = [
        "# Questions users disliked the answer to, exported by `assistant feedback --export`.\n"
        "# Review each item, fill in frameworks, must_contain and gold (or set answerable: false and\n"
        "# drop gold when the sources cannot answer it), then append it to tests/questions.yaml.\n"
    ]
    for item, vote in _disliked(votes):
        note = [f"disliked {vote.time:%Y-%m-%d %H:%M}" + (f": {_one_line(vote.comment)}" if vote.comment else "")]
        note.append("answer was: " + _one_line(vote.answer, 300))
        if vote.cited:
            note.append("it cited: " + ", ".join(vote.cited))
        comment = "".join(f"# {line}\n" for line in note)
        blocks.append(comment + yaml.safe_dump([item], sort_keys=False, allow_unicode=True, width=1000))
    return "\n".join(blocks)


def _disliked(votes: Sequence[Vote]) -> list[tuple[dict[str, object], Vote]]:
    """(item, latest vote) per distinct disliked question and history; the newest dislike wins."""
    found: dict[tuple[str, tuple[str, ...]], tuple[dict[str, object], Vote]] = {}
    for vote in current_votes(votes):
        if vote.vote != "dislike":
            continue
        history = tuple(t.content for t in vote.history if t.role == "user")
        tag = slug(vote.answer_id).replace("-", "")[:8] or "x"
        item: dict[str, object] = {
            "id": f"feedback-{vote.time.astimezone(dt.timezone.utc):%Y%m%d-%H%M%S}-{tag}",
            "category": "feedback",
            "question": vote.question.strip(),
            "history": list(history),
            "answerable": True,
            "frameworks": [],
            "must_contain": [],
            "gold": [FILL_IN],
        }
        found[(vote.question.strip(), history)] = (item, vote)
    return list(found.values())


def _one_line(text: str, limit: int = 200) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
