"""Our own exceptions; each message names the file, field or value that was wrong."""

from __future__ import annotations


class AssistantError(Exception):
    """Base class for errors raised by the framework advisor."""


class CorpusError(AssistantError):
    """A corpus document cannot be read or parsed."""


class DocumentError(CorpusError, ValueError):
    """A file the user tried to add was rejected; the message names it and says why."""


class FactsError(AssistantError):
    """The structured facts file is missing, malformed or fails validation."""


class IndexCorruptError(AssistantError):
    """Files under the index folder are missing, truncated, foreign or inconsistent."""


class IndexMissingError(IndexCorruptError):
    """No index has been built in the index folder yet (a first start)."""


class IndexStaleError(IndexCorruptError):
    """The index was built from another corpus, model or set of the user's documents."""


class IndexLockedError(AssistantError):
    """Another process holds the index build lock for longer than we are willing to wait."""


# -- messages from the libraries' errors, worded once for every file we read ---------------------
def yaml_message(error: Exception, what: str = "YAML", first_line: int = 1) -> str:
    """"malformed YAML at line 4, column 3: <problem> (<context> at line 2)" from a PyYAML error.

    ``first_line`` is the file line the parsed text starts on (front matter starts on line 2),
    so the line numbers are the file's.
    """
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if mark is None:
        return f"malformed {what}: {error}"
    where = f" at line {mark.line + first_line}, column {mark.column + 1}"
    problem, context = getattr(error, "problem", None), getattr(error, "context", None)
    context_mark = getattr(error, "context_mark", None)
    note = ""
    if context and context_mark is not None and context_mark is not mark:
        note = f" ({context} at line {context_mark.line + first_line})"
    return f"malformed {what}{where}: {problem or context}{note}"


def field_path(loc: tuple[int | str, ...] | list[int | str]) -> str:
    """A pydantic error location as one reads it in the file: ``frameworks[0].aliases[2]``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def validation_messages(error: Exception) -> list[str]:
    """One "<field path>: <message>" per problem of a pydantic ``ValidationError``."""
    return [f"{field_path(err['loc'])}: {err['msg']}" for err in getattr(error, "errors", list)()]
