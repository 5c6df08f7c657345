"""Structured facts stage: load ``corpus/facts.yaml``, render it into citable passages, find frameworks.

The facts file holds one record per framework (every value backed by the corpus documents that state
it) and dated ``updates`` from official pages where the articles are outdated or disagree. This module
turns both into ``Passage`` records (``kind="fact"``, ``source="facts"``) so retrieval and answering treat
them like any other citable text, and lets the answer stage find which update supersedes a corpus passage.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlparse

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from assistant.errors import FactsError
from assistant.records import Passage

__all__ = [
    "FACTS_FILENAME",
    "Claim",
    "Fact",
    "FactsFile",
    "Framework",
    "FrameworkMatcher",
    "Ranking",
    "Successor",
    "Update",
    "check_quotes",
    "check_sources",
    "fact_passages",
    "find_superseded",
    "load_facts",
    "normalize_quote_text",
    "passage_id",
    "supersessions",
    "tag_frameworks",
    "update_passage_id",
]

FACTS_FILENAME = "facts.yaml"  # lives in the corpus folder, next to the documents it cites
FACTS_TITLE = "Framework facts"

# Fact fields of a framework, in rendering order, with the sentence each becomes.
FACT_TEMPLATES: dict[str, str] = {
    "developer": "{name} is developed by {value}.",
    "creator": "{name} was created by {value}.",
    "first_release": "{name} was first released in {value}.",
    "languages": "{name} languages: {value}.",
    "execution_model": "{name} execution model: {value}.",
    "deployment_targets": "{name} deployment targets: {value}.",
    "tooling": "{name} tooling: {value}.",
    "best_for": "{name} is best suited for {value}.",
    "learning_curve": "{name} learning curve: {value}.",
    "notable_adopters": "{name} users include {value}.",
}


def _check_url(value: str) -> str:
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ValueError(f"{value!r} is not an http(s) URL")
    return value


class _Strict(BaseModel):
    """Base for the schema: unknown keys are typos, so they are errors."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Fact(_Strict):
    """One fact: a value (text, list, or target → tools mapping), the corpus ids stating it, a note.

    ``sources`` back the whole rendered sentence, including ``note``.
    """

    value: Any
    sources: list[str] = Field(min_length=1)
    note: str | None = Field(default=None, min_length=1)

    @field_validator("value")
    @classmethod
    def _check_value(cls, value: Any) -> str | list[str] | dict[str, list[str]]:
        def text(item: Any) -> bool:
            return isinstance(item, str) and bool(item.strip())

        if text(value):
            return value.strip()
        if isinstance(value, list) and value and all(text(v) for v in value):
            return [v.strip() for v in value]
        if (
            isinstance(value, dict)
            and value
            and all(text(k) and isinstance(v, list) and v and all(text(t) for t in v) for k, v in value.items())
        ):
            return {k.strip(): [t.strip() for t in v] for k, v in value.items()}
        raise ValueError("must be a non-empty string, a list of strings, or a mapping of strings to lists of strings")

    @field_validator("sources")
    @classmethod
    def _check_sources(cls, sources: list[str]) -> list[str]:
        if any(not s.strip() for s in sources):
            raise ValueError("source ids must be non-empty")
        if len(set(sources)) != len(sources):
            raise ValueError(f"duplicate source ids in {sources}")
        return sources


class Claim(_Strict):
    """A corpus claim: the document id and an exact quote of its text (as a reader sees it)."""

    source: str = Field(min_length=1)
    quote: str = Field(min_length=8)


class Successor(_Strict):
    """A tool an update renames or replaces: ``of`` its old names (aliases too), ``name`` the current one."""

    of: list[str] = Field(min_length=1)
    name: str = Field(min_length=1)


class Ranking(_Strict):
    """How the articles rank frameworks on one axis (best first), with the corpus quotes it rests on."""

    axis: str = Field(min_length=1)
    comparative: str = Field(min_length=1)
    order: list[str] = Field(min_length=2)
    evidence: list[Claim] = Field(min_length=1)


