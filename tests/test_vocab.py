"""The word lists in assistant/vocab.py: each one free of repeats, and the one pattern builder."""

from __future__ import annotations

import re

import pytest

from assistant import vocab

LISTS = {
    name: value
    for name, value in vars(vocab).items()
    if name.isupper() and isinstance(value, tuple) and all(isinstance(w, str) for w in value)
}


def test_the_lists_are_found() -> None:
    assert {"ABBREVIATIONS", "QUESTION_FRAMING", "END_HEADINGS", "BOILERPLATE_MARKERS"} <= set(LISTS)


@pytest.mark.parametrize("name", sorted(LISTS))
def test_a_list_names_each_word_once(name: str) -> None:
    words = [w.casefold() for w in LISTS[name]]
    repeated = sorted({w for w in words if words.count(w) > 1})
    assert repeated == [], f"{name} repeats {repeated}"


@pytest.mark.parametrize("name", sorted(LISTS))
def test_a_list_holds_plain_lowercase_phrases(name: str) -> None:
    # the readers lowercase and fold spaces before they compare: an entry written otherwise never matches
    assert all(w and w == w.strip() and w == w.lower() and "  " not in w for w in LISTS[name]), name


class TestWordsPattern:
    def test_matches_whole_words_ignoring_case(self) -> None:
        pattern = vocab.words_pattern(["faq", "people also ask"])
        assert pattern.search("Keras FAQ")
        assert pattern.search("What People Also Ask")
        assert not pattern.search("faqtory")

    def test_takes_each_word_literally(self) -> None:
        pattern = vocab.words_pattern(["e.g"])
        assert pattern.search("see e.g here")
        assert not pattern.search("see exg here")  # the dot is not "any character"

    def test_a_longer_word_after_its_prefix_still_matches(self) -> None:
        assert vocab.words_pattern(["faq", "faqs"]).fullmatch("faqs")

    def test_fills_a_template(self) -> None:
        pattern = vocab.words_pattern(vocab.IMAGE_WORDS, r"\((?:[\w ]+ )?{}\)$")
        assert pattern.search("(Hero image)")
        assert not pattern.search("(Hero image) caption")

    def test_flags_can_be_given(self) -> None:
        assert not vocab.words_pattern(["keras"], flags=0).search("Keras")
        assert vocab.words_pattern(["keras"], flags=re.I).search("Keras")
