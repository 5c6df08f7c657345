"""Ray build throughput (passages/s for 1 and 2 workers) and the memory figures behind docs/SCALING.md.

    python -m benchmarks.distributed                          # CPU: local build, then Ray with 1 and 2 workers
    python -m benchmarks.distributed --passages 5000 --workers 1,2,4
    python -m benchmarks.distributed --device cuda --gpus-per-worker 1 --workers 1,2   # a GPU per actor
    python -m benchmarks.distributed --parts memory           # bytes per vector: Flat, IVF-Flat, IVF-PQ

Throughput: the shipped corpus plus ``--passages`` synthetic passages of 30 real words (drawn from
the corpus) are built from scratch (empty embedding cache) by ``Assistant.load`` with the real
model: once with the local engine, then with ``RayEngine(workers=w)`` for each w, on one Ray
started here (its start-up is printed apart). A build's figure covers everything: ingestion on
Ray, actor start-up with one model load per actor, embedding, FAISS and the atomic writes. The
embed stage alone (``RayEmbedder.encode``, actor start-up included) is printed too, next to the
driver's bare ``model.encode`` of the same texts.

Memory: serialized index bytes per vector for exact (Flat), IVF-Flat and IVF-PQ at n vectors of
384 dims (clustered synthetic, benchmarks/synthetic.py), recall@10 against exact search, and the
bytes per passage of the other files and of passages held in Python.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

from .common import Row, machine, median, table
from .synthetic import clustered_vectors, write_documents

PARTS = ("throughput", "memory")
MIB = 2**20


def throughput(passages: int, workers: tuple[int, ...], device: str, gpus: float, cpus: float) -> list[Row]:
    """Passages/s of a from-scratch build: local, then Ray with each worker count."""
    import ray

    from assistant import Assistant
    from assistant.config import default_corpus_dir
    from assistant.distributed import RayEmbedder, RayEngine, RayMapper
    from assistant.embed import SentenceEmbedder
    from assistant.passages import load_corpus_facts, load_passages

    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="bench-ray-") as tmp:
        root = Path(tmp)
        corpus = root / "corpus"
        shutil.copytree(default_corpus_dir(), corpus)
        write_documents(corpus, passages)
        embedder = SentenceEmbedder(device=device)
        settings = dict(corpus_dir=corpus, data_dir=root / "data")

        local = Assistant.load(embedder=embedder, index_dir=root / "local", **settings)
        report = local.last_build
        n = report.passages
        rows.append(Row(f"local build, {n} passages ({embedder.device}, torch threads {_threads()})",
                        n / report.seconds, "passages/s"))
        texts = [p.embed_text for p in local.passages]
        t = time.perf_counter()
        embedder.encode(texts)
        bare = n / (time.perf_counter() - t)
        rows.append(Row("  bare model.encode on the driver", bare, "passages/s"))
        facts = load_corpus_facts(corpus)
        t = time.perf_counter()
        load_passages(corpus, facts)
        rows.append(Row("  local ingestion (read, split, tag)", time.perf_counter() - t, "s"))
        del local
        gc.collect()

        t = time.perf_counter()
        ray.init(num_cpus=max(os.cpu_count() or 1, int(np.ceil(max(workers) * cpus))), include_dashboard=False)
        rows.append(Row("Ray start (local cluster)", time.perf_counter() - t, "s"))
        try:
            for w in workers:
                engine = RayEngine(workers=w, num_gpus_per_worker=gpus, cpus_per_worker=cpus)
                bot = Assistant.load(embedder=embedder, index_dir=root / f"ray-{w}", engine=engine, **settings)
                report = bot.last_build
                if report.encoded != n or report.engine != "ray":
                    raise RuntimeError(f"expected a Ray build embedding all {n} passages, got {report}")
                device_ = "cuda" if gpus else "cpu"
                rows.append(Row(f"Ray build, {w} worker(s) ({device_}, {cpus:g} CPU/worker)", n / report.seconds,
                                "passages/s", bare, "bare encode on the driver", (n / report.seconds) / bare))
                t = time.perf_counter()
                load_passages(corpus, facts, mapper=RayMapper(engine))
                rows.append(Row(f"  Ray ingestion, {w} worker(s)", time.perf_counter() - t, "s"))
                t = time.perf_counter()
                RayEmbedder(embedder, engine).encode(texts)
                rate = n / (time.perf_counter() - t)
                rows.append(Row(f"  Ray embed stage incl. actor start-up, {w} worker(s)", rate, "passages/s", bare,
                                "bare encode on the driver", rate / bare))
                del bot
                gc.collect()
            rows.append(Row("Ray actor call, 384-float query in, top-50 out (shard search round trip)",
                            _actor_round_trip(ray), "ms"))
        finally:
            ray.shutdown()
    return rows


class _Shard:
    """Stands in for one shard's searcher: what a sharded query costs besides the search itself."""

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        return np.zeros(k, dtype=np.float32), np.arange(k, dtype=np.int64)


