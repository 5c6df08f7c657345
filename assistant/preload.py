"""Loading the assistant on a second thread while the server imports Gradio and builds its page.

Importing sentence-transformers and loading the model and the index take most of a server's start;
done one after the other with Gradio's import and the page build, the start is their sum
(docs/PERFORMANCE.md, ``python -m benchmarks.serve``). A failure in the thread is kept and raised
again to every caller that waits, so it reaches the command line; it is never lost with the thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from .api import Assistant
    from .config import Settings
    from .models import SourceInfo

T = TypeVar("T")


class Preload(Generic[T]):
    """``load()`` running on a daemon thread from construction on; ``result()`` waits for it."""

    def __init__(self, load: Callable[[], T], name: str = "assistant-load") -> None:
        self._future: Future[T] = Future()
        self._thread = threading.Thread(target=self._run, args=(load,), name=name, daemon=True)
        self._thread.start()

    def _run(self, load: Callable[[], T]) -> None:
        self._future.set_running_or_notify_cancel()
        try:
            self._future.set_result(load())
        except BaseException as e:  # noqa: BLE001 - every failure goes to the waiters, who report it
            self._future.set_exception(e)

    @property
    def error(self) -> BaseException | None:
        """What the load raised, once it has (None while it runs or after it succeeded)."""
        return self._future.exception() if self._future.done() else None

    def done(self) -> bool:
        """True once the load finished, well or not."""
        return self._future.done()

    def result(self, timeout: float | None = None) -> T:
        """The loaded value; waits for it, and raises what the load raised (the same exception object)."""
        return self._future.result(timeout)


def load_assistant(**overrides: Any) -> Preload[Assistant]:
    """``Assistant.load(progress=True, **overrides)`` started on a second thread."""

    def load() -> Assistant:
        from .api import Assistant

        return Assistant.load(progress=True, **overrides)

    return Preload(load)


def import_model_library() -> None:
    """Import sentence-transformers (offline), or wait for the loading thread's import of it.

    Measured on 2 busy cores (``benchmarks.serve``): Gradio imported after torch costs seconds
    less than before it, and importing both at once on two threads was slower than one after the
    other. So the server imports this first and Gradio after, while the thread loads model and index.
    """
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # as SentenceEmbedder does: huggingface_hub reads these once
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import sentence_transformers  # noqa: F401


class Loading:
    """Stands in for an ``Assistant`` that is still loading: the settings and the source list at once,
    everything else (``ask``, ``add``, ...) waits for the load and then is the real one's.

    The source list comes from the stored index while the load runs (``catalog.stored_sources``, no
    model); when that is not current (a build is under way), it waits for the load: the page's
    choices are what Gradio checks requests against, so they must be the real list.
    """

    def __init__(self, preload: Preload[Assistant], settings: Settings) -> None:
        self._preload = preload
        self.settings = settings

    def sources(self) -> list[SourceInfo]:
        """``Assistant.sources()``, or what the stored index lists while the load is under way."""
        if self._preload.done():
            return self._preload.result().sources()
        from .catalog import stored_sources

        s = self.settings
        listed = stored_sources(s.resolved_index_dir(), s.resolved_corpus_dir(), s.resolved_data_dir(), s.model)
        return self._preload.result().sources() if listed is None else listed

    def __getattr__(self, name: str) -> Any:
        return getattr(self._preload.result(), name)
