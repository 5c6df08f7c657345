"""The command line as a user meets it: bad input fails fast in one line, no model where none is needed,
quiet output, a clean --help, titles rather than ids."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest

from assistant import Assistant
from tests.clirun import CliRun, looks_like_id, run_cli
from tests.conftest import CORPUS, FakeEmbedder

FAIL_FAST_CPU_S = 1.0  # the bound: a bad input is rejected in under a second
SOURCES_CPU_S = 1.5  # `assistant sources` reads the manifest and the registry only


def one_line_error(run: CliRun, *phrases: str) -> str:
    """The run failed as promised: status 2, one ``error:`` line naming the problem, no traceback, no model."""
    where = f"stderr={run.stderr!r} stdout={run.stdout!r}"
    assert run.code == 2, where
    assert len(run.lines) == 1 and run.lines[0].startswith("error: "), where
    assert "Traceback" not in run.stderr and not run.stdout.strip(), where
    for phrase in phrases:
        assert phrase in run.lines[0], where
    assert not run.torch and not run.model, "checked before torch and the model are imported"
    assert run.cpu < FAIL_FAST_CPU_S, f"{run.cpu:.2f} s of CPU ({run.wall:.2f} s wall): {run.lines[0]}"
    return run.lines[0]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """Private folders; the index folder does not even exist, so nothing could be answered from it."""
    return {"ASSISTANT_DATA_DIR": str(tmp_path / "data"), "ASSISTANT_INDEX_DIR": str(tmp_path / "no-index")}


class TestFailFast:
    def test_empty_question(self, env) -> None:
        one_line_error(run_cli(["ask", "   "], env), "question is empty")

    def test_too_long_question(self, env) -> None:
        one_line_error(run_cli(["ask", "x" * 2001], env), "2001 characters", "limit is 2000")

    def test_missing_path_to_add(self, env, tmp_path) -> None:
        missing = tmp_path / "nowhere" / "notes.md"
        one_line_error(run_cli(["add", str(missing)], env), str(missing), "no such file")

    def test_unknown_source_id(self, env) -> None:
        one_line_error(run_cli(["remove", "no-such-doc"], env), "'no-such-doc'", "documents you added")
        one_line_error(run_cli(["remove", "facts"], env), "built-in source")
        line = one_line_error(run_cli(["ask", "--source", "nope", "Who created Keras?"], env), "'nope'")
        assert "001_27bf8468b2f174b7" in line, "the valid ids are listed"

    @pytest.mark.parametrize("port", ["70000", "0", "-1"])
    def test_bad_port(self, env, port) -> None:
        one_line_error(run_cli(["serve", "--port", port], env), f"--port {port}", "1 to 65535")

    def test_port_in_use(self, env) -> None:
        with socket.socket() as busy:
            busy.bind(("127.0.0.1", 0))
            busy.listen()
            port = busy.getsockname()[1]
            line = one_line_error(run_cli(["serve", "--port", str(port)], env), f"port {port}", "already in use")
        assert "--port" in line, "it says how to choose another port"


def table_rows(stdout: str) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a table printed with columns separated by two or more spaces."""
    import re

    lines = [line for line in stdout.splitlines() if line.strip()]
    split = [re.split(r"\s{2,}", line.strip()) for line in lines]
    return split[0], split[1:]


class TestSourcesWithoutModel:
    @pytest.fixture
    def indexed(self, tmp_path: Path) -> dict[str, str]:
        """An index built with the fake embedder, holding one document the user added without a title."""
        index, data = tmp_path / "index", tmp_path / "data"
        bot = Assistant.load(embedder=FakeEmbedder(), corpus_dir=CORPUS, index_dir=index, data_dir=data)
        note = tmp_path / "team-notes.txt"
        note.write_text("Our team moved the churn model from TensorFlow to PyTorch in 2024.\n", encoding="utf-8")
        bot.add(note)
        return {
            "ASSISTANT_INDEX_DIR": str(index),
            "ASSISTANT_DATA_DIR": str(data),
            "ASSISTANT_CORPUS_DIR": str(CORPUS),
            "ASSISTANT_MODEL": "fake-embedder",  # the index's model: `sources` must never load it
        }

    def test_lists_every_source_with_a_header_and_titles_not_ids(self, indexed) -> None:
        run = run_cli(["sources"], indexed)
        assert run.code == 0 and not run.stderr, run.stderr
        assert not run.torch and not run.model
        assert run.cpu < SOURCES_CPU_S, f"{run.cpu:.2f} s of CPU ({run.wall:.2f} s wall)"
        header, rows = table_rows(run.stdout)
        assert header == ["ID", "TITLE", "DATE", "PASSAGES", "ADDED"]
        ids = [row[0] for row in rows]
        assert ids[:6] == [f.stem for f in sorted(CORPUS.glob("*.txt"))] + ["facts"]
        assert len(ids) == 7 and ids[6].startswith("team-notes-")
        for row in rows:
            assert not looks_like_id(row[1], ids), f"title shown as an id: {row}"
        assert rows[6][4] != "built-in" and rows[0][4] == "built-in"
        assert "(untitled article)" in rows[1][1] and "(untitled" in rows[6][1]

    def test_json_matches_the_api(self, indexed, tmp_path) -> None:
        import json

        run = run_cli(["sources", "--json"], indexed)
        assert run.code == 0 and not run.torch
        listed = json.loads(run.stdout)
        bot = Assistant.load(
            embedder=FakeEmbedder(),
            corpus_dir=CORPUS,
            index_dir=Path(indexed["ASSISTANT_INDEX_DIR"]),
            data_dir=Path(indexed["ASSISTANT_DATA_DIR"]),
        )
        assert listed == [json.loads(s.model_dump_json()) for s in bot.sources()]

    def test_a_stale_index_is_not_read(self, indexed, tmp_path) -> None:
        """A corpus changed since the index was built: `sources` must not list the old state."""
        corpus = tmp_path / "corpus"
        shutil.copytree(CORPUS, corpus)
        (corpus / "zz_new.md").write_text("---\ntitle: A new article\n---\nKeras is friendly.\n", encoding="utf-8")
        from assistant.catalog import stored_sources

        assert (
            stored_sources(
                Path(indexed["ASSISTANT_INDEX_DIR"]), corpus, Path(indexed["ASSISTANT_DATA_DIR"]), "fake-embedder"
            )
            is None
        )


