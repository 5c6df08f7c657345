"""How a question is worded: the patterns a turn is read with (question words, ranking words, pointing words).

Question words (who, which, vs, why …) are cues for the slots ``reading`` fills by meaning; they are general
English, not words of one topic. Kept apart from the reading itself so both stay small.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from . import vocab
from .textutil import CONS_CUE, MAKER_CUE, PROS_CUE
from .vocab import words_pattern

WHY = re.compile(r"^\W*(?:but |and |so )?(?:why|how come|what makes (?:it|that|this|them|those) )\b", re.I)
RANKS = (
    r"\bvs\.?\b|\bversus\b|\bcompar|\bdifferen|\bbetter\b|\bworse\b|\bmore \w+ than\b"
    r"|\b\w+er (?:to \w+ (?:up )?)?than\b"
    r"|\bagainst\b|\bsame\b|\bwhich (?:one |of (?:them|the \w+) |\w+ )?is (?:\w+er|more|less|better)\b"
    r"|\b\w{3,}(?<!b)est\b"  # a superlative ("the gentlest learning curve") ranks them too
    r"|\b(?:has|have) the (?:\w+er|more|less)\b"  # "which has the bigger community?"
    r"|\brank(?:ed|ing)?\b"  # "rank all three by how flexible they are"
)
CARES_ABOUT = re.compile(r"\babout\s+([^?.!]{4,80})", re.I)  # "if I care mostly about being able to tweak it"
HOW_TRAIT = re.compile(  # "compare all three for how easy they are", "how fast each of them is": a trait asked
    r"\bhow\s+(\w+)\s+(?:they|it|each|both|these|those)\b(?:\s+of\s+(?:them|these|those))?\s+(?:is|are)\b", re.I
)
BY_TRAIT = re.compile(r"\brank\w*\b.*?\bby\b|\bby how\b", re.I)  # "rank them by how hard they are to learn"
GOODNESS = re.compile(r"\b(?:better|worse|best|worst)\b", re.I)  # ranks on no axis of its own
COMPARE = re.compile(rf"{RANKS}|\bor\b", re.I)
# With no framework named, "or" joins parts of a use case ("a microcontroller or edge hardware"), not sides.
RANKS_UNNAMED = re.compile(RANKS, re.I)
RECOMMEND = re.compile(  # (a "what" asks within its sentence: "What licence …? I'd like to ship one of them …")
    r"\b(?:which|what)\b[^?!]*\b(?:framework|library|one|tool|should|best|use|pick(?! up)|choose|learn|go with)\b"
    r"|\bshould (?:i|we)\b|\bbest\b|\brecommend|\bchoos(?:e|ing)\b|\bpick(?:ing)?\b(?! up)|\bgo with\b"
    r"|\bfor (?:my|our|a|an)\b"
    r"|\b(?:better|good|suitable|ideal|right) (?:for|choice)\b|\bstart with\b"
    r"|\b(?:good|bad|smart|wise|terrible) (?:idea|call|move)\b"  # "would it be a bad idea to teach that one instead?"
    # "should a data scientist learn pytorch or keras first?": someone else's choice asked
    r"|\bshould (?:a|an|my|our|the) \w+(?: \w+)? (?:learn|use|pick|choose|start with|go with)\b"
    r"|\b(?:what|which)\s+(?:do|should|would|could|can)\s+(?:i|we)\s+\w+\W*$"  # "… asap. what do i grab"
    r"|(?:^|[.!?:]\s+)\W*(?:\w+,?\s+)?(?:what then|then what)\W*$"  # "… a brand-new network design. What then?"
    r"|\bchange (?:the|your|that|my) (?:answer|pick|recommendation|choice)\b"  # "does that change the answer?"
    r"|\bwho(?:'s|’s|\s+is)\s+(?:right|correct)\b"  # "half want pytorch, half tensorflow. who's right?"
    r"|\bany of (?:these|them|those|the (?:three|frameworks))\b",  # "can any of these run in a web page?": which can
    re.I,
)
STARTED_WITH = re.compile(  # "if I start with keras, …", "we already started with tensorflow": chosen already
    r"\b(?:(?:if|when|once|since|after)\s+(?:i|we|you)\s+start|(?:i|we)\s+(?:already\s+)?started)\s+with\s+([\w.-]+)",
    re.I,
)
# Fact questions: strong cues win over a use case ("What is TensorBoard used for?"), weak ones do not
# ("what's the go-to for serving models in production?" asks for a pick).
FACT = re.compile(
    r"^\W*(?:who|when)\b|\b(?:what year|which year|how old|what language|which language|what is|what are|"
    r"tell me about|explain|describe)\b",
    re.I,
)
WEAK_FACT = words_pattern(vocab.WEAK_FACT_CUES)
DIFFERENCE_BETWEEN = re.compile(r"\bdifferen\w*\s+between\b", re.I)  # "the difference between eager and graph …"
OR_FOR = re.compile(r"\bor\b[^?.]*\bfor\b", re.I)  # "X or Y for …?": a pick between them for a purpose
USE_CASE_AFTER = re.compile(r"\b(?:for|to|when|if)\b", re.I)  # "the go-to for serving …": a use case follows
MAKER = re.compile(MAKER_CUE, re.I)
# "is Keras made by Google?": a maker asked as a yes or no, as "who made it?" asks one
MADE_BY = re.compile(r"\b(?:made|created|developed|built|maintained|backed|owned)\s+by\b", re.I)
USES = re.compile(  # who uses it (not makes it): "uses", or parties asked in the plural ("which big companies run it")
    r"\b(?:use[sd]?|using|rel(?:y|ies|ied) on|adopt(?:s|ed)?)\b|\b(?:which|what) (?:\w+[ -]){0,2}(?:companies|firms)\b",
    re.I,
)
EVERY = words_pattern(vocab.EVERY_FRAMEWORK)
_KINDS = words_pattern(vocab.RECOMMENDED_KINDS).pattern  # "framework", "library", "tool", "one" …
# (or after a clause: "my loss goes NaN, which framework makes debugging easier?", "… a few weeks, which of the three?")
WHICH = re.compile(
    rf"^\W*(?:\w+,?\s+)?which\b|[,;.]\s*which\s+(?:of\b|{_KINDS})", re.I
)  # "which has …?" asks the sides to be ranked on an axis
WHICH_KIND = re.compile(rf"\bwhich (?:{_KINDS})", re.I)  # "… does that change which framework we should pick?"
_JUDGED = r"(?!(?:'s|’s|\s+is|\s+was)\s+(?:right|wrong|correct)\b)"  # "who's right?" asks no one's name
# "who is behind it?", "and who makes it?", "which companies use it?"
WHO = re.compile(
    # ("who's right?", "and who is correct here?" ask which side to take, no one's name)
    rf"(?:^|[:;,.!?]\s+)\W*(?:\w+,?\s+)?(?:who|whose)\b{_JUDGED}|\band who\b{_JUDGED}"  # (also "quiz: who …?")
    r"|\b(?:which|what) (?:\w+[ -]){0,2}(?:compan(?:y|ies)|firms?|organi[sz]ations?)\b"  # "which big firms"
    # ("which people use it?" opens a clause; "is PyTorch Mobile still what people use …?" asks no one's name)
    # ("what do people use TorchScript for?" asks what for: a verb after "what" is no kind of people)
    r"|(?:^|[:;,.?!]\s+|\band\s+)\W*(?:\w+,?\s+)?(?:which|what) (?!(?:do|does|did|would|will|can|could|should)\b)"
    r"(?:\w+[ -]){0,2}people\b",
    re.I,
)
# "when" opening a clause of the user's own, a person or "it" doing something ("and when we need to scale it",
# "when it comes to …"), asks no time; "when was it released?" does
_WHEN_CLAUSE = r"(?!\s+(?:i|we|you|they|it)\s+(?!(?:was|were|is|are|has|had|did|first)\b)\w)"
WHEN = re.compile(
    # (a clause's "when", as after a chatty opener: "quick q, when did tensorflow first come out")
    rf"(?:^|[:;,.!?]\s+)\W*(?:\w+,?\s+)?when\b{_WHEN_CLAUSE}|\band when\b{_WHEN_CLAUSE}"
    r"|\b(?:what|which) year\b|\bhow old\b|\bwhich (?:\w+ )?(?:is|was|one is) (?:older|newer)\b",  # "which is older?"
    re.I,
)
OR_ENDS = re.compile(r"\bor\s+[\w.]+\W*$", re.I)
# a trait the turn ranks two frameworks on: "harder than", "less painful to pick up", "more flexible than"
COMPARATIVE = re.compile(r"\b(?:\w+er|(?:more|less) \w+)(?:\s+than\b|\s+to \w+(?:\s+up)?(?:\s+than\b)?)", re.I)
# "which has the bigger crowd of people I can ask for help?", "which one has more users": a degree of something,
# read alone for the axis it ranks on
DEGREE = re.compile(
    r"\b(?:the|a)\s+(\w+(?:er|est)\s+[^?.!,:;]{3,60})|\b((?:most|least|more|fewer|less)\s+[^?.!,:;]{3,60})", re.I
)
# a sentence pointing at the one before ("which of the three makes that possible?", "is that still how it works?"),
# not at an option ("that one", "this framework")
POINTS_BACK = re.compile(r"\b(?:this|that|it)\b(?!\s+(?:one|framework|library))", re.I)
SENTENCES = re.compile(r"(?<=[?.!])\s+")
UNMARKED_IS = re.compile(r"\b(what|who|how|where|when|why)s\b", re.I)  # "whos behind it": "who's"
# "and for research?", "what about …", or one word before it ("ok and for research then?", "cool, what about …")
FOLLOW_UP = words_pattern(vocab.FOLLOW_UP_OPENERS, r"^\W*(?:\w+,?\s+)?{}\b")
# "the framework you just picked", "the one you recommended": the framework the chat's last answer chose
CHOSEN = (
    r"\bthe (?:framework|library|one|tool) (?:that )?you(?:'ve|’ve| have)? (?:just )?"
    r"(?:picked|chose|chosen|recommended|suggested|went with)\b"
)
# "who maintains that?", "when did that change?": a bare "that"/"this" ending the question, or before its last
# word, points back too (elsewhere it may join a clause: "a framework that runs on phones")
PRONOUN = re.compile(
    words_pattern(vocab.POINTING_WORDS).pattern
    + r"|\b(?:that|this)\b(?=(?:\s+\w+)?\W*$)"
    # … and a framework named by what the assistant did with it ("who created the framework you just picked?")
    + rf"|{CHOSEN}"
    # … and a "that"/"this" a yes/no question asks about ("is that still the case?", "ok, was this true?")
    + r"|^\W*(?:\w+,?\s+)?(?:is|was|are|were|does|did|has|will)\s+(?:that|this)\b",
    re.I,
)


def names_after_for(text: str, words: tuple[str, ...]) -> bool:
    """Whether one of these words comes after a "for" / "to" / "when" / "if", where a use case is named."""
    cue = USE_CASE_AFTER.search(text)
    return cue is not None and any(re.search(rf"\b{re.escape(w)}\b", text[cue.end() :]) for w in words)


def compares(text: str) -> bool:
    """Whether a turn sets frameworks against each other ("X vs Y", "is X better than Y")."""
    return bool(COMPARE.search(_HEDGED_OR.sub(" ", text)))


# "… it came from lua or something": an "or" that hedges sets nothing against anything
_HEDGED_OR = re.compile(r"\bor (?:something|so|anything|whatever|not)\b", re.I)


def refers_back(text: str, elliptic: bool) -> bool:
    """Whether a turn points back at the chat: it says nothing of its own, uses a pronoun, or opens with
    "and …" / "what about …"."""
    return elliptic or bool(PRONOUN.search(text)) or bool(FOLLOW_UP.search(text))


_NEXT_WORD = re.compile(r"\s+([^\W\d_]+)\W*$")


def points_elsewhere(question: str, end: int, indexed: Callable[[str], bool]) -> bool:
    """Whether a pointing word ends in "this"/"that" before a last word the sources never use ("this weekend"):
    a determiner of that word, not a pointer back at the chat."""
    if question[end - 4 : end].casefold() not in ("this", "that"):
        return False
    after = _NEXT_WORD.match(question, end)
    return after is not None and not indexed(after[1])


ASKS_KIND = re.compile(r"\b(?:frameworks?|librar(?:y|ies)|tools?)\b|\bwhich (?:one|of)\b", re.I)  # "which framework"


def asked_names(question: str, unknown: list[str]) -> list[str]:
    """Of the unknown names, those the question asks of: after sentences of context, a last sentence asking for a
    framework ("So far it's all been scikit-learn and XGBoost on tabular data. … Which framework should I learn for
    this?") asks a pick; the names of the context say where the user comes from, not what is asked about."""
    parts = [p for p in SENTENCES.split(question.strip()) if p.strip()]
    asking = next((p for p in reversed(parts) if p.rstrip().endswith("?")), parts[-1] if parts else "")
    if len(parts) < 2 or not ASKS_KIND.search(asking):
        return unknown
    return [w for w in unknown if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", asking)]


WEIGHS = re.compile(f"{CONS_CUE}|{PROS_CUE}", re.I)  # a turn asking weak or strong points
# "… vs just writing plain ": the name that follows is the side weighed against
_AGAINST = re.compile(r"\b(?:vs\.?|versus|than|compared (?:to|with)|over)\s+(?:\w+\s+){0,3}$", re.I)


def weighed_against(text: str, named: str, subject: str) -> bool:
    """A turn asking weak or strong points whose one framework is named after "vs"/"than"/"compared to" ("what would
    I lose vs just writing plain pytorch?" after Keras): the side the chat's framework (``subject``) is weighed
    against."""
    if named == subject or not WEIGHS.search(text):
        return False
    at = re.search(re.escape(named), text, re.I)
    return at is not None and bool(_AGAINST.search(text[: at.start()]))


APPOSED = re.compile(r"(?: one)?\s*[,(—–-]\s*([\w.]+)")  # "the other one, pytorch": a pointer the name follows
# "who's behind the first one?", "and the latter?": a framework by its place in the chat's order of mention
_ORDINAL = re.compile(r"\bthe (?:(first|former)|(second|latter))(?: one| framework| library)?\b", re.I)
_OTHER = re.compile(r"\bthe other (?:one|framework|library)\b", re.I)  # "the other one": the side not picked


def by_place(text: str, mentioned: Sequence[str], subject: Sequence[str]) -> str:
    """The turn with "the first one" / "the latter" replaced by the framework the chat mentioned first / second,
    and "the other one" by the one of two it did not pick (its ``subject``), so it is read as if named ("who's
    behind the first one?" → "who's behind TensorFlow?"). Not where "which" asks for one ("which is the first one
    released?")."""
    other = _OTHER.search(text)
    if other and not APPOSED.match(text, other.end()) and subject:
        rest = [f for f in mentioned if f != subject[0]]
        return text[: other.start()] + rest[0] + text[other.end() :] if len(rest) == 1 else text
    m = _ORDINAL.search(text)
    if m is None or len(mentioned) < 2 or re.search(r"\bwhich\b", text[: m.start()], re.I):
        return text
    return text[: m.start()] + mentioned[0 if m[1] else 1] + text[m.end() :]

# Patterns of a chat turn that ``conversation`` reads: words that look like pointers but point at no framework,
# "like that" (the chat's thing), a value asked, a scene set.
_FOR_IT = re.compile(r"\b(?:for|with|at) (?:it|that|this)\b(?! one)", re.I)
_LIKE_IT = re.compile(r"\blike (?:that|this|it)\b", re.I)
SIMILAR = re.compile(rf"\b(?:similar|equivalent|alternative|counterpart)\b(?! to)|{_LIKE_IT.pattern}", re.I)
WHAT_IS = re.compile(  # "What is Keras?", "tell me about PyTorch": asks what the framework is
    r"^(?:[^:;?]{1,40}[:;]\s+)?\W*(?:(?:ok|okay|so|and|also|now|then),?\s+)?"  # ("OK, unrelated: what would …")
    r"(?:what(?:'s|’s|s| is| are)|tell me (?:more )?about|describe|explain"
    r"|what (?:would|do|does|can|could|should) (?:i|you|we|one|people) use)\s+"  # "what would I use TensorBoard for?"
    r"(?:a |an |the )?(?P<name>[^?]{1,40}?)\W*$",
    re.I,
)
SETS_AGAINST = re.compile(r"\bcompar", re.I)  # "how does pytorch compare on deployment?": set against something
# "is that like XLA in tensorflow?", "is it the same thing as TorchScript?": the chat's thing set against another
LIKENED = re.compile(
    r"\b(?:is|isn't|isn’t|are)\s+(?:that|this|it)\s+(?:just\s+|basically\s+|kind of\s+)?"
    r"(?:like|similar to|the same(?: thing)? as|equivalent to|comparable to)\s+(?P<other>[^?!.,;]{2,40})",
    re.I,
)
_IMPERSONAL = r"\bit\s+comes\s+(?:down\s+)?to\b"  # "when it comes to raw performance": "it" points at nothing
NOT_POINTING = re.compile(f"{_FOR_IT.pattern}|{_LIKE_IT.pattern}|{_IMPERSONAL}", re.I)  # "for it", "like that"
# "what's the learning curve like …": a value asked
ASKS_VALUE = re.compile(r"^\W*(?:what|how)(?:'s|’s|\s+is|\s+are|\s+will)\s+(?:the|its|their)\b", re.I)
WHAT_IF = re.compile(r"\bwhat if\b", re.I)  # "and what if our contractor …": a scene set, no use case named
# a dash or colon between a need and the choice that follows ("… retail sales data - tensorflow, pytorch or keras?")
SET_OFF = re.compile(r"\w\s+[-–—]\s+\w|\w:\s+\w")
SELECTING = words_pattern(vocab.SELECTING)  # "which one", "which of": a choice among the frameworks the chat named
FRAGMENT_WORDS = 4  # a turn of at most this many words naming an axis is a fragment of the one before


def is_fragment(text: str) -> bool:
    """Whether a turn is a few words only ("for raw speed", "and memory usage?"), a fragment of the one before."""
    return len(re.findall(r"\w+", text)) <= FRAGMENT_WORDS
