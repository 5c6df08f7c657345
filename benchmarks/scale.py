"""Search at scale: dense (FAISS, type chosen by size) and lexical (BM25) on synthetic corpora.

    python -m benchmarks.scale [--sizes 10000,100000,1000000] [--sweep]

Dense: clustered 384-dim unit vectors (benchmarks/synthetic.py); the index ``make_faiss_index``
picks for that size is checked against exact search (recall@10 over fresh queries), and its
single-query latency (top 50, the retriever's pool) is compared with exact search's. BM25:
Zipf-distributed pseudo-word texts indexed by the retriever's own ``BM25Index`` (bm25s' scores,
posting lists in numpy); query latency and memory per size. Vectors are synthetic; the real encode rate is
measured by benchmarks/build.py.
"""

from __future__ import annotations

import argparse
import gc
import time

import numpy as np

from .common import Row, median, percentile, rss_bytes, table
from .synthetic import clustered_vectors, zipf_queries, zipf_texts

SIZES = (10_000, 100_000, 1_000_000)
RECALL_TARGET = 0.95
QUERIES = 200
MIB = 2**20


def _latency_ms(search, queries, limit: int) -> list[float]:  # noqa: ANN001 - any callable
    out = []
    for q in queries[:limit]:
        t = time.perf_counter()
        search(q)
        out.append((time.perf_counter() - t) * 1000)
    return out


def _recall(found: np.ndarray, truth: np.ndarray) -> float:
    k = truth.shape[1]
    return float(np.mean([len(set(a) & set(b)) / k for a, b in zip(found[:, :k], truth, strict=True)]))


def dense(n: int, sweep: bool = False, pool: int = 50) -> list[Row]:
    """Recall@10, latency, build time and memory of the index chosen for n vectors."""
    import faiss

    from assistant.index import make_faiss_index, search_one

    vectors, queries = clustered_vectors(n, queries=QUERIES)
    gc.collect()
    before = rss_bytes()
    t = time.perf_counter()
    index = make_faiss_index(vectors)
    build_s = time.perf_counter() - t
    gc.collect()
    memory = (rss_bytes() - before) / MIB
    kind = type(index).__name__
    size = len(faiss.serialize_index(index)) / MIB  # what a loaded index holds (no growth slack)
    exact = faiss.IndexFlatIP(vectors.shape[1])
    exact.add(vectors)
    _, truth = exact.search(queries, 10)
    _, found = index.search(queries, 10)
    lat = _latency_ms(lambda q: search_one(index, q, pool), queries, QUERIES)
    flat_lat = _latency_ms(lambda q: search_one(exact, q, pool), queries, 20 if n >= 500_000 else 50)
    ivf = f" nlist={index.nlist} nprobe={index.nprobe}" if hasattr(index, "nprobe") else ""
    label = f"dense n={n:,} {kind}{ivf}"
    recall = _recall(found, truth)
    rows = [
        Row(f"{label}: recall@10 vs exact", recall, "", target=f">= {RECALL_TARGET}", holds=recall >= RECALL_TARGET),
        Row(f"dense n={n:,}: query top-{pool} median", median(lat), "ms", median(flat_lat), "exact (flat) median",
            median(lat) / median(flat_lat)),
        Row(f"dense n={n:,}: query top-{pool} p95", percentile(lat, 0.95), "ms"),
        Row(f"dense n={n:,}: build", build_s, "s"),
        Row(f"dense n={n:,}: index size (serialized)", size, "MiB", vectors.nbytes / MIB, "raw float32 vectors",
            size / (vectors.nbytes / MIB)),
        Row(f"dense n={n:,}: RSS growth while building", memory, "MiB"),
    ]
    if sweep and hasattr(index, "nprobe"):
        for nprobe in (4, 8, 16, 32, 64):
            index.nprobe = nprobe
            _, found = index.search(queries, 10)
            lat = _latency_ms(lambda q: search_one(index, q, pool), queries, QUERIES)
            rows.append(Row(f"  sweep nprobe={nprobe}: recall@10 {_recall(found, truth):.3f}", median(lat), "ms"))
    return rows


def lexical(n: int, pool: int = 50) -> list[Row]:
    """Build time, memory and query latency of the retriever's BM25 over n synthetic texts."""
    from assistant.bm25 import BM25Index

    texts = zipf_texts(n)
    queries = zipf_queries(QUERIES)
    gc.collect()
    before = rss_bytes()
    t = time.perf_counter()
    lex = BM25Index([], texts=texts)
    build_s = time.perf_counter() - t
    gc.collect()
    memory = (rss_bytes() - before) / MIB
    scores = lex._model.scores
    matrix = sum(scores[key].nbytes for key in ("data", "indices", "indptr")) / MIB
    lat = _latency_ms(lambda q: lex.search(q, pool), queries, QUERIES)
    return [
        Row(f"bm25 n={n:,}: query top-{pool} median", median(lat), "ms"),
        Row(f"bm25 n={n:,}: query top-{pool} p95", percentile(lat, 0.95), "ms"),
        Row(f"bm25 n={n:,}: build (tokenize + index)", build_s, "s"),
        Row(f"bm25 n={n:,}: memory (RSS growth)", memory, "MiB", matrix, "sparse score matrix", memory / matrix),
    ]


def measure(sizes: tuple[int, ...] = SIZES, sweep: bool = False) -> list[Row]:
    """Dense and lexical rows for every size."""
    rows: list[Row] = []
    for n in sizes:
        rows += dense(n, sweep)
        gc.collect()
        rows += lexical(n)
        gc.collect()
    return rows


def parse_sizes(text: str) -> tuple[int, ...]:
    """'10000,100k,1M' -> (10000, 100000, 1000000); a bad item is named in the error."""
    sizes = []
    for item in text.split(","):
        raw = item.strip().lower().replace("_", "")
        mult = {"k": 1_000, "m": 1_000_000}.get(raw[-1:], 1)
        try:
            value = int(float(raw[:-1] if mult > 1 else raw) * mult)
        except ValueError:
            raise argparse.ArgumentTypeError(f"size {item!r} is not a number (use e.g. 10000, 100k, 1M)") from None
        if value < 100:
            raise argparse.ArgumentTypeError(f"size {item!r} is below 100 passages")
        sizes.append(value)
    return tuple(sizes)


def main() -> None:
    """Print the scale figures as a table."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=parse_sizes, default=SIZES, help="comma-separated, e.g. 10k,100k,1M")
    parser.add_argument("--sweep", action="store_true", help="also print recall/latency for several nprobe")
    args = parser.parse_args()
    print(table(measure(args.sizes, args.sweep)))


if __name__ == "__main__":
    main()
