"""Reading ``facts.yaml``: a strict YAML loader, the schema check, and the checks against the corpus.

Kept apart from rendering so that a facts file can be checked (``check_sources``, ``check_quotes``)
without building any passage, and every failure is one ``FactsError`` naming the file and the place.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ..errors import FactsError, validation_messages, yaml_message
from .schema import FactsFile
from .supersede import normalize_quote_text

__all__ = ["check_quotes", "check_sources", "load_facts"]


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
