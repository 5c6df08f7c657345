"""Quotable units: a passage cut into sentences, list items, one framework's table cell or a whole FAQ
pair, each with the frameworks it is about; and the frameworks a user's documents add.

A unit's subjects are the frameworks it names, else its heading's, else the previous sentence's (a
leading "It…" refers back). Text about the article itself, or generic filler at the start or end of a
document, is boilerplate and never quoted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..records import FACTS_ID, Passage
from ..textutil import split_sentences

FACTS_SOURCE = FACTS_ID  # the facts file's source id
EDGE_PASSAGES = 2  # passages at each end of a document where generic sentences count as intro/outro filler
# Text about the article itself ("In this post, I'll…", "We hope this blog post…", "Discover the key…").
_SELF_REFERENCE = re.compile(
    r"\b(?:this|our|the) (?:post|article|blog|guide|tutorial|piece|write-?up)\b|\bblog post\b|\bin this\b"
    r"|\bI[’']ll\b|\bI will\b|\bwe will\b|\bwe hope\b|\bin conclusion\b"
    r"|\bwe(?:[’']ve| have)? (?:concluded|seen|covered|discussed|explored|compared|looked at)\b"  # an outro
    r"|\blet[’']s\b|\bcontact us\b|\bread on\b|\bthanks for reading\b"
    r"|^(?:discover|learn about|explore|start building|read)\b",
    re.I,
)
_LIST_SPLIT = re.compile(r";\s+")
_PRONOUN = re.compile(r"\b(?:it|its|it[’']s)\b", re.I)
_PERSONAL_WORDS = r"it|its|it[’']s|they|their"
# (after a label the sentence was given, "PyTorch: This design allows …")
_BACK_REFERENCE = re.compile(rf"^(?:[\w.]+:\s+)?(?:{_PERSONAL_WORDS}|this|these)\b", re.I)


# A bare list item, "TensorBoard for visualization" (after its owner's "TensorFlow: "): a short name, its purpose.
_ITEM = re.compile(
    r"^(?:[\w.]+:\s+)?(?P<name>[A-Z][^;:,.!?]*?|[a-z]\w*(?:\.\w+)+(?:\(\))?)\s+for\s+(?P<purpose>[^;:!?]+?)\.?$"
)
_SUBORDINATE = re.compile(
    r"^\W*(?:(?:so|and|but)\s+)?(?:while|whereas|although|though|unlike|compared (?:to|with))\b[^,]*,\s*", re.I
)
ITEM_NAME_WORDS = 5  # a longer "name" before "for" is a sentence's subject and verb, not a thing's name


def item_statement(text: str, owner: str, asked: frozenset[str]) -> str | None:
    """A bare list item about a thing the question asks of ("What is TensorBoard?"), said as a sentence that
    names its subject: "TensorBoard is TensorFlow's tool for visualization". None for anything else."""
    m = _ITEM.match(text.strip())
    if m is None or len(m["name"].split()) > ITEM_NAME_WORDS or m["name"].casefold() == owner.casefold():
        return None
    # (a code name is a name whatever its case: "torch.compile()")
    named = all(w[:1].isupper() or w[:1] == "(" or "." in w for w in m["name"].split())
    if not named or "," in m["purpose"]:
        return None  # "TorchScript can statically compile models for …, and …" is a sentence, not a named item
    if not {w.casefold() for w in re.findall(r"[\w.]+", m["name"])} & asked:
        return None
    return f"{m['name']} is {owner}'s tool for {m['purpose']}"


_INCLUDES = re.compile(r"^[^;]*?\bincludes\s+")  # "TensorFlow's tooling includes …" (a fact rendered as a list)
_PROSE_LIST = re.compile(r"\b(?:including|includes|such as)\s+")
_PROSE_SPLIT = re.compile(r",\s+(?:and\s+)?")


def listed_item(text: str, owner: str, asked: frozenset[str], prose: bool = False) -> str | None:
    """Of a fact's list ("TensorFlow's tooling includes TensorBoard for visualization; XLA (…) for optimizing
    computations; …"), the one item the question asks of, said as a sentence: "XLA (…) is TensorFlow's tool for
    optimizing computations". The facts file renders its lists with semicolons, so an item reads back whole.

    ``prose``: an article's sentence lists with commas after "including" ("… ecosystem, including TensorBoard for
    visualization, TensorFlow Serving for model deployment, and TensorFlow Lite for …"); an item with a comma of its
    own is then cut short, and ``item_statement`` turns down any item that is not a bare "Name for purpose"."""
    if prose:
        opened = _PROSE_LIST.search(text.strip())
        items = _PROSE_SPLIT.split(text.strip()[opened.end() :]) if opened else []
    else:
        items = _LIST_SPLIT.split(_INCLUDES.sub("", text.strip(), count=1))
    stated = [s for s in (item_statement(item, owner, asked) for item in items) if s is not None]
    return stated[0] if len(items) > 1 and len(stated) == 1 else None


_PERSONAL = re.compile(rf"^(?:{_PERSONAL_WORDS})\b", re.I)


def opens_with_pronoun(text: str) -> bool:
    """Whether a sentence opens with a bare pronoun ("It's a major reason why …"), whose referent only the sentence
    before it gives; a demonstrative with its noun ("This minimalism …") says what it speaks of."""
    return bool(_PERSONAL.match(text))


def refers_back(text: str) -> bool:
    """Whether a sentence opens by pointing at the one before ("This level of infrastructure makes it …"): it
    does not read on its own as an answer's first line."""
    return bool(_BACK_REFERENCE.match(text))


