"""Compose a short, direct answer from retrieved passages, every statement cited as [n].

One strategy per file: ``recommend`` (a pick for a use case), ``compare`` (a verdict on an axis),
``explain`` (facts and overviews); ``notes`` flags outdated or disputed quotes; ``evidence`` holds
the sentence-level units, the claims table and the prototypes, built once per index.
"""

from .cite import CitationList
from .compose import Composer
from .evidence import Knowledge
from .knowledge import build_knowledge
from .units import Unit, table_cells

__all__ = ["CitationList", "Composer", "Knowledge", "Unit", "build_knowledge", "table_cells"]
