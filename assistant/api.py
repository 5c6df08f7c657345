"""``Assistant``: load (or build) the index once, then answer questions with citations."""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .answer import Composer, Evidence, abstain
from .config import Settings
from .embed import Embedder, SentenceEmbedder
from .errors import IndexCorruptError
from .index import EmbeddingCache, VectorIndex, build_lock, cache_path, fingerprint
from .models import Answer
from .records import Passage
from .retrieve import Mode, Query, Retriever, analyze

log = logging.getLogger(__name__)

DOC_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
ABSTAIN_BELOW = 0.30
COMPOSE_POOL = 24  # top dense cosine under this: the corpus does not cover the question
_CODE = ("ingest.py", "facts.py", "records.py", "index.py")
_FOLLOW_UP = re.compile(r"^\s*(and|but|so|also|what about|how about|and what|same)\b|\b(it|its|it's|they|them|their|that one|this one)\b", re.I)
_NAME_LIKE = re.compile(r"\b(?:[A-Z][a-z0-9]*[A-Z0-9][A-Za-z0-9]*|[A-Z]{2,}[a-z]*|[a-z]+[A-Z][A-Za-z0-9]*)\b")

History = Sequence[str | dict[str, Any]]


@dataclass(frozen=True)
class BuildReport:
    """What an index build did."""

    passages: int
    encoded: int
    seconds: float


class Assistant:
    """The framework advisor: ``Assistant.load().ask("Which framework for mobile?")``."""

    def __init__(self, settings: Settings, embedder: Embedder, index: VectorIndex, facts: Any) -> None:
        from .facts import FrameworkMatcher

        self.settings = settings
        self.embedder = embedder
        self.index = index
        self.facts = facts
        self.matcher = FrameworkMatcher(facts)
        self.retriever = Retriever(index, embedder)
        self.composer = Composer(
            _evidence(index.passages, facts), self.matcher.names, self.retriever.lexical.terms, self.matcher.find
        )
        self.last_build: BuildReport | None = None

    # -- construction ----------------------------------------------------------------------
    @classmethod
    def load(cls, *, embedder: Embedder | None = None, rebuild: bool = False, progress: bool = False, **overrides: Any) -> Assistant:
        """Load the index for the configured corpus and model, building it when missing, stale or damaged.

        Keyword arguments override settings (``corpus_dir``, ``index_dir``, ``model``, ``device``, ``k``);
        env vars ``ASSISTANT_*`` do the same. ``embedder`` replaces the model (tests use a fake).
        """
        settings = Settings(**{k: v for k, v in overrides.items() if v is not None})
        if embedder is None:
            embedder = SentenceEmbedder(settings.model, settings.device)
        corpus_dir = settings.resolved_corpus_dir()
        index_dir = settings.resolved_index_dir()
        facts = _load_facts(corpus_dir)
        fp = corpus_fingerprint(corpus_dir, embedder.name)
        report = None
        index = None if rebuild else _try_load(index_dir, embedder, fp)
        if index is None:
            with build_lock(index_dir):
                index = None if rebuild else _try_load(index_dir, embedder, fp)  # another process may have built it
                if index is None:
                    index, report = _build(corpus_dir, index_dir, embedder, facts, fp, progress=progress)
        assistant = cls(settings, embedder, index, facts)
        assistant.last_build = report
        return assistant

    # -- questions -------------------------------------------------------------------------
    def ask(self, question: str, history: History | None = None, *, k: int | None = None, mode: Mode = "hybrid") -> Answer:
        """Answer one question; ``history`` holds earlier turns (strings = user turns, or role/content dicts)."""
        question = self._check(question)
        turns = _normalise_history(history)
        query = self._understand(question, turns)
        # The composer chooses what to cite from a generous pool (comparisons need rows for both sides).
        hits = self.retriever.retrieve(query, k=max(k or self.settings.k, COMPOSE_POOL), mode=mode)
        unknown = self._unknown_names(question)
        if not hits or max(h.dense for h in hits) < ABSTAIN_BELOW or (unknown and not query.frameworks):
            return abstain(question, self.matcher.names, unknown)
        return self.composer.compose(question, query, hits)

    def retrieve(self, question: str, history: History | None = None, *, k: int = 10, mode: Mode = "hybrid"):  # noqa: ANN201
        """The ranked passages behind an answer (for evaluation and debugging)."""
        question = self._check(question)
        return self.retriever.retrieve(self._understand(question, _normalise_history(history)), k=k, mode=mode)

    def _check(self, question: object) -> str:
        if not isinstance(question, str):
            raise TypeError(f"question must be a str, got {type(question).__name__}")
        text = question.strip()
        if not text:
            raise ValueError("question is empty: ask something about TensorFlow, PyTorch or Keras")
        limit = self.settings.max_question_chars
        if len(text) > limit:
            raise ValueError(f"question is {len(text)} characters long; the limit is {limit}")
        return text

    def _understand(self, question: str, turns: list[tuple[str, str]]) -> Query:
        """Resolve follow-ups: a question that names no framework inherits the previous turn's focus,
        and a short or elliptic one ("what about Keras?") inherits the previous question's topic."""
        named = self.matcher.find(question, fuzzy=True)
        user_turns = [c for r, c in turns if r == "user"]
        if not user_turns:
            return analyze(question, named)
        context = [] if named else self._focus(turns)
        topic = ""
        if _FOLLOW_UP.search(question) or len(question.split()) <= 5:
            names = set(self.matcher.names)
            topic = " ".join(w for w in user_turns[-1].split() if not (set(self.matcher.find(w)) & names))
        return analyze(question, named, context, topic)

    def _focus(self, turns: list[tuple[str, str]]) -> list[str]:
        """The framework(s) the previous exchange was about: the answer's lead, else the question's names."""
        for i in range(len(turns) - 1, -1, -1):
            role, content = turns[i]
            if role == "assistant":
                lead = content.strip().split("\n", 1)[0]
                found = self.matcher.find(lead)
                if found:
                    return found[:1]
            if role == "user":
                earlier = turns[:i]
                try:
                    previous = self.ask(content, earlier[-6:])
                except ValueError:
                    return []
                if previous.frameworks:
                    return previous.frameworks[:1]
                return self.matcher.find(content)[:1]
        return []

    def _unknown_names(self, question: str) -> list[str]:
        """Name-like words (MXNet, JAX) that neither the corpus nor the framework aliases know."""
        unknown = []
        vocab = self.retriever.lexical.vocabulary
        for word in _NAME_LIKE.findall(question):
            if self.matcher.find(word, fuzzy=True):
                continue
            terms = self.retriever.lexical.terms(word)
            if terms and not any(t in vocab for t in terms):
                unknown.append(word)
        return unknown

    @property
    def passages(self) -> list[Passage]:
        """Every indexed passage (corpus and facts)."""
        return self.index.passages


