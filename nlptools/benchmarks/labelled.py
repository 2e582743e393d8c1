"""Labelled corpora, and topic models as clustering against their labels.

A labelled corpus is a folder tree whose folders are the labels: BBC News
(``<category>/<file>``) or 20 Newsgroups (``<split>/<group>/<file>``).
:func:`load_labelled_folder` cleans it (dropping the sentences that hold a
mail header line, so a newsgroup's name cannot leak) and reads each
document's label off its id. :func:`labelled_agreement` fits each topic
model on whole documents and scores a document's cluster (its k-means
cluster, or its heaviest topic) against the labels by NMI, ARI and purity.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from ..errors import InputError, ParameterError

if TYPE_CHECKING:
    from ..topics import TopicModel
    from ..vectorize import BowVectorizer

logger = logging.getLogger(__name__)

__all__ = [
    "HEADER_LINE",
    "drop_header_sentences",
    "load_labelled_folder",
    "first_per_label",
    "document_labels",
    "labelled_agreement",
]

#: A mail/news header line (as left inside bodies by forwarded or quoted posts).
HEADER_LINE = re.compile(
    r"(?im)^\s*(newsgroups|path|xref|followup-to|x-original-newsgroups|distribution|message-id|references|"
    r"nntp-posting-host|organization|sender|reply-to|from|subject|keywords|summary|lines|approved|"
    r"article-i\.d\.)\s*:"
)


def drop_header_sentences(docs: Iterable[Any]) -> tuple[list[Any], int]:
    """Clean documents without the sentences that hold a header line (``Newsgroups:``, ``Path:``...).

    Cleaning removes a post's own headers; this also drops header blocks
    quoted inside bodies, which would leak a newsgroup's name. Returns the
    new documents and the number of sentences dropped.
    """
    from dataclasses import replace

    out, dropped = [], 0
    for d in docs:
        keep = tuple(s for s in d.sentences if not HEADER_LINE.search(s.text))
        dropped += len(d.sentences) - len(keep)
        out.append(replace(d, sentences=keep))
    return out, dropped


def load_labelled_folder(
    path: str | Path, *, suffixes: Sequence[str] | None = None, label_level: int = -2
) -> tuple[list[Any], list[str], int]:
    """Clean the documents of a labelled folder tree; the label is a folder in each document's id.

    Parameters
    ----------
    path : path-like
        ``path/<label>/<file>`` (BBC) or ``path/<split>/<label>/<file>`` (20 Newsgroups).
    suffixes : sequence of str, optional
        File suffixes to read (``[""]`` for files without one).
    label_level : int, default=-2
        Which component of the id (split on ``/``) is the label.

    Returns
    -------
    documents : list of CleanDocument
        Without sentences holding header lines (:func:`drop_header_sentences`).
    labels : list of str
    dropped : int
        Sentences dropped as header lines.
    """
    from ..cleaning import clean_corpus
    from ..corpus import Corpus

    corpus = Corpus.from_path(path, suffixes=suffixes)
    docs, dropped = drop_header_sentences(clean_corpus(corpus))
    docs = [d for d in docs if any(not s.heading for s in d.sentences)]
    labels = []
    for d in docs:
        parts = d.id.split("/")
        if len(parts) < -label_level:
            raise InputError(f"{path}: document {d.id!r} is not in a label folder")
        labels.append(parts[label_level])
    return docs, labels, dropped


def first_per_label(ids: Sequence[str], labels: Sequence[str], n: int) -> list[int]:
    """Indices of the first ``n`` documents of each label, by id (in id order)."""
    order = sorted(range(len(ids)), key=lambda i: ids[i])
    taken: dict[str, int] = {}
    keep = []
    for i in order:
        if taken.get(labels[i], 0) < n:
            taken[labels[i]] = taken.get(labels[i], 0) + 1
            keep.append(i)
    return keep


def document_labels(model: TopicModel) -> np.ndarray:
    """A hard topic per training document: the cluster, or the heaviest topic."""
    labels = getattr(model, "labels_", None)
    if labels is not None:
        return np.asarray(labels)
    W = model.doc_topic_
    out = W.argmax(axis=1)
    out[W.sum(axis=1) == 0] = -1
    return out


def labelled_agreement(
    documents: Sequence[Any],
    labels: Sequence[str],
    *,
    methods: Iterable[str],
    k: int,
    seeds: Sequence[int] = (0,),
    vectorizer: BowVectorizer | None = None,
    params: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """Fit each method on whole documents and score its clusters against ``labels``.

    Parameters
    ----------
    documents : sequence of CleanDocument (or texts)
    labels : sequence of str
    methods : iterable of str
        Topic method names (:func:`nlptools.topics.topic_methods`).
    k : int
    seeds : sequence of int
    vectorizer : BowVectorizer, optional
    params : mapping of method to extra model parameters, optional

    Returns
    -------
    dict
        Per method: per seed NMI, ARI, purity, fit seconds, top terms; and the means.
    """
    from ..evaluate.clustering import agreement
    from ..topics import make_topic_model

    if len(documents) != len(labels):
        raise ParameterError(f"labels: {len(labels)} labels for {len(documents)} documents")
    out: dict[str, Any] = {}
    for method in methods:
        runs = []
        for seed in seeds:
            model = make_topic_model(
                method, n_topics=k, random_state=seed, vectorizer=vectorizer, **dict((params or {}).get(method, {}))
            )
            t0 = time.perf_counter()
            model.fit(documents)
            seconds = time.perf_counter() - t0
            pred = document_labels(model)
            scores = agreement(labels, cast(Sequence[Any], pred))
            runs.append({"seed": seed, **scores, "fit_seconds": round(seconds, 3), "top_terms": model.top_terms(8)})
            logger.info(
                "%s seed %d: NMI %.3f ARI %.3f purity %.3f (%.1fs)",
                method,
                seed,
                scores["nmi"],
                scores["ari"],
                scores["purity"],
                seconds,
            )
        out[method] = {
            "runs": runs,
            **{f"mean_{m}": float(np.mean([r[m] for r in runs])) for m in ("nmi", "ari", "purity")},
        }
    return out
