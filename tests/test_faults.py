"""Faults a user can cause: bad documents and facts, damaged or foreign index files, read-only folders,
two processes building at once. Each ends in answers from a complete, fresh index or a clear error
naming what was wrong; never in an answer from a stale or partial index.

Fast: everything here uses the deterministic fake embedder from conftest.py.
"""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from shutil import which

import faiss
import numpy as np
import pytest
import yaml
from typer.testing import CliRunner

from assistant import Assistant
from assistant.errors import CorpusError, FactsError, IndexCorruptError, IndexLockedError
from assistant.index import MANIFEST, PASSAGES, VECTORS, VectorIndex, build_lock, file_sha256, read_manifest
from assistant.ingest import load_corpus
from tests.conftest import CORPUS, ROOT, FakeEmbedder

QUESTION = "Which framework should I use for mobile?"

# name, content, what the error must say (file name plus the line or field at fault)
BAD_DOCUMENTS = [
    ("undecodable.txt", b"Keras is fine.\nPyTorch too.\n\xff\xfe broken\n", r"undecodable\.txt.*UTF-8 at line 3"),
    ("empty.txt", b"   \n\n", r"empty\.txt.*empty"),
    ("frontmatter.md", b"---\ntitle: ok\ndate: [unclosed\n---\nKeras text.\n", r"frontmatter\.md.*front matter.*line"),
    ("unclosed.md", b"---\ntitle: never closed\nKeras body text.\n", r"unclosed\.md.*never closed"),
    ("nothing.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>", r"nothing\.html.*no text"),
]
BAD_IDS = [b[0] for b in BAD_DOCUMENTS]


def load(corpus: Path, index: Path, embedder: FakeEmbedder | None = None, **kwargs: object) -> Assistant:
    return Assistant.load(corpus_dir=corpus, index_dir=index, embedder=embedder or FakeEmbedder(), **kwargs)


def ids(bot: Assistant) -> list[str]:
    return [p.id for p in bot.passages]


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    """The shipped corpus indexed cleanly: what every recovered index must equal."""
    return load(CORPUS, tmp_path_factory.mktemp("reference"))


class TestBadDocument:
    @pytest.mark.parametrize(("name", "content", "message"), BAD_DOCUMENTS, ids=BAD_IDS)
    def test_skipped_with_a_warning_and_the_others_indexed(self, corpus_copy, caplog, name, content, message):
        good = load_corpus(corpus_copy)
        (corpus_copy / name).write_bytes(content)
        skipped: list[CorpusError] = []
        with caplog.at_level(logging.WARNING, logger="assistant.ingest"):
            passages = load_corpus(corpus_copy, skipped=skipped)
        assert [p.id for p in passages] == [p.id for p in good], "every good document is still indexed"
        assert len(skipped) == 1 and re.search(message, str(skipped[0])), skipped
        assert any(name in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)

    @pytest.mark.parametrize(("name", "content", "message"), BAD_DOCUMENTS, ids=BAD_IDS)
    def test_strict_raises_naming_file_and_place(self, corpus_copy, name, content, message):
        (corpus_copy / name).write_bytes(content)
        with pytest.raises(CorpusError, match=message):
            load_corpus(corpus_copy, strict=True)

    def test_a_corpus_where_nothing_can_be_read_is_an_error(self, tmp_path):
        for name, content, _ in BAD_DOCUMENTS:
            (tmp_path / name).write_bytes(content)
        with pytest.raises(CorpusError, match=r"none of its 5 documents could be read"):
            load_corpus(tmp_path)

    def test_assistant_load_skips_reports_and_answers(self, corpus_copy, tmp_path, reference):
        (corpus_copy / "zz_added.txt").write_bytes(b"Keras notes.\n\xc3\x28 broken\n")
        bot = load(corpus_copy, tmp_path / "ix")
        assert bot.last_build is not None
        assert len(bot.last_build.skipped) == 1
        assert "zz_added.txt" in bot.last_build.skipped[0] and "line 2" in bot.last_build.skipped[0]
        assert ids(bot) == ids(reference)
        assert bot.ask(QUESTION) == reference.ask(QUESTION)

    def test_assistant_load_strict_refuses(self, corpus_copy, tmp_path):
        (corpus_copy / "zz_added.md").write_bytes(b"---\ntitle: [oops\n---\nKeras.\n")
        with pytest.raises(CorpusError, match=r"zz_added\.md: malformed YAML front matter at line"):
            load(corpus_copy, tmp_path / "ix", strict=True)
        assert not (tmp_path / "ix" / MANIFEST).exists(), "a refused build writes no index"

    def test_cli_index_prints_what_it_skipped(self, corpus_copy, tmp_path, monkeypatch):
        from assistant.cli import app

        monkeypatch.setattr("assistant.api.SentenceEmbedder", lambda model, device: FakeEmbedder())
        (corpus_copy / "zz_empty.txt").write_text("\n\n", encoding="utf-8")
        args = ["index", "--corpus-dir", str(corpus_copy), "--index-dir", str(tmp_path / "ix")]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
        assert re.search(r"skipped: .*zz_empty\.txt: the document is empty", result.output)
        assert "1 document(s) skipped" in result.output
        strict = CliRunner().invoke(app, [*args, "--strict"])
        assert strict.exit_code == 2 and "zz_empty.txt" in strict.output


