"""Index build speed (passages per second) against a bare ``model.encode`` of the same passages.

    python -m benchmarks.build [--repeats 3] [--device cpu|cuda]
    python -m benchmarks.build --batch-sizes 16,32,64,128 [--repeats 3]   # choose the encode batch size

Each build starts from scratch: a fresh index folder, so the embedding cache is empty and every
passage is read, split, tagged, embedded, indexed and saved. The reference encodes the very same
passage texts with the same model object, batch size and device, so the ratio shows what
ingestion, FAISS and saving cost on top of the embedding.
"""

from __future__ import annotations

import argparse
import os
import sys
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


def batch_sweep(sizes: list[int], repeats: int = 3, device: str = "auto") -> list[Row]:
    """Bare encode of the corpus passages at each batch size (sizes rotated each round), against the default.

    Also checks the vectors agree across batch sizes: padding differs, so they may differ in the last bits.
    """
    import numpy as np

    from assistant.config import Settings
    from assistant.embed import SentenceEmbedder
    from assistant.passages import load_corpus_facts, load_passages

    settings = Settings(device=device)
    embedder = SentenceEmbedder(settings.model, settings.device)
    model = embedder._model
    corpus_dir = settings.resolved_corpus_dir()
    texts = [p.embed_text for p in load_passages(corpus_dir, load_corpus_facts(corpus_dir))]
    model.encode(texts[:32], batch_size=32)  # one-off kernel/thread start-up
    rates: dict[int, list[float]] = {size: [] for size in sizes}
    vectors: dict[int, np.ndarray] = {}
    for round_ in range(repeats):
        for size in sizes[round_ % len(sizes):] + sizes[: round_ % len(sizes)]:
            t = time.perf_counter()
            vectors[size] = model.encode(texts, batch_size=size, convert_to_numpy=True, normalize_embeddings=True)
            rates[size].append(len(texts) / (time.perf_counter() - t))
    default = embedder.batch_size
    best = max(sizes, key=lambda size: median(rates[size]))
    ref = median(rates[default]) if default in rates else None
    rows = [
        Row(f"encode {len(texts)} corpus passages, batch {size} ({embedder.device})" + (" (default)" if size == default
            else ""), median(rates[size]), "passages/s", ref, f"batch {default}" if ref else "",
            median(rates[size]) / ref if ref else None)
        for size in sizes
    ]  # fmt: skip
    spread = max(float(np.abs(vectors[size] - vectors[sizes[0]]).max()) for size in sizes)
    rows.append(Row(f"  fastest: batch {best}; vectors differ between batch sizes by at most {spread:.1e}", spread, ""))
    return rows


def main() -> None:
    """Print the build figures (or, with --batch-sizes, the encode rate per batch size) as a table."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--device", default="auto", help="auto, cpu, cuda, mps")
    parser.add_argument("--batch-sizes", default="", help="comma-separated, e.g. 16,32,64,128: sweep these instead")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()}", file=sys.stderr)
    if args.batch_sizes:
        sizes = [int(x) for x in args.batch_sizes.split(",") if x.strip()]
        print(table(batch_sweep(sizes, args.repeats, args.device)))
    else:
        print(table(measure(args.repeats, args.device)))
    print(f"load average after: {os.getloadavg()}", file=sys.stderr)


if __name__ == "__main__":
    main()
