"""FAISS index persisted under index/ with a manifest; stale or damaged files are never answered from.

Layout of the index folder::

    manifest.json     model, dimension, count, fingerprint, checksums of the files below
    vectors.faiss     the FAISS index (row i = passages[i])
    passages.jsonl    the passages, one JSON object per line
    cache-<model>.npz embedding cache keyed by passage content hash (survives rebuilds), and its
    cache-<model>.<n>.npz segments: what each later save added

Every file is written to a temporary name and renamed into place; the manifest goes last, so a
build killed half-way leaves either the old consistent set or a set whose checksums fail.
"""

from __future__ import annotations

import hashlib
import json
import math
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from .embed import Embedder
from .errors import IndexCorruptError, IndexLockedError, IndexMissingError, IndexStaleError
from .fsutil import atomic_write, file_lock
from .records import Passage
from .vectorcache import MAX_SEGMENTS, TEXT_PREFIX, EmbeddingCache, cache_path, stamp  # noqa: F401 - public here

FORMAT_VERSION = 1
# Exact search up to FLAT_LIMIT vectors, IVF above it. A flat query reads every vector (1.5 KiB
# each at 384 dims), so it is memory-bound: ~20k vectors keep it to a few ms, under one query
# embedding. IVF (not HNSW) above: on 2 cores HNSW took 5x longer to build 100k vectors and
# reached lower recall; figures in docs/PERFORMANCE.md (python -m benchmarks.scale).
FLAT_LIMIT = 20_000
IVF_TRAIN_PER_LIST = 48  # k-means sample per list: training cost grows with lists x sample
IVF_NITER = 10
MANIFEST = "manifest.json"
VECTORS = "vectors.faiss"
PASSAGES = "passages.jsonl"


@dataclass(frozen=True)
class Manifest:
    """What an index was built from; compared field by field before the index is used."""

    format_version: int
    model: str
    dimension: int
    count: int
    fingerprint: str
    index_type: str
    checksums: dict[str, str]
    built_at: float


