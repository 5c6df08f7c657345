"""Passage sizing: blocks become citable passages of at most ``MAX_CHARS``, cut only at sentence ends."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from assistant import vocab
from assistant.records import Passage
from assistant.textutil import split_sentences

from .blocks import SENTENCE_END, Block, norm, squash
from .metadata import Info

MAX_CHARS = 700
"""Longest prose/list passage: one paragraph each, longer ones split at sentence boundaries."""

DERIVED_TITLE_MARK = "(untitled article)"  # ends a title derived from the text (the document gave none)
DERIVED_TITLE_WORDS = 55  # characters of opening words in a derived title: with the mark, about 75
_TRAILING_WORDS = frozenset(vocab.TRAILING_WORDS)


def to_passages(blocks: list[Block], headings: list[str], source_id: str, info: Info, fmt: str) -> list[Passage]:
    """Size blocks into passages, drop stubs and repeats, number them within the document."""
    heading_keys = {norm(h) for h in headings}
    blocks = _attach_lead_ins([b for b in blocks if not _is_toc(b, heading_keys)])
    base_meta = {"format": fmt, **({"author": info.author} if info.author else {})}
    passages: list[Passage] = []
    seen: set[tuple[str, str]] = set()
    for block in _sized(blocks):
        key = (block.section, block.text)
        if key in seen or _is_stub(block, heading_keys):
            continue
        seen.add(key)
        passages.append(
            Passage(
                id=f"{source_id}#{len(passages):03d}",
                source=source_id,
                title=info.title or "",
                text=block.text,
                section=block.section,
                url=info.url,
                date=info.date,
                site=info.site or info.author,
                frameworks=info.frameworks,
                kind=block.kind,
                meta={**base_meta, **block.meta},
            )
        )
    if passages and not info.title:
        title = derived_title(passages[0])
        passages = [replace(p, title=title, meta={**p.meta, "title": "derived"}) for p in passages]
    return passages


def derived_title(first: Passage) -> str:
    """A display title for a document that has none: its first heading, else its opening words, marked as derived.

    ("PyTorch vs TensorFlow vs Keras are the main concepts… (untitled article)"). Never the
    document's id: ids are for ``remove`` and ``sources=``, titles are for people.
    """
    heading = first.section.split(" > ")[0].strip()
    text = heading or squash(first.text)
    sentence = (split_sentences(text) or [""])[0].strip().rstrip(".:;,")
    if len(sentence) > DERIVED_TITLE_WORDS:
        words = sentence[: DERIVED_TITLE_WORDS + 1].split()[:-1] or [sentence[:DERIVED_TITLE_WORDS]]
        while len(words) > 1 and words[-1].casefold() in _TRAILING_WORDS:
            words.pop()
        sentence = " ".join(words).rstrip(",;:-–—") + "…"
    return f"{sentence or 'Untitled'} {DERIVED_TITLE_MARK}"


def _is_toc(block: Block, heading_keys: set[str]) -> bool:
    """Spot a table of contents: a list whose every item is a heading of the same document."""
    return block.kind == "list" and len(block.items) >= 2 and all(norm(i) in heading_keys for i in block.items)


def _is_stub(block: Block, heading_keys: set[str]) -> bool:
    """Just a heading or a lone name: nothing a user could be told."""
    if block.kind not in ("prose", "list"):
        return False
    return len(block.text.split()) < 3 or norm(block.text) in heading_keys


def _attach_lead_ins(blocks: list[Block]) -> list[Block]:
    """Attach a sentence ending in ':' to the plain list it introduces."""
    out: list[Block] = []
    for block in blocks:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == "prose"
            and block.kind == "list"
            and not block.labelled
            and prev.section == block.section
            and prev.text.endswith(":")
        ):
            out[-1] = replace(block, lead=prev.text)
        else:
            out.append(block)
    return out


def _sized(blocks: Iterable[Block]) -> Iterator[Block]:
    """Prose split at sentence ends, lists grouped, table rows/FAQ pairs/code kept whole."""
    for block in blocks:
        if block.kind == "prose":
            for text in _pack(split_sentences(block.text), " "):
                yield replace(block, text=text)
        elif block.kind == "list" and block.labelled:
            for item in block.items:
                for text in _pack(split_sentences(item), " "):
                    yield replace(block, text=text, items=[])
        elif block.kind == "list":
            groups = _pack(_list_items(block.items), " ", first_prefix=block.lead)
            for n, text in enumerate(groups):
                yield replace(block, text=f"{block.lead} {text}" if n == 0 and block.lead else text, items=[])
        else:
            yield block


def _list_items(items: Sequence[str]) -> list[str]:
    """Items punctuated so that they read inline: "a; b; c." (full sentences keep their own)."""
    out = []
    for n, item in enumerate(items):
        if SENTENCE_END.search(item) or item.endswith((":", ";")):
            out.append(item)
        else:
            out.append(item + ("." if n == len(items) - 1 else ";"))
    return out


def _pack(pieces: Sequence[str], sep: str, first_prefix: str = "") -> list[str]:
    """Greedy, balanced packing of sentences/items into chunks of at most ``MAX_CHARS``.

    A single piece longer than the limit stays whole: pieces are never cut.
    """
    if not pieces:
        return []
    sizes = [len(p) + len(sep) for p in pieces]
    total = sum(sizes) + len(first_prefix)
    target = total / max(1, math.ceil(total / MAX_CHARS))
    chunks: list[list[str]] = [[]]
    used = len(first_prefix)
    for piece, size in zip(pieces, sizes, strict=True):
        if chunks[-1] and (used + size > MAX_CHARS or used >= target):
            chunks.append([])
            used = 0
        chunks[-1].append(piece)
        used += size
    return [sep.join(chunk) for chunk in chunks]
