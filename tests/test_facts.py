"""Tests for the structured facts stage: the shipped facts file, its rendering, errors and the matcher."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup

from assistant.errors import FactsError
from assistant.facts import (
    FACT_TEMPLATES,
    FactsFile,
    FrameworkMatcher,
    check_quotes,
    check_sources,
    fact_passages,
    find_superseded,
    load_facts,
    supersessions,
    tag_frameworks,
    update_passage_id,
)
from assistant.records import Passage

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FACTS_PATH = CORPUS / "facts.yaml"
REQUIRED_FIELDS = [key for key in FACT_TEMPLATES if key != "creator"]


def corpus_ids() -> list[str]:
    return sorted(p.stem for p in CORPUS.glob("*.txt"))


def reader_text(doc_id: str) -> str:
    """The text a reader sees: HTML reduced to its text, whitespace collapsed."""
    raw = (CORPUS / f"{doc_id}.txt").read_text(encoding="utf-8")
    if raw.lstrip().startswith("<"):
        raw = BeautifulSoup(raw, "html.parser").get_text()
    return " ".join(raw.split())


@pytest.fixture(scope="module")
def facts() -> FactsFile:
    return load_facts(FACTS_PATH)


@pytest.fixture(scope="module")
def matcher(facts: FactsFile) -> FrameworkMatcher:
    return FrameworkMatcher(facts)


def minimal_framework(name: str, aliases: list[str] | None = None) -> dict[str, Any]:
    fact = {"value": "x", "sources": ["doc"]}
    return {"name": name, "aliases": aliases or [], **{key: dict(fact) for key in REQUIRED_FIELDS}}


def minimal_data() -> dict[str, Any]:
    return {
        "frameworks": [minimal_framework("Alpha", ["al"]), minimal_framework("Beta")],
        "updates": [
            {
                "id": "alpha-news",
                "frameworks": ["Alpha"],
                "as_of": "2024-01-02",
                "url": "https://example.org/news",
                "statement": "Alpha changed.",
                "supersedes": [{"source": "doc", "quote": "Alpha is old"}],
            }
        ],
    }


def write_yaml(tmp_path: Path, data: Any) -> Path:
    path = tmp_path / "facts.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


class TestShippedFacts:
    def test_three_frameworks_with_all_fields(self, facts: FactsFile) -> None:
        assert [fw.name for fw in facts.frameworks] == ["TensorFlow", "PyTorch", "Keras"]
        for fw in facts.frameworks:
            assert fw.aliases, fw.name
            for key in REQUIRED_FIELDS:
                fact = getattr(fw, key)
                assert fact is not None and fact.sources, f"{fw.name}.{key}"
        keras = facts.frameworks[2]
        assert keras.creator is not None and keras.creator.value == "François Chollet"

    def test_every_source_is_a_corpus_document(self, facts: FactsFile) -> None:
        check_sources(facts, corpus_ids())
        cited = {s for fw in facts.frameworks for _, fact in fw.facts() for s in fact.sources}
        cited |= {c.source for up in facts.updates for c in (*up.supersedes, *up.disputes)}
        assert cited <= set(corpus_ids())

    def test_every_quote_is_in_its_document(self, facts: FactsFile) -> None:
        for up in facts.updates:
            for claim in (*up.supersedes, *up.disputes):
                assert " ".join(claim.quote.split()) in reader_text(claim.source), (up.id, claim.quote)
        check_quotes(facts, {doc_id: reader_text(doc_id) for doc_id in corpus_ids()})

    def test_required_updates(self, facts: FactsFile) -> None:
        by_id = {up.id: up for up in facts.updates}

        def claimed(update_id: str) -> set[str]:
            up = by_id[update_id]
            return {c.source[:3] for c in (*up.supersedes, *up.disputes)}

        assert claimed("keras-3-backends") == {"000", "001", "002", "003", "004"}
        assert claimed("theano-discontinued") == claimed("cntk-discontinued") == {"002", "003", "004"}
        assert claimed("tensorflow-2-eager-default") == {"000", "001"}
        assert claimed("tensorflow-lite-renamed-litert")
        assert claimed("pytorch-mobile-executorch") == {"001"}
        conflict = by_id["pytorch-release-year"]
        assert conflict.kind == "conflict" and {c.source[:3] for c in conflict.disputes} == {"002", "003"}
        for up in facts.updates:
            assert up.url.startswith("https://") and up.as_of.year >= 2017, up.id


class TestPassages:
    def test_unique_non_empty_fact_passages(self, facts: FactsFile) -> None:
        passages = fact_passages(facts)
        ids = [p.id for p in passages]
        assert len(ids) == len(set(ids))
        assert len(passages) == sum(len(fw.facts()) for fw in facts.frameworks) + len(facts.updates)
        for p in passages:
            assert p.text.strip() and p.kind == "fact" and p.source == "facts", p.id
            assert p.frameworks and p.section.startswith(f"{p.frameworks[0]} > "), p.id

    def test_fact_passages_cite_corpus_ids(self, facts: FactsFile) -> None:
        by_id = {p.id: p for p in fact_passages(facts)}
        dev = by_id["facts#tensorflow.developer"]
        assert dev.text == "TensorFlow is developed by Google (the Google Brain team)."
        assert dev.title == "Framework facts" and dev.url is None and dev.section == "TensorFlow > developer"
        assert set(dev.meta["sources"].split(",")) <= set(corpus_ids())
        deploy = by_id["facts#tensorflow.deployment_targets"].text
        assert deploy.startswith(
            "TensorFlow's deployment targets are mobile and edge (TensorFlow Lite), browser (TensorFlow.js), "
            "server (TensorFlow Serving)."
        )
        assert "2017" in by_id["facts#pytorch.first_release"].text

    def test_update_passages_carry_url_date_and_claims(self, facts: FactsFile) -> None:
        updates = [p for p in fact_passages(facts) if p.id.startswith("facts#update.")]
        assert len(updates) == len(facts.updates)
        for p in updates:
            assert p.url and p.url.startswith("http") and p.date, p.id
            claims = json.loads(p.meta["supersedes"]) + json.loads(p.meta["disputes"])
            assert claims and all({"source", "quote"} == set(c) for c in claims)
        keras3 = next(p for p in updates if p.id == "facts#update.keras-3-backends")
        assert keras3.text.startswith("Update (as of 2023-11-28): ")
        assert keras3.section == "Keras > update" and keras3.frameworks == ("Keras",)
        assert keras3.url == "https://keras.io/keras_3/" and keras3.title == "Introducing Keras 3.0"

    def test_ids_are_stable(self, facts: FactsFile, tmp_path: Path) -> None:
        """An id names what a passage is (framework and field, or update), never where it sits in the file:
        reordering the file and adding an update leave every existing passage's id and text as they were."""
        before = {p.id: p.text for p in fact_passages(facts)}
        pinned = {"facts#tensorflow.developer", "facts#pytorch.first_release", "facts#update.keras-3-backends"}
        assert pinned <= set(before), "ids that answers, notes and evaluations refer to"
        data = yaml.safe_load(FACTS_PATH.read_text(encoding="utf-8"))
        data["frameworks"].reverse()
        data["updates"].reverse()
        data["updates"].insert(0, {**copy.deepcopy(data["updates"][-1]), "id": "a-new-update"})
        edited = tmp_path / "facts.yaml"
        edited.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
        after = {p.id: p.text for p in fact_passages(load_facts(edited))}
        assert {k: after.get(k) for k in before} == before
        assert set(after) - set(before) == {"facts#update.a-new-update"}


