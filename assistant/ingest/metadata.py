"""Document metadata: ``sources.yaml`` merged over what a page says about itself, checked, never guessed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup, Tag

from assistant.errors import CorpusError

from .blocks import squash


@dataclass(frozen=True)
class Info:
    """Document metadata after merging ``sources.yaml`` over what the document says."""

    title: str | None = None
    url: str | None = None
    date: str | None = None
    site: str | None = None
    author: str | None = None
    columns: tuple[str, ...] = ()
    frameworks: tuple[str, ...] = ()  # what the document is about (front matter ``frameworks:``)

    @classmethod
    def merge(cls, given: dict[str, Any], found: dict[str, Any], path: Path) -> Info:
        """Given values win; empty/None given values fall back to the document's own.

        What the document says about itself must be single values within ``META_LIMITS``.
        """
        check_meta(found, path)

        def pick(key: str) -> str | None:
            value = given.get(key)
            value = found.get(key) if value in (None, "") else value
            return None if value in (None, "") else str(value).strip()

        declared = given.get("date")
        if declared and iso_date(declared) is None:
            raise CorpusError(f"{path}: date {declared!r} in the metadata is not an ISO date (YYYY-MM-DD)")
        iso = iso_date(declared) or iso_date(found.get("date"))  # a page's own odd date: unknown
        columns = given.get("table_columns") or ()
        if not isinstance(columns, (list, tuple)):
            raise CorpusError(f"{path}: table_columns must be a list of column names, got {columns!r}")
        about = framework_list(given.get("frameworks") or found.get("frameworks"), path)
        return cls(pick("title"), pick("url"), iso, pick("site"), pick("author"), tuple(map(str, columns)), about)


META_LIMITS = {"title": 500, "url": 2048, "site": 200, "author": 200, "date": 64}
"""Longest title, URL, site, author and date (characters) a document may state about itself."""


def check_meta(found: dict[str, Any], path: Path) -> None:
    """Refuse metadata that is not one text/number/date value, or is longer than its limit."""
    for key, limit in META_LIMITS.items():
        value = found.get(key)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (str, int, float, dt.date)):
            kind = type(value).__name__
            raise CorpusError(f"{path}: the document's {key} must be a single text or date value, not a {kind}")
        if len(str(value)) > limit:
            length = len(str(value))
            raise CorpusError(f"{path}: the document's {key} is {length} characters long; the limit is {limit}")


MAX_DECLARED_FRAMEWORKS = 20  # names a document may say it is about
MAX_FRAMEWORK_NAME = 40  # characters in one such name


def framework_list(value: Any, path: Path) -> tuple[str, ...]:
    """The front matter's ``frameworks:`` (a name or a list of names), checked: the advisor answers about them."""
    if value in (None, "", []):
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
        raise CorpusError(f"{path}: frameworks must be a name or a list of names, got {value!r:.80}")
    if len(items) > MAX_DECLARED_FRAMEWORKS:
        raise CorpusError(f"{path}: frameworks lists {len(items)} names; the limit is {MAX_DECLARED_FRAMEWORKS}")
    long = [i for i in items if len(i.strip()) > MAX_FRAMEWORK_NAME]
    if long:
        raise CorpusError(f"{path}: framework name {long[0]!r:.60} is longer than {MAX_FRAMEWORK_NAME} characters")
    return tuple(dict.fromkeys(" ".join(i.split()) for i in items))


def iso_date(value: Any) -> str | None:
    """YYYY-MM-DD from a date, a datetime or an ISO string (time part dropped)."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, str) and value.strip():
        try:
            return dt.date.fromisoformat(value.strip()[:10]).isoformat()
        except ValueError:
            return None
    return None


def html_meta(soup: BeautifulSoup) -> dict[str, Any]:
    """Title, date, author, URL and site as the page states them (meta tags, h1, time, permalink)."""

    def meta(*keys: str) -> str | None:
        for key in keys:
            tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
            if isinstance(tag, Tag) and tag.get("content"):
                return squash(str(tag["content"]))
        return None

    def text_of(tag: Any) -> str | None:
        return squash(tag.get_text()) or None if isinstance(tag, Tag) else None

    time = soup.find("time", attrs={"datetime": True})
    permalink = (time.find("a", href=True) or time.find_parent("a", href=True)) if isinstance(time, Tag) else None
    canonical = soup.find("link", rel="canonical", href=True)
    url_tag = canonical if isinstance(canonical, Tag) else permalink
    return {
        "title": meta("og:title") or text_of(soup.find("h1")) or text_of(soup.find("title")),
        "date": meta("article:published_time", "date") or (time["datetime"] if isinstance(time, Tag) else None),
        "author": meta("author") or text_of(soup.select_one("a[rel~=author], [class*=author-name], .author")),
        "url": meta("og:url") or (str(url_tag["href"]) if isinstance(url_tag, Tag) else None),
        "site": meta("og:site_name", "application-name"),
    }


def front_matter_meta(front: dict[str, Any]) -> dict[str, Any]:
    """Metadata keys of a Jekyll/Hugo-style front matter."""
    author = front.get("author")
    if isinstance(author, dict):
        author = author.get("name")
    return {
        "title": front.get("title") or front.get("article_title") or front.get("question"),
        "date": front.get("date"),
        "url": front.get("url") or front.get("permalink"),
        "author": author,
        "site": front.get("site") or front.get("site_name"),
        "frameworks": front.get("frameworks"),
    }
