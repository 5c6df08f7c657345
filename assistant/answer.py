"""Compose a short, direct answer from retrieved passages, every corpus statement cited as [n].

The composer is extractive: the sentences that state something are the passages' own sentences
(or table cells), each followed by the marker of the passage it came from. The only words it
adds are the frame around them ("For mobile, the sources point to **TensorFlow**"), and those carry
the markers of the passages that support the claim.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .models import Answer, Citation
from .records import Hit, Passage
from .retrieve import Query

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[\"“(*A-Z0-9])")
_TOPIC = re.compile(r"\bfor (?:(?:a|an|the)\s+)?(.+?)\s*[?.!]*$", re.I)
_MY = re.compile(r"\b(my|our)\b", re.I)
SUPPORT = 3  # passages quoted for the main point
MIN_RECOMMEND_SHARE = 0.35  # a runner-up is listed in ``frameworks`` only if this close to the winner


@dataclass(frozen=True)
class Evidence:
    """What the facts file says about outdated or disputed corpus statements.

    ``superseded_by`` maps a corpus passage id to the update passages (of the facts file) that
    correct or dispute a claim in it; ``supersedes`` is the reverse map.
    """

    passages: dict[str, Passage]
    superseded_by: dict[str, list[str]] = field(default_factory=dict)
    supersedes: dict[str, list[str]] = field(default_factory=dict)


class _Citations:
    """Numbers passages in order of first use, so markers read 1, 2, 3 down the answer."""

    def __init__(self) -> None:
        self._markers: dict[str, int] = {}
        self.items: list[tuple[Passage, float]] = []

    def __call__(self, passage: Passage, score: float = 0.0) -> str:
        marker = self._markers.get(passage.id)
        if marker is None:
            self.items.append((passage, score))
            marker = self._markers[passage.id] = len(self.items)
        return f"[{marker}]"

    def models(self) -> list[Citation]:
        return [
            Citation(
                marker=i,
                source=p.source,
                title=p.title or f"Untitled document {p.source}",
                url=p.url,
                date=p.date,
                site=p.site,
                section=p.section,
                text=p.text,
                score=round(s, 4),
                passage_id=p.id,
            )
            for i, (p, s) in enumerate(self.items, start=1)
        ]


def sentences(text: str) -> list[str]:
    """Split a passage into sentences; a table row or list item stays whole."""
    parts = [s.strip() for s in _SENTENCE.split(text.strip()) if s.strip()]
    return parts or [text.strip()]


def table_cells(passage: Passage) -> dict[str, str]:
    """Framework → cell value of a table-row passage (from ingestion's meta), else empty."""
    raw = passage.meta.get("cells") if passage.meta else None
    if not raw:
        return {}
    try:
        cells = json.loads(raw)
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in cells.items()} if isinstance(cells, dict) else {}


def topic_of(question: str) -> str:
    """The "for X" part of a recommendation question, in the reader's voice ("for your thesis")."""
    match = _TOPIC.search(question.strip())
    if not match:
        return ""
    topic = _MY.sub(lambda m: "your" if m.group(1).lower() == "my" else "your", match.group(1))
    return f"for {topic}" if len(topic) <= 60 else ""


def abstain(question: str, names: Sequence[str], unknown: Sequence[str] = ()) -> Answer:
    """The honest "I don't know", with what the advisor can answer instead."""
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