class TestHelp:
    @pytest.mark.parametrize("args", [["--help"], ["ask", "--help"], ["add", "--help"], ["feedback", "--help"]])
    def test_help_reads_cleanly(self, args) -> None:
        run = run_cli(args)
        assert run.code == 0 and not run.torch
        assert "<bool>" not in run.stdout and "{" not in run.stdout, run.stdout
        assert "[env" not in run.stdout or "ASSISTANT_" in run.stdout

    def test_usage_names_arguments_plainly(self) -> None:
        assert "Usage: assistant ask [OPTIONS] QUESTION" in run_cli(["ask", "--help"]).stdout
        assert "Usage: assistant add [OPTIONS] PATHS..." in run_cli(["add", "--help"]).stdout
        assert "ASSISTANT_MODEL" in run_cli(["ask", "--help"]).stdout, "the env var names are not eaten as markup"


@pytest.mark.slow
class TestQuietAsk:
    QUESTION = "Which framework should I use for mobile?"

    @pytest.fixture
    def env_real(self, bot, tmp_path) -> dict[str, str]:
        shutil.copytree(bot.settings.resolved_index_dir(), tmp_path / "index")
        return {
            "ASSISTANT_INDEX_DIR": str(tmp_path / "index"),
            "ASSISTANT_DATA_DIR": str(tmp_path / "data"),
            "ASSISTANT_CORPUS_DIR": str(CORPUS),
        }

    def test_stderr_is_empty_by_default_and_verbose_brings_the_detail_back(self, env_real) -> None:
        run = run_cli(["ask", self.QUESTION], env_real)
        assert run.code == 0 and "TensorFlow" in run.stdout
        assert run.stderr == "", "no weight-loading bar, faiss loader or other lines"
        loud = run_cli(["ask", "--verbose", self.QUESTION], env_real)
        assert loud.code == 0  # (bm25s no longer logs: BM25Index scores with numpy, bm25s gives its stopwords)
        assert "Loading weights" in loud.stderr and "faiss.loader" in loud.stderr

    def test_first_start_says_so_once(self, env_real, tmp_path) -> None:
        """A fresh index folder (only the embedding cache kept, so nothing is re-embedded): one notice."""
        fresh = tmp_path / "fresh"
        fresh.mkdir()
        for cache in Path(env_real["ASSISTANT_INDEX_DIR"]).glob("cache-*.npz"):
            shutil.copy(cache, fresh / cache.name)
        run = run_cli(["ask", self.QUESTION], {**env_real, "ASSISTANT_INDEX_DIR": str(fresh)})
        assert run.code == 0
        assert run.lines == [
            f"First start: building the search index in {fresh} (a minute or so; later starts load it)."
        ]


@pytest.mark.slow
class TestEvalCorpus:
    QUESTIONS = """\
- id: mobile
  category: recommendation
  question: Which framework should I use for mobile?
  answerable: true
  frameworks: [TensorFlow]
  gold: ["Mobile and Edge AI: recommended framework TensorFlow"]
"""

    def test_eval_leaves_out_my_documents_unless_asked_and_says_which(self, bot, tmp_path) -> None:
        shutil.copytree(bot.settings.resolved_index_dir(), tmp_path / "index")
        env = {"ASSISTANT_INDEX_DIR": str(tmp_path / "index"), "ASSISTANT_DATA_DIR": str(tmp_path / "data")}
        env["ASSISTANT_CORPUS_DIR"] = str(CORPUS)
        note = tmp_path / "jax.md"
        note.write_text("# JAX notes\n\nJAX is a numerical computing library from Google.\n", encoding="utf-8")
        assert run_cli(["add", str(note)], env).code == 0
        questions = tmp_path / "q.yaml"
        questions.write_text(self.QUESTIONS, encoding="utf-8")
        plain = run_cli(["eval", "--questions", str(questions), "--json", str(tmp_path / "a.json")], env)
        assert plain.code == 0, plain.stderr
        assert "Corpus: reference corpus only; your 1 added document(s) left out" in plain.stdout
        mine = run_cli(["eval", "--questions", str(questions), "--with-my-documents"], env)
        assert mine.code == 0, mine.stderr
        assert "Corpus: reference corpus + your 1 added document(s)" in mine.stdout
        import json

        assert json.loads((tmp_path / "a.json").read_text())["user_documents"] is False
