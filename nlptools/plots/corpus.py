"""Plots of corpus statistics: counts by category, length distributions."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..errors import ParameterError
from ._base import category_colors, new_axes, plain, shorten

logger = logging.getLogger(__name__)

__all__ = ["plot_counts", "plot_histogram"]


def plot_counts(
    counts: Mapping[str, float],
    *,
    sort: bool = True,
    xlabel: str = "count",
    ax: Any = None,
    title: str | None = None,
) -> Any:
    """Horizontal bars of named counts (e.g. characters removed per cleaning rule).

    Parameters
    ----------
    counts : mapping of str to number
    sort : bool, default=True
        Largest at the top.
    xlabel : str
    ax : Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    if not isinstance(counts, Mapping) or not counts:
        raise ParameterError("counts: expected a non-empty mapping {name: count}")
    items = [(str(k), float(v)) for k, v in counts.items()]
    if sort:
        items.sort(key=lambda kv: (-kv[1], kv[0]))
    items = items[::-1]
    ax = new_axes(ax, (6.5, 0.9 + 0.38 * len(items)))
    y = np.arange(len(items))
    values = [v for _, v in items]
    ax.barh(y, values, color=category_colors(1)[0], height=0.7)
    ax.set_yticks(y, [shorten(k, 30) for k, _ in items])
    for yi, v in zip(y, values):
        ax.text(v, yi, f" {v:,.0f}" if float(v).is_integer() else f" {v:,.3g}", va="center", fontsize=8)
    ax.margins(x=0.15)
    ax.set_xlabel(plain(xlabel))
    ax.grid(axis="x", alpha=0.3)
    if title:
        ax.set_title(plain(title))
    return ax


def plot_histogram(
    values: Sequence[float] | Mapping[str, Sequence[float]],
    *,
    bins: int = 30,
    xlabel: str = "value",
    log: bool = False,
    ax: Any = None,
    title: str | None = None,
) -> Any:
    """A histogram of one or several samples (e.g. sentence lengths in words).

    Parameters
    ----------
    values : sequence of float, or mapping of str to sequence
        One sample, or named samples drawn as overlaid step histograms.
    bins : int, default=30
    xlabel : str
    log : bool, default=False
        Logarithmic count axis.
    ax : Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    samples = dict(values) if isinstance(values, Mapping) else {"": values}
    if not samples:
        raise ParameterError("values: nothing to plot")
    arrays = {}
    for name, v in samples.items():
        arr = np.asarray(list(v), dtype=float)
        arr = arr[np.isfinite(arr)]
        if arr.size == 0:
            raise ParameterError(f"values{'[' + repr(name) + ']' if name else ''}: no finite value")
        arrays[str(name)] = arr
    ax = new_axes(ax, (6.5, 4.0))
    lo = min(a.min() for a in arrays.values())
    hi = max(a.max() for a in arrays.values())
    edges = np.linspace(lo, hi if hi > lo else lo + 1, bins + 1)
    colors = category_colors(len(arrays))
    for color, (name, arr) in zip(colors, arrays.items()):
        label = (
            f"{name} (n={arr.size}, median {np.median(arr):.3g})"
            if name
            else f"n={arr.size}, median {np.median(arr):.3g}"
        )
        ax.hist(
            arr,
            bins=edges,
            histtype="stepfilled" if len(arrays) == 1 else "step",
            color=color,
            alpha=0.7 if len(arrays) == 1 else 1.0,
            linewidth=1.5,
            label=plain(label),
        )
    if log:
        ax.set_yscale("log")
    ax.set_xlabel(plain(xlabel))
    ax.set_ylabel("count")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    if title:
        ax.set_title(plain(title))
    return ax
