"""Themes against known labels: :func:`nlptools.themes.find_themes` as a classifier or a clustering.

A labelled corpus is either a folder tree whose folders are the labels (see
:func:`nlptools.benchmarks.labelled.load_labelled_folder`) or a record file
(CSV/JSONL) with a label column (:func:`load_labelled_records`, e.g. AG
News). :func:`themes_agreement` runs ``find_themes`` with its defaults on
the clean documents and scores each document's *main theme* (its heaviest):

named themes (a lexicon)
    each lexicon theme is mapped to a label; accuracy and macro-F1 of the
    main theme against the label, and the share of documents whose main
    theme is a lexicon theme (``coverage``);
discovered themes (no lexicon)
    NMI, ARI and purity of the main theme against the labels, the number of
    themes used and the k sweep's rows.

Every run also reports the mean NPMI of the themes' top-10 terms on the
documents' tokens and, in the same run on the same texts, the fit time of a
plain scikit-learn ``TfidfVectorizer`` + ``NMF`` (one component per label)
as a speed yardstick; its clustering scores are reported beside the themes'.
Times are returned apart from the scores (:class:`ThemesRun`), so scores can
be written byte for byte and times elsewhere.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, ParameterError

logger = logging.getLogger(__name__)

__all__ = [
    "NO_THEME",
    "ThemesRun",
    "load_labelled_records",
    "label_samples",
    "main_themes",
    "named_scores",
    "theme_npmi",
    "nmf_baseline",
    "themes_agreement",
]

#: The prediction of a document without any theme weight.
NO_THEME = "(none)"


@dataclass(frozen=True)
class ThemesRun:
    """One ``find_themes`` run scored against labels.

    Attributes
    ----------
    scores : dict
        Deterministic values only (scores, k, k sweep, themes): safe for ``metrics.json``.
    seconds : dict of str to float
        ``find_themes``, ``baseline_nmf`` and ``npmi`` wall-clock seconds.
    """

    scores: dict[str, Any]
    seconds: dict[str, float] = field(default_factory=dict)


def load_labelled_records(
    path: str | Path,
    *,
    label_field: str = "label",
    columns: Sequence[str] | None = None,
    text_field: str = "text",
    title_field: str | None = "title",
    id_field: str | None = "id",
) -> tuple[list[Any], list[str]]:
    """Clean the records of a CSV/JSONL file; the label is a field of each record.

    Parameters
    ----------
    path : path-like
        A ``.csv`` or ``.jsonl`` file.
    label_field : str, default="label"
        The field (column) holding the label.
    columns : sequence of str, optional
        Column names of a CSV file without a header row (``["label", "title", "text"]`` for AG News).
    text_field, title_field, id_field : str
        As :meth:`nlptools.corpus.Corpus.from_path`.

    Returns
    -------
    documents : list of CleanDocument
        Those with at least one non-heading sentence, in file order.
    labels : list of str

    Raises
    ------
    InputError
        A record without the label field.
    """
    from ..cleaning import clean_corpus
    from ..corpus import Corpus

    corpus = Corpus.from_path(path, text_field=text_field, title_field=title_field, id_field=id_field, columns=columns)
    docs = [d for d in clean_corpus(corpus) if any(not s.heading for s in d.sentences)]
    labels = []
    for d in docs:
        meta = d.document.meta
        if label_field not in meta or meta[label_field] in (None, ""):
            raise InputError(f"{path}: record {d.id!r} has no {label_field!r} field")
        labels.append(str(meta[label_field]).strip())
    return docs, labels


def label_samples(labels: Sequence[str], per_label: int, samples: int = 1, *, seed: int = 0) -> list[list[int]]:
    """``samples`` random samples of ``per_label`` documents of every label (sorted indices), seeded.

    ``per_label = 0`` means every document (one sample). The draws come from
    one ``random.Random(seed)`` in label order, so they depend only on the
    labels' order and the seed.

    Raises
    ------
    ParameterError
        A label with fewer than ``per_label`` documents.
    """
    if per_label <= 0:
        return [list(range(len(labels)))]
    by: dict[str, list[int]] = {}
    for i, y in enumerate(labels):
        by.setdefault(y, []).append(i)
    short = {y: len(ix) for y, ix in by.items() if len(ix) < per_label}
    if short:
        raise ParameterError(f"per_label: {per_label} documents per label asked, but some have fewer: {short}")
    rng = random.Random(seed)
    return [sorted(i for y in sorted(by) for i in rng.sample(by[y], per_label)) for _ in range(samples)]


def main_themes(result: Any, ids: Sequence[str]) -> list[str]:
    """The heaviest theme of each document of ``ids`` (:data:`NO_THEME` when it has no weight).

    Ties go to the theme listed first in ``result.themes``.
    """
    order = {t.name: i for i, t in enumerate(result.themes)}
    by_id = {d.id: d.weights for d in result.documents}
    out = []
    for doc_id in ids:
        weights = {n: w for n, w in by_id.get(doc_id, {}).items() if w > 0}
        out.append(min(weights, key=lambda n: (-weights[n], order.get(n, len(order)), n)) if weights else NO_THEME)
    return out


def named_scores(labels: Sequence[str], predicted: Sequence[str], theme_labels: Mapping[str, str]) -> dict[str, Any]:
    """Accuracy, macro-F1, coverage and the confusion table of main themes mapped to labels.

    Parameters
    ----------
    labels : sequence of str
        The true label of each document.
    predicted : sequence of str
        Each document's main theme.
    theme_labels : mapping of str to str
        Lexicon theme name -> label; any other main theme (a discovered
        theme, :data:`NO_THEME`) counts as wrong.

    Returns
    -------
    dict
        ``accuracy``, ``macro_f1`` (over the labels), ``coverage`` (share of
        documents whose main theme is a lexicon theme), ``per_label`` (F1,
        precision, recall, support) and ``confusion`` (label -> prediction -> count).
    """
    from sklearn.metrics import precision_recall_fscore_support

    mapped = [theme_labels.get(p, p if p == NO_THEME else f"(other) {p}") for p in predicted]
    classes = sorted(set(labels))
    p, r, f, s = precision_recall_fscore_support(labels, mapped, labels=classes, zero_division=0)
    confusion: dict[str, dict[str, int]] = {}
    for y, m in zip(labels, mapped):
        row = confusion.setdefault(y, {})
        row[m] = row.get(m, 0) + 1
    n = len(labels)
    return {
        "accuracy": sum(y == m for y, m in zip(labels, mapped)) / n if n else 0.0,
        "macro_f1": float(sum(f) / len(f)) if len(f) else 0.0,
        "coverage": sum(q in theme_labels for q in predicted) / n if n else 0.0,
        "per_label": {
            c: {"f1": float(f[i]), "precision": float(p[i]), "recall": float(r[i]), "support": int(s[i])}
            for i, c in enumerate(classes)
        },
        "confusion": {y: dict(sorted(confusion[y].items())) for y in sorted(confusion)},
    }


def theme_npmi(result: Any, documents: Sequence[Any], *, topn: int = 10) -> float | None:
    """Mean NPMI (gensim ``c_npmi``, window 10) of the themes' top ``topn`` terms on the documents' tokens.

    The documents are tokenised as ``find_themes`` does by default (its
    :class:`~nlptools.tokens.Tokenizer` with the corpus's multi-word names
    merged), so merged terms such as ``north_korea`` are found. None when no
    theme has two terms in the texts.
    """
    import math

    from ..evaluate.topics import npmi
    from ..tokens import Tokenizer, discover_names

    texts = [d.clean_text() for d in documents]
    tok = Tokenizer(aliases=discover_names(texts) or None)
    tokens = tok.tokenize_many(texts)
    topics = [[w for w, _ in t.terms[:topn]] for t in result.themes if len(t.terms) >= 2]
    if not topics:
        return None
    value = npmi(topics, tokens, topn=topn)
    return None if math.isnan(value) else float(value)


def nmf_baseline(texts: Sequence[str], n_components: int, *, random_state: int = 0) -> tuple[list[int], float]:
    """A plain scikit-learn ``TfidfVectorizer(stop_words="english")`` + ``NMF`` fit; each text's heaviest component.

    Returns
    -------
    clusters : list of int
    seconds : float
        Wall-clock time of vectorising and fitting.
    """
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    t0 = time.perf_counter()
    X = TfidfVectorizer(stop_words="english").fit_transform(texts)
    W = NMF(n_components=n_components, random_state=random_state).fit_transform(X)
    seconds = time.perf_counter() - t0
    return [int(i) for i in W.argmax(axis=1)], seconds


def themes_agreement(
    documents: Sequence[Any],
    labels: Sequence[str],
    *,
    lexicon: Any = None,
    theme_labels: Mapping[str, str] | None = None,
    k: int | str = "auto",
    random_state: int = 0,
    stability: int = 0,
    npmi: bool = True,
    baseline: bool = True,
    top_terms: int = 10,
) -> ThemesRun:
    """Run :func:`nlptools.themes.find_themes` (its defaults) on clean documents and score it against labels.

    Parameters
    ----------
    documents : sequence of CleanDocument
    labels : sequence of str
        One per document.
    lexicon : Lexicon, mapping or path, optional
        Named themes (``method = "semantic"``); without one, discovered themes (``"ensemble"``).
    theme_labels : mapping of str to str, optional
        With a lexicon: each lexicon theme's label (required then).
    k : int or "auto", default="auto"
        Number of themes (discovered themes only).
    random_state : int, default=0
    stability : int, default=0
        Passed to ``find_themes``.
    npmi : bool, default=True
        Score the themes' top-10 terms by NPMI.
    baseline : bool, default=True
        Also fit TF-IDF + NMF (one component per label) on the same texts.
    top_terms : int, default=10
        Terms per theme reported.

    Returns
    -------
    ThemesRun
        ``scores``: documents, method, k, nmi, ari, purity (and accuracy,
        macro_f1, coverage, per_label, confusion with a lexicon), the k
        sweep without times, npmi, the themes (name, seeded, top terms,
        documents whose main theme it is) and the baseline's NMI, ARI and
        purity; ``seconds``: find_themes, baseline_nmf, npmi.

    Raises
    ------
    ParameterError
        Labels and documents differ in number; a lexicon without ``theme_labels`` or with a theme not mapped.
    """
    from ..evaluate.clustering import agreement
    from ..themes import find_themes
    from ..themes.lexicon import as_lexicon

    if len(documents) != len(labels):
        raise ParameterError(f"labels: {len(labels)} labels for {len(documents)} documents")
    lex = as_lexicon(lexicon)
    if lex is not None:
        missing = sorted(set(lex.themes) - set(theme_labels or {}))
        if missing:
            raise ParameterError(f"theme_labels: no label for the lexicon theme(s) {', '.join(missing)}")
    seconds: dict[str, float] = {}
    t0 = time.perf_counter()
    result = find_themes(
        documents, lexicon=lex, k=k if lex is None else "auto", random_state=random_state, stability=stability
    )
    seconds["find_themes"] = time.perf_counter() - t0
    ids = [d.id for d in documents]
    predicted = main_themes(result, ids)
    sizes: dict[str, int] = {}
    for p in predicted:
        sizes[p] = sizes.get(p, 0) + 1
    scores: dict[str, Any] = {
        "documents": len(documents),
        "method": result.method,
        "k_asked": k if lex is None else None,
        "k": int(result.k),
        "themes_found": len(result.themes),
        **agreement(labels, predicted),
    }
    if lex is not None:
        scores.update(named_scores(labels, predicted, dict(theme_labels or {})))
    sweep = result.k_sweep
    scores["k_sweep"] = (
        None
        if sweep is None
        else {
            "best_k": int(sweep.best_k),
            "criterion": getattr(sweep, "criterion", None),
            "rows": [{key: v for key, v in row.items() if key != "seconds"} for row in sweep.scores],
        }
    )
    if sweep is not None:
        for row in sweep.scores:
            if "seconds" in row:
                seconds[f"k_sweep/k{row['k']}"] = float(row["seconds"])
    if npmi:
        t0 = time.perf_counter()
        scores["npmi"] = theme_npmi(result, documents)
        seconds["npmi"] = time.perf_counter() - t0
    scores["themes"] = [
        {
            "name": t.name,
            "seeded": bool(t.seeded),
            "label": (theme_labels or {}).get(t.name) if lex is not None else None,
            "top_terms": [w for w, _ in t.terms[:top_terms]],
            "main_theme_of": sizes.get(t.name, 0),
        }
        for t in result.themes
    ]
    scores["without_theme"] = sizes.get(NO_THEME, 0)
    if baseline:
        n_labels = len(set(labels))
        clusters, seconds["baseline_nmf"] = nmf_baseline(
            [d.clean_text() for d in documents], n_labels, random_state=random_state
        )
        scores["baseline_nmf"] = {"n_components": n_labels, **agreement(labels, clusters)}
    logger.info(
        "find_themes %s k=%s on %d documents: NMI %.3f%s (%.1fs)",
        result.method,
        result.k,
        len(documents),
        scores["nmi"],
        f", accuracy {scores['accuracy']:.3f}" if "accuracy" in scores else "",
        seconds["find_themes"],
    )
    return ThemesRun(scores=scores, seconds=seconds)
