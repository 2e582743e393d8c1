"""Plots of summariser evaluations: ROUGE by method, cost against input length."""

from __future__ import annotations

import logging
import math
from collections.abc import Collection, Mapping, Sequence
from typing import Any

import numpy as np

from ..errors import ParameterError
from ._base import REFERENCE_COLOR, category_colors, new_axes, plain, shorten

logger = logging.getLogger(__name__)

__all__ = ["plot_rouge", "plot_cost", "loglog_slope"]

#: Methods drawn in grey as references rather than contenders.
REFERENCE_METHODS = frozenset({"lead", "random", "oracle"})


def _clean_scores(scores: Mapping[str, Sequence[float]]) -> dict[str, np.ndarray]:
    if not isinstance(scores, Mapping) or not scores:
        raise ParameterError("scores: expected a non-empty mapping {method: per-document scores}")
    out = {}
    for name, values in scores.items():
        arr = np.asarray(list(values), dtype=float)
        arr = arr[np.isfinite(arr)]
        if arr.size == 0:
            raise ParameterError(f"scores[{name!r}]: no finite score")
        out[str(name)] = arr
    return out


def plot_rouge(
    scores: Mapping[str, Sequence[float]],
    *,
    metric: str = "ROUGE-1 F1",
    kind: str = "box",
    sort: bool = True,
    references: Collection[str] = REFERENCE_METHODS,
    confidence: float = 0.95,
    ax: Any = None,
    title: str | None = None,
) -> Any:
    """Per-document ROUGE of each method, with its spread.

    Methods are rows (horizontal), so long names such as ``sumy-lexrank``
    stay readable. Reference methods (Lead, Random, the oracle) are grey.

    Parameters
    ----------
    scores : mapping of str to sequence of float
        Per-document scores of each method (non-finite values are dropped).
    metric : str, default="ROUGE-1 F1"
        The axis label.
    kind : {"box", "bar"}
        Box plots (median, quartiles, 1.5 IQR whiskers, mean as a diamond),
        or bars of the mean with a normal-approximation confidence interval.
    sort : bool, default=True
        Best mean at the top.
    references : collection of str
        Names drawn grey.
    confidence : float, default=0.95
        Level of the bar intervals.
    ax : Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    data = _clean_scores(scores)
    if kind not in ("box", "bar"):
        raise ParameterError(f"kind: {kind!r} is not 'box' or 'bar'")
    if not 0 < confidence < 1:
        raise ParameterError(f"confidence: must be in (0, 1), got {confidence}")
    names = list(data)
    if sort:
        names.sort(key=lambda m: (-float(data[m].mean()), m))
    names = names[::-1]  # barh/boxplot draw the first at the bottom; best on top
    refs = {r.lower() for r in references}
    native, sumy = category_colors(2)

    def family(m: str) -> str:
        return "reference" if m.lower() in refs else ("sumy" if m.lower().startswith("sumy-") else "native")

    family_color = {"reference": REFERENCE_COLOR, "native": native, "sumy": sumy}
    colors = [family_color[family(m)] for m in names]
    families = [f for f in ("native", "sumy", "reference") if any(family(m) == f for m in names)]
    ax = new_axes(ax, (7.0, 0.9 + 0.42 * len(names)))
    y = np.arange(1, len(names) + 1)
    means = np.array([data[m].mean() for m in names])
    if kind == "box":
        parts = ax.boxplot(
            [data[m] for m in names],
            positions=y,
            orientation="horizontal",
            widths=0.6,
            patch_artist=True,
            showfliers=True,
            flierprops={"marker": ".", "markersize": 3, "alpha": 0.4},
            medianprops={"color": "black"},
        )
        for patch, color in zip(parts["boxes"], colors):
            patch.set_facecolor(color)
            patch.set_alpha(0.55)
        ax.scatter(means, y, marker="D", s=22, color="black", zorder=3, label="mean")
    else:
        from scipy.stats import norm

        z = float(norm.ppf(0.5 + confidence / 2))
        half = np.array([z * data[m].std(ddof=1) / math.sqrt(data[m].size) if data[m].size > 1 else 0.0 for m in names])
        ax.barh(y, means, xerr=half, color=colors, alpha=0.8, capsize=3, height=0.65, error_kw={"elinewidth": 1.2})
        for yi, m, h in zip(y, means, half):
            ax.text(m + h, yi, f" {m:.3g}", va="center", fontsize=8)
        ax.margins(x=0.12)
    from matplotlib.patches import Patch

    handles = [Patch(color=family_color[f], alpha=0.7, label=f) for f in families] if len(families) > 1 else []
    if kind == "box":
        handles += ax.get_legend_handles_labels()[0]
    if handles:
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    ax.set_yticks(y, [f"{shorten(m, 24)} (n={data[m].size})" for m in names])
    ax.set_xlabel(plain(metric) + (f" (bars: mean, {confidence:.0%} CI)" if kind == "bar" else ""))
    ax.grid(axis="x", alpha=0.3)
    ax.set_title(plain(title) if title is not None else f"{metric} by method")
    return ax


def loglog_slope(sizes: Sequence[float] | np.ndarray, values: Sequence[float] | np.ndarray) -> float | None:
    """The least-squares slope of ``log(values)`` on ``log(sizes)`` (the growth exponent).

    Non-positive or non-finite points are ignored; None with fewer than two points left.
    """
    x = np.asarray(sizes, dtype=float)
    y = np.asarray(values, dtype=float)
    ok = np.isfinite(x) & np.isfinite(y) & (x > 0) & (y > 0)
    if ok.sum() < 2 or np.ptp(x[ok]) == 0:
        return None
    return float(np.polyfit(np.log(x[ok]), np.log(y[ok]), 1)[0])


def plot_cost(
    sizes: Sequence[float] | Mapping[str, Sequence[float]],
    seconds: Mapping[str, Sequence[float]],
    *,
    xlabel: str = "input length (sentences)",
    ylabel: str = "time (seconds)",
    ax: Any = None,
    title: str | None = "Summariser cost against input length",
) -> Any:
    """Run time against input length on log-log axes, one line per method.

    The legend gives each method's fitted growth exponent (slope on the
    log-log plot: 1 is linear, 2 quadratic).

    Parameters
    ----------
    sizes : sequence of float, or mapping of str to sequence
        Input lengths (shared, or one sequence per method).
    seconds : mapping of str to sequence of float
        Times per method at those lengths; NaN marks a point not measured
        (e.g. skipped as too slow).
    xlabel, ylabel : str
    ax : Axes, optional
    title : str or None

    Returns
    -------
    matplotlib.axes.Axes
    """
    if not isinstance(seconds, Mapping) or not seconds:
        raise ParameterError("seconds: expected a non-empty mapping {method: times}")
    ax = new_axes(ax, (7.0, 4.6))
    colors = category_colors(len(seconds))
    markers = "osD^v<>phX*"
    for i, (name, times) in enumerate(seconds.items()):
        x = np.asarray(sizes[name] if isinstance(sizes, Mapping) else sizes, dtype=float)
        y = np.asarray(list(times), dtype=float)
        if x.shape != y.shape:
            raise ParameterError(f"seconds[{name!r}]: {y.size} times for {x.size} input lengths")
        ok = np.isfinite(x) & np.isfinite(y) & (x > 0) & (y > 0)
        if not ok.any():
            logger.warning("plot_cost: %s has no positive time to plot; skipped", name)
            continue
        slope = loglog_slope(x, y)
        label = f"{name} (slope {slope:.2f})" if slope is not None else str(name)
        ax.plot(x[ok], y[ok], marker=markers[i % len(markers)], color=colors[i], label=plain(label))
    ax.set_xscale("log")
    ax.set_yscale("log")
    shown_x = sorted({float(v) for line in ax.get_lines() for v in line.get_xdata()})
    if 0 < len(shown_x) <= 12:
        # label the measured lengths themselves: over a decade or two, log minor labels overlap
        from matplotlib.ticker import NullFormatter

        ax.set_xticks(shown_x, [f"{v:g}" for v in shown_x])
        ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel(plain(xlabel))
    ax.set_ylabel(plain(ylabel))
    ax.grid(which="major", alpha=0.35)
    ax.grid(which="minor", alpha=0.12)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    if title:
        ax.set_title(plain(title))
    return ax
