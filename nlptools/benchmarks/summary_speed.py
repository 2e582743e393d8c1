"""Summariser speed: native rankers against sumy's on the same articles, and cost against length.

:func:`compare_pairs` times each native method against its sumy twin on a
set of reference articles (:mod:`.summaries`): each article summarised with
as many sentences as its reference, native and sumy runs interleaved article
by article and repeated (the best of the repeats kept, so load drifts hit
both alike), one call per article and the whole set in one batch
(:func:`~nlptools.summarize.summarize_many`, which must choose exactly the
sentences of the per-article calls). :func:`cost_growth` times methods on one
long document cut to increasing sizes, skipping a size whose quadratic
projection passes a cap. Times are wall clock and process CPU.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from ..document import Sentence
from ..evaluate.rouge import rouge
from ..summarize import get_ranker, summarize_many, summarize_sentences
from .summaries import ReferenceArticle

logger = logging.getLogger(__name__)

__all__ = ["compare_pairs", "cost_growth"]


def _summarize(sentences: Sequence[Sentence], ranker: Any, k: int) -> Any:
    return summarize_sentences(sentences, method=ranker, n_sentences=k, redundancy=None, max_ranked=None)


def _timed(sentences: Sequence[Sentence], ranker: Any, k: int) -> tuple[Any, float, float]:
    w0, c0 = time.perf_counter(), time.process_time()
    s = _summarize(sentences, ranker, k)
    return s, time.perf_counter() - w0, time.process_time() - c0


def _rouge1(articles: Sequence[ReferenceArticle], chosen: Sequence[Sequence[int]]) -> float:
    return 100.0 * float(
        np.mean(
            [
                rouge([a.candidates[j].text for j in picked], a.reference_sentences, types=("rouge1",))["rouge1"]
                for a, picked in zip(articles, chosen)
            ]
        )
    )


def compare_pairs(
    articles: Sequence[ReferenceArticle], pairs: Mapping[str, str], *, repeats: int = 3, warmup: int = 3
) -> dict[str, Any]:
    """Time each native method against its sumy twin on the same articles.

    Parameters
    ----------
    articles : sequence of ReferenceArticle
    pairs : mapping of str to str
        Native method -> the sumy method it is compared with.
    repeats : int, default=3
        Timed passes (the best per article, or per batch, is kept).
    warmup : int, default=3
        Articles summarised untimed first (imports, lemma caches).

    Returns
    -------
    dict
        Per native method: milliseconds per article (wall and CPU; per-article
        calls and batch) of both, the speed-ups, ROUGE-1 of both, and whether
        the batch chose the sentences of the per-article calls
        (``batch_chooses_as_per_article``, deterministic).
    """
    out: dict[str, Any] = {}
    for native, sumy in pairs.items():
        rankers = {native: get_ranker(native), sumy: get_ranker(sumy)}
        for art in articles[:warmup]:
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
            "native_rouge1": _rouge1(articles, chosen[native]),
            "sumy_rouge1": _rouge1(articles, chosen[sumy]),
        }
        o = out[native]
        logger.info(
            "%s vs %s, per article: cpu %.3f vs %.3f ms (%.1fx); batch: cpu %.3f vs %.3f ms (%.1fx), same choices: %s",
            native,
            sumy,
            o["native_cpu_ms_per_article"],
            o["sumy_cpu_ms_per_article"],
            o["speedup_cpu"],
            o["batch_native_cpu_ms_per_article"],
            o["batch_sumy_cpu_ms_per_article"],
            o["batch_speedup_cpu"],
            batch_same,
        )
    return out


def cost_growth(
    pool: Sequence[Sentence],
    methods: Iterable[str],
    sizes: Sequence[int],
    *,
    summary_sentences: int = 10,
    repeats: int = 3,
    sumy_repeats: int = 1,
    cap_seconds: float = 60.0,
    random_state: int = 0,
    summarize_options: Mapping[str, Any] | None = None,
) -> tuple[list[dict[str, Any]], dict[str, dict[str, list[int]]]]:
    """Time each method summarising the first ``n`` sentences of ``pool`` for each size ``n``.

    Parameters
    ----------
    pool : sequence of Sentence
        At least ``max(sizes)`` sentences (one long document).
    methods : iterable of str
        Summariser names (iterated once).
    sizes : sequence of int
        Increasing document lengths.
    summary_sentences : int, default=10
    repeats, sumy_repeats : int
        Timed runs per size of a native / a ``sumy-`` method (the fastest kept).
    cap_seconds : float, default=60.0
        Skip a size when the previous CPU time, scaled quadratically, passes it.
    random_state : int, default=0
    summarize_options : mapping, optional
        Further arguments of :func:`~nlptools.summarize.summarize_sentences`
        (e.g. ``max_ranked=None`` to rank every sentence).

    Returns
    -------
    rows : list of dict
        Per method and size: ``method``, ``sentences``, ``cpu_seconds``,
        ``wall_seconds`` (NaN when skipped), ``skipped`` (why, or "").
    chosen : dict
        Per method, per size run (as a string): the positions chosen.
    """
    options = dict(summarize_options or {})
    chosen: dict[str, dict[str, list[int]]] = {}
    rows: list[dict[str, Any]] = []
    for method in methods:
        ranker = get_ranker(method, random_state=random_state)
        summarize_sentences(  # warm-up
            pool[:50], method=ranker, n_sentences=summary_sentences, redundancy=None, **options
        )
        prev: tuple[int, float] | None = None
        chosen[method] = {}
        for n in sizes:
            projected = prev[1] * (n / prev[0]) ** 2 if prev else 0.0
            if projected > cap_seconds:
                rows.append(
                    {
                        "method": method,
                        "sentences": n,
                        "cpu_seconds": math.nan,
                        "wall_seconds": math.nan,
                        "skipped": f"projected {projected:.0f} s > cap {cap_seconds:.0f} s",
                    }
                )
                logger.info("%s n=%d skipped (projected %.0f s)", method, n, projected)
                continue
            best_cpu = best_wall = math.inf
            for _ in range(sumy_repeats if method.startswith("sumy-") else repeats):
                w0, c0 = time.perf_counter(), time.process_time()
                summary = summarize_sentences(
                    pool[:n], method=ranker, n_sentences=summary_sentences, redundancy=None, **options
                )
                best_wall = min(best_wall, time.perf_counter() - w0)
                best_cpu = min(best_cpu, time.process_time() - c0)
            chosen[method][str(n)] = list(summary.positions)
            rows.append(
                {"method": method, "sentences": n, "cpu_seconds": best_cpu, "wall_seconds": best_wall, "skipped": ""}
            )
            prev = (n, best_cpu)
            logger.info("%s n=%d: %.4f s cpu, %.4f s wall", method, n, best_cpu, best_wall)
    return rows, chosen
