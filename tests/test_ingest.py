"""Tests for the ingestion stage, on the real corpus files and on small documents in tmp_path."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.errors import CorpusError
from assistant.ingest import KINDS, MAX_CHARS, load_corpus, load_document
from assistant.records import Passage

CORPUS = Path(__file__).parent.parent / "corpus"
HTML_DOC = "000_cb65916fe6866b9d"
TEXT_DOC = "001_27bf8468b2f174b7"
TOPD_DOC = "002_e843663cc6609ce7"
MARKDOWN_DOC = "003_8f13f9ae77550d03"
YAML_DOC = "004_e32af571f55ad47b"
ALL_DOCS = (HTML_DOC, TEXT_DOC, TOPD_DOC, MARKDOWN_DOC, YAML_DOC)


@pytest.fixture(scope="module")
def corpus() -> list[Passage]:
    return load_corpus(CORPUS)


def of(passages: list[Passage], source: str) -> list[Passage]:
    return [p for p in passages if p.source == source]


def joined(passages: list[Passage]) -> str:
    return "\n".join(p.text for p in passages)


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


class TestLoadCorpus:
    def test_every_document_yields_passages(self, corpus: list[Passage]) -> None:
        assert {p.source for p in corpus} == set(ALL_DOCS)
        assert all(len(of(corpus, doc)) >= 10 for doc in ALL_DOCS)

    def test_ids_are_unique_and_sequential_per_document(self, corpus: list[Passage]) -> None:
        assert len({p.id for p in corpus}) == len(corpus)
        for doc in ALL_DOCS:
            assert [p.id for p in of(corpus, doc)] == [f"{doc}#{n:03d}" for n in range(len(of(corpus, doc)))]

    def test_documents_in_sorted_order(self, corpus: list[Passage]) -> None:
        sources = [p.source for p in corpus]
        assert sources == sorted(sources)

    def test_fields_are_well_formed(self, corpus: list[Passage]) -> None:
        for p in corpus:
            assert p.kind in KINDS
            assert p.frameworks == ()
            assert p.text == p.text.strip() and p.text
            assert p.date is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", p.date)

    def test_prose_is_sized_and_never_a_bare_heading(self, corpus: list[Passage]) -> None:
        for p in corpus:
            if p.kind != "code":
                assert len(p.text) <= MAX_CHARS, p.id
            assert p.text not in {"TensorFlow", "PyTorch", "Keras"}
            assert len(p.text.split()) >= 3, p.id

    def test_no_markup_or_chrome_anywhere(self, corpus: list[Passage]) -> None:
        text = joined(corpus)
        for junk in ("<p", "</", "&amp;", "&nbsp;", "srcset", "](", "**", "```", "Leave a", "Table of Content"):
            assert junk not in text, junk

    def test_unlisted_document_is_ingested_with_its_own_metadata(self, tmp_path: Path) -> None:
        write(tmp_path, "sources.yaml", "a:\n  file: a.txt\n  title: Listed\n")
        write(tmp_path, "a.txt", "Keras is a high-level API for deep learning.\n")
        write(tmp_path, "b.md", "---\ntitle: From front matter\n---\nPyTorch uses dynamic graphs by default.\n")
        write(tmp_path, "notes.json", "{}")
        passages = load_corpus(tmp_path)
        assert [(p.source, p.title) for p in passages] == [("a", "Listed"), ("b", "From front matter")]

    def test_listed_file_missing_is_an_error_naming_it(self, tmp_path: Path) -> None:
        write(tmp_path, "sources.yaml", "gone:\n  file: gone.txt\n")
        with pytest.raises(CorpusError, match="gone.txt"):
            load_corpus(tmp_path)

    def test_missing_folder_is_an_error(self, tmp_path: Path) -> None:
        with pytest.raises(CorpusError, match="nowhere"):
            load_corpus(tmp_path / "nowhere")


class TestMetadata:
    def test_html_metadata(self, corpus: list[Passage]) -> None:
        p = of(corpus, HTML_DOC)[0]
        assert p.title == "AI Frameworks Compared: 7 Key Differences Between TensorFlow, PyTorch, and Keras"
        assert p.date == "2025-04-07"
        assert p.url == "https://www.devcentrehouse.eu/blogs/ai-frameworks-tensorflow-pytorch-keras/"
        assert p.site == "Anthony McCann"
        assert p.meta["author"] == "Anthony McCann"

    def test_html_metadata_found_without_sources_yaml(self, tmp_path: Path) -> None:
        path = write(tmp_path, "page.txt", (CORPUS / f"{HTML_DOC}.txt").read_text(encoding="utf-8"))
        p = load_document(path)[0]
        assert (p.title, p.date, p.meta["author"]) == (
            "AI Frameworks Compared: 7 Key Differences Between TensorFlow, PyTorch, and Keras",
            "2025-04-07",
            "Anthony McCann",
        )
        assert p.url == "https://www.devcentrehouse.eu/blogs/ai-frameworks-tensorflow-pytorch-keras/"

    def test_plain_text_without_metadata_invents_nothing(self, corpus: list[Passage]) -> None:
        for p in of(corpus, TEXT_DOC):
            assert (p.url, p.date, p.site) == (None, None, None)
            assert "author" not in p.meta

    def test_untitled_document_gets_a_derived_title_marked_as_such(self, corpus: list[Passage]) -> None:
        """The title shown for the untitled article comes from its opening words, never its id."""
        titles = {p.title for p in of(corpus, TEXT_DOC)}
        assert titles == {"PyTorch vs TensorFlow vs Keras are the main concepts… (untitled article)"}
        assert all(p.meta["title"] == "derived" for p in of(corpus, TEXT_DOC))
        assert len(titles.pop()) <= 80

    def test_derived_title_prefers_a_leading_heading(self, tmp_path: Path) -> None:
        text = "Team notes on JAX\n\nWe tried JAX for the ranking model in 2024 and kept it for its speed.\n"
        passages = load_document(write(tmp_path, "jax.txt", text))
        assert passages[0].title == "Team notes on JAX (untitled article)"
        short = load_document(write(tmp_path, "short.txt", "JAX compiles Python functions with XLA.\n"))
        assert short[0].title == "JAX compiles Python functions with XLA (untitled article)"

    def test_topd_site_name(self, corpus: list[Passage]) -> None:
        p = of(corpus, TOPD_DOC)[0]
        assert p.site == "TopD Learning"
        assert (p.url, p.date) == (None, None)
        assert p.title == "Keras vs TensorFlow vs PyTorch : All You Need To Know"

    def test_markdown_front_matter(self, corpus: list[Passage]) -> None:
        p = of(corpus, MARKDOWN_DOC)[0]
        assert (p.title, p.date, p.url, p.site) == (
            "Deep Learning Frameworks: TensorFlow vs PyTorch vs Keras",
            "2025-12-08",
            None,
            None,
        )

    def test_yaml_front_matter_keeps_relative_url(self, corpus: list[Passage]) -> None:
        p = of(corpus, YAML_DOC)[0]
        assert p.title == "How do Keras, TensorFlow, and PyTorch differ in terms of functionality and use cases?"
        assert p.date == "2024-11-26"
        assert p.url is not None and p.url.startswith("/learn/computer-science/questions/how-do-keras")
        assert p.site == "QuickTakes"

    def test_declared_format_must_match_content(self, tmp_path: Path) -> None:
        path = write(tmp_path, "a.txt", "Keras is a high-level API for deep learning.\n")
        with pytest.raises(CorpusError, match="'html'"):
            load_document(path, {"format": "html"})

    def test_bad_date_in_metadata_is_an_error(self, tmp_path: Path) -> None:
        path = write(tmp_path, "a.txt", "Keras is a high-level API for deep learning.\n")
        with pytest.raises(CorpusError, match="April 2025"):
            load_document(path, {"date": "April 2025"})


class TestHtml:
    def test_body_only(self, corpus: list[Passage]) -> None:
        text = joined(of(corpus, HTML_DOC))
        for junk in ("Leave a Reply", "wpcaptcha", "grecaptcha", "Post Comment", "Previous:", "Next:", "Calendly"):
            assert junk not in text, junk
        assert "Dev Centre House Ireland" not in text  # the tag list
        assert "Apr 7, 2025" not in text

    def test_trailing_learn_more_links_dropped(self, corpus: list[Passage]) -> None:
        passages = of(corpus, HTML_DOC)
        text = joined(passages)
        assert "Learn more about" not in text
        assert "TensorFlow community" not in text
        assert "Explore TensorFlow" not in text
        growth = next(p for p in passages if p.text.startswith("Strong Community Support"))
        assert growth.text.endswith("contributing to its growth.")
        enterprise = next(p for p in passages if p.text.startswith("Developed by Google"))
        assert enterprise.text.endswith("large-scale enterprise applications.")

    def test_inline_links_keep_their_text(self, corpus: list[Passage]) -> None:
        first = of(corpus, HTML_DOC)[0]
        assert first.text.startswith("Artificial Intelligence (AI) has revolutionised technology")
        assert "TensorFlow, PyTorch, and Keras—each" in first.text

    def test_sections_nest_framework_subheadings(self, corpus: list[Passage]) -> None:
        sections = {p.section for p in of(corpus, HTML_DOC)}
        assert "3. Performance Optimisation: Speed and Efficiency > PyTorch" in sections
        assert "4. Dynamic vs. Static Computation Graphs: A Key Differentiator > TensorFlow" in sections
        static = next(p for p in of(corpus, HTML_DOC) if p.text.startswith("TensorFlow uses static computation"))
        assert static.section == "4. Dynamic vs. Static Computation Graphs: A Key Differentiator > TensorFlow"

    def test_entities_decoded_and_bold_lead_ins_kept(self, corpus: list[Passage]) -> None:
        texts = [p.text for p in of(corpus, HTML_DOC)]
        assert any(t.startswith("Scalability & Flexibility: TensorFlow and PyTorch") for t in texts)
        assert "1. Scalability & Flexibility: Which Framework is Right for You? > Keras" in {
            p.section for p in of(corpus, HTML_DOC)
        }

    def test_paragraph_after_double_break_is_its_own_passage(self, corpus: list[Passage]) -> None:
        texts = [p.text for p in of(corpus, HTML_DOC)]
        assert any(t.startswith("Regardless of which framework you choose") for t in texts)
        assert not any("rapid prototyping. Regardless" in t for t in texts)

    def test_link_inside_unfinished_sentence_is_kept(self, tmp_path: Path) -> None:
        html = "<html><body><article><p>Both are popular. Read the <a href='/x'>PyTorch docs</a></p></article></body>"
        (p,) = load_document(write(tmp_path, "a.html", html))
        assert p.text == "Both are popular. Read the PyTorch docs"

    def test_generic_page_without_entry_content(self, tmp_path: Path) -> None:
        html = (
            "<html><head><link rel='canonical' href='https://x.org/p'/></head><body><nav>Home About</nav>"
            "<main><h1>Page</h1><div><p>PyTorch &amp; TensorFlow are both popular frameworks.</p></div>"
            "<h2>Years</h2><table><tr><th>Framework</th><th>Release</th><th>Owner</th></tr>"
            "<tr><td>PyTorch</td><td>2016</td><td>Meta</td></tr></table>"
            "<pre><code>import torch</code></pre></main><footer>Copyright</footer></body></html>"
        )
        passages = load_document(write(tmp_path, "page.htm", html))
        assert [(p.kind, p.section, p.text) for p in passages] == [
            ("prose", "", "PyTorch & TensorFlow are both popular frameworks."),
            ("table_row", "Years", "PyTorch — Release: 2016. Owner: Meta."),
            ("code", "Years", "import torch"),
        ]
        assert passages[0].title == "Page" and passages[0].url == "https://x.org/p"


class TestPlainText:
    def test_title_like_lines_are_sections(self, corpus: list[Passage]) -> None:
        sections = {p.section for p in of(corpus, TEXT_DOC)}
        assert "PyTorch, TensorFlow, and Keras Overview > Keras" in sections
        assert "TensorFlow vs Keras: Aren’t They the Same?" in sections
        assert "Future Trends (2025 and Beyond)" in sections
        assert "PyTorch vs TensorFlow vs Keras: Ecosystem & Community > PyTorch" in sections

    def test_faq_question_and_answer_stay_together(self, corpus: list[Passage]) -> None:
        faqs = [p for p in of(corpus, TEXT_DOC) if p.kind == "faq"]
        assert len(faqs) == 5
        assert "Is Keras still relevant? Yes, especially for education and rapid prototyping." in {p.text for p in faqs}
        assert all(p.section == "People Also Ask (FAQs)" for p in faqs)
        assert all(p.text.count("?") == 1 for p in faqs)

    def test_feature_table_rows_name_feature_and_each_framework(self, corpus: list[Passage]) -> None:
        rows = {p.text for p in of(corpus, TEXT_DOC) if p.kind == "table_row"}
        assert (
            "Deployment Tools — PyTorch: TorchScript, ONNX, PyTorch Mobile. Easier now than before. "
            "TensorFlow: TF Serving, TFLite, TFJS. Broadest deployment support. "
            "Keras: Relies on TensorFlow tools for deployment."
        ) in rows
        assert not any(r.startswith(("Feature", "---")) for r in rows)

    def test_broken_table_row_is_rejoined(self, corpus: list[Passage]) -> None:
        (row,) = [p for p in of(corpus, TEXT_DOC) if p.kind == "table_row" and p.text.startswith("Performance")]
        assert row.text == (
            "Performance — PyTorch: Fast and improving, especially with torch.compile(). "
            "TensorFlow: Highly optimized, especially for deployment and large-scale training. "
            "Keras: Performs well, but not as flexible for optimization."
        )
        assert not any(p.text.startswith("Highly optimized") for p in of(corpus, TEXT_DOC))

    def test_table_rows_carry_their_cells(self, corpus: list[Passage]) -> None:
        row = next(p for p in of(corpus, TEXT_DOC) if p.kind == "table_row" and p.meta["feature"] == "Execution Model")
        assert row.meta["cells"] == {
            "PyTorch": "Eager execution by default. Makes debugging intuitive.",
            "TensorFlow": "Graph-based by default, but supports eager execution.",
            "Keras": "Uses TensorFlow backend, so inherits its execution model.",
        }

    def test_use_case_table(self, corpus: list[Passage]) -> None:
        rows = [p.text for p in of(corpus, TEXT_DOC) if p.kind == "table_row" and "recommended framework" in p.text]
        assert len(rows) == 6
        assert "Mobile and Edge AI: recommended framework TensorFlow (TFLite)." in rows

    def test_bullets_under_a_heading_form_a_list(self, corpus: list[Passage]) -> None:
        (pytorch,) = [
            p
            for p in of(corpus, TEXT_DOC)
            if p.kind == "list" and p.section == "PyTorch vs TensorFlow vs Keras: Ecosystem & Community > PyTorch"
        ]
        assert pytorch.text.startswith("HuggingFace and OpenAI use PyTorch.")
        assert "- " not in pytorch.text

    def test_line_cut_mid_sentence_is_rejoined(self, corpus: list[Passage]) -> None:
        assert "torch.compile() have introduced just-in-time (JIT) compilation" in joined(of(corpus, TEXT_DOC))

    def test_closing_boilerplate_dropped(self, corpus: list[Passage]) -> None:
        text = joined(of(corpus, TEXT_DOC))
        assert "Stay ahead of the curve" not in text
        assert "Drop your questions in the comments" not in text

    def test_hard_wrapped_paragraphs_are_rejoined(self, tmp_path: Path) -> None:
        text = (
            "Notes\n\nTensorFlow is an open-source library developed by Google. It is\n"
            "a symbolic math library used for machine learning applications.\n"
            "TensorFlow offers a comprehensive ecosystem of community\n"
            "resources, libraries, and tools for deploying machine learning\n"
            "applications in production settings across many platforms.\n\n"
            "Is Keras still a good choice for beginners in deep learning?\n"
            "Yes, it is still a very good choice for beginners today.\n"
        )
        passages = load_document(write(tmp_path, "notes.txt", text))
        assert passages[0].section == "Notes"
        assert passages[-1].section == "Is Keras still a good choice for beginners in deep learning?"
        assert "It is a symbolic math library" in joined(passages)
        assert "ecosystem of community resources, libraries, and tools for deploying machine learning applications" in (
            joined(passages)
        )
        assert "prototyping. Is Keras" not in joined(passages)


class TestGluedTable:
    EXPECTED = (
        "Language | Python | C++, Python | Python",
        "Ease of use | High, designed for fast experimentation with deep neural networks"
        " | Medium, steep learning curve for beginners | High, with a reputation for simplicity and flexibility",
        "Backend Support | TensorFlow, Theano, CNTK | TensorFlow, Keras | PyTorch",
        "Memory Management | Handles low-level computations with another library called the Backend"
        " | Efficient memory usage | Efficient memory usage, with dynamic computational graphs",
        "Notable Features | Modularity, User-friendly, Extensible"
        " | Scalable production and deployment options, Multiple abstraction levels, Android support"
        " | Simplicity, Flexibility, Dynamic computational graphs",
    )

    def rows(self, corpus: list[Passage]) -> list[Passage]:
        return [p for p in of(corpus, TOPD_DOC) if p.kind == "table_row"]

    def test_rows_split_into_feature_and_three_cells(self, corpus: list[Passage]) -> None:
        rows = [p.meta["row"] for p in self.rows(corpus)]
        assert len(rows) == 8
        assert all(row.count(" | ") == 3 for row in rows)
        for expected in self.EXPECTED:
            assert expected in rows

    def test_columns_come_from_the_document(self, corpus: list[Passage]) -> None:
        backend = next(p for p in self.rows(corpus) if p.meta["feature"] == "Backend Support")
        assert backend.meta["cells"] == {
            "Keras": "TensorFlow, Theano, CNTK",
            "TensorFlow": "TensorFlow, Keras",
            "PyTorch": "PyTorch",
        }

    def test_row_text(self, corpus: list[Passage]) -> None:
        texts = {p.text for p in self.rows(corpus)}
        assert (
            "Backend Support — Keras: TensorFlow, Theano, CNTK. TensorFlow: TensorFlow, Keras. PyTorch: PyTorch."
            in texts
        )
        assert "Language — Keras: Python. TensorFlow: C++, Python. PyTorch: Python." in texts

    def test_page_chrome_dropped(self, corpus: list[Passage]) -> None:
        text = joined(of(corpus, TOPD_DOC))
        for junk in (
            "Table of Content",
            "Leave a Comment",
            "Your email address",
            "Blog Banner",
            "AWS Solution",
            "Learning Mode",
        ):
            assert junk not in text, junk
        assert not any(p.text.startswith("What is Deep Learning?") for p in of(corpus, TOPD_DOC))

    def test_sentences_after_the_comment_form_are_still_read(self, tmp_path: Path) -> None:
        text = (CORPUS / f"{TOPD_DOC}.txt").read_text(encoding="utf-8") + "\nExtra paragraph about ONNX export.\n"
        meta = {"title": "Keras vs TensorFlow vs PyTorch : All You Need To Know", "site": "TopD Learning"}
        passages = load_document(write(tmp_path, f"{TOPD_DOC}.txt", text), meta)
        assert passages[-1].text == "Extra paragraph about ONNX export."
        assert passages[-1].section == ""
        assert "AWS Solution" not in joined(passages)

    def test_sections(self, corpus: list[Passage]) -> None:
        by_text = {p.text[:30]: p.section for p in of(corpus, TOPD_DOC)}
        assert by_text["Keras is a high-level neural n"] == "What is Keras?"
        assert by_text["Discover the key differences b"] == ""


class TestMarkdown:
    def test_heading_sections(self, corpus: list[Passage]) -> None:
        sections = {p.section for p in of(corpus, MARKDOWN_DOC)}
        assert {"TensorFlow > Pros", "PyTorch > Cons", "Comparison > When to Use Keras"} <= sections

    def test_overview_table_rows(self, corpus: list[Passage]) -> None:
        rows = [p.text for p in of(corpus, MARKDOWN_DOC) if p.kind == "table_row"]
        assert rows == [
            "TensorFlow — Release: 2015. Main Owner: Google. Primary Use Case: Production deployment.",
            "PyTorch — Release: 2016. Main Owner: Facebook. Primary Use Case: Research and experimentation.",
            "Keras — Release: 2015. Main Owner: François Chollet. Primary Use Case: Rapid prototyping.",
        ]

    def test_code_fences_are_separate_code_passages(self, corpus: list[Passage]) -> None:
        code = [p for p in of(corpus, MARKDOWN_DOC) if p.kind == "code"]
        assert [p.section for p in code] == ["TensorFlow > Example", "PyTorch > Example", "Keras > Example"]
        assert code[0].text.startswith("import tensorflow as tf\n")
        assert all(p.meta.get("language") == "python" for p in code)

    def test_images_dropped_and_recommendations_kept(self, corpus: list[Passage]) -> None:
        text = joined(of(corpus, MARKDOWN_DOC))
        assert "illustration" not in text and ".jpg" not in text
        assert "For beginners: Start with Keras for quick wins" in text
        assert "Reading time" not in text

    def test_code_fence_in_user_markdown(self, tmp_path: Path) -> None:
        md = "# Guide\n\nPyTorch is simple to start with.\n\n```python\nimport torch\nx = 1\n```\n\nAfter the code.\n"
        passages = load_document(write(tmp_path, "guide.md", md))
        assert [p.kind for p in passages] == ["prose", "code", "prose"]
        assert passages[0].title == "Guide"


class TestYamlAnswer:
    def test_literal_newlines_gone(self, corpus: list[Passage]) -> None:
        text = joined(of(corpus, YAML_DOC))
        assert "\\n" not in text and "###" not in text

    def test_labelled_bullets_are_passages_with_sections(self, corpus: list[Passage]) -> None:
        passages = of(corpus, YAML_DOC)
        backend = next(p for p in passages if p.text.startswith("Multi-Backend Support:"))
        assert backend.section == "Keras"
        assert backend.kind == "list"
        assert backend.text.startswith(
            "Multi-Backend Support: Keras can run on top of multiple backends, including TensorFlow, Theano, and CNTK."
        )
        assert {p.section for p in passages} >= {"Keras", "TensorFlow", "PyTorch", "Summary of Differences"}

    def test_question_pairs_with_the_intro(self, corpus: list[Passage]) -> None:
        first = of(corpus, YAML_DOC)[0]
        assert first.text.startswith("How do Keras, TensorFlow, and PyTorch differ")
        assert "Here’s a detailed comparison" in first.text


class TestMojibake:
    @pytest.mark.parametrize("marker", ["â€", "√ß", "Ã", "\ufffd"])
    def test_no_mojibake_anywhere(self, corpus: list[Passage], marker: str) -> None:
        assert not [p.id for p in corpus if marker in p.text or marker in p.section]

    def test_names_repaired(self, corpus: list[Passage]) -> None:
        assert "François Chollet" in joined(of(corpus, MARKDOWN_DOC))
        assert "Here’s a detailed comparison" in joined(of(corpus, YAML_DOC))


class TestCodeNeverInProse:
    def test_no_code_in_prose_passages(self, corpus: list[Passage]) -> None:
        for p in corpus:
            if p.kind != "code":
                assert "import " not in p.text and "model.fit(" not in p.text and "\n" not in p.text, p.id


class TestSizing:
    def test_long_paragraph_split_at_sentence_ends(self, tmp_path: Path) -> None:
        sentence = "Keras vs. PyTorch is a common question for teams choosing a framework in {n} projects."
        text = " ".join(sentence.format(n=n) for n in range(20))
        passages = load_document(write(tmp_path, "long.txt", text + "\n"))
        assert len(passages) > 1
        assert " ".join(p.text for p in passages) == text
        for p in passages:
            assert len(p.text) <= MAX_CHARS
            assert p.text.startswith("Keras vs. PyTorch") and p.text.endswith("projects.")


class TestErrors:
    def test_undecodable_file_names_file_and_line(self, tmp_path: Path) -> None:
        path = write(tmp_path, "bad.txt", b"Keras is fine here.\n\xc3\x28 broken\n")
        with pytest.raises(CorpusError, match=r"bad\.txt.*UTF-8.*line 2"):
            load_document(path)

    def test_empty_file(self, tmp_path: Path) -> None:
        with pytest.raises(CorpusError, match=r"empty\.txt"):
            load_document(write(tmp_path, "empty.txt", "  \n\n"))

    def test_file_without_usable_text(self, tmp_path: Path) -> None:
        with pytest.raises(CorpusError, match=r"nav\.html.*no text"):
            load_document(write(tmp_path, "nav.html", "<html><body><nav><a href='/'>Home</a></nav></body></html>"))

    def test_malformed_front_matter_names_file_and_line(self, tmp_path: Path) -> None:
        path = write(tmp_path, "fm.md", "---\ntitle: ok\ndate: [unclosed\nurl: /x\n---\nBody text here.\n")
        with pytest.raises(
            CorpusError, match=r"fm\.md: malformed YAML front matter at line 4.*flow sequence at line 3"
        ):
            load_document(path)

    def test_front_matter_frameworks_tag_every_passage(self, tmp_path: Path) -> None:
        """A team's document says what it is about; the advisor then answers about those frameworks."""
        text = "---\ntitle: Notes\nframeworks: [MXNet, Gluon]\n---\n# Notes\n\nIt is fast.\n\n## More\n\nIt scales.\n"
        passages = load_document(write(tmp_path, "fm.md", text))
        assert passages and all(p.frameworks == ("MXNet", "Gluon") for p in passages)

    @pytest.mark.parametrize(
        ("value", "why"),
        [
            ("{a: 1}", r"a name or a list of names"),
            ("[ok, 3]", r"a name or a list of names"),
            ("[" + "x" * 41 + "]", r"longer than 40"),
        ],
    )
    def test_bad_front_matter_frameworks_name_the_problem(self, tmp_path: Path, value: str, why: str) -> None:
        with pytest.raises(CorpusError, match=rf"fm\.md: .*{why}"):
            load_document(write(tmp_path, "fm.md", f"---\ntitle: ok\nframeworks: {value}\n---\nBody text here.\n"))

    def test_unclosed_front_matter(self, tmp_path: Path) -> None:
        with pytest.raises(CorpusError, match=r"never closed"):
            load_document(write(tmp_path, "fm.md", "---\ntitle: ok\nBody text.\n"))

    def test_malformed_sources_yaml(self, tmp_path: Path) -> None:
        write(tmp_path, "a.txt", "Keras is a high-level API for deep learning.\n")
        write(tmp_path, "sources.yaml", "a:\n  file: a.txt\n  title: [x\n")
        with pytest.raises(CorpusError, match=r"sources\.yaml.*line"):
            load_corpus(tmp_path)
