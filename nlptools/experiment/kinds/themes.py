"""``kind = "themes"``: the themes of a corpus, as ``nlptools themes`` finds them, with figures.

Cleans the ``[corpus]``, then calls :func:`nlptools.themes.find_themes`
(optionally guided by a lexicon: seed words per named theme) and writes
``themes.json`` (:meth:`~nlptools.themes.ThemeResult.to_dict`: themes,
article weights, every sentence's theme with its offsets), ``documents.csv``
(article x theme weights) and figures: top terms per theme, article-theme
heatmap, intertopic distance map, a 2-D map of the sentences coloured by
their theme, the k sweep when ``k = 0`` (auto), and theme weights over time
when articles carry dates. ``metrics.json`` holds the themes, their weights
and sizes, the article weights and the k sweep (no sentence offsets).

Example config: ``experiments/themes_seeds.toml``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np

from ..config import CleaningSettings, CorpusSettings, Experiment
from ..schema import SchemaError, check_model_params, suggest
from ._corpus import config_file, load_articles
from .base import Kind

logger = logging.getLogger(__name__)

__all__ = ["ThemesSettings", "run"]


@dataclass(frozen=True)
class ThemesSettings:
    """``[themes]``: the options of :func:`nlptools.themes.find_themes`.

    Attributes
    ----------
    lexicon : str, optional
        A theme lexicon (TOML), relative to the config file.
    method : str
        ``"auto"`` (find_themes' own choice: semantic with a lexicon, ensemble without), or a method of
        :func:`nlptools.themes.theme_methods`.
    k : int
        Number of themes; 0 sweeps ``ks`` and keeps the best by (1 + NPMI) / 2 x TD@10.
    ks : array of int
        The k values of the sweep (default: find_themes' own).
    unit : {"sentence", "paragraph"}, optional
        The passages themes are fitted on (default: find_themes').
    threshold : float, optional
        Minimum weight for a sentence to get a theme (default: find_themes').
    min_df : int or float
    params : table
        Extra model parameters (e.g. ``passes = 20``).
    figures : bool
    """

    lexicon: str | None = None
    method: str = "auto"
    k: int = field(default=0, metadata={"min": 0})
    ks: tuple[int, ...] = field(default=(), metadata={"min": 1})
    unit: Literal["sentence", "paragraph", "document"] | None = None
    threshold: float | None = field(default=None, metadata={"min": 0, "max": 1})
    min_df: int | float = field(default=2, metadata={"min": 0})
    params: dict[str, int | float | str | bool] = field(default_factory=dict)
    figures: bool = True

    def check(self) -> None:
        from ...themes import theme_methods

        methods = ("auto", *theme_methods())
        if self.method not in methods:
            raise SchemaError(
                "method", f"method: {self.method!r} is not one of {', '.join(methods)}{suggest(self.method, methods)}"
            )
        if self.ks and self.k:
            raise SchemaError("ks", "ks: only with k = 0 (auto)")
        model = self.method if self.method != "auto" else ("semantic" if self.lexicon else "ensemble")
        if model == "semantic" and self.params:
            raise SchemaError("params", f"params: method {self.method!r} (semantic themes) takes no model parameters")
        if model != "semantic":
            check_model_params(model, self.params)


def _lexicon_path(exp: Experiment, ts: ThemesSettings) -> Path | None:
    return None if ts.lexicon is None else config_file(exp, ts.lexicon, "themes.lexicon")


def _check(exp: Experiment) -> None:
    _lexicon_path(exp, exp["themes"])


def run(exp: Experiment, ctx: Any) -> dict[str, Any]:
    from ...cleaning import Cleaner
    from ...themes import find_themes

    ts: ThemesSettings = exp["themes"]
    lexicon = _lexicon_path(exp, ts)
    if lexicon is not None:
        ctx.add_inputs([lexicon])
    corpus, _ = load_articles(exp, ctx)
    cleaner = Cleaner(rules=exp["cleaning"].rules)
    with ctx.timed("clean"):
        docs = [
            c
            for c in (cleaner(d) for d in ctx.progress(corpus, desc="cleaning", total=len(corpus), unit="doc"))
            if c.body
        ]
    options: dict[str, Any] = {"unit": ts.unit} if ts.unit is not None else {}  # else find_themes' default
    with ctx.timed("themes"):
        result = find_themes(
            docs,
            lexicon=lexicon,
            method=None if ts.method == "auto" else ts.method,
            k=ts.k or "auto",
            random_state=exp.seed,
            threshold=ts.threshold,
            min_df=ts.min_df,
            ks=list(ts.ks) or None,
            model_params=dict(ts.params) or None,
            **options,
        )
    full = result.to_dict()
    ctx.write_json("themes.json", full)
    names = [t.name for t in result.themes]
    W = np.array([[d.weights.get(n, 0.0) for n in names] for d in result.documents])
    ctx.write_table(
        "documents.csv",
        [
            {"id": d.id, "title": d.title, **{n: float(W[i, j]) for j, n in enumerate(names)}}
            for i, d in enumerate(result.documents)
        ],
        columns=["id", "title", *names],
    )
    sentence_counts = {n: 0 for n in names}
    unassigned = 0
    for d in result.documents:
        for s in d.sentences:
            if s.heading:
                continue
            if s.theme is None:
                unassigned += 1
            else:
                sentence_counts[s.theme] = sentence_counts.get(s.theme, 0) + 1
    if ts.figures:
        _figures(exp, ctx, result, docs, W, names)
    return {
        "method": full["method"],
        "k": full["k"],
        "unit": full["unit"],
        "threshold": full["threshold"],
        "k_sweep": full["k_sweep"],
        "themes": [
            {key: t[key] for key in ("name", "seeded", "seed_words", "top_terms", "weight", "documents")}
            for t in full["themes"]
        ],
        "documents": {d["id"]: d["themes"] for d in full["documents"]},
        "sentences": {"by_theme": sentence_counts, "without_theme": unassigned},
    }


def _figures(exp: Experiment, ctx: Any, result: Any, docs: list[Any], W: np.ndarray, names: list[str]) -> None:
    from ... import plots
    from ...vectorize import make_passages

    title = f"{result.method}, k = {result.k}"
    ctx.figure(
        "top_terms.png",
        plots.plot_top_terms,
        [[w for w, _ in t.terms] for t in result.themes],
        [[v for _, v in t.terms] for t in result.themes],
        names,
        title=f"Top terms per theme ({title})",
    )
    labels = [d.title or d.id for d in result.documents]
    ctx.figure(
        "document_themes.png", plots.plot_theme_heatmap, W, labels, names, title=f"Theme weights per article ({title})"
    )
    model = result.model
    if model is not None and len(names) >= 2:
        order = {t.topic: t.name for t in result.themes}
        comp = np.clip(np.asarray(model.components_), 0, None)
        topics = sorted(order)
        ctx.figure(
            "intertopic.png",
            plots.plot_intertopic_map,
            comp[topics],
            [t.weight for t in sorted(result.themes, key=lambda t: t.topic)],
            [order[i] for i in topics],
            title=f"Intertopic distance map ({title})",
        )
    theme_of = {(d.id, s.index): s.theme for d in result.documents for s in d.sentences}
    passages = make_passages(docs, unit="sentence")
    sentence_labels = [theme_of.get((p.document, p.sentences[0].index)) for p in passages]
    if model is not None:
        X = _tfidf(model.vectorizer_.transform(passages))
        ctx.figure(
            "sentence_map.png",
            plots.plot_document_map,
            X,
            sentence_labels,
            method="pca",
            random_state=exp.seed,
            title=f"Sentences by theme (PCA of TF-IDF; {title})",
        )
    if result.k_sweep is not None and len(result.k_sweep.scores) > 1:
        scores = result.k_sweep.scores
        ctx.figure(
            "k_sweep.png",
            plots.plot_model_selection,
            [s["k"] for s in scores],
            [s["npmi"] for s in scores],
            [s["td10"] for s in scores],
            chosen=result.k_sweep.best_k,
            title=f"Choosing the number of themes ({result.method})",
        )
    dates = [d.date for d in docs]
    if sum(1 for x in dates if x) >= 2:
        by_id = {d.id: d.date for d in docs}
        ctx.figure(
            "themes_over_time.png",
            plots.plot_theme_timeline,
            [by_id.get(d.id) for d in result.documents],
            W,
            names,
            title=f"Theme weights over time ({title})",
        )


def _tfidf(counts: Any) -> Any:
    from sklearn.feature_extraction.text import TfidfTransformer

    return TfidfTransformer().fit_transform(counts)


KIND = Kind(
    name="themes",
    sections={"corpus": CorpusSettings, "cleaning": CleaningSettings, "themes": ThemesSettings},
    run=run,
    description="the themes of a corpus (nlptools.themes.find_themes), with figures",
    check=_check,
)
