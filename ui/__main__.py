"""``python -m ui``: the same options as ``assistant serve`` (--host, --port, --share, --model, ...)."""

from __future__ import annotations

import typer

from assistant.cli import serve


def main() -> None:
    """Run the ``serve`` command as this module's whole command line."""
    typer.run(serve)


if __name__ == "__main__":
    main()
