"""Summarisers against reference summaries (the BBC News Summary layout).

The layout (``articles/<category>/<name>.txt`` with ``summaries/<category>/<name>.txt``)
is that of the BBC News Summary corpus: each reference is made of article
sentences glued together without spaces, so it is split back with
:func:`nlptools.evaluate.rouge.match_reference`. Each method then summarises
each article with as many sentences as its reference has, and is scored with
ROUGE F1 (:mod:`nlptools.evaluate.rouge`).

These references were produced by a word-overlap ranker, not written by
people: scores on them are a regression benchmark for extractive methods,
not a measure of summary quality.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..cleaning import clean_document
from ..document import CleanDocument, Document, Sentence
from ..errors import InputError, ParameterError
from ..evaluate.rouge import ROUGE_TYPES, ReferenceMatch, greedy_oracle, match_reference, rouge
from ..io import read_text_file
from ..summarize import get_ranker, summarize_sentences

logger = logging.getLogger(__name__)

__all__ = ["ReferenceArticle", "load_reference_corpus", "run_method", "score_runs", "ORACLE", "PUBLISHED_R1"]

#: Name under which the greedy extractive oracle is reported.
ORACLE = "oracle"

#: ROUGE-1 F1 published for sumy 0.13 on the 300 BBC articles of the benchmark (60 per category,
#: first by file name), the figures the issue quotes.
PUBLISHED_R1 = {
    "lead": 63.96,
    "sumy-lexrank": 66.44,
    "sumy-textrank": 79.83,
    "sumy-luhn": 74.24,
    "sumy-lsa": 64.48,
    "sumy-reduction": 83.40,
    ORACLE: 99.97,
}


@dataclass(frozen=True)
class ReferenceArticle:
    """An article with its reference summary matched to its sentences.

    Attributes
    ----------
    category : str
    name : str
        The article's file name (``001.txt``).
    document : CleanDocument
    candidates : tuple of Sentence
        Body sentences (headings left out): what summarisers choose from.
    reference : str
        The reference as read.
    match : ReferenceMatch
        The reference split into candidate sentences (indices into ``candidates``).
    """

    category: str
    name: str
    document: CleanDocument
    candidates: tuple[Sentence, ...]
    reference: str
    match: ReferenceMatch

    @property
    def n_reference(self) -> int:
        """Number of candidate sentences the reference is made of."""
        return len(self.match.indices)

    @property
    def reference_sentences(self) -> list[str]:
        """The reference, one sentence (or unmatched stretch) per item."""
        return list(self.match.pieces)


def load_reference_corpus(
    data_dir: str | Path,
    *,
    per_category: int | None = 60,
    categories: Sequence[str] | None = None,
) -> list[ReferenceArticle]:
    """Articles and reference summaries from a folder laid out like BBC News Summary.

    Parameters
    ----------
    data_dir : path
        Holds ``articles/<category>/*.txt`` and ``summaries/<category>/*.txt``.
    per_category : int or None, default=60
        Take the first this many articles of each category, by file name
        (``None``: all).
    categories : sequence of str, optional
        Only these categories (default: every folder under ``articles``, sorted).

    Returns
    -------
    list of ReferenceArticle
        Articles without a summary file, or whose reference matches none of
        their sentences, are skipped with a warning.
    """
    root = Path(data_dir)
    arts, sums = root / "articles", root / "summaries"
    if not arts.is_dir() or not sums.is_dir():
        raise InputError(f"{root}: expected folders 'articles' and 'summaries' (BBC News Summary layout)")
    if per_category is not None and (not isinstance(per_category, int) or per_category < 1):
        raise ParameterError(f"per_category: must be a positive integer or None, got {per_category!r}")
    cats = sorted(p.name for p in arts.iterdir() if p.is_dir()) if categories is None else list(categories)
    out: list[ReferenceArticle] = []
    for cat in cats:
        folder = arts / cat
        if not folder.is_dir():
            raise InputError(f"{folder}: no such category folder")
        files = sorted(p for p in folder.iterdir() if p.suffix == ".txt")
        if per_category is not None:
            files = files[:per_category]
        for path in files:
            ref_path = sums / cat / path.name
            if not ref_path.is_file():
                logger.warning("%s: no reference summary at %s; skipped", path, ref_path)
                continue
            text, encoding = read_text_file(path)
            reference, _ = read_text_file(ref_path)
            doc = clean_document(
                Document(id=f"{cat}/{path.stem}", text=text, source=str(path), meta={"encoding": encoding})
            )
            candidates = doc.body
            match = match_reference(reference.strip(), [s.text for s in candidates])
            if not match.indices:
                logger.warning("%s: the reference matches none of the article's sentences; skipped", path)
                continue
            out.append(ReferenceArticle(cat, path.name, doc, candidates, reference.strip(), match))
    return out


def run_method(
    articles: Iterable[ReferenceArticle],
    method: str,
    *,
    random_state: int = 0,
    warmup: int = 2,
    timer: Callable[[], float] = time.perf_counter,
) -> tuple[list[list[int]], float]:
    """Summarise each article with ``method``, as many sentences as its reference.

    ``method`` is a registry name or :data:`ORACLE`. No redundancy control
    (single documents, as the benchmark's references are made).

    ``warmup`` articles are first summarised untimed (lazy imports, lemma
    caches), so ``seconds`` measures the steady state.

    Returns
    -------
    chosen : list of list of int
        Candidate indices chosen for each article.
    seconds : float
        Total time spent summarising (loading and cleaning excluded).
    """
    articles = list(articles)
    ranker = None if method == ORACLE else get_ranker(method, random_state=random_state)

    def one(art: ReferenceArticle) -> list[int]:
        k = art.n_reference
        if ranker is None:
            return greedy_oracle([s.text for s in art.candidates], art.reference_sentences, n_sentences=k)
        return summarize_sentences(art.candidates, method=ranker, n_sentences=k, redundancy=None).positions

    for art in articles[:warmup]:
        one(art)
    chosen: list[list[int]] = []
    total = 0.0
    for art in articles:
        t0 = timer()
        picked = one(art)
        total += timer() - t0
        chosen.append(picked)
    return chosen, total


def score_runs(articles: Sequence[ReferenceArticle], chosen: Sequence[Sequence[int]]) -> dict[str, Any]:
    """Mean ROUGE F1 (x100) of chosen sentences against each reference.

    Returns
    -------
    dict
        ``rouge1``, ``rouge2``, ``rougeL``, ``rougeLsum`` means (percent) and
        per-category ``rouge1`` means under ``by_category``.
    """
    if len(articles) != len(chosen):
        raise ParameterError(f"chosen: {len(chosen)} selections for {len(articles)} articles")
    rows = []
    for art, picked in zip(articles, chosen):
        cand = [art.candidates[i].text for i in picked]
        rows.append(rouge(cand, art.reference_sentences))
    out: dict[str, Any] = {t: 100.0 * float(np.mean([r[t] for r in rows])) for t in ROUGE_TYPES}
    cats: dict[str, list[float]] = {}
    for art, r in zip(articles, rows):
        cats.setdefault(art.category, []).append(r["rouge1"])
    out["by_category"] = {c: {"rouge1": 100.0 * float(np.mean(v)), "n": len(v)} for c, v in sorted(cats.items())}
    return out
