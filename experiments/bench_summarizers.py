"""Speed of native summarisers against sumy's, on the same inputs.

Two measurements, written to ``OUT/bench_summarizers.json``:

1. **BBC set** (the 300-article protocol of ``summaries_bbc.py``): each
   method summarises each article with as many sentences as its reference
   (sentences in, summary out: tokenising, ranking and selecting all timed).
   Native and sumy runs of a pair are interleaved article by article and
   repeated, the best of the repeats kept, so machine load drifts hit both
   alike. Reported: seconds per article, the speed ratio sumy / native, and
   ROUGE-1 F1 of both. Measured two ways: one call per article
   (``summarize_sentences``), and the whole set in one batch
   (``summarize_many``: each article still summarised on its own, features
   built in one pass and same-sized graphs solved as a stack; sumy's rankers
   go through the same call, one article at a time). The batch must choose
   exactly the sentences of the per-article calls (checked, recorded).
2. **Cost growth** on one long document: the body sentences of BBC articles
   concatenated (in corpus order) to 100, 200, 400, 800 and 1,600 sentences,
   10-sentence summaries. Slow sumy methods are capped: a size is skipped
   when the previous size's time, scaled quadratically, would exceed
   ``--cap`` seconds (the skip is recorded, not guessed as a number).

Both wall-clock and process CPU time are recorded (best of the repeats); on
a shared machine CPU time is the steadier of the two. BLAS is limited to one
thread (threadpoolctl) so every method runs on one core.

Usage::

    .venv/bin/python experiments/bench_summarizers.py --data ../shared/data/bbc-news-summary --out runs/bench-summ
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from nlptools.errors import NlptoolsError
from nlptools.evaluate.rouge import rouge
from nlptools.outputs import ensure_dir, write_json
from nlptools.summarize import get_ranker, summarize_many, summarize_sentences
from nlptools.summarize.benchmark import load_reference_corpus

logger = logging.getLogger("bench_summarizers")

PAIRS = [("lexrank", "sumy-lexrank"), ("textrank", "sumy-textrank")]
GROWTH_METHODS = [
    "lead",
    "centroid",
    "textrank",
    "lexrank",
    "sumy-lexrank",
    "sumy-textrank",
    "sumy-lsa",
    "sumy-luhn",
    "sumy-reduction",
    "sumy-kl",
    "sumy-sumbasic",
    "sumy-edmundson",
]
SIZES = [100, 200, 400, 800, 1600]


def default_data() -> Path:
    env = os.environ.get("NLPTOOLS_DATA")
    base = Path(env) if env else Path(__file__).resolve().parents[1].parent / "shared" / "data"
    return base / "bbc-news-summary"


def _summarize(sentences: list, ranker: Any, k: int) -> Any:
    return summarize_sentences(sentences, method=ranker, n_sentences=k, redundancy=None, max_ranked=None)


def _timed(sentences: list, ranker: Any, k: int) -> tuple[Any, float, float]:
    w0, c0 = time.perf_counter(), time.process_time()
    s = _summarize(sentences, ranker, k)
    return s, time.perf_counter() - w0, time.process_time() - c0


def bench_bbc(articles: list, repeats: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for native, sumy in PAIRS:
        rankers = {native: get_ranker(native), sumy: get_ranker(sumy)}
        for art in articles[:3]:  # warm-up: imports, lemma caches
            for r in rankers.values():
                _summarize(art.candidates, r, art.n_reference)
        wall = {name: np.full(len(articles), np.inf) for name in rankers}
        cpu = {name: np.full(len(articles), np.inf) for name in rankers}
        chosen: dict[str, list[list[int]]] = {native: [], sumy: []}
        for rep in range(repeats):
            for i, art in enumerate(articles):
                for name, r in rankers.items():
                    summary, w, c = _timed(art.candidates, r, art.n_reference)
                    wall[name][i] = min(wall[name][i], w)
                    cpu[name][i] = min(cpu[name][i], c)
                    if rep == 0:
                        chosen[name].append(summary.positions)
        # the whole set in one batch, interleaved the same way
        sets = [a.candidates for a in articles]
        ks = [a.n_reference for a in articles]
        batch_wall = dict.fromkeys(rankers, np.inf)
        batch_cpu = dict.fromkeys(rankers, np.inf)
        batch_same = {}
        for rep in range(repeats):
            for name, r in rankers.items():
                w0, c0 = time.perf_counter(), time.process_time()
                many = summarize_many(sets, method=r, n_sentences=ks, redundancy=None, max_ranked=None)
                batch_wall[name] = min(batch_wall[name], time.perf_counter() - w0)
                batch_cpu[name] = min(batch_cpu[name], time.process_time() - c0)
                if rep == 0:
                    batch_same[name] = [s.positions for s in many] == chosen[name]
        r1 = {}
        for name in (native, sumy):
            r1[name] = 100.0 * float(
                np.mean(
                    [
                        rouge([a.candidates[j].text for j in picked], a.reference_sentences, types=("rouge1",))[
                            "rouge1"
                        ]
                        for a, picked in zip(articles, chosen[name])
                    ]
                )
            )
        n = len(articles)
        out[native] = {
            "native": native,
            "sumy": sumy,
            "native_ms_per_article": 1000 * float(wall[native].sum()) / n,
            "sumy_ms_per_article": 1000 * float(wall[sumy].sum()) / n,
            "speedup": float(wall[sumy].sum() / wall[native].sum()),
            "native_cpu_ms_per_article": 1000 * float(cpu[native].sum()) / n,
            "sumy_cpu_ms_per_article": 1000 * float(cpu[sumy].sum()) / n,
            "speedup_cpu": float(cpu[sumy].sum() / max(cpu[native].sum(), 1e-9)),
            "batch_native_ms_per_article": 1000 * float(batch_wall[native]) / n,
            "batch_sumy_ms_per_article": 1000 * float(batch_wall[sumy]) / n,
            "batch_speedup": float(batch_wall[sumy] / batch_wall[native]),
            "batch_native_cpu_ms_per_article": 1000 * float(batch_cpu[native]) / n,
            "batch_sumy_cpu_ms_per_article": 1000 * float(batch_cpu[sumy]) / n,
            "batch_speedup_cpu": float(batch_cpu[sumy] / max(batch_cpu[native], 1e-9)),
            "batch_chooses_as_per_article": {k: bool(v) for k, v in batch_same.items()},
            "native_rouge1": r1[native],
            "sumy_rouge1": r1[sumy],
        }
        o = out[native]
        logger.info(
            "%s vs %s, per article: wall %.3f vs %.3f ms (%.1fx), cpu %.3f vs %.3f ms (%.1fx); R1 %.2f vs %.2f",
            native,
            sumy,
            o["native_ms_per_article"],
            o["sumy_ms_per_article"],
            o["speedup"],
            o["native_cpu_ms_per_article"],
            o["sumy_cpu_ms_per_article"],
            o["speedup_cpu"],
            r1[native],
            r1[sumy],
        )
        logger.info(
            "%s vs %s, batch: wall %.3f vs %.3f ms per article (%.1fx), cpu %.3f vs %.3f ms (%.1fx); "
            "same choices as per article: %s",
            native,
            sumy,
            o["batch_native_ms_per_article"],
            o["batch_sumy_ms_per_article"],
            o["batch_speedup"],
            o["batch_native_cpu_ms_per_article"],
            o["batch_sumy_cpu_ms_per_article"],
            o["batch_speedup_cpu"],
            batch_same,
        )
    return out


def long_document(articles: list, n: int) -> list:
    pool = [s for a in articles for s in a.candidates]
    if len(pool) < n:
        raise NlptoolsError(f"only {len(pool)} sentences available, {n} needed")
    return pool[:n]


def bench_growth(articles: list, cap: float, native_repeats: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for method in GROWTH_METHODS:
        ranker = get_ranker(method)
        _summarize(long_document(articles, 50), ranker, 10)  # warm-up
        rows = []
        prev: tuple[int, float] | None = None
        for n in SIZES:
            if prev is not None and prev[1] * (n / prev[0]) ** 2 > cap:
                rows.append(
                    {
                        "sentences": n,
                        "seconds": None,
                        "skipped": f"projected {prev[1] * (n / prev[0]) ** 2:.0f} s > cap {cap:.0f} s",
                    }
                )
                logger.info("%-15s n=%5d skipped (projected over the cap)", method, n)
                continue
            doc = long_document(articles, n)
            reps = native_repeats if not method.startswith("sumy-") else 1
            best_wall = best_cpu = np.inf
            for _ in range(reps):
                _, w, c = _timed(doc, ranker, 10)
                best_wall, best_cpu = min(best_wall, w), min(best_cpu, c)
            rows.append({"sentences": n, "seconds": float(best_wall), "cpu_seconds": float(best_cpu)})
            prev = (n, float(best_cpu))
            logger.info("%-15s n=%5d %8.3f s wall %8.3f s cpu", method, n, best_wall, best_cpu)
        out[method] = rows
    # ratios where both sides were measured
    ratios: dict[str, Any] = {}
    for native, sumy in PAIRS:
        ratios[native] = [
            {
                "sentences": a["sentences"],
                "speedup": b["seconds"] / a["seconds"],
                "speedup_cpu": b["cpu_seconds"] / max(a["cpu_seconds"], 1e-9),
            }
            for a, b in zip(out[native], out[sumy])
            if a["seconds"] and b["seconds"]
        ]
    return {"seconds": out, "speedup": ratios}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", type=Path, default=default_data(), help="folder laid out like bbc-news-summary")
    p.add_argument("--out", type=Path, required=True, help="output folder")
    p.add_argument("--per-category", type=int, default=60, help="articles per category for the BBC set (default 60)")
    p.add_argument("--repeats", type=int, default=3, help="repeats on the BBC set (best kept; default 3)")
    p.add_argument("--cap", type=float, default=25.0, help="skip a size projected to take longer (CPU s; default 25)")
    p.add_argument("--skip-growth", action="store_true", help="only the BBC set")
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    import sumy
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)
    articles = load_reference_corpus(args.data, per_category=args.per_category)
    result: dict[str, Any] = {
        "environment": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "sumy": getattr(sumy, "__version__", "?"),
            "cpus": os.cpu_count(),
            "machine": platform.machine(),
            "blas_threads": 1,
        },
        "bbc": {
            "articles": len(articles),
            "mean_sentences": float(np.mean([len(a.candidates) for a in articles])),
            "pairs": bench_bbc(articles, args.repeats),
        },
    }
    if not args.skip_growth:
        everything = load_reference_corpus(args.data, per_category=None)
        result["growth"] = {
            "document": "BBC article body sentences concatenated in corpus order",
            "summary_sentences": 10,
            "cap_seconds": args.cap,
            **bench_growth(everything, args.cap, native_repeats=3),
        }
    out = ensure_dir(args.out)
    write_json(out / "bench_summarizers.json", result)
    print(f"wrote {out / 'bench_summarizers.json'}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except NlptoolsError as exc:
        print(f"bench_summarizers: error: {exc}", file=sys.stderr)
        sys.exit(1)
