"""Access control and bounded requests of a served advisor, over raw HTTP as an attacker would send them.

Two real servers (``python -m ui``): one on ``0.0.0.0`` without a login (read-only documents), one on
loopback with ``--auth``. Events are driven through Gradio's own ``/gradio_api/queue/join`` with the
``fn_index`` the page config gives, not through the UI, so nothing the browser does is relied on.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.library import Library
from ui.access import AUTH_ENV, is_loopback, load_credentials, may_change_documents
from ui.sources import READ_ONLY

pytest_plugins = ["ui_server"]

USER, PASSWORD = "tester", "s3cret-pass"
NOTE = "# Paddle notes\n\nPaddlePaddle is a deep learning framework developed by Baidu for industry use.\n"
MB = 1_000_000


# ---------------------------------------------------------------------------------------- helpers
class Raw:
    """A bare HTTP client of one Gradio server: config, upload, queue/join + the event's result."""

    def __init__(self, url: str) -> None:
        self.http = httpx.Client(base_url=url, timeout=120)
        self.session = uuid.uuid4().hex[:11]  # one browser session: event outputs update its component state

    def fn_index(self, elem_id: str, trigger: str) -> int:
        config = self.http.get("/config").json()
        ids = {c["id"]: c.get("props", {}).get("elem_id") for c in config["components"]}
        for dep in config["dependencies"]:
            if any(ids.get(target) == elem_id and event == trigger for target, event in dep["targets"]):
                return dep["id"]
        raise LookupError(f"no {trigger} event on #{elem_id}")

    def upload(self, name: str, data: bytes) -> httpx.Response:
        return self.http.post("/gradio_api/upload", files={"files": (name, data)})

    def join(self, fn_index: int, data: list[Any]) -> httpx.Response:
        body = {"data": data, "fn_index": fn_index, "session_hash": self.session, "event_data": None}
        return self.http.post("/gradio_api/queue/join", json=body)

    def result(self) -> list[Any]:
        """The output of the event last joined (from the queue's event stream)."""
        with self.http.stream("GET", f"/gradio_api/queue/data?session_hash={self.session}") as stream:
            for line in stream.iter_lines():
                if line.startswith("data:"):
                    message = json.loads(line[5:])
                    if message.get("msg") == "process_completed":
                        assert message.get("success"), message
                        return message["output"]["data"]
        raise AssertionError("the event stream ended without a result")

    def sources(self) -> list[dict[str, Any]]:
        event = self.http.post("/gradio_api/call/sources", json={"data": []})
        assert event.status_code == 200, event.text
        body = self.http.get(f"/gradio_api/call/sources/{event.json()['event_id']}").text
        return json.loads(re.search(r"^data: (.*)$", body, re.M).group(1))[0]


def file_data(path: str, name: str) -> dict[str, Any]:
    return {"path": path, "orig_name": name, "meta": {"_type": "gradio.FileData"}}


def fields(listed: list[dict[str, Any]]) -> Iterator[tuple[str, str]]:
    for source in listed:
        for key, value in source.items():
            yield key, value if isinstance(value, str) else json.dumps(value)


def assert_no_server_paths(listed: list[dict[str, Any]], *paths: Path) -> None:
    """No ``original_path``, no field naming a file or folder of this machine (a page URL may be relative)."""
    found = list(fields(listed))
    assert "original_path" not in {key for key, _ in found}
    for key, value in found:
        assert not (value.startswith("/") and key != "url"), f"{key}={value!r}: an absolute path leaked"
        assert not (value.startswith("/") and Path(value).exists()), f"{key}={value!r} names a file on the server"
        assert not any(str(path) in value for path in paths)


# ---------------------------------------------------------------------------------------- servers
@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A server on 0.0.0.0 without a login, with one document added beforehand from a private path."""
    from ui_server import start_server, stop_server

    work = tmp_path_factory.mktemp("public")
    private = work / "private-folder" / "paddle.md"
    private.parent.mkdir()
    private.write_text(NOTE, encoding="utf-8")
    library = Library(work / "data")
    prepared = library.prepare(private, [])
    library.commit([prepared.document], [prepared])
    uploads = work / "gradio-uploads"
    server = start_server(work, ["--host", "0.0.0.0"], {"GRADIO_TEMP_DIR": str(uploads)})
    try:
        yield {"server": server, "work": work, "doc": prepared.document, "private": private, "uploads": uploads}
    finally:
        stop_server(server.process)


@pytest.fixture(scope="module")
def guarded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A loopback server that requires a login (given through ASSISTANT_AUTH)."""
    from ui_server import start_server, stop_server

    work = tmp_path_factory.mktemp("guarded")
    uploads = work / "gradio-uploads"
    server = start_server(work, [], {AUTH_ENV: f"{USER}:{PASSWORD}", "GRADIO_TEMP_DIR": str(uploads)})
    try:
        yield {"server": server, "work": work, "uploads": uploads}
    finally:
        stop_server(server.process)


