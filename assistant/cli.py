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


@app.command()
def serve(
    host: Annotated[
        str, typer.Option("--host", help="interface to bind; 0.0.0.0 exposes it on your network")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="port (default: 7860)")] = 7860,
    share: Annotated[
        bool, typer.Option("--share/--no-share", help="create a public Gradio share link (off by default)")
    ] = False,
    model: ModelOpt = None,
    device: DeviceOpt = None,
    corpus_dir: CorpusOpt = None,
    index_dir: IndexOpt = None,
) -> None:
    """Start the chat web UI (Gradio)."""
    from ui.app import launch

    launch(host=host, port=port, share=share, **overrides(model, device, corpus_dir, index_dir))


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


def main() -> None:
    """Entry point of the ``assistant`` script."""
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
