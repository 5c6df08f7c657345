"""Cold start: ``assistant ask "..."`` in a fresh process against loading the model in a fresh process.

    python -m benchmarks.coldstart [--repeats 5] [--device cpu|cuda]

The reference is the least any answer needs: a fresh Python that imports sentence-transformers and
loads the bundled model. The two commands alternate so both see the same page cache and load.
The index is made fresh first; one extra run checks that answering from a fresh index imports
none of the ingestion code (BeautifulSoup, lxml, ftfy, the ingest module) nor Gradio.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from .common import QUESTIONS, Row, median, ratio_row, table

TARGET = 1.3
UNUSED = ("bs4", "lxml", "ftfy", "gradio", "pypdf", "markdown_it", "assistant.ingest")
_REFERENCE = """
import os, sys
os.environ.setdefault("HF_HUB_OFFLINE", "1")
from sentence_transformers import SentenceTransformer
SentenceTransformer(sys.argv[1], device=sys.argv[2], local_files_only=True)
"""
_PROBE = """
import atexit, sys
unused = {unused!r}
atexit.register(lambda: print("IMPORTED:" + ",".join(m for m in unused if m in sys.modules), file=sys.stderr))
from assistant.cli import main
sys.argv = ["assistant", "ask", {question!r}]
main()
"""


def _cli() -> list[str]:
    script = Path(sys.executable).with_name("assistant")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "assistant"]


def _timed(cmd: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    t = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - t
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:3])} … failed ({done.returncode}): {done.stderr[-2000:]}")
    return elapsed, done


def measure(repeats: int = 5, device: str = "auto") -> list[Row]:
    """Median wall time of each fresh-process command over ``repeats`` alternating runs."""
    from assistant import Assistant
    from assistant.embed import resolve_device, resolve_model

    Assistant.load(device=device)  # the default index, made fresh before timing
    dev = resolve_device(device)
    env = {**os.environ, "ASSISTANT_DEVICE": dev, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    question = QUESTIONS[0]
    ask_cmd = [*_cli(), "ask", question]
    ref_cmd = [sys.executable, "-c", _REFERENCE, resolve_model("all-MiniLM-L6-v2"), dev]
    _timed(ask_cmd, env)  # page cache warm for both (first run reads ~100 MB of libraries)
    _timed(ref_cmd, env)
    ask_s: list[float] = []
    ref_s: list[float] = []
    for _ in range(repeats):
        ask_s.append(_timed(ask_cmd, env)[0])
        ref_s.append(_timed(ref_cmd, env)[0])
    _, probe = _timed([sys.executable, "-c", _PROBE.format(unused=UNUSED, question=question)], env)
    imported = next((line.split(":", 1)[1] for line in probe.stderr.splitlines() if line.startswith("IMPORTED:")), "?")
    return [
        ratio_row(f"cold start: assistant ask ({dev})", median(ask_s), "s", median(ref_s),
                  "fresh import + model load", at_most=TARGET),
        Row(f"  unused modules imported: {imported or 'none'}", float(len([m for m in imported.split(',') if m])),
            "modules", target="0", holds=not imported),
    ]


def main() -> None:
    """Print the cold-start figures as a table."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--device", default="auto", help="auto, cpu, cuda, mps")
    args = parser.parse_args()
    print(table(measure(args.repeats, args.device)))


if __name__ == "__main__":
    main()