class Update(_Strict):
    """A dated statement from an official page where the articles are outdated (or disagree: ``conflict``).

    ``supersedes``: corpus claims it makes outdated. ``disputes``: corpus claims that disagree with each
    other, which the answer should present side by side rather than pick from.
    """

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    kind: Literal["update", "conflict"] = "update"
    frameworks: list[str] = Field(min_length=1)
    as_of: date
    url: str
    title: str | None = None
    statement: str = Field(min_length=1)
    see_also: list[str] = Field(default_factory=list)
    supersedes: list[Claim] = Field(default_factory=list)
    disputes: list[Claim] = Field(default_factory=list)
    successor: Successor | None = None

    @field_validator("url")
    @classmethod
    def _check_url(cls, value: str) -> str:
        return _check_url(value)

    @field_validator("see_also")
    @classmethod
    def _check_see_also(cls, values: list[str]) -> list[str]:
        return [_check_url(v) for v in values]

    @model_validator(mode="after")
    def _needs_claims(self) -> Update:
        if not self.supersedes and not self.disputes:
            raise ValueError("an update must list the corpus claims it supersedes or disputes")
        if self.kind == "conflict" and len(self.disputes) < 2:
            raise ValueError("a conflict must list at least two disputing claims")
        return self


class Framework(_Strict):
    """One framework's record: canonical name, aliases used to spot it in text, and its facts."""

    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    developer: Fact
    creator: Fact | None = None
    first_release: Fact
    languages: Fact
    execution_model: Fact
    deployment_targets: Fact
    tooling: Fact
    best_for: Fact
    learning_curve: Fact
    notable_adopters: Fact

    @field_validator("aliases")
    @classmethod
    def _check_aliases(cls, aliases: list[str]) -> list[str]:
        if any(not a.strip() for a in aliases):
            raise ValueError("aliases must be non-empty strings")
        return [a.strip() for a in aliases]

    def facts(self) -> list[tuple[str, Fact]]:
        """Return the facts that are present, in rendering order."""
        return [(key, fact) for key in FACT_TEMPLATES if (fact := getattr(self, key)) is not None]


class FactsFile(_Strict):
    """The whole facts file; cross-record rules (unique names/aliases/ids, known frameworks) live here."""

    frameworks: list[Framework] = Field(min_length=1)
    updates: list[Update] = Field(default_factory=list)
    rankings: list[Ranking] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check_consistency(self) -> FactsFile:
        owners: dict[str, str] = {}
        slugs: dict[str, str] = {}
        for fw in self.frameworks:
            slug = _slug(fw.name)
            if slug in slugs:
                raise ValueError(f"framework names {slugs[slug]!r} and {fw.name!r} collide")
            slugs[slug] = fw.name
            for alias in {fw.name, *fw.aliases}:
                key = _alias_key(alias)
                if owners.get(key, fw.name) != fw.name:
                    raise ValueError(f"alias {alias!r} is used by both {owners[key]!r} and {fw.name!r}")
                owners[key] = fw.name
        names = [fw.name for fw in self.frameworks]
        seen: set[str] = set()
        for up in self.updates:
            if up.id in seen:
                raise ValueError(f"duplicate update id {up.id!r}")
            seen.add(up.id)
            unknown = [f for f in up.frameworks if f not in names]
            if unknown:
                raise ValueError(f"update {up.id!r} names unknown framework(s) {unknown}; known: {names}")
        for ranking in self.rankings:
            unknown = [f for f in ranking.order if f not in names]
            if unknown:
                raise ValueError(f"ranking {ranking.axis!r} names unknown framework(s) {unknown}; known: {names}")
        return self


# ----------------------------------------------------------------------------------------------------
# Loading


