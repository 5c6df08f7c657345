"""Warm ``ask()`` latency against the bare query embedding, measured in the same run.

    python -m benchmarks.latency [--rounds 30]

The bare reference is ``SentenceTransformer.encode`` of the same question on the same model and
device, so the ratio shows what retrieval and answer composition add on top of the embedding.
"""

from __future__ import annotations

import argparse
import statistics
import time

QUESTIONS = [
    "Which framework should I use for mobile?",
    "PyTorch vs Keras",
    "Is Keras still relevant?",
    "Who created Keras?",
    "What is TorchScript used for?",
    "Which framework is best for beginners?",
    "Does TensorFlow support TPUs?",
    "tf or torch for my thesis?",
]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def measure(rounds: int = 30) -> dict[str, float]:
    """Median and p95 (ms) of warm ask() and of the bare encode, interleaved to share conditions."""
    from assistant import Assistant

    bot = Assistant.load()
    model = bot.embedder._model  # the very model ask() uses
    for q in QUESTIONS:  # warm-up: first calls pay one-off costs
        bot.ask(q)
        model.encode([q], normalize_embeddings=True)
    ask_ms: list[float] = []
    enc_ms: list[float] = []
    for r in range(rounds):
        for i, q in enumerate(QUESTIONS):
            fresh = f"{q} {r}-{i}"  # unique text: no cache hit on either side
            t = time.perf_counter()
            model.encode([fresh], normalize_embeddings=True)
            enc_ms.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            bot.ask(fresh)
            ask_ms.append((time.perf_counter() - t) * 1000)
    hit_ms: list[float] = []
    for _ in range(rounds):
        for q in QUESTIONS:
            t = time.perf_counter()
            bot.ask(q)
            hit_ms.append((time.perf_counter() - t) * 1000)
    return {
        "ask_median_ms": statistics.median(ask_ms),
        "ask_p95_ms": _percentile(ask_ms, 0.95),
        "encode_median_ms": statistics.median(enc_ms),
        "encode_p95_ms": _percentile(enc_ms, 0.95),
        "ratio_median": statistics.median(ask_ms) / statistics.median(enc_ms),
        "cached_ask_median_ms": statistics.median(hit_ms),
        "samples": float(len(ask_ms)),
        "device": getattr(bot.embedder, "device", "?"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    r = measure(args.rounds)
    print(f"{'figure':<34}{'value':>12}")
    for key in ("ask_median_ms", "ask_p95_ms", "encode_median_ms", "encode_p95_ms", "ratio_median", "cached_ask_median_ms"):
        print(f"{key:<34}{r[key]:>12.2f}")
    print(f"{'samples':<34}{int(r['samples']):>12}")
    print(f"{'device':<34}{r['device']:>12}")


if __name__ == "__main__":
    main()
