"""Seconds to add one more 5-page document (about 2,500 words) vs. a full rebuild with an empty cache.

    python -m benchmarks.add_document [--rounds 3] [--words 2500]

Both are measured in the same run, with the real model on the same device, in temporary folders
(the user's index and documents are never touched). An add embeds only the new document's
passages; the full rebuild parses the corpus and every added document and embeds all passages.
Model loading is excluded from both.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

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


def main() -> None:
    """Print the seconds per add (median of rounds) and for a full rebuild, and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="documents added one after another (median reported)")
    parser.add_argument("--words", type=int, default=2500, help="words per document (about 500 per page)")
    parser.add_argument("--device", default="auto", help="auto, cpu, cuda or mps")
    args = parser.parse_args()

    from assistant import Assistant
    from assistant.embed import SentenceEmbedder

    embedder = SentenceEmbedder(device=args.device)
    embedder.encode(["warm-up"])
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        bot = Assistant.load(embedder=embedder, index_dir=root / "index", data_dir=root / "data")
        corpus = len(bot.passages)
        adds = []
        for seed in range(args.rounds):
            path = root / "docs" / f"field-notes-{seed}.md"
            path.parent.mkdir(exist_ok=True)
            path.write_text(make_document(seed, args.words), encoding="utf-8")
            start = time.perf_counter()
            [info] = bot.add(path, progress=False)
            adds.append(time.perf_counter() - start)
            words = len(path.read_text(encoding="utf-8").split())
            print(f"add {info.id}: {words} words, {info.passages} passages, "
                  f"{bot.last_build.encoded} embedded, {adds[-1]:.2f} s")
        start = time.perf_counter()
        rebuilt = Assistant.load(
            embedder=embedder, index_dir=root / "empty-index", data_dir=root / "data", rebuild=True
        )
        full = time.perf_counter() - start
    add = statistics.median(adds)
    print(f"model {embedder.name} on {embedder.device}; corpus {corpus} passages")
    print(f"add one document (median of {args.rounds}): {add:.2f} s")
    print(f"full rebuild, empty cache ({len(rebuilt.passages)} passages, {rebuilt.last_build.encoded} embedded): "
          f"{full:.2f} s")
    print(f"ratio: an add takes {add / full:.1%} of a full rebuild")


if __name__ == "__main__":
    main()