class _Loader(yaml.SafeLoader):
    """SafeLoader variant for the facts file.

    It keeps dates as text (pydantic validates them with a field path) and rejects duplicate keys
    (YAML would silently keep the last one).
    """


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping", node.start_mark, f"found duplicate key {key!r}", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _loc(loc: Sequence[int | str]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def load_facts(path: Path) -> FactsFile:
    """Read and validate the facts file; every failure is a ``FactsError`` naming the file and where."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as e:
        raise FactsError(f"{path}: facts file not found") from e
    except (OSError, UnicodeDecodeError) as e:
        raise FactsError(f"{path}: cannot read facts file: {e}") from e
    try:
        data = yaml.load(text, Loader=_Loader)  # _Loader derives from SafeLoader
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown position"
        raise FactsError(f"{path}: {where}: malformed YAML: {e.problem or e.context}") from e
    except yaml.YAMLError as e:
        raise FactsError(f"{path}: malformed YAML: {e}") from e
    if not isinstance(data, dict):
        raise FactsError(f"{path}: expected a mapping with 'frameworks' at the top level, got {type(data).__name__}")
    try:
        return FactsFile.model_validate(data)
    except ValidationError as e:
        problems = [f"{path}: {_loc(err['loc'])}: {err['msg']}" for err in e.errors()]
        raise FactsError("\n".join(problems)) from e


def check_sources(facts: FactsFile, known_ids: Iterable[str]) -> None:
    """Fail if any fact or claim cites a document id that is not in the corpus (ids are file stems)."""
    known = set(known_ids)
    unknown: list[str] = []
    for i, fw in enumerate(facts.frameworks):
        for key, fact in fw.facts():
            unknown += [f"{s!r} in frameworks[{i}].{key}.sources" for s in fact.sources if s not in known]
    for i, up in enumerate(facts.updates):
        for field in ("supersedes", "disputes"):
            for j, claim in enumerate(getattr(up, field)):
                if claim.source not in known:
                    unknown.append(f"{claim.source!r} in updates[{i}].{field}[{j}].source")
    for i, ranking in enumerate(facts.rankings):
        for j, claim in enumerate(ranking.evidence):
            if claim.source not in known:
                unknown.append(f"{claim.source!r} in rankings[{i}].evidence[{j}].source")
    if unknown:
        raise FactsError(f"unknown corpus id {'; '.join(unknown)} (known: {', '.join(sorted(known))})")


def check_quotes(facts: FactsFile, texts: Mapping[str, str]) -> None:
    """Fail if a claim's quote is not in the text of its document (compared after ``normalize_quote_text``).

    ``texts`` maps document id to the text a reader sees (HTML already reduced to text).
    """
    missing: list[str] = []
    quoted = [(f"update {up.id!r}", c) for up in facts.updates for c in (*up.supersedes, *up.disputes)]
    quoted += [(f"ranking {r.axis!r}", c) for r in facts.rankings for c in r.evidence]
    for owner, claim in quoted:
        if claim.source not in texts:
            missing.append(f"{owner}: no text for source {claim.source!r}")
        elif normalize_quote_text(claim.quote) not in normalize_quote_text(texts[claim.source]):
            missing.append(f"{owner}: quote {claim.quote!r} not found in {claim.source}")
    if missing:
        raise FactsError("; ".join(missing))


# ----------------------------------------------------------------------------------------------------
# Rendering


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


def passage_id(framework: str, key: str) -> str:
    """Stable id of a framework fact passage, e.g. ``facts#tensorflow.developer``."""
    return f"facts#{_slug(framework)}.{key}"


def update_passage_id(update: Update) -> str:
    """Stable id of an update passage, e.g. ``facts#update.keras-3-backends``."""
    return f"facts#update.{update.id}"


def _join(items: Sequence[str]) -> str:
    if any("," in item or " and " in item for item in items):
        return "; ".join(items)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _render_value(value: str | list[str] | dict[str, list[str]]) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return _join(value)
    return ", ".join(f"{target} ({', '.join(tools)})" for target, tools in value.items())


def _fact_text(name: str, key: str, fact: Fact) -> str:
    text = FACT_TEMPLATES[key].format(name=name, value=_render_value(fact.value))
    return f"{text} {fact.note}" if fact.note else text


def _update_text(update: Update) -> str:
    label = "Update" if update.kind == "update" else "Sources disagree"
    return f"{label} (as of {update.as_of.isoformat()}): {update.statement}"


def _claims_json(claims: Sequence[Claim]) -> str:
    return json.dumps([c.model_dump() for c in claims], ensure_ascii=False)


