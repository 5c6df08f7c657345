"""The embedding cache: vectors keyed by passage content hash (and evidence texts), kept beside the
index in a base file and segments, so unchanged text is never embedded twice (docs/PERFORMANCE.md).
"""

from __future__ import annotations

import glob
import hashlib
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from .embed import Embedder
from .fsutil import atomic_write
from .records import Passage

MAX_SEGMENTS = 64  # embedding-cache segments before one save folds them into the base file
TEXT_PREFIX = "t:"  # cache keys of evidence texts (sentences, labels), which the answer stage embeds


class EmbeddingCache:
    """Vectors keyed by passage content hash, so unchanged text is never embedded twice.

    On disk: the base file ``path`` and segments beside it (``<name>.1.npz``, ``<name>.2.npz``, …)
    that each ``save`` appends with only the vectors not yet stored. Adding a document so writes its
    own vectors, not the whole cache (125 MB at 10k passages and their sentences); entries no longer
    kept stay on disk until they outnumber the live ones, when one ``save`` rewrites the base and
    drops the segments (docs/PERFORMANCE.md). A damaged file costs only re-embedding its vectors.
    """

    def __init__(self, path: Path, dimension: int) -> None:
        self.path = path
        self.dimension = dimension
        self._read_all()

    def _read_all(self) -> None:
        self._vectors: dict[str, np.ndarray] = {}
        self._stored: set[str] = set()  # keys some file on disk holds
        self._seen: dict[Path, tuple[int, int, int] | None] = {}  # files read or written, as they were then
        for file in [self.path, *self._segments()]:
            self._load(file)

    def _load(self, file: Path) -> None:
        found = self._read(file)
        self._vectors.update(found)
        self._stored.update(found)
        self._seen[file] = stamp(file)

    def refresh(self) -> EmbeddingCache:
        """Take in what other processes saved since this cache was read: their new segments, or every file
        again when the base was rewritten. Costs a ``stat`` per file when nothing changed."""
        segments = self._segments()
        gone = any(file not in segments for file in self._seen if file != self.path)
        if gone or stamp(self.path) != self._seen.get(self.path):
            self._read_all()
            return self
        for file in segments:
            if file not in self._seen:
                self._load(file)
        return self

    def _segments(self) -> list[Path]:
        """The segment files, oldest first."""
        stem = self.path.name.removesuffix(".npz")
        numbered = []
        for file in self.path.parent.glob(f"{glob.escape(stem)}.*.npz"):
            number = file.name[len(stem) + 1 : -len(".npz")]
            if number.isdigit():
                numbered.append((int(number), file))
        return [file for _, file in sorted(numbered)]

    def _read(self, file: Path) -> dict[str, np.ndarray]:
        if not file.is_file():
            return {}
        try:
            with np.load(file, allow_pickle=False) as data:
                keys, vecs = data["keys"], data["vectors"]
            if vecs.ndim == 2 and vecs.shape[1] == self.dimension and len(keys) == len(vecs):
                return {str(k): v for k, v in zip(keys, vecs, strict=True)}
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):  # BadZipFile: a CRC mismatch
            pass
        return {}  # a damaged file only costs re-embedding

    def embed(self, passages: list[Passage], embedder: Embedder, *, progress: bool = False) -> tuple[np.ndarray, int]:
        """Vectors for the passages, encoding only the texts the cache lacks; returns (vectors, n_encoded)."""
        missing: dict[str, str] = {}
        for p in passages:
            key = p.content_hash
            if key not in self._vectors and key not in missing:
                missing[key] = p.embed_text
        if missing:
            fresh = embedder.encode(list(missing.values()), progress=progress)
            self._vectors.update(zip(missing, fresh, strict=True))
        if not passages:
            return np.zeros((0, self.dimension), dtype=np.float32), 0
        return np.stack([self._vectors[p.content_hash] for p in passages]).astype(np.float32), len(missing)

    def vectors(self) -> dict[str, np.ndarray]:
        """Every cached vector by key (a copy)."""
        return dict(self._vectors)

    def keys(self) -> list[str]:
        """Every cached key."""
        return list(self._vectors)

    def add(self, vectors: dict[str, np.ndarray]) -> None:
        """Cache vectors computed elsewhere (the answer stage's evidence texts, keyed ``TEXT_PREFIX``+hash)."""
        self._vectors.update(vectors)

    def save(self, keep: Iterable[str]) -> None:
        """Persist the entries still in use (evidence texts are always kept), atomically: the new ones as a
        segment, or everything as a new base once the entries no longer kept outnumber the live ones."""
        keep_set = set(keep)
        live = [k for k in self._vectors if k in keep_set or k.startswith(TEXT_PREFIX)]
        segments = self._segments()
        stale = len(self._stored) - len(self._stored.intersection(live))
        if stale > len(live) or len(segments) >= MAX_SEGMENTS or not self.path.is_file():
            self._write(self.path, live)
            for file in segments:
                file.unlink(missing_ok=True)
                self._seen.pop(file, None)
            self._stored = set(live)
            return
        new = [k for k in live if k not in self._stored]
        if not new:
            return
        last = int(segments[-1].name.rsplit(".", 2)[-2]) if segments else 0
        self._write(self.path.with_name(f"{self.path.name.removesuffix('.npz')}.{last + 1}.npz"), new)
        self._stored.update(new)

    def _write(self, file: Path, keys: list[str]) -> None:
        import io

        vecs = np.stack([self._vectors[k] for k in keys]) if keys else np.zeros((0, self.dimension), np.float32)
        buf = io.BytesIO()
        np.savez(buf, keys=np.array(keys, dtype=str), vectors=vecs.astype(np.float32))
        atomic_write(file, buf.getvalue())
        self._seen[file] = stamp(file)


def stamp(path: Path) -> tuple[int, int, int] | None:
    """What changes when a file is rewritten (atomic writes replace it): time, size and inode."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def cache_path(index_dir: Path, model: str) -> Path:
    """One cache file per model: vectors of different models never mix."""
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", model)[-80:]
    return index_dir / f"cache-{slug}-{hashlib.sha256(model.encode()).hexdigest()[:8]}.npz"
