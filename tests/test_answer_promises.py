"""What every answer promises its reader, checked answer by answer through the public ``Answer``:

- every statement carries an ``[n]`` marker (no sentence of an answer is left unsourced);
- each sentence of a corpus quote is found in the passage its marker points at;
- a note's label matches the kind of the update it reports in corpus/facts.yaml (outdated vs disputed);
- every note cites the update it reports, and the older passages it flags are the ones the update
  names; every quoted statement the facts file marks as outdated or disputed is flagged.

The facts file is read here with plain YAML, not through the product, so the oracle is independent.
The questions are this file's own list (it covers every intent and both kinds of note) plus any
question found in tests/questions.yaml. Written against ``Answer``/``Citation`` only, so the checks
survive changes to how answers are composed.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant import Answer, Citation

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
MARKS = re.compile(r"((?:\[\d+\])+)")
REPLACED = re.compile(
    r" \((now [^()\[\]]+?, as of [\d-]{10}) \[(\d+)\]\)"
    r"|; (now [^()\[\]]+?, as of [\d-]{10}) \[(\d+)\](?=\))"
)
FRAMEWORKS = ("TensorFlow", "PyTorch", "Keras")

QUESTIONS: list[tuple[str, list[str]]] = [
    ("Which framework should I use for mobile?", []),
    ("Which framework is best for research?", []),
    ("What is the best framework for beginners?", []),
    ("Which framework should I pick for natural language processing?", []),
    ("Which framework is best for custom model architectures?", []),
    ("Which framework has the best tools for visualizing training?", []),
    ("Best framework for edge devices?", []),
    ("PyTorch vs TensorFlow for production", []),
    ("Keras or PyTorch for a beginner?", []),
    ("Compare TensorFlow, PyTorch and Keras", []),
    ("Who created Keras?", []),
    ("Is Keras good for custom layers and losses?", []),  # its limitation names the pick too: quoted once
    ("Who develops PyTorch?", []),
    ("When was PyTorch released?", []),
    ("when was pytroch released", []),
    ("When was TensorFlow released?", []),
    ("Which backends does Keras run on?", []),
    ("Does Keras still support Theano?", []),
    ("Does TensorFlow use static computation graphs?", []),
    ("Is TensorFlow Lite still called TensorFlow Lite?", []),
    ("Can PyTorch models be deployed on mobile devices?", []),
    ("What are the pros and cons of TensorFlow?", []),
    ("What is TensorBoard?", []),
    ("Is Keras still relevant?", []),
    ("And PyTorch?", ["When was TensorFlow released?"]),
    ("And who develops it?", ["Which framework is best for research?"]),
    ("What about Keras?", ["Who created PyTorch?"]),
]


def _questions_file() -> list[tuple[str, list[str]]]:
    """Every ``question`` (with its ``history`` of user turns) in tests/questions.yaml, whatever its layout."""
    path = ROOT / "tests" / "questions.yaml"
    found: list[tuple[str, list[str]]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("question"), str):
                history = node.get("history") or []
                found.append((node["question"], [h for h in history if isinstance(h, str)]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    if path.is_file():
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return found


# -- the facts file, read without the product ------------------------------------------------
@dataclass(frozen=True)
class Update:
    id: str
    kind: str  # "update" (the corpus claim is outdated) or "conflict" (the corpus disagrees with itself)
    statement: str
    url: str
    claims: tuple[tuple[str, str], ...]  # (source document id, quote) the update supersedes or disputes
    renamed: tuple[
        str, ...
    ] = ()  # tool names the update retires (``successor.of``): any passage naming one is outdated


def read_updates() -> list[Update]:
    data = yaml.safe_load((ROOT / "corpus" / "facts.yaml").read_text(encoding="utf-8"))
    return [
        Update(
            id=u["id"],
            kind=u.get("kind", "update"),
            statement=u["statement"],
            url=u["url"],
            claims=tuple((c["source"], c["quote"]) for c in [*u.get("supersedes", []), *u.get("disputes", [])]),
            renamed=tuple((u.get("successor") or {}).get("of", [])),
        )
        for u in data["updates"]
    ]


UPDATES = read_updates()


def norm(text: str) -> str:
    """Compare text as a reader sees it: case, typographic quotes, Markdown emphasis, table pipes, spacing."""
    table = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "|": " ", "*": None})
    return " ".join(text.replace("\\|", "|").translate(table).casefold().split())


def holds(quote: str, text: str) -> bool:
    """Whether a passage holds a claim quoted in facts.yaml; a quoted table row ("PyTorch | 2016 | Facebook")
    holds when its cells occur in order (a row passage reads "PyTorch — Release: 2016. Main Owner: Facebook")."""
    if "|" not in quote:
        return norm(quote) in norm(text)
    at, haystack = 0, norm(text)
    for cell in (norm(c) for c in quote.split("|") if c.strip()):
        at = haystack.find(cell, at)
        if at < 0:
            return False
        at += len(cell)
    return True


def updates_in(text: str) -> list[Update]:
    """The updates whose statement a text (a citation or a note) carries."""
    return [u for u in UPDATES if norm(u.statement) in norm(text)]


def update_of(citation: Any) -> Update | None:
    """The update a citation is, if it is one: its own statement and URL are the facts file's."""
    found = [u for u in updates_in(citation.text) if citation.url == u.url]
    return found[0] if found else None