@dataclass(frozen=True)
class Unit:
    """One quotable piece of a passage."""

    row: int  # the passage's row in the index
    text: str  # as quoted
    subjects: tuple[str, ...]  # frameworks it is about
    names: tuple[str, ...]  # frameworks it names itself
    boilerplate: bool = False
    lead_in: bool = False  # "Here's why…:" introduces a list; never a statement on its own

    def names_only(self, framework: str) -> bool:
        """Whether it names no framework but this one: a fact field's own sentence, not a note on it naming another
        ("Keras began as an independent project and is now integrated into TensorFlow as tf.keras …")."""
        return set(self.names) <= {framework}


# A discourse marker that ties a sentence to the one before it: quoted alone, it dangles ("On the other hand,
# PyTorch offers more flexibility."). The rest of the sentence is still the source's words.
_CONNECTIVE = re.compile(
    r"^(?:on the other hand|however|in short|in contrast|by contrast|moreover|additionally|meanwhile|that said)"
    r"\s*[,:]\s+(?=\w)",
    re.I,
)
# A list item's bold label ("Limitations: While Keras allows …"): a few capitalised words and a colon.
# ("Integration with Distributed Computing: TensorFlow supports …": a title's small words between its capitals)
_LABEL = re.compile(r"^[A-Z][\w-]*(?:\s+(?:and|of|&|with|for|in|on|to|the|[A-Z][\w-]*)){0,4}:\s+(?=[A-Z])")
# A FAQ's question before its answer ("Should I use TensorFlow or PyTorch for production? TensorFlow is …"): the
# answer leads alone when a sentence of it is about what it names ("It depends. TensorFlow is better for …");
# "Is Keras still relevant? Yes, …" keeps its question.
FAQ_QUESTION = re.compile(r"^[^?.!]{8,200}\?\s+(?=[A-Z])")


def standalone(text: str, subjects: Sequence[str]) -> str:
    """The sentence as it reads on its own: without a discourse marker tying it to the sentence before, or a FAQ's
    question before an answer that names its subject. The rest stays the source's words."""
    faq = FAQ_QUESTION.match(text)
    # (a sentence of the answer opens with its subject, then a verb's lowercase word: "It depends. TensorFlow is …";
    # "Keras, followed by PyTorch." is none, and needs its question)
    answer = text[faq.end() :] if faq else ""
    if any(re.search(rf"(?:^|[.;!]\s+){re.escape(s)}\s+[a-z]", answer) for s in subjects):
        text = answer
    # (a list item's bold label, "Limitations: While Keras allows …", before a sentence that names its subject)
    label = _LABEL.match(text)
    if label and not any(s.casefold() in label[0].casefold() for s in subjects):
        rest = text[label.end() :]
        text = rest if any(re.search(rf"\b{re.escape(s)}\b", rest) for s in subjects) else text
    tie = _CONNECTIVE.match(text)
    if tie:
        text = text[tie.end() :]
        text = text[:1].upper() + text[1:]
    return text


def said_as(text: str, words: frozenset[str]) -> list[str]:
    """The text's own spelling of the specific words it names ("TensorBoard"), each once, in its order (a word
    said twice keeps its last spelling)."""
    said = [w for w in re.findall(r"[\w.+-]*[\w+]", text) if w.casefold() in words]  # no full stop
    return [{w.casefold(): w for w in reversed(said)}[k] for k in dict.fromkeys(w.casefold() for w in said)]


def asks_a_question(passage: Passage) -> str | None:
    """Where a passage answers a question the source asks itself: "faq" (an FAQ pair), "heading" (under a heading
    that asks: "TensorFlow vs Keras: Aren't They the Same?"), else None."""
    if passage.kind == "faq":
        return "faq"
    return "heading" if (passage.section or "").rstrip().endswith("?") else None


