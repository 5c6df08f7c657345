"""The sentence-level Knowledge kept across updates (answer/knowledge.py): an index state after adds and
removes must hold exactly what a build from scratch over the same passages holds, while only the
changed documents are cut and embedded again."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from assistant import Assistant
from assistant.answer import Knowledge, build_knowledge
from assistant.facts import claims_finder
from assistant.frameworks import FrameworkMatcher
from assistant.passages import load_corpus_facts, load_passages
from assistant.records import Passage
from tests.conftest import CORPUS, FakeEmbedder

NOT_COMPARED = {"parts", "facts", "_scores_memo", "_topic_memo"}  # the reuse itself, and a per-question memo


def differences(a: Knowledge, b: Knowledge) -> list[str]:
    """Names of the Knowledge fields that differ (arrays bit for bit, dtype and shape included)."""
    out = []
    for f in dataclasses.fields(Knowledge):
        if f.name in NOT_COMPARED:
            continue
        x, y = getattr(a, f.name), getattr(b, f.name)
        if isinstance(x, np.ndarray):
            same = x.dtype == y.dtype and x.shape == y.shape and np.array_equal(x, y)
        elif isinstance(x, dict) and any(isinstance(v, np.ndarray) for v in x.values()):
            same = list(x) == list(y) and all(np.array_equal(x[key], y[key]) for key in x)
        else:
            same = x == y
        if not same:
            out.append(f.name)
    return out


DOCUMENTS = {
    "alpha": (
        "# Alpha: TensorFlow on phones\n\n## TensorFlow\n\nTensorFlow is the best choice for mobile apps. "
        "It converts models with TensorFlow Lite for Android.\n\n"
        "| Feature | TensorFlow | PyTorch |\n|---|---|---|\n| Best use | Production serving | Research |\n"
        "| Mobile | TensorFlow Lite | PyTorch Mobile |\n\n"
        "## Notes\n\n- Quantize early; - Profile on the device; - Keep the model small\n"
    ),
    "beta": (
        "# Beta notes on Keras\n\nKeras is ideal for beginners who want results quickly. "
        "Its layers read like the diagram of the model.\n\n## PyTorch\n\nPyTorch Mobile is what we shipped in 2020. "
        "In this post we compare the two.\n"
    ),
    "gamma": "# Gamma\n\nJAX compiles numerical code with XLA. PyTorch is recommended for research prototypes.\n",
}


class CountingEncoder:
    """The fake embedder's vectors, and every text it was asked for."""

    def __init__(self) -> None:
        self.embedder = FakeEmbedder()
        self.texts: list[str] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.texts += texts
        return self.embedder.encode(texts)


def user_passages(name: str, text: str) -> list[Passage]:
    """A user's document as passages (one per paragraph), like the library's, without a child process."""
    out = []
    for n, block in enumerate(b for b in text.split("\n\n") if b.strip()):
        kind = "list" if block.startswith("- ") else "prose"
        body = block.lstrip("#- ").replace("\n- ", "; ").replace(" - ", " ")
        out.append(
            Passage(f"{name}#{n:03d}", name, f"{name} notes", body, section=f"{name} > Part {n // 2}", kind=kind)
        )
    return out


@pytest.fixture(scope="module")
def base() -> tuple[Any, list[Passage], FrameworkMatcher]:
    facts = load_corpus_facts(CORPUS)
    return facts, load_passages(CORPUS, facts), FrameworkMatcher(facts)


def build(base: Any, passages: list[Passage], encode: Any, previous: Knowledge | None = None) -> Knowledge:
    facts, _, matcher = base
    return build_knowledge(passages, facts, matcher.find, matcher.names, encode, claims_finder(facts), previous)