# -- reading an answer -------------------------------------------------------------------------
@dataclass(frozen=True)
class Claim:
    text: str  # what precedes a marker group in its line (bullet and "**Name**:" label removed)
    markers: tuple[int, ...]
    line: str


def pieces(line: str) -> tuple[list[Claim], str]:
    """A line split at its marker groups: the claims each group closes, and the text after the last group."""
    body = re.sub(r"^(?:[-*] |> ⚠️ |> )", "", line.strip())
    body = re.sub(r"^\*\*[^*]+\*\*: ", "", body)  # "- **PyTorch**: <quote> [4]": the label names the subject
    # a replaced tool's current name marked where the old one stands ("TFLite (now LiteRT, as of 2024-09-04 [3])")
    # is the answer's own claim, cited by its marker; the quote around it is read without it
    marks = [Claim(m[1] or m[3], (int(m[2] or m[4]),), line) for m in REPLACED.finditer(body)]
    parts = MARKS.split(REPLACED.sub("", body))
    claims = [
        Claim(text.strip(), tuple(int(n) for n in re.findall(r"\d+", marks)), line)
        for text, marks in zip(parts[0::2], parts[1::2], strict=False)
    ]
    return marks + claims, parts[-1]


def is_heading(line: str) -> bool:
    """A line that introduces what follows and states nothing: "More from the sources:", "**Alternatives:**"."""
    return norm(line).rstrip().endswith(":") and not MARKS.search(line)


def table_rows(lines: list[str]) -> tuple[list[str], set[int]]:
    """Body rows of the Markdown tables in an answer, and the indexes of header and separator rows."""
    rows, skip = [], set()
    for i, line in enumerate(lines):
        if not line.startswith("|"):
            continue
        if re.fullmatch(r"\|(?:\s*:?-+:?\s*\|)+", line.strip()):
            skip.update({i, i - 1})  # the separator, and the header row above it
        elif i not in skip and not (i + 1 < len(lines) and re.fullmatch(r"\|(?:\s*:?-+:?\s*\|)+", lines[i + 1])):
            rows.append(line)
    return rows, skip


def sentences(text: str) -> list[str]:
    """Sentences of a quote; a quote the composer joined with " — " (a table cell: feature — value) splits there too."""
    out = []
    for part in text.split(" — "):
        out += [s for s in re.split(r"(?<=[.!?])\s+(?=[\"“(A-Z0-9])", part.strip()) if s.strip(" .")]
    return out


def found_in(sentence: str, passage: str) -> bool:
    return norm(sentence).rstrip(".") in norm(passage)


FRAME_WORDS = 8  # the answer's own lead-in before a quote: "As of 2019-09-30, ", "The articles still say: "
_NAMES = re.compile(r"\b(?:[A-Z][\w.]*[A-Za-z0-9]|\d{4}(?:-\d\d-\d\d)?)")


def quoted_in(sentence: str, cited: Citation) -> bool:
    """Whether a sentence of the answer quotes this passage: verbatim (the passage's section counts, as the
    citation shows it), after a short lead-in of the answer's own ending in ':' ',' ';' or a dash, or, for a
    short connective (", through TensorFlow Lite"), when every name and date it states is in the passage."""
    where = f"{cited.section}: {cited.text}" if cited.section else cited.text
    text = sentence.strip().lstrip(";,").strip()
    if found_in(text, where):
        return True
    for gap in re.finditer(r"[:,;—]\s+", text):
        head, tail = text[: gap.start()], text[gap.end() :]
        if len(head.split()) <= FRAME_WORDS and len(tail.split()) >= 3 and found_in(tail, where):
            return True
    names = _NAMES.findall(text)
    return len(text.split()) <= 6 and bool(names) and all(norm(n) in norm(where) for n in names)


