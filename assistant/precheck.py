"""Checks of command-line input that run before torch or the model is imported.

Loading the model takes seconds; a typo should not. Each check raises ``ValueError`` with one
line that says what was wrong and what to do instead; the CLI prints it and exits with status 2.
The full checks still run where the work is done (``Assistant.ask``, ``Assistant.add``, ...).
"""

from __future__ import annotations

import errno
import socket
from collections.abc import Sequence
from pathlib import Path

PORTS_TRIED = 20  # how far past a busy port to look for a free one to suggest


def check_question(question: str, limit: int) -> None:
    """An empty or over-long question, rejected as ``Assistant.ask`` would reject it."""
    text = question.strip()
    if not text:
        raise ValueError("the question is empty: ask something about TensorFlow, PyTorch or Keras")
    if len(text) > limit:
        raise ValueError(
            f"the question is {len(text)} characters long; the limit is {limit} (ASSISTANT_MAX_QUESTION_CHARS)"
        )


def check_paths(paths: Sequence[Path]) -> None:
    """Every path exists and a file named directly has a type ``add`` reads (folders are searched later)."""
    from .library import SUFFIXES, DocumentError, collect_files

    try:
        collect_files(list(paths))
    except DocumentError as e:
        raise ValueError(str(e)) from e
    for path in paths:
        path = Path(path).expanduser()
        if path.is_file() and path.suffix.lower() not in SUFFIXES:
            kind = path.suffix or "(none)"
            raise ValueError(f"{path}: unsupported file type {kind!r}; supported: {', '.join(SUFFIXES)}")


def check_port(host: str, port: int) -> None:
    """A port number in range that nothing on ``host`` listens on yet (the message suggests a free one)."""
    if not 1 <= port <= 65535:
        raise ValueError(f"--port {port} is not a port number: choose one from 1 to 65535 (the default is 7860)")
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as e:
        raise ValueError(f"--host {host!r} is not an address of this machine: {e.strerror}") from e
    problem = _bind_error(family, kind, proto, address)
    if problem is None:
        return
    if problem.errno == errno.EADDRINUSE:
        free = next((p for p in range(port + 1, min(port + PORTS_TRIED, 65535) + 1) if _free(host, p)), None)
        hint = f", e.g. --port {free}" if free else ""
        raise ValueError(f"port {port} on {host} is already in use (is another server running?): use --port{hint}")
    if problem.errno == errno.EACCES:
        raise ValueError(f"port {port} needs administrator rights on this system: use --port with a number above 1023")
    raise ValueError(f"cannot listen on {host} port {port}: {problem.strerror or problem}")


def _bind_error(family: int, kind: int, proto: int, address: tuple) -> OSError | None:
    """Bind a throwaway socket as the server will (SO_REUSEADDR, like uvicorn); the error, or None if it worked."""
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as e:
            return e
    return None


def _free(host: str, port: int) -> bool:
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    return _bind_error(family, kind, proto, address) is None
