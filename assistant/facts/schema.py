"""The schema of ``facts.yaml``: one record per framework, dated updates, rankings (pydantic).

Every value is backed by the corpus documents that state it; the cross-record rules (unique
names, aliases and ids; only known frameworks named) live on ``FactsFile``.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Literal
from urllib.parse import urlparse

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..frameworks import alias_key
from ..textutil import slug

USE_CASE_FIELD = "best_for"  # the field whose items are use-case verdicts ("mobile and edge deployments")
__all__ = [
    "FACT_TEMPLATES", "MAKER_FIELDS", "PARTY_FIELDS", "TIME_FIELDS",
    "Claim", "Fact", "FactsFile", "Framework", "Ranking", "Successor", "Update",
]

FACTS_TITLE = "Framework facts"

# Fact fields of a framework, in rendering order, with the sentence each becomes: a whole sentence naming its
# subject, since it may lead an answer ("TensorFlow is programmed in Python and C++.", not "… languages: …").
FACT_TEMPLATES: dict[str, str] = {
    "developer": "{name} is developed by {value}.",
    "creator": "{name} was created by {value}.",
    "first_release": "{name} was first released in {value}.",
    "languages": "{name} is programmed in {value}.",
    "execution_model": "{name}'s execution model is {value}.",
    "deployment_targets": "{name}'s deployment targets are {value}.",
    "tooling": "{name}'s tooling includes {value}.",
    USE_CASE_FIELD: "{name} is best suited for {value}.",
    "learning_curve": "{name}'s learning curve is {value}.",
    "notable_adopters": "{name} users include {value}.",
}


# Fields whose sentence names a party ("is developed by {value}", "users include {value}"), and those whose value is
# a time (a year: "in {value}" alone would take "is programmed in {value}" for one).
PARTY_FIELDS = tuple(f for f, t in FACT_TEMPLATES.items() if re.search(r"\b(?:by|include) \{value\}", t))
MAKER_FIELDS = tuple(f for f, t in FACT_TEMPLATES.items() if re.search(r"\bby \{value\}", t))  # who makes it
TIME_FIELDS = ("first_release",)


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
