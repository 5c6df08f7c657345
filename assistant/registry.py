"""The registry of the user's documents on disk: its file names, its entries, and reading it strictly.

``UserDocument`` is both the record the rest of the code passes around and, through its field
annotations, the schema an entry read from disk must meet: one declaration, so the two cannot drift.
An entry is checked before any path in it is used; ``library.Library`` does the writing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from .errors import CorpusError, validation_messages
from .records import DOCUMENT_SUFFIXES

__all__ = [
    "BACKUP",
    "DOCUMENTS",
    "FILE_NAME",
    "REGISTRY",
    "REGISTRY_VERSION",
    "SUFFIXES",
    "RegistryError",
    "UserDocument",
    "read_registry",
]

SUFFIXES = (*DOCUMENT_SUFFIXES, ".pdf")
REGISTRY = "registry.json"
BACKUP = "registry.json.bak"
DOCUMENTS = "documents"
REGISTRY_VERSION = 1
FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$")
"""A stored copy's name: plain, so an entry can never point outside ``documents/``."""


class RegistryError(CorpusError, ValueError):
    """``registry.json`` is damaged: changes are refused until it is restored or repaired.

    A ``ValueError`` too, so every caller that reports a refused add or remove reports this one.
    """


def _plain_name(value: str) -> str:
    """A bare file name of a supported type: nothing that could point outside ``documents/``."""
    if not FILE_NAME.match(value) or ".." in value or Path(value).suffix.lower() not in SUFFIXES:
        raise ValueError(f"file {value!r} is not a document file name inside the documents folder")
    return value


@dataclass(frozen=True)
class UserDocument:
    """One registry entry: what was added, from where, and its content hash (the id's suffix).

    The annotations' constraints apply only where an entry is read from disk (``read_registry``).
    """

    # not a field (no annotation): pydantic's settings for reading an entry
    __pydantic_config__ = ConfigDict(extra="forbid", strict=True)

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,80}$")]
    file: Annotated[str, AfterValidator(_plain_name)]
    title: str
    date: str | None
    url: str | None
    site: str | None
    added_at: str
    original_path: str
    content_hash: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    passages: Annotated[int, Field(ge=0)]


class _Registry(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    version: Literal[1]
    documents: list[UserDocument]

    @model_validator(mode="after")
    def _unique(self) -> _Registry:
        for key in ("id", "file"):
            values = [getattr(d, key) for d in self.documents]
            if len(set(values)) != len(values):
                raise ValueError(f"two entries share one {key}")
        return self


def read_registry(path: Path) -> list[UserDocument]:
    """Entries of a registry file; ``ValueError`` (with the first problem) when it is not a valid one."""
    try:
        text = path.read_bytes().decode("utf-8")
        json.loads(text)  # syntax first, in the json module's words; the schema reads the text again
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ValueError(f"not valid JSON ({e})") from e
    try:
        # JSON mode: strict checking that still takes an object for each dataclass entry
        registry = _Registry.model_validate_json(text)
    except ValidationError as e:
        raise ValueError(validation_messages(e)[0]) from e
    return list(registry.documents)
