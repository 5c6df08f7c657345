"""The options of ``assistant index`` and ``assistant serve``, declared once as types (typer's ``Annotated``
aliases), so that those long signatures read one option a line: ``port: PortOpt = 7860``.

The options every command shares are declared with ``Common`` in ``clihelp``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

# assistant index: the build, locally or on Ray
StrictOpt = Annotated[bool, typer.Option("--strict", help="stop at a bad document, do not skip it")]
EngineOpt = Annotated[
    str, typer.Option("--engine", help="local, or ray: ingest and embed on Ray Data (pip install '.\\[distributed]')")
]
AddressOpt = Annotated[
    str | None,
    typer.Option("--address", help="ray: cluster to join ('auto', 'ray://host:10001'); default: start Ray here"),
]
WorkersOpt = Annotated[int | None, typer.Option("--workers", help="ray: embedding actors, one model each [2]")]
GpusOpt = Annotated[
    float | None, typer.Option("--num-gpus-per-worker", help="ray: GPUs per actor (0.5 shares a GPU) [0]")
]
CpusOpt = Annotated[float | None, typer.Option("--cpus-per-worker", help="ray: CPUs (torch threads) per actor [1]")]

# assistant serve: the web UI's server
HostOpt = Annotated[str, typer.Option("--host", help="interface to bind; 0.0.0.0 exposes it on your network")]
PortOpt = Annotated[int, typer.Option("--port", help="port (default: 7860)")]
ShareOpt = Annotated[
    bool, typer.Option("--share/--no-share", help="create a public Gradio share link (off by default)")
]
AuthOpt = Annotated[
    list[str] | None,
    typer.Option("--auth", help="require a login USER:PASS (repeatable; env ASSISTANT_AUTH, comma-separated)"),
]
AuthFileOpt = Annotated[Path | None, typer.Option("--auth-file", help="file of logins, one USER:PASS a line")]