def _actor_round_trip(ray: object, calls: int = 300) -> float:
    """Median ms of one call to a local Ray actor carrying a query vector and returning top-50."""
    shard = ray.remote(num_cpus=0)(_Shard).remote()  # type: ignore[attr-defined]
    query = np.zeros(384, dtype=np.float32)
    ray.get(shard.search.remote(query, 50))  # type: ignore[attr-defined]
    times = []
    for _ in range(calls):
        t = time.perf_counter()
        ray.get(shard.search.remote(query, 50))  # type: ignore[attr-defined]
        times.append((time.perf_counter() - t) * 1000)
    return median(times)


def _threads() -> int:
    import torch

    return torch.get_num_threads()


def memory(n: int) -> list[Row]:
    """Bytes per vector of each index type at n vectors, recall@10 of the compressed ones, merge cost."""
    import faiss

    from assistant.distributed import merge_top_k
    from assistant.index import ivf_lists, ivf_probes, make_faiss_index

    vectors, queries = clustered_vectors(n, queries=200)
    dim = vectors.shape[1]
    exact = faiss.IndexFlatIP(dim)
    exact.add(vectors)
    _, truth = exact.search(queries, 10)
    rows = [Row(f"Flat (exact), n={n:,}: bytes per vector", len(faiss.serialize_index(exact)) / n, "B")]
    ivf = make_faiss_index(vectors, flat_limit=0)
    size = len(faiss.serialize_index(ivf))
    rows.append(Row(f"IVF-Flat nlist={ivf.nlist} (as built): bytes per vector", size / n, "B"))
    _, found = ivf.search(queries, 10)
    rows.append(Row(f"  IVF-Flat recall@10 vs exact (nprobe={ivf.nprobe})", _recall(found, truth), ""))
    for m in (48, 96):
        nlist = ivf_lists(n)
        pq = faiss.IndexIVFPQ(faiss.IndexFlatIP(dim), dim, nlist, m, 8, faiss.METRIC_INNER_PRODUCT)
        pq.cp.niter = 10
        sample = vectors[np.random.default_rng(0).choice(n, size=min(n, max(nlist * 48, 256 * 40)), replace=False)]
        t = time.perf_counter()
        pq.train(sample)
        refine = faiss.IndexRefineFlat(pq)  # adds to both: PQ codes, and full vectors to re-rank with
        refine.add(vectors)
        build = time.perf_counter() - t
        pq.nprobe = ivf_probes(nlist)
        _, found = pq.search(queries, 10)
        rows.append(Row(f"IVF-PQ m={m}x8bit nlist={nlist}: bytes per vector", len(faiss.serialize_index(pq)) / n, "B"))
        rows.append(Row(f"  IVF-PQ m={m} recall@10 vs exact (nprobe={pq.nprobe})", _recall(found, truth), ""))
        refine.k_factor = 4
        _, found = refine.search(queries, 10)
        rows.append(Row(f"  IVF-PQ m={m}, top-40 re-ranked exactly: recall@10", _recall(found, truth), ""))
        rows.append(Row(f"  IVF-PQ m={m}: train + add", build, "s"))
    # merge cost of a sharded search: 8 shards x top-50
    rng = np.random.default_rng(1)
    parts = [(np.sort(rng.random(50, dtype=np.float32))[::-1], rng.integers(0, 10**9, 50)) for _ in range(8)]
    times = []
    for _ in range(2000):
        t = time.perf_counter()
        merge_top_k(parts, 50)
        times.append((time.perf_counter() - t) * 1e6)
    rows.append(Row("merge_top_k of 8 shards x top-50", median(times), "µs"))
    rows += passage_memory()
    return rows


class _RandomEmbedder:
    """Random unit vectors of the real model's size: the cache's bytes do not depend on their values."""

    name = "random-384"
    dimension = 384

    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        v = np.random.default_rng(len(texts)).standard_normal((len(texts), self.dimension)).astype(np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)


