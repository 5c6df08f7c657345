"""Promises an audit found unguarded: a same-size edit of any index file, or of the corpus metadata,
is never served; the question length limit is exact; the answer cache is bounded.

Each test here was checked by breaking the code on purpose (the break is named in its docstring);
docs/TESTING.md lists them. Fast: the deterministic fake embedder from conftest.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from assistant import Answer, Assistant
from assistant.api import ANSWER_CACHE
from assistant.config import MAX_QUESTION_CHARS
from assistant.index import MANIFEST, PASSAGES, VECTORS, cache_path
from tests.conftest import FakeEmbedder

QUESTION = "Which framework should I use for mobile?"


def load(corpus: Path, index: Path, embedder: FakeEmbedder) -> Assistant:
    return Assistant.load(corpus_dir=corpus, index_dir=index, embedder=embedder, data_dir=index.parent / "data")


def flip(path: Path, at: int, new: bytes) -> None:
    """Overwrite ``len(new)`` bytes at offset ``at``: the file keeps its size (and its mtime moves)."""
    data = bytearray(path.read_bytes())
    assert data[at : at + len(new)] != new, "the flip must change the file"
    data[at : at + len(new)] = new
    size = path.stat().st_size
    path.write_bytes(bytes(data))
    assert path.stat().st_size == size


def vectors_of(bot: Assistant) -> np.ndarray:
    return np.stack([bot.index.faiss.reconstruct(i) for i in range(len(bot.passages))])


@pytest.fixture
def built(corpus_copy: Path, tmp_path: Path) -> tuple[Path, Path, Assistant]:
    """A corpus copy and its freshly built index; returns (corpus, index folder, the assistant that built it)."""
    ix = tmp_path / "ix"
    return corpus_copy, ix, load(corpus_copy, ix, FakeEmbedder())


@pytest.fixture(scope="module")
def fake_bot(tmp_path_factory: pytest.TempPathFactory) -> tuple[Assistant, FakeEmbedder]:
    """One assistant on the shipped corpus and the fake embedder, for tests that only ask."""
    from tests.conftest import CORPUS

    embedder = FakeEmbedder()
    return load(CORPUS, tmp_path_factory.mktemp("fake") / "ix", embedder), embedder


class TestSameSizeEditsAreNeverServed:
    """A byte flipped in place keeps every file's size: only the checksums in the manifest can see it.

    Break that these catch: ``VectorIndex.load`` skipping its sha256 comparison.
    """

    def test_flipped_byte_in_the_vectors(self, built):
        corpus, ix, good = built
        path = ix / VECTORS
        at = path.stat().st_size - 3  # inside the last vector's floats, past every header field
        flip(path, at, bytes([path.read_bytes()[at] ^ 0x40]))
        bot = load(corpus, ix, FakeEmbedder())
        assert bot.last_build is not None, "a vectors file that fails its checksum must be rebuilt, not served"
        np.testing.assert_array_equal(vectors_of(bot), vectors_of(good))

    def test_flipped_letter_in_a_passage(self, built):
        corpus, ix, good = built
        path = ix / PASSAGES
        raw = path.read_bytes()
        at = raw.index(b"TensorFlow Lite")
        flip(path, at, b"TensorFlow Lyte")
        bot = load(corpus, ix, FakeEmbedder())
        assert bot.last_build is not None, "a passages file that fails its checksum must be rebuilt, not served"
        assert [p.text for p in bot.passages] == [p.text for p in good.passages]
        assert not any("TensorFlow Lyte" in p.text for p in bot.passages)

    @pytest.mark.parametrize("field", ["fingerprint", "checksum-vectors", "checksum-passages", "model", "count"])
    def test_flipped_character_in_the_manifest(self, built, field):
        corpus, ix, good = built
        path = ix / MANIFEST
        text = path.read_text()
        manifest = json.loads(text)
        value = {
            "fingerprint": manifest["fingerprint"],
            "checksum-vectors": manifest["checksums"][VECTORS],
            "checksum-passages": manifest["checksums"][PASSAGES],
            "model": manifest["model"],
            "count": str(manifest["count"]),
        }[field]
        at = text.index(value) + len(value) - 1  # the value's last character, e.g. a hex digit
        old = text[at]
        new = {"0": "1", "9": "8"}.get(old, "0" if old.isdigit() or old in "abcdef" else "x")
        flip(path, at, new.encode())
        bot = load(corpus, ix, FakeEmbedder())
        assert bot.last_build is not None, f"a manifest whose {field} was edited must not vouch for the index"
        assert [p.id for p in bot.passages] == [p.id for p in good.passages]
        assert json.loads(path.read_text()) | {"built_at": 0} == manifest | {"built_at": 0}, "rebuilt as before"

    def test_flipped_byte_in_the_embedding_cache_costs_only_re_embedding(self, built):
        """The cache is not an index file (no checksum in the manifest), but a damaged one must not crash
        a rebuild or put wrong vectors in the index: the zip CRC catches a flip, the vectors are recomputed."""
        corpus, ix, good = built
        path = cache_path(ix, "fake-embedder")
        at = path.stat().st_size // 2
        flip(path, at, bytes([path.read_bytes()[at] ^ 0x40]))
        (ix / MANIFEST).unlink()  # force a rebuild, which reads the cache
        embedder = FakeEmbedder()
        bot = load(corpus, ix, embedder)
        assert bot.last_build is not None
        np.testing.assert_array_equal(vectors_of(bot), vectors_of(good))


class TestCorpusMetadataIsPartOfTheIndex:
    def test_an_edit_to_sources_yaml_makes_the_index_stale(self, built):
        """Break: ``sources.yaml`` dropped from the corpus fingerprint (catalog.corpus_fingerprint)."""
        corpus, ix, good = built
        source = next(s for s in good.sources() if s.origin == "corpus" and s.id != "facts" and s.title)
        path = corpus / "sources.yaml"
        text = path.read_text(encoding="utf-8")
        old_title = re.search(rf"{re.escape(source.id)}:\n(?:  .*\n)*?  title: (.*)\n", text)
        assert old_title, f"sources.yaml lists {source.id} with a title"
        new_title = '"A retitled article"'
        path.write_text(text.replace(old_title.group(0), old_title.group(0).replace(old_title.group(1), new_title)))
        bot = load(corpus, ix, FakeEmbedder())
        assert bot.last_build is not None, "metadata the passages carry changed: the index is stale"
        assert {s.id: s.title for s in bot.sources()}[source.id] == "A retitled article"
        cited = [p for p in bot.passages if p.source == source.id]
        assert cited and all(p.title == "A retitled article" for p in cited), "answers cite the new title"


class TestPassageCodeIsPartOfTheIndex:
    def test_a_change_to_the_passage_code_makes_the_index_stale(self, built, monkeypatch):
        """The stored passages are what the passage code made of the corpus: after an upgrade that
        changes that code, the next start rebuilds. Break: the code versions left out of the corpus
        fingerprint (``fingerprint(files, [model, *code])`` → ``fingerprint(files)``, a mutation survivor)."""
        import assistant.catalog as catalog

        corpus, ix, _ = built
        assert load(corpus, ix, FakeEmbedder()).last_build is None, "unchanged code: the saved index is used"
        hashed = catalog.hash_file
        names = {path.name for path in catalog.code_files()}
        assert {"passages.py", "index.py"} <= names
        monkeypatch.setattr(
            catalog, "hash_file", lambda path: "changed" if path.name == "passages.py" else hashed(path)
        )
        assert load(corpus, ix, FakeEmbedder()).last_build is not None, "new passage code: the index is rebuilt"


class TestAddedDocumentsAreSaved:
    def test_an_add_reports_the_index_saved_and_a_restart_uses_it(self, corpus_copy, tmp_path):
        """``last_build.persisted`` is what ``assistant add`` reports ("saved in <folder>" or "memory only").
        Break: the flag inverted after an add (a mutation survivor)."""
        ix = tmp_path / "ix"
        bot = load(corpus_copy, ix, FakeEmbedder())
        doc = tmp_path / "docs" / "jax-notes.md"
        doc.parent.mkdir()
        doc.write_text(
            "---\ntitle: JAX notes\ndate: 2030-05-01\n---\n# JAX\n\n"
            "JAX is a framework for composable transformations of numerical programs.\n",
            encoding="utf-8",
        )
        bot.add(doc)
        assert bot.last_build is not None and bot.last_build.persisted is True, "a writable folder: saved"
        restarted = load(corpus_copy, ix, FakeEmbedder())
        assert restarted.last_build is None, "the saved index already holds the document"
        assert any(s.title == "JAX notes" for s in restarted.sources())


class TestQuestionLengthLimit:
    """Break: ``len(text) >= limit`` in ``Assistant._check`` (off by one)."""

    def test_exactly_the_limit_is_accepted(self, fake_bot):
        bot, _ = fake_bot
        question = (QUESTION + " ") * (MAX_QUESTION_CHARS // len(QUESTION) + 1)
        question = question[: MAX_QUESTION_CHARS - 1] + "?"
        assert len(question) == MAX_QUESTION_CHARS
        assert isinstance(bot.ask(question), Answer)  # never a ValueError

    def test_one_over_the_limit_is_refused_before_any_work(self, fake_bot):
        bot, embedder = fake_bot
        calls = embedder.calls
        with pytest.raises(ValueError, match=rf"{MAX_QUESTION_CHARS + 1} characters long; the limit is"):
            bot.ask("K" * (MAX_QUESTION_CHARS + 1))
        assert embedder.calls == calls, "a refused question is never embedded"

    def test_surrounding_whitespace_does_not_count(self, fake_bot):
        bot, _ = fake_bot
        assert isinstance(bot.ask("  \n" + "K" * MAX_QUESTION_CHARS + "\t "), Answer)

    def test_a_configured_limit_is_exact_too(self, tmp_path):
        from tests.conftest import CORPUS

        bot = Assistant.load(
            corpus_dir=CORPUS, index_dir=tmp_path / "ix", embedder=FakeEmbedder(), max_question_chars=40
        )
        assert isinstance(bot.ask("Who created Keras? " + "k" * 21), Answer)
        with pytest.raises(ValueError, match="41 characters long; the limit is 40"):
            bot.ask("Who created Keras? " + "k" * 22)

    def test_the_command_line_check_is_exact_too(self):
        """``assistant ask`` checks the length before loading the model (``precheck.check_question``); it
        must refuse exactly what ``Assistant.ask`` refuses. Break: ``len(text) >= limit`` in precheck."""
        from assistant.precheck import check_question

        check_question(" " + "K" * MAX_QUESTION_CHARS + "\n", MAX_QUESTION_CHARS)  # exactly the limit: no error
        check_question("Who created Keras? " + "k" * 21, 40)
        with pytest.raises(ValueError, match=rf"{MAX_QUESTION_CHARS + 1} characters long; the limit is"):
            check_question("K" * (MAX_QUESTION_CHARS + 1), MAX_QUESTION_CHARS)
        with pytest.raises(ValueError, match="41 characters long; the limit is 40"):
            check_question("Who created Keras? " + "k" * 22, 40)


class TestAnswerCacheIsBounded:
    def test_the_answer_cache_holds_at_most_its_size(self, tmp_path):
        """Counted directly: after more distinct questions than it holds, the cache holds exactly its size,
        the newest is served from it and the oldest was evicted. Break: an unbounded answer cache."""
        from tests.conftest import CORPUS

        embedder = FakeEmbedder()
        bot = Assistant.load(corpus_dir=CORPUS, index_dir=tmp_path / "ix", embedder=embedder)
        extra = 20
        # Distinct questions that abstain (no word is indexed) are cheap, and cached like any answer.
        questions = [f"zqx{n:04d} vbnq" for n in range(ANSWER_CACHE + extra)]
        for q in questions:
            bot.ask(q)
        assert len(bot._answers) == ANSWER_CACHE  # the only way to count it: no public size
        calls = embedder.calls
        bot.ask(questions[-1])
        assert embedder.calls == calls, "the newest answer is served from the cache"
        bot.ask(questions[0])
        assert embedder.calls > calls, "the oldest answer was evicted"

    def test_a_repeated_question_is_answered_from_the_cache(self, tmp_path, monkeypatch):
        """Asked again, a question is not answered a second time: the cached answer comes back (a fresh,
        equal object). Break: the cache stores nothing usable (``put(key, None)``), which the count above
        and the embedder's count (the query vector has a cache of its own) do not see."""
        from tests.conftest import CORPUS

        bot = Assistant.load(corpus_dir=CORPUS, index_dir=tmp_path / "ix", embedder=FakeEmbedder())
        answered: list[str] = []
        answer = Assistant._answer

        def counting(self, question, *args, **kwargs):  # noqa: ANN001, ANN202
            answered.append(question)
            return answer(self, question, *args, **kwargs)

        monkeypatch.setattr(Assistant, "_answer", counting)
        first = bot.ask(QUESTION)
        again = bot.ask(QUESTION)
        assert answered == [QUESTION], "the second ask is served from the cache"
        assert again == first and again is not first


