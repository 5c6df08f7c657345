"""Peak memory (RSS) of a process answering questions, against one that only encodes them.

    python -m benchmarks.memory [--device cpu|cuda]

Both run in fresh processes; the peak is VmHWM from /proc/self/status (``ru_maxrss`` would carry
the parent's peak across fork and exec, and the parent here has loaded a model). The reference
loads the same model and encodes the same questions, so the difference is what the index, BM25,
the facts and answer composition hold.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

from .common import QUESTIONS, Row, ratio_row, table

_HWM = """
def hwm():
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) * 1024 for line in fh if line.startswith("VmHWM:"))
"""
_ASSISTANT = _HWM + """
import json, sys
from assistant import Assistant
bot = Assistant.load(device=sys.argv[1])
loaded = hwm()
for _ in range(5):
    for q in json.loads(sys.argv[2]):
        bot.ask(q)
        bot.ask(q + " (again)", history=[q])
print(json.dumps({"peak": hwm(), "loaded": loaded}))
"""
_REFERENCE = _HWM + """
import json, os, sys
os.environ.setdefault("HF_HUB_OFFLINE", "1")
from sentence_transformers import SentenceTransformer
from assistant.embed import resolve_model
model = SentenceTransformer(resolve_model("all-MiniLM-L6-v2"), device=sys.argv[1], local_files_only=True)
for _ in range(5):
    for q in json.loads(sys.argv[2]):
        model.encode([q], normalize_embeddings=True)
print(json.dumps({"peak": hwm()}))
"""


def _run(code: str, device: str) -> dict[str, int]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    cmd = [sys.executable, "-c", code, device, json.dumps(QUESTIONS)]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"memory probe failed ({done.returncode}): {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(device: str = "auto") -> list[Row]:
    """Peak RSS (MiB) of answering vs encoding the same questions, each in a fresh process."""
    from assistant.embed import resolve_device

    dev = resolve_device(device)
    mine = _run(_ASSISTANT, dev)
    ref = _run(_REFERENCE, dev)
    mib = 2**20
    return [
        ratio_row(f"peak RSS answering {len(QUESTIONS) * 10} questions ({dev})", mine["peak"] / mib, "MiB",
                  ref["peak"] / mib, "model + encode only"),
        Row("  peak RSS once Assistant.load() returned", mine["loaded"] / mib, "MiB"),
    ]


def main() -> None:
    """Print the memory figures as a table."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--device", default="auto", help="auto, cpu, cuda, mps")
    args = parser.parse_args()
    print(table(measure(args.device)))


if __name__ == "__main__":
    main()
