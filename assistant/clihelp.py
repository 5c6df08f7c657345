"""Plain ``--help`` for the ``assistant`` command.

Typer's help shows a type for every parameter, flags included (``--help <bool>``), and writes a
required argument as ``{question}`` in the usage line. These classes keep Typer's layout but show
no type for flags and arguments, and write arguments the usual way: ``QUESTION``, ``[PATH]``,
``PATHS...``.
"""

from __future__ import annotations

from typing import Any

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
