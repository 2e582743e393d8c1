"""Extractive summarisers on the BBC News Summary corpus: ROUGE of every method.

Each method summarises each article with as many sentences as its reference
summary has (reference sentences matched to the article's sentences); scores
are mean ROUGE-1/2/L/Lsum F1 (rouge-score, stemming on), x100.

The references were made by a word-overlap ranker, not by people: this is a
regression benchmark for extractive methods (did a change move the numbers?),
not a measure of summary quality. Nothing here is tuned to it.

Usage::

    .venv/bin/python experiments/summaries_bbc.py --data ../shared/data/bbc-news-summary --out runs/bbc
    .venv/bin/python experiments/summaries_bbc.py --data ... --out ... --all   # every article

Writes ``metrics.json`` (per method: rouge1, rouge2, rougeL, rougeLsum, seconds,
per category ROUGE-1; the protocol; the published sumy 0.13 figures for the
same 300 articles) and ``summaries.jsonl`` (one line per method and article:
method, category, article, sentences), so anyone can recompute the scores.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from nlptools.errors import NlptoolsError
from nlptools.outputs import atomic_write_text, ensure_dir, write_json
from nlptools.summarize import method_names
from nlptools.summarize.benchmark import ORACLE, load_reference_corpus, run_method, score_runs

logger = logging.getLogger("summaries_bbc")

#: ROUGE-1 F1 published for sumy 0.13 on the same 300 articles (the issue's figures).
PUBLISHED_R1 = {
    "lead": 63.96,
    "sumy-lexrank": 66.44,
    "sumy-textrank": 79.83,
    "sumy-luhn": 74.24,
    "sumy-lsa": 64.48,
    "sumy-reduction": 83.40,
    ORACLE: 99.97,
}


def default_data() -> Path:
    env = os.environ.get("NLPTOOLS_DATA")
    base = Path(env) if env else Path(__file__).resolve().parents[1].parent / "shared" / "data"
    return base / "bbc-news-summary"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", type=Path, default=default_data(), help="folder laid out like bbc-news-summary")
    p.add_argument("--out", type=Path, required=True, help="output folder")
    p.add_argument("--per-category", type=int, default=60, help="first N articles per category, by name (default 60)")
    p.add_argument("--all", action="store_true", help="every article (overrides --per-category)")
    p.add_argument(
        "--methods",
        default=",".join(method_names() + [ORACLE]),
        help="comma-separated methods (default: every native and sumy method, and the oracle)",
    )
    p.add_argument("--seed", type=int, default=0, help="seed for the random baseline")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    methods = [m.strip() for m in args.methods.split(",") if m.strip()]
    articles = load_reference_corpus(args.data, per_category=None if args.all else args.per_category)
    n_cat = len({a.category for a in articles})
    logger.info(
        "%d articles in %d categories; mean %.1f candidate sentences, %.1f in the reference",
        len(articles),
        n_cat,
        sum(len(a.candidates) for a in articles) / len(articles),
        sum(a.n_reference for a in articles) / len(articles),
    )
    out = ensure_dir(args.out)
    results: dict[str, dict] = {}
    lines: list[str] = []
    for method in methods:
        chosen, seconds = run_method(articles, method, random_state=args.seed)
        scores = score_runs(articles, chosen)
        scores["seconds"] = seconds
        results[method] = scores
        logger.info(
            "%-15s R1 %6.2f  R2 %6.2f  RL %6.2f  RLsum %6.2f  %7.2fs",
            method,
            scores["rouge1"],
            scores["rouge2"],
            scores["rougeL"],
            scores["rougeLsum"],
            seconds,
        )
        for art, picked in zip(articles, chosen):
            lines.append(
                json.dumps(
                    {
                        "method": method,
                        "category": art.category,
                        "article": art.name,
                        "sentences": [art.candidates[i].text for i in picked],
                    },
                    ensure_ascii=False,
                )
            )
    metrics = {
        "methods": results,
        "protocol": {
            "data": str(args.data),
            "articles": len(articles),
            "per_category": None if args.all else args.per_category,
            "length": "as many sentences as the reference (matched to the article's sentences)",
            "rouge": "rouge-score F1 x100, use_stemmer=True; Lsum over newline-separated sentences",
            "redundancy_control": "off (plain top-ranked sentences)",
            "seed": args.seed,
            "mean_reference_coverage": sum(a.match.coverage for a in articles) / len(articles),
            "note": "references come from a word-overlap ranker: a regression benchmark, not a quality measure",
        },
        "published_rouge1_sumy_0.13_300_articles": PUBLISHED_R1,
    }
    write_json(out / "metrics.json", metrics)
    atomic_write_text(out / "summaries.jsonl", "\n".join(lines) + "\n")
    print(f"\n{'method':16s} {'R1':>6s} {'R2':>6s} {'RL':>6s} {'RLsum':>6s} {'sec':>7s} {'published R1':>12s}")
    same_protocol = not args.all and args.per_category == 60  # the published figures are for these 300
    for method, s in results.items():
        pub = PUBLISHED_R1.get(method) if same_protocol else None
        print(
            f"{method:16s} {s['rouge1']:6.2f} {s['rouge2']:6.2f} {s['rougeL']:6.2f} {s['rougeLsum']:6.2f} "
            f"{s['seconds']:7.2f} {pub if pub is not None else '':>12}"
        )
    print(f"\nwrote {out / 'metrics.json'} and {out / 'summaries.jsonl'}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except NlptoolsError as exc:
        print(f"summaries_bbc: error: {exc}", file=sys.stderr)
        sys.exit(1)
