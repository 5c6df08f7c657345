"""Run every benchmark and print one table; each figure is measured in the same run as its reference.

    python -m benchmarks                                  # everything, scale at 10k, 100k, 1M
    python -m benchmarks --sizes 10k --rounds 10          # CI-sized
    python -m benchmarks --only latency,build --device cuda

Benchmarks print figures; they are not tests and never fail on a figure (the table says which
targets hold). See docs/PERFORMANCE.md for the figures of record and the machine they came from.
"""

from __future__ import annotations

import argparse
import sys
import time

from . import build, coldstart, latency, memory, scale, serve
from .common import Row, machine, table

PARTS = ("latency", "build", "coldstart", "serve", "memory", "scale")


def _parts(text: str) -> tuple[str, ...]:
    chosen = tuple(p.strip() for p in text.split(",") if p.strip())
    bad = [p for p in chosen if p not in PARTS]
    if bad or not chosen:
        raise argparse.ArgumentTypeError(f"unknown part(s) {', '.join(bad) or text!r}; choose from {', '.join(PARTS)}")
    return chosen


def main(argv: list[str] | None = None) -> None:
    """Parse flags, run the chosen benchmarks, print the machine and the table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--only", type=_parts, default=PARTS, help=f"comma-separated subset of {', '.join(PARTS)}")
    parser.add_argument("--sizes", type=scale.parse_sizes, default=scale.SIZES, help="scale sizes, e.g. 10k,100k,1M")
    parser.add_argument("--sweep", action="store_true", help="scale: also sweep IVF nprobe")
    parser.add_argument("--rounds", type=int, default=30, help="latency: passes over the question list")
    parser.add_argument("--repeats", type=int, default=3, help="build, cold start and serve: runs of each side")
    parser.add_argument("--device", default="auto", help="encode device: auto, cpu, cuda, mps")
    args = parser.parse_args(argv)
    info = machine()
    print(f"machine: {info['cpu']}; {info['nproc']} cores; {info['ram']} RAM; load avg {info['load']}; "
          f"Python {info['python']}", file=sys.stderr)
    rows: list[Row] = []
    start = time.perf_counter()
    for part in args.only:
        t = time.perf_counter()
        if part == "latency":
            rows += latency.measure(args.rounds, args.device)
        elif part == "build":
            rows += build.measure(args.repeats, args.device)
        elif part == "coldstart":
            rows += coldstart.measure(args.repeats, args.device)
        elif part == "serve":
            rows += serve.measure(args.repeats, args.device)
        elif part == "memory":
            rows += memory.measure(args.device)
        elif part == "scale":
            rows += scale.measure(args.sizes, args.sweep)
        print(f"{part}: {time.perf_counter() - t:.0f}s", file=sys.stderr)
    print(table(rows))
    done = machine()
    print(f"\n{len(rows)} figures in {time.perf_counter() - start:.0f}s; load avg at the end {done['load']} "
          f"on {done['nproc']} cores ({done['cpu']})")


if __name__ == "__main__":
    main()
