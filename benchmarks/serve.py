"""Server start: ``assistant serve`` to its printed URL, against the least a server needs, in fresh processes.

    python -m benchmarks.serve [--repeats 3] [--device cpu|cuda]

The floor is a fresh Python that imports Gradio and sentence-transformers and loads the model and
the index (``Assistant.load``), one after the other. ``assistant serve`` loads the model and the
index on a second thread while Gradio is imported and the page is built, and prints its URL once
the assistant is loaded. The third command does the same as serve with the load first and the page
after (the start before this change), so the gain is measured in the same run. The three commands
alternate, so all see the same page cache and load; the index is made fresh first.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import urllib.request

from .coldstart import _cli
from .common import Row, median, ratio_row, table

TARGET = 1.2
_FLOOR = """
import time
t0 = time.perf_counter()
import gradio
t1 = time.perf_counter()
import sentence_transformers
t2 = time.perf_counter()
from assistant import Assistant
Assistant.load()
t3 = time.perf_counter()
print(f"PARTS {t1 - t0:.3f} {t2 - t1:.3f} {t3 - t2:.3f}", flush=True)
"""
_SEQUENTIAL = """
import sys
import assistant.cli  # what the serve command imports before it starts (typer, the CLI's helpers)
from assistant.api import Assistant
from assistant.logs import configure
from assistant.preload import Preload
configure()
loading = Preload(lambda: Assistant.load(progress=True))
loading.result()
from ui.app import launch
launch(port=int(sys.argv[1]), loading=loading)
"""
_URL = "running at "


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _until_url(cmd: list[str], env: dict[str, str], timeout: float = 600.0) -> float:
    """Seconds from start to the printed URL; the page is fetched once to check it serves, then the server stops."""
    err = tempfile.TemporaryFile("w+")  # a file, not a pipe: progress lines can never fill it and stall the server
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=err, text=True)
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if _URL in line:
                elapsed = time.perf_counter() - start
                url = line.split(_URL, 1)[1].split()[0].rstrip(".")
                with urllib.request.urlopen(url, timeout=30) as page:
                    if page.status != 200:
                        raise RuntimeError(f"{url} answered {page.status}")
                return elapsed
            if time.perf_counter() - start > timeout:
                break
        err.seek(0)
        raise RuntimeError(f"{' '.join(cmd[:3])} … printed no URL: {err.read()[-2000:]}")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        err.close()


def _floor(cmd: list[str], env: dict[str, str]) -> tuple[float, list[float]]:
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"floor run failed ({done.returncode}): {done.stderr[-2000:]}")
    parts = next(line for line in done.stdout.splitlines() if line.startswith("PARTS "))
    return elapsed, [float(x) for x in parts.split()[1:]]


def measure(repeats: int = 3, device: str = "auto") -> list[Row]:
    """Median seconds to the URL (serve, and load-then-page) and of the floor, over alternating runs."""
    from assistant import Assistant
    from assistant.embed import resolve_device

    Assistant.load(device=device)  # the default index, made fresh before timing
    dev = resolve_device(device)
    env = {**os.environ, "ASSISTANT_DEVICE": dev, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
           "GRADIO_ANALYTICS_ENABLED": "False", "NO_PROXY": "127.0.0.1,localhost"}  # fmt: skip
    floor_cmd = [sys.executable, "-c", _FLOOR]
    _floor(floor_cmd, env)  # page cache warm for all three
    floor_s: list[float] = []
    parts: list[list[float]] = []
    serve_s: list[float] = []
    seq_s: list[float] = []
    for _ in range(repeats):
        serve_s.append(_until_url([*_cli(), "serve", "--port", str(_free_port())], env))
        seconds, split = _floor(floor_cmd, env)
        floor_s.append(seconds)
        parts.append(split)
        seq_s.append(_until_url([sys.executable, "-c", _SEQUENTIAL, str(_free_port())], env))
    floor = median(floor_s)
    return [
        ratio_row(f"assistant serve to its URL ({dev})", median(serve_s), "s", floor,
                  "import gradio + sentence-transformers, load model + index", at_most=TARGET),
        ratio_row("  load first, then page (one after the other)", median(seq_s), "s", floor, "the same floor"),
        Row("  floor: import gradio", median(p[0] for p in parts), "s"),
        Row("  floor: import sentence-transformers", median(p[1] for p in parts), "s"),
        Row("  floor: load model + index", median(p[2] for p in parts), "s"),
    ]


def main() -> None:
    """Print the server-start figures as a table, with the machine's load."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--device", default="auto", help="auto, cpu, cuda, mps")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()}", file=sys.stderr)
    print(table(measure(args.repeats, args.device)))
    print(f"load average after: {os.getloadavg()}", file=sys.stderr)


if __name__ == "__main__":
    main()