class TestBadFactsEndToEnd:
    """Through ``Assistant.load`` (the facts module's own tests cover ``load_facts`` directly)."""

    def edit(self, corpus: Path, change) -> None:  # noqa: ANN001
        path = corpus / "facts.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")

    def test_malformed_yaml_names_file_and_line(self, corpus_copy, tmp_path):
        path = corpus_copy / "facts.yaml"
        lines = path.read_text(encoding="utf-8").splitlines()
        at = next(i for i, line in enumerate(lines) if line.strip().startswith("aliases:") and line.endswith("]"))
        lines[at] = lines[at][:-1]  # an unclosed flow list
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        with pytest.raises(FactsError, match=r"facts\.yaml: malformed YAML at line \d+, column \d+"):
            load(corpus_copy, tmp_path / "ix")
        assert not (tmp_path / "ix" / MANIFEST).exists()

    def test_missing_field_names_the_field(self, corpus_copy, tmp_path):
        self.edit(corpus_copy, lambda d: d["frameworks"][2].pop("developer"))
        with pytest.raises(FactsError, match=r"facts\.yaml: frameworks\[2\]\.developer: Field required"):
            load(corpus_copy, tmp_path / "ix")

    def test_wrong_type_names_the_field(self, corpus_copy, tmp_path):
        self.edit(corpus_copy, lambda d: d["frameworks"][0].update(aliases="tf"))
        with pytest.raises(FactsError, match=r"facts\.yaml: frameworks\[0\]\.aliases: Input should be a valid list"):
            load(corpus_copy, tmp_path / "ix")

    def test_not_utf8_names_the_file(self, corpus_copy, tmp_path):
        path = corpus_copy / "facts.yaml"
        path.write_bytes(path.read_bytes() + b"\n# caf\xe9\n")
        with pytest.raises(FactsError, match=r"facts\.yaml"):
            load(corpus_copy, tmp_path / "ix")

    def test_cli_reports_bad_facts_cleanly(self, corpus_copy, tmp_path, monkeypatch):
        from assistant.cli import app

        monkeypatch.setattr("assistant.api.SentenceEmbedder", lambda model, device: FakeEmbedder())
        self.edit(corpus_copy, lambda d: d["frameworks"][1].update(colour="red"))
        args = ["index", "--corpus-dir", str(corpus_copy), "--index-dir", str(tmp_path / "ix")]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 2
        assert re.search(r"error: .*facts\.yaml: frameworks\[1\]\.colour", result.output)


def rewrite_manifest(index_dir: Path, **changes: object) -> None:
    data = json.loads((index_dir / MANIFEST).read_text())
    data.update(changes)
    (index_dir / MANIFEST).write_text(json.dumps(data))


