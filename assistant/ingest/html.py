"""The HTML reader: walks the article body in document order, leaving page chrome out."""

from __future__ import annotations

import re
from typing import Any

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from .blocks import END_HEADINGS, SENTENCE_END, Block, Outline, norm, squash
from .metadata import Info
from .tables import table_block

_BR = "\x00"  # stands in for <br> while an HTML paragraph is flattened
_HEADING_TAGS = ["h1", "h2", "h3", "h4", "h5", "h6"]
_BLOCK_TAGS = [*_HEADING_TAGS, "p", "ul", "ol", "pre", "table", "div", "section", "article", "blockquote", "li"]
_CHROME_TAGS = [
    "script", "style", "noscript", "template", "form", "figure", "img", "picture", "svg", "iframe",
    "nav", "aside", "footer", "button", "input", "textarea", "select", "label",
]  # fmt: skip
_CHROME_SELECTORS = "[class*=comment], [class*=share], [class*=related], [class*=breadcrumb], [class*=post-terms]"


class HtmlReader:
    """Walks the article body in document order, emitting blocks under the current heading path."""

    def __init__(self, info: Info) -> None:
        self.outline = Outline(info.title)
        self.blocks: list[Block] = []
        self.done = False

    def read(self, soup: BeautifulSoup) -> tuple[list[Block], list[str]]:
        body = _html_body(soup)
        for comment in body.find_all(string=lambda s: isinstance(s, Comment)):
            comment.extract()
        for tag in [*body.find_all(_CHROME_TAGS), *body.select(_CHROME_SELECTORS)]:
            tag.decompose()
        self._walk(body)
        return self.blocks, self.outline.seen

    def _walk(self, node: Tag) -> None:
        for child in list(node.children):
            if self.done:
                return
            if isinstance(child, NavigableString):
                if squash(str(child)):
                    self._add("prose", squash(str(child)))
            elif not isinstance(child, Tag):
                continue
            elif child.name in _HEADING_TAGS:
                heading = squash(child.get_text())
                if norm(heading) in END_HEADINGS:
                    self.done = True
                elif heading:
                    self.outline.enter(int(child.name[1]), heading)
            elif child.name in ("ul", "ol"):
                self._list(child)
            elif child.name == "pre":
                self.blocks.append(Block("code", self.outline.path, text=child.get_text().strip("\n")))
            elif child.name == "table":
                self._table(child)
            elif child.name != "p" and child.find(_BLOCK_TAGS) is not None:
                self._walk(child)
            else:  # a paragraph, or a container holding inline content only
                for paragraph in _html_paragraphs(child):
                    self._add("prose", paragraph)

    def _add(self, kind: str, text: str) -> None:
        self.blocks.append(Block(kind, self.outline.path, text=text))

    def _list(self, node: Tag) -> None:
        items: list[str] = []
        labels: list[bool] = []
        after: list[str] = []
        nested: list[Tag] = []
        for li in node.find_all("li", recursive=False):
            nested += [sub.extract() for sub in li.find_all(["ul", "ol"], recursive=False)]
            labels.append(_html_labelled(li))
            paragraphs = _html_paragraphs(li)
            if paragraphs:
                items.append(paragraphs[0])
                after += paragraphs[1:]  # text after a blank line (<br><br>) is a paragraph of its own
        if items:
            self.blocks.append(Block("list", self.outline.path, items=items, labelled=all(labels)))
        for paragraph in after:
            self._add("prose", paragraph)
        for sub in nested:
            self._list(sub)

    def _table(self, node: Tag) -> None:
        rows = [[squash(cell.get_text(" ")) for cell in tr.find_all(["th", "td"])] for tr in node.find_all("tr")]
        rows = [row for row in rows if any(row)]
        for row in rows[1:]:
            block = table_block(rows[0], row, self.outline.path)
            if block:
                self.blocks.append(block)


def _html_body(soup: BeautifulSoup) -> Tag:
    """Find the article itself: WordPress ``entry-content``, else <article>/<main>/<body>."""
    for selector in (".entry-content", "article", "main", "[role=main]", "body"):
        found = soup.select_one(selector)
        if found is not None:
            return found
    return soup


def _html_labelled(li: Tag) -> bool:
    """``<li><strong>Label</strong>: text`` items are cited one by one, lead-in kept."""
    first = next((c for c in li.children if not (isinstance(c, NavigableString) and not c.strip())), None)
    if not isinstance(first, Tag) or first.name not in ("strong", "b"):
        return False
    after = first.next_sibling
    return first.get_text().strip().endswith(":") or (
        isinstance(after, NavigableString) and after.lstrip().startswith(":")
    )


def _html_paragraphs(node: Tag) -> list[str]:
    """Clean text of an inline run; a blank line (``<br><br>``) starts a new paragraph."""
    _drop_trailing_links(node)
    for br in node.find_all("br"):
        br.replace_with(_BR)
    parts = re.split(f"{_BR} ?{_BR}", re.sub(r"\s+", " ", node.get_text()))  # source newlines are just spaces
    return [text for part in parts if (text := squash(part.replace(_BR, " ")))]


def _drop_trailing_links(node: Tag) -> None:
    """Remove "learn more" links: anchors (and their separators) after a finished last sentence."""
    contents = list(node.contents)
    cut = len(contents)
    while cut and _is_link_tail(contents[cut - 1]):
        cut -= 1
    tail = contents[cut:]
    if not any(isinstance(n, Tag) and n.name == "a" for n in tail):
        return
    before = "".join(n.get_text() if isinstance(n, Tag) else str(n) for n in contents[:cut])
    if SENTENCE_END.search(before.rstrip()):
        for n in tail:
            n.extract()


def _is_link_tail(node: Any) -> bool:
    if isinstance(node, Tag):
        return node.name in ("a", "br")
    return isinstance(node, NavigableString) and not str(node).strip(" \t\n\u00a0,;|·/–-")
