"""Shared helpers for the plotting functions: axes creation, checks, saving."""

from __future__ import annotations

import io
import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ParameterError
from ..outputs import atomic_write_bytes

logger = logging.getLogger(__name__)

__all__ = ["save_figure", "new_axes", "plain", "shorten", "as_matrix", "category_colors"]

#: Colours for reference methods (baselines, oracle) in method comparisons.
REFERENCE_COLOR = "0.6"


def pyplot() -> Any:
    """``matplotlib.pyplot``, imported on first use."""
    import matplotlib.pyplot as plt

    return plt


def new_axes(ax: Any, figsize: tuple[float, float]) -> Any:
    """``ax`` if given, else the Axes of a new figure of ``figsize`` inches (constrained layout)."""
    if ax is not None:
        return ax
    fig, new = pyplot().subplots(figsize=figsize, layout="constrained")
    return new


def plain(text: Any) -> str:
    r"""``text`` as a label matplotlib shows as written: every ``$`` escaped (``\$``).

    Two dollar signs in a label (a title ``"$5 to $6"``, a theme named
    ``"$x$"``) make matplotlib parse the text between them as mathtext,
    which fails on most of what is not TeX (``ValueError`` at draw time);
    an escaped ``\$`` is drawn as a plain ``$``. Every label built from data
    goes through this (or :func:`shorten`).
    """
    return str(text).replace("$", "\\$")


def shorten(text: Any, width: int = 32) -> str:
    """``text`` as a label (see :func:`plain`) of at most ``width`` characters (an ellipsis marks a cut)."""
    s = str(text)
    return plain(s if len(s) <= width else s[: max(1, width - 1)].rstrip() + "\u2026")


def as_matrix(values: Any, name: str, *, ndim: int = 2) -> np.ndarray:
    """``values`` as a finite float array of ``ndim`` dimensions, or :class:`ParameterError`."""
    if hasattr(values, "toarray"):
        values = values.toarray()
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ParameterError(f"{name}: expected numbers, got {type(values).__name__} ({exc})") from exc
    if arr.ndim != ndim:
        raise ParameterError(f"{name}: expected a {ndim}-D array, got shape {arr.shape}")
    if arr.size == 0:
        raise ParameterError(f"{name}: is empty")
    return arr


def check_length(values: Sequence[Any] | None, n: int, name: str, of: str) -> None:
    """Raise :class:`ParameterError` unless ``values`` is None or has ``n`` items."""
    if values is not None and len(values) != n:
        raise ParameterError(f"{name}: {len(values)} given for {n} {of}")


def category_colors(n: int) -> list[Any]:
    """``n`` distinct colours (tab10, then tab20, then a sampled continuous map)."""
    from matplotlib import colormaps

    if n <= 10:
        cmap = colormaps["tab10"]
        return [cmap(i) for i in range(n)]
    if n <= 20:
        cmap = colormaps["tab20"]
        return [cmap(i) for i in range(n)]
    cmap = colormaps["turbo"]
    return [cmap(x) for x in np.linspace(0.05, 0.95, n)]


def save_figure(fig: Any, path: str | os.PathLike[str], *, dpi: int = 110) -> Path:
    """Write a figure (or the figure of an Axes) as PNG, atomically.

    The PNG carries no software-version metadata, so the same figure gives
    the same bytes. The figure is not closed: call ``plt.close(fig)`` when
    done with it.

    Parameters
    ----------
    fig : matplotlib Figure or Axes
    path : path-like
        Target file (``.png``).
    dpi : int, default=110

    Returns
    -------
    Path
    """
    figure = getattr(fig, "figure", None) if not hasattr(fig, "savefig") else fig
    if figure is None or not hasattr(figure, "savefig"):
        raise ParameterError(f"fig: expected a matplotlib Figure or Axes, got {type(fig).__name__}")
    buf = io.BytesIO()
    figure.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    return atomic_write_bytes(path, buf.getvalue())


def figure_saver(prefix: str, folder: str | os.PathLike[str] | None = None) -> Any:
    """A ``keep(fig_or_ax, name)`` function for notebooks and scripts.

    ``keep`` returns the figure (so a notebook cell shows it) and, when
    ``folder`` is set, also writes it as ``folder/<prefix><name>.png``
    (:func:`save_figure`).
    """

    def keep(fig_or_ax: Any, name: str) -> Any:
        fig = fig_or_ax if hasattr(fig_or_ax, "savefig") else fig_or_ax.figure
        if folder:
            save_figure(fig, Path(folder) / f"{prefix}{name}.png")
        return fig

    return keep