class TestDamagedIndex:
    """Beyond test_index.py (truncation, zero bytes, newer format, foreign manifest)."""

    def test_manifest_dimension_differs_from_the_model(self, corpus_copy, tmp_path, reference):
        ix = tmp_path / "ix"
        load(corpus_copy, ix)
        rewrite_manifest(ix, dimension=384)
        bot = load(corpus_copy, ix)
        assert bot.last_build is not None and bot.index.faiss.d == 16
        assert bot.ask(QUESTION) == reference.ask(QUESTION)

    def test_vectors_of_another_dimension_with_matching_checksum(self, corpus_copy, tmp_path, reference):
        ix = tmp_path / "ix"
        good = load(corpus_copy, ix)
        other = faiss.IndexFlatIP(8)
        other.add(np.eye(len(good.passages), 8, dtype=np.float32))
        (ix / VECTORS).write_bytes(bytes(faiss.serialize_index(other)))
        data = json.loads((ix / MANIFEST).read_text())
        data["checksums"][VECTORS] = file_sha256(ix / VECTORS)
        (ix / MANIFEST).write_text(json.dumps(data))
        with pytest.raises(IndexCorruptError, match="dimension 8"):
            VectorIndex.load(ix, model="fake-embedder", dimension=16, fingerprint=good.index.manifest.fingerprint)
        bot = load(corpus_copy, ix)
        assert bot.last_build is not None and ids(bot) == ids(reference)

    def test_bad_passage_line_with_matching_checksum(self, corpus_copy, tmp_path, reference):
        ix = tmp_path / "ix"
        load(corpus_copy, ix)
        with (ix / PASSAGES).open("a", encoding="utf-8") as f:
            f.write('{"id": "x", "unknown_field": 1}\n')
        data = json.loads((ix / MANIFEST).read_text())
        data["checksums"][PASSAGES] = file_sha256(ix / PASSAGES)
        (ix / MANIFEST).write_text(json.dumps(data))
        bot = load(corpus_copy, ix)
        assert bot.last_build is not None and ids(bot) == ids(reference)

    @pytest.mark.parametrize(
        "changes",
        [{"format_version": "1"}, {"checksums": ["a", "b"]}, {"count": None}, {"model": 7}],
        ids=["version-str", "checksums-list", "count-null", "model-int"],
    )
    def test_manifest_with_wrong_types_is_foreign(self, corpus_copy, tmp_path, changes):
        ix = tmp_path / "ix"
        load(corpus_copy, ix)
        rewrite_manifest(ix, **changes)
        with pytest.raises(IndexCorruptError, match="not a manifest written by this program"):
            read_manifest(ix)
        assert load(corpus_copy, ix).last_build is not None

    def test_manifest_that_is_not_json_text(self, corpus_copy, tmp_path):
        ix = tmp_path / "ix"
        load(corpus_copy, ix)
        (ix / MANIFEST).write_bytes(os.urandom(256))
        assert load(corpus_copy, ix).last_build is not None

    def test_foreign_files_are_ignored_and_left_alone(self, corpus_copy, tmp_path, reference):
        ix = tmp_path / "ix"
        load(corpus_copy, ix)
        (ix / "notes.txt").write_text("mine, do not delete")
        (ix / "random.bin").write_bytes(os.urandom(4096))
        (ix / "vectors.faiss.bak").write_bytes(os.urandom(64))
        (ix / "subfolder").mkdir()
        bot = load(corpus_copy, ix)
        assert bot.last_build is None, "foreign files do not make a good index stale"
        assert bot.ask(QUESTION) == reference.ask(QUESTION)
        assert (ix / "notes.txt").read_text() == "mine, do not delete" and (ix / "subfolder").is_dir()

    def test_a_folder_named_like_the_vectors_file(self, corpus_copy, tmp_path, reference, caplog):
        ix = tmp_path / "ix"
        load(corpus_copy, ix)
        (ix / VECTORS).unlink()
        (ix / VECTORS).mkdir()
        with pytest.raises(IndexCorruptError, match="missing or not a file"):
            VectorIndex.load(ix, model="fake-embedder", dimension=16, fingerprint=read_manifest(ix).fingerprint)
        with caplog.at_level(logging.WARNING, logger="assistant"):
            bot = load(corpus_copy, ix)
        assert bot.last_build is not None and not bot.last_build.persisted
        assert any("cannot save the index" in r.getMessage() for r in caplog.records)
        assert bot.ask(QUESTION) == reference.ask(QUESTION)

    def test_a_save_that_dies_half_way_is_never_answered_from(self, corpus_copy, tmp_path, monkeypatch, reference):
        import assistant.index as index_module

        ix = tmp_path / "ix"
        load(corpus_copy, ix)
        doc = corpus_copy / "002_e843663cc6609ce7.txt"
        doc.write_text(doc.read_text(encoding="utf-8") + "\nA late paragraph about ONNX export.\n", encoding="utf-8")
        real_write = index_module.atomic_write

        def dies_at_passages(path: Path, data: bytes) -> None:
            if path.name == PASSAGES:
                raise OSError(28, "No space left on device")
            real_write(path, data)

        monkeypatch.setattr(index_module, "atomic_write", dies_at_passages)
        half = load(corpus_copy, ix)  # new vectors written, old passages and manifest left behind
        assert half.last_build is not None and not half.last_build.persisted
        monkeypatch.undo()
        fresh = load(corpus_copy, ix)
        assert fresh.last_build is not None, "the half-written set fails its checksums and is rebuilt"
        assert any("late paragraph about ONNX" in p.text for p in fresh.passages)
        assert ids(fresh) == ids(half)


