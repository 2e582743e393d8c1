"""The end-to-end themes speed of issue #15: ``nlptools themes`` on AG News against a plain TF-IDF + NMF.

Runs ``nlptools themes test.csv --columns label,title,text --title-field title --themes
experiments/data/ag_news_lexicon.toml`` (the issue's command, every other option at its default) and a
plain scikit-learn TF-IDF + NMF (4 components) over the same CSV, each in a fresh subprocess,
interleaved ``--repeats`` times; wall and CPU time, their ratio, and both sides' accuracy and NMI
against the labels (see :mod:`nlptools.benchmarks.themes_cli`). Writes ``OUT/bench_themes_cli.json``
and ``OUT/bench_themes_cli.md``.

    python experiments/bench_themes_cli.py --data ../shared/data --out runs/bench_themes_cli
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from nlptools.benchmarks.themes_cli import format_table, run_benchmark
from nlptools.errors import NlptoolsError

ROOT = Path(__file__).resolve().parents[1]
#: The lexicon's themes and the AG News class each stands for (classes.txt: 1 World, 2 Sports, 3 Business, 4 Sci/Tech).
AG_LABELS = {"world": "1", "sports": "2", "business": "3", "sci/tech": "4"}


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path, default=os.environ.get("NLPTOOLS_DATA"), help="the shared data folder")
    p.add_argument("--out", type=Path, default=ROOT / "runs" / "bench_themes_cli")
    p.add_argument("--repeats", type=int, default=3)
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.data is None:
        print("bench_themes_cli: give --data DIR (the shared corpora) or set NLPTOOLS_DATA", file=sys.stderr)
        return 2
    try:
        result = run_benchmark(
            args.data / "ag-news-test" / "test.csv",
            args.out,
            columns=["label", "title", "text"],
            label="label",
            title="title",
            text="text",
            lexicon=ROOT / "experiments" / "data" / "ag_news_lexicon.toml",
            theme_labels=AG_LABELS,
            repeats=args.repeats,
        )
    except NlptoolsError as e:
        print(f"bench_themes_cli: {e}", file=sys.stderr)
        return 1
    print(format_table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
