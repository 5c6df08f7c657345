"""A running assistant sees documents another process adds or removes, from its next answer on."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from assistant import Assistant
from tests.clirun import run_cli
from tests.conftest import CORPUS, FakeEmbedder

pytest_plugins = ["ui_server"]

JAX_NOTES = """\
---
title: JAX field notes
date: 2025-03-01
---
# JAX field notes

JAX is a Python library from Google for high-performance numerical computing and machine learning research.
It combines a NumPy-like API with automatic differentiation and XLA compilation.
"""


def load(index: Path, data: Path) -> Assistant:
    return Assistant.load(embedder=FakeEmbedder(), corpus_dir=CORPUS, index_dir=index, data_dir=data)


class TestTwoAssistants:
    """Two assistants on the same folders stand for a server and a CLI (one process, fake model: fast)."""

    def test_add_and_remove_elsewhere_are_seen_at_the_next_question(self, tmp_path: Path) -> None:
        index, data = tmp_path / "index", tmp_path / "data"
        server = load(index, data)
        first_build = server.last_build
        cli = load(index, data)
        [info] = cli.add(_write(tmp_path / "jax.md", JAX_NOTES))
        assert info.id in {s.id for s in server.sources()}
        hits = server.retrieve("What is JAX?", sources=[info.id])  # the fake model's answers abstain: ask retrieval
        assert hits and {h.passage.source for h in hits} == {info.id}
        assert server.last_build is first_build, "the index the other process saved was loaded, not rebuilt"
        cli.remove(info.id)
        assert info.id not in {s.id for s in server.sources()}
        with pytest.raises(ValueError, match="unknown source"):
            server.ask("What is JAX?", sources=[info.id])
        assert all(h.passage.source != info.id for h in server.retrieve("What is JAX?", k=50))

    def test_an_unchanged_registry_costs_no_reload(self, tmp_path: Path) -> None:
        server = load(tmp_path / "index", tmp_path / "data")
        state = server._state  # noqa: SLF001 - the object answers are read from
        for _ in range(3):
            server.ask("Which framework should I use for mobile?")
        assert server._state is state  # noqa: SLF001

    def test_a_registry_newer_than_the_saved_index_is_indexed_here(self, tmp_path: Path) -> None:
        """The other process was killed between writing the registry and saving the index."""
        index, data = tmp_path / "index", tmp_path / "data"
        server = load(index, data)
        other_index = tmp_path / "other-index"
        shutil.copytree(index, other_index)
        [info] = load(other_index, data).add(_write(tmp_path / "jax.md", JAX_NOTES))  # its index lands elsewhere
        assert info.id in {s.id for s in server.sources()}
        assert server.retrieve("What is JAX?", sources=[info.id])
        assert server.last_build is not None and server.last_build.encoded == info.passages, "only its passages"


class TestReferenceCorpusOnly:
    def test_user_documents_left_out_and_the_stored_index_kept(self, tmp_path: Path) -> None:
        """`assistant eval` measures the reference corpus: the user's documents are out, their index untouched."""
        from assistant.index import MANIFEST

        index, data = tmp_path / "index", tmp_path / "data"
        [info] = load(index, data).add(_write(tmp_path / "jax.md", JAX_NOTES))
        manifest = (index / MANIFEST).read_bytes()
        reference = Assistant.load(
            embedder=FakeEmbedder(), corpus_dir=CORPUS, index_dir=index, data_dir=data, user_documents=False
        )
        assert info.id not in {s.id for s in reference.sources()}
        assert all(h.passage.source != info.id for h in reference.retrieve("What is JAX?", k=50))
        assert reference.last_build is not None and reference.last_build.encoded == 0, "corpus vectors from the cache"
        assert (index / MANIFEST).read_bytes() == manifest, "the stored index (with the user's document) is kept"
        assert info.id in {s.id for s in load(index, data).sources()}


@pytest.mark.slow
class TestRunningServer:
    def test_cli_add_and_remove_reach_the_servers_next_answer(self, ui_server: Any, tmp_path: Path) -> None:
        from gradio_client import Client

        client = Client(ui_server.url, verbose=False)
        question = "What is JAX?"
        before = client.predict(question, None, api_name="/ask")
        assert not before["answered"], "the reference corpus says nothing about JAX"

        added = run_cli(["add", str(_write(tmp_path / "jax-field-notes.md", JAX_NOTES))], ui_server.env)
        assert added.code == 0, added.stderr
        [doc_id] = [w.rstrip(":") for w in added.stdout.split() if w.startswith("jax-field-notes-")]
        after = client.predict(question, None, api_name="/ask")
        assert after["answered"] and after["citations"][0]["source"] == doc_id, after
        assert after["citations"][0]["title"] == "JAX field notes"

        removed = run_cli(["remove", doc_id], ui_server.env)
        assert removed.code == 0, removed.stderr
        gone = client.predict(question, None, api_name="/ask")
        assert doc_id not in {c["source"] for c in gone["citations"]}
        assert doc_id not in {s["id"] for s in client.predict(api_name="/sources")}


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
