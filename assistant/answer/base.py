"""What every answer strategy reads (``Ask``) and the helpers they share: choosing and quoting units,
and finding the dated update that makes a quoted claim outdated or disputed."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from ..cues import USES
from ..facts.schema import USE_CASE_FIELD
from ..records import Hit, Passage
from ..retrieve import concept_words
from ..textutil import RECENT, YES_NO, split_sentences
from .cite import CitationList
from .evidence import STEM, Knowledge, opening_words, said_count, word_stems
from .units import FAQ_QUESTION, item_statement, listed_item, standalone

if TYPE_CHECKING:
    from ..turn import Turn

RETRIEVAL_PRIOR = 0.12  # how much a unit gains from its passage being ranked first by hybrid retrieval
ATTRIBUTE_BONUS = 0.08  # the facts file's sentence for the attribute asked ("developer") reads as the answer
FIELD_SPREAD = 0.03  # of several asked fields, one this much further from the turn's meaning gets no more …
FIELD_FLOOR = 0.5  # … than this share of the bonus
NAMES_SUBJECT = 0.03
ASIDE = 0.05  # a unit that names its framework reads better than one that says "it"
FIELD_WORD = 0.15  # what a word shared with a fact field's sentence adds to its closeness
LIST_ITEMS = 2  # a sentence with this many semicolons is a list
SAYS = 7  # a sentence says a question's word when one of its words starts with the word's first 7 letters
SAYS_SOME = 2  # a sentence saying this many of the question's own words says what was asked (one is chance)
LIST = re.compile(";")  # what separates a list sentence's items
_ROW_NAME = 60  # a table row's name before " — <framework>: " is at most this long
_OPENERS = frozenset(("The", "A", "An", "This", "These", "Its"))  # a sentence's opening word, lower-cased mid-sentence
_OPENS_WITH_IT = re.compile(r"^\W*(?:it|its|it's|it’s)\b", re.I)


@dataclass
class Ask:
    """One question being answered: the understood turn, the retrieved passages and the knowledge."""

    question: str
    turn: Turn
    hits: list[Hit]
    knowledge: Knowledge
    claims_in: Callable[[Passage, str], list[str]]  # update passage ids whose quotes occur in a text
    cite: CitationList = field(default_factory=CitationList)
    _prior: np.ndarray | None = None
    _rare: frozenset[str] | None = None
    _field_sims: dict[str, float] | None = None
    _said: frozenset[str] | None = None

    @property
    def passages(self) -> list[Passage]:
        return self.knowledge.passages

    def prior(self) -> np.ndarray:
        """Passage row → bonus from its retrieval rank (1.0 for the first hit, falling linearly; 0 if not hit)."""
        if self._prior is None:
            rows = self.knowledge.row_of
            n = max(len(self.hits), 1)
            prior = np.zeros(len(self.knowledge.passages), dtype=np.float32)
            for rank in range(len(self.hits) - 1, -1, -1):  # the best rank of a row wins
                row = rows.get(self.hits[rank].passage.id)
                if row is not None:
                    prior[row] = 1.0 - rank / n
            self._prior = prior
        return self._prior

    def unit_scores(self, units: np.ndarray) -> np.ndarray:
        """Closeness in meaning to the question (sentence level), plus the passage's retrieval rank."""
        k = self.knowledge
        if not len(units):
            return np.zeros(0, dtype=np.float32)
        turn = self.turn
        # A yes/no question asks whether something holds, not a field's value ("which companies use it?" does):
        # a field read from its meaning alone, whose words it does not say, is a guess ("Is PyTorch used in
        # industry or only research?" grazes "developer").
        guessed = YES_NO.search(turn.text) and not turn.cued
        field = turn.attribute is not None and not (guessed and not self.said_fields() & set(turn.attribute))
        focus = turn.frameworks[0] if len(turn.frameworks) == 1 else None
        if turn.intent == "comparison" and turn.axis is not None:
            # "easier to debug, Keras or TensorFlow?": the sides' names fill the question's meaning; a sentence
            # is judged on the asked axis (topics: names and framing removed from both)
            sims = k.unit_topics[units] @ k.topic_of(turn.search)
        elif turn.intent == "fact" and focus is not None and not field and turn.unknown and not turn.carried:
            # "Is Keras dead?" asks about Keras in a word no source uses: the name fills most of its meaning, and
            # the shortest sentence about Keras ("Keras was first released in 2015.") would be closest. Judged
            # on its topic (names and framing aside), "Is Keras still relevant? Yes, …" is.
            sims = k.unit_topics[units] @ k.topic_of(turn.search)
        else:
            sims = k.unit_vectors[units] @ turn.search
        scores = sims + RETRIEVAL_PRIOR * self.prior()[k.unit_rows[units]] + NAMES_SUBJECT * k.unit_named[units]
        if focus is not None:  # a sentence about another framework that mentions the focus says less about it
            scores = scores - ASIDE * (k.unit_first[units] != focus)
        if field:
            fields = k.unit_field[units]
            asked = np.isin(fields, turn.attribute)
            other = (fields != "") & ~asked  # another field's sentence answers another question
            scores = scores + self._field_weights(fields) * asked - ATTRIBUTE_BONUS * other
        return scores

    def _field_weights(self, fields: np.ndarray) -> np.ndarray | float:
        """The bonus of each asked field's sentence: in full for the field closest in meaning to the turn,
        less for one asked only as its kind ("who maintains it?" asks a party: the developer before the users)."""
        k = self.knowledge
        attribute = self.turn.attribute or ()
        if len(attribute) < 2 or not len(k.fields):
            return ATTRIBUTE_BONUS
        if self._field_sims is None:  # once per question: unit_scores runs for every pool a strategy ranks
            closeness = k.field_vectors @ k.topic_of(self.turn.vector)
            # A word of the field's own sentence in the turn backs meaning up: "Who uses TensorFlow?" sits closer
            # to "is developed by" in meaning, but "uses" is the "users" of "users include".
            said = self.said_fields()
            pairs = zip(k.fields, closeness.tolist(), strict=True)
            self._field_sims = {f: c + FIELD_WORD * (f in said) for f, c in pairs}
        sims = self._field_sims
        best = max(sims.get(f, 0.0) for f in attribute)
        weight = {f: max(FIELD_FLOOR, 1.0 - (best - sims.get(f, best)) / FIELD_SPREAD) for f in attribute}
        return ATTRIBUTE_BONUS * np.array([weight.get(f, 0.0) for f in fields], dtype=np.float32)

    def said_fields(self) -> frozenset[str]:
        """The fact fields whose own words the question uses, or the articles' word for one of its words
        ("uses" ~ "users include"; "which companies" → "adoption": the adopters)."""
        if self._said is None:  # once per question: unit_scores reads it for every pool a strategy ranks
            # (and "use" itself, a question word for who uses it: "which well known companies use pytorch?")
            uses = ["use"] if self.turn.cued and USES.search(self.turn.text) else []
            words = [*self.turn.words, *" ".join(concept_words(self.turn.text)).split(), *uses]
            self._said = self.knowledge.fields_said(words)
        return self._said

    def saying_most(self, units: np.ndarray, at_least: int = SAYS_SOME, besides: str = "") -> np.ndarray:
        """The units that say the most of the turn's own words (the sources' generic ones, "now" words and those of
        ``besides`` aside), if that is at least ``at_least`` of them: "Great for custom layers and losses." for
        "… a custom layer …"."""
        k = self.knowledge
        plain = [w.casefold() for w in self.turn.words if not RECENT.fullmatch(w)]
        known = word_stems(besides)
        asked = {w[:SAYS] for w in plain if w[:STEM] not in k.generic_stems and not word_stems(w) & known}
        if not asked or not len(units):
            return units[:0]
        said = np.array([said_count(k.words[i], asked) for i in units], dtype=np.int64)
        top = int(said.max())
        return units[said == top].astype(np.int64, copy=False) if top >= at_least else units[:0]

    def best_units(
        self, units: np.ndarray, n: int, *, distinct_sources: bool = True, naming: bool = False
    ) -> list[tuple[int, float]]:
        """The n best units (index, score), one per passage, preferring different sources first.

        ``naming``: only units that name a framework themselves (supporting quotes must say whom they are about).
        """
        if naming and len(units):
            units = units[self.knowledge.unit_named[units]]
        if not len(units):
            return []
        scores = self.unit_scores(units)
        order = np.argsort(-scores)
        chosen: list[tuple[int, float]] = []
        rows: set[int] = set()
        sources: set[str] = set()
        later: list[tuple[int, float]] = []
        for j in order:
            i = int(units[j])
            u = self.knowledge.units[i]
            if u.row in rows:
                continue
            source = self.passages[u.row].source
            if distinct_sources and source in sources:
                later.append((i, float(scores[j])))
                continue
            chosen.append((i, float(scores[j])))
            rows.add(u.row)
            sources.add(source)
            if len(chosen) >= n:
                return chosen
        for i, s in later:
            if len(chosen) >= n:
                break
            if self.knowledge.units[i].row not in rows:
                chosen.append((i, s))
                rows.add(self.knowledge.units[i].row)
        return chosen

    def rare_words(self) -> frozenset[str]:
        """The turn's own specific words: names the sources use in few units ("TorchScript", "Serving", "TPUs").

        What the question is about by name; the sentence that answers it should say it too."""
        if self._rare is None:
            # a pointing turn's thing may be the chat's ("is it still called that?" after "What's TensorFlow Lite?")
            self._rare = self.knowledge.things_in(self.turn.text) | frozenset(self.turn.things)
        return self._rare

    def naming_rare(self, units: np.ndarray, rare: frozenset[str]) -> np.ndarray:
        """The units that use the most of the question's specific words (none when no unit uses one)."""
        if not rare or not len(units):
            return units[:0]
        # Dated updates are not quoted as plain sentences: they lead through the current-state path.
        units = units[~self.knowledge.unit_update[units]].astype(np.int64, copy=False)
        if not len(units):
            return units
        words = self.knowledge.words
        counts = np.array([len(rare & words[i]) for i in units])
        top = int(counts.max())
        if not top:
            return units[:0]
        units = units[counts == top]
        # A list of tools ("PyTorch's tooling includes TorchScript; torch.compile() …; ONNX …") says little of any one
        # of them: a sentence that names the thing leads before it.
        # (a fact's list whose one item names the thing is said as that item: "XLA (…) is TensorFlow's tool for …")
        stated = np.array([self.item_stated(int(i)) is not None for i in units], dtype=bool)
        listed = np.array([len(LIST.findall(self.knowledge.units[i].text)) >= LIST_ITEMS for i in units]) & ~stated
        units, stated = (units[~listed], stated[~listed]) if not listed.all() else (units, stated)
        # … and one whose subject is the thing ("TorchScript allows …", "TensorFlow: TensorBoard for visualization.")
        # before one that names it among others ("… including TensorBoard for visualization, TensorFlow Serving …")
        # (a table cell lists values, whatever it opens with: "Language — TensorFlow: C++, Python")
        about = np.array(
            [
                bool(rare & opening_words(self.knowledge.units[i].text))
                and self.knowledge.passages[self.knowledge.units[i].row].kind != "table_row"
                for i in units
            ]
        ) | stated
        return units[about] if about.any() else units

    def updates_unit(self, unit: int) -> bool:
        """Whether a unit is a dated update of the facts file."""
        return bool(self.knowledge.unit_update[unit])

    # -- quoting -----------------------------------------------------------------------------
    def says(self, unit: int) -> str:
        """A unit as a statement that names its subject ("When to Use Keras: Rapid prototyping.")."""
        k = self.knowledge
        u = k.units[unit]
        if k.unit_update[unit] and u.text.startswith("Update (as of "):
            # a dated update quoted as a sentence reads as the current state: "As of 2024-09-04, TensorFlow Lite …"
            heading, _, statement = u.text.partition("): ")
            return f"As of {heading.removeprefix('Update (as of ')}, {statement}" if statement else u.text
        text = standalone(u.text, u.subjects)
        # a sentence that opens with "It"/"Its" names its subject nowhere, whatever tool it names ("TensorFlow.js"),
        # nor does one that names only others ("While it's excellent …, it's less common … than TensorFlow"); an
        # FAQ's answer said without its question has a sentence about its subject ("It depends. TensorFlow is …")
        answered = len(text) < len(u.text) and FAQ_QUESTION.match(u.text) is not None
        if not u.subjects or answered or (u.subjects[0] in u.names and not _OPENS_WITH_IT.match(text)):
            return text
        passage = k.passages[u.row]
        heading = passage.section.split(">")[-1].strip() if passage.section else ""
        if heading and u.subjects[0].casefold() in heading.casefold() and not heading.endswith("?"):
            return f"{heading}: {text}"
        return f"{u.subjects[0]}: {text}"

    def quote(self, unit: int, score: float = 0.0, *, current: bool = True) -> str:
        """The unit with its marker; an outdated claim gets its current state: a replaced tool's new name where the
        old one stands ("TFLite (now LiteRT, as of 2024-09-04 [3])"), any other update right after it."""
        k = self.knowledge
        passage = k.passages[k.units[unit].row]
        text = self.cite.quote(passage, self.says(unit), score)
        if not current:
            return text
        text, marked = self.mark_replaced(unit, text)
        return text + self.current_state(unit, skip=marked)

    def mark_replaced(self, unit: int, text: str) -> tuple[str, set[str]]:
        """The quote with the current name right after the first mention of a tool a dated update replaced: the
        reader meets the current state where the old claim stands, not in a note after it. Returns the marked
        text and the updates it cites."""
        k = self.knowledge
        marked: set[str] = set()
        for update in self.updates_for(unit, kinds=("update",)):
            olds = [old for old, (_, uid) in k.successors.items() if uid == update.id]
            found = [m for old in olds for m in re.finditer(rf"(?<!\w){re.escape(old)}(?!\w)", text, re.I)]
            if not found:
                continue
            first = min(found, key=lambda m: (m.start(), -m.end()))
            new = k.successors[olds[0]][0]
            said = f"now {new}, as of {update.date} {self.cite.marker(update)}"
            # "mobile (PyTorch Mobile; now ExecuTorch, …)": inside a parenthesis the old name stands in, not a new one
            mark = f"; {said}" if text[first.end() : first.end() + 1] == ")" else f" ({said})"
            text = text[: first.end()] + mark + text[first.end() :]
            self.cite.told.add(update.id)  # dated and cited in place: no note under the answer repeats it
            marked.add(update.id)
        return text, marked

    def quote_on(self, unit: int, label: str, score: float = 0.0) -> str:
        """A unit quoted for what a label says: of a table row over several attributes ("PyTorch — Release: 2016.
        Main Owner: Facebook. Primary Use Case: Research and experimentation."), the cell that says it, with the
        row's name ("PyTorch — Primary Use Case: Research and experimentation."), not the release date beside it."""
        k = self.knowledge
        u = k.units[unit]
        passage = k.passages[u.row]
        feature = (passage.meta or {}).get("feature") if passage.kind == "table_row" else None
        # (a row about one framework, over several attributes; not "Model Customization — PyTorch: …")
        pieces = split_sentences(u.text) if feature in k.frameworks else []
        if len(pieces) > 1 and u.text.startswith(f"{feature} — "):
            want = word_stems(label)
            first = pieces[0].removeprefix(f"{feature} — ")
            cells = [first, *pieces[1:]]
            best = max(cells, key=lambda cell: len(word_stems(cell) & want))
            if word_stems(best) & want:
                return self.cite.quote(passage, f"{feature} — {best}", score) + self.current_state(unit)
        return self.quote(unit, score)

    def lead_quote(self, unit: int, score: float = 0.0) -> str:
        """The unit as an answer's lead: a bare list item about the thing asked ("TensorBoard for visualization")
        is said as the sentence it stands for, "TensorBoard is TensorFlow's tool for visualization [1]"; any other
        unit is quoted."""
        u = self.knowledge.units[unit]
        stated = self.item_stated(unit)
        if stated is None:
            return self.quote(unit, score)
        passage = self.knowledge.passages[u.row]
        # (the item is what is quoted: the other items' outdated tools get no note, "TensorBoard is TensorFlow's tool
        # for visualization" says nothing of TensorFlow Lite, named beside it)
        self.cite.stated.setdefault(passage.id, []).append(stated)
        # the item is what is said: a tool another item names, replaced since (PyTorch Mobile, beside ONNX), is not
        stated, marked = self.mark_replaced(unit, f"{stated}. {self.cite.marker(passage, score)}")
        renamed = {uid for _, uid in self.knowledge.successors.values()}
        return stated + self.current_state(unit, skip=marked | renamed)

    def item_stated(self, unit: int) -> str | None:
        """The unit, or the one item of a fact's list in it, that names the thing asked, said as a sentence about
        that thing ("XLA (…) is TensorFlow's tool for optimizing computations"); None when it is no such item."""
        u = self.knowledge.units[unit]
        if len(u.subjects) != 1:
            return None
        rare = self.rare_words()
        stated = item_statement(u.text, u.subjects[0], rare)
        if stated is None:
            stated = listed_item(u.text, u.subjects[0], rare, prose=self.knowledge.passages[u.row].kind != "fact")
        return stated

    def side(self, framework: str, unit: int, score: float = 0.0) -> str:
        """ "**Keras**: <its quote>" — the bold name says whose it is, so the quote does not say it again (nor a
        table cell's: "**Keras** — Ease of Use: Extremely user-friendly …", not "**Keras**: Ease of Use — Keras: …")."""
        text = self.quote(unit, score).removeprefix(f"{framework}: ")
        row, own, cell = text.partition(f" — {framework}: ")
        if own and row and "\n" not in row and len(row) <= _ROW_NAME:
            return f"**{framework}** — {row}: {cell}"
        return f"**{framework}**: {text}"

    def current_state(self, unit: int, skip: set[str] | frozenset[str] = frozenset()) -> str:
        """ "; outdated: as of <date>, <statement> [n]" for a unit a dated update supersedes, else "".

        An update already stated in full earlier in the answer is pointed to ("; outdated: see [3]"), not repeated
        under every bullet it touches. ``skip``: updates the quote has marked in place already."""
        for update in self.updates_for(unit, kinds=("update",)):
            if update.id in skip:
                continue
            if update.id in self.cite.told:
                return f"; outdated: see {self.cite.marker(update)}"
            return f"; outdated: {self.tell(update)}"
        return ""

    def tell(self, update: Passage, *, sentence: bool = False) -> str:
        """ "as of <date>, <statement> [n]" ("As of …" as a sentence of its own), remembered as told: a later
        claim it corrects points at it, and no note under the answer repeats it."""
        self.cite.told.add(update.id)
        text = f"{self.update_statement(update)} {self.cite.marker(update)}"
        return f"{text[:1].upper()}{text[1:]}" if sentence else text

    def updates_for(self, unit: int, kinds: Sequence[str] = ("update", "conflict")) -> list[Passage]:
        """Facts-file updates that supersede or dispute what the unit says (by quote, or by a renamed tool)."""
        k = self.knowledge
        found = [k.passages[row] for row in k.updates[unit]]
        return [p for p in found if (p.meta or {}).get("update_kind", "update") in kinds]

    @staticmethod
    def update_statement(update: Passage) -> str:
        """ "as of 2019-09-30, TensorFlow 2.0 was released …" from an update passage."""
        text = Ask.statement(update)
        if text.split(" ", 1)[0] in _OPENERS:  # "as of 2018-01-19, the articles disagree …" (not "The")
            text = text[0].lower() + text[1:]
        return f"as of {update.date}, {text}" if update.date else text

    @staticmethod
    def statement(update: Passage) -> str:
        """An update passage's statement, the facts file's words, without its "Update (as of …): " heading."""
        return update.text.split("): ", 1)[-1]

    def best_suited(self, framework: str) -> tuple[int, float] | None:
        """The framework's facts sentence of what it is best suited for ("Keras is best suited for beginners; …")."""
        pool = self.subject_units(framework)
        found = self.best_units(pool[self.knowledge.unit_field[pool] == USE_CASE_FIELD], 1)
        return found[0] if found else None

    def subject_units(self, framework: str | None) -> np.ndarray:
        """Units about a framework, or every quotable unit."""
        k = self.knowledge
        if framework is not None:
            return k.units_about(framework)
        return k.quotable  # read-only, computed once per index
