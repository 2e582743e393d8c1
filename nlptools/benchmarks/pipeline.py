"""Throughput and memory of the path from files to a TF-IDF matrix, against scikit-learn.

:func:`measure_in_child` runs one measurement in a fresh Python process
(``python -m nlptools.benchmarks.pipeline --child MODE ...``), so its peak
memory (``ru_maxrss``) is its own: ``nlptools`` streams the files through
decoding, cleaning, segmentation, tokenising, lemmatising and
:class:`~nlptools.vectorize.TfidfVectorizer`; ``sklearn`` decodes the same
files and runs scikit-learn's plain ``TfidfVectorizer``. Modules are
imported before the clock starts; each child runs with one BLAS/OpenMP
thread (unless the environment says otherwise) and ``PYTHONHASHSEED=0``.
:func:`stage_times` times each stage alone on the whole corpus, in this process.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import NlptoolsError

__all__ = ["MODES", "corpus_files", "measure", "measure_in_child", "stage_times", "main"]

#: What a child process can measure, in the order they are measured.
MODES = ("sklearn", "nlptools")

#: Environment variables that pin BLAS/OpenMP pools, set to 1 in children unless already set.
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def corpus_files(data: Path, fraction: float) -> list[Path]:
    """A seeded random ``fraction`` of the files of ``data`` (files without a suffix), sorted."""
    from ..corpus import Corpus

    files = list(Corpus.from_path(data, suffixes=[""]).sources)
    random.Random(0).shuffle(files)
    return sorted(files[: max(1, round(fraction * len(files)))])


def measure(mode: str, data: Path, fraction: float) -> dict[str, Any]:
    """Run one measurement in this process (meant to be a fresh one) and return its figures."""
    import numpy as np

    # modules are imported before the clock starts (for both modes); data loading (simplemma's
    # dictionary on first use) is inside the timed region
    from sklearn.feature_extraction.text import TfidfVectorizer as SkTfidf

    from ..cleaning import clean_corpus
    from ..corpus import Corpus
    from ..io import decode_bytes
    from ..vectorize import TfidfVectorizer

    files = corpus_files(data, fraction)
    nbytes = sum(p.stat().st_size for p in files)
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    wall0, cpu0 = time.perf_counter(), time.process_time()
    if mode == "nlptools":
        corpus = Corpus(files, root=data)
        X = TfidfVectorizer().fit_transform(clean_corpus(corpus))
    elif mode == "sklearn":

        def texts() -> Any:
            for p in files:
                yield decode_bytes(p.read_bytes(), name=str(p))[0]

        X = SkTfidf().fit_transform(texts())
    else:
        raise ValueError(f"mode: {mode!r} is not one of {', '.join(MODES)}")
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    matrix_mb = (X.data.nbytes + X.indices.nbytes + X.indptr.nbytes) / 1e6
    return {
        "mode": mode,
        "fraction": fraction,
        "documents": len(files),
        "input_mb": round(nbytes / 1e6, 3),
        "wall_s": round(wall, 3),
        "cpu_s": round(cpu, 3),
        "mb_per_s_wall": round(nbytes / 1e6 / wall, 3),
        "mb_per_s_cpu": round(nbytes / 1e6 / cpu, 3),
        "shape": list(X.shape),
        "nnz": int(X.nnz),
        "matrix_mb": round(matrix_mb, 3),
        "peak_rss_mb": round(rss1 / 1024, 1),
        "rss_before_mb": round(rss0 / 1024, 1),
        "peak_rss_growth_mb": round((rss1 - rss0) / 1024, 1),
        "dtype": str(np.asarray(X.data).dtype),
    }


def measure_in_child(mode: str, data: Path, fraction: float) -> dict[str, Any]:
    """:func:`measure` in a fresh Python process (one BLAS thread unless set, ``PYTHONHASHSEED=0``)."""
    cmd = [sys.executable, "-m", __name__, "--child", mode, "--data", str(data), "--fraction", str(fraction)]
    env = {**{v: "1" for v in THREAD_VARS}, **os.environ, "PYTHONHASHSEED": "0"}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if proc.returncode != 0:
        raise NlptoolsError(f"pipeline benchmark: child {mode} {fraction} failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def stage_times(data: Path) -> dict[str, Any]:
    """Time each stage alone on the whole corpus (stages materialised, so not for memory)."""
    from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

    from ..cleaning import clean_document
    from ..document import Document
    from ..io import decode_bytes
    from ..tokens import Tokenizer

    files = corpus_files(data, 1.0)
    nbytes = sum(p.stat().st_size for p in files)
    out = {}
    t = time.process_time()
    docs = [Document(id=str(i), text=decode_bytes(p.read_bytes(), name=str(p))[0]) for i, p in enumerate(files)]
    out["decode"] = time.process_time() - t
    t = time.process_time()
    cleaned = [clean_document(d) for d in docs]
    out["clean_and_segment"] = time.process_time() - t
    t = time.process_time()
    tok = Tokenizer()
    tokens = [tok(" ".join(s.text for s in c.sentences if not s.heading)) for c in cleaned]
    out["tokenise_and_lemmatise"] = time.process_time() - t
    t = time.process_time()
    counts = CountVectorizer(analyzer=lambda x: x).fit_transform(tokens)
    TfidfTransformer().fit_transform(counts)
    out["vectorise"] = time.process_time() - t
    mb = nbytes / 1e6
    return {
        "input_mb": round(mb, 3),
        "cpu_s": {k: round(v, 3) for k, v in out.items()},
        "mb_per_s": {k: round(mb / v, 2) for k, v in out.items() if v > 0},
        "sentences": sum(len(c.sentences) for c in cleaned),
        "removed_spans": sum(len(c.removed) for c in cleaned),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """The child process: ``--child MODE --data DIR --fraction F`` prints one JSON line."""
    p = argparse.ArgumentParser(description="one measurement of the pipeline benchmark (a child process)")
    p.add_argument("--child", choices=MODES, required=True)
    p.add_argument("--data", type=Path, required=True)
    p.add_argument("--fraction", type=float, default=1.0)
    args = p.parse_args(argv)
    print(json.dumps(measure(args.child, args.data, args.fraction)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