# -- the answers -------------------------------------------------------------------------------
MUTATION_RUN = os.environ.get("ASSISTANT_PROMISE_QUESTIONS") == "own"  # set by tools/mutation.py


def _scope(fixture_name: str, config: pytest.Config) -> str:
    """Asked once per module; once per test under tools/mutation.py, whose mutmut credits the code a
    fixture runs to the first test that used it (a shared fixture would hide the other tests)."""
    return "function" if MUTATION_RUN else "module"


@pytest.fixture(scope=_scope)
def answers(bot) -> list[Answer]:
    if MUTATION_RUN:
        bot.clear_cache()  # compose every answer again, inside this test
    seen: set[tuple[str, tuple[str, ...]]] = set()
    out = []
    extra = [] if MUTATION_RUN else _questions_file()  # a mutation run asks only this file's own questions
    for question, history in QUESTIONS + extra:
        key = (question, tuple(history))
        if key not in seen:
            seen.add(key)
            out.append(bot.ask(question, history=history or None))
    return out


def answered(answers: list[Answer]) -> list[Answer]:
    done = [a for a in answers if a.answered]
    assert len(done) >= len(QUESTIONS) - 2, "the check needs answers to read"
    return done


def report(failures: list[str]) -> str:
    return f"{len(failures)} problem(s):\n" + "\n".join(failures[:25])


class TestMarkers:
    def test_every_statement_carries_a_marker(self, answers):
        """Each line that states something ends in a marker group: no sentence after the last marker,
        no statement line without one (headings and table headers state nothing)."""
        failures = []
        for a in answered(answers):
            lines = [line for line in a.text.splitlines() if line.strip()]
            _, header_rows = table_rows(lines)
            for i, line in enumerate(lines):
                if is_heading(line) or i in header_rows:
                    continue
                claims, tail = pieces(line)
                if not claims or tail.strip(" .|"):
                    failures.append(f"{a.question!r}: unmarked statement {(tail or line).strip()!r}")
        assert not failures, report(failures)

    def test_every_marker_resolves_and_every_citation_is_used(self, answers):
        failures = []
        for a in answered(answers):
            used = {int(n) for n in re.findall(r"\[(\d+)\]", a.text)}
            listed = [c.marker for c in a.citations]
            if listed != list(range(1, len(listed) + 1)) or used != set(listed):
                failures.append(f"{a.question!r}: markers {sorted(used)} vs citations {listed}")
        assert not failures, report(failures)


    def test_markers_read_in_order_down_the_answer(self, answers):
        """A reader meets [1] first, then [2]: the markers are numbered in the order they first appear, whichever
        part of the answer was written first (a follow-up's own side line placed above the verdict)."""
        failures = []
        for a in answered(answers):
            seen = list(dict.fromkeys(int(n) for n in re.findall(r"\[(\d+)\]", a.text)))
            if seen != sorted(seen):
                failures.append(f"{a.question!r}: markers appear as {seen}")
        assert not failures, report(failures)


class TestCitations:
    def test_each_citation_is_the_indexed_passage_it_names(self, bot, answers):
        """What the reader sees under [n] (text, source, title, URL, date, site, section) is the passage's own."""
        indexed = {p.id: p for p in bot.passages}
        failures = []
        for a in answered(answers):
            for c in a.citations:
                p = indexed.get(c.passage_id)
                if p is None:
                    failures.append(f"{a.question!r}: [{c.marker}] names no indexed passage ({c.passage_id!r})")
                    continue
                seen = (c.text, c.source, c.url, c.date, c.site, c.section)
                if seen != (p.text, p.source, p.url, p.date, p.site, p.section):
                    failures.append(f"{a.question!r}: [{c.marker}] shows {seen} for passage {p.id}")
                if c.title != p.title and not (not p.title and c.title.startswith("Untitled")):
                    failures.append(f"{a.question!r}: [{c.marker}] is titled {c.title!r}, passage {p.title!r}")
        assert not failures, report(failures)

    def test_a_passage_has_one_number(self, answers):
        failures = []
        for a in answered(answers):
            ids = [c.passage_id for c in a.citations]
            if len(ids) != len(set(ids)):
                failures.append(f"{a.question!r}: a passage is cited under two numbers: {ids}")
        assert not failures, report(failures)


