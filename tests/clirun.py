"""Run the ``assistant`` command in a fresh process and report what a user would see, plus what it imported.

The child runs the real entry point (``assistant.cli:main``) so its exit status, stdout and stderr
are the command's own; an ``atexit`` hook records whether torch or sentence-transformers were
imported, and the CPU seconds the process used are read from ``RUSAGE_CHILDREN``.
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import atexit, json, os, sys

def _report():
    with open(os.environ["CLI_PROBE"], "w") as f:
        json.dump({"torch": "torch" in sys.modules, "model": "sentence_transformers" in sys.modules}, f)

atexit.register(_report)
sys.argv[0] = "assistant"
from assistant.cli import main
main()
"""


@dataclass(frozen=True)
class CliRun:
    """One finished run of the command."""

    code: int
    stdout: str
    stderr: str
    cpu: float  # user + system seconds of the process
    wall: float  # seconds from start to exit, interpreter start included
    torch: bool  # torch was imported
    model: bool  # sentence-transformers was imported

    @property
    def lines(self) -> list[str]:
        """The non-empty lines of stderr."""
        return [line for line in self.stderr.splitlines() if line.strip()]


def run_cli(args: list[str], env: dict[str, str] | None = None, timeout: float = 600) -> CliRun:
    """``assistant *args`` in a child process with ``env`` added to this process's environment."""
    probe = Path(os.environ.get("TMPDIR", "/tmp")) / f"cli-probe-{os.getpid()}-{time.monotonic_ns()}.json"
    full_env = {**os.environ, "CLI_PROBE": str(probe), "COLUMNS": "200", **(env or {})}
    full_env.pop("ASSISTANT_VERBOSE", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=timeout
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        seen = json.loads(probe.read_text())
    finally:
        probe.unlink(missing_ok=True)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return CliRun(done.returncode, done.stdout, done.stderr, cpu, wall, seen["torch"], seen["model"])


ID_LIKE = re.compile(r"(?:^|[\s_-])[0-9a-f]{8,}(?:$|[\s#])|^\d{3}_[0-9a-f]+$|^[\w.-]+#\d+$")


def looks_like_id(title: str, ids: Iterable[str] = ()) -> bool:
    """A title that is (or reads like) a source or passage id: a hex hash, ``001_27bf…``, ``doc#003``."""
    text = title.strip()
    return not text or text in set(ids) or bool(ID_LIKE.search(text))
