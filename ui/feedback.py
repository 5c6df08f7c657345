"""Like and dislike on chat answers (Gradio's like event), saved to ``feedback.jsonl`` as evaluation data.

Each session keeps a ledger: for every answer shown in its chat, by message index, what a vote
on it must record (the question, the conversation before it, the answer text, the passages it
cited). The like event only says which message was voted on, so the ledger supplies the rest.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.feedback import HISTORY_KEPT, MAX_COMMENT_CHARS, Turn, Vote, VoteKind, append_vote
from assistant.models import Answer

log = logging.getLogger(__name__)

Ledger = dict[int, dict[str, Any]]  # chat message index -> what a vote on that answer records


def ledger_entry(
    answer: Answer, question: str, turns: Sequence[dict[str, Any]], sources: Sequence[str] | None
) -> dict[str, Any]:
    """What a vote on this answer records, taken when the answer is shown (``turns``: the conversation before it)."""
    history = [
        {"role": t["role"], "content": str(t["content"])}
        for t in turns[-HISTORY_KEPT:]
        if t.get("role") in ("user", "assistant") and isinstance(t.get("content"), str)
    ]
    return {
        "answer_id": uuid.uuid4().hex[:12],
        "question": question.strip(),
        "history": history,
        "answer": answer.text,
        "answered": answer.answered,
        "cited": [c.passage_id or f"{c.source}#?" for c in answer.citations],
        "sources": list(sources) if sources else None,
    }


def vote_kind(liked: bool | str) -> VoteKind:
    """Gradio's ``LikeData.liked``: True (like), False (dislike), "" (the vote was taken back)."""
    if liked is True:
        return "like"
    if liked is False:
        return "dislike"
    return "retract"


class FeedbackRecorder:
    """Turns like events into lines of ``feedback.jsonl``."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def on_like(self, ledger: Ledger | None, comment: str | None, evt: gr.LikeData) -> tuple[str, str]:
        """Save the vote; returns (the comment box, cleared once used; the status line under the chat)."""
        index = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        entry = (ledger or {}).get(int(index))
        if entry is None:
            return comment or "", "Votes count for answers only."
        kind = vote_kind(evt.liked)
        text = (comment or "").strip()[:MAX_COMMENT_CHARS] or None
        vote = Vote(
            time=dt.datetime.now(dt.timezone.utc),
            vote=kind,
            comment=text if kind != "retract" else None,
            history=[Turn(**t) for t in entry["history"]],
            **{k: v for k, v in entry.items() if k != "history"},
        )
        try:
            append_vote(self.path, vote)
        except OSError:
            log.exception("cannot save a vote to %s", self.path)
            return comment or "", "Your vote could not be saved on the server."
        if kind == "retract":
            return comment or "", "Vote taken back."
        return "", ("Thanks: your vote was saved" + (" with your comment." if text else "."))
