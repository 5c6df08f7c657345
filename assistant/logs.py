"""What the command line and the server print: our own notices as plain lines, library chatter only with --verbose.

By default a user sees the advisor's own messages (building the index, a skipped document) and
progress bars for work that takes seconds; not the model's weight-loading bar, faiss's loader
lines, bm25s's DEBUG lines or httpx's request lines. ``--verbose`` shows all of them again.
"""

from __future__ import annotations

import logging
import os
import sys

OURS = ("assistant", "ui")  # loggers whose INFO messages a user sees by default
_HANDLER_NAME = "assistant-console"


class _Plain(logging.Formatter):
    """``message`` for information, ``warning: message`` for problems: one line per notice."""

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        return text if record.levelno < logging.WARNING else f"{record.levelname.lower()}: {text}"


class _Stderr(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time (a test runner may swap it, then close its stand-in)."""

    @property  # type: ignore[override]
    def stream(self):  # noqa: ANN201
        return sys.stderr

    @stream.setter
    def stream(self, _value: object) -> None:
        pass


def verbose() -> bool:
    """True when --verbose (or ``ASSISTANT_VERBOSE=1``) asked for the libraries' detail."""
    return os.environ.get("ASSISTANT_VERBOSE", "") not in ("", "0", "false", "False")


def configure(detail: bool | None = None) -> None:
    """Set up logging for a command-line run; ``detail`` is --verbose, None keeps what ``ASSISTANT_VERBOSE`` says.

    The handler's level does the filtering: bm25s sets its own logger to DEBUG when imported, so
    a logger level set here would not hold.
    """
    if detail is not None:
        os.environ["ASSISTANT_VERBOSE"] = "1" if detail else "0"
    loud = verbose()
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == _HANDLER_NAME]:
        root.removeHandler(old)
    handler = _Stderr()
    handler.set_name(_HANDLER_NAME)
    if loud:
        handler.setLevel(logging.DEBUG)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.setLevel(logging.INFO)
    else:
        handler.setLevel(logging.INFO)
        handler.setFormatter(_Plain("%(message)s"))
        root.setLevel(logging.WARNING)
    root.addHandler(handler)
    for name in OURS:
        logging.getLogger(name).setLevel(logging.DEBUG if loud else logging.INFO)
    if not loud:
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
