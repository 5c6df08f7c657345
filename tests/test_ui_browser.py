"""The chat UI in a real browser: what a user sees after asking, following up, and sending bad or hostile input."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.clirun import looks_like_id, run_cli

pytest_plugins = ["ui_server"]
pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BOT = "#chat [data-testid='bot']"
# Emoji and pictographs: where no emoji font is installed they render as empty boxes.
EMOJI = re.compile("[\u2600-\u27bf\U0001f000-\U0001faff\ufe0f]")
USER = "#chat [data-testid='user']"
ANSWER_TIMEOUT_MS = 120_000


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.is_file():
        why = "chromium not found at /usr/bin/chromium: apt-get install chromium"
        if os.environ.get("ASSISTANT_REQUIRE_BROWSER"):  # set by .ci/run: CI must run these, never skip
            pytest.fail(f"{why} (ASSISTANT_REQUIRE_BROWSER is set)")
        pytest.skip(why)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, ui_server: Any) -> Iterator[Any]:
    """A fresh session on the chat page; ``page.dialogs`` records every alert/confirm a script opened."""
    context = browser.new_context(viewport={"width": 1100, "height": 1300})
    page = context.new_page()
    page.dialogs = []

    def on_dialog(dialog: Any) -> None:
        page.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(ui_server.url)
    page.wait_for_selector("#question textarea")
    yield page
    context.close()


def ask(page: Any, question: str) -> Any:
    """Type a question, press Enter, and return the new assistant message once it arrived."""
    before = page.locator(BOT).count()
    page.fill("#question textarea", question)
    page.press("#question textarea", "Enter")
    arrived = "([selector, n]) => document.querySelectorAll(selector).length > n"
    page.wait_for_function(arrived, arg=[BOT, before], timeout=ANSWER_TIMEOUT_MS)
    return page.locator(BOT).nth(before)


def save_screenshot(page: Any, name: str = "ui-answer.png", docs_name: str = "screenshot.png") -> None:
    """artifacts/<name> always; docs/<docs_name> too when UPDATE_SCREENSHOT=1 (the README's pictures)."""
    artifacts = ROOT / "artifacts"
    artifacts.mkdir(exist_ok=True)
    target = artifacts / name
    page.screenshot(path=str(target), full_page=True)
    if os.environ.get("UPDATE_SCREENSHOT") == "1":
        shutil.copyfile(target, ROOT / "docs" / docs_name)


class TestChat:
    def test_cited_answer_with_sources_then_follow_up(self, page: Any) -> None:
        answer = ask(page, "Which framework should I use for mobile?")
        assert re.search(r"TensorFlow Lite|LiteRT|TFLite", answer.inner_text())
        assert answer.locator("a.cite").count() >= 2, "the answer carries [n] markers"
        sources = answer.locator("details.src")
        assert sources.count() >= 2
        for i in range(2):
            assert sources.nth(i).locator("summary").is_visible()
            assert re.match(r"\[\d+\]\s+\S", sources.nth(i).locator("summary").inner_text())
        # Sources start collapsed; a URL-bearing source shows its link once opened.
        assert not sources.nth(0).evaluate("d => d.open")

        follow_up = ask(page, "And who develops it?")
        assert "Google" in follow_up.inner_text()
        assert follow_up.locator("details.src").count() >= 1
        follow_up.locator("a.cite").first.click()  # shows the passage behind the answer's first statement
        save_screenshot(page)

    def test_citation_marker_opens_the_passage_it_points_at(self, page: Any) -> None:
        answer = ask(page, "Who created Keras?")
        marker = answer.locator("a.cite").first
        target_id = marker.get_attribute("href").lstrip("#")
        source = page.locator(f"#{target_id}")
        assert not source.evaluate("d => d.open")
        marker.click()
        assert source.evaluate("d => d.open")
        quote = source.locator(".src-quote")
        assert quote.is_visible() and "Chollet" in quote.inner_text()

    def test_start_screen_examples_and_clear(self, page: Any) -> None:
        examples = page.locator("#chat button.example")
        texts = [t.strip() for t in examples.all_inner_texts()]
        assert "Which framework should I use for mobile?" in texts and "Who created Keras?" in texts
        examples.filter(has_text="Who created Keras?").click()
        page.wait_for_selector(BOT, timeout=ANSWER_TIMEOUT_MS)
        assert "Chollet" in page.locator(BOT).first.inner_text()
        page.click("#clear")
        page.wait_for_selector("#chat button.example")
        assert page.locator(BOT).count() == 0 and page.locator(USER).count() == 0
        # The conversation was cleared too: a follow-up now has no earlier turn to lean on.
        assert "Chollet" not in ask(page, "What about its release year?").inner_text()

    def test_outdated_notes_stand_out(self, page: Any) -> None:
        # (the mobile pick says TensorFlow Lite's new name in its lead, so it has no note; this answer has two)
        answer = ask(page, "Does Keras run on Theano?")
        note = answer.locator(".answer blockquote").filter(has_text=re.compile("Outdated|Sources disagree"))
        assert note.count() >= 1 and note.first.is_visible()
        assert note.first.evaluate("e => getComputedStyle(e).borderLeftStyle") == "solid"

    def test_abstention_looks_different_and_says_what_can_be_asked(self, page: Any) -> None:
        unknown = ask(page, "What is MXNet good for?")
        notice = unknown.locator(".idk")
        assert notice.is_visible()
        assert notice.inner_text().count("I don't know") == 1, "said once, not in a heading and again in the text"
        assert "Which framework should I use for mobile?" in notice.inner_text(), "it says what can be asked"
        assert unknown.locator("details.src").count() == 0

    def test_no_emoji_carries_meaning(self, page: Any) -> None:
        """Notices are told apart by words and styles; an emoji would be an empty box without an emoji font."""
        ask(page, "What is MXNet good for?")  # an abstention
        ask(page, "   ")  # a rejected question
        notes = ask(page, "Does Keras run on Theano?")  # an answer with an "Outdated" note
        assert notes.locator(".answer blockquote").filter(has_text="Outdated").count() >= 1
        shown = page.locator("#chat").inner_text()
        assert not EMOJI.search(shown), EMOJI.findall(shown)

    def test_source_titles_are_never_ids(self, page: Any) -> None:
        """The untitled article (001_27bf…) is cited for mobile; it shows a derived title, not its id."""
        answer = ask(page, "Which framework should I use for mobile?")
        titles = [re.sub(r"^\[\d+\]\s*", "", t) for t in answer.locator("details.src summary").all_inner_texts()]
        assert any("(untitled article)" in t for t in titles), titles
        assert not [t for t in titles if looks_like_id(t)], titles


class TestBadInput:
    def test_empty_and_over_long_questions_get_a_friendly_message(self, page: Any, ui_server: Any) -> None:
        empty = ask(page, "   ")
        assert "couldn't take that question" in empty.inner_text()
        assert "empty" in empty.inner_text()
        long = ask(page, "Which framework should I use for mobile? " * 60)
        assert "couldn't take that question" in long.inner_text()
        assert "limit is 2000" in long.inner_text()
        assert "Traceback" not in page.locator("#chat").inner_text()
        # The server keeps serving, and the rejected questions did not become conversation context.
        answer = ask(page, "Who created Keras?")
        assert "Chollet" in answer.inner_text()
        assert ui_server.process.poll() is None

    def test_html_in_questions_and_passages_renders_as_text(self, page: Any, ui_server: Any) -> None:
        payload = (
            '<img src=x onerror="window.__xss=1;alert(1)"> <script>window.__xss=2</script> [x](javascript:alert(3))'
        )
        ask(page, payload)
        question = page.locator(USER).last
        assert "<img src=x onerror=" in question.inner_text()
        assert "<script>" in question.inner_text()

        answer = ask(page, ui_server.hostile_question)
        hostile = answer.locator("details.src").filter(has_text="Callbacks <img src=x")
        assert hostile.count() == 1, "the hostile passage is cited, its HTML title shown as text"
        hostile.evaluate("d => d.open = true")
        quote = hostile.locator(".src-quote").inner_text()
        assert '<img src=x onerror="window.__xss=1;alert(1)">' in quote and "<script>" in quote
        assert "javascript:window.__xss=4" in hostile.inner_text(), "a non-http URL is shown as text"

        page.wait_for_timeout(1000)  # give any injected onerror handler time to fire
        chat = page.locator("#chat")
        assert chat.locator("img[src='x']").count() == 0
        assert chat.locator("script").count() == 0
        assert chat.locator("a[href^='javascript']").count() == 0
        assert page.evaluate("window.__xss") is None
        assert page.dialogs == []


class TestFeedback:
    def test_a_like_saves_one_valid_line_and_a_dislike_exports_a_question_item(
        self, page: Any, ui_server: Any, tmp_path: Path
    ) -> None:
        from assistant.evaluate import load_questions
        from assistant.feedback import Vote, feedback_path

        path = feedback_path(ui_server.data_dir)
        before = path.read_text("utf-8").splitlines() if path.exists() else []
        question = "Which framework is best for research?"
        answer = ask(page, question)
        cited = answer.locator("details.src").count()
        page.locator("#chat button[aria-label='Like']").last.click()
        page.wait_for_function("() => document.querySelector('#vote-status').innerText.includes('saved')")
        lines = path.read_text("utf-8").splitlines()
        assert len(lines) == len(before) + 1, "one like, one line"
        vote = Vote.model_validate_json(lines[-1])  # a whole, valid record
        assert (vote.vote, vote.question) == ("like", question)
        assert "PyTorch" in vote.answer and len(vote.cited) == cited and vote.history == []

        page.fill("#vote-comment textarea", "Too short on why")
        page.locator("#chat button[aria-label='Dislike']").last.click()
        page.wait_for_function("() => document.querySelector('#vote-status').innerText.includes('comment')")
        lines = path.read_text("utf-8").splitlines()
        assert len(lines) == len(before) + 2
        dislike = Vote.model_validate_json(lines[-1])
        assert (dislike.vote, dislike.answer_id, dislike.comment) == ("dislike", vote.answer_id, "Too short on why")

        out = tmp_path / "from-users.yaml"
        run = run_cli(["feedback", "--data-dir", str(ui_server.data_dir), "--export", str(out)])
        assert run.code == 0, run.stderr
        items = [q for q in load_questions(out) if q.question == question]
        assert len(items) == 1 and items[0].category == "feedback"


class TestSources:
    NOTES = (
        "# Team notes on Keras\n\n"
        "Our team standardised on Keras for the internal churn model in March 2024, because the Keras "
        "functional API made code review easy for the whole team.\n"
    )

    def choose(self, page: Any, dropdown: str, text: str) -> None:
        """Pick the option containing ``text`` in a Gradio dropdown."""
        page.click(f"{dropdown} input")
        page.fill(f"{dropdown} input", text)
        page.locator("[role=option]", has_text=text).first.click()

    def test_table_fits_1280px_with_titles_not_ids(self, browser: Any, ui_server: Any) -> None:
        """Headers stay on one line (no "Passages" wrapped letter by letter) and the Added column is in view."""
        context = browser.new_context(viewport={"width": 1280, "height": 1000})
        page = context.new_page()
        try:
            page.goto(ui_server.url)
            page.wait_for_selector("#question textarea")
            page.get_by_role("tab", name="Sources").click()
            page.wait_for_function("() => document.querySelector('#sources-table').innerText.includes('facts')")
            headers = page.locator("#sources-table th span.header")
            names = [t.strip() for t in headers.all_inner_texts()]
            assert names == ["Title", "Id", "Date", "Passages", "Added"]
            heights = {name: headers.nth(i).bounding_box()["height"] for i, name in enumerate(names)}
            assert max(heights.values()) < 1.5 * min(heights.values()), f"a header wraps: {heights}"
            table = page.locator("#sources-table").bounding_box()
            added = page.locator("#sources-table th").nth(4).bounding_box()
            assert added["x"] + added["width"] <= table["x"] + table["width"] + 1, "the Added column is cut off"
            rows = page.locator("#sources-table .virtual-row[role=row]")
            added_cell = rows.first.locator("[role=gridcell]").nth(4)
            assert added_cell.inner_text().strip() == "built-in"
            assert added_cell.evaluate("c => c.scrollWidth <= c.clientWidth + 1"), "the Added cell's text is clipped"
            cell = added_cell.bounding_box()
            assert cell["x"] + cell["width"] <= table["x"] + table["width"] + 1
            titles = [rows.nth(i).locator("[role=gridcell]").first.inner_text().strip() for i in range(rows.count())]
            ids = [rows.nth(i).locator("[role=gridcell]").nth(1).inner_text().strip() for i in range(rows.count())]
            assert "facts" in ids and "001_27bf8468b2f174b7" in ids
            assert not [t for t in titles if looks_like_id(t, ids)], titles
            save_screenshot(page, "ui-sources.png", "sources.png")
        finally:
            context.close()

    def test_add_limit_to_and_remove_a_document(self, page: Any, tmp_path: Path) -> None:
        notes = tmp_path / "team_notes.md"
        notes.write_text(self.NOTES, encoding="utf-8")
        page.get_by_role("tab", name="Sources").click()
        table = page.locator("#sources-table")
        assert "Framework facts" in table.inner_text(), "the built-in sources are listed"
        page.locator("#upload input[type=file]").set_input_files(str(notes))
        page.wait_for_function(
            "() => document.querySelector('#sources-status').innerText.includes('Added')", timeout=ANSWER_TIMEOUT_MS
        )
        assert "Team notes on Keras" in page.locator("#sources-status").inner_text()
        page.wait_for_function("() => document.querySelector('#sources-table').innerText.includes('Team notes')")

        page.get_by_role("tab", name="Chat").click()
        page.get_by_text("Limit the sources").click()
        self.choose(page, "#source-filter", "Team notes")
        answer = ask(page, "Which framework did our team standardise on for the churn model?")
        sources = answer.locator("details.src")
        assert sources.count() >= 1
        assert all("Team notes on Keras" in t for t in sources.locator("summary").all_inner_texts())
        assert "churn model" in answer.inner_text()

        page.get_by_role("tab", name="Sources").click()
        self.choose(page, "#remove-choice", "Team notes")
        page.click("#remove")
        page.wait_for_function("() => document.querySelector('#sources-status').innerText.includes('Removed')")
        page.wait_for_function("() => !document.querySelector('#sources-table').innerText.includes('Team notes')")
