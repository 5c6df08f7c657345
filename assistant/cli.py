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

from .clihelp import Command, Common, Group, common, fail, render, reported, table, trimmed
from .cliopts import (
    AddressOpt,
    AuthFileOpt,
    AuthOpt,
    CpusOpt,
    EngineOpt,
    GpusOpt,
    HostOpt,
    PortOpt,
    ShareOpt,
    StrictOpt,
    WorkersOpt,
)

app = typer.Typer(
    cls=Group,
    add_completion=False,
    no_args_is_help=True,
    help="The framework advisor: cited answers about TensorFlow, PyTorch and Keras.",
)

@app.command(cls=Command)
@common()
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
    *,
    opts: Common,
) -> None:
    """Answer one question and print its numbered sources."""
    from . import catalog, precheck

    settings = opts.settings(k=k)
    with reported():
        precheck.check_question(question, settings.max_question_chars)
        if source:
            catalog.check_known(source, settings.resolved_corpus_dir(), settings.resolved_data_dir())
    bot = opts.assistant(k=k)
    with reported(TypeError):
        answer = bot.ask(question, sources=source or None)
    typer.echo(answer.model_dump_json(indent=2) if json_out else render(answer))


@app.command(cls=Command)
@common()
def index(
    strict: StrictOpt = False,
    engine: EngineOpt = "local",
    address: AddressOpt = None,
    workers: WorkersOpt = None,
    num_gpus_per_worker: GpusOpt = None,
    cpus_per_worker: CpusOpt = None,
    *,
    opts: Common,
) -> None:
    """Rebuild the index and report passages and time, and any document that had to be skipped."""
    chosen = _engine(engine, address, workers, num_gpus_per_worker, cpus_per_worker)
    start = time.perf_counter()
    bot = opts.assistant(rebuild=True, strict=strict, engine=chosen)
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
    from .errors import validation_messages

    ray_flags = {"address": address, "workers": workers, "num_gpus_per_worker": gpus, "cpus_per_worker": cpus}
    given = {k: v for k, v in ray_flags.items() if v is not None}
    if engine == "local":
        if given:
            flags = ", ".join("--" + k.replace("_", "-") for k in given)
            raise fail(f"{flags} only apply with --engine ray")
        return "local"
    if engine != "ray":
        raise fail(f"--engine is {engine!r}; use local or ray")
    try:
        return RayEngine(**given)
    except ValidationError as e:
        raise fail("; ".join(f"--{m.replace('_', '-')}" for m in validation_messages(e))) from e


@app.command(cls=Command)
@common()
def serve(
    host: HostOpt = "127.0.0.1",
    port: PortOpt = 7860,
    share: ShareOpt = False,
    auth: AuthOpt = None,
    auth_file: AuthFileOpt = None,
    *,
    opts: Common,
) -> None:
    """Start the chat web UI (Gradio). Without a login, only a loopback-only server may change documents."""
    from ui.access import load_credentials

    from .precheck import check_port

    with reported():
        credentials = load_credentials(auth, auth_file)
        check_port(host, port)
    from .logs import configure
    from .preload import import_model_library, load_assistant

    opts.settings()  # a bad flag fails here, before anything loads
    configure()
    loading = load_assistant(**opts.overrides())  # model and index load while Gradio is imported
    import_model_library()
    from ui.app import launch

    try:
        launch(host=host, port=port, share=share, credentials=credentials, loading=loading, **opts.overrides())
    except Exception as e:
        if e is loading.error:  # the load failed: one ``error:`` line as ``ask`` gives; a bug keeps its traceback
            with reported(FileNotFoundError):
                raise
        if isinstance(e, OSError):  # the port was taken between the check and the start
            raise fail(f"cannot serve on {host} port {port}: {e}; choose another with --port") from e
        raise


