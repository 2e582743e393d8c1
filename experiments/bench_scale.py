"""The scale benchmark of issue #17: ``digest`` and ``themes`` at growing corpus sizes, against the raw libraries.

Builds corpora of real documents (20 Newsgroups, Reuters-21578, AG News, BBC: about 46,500 distinct;
beyond, synthetic articles recombined from real ones by a seeded recipe: see
:mod:`nlptools.benchmarks.scale`), then times ``nlptools digest`` and ``nlptools themes``
(``--themes none``) and scikit-learn TF-IDF + NMF and gensim LDA over the same texts, each in a
subprocess: wall time, CPU time, peak RSS, the ratios and the growth exponents. Writes
``OUT/bench_scale.json`` and ``OUT/bench_scale.md``.

    python experiments/bench_scale.py --sizes 1000,10000 --jobs 1
    python experiments/bench_scale.py --sizes 1000,10000,100000 --jobs 1,2 --timeout 3600
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from nlptools.benchmarks.scale import COMMANDS, format_table, run_benchmark
from nlptools.errors import NlptoolsError

ROOT = Path(__file__).resolve().parents[1]


def _ints(option: str):
    def parse(value: str) -> list[int]:
        try:
            out = [int(v.replace("_", "")) for v in value.split(",") if v.strip()]
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{option}: {value!r} is not a comma-separated list of whole numbers"
            ) from None
        if not out or min(out) < 1:
            raise argparse.ArgumentTypeError(f"{option}: {value!r}: give positive whole numbers, e.g. 1000,10000")
        return out

    return parse


def _commands(value: str) -> list[str]:
    out = [v.strip() for v in value.split(",") if v.strip()]
    bad = [c for c in out if c not in COMMANDS]
    if not out or bad:
        raise argparse.ArgumentTypeError(f"--commands: {value!r}: give some of {','.join(COMMANDS)}")
    return out


def main(argv: Sequence[str] | None = None) -> int:
    default_data = Path(os.environ.get("NLPTOOLS_DATA") or ROOT.parent / "shared" / "data")
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", type=Path, default=default_data, help=f"the shared corpora (default: {default_data})")
    p.add_argument("--sizes", type=_ints("--sizes"), default=[1000, 10000, 100000], help="default: 1000,10000,100000")
    p.add_argument("--out", type=Path, default=Path("runs/bench_scale"), help="default: runs/bench_scale")
    p.add_argument("--jobs", type=_ints("--jobs"), default=[1, 2], help="--jobs values of the CLI (default: 1,2)")
    p.add_argument("--commands", type=_commands, default=list(COMMANDS), help="default: digest,themes")
    p.add_argument("--timeout", type=float, default=3600.0, help="seconds per run; 0: none (default: 3600)")
    p.add_argument("--cache", type=Path, default=None, help="folder of the built corpora (default: OUT/corpora)")
    p.add_argument("--seed", type=int, default=0, help="seed of the corpora (default: 0)")
    p.add_argument("--no-raw", action="store_true", help="leave out the raw libraries")
    p.add_argument("-v", "--verbose", action="store_true", help="progress on stderr")
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s")
    try:
        result = run_benchmark(
            args.data,
            args.out,
            sizes=args.sizes,
            jobs=args.jobs,
            commands=args.commands,
            timeout=args.timeout or None,
            cache=args.cache,
            seed=args.seed,
            raw=not args.no_raw,
        )
    except NlptoolsError as e:
        print(f"bench_scale: error: {e}", file=sys.stderr)
        return 1
    print(format_table(result), end="")
    print(f"\nwritten: {args.out / 'bench_scale.json'}, {args.out / 'bench_scale.md'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
