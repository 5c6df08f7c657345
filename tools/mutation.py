#!/usr/bin/env python3
"""Mutation check (mutmut) of the code behind the promises: index integrity, notes and citations,
abstention, library updates, and the question path that composes every answer. Rerunnable; not part
of CI (it takes tens of minutes on 2 cores).

    pip install mutmut==3.8.1
    nice python tools/mutation.py                    # every module, at most 30 mutants each, 60-minute budget
    nice python tools/mutation.py notes --cap 0      # one promise, every mutant of its modules
    python tools/mutation.py --report --diffs        # summarise the last run again, survivors' diffs too
    python tools/mutation.py --fresh                 # forget earlier results, start over

The checkout's files (tracked and new, not ignored) are copied to ``.mutation/`` (git-ignored), where
mutmut writes ``mutants/`` and keeps its results: a rerun runs only the chosen mutants not killed yet
(never run, or survived: after a test was added, a survivor is tried again), and mutmut regenerates
the mutants of a function whose code changed.

Which mutants: TARGETS lists, per promise, the modules and the functions in them whose mutants count
(``ALL``: every function of the module). ``--cap N`` keeps at most N mutants per module, a fixed
sample (ordered by a hash of the mutant's name, so a rerun picks the same ones); ``--cap 0`` keeps
all. Each mutant runs only the tests (from TESTS) that call its function, stopping at the first
failure.

The real-model tests reuse one loaded model across mutants (mutmut forks its workers from a process
that has it; ``OMP_NUM_THREADS=1`` keeps torch fork-safe) and start from an index built once here.
The summary (kill rate per module, survivors, with ``--diffs`` their diffs) is printed and written to
``.mutation/summary.md``; docs/TESTING.md records the figures and explains the survivors.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".mutation"
MUTMUT = "3.8.1"
KILLED = ("killed", "timeout")  # a mutant that makes the tests hang is caught too
ALL = ["*"]

# promise -> module -> functions ("Class.method" or "function"; ALL for the whole module).
TARGETS: dict[str, dict[str, list[str]]] = {
    "integrity": {
        "assistant.index": ["file_sha256", "atomic_write", "read_manifest", "VectorIndex.load", "VectorIndex.save"],
        "assistant.catalog": ["fingerprint", "corpus_fingerprint", "index_fingerprint"],
    },
    "notes": {  # notes and citations
        "assistant.answer.notes": ALL,
        "assistant.answer.cite": ALL,
        "assistant.facts.supersede": ["find_superseded"],
    },
    "abstention": {
        "assistant.abstention": ALL,
        "assistant.api": ["Assistant._check", "Assistant.ask"],
        "assistant.retrieve": ["LRU.get", "LRU.put"],
    },
    "library": {  # library updates
        "assistant.library": ["Library.commit", "Library._write_registry", "Library._tidy"],
        "assistant.api": ["Assistant.remove", "Assistant._update"],
    },
    "answers": {  # the question path: understanding a turn, choosing and quoting evidence
        "assistant.answer.compose": ALL,
        "assistant.answer.base": ALL,
        "assistant.answer.recommend": ALL,
        "assistant.answer.compare": ALL,
        "assistant.answer.explain": ALL,
        "assistant.answer.evidence": ALL,
        "assistant.conversation": ALL,
    },
}

# Fast tests (fake embedder) plus the real-model answer tests. Left out: the kill test and the
# property-based hostile-input tests (minutes per mutant), and tests/test_quality.py, whose report is
# a module fixture that mutmut credits to the first question only (so a mutant would run one item).
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
    "tests/test_hostile.py::TestWrongTypes::test_bad_k",  # not its Hypothesis tests: a health check fails under mutmut
    "tests/test_index_scale.py::TestCaches",
    "tests/test_api.py",
    "tests/test_answer_promises.py",
    "tests/test_answer_behaviour.py",
]


def mangled(function: str) -> str:
    """mutmut's name for a function: x_name, or xǁClassǁmethod."""
    if "." in function:
        cls, name = function.split(".", 1)
        return f"xǁ{cls}ǁ{name}"
    return f"x_{function}"


