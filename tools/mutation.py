#!/usr/bin/env python3
"""Mutation check (mutmut) of the code behind the promises: index integrity, notes and citations,
abstention, library updates. Rerunnable; not part of CI (it takes tens of minutes on 2 cores).

    pip install mutmut==3.8.1
    python tools/mutation.py                       # every target, stop after 20 minutes
    python tools/mutation.py --budget 45 notes     # one promise, a longer budget
    python tools/mutation.py --report --diffs      # summarise the last run again, survivors' diffs too
    python tools/mutation.py --fresh               # forget earlier results, start over

The checkout's files (tracked and new, not ignored) are copied to ``.mutation/`` (git-ignored), where
mutmut writes ``mutants/`` and keeps its results: a rerun runs only the mutants not killed yet (never
run, or survived: after a test was added, a survivor is tried again), and mutmut regenerates the
mutants of a function whose code changed. Only the functions listed in TARGETS are mutated, and a
mutant runs only the tests (from TESTS) that call its function, stopping at the first failure.

The real-model tests reuse one loaded model across mutants (mutmut forks its workers from a process
that has it; ``OMP_NUM_THREADS=1`` keeps torch fork-safe) and start from an index built once here.
The summary (kill rate per function, survivors, with ``--diffs`` their diffs) is printed and written to
``.mutation/summary.md``; docs/TESTING.md records the figures and explains the survivors.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter, defaultdict
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".mutation"
MUTMUT = "3.8.1"
KILLED = ("killed", "timeout")  # a mutant that makes the tests hang is caught too

# promise -> module -> functions ("Class.method" or "function") whose mutants must be killed. The
# functions that decide each promise; on 2 shared cores mutmut runs ~5-10 mutants a minute, so the
# list is kept to what a 20-40 minute run can cover (add a function here to extend it).
TARGETS: dict[str, dict[str, list[str]]] = {
    "index integrity": {
        "assistant.index": ["file_sha256", "read_manifest", "VectorIndex.load"],
        "assistant.api": ["corpus_fingerprint", "index_fingerprint"],
    },
    "notes and citations": {
        "assistant.answer": ["_Citations.__call__", "_Citations.models", "Composer._notes"],
        "assistant.facts": ["find_superseded"],
    },
    "abstention": {
        "assistant.answer": ["abstain"],
        "assistant.api": ["Assistant._check", "Assistant._off_corpus"],
        "assistant.retrieve": ["LRU.put"],
    },
    "library updates": {
        "assistant.library": ["Library.commit", "Library.collect_garbage"],
        "assistant.api": ["Assistant.remove"],
    },
}

# Fast tests (fake embedder) plus the promise tests on the real model; the kill test and the
# property-based hostile-input tests are left out (minutes per mutant).
TESTS = [
    "tests/test_integrity.py",
    "tests/test_index.py",
    "tests/test_faults.py::TestDamagedIndex",
    "tests/test_faults.py::TestUnwritableIndexFolder",
    "tests/test_library.py::TestAdd",
    "tests/test_library.py::TestChangeAndRemove",
    "tests/test_library.py::TestBadFiles",
    "tests/test_library.py::TestScopeAndThreads",
    "tests/test_facts.py::TestSupersession",
    "tests/test_index_scale.py::TestCaches",
    "tests/test_api.py",
    "tests/test_answer_promises.py",
]


def mangled(function: str) -> str:
    """mutmut's name for a function: x_name, or xǁClassǁmethod."""
    if "." in function:
        cls, name = function.split(".", 1)
        return f"xǁ{cls}ǁ{name}"
    return f"x_{function}"


def patterns(promises: list[str]) -> list[str]:
    return sorted(
        {
            f"{module}.{mangled(f)}__mutmut_*"
            for promise in promises
            for module, functions in TARGETS[promise].items()
            for f in functions
        }
    )


def copy_checkout() -> None:
    """Refresh .mutation/ with the checkout's files; mutmut's own state (mutants/) is kept."""
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, check=True, capture_output=True
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file() and not name.startswith((".mutation/", "tools/")):
            target = WORK / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists() or target.read_bytes() != source.read_bytes():
                shutil.copy2(source, target)
    modules = sorted({m.replace(".", "/") + ".py" for t in TARGETS.values() for m in t})
    config = (
        "\n\n[tool.mutmut]\n"
        'source_paths = ["assistant/"]\n'
        f"only_mutate = {modules!r}\n"
        'also_copy = ["corpus/", "benchmarks/"]\n'
        f"pytest_add_cli_args_test_selection = {TESTS!r}\n"
        'pytest_add_cli_args = ["-p", "no:cacheprovider", "-W", "ignore"]\n'
        'process_isolation = "fork"\n'
        "timeout_multiplier = 5.0\n"
        "timeout_constant = 20.0\n"
    ).replace("'", '"')
    pyproject = WORK / "pyproject.toml"
    pyproject.write_text((ROOT / "pyproject.toml").read_text(encoding="utf-8") + config, encoding="utf-8")


def prebuild_index(env: dict[str, str]) -> Path:
    """Build the real model's index (and embedding cache) once; each test session copies it.

    Built from mutmut's copy of the code once it exists (with no mutant active): the index
    fingerprint hashes the code files, so an index built from the plain copy would be stale in
    every test session there and rebuilt each time.
    """
    index_dir = WORK / "prebuilt-index"
    tree = WORK / "mutants" if (WORK / "mutants" / "assistant").is_dir() else WORK
    code = (
        "from assistant import Assistant; "
        f"Assistant.load(index_dir={str(index_dir)!r}, data_dir={str(WORK / 'prebuilt-data')!r})"
    )
    subprocess.run([sys.executable, "-c", code], cwd=tree, env={**env, "MUTANT_UNDER_TEST": ""}, check=True)
    return index_dir


