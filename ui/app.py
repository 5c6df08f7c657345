"""The chat web UI (Gradio) and its API endpoints.

Start it with ``assistant serve`` or ``python -m ui`` (``--host 127.0.0.1 --port 7860``, ``--share``
off by default). The model and index load once at start-up; one ``Assistant`` serves every browser
session, and each session's conversation lives in its own ``gr.State`` (never in a global).

API endpoint ``/ask`` (for ``gradio_client``)::

    from gradio_client import Client

    client = Client("http://127.0.0.1:7860/")
    answer = client.predict("Which framework should I use for mobile?", None, api_name="/ask")
    answer["text"], answer["answered"], answer["frameworks"], answer["citations"][0]["title"]
    follow_up = client.predict(
        "And who develops it?",
        [{"role": "user", "content": "Which framework should I use for mobile?"},
         {"role": "assistant", "content": answer["text"]}],
        api_name="/ask",
    )

Inputs: ``question`` (str), ``history`` (earlier turns as ``{"role", "content"}`` dicts, or
null) and optionally ``sources`` (a list of source ids to answer from; null = all). Output: a
JSON object ``{question, text, answered, frameworks, citations, intent, notes}``; each citation
has ``marker`` (the n of ``[n]`` in ``text``), ``title``, ``site``, ``date``, ``section``,
``url``, ``text`` (the quoted passage) and ``source``. A bad question (empty, longer
than ``Settings.max_question_chars``, an unknown source id) fails with the reason as the error
message. ``/sources`` (no inputs) lists every indexed source: ``id``, ``title``, ``date``, ``url``,
``site``, ``passages``, ``origin`` ("corpus" or "user") and ``added_at`` (never a path on the server).

Access (``ui.access``): ``--auth`` turns on Gradio's login for everything; without it, documents can be
changed only on a loopback-only server. Request bodies are capped (``MAX_REQUEST_BYTES``; uploads: the
per-document quota), questions run on 4 queue workers (200 waiting at most) and document changes on a
worker of their own.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence
from typing import Any

import gradio as gr
from starlette.middleware import Middleware

from assistant.api import Assistant
from assistant.config import Settings
from assistant.feedback import MAX_COMMENT_CHARS, feedback_path
from assistant.library import Library
from assistant.logs import configure as configure_logging
from assistant.models import Answer
from assistant.preload import Loading, Preload, load_assistant

from .access import RequestSizeLimit, exposure_warning, may_change_documents
from .feedback import FeedbackRecorder, Ledger, ledger_entry
from .render import render_answer, render_error, render_problem, render_question
from .sources import CSS as SOURCES_CSS
from .sources import SourcesPanel, filter_choices

log = logging.getLogger(__name__)

EXAMPLES = (
    "Which framework should I use for mobile?",
    "PyTorch vs Keras: which should a beginner pick?",
    "Is Keras still relevant?",
    "Who created Keras?",
    "Which framework is best for research?",
    "When was PyTorch released?",
)
Message = dict[str, Any]
STATE_SESSIONS = 1000  # browser sessions whose chat state is kept (least recently used dropped first)
MAX_SHOWN = 200  # chat messages a session's transcript keeps (older ones scroll away)
# textbox, chat, conversation, chat, ledger (what a vote on each shown answer records: ui/feedback.py)
TurnResult = tuple[str, list[Message], list[Message], list[Message], Ledger]

CSS = """
#chat .answer blockquote { border-left: 4px solid #d97706; background: rgba(245, 158, 11, 0.12);
  padding: 0.45em 0.8em; margin: 0.7em 0 0.2em; border-radius: 0 6px 6px 0; }
#chat .idk { border: 1px dashed var(--border-color-primary, #9ca3af); border-radius: 8px; padding: 0.5em 0.9em;
  background: var(--background-fill-secondary, #f9fafb); }
#chat .problem-h { font-weight: 700; margin-bottom: 0.3em; }
#chat .idk > p:first-child { font-weight: 600; }
#chat .problem { border-left: 4px solid #dc2626; background: rgba(220, 38, 38, 0.08); border-radius: 0 6px 6px 0;
  padding: 0.5em 0.9em; }
#chat .sources { margin-top: 0.7em; padding-top: 0.4em; border-top: 1px solid var(--border-color-primary, #e5e7eb);
  font-size: 0.92em; }