# ------------------------------------------------------------------------------------------ tests
class TestHelpers:
    @pytest.mark.parametrize(
        ("host", "loopback"),
        [("127.0.0.1", True), ("127.0.0.2", True), ("::1", True), ("[::1]", True), ("localhost", True),
         ("0.0.0.0", False), ("::", False), ("192.168.1.5", False), ("example.org", False)],
    )  # fmt: skip
    def test_loopback(self, host: str, loopback: bool) -> None:
        assert is_loopback(host) is loopback
        assert may_change_documents(host, False, []) is loopback
        assert may_change_documents(host, False, [(USER, PASSWORD)]) is True

    def test_a_share_link_is_never_loopback(self) -> None:
        assert may_change_documents("127.0.0.1", True, []) is False

    def test_credentials_from_flags_file_and_environment(self, tmp_path: Path) -> None:
        logins = tmp_path / "logins"
        logins.write_text("# team\nann:pw1\n\nbob:pw:with:colons\n", encoding="utf-8")
        found = load_credentials(["me:x"], logins, {AUTH_ENV: "eve:1, dan:2"})
        assert found == [("me", "x"), ("ann", "pw1"), ("bob", "pw:with:colons"), ("eve", "1"), ("dan", "2")]

    @pytest.mark.parametrize("bad", ["nopassword", ":pw", "user:", " : "])
    def test_malformed_credentials_stop_serve_with_the_reason(self, bad: str) -> None:
        result = CliRunner().invoke(app, ["serve", "--auth", bad])
        assert result.exit_code == 2 and "--auth: expected USER:PASS" in result.output

    def test_an_unreadable_auth_file_stops_serve(self, tmp_path: Path) -> None:
        result = CliRunner().invoke(app, ["serve", "--auth-file", str(tmp_path / "missing")])
        assert result.exit_code == 2 and "cannot read it" in result.output


@pytest.mark.slow
class TestPublicWithoutLogin:
    def test_start_warns_that_it_is_exposed(self, public) -> None:
        log = public["server"].log.read_text(errors="replace")
        assert "warning: serving on 0.0.0.0, reachable from other machines without a login" in log

    def test_add_is_refused_on_the_server(self, public) -> None:
        raw = Raw(public["server"].url)
        assert raw.upload("evil.md", NOTE.encode()).status_code == 413, "a read-only server takes no uploads"
        planted = public["uploads"] / "0123abcd" / "evil.md"  # as if uploaded before: the handler still refuses
        planted.parent.mkdir(parents=True, exist_ok=True)
        planted.write_text("# Evil\n\nEvilNet is the best deep learning framework for everything.\n", "utf-8")
        before = raw.sources()
        assert raw.join(raw.fn_index("upload", "upload"), [[file_data(str(planted), "evil.md")]]).status_code == 200
        status = raw.result()[0]
        assert "Read-only" in status
        assert raw.sources() == before
        assert [d.id for d in Library(public["work"] / "data").documents()] == [public["doc"].id]
        assert not planted.exists(), "the uploaded temp file is deleted even when refused"

    def test_remove_is_refused_on_the_server(self, public) -> None:
        raw = Raw(public["server"].url)
        doc = public["doc"]
        assert raw.join(raw.fn_index("remove", "click"), [doc.id]).status_code == 200
        assert "Read-only" in raw.result()[0]
        assert doc.id in {s["id"] for s in raw.sources()}
        assert (public["work"] / "data" / "documents" / doc.file).is_file()

    def test_the_page_says_the_sources_tab_is_read_only(self, public) -> None:
        config = Raw(public["server"].url).http.get("/config").json()
        props = {c.get("props", {}).get("elem_id"): c.get("props", {}) for c in config["components"]}
        assert props["upload"].get("interactive") is False and props["remove"].get("interactive") is False
        assert READ_ONLY.split(":")[0] in json.dumps(config, ensure_ascii=False)

    def test_sources_never_return_server_paths(self, public) -> None:
        listed = Raw(public["server"].url).sources()
        assert public["doc"].id in {s["id"] for s in listed}
        assert_no_server_paths(listed, public["private"], public["work"])

    def test_a_1_mb_history_turn_is_refused_in_under_a_second(self, public) -> None:
        """Timed over plain HTTP (``/gradio_api/call/ask``: the ``/ask`` endpoint); the client library adds its own."""
        from gradio_client import Client
        from gradio_client.exceptions import AppError

        raw = Raw(public["server"].url)
        turn = ("TensorFlow, PyTorch and Keras compared once more. " * 20_000)[:MB]
        question = "Which is best for research?"
        start = time.perf_counter()
        data = [question, [{"role": "user", "content": turn}], None]
        event = raw.http.post("/gradio_api/call/ask", json={"data": data})
        body = raw.http.get(f"/gradio_api/call/ask/{event.json()['event_id']}").text
        assert time.perf_counter() - start < 1
        assert "event: error" in body and "history[0]['content'] is 1000000 characters long; the limit" in body

        client = Client(public["server"].url, verbose=False)
        with pytest.raises(AppError, match=r"history\[0\]\['content'\] is 1000000 characters long; the limit"):
            client.predict(question, [{"role": "user", "content": turn}], api_name="/ask")
        assert client.predict("Who created Keras?", None, api_name="/ask")["answered"], "the server kept serving"

    def test_a_body_over_the_request_limit_gets_413_unread(self, public) -> None:
        raw = Raw(public["server"].url)
        response = raw.http.post("/gradio_api/call/ask", json={"data": ["Who created Keras?", ["x" * 3 * MB]]})
        assert response.status_code == 413 and "the limit is 2,000,000" in response.text


