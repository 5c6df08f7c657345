"""Index build speed (passages per second) against a bare ``model.encode`` of the same passages.

    python -m benchmarks.build [--repeats 3] [--device cpu|cuda]

Each build starts from scratch: a fresh index folder, so the embedding cache is empty and every
passage is read, split, tagged, embedded, indexed and saved. The reference encodes the very same
passage texts with the same model object, batch size and device, so the ratio shows what
ingestion, FAISS and saving cost on top of the embedding.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from .common import Row, median, ratio_row, table

TARGET = 0.9  # the build must reach at least 90% of the bare encode's passages per second


def measure(repeats: int = 3, device: str = "auto") -> list[Row]:
    """Median build and bare-encode rates over ``repeats`` alternating runs."""
    from assistant import Assistant
    from assistant.config import Settings
    from assistant.embed import SentenceEmbedder
    from assistant.passages import load_corpus_facts, load_passages

    settings = Settings(device=device)
    embedder = SentenceEmbedder(settings.model, settings.device)
    model = embedder._model
    corpus_dir = settings.resolved_corpus_dir()
    texts: list[str] = []
    build_rate: list[float] = []
    encode_rate: list[float] = []
    ingest_s: list[float] = []
    model.encode(["warm-up"] * 8, batch_size=embedder.batch_size)  # one-off kernel/thread start-up
    for _ in range(repeats):
        with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
            bot = Assistant.load(
                embedder=embedder, rebuild=True, index_dir=Path(tmp) / "index", data_dir=Path(tmp) / "data"
            )
            report = bot.last_build
            if report is None or report.encoded != report.passages:
                raise RuntimeError(f"a build in a fresh folder must embed every passage, got {report}")
            build_rate.append(report.passages / report.seconds)
            texts = [p.embed_text for p in bot.passages]
        t = time.perf_counter()
        model.encode(texts, batch_size=embedder.batch_size, convert_to_numpy=True, normalize_embeddings=True)
        encode_rate.append(len(texts) / (time.perf_counter() - t))
        t = time.perf_counter()
        load_passages(corpus_dir, load_corpus_facts(corpus_dir))
        ingest_s.append(time.perf_counter() - t)
    dev = embedder.device
    return [
        ratio_row(
            f"index build, {len(texts)} passages ({dev})", median(build_rate), "passages/s",
            median(encode_rate), "bare model.encode", at_least=TARGET,
        ),
        Row("  of which ingestion (read, split, tag)", median(ingest_s) * 1000, "ms"),
    ]


def main() -> None:
    """Print the build figures as a table."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--device", default="auto", help="auto, cpu, cuda, mps")
    args = parser.parse_args()
    print(table(measure(args.repeats, args.device)))


if __name__ == "__main__":
    main()
