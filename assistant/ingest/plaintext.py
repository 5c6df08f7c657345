"""The plain-text reader: structure from line shape alone (headings, bullets, pipe tables, FAQ pairs)."""

from __future__ import annotations

import itertools
import re

from .. import vocab
from .blocks import END_HEADINGS, SENTENCE_END, Block, Outline, norm, squash
from .metadata import Info
from .tables import (
    PIPE_RULE,
    camel_case_words,
    column_names,
    is_pipe_row,
    looks_glued,
    pipe_cells,
    split_glued_row,
    table_block,
)

_BOILERPLATE = vocab.BOILERPLATE_MARKERS

_BULLET = re.compile(r"^(?:[-*•]|\d{1,2}[.)])\s+")

_IMAGE_PLACEHOLDER = vocab.words_pattern(vocab.IMAGE_WORDS, r"\((?:[\w ]+ )?{}\)$")

_FAQ_HEADING = vocab.words_pattern(vocab.FAQ_HEADINGS)


class TextReader:
    """Reads text whose only structure is line shape: headings, bullets, pipe tables, FAQ pairs.

    A title-like line (short, no final period) is a heading; one or two words (a framework name)
    nest under the heading before. Lines are read one at a time, each a paragraph.
    """

    def __init__(self, text: str, info: Info) -> None:
        self.lines = _rejoin_broken_lines([squash(line) for line in text.splitlines()])
        self.known = camel_case_words(self.lines)
        self.info = info
        self.outline = Outline(info.title)
        self.blocks: list[Block] = []
        self.in_faq = False
        self.in_chrome = False
        self.i = 0

    def read(self) -> tuple[list[Block], list[str]]:
        while self.i < len(self.lines):
            line = self.lines[self.i]
            if not line or _is_boilerplate(line) or (self.in_chrome and not SENTENCE_END.search(line)):
                self.i += 1  # in the comment-form/ads tail only whole sentences are kept
            elif is_pipe_row(line):
                self._pipe_table()
            elif self._glued_table():
                continue
            elif _BULLET.match(line):
                self._bullets()
            elif self.in_faq and line.endswith("?"):
                self._faq_pair()
            elif _is_heading_line(line):
                if norm(line) in END_HEADINGS:  # the comment form and ads follow: no section of the article
                    self.in_chrome = True
                    self.outline.close()
                else:
                    self.outline.enter(_heading_level(line), line)
                self.in_faq = bool(_FAQ_HEADING.search(line))
                self.i += 1
            else:
                self.blocks.append(Block("prose", self.outline.path, text=line))
                self.i += 1
        return self.blocks, self.outline.seen

    def _pipe_table(self) -> None:
        """Read a pipe table; a row broken over lines (fewer cells than the header) is rejoined."""
        rows: list[list[str]] = []
        cell_open = False
        while self.i < len(self.lines) and is_pipe_row(self.lines[self.i]):
            line = self.lines[self.i]
            self.i += 1
            if PIPE_RULE.match(line):
                continue
            cells = pipe_cells(line)
            if len(rows) > 1 and len(rows[-1]) < len(rows[0]):
                if cell_open and cells:
                    rows[-1][-1] = f"{rows[-1][-1]} {cells.pop(0)}"
                rows[-1].extend(cells)
            else:
                rows.append(cells)
            cell_open = not line.endswith("|")
        for row in rows[1:]:
            block = table_block(rows[0], row, self.outline.path)
            if block:
                self.blocks.append(block)

    def _glued_table(self) -> bool:
        """Consecutive lines whose cells lost their separators ("LanguagePythonC++, PythonPython")."""
        end = self.i
        while end < len(self.lines) and looks_glued(self.lines[end], self.known):
            end += 1
        if end - self.i < 2:
            return False
        columns = self.info.columns or column_names(self.outline.last, self.info.title or "")
        section = self.outline.path
        for row in self.lines[self.i : end]:
            parts = split_glued_row(row, len(columns) + 1, self.known) if columns else None
            block = table_block(["", *columns], parts, section) if parts else None
            self.blocks.append(block or Block("prose", section, text=row))
        self.i = end
        return True

    def _bullets(self) -> None:
        items = []
        while self.i < len(self.lines) and _BULLET.match(self.lines[self.i]):
            items.append(_BULLET.sub("", self.lines[self.i]))
            self.i += 1
        self.blocks.append(Block("list", self.outline.path, items=items))

    def _faq_pair(self) -> None:
        """Keep a question line and the answer line(s) after it together, as one passage."""
        question = self.lines[self.i]
        answer: list[str] = []
        self.i += 1
        while self.i < len(self.lines):
            line = self.lines[self.i]
            if line.endswith("?") or (answer and _is_heading_line(line)):
                break
            if line and not _is_boilerplate(line):
                answer.append(line)
            self.i += 1
        if answer:
            self.blocks.append(Block("faq", self.outline.path, text=" ".join([question, *answer])))


def _rejoin_broken_lines(lines: list[str]) -> list[str]:
    """Rejoin a line cut mid-sentence with the next one ("…such as torch.compile()" / "have…").

    A line that ends unfinished continues on the next when the next starts in lowercase, or when
    the text is hard-wrapped (many unfinished lines run to about the same margin) and it reached it.
    """
    width = max(map(len, lines), default=0)
    margin = 0.75 * width

    def unfinished(line: str) -> bool:
        return bool(line) and not re.search(r"[.!?:;][\"”’)\]]*$", line)

    runs_on = [len(a) >= margin and unfinished(a) and bool(b) for a, b in itertools.pairwise(lines)]
    wrapped = width <= 100 and sum(runs_on) >= max(3, 0.2 * sum(map(bool, lines)))
    out: list[str] = []
    prev = ""
    for line in lines:
        continues = (
            unfinished(prev)
            and bool(line)
            and not _BULLET.match(line)
            and not is_pipe_row(line)
            and not is_pipe_row(prev)
            and ((wrapped and len(prev) >= margin) or (line[0].islower() and len(prev) > 80))
        )
        if continues:
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
        prev = line
    return out


def _is_heading_line(line: str) -> bool:
    """Short, title-like, one sentence at most, and not ended like prose."""
    words = line.split()
    return (
        0 < len(words) <= 12
        and len(line) <= 100
        and (line[0].isupper() or line[0].isdigit())
        and line[-1] not in ".,;:!…"
        and not re.search(r"[.!?]\s", line)
    )


def _heading_level(line: str) -> int:
    """Nest a one- or two-word heading (a framework name) under the heading before it."""
    return 2 if len(line.split()) <= 2 and line[-1].isalnum() and ":" not in line else 1


def _is_boilerplate(line: str) -> bool:
    low = line.lower()
    return any(marker in low for marker in _BOILERPLATE) or bool(_IMAGE_PLACEHOLDER.search(line))