@pytest.mark.slow
class TestWithLogin:
    def test_without_a_login_nothing_is_reachable(self, guarded) -> None:
        raw = Raw(guarded["server"].url)
        assert raw.http.get("/config").status_code == 401
        assert raw.upload("evil.md", NOTE.encode()).status_code == 401
        add = raw.join(0, [[file_data(str(guarded["uploads"] / "x" / "evil.md"), "evil.md")]])
        assert add.status_code == 401, "a raw queue/join to the add event is refused without a login"
        assert raw.join(1, ["anything"]).status_code == 401
        assert raw.http.post("/gradio_api/call/sources", json={"data": []}).status_code == 401
        assert raw.http.post("/login", data={"username": USER, "password": "wrong"}).status_code >= 400
        assert not (guarded["work"] / "data" / "registry.json").exists()

    def test_logged_in_a_document_is_added_and_removed_and_its_upload_deleted(self, guarded) -> None:
        raw = Raw(guarded["server"].url)
        assert raw.http.post("/login", data={"username": USER, "password": PASSWORD}).status_code == 200
        uploaded = raw.upload("paddle.md", NOTE.encode())
        assert uploaded.status_code == 200
        [temp] = uploaded.json()
        assert raw.join(raw.fn_index("upload", "upload"), [[file_data(temp, "paddle.md")]]).status_code == 200
        status = raw.result()[0]
        assert status.startswith("Added") and "Paddle notes" in status
        [doc] = Library(guarded["work"] / "data").documents()
        listed = raw.sources()
        assert doc.id in {s["id"] for s in listed}
        assert_no_server_paths(listed, guarded["uploads"])
        assert not Path(temp).exists(), "the uploaded temp file is deleted once copied"
        assert raw.http.get(f"/gradio_api/file={temp}").status_code >= 400

        assert raw.join(raw.fn_index("remove", "click"), [doc.id]).status_code == 200
        assert raw.result()[0] == f"Removed {doc.id}."
        assert doc.id not in {s["id"] for s in raw.sources()}
        assert not list((guarded["work"] / "data" / "documents").iterdir())

    def test_a_refused_upload_names_the_file_not_its_server_path(self, guarded) -> None:
        raw = Raw(guarded["server"].url)
        raw.http.post("/login", data={"username": USER, "password": PASSWORD})
        [temp] = raw.upload("empty.md", b"   \n").json()
        raw.join(raw.fn_index("upload", "upload"), [[file_data(temp, "empty.md")]])
        status = raw.result()[0]
        assert "Nothing was added" in status and "empty.md" in status
        assert str(guarded["uploads"]) not in status and "/tmp" not in status
        assert not Path(temp).exists()


def test_large_ask_bodies_are_not_kept_per_session(tmp_path: Path) -> None:
    """60 clients, each one /ask with its own 1.9 MB history (114 MB in all): most of it is returned.

    Gradio keeps each session's last inputs; /ask drops them, or all 60 bodies stay resident (measured:
    about 140 MB of growth without that, about 40 MB with it: allocator noise and 41 kB of session each).
    In this process (fake embedder), so the server's RSS is this test's.
    """
    import psutil
    from ui_server import free_port

    from assistant import Assistant
    from tests.conftest import CORPUS, FakeEmbedder
    from ui.app import build_app

    bot = Assistant.load(embedder=FakeEmbedder(), corpus_dir=CORPUS, index_dir=tmp_path / "i", data_dir=tmp_path / "d")
    demo = build_app(bot)
    demo.queue(default_concurrency_limit=4, max_size=200)
    port = free_port()
    demo.launch(server_port=port, prevent_thread_lock=True, quiet=True)
    try:
        http = httpx.Client(base_url=f"http://127.0.0.1:{port}/", timeout=60)

        def ask(n: int) -> None:
            turn = f"{n} " + "TensorFlow, PyTorch and Keras compared. " * 47_000  # 1.9 MB
            data = ["Who?", [{"role": "user", "content": turn}], None]
            event = http.post("/gradio_api/call/ask", json={"data": data})
            assert "history turn" in http.get(f"/gradio_api/call/ask/{event.json()['event_id']}").text

        for n in range(20):  # warm up: thread pools and allocator arenas reach their working size
            ask(n)
        process = psutil.Process()
        before = process.memory_info().rss
        for n in range(60):
            ask(100 + n)
        grown = process.memory_info().rss - before
        print(f"\nRSS growth after 60 sessions of 1.9 MB: {grown / MB:.1f} MB")
        assert grown < 90 * MB
    finally:
        demo.close()
