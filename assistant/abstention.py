"""When to say "I don't know", judged on the turn's own words whatever the chat before it.

A turn is out of scope when its meaning is far from every passage and it names no framework, when
it asks about a framework-like name no source knows ("is MXNet good?"), or when none of its words
is in the index. One unknown word in an otherwise covered question never decides it: "for my PhD"
or "on a Raspberry Pi" are judged by meaning. A turn that says nothing of its own ("why?", "and
Keras?") inherits the scope of the chat it continues.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from . import vocab
from .answer.evidence import STEM
from .cues import ASKS_KIND, FOLLOW_UP, PRONOUN, RANKS_UNNAMED, WEIGHS, compares, points_elsewhere
from .models import Answer
from .textutil import RECENT, content_words

if TYPE_CHECKING:
    from .turn import Turn

# Top dense cosine of the turn's own vector under this: the corpus does not cover it. Measured with
# `assistant eval` (docs/EVALUATION.md): off-topic questions reach at most 0.22, in-scope ones at least 0.28.
ABSTAIN_BELOW = 0.25
FAR_FROM = 0.30  # a turn with a word no source uses, this far from every passage and from "which framework?"
# A turn naming a framework by a short form that is an ordinary word too ("a good torch for camping"), its topic under
# FAR_FROM and its meaning under this from every passage, is about the word ("torch for my startup?" reaches 0.66)
SHORT_FORM_REACH = 0.55
HARD_FLOOR = 0.05  # under this, nothing saves a turn: it shares no meaning with any passage
# A pick asked in words the index lacks is still in scope when this much of the turn's meaning is "which
# framework should I use?" (Knowledge.asks_for_a_framework): "a hackathon" 0.56, "the best pasta recipe" 0.31.
ASKS_FRAMEWORK = 0.50
# The words a question asks for a framework with: what the advisor recommends. A pick asked without them,
# about a thing the index does not know ("recommend a good laptop for deep learning"), is no framework question.
ASKS_BY_WORD = re.compile(
    r"\b(?:frameworks?|librar(?:y|ies)|tools?|which (?:one|of)|(?:should|do|would|can) (?:i|we|you) (?:use|pick|choose)"
    # "what should a data scientist at a bank use …?", "what do the big companies actually use?"
    r"|(?:should|do|does|would|could) (?:\w+\s+){1,6}use"
    # "what should we standardise on?", "what should she start with?"
    r"|(?:what|which) (?:should|would|could|can|do|does) (?:i|we|my|our|he|she|they|his|her|their)\b"
    r"|where (?:should|do|can|would) (?:i|we) (?:start|begin)"  # "zero ML background … where do i start"
    r")\b",
    re.I,
)
# The kind of thing a pick asks for, named between its question word and its verb ("what GPU should I buy",
# "which cloud provider is cheapest") or as what to recommend ("recommend a good book for …").
_ASKED_FOR = re.compile(  # (opening a sentence, or after one word: "what my team does" is a clause, not a question)
    r"(?:^|(?<=[.?!;])\s+|(?<=[.?!;]))\W*(?:\w+,?\s+)?(?:which|what|how much|how many)\s+"
    # (a verb right after "what" names no kind: "what do people use to visualise …", "which should i learn to …")
    r"(?!(?:should|would|could|can|do|does|did|is|are|will)\b)(?P<thing>(?:[\w.+-]+\s+){0,2}?[\w.+-]+)"
    r"\s+(?:should|would|could|can|do|does|is|are|to|will)\b"
    r"|\brecommend(?:\s+me)?\s+(?:an?|some)\s+(?:\w+\s+)?(?P<object>[\w.+-]+)\s+(?:for|to)\b",
    re.I,
)
_KINDS = frozenset(vocab.RECOMMENDED_KINDS)
_ASKS_TO_USE = re.compile(r"\b(?:should|would|do|does|could|can)\s+(?:\w+\s+){1,6}use\W*$", re.I)  # "… use?"
_USE_CASE_WORDS = frozenset(("for", "to", "on", "in", "with", "at", "about"))
_USE_CASE_CLAUSE = re.compile(r"\b(?:for|to|on|in|with|at)\b", re.I)  # what follows is the use case, not the thing
# The thing a superlative ranks: "the fastest car" ranks cars, "the gentlest learning curve" a framework's trait.
_SUPERLATIVE_OF = re.compile(r"\b\w{3,}(?<!b)est\s+(?P<thing>[A-Za-z]+)", re.I)
_FRAMING = frozenset(vocab.QUESTION_FRAMING)
_FOR_NEW = re.compile(r"^\W*(?:\w+,?\s+)?(?:and|what about|how about)\s+(?:for|with|on)\s+\w", re.I)  # "and for X?"
_ALTERNATIVES = frozenset(("or", "vs", "versus"))  # words that set two names against each other
OFF_SUBJECT_WORDS = 3  # a request this short is about its first word of substance ("a joke about neural networks")
CHAT_FLOOR = 0.15  # a turn naming a covered use case ("and for research then?") is kept from here up
_NAME_LIKE = re.compile(r"\b(?:[A-Z][a-z0-9]*[A-Z0-9][A-Za-z0-9]*|[A-Z]{2,}[a-z]*|[a-z]+[A-Z][A-Za-z0-9]*)\b")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[.-][A-Za-z0-9]+)*")
# Words next to which a framework name stands ("is X good", "use X", "X vs Y", "caffe or chainer").
# Strong slots take any unknown word; weak ones ("in X", "with X", "about X") only a word written like a
# name or one the embedding model's vocabulary lacks.
_SLOT_BEFORE = frozenset(vocab.NAME_SLOT_BEFORE)
_SLOT_AFTER = frozenset(vocab.NAME_SLOT_AFTER)
_WEAK_BEFORE = frozenset(vocab.WEAK_SLOT_BEFORE)
_WEAK_AFTER = frozenset(vocab.WEAK_SLOT_AFTER)


def unknown_names(
    question: str,
    is_framework: Callable[[str], bool],
    indexed: Callable[[str], bool],
    ordinary: Callable[..., bool | None] = lambda word, exact=False: None,
) -> list[str]:
    """Framework-like names no source knows, standing where a framework name would ("is MXNet good",
    "caffe or chainer", "who created Chainer"): neither an alias nor an indexed word, and either written
    like a name or not an ordinary word (``ordinary``: the embedding model's tokenizer holds it whole,
    so "startup" or "PhD" never count, while "mxnet" does)."""
    unknown: list[str] = []
    words = [m.group(0) for m in _WORD.finditer(question)]
    # the trait a "which is …er?" ranks them on ("keras or pytorch — which is gentler for …?"), in lower case
    traits = {m[1] for m in _RANKED_TRAIT.finditer(question) if m[1].islower()}
    for i, word in enumerate(words):
        before = words[i - 1].lower() if i > 0 else ""
        after = words[i + 1].lower() if i + 1 < len(words) else ""
        written_like_a_name = bool(_NAME_LIKE.fullmatch(word)) or (i > 0 and word[:1].isupper())
        # A name is judged on the word itself ("Chainer"), a plain word with its inflections ("quickest").
        plain = ordinary(word, exact=written_like_a_name)
        name_like = written_like_a_name or (("-" in word or "." in word) and plain is not True)
        strong = before in _SLOT_BEFORE or after in _SLOT_AFTER
        weak = before in _WEAK_BEFORE or after in _WEAK_AFTER
        if word in unknown or word in traits or is_framework(word) or not (strong or weak):
            continue
        # Across "or"/"vs" stands what the word is set against: beside a plain indexed word ("a microcontroller
        # or edge hardware") it is a use case, beside a framework or another unknown word a name ("caffe or
        # chainer"). A question that asks for a framework itself ("which framework is gentlest?") has its
        # unknown plain words describe the use case; only a word written like a name is one there.
        # (an ordinary word the sources lack is a plain word too: "text classification or chatbots")
        partner = _partner(words, i)
        plain_partner = partner is not None and (indexed(partner) or ordinary(partner, exact=True) is True)
        if plain_partner and not is_framework(partner) and not _NAME_LIKE.fullmatch(partner):
            continue
        if partner is None and not written_like_a_name and ASKS_BY_WORD.search(question):
            continue
        if plain is None or weak and not strong:
            # In a weak slot, a word the model's vocabulary lacks counts like a name when it is all the
            # turn is about ("what about caffe?"); beside other words ("in javascript") it is only a detail.
            # (a word written like a name that the model knows whole is an ordinary one: "starting a PhD and …")
            alone = weak and plain is False and content_words(question, lambda w: []) == [word]
            if not ((name_like and plain is not True) or alone):
                continue
        elif not (plain is False or (name_like and not plain)):
            continue
        if not indexed(word):
            unknown.append(word)
    return unknown


def asks_for_another_kind(question: str, is_framework: Callable[[str], bool]) -> bool:
    """Whether a pick question names the kind of thing it wants, and that kind is no framework, library or tool
    ("what GPU should I buy for training?", "which monitor is best for programming?")."""
    m = _ASKED_FOR.search(question)
    words = (m["thing"] or m["object"]).split() if m else []
    if not words or words[0].casefold() == "of" or all(w.casefold() in _FRAMING for w in words):
        return False  # "which one is …", "which of these is …", "what should …": no kind named
    return not any(w.casefold() in _KINDS or is_framework(w) for w in words)


# A request to write something ("can u write me a cover letter for …", "draft a poem about keras"): the thing it wants
# written, its first words up to a framing word. The advisor is asked to write: the verb opens a clause or follows
# "can you", "please", "help me" ("if i write everything in keras …" says what the user does)
_WRITE = re.compile(
    r"(?:^|[.!?:;,]\s*|\b(?:can|could|would|will)\s+(?:you|u)\s+|\b(?:please|pls|plz)\s+|\bhelp\s+(?:me|us)\s+"
    r"|\b(?:you|u)\s+to\s+)\W*"
    r"(?:write|draft|compose)\s+(?:(?:me|us)\s+)?(?:(?:an?|the|some|my|our)\s+)?(?P<thing>[\w-]+(?:\s+[\w-]+)?)",
    re.I,
)


def writes_something_else(question: str, indexed: Callable[[str], bool]) -> bool:
    """Whether the turn asks for a text written, of a kind no source speaks of ("write me a cover letter for an ML
    role at Meta? ive used pytorch"): a task, not a question the sources answer, whatever frameworks it names."""
    m = _WRITE.search(question)
    words = [w for w in (m["thing"].split() if m else []) if w.casefold() not in _FRAMING]
    words = words[: next((i for i, w in enumerate(words) if w.casefold() in _USE_CASE_WORDS), len(words))]
    return bool(words) and not all(map(indexed, words))


_RANKED_TRAIT = re.compile(
    r"\bwhich\b(?:\s+(?:one|of\s+(?:them|the\s+\w+)|\w+))?\s+(?:is|are|feels?|seems?)\s+(?:the\s+)?(\w+(?:er|est))\b",
    re.I,
)
_TOKEN = re.compile(r"[A-Za-z0-9][\w.+-]*|[^\w\s]")


def sides_unknown(question: str, indexed: Callable[[str], bool]) -> bool:
    """Whether the question sets two things against each other ("rtx 4090 or a used A100 …?") each of which has
    a word no source uses: a choice between things the sources never name. Each side is the run of words next to
    the "or"/"vs", up to a framing word or punctuation ("a", "for", ",")."""
    tokens = _TOKEN.findall(question)
    for i, token in enumerate(tokens):
        if token.casefold() not in _ALTERNATIVES:
            continue
        left: list[str] = []
        for t in reversed(tokens[:i]):
            if t.casefold() in _FRAMING or not t[0].isalnum():
                break
            left.append(t)
        right: list[str] = []
        for t in tokens[i + 1 :]:
            if t.casefold() in _FRAMING and not right:
                continue  # "or a used A100": the article opens the side
            if t.casefold() in _FRAMING or not t[0].isalnum():
                break
            right.append(t)
        if left and right and all(any(not indexed(w) for w in side) for side in (left, right)):
            return True
    return False


def _a_side(question: str, names: Sequence[str]) -> bool:
    """Whether one of these names is a side of the comparison: set against another word across "or"/"vs" ("caffe or
    pytorch"), or the question ranks ("how does MXNet compare to pytorch?"). "… MLOps … TF or PyTorch?" sets only
    the two frameworks against each other."""
    words = [m.group(0) for m in _WORD.finditer(question)]
    partnered = any(_partner(words, i) is not None for i, w in enumerate(words) if w in names)
    return partnered or bool(RANKS_UNNAMED.search(question))


def _partner(words: list[str], i: int) -> str | None:
    """The word set against ``words[i]`` across "or"/"vs"/"versus" ("caffe" in "caffe or chainer"), if any."""
    if i >= 2 and words[i - 1].lower() in _ALTERNATIVES:
        return words[i - 2]
    if i + 2 < len(words) and words[i + 1].lower() in _ALTERNATIVES:
        return words[i + 2]
    return None


def declines(
    question: str,
    turn: Turn,
    *,
    chat: bool,
    top_cosine: float,
    unknown: Sequence[str],
    knows: Callable[[str], bool],
    terms: Callable[[str], list[str]],
    indexed_word: Callable[[str], bool],
    asks_for_a_framework: float,
    other_kind: bool = False,
    short_form_topic: float | None = None,
) -> bool:
    """Whether to say "I don't know" to a turn, whatever the chat before it (``chat``: there was one).

    ``knows``/``terms``/``indexed_word`` read the index's words; ``asks_for_a_framework`` is how much of
    the turn's meaning is "which framework should I use?" (``Knowledge.asks_for_a_framework``); ``other_kind``:
    it names another kind of thing it wants (``asks_for_another_kind``); ``short_form_topic``: for a turn naming a
    framework only by a short form ("torch"), how close its topic (names aside) comes to any sentence.
    """
    gibberish = not turn.named and not any(knows(t) for t in terms(question))
    # (… or its only known words say when, "currently aiaaafb": nothing of what it asks is known)
    timeless = [w for w in turn.words if not RECENT.fullmatch(w)]
    only_when = len(timeless) < len(turn.words) and not any(knows(t) for w in timeless for t in terms(w))
    gibberish = gibberish or (only_when and not turn.named and not turn.things)
    # A pick asked with no use case and no framework named, judged on its words, numbers aside ("the best
    # movie of 2024?" is no question about 2024).
    pick_without_topic = turn.intent == "recommendation" and turn.use_case is None and not turn.named
    # … in words that do not ask for a framework, by meaning or by word ("which framework", "should I use")
    asks_none = asks_for_a_framework < ASKS_FRAMEWORK and not ASKS_BY_WORD.search(question)
    own_pick = turn.own_intent == "recommendation" and not turn.named  # read on its own, whatever the chat made of it
    words = [w for w in turn.words if not w.isdigit()]
    # … for nothing the sources know ("the best pasta recipe?"). "best framework for a hackathon?" asks which
    # framework, in words the index lacks: in scope, not covered.
    unknown_topic = (
        pick_without_topic
        and asks_none  # "got a hackathon this weekend, which framework lol": it asks one
        and not any(knows(t) for w in words for t in terms(w))
    )
    # … or in words some of which no source uses, that ask for no framework ("should I put my savings into Nvidia
    # or Google stock?"): the names it shares with the sources (adopters) do not make it a pick among frameworks
    # (read on its own: in a chat, "this year" may have been taken for "it")
    # … or with a use case its ordinary words graze, when hardly any of its meaning asks for a framework ("any tips
    # for learning to juggle?": "learning" ~ beginners)
    unasked = own_pick and turn.strange and asks_none and (turn.use_case is None or asks_for_a_framework < FAR_FROM)
    # … for something else than a framework: "Can you recommend a good laptop for deep learning?". The thing
    # asked for comes before the use case ("… for a web app that runs models client-side?"), whose words
    # the sources may lack without making the question about something else.
    asked_for = {w.casefold() for w in _WORD.findall(_USE_CASE_CLAUSE.split(question, maxsplit=1)[0])}
    thing = [w for w in words if w.casefold() in asked_for]
    other_thing = pick_without_topic and not ASKS_BY_WORD.search(question) and not all(map(indexed_word, thing))
    # … or a request whose first word of substance no source uses, about no framework: "Tell me a joke about
    # neural networks" asks for a joke, whatever else it shares with the sources. Judged on the word's first
    # letters, so a form the sources lack ("simplest" beside their "simple") is still known.
    # A longer turn most of whose words the sources use ("my boss wants something google-backed and stable for
    # production") is judged by its meaning, whatever its first word; so is one naming a thing the sources know
    # ("What happened to Theano?").
    known = [w for w in words if any(knows(t[:STEM]) for t in terms(w))]
    off_subject = (
        not turn.named
        and not turn.things
        and turn.own_intent not in ("recommendation", "comparison")  # a comparison found an axis the sources rank
        and not (turn.intent == "comparison" and turn.axis is not None)  # ("for raw speed" after a comparison ranks)
        and bool(words)
        and not any(knows(t[:STEM]) for t in terms(words[0]))
        and (len(words) <= OFF_SUBJECT_WORDS or 2 * len(known) < len(words))
    )
    # … or a choice between two things the sources never name, asked of no framework: "rtx 4090 or a used A100 for
    # training?" (a question that asks for a framework, "raspberry pi or jetson, which framework?", is ours)
    # ("should I use React or Vue for my frontend?" asks to pick one of its sides: only a kind named, "which
    # framework", asks for one of ours; sides after the use case begins are its parts: "what should I use to deploy
    # on phones or tablets?")
    head = _USE_CASE_CLAUSE.split(question, maxsplit=1)[0] if ASKS_BY_WORD.search(question) else question
    other_sides = not turn.named and not ASKS_KIND.search(question) and sides_unknown(head, indexed_word)
    # … or a ranking of a thing the sources never name, with no framework named: "what's the fastest car?"
    ranked = _SUPERLATIVE_OF.search(question)
    other_ranking = (
        turn.intent == "comparison"
        and not turn.named
        and ranked is not None
        and ranked["thing"].casefold() not in _FRAMING
        and not indexed_word(ranked["thing"])
    )
    # A chat turn that does not point back (no pronoun, no "and …"/"what about …", says something of its
    # own) is judged on its own words like a first question: "ok thanks. what's the best movie of 2024?"
    # ("how's the weather looking in berlin this weekend?": a "this" before a noun no source uses points at that
    # noun, the weekend, not back at the chat)
    pronoun = any(not points_elsewhere(question, m.end(), indexed_word) for m in PRONOUN.finditer(question))
    points_back = turn.elliptic or pronoun or bool(FOLLOW_UP.search(question))  # (cues.refers_back, this pronoun)
    # A follow-up most of whose words the sources use ("and what if we also need to publish papers from the
    # same code?") goes on with the chat's subject in its own words; "and what about the weather?" does not.
    follows_on = chat and points_back and 2 * len([w for w in words if any(knows(t) for t in terms(w))]) > len(words)
    # (asking the weak or strong points of the chat's framework, "and where does it fall short?", is in scope)
    weighs_it = chat and pronoun and bool(turn.frameworks) and bool(WEIGHS.search(question))
    # … or a turn in words no source uses, about no framework, whose meaning is far from every passage and hardly
    # asks for a framework: a use case its one ordinary word grazes ("learn" in "learn to bake bread" ~ beginners)
    # does not make it one of ours
    far_goal = (
        turn.strange
        and not turn.named
        and turn.axis is None  # "which one has the largest community?" ranks them on an axis the sources rank
        and not turn.things  # "which one of these actually uses the apple gpu properly?" names a thing they know
        and top_cosine < FAR_FROM
        and asks_for_a_framework < FAR_FROM
        and not (chat and points_back)
        # ("what would a high school class use?" asks what they would use, for a use case it names: education)
        and not (turn.use_case is not None and _ASKS_TO_USE.search(question))
    )
    # … or a pick of another kind of thing, whatever use case it names: "what GPU should I buy for training?"
    # ("what programming language does it use?" in a chat asks a fact of the chat's framework)
    # … or a turn whose one framework is a short form that is an ordinary word too, far from every source in topic
    # and in meaning: "need a good torch for a camping trip …", "my PT wants me deadlifting …"
    ordinary_name = (
        short_form_topic is not None
        and len(turn.named) == 1
        and not (turn.elliptic or turn.things or turn.axis is not None)
        and short_form_topic < FAR_FROM
        and top_cosine < SHORT_FORM_REACH
        and not (chat and points_back)
    )
    outside = not weighs_it and out_of_scope(
        top_cosine=top_cosine, named=turn.named, elliptic=turn.elliptic, continues=chat,
        # a ranking on an axis the sources rank is covered too: "which one has the largest community?"
        use_case=turn.use_case is not None or (turn.intent == "comparison" and turn.axis is not None) or follows_on,
        refers=bool(turn.frameworks) and pronoun, asks_now=bool(RECENT.search(question)),
    )  # fmt: skip
    other_kind = other_kind and own_pick and not (chat and pronoun)
    other_kind = other_kind or writes_something_else(question, indexed_word)
    return (
        far_goal
        or ordinary_name
        or other_kind
        # ("TF or PyTorch?" after a need in a word no source uses, "MLOps", sets no unknown name against them)
        or (bool(unknown) and (not turn.named or (compares(question) and _a_side(question, unknown))))
        or (gibberish and not chat)
        or ((unknown_topic or other_thing or other_ranking or other_sides) and (not chat or not points_back))
        # (a pronoun does not carry it into the chat: "this year" points at no framework; "and for …?" does)
        or (unasked and not (chat and (turn.elliptic or FOLLOW_UP.search(question))))
        # "and tell me a joke about neural networks" asks for a joke after any chat; "who maintains that one?" points
        # ("and for robotics?" after a pick asks the chat's question for a new use case: judged by meaning below)
        or (off_subject and (not chat or not (pronoun or turn.elliptic or _FOR_NEW.search(question))))
        or outside
    )


def out_of_scope(
    *,
    top_cosine: float,
    named: Sequence[str],
    elliptic: bool,
    continues: bool,
    use_case: bool,
    refers: bool = False,
    asks_now: bool = False,
) -> bool:
    """Whether a turn, judged on its own words, is outside what the sources cover.

    ``use_case``: the turn's topic matches a use case the sources give verdicts on.
    ``refers``: the turn points back at a framework of the chat by a pronoun ("who maintains that one?");
    ``asks_now``: it asks for the current state ("is that still the case?"), which the dated updates give.
    """
    if named:
        return False
    floor = HARD_FLOOR if asks_now else CHAT_FLOOR  # "is that still the case?" says nothing but "now"
    if continues and ((elliptic and top_cosine >= HARD_FLOOR) or (refers and top_cosine >= floor)):
        # Inside a chat, "why?" or "who maintains that one?" (short, so far from every passage) continue it.
        return False
    if use_case and top_cosine >= CHAT_FLOOR:
        # "and for research then?" in a chat, or "I need to ship a model to phones, what do you recommend?":
        # short or long, the turn sits far from every passage, but its topic is a use case the sources give
        # verdicts on. "what's a good pizza topping?" names no such use case and is judged on closeness alone.
        return False
    return top_cosine < ABSTAIN_BELOW


def abstain(question: str, names: Sequence[str], unknown: Sequence[str] = ()) -> Answer:
    """The honest "I don't know" (said once), with what the advisor can answer instead."""
    known = ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else "".join(names)
    if unknown:
        lead = f"I don't know: my sources say nothing about {', '.join(unknown)}."
    else:
        lead = "I don't know: my sources don't cover that question."
    text = (
        f"{lead}\n\nI can answer questions about {known}: which one to pick for a use case "
        "(mobile, research, beginners, production, prototyping …), how they compare, their pros and cons, "
        "and facts such as who develops them, when they were released, their languages and tools."
    )
    return Answer(question=question, text=text, answered=False, intent="abstain")
