"""``kind = "segmentation"``: what cleaning and segmentation make of a corpus.

Counts documents, sentences, headings, paragraphs and words; what each
cleaning rule removed (spans and characters); the length distributions; the
vocabulary the configured tokenizer and vectoriser see at the configured
passage unit; documents per label. Writes ``documents.csv``,
``removed_by_rule.csv``, ``top_terms.csv`` and figures of removed characters
by rule, sentence lengths and a 2-D map of the documents (PCA of TF-IDF,
coloured by label).

Example config: ``experiments/seeds_segmentation.toml``.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from ..config import CleaningSettings, CorpusSettings, Experiment, TokenSettings, VectorSettings
from ._corpus import load_articles
from .base import Kind

logger = logging.getLogger(__name__)

__all__ = ["SegmentationSettings", "run"]


@dataclass(frozen=True)
class SegmentationSettings:
    """``[segmentation]``.

    Attributes
    ----------
    top_terms : int
        Terms (by passage frequency) listed in ``top_terms.csv``.
    projection : {"pca", "tsne", "none"}
        The document map's projection (``none``: no map).
    figures : bool
        Draw the figures.
    """

    top_terms: int = field(default=30, metadata={"min": 1})
    projection: Literal["pca", "tsne", "none"] = "pca"
    figures: bool = True


def _summary(values: Sequence[float]) -> dict[str, float]:
    if not values:
        return {"count": 0}
    a = np.asarray(values, dtype=float)
    return {
        "count": int(a.size),
        "mean": float(a.mean()),
        "median": float(np.median(a)),
        "p90": float(np.percentile(a, 90)),
        "min": float(a.min()),
        "max": float(a.max()),
    }


def run(exp: Experiment, ctx: Any) -> dict[str, Any]:
    from ...cleaning import Cleaner
    from ...vectorize import TfidfVectorizer, make_passages

    settings: SegmentationSettings = exp["segmentation"]
    vec_settings: VectorSettings = exp["vectorize"]
    corpus, label_of = load_articles(exp, ctx)
    cleaner = Cleaner(rules=exp["cleaning"].rules)
    rows, cleaned = [], []
    rule_spans: Counter[str] = Counter()
    rule_chars: Counter[str] = Counter()
    sentence_words: list[int] = []
    total_chars = 0
    skipped = 0
    with ctx.timed("clean"):
        for doc in ctx.progress(corpus, desc="cleaning", total=len(corpus), unit="doc"):
            clean = cleaner(doc)
            total_chars += len(doc.text)
            removed = sum(r.end - r.start for r in clean.removed)
            for r in clean.removed:
                rule_spans[r.rule] += 1
                rule_chars[r.rule] += r.end - r.start
            body = clean.body
            words = [len(s.text.split()) for s in body]
            sentence_words.extend(words)
            rows.append(
                {
                    "id": doc.id,
                    "label": label_of(doc.id),
                    "title": clean.title,
                    "date": clean.date,
                    "characters": len(doc.text),
                    "removed_characters": removed,
                    "removed_spans": len(clean.removed),
                    "sentences": len(body),
                    "headings": sum(s.heading for s in clean.sentences),
                    "paragraphs": len({s.paragraph for s in body}),
                    "words": sum(words),
                }
            )
            if body:
                cleaned.append(clean)
            else:
                skipped += 1
                logger.warning("%s: no sentence left after cleaning", doc.source or doc.id)
    ctx.write_table("documents.csv", rows)
    rules = sorted(rule_chars, key=lambda r: (-rule_chars[r], r))
    ctx.write_table(
        "removed_by_rule.csv", [{"rule": r, "spans": rule_spans[r], "characters": rule_chars[r]} for r in rules]
    )

    with ctx.timed("vectorize"):
        passages = make_passages(cleaned, unit=vec_settings.unit)
        vectorizer = TfidfVectorizer(
            tokenizer=exp["tokens"].tokenizer(),
            min_df=vec_settings.min_df,
            max_df=vec_settings.max_df,
            max_features=vec_settings.max_features,
        )
        X = vectorizer.fit_transform(ctx.progress(passages, desc="tokenising", total=len(passages), unit="passage"))
    terms = vectorizer.get_feature_names_out()
    df = np.asarray((X > 0).sum(axis=0)).ravel()
    order = sorted(range(len(terms)), key=lambda j: (-int(df[j]), str(terms[j])))[: settings.top_terms]
    top = [{"term": str(terms[j]), "passages": int(df[j])} for j in order]
    ctx.write_table("top_terms.csv", top)
    nnz_per_row = np.diff(X.indptr)

    labels = [label_of(c.id) for c in cleaned]
    label_counts = Counter(lab for lab in labels if lab is not None)
    if settings.figures:
        _figures(
            exp,
            ctx,
            rule_chars=rule_chars,
            sentence_words=sentence_words,
            X=X,
            passages=passages,
            cleaned=cleaned,
            labels=labels if label_counts else None,
            n_documents=len(rows),
        )
    return {
        "documents": len(rows),
        "documents_without_sentences": skipped,
        "documents_dated": sum(1 for r in rows if r["date"]),
        "labels": dict(sorted(label_counts.items())),
        "sentences": int(sum(r["sentences"] for r in rows)),
        "headings": int(sum(r["headings"] for r in rows)),
        "paragraphs": int(sum(r["paragraphs"] for r in rows)),
        "words": int(sum(r["words"] for r in rows)),
        "sentences_per_document": _summary([r["sentences"] for r in rows]),
        "words_per_sentence": _summary(sentence_words),
        "removed": {r: {"spans": rule_spans[r], "characters": rule_chars[r]} for r in rules},
        "removed_character_share": (sum(rule_chars.values()) / total_chars) if total_chars else 0.0,
        "passages": {
            "unit": vec_settings.unit,
            "count": len(passages),
            "vocabulary": len(terms),
            "distinct_terms_per_passage": _summary(nnz_per_row.tolist()),
            "empty": int((nnz_per_row == 0).sum()),
        },
        "top_terms": [[t["term"], t["passages"]] for t in top[:10]],
    }


def _figures(
    exp: Experiment,
    ctx: Any,
    *,
    rule_chars: Counter[str],
    sentence_words: list[int],
    X: Any,
    passages: list[Any],
    cleaned: list[Any],
    labels: list[str | None] | None,
    n_documents: int,
) -> None:
    """Removed characters by rule, sentence lengths and the document map."""
    from ... import plots

    settings: SegmentationSettings = exp["segmentation"]
    vec_settings: VectorSettings = exp["vectorize"]

    if rule_chars:
        ctx.figure(
            "removed_by_rule.png",
            lambda: plots.plot_counts(
                dict(rule_chars),
                xlabel="characters removed",
                title=f"What cleaning removed ({n_documents} documents)",
            ),
        )
    if sentence_words:
        ctx.figure(
            "sentence_length.png",
            lambda: plots.plot_histogram(sentence_words, bins=40, xlabel="words per sentence", title="Sentence length"),
        )
    if settings.projection != "none":
        with ctx.timed("document_map"):
            ctx.figure(
                "document_map.png",
                lambda: plots.plot_document_map(
                    _document_vectors(X, passages, [c.id for c in cleaned]),
                    labels,
                    method=settings.projection,
                    random_state=exp.seed,
                    names=[c.title or c.id for c in cleaned] if len(cleaned) <= 12 else None,
                    legend_title="label",
                    title=f"Documents ({settings.projection.upper() if settings.projection == 'pca' else 't-SNE'} "
                    f"of TF-IDF, {vec_settings.unit} vocabulary)",
                ),
            )


def _document_vectors(X: Any, passages: list[Any], doc_ids: list[str]) -> Any:
    """Passage TF-IDF rows summed per document, then L2-normalised."""
    import scipy.sparse as sp
    from sklearn.preprocessing import normalize

    index = {d: i for i, d in enumerate(doc_ids)}
    rows = np.array([index[p.document] for p in passages])
    A = sp.csr_matrix((np.ones(len(rows)), (rows, np.arange(len(rows)))), shape=(len(doc_ids), len(rows)))
    return normalize(A @ X)


KIND = Kind(
    name="segmentation",
    sections={
        "corpus": CorpusSettings,
        "cleaning": CleaningSettings,
        "tokens": TokenSettings,
        "vectorize": VectorSettings,
        "segmentation": SegmentationSettings,
    },
    run=run,
    description="cleaning, sentence and vocabulary statistics of a corpus",
)
