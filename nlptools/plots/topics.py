"""Plots of topic models and themes.

All inputs are plain arrays, lists and mappings, so these functions work with
any model's output. Each function draws into ``ax`` (or a new figure) and
returns the Axes; :func:`plot_top_terms` draws a grid and returns the Figure.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..errors import ParameterError
from ._base import as_matrix, category_colors, check_length, new_axes, plain, pyplot, shorten

logger = logging.getLogger(__name__)

__all__ = [
    "plot_top_terms",
    "plot_theme_heatmap",
    "plot_model_selection",
    "project_2d",
    "plot_document_map",
    "topic_distances",
    "classical_mds",
    "plot_intertopic_map",
]


# --------------------------------------------------------------------------- top terms


def plot_top_terms(
    terms: Sequence[Sequence[str]],
    weights: Sequence[Sequence[float]],
    labels: Sequence[str] | None = None,
    *,
    n_terms: int = 10,
    ncols: int | None = None,
    axes: Sequence[Any] | None = None,
    title: str | None = "Top terms per topic",
    xlabel: str = "weight",
) -> Any:
    """A grid of horizontal bar charts: the top terms of each topic or theme.

    Parameters
    ----------
    terms : sequence of sequence of str, shape (n_topics, n_terms_i)
        Each topic's terms, best first.
    weights : sequence of sequence of float
        The matching weights (same shape as ``terms``).
    labels : sequence of str, optional
        Topic names used as panel titles (default ``topic 0``, ``topic 1``...).
    n_terms : int, default=10
        Bars per panel (the first ``n_terms`` of each topic).
    ncols : int, optional
        Panels per row (default: up to 4).
    axes : sequence of Axes, optional
        Draw into these (one per topic) instead of a new figure.
    title : str or None
        Figure title (only for a new figure).
    xlabel : str, default="weight"

    Returns
    -------
    matplotlib.figure.Figure
    """
    n = len(terms)
    if n == 0:
        raise ParameterError("terms: no topic to plot")
    check_length(weights, n, "weights", "topics")
    check_length(labels, n, "labels", "topics")
    if n_terms < 1:
        raise ParameterError(f"n_terms: must be at least 1, got {n_terms}")
    for i, (t, w) in enumerate(zip(terms, weights)):
        if len(t) != len(w):
            raise ParameterError(f"weights: topic {i} has {len(t)} terms but {len(w)} weights")
    shown = max(min(n_terms, len(t)) for t in terms) or 1
    if axes is None:
        cols = ncols or min(n, 4)
        rows = -(-n // cols)
        fig, grid = pyplot().subplots(
            rows,
            cols,
            figsize=(3.3 * cols, 0.6 + 0.27 * shown * rows + 0.5 * rows),
            layout="constrained",
            squeeze=False,
        )
        flat = list(grid.ravel())
        for extra in flat[n:]:
            extra.set_visible(False)
        if title:
            fig.suptitle(plain(title))
    else:
        flat = list(axes)
        if len(flat) < n:
            raise ParameterError(f"axes: {len(flat)} axes for {n} topics")
        fig = flat[0].figure
    colors = category_colors(n)
    for i in range(n):
        ax = flat[i]
        t = [shorten(x, 22) for x in list(terms[i])[:n_terms]]
        bars = np.asarray(list(weights[i])[:n_terms], dtype=float)
        y = np.arange(len(t))
        ax.barh(y, bars, color=colors[i], height=0.75)
        ax.set_yticks(y, t, fontsize=8.5)
        ax.set_ylim(shown - 0.5, -0.5)  # best term on top, equal bar heights across panels
        ax.set_title(shorten(labels[i] if labels is not None else f"topic {i}", 34), fontsize=10)
        ax.tick_params(axis="x", labelsize=7.5)
        ax.set_xlabel(plain(xlabel), fontsize=8)
        ax.margins(x=0.05)
    return fig


# --------------------------------------------------------------------------- heatmap


def plot_theme_heatmap(
    weights: Any,
    documents: Sequence[str] | None = None,
    themes: Sequence[str] | None = None,
    *,
    annotate: bool | None = None,
    fmt: str = "{:.2f}",
    cmap: str = "Blues",
    ax: Any = None,
    title: str | None = "Theme weights per article",
    colorbar_label: str = "weight",
) -> Any:
    """Document-theme weights as an annotated heatmap (articles by themes).

    Parameters
    ----------
    weights : array-like, shape (n_documents, n_themes)
    documents : sequence of str, optional
        Row labels (article titles or ids); long ones are shortened.
    themes : sequence of str, optional
        Column labels.
    annotate : bool, optional
        Write each value in its cell (default: when there are at most 400 cells).
    fmt : str, default="{:.2f}"
        Format of the annotations.
    cmap : str, default="Blues"
    ax : Axes, optional
    title : str or None
    colorbar_label : str

    Returns
    -------
    matplotlib.axes.Axes
    """
    W = as_matrix(weights, "weights")
    n_docs, n_themes = W.shape
    check_length(documents, n_docs, "documents", "rows of weights")
    check_length(themes, n_themes, "themes", "columns of weights")
    ax = new_axes(ax, (max(4.5, 1.0 + 0.9 * n_themes + 2.2), max(2.5, 1.2 + 0.38 * n_docs)))
    vmax = float(np.nanmax(W)) if np.isfinite(W).any() else 1.0
    vmin = min(0.0, float(np.nanmin(W)))
    image = ax.imshow(
        W, aspect="auto", cmap=cmap, vmin=vmin, vmax=vmax if vmax > vmin else vmin + 1, interpolation="nearest"
    )
    ax.set_xticks(
        np.arange(n_themes),
        [shorten(t, 24) for t in (themes if themes is not None else range(n_themes))],
        rotation=30,
        ha="right",
        rotation_mode="anchor",
    )
    ax.set_yticks(np.arange(n_docs), [shorten(d, 40) for d in (documents if documents is not None else range(n_docs))])
    ax.tick_params(length=0)
    ax.set_xticks(np.arange(n_themes + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(n_docs + 1) - 0.5, minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5)
    ax.tick_params(which="minor", length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    if annotate is None:
        annotate = W.size <= 400
    if annotate:
        cmap_obj = image.cmap
        norm = image.norm
        for i in range(n_docs):
            for j in range(n_themes):
                v = W[i, j]
                if not np.isfinite(v):
                    continue
                r, g, b, _ = cmap_obj(norm(v))
                light = 0.299 * r + 0.587 * g + 0.114 * b > 0.55
                ax.text(j, i, fmt.format(v), ha="center", va="center", fontsize=8, color="black" if light else "white")
    ax.set_xlabel("theme")
    ax.set_ylabel("article")
    if title:
        ax.set_title(plain(title))
    ax.figure.colorbar(image, ax=ax, label=plain(colorbar_label), shrink=0.9)
    return ax


# --------------------------------------------------------------------------- model selection


def _series(values: Any, name: str, n: int) -> dict[str, np.ndarray]:
    if values is None:
        return {}
    items = values.items() if isinstance(values, Mapping) else [("", values)]
    out = {}
    for key, v in items:
        arr = np.asarray(v, dtype=float)
        if arr.shape != (n,):
            raise ParameterError(f"{name}{'[' + repr(key) + ']' if key else ''}: {arr.size} values for {n} values of k")
        out[str(key)] = arr
    return out


def plot_model_selection(
    k: Sequence[int],
    coherence: Sequence[float] | Mapping[str, Sequence[float]],
    diversity: Sequence[float] | Mapping[str, Sequence[float]] | None = None,
    *,
    coherence_err: Sequence[float] | Mapping[str, Sequence[float]] | None = None,
    diversity_err: Sequence[float] | Mapping[str, Sequence[float]] | None = None,
    chosen: int | None = None,
    coherence_label: str = "coherence (NPMI)",
    diversity_label: str = "topic diversity (TD@10)",
    ax: Any = None,
    title: str | None = "Choosing the number of topics",
) -> Any:
    """Coherence and diversity against the number of topics k.

    Coherence goes on the left axis (solid lines, circles), diversity on a
    twin right axis (dashed lines, squares); one legend names both. Several
    models can be compared by passing mappings ``{model: values}``.

    Parameters
    ----------
    k : sequence of int
        The numbers of topics tried.
    coherence : sequence of float or mapping of str to sequence
        Coherence at each k (one series, or one per model).
    diversity : same shape as ``coherence``, optional
    coherence_err, diversity_err : optional
        Error bars (e.g. standard deviation over seeds), same shapes.
    chosen : int, optional
        The k chosen, marked by a vertical line.
    coherence_label, diversity_label : str
        Axis labels.
    ax : Axes, optional
    title : str or None

    Returns
    -------
    matplotlib.axes.Axes
        The left (coherence) axes; the diversity axes is its twin
        (``ax.figure.axes``).
    """
    ks = np.asarray(k, dtype=float)
    if ks.ndim != 1 or ks.size == 0:
        raise ParameterError("k: expected a non-empty sequence of numbers of topics")
    n = ks.size
    coh = _series(coherence, "coherence", n)
    div = _series(diversity, "diversity", n)
    coh_e = _series(coherence_err, "coherence_err", n)
    div_e = _series(diversity_err, "diversity_err", n)
    if (
        isinstance(coherence, Mapping) != (diversity is not None and isinstance(diversity, Mapping))
        and diversity is not None
    ):
        raise ParameterError("coherence, diversity: pass both as sequences or both as mappings {model: values}")
    names = list(coh)
    ax = new_axes(ax, (8.6 if len(names) > 1 else 7.0, 4.2))
    colors = category_colors(max(len(names), 1))
    handles = []
    for color, name in zip(colors, names):
        label = coherence_label.split(" (")[0] + (f" \u2013 {name}" if name else "")
        h = ax.errorbar(
            ks, coh[name], yerr=coh_e.get(name), color=color, marker="o", linestyle="-", capsize=3, label=plain(label)
        )
        handles.append(h)
    ax.set_xlabel("number of topics k")
    ax.set_ylabel(plain(coherence_label))
    ax.set_xticks(ks)
    ax.grid(alpha=0.3)
    top = ax
    if div:
        twin = top = ax.twinx()
        for color, name in zip(colors, names):
            if name not in div:
                raise ParameterError(f"diversity: no values for model {name!r}")
            label = diversity_label.split(" (")[0] + (f" \u2013 {name}" if name else "")
            h = twin.errorbar(
                ks,
                div[name],
                yerr=div_e.get(name),
                color=color,
                marker="s",
                linestyle="--",
                capsize=3,
                label=plain(label),
                alpha=0.85,
            )
            handles.append(h)
        twin.set_ylabel(plain(diversity_label))
    if chosen is not None:
        line = ax.axvline(chosen, color="0.3", linestyle=":", linewidth=1.5, label=f"chosen k = {chosen}")
        handles.append(line)
    if len(names) > 1:
        # several models: one colour per model, one line style per measure, outside the plot
        from matplotlib.lines import Line2D

        key = [Line2D([], [], color=c, linewidth=2.5, label=plain(m)) for c, m in zip(colors, names)]
        key.append(Line2D([], [], color="0.2", marker="o", linestyle="-", label=plain(coherence_label)))
        if div:
            key.append(Line2D([], [], color="0.2", marker="s", linestyle="--", label=plain(diversity_label)))
        key.extend(handles[len(names) * (2 if div else 1) :])  # the chosen-k line
        top.legend(
            handles=key, loc="upper left", bbox_to_anchor=(1.15 if div else 1.02, 1.0), fontsize=8, frameon=False
        )
    else:
        # the legend goes on the topmost axes, so no line is drawn over it
        top.legend(handles=handles, loc="best", fontsize=8, framealpha=0.95)
    if title:
        ax.set_title(plain(title))
    return ax


# --------------------------------------------------------------------------- document map


def project_2d(X: Any, *, method: str = "pca", random_state: int = 0) -> tuple[np.ndarray, tuple[str, str]]:
    """Project rows of ``X`` (e.g. TF-IDF vectors) to 2-D, reproducibly.

    Parameters
    ----------
    X : array-like or sparse matrix, shape (n_samples, n_features)
    method : {"pca", "tsne", "none"}
        PCA (sparse input uses the ARPACK solver, no densifying), t-SNE
        (after a 50-component truncated SVD, PCA initialisation), or
        ``"none"`` when ``X`` already holds 2-D coordinates.
    random_state : int, default=0

    Returns
    -------
    coords : ndarray, shape (n_samples, 2)
    axis_labels : tuple of str
        Names for the two axes (with explained variance for PCA).
    """
    import scipy.sparse as sp

    if method not in ("pca", "tsne", "none"):
        raise ParameterError(f"method: {method!r} is not one of pca, tsne, none")
    sparse = sp.issparse(X)
    if not sparse:
        X = as_matrix(X, "X")
    n, d = X.shape
    if method == "none":
        if d != 2:
            raise ParameterError(f"X: method 'none' needs 2-D coordinates, got {d} columns")
        return np.asarray(X, dtype=float), ("x", "y")
    if n < 3:
        raise ParameterError(f"X: a 2-D map needs at least 3 rows, got {n}")
    if d < 2:
        raise ParameterError(f"X: needs at least 2 features, got {d}")
    if method == "pca":
        from sklearn.decomposition import PCA

        if sparse and min(n, d) > 3:
            pca = PCA(n_components=2, svd_solver="arpack", random_state=random_state)
            coords = pca.fit_transform(sp.csr_matrix(X, dtype=float))
        else:
            pca = PCA(n_components=2, svd_solver="full", random_state=random_state)
            coords = pca.fit_transform(X.toarray() if sparse else X)
        ratio = pca.explained_variance_ratio_
        return coords, (f"PC 1 ({100 * ratio[0]:.1f}% of variance)", f"PC 2 ({100 * ratio[1]:.1f}% of variance)")
    from sklearn.decomposition import TruncatedSVD
    from sklearn.manifold import TSNE

    dense = X
    if min(n, d) > 51:
        dense = TruncatedSVD(n_components=50, random_state=random_state).fit_transform(X)
    elif sparse:
        dense = X.toarray()
    perplexity = float(min(30.0, max(2.0, (n - 1) / 3.0)))
    # exact gradients are faster than Barnes-Hut's tree for small maps
    tsne = TSNE(
        n_components=2,
        init="pca",
        perplexity=perplexity,
        random_state=random_state,
        max_iter=1000,
        method="exact" if n <= 200 else "barnes_hut",
    )
    return tsne.fit_transform(np.asarray(dense, dtype=float)), ("t-SNE 1", "t-SNE 2")


def plot_document_map(
    X: Any,
    labels: Sequence[Any] | None = None,
    *,
    names: Sequence[str] | None = None,
    method: str = "pca",
    random_state: int = 0,
    ax: Any = None,
    title: str | None = None,
    marker_size: float | None = None,
    legend_title: str = "theme",
) -> Any:
    """A 2-D map of passages or documents, coloured by theme or label.

    Parameters
    ----------
    X : array-like or sparse matrix, shape (n_samples, n_features)
        Vectors (e.g. TF-IDF) of the passages/documents, or 2-D coordinates
        with ``method="none"``.
    labels : sequence, optional
        Theme (or category) of each row; ``None`` entries are drawn grey as
        "no theme". Legend entries carry their counts.
    names : sequence of str, optional
        Text written beside each point (only sensible for a few points).
    method : {"pca", "tsne", "none"}
        See :func:`project_2d`.
    random_state : int, default=0
    ax : Axes, optional
    title : str, optional
        Default: ``"Documents (PCA of TF-IDF)"`` or the t-SNE equivalent.
    marker_size : float, optional
        Default shrinks with the number of points.
    legend_title : str, default="theme"

    Returns
    -------
    matplotlib.axes.Axes
    """
    coords, (xlabel, ylabel) = project_2d(X, method=method, random_state=random_state)
    n = coords.shape[0]
    check_length(labels, n, "labels", "rows of X")
    check_length(names, n, "names", "rows of X")
    ax = new_axes(ax, (7.0, 5.2))
    size = marker_size if marker_size is not None else float(np.clip(2000.0 / max(n, 1), 6, 60))
    if labels is None:
        ax.scatter(coords[:, 0], coords[:, 1], s=size, color=category_colors(1)[0], alpha=0.75, linewidths=0)
    else:
        present = [lab for lab in labels if lab is not None]
        try:
            order = sorted(set(present))
        except TypeError:
            order = list(dict.fromkeys(present))
        colors = category_colors(max(len(order), 1))
        lab_arr = np.asarray([None if lab is None else str(lab) for lab in labels], dtype=object)
        none_mask = np.asarray([lab is None for lab in labels])
        if none_mask.any():
            ax.scatter(
                coords[none_mask, 0],
                coords[none_mask, 1],
                s=size,
                color="0.75",
                alpha=0.6,
                linewidths=0,
                label=f"no {plain(legend_title)} ({int(none_mask.sum())})",
            )
        for color, lab in zip(colors, order):
            mask = lab_arr == str(lab)
            ax.scatter(
                coords[mask, 0],
                coords[mask, 1],
                s=size,
                color=color,
                alpha=0.8,
                linewidths=0,
                label=f"{shorten(lab, 28)} ({int(mask.sum())})",
            )
        ax.legend(
            title=plain(legend_title),
            fontsize=8,
            title_fontsize=9,
            loc="center left",
            bbox_to_anchor=(1.01, 0.5),
            markerscale=max(1.0, 40.0 / size) ** 0.5,
            frameon=False,
        )
    if names is not None:
        for (x, y), name in zip(coords, names):
            ax.annotate(
                shorten(name, 28),
                (x, y),
                xytext=(4, 3),
                textcoords="offset points",
                fontsize=7.5,
                annotation_clip=True,
                clip_on=True,
            )
        ax.margins(x=0.3, y=0.1)  # room for the labels of the outermost points
    ax.set_xlabel(plain(xlabel))
    ax.set_ylabel(plain(ylabel))
    ax.grid(alpha=0.25)
    if title is None:
        title = {"pca": "Documents (PCA of TF-IDF)", "tsne": "Documents (t-SNE of TF-IDF)", "none": "Documents"}[method]
    if title:
        ax.set_title(plain(title))
    return ax


# --------------------------------------------------------------------------- intertopic map


def topic_distances(topic_term: Any) -> np.ndarray:
    """Jensen-Shannon distances (base 2, in [0, 1]) between topic-term distributions.

    Parameters
    ----------
    topic_term : array-like, shape (n_topics, n_terms)
        Non-negative weights; each row is normalised to sum to 1.

    Returns
    -------
    ndarray, shape (n_topics, n_topics)
    """
    P = as_matrix(topic_term, "topic_term")
    if (P < 0).any():
        raise ParameterError("topic_term: weights must be non-negative")
    sums = P.sum(axis=1, keepdims=True)
    if (sums <= 0).any():
        raise ParameterError("topic_term: a topic has no weight at all")
    P = P / sums
    k = P.shape[0]
    D = np.zeros((k, k))
    with np.errstate(divide="ignore", invalid="ignore"):
        for i in range(k):
            M = 0.5 * (P[i] + P)
            a = np.where(P[i] > 0, P[i] * np.log2(P[i] / M), 0.0).sum(axis=1)
            b = np.where(P > 0, P * np.log2(P / M), 0.0).sum(axis=1)
            D[i] = np.sqrt(np.clip(0.5 * (a + b), 0.0, None))
    D = 0.5 * (D + D.T)
    np.fill_diagonal(D, 0.0)
    return D


def classical_mds(D: Any, n_components: int = 2) -> np.ndarray:
    """Classical (Torgerson) multidimensional scaling of a distance matrix.

    Deterministic (an eigendecomposition, signs fixed so the largest
    coordinate of each axis is positive), as in LDAvis' default map.
    """
    D = as_matrix(D, "D")
    n = D.shape[0]
    if D.shape != (n, n):
        raise ParameterError(f"D: expected a square matrix, got shape {D.shape}")
    J = np.eye(n) - np.ones((n, n)) / n
    B = -0.5 * J @ (D**2) @ J
    vals, vecs = np.linalg.eigh(B)
    order = np.argsort(vals)[::-1][:n_components]
    vals, vecs = np.clip(vals[order], 0.0, None), vecs[:, order]
    coords = vecs * np.sqrt(vals)
    for j in range(coords.shape[1]):
        if coords[np.argmax(np.abs(coords[:, j])), j] < 0:
            coords[:, j] = -coords[:, j]
    if coords.shape[1] < n_components:
        coords = np.hstack([coords, np.zeros((n, n_components - coords.shape[1]))])
    return coords


def plot_intertopic_map(
    topic_term: Any,
    prevalence: Sequence[float] | None = None,
    labels: Sequence[str] | None = None,
    *,
    ax: Any = None,
    title: str | None = "Intertopic distance map",
) -> Any:
    """Topics placed by classical MDS of their Jensen-Shannon distances.

    Marker area is proportional to each topic's prevalence (its share of the
    corpus), so large, central topics and small, distinct ones stand out.

    Parameters
    ----------
    topic_term : array-like, shape (n_topics, n_terms)
    prevalence : sequence of float, optional
        Share of the corpus per topic (default: equal).
    labels : sequence of str, optional
        Topic names written on the markers (default: topic numbers).
    ax : Axes, optional
    title : str or None

    Returns
    -------
    matplotlib.axes.Axes
    """
    D = topic_distances(topic_term)
    k = D.shape[0]
    if k < 2:
        raise ParameterError("topic_term: an intertopic map needs at least 2 topics")
    check_length(prevalence, k, "prevalence", "topics")
    check_length(labels, k, "labels", "topics")
    prev = np.full(k, 1.0 / k) if prevalence is None else np.asarray(prevalence, dtype=float)
    if (prev < 0).any() or not np.isfinite(prev).all():
        raise ParameterError("prevalence: must be finite and non-negative")
    share = prev / prev.sum() if prev.sum() > 0 else np.full(k, 1.0 / k)
    coords = classical_mds(D)
    ax = new_axes(ax, (6.2, 5.6))
    colors = category_colors(k)
    sizes = 150 + 4000 * share
    ax.scatter(coords[:, 0], coords[:, 1], s=sizes, c=colors, alpha=0.55, edgecolors="0.25", linewidths=0.8)
    names = list(labels) if labels is not None else [str(i) for i in range(k)]
    for (x, y), name, s in zip(coords, names, share):
        ax.annotate(f"{shorten(name, 22)}\n{100 * s:.0f}%", (x, y), ha="center", va="center", fontsize=8)
    ax.margins(0.3)
    ax.set_aspect("equal", adjustable="datalim")  # distances read the same in both directions
    ax.axhline(0, color="0.85", linewidth=0.8, zorder=0)
    ax.axvline(0, color="0.85", linewidth=0.8, zorder=0)
    ax.set_xlabel("MDS 1 (Jensen-Shannon distance)")
    ax.set_ylabel("MDS 2")
    if title:
        ax.set_title(plain(title) + "\n(marker area = share of corpus)", fontsize=11)
    return ax
