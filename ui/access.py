"""Who may change the documents of a served advisor, and how big a request may be.

- **Login:** ``assistant serve --auth USER:PASS`` (repeatable), ``--auth-file FILE`` (one ``USER:PASS``
  a line, ``#`` comments) or ``ASSISTANT_AUTH`` (``USER:PASS``, several separated by commas) turn on
  Gradio's own login: every page, API call and queue event then needs a session cookie.
- **Changing documents:** the Sources tab may add and remove documents when a login is required, or
  when the server listens only on a loopback address and makes no share link. Otherwise the tab is
  read-only and the add/remove handlers refuse on the server (a raw ``queue/join`` gets nowhere).
- **Request size:** a request body (other than a file upload) is at most ``MAX_REQUEST_BYTES``; an
  upload at most the per-document quota plus room for the form, and none at all on a read-only
  server. Bigger requests get 413 before anything reads them.
"""

from __future__ import annotations

import ipaddress
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

AUTH_ENV = "ASSISTANT_AUTH"
MAX_REQUEST_BYTES = 2_000_000
"""Largest non-upload request body: a full history (20 turns of 10,000 characters) fits, with room to spare."""
_FORM_ROOM = 1_000_000  # multipart headers and fields around an uploaded file

Credentials = list[tuple[str, str]]


def parse_credential(text: str, where: str) -> tuple[str, str]:
    """``USER:PASS`` → (user, password); ``ValueError`` naming ``where`` when it is not that."""
    user, sep, password = text.strip().partition(":")
    if not sep or not user.strip() or not password:
        raise ValueError(f"{where}: expected USER:PASS with a non-empty user and password")
    return user.strip(), password


def load_credentials(
    auth: Iterable[str] | None = None, auth_file: Path | None = None, env: Mapping[str, str] | None = None
) -> Credentials:
    """Logins from ``--auth`` values, an ``--auth-file`` and ``ASSISTANT_AUTH``, in that order (empty: no login)."""
    env = os.environ if env is None else env
    found: Credentials = [parse_credential(a, "--auth") for a in auth or ()]
    if auth_file is not None:
        try:
            lines = Path(auth_file).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as e:
            raise ValueError(f"--auth-file {auth_file}: cannot read it: {e}") from e
        for n, line in enumerate(lines, start=1):
            if line.strip() and not line.lstrip().startswith("#"):
                found.append(parse_credential(line, f"{auth_file} line {n}"))
        if not found:
            raise ValueError(f"--auth-file {auth_file}: no USER:PASS line in it")
    for part in env.get(AUTH_ENV, "").split(","):
        if part.strip():
            found.append(parse_credential(part, AUTH_ENV))
    return found


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach (127.0.0.0/8, ::1, "localhost")."""
    host = host.strip().strip("[]")
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything, so it counts as exposed


def may_change_documents(host: str, share: bool, credentials: Credentials) -> bool:
    """Adding and removing documents needs a login, unless only this machine can reach the server."""
    return bool(credentials) or (is_loopback(host) and not share)


def exposure_warning(host: str, share: bool, credentials: Credentials) -> str | None:
    """The warning printed at start when anyone on the network can reach a server without a login."""
    if credentials or (is_loopback(host) and not share):
        return None
    where = "a public share link" if share else f"{host}, reachable from other machines"
    return (
        f"warning: serving on {where} without a login. Anyone who can reach it can ask questions; "
        f"adding and removing documents is switched off. Use --auth USER:PASS (or {AUTH_ENV}) to require a login."
    )


class RequestSizeLimit:
    """ASGI middleware: refuse (413) request bodies over the limit, by Content-Length or as they stream in."""

    def __init__(self, app: Any, limit: int = MAX_REQUEST_BYTES, upload_limit: int | None = 20_000_000) -> None:
        """``upload_limit=None``: no uploads at all (a read-only server has no use for them)."""
        self.app = app
        self.limit = limit
        self.upload_limit = 0 if upload_limit is None else upload_limit + _FORM_ROOM

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.upload_limit if scope.get("path", "").rstrip("/").endswith("/upload") else self.limit
        headers = dict(scope.get("headers") or [])
        try:
            declared = int(headers.get(b"content-length", b"0"))
        except ValueError:
            declared = 0
        if declared > limit:
            await _too_large(send, declared, limit)
            return
        seen = 0

        async def counted() -> dict[str, Any]:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:  # a body without (or lying about) its length: stop reading it
                    return {"type": "http.disconnect"}
            return message

        await self.app(scope, counted, send)


async def _too_large(send: Any, size: int, limit: int) -> None:
    body = json.dumps({"detail": f"request body is {size:,} bytes; the limit is {limit:,}"}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


def remove_uploads(paths: Iterable[str], upload_dir: str) -> None:
    """Delete uploaded temp files (and their emptied folders) once copied; only inside ``upload_dir``."""
    root = Path(upload_dir).resolve()
    for raw in paths:
        path = Path(raw).resolve()
        if root not in path.parents or not path.is_file():
            continue
        path.unlink(missing_ok=True)
        folder = path.parent
        while folder != root and root in folder.parents:
            try:
                folder.rmdir()  # only when empty
            except OSError:
                break
            folder = folder.parent