def fact_passages(facts: FactsFile) -> list[Passage]:
    """Render every fact and update as one natural-language passage, citable like corpus text.

    ``meta["sources"]`` lists the corpus ids backing a fact (empty for updates, whose authority is
    ``url``); updates also carry their ``supersedes``/``disputes`` claims as JSON.
    """
    passages: list[Passage] = []
    for fw in facts.frameworks:
        for key, fact in fw.facts():
            passages.append(
                Passage(
                    id=passage_id(fw.name, key),
                    source="facts",
                    title=FACTS_TITLE,
                    text=_fact_text(fw.name, key, fact),
                    section=f"{fw.name} > {key}",
                    frameworks=(fw.name,),
                    kind="fact",
                    meta={"sources": ",".join(fact.sources), "field": key},
                )
            )
    for up in facts.updates:
        passages.append(
            Passage(
                id=update_passage_id(up),
                source="facts",
                title=up.title or FACTS_TITLE,
                text=_update_text(up),
                section=f"{up.frameworks[0]} > {up.kind}",
                url=up.url,
                date=up.as_of.isoformat(),
                frameworks=tuple(up.frameworks),
                kind="fact",
                meta={
                    "sources": "",
                    "update_kind": up.kind,
                    "supersedes": _claims_json(up.supersedes),
                    "disputes": _claims_json(up.disputes),
                    "see_also": json.dumps(up.see_also),
                },
            )
        )
    return passages


# ----------------------------------------------------------------------------------------------------
# Supersession lookup

_QUOTE_CHARS = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "|": " ", "*": None})


def normalize_quote_text(text: str) -> str:
    """Fold case, typographic quotes, Markdown table pipes/emphasis and whitespace.

    This lets a quote still match after ingestion re-flows a passage.
    """
    return " ".join(text.translate(_QUOTE_CHARS).casefold().split())


def supersessions(facts: FactsFile) -> dict[str, list[str]]:
    """Map each normalized claim quote to the ids of the update passages that supersede or dispute it."""
    out: dict[str, list[str]] = {}
    for up in facts.updates:
        for claim in (*up.supersedes, *up.disputes):
            ids = out.setdefault(normalize_quote_text(claim.quote), [])
            if update_passage_id(up) not in ids:
                ids.append(update_passage_id(up))
    return out


def find_superseded(passage_text: str, facts: FactsFile, *, source: str | None = None) -> list[str]:
    """Ids of the update passages whose claims appear in ``passage_text`` (in facts-file order).

    With ``source`` (the passage's document id), only claims quoted from that document count.
    """
    haystack = normalize_quote_text(passage_text)
    found: list[str] = []
    for up in facts.updates:
        for claim in (*up.supersedes, *up.disputes):
            if source is not None and claim.source != source:
                continue
            if normalize_quote_text(claim.quote) in haystack and update_passage_id(up) not in found:
                found.append(update_passage_id(up))
    return found


# ----------------------------------------------------------------------------------------------------
# Framework detection


def _alias_key(alias: str) -> str:
    """Aliases compare case-insensitively, with runs of spaces/hyphens as one space."""
    return " ".join(re.sub(r"[\s\-]+", " ", alias.casefold()).split())