@app.command("eval", cls=Command)
@common()
def evaluate(
    questions: Annotated[
        Path | None,
        typer.Option("--questions", help="question set YAML (default: the repository's tests/questions.yaml)"),
    ] = None,
    k: Annotated[int, typer.Option("--k", help="cut-off for hit@k")] = 5,
    json_path: Annotated[Path | None, typer.Option("--json", help="also write the metrics as JSON here")] = None,
    with_my_documents: Annotated[
        bool,
        typer.Option("--with-my-documents", help="include the documents you added (default: reference corpus only)"),
    ] = False,
    *,
    opts: Common,
) -> None:
    """Run the question set: metrics, per-category breakdown, failures and the retrieval ablation.

    The set is written for the reference corpus, so the user's own documents are left out unless
    ``--with-my-documents``; the report says which corpus was measured.
    """
    import json

    from . import evalreport
    from . import evaluate as ev

    path = questions or ev.DEFAULT_QUESTIONS
    if questions is None and not path.is_file():
        raise fail(f"no question set at {path} (it ships with the repository, not the package); pass --questions")
    with reported():
        items = ev.load_questions(path)
    if k < 1:
        raise fail(f"--k must be at least 1, got {k}")
    bot = opts.assistant(user_documents=with_my_documents)
    user_documents = with_my_documents
    corpus_note = evalreport.corpus_note(bot, user_documents)
    stale = evalreport.stale_gold(items, [p.text for p in bot.passages])
    if stale:
        typer.secho("warning: gold phrases found in no passage:\n  " + "\n  ".join(stale), fg="yellow", err=True)
    reports = {m: ev.evaluate(bot, items, k=k, mode=m, progress=True, desc=f"eval {m}") for m in evalreport.modes()}
    main = reports["hybrid"]
    held_out = None
    if questions is None and ev.TEST_QUESTIONS.is_file():  # the shipped set: the held-out split is reported apart
        held_out = ev.evaluate(bot, ev.load_questions(ev.TEST_QUESTIONS), k=k, progress=True, desc="eval test split")
    typer.echo(f"Corpus: {corpus_note}\n")
    typer.echo(("Dev split (tuned on):\n" if held_out else "") + evalreport.format_report(main, reports))
    if held_out is not None:
        typer.echo("\n\nTest split (held out, never tuned on):\n" + evalreport.format_report(held_out, {}))
    if json_path is not None:
        data = {"corpus": corpus_note, "user_documents": user_documents, **evalreport.report_json(main, reports)}
        if held_out is not None:
            data["test"] = evalreport.report_json(held_out, {})
        json_path.write_text(json.dumps(data, indent=2, default=str), encoding="utf-8")
        typer.echo(f"\nwrote {json_path}")


@app.command(cls=Command)
@common()
def add(
    paths: Annotated[list[Path], typer.Argument(help="files or folders: HTML, Markdown, text, PDF (20 MB each)")],
    *,
    opts: Common,
) -> None:
    """Add your own documents; answers can cite them from now on (only their new passages are embedded)."""
    from .precheck import check_paths

    with reported():
        check_paths(paths)
    bot = opts.assistant()
    before = {s.id: s for s in bot.sources() if s.origin == "user"}
    with reported():
        added = bot.add(paths)
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
@common()
def remove(
    source_id: Annotated[str, typer.Argument(help="id of a document you added (see: assistant sources)")],
    *,
    opts: Common,
) -> None:
    """Remove a document you added; answers stop citing it at once."""
    from .catalog import check_removable

    settings = opts.settings()
    with reported():
        check_removable(source_id, settings.resolved_corpus_dir(), settings.resolved_data_dir())
    bot = opts.assistant()
    with reported():
        bot.remove(source_id)
    typer.echo(f"removed {source_id}")


@app.command(cls=Command)
@common()
def sources(
    json_out: Annotated[bool, typer.Option("--json", help="print the sources as JSON")] = False,
    *,
    opts: Common,
) -> None:
    """List the sources answers come from: id, title, date, passages, and when you added it."""
    from .catalog import stored_sources

    settings = opts.settings()
    with reported():
        listed = stored_sources(
            settings.resolved_index_dir(), settings.resolved_corpus_dir(), settings.resolved_data_dir(), settings.model
        )
    if listed is None:  # no current index to read: loading the assistant builds it
        listed = opts.assistant().sources()
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
@common("data_dir", "verbose")
def feedback(
    export: Annotated[
        Path | None,
        typer.Option("--export", help="write disliked answers to this new file as question-set items to fill in"),
    ] = None,
    *,
    opts: Common,
) -> None:
    """List the votes given to answers in the chat UI, or export the disliked ones as test questions."""
    from .feedback import current_votes, export_yaml, feedback_path, question_items, read_votes

    path = feedback_path(opts.settings().resolved_data_dir())
    votes, problems = read_votes(path)
    for problem in problems:
        typer.secho(f"warning: {problem}", fg="yellow", err=True)
    if export is not None:
        if export.exists():
            raise fail(f"{export} already exists: name a new file (review its items, then append them to the set)")
        items = question_items(votes)
        try:
            export.write_text(export_yaml(votes), encoding="utf-8")
        except OSError as e:  # worded apart: an OSError's own text does not name the file
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
        [v.time.astimezone().strftime("%Y-%m-%d %H:%M"), v.vote, trimmed(v.question, 60), trimmed(v.comment or "", 40)]
        for v in latest
    ]
    typer.echo(table(["TIME", "VOTE", "QUESTION", "COMMENT"], rows))
    likes = sum(v.vote == "like" for v in latest)
    typer.echo(f"\n{likes} liked, {len(latest) - likes} disliked (the latest vote on each answer), from {path}")


@app.command(cls=Command)
@common("data_dir", "verbose")
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
    *,
    opts: Common,
) -> None:
    """Check your documents' registry; restore its backup, re-list or delete copies it does not name."""
    from .library import Library

    if prune and adopt:
        raise fail("choose --adopt or --prune, not both")
    library = Library.for_settings(opts.settings())
    with reported():
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