# -- module helpers --------------------------------------------------------------------------
def corpus_documents(corpus_dir: Path) -> list[Path]:
    """The document files of a corpus folder, sorted."""
    if not corpus_dir.is_dir():
        raise FileNotFoundError(f"corpus folder {corpus_dir} does not exist")
    return sorted(p for p in corpus_dir.iterdir() if p.is_file() and p.suffix.lower() in DOC_SUFFIXES)


def corpus_fingerprint(corpus_dir: Path, model: str) -> str:
    """Hash of documents, metadata, facts, model name and the ingestion code itself."""
    here = Path(__file__).parent
    files = corpus_documents(corpus_dir) + [p for p in (corpus_dir / "sources.yaml", corpus_dir / "facts.yaml") if p.is_file()]
    code = [f"{name}:{hash_file(here / name)}" for name in _CODE]
    return fingerprint(files, [model, *code])


def hash_file(path: Path) -> str:
    """Short content hash (code version) of one file."""
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def _load_facts(corpus_dir: Path) -> Any:
    from .facts import load_facts

    path = corpus_dir / "facts.yaml"
    if not path.is_file():
        from .config import default_corpus_dir

        path = default_corpus_dir() / "facts.yaml"
    return load_facts(path)


def load_passages(corpus_dir: Path, facts: Any) -> list[Passage]:
    """Corpus passages plus rendered facts, tagged with the frameworks they are about."""
    from .facts import FrameworkMatcher, check_sources, fact_passages, tag_frameworks
    from .ingest import load_corpus

    passages = load_corpus(corpus_dir)
    check_sources(facts, {p.stem for p in corpus_documents(corpus_dir)})
    return tag_frameworks(passages + fact_passages(facts), FrameworkMatcher(facts))


def _try_load(index_dir: Path, embedder: Embedder, fp: str) -> VectorIndex | None:
    try:
        return VectorIndex.load(index_dir, model=embedder.name, dimension=embedder.dimension, fingerprint_=fp)
    except IndexCorruptError as e:
        log.info("rebuilding the index: %s", e)
        return None


def _build(corpus_dir: Path, index_dir: Path, embedder: Embedder, facts: Any, fp: str, *, progress: bool) -> tuple[VectorIndex, BuildReport]:
    start = time.perf_counter()
    passages = load_passages(corpus_dir, facts)
    cache = EmbeddingCache(cache_path(index_dir, embedder.name), embedder.dimension)
    index, encoded = VectorIndex.build(passages, embedder, fp, cache=cache, progress=progress)
    index.save(index_dir)
    cache.save(p.content_hash for p in passages)
    return index, BuildReport(len(passages), encoded, time.perf_counter() - start)


def _evidence(passages: list[Passage], facts: Any) -> Evidence:
    """Link each corpus passage to the facts-file updates that supersede or dispute a claim it makes."""
    from .facts import find_superseded

    def claims_in(passage: Passage, text: str) -> list[str]:
        # A table row is matched in its raw form too ("PyTorch | 2016 | Facebook").
        row = passage.meta.get("row", "") if passage.meta else ""
        return find_superseded(f"{text}\n{row}" if row else text, facts, source=passage.source)

    superseded_by: dict[str, list[str]] = {}
    supersedes: dict[str, list[str]] = {}
    for p in passages:
        if p.source == "facts":
            continue
        for update_id in claims_in(p, p.text):
            superseded_by.setdefault(p.id, []).append(update_id)
            supersedes.setdefault(update_id, []).append(p.id)
    return Evidence(
        passages={p.id: p for p in passages},
        superseded_by=superseded_by,
        supersedes=supersedes,
        claims_in=claims_in,
    )


def _normalise_history(history: History | None) -> list[tuple[str, str]]:
    """(role, content) pairs from strings (user turns) or Gradio-style message dicts."""
    if history is None:
        return []
    if isinstance(history, str) or not isinstance(history, Sequence):
        raise TypeError("history must be a list of strings or {'role', 'content'} dicts")
    turns: list[tuple[str, str]] = []
    for i, turn in enumerate(history):
        if isinstance(turn, str):
            turns.append(("user", turn))
        elif isinstance(turn, dict):
            role, content = turn.get("role"), turn.get("content")
            if role not in ("user", "assistant", "system"):
                raise ValueError(f"history[{i}]['role'] is {role!r}; expected 'user' or 'assistant'")
            if isinstance(content, str) and content.strip():
                turns.append((role, content))
        else:
            raise TypeError(f"history[{i}] is a {type(turn).__name__}; expected a str or a dict")
    return turns
