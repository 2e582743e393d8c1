"""``nlptools run EXPERIMENT.toml``: run a reproducible experiment into a new folder."""

from __future__ import annotations

import argparse
import logging
import sys
import textwrap

from ..experiment.kinds import KIND_MODULES
from ._common import print_out


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "run",
        help="run an experiment config (experiments/*.toml) into a new run folder",
        formatter_class=argparse.RawDescriptionHelpFormatter,  # kind names are never broken at their hyphens
        description=textwrap.fill(
            "Validate the config, run its experiment kind and write a new folder OUT/<name> (never overwriting "
            "an earlier run) with config.toml, config.resolved.json, metrics.json (identical for identical "
            "config and inputs), timings.json, tables (CSV), figures (PNG) and manifest.json (git commit, "
            "versions, seeds, SHA-256 of every input and output)."
        ),
        epilog=textwrap.fill(
            f"experiment kinds (kind = ...): {', '.join(KIND_MODULES)}; see experiments/*.toml for one config of each",
            break_on_hyphens=False,
        ),
    )
    p.add_argument("config", metavar="EXPERIMENT.toml", help="the experiment config file")
    p.add_argument("--out", default="runs", metavar="DIR", help="parent folder of the run folder (default: runs)")
    p.add_argument(
        "--data", default=None, metavar="DIR", help="the data folder for 'data = ...' inputs (default: $NLPTOOLS_DATA)"
    )
    p.add_argument("--quiet", dest="run_quiet", action="store_true", help="no progress bars, only errors on stderr")
    p.add_argument(
        "--check", action="store_true", help="only validate the config and print the resolved settings as JSON"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..experiment import load_config, run_experiment
    from ..outputs import dumps_json

    quiet = bool(args.quiet or args.run_quiet)
    if quiet:
        logging.getLogger("nlptools").setLevel(logging.ERROR)
    exp = load_config(args.config, data_dir=args.data)
    if args.check:
        print_out(dumps_json(exp.resolved()))
        return 0
    import matplotlib

    matplotlib.use("Agg")  # files only, no windows
    progress = (not quiet) and bool(getattr(sys.stderr, "isatty", lambda: False)())
    result = run_experiment(exp, out=args.out, progress=progress, argv=["nlptools", *sys.argv[1:]])
    print_out(f"{result.out}\n")
    return 0
