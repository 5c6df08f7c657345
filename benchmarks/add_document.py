"""Seconds to add one more 5-page document (about 2,500 words) vs. a full rebuild with an empty cache.

    python -m benchmarks.add_document [--rounds 3] [--words 2500]
    python -m benchmarks.add_document --background 10000 --embedder fake   # the constant at 10k more passages

Both are measured in the same run, with the real model on the same device, in temporary folders
(the user's index and documents are never touched). An add embeds only the new document's
passages; the full rebuild parses the corpus and every added document and embeds all passages.
Model loading is excluded from both. Each add and remove is broken down by phase (parse, embed
passages, embed sentences, sentence data, BM25, FAISS, save, the rest), timed by wrapping the
functions that do each. ``--background N`` first adds documents holding about N more passages, so
the figures show whether an update grows with the index (and the first of them is removed last: every
document after it is renumbered); ``--embedder fake`` (hash-seeded vectors)
makes that affordable on a CPU and leaves every phase but the embedding as it is.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import hashlib
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

SUBJECTS = ["JAX", "the training loop", "the compiler", "the data pipeline", "mixed precision", "the serving stack"]
SENTENCES = [
    "{s} was profiled on a cluster of {n} accelerators, and the step time dropped by {p} percent after the change.",
    "Teams that adopted {s} reported that debugging became easier once every intermediate array could be inspected.",
    "The migration guide recommends rewriting {s} in small steps, validating numerical parity after each one.",
    "In our benchmark, {s} reached {p} percent of peak throughput with a batch size of {n}.",
    "Compilation time grows with model size, so {s} caches compiled programs between runs.",
    "A common pitfall with {s} is silent shape broadcasting, which a few assertions catch early.",
    "For research prototypes, {s} trades some startup latency for much faster iterations later.",
    "Production deployments export {s} to a portable format and serve it behind a batching proxy.",
    "The documentation of {s} lists {n} configuration options, but only a handful matter in practice.",
    "When memory is tight, {s} can recompute activations instead of storing them, at about {p} percent extra cost.",
    "Version {n}.{p} of {s} changed the default random number generator, which broke exact reproducibility.",
    "Most of the speedup of {s} comes from fusing element-wise operations into larger kernels.",
]


def make_document(seed: int, words: int) -> str:
    """Markdown of about ``words`` words in sections of a few paragraphs, different for every seed."""
    rng = random.Random(seed)
    lines = [f"# Field notes {seed}: moving a research codebase to JAX", ""]
    count, section = 0, 0
    while count < words:
        section += 1
        lines += [f"## Part {section}: {rng.choice(SUBJECTS)}", ""]
        for _ in range(3):
            paragraph = " ".join(
                rng.choice(SENTENCES).format(s=rng.choice(SUBJECTS), n=rng.randint(2, 512), p=rng.randint(3, 97))
                for _ in range(rng.randint(4, 7))
            )
            paragraph = paragraph[0].upper() + paragraph[1:]
            lines += [paragraph, ""]
            count += len(paragraph.split())
    return "\n".join(lines)


class Phases:
    """Seconds spent in each wrapped function while ``watch`` is active (nested calls count once, outermost)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._depth = 0

    def wrap(self, owner: Any, attribute: str, phase: str) -> None:
        inner: Callable[..., Any] = getattr(owner, attribute)

        @functools.wraps(inner)
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return inner(*args, **kwargs)
            finally:
                self.seconds[phase] = self.seconds.get(phase, 0.0) + time.perf_counter() - start

        setattr(owner, attribute, timed)

    @contextlib.contextmanager
    def watch(self) -> Iterator[dict[str, float]]:
        self.seconds = {}
        start = time.perf_counter()
        out: dict[str, float] = {}
        yield out
        out.update(self.seconds)
        out["total"] = time.perf_counter() - start


def instrument() -> Phases:
    """Wrap the functions an add or remove runs, one phase each (sentence data excludes its own encoding)."""
    from assistant import api, bm25, build, index, library, textvectors

    phases = Phases()
    phases.wrap(library.Library, "prepare", "parse (child process)")
    phases.wrap(index.EmbeddingCache, "embed", "embed passages")
    phases.wrap(textvectors.TextVectors, "encode", "embed sentences")
    phases.wrap(api.Assistant, "_knowledge", "sentence data (incl. their embedding)")
    phases.wrap(bm25.BM25Index, "__init__", "BM25")
    phases.wrap(index, "make_faiss_index", "FAISS")
    phases.wrap(index.VectorIndex, "save", "save index files")
    phases.wrap(index.EmbeddingCache, "save", "save embedding cache")
    phases.wrap(library.Library, "commit", "save document and registry")
    del build
    return phases


