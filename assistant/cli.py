"""The ``assistant`` command: ask, index (and serve, eval, add, remove, sources where installed)."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="The framework advisor: cited answers about TensorFlow, PyTorch and Keras.",
)

ModelOpt = Annotated[
    str | None, typer.Option("--model", help="sentence-transformers model name or local path [env ASSISTANT_MODEL]")
]
DeviceOpt = Annotated[str | None, typer.Option("--device", help="auto, cuda, mps or cpu [env ASSISTANT_DEVICE]")]
CorpusOpt = Annotated[
    Path | None, typer.Option("--corpus-dir", help="folder of documents and facts.yaml [env ASSISTANT_CORPUS_DIR]")
]
IndexOpt = Annotated[
    Path | None, typer.Option("--index-dir", help="folder for the built index [env ASSISTANT_INDEX_DIR]")
]


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
        typer.secho(f"error: {e}", fg="red", err=True)
        raise typer.Exit(2) from e


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


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="your question, in quotes")],
    json_out: Annotated[bool, typer.Option("--json", help="print the Answer as JSON")] = False,
    k: Annotated[int | None, typer.Option("--k", help="passages to consider")] = None,
    model: ModelOpt = None,
    device: DeviceOpt = None,
    corpus_dir: CorpusOpt = None,
    index_dir: IndexOpt = None,
) -> None:
    """Answer one question and print its numbered sources."""
    bot = load_assistant(progress=False, k=k, **overrides(model, device, corpus_dir, index_dir))
    try:
        answer = bot.ask(question)
    except (ValueError, TypeError) as e:
        typer.secho(f"error: {e}", fg="red", err=True)
        raise typer.Exit(2) from e
    typer.echo(answer.model_dump_json(indent=2) if json_out else render(answer))


@app.command()
def index(
    model: ModelOpt = None,
    device: DeviceOpt = None,
    corpus_dir: CorpusOpt = None,
    index_dir: IndexOpt = None,
    strict: Annotated[bool, typer.Option("--strict", help="stop at a bad document, do not skip it")] = False,
) -> None:
    """Rebuild the index and report passages and time, and any document that had to be skipped."""
    start = time.perf_counter()
    bot = load_assistant(progress=True, rebuild=True, strict=strict, **overrides(model, device, corpus_dir, index_dir))
    report = bot.last_build
    total = time.perf_counter() - start
    for problem in report.skipped:
        typer.secho(f"skipped: {problem}", fg="yellow", err=True)
    where = bot.settings.resolved_index_dir() if report.persisted else "memory only (the index folder is not writable)"
    typer.echo(
        f"indexed {report.passages} passages ({report.encoded} embedded, the rest from the cache) "
        f"in {report.seconds:.2f}s ({total:.2f}s with model load); model {bot.embedder.name} on "
        f"{getattr(bot.embedder, 'device', '?')}; index at {where}"
        + (f"; {len(report.skipped)} document(s) skipped" if report.skipped else "")
    )


@app.command()
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
        typer.Option("--auth", help="require a login USER:PASS (repeatable) [env ASSISTANT_AUTH, comma-separated]"),
    ] = None,
    auth_file: Annotated[
        Path | None, typer.Option("--auth-file", help="file of logins, one USER:PASS a line")
    ] = None,
    model: ModelOpt = None,
    device: DeviceOpt = None,
    corpus_dir: CorpusOpt = None,
    index_dir: IndexOpt = None,
) -> None:
    """Start the chat web UI (Gradio). Without a login, only a loopback-only server may change documents."""
    from ui.access import load_credentials
    from ui.app import launch

    try:
        credentials = load_credentials(auth, auth_file)
    except ValueError as e:
        typer.secho(f"error: {e}", fg="red", err=True)
        raise typer.Exit(2) from e
    settings = overrides(model, device, corpus_dir, index_dir)
    launch(host=host, port=port, share=share, credentials=credentials, **settings)


@app.command("eval")
def evaluate(
    questions: Annotated[
        Path | None, typer.Option("--questions", help="question set YAML (default: tests/questions.yaml)")
    ] = None,
    k: Annotated[int, typer.Option("--k", help="cut-off for hit@k")] = 5,
    json_path: Annotated[Path | None, typer.Option("--json", help="also write the metrics as JSON here")] = None,
    model: ModelOpt = None,
    device: DeviceOpt = None,
    corpus_dir: CorpusOpt = None,
    index_dir: IndexOpt = None,
) -> None:
    """Run the question set: metrics, per-category breakdown, failures and the retrieval ablation."""
    from .evaluate import run_cli

    run_cli(questions=questions, k=k, json_path=json_path, **overrides(model, device, corpus_dir, index_dir))


DataOpt = Annotated[
    Path | None, typer.Option("--data-dir", help="folder of your added documents [env ASSISTANT_DATA_DIR]")
]


def _library_assistant(  # noqa: ANN202
    model: str | None, device: str | None, corpus_dir: Path | None, index_dir: Path | None, data_dir: Path | None
):
    return load_assistant(progress=True, data_dir=data_dir, **overrides(model, device, corpus_dir, index_dir))


@app.command()
def add(
    paths: Annotated[list[Path], typer.Argument(help="files or folders: HTML, Markdown, text, PDF (20 MB each)")],
    model: ModelOpt = None,
    device: DeviceOpt = None,
    corpus_dir: CorpusOpt = None,
    index_dir: IndexOpt = None,
    data_dir: DataOpt = None,
) -> None:
    """Add your own documents; answers can cite them from now on (only their new passages are embedded)."""
    bot = _library_assistant(model, device, corpus_dir, index_dir, data_dir)
    before = {s.id: s for s in bot.sources() if s.origin == "user"}
    try:
        added = bot.add(paths)
    except (ValueError, OSError) as e:
        typer.secho(f"error: {e}", fg="red", err=True)
        raise typer.Exit(2) from e
    after = {s.id for s in bot.sources()}
    for info in added:
        verb = "already added" if info.id in before else "added"
        typer.echo(f"{verb} {info.id}: {info.title} ({info.date or 'undated'}, {info.passages} passages)")
    for gone in before.keys() - after:
        typer.echo(f"replaced {gone}: {before[gone].title} (an older version of a file added again)")
    report = bot.last_build
    if report is not None and len(before.keys() ^ after) > 0:
        typer.echo(f"embedded {report.encoded} new passages in {report.seconds:.2f}s; {report.passages} in the index")


@app.command()
def remove(
    source_id: Annotated[str, typer.Argument(help="id of a document you added (see: assistant sources)")],
    model: ModelOpt = None,
    device: DeviceOpt = None,
    corpus_dir: CorpusOpt = None,
    index_dir: IndexOpt = None,
    data_dir: DataOpt = None,
) -> None:
    """Remove a document you added; answers stop citing it at once."""
    bot = _library_assistant(model, device, corpus_dir, index_dir, data_dir)
    try:
        bot.remove(source_id)
    except ValueError as e:
        typer.secho(f"error: {e}", fg="red", err=True)
        raise typer.Exit(2) from e
    typer.echo(f"removed {source_id}")


@app.command()
def sources(
    json_out: Annotated[bool, typer.Option("--json", help="print the sources as JSON")] = False,
    model: ModelOpt = None,
    device: DeviceOpt = None,
    corpus_dir: CorpusOpt = None,
    index_dir: IndexOpt = None,
    data_dir: DataOpt = None,
) -> None:
    """List the sources answers come from: id, title, date, passages, and when you added it."""
    bot = _library_assistant(model, device, corpus_dir, index_dir, data_dir)
    listed = bot.sources()
    if json_out:
        typer.echo("[" + ",\n".join(s.model_dump_json() for s in listed) + "]")
        return
    for s in listed:
        added = s.added_at.strftime("%Y-%m-%d %H:%M") if s.added_at else "built-in"
        typer.echo(f"{s.id}\t{s.title}\t{s.date or 'undated'}\t{s.passages} passages\t{added}")


@app.command()
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
) -> None:
    """Check your documents' registry; restore its backup, re-list or delete copies it does not name."""
    from .config import Settings
    from .errors import AssistantError
    from .library import Library

    if prune and adopt:
        typer.secho("error: choose --adopt or --prune, not both", fg="red", err=True)
        raise typer.Exit(2)
    library = Library.for_settings(Settings(**({"data_dir": data_dir} if data_dir else {})))
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
        typer.secho(f"error: {e}", fg="red", err=True)
        raise typer.Exit(2) from e
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