def table_cells(passage: Passage) -> dict[str, str]:
    """Framework → cell value of a table-row passage (from ingestion's meta), else empty."""
    return dict(passage.meta.get("cells") or {}) if passage.meta else {}


def heading_subject(passage: Passage, find: Callable[[str], list[str]]) -> list[str]:
    """The innermost heading that names frameworks: "PyTorch > Cons" is about PyTorch."""
    for part in reversed(passage.section.split(">") if passage.section else []):
        found = find(part)
        if found:
            return found
    return []


def _pieces(passage: Passage) -> list[str]:
    """The quotable pieces of a passage's text: list items, else sentences."""
    if passage.kind == "faq":
        return [passage.text.strip()]
    if passage.kind == "list" and ";" in passage.text:
        items = [i.strip() for i in _LIST_SPLIT.split(passage.text) if i.strip()]
        items = _labelled(items)
        return [i if i.endswith((".", "!", "?", ":")) else f"{i}." for i in items]
    if passage.kind == "table_row":  # a row whose columns are not frameworks reads as one statement
        return [passage.text.strip()]
    # "Here's a quick guide: TensorFlow is the best option for …": the writer's lead-in is a piece of its own (never
    # quoted alone), the sentence after it the statement
    pieces = []
    for sentence in split_sentences(passage.text):
        lead_in = _LEAD_IN.match(sentence)
        pieces += [lead_in[0].strip(), sentence[lead_in.end() :]] if lead_in else [sentence]
    return pieces


_LEAD_IN = re.compile(
    r"^(?:here(?:[’']s| is| are)|in short|in a nutshell|the short answer|bottom line|tl;?dr)\b"
    r"[^:.;]{0,40}:\s+(?=[A-Z])",
    re.I,
)


_LIST_LABEL = re.compile(r"^(?P<label>[^:;]{3,80}):\s+(?P<item>[^:;]{1,40}:\s.*)$")
_ITEM_LABEL = re.compile(r"^[^:;]{1,40}:\s")


def _labelled(items: list[str]) -> list[str]:
    """ "Training time comparison (ImageNet): TensorFlow: ~8-10 hours; PyTorch: ~8-10 hours" gives every
    item the list's label ("Training time comparison (ImageNet) — PyTorch: ~8-10 hours"), as a table row's
    cells get their feature: "PyTorch: ~8-10 hours." alone says nothing of what was measured."""
    first = _LIST_LABEL.match(items[0]) if len(items) > 1 else None
    if first is None or not all(_ITEM_LABEL.match(i) for i in items[1:]):
        return items
    label = first["label"].strip()
    return [f"{label} — {first['item']}", *(f"{label} — {i}" for i in items[1:])]


def cut_units(passages: list[Passage], find: Callable[[str], list[str]], names: Sequence[str]) -> list[Unit]:
    everyone = set(names)
    by_source: dict[str, list[int]] = {}
    for row, p in enumerate(passages):
        if p.kind != "code":
            by_source.setdefault(p.source, []).append(row)
    edge: set[int] = set()
    for source, rows in by_source.items():
        if source != FACTS_SOURCE:
            edge |= set(rows[:EDGE_PASSAGES]) | set(rows[-EDGE_PASSAGES:])
    units: list[Unit] = []
    for row, p in enumerate(passages):
        if p.kind == "code":
            continue
        cells = {fw: v for fw, v in table_cells(p).items() if fw in everyone}
        if cells:
            feature = p.meta.get("feature", "") if p.meta else ""
            for fw, value in cells.items():
                text = f"{feature} — {fw}: {value}" if feature else f"{fw}: {value}"
                units.append(Unit(row, text, (fw,), (fw,)))
            continue
        heading = heading_subject(p, find)
        # A passage about one framework only (a user's document may declare it) is that sentence's subject.
        declared = list(p.frameworks) if len(p.frameworks) == 1 else []
        previous: list[str] = []
        for piece in _pieces(p):
            named = find(piece)
            if p.kind == "fact":  # about its record's framework unless it speaks of others only
                own = list(p.frameworks[:1])
                about_own = own and (own[0] in named or _BACK_REFERENCE.match(piece) or _set_against_only(piece, find))
                subjects = own if not named or about_own else named
            elif _BACK_REFERENCE.match(piece) and (previous or len(heading) == 1):
                subjects = previous or heading  # "It's best suited for TensorFlow-based models" (under Keras)
            elif len(heading) == 1 and heading[0] not in named and _PRONOUN.search(piece):
                subjects = heading  # "While it's excellent …, it's less common … than TensorFlow" (under Keras)
            elif len(heading) == 1 and heading[0] not in named and named and _set_against_only(piece, find):
                subjects = heading  # "Fewer built-in tools compared to TensorFlow" (under "PyTorch > Cons")
            elif (opening := _SUBORDINATE.match(piece)) and (main := find(piece[opening.end() :])):
                # "So while PyTorch is often quicker to develop with, TensorFlow typically wins …": the framework of
                # the main clause is what it is about, not the one of the clause that concedes
                subjects = [*main, *(n for n in named if n not in main)]
            elif len(heading) == 1 and heading[0] in named:
                # "Like TensorFlow, PyTorch works well with …" (under PyTorch): its heading's framework first, and
                # so the "Its integration with TorchScript …" after it
                subjects = [heading[0], *(n for n in named if n != heading[0])]
            else:
                subjects = named or (heading if len(heading) == 1 else []) or previous or declared
            previous = subjects or previous
            generic = not subjects or (set(subjects) >= everyone and len(everyone) > 1)
            boiler = bool(_SELF_REFERENCE.search(piece)) or (row in edge and generic and p.kind != "fact")
            boiler = boiler or _link_only(piece)
            units.append(
                Unit(row, piece, tuple(subjects), tuple(named), boilerplate=boiler, lead_in=piece.endswith(":"))
            )
    return units


