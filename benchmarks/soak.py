"""Memory soak of a served advisor: rounds of concurrent large-history requests, server RSS after each.

    python -m benchmarks.soak [--clients 30] [--requests 10] [--rounds 3] [--url URL --pid PID]

Without ``--url`` it starts its own server (``python -m ui``; index and data folders of its own, the
checkout's ``index/`` copied in for its embedding cache). Each client sends ``--requests`` asks through
``/gradio_api/call/ask`` (the ``/ask`` endpoint over plain HTTP), each with a distinct history of 20
turns × 9,000 characters (about 180 kB, the most the caps let through, so every answer is computed and
none comes from the cache), and one in ten with a 1 MB turn (refused with the cap's ValueError). The
server's resident memory is printed after each round: it should level off, not grow round over round.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import psutil

ROOT = Path(__file__).resolve().parent.parent
TURN = "I compared TensorFlow, PyTorch and Keras for my research project and for deployment on phones. "
QUESTION = "Which one should I pick for production?"


def history(client: int, request: int, round_: int) -> list[dict[str, str]]:
    """20 turns of 9,000 characters, distinct per request; every tenth has a 1 MB turn instead."""
    text = (TURN * (9_000 // len(TURN) + 1))[:8_980]
    if request % 10 == 9:
        return [{"role": "user", "content": TURN * (1_000_000 // len(TURN) + 1)}]
    tag = f"[{round_}.{client}.{request}]"
    return [{"role": "user" if i % 2 == 0 else "assistant", "content": f"{tag}{i} {text}"} for i in range(20)]


def ask(http: httpx.Client, turns: list[dict[str, str]]) -> str:
    """One ``/ask`` call: join, then read the result stream; returns ``complete`` or ``error``."""
    event = http.post("/gradio_api/call/ask", json={"data": [QUESTION, turns, None]})
    event.raise_for_status()
    body = http.get(f"/gradio_api/call/ask/{event.json()['event_id']}").text
    return "error" if "event: error" in body else "complete"


def client(url: str, number: int, requests: int, round_: int) -> dict[str, int]:
    counts = {"complete": 0, "error": 0}
    with httpx.Client(base_url=url, timeout=300) as http:
        for n in range(requests):
            counts[ask(http, history(number, n, round_))] += 1
    return counts


def rss(pid: int) -> float:
    """Resident memory of the server process, MiB."""
    return psutil.Process(pid).memory_info().rss / 2**20


def start_server(workdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    if (ROOT / "index").is_dir():
        shutil.copytree(ROOT / "index", workdir / "index")
    env = {
        **os.environ,
        "ASSISTANT_INDEX_DIR": str(workdir / "index"),
        "ASSISTANT_DATA_DIR": str(workdir / "data"),
        "GRADIO_ANALYTICS_ENABLED": "False",
        "NO_PROXY": "127.0.0.1,localhost",
    }
    log = (workdir / "server.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "ui", "--port", str(port)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {(workdir / 'server.log').read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return process, url
        except OSError:
            time.sleep(1)
    process.kill()
    raise RuntimeError("server did not start in 600 s")


Row = tuple[int, float, float, dict[str, int]]


def soak(url: str, pid: int, clients: int, requests: int, rounds: int) -> list[Row]:
    """Run the rounds; (round, seconds, RSS MiB after it, outcome counts) per round."""
    with httpx.Client(base_url=url, timeout=120) as http:
        ask(http, [{"role": "user", "content": "Who created Keras?"}])  # warm up
    rows = []
    print(f"server RSS before: {rss(pid):.0f} MiB", flush=True)
    for round_ in range(1, rounds + 1):
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=clients) as pool:
            futures = [pool.submit(client, url, c, requests, round_) for c in range(clients)]
            results = [f.result() for f in futures]
        seconds = time.perf_counter() - start
        counts = {k: sum(r[k] for r in results) for k in ("complete", "error")}
        rows.append((round_, seconds, rss(pid), counts))
        print(
            f"round {round_}: {clients} clients x {requests} requests in {seconds:.1f}s; "
            f"{counts['complete']} answered, {counts['error']} refused (1 MB turn); server RSS {rows[-1][2]:.0f} MiB",
            flush=True,
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--clients", type=int, default=30)
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--url", help="a running server (default: start one)")
    parser.add_argument("--pid", type=int, help="the running server's process id (with --url)")
    args = parser.parse_args()
    process = None
    with tempfile.TemporaryDirectory(prefix="soak-") as tmp:
        if args.url:
            if not args.pid:
                parser.error("--url needs --pid (to read the server's memory)")
            url, pid = args.url, args.pid
        else:
            process, url = start_server(Path(tmp))
            pid = process.pid
        try:
            start = time.perf_counter()
            rows = soak(url, pid, args.clients, args.requests, args.rounds)
            growth = [b[2] - a[2] for a, b in zip(rows, rows[1:], strict=False)]
            print(
                f"total {time.perf_counter() - start:.1f}s; RSS per round (MiB): "
                + ", ".join(f"{r[2]:.0f}" for r in rows)
                + (f"; growth between rounds: {', '.join(f'{g:+.0f}' for g in growth)} MiB" if growth else "")
            )
        finally:
            if process is not None:
                process.terminate()
                process.wait(timeout=30)


if __name__ == "__main__":
    main()
