"""The ``assistant`` command: ask, index, serve, eval, add, remove, sources, feedback and repair.

Input is checked before torch or the model is imported (``precheck``, ``catalog``): a bad
question, path, source id or port fails in one line with exit status 2, in well under a second.
Commands that need no model (``sources``, ``feedback``) never load it.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from .clihelp import Command, Group

app = typer.Typer(
    cls=Group,
    add_completion=False,
    no_args_is_help=True,
    help="The framework advisor: cited answers about TensorFlow, PyTorch and Keras.",
)

ModelOpt = Annotated[
    str | None, typer.Option("--model", help="sentence-transformers model name or local path (env ASSISTANT_MODEL)")
]
DeviceOpt = Annotated[str | None, typer.Option("--device", help="auto, cuda, mps or cpu (env ASSISTANT_DEVICE)")]
CorpusOpt = Annotated[
    Path | None, typer.Option("--corpus-dir", help="folder of documents and facts.yaml (env ASSISTANT_CORPUS_DIR)")
]
IndexOpt = Annotated[
    Path | None, typer.Option("--index-dir", help="folder for the built index (env ASSISTANT_INDEX_DIR)")
]
DataOpt = Annotated[
    Path | None, typer.Option("--data-dir", help="folder of your added documents (env ASSISTANT_DATA_DIR)")
]
VerboseOpt = Annotated[
    bool, typer.Option("--verbose", "-v", help="show the libraries' log lines and progress bars too")
]


def fail(message: object) -> typer.Exit:
    """Print ``error: message`` as one line on stderr; raise the returned Exit (status 2)."""
    text = " ".join(str(message).split())
    typer.secho(f"error: {text}", fg="red", err=True)
    return typer.Exit(2)


def settings_for(**kwargs: Any):  # noqa: ANN201 - pydantic Settings, imported lazily
    """Settings from flags (None = env/default); a bad value fails in one line before anything loads."""
    from pydantic import ValidationError

    from .config import Settings

    try:
        return Settings(**{k: v for k, v in kwargs.items() if v is not None})
    except ValidationError as e:
        first = e.errors()[0]
        raise fail(f"{'.'.join(map(str, first['loc']))}: {first['msg']}") from e


def overrides(model: str | None, device: str | None, corpus_dir: Path | None, index_dir: Path | None) -> dict[str, Any]:
    """CLI flags as Settings keyword arguments (None = keep env/default)."""
    return {"model": model, "device": device, "corpus_dir": corpus_dir, "index_dir": index_dir}


def load_assistant(progress: bool = True, **kwargs: Any):  # noqa: ANN201 - lazy import keeps --help fast
    """Load the Assistant, turning configuration errors into a clean CLI error."""
    from .api import Assistant
    from .errors import AssistantError

    try:
        return Assistant.load(progress=progress, **kwargs)
    except (AssistantError, ValueError, FileNotFoundError) as e:
        raise fail(e) from e


def render(answer: Any) -> str:
    """The answer text followed by its numbered sources, for a terminal."""
    lines = [answer.text, ""]
    if answer.citations:
        lines.append("Sources:")
        for c in answer.citations:
            date = f"newest source, {c.date}" if getattr(c, "newest", False) and c.date else c.date
            where = ", ".join(x for x in (c.site, date, c.url) if x)
            lines.append(
                f"[{c.marker}] {c.title}" + (f" — {c.section}" if c.section else "") + (f" ({where})" if where else "")
            )
            lines.append(f"    “{c.text}”")
    return "\n".join(lines)


@app.command(cls=Command)
def ask(
    question: Annotated[str, typer.Argument(help="your question, in quotes")],
    json_out: Annotated[bool, typer.Option("--json", help="print the Answer as JSON")] = False,
    k: Annotated[int | None, typer.Option("--k", help="passages to consider")] = None,
    source: Annotated[
        list[str] | None,
        typer.Option(
            "--source", metavar="<id>", help="answer only from this source (repeatable; ids: assistant sources)"
        ),
    ] = None,
    model: ModelOpt = None,
    device: DeviceOpt = None,
    corpus_dir: CorpusOpt = None,
    index_dir: IndexOpt = None,
    data_dir: DataOpt = None,
    verbose: VerboseOpt = False,
) -> None:
    """Answer one question and print its numbered sources."""
    from . import catalog, precheck
    from .logs import configure

    configure(verbose)
    settings = settings_for(k=k, data_dir=data_dir, **overrides(model, device, corpus_dir, index_dir))
    try:
        precheck.check_question(question, settings.max_question_chars)
        if source:
            catalog.check_known(source, settings.resolved_corpus_dir(), settings.resolved_data_dir())
    except ValueError as e:
        raise fail(e) from e
    bot = load_assistant(progress=True, k=k, data_dir=data_dir, **overrides(model, device, corpus_dir, index_dir))
    try:
        answer = bot.ask(question, sources=source or None)
    except (ValueError, TypeError) as e:
        raise fail(e) from e
    typer.echo(answer.model_dump_json(indent=2) if json_out else render(answer))


@app.command(cls=Command)
def index(
    model: ModelOpt = None,
    device: DeviceOpt = None,
    corpus_dir: CorpusOpt = None,
    index_dir: IndexOpt = None,
    strict: Annotated[bool, typer.Option("--strict", help="stop at a bad document, do not skip it")] = False,
    verbose: VerboseOpt = False,
    engine: Annotated[
        str, typer.Option("--engine", help="local, or ray: ingest and embed on Ray Data (pip install '.[distributed]')")
    ] = "local",
    address: Annotated[
        str | None,
        typer.Option("--address", help="ray: cluster to join ('auto', 'ray://host:10001'); default: start Ray here"),
    ] = None,
    workers: Annotated[int | None, typer.Option("--workers", help="ray: embedding actors, one model each [2]")] = None,
    num_gpus_per_worker: Annotated[
        float | None, typer.Option("--num-gpus-per-worker", help="ray: GPUs per actor (0.5 shares a GPU) [0]")
    ] = None,
    cpus_per_worker: Annotated[
        float | None, typer.Option("--cpus-per-worker", help="ray: CPUs (torch threads) per actor [1]")
    ] = None,
) -> None:
    """Rebuild the index and report passages and time, and any document that had to be skipped."""
    from .logs import configure

    configure(verbose)
    chosen = _engine(engine, address, workers, num_gpus_per_worker, cpus_per_worker)
    start = time.perf_counter()
    bot = load_assistant(
        progress=True, rebuild=True, strict=strict, engine=chosen, **overrides(model, device, corpus_dir, index_dir)
    )
    report = bot.last_build
    total = time.perf_counter() - start
    for problem in report.skipped:
        typer.secho(f"skipped: {problem}", fg="yellow", err=True)
    where = bot.settings.resolved_index_dir() if report.persisted else "memory only (the index folder is not writable)"
    rate = report.passages / report.seconds if report.seconds else 0.0
    on = f"{report.workers} Ray worker(s)" if report.engine == "ray" else getattr(bot.embedder, "device", "?")
    typer.echo(
        f"indexed {report.passages} passages ({report.encoded} embedded, the rest from the cache) "
        f"in {report.seconds:.2f}s, {rate:.1f} passages/s ({total:.2f}s with model load); model {bot.embedder.name} "
        f"on {on}; index at {where}"
        + (f"; {len(report.skipped)} document(s) skipped" if report.skipped else "")
    )


def _engine(
    engine: str, address: str | None, workers: int | None, gpus: float | None, cpus: float | None
) -> Any:  # noqa: ANN401 - "local" or a RayEngine
    """The build engine the flags describe; a Ray flag without ``--engine ray`` is an error, not ignored."""
    from pydantic import ValidationError

    from .distributed import RayEngine

    ray_flags = {"address": address, "workers": workers, "num_gpus_per_worker": gpus, "cpus_per_worker": cpus}
    given = {k: v for k, v in ray_flags.items() if v is not None}
    if engine == "local":
        if given:
            flags = ", ".join("--" + k.replace("_", "-") for k in given)
            typer.secho(f"error: {flags} only apply with --engine ray", fg="red", err=True)
            raise typer.Exit(2)
        return "local"
    if engine != "ray":
        typer.secho(f"error: --engine is {engine!r}; use local or ray", fg="red", err=True)
        raise typer.Exit(2)
    try:
        return RayEngine(**given)
    except ValidationError as e:
        problems = "; ".join(f"--{str(err['loc'][0]).replace('_', '-')}: {err['msg']}" for err in e.errors())
        typer.secho(f"error: {problems}", fg="red", err=True)
        raise typer.Exit(2) from e


@app.command(cls=Command)
def serve(
    host: Annotated[
        str, typer.Option("--host", help="interface to bind; 0.0.0.0 exposes it on your network")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="port (default: 7860)")] = 7860,
    share: Annotated[
        bool, typer.Option("--share/--no-share", help="create a public Gradio share link (off by default)")
    ] = False,
    auth: Annotated[
        list[str] | None,
        typer.Option("--auth", help="require a login USER:PASS (repeatable; env ASSISTANT_AUTH, comma-separated)"),
    ] = None,
    auth_file: Annotated[
        Path | None, typer.Option("--auth-file", help="file of logins, one USER:PASS a line")
    ] = None,
    model: ModelOpt = None,
    device: DeviceOpt = None,
    corpus_dir: CorpusOpt = None,
    index_dir: IndexOpt = None,
    verbose: VerboseOpt = False,
) -> None:
    """Start the chat web UI (Gradio). Without a login, only a loopback-only server may change documents."""
    from ui.access import load_credentials

    from .logs import configure
    from .precheck import check_port

    configure(verbose)
    try:
        credentials = load_credentials(auth, auth_file)
        check_port(host, port)
    except ValueError as e:
        raise fail(e) from e
    from ui.app import launch

    settings = overrides(model, device, corpus_dir, index_dir)
    try:
        launch(host=host, port=port, share=share, credentials=credentials, **settings)
    except OSError as e:  # the port was taken between the check and the start
        raise fail(f"cannot serve on {host} port {port}: {e}; choose another with --port") from e


@app.command("eval", cls=Command)
def evaluate(
    questions: Annotated[
        Path | None, typer.Option("--questions", help="question set YAML (default: tests/questions.yaml)")
    ] = None,
    k: Annotated[int, typer.Option("--k", help="cut-off for hit@k")] = 5,
    json_path: Annotated[Path | None, typer.Option("--json", help="also write the metrics as JSON here")] = None,
    with_my_documents: Annotated[
        bool,
        typer.Option("--with-my-documents", help="include the documents you added (default: reference corpus only)"),
    ] = False,
    model: ModelOpt = None,
    device: DeviceOpt = None,
    corpus_dir: CorpusOpt = None,
    index_dir: IndexOpt = None,
    data_dir: DataOpt = None,
    verbose: VerboseOpt = False,
) -> None:
    """Run the question set: metrics, per-category breakdown, failures and the retrieval ablation."""
    from .evaluate import run_cli
    from .logs import configure

    configure(verbose)
    run_cli(
        questions=questions,
        k=k,
        json_path=json_path,
        user_documents=with_my_documents,
        data_dir=data_dir,
        **overrides(model, device, corpus_dir, index_dir),
    )


def _library_assistant(  # noqa: ANN202
    model: str | None, device: str | None, corpus_dir: Path | None, index_dir: Path | None, data_dir: Path | None
):
    return load_assistant(progress=True, data_dir=data_dir, **overrides(model, device, corpus_dir, index_dir))


@app.command(cls=Command)
def add(
    paths: Annotated[list[Path], typer.Argument(help="files or folders: HTML, Markdown, text, PDF (20 MB each)")],
    model: ModelOpt = None,
    device: DeviceOpt = None,
    corpus_dir: CorpusOpt = None,
    index_dir: IndexOpt = None,
    data_dir: DataOpt = None,
    verbose: VerboseOpt = False,
) -> None:
    """Add your own documents; answers can cite them from now on (only their new passages are embedded)."""
    from .logs import configure
    from .precheck import check_paths

    configure(verbose)
    try:
        check_paths(paths)
    except ValueError as e:
        raise fail(e) from e
    bot = _library_assistant(model, device, corpus_dir, index_dir, data_dir)
    before = {s.id: s for s in bot.sources() if s.origin == "user"}
    try:
        added = bot.add(paths)
    except (ValueError, OSError) as e:
        raise fail(e) from e
    after = {s.id for s in bot.sources()}
    for info in added:
        verb = "already added" if info.id in before else "added"
        typer.echo(f"{verb} {info.id}: {info.title} ({info.date or 'undated'}, {info.passages} passages)")
    for gone in before.keys() - after:
        typer.echo(f"replaced {gone}: {before[gone].title} (an older version of a file added again)")
    report = bot.last_build
    if report is not None and len(before.keys() ^ after) > 0:
        typer.echo(f"embedded {report.encoded} new passages in {report.seconds:.2f}s; {report.passages} in the index")


@app.command(cls=Command)
def remove(
    source_id: Annotated[str, typer.Argument(help="id of a document you added (see: assistant sources)")],
    model: ModelOpt = None,
    device: DeviceOpt = None,
    corpus_dir: CorpusOpt = None,
    index_dir: IndexOpt = None,
    data_dir: DataOpt = None,
    verbose: VerboseOpt = False,
) -> None:
    """Remove a document you added; answers stop citing it at once."""
    from .catalog import check_removable
    from .logs import configure

    configure(verbose)
    settings = settings_for(data_dir=data_dir, **overrides(model, device, corpus_dir, index_dir))
    try:
        check_removable(source_id, settings.resolved_corpus_dir(), settings.resolved_data_dir())
    except ValueError as e:
        raise fail(e) from e
    bot = _library_assistant(model, device, corpus_dir, index_dir, data_dir)
    try:
        bot.remove(source_id)
    except ValueError as e:
        raise fail(e) from e
    typer.echo(f"removed {source_id}")


@app.command(cls=Command)
def sources(
    json_out: Annotated[bool, typer.Option("--json", help="print the sources as JSON")] = False,
    model: ModelOpt = None,
    device: DeviceOpt = None,
    corpus_dir: CorpusOpt = None,
    index_dir: IndexOpt = None,
    data_dir: DataOpt = None,
    verbose: VerboseOpt = False,
) -> None:
    """List the sources answers come from: id, title, date, passages, and when you added it."""
    from .catalog import stored_sources
    from .logs import configure

    configure(verbose)
    settings = settings_for(data_dir=data_dir, **overrides(model, device, corpus_dir, index_dir))
    try:
        listed = stored_sources(
            settings.resolved_index_dir(), settings.resolved_corpus_dir(), settings.resolved_data_dir(), settings.model
        )
    except (ValueError, OSError) as e:
        raise fail(e) from e
    if listed is None:  # no current index to read: loading the assistant builds it
        listed = _library_assistant(model, device, corpus_dir, index_dir, data_dir).sources()
    if json_out:
        typer.echo("[" + ",\n".join(s.model_dump_json() for s in listed) + "]")
        return
    rows = [
        [
            s.id,
            s.title,
            s.date or "undated",
            str(s.passages),
            f"{s.added_at:%Y-%m-%d %H:%M}" if s.added_at else "built-in",
        ]
        for s in listed
    ]
    typer.echo(table(["ID", "TITLE", "DATE", "PASSAGES", "ADDED"], rows, right={3}))


@app.command(cls=Command)
def feedback(
    export: Annotated[
        Path | None,
        typer.Option("--export", help="write disliked answers to this new file as question-set items to fill in"),
    ] = None,
    data_dir: DataOpt = None,
    verbose: VerboseOpt = False,
) -> None:
    """List the votes given to answers in the chat UI, or export the disliked ones as test questions."""
    from .feedback import current_votes, export_yaml, feedback_path, question_items, read_votes
    from .logs import configure

    configure(verbose)
    path = feedback_path(settings_for(data_dir=data_dir).resolved_data_dir())
    votes, problems = read_votes(path)
    for problem in problems:
        typer.secho(f"warning: {problem}", fg="yellow", err=True)
    if export is not None:
        if export.exists():
            raise fail(f"{export} already exists: name a new file (review its items, then append them to the set)")
        items = question_items(votes)
        try:
            export.write_text(export_yaml(votes), encoding="utf-8")
        except OSError as e:
            raise fail(f"cannot write {export}: {e.strerror or e}") from e
        typer.echo(
            f"wrote {len(items)} question item(s) from disliked answers to {export}; fill in the expected fields"
        )
        return
    latest = current_votes(votes)
    if not latest:
        typer.echo(f"no votes yet: like or dislike answers in the chat UI (assistant serve); they are kept in {path}")
        return
    rows = [
        [v.time.astimezone().strftime("%Y-%m-%d %H:%M"), v.vote, _short(v.question, 60), _short(v.comment or "", 40)]
        for v in latest
    ]
    typer.echo(table(["TIME", "VOTE", "QUESTION", "COMMENT"], rows))
    likes = sum(v.vote == "like" for v in latest)
    typer.echo(f"\n{likes} liked, {len(latest) - likes} disliked (the latest vote on each answer), from {path}")


def _short(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def table(header: list[str], rows: list[list[str]], right: set[int] = frozenset(), width: int = 76) -> str:
    """Columns padded to their widest cell (a header row first); over-long cells are shortened with "…"."""
    cells = [header] + [[_short(c, width) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]

    def line(row: list[str]) -> str:
        parts = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        return "  ".join(parts).rstrip()

    return "\n".join(line(row) for row in cells)


@app.command(cls=Command)
def repair(
    restore: Annotated[
        bool, typer.Option("--restore", help="put back the registry backup (registry.json.bak)")
    ] = False,
    adopt: Annotated[
        bool, typer.Option("--adopt", help="list stored copies the registry does not name again")
    ] = False,
    prune: Annotated[
        bool, typer.Option("--prune", help="delete stored copies the registry does not name")
    ] = False,
    data_dir: DataOpt = None,
    verbose: VerboseOpt = False,
) -> None:
    """Check your documents' registry; restore its backup, re-list or delete copies it does not name."""
    from .errors import AssistantError
    from .library import Library
    from .logs import configure

    configure(verbose)
    if prune and adopt:
        raise fail("choose --adopt or --prune, not both")
    library = Library.for_settings(settings_for(data_dir=data_dir))
    try:
        if restore:
            docs = library.restore()
            typer.echo(f"restored {library.registry_path} from its backup: {len(docs)} documents")
        if adopt:
            adopted = library.adopt()
            typer.echo(f"re-listed {len(adopted)} stored document(s): " + ", ".join(d.id for d in adopted))
        if prune:
            deleted = library.prune()
            typer.echo(f"deleted {len(deleted)} stored copies no entry named: " + ", ".join(p.name for p in deleted))
        docs = library.documents()
    except AssistantError as e:
        raise fail(e) from e
    orphans = library.orphans(docs)
    typer.echo(f"registry {library.registry_path}: {len(docs)} documents")
    if orphans:
        typer.echo(
            f"{len(orphans)} stored copies are not in the registry: " + ", ".join(p.name for p in orphans)
            + "\n(--adopt lists them again, --prune deletes them)"
        )
    missing = [d.id for d in docs if not library.path_of(d).is_file()]
    if missing:
        typer.echo(f"{len(missing)} entries have lost their stored copy: {', '.join(missing)} (remove them)")


def main() -> None:
    """Entry point of the ``assistant`` script."""
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
