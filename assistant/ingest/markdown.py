"""Markdown and YAML front matter (Jekyll/Hugo pages, YAML-only FAQ pages)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from assistant.errors import CorpusError

from .blocks import END_HEADINGS, SENTENCE_END, Block, Outline, norm, squash
from .files import load_yaml
from .metadata import Info
from .tables import table_block

_FRONT_MATTER_BODY_FIELDS = ("answer", "content", "body")

_BYLINE_PART = re.compile(r"^[\w ]{1,30}:\s*\S.{0,40}$")


def has_front_matter(text: str) -> bool:
    return text.split("\n", 1)[0].strip() == "---"


def split_front_matter(text: str, path: Path) -> tuple[dict[str, Any], str]:
    """Split ``---`` YAML ``---`` from the body (no front matter: empty); YAML errors name the file line."""
    if not has_front_matter(text):
        return {}, text
    lines = text.lstrip("\ufeff").splitlines(keepends=True)
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        raise CorpusError(f"{path}: front matter opened on line 1 is never closed with '---'")
    front = load_yaml("".join(lines[1:end]), path, first_line=2, what="YAML front matter") or {}
    if not isinstance(front, dict):
        raise CorpusError(f"{path}: front matter (lines 2-{end}) must be a mapping, got {type(front).__name__}")
    return front, "".join(lines[end + 1 :])


def front_matter_blocks(front: dict[str, Any], body: str, info: Info) -> tuple[list[Block], list[str]]:
    """Markdown body, or (YAML-only pages) the Markdown held in an ``answer``-like field."""
    question = front.get("question")
    if not body.strip() or is_entity_only(body):
        field_text = next((front[k] for k in _FRONT_MATTER_BODY_FIELDS if isinstance(front.get(k), str)), "")
        body = _unescape_newlines(field_text)
    blocks, headings = _markdown_blocks(body, info)
    if isinstance(question, str) and question.strip():
        question = squash(question)
        first = blocks[0] if blocks else None
        if first is not None and first.kind == "prose" and not first.section:
            blocks[0] = replace(first, text=f"{question} {first.text}")
    return blocks, headings


def markdown_title(body: str) -> str | None:
    """The first-level heading of a Markdown page without a front matter title."""
    for node in SyntaxTreeNode(_markdown().parse(body)).children:
        if node.type == "heading" and node.tag == "h1":
            return squash(_md_inline(node.children[0])) or None
    return None


def _unescape_newlines(text: str) -> str:
    r"""Turn literal ``\n`` escapes into line breaks when the value has no real ones."""
    if "\\n" in text and "\n" not in text.strip():
        return text.replace("\\r\\n", "\n").replace("\\n", "\n").replace("\\t", "\t")
    return text


@functools.cache
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def _markdown_blocks(source: str, info: Info) -> tuple[list[Block], list[str]]:
    """Headings give sections; fenced code stays apart from prose; tables give one row each."""
    outline = Outline(info.title)
    blocks: list[Block] = []
    for node in _md_flatten(SyntaxTreeNode(_markdown().parse(source)).children):
        if node.type == "heading":
            heading = squash(_md_inline(node.children[0]))
            if norm(heading) in END_HEADINGS:
                break
            outline.enter(int(node.tag[1:]), heading)
        elif node.type == "paragraph":
            blocks.extend(_md_paragraph(node, outline.path))
        elif node.type in ("bullet_list", "ordered_list"):
            items, labels = _md_list_items(node)
            if items:
                blocks.append(Block("list", outline.path, items=items, labelled=all(labels)))
        elif node.type in ("fence", "code_block") and node.content.strip():
            meta = {"language": node.info.strip()} if node.info.strip() else {}
            blocks.append(Block("code", outline.path, text=node.content.strip("\n"), meta=meta))
        elif node.type == "table":
            rows = [[squash(_md_inline(cell.children[0])) for cell in tr.children] for tr in _md_rows(node)]
            blocks += [b for row in rows[1:] if (b := table_block(rows[0], row, outline.path))]
        elif node.type == "html_block":
            text = squash(BeautifulSoup(node.content, "lxml").get_text(" "))
            if text:
                blocks.append(Block("prose", outline.path, text=text))
    return blocks, outline.seen


def _md_flatten(nodes: Iterable[SyntaxTreeNode]) -> Iterator[SyntaxTreeNode]:
    """Block quotes are read as their content."""
    for node in nodes:
        if node.type == "blockquote":
            yield from _md_flatten(node.children)
        else:
            yield node


def _md_rows(table: SyntaxTreeNode) -> list[SyntaxTreeNode]:
    return [tr for part in table.children for tr in part.children if tr.type == "tr"]


def _md_paragraph(node: SyntaxTreeNode, section: str) -> list[Block]:
    """Prose; a paragraph of unpunctuated lines ("For beginners: …" per line) reads as a list."""
    lines = [line for raw in _md_inline(node.children[0]).split("\n") if (line := squash(raw))]
    if not lines or _is_byline(" ".join(lines)):
        return []
    if len(lines) > 1 and not any(SENTENCE_END.search(line) for line in lines):
        return [Block("list", section, items=lines)]
    return [Block("prose", section, text=" ".join(lines))]


def _md_list_items(node: SyntaxTreeNode) -> tuple[list[str], list[bool]]:
    items: list[str] = []
    labels: list[bool] = []
    for li in node.children:
        for child in li.children:
            if child.type == "paragraph":
                inline = child.children[0]
                text = _md_item_text(inline)
                if text:
                    items.append(text)
                    labels.append(_md_labelled(inline))
            elif child.type in ("bullet_list", "ordered_list"):
                sub_items, sub_labels = _md_list_items(child)
                items += sub_items
                labels += sub_labels
    return items, labels


def _md_item_text(inline: SyntaxTreeNode) -> str:
    """Item text; an item that is only a link keeps its address (it is the item's content)."""
    parts = [c for c in inline.children if not (c.type == "text" and not c.content.strip())]
    if len(parts) == 1 and parts[0].type == "link":
        return f"{squash(_md_inline(parts[0]))} ({parts[0].attrs.get('href', '')})"
    return squash(_md_inline(inline))


def _md_labelled(inline: SyntaxTreeNode) -> bool:
    """``- **Label**: text`` items are cited one by one."""
    parts = [c for c in inline.children if not (c.type == "text" and not c.content.strip())]
    if not parts or parts[0].type != "strong":
        return False
    if _md_inline(parts[0]).strip().endswith(":"):
        return True
    return len(parts) > 1 and parts[1].type == "text" and parts[1].content.lstrip().startswith(":")


def _md_inline(node: SyntaxTreeNode) -> str:
    """Plain text of inline Markdown: emphasis and links unwrapped, images and raw HTML dropped."""
    out = []
    for child in node.children:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif child.type not in ("image", "html_inline"):
            out.append(_md_inline(child))
    return "".join(out)


def _is_byline(text: str) -> bool:
    """Spot page metadata such as "Reading time: 18 minutes | Difficulty: Intermediate"."""
    parts = [p.strip() for p in text.split("|")]
    return len(parts) >= 2 and all(_BYLINE_PART.match(p) for p in parts)


def is_entity_only(body: str) -> bool:
    """Tell an empty page body (just ``&nbsp;``) from Markdown."""
    return not re.sub(r"&\w+;|&#\d+;|\s", "", body)
