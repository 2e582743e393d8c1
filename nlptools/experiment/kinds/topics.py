"""``kind = "topics"``: topic models over a grid of k and seeds, scored.

For each model (:func:`nlptools.topics.topic_methods` names: ``lda``,
``lda-sklearn``, ``lda-gibbs``, ``nmf``, ``kmeans``, ``agglomerative``), each ``k`` and
each seed, the model is fitted and scored by NPMI (and optionally C_V)
coherence on its own tokenised texts (:class:`nlptools.evaluate.topics.CoherenceScorer`,
one process), topic diversity TD@10 and TD@25, and, where documents carry
labels, NMI / ARI / purity of each document's heaviest topic against them
(:func:`nlptools.evaluate.clustering.agreement`). The k of each model is
chosen by mean (1 + NPMI) / 2 x TD@10 over the seeds (as :func:`nlptools.topics.sweep_k`).

Inputs (``[corpus] format``):

``articles``
    A folder of articles: cleaned, cut into passages (``[vectorize] unit``),
    tokenised with ``[tokens]``; a document's topic weights are the mean of
    its passages'; labels are top-level folders.
``octis``
    An OCTIS preprocessed dataset folder (``corpus.tsv``: ``tokens<TAB>partition<TAB>label``,
    read by :func:`nlptools.benchmarks.octis.load_octis`), used as is: one
    document a line, its tokens split on spaces, no further filtering
    (``partition`` picks lines). For the published protocol with the
    benchmark's tuned model presets use ``kind = "topics-benchmark"``.

Writes ``fits.csv`` (a row per fit), ``by_k.csv`` (means and standard
deviations over seeds), ``topics.jsonl`` (the top words of every topic of
every fit, so anyone can recompute the scores) and figures: the model
selection curve, and for each model at its chosen k (first seed) the top
terms, the intertopic distance map and a 2-D document map. Fit times go to
``timings.json``.

Example configs: ``experiments/topics_seeds.toml``, ``experiments/topics_octis_bbc.toml``.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from ..config import CleaningSettings, CorpusSettings, Experiment, TokenSettings, VectorSettings
from ..schema import SchemaError, suggest
from ._corpus import load_articles
from .base import Kind

logger = logging.getLogger(__name__)

__all__ = ["TopicCorpusSettings", "TopicsSettings", "run"]

_MAX_PANELS = 20


@dataclass(frozen=True)
class TopicCorpusSettings(CorpusSettings):
    """``[corpus]`` of a topics experiment: :class:`CorpusSettings` plus the input format.

    Attributes
    ----------
    format : {"articles", "octis"}
    partition : {"all", "train", "val", "test"}
        For ``octis``: which lines of ``corpus.tsv`` to use.
    """

    format: Literal["articles", "octis"] = "articles"
    partition: Literal["all", "train", "val", "test"] = "all"

    def check(self) -> None:
        super().check()
        if self.format == "octis":
            defaults = CorpusSettings()
            for name in ("per_label", "suffixes", "text_field", "id_field", "title_field", "date_field"):
                if getattr(self, name) != getattr(defaults, name):
                    raise SchemaError(name, f"{name}: only for format = 'articles' (this corpus is 'octis')")
        elif self.partition != "all":
            raise SchemaError("partition", "partition: only for format = 'octis'")


ParamValue = int | float | str | bool


@dataclass(frozen=True)
class TopicsSettings:
    """``[topics]``.

    Attributes
    ----------
    models : array of str
        Topic methods (:func:`nlptools.topics.topic_methods`).
    k : array of int
        Numbers of topics to try.
    seeds : array of int
        Random seeds, one fit each (default: the experiment's ``seed``).
    coherence : array of {"c_npmi", "c_v"}
        Coherence measures (top 10 words; ``c_v`` is slower).
    params : table of tables
        Extra parameters per model, e.g. ``[topics.params.lda] passes = 5``.
    figures : bool
    """

    models: tuple[str, ...] = field(default=("lda", "nmf", "kmeans"), metadata={"nonempty": True})
    k: tuple[int, ...] = field(default=(5, 10), metadata={"min": 2, "nonempty": True})
    seeds: tuple[int, ...] = field(default=(), metadata={"min": 0})
    coherence: tuple[Literal["c_npmi", "c_v"], ...] = ("c_npmi",)
    params: dict[str, dict[str, ParamValue]] = field(default_factory=dict)
    figures: bool = True

    def check(self) -> None:
        from ...errors import NlptoolsError
        from ...topics import make_topic_model, topic_methods

        known = topic_methods()
        for i, m in enumerate(self.models):
            if m not in known:
                raise SchemaError(
                    f"models[{i}]",
                    f"models[{i}]: unknown model {m!r}{suggest(m, known)}; known: {', '.join(known)}",
                )
        for name, values in (("models", self.models), ("k", self.k), ("seeds", self.seeds)):
            if len(set(values)) != len(values):
                raise SchemaError(name, f"{name}: a value is listed twice")
        if "c_npmi" not in self.coherence:
            raise SchemaError("coherence", "coherence: must include 'c_npmi' (k is chosen by (1 + NPMI) / 2 x TD@10)")
        for model, params in self.params.items():
            if model not in self.models:
                raise SchemaError(
                    f"params.{model}",
                    f"params.{model}: not one of the models ({', '.join(self.models)}){suggest(model, self.models)}",
                )
            try:
                make_topic_model(model, n_topics=2, **params)
            except (TypeError, NlptoolsError) as exc:
                raise SchemaError(f"params.{model}", f"params.{model}: {exc}") from None


# --------------------------------------------------------------------------- inputs


def _load(exp: Experiment, ctx: Any) -> dict[str, Any]:
    """The passages to fit on, their documents, labels, the vectoriser and the coherence texts."""
    from ...vectorize import BowVectorizer

    cs: TopicCorpusSettings = exp["corpus"]
    vs: VectorSettings = exp["vectorize"]
    if cs.format == "octis":
        from ...benchmarks.octis import load_octis, split_tokens

        folder = exp.resolve_input("corpus")
        texts, parts, all_labels = load_octis(folder)
        chosen = [i for i, part in enumerate(parts) if cs.partition == "all" or part == cs.partition]
        if cs.limit:
            chosen = chosen[: cs.limit]
        if not chosen:
            from ...errors import EmptyCorpusError

            raise EmptyCorpusError(f"{folder}: no document in partition {cs.partition!r}")
        docs = [texts[i] for i in chosen]
        labels = [all_labels[i] or None for i in chosen]
        ctx.add_inputs([folder / "corpus.tsv"])
        vectorizer = BowVectorizer(tokenizer=split_tokens, min_df=1, max_df=1.0)
        ids = [str(i) for i in range(len(docs))]
        return {
            "X": docs,
            "doc_of": np.arange(len(docs)),
            "doc_ids": ids,
            "labels": labels if any(lab is not None for lab in labels) else None,
            "vectorizer": vectorizer,
            "texts": [d.split() for d in docs],
            "unit": "document",
        }
    from ...cleaning import Cleaner
    from ...vectorize import make_passages

    corpus, label_of = load_articles(exp, ctx)
    cleaner = Cleaner(rules=exp["cleaning"].rules)
    cleaned = [
        c for c in (cleaner(d) for d in ctx.progress(corpus, desc="cleaning", total=len(corpus), unit="doc")) if c.body
    ]
    passages = make_passages(cleaned, unit=vs.unit)
    doc_ids = [c.id for c in cleaned]
    index = {d: i for i, d in enumerate(doc_ids)}
    tokenizer = exp["tokens"].tokenizer()
    vectorizer = BowVectorizer(tokenizer=tokenizer, min_df=vs.min_df, max_df=vs.max_df, max_features=vs.max_features)
    labels = [label_of(d) for d in doc_ids]
    return {
        "X": passages,
        "doc_of": np.array([index[p.document] for p in passages]),
        "doc_ids": doc_ids,
        "titles": [c.title or c.id for c in cleaned],
        "labels": labels if any(lab is not None for lab in labels) else None,
        "vectorizer": vectorizer,
        "texts": None,
        "unit": vs.unit,
    }


def _doc_weights(doc_topic: np.ndarray, doc_of: np.ndarray, n_docs: int) -> np.ndarray:
    """Mean passage weights per document."""
    W = np.zeros((n_docs, doc_topic.shape[1]))
    np.add.at(W, doc_of, doc_topic)
    counts = np.bincount(doc_of, minlength=n_docs)[:, None]
    return W / np.maximum(counts, 1)


def _stats(values: list[float]) -> dict[str, float]:
    arr = np.asarray([v for v in values if not math.isnan(v)], dtype=float)
    if arr.size == 0:
        return {"mean": math.nan, "std": math.nan}
    return {"mean": float(arr.mean()), "std": float(arr.std(ddof=0))}


# --------------------------------------------------------------------------- the run


def run(exp: Experiment, ctx: Any) -> dict[str, Any]:
    ts: TopicsSettings = exp["topics"]
    seeds = list(ts.seeds) or [exp.seed]
    ctx.add_seeds(seeds)
    with ctx.timed("load"):
        data = _load(exp, ctx)
    X, labels = data["X"], data["labels"]
    max_k = max(ts.k)
    if max_k > len(X):
        from ...errors import ParameterError

        raise ParameterError(f"{exp.where}: topics.k: {max_k} topics for only {len(X)} passages")
    fits, topic_rows, keep, vocabulary = _fit_grid(ctx, ts, data, seeds)
    score_keys = [key for key in fits[0] if key not in ("model", "k", "seed")]
    ctx.write_table("fits.csv", fits, columns=["model", "k", "seed", *score_keys])
    ctx.write_jsonl("topics.jsonl", topic_rows)
    results, by_k_rows = _by_model(ts, fits, score_keys)
    ctx.write_table("by_k.csv", by_k_rows)
    if ts.figures:
        _figures(exp, ctx, ts, data, results, keep)
    return {
        "corpus": {
            "format": exp["corpus"].format,
            "documents": len(data["doc_ids"]),
            "passages": len(X),
            "unit": data["unit"],
            "vocabulary": vocabulary,
            "labelled": labels is not None,
        },
        "grid": {"models": list(ts.models), "k": sorted(ts.k), "seeds": seeds},
        "criterion": "mean npmi * mean td10 over seeds",
        "models": results,
    }


def _fit_grid(
    ctx: Any, ts: TopicsSettings, data: dict[str, Any], seeds: list[int]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[tuple[str, int], Any], int]:
    """Fit every model, k and seed and score each fit: (fit rows, topic rows, first-seed models, vocabulary size)."""
    from ...evaluate.clustering import agreement
    from ...evaluate.topics import CoherenceScorer, topic_diversity
    from ...topics import make_topic_model

    X, doc_of, labels = data["X"], data["doc_of"], data["labels"]
    n_docs = len(data["doc_ids"])
    scorers: dict[str, Any] = {}
    fits: list[dict[str, Any]] = []
    topic_rows: list[dict[str, Any]] = []
    keep: dict[tuple[str, int], Any] = {}
    vocabulary = 0
    grid = [(m, k, s) for m in ts.models for k in sorted(ts.k) for s in seeds]
    for model_name, k, seed in ctx.progress(grid, desc="fits", unit="fit"):
        params = ts.params.get(model_name, {})
        model = make_topic_model(model_name, n_topics=k, random_state=seed, vectorizer=data["vectorizer"], **params)
        with ctx.timed(f"fit/{model_name}"):
            model.fit(X)
        if not scorers:
            with ctx.timed("coherence_setup"):
                texts = data["texts"] or [model.analyze(p.text) for p in X]
                vocabulary = len(model.feature_names_)
                for measure in ts.coherence:
                    scorers[measure] = CoherenceScorer(texts, measure=measure, topn=10, processes=1)
        tops = model.top_terms(25)
        top10 = [t[:10] for t in tops]
        row: dict[str, Any] = {"model": model_name, "k": k, "seed": seed}
        with ctx.timed("coherence"):
            for name, scorer in scorers.items():
                row["npmi" if name == "c_npmi" else name] = scorer.score(top10).mean
        row["td10"] = topic_diversity(top10, 10)
        row["td25"] = topic_diversity(tops, 25)
        if labels is not None:
            W = _doc_weights(model.doc_topic_, doc_of, n_docs)
            keep_rows = [i for i, lab in enumerate(labels) if lab is not None and W[i].sum() > 0]
            row.update(agreement([labels[i] for i in keep_rows], W[keep_rows].argmax(axis=1).tolist()))
        fits.append(row)
        topic_rows.append(
            {"model": model_name, "k": k, "seed": seed, "labels": list(model.topic_labels_), "topics": top10}
        )
        if seed == seeds[0]:
            keep[(model_name, k)] = model
        logger.info(
            "%s k=%d seed=%d: %s",
            model_name,
            k,
            seed,
            ", ".join(f"{key} {val:.3f}" for key, val in row.items() if isinstance(val, float)),
        )
    return fits, topic_rows, keep, vocabulary


def _by_model(
    ts: TopicsSettings, fits: list[dict[str, Any]], score_keys: list[str]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Per model: mean and sd of each score at each k over the seeds, and the k chosen; and the by-k table rows."""
    from ...topics.sweep import k_quality

    results: dict[str, Any] = {}
    by_k_rows = []
    for model_name in ts.models:
        rows = [r for r in fits if r["model"] == model_name]
        by_k = {}
        for k in sorted(ts.k):
            at_k = [r for r in rows if r["k"] == k]
            stats = {key: _stats([r[key] for r in at_k]) for key in score_keys}
            by_k[str(k)] = stats
            by_k_rows.append(
                {
                    "model": model_name,
                    "k": k,
                    "fits": len(at_k),
                    **{f"{key}_{s}": v for key, st in stats.items() for s, v in st.items()},
                }
            )

        # the sweep's own criterion, on the means over seeds
        def quality(k: int, by_k: dict[str, Any] = by_k) -> float:
            return k_quality(by_k[str(k)]["npmi"]["mean"], by_k[str(k)]["td10"]["mean"])

        chosen = max(sorted(ts.k), key=lambda k: (quality(k), -k))
        results[model_name] = {
            "fits": len(rows),
            "mean": {key: _stats([r[key] for r in rows])["mean"] for key in score_keys},
            "by_k": by_k,
            "chosen_k": chosen,
            "chosen_quality": quality(chosen),
        }
    return results, by_k_rows


def _figures(
    exp: Experiment,
    ctx: Any,
    ts: TopicsSettings,
    data: dict[str, Any],
    results: dict[str, Any],
    keep: dict[tuple[str, int], Any],
) -> None:
    from ... import plots

    ks = sorted(ts.k)
    if len(ks) > 1:
        ctx.figure(
            "model_selection.png",
            lambda: plots.plot_model_selection(
                ks,
                {m: [results[m]["by_k"][str(k)]["npmi"]["mean"] for k in ks] for m in ts.models},
                {m: [results[m]["by_k"][str(k)]["td10"]["mean"] for k in ks] for m in ts.models},
                coherence_err={m: [results[m]["by_k"][str(k)]["npmi"]["std"] for k in ks] for m in ts.models},
                diversity_err={m: [results[m]["by_k"][str(k)]["td10"]["std"] for k in ks] for m in ts.models},
                chosen=results[ts.models[0]]["chosen_k"] if len(ts.models) == 1 else None,
                title=f"Coherence and diversity against k (mean \u00b1 sd over {len(ts.seeds) or 1} seed(s))",
            ),
        )
    doc_vectors = None
    for model_name in ts.models:
        k = results[model_name]["chosen_k"]
        model = keep[(model_name, k)]
        share = model.doc_topic_.sum(axis=0)
        order = np.argsort(-share, kind="stable")[:_MAX_PANELS]
        weights = model.term_scores()
        names = model.feature_names_
        terms, wts = [], []
        for j in order:
            top = np.lexsort((np.arange(weights.shape[1]), -weights[j]))[:10]
            terms.append([str(names[t]) for t in top])
            wts.append([float(weights[j, t]) for t in top])
        topic_names = [model.topic_labels_[j] for j in order]
        shown = f"the {len(order)} largest of " if len(order) < k else ""
        ctx.figure(
            f"top_terms_{model_name}.png",
            plots.plot_top_terms,
            terms,
            wts,
            [f"{j}: {n}" for j, n in zip(order, topic_names)],
            title=f"{model_name}, k = {k}: top terms ({shown}{k} topics, by prevalence)",
        )
        ctx.figure(
            f"intertopic_{model_name}.png",
            plots.plot_intertopic_map,
            np.clip(model.components_, 0, None),
            share,
            [str(j) for j in range(k)],
            title=f"{model_name}, k = {k}: intertopic distance map",
        )
        W = _doc_weights(model.doc_topic_, data["doc_of"], len(data["doc_ids"]))
        if doc_vectors is None:
            doc_vectors = _tfidf_documents(model, data)
        dominant = [model.topic_labels_[int(j)] if W[i].sum() > 0 else None for i, j in enumerate(W.argmax(axis=1))]
        by_topic = k <= 20 or data["labels"] is None
        ctx.figure(
            f"document_map_{model_name}.png",
            plots.plot_document_map,
            doc_vectors,
            dominant if by_topic else data["labels"],
            method="pca",
            random_state=exp.seed,
            legend_title="dominant topic" if by_topic else "label",
            names=data.get("titles") if len(data["doc_ids"]) <= 12 else None,
            title=f"{model_name}, k = {k}: documents (PCA of TF-IDF)",
        )
        if len(data["doc_ids"]) <= 40:
            ctx.figure(
                f"document_topics_{model_name}.png",
                plots.plot_theme_heatmap,
                W,
                data.get("titles", data["doc_ids"]),
                model.topic_labels_,
                title=f"{model_name}, k = {k}: topic weights per document",
            )


def _tfidf_documents(model: Any, data: dict[str, Any]) -> Any:
    """Document TF-IDF vectors from the model's counts (passage rows summed per document)."""
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import TfidfTransformer
    from sklearn.preprocessing import normalize

    counts = model.vectorizer_.transform(data["X"])
    doc_of = data["doc_of"]
    n_docs = len(data["doc_ids"])
    A = sp.csr_matrix((np.ones(len(doc_of)), (doc_of, np.arange(len(doc_of)))), shape=(n_docs, len(doc_of)))
    return normalize(TfidfTransformer().fit_transform(A @ counts))


KIND = Kind(
    name="topics",
    sections={
        "corpus": TopicCorpusSettings,
        "cleaning": CleaningSettings,
        "tokens": TokenSettings,
        "vectorize": VectorSettings,
        "topics": TopicsSettings,
    },
    run=run,
    description="topic models over a grid of k and seeds: coherence, diversity, agreement with labels",
)
