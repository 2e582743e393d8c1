"""Figures for topic models, themes, summaries and corpora (matplotlib).

Each ``plot_x(..., ax=None)`` draws into ``ax`` (or a new figure with
constrained layout) and returns the Axes; :func:`plot_top_terms` draws a
grid and returns the Figure. Inputs are plain arrays, lists and mappings, so
the functions work with any model's output. matplotlib is imported when a
function first draws, and the library never calls ``plt.show()``.

=============================  =================================================
function                       draws
=============================  =================================================
:func:`plot_top_terms`         top terms per topic/theme (bar grid)
:func:`plot_theme_heatmap`     document-theme weights (annotated heatmap)
:func:`plot_model_selection`   coherence and diversity against k
:func:`plot_document_map`      2-D map (PCA or t-SNE of TF-IDF) coloured by theme
:func:`plot_intertopic_map`    MDS of Jensen-Shannon distances between topics
:func:`plot_rouge`             ROUGE by method with spread (box or CI bars)
:func:`plot_cost`              run time against input length (log-log)
:func:`plot_theme_timeline`    theme weights over time (dated documents)
:func:`plot_counts`            named counts as bars
:func:`plot_histogram`         distribution of one or several samples
=============================  =================================================

:func:`save_figure` writes a PNG atomically; :func:`figure_saver` makes a notebook's
``keep(fig, name)`` that shows a figure and optionally saves it.
"""

from __future__ import annotations

from ._base import figure_saver, save_figure
from .corpus import plot_counts, plot_histogram
from .summaries import loglog_slope, plot_cost, plot_rouge
from .timeline import plot_theme_timeline, theme_weights_by_period
from .topics import (
    classical_mds,
    plot_document_map,
    plot_intertopic_map,
    plot_model_selection,
    plot_theme_heatmap,
    plot_top_terms,
    project_2d,
    topic_distances,
)

__all__ = [
    "save_figure",
    "figure_saver",
    "plot_top_terms",
    "plot_theme_heatmap",
    "plot_model_selection",
    "project_2d",
    "plot_document_map",
    "topic_distances",
    "classical_mds",
    "plot_intertopic_map",
    "plot_rouge",
    "plot_cost",
    "loglog_slope",
    "plot_theme_timeline",
    "theme_weights_by_period",
    "plot_counts",
    "plot_histogram",
]
