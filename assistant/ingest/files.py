"""Reading files: strict UTF-8, YAML without aliases, and the corpus's ``sources.yaml``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from assistant.errors import CorpusError, yaml_message
from assistant.records import SOURCES_FILE

FORMATS = ("html", "text", "markdown", "yaml")


def read_text(path: Path) -> str:
    """Decode strictly as UTF-8: a wrong encoding must fail here, not as garbled answers later."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise CorpusError(f"cannot read {path}: {e.strerror or e}") from e
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise CorpusError(f"{path}: not valid UTF-8 at line {line} (byte {data[e.start : e.start + 1]!r})") from e


class _NoAliasLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases: a few bytes of nested aliases ("billion laughs")
    would otherwise expand into gigabytes. Documents have no use for them."""

    def compose_node(self, parent: Any, index: Any) -> Any:  # noqa: D102 - PyYAML's hook
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise yaml.composer.ComposerError(None, None, f"alias *{event.anchor} is not allowed", event.start_mark)
        if getattr(event, "anchor", None) is not None:
            raise yaml.composer.ComposerError(None, None, f"anchor &{event.anchor} is not allowed", event.start_mark)
        return super().compose_node(parent, index)


def load_yaml(text: str, path: Path, first_line: int, what: str = "YAML") -> Any:
    """Parse YAML (no anchors or aliases), reporting errors with line numbers in the *file*."""
    try:
        return yaml.load(text, Loader=_NoAliasLoader)  # a SafeLoader
    except yaml.YAMLError as e:
        raise CorpusError(f"{path}: {yaml_message(e, what, first_line)}") from e
    except RecursionError as e:  # deeply nested flow collections
        raise CorpusError(f"{path}: malformed {what}: nested too deeply") from e


def read_sources(corpus_dir: Path) -> dict[str, dict[str, Any]]:
    """Read and check ``sources.yaml``: each entry names an existing file and a known format."""
    path = corpus_dir / SOURCES_FILE
    if not path.is_file():
        return {}
    data = load_yaml(read_text(path), path, first_line=1) or {}
    if not isinstance(data, dict):
        raise CorpusError(f"{path}: expected a mapping of document id to metadata, got {type(data).__name__}")
    entries: dict[str, dict[str, Any]] = {}
    for doc_id, entry in data.items():
        if not isinstance(entry, dict) or not entry.get("file"):
            raise CorpusError(f"{path}: entry {doc_id!r} must be a mapping with a 'file' key")
        if not (corpus_dir / str(entry["file"])).is_file():
            raise CorpusError(f"{path}: entry {doc_id!r} names {entry['file']!r}, which is not in {corpus_dir}")
        if entry.get("format") not in (None, *FORMATS):
            raise CorpusError(f"{path}: entry {doc_id!r} has format {entry['format']!r}; use one of {FORMATS}")
        entries[str(doc_id)] = entry
    return entries