class TestAbstentionSaysWhatItCovers:
    """An abstention names each framework it can answer about (as words a reader can read) and, when the
    question names an unknown framework, that name. Fast: gibberish and unknown names abstain with any model."""

    def test_gibberish_abstains_listing_every_framework(self, fake_bot):
        answer = fake_bot[0].ask("zqxv vbnqw")
        assert answer.answered is False and answer.citations == [] and answer.notes == []
        assert answer.question == "zqxv vbnqw" and answer.intent == "abstain", "API clients read both"
        assert answer.text.startswith("I don't know")
        for name in ("TensorFlow", "PyTorch", "Keras"):
            assert re.search(rf"\b{name}\b", answer.text), f"{name} is named as a word: {answer.text[:200]!r}"

    def test_an_unknown_framework_is_named(self, fake_bot):
        answer = fake_bot[0].ask("Is MXNet good for production?")
        assert answer.answered is False and "MXNet" in answer.text.split("\n", 1)[0]


class TestWhichNamesAreUnknown:
    """Which words of a question are taken for a framework no source knows (the abstention then names
    them): ``abstention.unknown_names`` with the model's own word test (``SentenceEmbedder.is_word``)
    over a fixed vocabulary, so the rule is checked independently of the bundled model. Each case
    failed under a mutant that survived the mutation check (docs/TESTING.md)."""

    VOCABULARY = frozenset(
        "which is quick good for what about the can i run models in to does should choose apple hardware "
        "chain it a".split()
    )
    INDEXED = frozenset("keras models mobile quick".split())

    def unknown(self, question: str) -> list[str]:
        from types import SimpleNamespace

        from assistant.abstention import unknown_names
        from assistant.embed import SentenceEmbedder

        model = SimpleNamespace(_vocab=self.VOCABULARY)

        def ordinary(word: str, exact: bool = False) -> bool | None:
            return SentenceEmbedder.is_word(model, word, exact=exact)

        return unknown_names(
            question,
            lambda w: w.lower() in {"tensorflow", "pytorch", "keras"},
            lambda w: w.lower() in self.INDEXED,
            ordinary,
        )

    def test_a_name_is_judged_as_written(self):
        """ "Chainer" is a name, not "chain" + "er": inflections make plain words, never names."""
        assert self.unknown("Is Chainer good?") == ["Chainer"]

    def test_an_inflected_plain_word_is_not_a_name(self):
        assert self.unknown("Which is quickest?") == []

    def test_a_lone_unknown_word_after_about_is_a_name(self):
        assert self.unknown("what about caffe?") == ["caffe"]

    def test_an_unknown_word_beside_others_in_a_weak_slot_is_a_detail(self):
        """ "in javascript" in a question about Keras models: judged by meaning, never "I don't know javascript"."""
        assert self.unknown("Can I run Keras models in javascript?") == []

    def test_a_plain_word_written_like_a_name_in_a_strong_slot_is_not_a_name(self):
        assert self.unknown("Should I choose Apple hardware?") == []


class TestBadQuestionsSayWhatWasWrong:
    @pytest.mark.parametrize(("question", "kind"), [(42, "int"), (None, "NoneType"), (b"bytes", "bytes")])
    def test_a_question_of_the_wrong_type_names_its_type(self, fake_bot, question, kind):
        with pytest.raises(TypeError, match=rf"^question must be a str, got {kind}$"):
            fake_bot[0].ask(question)

    def test_an_empty_question_lists_what_can_be_asked(self, fake_bot):
        with pytest.raises(ValueError, match=r"^question is empty: ask something about TensorFlow, PyTorch, Keras$"):
            fake_bot[0].ask("  ")

    def test_a_lone_surrogate_is_named_in_the_question(self, fake_bot):
        message = r"^question has an invalid character '\\ud800' \(a lone surrogate\) at position 3$"
        with pytest.raises(ValueError, match=message):
            fake_bot[0].ask("Who\ud800 created Keras?")
