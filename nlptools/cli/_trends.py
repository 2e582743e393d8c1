"""The options of themes over time (``--period``, ``--compare``), shared by ``themes`` and ``digest``."""

from __future__ import annotations

import argparse
from typing import Any

from ..errors import ParameterError
from ..themes.trends import TREND_FREQS, parse_compare

__all__ = ["add_trend_options", "check_trend_options", "trends_of"]


def add_trend_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--period`` and ``--compare`` to a sub-command (defined in the options table, :mod:`.options`)."""
    from .options import add_options

    add_options(parser, "period", "compare")


def check_trend_options(args: argparse.Namespace) -> None:
    """Refuse a bad ``--period`` or ``--compare`` before any work (one line, naming the option)."""
    if args.period not in TREND_FREQS:
        raise ParameterError(f"--period: {args.period!r} is not one of {', '.join(TREND_FREQS)}")
    try:
        parse_compare(args.compare)
    except ParameterError as exc:
        raise ParameterError(f"--{exc}") from None


def trends_of(result: Any, docs: list[Any], args: argparse.Namespace) -> tuple[Any, Any]:
    """Theme shares over time (None: fewer than 2 dated articles) and by outlet (None: fewer than 2 known)."""
    from ..digest import outlet_of
    from ..themes.trends import theme_sources, theme_trends

    trends = theme_trends(result, docs, freq=args.period, compare=args.compare)
    sources = theme_sources(result, docs, source=outlet_of)
    return trends, sources
