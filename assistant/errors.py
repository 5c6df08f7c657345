"""Our own exceptions; each message names the file, field or value that was wrong."""

from __future__ import annotations


class AssistantError(Exception):
    """Base class for errors raised by the framework advisor."""


class CorpusError(AssistantError):
    """A corpus document cannot be read or parsed."""


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
