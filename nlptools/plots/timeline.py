"""Theme weights over time, for documents that carry dates."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..errors import ParameterError
from ._base import as_matrix, category_colors, check_length, new_axes, plain, shorten

logger = logging.getLogger(__name__)

__all__ = ["plot_theme_timeline", "period_start", "theme_weights_by_period"]

_FREQS = ("day", "week", "month", "year", "auto")


def _as_date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def period_start(day: dt.date, freq: str) -> dt.date:
    """The first day of the ``freq`` period (day, week from Monday, month, year) holding ``day``."""
    if freq == "day":
        return day
    if freq == "week":
        return day - dt.timedelta(days=day.weekday())
    if freq == "month":
        return day.replace(day=1)
    if freq == "year":
        return day.replace(month=1, day=1)
    raise ParameterError(f"freq: {freq!r} is not one of {', '.join(_FREQS)}")


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
