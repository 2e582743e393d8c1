"""Throughput and memory of the path from files to a TF-IDF matrix.

Measures, on one core, the whole nlptools path (decode, clean, segment,
tokenise, lemmatise, vectorise) on 20 Newsgroups (18,846 posts, ~36 MB), with
scikit-learn's plain ``TfidfVectorizer`` over the same files timed in the
same run as the reference, and reports the ratio. Peak memory is measured in
a fresh child process per run (``ru_maxrss``), streaming the corpus, at
several corpus fractions, so one can see whether it grows with corpus size
beyond the output matrix itself.

Usage::

    python experiments/bench_pipeline.py --data ../shared/data/20newsgroups-bydate --out runs/bench-pipeline

Writes ``OUT/metrics.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

# one core: pin BLAS/OpenMP pools before numpy/scipy load
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")


def _files(data: Path, fraction: float) -> list[Path]:
    from nlptools.corpus import Corpus

    files = list(Corpus.from_path(data, suffixes=[""]).sources)
    random.Random(0).shuffle(files)
    return sorted(files[: max(1, round(fraction * len(files)))])


def _child(mode: str, data: Path, fraction: float) -> dict:
    """Run one measurement in this (fresh) process and return its figures."""
    import numpy as np

    # modules are imported before the clock starts (for both modes); data loading (simplemma's
    # dictionary on first use) is inside the timed region
    from sklearn.feature_extraction.text import TfidfVectorizer as SkTfidf

    from nlptools.cleaning import clean_corpus
    from nlptools.corpus import Corpus, decode_bytes
    from nlptools.vectorize import TfidfVectorizer

    files = _files(data, fraction)
    nbytes = sum(p.stat().st_size for p in files)
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    wall0, cpu0 = time.perf_counter(), time.process_time()
    if mode == "nlptools":
        corpus = Corpus(files, root=data)
        X = TfidfVectorizer().fit_transform(clean_corpus(corpus))
    elif mode == "sklearn":

        def texts():
            for p in files:
                yield decode_bytes(p.read_bytes(), name=str(p))[0]

        X = SkTfidf().fit_transform(texts())
    else:  # pragma: no cover
        raise SystemExit(f"unknown mode {mode}")
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


def _stages(data: Path) -> dict:
    """Time each stage alone on the whole corpus (stages materialised, so not for memory)."""
    from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

    from nlptools.cleaning import clean_document
    from nlptools.corpus import decode_bytes
    from nlptools.document import Document
    from nlptools.tokens import Tokenizer

    files = _files(data, 1.0)
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


def _run_child(mode: str, data: Path, fraction: float) -> dict:
    cmd = [sys.executable, __file__, "--child", mode, "--data", str(data), "--fraction", str(fraction)]
    proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    if proc.returncode != 0:
        raise SystemExit(f"bench_pipeline: child {mode} {fraction} failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data",
        type=Path,
        default=None,
        help="20newsgroups-bydate folder (default: $NLPTOOLS_DATA/20newsgroups-bydate)",
    )
    parser.add_argument("--out", type=Path, default=Path("runs/bench-pipeline"), help="output folder")
    parser.add_argument("--fractions", default="0.25,0.5,1.0", help="corpus fractions for the memory curve")
    parser.add_argument("--repeats", type=int, default=1, help="full-corpus runs of each mode (best is reported)")
    parser.add_argument("--child", choices=("nlptools", "sklearn"), help=argparse.SUPPRESS)
    parser.add_argument("--fraction", type=float, default=1.0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.data is None:
        base = os.environ.get("NLPTOOLS_DATA")
        if not base:
            parser.error("--data is required (or set NLPTOOLS_DATA)")
        args.data = Path(base) / "20newsgroups-bydate"
    if not args.data.is_dir():
        parser.error(f"--data {args.data}: no such folder")
    if args.child:
        print(json.dumps(_child(args.child, args.data, args.fraction)))
        return 0

    from nlptools.outputs import ensure_dir, write_json

    out = ensure_dir(args.out)
    fractions = [float(f) for f in args.fractions.split(",")]
    runs = []
    for frac in fractions:
        for mode in ("sklearn", "nlptools"):
            reps = args.repeats if frac == 1.0 else 1
            best = min((_run_child(mode, args.data, frac) for _ in range(reps)), key=lambda r: r["cpu_s"])
            runs.append(best)
            print(
                f"{mode:9s} {frac:5.2f}  {best['input_mb']:7.1f} MB  {best['mb_per_s_cpu']:6.2f} MB/s (cpu) "
                f"{best['mb_per_s_wall']:6.2f} MB/s (wall)  peak RSS {best['peak_rss_mb']:7.1f} MB "
                f"(matrix {best['matrix_mb']:.1f} MB)",
                file=sys.stderr,
            )
    full = {r["mode"]: r for r in runs if r["fraction"] == 1.0}
    stages = _stages(args.data)
    metrics = {
        "corpus": str(args.data),
        "runs": runs,
        "stages_nlptools": stages,
        "ratio_nlptools_over_sklearn_speed": round(
            full["nlptools"]["mb_per_s_cpu"] / full["sklearn"]["mb_per_s_cpu"], 3
        )
        if {"nlptools", "sklearn"} <= full.keys()
        else None,
        "target_mb_per_s": 5.0,
        "environment": {
            "python": platform.python_version(),
            "machine": platform.machine(),
            "cpu_count": os.cpu_count(),
            "threads": os.environ.get("OMP_NUM_THREADS"),
            "load_average_1min": round(os.getloadavg()[0], 2),
        },
    }
    write_json(out / "metrics.json", metrics)
    print(json.dumps({k: metrics[k] for k in ("ratio_nlptools_over_sklearn_speed", "stages_nlptools")}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
