"""Theme weights over time, for documents that carry dates.

Periods are those of :mod:`nlptools.themes.trends` (the themes-over-time output of ``themes`` and
``digest``); :func:`plot_theme_trends` draws a :class:`~nlptools.themes.trends.ThemeTrends` as it is.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..errors import ParameterError
from ..themes.trends import parse_date as _as_date
from ..themes.trends import period_start
from ._base import as_matrix, category_colors, check_length, new_axes, plain, shorten

logger = logging.getLogger(__name__)

__all__ = ["plot_theme_timeline", "plot_theme_trends", "period_start", "theme_weights_by_period"]

_FREQS = ("day", "week", "month", "year", "auto")


def _auto_freq(days: Sequence[dt.date]) -> str:
    span = (max(days) - min(days)).days
    if span <= 45:
        return "day"
    if span <= 300:
        return "week"
    if span <= 365 * 6:
        return "month"
    return "year"


def theme_weights_by_period(
    dates: Sequence[Any], weights: Any, *, freq: str = "auto"
) -> tuple[list[dt.date], np.ndarray, np.ndarray, str]:
    """Mean theme weight of the dated documents in each period.

    Parameters
    ----------
    dates : sequence of str, date or None
        ISO dates (``YYYY-MM-DD...``) of the documents; undated ones are left out.
    weights : array-like, shape (n_documents, n_themes)
    freq : {"day", "week", "month", "year", "auto"}

    Returns
    -------
    periods : list of date
        Start of each period holding at least one document, in order.
    means : ndarray, shape (n_periods, n_themes)
    counts : ndarray of int, shape (n_periods,)
        Documents per period.
    freq : str
        The frequency used (resolved when ``"auto"``).
    """
    W = as_matrix(weights, "weights")
    check_length(dates, W.shape[0], "dates", "rows of weights")
    if freq not in _FREQS:
        raise ParameterError(f"freq: {freq!r} is not one of {', '.join(_FREQS)}")
    parsed = [_as_date(d) for d in dates]
    keep = [i for i, d in enumerate(parsed) if d is not None]
    if not keep:
        raise ParameterError("dates: no document carries a readable date (expected ISO YYYY-MM-DD)")
    if len(keep) < len(parsed):
        logger.info(
            "theme timeline: %d of %d documents have no date and are left out", len(parsed) - len(keep), len(parsed)
        )
    days = [d for d in parsed if d is not None]
    if freq == "auto":
        freq = _auto_freq(days)
    buckets: dict[dt.date, list[int]] = {}
    for i, d in zip(keep, days, strict=True):
        buckets.setdefault(period_start(d, freq), []).append(i)
    periods = sorted(buckets)
    means = np.vstack([W[buckets[p]].mean(axis=0) for p in periods])
    counts = np.array([len(buckets[p]) for p in periods], dtype=int)
    return periods, means, counts, freq


def plot_theme_timeline(
    dates: Sequence[Any],
    weights: Any,
    themes: Sequence[str] | None = None,
    *,
    freq: str = "auto",
    show_counts: bool = True,
    ax: Any = None,
    title: str | None = "Theme weights over time",
) -> Any:
    """Mean theme weight per period, one line per theme.

    Parameters
    ----------
    dates : sequence of str, date or None
        One per document; undated documents are left out (and counted in the log).
    weights : array-like, shape (n_documents, n_themes)
        Document-theme weights.
    themes : sequence of str, optional
        Theme names (the legend).
    freq : {"day", "week", "month", "year", "auto"}
        Period length; ``auto`` picks from the date span.
    show_counts : bool, default=True
        Grey bars on a twin axis give the number of articles per period.
    ax : Axes, optional
    title : str or None

    Returns
    -------
    matplotlib.axes.Axes
        The weights axes (the counts axes is its twin, drawn behind).
    """
    periods, means, counts, used = theme_weights_by_period(dates, weights, freq=freq)
    n_themes = means.shape[1]
    check_length(themes, n_themes, "themes", "columns of weights")
    names = list(themes) if themes is not None else [f"theme {j}" for j in range(n_themes)]
    ax = new_axes(ax, (8.0, 4.4))
    x = np.array(periods, dtype="datetime64[D]")
    if show_counts:
        width = {"day": 0.8, "week": 5.0, "month": 24.0, "year": 300.0}[used]
        twin = ax.twinx()
        twin.bar(x, counts, width=width, color="0.88", label="articles", zorder=0)
        twin.set_ylabel("articles per " + used)
        twin.set_ylim(0, max(counts.max() * 3.0, 1))
        from matplotlib.ticker import MaxNLocator

        twin.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_zorder(twin.get_zorder() + 1)
        ax.patch.set_visible(False)
    colors = category_colors(n_themes)
    for j in range(n_themes):
        ax.plot(x, means[:, j], marker="o", markersize=4, color=colors[j], label=shorten(names[j], 28))
    ax.set_ylabel("mean theme weight")
    ax.set_xlabel(used)
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    handles, _ = ax.get_legend_handles_labels()
    if show_counts:
        from matplotlib.patches import Patch

        handles.append(Patch(color="0.88", label="articles (right axis)"))
    ax.legend(
        handles=handles,
        fontsize=8,
        loc="upper left",
        bbox_to_anchor=(1.08 if show_counts else 1.01, 1.0),
        frameon=False,
    )
    for label in ax.get_xticklabels():
        label.set_rotation(30)
        label.set_horizontalalignment("right")
    if title:
        ax.set_title(plain(title))
    return ax


def plot_theme_trends(trends: Any, *, max_themes: int = 8, ax: Any = None, title: str | None = None) -> Any:
    """Draw a :class:`~nlptools.themes.trends.ThemeTrends`: each theme's share per period, articles per period.

    Parameters
    ----------
    trends : ThemeTrends
        From :func:`nlptools.themes.trends.theme_trends`.
    max_themes : int, default=8
        Lines for the largest themes only (the trends' order).
    ax : Axes, optional
    title : str, optional
        Default: "Theme shares per <period>".

    Returns
    -------
    matplotlib.axes.Axes
    """
    names = list(trends.themes[:max_themes])
    x = np.array([p.start for p in trends.periods], dtype="datetime64[D]")
    counts = np.array([len(p.ids) for p in trends.periods])
    ax = new_axes(ax, (8.0, 4.4))
    twin = ax.twinx()
    width = {"day": 0.8, "week": 5.0, "month": 24.0, "year": 300.0}[trends.freq]
    twin.bar(x, counts, width=width, color="0.88", zorder=0)
    twin.set_ylabel("articles per " + trends.freq)
    twin.set_ylim(0, max(counts.max() * 3.0, 1))
    ax.set_zorder(twin.get_zorder() + 1)
    ax.patch.set_visible(False)
    colors = category_colors(len(trends.themes))
    for j, name in enumerate(names):
        shares = [pt.share for pt in trends.points[name]]
        ax.plot(x, shares, marker="o", markersize=4, color=colors[j], label=shorten(name, 28))
    ax.set_ylabel("share of the articles' theme weight")
    ax.set_xlabel(trends.freq)
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.08, 1.0), frameon=False)
    for label in ax.get_xticklabels():
        label.set_rotation(30)
        label.set_horizontalalignment("right")
    ax.set_title(plain(title if title is not None else f"Theme shares per {trends.freq}"))
    return ax
