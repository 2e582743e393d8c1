"""The digest's figures as PNG bytes (matplotlib, deterministic)."""

from __future__ import annotations

import io
from typing import Any

from ..digest import Digest

__all__ = ["digest_figures"]


def digest_figures(digest: Digest) -> dict[str, bytes]:
    """PNG figures of a digest: ``top_terms`` and ``theme_weights`` (deterministic bytes)."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    from ..plots import plot_theme_heatmap, plot_top_terms

    result = digest.theme_result
    figures: dict[str, bytes] = {}
    terms = [[t for t, _ in th.terms[:10]] for th in result.themes]
    weights = [[w for _, w in th.terms[:10]] for th in result.themes]
    labels = [th.name for th in result.themes]
    fig = plot_top_terms(terms, weights, labels, title="Top terms per theme")
    figures["top_terms"] = _png(fig)
    plt.close(fig)
    rows = [[d.weights.get(name, 0.0) for name in labels] for d in result.documents]
    ax = plot_theme_heatmap(rows, [digest.title_of(d.id) for d in result.documents], labels)
    figures["theme_weights"] = _png(ax.figure)
    plt.close(ax.figure)
    return figures


def _png(fig: Any) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, metadata={"Software": None})
    return buf.getvalue()
