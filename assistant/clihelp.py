"""The ``assistant`` command's shared pieces: plain ``--help``, the options every command shares
(declared once), the one error handler, and the terminal rendering of answers and tables.

Plain ``--help``:

Typer's help shows a type for every parameter, flags included (``--help <bool>``), and writes a
required argument as ``{question}`` in the usage line. These classes keep Typer's layout but show
no type for flags and arguments, and write arguments the usual way: ``QUESTION``, ``[PATH]``,
``PATHS...``.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Annotated, Any, get_type_hints

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption


def _plain(params: list[Any]) -> list[Any]:
    """Flags and arguments shown without a type (their help says what they take)."""
    for param in params:
        if isinstance(param, TyperOption) and param.is_flag and param.metavar is None:
            param.metavar = ""  # Typer shows an option's metavar in place of its type
        elif isinstance(param, TyperArgument):
            param.display_type_rich = lambda ctx: None  # arguments have no such setting
    return params


class Command(TyperCommand):
    """A subcommand with plain help."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _plain(super().get_params(ctx))

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if isinstance(param, TyperArgument):
                name = (param.metavar or param.name or "arg").upper() + ("..." if param.nargs != 1 else "")
                pieces.append(name if param.required else f"[{name}]")
        return pieces


class Group(TyperGroup):
    """The top-level command with plain help."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _plain(super().get_params(ctx))


ModelOpt = Annotated[
    str | None, typer.Option("--model", help="sentence-transformers model name or local path (env ASSISTANT_MODEL)")
]
DeviceOpt = Annotated[str | None, typer.Option("--device", help="auto, cuda, mps or cpu (env ASSISTANT_DEVICE)")]
CorpusOpt = Annotated[
    Path | None, typer.Option("--corpus-dir", help="folder of documents and facts.yaml (env ASSISTANT_CORPUS_DIR)")
]
IndexOpt = Annotated[
    Path | None, typer.Option("--index-dir", help="folder for the built index (env ASSISTANT_INDEX_DIR)")
]
DataOpt = Annotated[
    Path | None, typer.Option("--data-dir", help="folder of your added documents (env ASSISTANT_DATA_DIR)")
]
VerboseOpt = Annotated[
    bool, typer.Option("--verbose", "-v", help="show the libraries' log lines and progress bars too")
]


def fail(message: object) -> typer.Exit:
    """Print ``error: message`` as one line on stderr; raise the returned Exit (status 2)."""
    text = " ".join(str(message).split())
    typer.secho(f"error: {text}", fg="red", err=True)
    return typer.Exit(2)


@contextmanager
def reported(*kinds: type[BaseException]) -> Iterator[None]:
    """The one error handler: a bad input or an unusable file or folder becomes ``error: …`` and exit 2.

    ``kinds`` adds exception types to the usual ones (our own errors, ``ValueError``, ``OSError``).
    """
    from .errors import AssistantError

    try:
        yield
    except (AssistantError, ValueError, OSError, *kinds) as e:
        raise fail(e) from e


@dataclass(frozen=True)
class Common:
    """The options every command that reads the index shares, declared once (see ``common``).

    A field's type is its typer option: ``common`` reads each option's name, type and default here.
    """

    model: ModelOpt = None
    device: DeviceOpt = None
    corpus_dir: CorpusOpt = None
    index_dir: IndexOpt = None
    data_dir: DataOpt = None
    verbose: VerboseOpt = False

    def overrides(self, **more: Any) -> dict[str, Any]:
        """The flags as Settings keyword arguments (None = keep env/default), plus ``more``."""
        return {"model": self.model, "device": self.device, "corpus_dir": self.corpus_dir,
                "index_dir": self.index_dir, "data_dir": self.data_dir, **more}  # fmt: skip

    def settings(self, **more: Any):  # noqa: ANN201 - pydantic Settings, imported lazily
        """Settings from the flags; a bad value fails in one line before anything loads."""
        from pydantic import ValidationError

        from .config import Settings
        from .errors import validation_messages

        try:
            return Settings(**{k: v for k, v in self.overrides(**more).items() if v is not None})
        except ValidationError as e:
            raise fail(validation_messages(e)[0]) from e

    def assistant(self, progress: bool = True, **more: Any):  # noqa: ANN201 - lazy import keeps --help fast
        """Load the Assistant, turning configuration errors into a clean CLI error."""
        from .api import Assistant

        with reported(FileNotFoundError):
            return Assistant.load(progress=progress, **self.overrides(**more))


_HINTS = get_type_hints(Common, include_extras=True)  # the fields' ``Annotated`` option types
_OPTIONS: dict[str, tuple[Any, Any]] = {f.name: (_HINTS[f.name], f.default) for f in fields(Common)}


def common(*names: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Give a command the shared options (all of them by default) as one ``opts: Common`` argument.

    The options are added to the command's signature after its own, so ``--help`` and the command
    line read as before; ``--verbose`` is applied before the command runs.
    """
    chosen = names or tuple(_OPTIONS)

    def decorate(command: Callable[..., None]) -> Callable[..., None]:
        hints = get_type_hints(command, include_extras=True)
        own = [
            p.replace(annotation=hints[p.name])
            for p in inspect.signature(command).parameters.values()
            if p.name != "opts"
        ]
        added = [
            inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY, annotation=_OPTIONS[n][0], default=_OPTIONS[n][1])
            for n in chosen
        ]

        @functools.wraps(command)
        def run(**kwargs: Any) -> None:
            from .logs import configure

            opts = Common(**{n: kwargs.pop(n) for n in chosen})
            configure(opts.verbose)
            command(opts=opts, **kwargs)

        run.__signature__ = inspect.Signature([*own, *added])  # type: ignore[attr-defined]
        run.__annotations__ = {p.name: p.annotation for p in [*own, *added]}
        return run

    return decorate


def render(answer: Any) -> str:
    """The answer text followed by its numbered sources, for a terminal."""
    lines = [answer.text, ""]
    if answer.citations:
        lines.append("Sources:")
        for c in answer.citations:
            date = f"newest source, {c.date}" if getattr(c, "newest", False) and c.date else c.date
            where = ", ".join(x for x in (c.site, date, c.url) if x)
            lines.append(
                f"[{c.marker}] {c.title}" + (f" — {c.section}" if c.section else "") + (f" ({where})" if where else "")
            )
            lines.append(f"    “{c.text}”")
    return "\n".join(lines)


def trimmed(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def table(header: list[str], rows: list[list[str]], right: set[int] = frozenset(), width: int = 76) -> str:
    """Columns padded to their widest cell (a header row first); over-long cells are shortened with "…"."""
    cells = [header] + [[trimmed(c, width) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]

    def line(row: list[str]) -> str:
        parts = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        return "  ".join(parts).rstrip()

    return "\n".join(line(row) for row in cells)