def module_of(mutant: str) -> str:
    """``assistant.answer.notes`` from ``assistant.answer.notes.x_notes__mutmut_3``."""
    return mutant.split(".x_")[0].split(".xǁ")[0]


def wanted(mutant: str, module: str, functions: list[str]) -> bool:
    if module_of(mutant) != module:
        return False
    return functions == ALL or any(mutant.startswith(f"{module}.{mangled(f)}__mutmut_") for f in functions)


def targets(promises: list[str]) -> list[tuple[str, str, list[str]]]:
    """(promise, module, functions) for the chosen promises."""
    return [(p, module, fs) for p in promises for module, fs in TARGETS[p].items()]


def sample(names: list[str], cap: int) -> list[str]:
    """At most ``cap`` names (all when cap is 0), the same ones on every run: ordered by a hash of the name."""
    if not cap or len(names) <= cap:
        return sorted(names)
    return sorted(sorted(names, key=lambda n: hashlib.sha256(n.encode()).hexdigest())[:cap])


def chosen(promises: list[str], cap: int, status: dict[str, str]) -> dict[tuple[str, str], list[str]]:
    """(promise, module) -> the mutants that count for it."""
    out: dict[tuple[str, str], list[str]] = {}
    for promise, module, functions in targets(promises):
        out[(promise, module)] = sample([n for n in status if wanted(n, module, functions)], cap)
    return out


def copy_checkout(promises: list[str]) -> None:
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
    modules = sorted({module.replace(".", "/") + ".py" for _, module, _ in targets(list(TARGETS))})
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


def generate(env: dict[str, str]) -> None:
    """Write mutants/ (mutmut's first step of ``run``, alone), so the mutants can be listed and sampled."""
    code = (
        "import os; from mutmut.__main__ import copy_src_dir, copy_also_copy_files, setup_source_paths, "
        "create_mutants; from mutmut.mutation.trampoline import set_mutant_under_test; "
        "set_mutant_under_test('mutant_generation'); os.makedirs('mutants', exist_ok=True); "
        "copy_src_dir(); copy_also_copy_files(); setup_source_paths(); create_mutants(2)"
    )
    subprocess.run([sys.executable, "-c", code], cwd=WORK, env=env, check=True, stdout=subprocess.DEVNULL)


def prebuild_index(env: dict[str, str]) -> Path:
    """Build the real model's index (and embedding cache) once from mutmut's copy of the code, with no
    mutant active (the index fingerprint hashes code files); each test session copies it."""
    index_dir = WORK / "prebuilt-index"
    code = (
        "from assistant import Assistant; "
        f"Assistant.load(index_dir={str(index_dir)!r}, data_dir={str(WORK / 'prebuilt-data')!r})"
    )
    subprocess.run([sys.executable, "-c", code], cwd=WORK / "mutants", env={**env, "MUTANT_UNDER_TEST": ""}, check=True)
    return index_dir


