"""The Ray build engine: the same index as a local build, incremental, and a killed worker costs a retry.

Ray tests run on a local two-CPU Ray started once for this module (``ray.init(num_cpus=2)``).
Without Ray installed (``pip install -e '.[distributed]'``) they skip and say so, unless
``ASSISTANT_REQUIRE_RAY=1`` (set by ``.ci/run``), which turns a missing Ray into a failure.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import threading
import time
from pathlib import Path

import faiss
import numpy as np
import pytest
from typer.testing import CliRunner

from assistant import Assistant
from assistant.distributed import RayEngine, merge_top_k, parse_engine
from assistant.errors import AssistantError
from assistant.index import FLAT_LIMIT
from benchmarks.synthetic import clustered_vectors, write_documents
from tests.conftest import CORPUS, FakeEmbedder

# Questions of the mission: which framework, for what, and the facts behind the choice.
QUESTIONS = [
    "Which framework should I use for mobile?",
    "PyTorch vs Keras",
    "Is Keras still relevant?",
    "Who created Keras?",
    "What is TorchScript used for?",
    "Which framework is best for beginners?",
    "Does TensorFlow support TPUs?",
    "tf or torch for my thesis?",
    "Which framework is best for research?",
    "When was PyTorch released?",
    "Which backends does Keras run on?",
    "What are the pros and cons of TensorFlow?",
    "How does TensorFlow deploy models to production?",
    "Does PyTorch use dynamic computation graphs?",
    "Which framework has the best community support?",
    "Which is faster to train, PyTorch or TensorFlow?",
    "Who develops TensorFlow?",
    "Is PyTorch good for production?",
    "What is TensorFlow Lite?",
    "How easy is Keras to learn?",
]
SYNTHETIC = 20_000
EXPECTED_FILES = {"manifest.json", "vectors.faiss", "passages.jsonl", ".build.lock"}


def top10(bot: Assistant) -> list[list[str]]:
    return [[h.passage.id for h in bot.retrieve(q, k=10)] for q in QUESTIONS]


def vectors(bot: Assistant) -> np.ndarray:
    return bot.index.faiss.reconstruct_n(0, bot.index.faiss.ntotal)


def corpus_with(folder: Path, synthetic: int, **kwargs) -> Path:
    """The shipped corpus plus ``synthetic`` one-sentence passages in Markdown documents."""
    shutil.copytree(CORPUS, folder)
    write_documents(folder, synthetic, **kwargs)
    return folder


def leftovers(index_dir: Path) -> list[str]:
    """Files in the index folder other than the index itself, its lock and its embedding cache."""
    names = (p.name for p in index_dir.iterdir())
    return sorted(n for n in names if n not in EXPECTED_FILES and not n.startswith("cache-"))


@pytest.fixture(scope="module")
def ray_cluster():
    """A local Ray with two CPUs for this module; test embedders are shipped to the workers by value."""
    try:
        import ray
    except ImportError:
        if os.environ.get("ASSISTANT_REQUIRE_RAY") == "1":
            raise
        pytest.skip("Ray is not installed (pip install -e '.[distributed]'); CI installs it and runs these")
    ray.init(num_cpus=2, include_dashboard=False, object_store_memory=512 * 2**20)
    # Test modules are not importable on Ray's workers: send their classes by value.
    ray.cloudpickle.register_pickle_by_value(sys.modules[FakeEmbedder.__module__])
    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])
    yield ray
    ray.shutdown()


@pytest.mark.slow
class TestSameIndexAsLocal:
    @pytest.fixture(scope="class")
    def builds(self, ray_cluster, tmp_path_factory):
        """The shipped corpus plus 20k synthetic passages, built locally and on two Ray workers."""
        root = tmp_path_factory.mktemp("ray-20k")
        corpus = corpus_with(root / "corpus", SYNTHETIC)
        common = dict(corpus_dir=corpus, data_dir=root / "data")
        local = Assistant.load(embedder=FakeEmbedder(), index_dir=root / "local", **common)
        on_ray = Assistant.load(
            embedder=FakeEmbedder(), index_dir=root / "ray", engine=RayEngine(workers=2), **common
        )
        return root, local, on_ray, common

    def test_the_build_ran_on_two_ray_workers_and_embedded_everything(self, builds):
        _, local, on_ray, _ = builds
        report = on_ray.last_build
        assert (report.engine, report.workers) == ("ray", 2)
        assert report.passages == report.encoded == local.last_build.passages
        assert sum(p.source.startswith("synthetic-") for p in on_ray.passages) == SYNTHETIC
        assert on_ray.index.manifest.index_type == "IndexIVFFlat"  # above FLAT_LIMIT: IVF trained on a sample
        assert report.passages > FLAT_LIMIT

    def test_same_top10_for_twenty_questions(self, builds):
        _, local, on_ray, _ = builds
        assert len(QUESTIONS) == 20
        assert top10(on_ray) == top10(local)

    def test_same_passages_vectors_and_files(self, builds):
        root, local, on_ray, _ = builds
        assert on_ray.passages == local.passages
        np.testing.assert_array_equal(vectors(on_ray), vectors(local))
        assert on_ray.index.manifest.checksums == local.index.manifest.checksums  # byte-identical files
        assert leftovers(root / "ray") == []

    def test_a_local_load_opens_the_ray_index_without_rebuilding(self, builds):
        root, _, on_ray, common = builds
        again = Assistant.load(embedder=FakeEmbedder(), index_dir=root / "ray", **common)
        assert again.last_build is None
        assert top10(again) == top10(on_ray)


@pytest.mark.slow
class TestIncremental:
    def test_only_passages_missing_from_the_cache_are_embedded_on_ray(self, ray_cluster, tmp_path):
        corpus = corpus_with(tmp_path / "corpus", 400, per_doc=100)
        settings = dict(corpus_dir=corpus, index_dir=tmp_path / "index", data_dir=tmp_path / "data")
        first = Assistant.load(embedder=FakeEmbedder(), engine="ray", **settings)
        assert first.last_build.encoded == first.last_build.passages
        (corpus / "zz-new.md").write_text(
            "# New notes\n\n" + "\n\n".join(f"Fresh passage number {i} about Keras layers." for i in range(30)),
            encoding="utf-8",
        )
        log = tmp_path / "batches.log"
        second = Assistant.load(embedder=LoggingFake(log), engine="ray", **settings)
        assert second.last_build.engine == "ray"
        assert second.last_build.encoded == 30
        # What the actors were given; the driver itself embeds the few generic words the new document shifts.
        assert sum(n for what, pid, n, _ in read_log(log) if what == "end" and pid != os.getpid()) == 30
        assert second.last_build.passages == first.last_build.passages + 30
        # The cache the Ray build wrote is the local build's cache: a local rebuild embeds nothing.
        counting = FakeEmbedder()
        local = Assistant.load(embedder=counting, rebuild=True, **settings)
        assert counting.calls == 0 and local.last_build.encoded == 0
        assert local.index.manifest.checksums == second.index.manifest.checksums


class LoggingFake(FakeEmbedder):
    """The fake embedder, logging each batch it starts and ends (``start|end pid texts first-text``).

    Runs in Ray's worker processes; the log (a file, appended line by line) is how the test sees
    what each actor did. ``delay`` slows every batch down.
    """

    def __init__(self, log: Path, delay: float = 0.0) -> None:
        super().__init__()
        self.log, self.delay = str(log), delay

    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        self._note("start", texts)
        time.sleep(self.delay)
        out = super().encode(texts)
        self._note("end", texts)
        return out

    def _note(self, what: str, texts: list[str]) -> None:
        key = texts[0][:40].replace("\n", " ").replace("\t", " ")
        fd = os.open(self.log, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        try:
            os.write(fd, f"{what}\t{os.getpid()}\t{len(texts)}\t{key}\n".encode())
        finally:
            os.close(fd)


def read_log(path: Path) -> list[tuple[str, int, int, str]]:
    if not path.exists():
        return []
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]
    return [(what, int(pid), int(n), key) for what, pid, n, key in rows]


@pytest.mark.slow
def test_a_killed_actor_costs_a_retry_not_a_wrong_index(ray_cluster, tmp_path):
    corpus = corpus_with(tmp_path / "corpus", 2_000, per_doc=500)
    log = tmp_path / "batches.log"
    settings = dict(corpus_dir=corpus, data_dir=tmp_path / "data")
    killed: list[tuple[int, str]] = []

    def kill_first_busy_actor() -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            started = [(pid, key) for what, pid, _, key in read_log(log) if what == "start"]
            if started:
                pid, key = started[0]
                os.kill(pid, signal.SIGKILL)  # mid-batch: the actor sleeps 0.4 s inside encode
                killed.append((pid, key))
                return
            time.sleep(0.02)

    killer = threading.Thread(target=kill_first_busy_actor)
    killer.start()
    on_ray = Assistant.load(
        embedder=LoggingFake(log, delay=0.4),
        index_dir=tmp_path / "ray",
        engine=RayEngine(workers=2, batch_size=100),
        **settings,
    )
    killer.join()
    assert killed, "no actor was seen starting a batch"
    pid, key = killed[0]
    events = read_log(log)
    assert not any(e[:2] == ("end", pid) and e[3] == key for e in events), "the batch ended before the kill"
    assert any(what == "end" and k == key and p != pid for what, p, _, k in events), "the killed batch was not retried"
    assert len({p for _, p, _, _ in events}) >= 3, "no replacement actor started"

    local = Assistant.load(embedder=FakeEmbedder(), index_dir=tmp_path / "local", **settings)
    assert on_ray.passages == local.passages
    np.testing.assert_array_equal(vectors(on_ray), vectors(local))
    assert top10(on_ray) == top10(local)
    assert leftovers(tmp_path / "ray") == []
    again = Assistant.load(embedder=FakeEmbedder(), index_dir=tmp_path / "ray", **settings)
    assert again.last_build is None, "the next load did not accept the index the Ray build wrote"


@pytest.mark.slow
def test_cli_on_ray_with_the_real_model_matches_the_local_build(ray_cluster, tmp_path):
    """``assistant index --engine ray --workers 2`` on 2k passages: vectors within 1e-5 of a local build."""
    from assistant.cli import app
    from assistant.embed import SentenceEmbedder

    corpus = corpus_with(tmp_path / "corpus", 1_810, per_doc=200)
    embedder = SentenceEmbedder(device="cpu")
    settings = dict(corpus_dir=corpus, data_dir=tmp_path / "data")
    local = Assistant.load(embedder=embedder, index_dir=tmp_path / "local", **settings)
    args = ["index", "--engine", "ray", "--workers", "2", "--device", "cpu"]
    args += ["--corpus-dir", str(corpus), "--index-dir", str(tmp_path / "ray")]
    result = CliRunner().invoke(app, args, env={"ASSISTANT_DATA_DIR": str(tmp_path / "data")})
    assert result.exit_code == 0, result.output
    assert f"indexed {len(local.passages)} passages ({len(local.passages)} embedded" in result.output
    assert "on 2 Ray worker(s)" in result.output and "passages/s" in result.output
    on_ray = Assistant.load(embedder=embedder, index_dir=tmp_path / "ray", **settings)
    assert on_ray.last_build is None  # the local engine opens what the Ray engine wrote, as it is
    assert 2_000 <= len(on_ray.passages) <= 2_100
    assert on_ray.passages == local.passages
    diff = np.abs(vectors(on_ray) - vectors(local)).max()
    assert diff <= 1e-5, f"largest difference {diff:.2e}"


@pytest.mark.slow
class TestClusterTooSmall:
    @pytest.mark.parametrize(
        ("engine", "message"),
        [
            (RayEngine(workers=3), r"3 workers x 1 CPU each need 3 CPU, but the Ray cluster has 2"),
            (RayEngine(workers=2, num_gpus_per_worker=1), r"need 2 GPU, but the Ray cluster has 0"),
        ],
    )
    def test_is_refused_with_the_numbers(self, ray_cluster, tmp_path, engine, message):
        with pytest.raises(ValueError, match=message):
            Assistant.load(embedder=FakeEmbedder(), index_dir=tmp_path, data_dir=tmp_path / "d", engine=engine)


# -- no Ray needed ---------------------------------------------------------------------------
class TestEngineChoice:
    def test_unknown_engine_is_named(self, tmp_path):
        with pytest.raises(ValueError, match="'spark'; use 'local', 'ray'"):
            Assistant.load(embedder=FakeEmbedder(), index_dir=tmp_path, engine="spark")

    def test_ray_means_default_ray_settings(self):
        assert parse_engine("ray") == RayEngine()
        assert RayEngine().workers == 2

    @pytest.mark.parametrize("bad", [{"workers": 0}, {"num_gpus_per_worker": -1}, {"cpus_per_worker": 0}, {"wrkrs": 2}])
    def test_bad_ray_settings_are_refused(self, bad):
        with pytest.raises(ValueError):
            RayEngine(**bad)

    def test_missing_ray_says_how_to_install_it(self, tmp_path, monkeypatch):
        monkeypatch.setitem(sys.modules, "ray", None)  # import ray -> ImportError
        with pytest.raises(AssistantError, match=r"pip install 'framework-advisor\[distributed\]'"):
            Assistant.load(embedder=FakeEmbedder(), index_dir=tmp_path, data_dir=tmp_path / "d", engine="ray")

    def test_a_fresh_index_loads_without_starting_ray(self, tmp_path, monkeypatch):
        settings = dict(corpus_dir=CORPUS, index_dir=tmp_path / "i", data_dir=tmp_path / "d")
        Assistant.load(embedder=FakeEmbedder(), **settings)
        monkeypatch.setitem(sys.modules, "ray", None)
        assert Assistant.load(embedder=FakeEmbedder(), engine="ray", **settings).last_build is None

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["--workers", "2"], "--workers only apply with --engine ray"),
            (["--engine", "spark"], "--engine is 'spark'"),
            (["--engine", "ray", "--workers", "0"], "--workers: Input should be greater than or equal to 1"),
        ],
    )
    def test_cli_flag_errors(self, args, message, tmp_path):
        from assistant.cli import app

        result = CliRunner().invoke(app, ["index", "--index-dir", str(tmp_path), *args])
        assert result.exit_code == 2
        assert message in result.output


class TestMergeTopK:
    def test_sharded_search_merged_equals_one_index(self):
        vectors_, queries = clustered_vectors(6000, dim=32, queries=100, seed=5)
        whole = faiss.IndexFlatIP(32)
        whole.add(vectors_)
        bounds = [0, 1000, 3500, 6000]  # uneven shards
        shards = []
        for lo, hi in zip(bounds, bounds[1:], strict=False):
            shard = faiss.IndexFlatIP(32)
            shard.add(vectors_[lo:hi])
            shards.append((lo, shard))
        _, truth = whole.search(queries, 10)
        for q, want in zip(queries, truth, strict=True):
            parts = []
            for offset, shard in shards:
                s, i = shard.search(q.reshape(1, -1), 10)
                parts.append((s[0], np.where(i[0] >= 0, i[0] + offset, -1)))
            scores, ids = merge_top_k(parts, 10)
            assert ids.tolist() == want.tolist()
            assert np.all(np.diff(scores) <= 0)

    def test_fillers_are_dropped_and_k_is_checked(self):
        scores, ids = merge_top_k([(np.array([0.9, -3.4e38]), np.array([4, -1])), (np.array([0.95]), np.array([7]))], 5)
        assert ids.tolist() == [7, 4]
        with pytest.raises(ValueError, match="k is 0"):
            merge_top_k([], 0)
