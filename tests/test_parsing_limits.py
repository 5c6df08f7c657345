"""Safe parsing: a tiny hostile file costs a bounded time and memory, is refused with a one-line reason,
and leaves nothing behind. Files are made by ``tests/hostile_files.py``; no model is loaded.
"""

from __future__ import annotations

import logging
import re
import time
from pathlib import Path

import pytest

from assistant import Assistant, ingest
from assistant.errors import CorpusError
from assistant.ingest import load_document
from assistant.library import DocumentError, Library, warm_parser
from tests.conftest import CORPUS, FakeEmbedder
from tests.hostile_files import billion_laughs, pdf_pages, pdf_shared_stream

MB = 1_000_000


def one_line(message: str) -> bool:
    return "\n" not in message and len(message) < 400


@pytest.fixture(scope="module", autouse=True)
def parser_running() -> None:
    """The parser process is started once (as ``assistant serve`` does at start): timings are per file."""
    warm_parser()


@pytest.fixture
def library(tmp_path: Path) -> Library:
    return Library(tmp_path / "data")


class TestFrontMatter:
    def test_alias_bomb_is_refused_before_it_expands(self, tmp_path: Path) -> None:
        path = tmp_path / "laughs.md"
        path.write_text(billion_laughs(), encoding="utf-8")
        start = time.perf_counter()
        refused = r"laughs\.md: malformed YAML front matter at line 2, column \d+: anchor &a0"
        with pytest.raises(CorpusError, match=refused) as err:
            load_document(path)
        assert time.perf_counter() - start < 5 and one_line(str(err.value))

    @pytest.mark.parametrize(
        ("front", "message"),
        [
            ("title: [a, b]", "title must be a single text or date value, not a list"),
            ("title: {x: 1}", "title must be a single text or date value, not a dict"),
            (f"title: {'t' * 501}", "title is 501 characters long; the limit is 500"),
            ("author: [Ann, Bob]", "author must be a single text"),
            (f"url: https://example.org/{'a' * 2100}", "url is 2120 characters long; the limit is 2048"),
            ("site: [x]", "site must be a single text"),
            ("date: {year: 2024}", "date must be a single text or date value, not a dict"),
            ("title: a\nextra: &x 1", "anchor &x is not allowed"),
            ("base: &b {title: x}\n<<: *b", "anchor &b is not allowed"),
        ],
    )
    def test_metadata_must_be_single_values_within_limits(self, tmp_path: Path, front: str, message: str) -> None:
        path = tmp_path / "doc.md"
        path.write_text(f"---\n{front}\n---\n# Doc\n\nKeras is a high-level API for neural networks.\n", "utf-8")
        with pytest.raises(CorpusError, match=re.escape(message)) as err:
            load_document(path)
        assert str(path) in str(err.value) and one_line(str(err.value))

    def test_ordinary_front_matter_still_reads(self, tmp_path: Path) -> None:
        path = tmp_path / "doc.md"
        path.write_text(
            "---\ntitle: Keras notes\nauthor: {name: Ann}\ndate: 2024-05-01\nurl: https://example.org/k\n---\n"
            "Keras is a high-level API for neural networks.\n",
            "utf-8",
        )
        [passage] = load_document(path)
        assert (passage.title, passage.date, passage.site, passage.url) == (
            "Keras notes", "2024-05-01", "Ann", "https://example.org/k"
        )  # fmt: skip


