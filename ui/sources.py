"""The Sources tab: add your own documents, see every indexed source, remove the ones you added.

The documents belong to the one shared ``Assistant``, so every session sees the same list (each
page refreshes it on load); which sources an answer may use is chosen per session in the Chat tab.
When the server may not change documents (see ``ui.access``), the tab is read-only and the add and
remove handlers refuse whatever a client sends. Uploaded temp files are deleted once handled, and
messages name files, never server paths.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import gradio as gr
from gradio.utils import get_upload_folder

from assistant.api import Assistant
from assistant.errors import AssistantError
from assistant.library import SUFFIXES
from assistant.models import SourceInfo

from .access import remove_uploads
from .render import escape_markdown

log = logging.getLogger(__name__)

HEADERS = ["Title", "Id", "Date", "Passages", "Added"]
# Fit 1280 px and wider: the title takes the room and wraps; the short columns never do.
COLUMN_WIDTHS = ["46%", "22%", "11%", "8%", "13%"]
CSS = """
#sources-table th, #sources-table th * { white-space: nowrap; word-break: keep-all; overflow-wrap: normal; }
#sources-table [role=gridcell]:not(:first-child), #sources-table [role=gridcell]:not(:first-child) * {
  white-space: nowrap; }
"""
READ_ONLY = (
    "**Read-only:** this server is reachable from other machines without a login, so documents cannot be "
    "added or removed here. Restart it with `--auth USER:PASS` to allow changes."
)


def source_rows(sources: Sequence[SourceInfo]) -> list[list[Any]]:
    """One table row per source; "Added" is when the user added it, or "built-in"."""
    return [
        [s.title, s.id, s.date or "", s.passages, f"{s.added_at:%Y-%m-%d %H:%M}" if s.added_at else "built-in"]
        for s in sources
    ]


def filter_choices(sources: Sequence[SourceInfo]) -> list[tuple[str, str]]:
    """(label, id) pairs for the source filter: every source an answer can be limited to."""
    return [(f"{s.title} ({s.id})" if s.title != s.id else s.id, s.id) for s in sources]


def removable_choices(sources: Sequence[SourceInfo]) -> list[tuple[str, str]]:
    """(label, id) pairs of the documents the user added (built-in sources cannot be removed)."""
    return [(f"{s.title} ({s.id})", s.id) for s in sources if s.origin == "user"]


class SourcesPanel:
    """The Sources tab's components and handlers around the shared ``Assistant``."""

    def __init__(self, assistant: Assistant, source_filter: gr.Dropdown, *, allow_changes: bool = True) -> None:
        self.assistant = assistant
        self.source_filter = source_filter
        self.allow_changes = allow_changes
        sources = assistant.sources()
        gr.Markdown(
            "Add articles of your own (" + ", ".join(SUFFIXES) + "); answers can then cite them. "
            "Limit an answer to some sources with the filter under the chat."
            + ("" if allow_changes else "\n\n" + READ_ONLY),
            elem_id="sources-help",
        )
        self.upload = gr.File(
            label="Add documents",
            file_count="multiple",
            file_types=list(SUFFIXES),
            type="filepath",
            elem_id="upload",
            interactive=allow_changes,
        )
        self.status = gr.Markdown(elem_id="sources-status")
        self.table = gr.Dataframe(
            value=source_rows(sources),
            headers=HEADERS,
            interactive=False,
            wrap=True,
            column_widths=COLUMN_WIDTHS,
            elem_id="sources-table",
        )
        with gr.Row():
            self.to_remove = gr.Dropdown(
                choices=removable_choices(sources), label="Your documents", scale=4, elem_id="remove-choice"
            )
            self.remove_button = gr.Button(
                "Remove", variant="stop", scale=1, elem_id="remove", interactive=allow_changes
            )
        outputs = [self.status, self.table, self.to_remove, self.source_filter]
        # One worker of their own for document changes: they never hold up the question workers.
        private: dict[str, Any] = {"api_visibility": "private", "concurrency_limit": 1, "concurrency_id": "documents"}
        self.upload.upload(self.add, [self.upload], [*outputs, self.upload], **private)
        self.remove_button.click(self.remove, [self.to_remove], outputs, **private)

    def refreshed(self, status: str = "") -> tuple[str, Any, Any, Any]:
        """Status text plus the table, the remove choices and the filter choices as they are now."""
        sources = self.assistant.sources()
        return (
            status,
            gr.update(value=source_rows(sources)),
            gr.update(choices=removable_choices(sources), value=None),
            gr.update(choices=filter_choices(sources)),
        )

    def add(self, paths: list[str] | None) -> tuple[str, Any, Any, Any, None]:
        """Index the uploaded files; a rejected file is named in the status and changes nothing.

        The uploaded temp files are deleted afterwards, whatever happened: the data folder keeps the copy.
        """
        paths = [str(p) for p in paths or []]
        try:
            return self._add(paths)
        finally:
            remove_uploads(paths, get_upload_folder())

    def _add(self, paths: list[str]) -> tuple[str, Any, Any, Any, None]:
        if not self.allow_changes:
            log.warning("refused to add %d file(s): documents are read-only on this server", len(paths))
            return (*self.refreshed(READ_ONLY), None)
        if not paths:
            return (*self.refreshed("Choose one or more files to add."), None)
        try:
            added = self.assistant.add(paths)
        except (ValueError, AssistantError) as e:
            return (*self.refreshed(f"**Nothing was added:** {escape_markdown(_without_paths(str(e), paths))}"), None)
        except Exception:  # keep serving; details go to the log
            log.exception("adding %d uploaded file(s) failed", len(paths))
            return (*self.refreshed("**Nothing was added:** adding the documents failed on the server."), None)
        lines = [f"- **{escape_markdown(s.title)}** (id {escape_markdown(s.id)}): {s.passages} passages" for s in added]
        return (*self.refreshed("Added:\n" + "\n".join(lines)), None)

    def remove(self, source_id: str | None) -> tuple[str, Any, Any, Any]:
        """Remove one of the user's documents; from the next answer on it is never cited."""
        if not self.allow_changes:
            log.warning("refused to remove %.80r: documents are read-only on this server", source_id)
            return self.refreshed(READ_ONLY)
        if not source_id or not isinstance(source_id, str):
            return self.refreshed("Choose one of your documents to remove.")
        try:
            self.assistant.remove(source_id)
        except (ValueError, AssistantError) as e:
            return self.refreshed(f"**Not removed:** {escape_markdown(str(e))}")
        except Exception:
            log.exception("removing %r failed", source_id)
            return self.refreshed("**Not removed:** removing the document failed on the server.")
        return self.refreshed(f"Removed {escape_markdown(source_id)}.")

    def on_load(self) -> tuple[Any, Any, Any]:
        """Fresh lists for a page that opens after documents were added or removed elsewhere."""
        return self.refreshed()[1:]


def _without_paths(message: str, paths: Sequence[str]) -> str:
    """An error message naming uploaded files by name, not by their temp path on the server."""
    for path in sorted(paths, key=len, reverse=True):
        message = message.replace(str(Path(path).resolve()), Path(path).name).replace(path, Path(path).name)
    return message