class TestSupersession:
    def test_find_superseded_in_corpus_passages(self, facts: FactsFile) -> None:
        row = "Execution Model | Eager execution by default. | Graph-based by default, but supports eager execution."
        assert find_superseded(row, facts) == ["facts#update.tensorflow-2-eager-default"]
        assert find_superseded(row, facts, source="001_27bf8468b2f174b7") == ["facts#update.tensorflow-2-eager-default"]
        assert find_superseded(row, facts, source="003_8f13f9ae77550d03") == []
        bullet = "- Runs on top of **TensorFlow**, Theano, or CNTK"
        assert find_superseded(bullet, facts) == [
            "facts#update.keras-3-backends",
            "facts#update.theano-discontinued",
            "facts#update.cntk-discontinued",
        ]
        assert find_superseded("PyTorch is known for dynamic computation graphs.", facts) == []

    def test_find_superseded_on_whole_documents(self, facts: FactsFile) -> None:
        for up in facts.updates:
            for claim in (*up.supersedes, *up.disputes):
                found = find_superseded(reader_text(claim.source), facts, source=claim.source)
                assert update_passage_id(up) in found

    def test_supersessions_map(self, facts: FactsFile) -> None:
        mapping = supersessions(facts)
        assert mapping["graph-based by default"] == ["facts#update.tensorflow-2-eager-default"]
        assert len(mapping["keras can run on top of tensorflow, theano, or cntk"]) == 3