class TestPdf:
    def test_pages_sharing_one_huge_stream_are_refused_quickly(self, tmp_path: Path, library: Library) -> None:
        path = pdf_shared_stream(tmp_path / "shared.pdf")
        assert path.stat().st_size < 20_000, "a few kB on disk"
        start = time.perf_counter()
        with pytest.raises(DocumentError, match=r"shared\.pdf: page 1 draws 7\.0 MB of content.*limit is 2 MB") as err:
            library.prepare(path, [])
        assert time.perf_counter() - start < 5 and one_line(str(err.value))

    def test_a_pdf_at_the_page_cap_is_read_whole(self, tmp_path: Path, library: Library) -> None:
        path = pdf_pages(tmp_path / "long.pdf", ingest.PDF_MAX_PAGES)
        start = time.perf_counter()
        prepared = library.prepare(path, [])
        assert time.perf_counter() - start < 5
        text = " ".join(p.text for p in prepared.passages)
        assert f"experiment {ingest.PDF_MAX_PAGES}" in text and "page 1 of this report" in text
        assert prepared.document.title == "A long PDF"

    def test_one_page_over_the_cap_is_refused(self, tmp_path: Path, library: Library) -> None:
        path = pdf_pages(tmp_path / "book.pdf", ingest.PDF_MAX_PAGES + 1)
        with pytest.raises(DocumentError, match=r"book\.pdf: the PDF has 101 pages; the limit is 100") as err:
            library.prepare(path, [])
        assert one_line(str(err.value))

    def test_text_over_the_character_cap_is_refused(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(ingest.pdf, "PDF_MAX_CHARS", 2_000)  # in this process: the cap, not the file, is tested
        path = pdf_pages(tmp_path / "wordy.pdf", 20)
        with pytest.raises(CorpusError, match=r"wordy\.pdf: the PDF holds more than 2,000 characters of text \(page"):
            load_document(path)

    def test_content_under_the_caps_still_runs_out_of_time(self, tmp_path: Path) -> None:
        """Just under the per-page cap, on every page: the CPU-time budget of the parsing child ends it."""
        path = pdf_shared_stream(tmp_path / "slow.pdf", pages=20, operators=270_000)  # 1.9 MB a page
        start = time.perf_counter()
        with pytest.raises(DocumentError, match=r"slow\.pdf: reading it took more than 1 s; the document is refused"):
            Library(tmp_path / "data", parse_seconds=1).prepare(path, [])
        assert time.perf_counter() - start < 20


def _status(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as fh:
        return next(int(line.split()[1]) * 1024 for line in fh if line.startswith(f"{field}:"))


def test_hostile_files_stay_under_200_mb_of_memory(tmp_path: Path, library: Library, caplog: pytest.LogCaptureFixture):
    """Peak memory growth of this process and of each parsing child, for the three files of the issue."""
    files = [
        pdf_shared_stream(tmp_path / "shared.pdf"),
        pdf_pages(tmp_path / "long.pdf", ingest.PDF_MAX_PAGES),
        tmp_path / "laughs.md",
    ]
    files[2].write_text(billion_laughs(), encoding="utf-8")
    caplog.set_level(logging.DEBUG, logger="assistant.parsing")
    with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
        fh.write("5")  # reset this process's peak (VmHWM) to its current size
    base = _status("VmRSS")
    for path in files:
        try:
            library.prepare(path, [])
        except DocumentError:
            pass
    own = _status("VmHWM") - base
    children = [float(m) for m in re.findall(r"peak memory growth ([\d.]+) MB", caplog.text)]
    print(f"\npeak memory growth: this process {own / MB:.1f} MB; parsing children {children} MB")
    assert len(children) == 3
    assert own < 200 * MB and max(children) < 200


def index_files(index: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in index.iterdir() if p.is_file() and not p.name.startswith(".")}


def test_a_refused_document_leaves_nothing_behind(tmp_path: Path) -> None:
    index = tmp_path / "index"
    bot = Assistant.load(embedder=FakeEmbedder(), corpus_dir=CORPUS, index_dir=index, data_dir=tmp_path / "data")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "ok.md").write_text("# Ok\n\nKeras is a high-level API for building neural networks quickly.\n", "utf-8")
    [kept] = bot.add(docs / "ok.md")
    data_before = sorted(p.relative_to(tmp_path) for p in (tmp_path / "data").rglob("*") if ".lock" not in p.name)
    index_before = index_files(index)
    (docs / "laughs.md").write_text(billion_laughs(), encoding="utf-8")
    hostile = [docs / "laughs.md", pdf_shared_stream(docs / "shared.pdf"), pdf_pages(docs / "book.pdf", 101)]
    for path in hostile:
        with pytest.raises(DocumentError, match=re.escape(path.name)):
            bot.add(path)
    data_after = sorted(p.relative_to(tmp_path) for p in (tmp_path / "data").rglob("*") if ".lock" not in p.name)
    assert data_after == data_before
    assert index_files(index) == index_before
    assert [s.id for s in bot.sources() if s.origin == "user"] == [kept.id]
