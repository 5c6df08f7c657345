"""Structured facts stage: load ``corpus/facts.yaml``, render it into citable passages, find supersessions.

The facts file holds one record per framework (every value backed by the corpus documents that state
it) and dated ``updates`` from official pages where the articles are outdated or disagree. Both become
``Passage`` records (``kind="fact"``, ``source="facts"``) so retrieval and answering treat them like any
other citable text, and the answer stage can find which update supersedes a corpus passage.

One module per concern; this package re-exports the public names, so ``from assistant.facts import
load_facts`` works as it always has:

- ``schema``: the pydantic schema of the file and its cross-record rules;
- ``load``: the strict YAML loader, and the checks of sources and quotes against the corpus;
- ``render``: facts and updates as passages, and their stable ids;
- ``supersede``: which updates supersede or dispute a passage, by the claims they quote.
"""

from __future__ import annotations

from ..frameworks import FrameworkMatcher, tag_frameworks
from ..records import FACTS_FILENAME
from .load import check_quotes, check_sources, load_facts
from .render import FACTS_TITLE, fact_passages, passage_id, update_passage_id
from .schema import (
    FACT_TEMPLATES,
    MAKER_FIELDS,
    PARTY_FIELDS,
    TIME_FIELDS,
    USE_CASE_FIELD,
    Claim,
    Fact,
    FactsFile,
    Framework,
    Ranking,
    Successor,
    Update,
)
from .supersede import claims_finder, find_superseded, normalize_quote_text, supersessions

__all__ = [
    "FACTS_FILENAME",
    "FACTS_TITLE",
    "FACT_TEMPLATES",
    "MAKER_FIELDS",
    "PARTY_FIELDS",
    "TIME_FIELDS",
    "USE_CASE_FIELD",
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
    "claims_finder",
    "find_superseded",
    "load_facts",
    "normalize_quote_text",
    "passage_id",
    "supersessions",
    "tag_frameworks",
    "update_passage_id",
]