class TestErrors:
    def test_minimal_file_loads(self, tmp_path: Path) -> None:
        loaded = load_facts(write_yaml(tmp_path, minimal_data()))
        assert [fw.name for fw in loaded.frameworks] == ["Alpha", "Beta"]
        assert str(loaded.updates[0].as_of) == "2024-01-02"

    def test_missing_file(self, tmp_path: Path) -> None:
        with pytest.raises(FactsError, match=r"nope\.yaml: facts file not found"):
            load_facts(tmp_path / "nope.yaml")

    def test_malformed_yaml_names_line(self, tmp_path: Path) -> None:
        path = tmp_path / "facts.yaml"
        path.write_text("frameworks:\n  - name: Alpha\n    aliases: [a, b\n", encoding="utf-8")
        with pytest.raises(FactsError, match=r"facts\.yaml: malformed YAML at line \d+, column \d+"):
            load_facts(path)

    def test_duplicate_key_names_line(self, tmp_path: Path) -> None:
        path = tmp_path / "facts.yaml"
        path.write_text("frameworks: []\nframeworks: []\n", encoding="utf-8")
        with pytest.raises(FactsError, match=r"malformed YAML at line 2, column 1: found duplicate key 'frameworks'"):
            load_facts(path)

    def test_top_level_must_be_mapping(self, tmp_path: Path) -> None:
        with pytest.raises(FactsError, match="expected a mapping"):
            load_facts(write_yaml(tmp_path, ["frameworks"]))

    def test_missing_field_names_path(self, tmp_path: Path) -> None:
        data = minimal_data()
        del data["frameworks"][1]["developer"]["sources"]
        with pytest.raises(FactsError, match=r"facts\.yaml: frameworks\[1\]\.developer\.sources: Field required"):
            load_facts(write_yaml(tmp_path, data))

    @pytest.mark.parametrize(
        ("mutate", "expected"),
        [
            (lambda d: d["frameworks"][0].update(aliases=5), r"frameworks\[0\]\.aliases: Input should be a valid list"),
            (lambda d: d["frameworks"][0]["tooling"].update(value=5), r"frameworks\[0\]\.tooling\.value: Value error"),
            (lambda d: d["frameworks"][0].update(colour="red"), r"frameworks\[0\]\.colour: Extra inputs"),
            (
                lambda d: d["updates"][0].update(as_of="2024-13-45"),
                r"updates\[0\]\.as_of: Input should be a valid date",
            ),
            (lambda d: d["updates"][0].update(as_of="soon"), r"updates\[0\]\.as_of: Input should be a valid date"),
            (lambda d: d["updates"][0].update(url="ftp://example.org"), r"updates\[0\]\.url: .*not an http\(s\) URL"),
            (lambda d: d["updates"][0].update(supersedes=[]), r"updates\[0\]: .*supersedes or disputes"),
            (lambda d: d["updates"][0].update(frameworks=["Gamma"]), r"unknown framework\(s\) \['Gamma'\]"),
            (lambda d: d["frameworks"][1].update(aliases=["AL"]), r"alias 'AL' is used by both 'Alpha' and 'Beta'"),
        ],
    )
    def test_schema_errors_name_the_field(self, tmp_path: Path, mutate: Any, expected: str) -> None:
        data = copy.deepcopy(minimal_data())
        mutate(data)
        with pytest.raises(FactsError, match=expected) as info:
            load_facts(write_yaml(tmp_path, data))
        assert str(info.value).startswith(str(tmp_path / "facts.yaml"))

    def test_unknown_source_names_id_and_place(self, facts: FactsFile) -> None:
        with pytest.raises(FactsError, match=r"unknown corpus id '000_cb65916fe6866b9d' in frameworks\[0\]\.developer"):
            check_sources(facts, [i for i in corpus_ids() if not i.startswith("000")])

    def test_missing_quote_is_reported(self, facts: FactsFile) -> None:
        texts = {doc_id: reader_text(doc_id) for doc_id in corpus_ids()}
        texts["001_27bf8468b2f174b7"] = "nothing here"
        with pytest.raises(FactsError, match="quote 'Graph-based by default' not found in 001_27bf8468b2f174b7"):
            check_quotes(facts, texts)