class Composer:
    """Turns a query and its hits into an Answer; ``terms`` is the retriever's tokenizer."""

    def __init__(self, evidence: Evidence, names: Sequence[str], terms: Callable[[str], list[str]]) -> None:
        self.evidence = evidence
        self.names = list(names)
        self.terms = terms

    def compose(self, question: str, query: Query, hits: list[Hit]) -> Answer:
        """Dispatch on what the question asks for."""
        cite = _Citations()
        if query.intent == "recommendation":
            text, frameworks = self._recommend(query, hits, cite)
        elif query.intent == "comparison":
            text, frameworks = self._compare(query, hits, cite)
        else:
            text, frameworks = self._explain(query, hits, cite)
        notes = self._notes(cite)
        if notes:
            text += "\n\n" + "\n".join(f"> ⚠️ {n}" for n in notes)
        return Answer(
            question=question,
            text=text,
            answered=True,
            frameworks=frameworks,
            citations=cite.models(),
            intent=query.intent,
            notes=notes,
        )

    # -- sentence choice -------------------------------------------------------------------
    def _best_sentence(self, passage: Passage, query: Query, framework: str | None = None) -> str:
        """The sentence of a passage that shares most terms with the question (and names the framework)."""
        candidates = sentences(passage.text)
        if len(candidates) == 1:
            return candidates[0]
        wanted = set(self.terms(query.search_text))
        scored = []
        for i, sentence in enumerate(candidates):
            overlap = len(wanted & set(self.terms(sentence)))
            names = framework is not None and framework.lower() in sentence.lower()
            scored.append((overlap + (0.5 if names else 0.0), -i, sentence))
        return max(scored)[2]

    def _quote(self, hit: Hit, query: Query, cite: _Citations, framework: str | None = None) -> str:
        sentence = self._best_sentence(hit.passage, query, framework).rstrip()
        if hit.passage.kind == "faq":
            sentence = hit.passage.text.strip()
        return f"{sentence} {cite(hit.passage, hit.score)}"

    # -- intents ---------------------------------------------------------------------------
    def _recommend(self, query: Query, hits: list[Hit], cite: _Citations) -> tuple[str, list[str]]:
        candidates = list(query.frameworks) if len(query.frameworks) >= 2 else list(self.names)
        score = dict.fromkeys(candidates, 0.0)
        support: dict[str, list[Hit]] = {f: [] for f in candidates}
        top = hits[0].score if hits else 1.0
        for hit in hits:
            about = [f for f in hit.passage.frameworks if f in score]
            if not about:
                continue
            weight = hit.score / top
            cells = table_cells(hit.passage)
            if cells and len(cells) == 1:
                about = [f for f in cells if f in score] or about
            for f in about:
                score[f] += weight / len(about)
                support[f].append(hit)
        ranked = [f for f in sorted(score, key=score.get, reverse=True) if score[f] > 0]
        if not ranked:
            return self._explain(query, hits, cite)
        best = ranked[0]
        chosen = [f for f in ranked if score[f] >= MIN_RECOMMEND_SHARE * score[best]]
        quotes = self._distinct_sources(support[best], SUPPORT)
        topic = topic_of(query.text)
        lines = [f"**{best}** is the sources' pick{(' ' + topic) if topic else ''}."]
        lines[0] = lines[0][:-1] + " " + "".join(cite(h.passage, h.score) for h in quotes) + "."
        lines.append("")
        lines += [f"- {self._quote(h, query, cite, best)}" for h in quotes]
        alternatives = [f for f in ranked[1:] if support[f]]
        if alternatives:
            lines += ["", "**Alternatives:**"]
            for alt in alternatives[:2]:
                lines.append(f"- **{alt}**: {self._quote(support[alt][0], query, cite, alt)}")
        return "\n".join(lines), chosen

    def _compare(self, query: Query, hits: list[Hit], cite: _Citations) -> tuple[str, list[str]]:
        named = list(query.frameworks)
        lines = [f"**{' vs '.join(named)}**, in short:", ""]
        for name in named:
            own = [h for h in hits if name in h.passage.frameworks and not table_cells(h.passage)]
            solo = [h for h in own if len(h.passage.frameworks) == 1] or own
            if solo:
                lines.append(f"- **{name}**: {self._quote(solo[0], query, cite, name)}")
        rows = [h for h in hits if all(n in table_cells(h.passage) for n in named)]
        if rows:
            lines += ["", "| Feature | " + " | ".join(named) + " | |", "|---" * (len(named) + 2) + "|"]
            for h in rows[:6]:
                cells = table_cells(h.passage)
                feature = h.passage.meta.get("feature", "") if h.passage.meta else ""
                values = " | ".join(_cell(cells[n]) for n in named)
                lines.append(f"| {_cell(feature)} | {values} | {cite(h.passage, h.score)} |")
        return "\n".join(lines), named

    def _explain(self, query: Query, hits: list[Hit], cite: _Citations) -> tuple[str, list[str]]:
        named = list(query.frameworks)
        ranked = hits
        if named:
            about = [h for h in hits if set(named) & set(h.passage.frameworks)]
            ranked = about + [h for h in hits if h not in about]
        focus = named[0] if len(named) == 1 else None
        quotes = self._distinct_sources(ranked, SUPPORT)
        lead, rest = quotes[0], quotes[1:]
        lines = [self._quote(lead, query, cite, focus)]
        if rest:
            lines += ["", "More from the sources:"]
            lines += [f"- {self._quote(h, query, cite, focus)}" for h in rest]
        return "\n".join(lines), named

    @staticmethod
    def _distinct_sources(hits: list[Hit], n: int) -> list[Hit]:
        """Up to n hits, one per source first (independent support), then the rest by rank."""
        chosen: list[Hit] = []
        seen: set[str] = set()
        for hit in hits:
            if hit.passage.source not in seen:
                chosen.append(hit)
                seen.add(hit.passage.source)
        for hit in hits:
            if len(chosen) >= n:
                break
            if hit not in chosen:
                chosen.append(hit)
        return chosen[:n]

    # -- disagreements ---------------------------------------------------------------------
    def _notes(self, cite: _Citations) -> list[str]:
        """Name outdated or disputed statements among the cited passages, citing both sides."""
        notes: list[str] = []
        done: set[str] = set()
        cited = [p for p, _ in cite.items]
        links = [(p.id, u) for p in cited for u in self.evidence.superseded_by.get(p.id, [])]
        links += [(o, p.id) for p in cited for o in self.evidence.supersedes.get(p.id, [])[:2]]
        for old_id, update_id in links:
            update = self.evidence.passages.get(update_id)
            if update is None or update_id in done:
                continue
            done.add(update_id)
            sides = [self.evidence.passages[i] for i in self.evidence.supersedes.get(update_id, [])]
            sides = sorted(sides, key=lambda p: p.id != old_id)[:2]
            refs = "".join(cite(p) for p in sides)
            if update.meta.get("update_kind") == "conflict":
                notes.append(f"**Sources disagree:** {refs} — {update.text} {cite(update)}")
            else:
                notes.append(f"**Outdated source:** {refs} predates this — {update.text} {cite(update)}")
        return notes


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ").strip()


