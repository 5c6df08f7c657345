"""The UI's API as a program sees it (gradio_client), and the escaping the chat relies on."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from assistant.models import Answer, Citation
from ui.render import answer_markdown, escape_markdown, is_web_url, render_answer, render_problem, source_html

pytest_plugins = ["ui_server"]


def citation(**changes: Any) -> Citation:
    fields: dict[str, Any] = {
        "marker": 1,
        "source": "doc",
        "title": "A title",
        "url": "https://example.org/a",
        "date": "2024-01-02",
        "site": "Example",
        "section": "Intro",
        "text": "Keras is a high-level API.",
        "score": 0.5,
    }
    return Citation(**{**fields, **changes})


class TestRender:
    def test_html_in_text_becomes_entities_and_links_cannot_form(self) -> None:
        out = escape_markdown('<img src=x onerror="alert(1)"> & [x](javascript:alert(1)) ![i](http://e/x.png)')
        assert "<" not in out
        assert "&lt;img" in out and "&amp;" in out
        assert "[x]" not in out and "![i]" not in out
        assert re.search(r"(?<!\\)\[", out) is None, "every [ is backslash-escaped"

    def test_escaped_brackets_cannot_be_unescaped_by_a_backslash_in_the_text(self) -> None:
        out = escape_markdown(r"\[x\](javascript:alert(1))")
        # Each backslash of the text is doubled, so the bracket keeps its own escaping backslash.
        assert out == r"\\\[x\\\](javascript:alert(1))"

    def test_markdown_of_the_composer_is_kept(self) -> None:
        text = "**Keras** is the pick [1].\n\n- a | b\n\n| F | K |\n|---|---|\n| x \\| y | z |\n\n> ⚠️ **Outdated:** [2]"
        out = escape_markdown(text)
        assert "**Keras**" in out and "\n- a | b" in out and "\n> ⚠️ **Outdated:**" in out
        assert "x \\| y" in out, "the composer's escaped table pipe survives"

    def test_known_markers_link_to_their_source_and_unknown_ones_stay_text(self) -> None:
        out = answer_markdown("Yes [1]. See [7].", "abc", {1})
        assert '<a class="cite" href="#src-abc-1"' in out
        assert "\\[7\\]" in out

    def test_source_escapes_title_and_passage_and_links_only_web_urls(self) -> None:
        html = source_html(citation(title="<b>T</b>", text="a <script>x</script>\n\nb"), "u")
        assert "<b>T</b>" not in html and "&lt;b&gt;T&lt;/b&gt;" in html
        assert "<script>" not in html and "\n" not in html
        assert '<a href="https://example.org/a"' in html
        relative = source_html(citation(url="/blog/post"), "u")
        assert "<a " not in relative and "/blog/post" in relative
        hostile = source_html(citation(url="javascript:alert(1)"), "u")
        assert "<a " not in hostile
        assert not is_web_url("http://") and is_web_url("https://example.org")

    def test_abstention_renders_as_a_notice_with_examples_and_no_sources(self) -> None:
        answer = Answer(text="I don't know: my sources say nothing about MXNet.", answered=False)
        out = render_answer(answer, ["Who created Keras?"])
        assert 'class="idk"' in out and "Who created Keras?" in out and "details" not in out
        assert out.count("I don't know") == 1, "the notice does not repeat what the answer says"

    def test_no_emoji_in_notices(self) -> None:
        noted = Answer(text="**TensorFlow** [1].\n\n> ⚠️ **Outdated:** [1] predates newer information.", answered=True)
        shown = (
            render_answer(noted)
            + render_problem("the question is empty")
            + render_answer(Answer(text="I don't know.", answered=False))
        )
        assert not re.search("[\u2600-\u27bf\U0001f000-\U0001faff\ufe0f]", shown), shown
        assert "**Outdated:**" in shown, "the word carries the meaning"


def answer_of(chat: list[dict[str, Any]]) -> str:
    """The text of the last assistant message in a Chatbot value returned by the client."""
    content = chat[-1]["content"]
    return content if isinstance(content, str) else " ".join(part.get("text", "") for part in content)


@pytest.fixture(scope="module")
def client(ui_server: Any) -> Any:
    from gradio_client import Client

    return Client(ui_server.url, verbose=False)


@pytest.mark.slow
class TestAskEndpoint:
    def test_answer_text_and_citations(self, client: Any) -> None:
        answer = client.predict("Which framework should I use for mobile?", None, api_name="/ask")
        assert answer["answered"] is True
        assert "TensorFlow" in answer["frameworks"]
        assert re.search(r"TensorFlow Lite|LiteRT|TFLite", answer["text"])
        citations = answer["citations"]
        assert len(citations) >= 2
        for c in citations:
            assert f"[{c['marker']}]" in answer["text"]
            assert c["title"] and c["text"]

    def test_history_makes_a_follow_up_about_the_earlier_subject(self, client: Any) -> None:
        first = client.predict("Who develops TensorFlow?", None, api_name="/ask")
        history = [
            {"role": "user", "content": "Who develops TensorFlow?"},
            {"role": "assistant", "content": first["text"]},
        ]
        follow_up = client.predict("What about PyTorch?", history, api_name="/ask")
        assert re.search(r"Meta|Facebook", follow_up["text"])

    def test_sources_are_listed_and_an_answer_can_be_limited_to_some(self, client: Any) -> None:
        listed = {s["id"]: s for s in client.predict(api_name="/sources")}
        assert "facts" in listed and listed["facts"]["origin"] == "corpus"
        answer = client.predict("When was PyTorch released?", None, ["facts"], api_name="/ask")
        # The answer itself rests on the chosen source; an outdated-claim note may still cite the older article.
        body = answer["text"].split("> ⚠️")[0]
        by_marker = {c["marker"]: c["source"] for c in answer["citations"]}
        assert {by_marker[int(n)] for n in re.findall(r"\[(\d+)\]", body)} == {"facts"}

    def test_bad_question_fails_with_the_reason(self, client: Any) -> None:
        from gradio_client.exceptions import AppError

        with pytest.raises(AppError, match="empty"):
            client.predict("   ", None, api_name="/ask")
        with pytest.raises(AppError, match="limit is 2000"):
            client.predict("x" * 2001, None, api_name="/ask")
        with pytest.raises(AppError, match="unknown source"):
            client.predict("Who created Keras?", None, ["no-such-source"], api_name="/ask")
        assert client.predict("Who created Keras?", None, api_name="/ask")["answered"] is True

    def test_concurrent_sessions_keep_their_own_history(self, ui_server: Any) -> None:
        """Two users ask the same follow-up at the same time; each is resolved by their own conversation.

        ``/chat`` is the chat box's own (undocumented) endpoint: its history lives in session state.
        """
        from gradio_client import Client

        developer, release = Client(ui_server.url, verbose=False), Client(ui_server.url, verbose=False)
        with ThreadPoolExecutor(max_workers=2) as pool:
            firsts = [
                pool.submit(developer.predict, "Who develops TensorFlow?", [], api_name="/chat"),
                pool.submit(release.predict, "When was Keras released?", [], api_name="/chat"),
            ]
            [f.result(timeout=120) for f in firsts]
            follow_ups = [
                pool.submit(c.predict, "What about PyTorch?", [], api_name="/chat") for c in (developer, release)
            ]
            (_, developer_chat), (_, release_chat) = [f.result(timeout=120) for f in follow_ups]
        assert len(developer_chat) == 4 and len(release_chat) == 4
        assert re.search(r"Meta|Facebook", answer_of(developer_chat))
        assert "2016" in answer_of(release_chat)
        assert "Who develops TensorFlow?" not in str(release_chat)
        assert "When was Keras released?" not in str(developer_chat)
