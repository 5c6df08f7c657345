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
    claims_in: Callable[[Passage, str], list[str]] = lambda passage, text: []
    """Update passage ids whose superseded/disputed quote from ``passage``'s source occurs in ``text``."""


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

    def __init__(
        self,
        evidence: Evidence,
        names: Sequence[str],
        terms: Callable[[str], list[str]],
        find: Callable[[str], list[str]],
    ) -> None:
        self.evidence = evidence
        self.names = list(names)
        self.terms = terms
        self.find = find
        self._about: dict[str, tuple[str, ...]] = {}
        self._stated: dict[str, str] = {}  # passage id -> the sentence the answer quoted from it

    def about(self, passage: Passage) -> tuple[str, ...]:
        """The frameworks a passage speaks about: its own sub-heading's framework, else those its text names.

        (A passage under "TensorFlow, PyTorch and Keras Overview > Keras" is about Keras only.)
        """
        cached = self._about.get(passage.id)
        if cached is None:
            heading = self.find(passage.section.rsplit(">", 1)[-1]) if passage.section else []
            if passage.kind == "fact":
                cached = passage.frameworks
            elif len(heading) == 1:
                cached = tuple(heading)
            else:
                cached = tuple(self.find(passage.text)) or passage.frameworks
            self._about[passage.id] = cached
        return cached

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
        cells = table_cells(hit.passage)
        if framework is not None and framework in cells:
            feature = hit.passage.meta.get("feature", "")
            sentence = f"{feature} — {framework}: {cells[framework]}" if feature else f"{framework}: {cells[framework]}"
        elif hit.passage.kind == "faq":
            sentence = hit.passage.text.strip()
        else:
            sentence = self._best_sentence(hit.passage, query, framework).rstrip()
        self._stated[hit.passage.id] = sentence
        return f"{sentence} {cite(hit.passage, hit.score)}"

    # -- intents ---------------------------------------------------------------------------
    def _topic_terms(self, query: Query) -> set[str]:
        """Stemmed words of what the question is about, framework names excluded."""
        names = {t for n in self.names for t in self.terms(n)}
        return set(self.terms(query.topic)) - names

    def _relevance(self, hit: Hit, topic: set[str], framework: str | None = None) -> float:
        """Share of the topic's words the passage (or its table cell for ``framework``) contains."""
        if not topic:
            return 1.0
        cells = table_cells(hit.passage)
        if framework is not None and framework in cells:
            text = f"{hit.passage.meta.get('feature', '')} {cells[framework]}"
        else:
            text = hit.passage.embed_text
        return len(topic & set(self.terms(text))) / len(topic)

    def _recommend(self, query: Query, hits: list[Hit], cite: _Citations) -> tuple[str, list[str]]:
        candidates = list(query.frameworks) if len(query.frameworks) >= 2 else list(self.names)
        topic = self._topic_terms(query)
        score = dict.fromkeys(candidates, 0.0)
        support: dict[str, list[tuple[float, Hit]]] = {f: [] for f in candidates}
        top = hits[0].score if hits else 1.0
        top_dense = max((h.dense for h in hits), default=1.0) or 1.0
        for hit in hits:
            about = [f for f in self.about(hit.passage) if f in score]
            if not about:
                continue
            closeness = max(hit.dense, 0.0) / top_dense
            for f in about:
                relevance = 0.5 * self._relevance(hit, topic, f) + 0.5 * closeness
                score[f] += hit.score / top * (0.25 + relevance) / len(about)
                support[f].append((relevance, hit))
        ranked = [f for f in sorted(score, key=score.get, reverse=True) if score[f] > 0]
        if not ranked:
            return self._explain(query, hits, cite)
        best = ranked[0]
        chosen = [f for f in ranked if score[f] >= MIN_RECOMMEND_SHARE * score[best]]
        # Quote the most on-topic passages first (stable: ties keep retrieval order).
        ordered = [h for _, h in sorted(support[best], key=lambda rh: -rh[0])]
        quotes = self._distinct_sources(ordered, SUPPORT)
        topic_text = topic_of(query.text)
        marks = "".join(cite(h.passage, h.score) for h in quotes)
        lines = [f"**{best}** is the sources' pick{(' ' + topic_text) if topic_text else ''} {marks}.", ""]
        lines += [f"- {self._quote(h, query, cite, best)}" for h in quotes]
        alternatives = []
        for alt in ranked[1:]:
            relevant = [h for r, h in sorted(support[alt], key=lambda rh: -rh[0]) if r > 0.5]
            if relevant:
                alternatives.append((alt, relevant[0]))
        if alternatives:
            lines += ["", "**Alternatives:**"]
            for alt, hit in alternatives[:2]:
                lines.append(f"- **{alt}**: {self._quote(hit, query, cite, alt)}")
        return "\n".join(lines), chosen

    def _compare(self, query: Query, hits: list[Hit], cite: _Citations) -> tuple[str, list[str]]:
        named = list(query.frameworks)
        lines = [f"**{' vs '.join(named)}**, in short:", ""]
        for name in named:
            own = [h for h in hits if name in self.about(h.passage) and not table_cells(h.passage)]
            solo = [h for h in own if len(self.about(h.passage)) == 1] or own
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
            about = [h for h in hits if set(named) & set(self.about(h.passage))]
            ranked = about + [h for h in hits if h not in about]
        focus = named[0] if len(named) == 1 else None
        lead = ranked[0]
        newer = self._newer(lead, query, focus)
        if newer is not None:  # a straight answer first: the current fact, the older claim after it
            ranked = [newer, *[h for h in ranked if h.passage.id != newer.passage.id]]
            lead = newer
        # Further support: the closest passages in meaning, from other sources than the lead's.
        rest = sorted(ranked[1:], key=lambda h: -h.dense)
        more = [h for h in self._distinct_sources([lead, *rest], SUPPORT) if h is not lead]
        lines = [self._quote(lead, query, cite, focus)]
        if more:
            lines += ["", "More from the sources:"]
            lines += [f"- {self._quote(h, query, cite, focus)}" for h in more]
        return "\n".join(lines), named

    def _newer(self, hit: Hit, query: Query, focus: str | None) -> Hit | None:
        """The update that supersedes what the lead passage would state, if the facts file has one."""
        if hit.passage.source == "facts":
            return None
        stated = self._best_sentence(hit.passage, query, focus)
        for update_id in self.evidence.claims_in(hit.passage, stated):
            update = self.evidence.passages.get(update_id)
            if update is not None and update.meta.get("update_kind") == "update":
                return Hit(passage=update, score=hit.score, dense=hit.dense)
        return None

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
        """Name outdated or disputed statements the answer makes or cites, citing both sides.

        A corpus sentence the answer quoted that the facts file supersedes or disputes is flagged
        with the update; an update the answer cites brings in the older passages it corrects.
        """
        updates: dict[str, list[Passage]] = {}
        for passage, _ in list(cite.items):
            if passage.source == "facts":
                if passage.id in self.evidence.supersedes:
                    olds = self.evidence.supersedes[passage.id]
                    updates.setdefault(passage.id, []).extend(self.evidence.passages[i] for i in olds[:2])
                continue
            stated = self._stated.get(passage.id, passage.text)
            for update_id in self.evidence.claims_in(passage, stated):
                updates.setdefault(update_id, []).insert(0, passage)
        groups: dict[tuple[str, ...], list[Passage]] = {}
        for update_id, olds in updates.items():
            update = self.evidence.passages.get(update_id)
            if update is None:
                continue
            groups.setdefault(olds[0].id, []).append(update)
        notes = []
        for old_id, news in groups.items():
            olds = [self.evidence.passages[old_id]]
            olds += [p for u in news for p in updates[u.id] if p.id != old_id][:1]
            refs = "".join(cite(p) for p in dict.fromkeys(olds))
            conflict = any(u.meta.get("update_kind") == "conflict" for u in news)
            label = "Sources disagree" if conflict else "Outdated"
            verb = "is disputed" if conflict else "predates newer information"
            body = " ".join(f"{u.text} {cite(u)}" for u in news)
            notes.append(f"**{label}:** {refs} {verb}. {body}")
        return notes


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ").strip()


