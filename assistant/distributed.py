"""Build engines: the local one, and Ray Data for collections that outgrow one machine.

The Ray engine replaces two stages of the local build and nothing else:

- **ingest**: the corpus documents become a Ray dataset of files; ``map_batches`` tasks run the
  local build's own per-document reader (``ingest.read_entry``) and the driver puts the results
  back in file order, so passage ids and order are exactly the local build's;
- **embed**: the texts the embedding cache lacks go through ``map_batches`` on a fixed pool of
  actors, each loading the model once (on CUDA when the actor holds a GPU); vectors come back as a
  stream of blocks and are placed by row number, whatever order the actors finish in.

Everything else (the embedding cache, the FAISS index with its IVF trained on a sample, the
manifest, checksums and atomic writes) is the local build's code in ``build.build_index`` and
``index.py``, so ``Assistant.load()`` opens a Ray-built index exactly like a local one.

Failure: Ray Data restarts a killed actor and retries its batch (``max_restarts=-1``,
``max_task_retries=-1`` are its defaults for actor pools) and retries failed tasks; nothing is
written to the index folder until every vector is back, and then only through the atomic writer.

Also here: :func:`merge_top_k`, the merge step of a search sharded over several indexes
(docs/SCALING.md).
"""

from __future__ import annotations

import functools
import logging
import os
import pickle
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from .embed import Embedder, SentenceEmbedder
from .errors import AssistantError

log = logging.getLogger(__name__)

DOCS_PER_BLOCK = 64  # documents per ingest task: enough work per task to hide Ray's per-task overhead
BLOCKS_PER_WORKER = 8  # embed blocks per actor: small enough to balance, to stream, and to retry cheaply
MIN_BLOCK_ROWS = 16  # but never so small that Ray's per-block overhead shows
# Applies a function to each item of a list and yields the results in order, like the built-in ``map``.
Mapper = Callable[[Callable[[Any], Any], list[Any]], Iterable[Any]]
INSTALL_HINT = "pip install 'framework-advisor[distributed]' (in a checkout: pip install -e '.[distributed]')"


class RayEngine(BaseModel):
    """Where and how wide the Ray build runs; ``Assistant.load(engine=RayEngine(workers=4))``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    address: str | None = Field(
        default=None, description="Ray cluster to join ('auto', 'ray://host:10001'); None starts Ray on this machine"
    )
    workers: int = Field(default=2, ge=1, description="embedding actors, each with its own copy of the model")
    num_gpus_per_worker: float = Field(default=0, ge=0, description="GPUs per actor (fractions share a GPU)")
    cpus_per_worker: float = Field(default=1, gt=0, description="CPUs per actor (torch threads on CPU)")
    batch_size: int = Field(default=256, ge=1, le=65_536, description="texts per map_batches call on an actor")


Engine = Literal["local", "ray"] | RayEngine


def parse_engine(engine: object) -> Literal["local"] | RayEngine:
    """``"local"``, ``"ray"`` (default Ray settings) or a :class:`RayEngine`; anything else is a ValueError."""
    if isinstance(engine, RayEngine):
        return engine
    if engine == "ray":
        return RayEngine()
    if engine == "local":
        return "local"
    raise ValueError(f"engine is {engine!r}; use 'local', 'ray' or a RayEngine(...)")


@dataclass(frozen=True)
class EngineRun:
    """What a build runs its stages with: a mapper for ingestion and an embedder for the cache's misses."""

    name: str
    workers: int
    map: Mapper
    embedder: Embedder


