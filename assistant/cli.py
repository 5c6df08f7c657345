"""The ``assistant`` command: ask, index (and serve, eval, add, remove, sources where installed)."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True, help="The framework advisor: cited answers about TensorFlow, PyTorch and Keras.")

ModelOpt = Annotated[str | None, typer.Option("--model", help="sentence-transformers model name or local path [env ASSISTANT_MODEL]")]
DeviceOpt = Annotated[str | None, typer.Option("--device", help="auto, cuda, mps or cpu [env ASSISTANT_DEVICE]")]
CorpusOpt = Annotated[Path | None, typer.Option("--corpus-dir", help="folder of documents and facts.yaml [env ASSISTANT_CORPUS_DIR]")]
IndexOpt = Annotated[Path | None, typer.Option("--index-dir", help="folder for the built index [env ASSISTANT_INDEX_DIR]")]


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
            where = ", ".join(x for x in (c.site, c.date, c.url) if x)
            lines.append(f"[{c.marker}] {c.title}" + (f" — {c.section}" if c.section else "") + (f" ({where})" if where else ""))
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
) -> None:
    """Rebuild the index and report passages and time."""
    start = time.perf_counter()
    bot = load_assistant(progress=True, rebuild=True, **overrides(model, device, corpus_dir, index_dir))
    report = bot.last_build
    total = time.perf_counter() - start
    typer.echo(
        f"indexed {report.passages} passages ({report.encoded} embedded, the rest from the cache) "
        f"in {report.seconds:.2f}s ({total:.2f}s with model load); model {bot.embedder.name} on "
        f"{getattr(bot.embedder, 'device', '?')}; index at {bot.settings.resolved_index_dir()}"
    )


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="interface to bind; 0.0.0.0 exposes it on your network")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="port (default: 7860)")] = 7860,
    share: Annotated[bool, typer.Option("--share/--no-share", help="create a public Gradio share link (off by default)")] = False,
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
    questions: Annotated[Path | None, typer.Option("--questions", help="question set YAML (default: tests/questions.yaml)")] = None,
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


def main() -> None:
    """Entry point of the ``assistant`` script."""
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
