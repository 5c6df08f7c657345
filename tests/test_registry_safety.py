"""No silent loss of the user's documents, and no file outside the data folder read through the registry.

Emptied, damaged and tampered registries; the backup and ``assistant repair``; upload quotas.
Fast: the deterministic fake embedder, a copy of a seed index.
"""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant import Assistant
from assistant.cli import app
from assistant.library import BACKUP, REGISTRY, DocumentError, Library, RegistryError
from tests.conftest import CORPUS, FakeEmbedder

SECRET = "The launch code is swordfish and PyTorch Keras TensorFlow all agree on it."
DOCS = {
    "jax.md": "# JAX notes\n\nJAX is a library for numerical computing with composable function transformations.\n",
    "flax.md": "# Flax notes\n\nFlax is a neural network library built on top of JAX for research code.\n",
    "optax.md": "# Optax notes\n\nOptax is a gradient processing and optimisation library for JAX programs.\n",
}


@pytest.fixture(scope="module")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    index_dir = tmp_path_factory.mktemp("seed") / "index"
    Assistant.load(embedder=FakeEmbedder(), corpus_dir=CORPUS, index_dir=index_dir, data_dir=index_dir.parent / "d")
    return index_dir


@pytest.fixture
def env(tmp_path: Path, seed_index: Path) -> dict[str, Path]:
    shutil.copytree(seed_index, tmp_path / "index")
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in DOCS.items():
        (docs / name).write_text(text, encoding="utf-8")
    return {"index": tmp_path / "index", "data": tmp_path / "data", "docs": docs, "tmp": tmp_path}


def load(env: dict[str, Path], **settings: object) -> Assistant:
    return Assistant.load(
        embedder=FakeEmbedder(), corpus_dir=CORPUS, index_dir=env["index"], data_dir=env["data"], **settings
    )


def user_ids(bot: Assistant) -> set[str]:
    return {s.id for s in bot.sources() if s.origin == "user"}


def stored(env: dict[str, Path]) -> set[str]:
    folder = env["data"] / "documents"
    return {p.name for p in folder.iterdir()} if folder.is_dir() else set()


def repair(env: dict[str, Path], *flags: str):  # noqa: ANN201 - click's Result
    return CliRunner().invoke(app, ["repair", "--data-dir", str(env["data"]), *flags])


class TestEmptiedRegistry:
    def test_nothing_is_deleted_and_repair_lists_the_copies_again(self, env, caplog):
        bot = load(env)
        first = bot.add([env["docs"] / "jax.md", env["docs"] / "flax.md"])
        copies = stored(env)
        assert len(copies) == 2
        (env["data"] / REGISTRY).write_text('{"version": 1, "documents": []}', encoding="utf-8")

        with caplog.at_level(logging.WARNING, logger="assistant.library"):
            bot = load(env)
        assert "2 stored document(s)" in caplog.text and "assistant repair --adopt" in caplog.text
        assert user_ids(bot) == set()
        [third] = bot.add(env["docs"] / "optax.md")
        assert stored(env) == copies | {f"{third.id}.md"}, "the next add deleted nothing it does not know"

        report = repair(env)
        assert report.exit_code == 0 and "2 stored copies are not in the registry" in report.output
        adopted = repair(env, "--adopt")
        assert adopted.exit_code == 0, adopted.output
        assert user_ids(load(env)) == {d.id for d in first} | {third.id}

    def test_prune_deletes_only_the_copies_no_entry_names(self, env):
        bot = load(env)
        [kept] = bot.add(env["docs"] / "jax.md")
        stray = env["data"] / "documents" / "stray-0123abcd.md"
        stray.write_text("# Stray\n\nA copy the registry does not name.\n", encoding="utf-8")
        result = repair(env, "--prune")
        assert result.exit_code == 0 and "stray-0123abcd.md" in result.output
        assert stored(env) == {f"{kept.id}.md"}

    def test_removing_a_document_still_deletes_its_copy(self, env):
        bot = load(env)
        [doc] = bot.add(env["docs"] / "jax.md")
        bot.remove(doc.id)
        assert stored(env) == set()


class TestBackup:
    def test_each_write_keeps_the_previous_registry(self, env):
        bot = load(env)
        [a] = bot.add(env["docs"] / "jax.md")
        assert not (env["data"] / BACKUP).exists() or json.loads((env["data"] / BACKUP).read_text())["documents"] == []
        [b] = bot.add(env["docs"] / "flax.md")
        assert [d.id for d in Library(env["data"]).backup()] == [a.id]
        bot.remove(a.id)
        assert [d.id for d in Library(env["data"]).backup()] == [a.id, b.id]

    @pytest.mark.parametrize(
        "damage",
        [b"{not json", b"\xff\xfe", b'{"version": 1}', b'{"version": 1, "documents": [{"id": "x"}]}', b"[]"],
        ids=["syntax", "bytes", "no-documents", "bad-entry", "list"],
    )
    def test_damaged_registry_starts_with_builtin_sources_and_the_backup_restores(self, env, caplog, damage):
        bot = load(env)
        [a] = bot.add(env["docs"] / "jax.md")
        [b] = bot.add(env["docs"] / "flax.md")
        (env["data"] / REGISTRY).write_bytes(damage)

        with caplog.at_level(logging.WARNING, logger="assistant.library"):
            bot = load(env)
        assert "starting with the built-in sources only" in caplog.text
        assert "assistant repair --restore" in caplog.text
        assert user_ids(bot) == set() and bot.ask("Which framework should I use for mobile?").answered
        with pytest.raises(RegistryError, match="damaged.*assistant repair --restore"):
            bot.add(env["docs"] / "optax.md")
        assert (env["data"] / REGISTRY).read_bytes() == damage, "a refused change writes nothing"

        restored = repair(env, "--restore")
        assert restored.exit_code == 0 and "1 documents" in restored.output, restored.output
        assert (env["data"] / f"{REGISTRY}.damaged").read_bytes() == damage
        assert user_ids(load(env)) == {a.id}
        assert f"{b.id}.md" in stored(env), "the copy the backup does not list is kept, for --adopt"

    def test_repair_says_so_when_there_is_no_backup(self, env):
        (env["data"]).mkdir()
        (env["data"] / REGISTRY).write_text("{broken", encoding="utf-8")
        result = repair(env, "--restore")
        assert result.exit_code == 2 and "no valid backup" in result.output