@contextmanager
def engine_session(engine: object, embedder: Embedder, *, progress: bool = False) -> Iterator[EngineRun]:
    """The stages of one build. Local: ``map`` and the given embedder. Ray: joins (or starts, and
    afterwards stops) Ray and runs ingestion and embedding there."""
    chosen = parse_engine(engine)
    if chosen == "local":
        yield EngineRun("local", 1, map, embedder)
        return
    ray = _import_ray()
    started = False
    if not ray.is_initialized():
        _start(ray, chosen)
        started = True
    context = ray.data.DataContext.get_current()
    saved = context.enable_progress_bars
    context.enable_progress_bars = progress
    try:
        _check_resources(ray, chosen)
        yield EngineRun("ray", chosen.workers, RayMapper(chosen), RayEmbedder(embedder, chosen))
    finally:
        context.enable_progress_bars = saved
        if started:
            ray.shutdown()


def _import_ray() -> Any:
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError as e:
        raise AssistantError(f"the ray engine needs Ray Data, which is not installed: {INSTALL_HINT}") from e
    return ray


def _start(ray: Any, engine: RayEngine) -> None:
    """Join the cluster at ``address``, or start Ray here with room for every worker (they may share cores)."""
    if engine.address:
        try:
            ray.init(address=engine.address)
        except (ConnectionError, RuntimeError, ValueError) as e:
            raise AssistantError(f"cannot join the Ray cluster at {engine.address!r}: {e}") from e
        return
    needed = int(np.ceil(engine.workers * engine.cpus_per_worker))
    ray.init(num_cpus=max(os.cpu_count() or 1, needed), include_dashboard=False)


def _check_resources(ray: Any, engine: RayEngine) -> None:
    """Fail now, with the numbers, rather than wait forever for actors the cluster cannot place."""
    total = ray.cluster_resources()
    wants = {"CPU": engine.workers * engine.cpus_per_worker, "GPU": engine.workers * engine.num_gpus_per_worker}
    for kind, want in wants.items():
        have = float(total.get(kind, 0))
        if want > have:
            raise ValueError(
                f"{engine.workers} workers x {want / engine.workers:g} {kind} each need {want:g} {kind}, "
                f"but the Ray cluster has {have:g}"
            )


