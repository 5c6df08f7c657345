"""Promises of the answers that a mutation run showed unguarded, checked through the public API only
(``Assistant.ask``, ``Answer``, ``Citation``) and never on the wording the composer may improve.

Each test asks its own few questions on a freshly cleared answer cache, so that every test composes
its answers itself: tools/mutation.py then knows which test exercises which code.
"""

from __future__ import annotations

import re

import pytest

from assistant import Answer

pytestmark = pytest.mark.slow

MARKS = re.compile(r"((?:\[\d+\])+)")
WORD = re.compile(r"[a-z0-9][a-z0-9.+#-]*")
# Words an answer adds around its quotes ("the sources' pick", "In short:", "outdated: see the note"),
# with common English ones: what is left of a claim must come from the passage it cites.
FRAME = frozenset(
    """a an the and or but of to in on for with as at by from is are was were be been it its this that these
    those which who what when why how than then so also not no yes still now there their they them our your you
    sources source articles article say says said pick picks suits suit short going note see outdated disputed
    through newer information predates update updates more use using""".split()
)


@pytest.fixture
def ask(bot):
    """``bot.ask`` with the answer cache cleared first: the test composes its own answers."""
    bot.clear_cache()

    def ask(question: str, history: list[str] | None = None) -> Answer:
        return bot.ask(question, history=history)

    return ask


def norm(text: str) -> str:
    table = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "|": " ", "*": None})
    return " ".join(text.translate(table).casefold().split())


def content_words(text: str) -> set[str]:
    return {w.rstrip(".-") for w in WORD.findall(norm(text))} - FRAME - {""}


def claims(answer: Answer) -> list[tuple[str, list[int]]]:
    """(text, markers) for each marker group in the answer's body (notes excluded), its text being what
    stands between the previous marker group (or the line's start) and it."""
    out = []
    for line in answer.text.splitlines():
        if line.startswith(">"):
            continue
        body = re.sub(r"^(?:[-*] )?(?:\*\*[^*]+\*\*: )?", "", line.strip())
        parts = MARKS.split(body)
        for text, marks in zip(parts[0::2], parts[1::2], strict=False):
            out.append((text.strip(), [int(n) for n in re.findall(r"\d+", marks)]))
    return out


class TestEachMarkerPointsAtWhatItCloses:
    """Marker n shows the passage the sentence before it came from: the words of a claim (frame words
    aside) are, for the most part, the words of the passages it cites. A composer's verdict ("**Keras**
    is the sources' pick …") cites passages about the framework it names.

    Break that this catches: citations numbered off by one (marker n shows passage n+1), which the
    per-sentence verbatim check in test_answer_promises.py would catch too but is an open xfail.
    """

    QUESTIONS = [
        ("Which framework should I use for mobile?", None),
        ("Which framework is best for research?", None),
        ("What is the best framework for beginners?", None),
        ("PyTorch vs TensorFlow for production", None),
        ("Compare TensorFlow, PyTorch and Keras", None),
        ("Who created Keras?", None),
        ("When was PyTorch released?", None),
        ("Which backends does Keras run on?", None),
        ("What are the pros and cons of TensorFlow?", None),
        ("What is TensorBoard?", None),
        ("And who develops it?", ["Which framework is best for research?"]),
    ]

    def test_claims_come_from_the_passages_they_cite(self, ask):
        failures = []
        for question, history in self.QUESTIONS:
            a = ask(question, history)
            assert a.answered, question
            cites = {c.marker: c for c in a.citations}
            for text, markers in claims(a):
                cited = [cites[m] for m in markers if m in cites]
                assert len(cited) == len(markers), f"{question!r}: {markers} do not all resolve"
                verdict = re.match(r"\*\*([^*]+)\*\*", text)
                if verdict:
                    name = verdict.group(1).casefold()
                    if not any(name in f"{c.title} {c.section} {c.text}".casefold() for c in cited):
                        failures.append(f"{question!r}: verdict {text!r} cites no passage about {name}")
                    continue
                words = content_words(text)
                said = content_words(" ".join(f"{c.title} {c.section} {c.text}" for c in cited))
                if words and len(words & said) < 0.5 * len(words):
                    failures.append(f"{question!r}: {text[:100]!r} is not what {markers} say: {sorted(words - said)}")
        assert not failures, "\n".join(failures)