class TestBuildKnowledge:
    def test_each_update_equals_a_build_from_scratch(self, base: Any) -> None:
        corpus = base[1]
        docs = {name: user_passages(name, text) for name, text in DOCUMENTS.items()}
        states = [
            ["alpha", "beta", "gamma"],
            ["alpha", "gamma"],  # beta removed: gamma's rows and units move up
            ["gamma"],
            ["gamma", "beta"],
            [],
            ["beta", "alpha"],
        ]
        previous = build(base, corpus, CountingEncoder())
        for names in states:
            passages = corpus + [p for name in names for p in docs[name]]
            encode = CountingEncoder()
            updated = build(base, passages, encode, previous)
            fresh = build(base, passages, CountingEncoder())
            assert differences(updated, fresh) == [], names
            assert len(updated.units) == len(fresh.units) > 0
            previous = updated
        assert updated.labels and any(lb.source == "alpha" for lb in updated.labels), "the documents give labels"
        assert updated.updates[-1] or any(updated.updates), "a unit names a renamed tool (TensorFlow Lite)"

    def test_only_the_changed_document_is_cut_and_embedded(self, base: Any) -> None:
        corpus = base[1]
        docs = {name: user_passages(name, text) for name, text in DOCUMENTS.items()}
        first = build(base, corpus + docs["alpha"] + docs["beta"], CountingEncoder())
        encode = CountingEncoder()
        added = build(base, corpus + docs["alpha"] + docs["beta"] + docs["gamma"], encode, first)
        gamma_units = [u.text for u in added.units if added.passages[u.row].source == "gamma"]
        asked = set(encode.texts)
        assert all(any(text in t for t in asked) for text in gamma_units)
        assert not any(t.startswith(("alpha >", "beta >")) for t in asked), "unchanged documents are not re-embedded"
        assert added.parts[:-1] == first.parts, "the parts before the new document are the very same"
        removed = build(base, corpus + docs["beta"] + docs["gamma"], CountingEncoder(), added)
        assert removed.parts[-1].passages is added.parts[-1].passages  # moved, not cut again
        assert removed.parts[-1].unit < added.parts[-1].unit

    def test_a_changed_passage_is_cut_again(self, base: Any) -> None:
        corpus = base[1]
        doc = user_passages("alpha", DOCUMENTS["alpha"])
        first = build(base, corpus + doc, CountingEncoder())
        edited = [*doc[:1], dataclasses.replace(doc[1], text="PyTorch is ideal for research."), *doc[2:]]
        updated = build(base, corpus + edited, CountingEncoder(), first)
        assert differences(updated, build(base, corpus + edited, CountingEncoder())) == []
        assert any(u.text == "PyTorch is ideal for research." for u in updated.units)


def test_an_assistant_after_add_and_remove_holds_a_fresh_knowledge(tmp_path: Path) -> None:
    folders = {"index_dir": tmp_path / "index", "data_dir": tmp_path / "data", "corpus_dir": CORPUS}
    bot = Assistant.load(embedder=FakeEmbedder(), **folders)
    ids = []
    for name, text in DOCUMENTS.items():
        path = tmp_path / f"{name}.md"
        path.write_text(text, encoding="utf-8")
        ids += [info.id for info in bot.add(path)]
    fresh = Assistant.load(embedder=FakeEmbedder(), **folders)
    assert differences(bot.composer.knowledge, fresh.composer.knowledge) == []
    bot.remove(ids[0])  # the first document: every later one moves
    fresh = Assistant.load(embedder=FakeEmbedder(), **folders)
    assert differences(bot.composer.knowledge, fresh.composer.knowledge) == []
    assert (
        bot.ask("Which framework is best for mobile apps?").model_dump()
        == fresh.ask("Which framework is best for mobile apps?").model_dump()
    )


def test_an_advice_cell_naming_only_the_framework_takes_its_rows_use_case(base: Any) -> None:
    """ "Mobile and Edge AI | TensorFlow (TFLite)": the cell recommends TensorFlow; the use case is the
    row's name, so the verdict reads "mobile and edge AI → TensorFlow", never "TensorFlow (TFLite)"."""
    knowledge = build(base, base[1], CountingEncoder())
    verdicts = {(lb.text, lb.framework) for lb in knowledge.labels}
    assert ("mobile and edge AI", "TensorFlow") in verdicts
    assert not any("TFLite" in lb.text for lb in knowledge.labels)


def test_generic_words_are_those_every_framework_shares(base: Any) -> None:
    """The words a use case is judged without are the corpus's own: frequent and spread over the frameworks
    as all units are ("model"), never a word of one framework's use case ("research", "mobile")."""
    generic = build(base, base[1], CountingEncoder()).generic
    assert "model" in generic or "models" in generic
    assert not {"research", "mobile", "beginners", "production"} & set(generic)