_URL = re.compile(r"\(?<?https?://[^\s)>]+>?\)?")


def _link_only(piece: str) -> bool:
    """A link with its title ("PyTorch Tutorials (https://pytorch.org/tutorials/)."): a reference, no statement."""
    rest = _URL.sub(" ", piece)
    return rest != piece and len(re.findall(r"[^\W\d_]+", rest)) <= LINK_TITLE_WORDS


LINK_TITLE_WORDS = 4  # words beside a link that still only title it


# What a sentence is set against ("… compared to TensorFlow", "… than Keras and PyTorch", "as suitable … as
# PyTorch"): not its subject.
_COMPARED_TO = re.compile(
    r"\b(?:than|compared (?:to|with)|unlike|vs\.?|versus|as(?:\s+[\w-]+){1,6}?\s+as)"
    r"\s+[A-Z][\w.+\-]*(?:\s*(?:,|and|or)\s*[A-Z][\w.+\-]*)*"
)


def _set_against_only(piece: str, find: Callable[[str], list[str]]) -> bool:
    """Whether every framework a sentence names is only what it is set against ("… compared to TensorFlow")."""
    return not find(_COMPARED_TO.sub(" ", piece))


# The opening sentence's subject: up to three capitalised words before "is/was/are" ("Apache MXNet is …").
_OPENING_SUBJECT = re.compile(r"^\s*((?:[A-Z][\w.+\-]*\s+){0,2}[A-Z][\w.+\-]*)\s+(?:is|was|are|were)\b")
_WORD = re.compile(r"[\w.+\-]*\w")


def document_frameworks(
    passages: Sequence[Passage],
    known: Callable[[str], list[str]],
    ordinary: Callable[[str], bool | None],
) -> list[str]:
    """Frameworks the user's documents are about, beyond the facts file's, so they can be asked about,
    compared and recommended like the others.

    A document names them in its front matter (``frameworks:``, already on its passages); otherwise
    its subject is the name its title and its opening sentence share ("JAX in practice" / "JAX is a
    Python library …"). A subject must read as a name: written with capitals inside ("JAX", "MXNet")
    or not an ordinary word of the model's vocabulary ("Caffe"), so "Python tips" adds nothing.
    """
    first: dict[str, Passage] = {}
    found: list[str] = []
    declared: set[str] = set()
    for p in passages:
        if p.source == FACTS_SOURCE:
            continue
        first.setdefault(p.source, p) if p.kind != "code" else None
        for fw in p.frameworks:
            if not known(fw) and fw not in found:
                found.append(fw)
                declared.add(p.source)
    for source, p in first.items():
        if source in declared:
            continue
        sentences = split_sentences(p.text)
        m = _OPENING_SUBJECT.match(sentences[0]) if sentences else None
        if m is None:
            continue
        title = {w.casefold() for w in _WORD.findall(p.title)}
        words = [w for w in _WORD.findall(m.group(1)) if w.casefold() in title]
        name = " ".join(words)
        if not words or known(name) or name in found or len(name) < 3:
            continue
        if any(c.isupper() for w in words for c in w[1:]) or any(ordinary(w) is False for w in words):
            found.append(name)
    return found
