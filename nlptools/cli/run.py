"""``nlptools run EXPERIMENT.toml``: run a reproducible experiment into a new folder."""

from __future__ import annotations

import argparse
import logging
import sys
import textwrap

from ..experiment.kinds import KIND_MODULES
from ._common import print_out
from .options import add_options


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
    add_options(p, "out")
    p.add_argument(
        "--data", default=None, metavar="DIR", help="the data folder for 'data = ...' inputs (default: $NLPTOOLS_DATA)"
    )
    p.add_argument(
        "--check", action="store_true", help="only validate the config and print the resolved settings as JSON"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..experiment import load_config, run_experiment
    from ..outputs import dumps_json

    quiet = bool(args.quiet)
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
    print_out(f"{result.out}\n")  # stdout: the folder alone, for scripts
    if not quiet:
        import json

        print(headline(json.loads((result.out / "metrics.json").read_text(encoding="utf-8"))), file=sys.stderr, end="")
    return 0


#: At most this many lines in the headline table.
HEADLINE_LINES = 12
#: Tables with more entries than this are per-item listings (documents, terms), not headline numbers.
_WIDE = 12


def _fmt(value: object) -> str:
    if isinstance(value, bool) or isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def headline(metrics: dict) -> str:
    """The headline of a run: a short table of metrics.json's shallowest numbers and short words.

    The rule, the same for every kind: breadth first through metrics.json
    (top level first, then one table down, then two), keeping numbers,
    booleans and strings up to 40 characters; tables of more than 12 entries
    (per document or per term listings) and lists are not entered. At most
    :data:`HEADLINE_LINES` lines, then how many more values metrics.json holds.
    """
    rows: list[tuple[str, str]] = []
    level: list[tuple[str, object]] = [(k, v) for k, v in metrics.items() if k not in ("experiment", "kind")]
    more = 0
    for _depth in range(3):
        tables: list[tuple[str, object]] = []
        for key, value in level:
            if isinstance(value, dict):
                if 0 < len(value) <= _WIDE:
                    tables.extend((f"{key}.{k}", v) for k, v in value.items())
            elif isinstance(value, bool | int | float) or (isinstance(value, str) and len(value) <= 40):
                if len(rows) < HEADLINE_LINES:
                    rows.append((key, _fmt(value)))
                else:
                    more += 1
        level = tables
    title = f"{metrics.get('experiment', '')} ({metrics.get('kind', '')})"
    if not rows:
        return f"{title}: see metrics.json\n"
    width = max(len(k) for k, _ in rows)
    lines = [title] + [f"  {k.ljust(width)}  {v}" for k, v in rows]
    if more:
        lines.append(f"  ... and {more} more in metrics.json")
    return "\n".join(lines) + "\n"
