"""Turn an ``Answer`` into the chat message the browser shows: Markdown for the answer, HTML for its sources.

Everything that comes from outside (the user's question, passage text, titles, URLs) is escaped
here, so it renders as text whatever it contains; Gradio's own sanitizer is a second line of
defence, not the first. The composer's Markdown (bold, lists, tables, the ``>`` notes) is kept;
HTML tags, entities, link and image syntax in that text are neutralised.

No emoji carries meaning: where no emoji font is installed they render as empty boxes. Words say
what a notice is ("Outdated:", "I don't know"), and styles (borders, colours) make it stand out.
"""

from __future__ import annotations

import html
import re
import uuid
from collections.abc import Sequence
from urllib.parse import urlsplit

from assistant.models import Answer, Citation

_MARKER = re.compile(r"\[(\d+)\]")
_BACKSLASH = re.compile(r"\\(?!\|)")  # keep the composer's escaped table pipes ("\|")
_BLANK_LINES = re.compile(r"\n\s*\n+")
_NOTE_GLYPH = re.compile(r"^(>\s*)\u26a0\ufe0f?\s*", re.M)  # the composer's "> ⚠️ **Outdated:**": the word says it
SHOW_QUESTION_CHARS = 400  # a pasted essay is echoed shortened; the full text still goes to ask()


def escape_markdown(text: str) -> str:
    """Markdown that shows ``text`` literally as far as HTML and links go, keeping emphasis, lists and tables.

    ``<`` and ``&`` become entities (no tag, no entity trickery); ``\\``, ``[`` and ``]`` are
    backslash-escaped so no link, image or reference definition can form.
    """
    text = _BACKSLASH.sub(r"\\\\", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return text.replace("[", "\\[").replace("]", "\\]")


def anchor_id(uid: str, marker: int) -> str:
    """DOM id of the source box of citation ``marker`` in the answer ``uid``."""
    return f"src-{uid}-{marker}"


def answer_markdown(text: str, uid: str, markers: set[int]) -> str:
    """The answer text escaped, each known ``[n]`` turned into a link to its source box."""
    parts: list[str] = []
    last = 0
    for match in _MARKER.finditer(text):
        n = int(match.group(1))
        if n not in markers:
            continue
        parts.append(escape_markdown(text[last : match.start()]))
        parts.append(f'<a class="cite" href="#{anchor_id(uid, n)}" title="show source {n}">[{n}]</a>')
        last = match.end()
    parts.append(escape_markdown(text[last:]))
    return "".join(parts)


def is_web_url(url: str | None) -> bool:
    """True for an absolute http(s) URL with a host: only those become links."""
    if not url:
        return False
    parts = urlsplit(url.strip())
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _inline(text: str) -> str:
    """Escaped text for inside an HTML block: no blank line may end the block early."""
    return _BLANK_LINES.sub("<br><br>", html.escape(text.strip(), quote=True)).replace("\n", "<br>")


def source_html(citation: Citation, uid: str) -> str:
    """One collapsed source: ``[n] title`` as the summary; site, date, section, passage and link inside."""
    meta = " · ".join(html.escape(x) for x in (citation.site, citation.date, citation.section) if x)
    if is_web_url(citation.url):
        url = html.escape(citation.url.strip(), quote=True)  # type: ignore[union-attr]
        rel = "noopener noreferrer nofollow"
        link = f'<div class="src-url"><a href="{url}" target="_blank" rel="{rel}">{url}</a></div>'
    elif citation.url:
        link = f'<div class="src-url">{html.escape(citation.url)}</div>'
    else:
        link = ""
    return (
        f'<details class="src" id="{anchor_id(uid, citation.marker)}">'
        f'<summary><span class="src-n">[{citation.marker}]</span> {html.escape(citation.title)}</summary>'
        + (f'<div class="src-meta">{meta}</div>' if meta else "")
        + f'<blockquote class="src-quote">{_inline(citation.text)}</blockquote>{link}</details>'
    )


def sources_html(citations: Sequence[Citation], uid: str) -> str:
    """All sources of an answer as one HTML block (no blank lines, so Markdown leaves it alone)."""
    if not citations:
        return ""
    items = "".join(source_html(c, uid) for c in citations)
    return f'<div class="sources"><div class="sources-h">Sources ({len(citations)})</div>{items}</div>'


def render_answer(answer: Answer, examples: Sequence[str] = (), uid: str | None = None) -> str:
    """The assistant's chat message for ``answer``: the answer or an "I don't know" notice, then its sources."""
    uid = uid or uuid.uuid4().hex[:10]
    body = answer_markdown(_NOTE_GLYPH.sub(r"\1", answer.text), uid, {c.marker for c in answer.citations})
    if not answer.answered:  # the text itself says "I don't know"; the notice's frame does not repeat it
        tips = "\n".join(f"- {escape_markdown(q)}" for q in examples)
        return (
            '<div class="idk">\n\n'
            f"{body}\n\n" + (f"**Try for example:**\n\n{tips}\n\n" if tips else "") + "</div>"
        )
    kind = "answer has-notes" if answer.notes else "answer"
    return f'<div class="{kind}">\n\n{body}\n\n</div>\n\n{sources_html(answer.citations, uid)}'


def render_problem(message: str, examples: Sequence[str] = ()) -> str:
    """A friendly notice for a question that could not be taken (empty, too long, not text)."""
    tips = "\n".join(f"- {escape_markdown(q)}" for q in examples[:3])
    return (
        '<div class="problem"><div class="problem-h">I couldn\'t take that question</div>\n\n'
        f"{escape_markdown(message)}\n\n" + (f"For example:\n\n{tips}\n\n" if tips else "") + "</div>"
    )


def render_error() -> str:
    """What the chat shows when answering failed unexpectedly (details go to the server log)."""
    return (
        '<div class="problem"><div class="problem-h">Something went wrong</div>\n\n'
        "Answering that question failed on the server. Please try again or ask another question.\n\n</div>"
    )


def render_question(question: str) -> str:
    """The user's message as it appears in the chat: literal text, shortened if very long."""
    if len(question) > SHOW_QUESTION_CHARS:
        question = question[:SHOW_QUESTION_CHARS] + f" … ({len(question)} characters)"
    return escape_markdown(question)