def file_sha256(path: Path) -> str:
    """Checksum of one file, streamed."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def build_lock(index_dir: Path, timeout: float = 600.0) -> AbstractContextManager[None]:
    """Serialise builds across processes: a second builder waits, then re-checks freshness."""

    def busy(waited: float) -> IndexLockedError:
        return IndexLockedError(f"another process is building the index in {index_dir} (waited {waited:.0f}s)")

    return file_lock(index_dir / ".build.lock", timeout, busy)


def ivf_lists(n: int) -> int:
    """Inverted lists for n vectors: sqrt(n), so a list holds about sqrt(n) vectors."""
    return max(1, round(math.sqrt(n)))


def ivf_probes(nlist: int) -> int:
    """Lists searched per query: enough for recall@10 >= 0.95 on the clustered benchmark set."""
    return min(nlist, max(16, nlist // 40))


def make_faiss_index(
    vectors: np.ndarray,
    flat_limit: int = FLAT_LIMIT,
    *,
    nlist: int | None = None,
    nprobe: int | None = None,
    seed: int = 0,
):  # noqa: ANN201 - faiss type
    """Exact inner product for small collections, IVF (inner product, spherical k-means) for large ones.

    ``vectors`` must be L2-normalised float32 rows. The IVF index keeps a direct map so that
    ``reconstruct(row)`` works as it does on the flat index.
    """
    import faiss

    if vectors.ndim != 2:
        raise ValueError(f"vectors must be a 2-D (n, dimension) array, got shape {vectors.shape}")
    if flat_limit < 0:
        raise ValueError(f"flat_limit must be >= 0, got {flat_limit}")
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    n, dim = vectors.shape
    if n <= flat_limit:
        index = faiss.IndexFlatIP(dim)
        if n:
            index.add(vectors)
        return index
    nlist = nlist or ivf_lists(n)
    if not 1 <= nlist <= n:
        raise ValueError(f"nlist must be between 1 and the {n} vectors, got {nlist}")
    index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, nlist, faiss.METRIC_INNER_PRODUCT)
    index.cp.niter = IVF_NITER
    index.cp.seed = seed
    index.cp.spherical = True  # centroids on the unit sphere, like the vectors
    sample = min(n, nlist * IVF_TRAIN_PER_LIST)
    rows = np.sort(np.random.default_rng(seed).choice(n, size=sample, replace=False)) if sample < n else slice(None)
    index.train(vectors[rows])
    index.nprobe = nprobe or ivf_probes(nlist)
    index.add(vectors)
    index.make_direct_map()
    return index


def search_one(index: object, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """(scores, rows) of one query, searched on the calling thread alone.

    One query is too little work to share between OpenMP threads: on a busy 2-core machine the
    threads' barrier turned a 1 ms flat search over 10k vectors into ~70 ms (docs/PERFORMANCE.md).
    ``omp_set_num_threads`` is per calling thread, so concurrent callers do not disturb each other.
    """
    import faiss

    threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        scores, rows = index.search(np.asarray(query, dtype=np.float32).reshape(1, -1), k)  # type: ignore[attr-defined]
    finally:
        faiss.omp_set_num_threads(threads)
    return scores[0], rows[0]


def _index_type(index: object) -> str:
    return type(index).__name__


class VectorIndex:
    """Passages and their vectors in a FAISS index; row i of the index is ``passages[i]``."""

    def __init__(self, passages: list[Passage], faiss_index: object, manifest: Manifest) -> None:
        self.passages = passages
        self.faiss = faiss_index
        self.manifest = manifest
        self._lines: dict[int, tuple[Passage, str]] = {}  # id(passage) → it and its line in PASSAGES
        self._hashes: dict[int, tuple[Passage, str]] = {}  # id(passage) → it and its content hash

    def content_hashes(self, previous: VectorIndex | None = None) -> list[str]:
        """Each passage's content hash (the embedding cache's key), computed once per passage object;
        ``previous`` lends those it has computed."""
        return _per_passage(self.passages, self._hashes, previous._hashes if previous is not None else {}, _hash)

    @classmethod
    def build(
        cls,
        passages: list[Passage],
        embedder: Embedder,
        fingerprint: str,
        *,
        cache: EmbeddingCache | None = None,
        progress: bool = False,
        flat_limit: int = FLAT_LIMIT,
        previous: VectorIndex | None = None,
    ) -> tuple[VectorIndex, int]:
        """Embed (through the cache) and index the passages; returns the index and how many texts were encoded.

        ``previous`` (the index this one updates) lends the vectors of the passages both hold, read back
        from its FAISS index, so only the others are looked up in the cache or encoded.
        """
        if cache is not None and previous is not None:
            vectors, encoded = _reuse_vectors(previous, passages, embedder, cache, progress)
        elif cache is not None:
            vectors, encoded = cache.embed(passages, embedder, progress=progress)
        else:
            vectors = embedder.encode([p.embed_text for p in passages], progress=progress)
            encoded = len(passages)
        index = make_faiss_index(vectors, flat_limit)
        manifest = Manifest(
            format_version=FORMAT_VERSION,
            model=embedder.name,
            dimension=embedder.dimension,
            count=len(passages),
            fingerprint=fingerprint,
            index_type=_index_type(index),
            checksums={},
            built_at=time.time(),
        )
        return cls(passages, index, manifest), encoded

    def search(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        """Top-k (row, cosine) pairs for one normalised query vector."""
        if not self.passages:
            return []
        scores, rows = search_one(self.faiss, query, min(k, len(self.passages)))
        # tolist(): the same Python ints and floats as int()/float() per element, without a numpy scalar each
        return [(r, s) for r, s in zip(rows.tolist(), scores.tolist(), strict=True) if r >= 0]

    def save(self, index_dir: Path, previous: VectorIndex | None = None) -> None:
        """Write vectors and passages, then the manifest with their checksums (last, atomically).

        ``previous`` (the index this one updates) lends the JSON lines of the passages both hold.
        """
        import faiss

        index_dir.mkdir(parents=True, exist_ok=True)
        atomic_write(index_dir / VECTORS, bytes(faiss.serialize_index(self.faiss)))
        lines = _per_passage(self.passages, self._lines, previous._lines if previous is not None else {}, _json_line)
        atomic_write(index_dir / PASSAGES, "".join(lines).encode("utf-8"))
        checksums = {name: file_sha256(index_dir / name) for name in (VECTORS, PASSAGES)}
        manifest = Manifest(**{**asdict(self.manifest), "checksums": checksums})
        atomic_write(index_dir / MANIFEST, json.dumps(asdict(manifest), indent=2).encode())
        self.manifest = manifest

    @classmethod
    def load(cls, index_dir: Path, *, model: str, dimension: int, fingerprint: str) -> VectorIndex:
        """Load and verify; raise IndexCorruptError (with the reason) when anything does not match."""
        manifest = read_manifest(index_dir)
        expected = {
            "format_version": FORMAT_VERSION,
            "model": model,
            "dimension": dimension,
            "fingerprint": fingerprint,
        }
        for key, want in expected.items():
            got = getattr(manifest, key)
            if got != want:
                raise IndexStaleError(f"{index_dir / MANIFEST}: {key} is {got!r}, expected {want!r} (stale index)")
        data: dict[str, bytes] = {}
        for name in (VECTORS, PASSAGES):
            path = index_dir / name
            if not path.is_file():
                raise IndexCorruptError(f"{path} is missing or not a file")
            try:
                data[name] = path.read_bytes()  # read once: the bytes checked are the bytes used
            except OSError as e:
                raise IndexCorruptError(f"{path} cannot be read: {e.strerror or e}") from e
            if hashlib.sha256(data[name]).hexdigest() != manifest.checksums.get(name):
                raise IndexCorruptError(f"{path} does not match its checksum (truncated or modified)")
        import faiss

        try:
            index = faiss.deserialize_index(np.frombuffer(data[VECTORS], dtype=np.uint8))
            lines = data[PASSAGES].decode("utf-8").splitlines(keepends=True)
            passages = [passage_from_json(line) for line in lines]
        except (RuntimeError, ValueError, TypeError, KeyError) as e:
            raise IndexCorruptError(f"{index_dir}: cannot read index files: {e}") from e
        if index.ntotal != manifest.count or len(passages) != manifest.count or index.d != dimension:
            raise IndexCorruptError(
                f"{index_dir}: index holds {index.ntotal} vectors of dimension {index.d} and {len(passages)} "
                f"passages; manifest says {manifest.count} of dimension {dimension}"
            )
        loaded = cls(passages, index, manifest)
        loaded._lines = {id(p): (p, line) for p, line in zip(passages, lines, strict=True)}
        return loaded


def _per_passage(
    passages: list[Passage],
    mine: dict[int, tuple[Passage, str]],
    theirs: dict[int, tuple[Passage, str]],
    compute: Callable[[Passage], str],
) -> list[str]:
    """``compute(p)`` for each passage, once per passage object: kept in ``mine``, else taken from
    ``theirs`` (an earlier index's), else computed. An id counts only for the very object it was
    taken for (ids are reused once an object is gone)."""
    out = []
    for p in passages:
        entry = mine.get(id(p)) or theirs.get(id(p))
        if entry is None or entry[0] is not p:
            entry = (p, compute(p))
        mine[id(p)] = entry
        out.append(entry[1])
    return out


def _json_line(passage: Passage) -> str:
    return json.dumps(vars(passage), ensure_ascii=False) + "\n"  # its fields, in order: asdict's, faster


def _hash(passage: Passage) -> str:
    return passage.content_hash


def _reuse_vectors(
    previous: VectorIndex, passages: list[Passage], embedder: Embedder, cache: EmbeddingCache, progress: bool
) -> tuple[np.ndarray, int]:
    """Vectors of ``passages``: those ``previous`` holds (the same objects) from its FAISS index, exactly
    as stored; the rest through the cache. Falls back to the cache alone for an index that keeps no vectors."""
    rows = {id(p): row for row, p in enumerate(previous.passages)}
    kept = np.array([rows.get(id(p), -1) for p in passages], dtype=np.int64)
    mask = kept >= 0
    try:
        stored = previous.faiss.reconstruct_n(0, previous.faiss.ntotal) if mask.any() else None  # type: ignore[attr-defined]
    except RuntimeError:
        return cache.embed(passages, embedder, progress=progress)
    others = [p for p, old in zip(passages, kept, strict=True) if old < 0]
    fresh, encoded = cache.embed(others, embedder, progress=progress)
    vectors = np.empty((len(passages), cache.dimension), dtype=np.float32)
    if stored is not None:
        vectors[mask] = stored[kept[mask]]
    vectors[~mask] = fresh
    return vectors, encoded


def read_manifest(index_dir: Path) -> Manifest:
    """Parse manifest.json; a missing, foreign or newer-format manifest is an IndexCorruptError."""
    path = index_dir / MANIFEST
    if not path.is_file():
        raise IndexMissingError(f"{path} is missing (no index built yet)")
    try:
        data = json.loads(path.read_text("utf-8"))
        manifest = Manifest(**data)
    except (OSError, ValueError, TypeError) as e:
        raise IndexCorruptError(f"{path} is not a manifest written by this program: {e}") from e
    types = {"format_version": int, "dimension": int, "count": int, "checksums": dict, "model": str, "fingerprint": str}
    wrong = [key for key, kind in types.items() if not isinstance(getattr(manifest, key), kind)]
    if wrong:
        raise IndexCorruptError(f"{path} is not a manifest written by this program: wrong type for {', '.join(wrong)}")
    if manifest.format_version > FORMAT_VERSION:
        raise IndexCorruptError(
            f"{path} was written by a newer version (format {manifest.format_version} > {FORMAT_VERSION})"
        )
    return manifest


def passage_from_json(line: str) -> Passage:
    data = json.loads(line)
    data["frameworks"] = tuple(data.get("frameworks") or ())
    return Passage(**data)