class TestFrameworkMatcher:
    def test_names(self, matcher: FrameworkMatcher) -> None:
        assert matcher.names == ["TensorFlow", "PyTorch", "Keras"]

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("Should I learn TF or torch?", ["TensorFlow", "PyTorch"]),
            ("tf2 and pytorch", ["TensorFlow", "PyTorch"]),
            ("Keras 3 vs Tensor Flow vs py torch", ["Keras", "TensorFlow", "PyTorch"]),
            ("Tensor-Flow", ["TensorFlow"]),
            ("TensorFlow’s static graphs", ["TensorFlow"]),
            ("deploy with TFLite, LiteRT or tensorflow.js", ["TensorFlow"]),
            ("tf.keras only", ["Keras"]),
            ("import torch.nn as nn", ["PyTorch"]),
            ("TorchScript and ExecuTorch replace PyTorch Mobile", ["PyTorch"]),
            ("keras_core is now Keras", ["Keras"]),
        ],
    )
    def test_aliases(self, matcher: FrameworkMatcher, text: str, expected: list[str]) -> None:
        assert matcher.find(text) == expected

    def test_order_of_first_mention(self, matcher: FrameworkMatcher) -> None:
        assert matcher.find("Keras runs on TensorFlow; PyTorch differs; Keras again") == [
            "Keras",
            "TensorFlow",
            "PyTorch",
        ]
        assert matcher.find("torch first, then TF") == ["PyTorch", "TensorFlow"]

    @pytest.mark.parametrize(
        "text",
        ["a torchlight tour", "often after lunch", "the porch light", "touch the tensor", "tflops and pts", "kernels"],
    )
    def test_unrelated_words_do_not_match(self, matcher: FrameworkMatcher, text: str) -> None:
        assert matcher.find(text) == []
        assert matcher.find(text, fuzzy=True) == []

    def test_typos_only_when_fuzzy(self, matcher: FrameworkMatcher) -> None:
        text = "tensorflw or pytroch, maybe kerass"
        assert matcher.find(text) == []
        assert matcher.find(text, fuzzy=True) == ["TensorFlow", "PyTorch", "Keras"]
        assert matcher.find("Is kears easier than Pytorhc?", fuzzy=True) == ["Keras", "PyTorch"]
        assert matcher.find("python pytest kerala terraform", fuzzy=True) == []

    def test_not_limited_to_shipped_frameworks(self) -> None:
        m = FrameworkMatcher({"JAX": ["jax", "flax"], "MXNet": ["mxnet"]})
        assert m.names == ["JAX", "MXNet"]
        assert m.find("Flax on JAX, or MXNet?") == ["JAX", "MXNet"]

    def test_short_forms_are_spelled_out_and_tool_names_kept(self, matcher: FrameworkMatcher) -> None:
        """A question is read with "TF"/"torch"/"pt" as the names they stand for (a model reads "TF" as little
        more than two letters); aliases that name a tool ("TFLite", "tf.keras", "TorchScript") stay as written."""
        assert matcher.spelled_out("TF or torch for my thesis?") == "TensorFlow or PyTorch for my thesis?"
        assert matcher.spelled_out("is pt good?") == "is PyTorch good?"
        kept = "TFLite, tf.keras, TorchScript, tfjs and TFX"
        assert matcher.spelled_out(kept) == kept
        assert matcher.spelled_out("a torchlight in tflops") == "a torchlight in tflops"
        # a short form opening a dotted code name is part of that name ("tf.function" is no "TensorFlow.function")
        code = "what does tf.function do, and torch.compile()?"
        assert matcher.spelled_out(code) == code

    def test_conflicting_alias_is_rejected(self) -> None:
        with pytest.raises(ValueError, match="alias 'X' is claimed by both 'A' and 'B'"):
            FrameworkMatcher({"A": ["x"], "B": ["X"]})


def test_tag_frameworks(matcher: FrameworkMatcher, facts: FactsFile) -> None:
    passages = [
        Passage(id="d#1", source="d", title="t", text="PyTorch and tf.keras", section="TensorFlow"),
        Passage(id="d#2", source="d", title="t", text="nothing to see"),
    ]
    tagged = tag_frameworks(passages, matcher)
    assert tagged[0].frameworks == ("TensorFlow", "PyTorch", "Keras")
    assert tagged[1].frameworks == ()
    assert passages[0].frameworks == ()
    keras3 = next(p for p in fact_passages(facts) if p.id == "facts#update.keras-3-backends")
    assert tag_frameworks([keras3], matcher)[0].frameworks == ("Keras", "TensorFlow", "PyTorch")
