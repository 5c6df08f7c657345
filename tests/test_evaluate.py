"""The evaluation's metric functions and question-file loader, on hand-made inputs (no model)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from assistant.evaluate import (
    DEFAULT_QUESTIONS,
    Question,
    QuestionFileError,
    abstention_scores,
    check_citations,
    citation_precision,
    claims,
    hit_at_k,
    is_relevant,
    judge,
    load_questions,
    missing_terms,
    mrr_at_k,
    ndcg_at_k,
)


def words(text: str) -> list[str]:
    """A stand-in tokenizer: lowercase words, a few stopwords dropped."""
    plain = "".join(c if c.isalnum() else " " for c in text.lower())
    return [w for w in plain.split() if w not in {"the", "is", "a", "for"}]


class TestRanking:
    def test_is_relevant_is_a_case_insensitive_substring(self):
        assert is_relevant("TensorFlow Lite for mobile", ["tensorflow lite"])
        assert not is_relevant("TensorFlow Lite for mobile", ["PyTorch Mobile", "browser"])

    def test_hit_at_k(self):
        assert hit_at_k([False, False, True], 3) == 1.0
        assert hit_at_k([False, False, True], 2) == 0.0
        assert hit_at_k([], 5) == 0.0

    def test_mrr(self):
        assert mrr_at_k([True, False]) == 1.0
        assert mrr_at_k([False, False, True]) == pytest.approx(1 / 3)
        assert mrr_at_k([False] * 10 + [True]) == 0.0, "a hit after rank 10 does not count"

    def test_ndcg(self):
        assert ndcg_at_k([True, True], total_relevant=2) == pytest.approx(1.0)
        # One relevant passage at rank 2 of two in the corpus: DCG 1/log2(3), ideal 1 + 1/log2(3).
        expected = (1 / math.log2(3)) / (1 + 1 / math.log2(3))
        assert ndcg_at_k([False, True], total_relevant=2) == pytest.approx(expected)
        assert ndcg_at_k([False, False], total_relevant=0) == 0.0


class TestAnswers:
    def question(self, **kw) -> Question:
        base = {"id": "q", "category": "recommendation", "question": "Which for mobile?", "answerable": True,
                "frameworks": ["TensorFlow"], "must_contain": [["TFLite", "TensorFlow Lite"]], "gold": ["mobile"]}
        return Question.model_validate({**base, **kw})

    def test_missing_terms_any_of(self):
        assert missing_terms("Use TFLite", [["tflite", "litert"], "use"]) == []
        assert missing_terms("Use TFLite", ["keras", ["a1", "b1"]]) == ["keras", "a1 | b1"]

    def test_correct_answer(self):
        assert judge(self.question(), True, ["TensorFlow", "PyTorch"], "TensorFlow Lite [1]", [], 1) == []

    def test_wrong_framework_and_missing_term(self):
        reasons = judge(self.question(), True, ["PyTorch", "TensorFlow"], "PyTorch Mobile [1]", [], 1)
        assert any("frameworks" in r for r in reasons) and any("missing" in r for r in reasons)

    def test_frameworks_match_in_any_order(self):
        q = self.question(frameworks=["Keras", "PyTorch"], must_contain=[])
        assert judge(q, True, ["PyTorch", "Keras", "TensorFlow"], "x [1]", [], 1) == []

    def test_abstaining_on_answerable_and_missing_note(self):
        assert judge(self.question(), False, [], "I don't know", [], 0) == ["abstained on an answerable question"]
        q = self.question(must_contain=[], expect_note=True)
        assert judge(q, True, ["TensorFlow"], "x [1]", [], 1) == ["no note on the outdated or disputed statement"]

    def test_out_of_scope(self):
        q = Question(id="o", category="out_of_scope", question="is mxnet", answerable=False, must_contain=["mxnet"])
        assert judge(q, False, [], "I don't know: my sources say nothing about mxnet.", [], 0) == []
        assert "answered an out-of-scope question" in judge(q, True, [], "mxnet [1]", [], 1)

    def test_abstention_scores(self):
        # (answerable, answered): one right abstention, one wrong abstention, one out-of-scope answered.
        precision, recall = abstention_scores([(False, False), (True, False), (False, True), (True, True)])
        assert precision == 0.5 and recall == 0.5
        assert abstention_scores([(True, True)]) == (1.0, 1.0)


class TestCitations:
    def test_claims_bind_markers_to_the_text_before_them(self):
        text = "**Keras** is the sources' pick for beginners [1][2].\n\n- Keras is easy. [3]\n> **Outdated:** [2] old."
        assert claims(text) == [
            ("Keras is the sources' pick for beginners", [1, 2]),
            ("Keras is easy", [3]),
            ("Outdated", [2]),
        ]

    def test_supported_unsupported_and_frame_words(self):
        text = "**Keras** is the sources' pick for beginners [1][2].\n- TensorFlow runs on TPUs. [3]"
        passages = {1: "Complete beginners: Keras.", 2: "PyTorch for research.", 3: "TensorFlow runs on TPUs."}
        checks = {c.marker: c for c in check_citations(text, passages, words)}
        assert checks[1].supported, "frame words (sources, pick) need no support"
        assert not checks[2].supported
        assert checks[3].supported and checks[3].share == 1.0
        assert citation_precision(list(checks.values())) == pytest.approx(2 / 3)

    def test_unknown_marker_and_reference_only_markers(self):
        checks = check_citations("Keras is easy [9].\n**Outdated:** [1] predates newer information.", {1: "x"}, words)
        assert [(c.marker, c.supported) for c in checks] == [(9, False)]

    def test_threshold_is_sixty_percent(self):
        passage = {1: "alpha beta gamma"}
        assert check_citations("alpha beta gamma delta zeta [1]", passage, words)[0].supported is True  # 3/5
        assert check_citations("alpha beta delta zeta [1]", passage, words)[0].supported is False  # 2/4

    def test_nothing_checked_is_perfect_precision(self):
        assert citation_precision([]) == 1.0


class TestLoader:
    def write(self, tmp_path: Path, text: str) -> Path:
        path = tmp_path / "q.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    def test_shipped_set_is_valid_and_broad(self):
        questions = load_questions(DEFAULT_QUESTIONS)
        assert len(questions) >= 80
        assert sum(not q.answerable for q in questions) >= 12
        assert sum(bool(q.history) for q in questions) >= 5
        assert sum(q.expect_note for q in questions) >= 5
        categories = {q.category for q in questions}
        assert {"recommendation", "attribute", "comparison", "pros_cons", "faq", "follow_up", "paraphrase",
                "disagreement", "out_of_scope"} <= categories

    def test_error_names_item_and_field(self, tmp_path):
        path = self.write(tmp_path, "- id: ok\n  category: c\n  question: q?\n  answerable: maybe\n  gold: [x]\n")
        with pytest.raises(QuestionFileError, match=r"item 0 \(id 'ok'\).*field 'answerable'"):
            load_questions(path)

    def test_answerable_needs_gold(self, tmp_path):
        path = self.write(tmp_path, "- id: a\n  category: c\n  question: q?\n  answerable: true\n")
        with pytest.raises(QuestionFileError, match="gold"):
            load_questions(path)

    def test_unknown_field_and_duplicate_id(self, tmp_path):
        item = "- id: a\n  category: c\n  question: q?\n  answerable: false\n"
        with pytest.raises(QuestionFileError, match="field 'colour'"):
            load_questions(self.write(tmp_path, item + "  colour: red\n"))
        with pytest.raises(QuestionFileError, match="duplicate id 'a'"):
            load_questions(self.write(tmp_path, item + item))

    def test_not_a_list_missing_file_and_bad_yaml(self, tmp_path):
        with pytest.raises(QuestionFileError, match="list"):
            load_questions(self.write(tmp_path, "id: a\n"))
        with pytest.raises(QuestionFileError, match="does not exist"):
            load_questions(tmp_path / "nope.yaml")
        with pytest.raises(QuestionFileError, match="not valid YAML"):
            load_questions(self.write(tmp_path, "- [unclosed\n"))
