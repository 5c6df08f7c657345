"""Facts and updates as ``Passage`` records (``kind="fact"``, ``source="facts"``), with stable ids.

Rendered into plain sentences so retrieval and answering treat them like any other citable text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from ..records import FACTS_ID, Passage
from ..textutil import slug
from .schema import FACT_TEMPLATES, Claim, Fact, FactsFile, Update

__all__ = ["FACTS_TITLE", "fact_passages", "passage_id", "update_passage_id"]

FACTS_TITLE = "Framework facts"


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


_CLAUSE = re.compile(r"^it\s")  # a value worded as a clause about the framework


def _render_value(value: str | list[str] | dict[str, list[str]]) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return _join(value)
    return ", ".join(f"{target} ({', '.join(tools)})" for target, tools in value.items())


def _fact_text(name: str, key: str, fact: Fact) -> str:
    value = _render_value(fact.value)
    if _CLAUSE.match(value):  # "it relies on TensorFlow tools …" is a sentence about the framework already
        text = f"{name}{value[2:].rstrip('.')}."
    else:
        text = FACT_TEMPLATES[key].format(name=name, value=value)
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
