"""The server's start: the assistant loads on a second thread, whoever needs it waits, and a failed load
is reported (as the caller's own exception, and by ``assistant serve`` as one ``error:`` line)."""

from __future__ import annotations

import threading
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from types import SimpleNamespace

import pytest

from assistant import Assistant
from assistant.config import Settings
from assistant.preload import Loading, Preload
from tests.clirun import run_cli
from tests.ui_server import free_port


def test_result_waits_for_the_load() -> None:
    go = threading.Event()
    loading = Preload(lambda: go.wait(30) and "loaded")
    with pytest.raises(FutureTimeout):
        loading.result(timeout=0.2)
    assert not loading.done()
    go.set()
    assert loading.result(timeout=30) == "loaded" and loading.done() and loading.error is None


def test_a_failed_load_is_raised_to_every_waiter() -> None:
    problem = ValueError("the corpus folder is empty")

    def fail() -> None:
        raise problem

    loading = Preload(fail)
    for _ in range(2):
        with pytest.raises(ValueError) as raised:
            loading.result(timeout=30)
        assert raised.value is problem
    assert loading.error is problem


def test_the_stand_in_waits_for_the_assistant_but_lists_sources_at_once(tmp_path: Path) -> None:
    go = threading.Event()
    real = SimpleNamespace(ask=lambda q: f"answer to {q}", sources=lambda: ["loaded"])
    loading = Preload(lambda: go.wait(30) and real)
    settings = Settings(index_dir=tmp_path / "index", data_dir=tmp_path / "data")
    stand_in = Loading(loading, settings)  # type: ignore[arg-type]
    assert stand_in.settings is settings
    answers: list[str] = []
    asking = threading.Thread(target=lambda: answers.append(stand_in.ask("q")))
    asking.start()
    asking.join(0.3)
    assert asking.is_alive() and not answers, "the first question waits for the load"
    go.set()
    asking.join(30)
    assert answers == ["answer to q"]
    assert stand_in.sources() == ["loaded"], "no stored index to list from: the loaded assistant's list"


def test_the_stand_in_lists_the_stored_index_without_waiting(tmp_path: Path) -> None:
    from tests.conftest import FakeEmbedder

    settings = Settings(index_dir=tmp_path / "index", data_dir=tmp_path / "data")
    fake = FakeEmbedder(name=settings.model)  # the stored index names the configured model
    bot = Assistant.load(embedder=fake, index_dir=settings.index_dir, data_dir=settings.data_dir)
    stand_in = Loading(Preload(threading.Event().wait), settings)  # type: ignore[arg-type] - never loads
    assert [s.id for s in stand_in.sources()] == [s.id for s in bot.sources()]


def test_serve_reports_a_failed_load_in_one_line(tmp_path: Path) -> None:
    model = tmp_path / "no-such-model"  # every check before the load passes; the load itself fails
    env = {"ASSISTANT_INDEX_DIR": str(tmp_path / "index"), "ASSISTANT_DATA_DIR": str(tmp_path / "data")}
    run = run_cli(["serve", "--port", str(free_port()), "--model", str(model)], env, timeout=300)
    where = f"stderr={run.stderr!r} stdout={run.stdout!r}"
    assert run.code == 2, where
    assert "Traceback" not in run.stderr and "running at" not in run.stdout, where
    assert run.lines[-1].startswith("error: ") and str(model) in run.lines[-1], where
