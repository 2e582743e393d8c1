"""Each plot function draws what it claims: bars, cells, points, lines, labels, titles."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
import scipy.sparse as sp
from matplotlib.collections import PathCollection
from matplotlib.patches import Rectangle

from nlptools import plots
from nlptools.errors import ParameterError


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _bars(ax):
    return [p for p in ax.patches if isinstance(p, Rectangle)]


def _points(ax):
    return sum(len(c.get_offsets()) for c in ax.collections if isinstance(c, PathCollection))


def _ticklabels(ax, axis="y"):
    labels = ax.get_yticklabels() if axis == "y" else ax.get_xticklabels()
    return [t.get_text() for t in labels]


def test_import_does_not_load_matplotlib():
    import subprocess
    import sys

    code = "import sys, nlptools.plots; print('matplotlib' in sys.modules, 'sklearn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_top_terms_grid_one_panel_per_topic_with_bars_and_titles():
    terms = [["oil", "price", "barrel"], ["goal", "match"], ["vote", "party", "poll", "labour"]]
    weights = [[0.5, 0.3, 0.1], [0.6, 0.2], [0.4, 0.3, 0.2, 0.1]]
    fig = plots.plot_top_terms(terms, weights, ["business", "sport", "politics"], n_terms=3, ncols=2)
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert len(visible) == 3
    assert len(fig.axes) == 4  # 2 x 2 grid, the spare panel hidden
    assert [ax.get_title() for ax in visible] == ["business", "sport", "politics"]
    assert [len(_bars(ax)) for ax in visible] == [3, 2, 3]  # n_terms caps the third
    # best term on top: the y axis is inverted so the first term has the highest position on screen
    first = visible[0]
    assert _ticklabels(first) == ["oil", "price", "barrel"]
    assert first.get_ylim()[0] > first.get_ylim()[1]
    assert fig.get_suptitle() == "Top terms per topic"
    widths = [b.get_width() for b in _bars(first)]
    assert widths == pytest.approx([0.5, 0.3, 0.1])


def test_top_terms_into_given_axes_and_bad_shapes():
    fig, axes = plt.subplots(1, 2)
    out = plots.plot_top_terms([["a", "b"], ["c", "d"]], [[2, 1], [3, 1]], axes=axes)
    assert out is fig
    assert [ax.get_title() for ax in axes] == ["topic 0", "topic 1"]
    with pytest.raises(ParameterError, match="topic 1 has 2 terms but 1 weights"):
        plots.plot_top_terms([["a"], ["b", "c"]], [[1], [1]])
    with pytest.raises(ParameterError, match="labels: 1 given for 2 topics"):
        plots.plot_top_terms([["a"], ["b"]], [[1], [1]], ["x"])


def test_heatmap_has_one_cell_per_weight_and_annotations():
    W = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]])
    ax = plots.plot_theme_heatmap(W, ["first article", "second"], ["arms", "troops", "talks"])
    image = ax.get_images()[0]
    assert image.get_array().shape == (2, 3)
    texts = sorted(t.get_text() for t in ax.texts)
    assert texts == sorted(["0.70", "0.20", "0.10", "0.10", "0.10", "0.80"])
    assert _ticklabels(ax, "x") == ["arms", "troops", "talks"]
    assert _ticklabels(ax, "y") == ["first article", "second"]
    assert ax.get_title() == "Theme weights per article"
    assert ax.get_xlabel() == "theme" and ax.get_ylabel() == "article"
    assert len(ax.figure.axes) == 2  # the colour bar
    # annotations contrast with their cell: dark cell -> white text
    by_text = {t.get_text(): t.get_color() for t in ax.texts}
    assert by_text["0.80"] == "white"
    with pytest.raises(ParameterError, match="documents: 3 given for 2 rows"):
        plots.plot_theme_heatmap(W, ["a", "b", "c"])


def test_heatmap_without_annotations_for_large_matrices():
    ax = plots.plot_theme_heatmap(np.random.default_rng(0).random((30, 20)))
    assert len(ax.texts) == 0


def test_model_selection_draws_coherence_and_diversity_on_two_axes():
    ax = plots.plot_model_selection([10, 20, 30], [0.05, 0.08, 0.06], [0.9, 0.8, 0.7], chosen=20)
    twin = [a for a in ax.figure.axes if a is not ax][0]
    (coh,) = [ln for ln in ax.get_lines() if ln.get_marker() == "o"]
    assert list(coh.get_xdata()) == [10, 20, 30] and list(coh.get_ydata()) == [0.05, 0.08, 0.06]
    (div,) = [ln for ln in twin.get_lines() if ln.get_marker() == "s"]
    assert list(div.get_ydata()) == [0.9, 0.8, 0.7]
    assert ax.get_ylabel() == "coherence (NPMI)" and twin.get_ylabel() == "topic diversity (TD@10)"
    assert ax.get_xlabel() == "number of topics k"
    legend = twin.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["coherence", "topic diversity", "chosen k = 20"]


def test_model_selection_several_models():
    ax = plots.plot_model_selection(
        [5, 10],
        {"lda": [0.1, 0.2], "nmf": [0.2, 0.3]},
        {"lda": [0.8, 0.7], "nmf": [0.9, 0.85]},
        coherence_err={"lda": [0.01, 0.02], "nmf": [0.0, 0.01]},
    )
    twin = ax.figure.axes[1]
    labels = [t.get_text() for t in twin.get_legend().get_texts()]
    assert labels == ["lda", "nmf", "coherence (NPMI)", "topic diversity (TD@10)"]
    assert len(ax.get_lines()) >= 2 and len(twin.get_lines()) >= 2  # one coherence and one diversity line per model
    with pytest.raises(ParameterError, match="3 values for 2 values of k"):
        plots.plot_model_selection([5, 10], [0.1, 0.2, 0.3])


def test_project_2d_is_seeded_and_pca_matches_numpy():
    rng = np.random.default_rng(1)
    X = sp.random(20, 60, density=0.3, random_state=rng, format="csr")
    a, labels = plots.project_2d(X, method="pca")
    b, _ = plots.project_2d(X, method="pca")
    assert a.shape == (20, 2) and np.array_equal(a, b)
    assert labels[0].startswith("PC 1 (")
    dense = X.toarray() - X.toarray().mean(axis=0)
    u, s, vt = np.linalg.svd(dense, full_matrices=False)
    # same subspace as the top two principal components (signs may differ)
    for j in range(2):
        assert abs(abs(np.corrcoef(a[:, j], u[:, j] * s[j])[0, 1]) - 1) < 1e-6
    t1, _ = plots.project_2d(X, method="tsne", random_state=3)
    t2, _ = plots.project_2d(X, method="tsne", random_state=3)
    assert np.array_equal(t1, t2)
    with pytest.raises(ParameterError, match="method"):
        plots.project_2d(X, method="umap")
    with pytest.raises(ParameterError, match="at least 3 rows"):
        plots.project_2d(np.ones((2, 5)))


def test_document_map_one_point_per_row_coloured_by_label():
    rng = np.random.default_rng(0)
    X = rng.random((12, 8))
    labels = ["a"] * 5 + ["b"] * 4 + [None] * 3
    ax = plots.plot_document_map(X, labels, title="Map")
    assert _points(ax) == 12
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["no theme (3)", "a (5)", "b (4)"]
    assert ax.get_title() == "Map"
    assert ax.get_xlabel().startswith("PC 1") and ax.get_ylabel().startswith("PC 2")
    ax2 = plots.plot_document_map(np.column_stack([np.arange(4), np.arange(4)]), method="none", names=list("wxyz"))
    assert _points(ax2) == 4 and [t.get_text() for t in ax2.texts] == list("wxyz")
    with pytest.raises(ParameterError, match="labels: 2 given for 12 rows"):
        plots.plot_document_map(X, ["a", "b"])


def test_topic_distances_against_hand_values():
    P = np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]])
    D = plots.topic_distances(P)
    assert D[0, 1] == pytest.approx(1.0)  # disjoint distributions: JSD = 1 bit
    # JS divergence of [1,0] and [.5,.5]: M=[.75,.25]; 0.5*(log2(1/.75)) + 0.5*(.5log2(.5/.75)+.5log2(.5/.25))
    jsd = 0.5 * np.log2(1 / 0.75) + 0.5 * (0.5 * np.log2(0.5 / 0.75) + 0.5 * np.log2(0.5 / 0.25))
    assert D[0, 2] == pytest.approx(np.sqrt(jsd))
    assert np.allclose(D, D.T) and np.allclose(np.diag(D), 0)


def test_classical_mds_recovers_planar_distances():
    pts = np.array([[0.0, 0.0], [3.0, 0.0], [0.0, 4.0], [1.0, 1.0]])
    D = np.linalg.norm(pts[:, None] - pts[None], axis=2)
    coords = plots.classical_mds(D)
    D2 = np.linalg.norm(coords[:, None] - coords[None], axis=2)
    assert np.allclose(D, D2)


def test_intertopic_map_marker_area_follows_prevalence():
    rng = np.random.default_rng(0)
    T = rng.random((4, 30))
    ax = plots.plot_intertopic_map(T, [0.1, 0.2, 0.3, 0.4], ["a", "b", "c", "d"])
    (scatter,) = [c for c in ax.collections if isinstance(c, PathCollection)]
    sizes = scatter.get_sizes()
    assert len(scatter.get_offsets()) == 4
    assert list(np.argsort(sizes)) == [0, 1, 2, 3]
    assert [t.get_text().split("\n")[0] for t in ax.texts] == ["a", "b", "c", "d"]
    assert "Intertopic distance map" in ax.get_title()
    with pytest.raises(ParameterError, match="at least 2 topics"):
        plots.plot_intertopic_map(T[:1])
    with pytest.raises(ParameterError, match="non-negative"):
        plots.plot_intertopic_map(-T)


def test_rouge_box_and_bar():
    scores = {"lead": [0.5, 0.6, 0.7], "textrank": [0.8, 0.9, 0.85, float("nan")], "oracle": [0.99, 1.0, 0.98]}
    ax = plots.plot_rouge(scores)
    labels = _ticklabels(ax)
    assert labels == ["lead (n=3)", "textrank (n=3)", "oracle (n=3)"]  # best mean on top (last tick)
    assert len([p for p in ax.patches if p.__class__.__name__ == "PathPatch"]) == 3  # three boxes
    assert ax.get_xlabel() == "ROUGE-1 F1" and ax.get_title() == "ROUGE-1 F1 by method"
    ax2 = plots.plot_rouge(scores, kind="bar", metric="ROUGE-2 F1", sort=False)
    bars = _bars(ax2)
    assert len(bars) == 3
    # unsorted: first method at the top, i.e. drawn last
    assert [b.get_width() for b in bars] == pytest.approx([np.mean([0.99, 1.0, 0.98]), 0.85, 0.6])
    assert bars[2].get_facecolor()[:3] == pytest.approx((0.6, 0.6, 0.6))  # lead: a reference, grey
    assert "95% CI" in ax2.get_xlabel()
    with pytest.raises(ParameterError, match="no finite score"):
        plots.plot_rouge({"x": [float("nan")]})


def test_cost_is_log_log_with_fitted_slopes():
    sizes = [100, 200, 400, 800]
    ax = plots.plot_cost(sizes, {"linear": [0.1, 0.2, 0.4, 0.8], "quadratic": [1, 4, 16, float("nan")]})
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    lines = ax.get_lines()
    assert len(lines) == 2 and len(lines[1].get_xdata()) == 3  # the NaN point is left out
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["linear (slope 1.00)", "quadratic (slope 2.00)"]
    assert plots.loglog_slope([1, 10, 100], [2, 20, 200]) == pytest.approx(1.0)
    assert plots.loglog_slope([1], [1]) is None


def test_theme_timeline_means_per_period_and_undated_left_out():
    dates = ["2023-01-02", "2023-01-03", "2023-01-20", None, "2023-02-11T10:00:00"]
    W = np.array([[1.0, 0.0], [0.0, 1.0], [0.2, 0.8], [0.5, 0.5], [0.6, 0.4]])
    periods, means, counts, freq = plots.theme_weights_by_period(dates, W, freq="month")
    assert [str(p) for p in periods] == ["2023-01-01", "2023-02-01"]
    assert counts.tolist() == [3, 1]
    assert means[0] == pytest.approx([0.4, 0.6])
    periods_w, _, counts_w, _ = plots.theme_weights_by_period(dates, W, freq="week")
    assert [str(p) for p in periods_w] == ["2023-01-02", "2023-01-16", "2023-02-06"] and counts_w.tolist() == [2, 1, 1]
    ax = plots.plot_theme_timeline(dates, W, ["arms", "talks"], freq="month")
    lines = [ln for ln in ax.get_lines() if ln.get_marker() == "o"]
    assert len(lines) == 2
    assert list(lines[0].get_ydata()) == pytest.approx([0.4, 0.6])
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["arms", "talks", "articles (right axis)"]
    twin = ax.figure.axes[1]
    assert len(_bars(twin)) == 2
    with pytest.raises(ParameterError, match="no document carries a readable date"):
        plots.plot_theme_timeline([None, "n/a"], W[:2])


def test_counts_and_histogram():
    ax = plots.plot_counts({"byline": 3, "caption": 10, "trailing": 1}, xlabel="spans", title="Removed")
    assert _ticklabels(ax) == ["trailing", "byline", "caption"]  # largest on top
    assert [b.get_width() for b in _bars(ax)] == [1, 3, 10]
    ax2 = plots.plot_histogram({"a": [1, 2, 2, 3], "b": [5, 6]}, bins=5, xlabel="words")
    assert len(ax2.patches) == 2  # one step outline per sample
    assert ax2.get_xlabel() == "words"
    assert [t.get_text() for t in ax2.get_legend().get_texts()] == ["a (n=4, median 2)", "b (n=2, median 5.5)"]


def test_save_figure_writes_identical_png(tmp_path):
    ax = plots.plot_counts({"a": 1, "b": 2})
    p1 = plots.save_figure(ax, tmp_path / "a.png")
    p2 = plots.save_figure(ax.figure, tmp_path / "b.png")
    assert p1.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert p1.read_bytes() == p2.read_bytes()
    with pytest.raises(ParameterError):
        plots.save_figure(object(), tmp_path / "c.png")


def test_figure_saver_shows_and_optionally_saves(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from nlptools.plots import figure_saver

    fig, ax = plt.subplots()
    ax.plot([0, 1], [1, 0])
    assert figure_saver("01_", None)(ax, "line") is fig
    assert not list(tmp_path.iterdir())
    assert figure_saver("01_", tmp_path)(ax, "line") is fig
    assert (tmp_path / "01_line.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    plt.close(fig)