class RayMapper:
    """``map(fn, items)`` over a Ray dataset: ``map_batches`` tasks, results yielded in item order."""

    def __init__(self, engine: RayEngine) -> None:
        self.engine = engine

    def __call__(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        import ray

        items = list(items)
        if not items:
            return iter(())
        rows = [{"k": k, "item": pickle.dumps(item)} for k, item in enumerate(items)]
        blocks = min(len(rows), max(self.engine.workers * BLOCKS_PER_WORKER, len(rows) // DOCS_PER_BLOCK))
        dataset = ray.data.from_items(rows, override_num_blocks=blocks)
        results: list[Any] = [None] * len(items)
        done = np.zeros(len(items), dtype=bool)
        mapped = dataset.map_batches(_apply, fn_kwargs={"fn": fn}, batch_size=None, batch_format="numpy")
        for batch in mapped.iter_batches(batch_format="numpy", batch_size=None):
            for k, blob in zip(batch["k"].tolist(), batch["result"], strict=True):
                results[k] = pickle.loads(blob)
                done[k] = True
        if not done.all():
            raise RuntimeError(f"Ray returned {int(done.sum())} of {len(items)} documents")  # never expected
        return iter(results)


def _apply(batch: dict[str, np.ndarray], fn: Callable[[Any], Any]) -> dict[str, np.ndarray]:
    """One ingest task: ``fn`` on each pickled item of the batch."""
    out = [pickle.dumps(fn(pickle.loads(item))) for item in batch["item"]]
    return {"k": batch["k"], "result": np.array(out, dtype=object)}


class RayEmbedder:
    """An :class:`~assistant.embed.Embedder` whose ``encode`` runs on a pool of Ray actors.

    Name and dimension are the local embedder's, so cache keys and the manifest are the same as a
    local build's. Each actor builds its own model once: a :class:`SentenceEmbedder` is re-created
    from its name (on CUDA when the actor holds a GPU, else CPU); any other embedder is shipped
    to the actors as is (tests use a fake one).
    """

    def __init__(self, local: Embedder, engine: RayEngine) -> None:
        self.name = local.name
        self.dimension = local.dimension
        self.device = "cuda" if engine.num_gpus_per_worker > 0 else "cpu"
        self.engine = engine
        self.factory = _factory(local, self.device)

    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        """Vectors of ``texts`` in their order; the work is cut into blocks spread over the actors."""
        import pyarrow as pa
        import ray

        n = len(texts)
        out = np.zeros((n, self.dimension), dtype=np.float32)
        if not n:
            return out
        engine = self.engine
        # Several blocks per actor, so that every actor gets work and a retried block is small.
        rows = min(max(MIN_BLOCK_ROWS, -(-n // (engine.workers * BLOCKS_PER_WORKER))), engine.batch_size * 8)
        tables = [
            pa.table({"i": np.arange(s, min(s + rows, n), dtype=np.int64), "text": texts[s : s + rows]})
            for s in range(0, n, rows)
        ]
        vectors = ray.data.from_arrow(tables).map_batches(
            _EmbedActor,
            fn_constructor_kwargs={"factory": self.factory, "dimension": self.dimension},
            batch_size=min(engine.batch_size, rows),
            batch_format="numpy",
            compute=ray.data.ActorPoolStrategy(size=engine.workers),
            num_cpus=engine.cpus_per_worker,
            num_gpus=engine.num_gpus_per_worker,
        )
        done = np.zeros(n, dtype=bool)
        for batch in vectors.iter_batches(batch_format="numpy", batch_size=None):
            rows_ = batch["i"]
            out[rows_] = batch["vector"]
            done[rows_] = True
        if not done.all():
            raise RuntimeError(f"Ray returned {int(done.sum())} of {n} vectors")  # never expected
        return out


class _EmbedActor:
    """One pool actor: loads the model once, then encodes batch after batch."""

    def __init__(self, factory: Callable[[], Embedder], dimension: int) -> None:
        self.embedder = factory()
        if self.embedder.dimension != dimension:
            raise ValueError(
                f"the worker's model {self.embedder.name!r} gives {self.embedder.dimension}-dimensional vectors, "
                f"the driver's {dimension}: the same model must be installed on every node"
            )

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        vectors = self.embedder.encode([str(t) for t in batch["text"]])
        return {"i": batch["i"], "vector": np.ascontiguousarray(vectors, dtype=np.float32)}


def _factory(local: Embedder, device: str) -> Callable[[], Embedder]:
    if isinstance(local, SentenceEmbedder):
        return functools.partial(SentenceEmbedder, local.name, device, local.batch_size)
    return functools.partial(_itself, local)


def _itself(embedder: Embedder) -> Embedder:
    return embedder


# -- sharded search ----------------------------------------------------------------------------
def merge_top_k(shards: Sequence[tuple[np.ndarray, np.ndarray]], k: int) -> tuple[np.ndarray, np.ndarray]:
    """Merge per-shard top-k results into the global top-k.

    Each shard gives ``(scores, ids)`` for one query, best first, ids already global (a shard's row
    plus its offset) and -1 for "no result" (FAISS's filler). Higher score is better (inner
    product). Ties keep shard order, then rank, so the merge is deterministic.
    """
    if k < 1:
        raise ValueError(f"k is {k}; it must be at least 1")
    if not shards:
        return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
    scores = np.concatenate([np.asarray(s, dtype=np.float32).ravel() for s, _ in shards])
    ids = np.concatenate([np.asarray(i, dtype=np.int64).ravel() for _, i in shards])
    if scores.shape != ids.shape:
        raise ValueError(f"each shard needs as many scores as ids; got {scores.shape[0]} scores, {ids.shape[0]} ids")
    keep = ids >= 0
    scores, ids = scores[keep], ids[keep]
    order = np.argsort(-scores, kind="stable")[:k]
    return scores[order], ids[order]

