"""The framework advisor: grounded, cited answers about TensorFlow, PyTorch and Keras.

Heavy libraries (torch, sentence-transformers, faiss) load only when an ``Assistant`` is created.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["Answer", "Assistant", "Citation", "Settings"]
__version__ = "0.1.0"

if TYPE_CHECKING:
    from .api import Assistant
    from .config import Settings
    from .models import Answer, Citation


def __getattr__(name: str) -> Any:
    """Lazy exports keep ``import assistant`` cheap (the CLI's cold start depends on it)."""
    if name == "Assistant":
        from .api import Assistant

        return Assistant
    if name in ("Answer", "Citation"):
        from . import models

        return getattr(models, name)
    if name == "Settings":
        from .config import Settings

        return Settings
    raise AttributeError(f"module 'assistant' has no attribute {name!r}")
