"""Structured facts stage: load ``corpus/facts.yaml``, render it into citable passages, find frameworks.

The facts file holds one record per framework (every value backed by the corpus documents that state
it) and dated ``updates`` from official pages where the articles are outdated or disagree. This module
turns both into ``Passage`` records (``kind="fact"``, ``source="facts"``) so retrieval and answering treat
them like any other citable text, and lets the answer stage find which update supersedes a corpus passage.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlparse

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from assistant.errors import FactsError, validation_messages, yaml_message
from assistant.frameworks import FrameworkMatcher, alias_key, tag_frameworks
from assistant.records import FACTS_FILENAME, FACTS_ID, Passage
from assistant.textutil import slug

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
            name_key = slug(fw.name)
            if name_key in slugs:
                raise ValueError(f"framework names {slugs[name_key]!r} and {fw.name!r} collide")
            slugs[name_key] = fw.name
            for alias in {fw.name, *fw.aliases}:
                key = alias_key(alias)
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
    except yaml.YAMLError as e:
        raise FactsError(f"{path}: {yaml_message(e)}") from e
    if not isinstance(data, dict):
        raise FactsError(f"{path}: expected a mapping with 'frameworks' at the top level, got {type(data).__name__}")
    try:
        return FactsFile.model_validate(data)
    except ValidationError as e:
        raise FactsError("\n".join(f"{path}: {problem}" for problem in validation_messages(e))) from e


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


def passage_id(framework: str, key: str) -> str:
    """Stable id of a framework fact passage, e.g. ``facts#tensorflow.developer``."""
    return f"{FACTS_ID}#{slug(framework)}.{key}"


def update_passage_id(update: Update) -> str:
    """Stable id of an update passage, e.g. ``facts#update.keras-3-backends``."""
    return f"{FACTS_ID}#update.{update.id}"


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
                    source=FACTS_ID,
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
                source=FACTS_ID,
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