class TestQuotes:
    def test_no_sentence_is_quoted_twice(self, answers):
        """A sentence the answer quotes once (its lead, a verdict's backing) is not quoted again below it: a
        repeat is noise. Notes under the answer, and the current state beside each claim it supersedes
        ("…; outdated: as of 2024-09-04, …"), restate an update by design and are not counted."""
        failures = []
        for a in answered(answers):
            said: list[str] = []
            for line in a.text.splitlines():
                if line.startswith(">") or line.startswith("|"):
                    continue
                for claim in pieces(line)[0]:
                    if claim.text.lstrip("; ").startswith("outdated:"):
                        continue
                    for sentence in sentences(claim.text):
                        # a quote's openings aside ("About Keras for …: Limitations: While Keras …")
                        head = sentence[:100].rpartition(": ")
                        text = norm(head[2] + sentence[100:] if head[1] else sentence)
                        if len(text.split()) >= 6:
                            said.append(text)
            repeated = sorted({t for t in said if said.count(t) > 1})
            if repeated:
                failures.append(f"{a.question!r}: quoted twice: {repeated[0][:120]!r}")
        assert not failures, report(failures)

    def test_each_quoted_sentence_is_in_its_cited_passage(self, answers):
        """Checked per answer, per sentence: a marker pointing at the wrong passage (n for n+1) fails here.

        The composer's own words are its verdicts ("**Keras** is the sources' pick ..."), which name the
        framework in bold: each passage such a verdict cites must be about that framework.
        """
        failures = []
        checked = 0
        for a in answered(answers):
            cites = {c.marker: c for c in a.citations}
            lines = [line for line in a.text.splitlines() if line.strip()]
            rows, _ = table_rows(lines)
            for line in lines:
                if line.startswith(">"):
                    continue  # notes: TestNotes
                if line in rows:
                    claims, _ = pieces(line)
                    for claim in claims:
                        cells = [c.strip() for c in re.split(r"(?<!\\)\|", claim.text) if c.strip()]
                        passage = " ".join(cites[m].text for m in claim.markers if m in cites)
                        # An outdated cell is marked in place ("… (outdated)"): the mark is the answer's.
                        cells = [re.sub(r"\s*\(outdated\b[^)]*\)$", "", c) for c in cells]
                        missing = [c for c in cells if not found_in(c, passage)]
                        checked += 1
                        if missing:
                            failures.append(f"{a.question!r}: table cells {missing} not in [{claim.markers}]")
                    continue
                label = re.match(r"^- \*\*([^*]+)\*\*: ", line.strip())
                if label and label.group(1) in FRAMEWORKS:
                    # "- **Keras**: <quote>": the quote speaks of Keras (or comes from a section about it).
                    claims = pieces(line)[0]
                    about = " ".join(
                        [claims[0].text] + [cites[m].section for m in claims[0].markers if m in cites] if claims else []
                    )
                    # the label may stand for the quote's own "Keras: " opening, which the line does not repeat
                    said = claims and any(
                        found_in(f"{label.group(1)}: {claims[0].text}", cites[m].text)
                        for m in claims[0].markers
                        if m in cites
                    )
                    if label.group(1).casefold() not in about.casefold() and not said:
                        failures.append(f"{a.question!r}: {line.strip()[:160]!r} does not speak of {label.group(1)}")
                for claim in pieces(line)[0]:
                    cited = [cites[m] for m in claim.markers if m in cites]
                    if not claim.text or len(cited) != len(claim.markers):
                        failures.append(f"{a.question!r}: {claim.text!r} cites unknown markers {claim.markers}")
                        continue
                    if re.fullmatch(r"[;,]?\s*outdated: see", claim.text):
                        continue  # a pointer at an update stated in full above ("…; outdated: see [3]"), no quote
                    verdict = re.match(r"^[;,]?\s*(?:[^*:;]{0,40}:\s*)?\*\*([^*]+)\*\*", claim.text)
                    if verdict:
                        names = [f for f in FRAMEWORKS if f in verdict.group(1)]
                        for c in cited:
                            about = f"{c.title} {c.section} {c.text}"
                            if names and not any(n.casefold() in about.casefold() for n in names):
                                failures.append(f"{a.question!r}: verdict {claim.text!r} cites [{c.marker}] {c.text!r}")
                        continue
                    for sentence in sentences(claim.text):
                        checked += 1
                        # a bare list item said as a sentence ("TensorBoard is TensorFlow's tool for visualization"):
                        # the item itself ("TensorBoard for visualization") must be in the cited passage
                        item = re.fullmatch(r"(?P<name>.+?) is (?P<fw>[\w.]+)'s tool for (?P<purpose>.+?)\.?", sentence)
                        if item and item["fw"] in FRAMEWORKS:
                            sentence = f"{item['name']} for {item['purpose']}"
                        if not any(quoted_in(sentence, c) for c in cited):
                            where = " / ".join(f"[{c.marker}] {c.text[:160]!r}" for c in cited)
                            failures.append(f"{a.question!r}: {sentence!r} is not in {where}")
        assert checked > 100, "too few quotes were read: the parser no longer matches the answer layout"
        assert not failures, report(failures)


