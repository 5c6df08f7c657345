"""What gets indexed: the corpus's passages, the facts file's, and the user's documents', tagged
with the frameworks they are about.

The index fingerprint hashes this module and everything it imports (``catalog.code_files``), so
a change to any code that shapes passages makes a stored index stale.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import CorpusError
from .records import FACTS_FILENAME, Passage

if TYPE_CHECKING:
    from .distributed import Mapper
    from .facts import FactsFile
    from .library import Library, UserDocument

log = logging.getLogger(__name__)


def load_corpus_facts(corpus_dir: Path) -> FactsFile:
    """The corpus folder's facts file, else the packaged one (a corpus of documents alone still has facts)."""
    from .config import default_corpus_dir
    from .facts import load_facts

    path = corpus_dir / FACTS_FILENAME
    if not path.is_file():
        path = default_corpus_dir() / FACTS_FILENAME
    return load_facts(path)


def load_passages(
    corpus_dir: Path,
    facts: Any,
    *,
    strict: bool = False,
    skipped: list[Any] | None = None,
    mapper: Mapper = map,
) -> list[Passage]:
    """Corpus passages plus rendered facts, tagged with the frameworks they are about.

    ``mapper`` reads the documents (``map`` here; a Ray dataset for the Ray engine).
    """
    from .catalog import corpus_documents
    from .facts import check_sources, fact_passages
    from .frameworks import FrameworkMatcher, tag_frameworks
    from .ingest import load_corpus

    passages = load_corpus(corpus_dir, strict=strict, skipped=skipped, mapper=mapper)
    check_sources(facts, {p.stem for p in corpus_documents(corpus_dir)})
    return tag_frameworks(passages + fact_passages(facts), FrameworkMatcher(facts))


def user_passages(
    library: Library,
    documents: Sequence[UserDocument],
    facts: Any,
    *,
    strict: bool = False,
    skipped: list[Any] | None = None,
) -> list[Passage]:
    """Passages of the user's stored documents, tagged like the corpus; an unreadable copy is skipped."""
    from .frameworks import FrameworkMatcher, tag_frameworks

    passages: list[Passage] = []
    for doc in documents:
        try:
            passages += library.parse(doc)
        except CorpusError as e:
            if strict:
                raise
            log.warning("user document %s is left out of the index: %s", doc.id, e)
            if skipped is not None:
                skipped.append(e)
    return tag_frameworks(passages, FrameworkMatcher(facts))