def run(promises: list[str], cap: int, budget_s: float, children: int, fresh: bool) -> None:
    if fresh:
        shutil.rmtree(WORK / "mutants", ignore_errors=True)
    WORK.mkdir(exist_ok=True)
    copy_checkout(promises)
    env = {
        **os.environ,
        "OMP_NUM_THREADS": "1",  # torch in forked workers: no thread pool to inherit half-initialised
        "MKL_NUM_THREADS": "1",
        "TOKENIZERS_PARALLELISM": "false",
        "HF_HUB_OFFLINE": "1",
        "ASSISTANT_DATA_DIR": str(WORK / "data"),  # never the user's own documents
        "ASSISTANT_PROMISE_QUESTIONS": "own",  # the promise tests ask their own 26 questions, not the YAML set
    }
    generate(env)
    env["ASSISTANT_TEST_INDEX_DIR"] = str(prebuild_index(env))
    status = results()
    names = [n for group in chosen(promises, cap, status).values() for n in group]
    # mutmut re-runs every mutant named on its command line, so name only those not yet killed.
    pending = sorted(n for n in names if status.get(n) not in KILLED)
    if not pending:
        print("every chosen mutant has been run and killed; --fresh starts over", flush=True)
        return
    print(
        f"mutmut {MUTMUT}: {len(pending)} of {len(names)} chosen mutants to run, budget {budget_s / 60:.0f} min, "
        f"{children} workers",
        flush=True,
    )
    start = time.monotonic()
    child = subprocess.Popen(
        [sys.executable, "-m", "mutmut", "run", "--max-children", str(children), *pending],
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
    """Every generated mutant's status ("not checked" until it ran)."""
    out = subprocess.run(
        [sys.executable, "-m", "mutmut", "results", "--all", "true"], cwd=WORK, capture_output=True, text=True
    ).stdout
    return dict(re.findall(r"^\s+(\S+__mutmut_\d+): (.+)$", out, re.M))


def report(promises: list[str], cap: int, with_diffs: bool) -> str:
    status = results()
    groups = chosen(promises, cap, status)
    lines = [
        "| promise | module | functions | mutants | chosen | killed | survived | not run |",
        "|---|---|---|---:|---:|---:|---:|---:|",
    ]
    totals: Counter[str] = Counter()
    survivors: dict[str, list[str]] = defaultdict(list)
    for promise, module, functions in targets(promises):
        mine = {n: status[n] for n in groups[(promise, module)]}
        every = sum(1 for n in status if wanted(n, module, functions))
        counts = Counter("killed" if s in KILLED else s for s in mine.values())
        other = sum(v for k, v in counts.items() if k not in ("killed", "survived"))
        what = "all" if functions == ALL else ", ".join(f"`{f}`" for f in functions)
        lines.append(
            f"| {promise} | `{module}` | {what} | {every} | {len(mine)} | {counts['killed']} | {counts['survived']} "
            f"| {other} |"
        )
        totals.update(counts)
        survivors[module] += [n for n, s in mine.items() if s == "survived"]
    tested = totals["killed"] + totals["survived"]
    rate = totals["killed"] / tested if tested else 0.0
    lines.append(
        f"\n**Kill rate: {totals['killed']}/{tested} = {rate:.1%}** of the chosen mutants that ran"
        f" (cap {cap or 'none'} per module; statuses: {dict(totals)})."
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
    parser.add_argument("promises", nargs="*", help=f"any of: {', '.join(TARGETS)}")
    parser.add_argument("--cap", type=int, default=30, help="mutants per module, a fixed sample (0: all; default 30)")
    parser.add_argument("--budget", type=float, default=60.0, help="minutes of mutation testing (default 60)")
    parser.add_argument("--children", type=int, default=2, help="parallel workers (default 2)")
    parser.add_argument("--report", action="store_true", help="only summarise the last run")
    parser.add_argument("--fresh", action="store_true", help="forget earlier results and start over")
    parser.add_argument("--diffs", action="store_true", help="show each survivor's diff (slow: one mutmut call each)")
    args = parser.parse_args()
    unknown = [p for p in args.promises if p not in TARGETS]
    if unknown:
        parser.error(f"no promise named {', '.join(unknown)}; choose from {', '.join(TARGETS)}")
    promises = args.promises or list(TARGETS)
    try:
        import mutmut  # noqa: F401
    except ImportError:
        sys.exit(f"mutmut is not installed: pip install mutmut=={MUTMUT}")
    if not args.report:
        run(promises, args.cap, args.budget * 60, args.children, args.fresh)
    print(report(promises, args.cap, args.diffs))


if __name__ == "__main__":
    main()
