"""How fast the command line rejects bad input, and lists sources, without the model: a transcript and timings.

    python -m benchmarks.cli_fast [--repeats 5]

Each bad input runs in a fresh process (the real ``assistant`` entry point); the table gives the
median wall-clock and CPU seconds, the exit status, whether torch was imported, and the one line
the user sees. ``sources`` reads the checkout's index (``index/``, or ``ASSISTANT_INDEX_DIR``):
build it first with ``assistant index``. Nothing here fails on a figure: it prints them.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.clirun import CliRun, run_cli  # noqa: E402 - the same runner the tests use


def cases(busy_port: int, scratch: Path) -> list[tuple[str, list[str]]]:
    """The five bad inputs of the issue, and ``sources``."""
    return [
        ("empty question", ["ask", ""]),
        ("too long question", ["ask", "x" * 2001]),
        ("missing path for add", ["add", str(scratch / "notes.md")]),
        ("unknown source id (remove)", ["remove", "jax-notes-1a2b3c4d"]),
        ("unknown source id (ask --source)", ["ask", "--source", "jax", "What is JAX?"]),
        ("bad --port", ["serve", "--port", "70000"]),
        ("port in use", ["serve", "--port", str(busy_port)]),
        ("sources (no model)", ["sources"]),
    ]


def main(argv: list[str] | None = None) -> None:
    """Run every case ``--repeats`` times and print the transcript and the timings."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.cli_fast")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    print(f"machine: {os.cpu_count()} cores; load avg {os.getloadavg()[0]:.2f}", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp, socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        env = {"ASSISTANT_DATA_DIR": str(Path(tmp) / "data")}
        rows = []
        for name, command in cases(busy.getsockname()[1], Path(tmp)):
            runs: list[CliRun] = [run_cli(command, env) for _ in range(args.repeats)]
            last = runs[-1]
            shown = last.lines[0] if last.lines else (last.stdout.splitlines() or [""])[0]
            rows.append(
                (
                    name,
                    command,
                    last,
                    statistics.median(r.wall for r in runs),
                    statistics.median(r.cpu for r in runs),
                    shown,
                )
            )
    print("\nTranscript (stderr/first line of stdout):")
    for _name, command, last, _, _, shown in rows:
        printable = " ".join(c if len(c) < 40 else f"{c[:12]}…({len(c)} chars)" for c in command)
        print(f"$ assistant {printable}\n{shown}\n[exit {last.code}]")
    print(f"\n{'case':<34}{'wall s':>8}{'cpu s':>8}  exit  torch")
    for name, _, last, wall, cpu, _ in rows:
        print(f"{name:<34}{wall:>8.2f}{cpu:>8.2f}  {last.code:>4}  {'yes' if last.torch else 'no'}")


if __name__ == "__main__":
    main()
