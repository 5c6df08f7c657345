"""The Python API contract, answered by the real bundled model over the shipped corpus."""

from __future__ import annotations

import re

import pytest

from assistant import Answer, Citation

pytestmark = pytest.mark.slow


def markers(text: str) -> set[int]:
    return {int(m) for m in re.findall(r"\[(\d+)\]", text)}


class TestContract:
    def test_answer_shape(self, bot):
        ans = bot.ask("Which framework should I use for mobile?")
        assert isinstance(ans, Answer)
        assert isinstance(ans.text, str) and ans.text
        assert ans.answered is True
        assert all(isinstance(c, Citation) for c in ans.citations)
        assert [c.marker for c in ans.citations] == list(range(1, len(ans.citations) + 1))
        assert markers(ans.text) == {c.marker for c in ans.citations}, (
            "every citation is used and every marker resolves"
        )
        for c in ans.citations:
            assert c.text and c.source and c.title

    def test_mobile_recommendation(self, bot):
        ans = bot.ask("Which framework should I use for mobile?")
        assert ans.frameworks[0] == "TensorFlow"
        assert re.search(r"TensorFlow Lite|TFLite|LiteRT", ans.text)
        corpus_sources = {c.source for c in ans.citations if c.source != "facts"}
        assert len(corpus_sources) >= 2, "support from at least two different articles"
        assert re.search(r"PyTorch Mobile|ExecuTorch", ans.text), "names the PyTorch alternative"

    def test_json_round_trip(self, bot):
        ans = bot.ask("Who created Keras?")
        assert Answer.model_validate_json(ans.model_dump_json()) == ans

    def test_history_accepts_gradio_messages(self, bot):
        history = [
            {"role": "user", "content": "Which framework is best for research?"},
            {"role": "assistant", "content": bot.ask("Which framework is best for research?").text},
        ]
        ans = bot.ask("And who develops it?", history=history)
        assert ans.answered and ans.frameworks == ["PyTorch"]


class TestBadInput:
    @pytest.mark.parametrize("question", ["", "   ", "\n\t"])
    def test_empty_question(self, bot, question):
        with pytest.raises(ValueError, match="empty"):
            bot.ask(question)

    def test_too_long_question(self, bot):
        with pytest.raises(ValueError, match="limit"):
            bot.ask("keras " * 1000)

    @pytest.mark.parametrize("question", [None, 42, b"bytes", ["list"]])
    def test_non_string(self, bot, question):
        with pytest.raises(TypeError, match="str"):
            bot.ask(question)

    def test_bad_history(self, bot):
        with pytest.raises(TypeError):
            bot.ask("Who created Keras?", history=[42])


class TestAbstention:
    @pytest.mark.parametrize(
        "question",
        [
            "What's the weather in Paris tomorrow?",
            "Give me a recipe for pancakes",
            "Is MXNet good for production?",
            "Who won the football world cup in 2018?",
        ],
    )
    def test_out_of_scope_abstains(self, bot, question):
        ans = bot.ask(question)
        assert ans.answered is False
        assert ans.citations == []
        assert "TensorFlow" in ans.text and "I don't know" in ans.text

    def test_unknown_framework_is_named(self, bot):
        assert "MXNet" in bot.ask("Is MXNet good for production?").text


class TestFollowUps:
    def test_pronoun_resolves_to_previous_answer(self, bot):
        ans = bot.ask("And who develops it?", history=["Which framework is best for research?"])
        assert ans.frameworks == ["PyTorch"]
        assert re.search(r"Meta|Facebook", ans.text)

    def test_without_history_the_same_question_is_not_about_pytorch(self, bot):
        ans = bot.ask("And who develops it?")
        assert ans.frameworks != ["PyTorch"]

    def test_what_about_keeps_the_topic(self, bot):
        ans = bot.ask("What about Keras?", history=["Who created PyTorch?"])
        assert "Keras" in ans.frameworks
        assert re.search(r"Chollet|Google", ans.text)


class TestDisagreement:
    def test_outdated_keras_backends_are_flagged(self, bot):
        ans = bot.ask("Which backends does Keras run on?")
        assert ans.notes, "the Theano/CNTK claim is outdated and must be flagged"
        assert "JAX" in ans.text
        assert any(c.source == "facts" and c.url for c in ans.citations)
        assert any(c.source != "facts" for c in ans.citations)