class TestNotes:
    @staticmethod
    def label_kind(note: str) -> str | None:
        """ "outdated" or "disputed" from the note's label (its leading bold words, else the words before ':')."""
        label = re.match(r"\s*(?:⚠️\s*)?\*\*([^*]+)\*\*", note) or re.match(r"\s*([^:]+):", note)
        text = label.group(1) if label else ""
        outdated = bool(re.search(r"outdated|superseded|newer|no longer", text, re.I))
        disputed = bool(re.search(r"disput|disagree|conflict|contradict", text, re.I))
        return "outdated" if outdated and not disputed else "disputed" if disputed and not outdated else None

    def notes(self, answers: list[Answer]) -> list[tuple[Answer, str]]:
        found = [(a, n) for a in answered(answers) for n in a.notes]
        kinds = {u.kind for _, n in found for u in updates_in(n)}
        assert kinds >= {"update", "conflict"}, f"the questions must raise notes of both kinds, got {kinds}"
        return found

    def test_a_notes_label_matches_the_kind_of_what_it_reports(self, answers):
        failures = []
        for a, note in self.notes(answers):
            reported = {u.kind for u in updates_in(note)}
            want = {"update": "outdated", "conflict": "disputed"}
            kinds = {want[k] for k in reported}
            got = self.label_kind(note)
            if len(kinds) != 1 or got not in kinds:
                failures.append(f"{a.question!r}: label {got!r} for {sorted(reported)}: {note[:200]!r}")
        assert not failures, report(failures)

    def test_every_note_cites_the_update_it_reports(self, answers):
        """The ``[n]`` after an update's statement points at that update (its statement, its URL);
        every other ``[n]`` in the note points at a passage holding a claim the update names."""
        failures = []
        for a, note in self.notes(answers):
            cites = {c.marker: c for c in a.citations}
            reported = updates_in(note)
            if not reported:
                failures.append(f"{a.question!r}: the note reports no update of the facts file: {note[:200]!r}")
                continue
            claims, tail = pieces(note)
            if tail.strip(" ."):
                failures.append(f"{a.question!r}: note text after its last marker: {tail.strip()[:120]!r}")
            for claim in claims:
                for update in updates_in(claim.text):
                    if not any(update_of(cites[m]) == update for m in claim.markers if m in cites):
                        failures.append(f"{a.question!r}: {update.id} is reported without its [n]: {note[:200]!r}")
            for m in {m for claim in claims for m in claim.markers}:
                c = cites.get(m)
                if c is None:
                    failures.append(f"{a.question!r}: note marker [{m}] resolves to no citation")
                elif (
                    update_of(c) is None
                    and not any(
                        source == c.source and holds(quote, c.text) for u in reported for source, quote in u.claims
                    )
                    and not any(
                        re.search(rf"(?<!\w){re.escape(name)}(?!\w)", c.text, re.I)
                        for u in reported
                        for name in u.renamed
                    )
                ):
                    failures.append(f"{a.question!r}: note flags [{m}] {c.text[:120]!r}: no reported update names it")
        assert not failures, report(failures)

    def test_every_quoted_outdated_or_disputed_claim_is_flagged(self, answers):
        """A sentence the answer quotes that holds a claim the facts file supersedes or disputes gets a note
        citing that sentence's passage."""
        failures = []
        for a in answered(answers):
            cites = {c.marker: c for c in a.citations}
            flagged = {m for n in a.notes for claim in pieces(n)[0] for m in claim.markers}
            for line in a.text.splitlines():
                if line.startswith(">"):
                    continue
                for claim in pieces(line)[0]:
                    for m in claim.markers:
                        c = cites.get(m)
                        if c is None or update_of(c) is not None:
                            continue
                        stale = [
                            u.id
                            for u in UPDATES
                            for source, quote in u.claims
                            if source == c.source and holds(quote, claim.text)
                        ]
                        if stale and m not in flagged:
                            failures.append(f"{a.question!r}: [{m}] {claim.text[:120]!r} is {stale[0]} but unflagged")
        assert not failures, report(failures)
