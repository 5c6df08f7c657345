"""One typed settings object; env vars (ASSISTANT_*), keyword args and CLI flags all feed it."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_MODEL = "all-MiniLM-L6-v2"
MAX_QUESTION_CHARS = 2000
MAX_HISTORY_TURNS = 20
MAX_TURN_CHARS = 10_000
DEVICES = ("auto", "cuda", "mps", "cpu")


def _repo_root() -> Path | None:
    """The checkout this package runs from, if it runs from one (editable install or source)."""
    root = Path(__file__).resolve().parent.parent
    return root if (root / "pyproject.toml").is_file() and (root / "corpus").is_dir() else None


def default_corpus_dir() -> Path:
    """corpus/ of the checkout, else the copy shipped as package data (``assistant.corpus``)."""
    root = _repo_root()
    if root is not None:
        return root / "corpus"
    return Path(str(resources.files("assistant") / "corpus"))


def default_index_dir() -> Path:
    """index/ of the checkout, else a per-user cache folder (site-packages may be read-only)."""
    root = _repo_root()
    if root is not None:
        return root / "index"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("framework-advisor")) / "index"


def default_data_dir() -> Path:
    """Where user-added documents live: outside the package so upgrades never lose them."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("framework-advisor"))


class Settings(BaseSettings):
    """Paths, model and retrieval defaults. ``None`` paths mean "derive the default"."""

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", extra="forbid")

    corpus_dir: Path | None = None
    index_dir: Path | None = None
    data_dir: Path | None = None
    model: str = DEFAULT_MODEL
    device: str = "auto"
    k: int = Field(default=5, ge=1, le=50)
    max_question_chars: int = Field(default=MAX_QUESTION_CHARS, ge=10)
    # History: only the last ``max_history_turns`` turns are read (older ones are dropped); a turn
    # longer than ``max_turn_chars`` is a ValueError. Both bound the work one request can cause.
    max_history_turns: int = Field(default=MAX_HISTORY_TURNS, ge=1, le=1000)
    max_turn_chars: int = Field(default=MAX_TURN_CHARS, ge=10)
    # Upload quotas for the user's documents (MB): each file, and all stored copies together.
    max_document_mb: float = Field(default=20, gt=0)
    max_library_mb: float = Field(default=200, gt=0)

    @field_validator("device")
    @classmethod
    def _check_device(cls, value: str) -> str:
        value = value.strip().lower()
        if value not in DEVICES and not value.startswith("cuda:"):
            raise ValueError(f"device {value!r} is not one of {', '.join(DEVICES)} (or cuda:N)")
        return value

    def resolved_corpus_dir(self) -> Path:
        """The corpus folder to read."""
        return self.corpus_dir or default_corpus_dir()

    def resolved_index_dir(self) -> Path:
        """The folder that holds the built index."""
        return self.index_dir or default_index_dir()

    def resolved_data_dir(self) -> Path:
        """The folder that holds user-added documents."""
        return self.data_dir or default_data_dir()