def _osa_distance(a: str, b: str) -> int:
    """Edit distance counting an adjacent transposition as one edit ("pytroch" → "pytorch" is 1)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


_FUZZY_WORD = re.compile(r"[^\W_]+")
_FUZZY_MEMO = 4096  # distinct words whose fuzzy lookup is remembered per matcher


class FrameworkMatcher:
    """Finds which frameworks a text mentions, by alias, in order of first mention.

    Matching is case-insensitive on word boundaries and the longest alias wins at a position, so
    "tf.keras" means Keras only (it names Keras' API, even though it ships with TensorFlow), "tflite"
    means TensorFlow, and "tf" never matches inside "tflite" nor "torch" inside "torchlight". Spaces in
    an alias also match hyphens or several spaces ("tensor-flow").

    With ``fuzzy=True`` (meant for user queries, not corpus text) a word of five or more letters that
    is one edit away (two when both words have seven or more letters) from a framework name or a long one-word
    alias also counts, provided the first letter matches: "tensorflw", "pytroch", "kerass". Short
    aliases such as "torch" are never fuzzy-matched, since "porch" or "touch" are ordinary words.
    """

    MIN_FUZZY_WORD = 5
    MIN_FUZZY_ALIAS = 8

    def __init__(self, facts: FactsFile | Mapping[str, Iterable[str]]) -> None:
        if isinstance(facts, FactsFile):
            table = {fw.name: [fw.name, *fw.aliases] for fw in facts.frameworks}
        else:
            table = {name: [name, *aliases] for name, aliases in facts.items()}
        if not table:
            raise ValueError("FrameworkMatcher needs at least one framework")
        self._names = list(table)
        self._owner: dict[str, str] = {}
        for name, aliases in table.items():
            for alias in aliases:
                key = _alias_key(alias)
                if not key:
                    raise ValueError(f"empty alias for framework {name!r}")
                if self._owner.get(key, name) != name:
                    raise ValueError(f"alias {alias!r} is claimed by both {self._owner[key]!r} and {name!r}")
                self._owner[key] = name
        ordered = sorted(self._owner, key=len, reverse=True)
        alternatives = "|".join(r"[\s\-]+".join(re.escape(part) for part in key.split()) for key in ordered)
        self._pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
        self._fuzzy_targets: dict[str, str] = {}
        for key, name in self._owner.items():
            word = key.replace(" ", "")
            is_name = key == _alias_key(name)
            if word.isalnum() and (is_name or len(word) >= self.MIN_FUZZY_ALIAS):
                self._fuzzy_targets.setdefault(word, name)
        self._fuzzy_seen: dict[str, str | None] = {}

    @property
    def names(self) -> list[str]:
        """Canonical framework names, in facts-file order."""
        return list(self._names)

    def _canonical(self, matched: str) -> str:
        return self._owner[_alias_key(matched)]

    def find(self, text: str, *, fuzzy: bool = False) -> list[str]:
        """Canonical names of the frameworks mentioned in ``text``, in order of first mention.

        Linear in the text's length: exact matches come from one regex scan, and the fuzzy pass walks
        the words and the (ordered) exact-match spans together, looking each distinct word up once.
        """
        hits: list[tuple[int, str]] = []
        spans: list[tuple[int, int]] = []
        for m in self._pattern.finditer(text):
            hits.append((m.start(), self._canonical(m.group(0))))
            spans.append(m.span())
        if fuzzy:
            span = 0
            for m in _FUZZY_WORD.finditer(text):
                start = m.start()
                while span < len(spans) and spans[span][1] <= start:
                    span += 1
                if m.end() - start < self.MIN_FUZZY_WORD or (span < len(spans) and spans[span][0] <= start):
                    continue
                name = self._fuzzy_name(m.group(0).casefold())
                if name is not None:
                    hits.append((start, name))
        ordered: list[str] = []
        for _, name in sorted(hits, key=lambda hit: hit[0]):
            if name not in ordered:
                ordered.append(name)
                if len(ordered) == len(self._names):
                    break
        return ordered

    def _fuzzy_name(self, word: str) -> str | None:
        """The framework a word is a near-miss of (memoised: texts repeat their words)."""
        if word in self._fuzzy_seen:
            return self._fuzzy_seen[word]
        best: tuple[int, str] | None = None
        for target, name in self._fuzzy_targets.items():
            limit = 1 if min(len(target), len(word)) < 7 else 2
            if target[0] != word[0] or abs(len(target) - len(word)) > limit:
                continue
            dist = _osa_distance(word, target)
            if dist <= limit and (best is None or dist < best[0]):
                best = (dist, name)
        if len(self._fuzzy_seen) >= _FUZZY_MEMO:
            self._fuzzy_seen.clear()
        self._fuzzy_seen[word] = best[1] if best else None
        return self._fuzzy_seen[word]


def tag_frameworks(passages: Iterable[Passage], matcher: FrameworkMatcher) -> list[Passage]:
    """Set each passage's ``frameworks`` from its section and text (exact aliases, no fuzzy matching).

    Frameworks a passage already declares (e.g. fact passages) are kept first, found ones follow.
    """
    tagged: list[Passage] = []
    for p in passages:
        found = matcher.find(f"{p.section}\n{p.text}")
        names = tuple(dict.fromkeys([*p.frameworks, *found]))
        tagged.append(dataclasses.replace(p, frameworks=names) if names != p.frameworks else p)
    return tagged
