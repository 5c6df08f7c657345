"""The user's own documents: add, change, remove, list, scope answers to them, survive kills and bad files."""

from __future__ import annotations

import json
import random
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from typing import Any

import pytest

from assistant import Assistant
from assistant.index import MANIFEST
from assistant.library import MAX_DOCUMENT_BYTES, DocumentError, Library
from tests.conftest import CORPUS, ROOT, FakeEmbedder


def from_document(texts: list[str], passages: list) -> bool:
    """Whether every encoded text is one of these passages or a piece of one (a sentence the answer
    may quote, embedded with its section, or the name the document is about, alone or in the question
    that names it and nothing else): nothing else is re-embedded."""
    from assistant.answer.evidence import NAME_PROBE

    prefix, suffix = NAME_PROBE.split("{name}")

    def piece(t: str, p: Any) -> bool:
        return t == p.embed_text or t.removeprefix(f"{p.section}: ") in p.text

    def probe(t: str, p: Any) -> bool:
        return t.startswith(prefix) and t.endswith(suffix) and piece(t[len(prefix) : -len(suffix)], p)

    return bool(texts) and all(any(piece(t, p) or probe(t, p) for p in passages) for t in texts)

MOBILE_SOURCE = "001_27bf8468b2f174b7"

JAX_V1 = """\
---
title: JAX in practice
date: 2025-03-01
---
# JAX in practice

JAX is a Python library from Google for high-performance numerical computing and machine learning research.
It combines a NumPy-like API with automatic differentiation and XLA compilation.

## Transformations

JAX programs are built from composable function transformations: grad computes gradients, jit compiles
functions with XLA, vmap vectorises them, and pmap runs them across several accelerators.
"""

JAX_V2 = """\
---
title: JAX in practice (second edition)
date: 2025-06-01
---
# JAX in practice

JAX is an accelerated array computation library whose functional transformations make research code fast.
Flax and Optax are the neural network and optimiser libraries most often used with it.
"""

KERAS_2031 = """\
---
title: Keras backends, revisited
date: 2031-01-15
---
# Which backends does Keras run on?

Keras runs on three interchangeable backends: JAX, TensorFlow and PyTorch, chosen with the KERAS_BACKEND setting.
Keras no longer supports the Theano or CNTK backends, which were retired years ago.
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def make_pdf(path: Path, title: str, paragraphs: list[str]) -> Path:
    """A one-page PDF with a real text layer and an information dictionary (title, creation date)."""
    ops = ["BT", "/F1 11 Tf", "14 TL", "72 740 Td"]
    for paragraph in paragraphs:
        for line in textwrap.wrap(paragraph, 80):
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({escaped}) Tj T*")
        ops.append("T*")
    stream = "\n".join([*ops, "ET"])
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Title ({title}) /CreationDate (D:20240115120000Z) >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n{obj}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
    return path


def user_sources(bot: Assistant) -> set[str]:
    return {s.id for s in bot.sources() if s.origin == "user"}


def index_files(index_dir: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in index_dir.iterdir() if p.is_file() and not p.name.startswith(".")}


# -------------------------------------------------------------------------------- fake embedder
@pytest.fixture(scope="module")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped corpus indexed once with the fake embedder; tests copy it instead of re-parsing."""
    index_dir = tmp_path_factory.mktemp("seed") / "index"
    Assistant.load(embedder=FakeEmbedder(), corpus_dir=CORPUS, index_dir=index_dir, data_dir=index_dir.parent / "data")
    return index_dir


@pytest.fixture
def dirs(tmp_path: Path, seed_index: Path) -> dict[str, Path]:
    shutil.copytree(seed_index, tmp_path / "index")
    return {"index": tmp_path / "index", "data": tmp_path / "data", "docs": tmp_path / "docs"}


def load_fake(dirs: dict[str, Path], embedder: FakeEmbedder, **kwargs) -> Assistant:
    return Assistant.load(
        embedder=embedder, corpus_dir=CORPUS, index_dir=dirs["index"], data_dir=dirs["data"], **kwargs
    )


