"""``kind = "topics-labelled"``: topic models as clustering against known labels.

Calls :func:`nlptools.benchmarks.labelled.load_labelled_folder` (cleaning;
header lines dropped so a newsgroup's name cannot leak; the label is a
folder of each document's id) and
:func:`~nlptools.benchmarks.labelled.labelled_agreement` (each method fitted on
whole documents for each seed; a document's cluster is its k-means cluster or
heaviest topic; NMI, ARI and purity against the labels). Fit seconds go to
``timings.json``; ``metrics.json`` holds the scores and top terms. Figures:
NMI and ARI by method (mean over seeds with an interval).

Example configs: ``experiments/topics_labelled_bbc.toml``,
``experiments/topics_labelled_20ng.toml``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from ..config import Experiment, check_one_source
from ..schema import SchemaError, suggest
from .base import Kind

logger = logging.getLogger(__name__)

__all__ = ["LabelledCorpusSettings", "LabelledSettings", "run"]


@dataclass(frozen=True)
class LabelledCorpusSettings:
    """``[corpus]``: a folder tree whose folders are labels.

    Attributes
    ----------
    path, data : str
        Exactly one (relative to the config file, or to the data folder).
    suffixes : array of str
        File suffixes to read (``[""]`` for files without one; default: all supported).
    label_level : int
        Which component of a document id (split on ``/``) is its label (-2: the parent folder).
    per_label : int
        Keep the first this many documents of each label, by id (0: all).
    """

    path: str | None = None
    data: str | None = None
    suffixes: tuple[str, ...] = ()
    label_level: int = -2
    per_label: int = field(default=0, metadata={"min": 0})

    def check(self) -> None:
        check_one_source(self.path, self.data)
        if self.label_level == 0:
            raise SchemaError(
                "label_level", "label_level: 0 is the top folder of every id; use -2 for the parent folder"
            )


@dataclass(frozen=True)
class LabelledSettings:
    """``[labelled]``.

    Attributes
    ----------
    methods : array of str
        Topic methods (:func:`nlptools.topics.topic_methods`).
    k : int
        Number of topics / clusters.
    seeds : array of int
    min_df, max_df : int or float
        Vocabulary filter of the shared vectoriser.
    params : table of tables
        Extra model parameters per method (``[labelled.params.lda] passes = 5``).
    figures : bool
    """

    methods: tuple[str, ...] = field(default=("kmeans", "nmf", "lda", "lda-sklearn"), metadata={"nonempty": True})
    k: int = field(default=5, metadata={"min": 2})
    seeds: tuple[int, ...] = field(default=(0, 21, 42), metadata={"min": 0, "nonempty": True})
    min_df: int | float = field(default=5, metadata={"min": 0})
    max_df: int | float = field(default=0.5, metadata={"min": 0})
    params: dict[str, dict[str, int | float | str | bool]] = field(default_factory=dict)
    figures: bool = True

    def check(self) -> None:
        from ...errors import NlptoolsError
        from ...topics import make_topic_model, topic_methods

        known = topic_methods()
        for i, m in enumerate(self.methods):
            if m not in known:
                raise SchemaError(
                    f"methods[{i}]",
                    f"methods[{i}]: unknown method {m!r}{suggest(m, known)}; known: {', '.join(known)}",
                )
        for name in ("methods", "seeds"):
            if len(set(getattr(self, name))) != len(getattr(self, name)):
                raise SchemaError(name, f"{name}: a value is listed twice")
        for method, params in self.params.items():
            if method not in self.methods:
                raise SchemaError(
                    f"params.{method}",
                    f"params.{method}: not one of the methods "
                    f"({', '.join(self.methods)}){suggest(method, self.methods)}",
                )
            try:
                make_topic_model(method, n_topics=2, **params)
            except (TypeError, NlptoolsError) as exc:
                raise SchemaError(f"params.{method}", f"params.{method}: {exc}") from None
        for name in ("min_df", "max_df"):
            v = getattr(self, name)
            if isinstance(v, float) and v > 1:
                raise SchemaError(name, f"{name}: a proportion must be at most 1.0, got {v}")


def run(exp: Experiment, ctx: Any) -> dict[str, Any]:
    from ...benchmarks.labelled import first_per_label, labelled_agreement, load_labelled_folder
    from ...vectorize import BowVectorizer

    cs: LabelledCorpusSettings = exp["corpus"]
    ls: LabelledSettings = exp["labelled"]
    root = exp.resolve_input("corpus")
    ctx.add_seeds(ls.seeds)
    with ctx.timed("load_clean"):
        docs, labels, dropped = load_labelled_folder(
            root, suffixes=list(cs.suffixes) or None, label_level=cs.label_level
        )
    if cs.per_label:
        keep = first_per_label([d.id for d in docs], labels, cs.per_label)
        docs, labels = [docs[i] for i in keep], [labels[i] for i in keep]
    ctx.add_inputs(d.document.source for d in docs if d.document.source)
    texts = [d.clean_text() for d in docs]
    vec = BowVectorizer(min_df=ls.min_df, max_df=ls.max_df)
    with ctx.timed("fit_score"):
        result = labelled_agreement(
            texts,
            labels,
            methods=list(ls.methods),
            k=ls.k,
            seeds=list(ls.seeds),
            vectorizer=vec,
            params={m: dict(p) for m, p in ls.params.items()},
        )
    rows = []
    for method, res in result.items():
        for r in res["runs"]:
            seconds = r.pop("fit_seconds", None)
            if seconds is not None:
                ctx.timings[f"fit/{method}/seed{r['seed']}"] = seconds
            rows.append(
                {
                    "method": method,
                    "seed": r["seed"],
                    "nmi": r["nmi"],
                    "ari": r["ari"],
                    "purity": r["purity"],
                    "top_terms": " | ".join(" ".join(t) for t in r["top_terms"]),
                }
            )
    ctx.write_table("runs.csv", rows)
    if ls.figures:
        from ... import plots

        for score in ("nmi", "ari"):
            ctx.figure(
                f"{score}_by_method.png",
                plots.plot_rouge,
                {m: [r[score] for r in res["runs"]] for m, res in result.items()},
                metric=score.upper(),
                kind="bar",
                references=(),
                title=f"{score.upper()} against the {len(set(labels))} labels, k = {ls.k} "
                f"({len(ls.seeds)} seeds, {len(docs)} documents)",
            )
    return {
        "documents": len(docs),
        "labels": {lab: labels.count(lab) for lab in sorted(set(labels))},
        "header_sentences_dropped": dropped,
        "k": ls.k,
        "vectorizer": {"min_df": ls.min_df, "max_df": ls.max_df},
        "methods": result,
    }


KIND = Kind(
    name="topics-labelled",
    sections={"corpus": LabelledCorpusSettings, "labelled": LabelledSettings},
    run=run,
    description="topic models as clustering against folder labels: NMI, ARI, purity",
)
