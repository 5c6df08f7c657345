"""Vectors of evidence texts (sentence units, use-case labels): memoised in memory, kept in the index's
embedding cache on disk, so each text is encoded once ever, whichever process met it first."""

from __future__ import annotations

import hashlib
import logging
import threading
from pathlib import Path

import numpy as np

from .build import unwritable
from .embed import Embedder
from .errors import AssistantError
from .index import TEXT_PREFIX, EmbeddingCache, build_lock, cache_path

log = logging.getLogger(__name__)


class TextVectors:
    """``encode(texts)`` for the evidence built with an index; one per ``Assistant``."""

    def __init__(self, index_dir: Path, embedder: Embedder) -> None:
        self.index_dir = index_dir
        self.embedder = embedder
        self._vectors: dict[str, np.ndarray] = {}  # by content hash (see ``text_key``)
        self._lock = threading.Lock()
        self._cache: EmbeddingCache | None = None

    def encode(self, texts: list[str]) -> np.ndarray:
        """Vectors of these texts, encoding only those neither memoised nor in the cache file."""
        keys = [text_key(t) for t in texts]
        with self._lock:
            if not self._vectors:
                stored = self.cache().vectors()
                self._vectors.update({key: v for key, v in stored.items() if key.startswith(TEXT_PREFIX)})
            missing = {key: t for key, t in zip(keys, texts, strict=True) if key not in self._vectors}
            if missing:  # a unit that reads exactly like its passage (one sentence) reuses the passage's vector
                stored = self.cache().vectors()
                for key, text in list(missing.items()):
                    plain = hashlib.sha256(text.encode("utf-8")).hexdigest()
                    if plain in stored:
                        self._vectors[key] = stored[plain]
                        del missing[key]
            if missing:
                fresh = self.embedder.encode(list(missing.values()))
                self._vectors.update(zip(missing, fresh, strict=True))
                self._persist()
            if not keys:
                return np.zeros((0, self.embedder.dimension), dtype=np.float32)
            return np.stack([self._vectors[key] for key in keys]).astype(np.float32)

    def cache(self) -> EmbeddingCache:
        """The embedding cache, read from disk once, then kept current with what others save (``refresh``)."""
        path = cache_path(self.index_dir, self.embedder.name)
        if self._cache is None or self._cache.path != path:
            self._cache = EmbeddingCache(path, self.embedder.dimension)
            return self._cache
        return self._cache.refresh()

    def add_to(self, cache: EmbeddingCache) -> None:
        """Put every memoised vector in ``cache`` (an update saves them with its own, under its lock)."""
        with self._lock:
            cache.add(self._vectors)

    def _persist(self) -> None:
        """Add the vectors to the cache file (best effort: an unwritable folder only costs re-encoding)."""
        if unwritable(self.index_dir) is not None:
            return
        try:
            # Never wait: an add or a build in progress (maybe this very thread) holds the lock, and
            # it saves the cache itself (``Assistant._update``); missing vectors only cost encoding them again.
            with build_lock(self.index_dir, timeout=0):
                cache = self.cache()
                cache.add(self._vectors)
                cache.save(cache.keys())
        except (OSError, TimeoutError, AssistantError) as e:
            log.debug("evidence vectors not saved to %s now (%s)", self.index_dir, e)


def text_key(text: str) -> str:
    """Cache key of an evidence text, apart from passages' keys (the plain hash of their embedded text)."""
    return TEXT_PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()
