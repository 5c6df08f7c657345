"""``python -m ui``: the same options as ``assistant serve`` (--host, --port, --share, --model, ...)."""

from __future__ import annotations

import typer

from assistant.cli import serve
from assistant.clihelp import Command


def main() -> None:
    """Run the ``serve`` command as this module's whole command line."""
    app = typer.Typer(add_completion=False)
    app.command(cls=Command)(serve)
    app()


if __name__ == "__main__":
    main()
