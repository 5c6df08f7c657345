"""Compose a short, direct answer from retrieved passages, every corpus statement cited as [n].

The composer is extractive: the sentences that state something are the passages' own sentences
(or table cells), each followed by the marker of the passage it came from. The only words it
adds are the frame around them ("For mobile, the sources point to **TensorFlow**"), and those carry
the markers of the passages that support the claim.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from .models import Answer, Citation
from .records import Hit, Passage
from .retrieve import _PRONOUN, Query

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[\"“(*A-Z0-9])")
_TOPIC = re.compile(r"\bfor (?:(?:a|an|the)\s+)?(.+?)\s*[?.!]*$", re.I)
_MY = re.compile(r"\b(my|our)\b", re.I)
SUPPORT = 3  # passages quoted for the main point
MIN_RECOMMEND_SHARE = 0.35  # a runner-up is listed in ``frameworks`` only if this close to the winner
BASE_RELEVANCE = 0.15  # weight of an off-topic passage next to one that covers the whole topic (1.0 more)
ADVICE_WEIGHT = 1.3  # a passage that gives advice counts this much more as evidence for a recommendation
SHARED_PASSAGE = 0.8  # weight of a passage about several frameworks when the question is about one
PREFIX = 5  # an unindexed question word stands for the indexed words sharing this many first letters
_ADVICE = re.compile(
    r"\brecommend|\bbest (?:suited|for|option|pick|use)|\bideal for|\bchoice for"
    r"|\b(?:top|excellent|great|preferred) choice|\bgo-to\b|\bperfect for|\bstart with|\bgo with"
    r"|\bwhen to use|\bprimary use|\bwell-suited|\bfavou?red? (?:for|in|among)",
    re.I,
)
Topic = tuple[tuple[frozenset[str], float], ...]


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
        self.stated: dict[str, str] = {}  # passage id -> the sentence this answer quoted from it

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
    return dict(_parse_cells(raw)) if raw else {}


@lru_cache(maxsize=4096)
def _parse_cells(raw: str) -> tuple[tuple[str, str], ...]:
    # Parsed once per distinct row: the composer asks for the cells of every hit of every question.
    try:
        cells = json.loads(raw)
    except ValueError:
        return ()
    return tuple((str(k), str(v)) for k, v in cells.items()) if isinstance(cells, dict) else ()


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
        find: Callable[..., list[str]],
    ) -> None:
        self.evidence = evidence
        self.names = list(names)
        self.terms = terms
        self.find = find
        self._about: dict[str, tuple[str, ...]] = {}
        self._names = {t for n in self.names for t in self.terms(n)}
        self._idf, self._vocabulary = self._document_frequencies()
        self._topics: dict[str, Topic] = {}
        self._segments: dict[tuple[str, str | None], frozenset[str]] = {}
        self._advice: dict[str, bool] = {}

    def about(self, passage: Passage) -> tuple[str, ...]:
        """The frameworks a passage speaks about: its own sub-heading's framework, else those its text names.

        (A passage under "TensorFlow, PyTorch and Keras Overview > Keras" is about Keras only.)
        """
        cached = self._about.get(passage.id)
        if cached is None:
            # The innermost heading that names a framework: "PyTorch > Cons" is about PyTorch.
            heading: list[str] = []
            for part in reversed(passage.section.split(">") if passage.section else []):
                heading = self.find(part)
                if heading:
                    break
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

    # -- topic weighting ------------------------------------------------------------------
    def _document_frequencies(self) -> tuple[dict[str, float], tuple[str, ...]]:
        """IDF of every indexed term (rare words such as "browser" outweigh "model"), and the sorted vocabulary."""
        df: dict[str, int] = {}
        passages = list(self.evidence.passages.values())
        for passage in passages:
            for term in set(self.terms(passage.embed_text)):
                df[term] = df.get(term, 0) + 1
        n = max(len(passages), 1)
        idf = {t: math.log(1.0 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
        return idf, tuple(sorted(idf))

    def _topic(self, query: Query) -> Topic:
        """The question's topic words as (alternatives, weight) units, framework names excluded.

        A word the corpus never uses stands for the indexed words that share its first five letters
        ("simplest" → simpl, simplic, simplifi) or start with it ("mvp" → mvps); a word with no such
        relative is dropped.
        """
        key = query.topic
        cached = self._topics.get(key)
        if cached is not None:
            return cached
        units: list[tuple[frozenset[str], float]] = []
        words = " ".join(w for w in query.topic.split() if not self.find(w, fuzzy=True))  # "tensorflw" too
        for term in dict.fromkeys(self.terms(words)):
            if term in self._names:
                continue
            if term in self._idf:
                # The stemmer keeps the s of vowel-less words: "TPUs" is tpus, "TPU" is tpu.
                alts = {term, term[:-1]} & self._idf.keys() if term.endswith("s") else {term}
                units.append((frozenset(alts), self._idf[term]))
            elif len(term) >= 3:
                stem = term[:PREFIX]  # "simplest" → simpl…; a short word ("mvp") → itself (mvps)
                start = bisect.bisect_left(self._vocabulary, stem)
                related = []
                for word in self._vocabulary[start:]:
                    if not word.startswith(stem):
                        break
                    related.append(word)
                if related:
                    units.append((frozenset(related), max(self._idf[w] for w in related)))
        topic = tuple(units)
        if len(self._topics) > 1024:
            self._topics.clear()
        self._topics[key] = topic
        return topic

    @staticmethod
    def _coverage(topic: Topic, terms: frozenset[str]) -> float:
        """IDF-weighted share of the topic's units found among ``terms``; 1.0 for an empty topic."""
        total = sum(w for _, w in topic)
        if not total:
            return 1.0
        return sum(w for alts, w in topic if alts & terms) / total

    def _segment(self, passage: Passage, framework: str | None) -> frozenset[str]:
        """Terms of what a passage says about one framework: its table cell, or its sentences about it.

        In a passage about several frameworks a sentence belongs to the frameworks it names; a
        sentence naming none continues the previous one ("It's designed for beginners").
        The section path counts for every framework.
        """
        key = (passage.id, framework)
        cached = self._segments.get(key)
        if cached is not None:
            return cached
        cells = table_cells(passage)
        section = set(self.terms(passage.section)) if passage.section else set()
        if framework is not None and framework in cells:
            text = f"{passage.meta.get('feature', '')} {cells[framework]}"
        elif framework is not None and len(self.about(passage)) > 1 and not cells:
            own: list[str] = []
            subjects: list[str] = []
            for sentence in sentences(passage.text):
                subjects = self.find(sentence) or subjects
                if framework in subjects or not subjects:
                    own.append(sentence)
            text = " ".join(own)
        else:
            text = passage.text
        terms = frozenset(self.terms(text)) | section
        self._segments[key] = terms
        return terms

    def _advises(self, passage: Passage) -> bool:
        """Whether a passage gives advice ("recommended framework", "best for", "ideal for", "start with")."""
        cached = self._advice.get(passage.id)
        if cached is None:
            cached = self._advice[passage.id] = bool(_ADVICE.search(passage.embed_text))
        return cached

    # -- sentence choice -------------------------------------------------------------------
    def _best_sentence(self, passage: Passage, query: Query, framework: str | None = None) -> str:
        """The sentence of a passage that covers most of the topic (weighted by IDF) and names the framework."""
        candidates = sentences(passage.text)
        if len(candidates) == 1:
            return candidates[0]
        topic = self._topic(query) or tuple((frozenset([t]), 1.0) for t in set(self.terms(query.search_text)))
        scored = []
        for i, sentence in enumerate(candidates):
            terms = self.terms(sentence)
            cover = self._coverage(topic, frozenset(terms)) if topic else 0.0
            names = framework is not None and framework.lower() in sentence.lower()
            # A sentence that opens on the topic defines it ("Deep learning is a subset of ...").
            opens = bool(topic) and any(alts & set(terms[:2]) for alts, _ in topic)
            scored.append((cover + (0.3 if names else 0.0) + (0.2 if opens else 0.0), -i, sentence))
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
        cite.stated[hit.passage.id] = sentence
        return f"{sentence} {cite(hit.passage, hit.score)}"

    # -- intents ---------------------------------------------------------------------------
    def _relevance(self, hit: Hit, topic: Topic, framework: str | None = None) -> float:
        """IDF-weighted share of the topic that the passage (or its part about ``framework``) covers."""
        return self._coverage(topic, self._segment(hit.passage, framework))

    def _recommend(self, query: Query, hits: list[Hit], cite: _Citations) -> tuple[str, list[str]]:
        """Each framework's evidence is its best few on-topic passages; the one with the strongest wins.

        Summing over every hit would favour the framework the corpus talks about most, so only the
        top ``SUPPORT`` pieces of evidence count. A piece weighs the passage's retrieval score and
        closeness in meaning, times how much of the topic it covers; advice ("recommended", "best
        for") weighs more.
        """
        candidates = list(query.frameworks) if len(query.frameworks) >= 2 else list(self.names)
        topic = self._topic(query)
        evidence: dict[str, list[tuple[float, float, Hit]]] = {f: [] for f in candidates}
        top = hits[0].score if hits else 1.0
        top_dense = max((h.dense for h in hits), default=1.0) or 1.0
        for hit in hits:
            about = [f for f in self.about(hit.passage) if f in evidence]
            if not about:
                continue
            closeness = max(hit.dense, 0.0) / top_dense
            prior = hit.score / top * closeness * (ADVICE_WEIGHT if self._advises(hit.passage) else 1.0)
            relevance = {f: self._relevance(hit, topic, f) for f in about}
            sharing = sum(1 for r in relevance.values() if r > 0) or len(about)
            for f in about:
                # Squared: covering the whole topic counts far more than sharing one common word with it.
                evidence[f].append((prior * (BASE_RELEVANCE + relevance[f] ** 2) / sharing, relevance[f], hit))
        for items in evidence.values():
            items.sort(key=lambda e: -e[0])
        score = {f: sum(w for w, _, _ in items[:SUPPORT]) for f, items in evidence.items()}
        ranked = [f for f in sorted(score, key=score.get, reverse=True) if score[f] > 0]
        if not ranked:
            return self._explain(query, hits, cite)
        best = ranked[0]
        chosen = [f for f in ranked if score[f] >= MIN_RECOMMEND_SHARE * score[best]]
        on_topic = [h for _, r, h in evidence[best] if r > 0] if topic else []
        quotes = self._distinct_sources(on_topic or [h for _, _, h in evidence[best]], SUPPORT)
        topic_text = topic_of(query.text)
        marks = "".join(cite(h.passage, h.score) for h in quotes)
        lines = [f"**{best}** is the sources' pick{(' ' + topic_text) if topic_text else ''} {marks}.", ""]
        lines += [f"- {self._quote(h, query, cite, best)}" for h in quotes]
        alternatives = []
        for alt in ranked[1:]:
            relevant = [h for _, r, h in evidence[alt] if r >= 0.5] if topic else []
            if relevant:
                alternatives.append((alt, relevant[0]))
        if alternatives:
            lines += ["", "**Alternatives:**"]
            for alt, hit in alternatives[:2]:
                lines.append(f"- **{alt}**: {self._quote(hit, query, cite, alt)}")
        return "\n".join(lines), chosen

    def _compare(self, query: Query, hits: list[Hit], cite: _Citations) -> tuple[str, list[str]]:
        named = list(query.frameworks)
        topic = self._topic(query)
        lines = [f"**{' vs '.join(named)}**, in short:", ""]
        # A passage that answers the comparison itself (an FAQ "Is TensorFlow better than PyTorch?") comes first.
        both = [h for h in hits[:SUPPORT] if h.passage.kind == "faq" and set(named) <= set(self.about(h.passage))]
        if both:
            lines += [self._quote(both[0], query, cite), ""]
        # A section comparing exactly these frameworks ("Keras vs PyTorch: Simplicity vs Flexibility")
        # answers best: each side is quoted from the passage of that section that opens on it.
        direct = [h for h in hits if set(self.find(h.passage.section)) == set(named) and not table_cells(h.passage)]
        for name in named:
            opening = [h for h in direct if self.find(h.passage.text)[:1] == [name]]
            own = [h for h in hits if name in self.about(h.passage) and not table_cells(h.passage)]
            solo = opening or [h for h in own if len(self.about(h.passage)) == 1] or own
            if solo:
                top = max(solo, key=lambda h: h.score * (BASE_RELEVANCE + self._relevance(h, topic, name)))
                lines.append(f"- **{name}**: {self._quote(top, query, cite, name)}")
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
        """The passage that best covers the topic leads; more support from other sources follows."""
        named = list(query.frameworks)
        focus = named[0] if len(named) == 1 else None
        topic = self._topic(query)
        top = hits[0].score or 1.0

        def value(h: Hit) -> float:
            # A passage about the focus alone says more about it than one about several frameworks.
            specific = 1.0 if focus is None or len(self.about(h.passage)) <= 1 else SHARED_PASSAGE
            return h.score / top * (BASE_RELEVANCE + self._relevance(h, topic, focus)) * specific

        ranked = sorted(hits, key=value, reverse=True)
        if named:
            about = [h for h in ranked if set(named) & set(self.about(h.passage))]
            taken = {id(h) for h in about}  # identity, not dataclass equality (which compares whole passages)
            ranked = about + [h for h in ranked if id(h) not in taken]
        lead = ranked[0]
        newer = self._newer(lead, query, focus)
        if newer is not None:  # a straight answer first: the current fact, the older claim after it
            ranked = [newer, *[h for h in ranked if h.passage.id != newer.passage.id]]
            lead = newer
        more = [h for h in self._distinct_sources(ranked, SUPPORT) if h is not lead]
        lines = [self._quote(lead, query, cite, focus)]
        if more:
            lines += ["", "More from the sources:"]
            lines += [f"- {self._quote(h, query, cite, focus)}" for h in more]
        if not named and len(self.about(lead.passage)) == 1 and not _PRONOUN.search(query.text):
            # "What is TensorBoard?" is about TensorFlow; "who develops it?" with no history is about nothing known.
            named = list(self.about(lead.passage))
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
            stated = cite.stated.get(passage.id, passage.text)
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


