"""Same inputs, settings and seed: byte-identical outputs across processes (issue 6).

Two separate Python processes, with different ``PYTHONHASHSEED`` values (so
set and dict-of-str iteration orders differ) and different BLAS/OpenMP
thread counts (1 and 2), run the same jobs; every output must match byte for
byte: ``nlptools themes --format json`` for each theme model, ``digest.json``
and ``digest.md``, a multi-document summary, and an experiment's
``metrics.json`` (and its ``topics.jsonl``).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"

EXPERIMENT = f"""name = "topics-determinism"
kind = "topics"
seed = 0
[corpus]
path = "{SEEDS}"
suffixes = [".txt"]
[vectorize]
unit = "sentence"
min_df = 2
[topics]
models = ["lda", "nmf"]
k = [2, 3]
seeds = [0]
coherence = ["c_npmi"]
"""

# Runs every job in one process (imports paid once) and writes each output into the folder argv[1].
SCRIPT = r"""
import contextlib, io, shutil, sys
from pathlib import Path
from nlptools.cli import main

out, seeds, config = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
jobs = {
    "themes-lda-auto.json": ["-q", "themes", seeds],
    "themes-nmf.json": ["-q", "themes", seeds, "--method", "nmf", "--k", "4", "--seed", "3"],
    "themes-kmeans.json": ["-q", "themes", seeds, "--method", "kmeans", "--k", "3"],
    "themes-lda-sklearn.json": ["-q", "themes", seeds, "--method", "lda-sklearn", "--k", "3", "--themes", "none"],
    "themes-lda-gibbs.json": ["-q", "themes", seeds, "--method", "lda-gibbs", "--k", "4"],
    "themes-paragraph.md": ["-q", "themes", seeds, "--unit", "paragraph", "--k", "3", "--format", "md"],
    "summary-together.jsonl": ["-q", "summarize", seeds, "--together", "--words", "150", "--format", "jsonl"],
    "digest-stdout.md": ["-q", "digest", seeds, "--out", str(out / "digest")],
}
for name, argv in jobs.items():
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        status = main(argv)
    assert status == 0, (name, status)
    (out / name).write_text(buf.getvalue(), encoding="utf-8")
buf = io.StringIO()
with contextlib.redirect_stdout(buf):
    assert main(["-q", "run", config, "--out", str(out / "runs"), "--quiet"]) == 0
run = Path(buf.getvalue().strip())
for name in ("metrics.json", "topics.jsonl", "fits.csv", "config.resolved.json"):
    shutil.copy(run / name, out / f"run-{name}")
"""


def _env(hash_seed: str, threads: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONHASHSEED",)}
    env.update(
        PYTHONHASHSEED=hash_seed,
        OMP_NUM_THREADS=threads,
        OPENBLAS_NUM_THREADS=threads,
        MKL_NUM_THREADS=threads,
        PYTHONPATH=str(ROOT),
    )
    return env


@pytest.mark.slow
def test_outputs_are_byte_identical_across_processes_hash_seeds_and_threads(tmp_path):
    config = tmp_path / "experiment.toml"
    config.write_text(EXPERIMENT, encoding="utf-8")
    settings = [("1", "1"), ("98765", "2")]
    folders, procs = [], []
    for hash_seed, threads in settings:
        folder = tmp_path / f"hash{hash_seed}-threads{threads}"
        folder.mkdir()
        folders.append(folder)
        procs.append(
            subprocess.Popen(
                [sys.executable, "-c", SCRIPT, str(folder), str(SEEDS), str(config)],
                env=_env(hash_seed, threads),
                cwd=tmp_path,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    for proc in procs:
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
    a, b = folders
    names = sorted(p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file() and "runs" not in p.parts)
    assert {"digest/digest.json", "digest/digest.md", "run-metrics.json", "themes-lda-auto.json"} <= set(names)
    differing = [n for n in names if (a / n).read_bytes() != (b / n).read_bytes()]
    assert differing == [], differing
    for n in names:
        assert (a / n).stat().st_size > 0, n
    # the run folders differ only in when and how they ran
    assert "seconds" not in (a / "themes-lda-auto.json").read_text()
    assert "seconds" not in (a / "run-metrics.json").read_text()


# --------------------------------------------------------------------------- thread pools


def test_pinned_threads_limits_blas_and_restores_everything(monkeypatch):
    import numpy as np  # noqa: F401  (loads OpenBLAS, so threadpoolctl sees it)
    from threadpoolctl import threadpool_info

    from nlptools._threads import pinned_threads

    monkeypatch.delenv("NLPTOOLS_THREADS", raising=False)
    monkeypatch.setenv("OMP_NUM_THREADS", "7")
    before = {(p["internal_api"], p["filepath"]): p["num_threads"] for p in threadpool_info()}
    with pinned_threads() as n:
        assert n == 1
        assert os.environ["OMP_NUM_THREADS"] == "1" and os.environ["OPENBLAS_NUM_THREADS"] == "1"
        assert all(p["num_threads"] == 1 for p in threadpool_info())
    assert os.environ["OMP_NUM_THREADS"] == "7"
    after = {(p["internal_api"], p["filepath"]): p["num_threads"] for p in threadpool_info()}
    assert {k: v for k, v in after.items() if k in before} == before
    monkeypatch.setenv("NLPTOOLS_THREADS", "2")
    with pinned_threads() as n:
        assert n == 2 and os.environ["OPENBLAS_NUM_THREADS"] == "2"


@pytest.mark.parametrize("value", ["zero", "0", "-3"])
def test_bad_thread_count_is_a_one_line_error(monkeypatch, capsys, value):
    from nlptools.cli import main

    monkeypatch.setenv("NLPTOOLS_THREADS", value)
    status = main(["sentences", str(SEEDS)])
    err = capsys.readouterr().err
    assert status == 1 and err.startswith("nlptools: error: NLPTOOLS_THREADS: expected an integer from 1 to 1024")
    assert len(err.splitlines()) == 1