def breakdown(label: str, seconds: dict[str, float]) -> str:
    """One line: the phases in order, and what no wrapper caught."""
    parts = dict(seconds)
    total = parts.pop("total")
    knowledge = parts.pop("sentence data (incl. their embedding)", 0.0)
    parts["sentence data"] = knowledge - parts.get("embed sentences", 0.0)
    parts["rest"] = total - sum(parts.values())
    return f"{label}: {total:.2f} s = " + ", ".join(f"{name} {s:.2f}" for name, s in parts.items())


class HashEmbedder:
    """Unit vectors seeded from each text's hash: no model, so a large background costs no encoding."""

    name = "all-MiniLM-L6-v2"
    dimension = 384
    device = "none"

    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        for i, text in enumerate(texts):
            seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
            v = np.random.default_rng(seed).standard_normal(self.dimension).astype(np.float32)
            out[i] = v / np.linalg.norm(v)
        return out


def main() -> None:
    """Print each add and remove with its phases, the medians, and a full rebuild for comparison."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="documents added one after another (median reported)")
    parser.add_argument("--words", type=int, default=2500, help="words per document (about 500 per page)")
    parser.add_argument("--device", default="auto", help="auto, cpu, cuda or mps")
    parser.add_argument("--background", type=int, default=0, help="passages added first (in 2,000-passage documents)")
    parser.add_argument("--embedder", choices=("real", "fake"), default="real", help="fake: hash-seeded vectors")
    parser.add_argument("--no-rebuild", action="store_true", help="skip the full rebuild for comparison")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()}", file=sys.stderr)

    from assistant import Assistant

    if args.embedder == "fake":
        embedder: Any = HashEmbedder()
    else:
        from assistant.embed import SentenceEmbedder

        embedder = SentenceEmbedder(device=args.device)
        embedder.encode(["warm-up"])
    phases = instrument()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        docs = root / "docs"
        docs.mkdir()
        settings = {"index_dir": root / "index", "data_dir": root / "data", "max_document_mb": 50}
        bot = Assistant.load(embedder=embedder, **settings)
        corpus = len(bot.passages)
        added = 0
        while added < args.background:  # about 70 words a passage
            path = docs / f"background-{added}.md"
            path.write_text(make_document(10_000 + added, 70 * min(2000, args.background - added)), encoding="utf-8")
            with phases.watch() as seconds:
                [info] = bot.add(path, progress=False)
            added += max(1, info.passages)
            print(breakdown(f"background {info.id} ({info.passages} passages)", seconds))
        adds, removes = [], []
        for seed in range(args.rounds):
            path = docs / f"field-notes-{seed}.md"
            path.write_text(make_document(seed, args.words), encoding="utf-8")
            with phases.watch() as seconds:
                [info] = bot.add(path, progress=False)
            adds.append(seconds)
            print(breakdown(f"add {info.id} ({info.passages} passages, {bot.last_build.encoded} embedded, "
                            f"index {len(bot.passages)})", seconds))  # fmt: skip
        for seconds_list, doc_id in ((removes, i.id) for i in bot.sources() if i.id.startswith("field-notes")):
            with phases.watch() as seconds:
                bot.remove(doc_id)
            seconds_list.append(seconds)
            print(breakdown(f"remove {doc_id} (index {len(bot.passages)})", seconds))
        first = None
        if args.background:  # the worst case: every document after it is renumbered
            doc_id = next(i.id for i in bot.sources() if i.id.startswith("background"))
            with phases.watch() as first:
                bot.remove(doc_id)
            print(breakdown(f"remove the first added document {doc_id} (index {len(bot.passages)})", first))
        full = None
        if not args.no_rebuild:
            start = time.perf_counter()
            rebuilt = Assistant.load(embedder=embedder, index_dir=root / "empty-index", data_dir=root / "data",
                                     rebuild=True, max_document_mb=50)  # fmt: skip
            full = time.perf_counter() - start
    add = statistics.median(s["total"] for s in adds)
    embed = statistics.median(s.get("embed passages", 0) + s.get("embed sentences", 0) for s in adds)
    remove = statistics.median(s["total"] for s in removes) if removes else float("nan")
    print(f"model {embedder.name} on {embedder.device}; corpus {corpus} passages, {args.background} more first")
    print(f"add one document (median of {args.rounds}): {add:.2f} s, of which embedding {embed:.2f} s; "
          f"add minus its embedding: {add - embed:.2f} s (bar: 1.0)")
    print(f"remove one document (median): {remove:.2f} s (bar: 1.0)")
    if first is not None:
        print(f"remove the first added document (every later one renumbered): {first['total']:.2f} s (bar: 1.0)")
    if full is not None:
        print(f"full rebuild, empty cache ({len(rebuilt.passages)} passages, {rebuilt.last_build.encoded} embedded): "
              f"{full:.2f} s; an add takes {add / full:.1%} of it")
    print(f"load average after: {os.getloadavg()}", file=sys.stderr)


if __name__ == "__main__":
    main()
