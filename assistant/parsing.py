"""Parsing a new file under a budget: a helper process imports the parsers once, then forks one
child per file that sets its own CPU and memory limits, so a hostile file fails alone, in one line.

A small helper process imports the parsers once, then forks one child per file (it has no threads,
so forking it is safe, unlike forking a web server); the child sets its CPU and memory limits,
parses, and writes its result back. Frames on the pipes: 8-byte length, then a pickle (our own
processes on both ends, never data from elsewhere).
"""

from __future__ import annotations

import atexit
import dataclasses
import logging
import math
import os
import pickle
import signal
import subprocess
import sys
import threading
import time
from contextlib import suppress
from pathlib import Path
from typing import Any

from .errors import CorpusError, DocumentError
from .records import Passage

log = logging.getLogger(__name__)

PARSE_SECONDS = 30
"""CPU and wall-clock seconds a new file may take to parse (in a child process)."""
PARSE_MEMORY = 1 << 30
"""Address space (bytes) of the child process that parses a new file."""


def parse_document(path: Path, doc_id: str, display_name: str) -> list[Passage]:
    """Passages of one file; a document without a title of its own is titled by its file name."""
    from .ingest import load_document

    passages = load_document(path, None, doc_id)
    if passages and passages[0].title == doc_id:
        passages = [dataclasses.replace(p, title=display_name) for p in passages]
    return passages


_SERVER = "from assistant.parsing import serve; serve()"


def _write_frame(fd: int, obj: Any) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(len(data).to_bytes(8, "little") + data)
    while view:
        view = view[os.write(fd, view) :]


def _read_frame(fd: int, deadline: float | None = None) -> Any:
    """One frame from ``fd``; ``EOFError`` when it closes first, ``TimeoutError`` past ``deadline``."""
    import select

    def read(n: int) -> bytes:
        chunks, left = [], n
        while left:
            if deadline is not None:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                    raise TimeoutError
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)

    return pickle.loads(read(int.from_bytes(read(8), "little")))


class _ParserProcess:
    """The helper process, started on first use (or by :func:`warm_parser`) and restarted if it dies."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[bytes] | None = None

    def _running(self) -> subprocess.Popen[bytes]:
        if self._proc is None or self._proc.poll() is not None:
            root = str(Path(__file__).resolve().parent.parent)
            env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))}
            self._proc = subprocess.Popen(
                [sys.executable, "-c", _SERVER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env
            )
            atexit.register(self.stop)
        return self._proc

    def start(self) -> None:
        with self._lock:
            self._running()

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait()

    def parse(self, request: tuple[str, str, str, float, int], timeout: float) -> dict[str, Any]:
        with self._lock:
            proc = self._running()
            assert proc.stdin is not None and proc.stdout is not None
            try:
                _write_frame(proc.stdin.fileno(), request)
                return _read_frame(proc.stdout.fileno(), time.monotonic() + timeout)
            except (OSError, EOFError, TimeoutError, pickle.UnpicklingError):
                self.stop()  # a stuck or broken helper is replaced on the next call
                return {"error": f"{request[0]}: the document parser did not answer; the document is refused"}


_PARSER = _ParserProcess()


def warm_parser() -> None:
    """Start the parser process now (a server calls this at start), so the first upload does not wait."""
    _PARSER.start()


def parse_in_child(
    path: Path, doc_id: str, display_name: str, *, seconds: float = PARSE_SECONDS, memory: int = PARSE_MEMORY
) -> list[Passage]:
    """Parse a file in a child process limited to ``seconds`` of CPU and wall time and ``memory`` bytes.

    A hostile file (a YAML or PDF bomb, a huge content stream) can then cost at most that: it is
    refused with a one-line :class:`DocumentError`, and the server that asked is unharmed. The
    child's time and peak memory growth are logged at debug level.
    """
    start = time.perf_counter()
    result = _PARSER.parse((str(path), doc_id, display_name, seconds, memory), timeout=seconds + 15)
    log.debug(
        "parsed %s in %.2fs, peak memory growth %.1f MB",
        path.name, time.perf_counter() - start, result.get("growth", 0) / 1e6,
    )  # fmt: skip
    if "error" in result:
        raise DocumentError(result["error"])
    return result["passages"]


def serve() -> None:
    """The helper process: import the parsers, then fork a limited child for each request on stdin."""
    import pypdf  # noqa: F401

    from . import ingest  # noqa: F401 - imported once here, inherited by every child

    requests, responses = sys.stdin.fileno(), sys.stdout.fileno()
    while True:
        try:
            path, doc_id, display_name, seconds, memory = _read_frame(requests)
        except EOFError:
            return
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: limits, parse, answer, exit without running any cleanup of the parent's
            os.close(read_end)
            try:
                _write_frame(write_end, _parse_limited(path, doc_id, display_name, seconds, memory))
            finally:
                os._exit(0)
        os.close(write_end)
        try:
            result = _read_frame(read_end, time.monotonic() + seconds)
        except (EOFError, TimeoutError, pickle.UnpicklingError):
            result = None
        os.close(read_end)
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        if result is None:
            killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGXCPU, signal.SIGKILL)
            why = f"reading it took more than {seconds:g} s" if killed else "the parser stopped"
            result = {"error": f"{path}: {why}; the document is refused"}
        _write_frame(responses, result)


def _parse_limited(path: str, doc_id: str, display_name: str, seconds: float, memory: int) -> dict[str, Any]:
    """In the forked child: set the limits, parse, return the passages or the error, and the memory used."""
    with suppress(OSError), open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
        fh.write("5")  # start the peak (VmHWM) afresh: the helper's own is not this parse's
    base = _rss("VmRSS")
    try:
        import resource

        cpu = max(1, math.ceil(seconds))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    except (ImportError, ValueError, OSError):  # no such limits here: the wall-clock deadline remains
        pass
    out: dict[str, Any]
    try:
        out = {"passages": parse_document(Path(path), doc_id, display_name)}
    except CorpusError as e:
        out = {"error": str(e)}
    except MemoryError:
        out = {"error": f"{path}: reading it needs more than {memory / 2**20:.0f} MiB of memory; refused"}
    except RecursionError:
        out = {"error": f"{path}: the document is nested too deeply to read"}
    out["growth"] = max(0, _rss("VmHWM") - base)
    return out


def _rss(field: str) -> int:
    """A memory figure of this process in bytes (Linux ``/proc``; 0 elsewhere)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            return next(int(line.split()[1]) * 1024 for line in fh if line.startswith(f"{field}:"))
    except (OSError, StopIteration, ValueError):
        return 0