def run(promises: list[str], budget_s: float, children: int, fresh: bool) -> None:
    if fresh:
        shutil.rmtree(WORK / "mutants", ignore_errors=True)
    WORK.mkdir(exist_ok=True)
    copy_checkout()
    env = {
        **os.environ,
        "OMP_NUM_THREADS": "1",  # torch in forked workers: no thread pool to inherit half-initialised
        "MKL_NUM_THREADS": "1",
        "TOKENIZERS_PARALLELISM": "false",
        "HF_HUB_OFFLINE": "1",
        "ASSISTANT_DATA_DIR": str(WORK / "data"),  # never the user's own documents
        "ASSISTANT_PROMISE_QUESTIONS": "own",  # the promise tests ask their own 26 questions, not the YAML set
    }
    env["ASSISTANT_TEST_INDEX_DIR"] = str(prebuild_index(env))
    names = patterns(promises)
    known = results()
    if known and not fresh:
        # Resume: mutmut re-runs every mutant named on its command line, so name only those not yet killed.
        pending = sorted(n for n, s in known.items() if s not in KILLED and any(fnmatch(n, p) for p in names))
        if not pending:
            print("every mutant of these functions has been run and killed; --fresh starts over", flush=True)
            return
        names = pending
    what = f"{len(names)} mutants" if known and not fresh else f"{len(names)} functions"
    print(f"mutmut {MUTMUT} on {what}, budget {budget_s / 60:.0f} min, {children} workers", flush=True)
    start = time.monotonic()
    child = subprocess.Popen(
        [sys.executable, "-m", "mutmut", "run", "--max-children", str(children), *names],
        cwd=WORK,
        env=env,
        start_new_session=True,  # its own process group: the forked workers stop with it
    )
    try:
        child.wait(timeout=budget_s)
    except (subprocess.TimeoutExpired, KeyboardInterrupt) as stop:
        why = "interrupted" if isinstance(stop, KeyboardInterrupt) else f"budget of {budget_s / 60:.0f} min spent"
        print(f"\n{why}: stopping (a rerun continues from here)", flush=True)
        # Each finished mutant's result is already saved; the ones under test are run again next time.
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()
    print(f"ran {time.monotonic() - start:.0f} s", flush=True)


def results() -> dict[str, str]:
    out = subprocess.run(
        [sys.executable, "-m", "mutmut", "results", "--all", "true"], cwd=WORK, capture_output=True, text=True
    ).stdout
    return dict(re.findall(r"^\s+(\S+__mutmut_\d+): (.+)$", out, re.M))


def report(promises: list[str], with_diffs: bool) -> str:
    status = results()
    lines = [
        "| promise | function | mutants | killed | survived | other |",
        "|---|---|---:|---:|---:|---:|",
    ]
    totals: Counter[str] = Counter()
    survivors: dict[str, list[str]] = defaultdict(list)
    for promise in promises:
        for module, functions in TARGETS[promise].items():
            for function in functions:
                prefix = f"{module}.{mangled(function)}__mutmut_"
                mine = {n: s for n, s in status.items() if n.startswith(prefix)}
                counts = Counter("killed" if s in KILLED else s for s in mine.values())
                other = sum(v for k, v in counts.items() if k not in ("killed", "survived"))
                lines.append(
                    f"| {promise} | `{module.split('.')[-1]}.{function}` | {len(mine)} | {counts['killed']} "
                    f"| {counts['survived']} | {other} |"
                )
                totals.update(counts)
                survivors[f"{module}.{function}"] += [n for n, s in mine.items() if s == "survived"]
    tested = totals["killed"] + totals["survived"]
    rate = totals["killed"] / tested if tested else 0.0
    lines.append(
        f"\n**Kill rate: {totals['killed']}/{tested} = {rate:.1%}** of the mutants that ran"
        f" ({sum(totals.values()) - tested} not run or not covered: {dict(totals)})."
    )
    diffs = []
    for names in survivors.values():
        for name in names:
            if not with_diffs:
                diffs.append(f"- {name} (`mutmut show {name}` in .mutation/)")
                continue
            diff = subprocess.run(
                [sys.executable, "-m", "mutmut", "show", name], cwd=WORK, capture_output=True, text=True
            ).stdout
            diffs.append(f"### {name}\n```diff\n{diff.strip()}\n```")
    text = "\n".join(lines) + ("\n\n## Survivors\n\n" + "\n\n".join(diffs) if diffs else "") + "\n"
    (WORK / "summary.md").write_text(text, encoding="utf-8")
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("promises", nargs="*", help=f"any of: {', '.join(p.split()[0] for p in TARGETS)}")
    parser.add_argument("--budget", type=float, default=20.0, help="minutes of mutation testing (default 20)")
    parser.add_argument("--children", type=int, default=2, help="parallel workers (default 2)")
    parser.add_argument("--report", action="store_true", help="only summarise the last run")
    parser.add_argument("--fresh", action="store_true", help="forget earlier results and start over")
    parser.add_argument("--diffs", action="store_true", help="show each survivor's diff (slow: one mutmut call each)")
    args = parser.parse_args()
    chosen = [p for p in TARGETS if not args.promises or p.split()[0] in args.promises]
    if not chosen:
        parser.error(f"no promise named {args.promises}; choose from {', '.join(p.split()[0] for p in TARGETS)}")
    try:
        import mutmut  # noqa: F401
    except ImportError:
        sys.exit(f"mutmut is not installed: pip install mutmut=={MUTMUT}")
    if not args.report:
        run(chosen, args.budget * 60, args.children, args.fresh)
    print(report(chosen, args.diffs))


if __name__ == "__main__":
    main()