def passage_memory(synthetic: int = 20_000) -> list[Row]:
    """Per passage: passages.jsonl bytes, embedding-cache bytes, and RSS of passages loaded as Python objects."""
    import json
    from dataclasses import asdict

    from assistant.config import default_corpus_dir
    from assistant.index import EmbeddingCache, passage_from_json
    from assistant.ingest import load_corpus

    with tempfile.TemporaryDirectory(prefix="bench-mem-") as tmp:
        corpus = Path(tmp) / "corpus"
        shutil.copytree(default_corpus_dir(), corpus)
        write_documents(corpus, synthetic)
        passages = load_corpus(corpus)
        lines = [json.dumps(asdict(p), ensure_ascii=False) for p in passages]
        cache = EmbeddingCache(Path(tmp) / "cache.npz", _RandomEmbedder.dimension)
        cache.embed(passages, _RandomEmbedder())
        cache.save(p.content_hash for p in passages)
        cache_bytes = (Path(tmp) / "cache.npz").stat().st_size
    n = len(passages)
    jsonl = sum(len(line.encode("utf-8")) + 1 for line in lines)
    words = float(np.mean([len(p.text.split()) for p in passages]))
    tracemalloc.start()  # exact Python allocations (RSS would hide memory the allocator reuses)
    held = [passage_from_json(line) for line in lines]
    python_bytes, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del held
    return [
        Row(f"passages.jsonl, {n} passages of {words:.0f} words on average: bytes per passage", jsonl / n, "B"),
        Row("embedding cache (npz: 384 float32 + 64-char key): bytes per passage", cache_bytes / n, "B"),
        Row("passages loaded as Python objects (as VectorIndex.load does): bytes per passage", python_bytes / n, "B"),
    ]


def _recall(found: np.ndarray, truth: np.ndarray) -> float:
    return float(np.mean([len(set(a) & set(b)) / truth.shape[1] for a, b in zip(found, truth, strict=True)]))


def _ints(text: str) -> tuple[int, ...]:
    try:
        values = tuple(int(x) for x in text.split(",") if x.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a comma-separated list of whole numbers") from None
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: give one or more worker counts, each at least 1")
    return values


def _parts(text: str) -> tuple[str, ...]:
    chosen = tuple(p.strip() for p in text.split(",") if p.strip())
    if not chosen or any(p not in PARTS for p in chosen):
        raise argparse.ArgumentTypeError(f"{text!r}: choose from {', '.join(PARTS)}")
    return chosen


def main(argv: list[str] | None = None) -> None:
    """Print the figures as a table, with the machine they came from."""
    about = (__doc__ or "").split("\n")[0]
    parser = argparse.ArgumentParser(prog="python -m benchmarks.distributed", description=about)
    parser.add_argument("--parts", type=_parts, default=("throughput",), help="throughput, memory (comma-separated)")
    parser.add_argument("--passages", type=int, default=2000, help="synthetic passages added to the shipped corpus")
    parser.add_argument("--workers", type=_ints, default=(1, 2), help="Ray worker counts to run, e.g. 1,2,4")
    parser.add_argument("--device", default="cpu", help="the local build's device: cpu or cuda")
    parser.add_argument("--gpus-per-worker", type=float, default=0.0, help="GPUs per Ray actor (CUDA if > 0)")
    parser.add_argument("--cpus-per-worker", type=float, default=1.0, help="CPUs (torch threads) per Ray actor")
    parser.add_argument("--vectors", type=int, default=100_000, help="memory: vectors in the index-size comparison")
    args = parser.parse_args(argv)
    if args.passages < 1 or args.vectors < 10_000:
        parser.error("--passages must be at least 1 and --vectors at least 10000")
    info = machine()
    print(f"machine: {info['cpu']}; {info['nproc']} cores; {info['ram']} RAM; load avg {info['load']}; "
          f"Python {info['python']}", file=sys.stderr)
    rows: list[Row] = []
    if "throughput" in args.parts:
        rows += throughput(args.passages, args.workers, args.device, args.gpus_per_worker, args.cpus_per_worker)
    if "memory" in args.parts:
        rows += memory(args.vectors)
    print(table(rows))
    print(f"\nload avg at the end {machine()['load']} on {info['nproc']} cores")


if __name__ == "__main__":
    main()