#chat .sources-h { font-weight: 600; margin-bottom: 0.2em; color: var(--body-text-color, #374151); }
#chat details.src { margin: 0.15em 0; padding: 0.1em 0.4em; border-radius: 6px; }
#chat details.src[open] { background: var(--background-fill-secondary, #f3f4f6); padding-bottom: 0.4em; }
#chat details.src > summary { cursor: pointer; }
#chat .src-n { font-weight: 700; }
#chat .src-meta, #chat .src-url { color: var(--body-text-color-subdued, #6b7280); font-size: 0.9em; margin: 0.2em 0; }
#chat .src-url { overflow-wrap: anywhere; }
#chat .src-quote { margin: 0.3em 0; padding-left: 0.7em; border-left: 3px solid var(--border-color-primary, #d1d5db);
  font-style: italic; }
#chat a.cite { text-decoration: none; font-weight: 600; font-size: 0.85em; }
#chat details.src.flash { outline: 2px solid #f59e0b; }
"""

# Clicking an [n] marker opens the source box it points at (an in-page link alone would not open <details>).
JS = """
() => {
  document.addEventListener('click', (event) => {
    const link = event.target.closest ? event.target.closest('a.cite') : null;
    if (!link) return;
    const box = document.getElementById((link.getAttribute('href') || '').slice(1));
    if (!box) return;
    event.preventDefault();
    event.stopPropagation();
    box.open = true;
    box.scrollIntoView({block: 'nearest'});
    box.classList.add('flash');
    setTimeout(() => box.classList.remove('flash'), 1500);
  }, true);
}
"""


class ChatService:
    """The one shared ``Assistant`` behind every session.

    No lock here: ``Assistant`` answers concurrently by design (each answer runs on one snapshot
    of the index, and adding documents swaps the snapshot without making answers wait).
    """

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant

    def ask(
        self, question: str, history: Sequence[Message] | None = None, sources: Sequence[str] | None = None
    ) -> Answer:
        """``Assistant.ask``; ``sources`` (source ids) restricts the answer to those documents, empty/None = all."""
        return self.assistant.ask(question, history=list(history or []), sources=list(sources) if sources else None)


def respond(
    service: ChatService,
    message: Any,
    turns: list[Message],
    shown: list[Message],
    sources: Sequence[str] | None = None,
    ledger: Ledger | None = None,
) -> TurnResult:
    """One chat turn: returns (cleared textbox, chat display, conversation, chat display, ledger).

    ``turns`` is the plain conversation passed to ``Assistant.ask`` (questions and answer texts);
    ``shown`` is what the chat displays (escaped, with sources). A question that is rejected is
    shown with the reason but kept out of the conversation. ``ledger`` gains what a vote on the
    new answer records, under its index in ``shown``.
    """
    turns, shown, ledger = list(turns or []), list(shown or []), dict(ledger or {})
    if isinstance(message, str):
        shown.append({"role": "user", "content": render_question(message) if message.strip() else "*(empty question)*"})
    else:
        shown.append({"role": "user", "content": f"*(a {type(message).__name__}, not text)*"})
    try:
        answer = service.ask(message, turns, sources)
    except (ValueError, TypeError) as e:
        shown.append({"role": "assistant", "content": render_problem(str(e), EXAMPLES)})
        shown, ledger = _bounded(shown, ledger)
        return "", shown, turns, shown, ledger
    except Exception:  # the server must keep serving: log it, tell the user, carry on
        log.exception("answering %.200r failed", message)
        shown.append({"role": "assistant", "content": render_error()})
        shown, ledger = _bounded(shown, ledger)
        return "", shown, turns, shown, ledger
    ledger[len(shown)] = ledger_entry(answer, message, turns, sources)
    turns += [{"role": "user", "content": message.strip()}, {"role": "assistant", "content": answer.text}]
    shown.append({"role": "assistant", "content": render_answer(answer, EXAMPLES)})
    # A session keeps what answers read (the last turns) and a bounded transcript, however long it runs.
    turns = turns[-service.assistant.settings.max_history_turns :]
    shown, ledger = _bounded(shown, ledger)
    return "", shown, turns, shown, ledger


def _bounded(shown: list[Message], ledger: Ledger) -> tuple[list[Message], Ledger]:
    """The last ``MAX_SHOWN`` messages, and the ledger re-keyed to their new indexes (votes follow the answers)."""
    cut = len(shown) - MAX_SHOWN
    if cut <= 0:
        return shown, ledger
    return shown[cut:], {index - cut: entry for index, entry in ledger.items() if index >= cut}


def answer_json(answer: Answer) -> dict[str, Any]:
    """The API's view of an answer (everything but retrieval scores' internals is kept)."""
    return answer.model_dump(mode="json")


def _line_box(elem_id: str, placeholder: str, *, max_lines: int, scale: int, **more: Any) -> gr.Textbox:
    """An unlabelled text box of one line that grows to ``max_lines``: the question, the vote comment."""
    return gr.Textbox(
        elem_id=elem_id, show_label=False, placeholder=placeholder, lines=1, max_lines=max_lines, scale=scale, **more
    )


def build_app(assistant: Assistant, *, allow_changes: bool = True) -> gr.Blocks:
    """The Gradio app around one loaded ``Assistant``: Chat and Sources tabs, the ``/ask`` and ``/sources`` API.

    ``allow_changes=False`` makes the Sources tab read-only, enforced in its handlers.
    """
    service = ChatService(assistant)

    def ask(
        question: str,
        history: list[dict[str, str]] | None = None,
        sources: list[str] | None = None,
        request: gr.Request = None,  # type: ignore[assignment] - Gradio passes it; not part of the API
    ) -> dict[str, Any]:
        """Answer a question with citations; ``history`` holds earlier {"role", "content"} turns,
        ``sources`` optionally limits the answer to some source ids (see /sources)."""
        try:
            return answer_json(service.ask(question, history, sources))
        except (ValueError, TypeError) as e:
            raise gr.Error(str(e)) from e
        finally:
            forget_inputs(demo, request, ask_inputs)

    def sources() -> list[dict[str, Any]]:
        """Every indexed source (built-in articles, the facts file, documents users added)."""
        return [s.model_dump(mode="json", exclude={"original_path"}) for s in assistant.sources()]

    def chat(
        message: str, chosen: list[str] | None, turns: list[Message], shown: list[Message], ledger: Ledger
    ) -> TurnResult:
        return respond(service, message, turns, shown, chosen, ledger)

    def pick_example(
        chosen: list[str] | None, turns: list[Message], shown: list[Message], ledger: Ledger, evt: gr.SelectData
    ) -> TurnResult:
        value = evt.value.get("text", "") if isinstance(evt.value, dict) else str(evt.value)
        return respond(service, value, turns, shown, chosen, ledger)

    def clear() -> TurnResult:
        return "", [], [], [], {}

    recorder = FeedbackRecorder(feedback_path(assistant.settings.resolved_data_dir()))

    # Uploads are deleted once handled; the hourly sweep catches any left by a failed request.
    with gr.Blocks(title="Framework advisor", analytics_enabled=False, delete_cache=(3600, 3600)) as demo:
        turns = gr.State([])
        shown = gr.State([])
        ledger = gr.State({})
        gr.Markdown(
            "## Framework advisor\n"
            "Cited answers about **TensorFlow**, **PyTorch** and **Keras**, from five comparison articles and a "
            "curated facts file. Every statement carries a [n] marker; open a source to read the passage."
        )
        with gr.Tab("Chat"):
            chatbot = gr.Chatbot(
                elem_id="chat",
                height="70vh",
                min_height=420,
                show_label=False,
                placeholder="**Ask about TensorFlow, PyTorch or Keras** — or start with an example:",
                examples=[{"text": q} for q in EXAMPLES],
                latex_delimiters=[],
                sanitize_html=True,
                buttons=["copy"],
                feedback_options=("Like", "Dislike"),
            )
            with gr.Row():
                box = _line_box(
                    "question", "Ask a question, e.g. Which framework should I use for mobile?", max_lines=6, scale=8,
                    autofocus=True,
                )  # fmt: skip
                send = gr.Button("Ask", variant="primary", scale=1, elem_id="ask")
                reset = gr.Button("Clear", scale=1, elem_id="clear")
            with gr.Row(equal_height=True):
                comment = _line_box(
                    "vote-comment", "Optional comment, saved with your next like or dislike of an answer", max_lines=3,
                    scale=3, max_length=MAX_COMMENT_CHARS,
                )  # fmt: skip
                vote_status = gr.Markdown(elem_id="vote-status")
            with gr.Accordion("Limit the sources", open=False):
                chosen = gr.Dropdown(
                    choices=filter_choices(assistant.sources()),
                    value=[],
                    multiselect=True,
                    label="Answer only from these sources (none chosen: all of them)",
                    elem_id="source-filter",
                )
        with gr.Tab("Sources"):
            panel = SourcesPanel(assistant, chosen, allow_changes=allow_changes)
        outputs = [box, chatbot, turns, shown, ledger]
        box.submit(chat, [box, chosen, turns, shown, ledger], outputs, api_name="chat", api_visibility="undocumented")
        send.click(chat, [box, chosen, turns, shown, ledger], outputs, api_visibility="private")
        chatbot.example_select(pick_example, [chosen, turns, shown, ledger], outputs, api_visibility="private")
        chatbot.like(recorder.on_like, [ledger, comment], [comment, vote_status], api_visibility="private")
        reset.click(clear, None, outputs, api_visibility="private")
        chatbot.clear(clear, None, outputs, api_visibility="private")
        demo.load(panel.on_load, None, [panel.table, panel.to_remove, chosen], api_visibility="private")
        ask_inputs = list(gr.api(ask, api_name="ask")["inputs"])
        gr.api(sources, api_name="sources")
    return demo


def forget_inputs(demo: gr.Blocks, request: gr.Request | None, block_ids: Sequence[int]) -> None:
    """Drop the copy of an API call's inputs that Gradio keeps in the caller's session (for deep links).

    Each session would otherwise hold its last request body (up to ``MAX_REQUEST_BYTES``) until 1,000
    newer sessions push it out: under many distinct large-history clients the server's memory would
    climb by the size of every body. Relies on Gradio's session store; if that changes, nothing breaks.
    """
    try:
        state = demo.state_holder.session_data.get(request.session_hash)  # type: ignore[union-attr]
        for block_id in block_ids:
            props = state.config_values.get(block_id, {}).get("props")
            if isinstance(props, dict):
                props["value"] = None
    except AttributeError:
        pass


def theme() -> gr.themes.Base:
    """The default theme with system fonts: nothing is fetched from a font CDN."""
    return gr.themes.Default(font=["ui-sans-serif", "system-ui", "sans-serif"], font_mono=["ui-monospace", "monospace"])


def launch(
    host: str = "127.0.0.1",
    port: int = 7860,
    share: bool = False,
    credentials: list[tuple[str, str]] | None = None,
    loading: Preload[Assistant] | None = None,
    **overrides: Any,
) -> None:
    """Load the assistant once (``overrides`` are Settings keyword arguments; None = default) and serve the UI.

    ``loading`` is that load already started on a second thread (``assistant serve`` starts it before
    Gradio is imported); the page is built and the server started meanwhile, and the URL is printed
    once the assistant is loaded, so the first question never waits for it. A failed load stops the
    server and raises the load's own exception. ``credentials`` (user, password) pairs turn on
    Gradio's login; see ``ui.access`` for who may change documents.
    """
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    configure_logging()  # quiet unless --verbose / ASSISTANT_VERBOSE=1 (assistant/logs.py)
    credentials = list(credentials or [])
    warning = exposure_warning(host, share, credentials)
    if warning:
        print(warning, file=sys.stderr, flush=True)
    loading = loading or load_assistant(**overrides)
    settings = Settings(**{k: v for k, v in overrides.items() if v is not None})
    allow_changes = may_change_documents(host, share, credentials)
    demo = build_app(Loading(loading, settings), allow_changes=allow_changes)  # type: ignore[arg-type]
    demo.queue(default_concurrency_limit=4, max_size=200)
    upload_limit = Library.for_settings(settings).max_document_bytes
    _, local_url, share_url = demo.launch(
        server_name=host,
        server_port=port,
        share=share,
        auth=credentials or None,
        theme=theme(),
        css=CSS + SOURCES_CSS,
        js=JS,
        show_error=False,
        max_file_size=upload_limit,
        state_session_capacity=STATE_SESSIONS,
        app_kwargs={
            "middleware": [Middleware(RequestSizeLimit, upload_limit=upload_limit if allow_changes else None)]
        },
        quiet=True,  # Gradio's own lines suggest `share=True` in `launch()`; ours name the CLI's --share
        prevent_thread_lock=True,
    )
    try:
        loading.result()
    except BaseException:
        demo.close()
        raise
    print(serving_message(local_url, share_url), flush=True)
    if allow_changes:  # after the start: its child process would compete with the load for the cores
        from assistant.parsing import warm_parser

        warm_parser()
    demo.block_thread()


def serving_message(local_url: str, share_url: str | None) -> str:
    """The one line ``assistant serve`` prints once it listens."""
    where = f"{local_url} and {share_url}" if share_url else local_url
    hint = "" if share_url else " (--share adds a public link)"
    return f"Framework advisor running at {where}{hint}. Press Ctrl+C to stop."