class TestAdd:
    def test_add_embeds_only_the_new_passages(self, dirs, fake_embedder):
        bot = load_fake(dirs, fake_embedder)
        assert fake_embedder.calls == 0, "the copied index is fresh"
        corpus = len(bot.passages)
        [info] = bot.add(write(dirs["docs"], "jax-notes.md", JAX_V1))
        assert info.origin == "user" and info.title == "JAX in practice" and info.date == "2025-03-01"
        assert info.passages > 0 and info.added_at is not None
        new = [p for p in bot.passages if p.source == info.id]
        assert fake_embedder.calls >= info.passages and from_document(fake_embedder.texts, new)
        assert len(bot.passages) == corpus + info.passages
        assert bot.last_build is not None and bot.last_build.encoded == info.passages

    def test_readding_an_unchanged_file_embeds_nothing(self, dirs, fake_embedder):
        bot = load_fake(dirs, fake_embedder)
        path = write(dirs["docs"], "jax-notes.md", JAX_V1)
        [first] = bot.add(path)
        calls = fake_embedder.calls
        [again] = bot.add(path)
        copy = write(dirs["docs"] / "elsewhere", "renamed.md", JAX_V1)  # same content, other name
        [same] = bot.add(copy)
        assert again.id == first.id == same.id
        assert fake_embedder.calls == calls
        assert len(Library(dirs["data"]).documents()) == 1

    def test_source_id_is_slug_plus_content_hash(self, dirs, fake_embedder):
        bot = load_fake(dirs, fake_embedder)
        [info] = bot.add(write(dirs["docs"], "My JAX Notes (2025).md", JAX_V1))
        assert info.id.startswith("my-jax-notes-2025-") and len(info.id.rsplit("-", 1)[1]) == 8
        other = load_fake({**dirs, "data": dirs["data"].parent / "data2"}, fake_embedder)
        assert other.add(dirs["docs"] / "My JAX Notes (2025).md")[0].id == info.id, "same file, same id"

    def test_documents_survive_restart_and_full_rebuild(self, dirs, fake_embedder):
        bot = load_fake(dirs, fake_embedder)
        path = write(dirs["docs"], "jax-notes.md", JAX_V1)
        [info] = bot.add(path)
        path.unlink()  # the user's original may go away: the data folder keeps a copy
        calls = fake_embedder.calls
        restarted = load_fake(dirs, fake_embedder)
        assert restarted.last_build is None, "the saved index already holds the document"
        assert info.id in user_sources(restarted)
        rebuilt = load_fake(dirs, fake_embedder, rebuild=True)  # what `assistant index` does
        assert info.id in user_sources(rebuilt)
        assert sum(p.source == info.id for p in rebuilt.passages) == info.passages
        assert fake_embedder.calls == calls, "a rebuild takes every vector from the cache"

    def test_folder_of_mixed_formats(self, dirs, fake_embedder):
        docs = dirs["docs"]
        write(docs, "plain.md", "# MXNet notes\n\nApache MXNet is a deep learning framework with a hybrid front end.\n")
        write(
            docs,
            "page.html",
            "<html><head><title>Caffe overview</title></head><body><article><h1>Caffe overview</h1>"
            "<p>Caffe is a deep learning framework made with expression, speed and modularity in mind.</p>"
            "</article></body></html>",
        )
        write(docs, "notes.txt", "Theano was one of the first Python libraries for defining and optimising tensors.\n")
        (docs / "sub").mkdir()
        make_pdf(
            docs / "sub" / "paddle.pdf",
            "PaddlePaddle at a glance",
            [
                "Overview",
                "PaddlePaddle is an open-source deep learning platform developed by Baidu, with tools for "
                "training and for deploying models to servers, mobile devices and the web.",
            ],
        )
        (docs / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0")  # not a document type: skipped in a folder
        (docs / ".hidden.md").write_text("# Hidden\n\nA hidden file is never added by a folder scan.\n")
        bot = load_fake(dirs, fake_embedder)
        added = {Path(i.original_path).name: i for i in bot.add(docs)}
        assert set(added) == {"plain.md", "page.html", "notes.txt", "paddle.pdf"}
        assert added["page.html"].title == "Caffe overview"
        assert added["plain.md"].title == "MXNet notes"
        # A document without a title is named by its opening words, marked as derived (never by its id).
        assert added["notes.txt"].title == "Theano was one of the first Python libraries… (untitled article)"
        assert added["paddle.pdf"].title == "PaddlePaddle at a glance" and added["paddle.pdf"].date == "2024-01-15"
        pdf_text = " ".join(p.text for p in bot.passages if p.source == added["paddle.pdf"].id)
        assert "developed by Baidu, with tools for training and for deploying models" in pdf_text, "lines reflowed"
        stored = sorted(p.name for p in (dirs["data"] / "documents").iterdir())
        assert stored == sorted(f"{i.id}{Path(i.original_path).suffix}" for i in added.values())

    def test_sources_lists_builtin_and_user_documents(self, dirs, fake_embedder):
        bot = load_fake(dirs, fake_embedder)
        before = bot.sources()
        assert {s.origin for s in before} == {"corpus"}
        assert "facts" in {s.id for s in before} and all(s.added_at is None for s in before)
        assert sum(s.passages for s in before) == len(bot.passages)
        [info] = bot.add(write(dirs["docs"], "jax-notes.md", JAX_V1))
        after = bot.sources()
        assert after[: len(before)] == before and after[-1] == info


class TestChangeAndRemove:
    def test_changed_file_replaces_its_older_version(self, dirs, fake_embedder):
        bot = load_fake(dirs, fake_embedder)
        path = write(dirs["docs"], "jax-notes.md", JAX_V1)
        [old] = bot.add(path)
        path.write_text(JAX_V2, encoding="utf-8")
        calls = fake_embedder.calls
        [new] = bot.add(path)
        assert new.id != old.id and new.title == "JAX in practice (second edition)"
        fresh = [p for p in bot.passages if p.source == new.id]
        assert from_document(fake_embedder.texts[calls:], fresh), "only the changed document is embedded"
        assert user_sources(bot) == {new.id}
        assert not any("composable function transformations" in p.text for p in bot.passages)
        assert [d.id for d in Library(dirs["data"]).documents()] == [new.id]
        assert [p.name for p in (dirs["data"] / "documents").iterdir()] == [f"{new.id}.md"]
        restarted = load_fake(dirs, fake_embedder)
        assert not any("composable function transformations" in p.text for p in restarted.passages)

    def test_removed_document_leaves_index_registry_and_folder(self, dirs, fake_embedder):
        bot = load_fake(dirs, fake_embedder)
        [info] = bot.add(write(dirs["docs"], "jax-notes.md", JAX_V1))
        corpus = len(bot.passages) - info.passages
        bot.remove(info.id)
        assert user_sources(bot) == set() and len(bot.passages) == corpus
        assert Library(dirs["data"]).documents() == []
        assert list((dirs["data"] / "documents").iterdir()) == []
        assert info.id not in user_sources(load_fake(dirs, fake_embedder))

    def test_remove_unknown_id_names_it_and_lists_user_ids(self, dirs, fake_embedder):
        bot = load_fake(dirs, fake_embedder)
        with pytest.raises(ValueError, match=r"no document with id 'nope'; documents you added: none yet"):
            bot.remove("nope")
        [info] = bot.add(write(dirs["docs"], "jax-notes.md", JAX_V1))
        with pytest.raises(ValueError, match=rf"no document with id 'nope'; documents you added: {info.id}$"):
            bot.remove("nope")
        assert user_sources(bot) == {info.id}, "a refused removal changes nothing"

    @pytest.mark.parametrize("builtin", ["facts", MOBILE_SOURCE])
    def test_remove_builtin_source_is_refused(self, dirs, fake_embedder, builtin):
        bot = load_fake(dirs, fake_embedder)
        with pytest.raises(ValueError, match=rf"'{builtin}' is a built-in source"):
            bot.remove(builtin)
        assert builtin in {s.id for s in bot.sources()}


class TestBadFiles:
    @pytest.mark.parametrize(
        ("name", "content", "message"),
        [
            ("empty.md", b"", "is empty"),
            ("blank.txt", b"  \n\n  \n", "empty"),
            ("binary.txt", b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0" * 8, "binary"),
            ("latin1.txt", "Café crème: a framework review.".encode("latin-1"), "not valid UTF-8"),
            ("broken.pdf", b"%PDF-1.4\nthis is not really a PDF\n", "not a readable PDF|no text layer"),
            ("fake.pdf", b"just text with a pdf name\n", "not a PDF file"),
            ("slides.docx", b"PK\x03\x04 zipped office document", "unsupported file type '.docx'"),
        ],
    )
    def test_rejected_with_a_message_naming_the_file(self, dirs, fake_embedder, name, content, message):
        bot = load_fake(dirs, fake_embedder)
        [kept] = bot.add(write(dirs["docs"], "jax-notes.md", JAX_V1))
        bad = dirs["docs"] / name
        bad.write_bytes(content)
        before_index, before_passages = index_files(dirs["index"]), list(bot.passages)
        calls = fake_embedder.calls
        with pytest.raises(DocumentError, match=message) as err:
            bot.add(bad)
        assert str(bad) in str(err.value)
        assert index_files(dirs["index"]) == before_index
        assert bot.passages == before_passages and fake_embedder.calls == calls
        assert [d.id for d in Library(dirs["data"]).documents()] == [kept.id]

    def test_file_over_the_size_limit(self, dirs, fake_embedder):
        bot = load_fake(dirs, fake_embedder)
        huge = dirs["docs"] / "huge.txt"
        dirs["docs"].mkdir()
        with huge.open("wb") as fh:
            fh.truncate(MAX_DOCUMENT_BYTES + 1)  # sparse: nothing is actually written
        with pytest.raises(DocumentError, match=r"huge\.txt.*limit is 20 MB"):
            bot.add(huge)

    def test_missing_path(self, dirs, fake_embedder):
        bot = load_fake(dirs, fake_embedder)
        with pytest.raises(DocumentError, match="no-such-file.md: no such file"):
            bot.add(dirs["docs"] / "no-such-file.md")

    def test_one_bad_file_in_a_batch_adds_nothing(self, dirs, fake_embedder):
        bot = load_fake(dirs, fake_embedder)
        good = write(dirs["docs"], "jax-notes.md", JAX_V1)
        bad = write(dirs["docs"], "empty.md", "")
        with pytest.raises(DocumentError, match="empty.md"):
            bot.add([good, bad])
        assert user_sources(bot) == set() and Library(dirs["data"]).documents() == []
        assert not (dirs["data"] / "documents").exists() or not list((dirs["data"] / "documents").iterdir())


class TestScopeAndThreads:
    def test_unknown_source_in_scope_is_rejected(self, dirs, fake_embedder):
        bot = load_fake(dirs, fake_embedder)
        with pytest.raises(ValueError, match=rf"'nope'.*valid ids: .*{MOBILE_SOURCE}"):
            bot.ask("Which framework should I use for mobile?", sources=["nope"])
        with pytest.raises(ValueError, match="sources is empty"):
            bot.ask("Which framework should I use for mobile?", sources=[])

    def test_scope_limits_retrieval_to_the_chosen_sources(self, dirs, fake_embedder):
        bot = load_fake(dirs, fake_embedder)
        [info] = bot.add(write(dirs["docs"], "jax-notes.md", JAX_V1))
        hits = bot.retrieve("What is JAX?", k=50, sources=[info.id, MOBILE_SOURCE])
        assert hits and {h.passage.source for h in hits} <= {info.id, MOBILE_SOURCE}
        assert {h.passage.source for h in bot.retrieve("What is JAX?", k=50, sources=["facts"])} == {"facts"}

    def test_eight_threads_ask_while_documents_are_added_and_removed(self, dirs, fake_embedder):
        bot = load_fake(dirs, fake_embedder)
        questions = ["Which framework for mobile?", "PyTorch vs Keras", "Who created Keras?", "What is JAX?"]
        errors: list[BaseException] = []
        answered = 0
        stop = threading.Event()

        def asker(n: int) -> None:
            nonlocal answered
            try:
                while not stop.is_set():
                    answer = bot.ask(f"{questions[n % len(questions)]} ({answered})")
                    assert all(c.text for c in answer.citations)
                    answered += 1
            except BaseException as e:  # collected and re-raised in the main thread
                errors.append(e)

        threads = [threading.Thread(target=asker, args=(n,)) for n in range(8)]
        for t in threads:
            t.start()
        try:
            [jax] = bot.add(write(dirs["docs"], "jax-notes.md", JAX_V1))
            [keras] = bot.add(write(dirs["docs"], "keras.md", KERAS_2031))
            bot.remove(jax.id)
        finally:
            stop.set()
            for t in threads:
                t.join()
        assert not errors, errors[0]
        assert answered >= 8
        assert user_sources(bot) == {keras.id}


# ------------------------------------------------------------------------------ killed mid-update
CHILD = """
import random, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from tests.conftest import FakeEmbedder
from assistant import Assistant
from assistant.index import VectorIndex
from assistant.library import Library


index_dir, data_dir, docs, seed = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])
window = float(sys.argv[5])

# Each step of an update says where it is, so the test knows where its kill landed. The pause before
# the index is saved widens the gap between the registry commit and the new manifest (where a kill
# leaves work for the next start) without changing what is written.
real_commit, real_save = Library.commit, VectorIndex.save
def commit(self, *args, **kwargs):
    print("committing", flush=True)
    real_commit(self, *args, **kwargs)
    print("committed", flush=True)
def save(self, folder, *args, **kwargs):
    time.sleep(window)
    real_save(self, folder, *args, **kwargs)
    print("saved", flush=True)
Library.commit, VectorIndex.save = commit, save

bot = Assistant.load(embedder=FakeEmbedder(), corpus_dir={corpus!r}, index_dir=index_dir, data_dir=data_dir)
rng = random.Random(seed)
docs.mkdir(parents=True, exist_ok=True)
print("ready", flush=True)
n = 0
while True:
    n += 1
    print("begin", flush=True)
    mine = [s.id for s in bot.sources() if s.origin == "user"]
    if mine and rng.random() < 0.35:
        bot.remove(rng.choice(mine))
    else:
        name = rng.choice(["alpha", "beta", "gamma"])
        paragraphs = [f"Revision {{n}} of {{name}}, paragraph {{i}}: the {{name}} framework compiles models "
                      f"for accelerator number {{rng.randrange(10**6)}}." for i in range(40)]
        path = docs / f"{{name}}.md"
        path.write_text(f"# {{name}} notes\\n\\n" + "\\n\\n".join(paragraphs) + "\\n", encoding="utf-8")
        bot.add(path)
    print("end", flush=True)
"""
WINDOW = 0.2  # seconds the child pauses between its registry commit and saving the index
ATTEMPTS = 8


def kill_child(script: Path, dirs: dict[str, Path], seed: int, attempt: int) -> list[str]:
    """Run the updating child and SIGKILL it; return the steps it reported after it was ready.

    The first attempt kills at a random time (anywhere); later ones right after a registry commit,
    at a random point of the window before (or while) the index is saved.
    """
    rng = random.Random(seed * 100 + attempt)
    args = [str(dirs["index"]), str(dirs["data"]), str(dirs["docs"]), str(seed * 100 + attempt), str(WINDOW)]
    child = subprocess.Popen(
        [sys.executable, str(script), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    steps: list[str] = []
    ready, commits = threading.Event(), threading.Semaphore(0)

    def read() -> None:
        for line in child.stdout:
            step = line.strip()
            if step == "ready":
                ready.set()
            elif ready.is_set():
                steps.append(step)
                if step == "committed":
                    commits.release()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert ready.wait(120), child.stderr.read() if child.poll() is not None else "the child never got ready"
        if attempt == 0:
            threading.Event().wait(rng.uniform(0.5, 4.0))
        else:
            for _ in range(rng.randint(1, 2)):
                assert commits.acquire(timeout=60), "the child stopped committing updates"
            threading.Event().wait(rng.uniform(0.0, WINDOW * 1.25))
        assert child.poll() is None, child.stderr.read()
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
        reader.join(10)
    return steps


def index_is_current(dirs: dict[str, Path]) -> bool:
    """Whether the index on disk is complete and matches the registry (no work left for the next start)."""
    from assistant.api import corpus_fingerprint, index_fingerprint
    from assistant.errors import IndexCorruptError
    from assistant.index import VectorIndex

    expected = index_fingerprint(corpus_fingerprint(CORPUS, "fake-embedder"), Library(dirs["data"]).documents())
    try:
        VectorIndex.load(dirs["index"], model="fake-embedder", dimension=16, fingerprint=expected)
    except IndexCorruptError:
        return False
    return True


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_killed_during_updates_next_start_is_consistent(dirs, fake_embedder, tmp_path, seed):
    """Kill a process that keeps adding and removing documents, until a kill lands mid-update with work
    left to repair (registry committed, index not yet saved); after every kill the next start is consistent."""
    script = tmp_path / "child.py"
    script.write_text(CHILD.format(root=str(ROOT), corpus=str(CORPUS)), encoding="utf-8")
    landed = []
    for attempt in range(ATTEMPTS):
        steps = kill_child(script, dirs, seed, attempt)
        last = steps[-1] if steps else "ready"
        current = index_is_current(dirs)
        landed.append(f"after {last!r}: index {'current' if current else 'left to repair'}")
        if not current:
            assert last in ("committing", "committed"), f"only a kill after the commit leaves work: {landed}"
        registry = Library(dirs["data"]).documents()
        bot = load_fake(dirs, fake_embedder)
        assert (bot.last_build is not None) is not current, f"the next start rebuilds exactly when needed: {landed}"
        assert user_sources(bot) == {d.id for d in registry}
        for doc in registry:
            assert (dirs["data"] / "documents" / doc.file).is_file()
            assert sum(p.source == doc.id for p in bot.passages) == doc.passages
        assert bot.ask("Which framework should I use for mobile?").text
        assert load_fake(dirs, fake_embedder).last_build is None, "the repaired index was saved"
        manifest = json.loads((dirs["index"] / MANIFEST).read_text())
        assert manifest["count"] == len(bot.passages)
        if not current and registry:
            return  # landed mid-update, with the user's documents to restore
    pytest.fail(f"no kill in {ATTEMPTS} attempts landed mid-update with work to repair: {landed}")


# ------------------------------------------------------------------------------------ real model
@pytest.fixture
def real(bot, tmp_path: Path):  # noqa: ANN201 - returns a factory
    """An assistant on the real model with its own index (copied from the session's) and data folder."""
    index_dir = tmp_path / "index"
    shutil.copytree(bot.settings.resolved_index_dir(), index_dir)

    def load(**kwargs) -> Assistant:
        return Assistant.load(
            embedder=bot.embedder, corpus_dir=CORPUS, index_dir=index_dir, data_dir=tmp_path / "data", **kwargs
        )

    return load


@pytest.mark.slow
class TestAnswersFromAddedDocuments:
    def test_new_framework_is_answered_citing_the_added_document(self, real, tmp_path):
        bot = real()
        assert not bot.ask("What is JAX?").answered, "before: the sources say nothing about JAX"
        [info] = bot.add(write(tmp_path / "docs", "jax-notes.md", JAX_V1))
        answer = bot.ask("What is JAX?")
        assert answer.answered
        assert answer.citations[0].source == info.id
        assert answer.citations[0].date == "2025-03-01"
        assert "JAX is a Python library from Google" in answer.text

    def test_changed_document_old_text_is_gone_from_answers(self, real, tmp_path):
        bot = real()
        path = write(tmp_path / "docs", "jax-notes.md", JAX_V1)
        [old] = bot.add(path)
        assert "numerical computing" in bot.ask("What is JAX?").text
        path.write_text(JAX_V2, encoding="utf-8")
        [new] = bot.add(path)
        for question in ("What is JAX?", "What does jit do in JAX?", "Which JAX transformations exist?"):
            answer = bot.ask(question)
            assert old.id not in {c.source for c in answer.citations}
            assert "numerical computing" not in answer.text and "vmap" not in answer.text
        assert bot.ask("What is JAX?").citations[0].source == new.id

    def test_removed_document_is_never_cited_again(self, real, tmp_path):
        bot = real()
        [info] = bot.add(write(tmp_path / "docs", "jax-notes.md", JAX_V1))
        assert bot.ask("What is JAX?").citations[0].source == info.id
        bot.remove(info.id)
        for assistant in (bot, real()):
            for question in ("What is JAX?", "What does jit do in JAX?", "Which framework is best for research?"):
                assert info.id not in {c.source for c in assistant.ask(question).citations}
        assert not bot.ask("What is JAX?").answered

    def test_added_framework_can_be_compared_and_asked_about(self, real, tmp_path):
        """Frameworks are data: what an added document is about is compared and answered like the others."""
        bot = real()
        [info] = bot.add(write(tmp_path / "docs", "jax-notes.md", JAX_V1))
        versus = bot.ask("JAX vs PyTorch?")
        assert set(versus.frameworks) == {"JAX", "PyTorch"}
        assert info.id in {c.source for c in versus.citations}
        research = bot.ask("is JAX good for research?")  # JAX first (its note), then any research pick
        assert research.frameworks[0] == "JAX" and research.citations[0].source == info.id, research.text

    def test_an_added_framework_is_compared_in_its_documents_words(self, real, tmp_path):
        """No ranking of the facts file covers JAX: "JAX vs PyTorch?" gives JAX's own verdict from the note in its
        first line, and an axis asked is answered by the note's sentence that sets the two against each other."""
        note = (
            "---\ntitle: JAX for deep learning\nframeworks: [JAX]\n---\n# JAX for deep learning\n\n"
            "JAX is a numerical computing library from Google with automatic differentiation and XLA.\n\n"
            "## When to use JAX\n\nJAX is best for research that needs high-performance numerical computing.\n\n"
            "## JAX compared to PyTorch\n\nPyTorch is easier for beginners, while JAX has a steeper learning curve.\n"
        )
        bot = real()
        [info] = bot.add(write(tmp_path / "docs", "jax-dl.md", note))
        versus = bot.ask("JAX vs PyTorch?")
        assert "JAX is best for research" in versus.text.splitlines()[0], versus.text
        easier = bot.ask("which is easier to learn, JAX or PyTorch?")
        lead = easier.text.splitlines()[0]
        assert "PyTorch is easier for beginners" in lead and "rank no order" not in lead, easier.text
        assert info.id in {c.source for c in easier.citations}

    def test_front_matter_names_the_framework(self, real, tmp_path):
        notes = (
            "---\ntitle: Field notes\nframeworks: [MXNet]\n---\n# Field notes\n\n"
            "It is a deep learning library that scales to many GPUs.\n"
        )
        bot = real()
        [info] = bot.add(write(tmp_path / "docs", "notes.md", notes))
        answer = bot.ask("Does MXNet scale to many GPUs?")
        assert answer.answered and answer.frameworks == ["MXNet"] and answer.citations[0].source == info.id

    def test_newest_cited_source_is_labelled(self, real, tmp_path):
        from assistant.cli import render

        bot = real()
        [info] = bot.add(write(tmp_path / "docs", "keras-backends.md", KERAS_2031))
        answer = bot.ask("Which backends does Keras run on?")
        cited = {c.source for c in answer.citations}
        assert info.id in cited and len({c.date for c in answer.citations if c.date}) >= 2
        assert {c.source for c in answer.citations if c.newest} == {info.id}
        assert "newest source, 2031-01-15" in render(answer)

    def test_scope_restricts_the_answer(self, real, tmp_path):
        bot = real()
        [info] = bot.add(write(tmp_path / "docs", "jax-notes.md", JAX_V1))
        mobile = bot.ask("Which framework should I use for mobile?", sources=[MOBILE_SOURCE])
        assert mobile.answered
        body = "\n".join(line for line in mobile.text.splitlines() if not line.startswith(">"))
        by_marker = {c.marker: c for c in mobile.citations}
        assert {by_marker[int(m)].source for m in re.findall(r"\[(\d+)\]", body)} == {MOBILE_SOURCE}
        # Notes may still cite the facts file's dated correction of a statement the answer quoted.
        others = [c for c in mobile.citations if c.source != MOBILE_SOURCE]
        assert all(c.passage_id.startswith("facts#update.") for c in others)
        assert not others or mobile.notes
        scoped = bot.ask("What is JAX?", sources=[info.id])
        assert scoped.answered and {c.source for c in scoped.citations} == {info.id}
        corpus_only = [s.id for s in bot.sources() if s.origin == "corpus"]
        assert info.id not in {c.source for c in bot.ask("What is JAX?", sources=corpus_only).citations}

    def test_cli_add_sources_remove(self, bot, tmp_path):
        from typer.testing import CliRunner

        from assistant.cli import app

        shutil.copytree(bot.settings.resolved_index_dir(), tmp_path / "index")
        where = ["--corpus-dir", str(CORPUS), "--index-dir", str(tmp_path / "index")]
        where += ["--data-dir", str(tmp_path / "data")]
        doc = write(tmp_path / "docs", "jax-notes.md", JAX_V1)
        runner = CliRunner()
        added = runner.invoke(app, ["add", str(doc), *where])
        assert added.exit_code == 0, added.output
        [entry] = Library(tmp_path / "data").documents()
        assert f"added {entry.id}: JAX in practice (2025-03-01" in added.output
        listed = runner.invoke(app, ["sources", *where])
        assert listed.exit_code == 0 and entry.id in listed.output and "built-in" in listed.output
        refused = runner.invoke(app, ["remove", "facts", *where])
        assert refused.exit_code == 2 and "built-in source" in refused.output
        removed = runner.invoke(app, ["remove", entry.id, *where])
        assert removed.exit_code == 0 and Library(tmp_path / "data").documents() == []
        bad = runner.invoke(app, ["add", str(write(tmp_path / "docs", "empty.md", "")), *where])
        assert bad.exit_code == 2 and "empty.md" in bad.output


def test_an_updated_index_answers_as_a_freshly_loaded_one(tmp_path: Path) -> None:
    """Adds and removes write only what changed (cache segments); a new process must see the same index."""
    folders = {"index_dir": tmp_path / "index", "data_dir": tmp_path / "data", "corpus_dir": CORPUS}
    bot = Assistant.load(embedder=FakeEmbedder(), **folders)
    ids = []
    for n in range(3):
        path = tmp_path / f"note-{n}.md"
        path.write_text(f"# Note {n} on JAX\n\nJAX compiles numerical code {n} times with XLA for accelerators.\n")
        ids += [info.id for info in bot.add(path)]
    bot.remove(ids[1])
    embedder = FakeEmbedder()
    fresh = Assistant.load(embedder=embedder, **folders)
    assert fresh.last_build is None, "the stored index was current: loaded, not rebuilt"
    assert [p.id for p in fresh.passages] == [p.id for p in bot.passages]
    assert {s.id for s in fresh.sources()} == {s.id for s in bot.sources()}
    for question in ("What is JAX?", "Which framework should I use for mobile?", "XLA accelerators"):
        assert [(h.passage.id, round(h.score, 6)) for h in fresh.retrieve(question, k=10)] == [
            (h.passage.id, round(h.score, 6)) for h in bot.retrieve(question, k=10)
        ]
        assert fresh.ask(question).model_dump() == bot.ask(question).model_dump()
    embedder = FakeEmbedder()
    rebuilt = Assistant.load(embedder=embedder, rebuild=True, **folders)
    assert embedder.calls == 0, "every vector, passages' and sentences', came back from the cache files"
    assert [p.id for p in rebuilt.passages] == [p.id for p in bot.passages]