def can_create_in(folder: Path) -> bool:
    """Whether this process can still create a file in ``folder``."""
    try:
        (folder / ".probe").write_text("x")
    except OSError:
        return False
    (folder / ".probe").unlink()
    return True


@contextmanager
def read_only(folder: Path) -> Iterator[str]:
    """Make ``folder`` and everything in it read-only for this process, root included; yields how.

    Mode bits do not bind root (CI runs as root), so as root: ``chattr +i`` on the folder and its files
    (ext4, xfs, btrfs), else a read-only bind mount of the folder. When neither works, the test is
    skipped and says why: a chmod that root ignores would only test the writable path again.
    """
    tried: list[str] = []
    if os.geteuid() != 0:
        modes = {p: p.stat().st_mode for p in [folder, *folder.iterdir()]}
        for p in modes:
            p.chmod(0o555 if p.is_dir() else 0o444)
        try:
            if not can_create_in(folder):
                yield "chmod"
                return
            tried.append("chmod 555: files can still be created")
        finally:
            for p, mode in modes.items():
                p.chmod(mode)
    else:
        targets = [str(p) for p in [*folder.iterdir(), folder]]
        chattr = subprocess.run(["chattr", "+i", *targets], capture_output=True, text=True) if which("chattr") else None
        if chattr is not None and chattr.returncode == 0:
            try:
                if not can_create_in(folder):
                    yield "chattr +i"
                    return
                tried.append("chattr +i: files can still be created")
            finally:
                subprocess.run(["chattr", "-i", *targets], check=True)
        else:
            tried.append(f"chattr +i: {(chattr.stderr.strip() or 'failed') if chattr else 'not installed'}")
        bind = subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True, text=True)
        if bind.returncode == 0:
            try:
                ro = subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], capture_output=True, text=True)
                if ro.returncode == 0 and not can_create_in(folder):
                    yield "read-only bind mount"
                    return
                tried.append(f"read-only bind mount: {ro.stderr.strip() or 'files can still be created'}")
            finally:
                subprocess.run(["umount", str(folder)], check=True)
        else:
            tried.append(f"bind mount: {bind.stderr.strip() or 'failed'}")
    pytest.skip("cannot make a folder read-only for this process here (" + "; ".join(tried) + ")")