class TestPathsStayInside:
    def write_registry(self, env: dict[str, Path], file: str) -> None:
        entry = {
            "id": "secret-0123abcd", "file": file, "title": "Secret", "date": None, "url": None, "site": None,
            "added_at": "2025-01-01T00:00:00+00:00", "original_path": "/x/secret.md", "content_hash": "0" * 64,
            "passages": 1,
        }  # fmt: skip
        env["data"].mkdir(exist_ok=True)
        (env["data"] / REGISTRY).write_text(json.dumps({"version": 1, "documents": [entry]}), encoding="utf-8")

    @pytest.mark.parametrize("file", ["../secret.md", "../../secret.md", "/tmp/secret.md", "sub/secret.md", ".."])
    def test_an_entry_pointing_outside_is_refused_and_never_indexed(self, env, caplog, file):
        (env["tmp"] / "secret.md").write_text(f"# Secret\n\n{SECRET}\n", encoding="utf-8")
        (env["data"] / "secret.md").parent.mkdir(parents=True, exist_ok=True)
        (env["data"] / "secret.md").write_text(f"# Secret\n\n{SECRET}\n", encoding="utf-8")
        self.write_registry(env, file)
        with caplog.at_level(logging.WARNING, logger="assistant.library"):
            bot = load(env)
        assert "not a document file name inside the documents folder" in caplog.text
        assert not any("swordfish" in p.text for p in bot.passages)

    def test_a_symlink_out_of_the_documents_folder_is_not_followed(self, env):
        (env["tmp"] / "secret.md").write_text(f"# Secret\n\n{SECRET}\n", encoding="utf-8")
        (env["data"] / "documents").mkdir(parents=True)
        (env["data"] / "documents" / "secret-0123abcd.md").symlink_to(env["tmp"] / "secret.md")
        self.write_registry(env, "secret-0123abcd.md")
        bot = load(env)
        assert not any("swordfish" in p.text for p in bot.passages)


class TestQuotas:
    def test_a_file_over_the_per_document_quota_is_refused(self, env):
        bot = load(env, max_document_mb=0.00005)  # 50 bytes
        with pytest.raises(DocumentError, match=r"jax\.md: the file is 0\.0 MB; the limit is 5e-05 MB a file"):
            bot.add(env["docs"] / "jax.md")
        assert stored(env) == set()

    def test_the_total_quota_refuses_the_document_that_would_pass_it(self, env):
        bot = load(env, max_library_mb=0.00015)  # 150 bytes: room for one of the ~90-byte notes
        [kept] = bot.add(env["docs"] / "jax.md")
        with pytest.raises(DocumentError, match=r"flax\.md: adding this would make your documents .* the limit is"):
            bot.add(env["docs"] / "flax.md")
        assert user_ids(bot) == {kept.id} and stored(env) == {f"{kept.id}.md"}
        bot.remove(kept.id)
        assert bot.add(env["docs"] / "flax.md"), "removing makes room again"

    def test_quotas_come_from_the_environment(self, env, monkeypatch):
        monkeypatch.setenv("ASSISTANT_MAX_DOCUMENT_MB", "0.00005")
        with pytest.raises(DocumentError, match="limit is 5e-05 MB a file"):
            load(env).add(env["docs"] / "jax.md")


@pytest.mark.slow
def test_cli_add_with_a_damaged_registry_says_how_to_restore(bot, tmp_path):
    index, data = tmp_path / "index", tmp_path / "data"
    shutil.copytree(bot.settings.resolved_index_dir(), index)
    data.mkdir()
    (data / REGISTRY).write_text("{broken", encoding="utf-8")
    (data / BACKUP).write_text('{"version": 1, "documents": []}', encoding="utf-8")
    doc = tmp_path / "jax.md"
    doc.write_text(DOCS["jax.md"], encoding="utf-8")
    dirs = ["--index-dir", str(index), "--data-dir", str(data), "--corpus-dir", str(CORPUS)]
    result = CliRunner().invoke(app, ["add", str(doc), *dirs])
    assert result.exit_code == 2, result.output
    assert "is damaged" in result.output and "assistant repair --restore" in result.output
    assert (data / REGISTRY).read_text(encoding="utf-8") == "{broken"
