"""A pytest plugin for the UI tests: one real UI server (``python -m ui``) per test run.

The server gets its own index folder (tests never fight over ``index/``) and a copy of the shipped
corpus plus one hostile document, whose passage and metadata carry HTML and a ``javascript:``
URL, so the browser tests can check that passages render as text. Load it with
``pytest_plugins = ["ui_server"]``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 600.0  # model load plus, on a clean checkout, building the index from scratch

HOSTILE_ID = "zz_hostile_note"
HOSTILE_TEXT = """Keras callbacks explained

Keras callbacks such as EarlyStopping stop training early when the validation loss stops improving \
<img src=x onerror="window.__xss=1;alert(1)"> and callbacks are passed to the fit method <b>in bold</b> \
<script>window.__xss=2</script>.
"""
HOSTILE_SOURCE = f"""
{HOSTILE_ID}:
  file: {HOSTILE_ID}.txt
  format: text
  title: "Callbacks <img src=x onerror=window.__xss=3>"
  site: null
  author: null
  url: "javascript:window.__xss=4"
  date: "2024-05-01"
"""
HOSTILE_QUESTION = "How do Keras callbacks such as EarlyStopping stop training early?"


@dataclass(frozen=True)
class UIServer:
    """A running UI server: its URL and process."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path
    env: dict[str, str]  # the server's ASSISTANT_* folders: a CLI run with it changes what the server answers from
    data_dir: Path  # holds the server's feedback.jsonl and the documents added in tests
    hostile_question: str = HOSTILE_QUESTION  # retrieves the hostile document's passage


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_corpus(target: Path) -> Path:
    """The shipped corpus plus the hostile document."""
    shutil.copytree(ROOT / "corpus", target)
    (target / f"{HOSTILE_ID}.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    with (target / "sources.yaml").open("a", encoding="utf-8") as f:
        f.write(HOSTILE_SOURCE)
    return target


def tail(log: Path) -> str:
    """The end of the server's log, for failure messages."""
    return log.read_text(errors="replace")[-4000:]


def wait_until_serving(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float = START_TIMEOUT) -> None:
    """Poll the page until it answers 200; fail with the server log if the process dies or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"UI server exited with {process.returncode}:\n{tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(1.0)
    raise RuntimeError(f"UI server did not serve {url} within {timeout:.0f}s:\n{tail(log)}")


def start_server(workdir: Path, args: Sequence[str] = (), env: Mapping[str, str] | None = None) -> UIServer:
    """Start ``python -m ui`` on a free port with its own corpus copy and index folder.

    ``args`` are more command-line options (``--host``, ``--auth``); ``env`` more environment variables.
    """
    corpus = make_corpus(workdir / "corpus")
    index = workdir / "index"
    if (ROOT / "index").is_dir():  # reuse the embedding cache: only the hostile passages get encoded
        shutil.copytree(ROOT / "index", index)
    port = free_port()
    env = {
        **os.environ,
        "ASSISTANT_INDEX_DIR": str(index),
        "ASSISTANT_CORPUS_DIR": str(corpus),
        "ASSISTANT_DATA_DIR": str(workdir / "data"),  # documents added in tests stay out of the user's folder
        "GRADIO_ANALYTICS_ENABLED": "False",
        "NO_PROXY": "127.0.0.1,localhost",
        **(env or {}),
    }
    log = workdir / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "ui", "--port", str(port), *args],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_serving(url, process, log)
    except BaseException:
        stop_server(process)
        raise
    return UIServer(url=url, process=process, log=log, env=env, data_dir=workdir / "data")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    """Stop the server we started (terminate, then kill if it hangs)."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


@pytest.fixture(scope="session")
def ui_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UIServer]:
    """One UI server shared by the browser and client tests."""
    server = start_server(tmp_path_factory.mktemp("ui-server"))
    try:
        yield server
    finally:
        stop_server(server.process)
        if server.process.returncode not in (0, -15, None):
            print(tail(server.log))