class TestUnwritableIndexFolder:
    """Decision: an index folder we cannot write gives an in-memory index and a warning, not a refusal."""

    def test_index_folder_under_a_file(self, tmp_path, reference, caplog):
        blocker = tmp_path / "a-file"
        blocker.write_text("not a folder")
        with caplog.at_level(logging.WARNING, logger="assistant"):
            bot = load(CORPUS, blocker / "index")
        assert bot.last_build is not None and not bot.last_build.persisted
        assert any("not writable" in r.getMessage() and "a-file" in r.getMessage() for r in caplog.records)
        assert bot.ask(QUESTION) == reference.ask(QUESTION)
        assert blocker.read_text() == "not a folder"

    def test_read_only_empty_folder(self, tmp_path, reference, caplog):
        ix = tmp_path / "ix"
        ix.mkdir()
        with read_only(ix), caplog.at_level(logging.WARNING, logger="assistant"):
            bot = load(CORPUS, ix)
            assert bot.last_build is not None and bot.last_build.persisted is False
            assert any("not writable" in r.getMessage() for r in caplog.records), "the user is told why"
            assert list(ix.iterdir()) == []
            assert bot.ask(QUESTION) == reference.ask(QUESTION)

    def test_read_only_folder_with_a_fresh_index_is_used_as_is(self, tmp_path, reference):
        ix = tmp_path / "ix"
        load(CORPUS, ix)
        before = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in ix.iterdir() if p.is_file()}
        with read_only(ix):
            bot = load(CORPUS, ix)
            assert bot.last_build is None
            assert bot.ask(QUESTION) == reference.ask(QUESTION)
        assert {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in ix.iterdir() if p.is_file()} == before

    def test_read_only_folder_with_a_stale_index_answers_from_memory(self, corpus_copy, tmp_path, caplog):
        """The corpus changed but the old index cannot be replaced: answers come from a fresh in-memory
        index, never from the stale files, which are left as they were."""
        ix = tmp_path / "ix"
        load(corpus_copy, ix)
        doc = corpus_copy / "002_e843663cc6609ce7.txt"
        doc.write_text(doc.read_text(encoding="utf-8") + "\nA late paragraph about ONNX export.\n", encoding="utf-8")
        before = {p.name: p.read_bytes() for p in ix.iterdir() if p.is_file()}
        with read_only(ix), caplog.at_level(logging.WARNING, logger="assistant"):
            bot = load(corpus_copy, ix)
            assert bot.last_build is not None and bot.last_build.persisted is False
            assert any("late paragraph about ONNX" in p.text for p in bot.passages)
        assert {p.name: p.read_bytes() for p in ix.iterdir() if p.is_file()} == before


BUILDER = textwrap.dedent(
    """
    import json, sys, time
    sys.path.insert(0, {root!r})
    import assistant.api as api
    import assistant.build as build
    from tests.conftest import FakeEmbedder

    class SlowEmbedder(FakeEmbedder):
        def encode(self, texts, *, progress=False):
            time.sleep(2.0)  # long enough for the other process to arrive mid-build
            return super().encode(texts, progress=progress)

    spans = []
    real_build = build.build_index
    def timed_build(*args, **kwargs):
        start = time.time()
        try:
            return real_build(*args, **kwargs)
        finally:
            spans.append((start, time.time()))
    build.build_index = timed_build
    called = time.time()
    bot = api.Assistant.load(corpus_dir={corpus!r}, index_dir={index!r}, embedder=SlowEmbedder(), rebuild=True)
    answer = bot.ask({question!r})
    ids = [p.id for p in bot.passages]
    print(json.dumps({{"called": called, "spans": spans, "ids": ids, "answer": answer.model_dump(mode="json")}}))
    """
)


class TestConcurrentBuilds:
    def test_lock_held_elsewhere_is_a_clear_error(self, tmp_path):
        with build_lock(tmp_path, timeout=5), pytest.raises(IndexLockedError, match=r"another process is building"):
            with build_lock(tmp_path, timeout=0.2):
                pass

    def test_two_processes_rebuilding_at_once_take_turns(self, corpus_copy, tmp_path, reference):
        ix = tmp_path / "ix"
        script = tmp_path / "builder.py"
        script.write_text(BUILDER.format(root=str(ROOT), corpus=str(corpus_copy), index=str(ix), question=QUESTION))
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        procs = []
        for _ in range(2):
            cmd = [sys.executable, str(script)]
            pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
            procs.append(subprocess.Popen(cmd, cwd=ROOT, env=env, text=True, **pipes))
            time.sleep(0.3)
        outputs = [p.communicate(timeout=240) for p in procs]
        for p, (_, err) in zip(procs, outputs, strict=True):
            assert p.returncode == 0, err[-3000:]
        results = [json.loads(out.strip().splitlines()[-1]) for out, _ in outputs]
        (a_start, a_end), (b_start, b_end) = sorted(span for r in results for span in r["spans"])
        assert max(r["called"] for r in results) < a_end, "the second process must arrive while the first builds"
        assert a_end <= b_start, "the build lock must serialise the two builds"
        assert results[0]["ids"] == results[1]["ids"] == ids(reference)
        assert results[0]["answer"] == results[1]["answer"] == reference.ask(QUESTION).model_dump(mode="json")
        manifest = read_manifest(ix)
        VectorIndex.load(ix, model="fake-embedder", dimension=16, fingerprint=manifest.fingerprint)  # consistent set
        assert not [p.name for p in ix.iterdir() if p.name.endswith(".tmp")]

