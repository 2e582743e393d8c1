"""Named themes by meaning: the default when a lexicon is given.

Every sentence is scored against the lexicon's themes by
:class:`~nlptools.themes.named.NamedThemeClassifier` (semantic similarity to
the theme's name, description and seed words, plus seed-word hits) and gets
the best theme, or none when nothing fits. Articles get soft weights: with
many articles (at least ``min_bootstrap``) the classifier also bootstraps
from the articles themselves (labels the confident ones, learns from them,
relabels) and smooths each article with its nearest neighbours; with few,
an article's weights are the mean of its sentences' probabilities.

The topic models keep their place: each theme's own terms are its
sentences' distinctive words (class-based TF-IDF), and the sentences that
fit no named theme are clustered (:class:`~nlptools.topics.ensemble.EnsembleTopics`)
to find what the lexicon missed. A discovered theme is kept only when it is
substantial and coherent (:data:`KEEP_SHARE`, :data:`KEEP_DOCUMENTS`, positive
NPMI), and the reason is reported; every other sentence stays "other".
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .._random import int_seed
from ..document import CleanDocument, Passage, Sentence
from ..embed import Embedder
from .lexicon import Lexicon, check_seeds_in_corpus, seed_tokens
from .named import NamedThemeClassifier
from .result import DocumentThemes, SentenceTheme, Theme, ThemeResult

logger = logging.getLogger(__name__)

__all__ = ["semantic_themes", "SemanticFit", "KEEP_SHARE", "KEEP_DOCUMENTS"]

#: A discovered theme is kept when it holds at least this share of the body sentences ...
KEEP_SHARE = 0.10
#: ... spans at least this many articles, and its top terms have positive NPMI.
KEEP_DOCUMENTS = 2
#: Fewer "other" sentences than this: nothing is clustered.
MIN_OTHER = 20
#: The "other" sentences the discovery is fitted on (a fixed-size sample; the rest are placed by the model).
MAX_FIT = 2000
#: The sentences of that sample the number of discovered themes is chosen on (the k sweep clusters them
#: four times per k, and its silhouette is quadratic: most of the time on large corpora such as AG News).
MAX_SWEEP = 1000
#: The most discovered themes looked for next to a lexicon.
MAX_DISCOVERED = 8


def semantic_themes(
    docs: Sequence[CleanDocument],
    lexicon: Lexicon,
    *,
    tokenizer: Callable[[str], list[str]],
    random_state: int | None = 0,
    threshold: float | None = None,
    embedder: Embedder | None = None,
    discover: bool = True,
) -> ThemeResult:
    """Named themes by meaning (see the module docstring).

    Parameters
    ----------
    docs : sequence of CleanDocument
    lexicon : Lexicon
    tokenizer : callable, str -> list of str
        The model tokenizer (lemmas, the lexicon's aliases).
    random_state : int, default=0
    threshold : float, optional
        A sentence also needs at least this probability for its theme (default: none).
    embedder : Embedder, optional
    discover : bool, default=True
        Look for substantial, coherent themes among the sentences no named theme fits.

    Returns
    -------
    ThemeResult
        ``method="semantic"``; ``model`` holds the classifier.
    """
    names = list(lexicon.themes)
    sents: list[Sentence] = [s for d in docs for s in d.sentences]
    toks = [tokenizer(s.text) for s in sents]
    vocab = {w for t in toks for w in t}
    seeds = check_seeds_in_corpus(seed_tokens(lexicon, tokenizer), vocab, lexicon.source)
    clf = _RecordingClassifier(
        names,
        seed_words=lexicon.themes,
        seed_tokens=seeds,
        tokenize=tokenizer,
        descriptions=lexicon.descriptions,
        embedder=embedder,
        random_state=random_state,
    )
    # sentences: the prior alone (linear in the corpus); "none of these" when nothing fits
    sent_clf = _RecordingClassifier(
        names,
        seed_words=lexicon.themes,
        seed_tokens=seeds,
        tokenize=tokenizer,
        descriptions=lexicon.descriptions,
        embedder=embedder,
        rounds=0,
        n_neighbors=0,
        random_state=random_state,
    )
    scores = sent_clf.score([s.text for s in sents], toks)
    none = sent_clf.none_mask(scores)
    best = scores.proba.argmax(axis=1)
    weight = scores.proba.max(axis=1)
    label = np.where(none, -1, best)
    if threshold is not None:
        label = np.where(weight >= threshold, label, -1)
    D = _document_weights(docs, sents, scores.proba, clf, tokenizer)
    discovered, discovery_model = (
        _discover(docs, sents, toks, label, len(names), tokenizer, random_state) if discover else ([], None)
    )
    for extra in discovered:
        label = np.where(extra["members"], extra["index"], label)
    all_names = names + [x["name"] for x in discovered]
    D = _with_discovered(docs, sents, D, label, len(names), len(all_names))
    result = _result(
        docs, sents, toks, label, weight, D, all_names, lexicon, seeds, discovered, clf, random_state, threshold
    )
    fitted = SemanticFit(
        lexicon=lexicon,
        tokenizer=tokenizer,
        seeds=seeds,
        names=names,
        lexical_tokens=[sorted(set(seeds[n]) | set(tokenizer(n))) for n in names],
        prototypes=sent_clf.prototypes(),
        sentence_centre=sent_clf.centre_,
        none_z=float(sent_clf.none_z),
        threshold=threshold,
        article=clf if len(docs) >= clf.min_bootstrap else None,
        article_hashes=_pool_hashes(docs, clf),
        discovery=discovery_model,
        discovered_clusters=[(int(x["cluster"]), int(x["index"])) for x in discovered],
    )
    return dataclasses.replace(result, fitted=fitted)


@dataclass(frozen=True, eq=False)
class SemanticFit:
    """What :func:`semantic_themes` learnt, for :class:`nlptools.themes.model.ThemeModel` to save.

    Attributes
    ----------
    lexicon : Lexicon
    tokenizer : callable
        The model tokenizer.
    seeds : dict of str to list of str
        Each named theme's seed tokens found in the corpus.
    names : list of str
        The named themes, in lexicon order (their column in every array).
    lexical_tokens : list of list of str
        Each named theme's tokens counted as lexical evidence (seed tokens and the name's tokens).
    prototypes : ndarray, shape (n_named, dim), float32
    sentence_centre : (ndarray, float)
        The per-theme mean of the sentences' cosines to the prototypes, and the overall standard deviation
        of the centred cosines (the centring of :meth:`NamedThemeClassifier.semantic` over the corpus).
    none_z : float
    threshold : float or None
    article : NamedThemeClassifier or None
        The article classifier, with what it recorded, when the articles' weights came from it (at least
        ``min_bootstrap`` articles); None when they are their sentences' mean.
    article_hashes : list of str
        SHA-256 of the scored text (title and body) of each article of the classifier's neighbour pool,
        with ``article``.
    discovery : EnsembleTopics or None
        The model the "other" sentences were clustered with.
    discovered_clusters : list of (int, int)
        (cluster of ``discovery``, theme column) of each kept discovered theme.
    """

    lexicon: Lexicon
    tokenizer: Callable[[str], list[str]]
    seeds: dict[str, list[str]]
    names: list[str]
    lexical_tokens: list[list[str]]
    prototypes: np.ndarray
    sentence_centre: tuple[np.ndarray, float]
    none_z: float
    threshold: float | None
    article: Any
    article_hashes: list[str]
    discovery: Any
    discovered_clusters: list[tuple[int, int]]


class _RecordingClassifier(NamedThemeClassifier):
    """:class:`NamedThemeClassifier` that keeps what a saved theme model needs; it scores exactly as its base.

    Recorded: the centring statistics of :meth:`semantic` (``centre_``), the bootstrap's inputs, its
    confident sets and final score (``bootstrap_``), and the probabilities before neighbour smoothing
    (``presmooth_``).
    """

    def semantic(self, vectors: np.ndarray) -> np.ndarray:
        out = super().semantic(vectors)
        S = np.asarray(vectors @ self.prototypes().T, dtype=np.float64)
        mean = S.mean(axis=0)
        self.centre_ = (mean, float((S - mean).std()))
        return out

    def _bootstrap(self, texts: list[str], E: np.ndarray, prior: np.ndarray) -> tuple[np.ndarray, list[dict[str, int]]]:
        self.confident_: list[tuple[np.ndarray, np.ndarray]] = []
        score, history = super()._bootstrap(texts, E, prior)
        self.bootstrap_ = {"texts": texts, "vectors": E, "score": score, "history": history}
        return score, history

    def _confident(self, score: np.ndarray, share: float) -> np.ndarray:  # type: ignore[override]
        keep = NamedThemeClassifier._confident(score, share)
        self.confident_.append((keep, score[keep].argmax(axis=1)))
        return keep

    def _smooth(self, E: np.ndarray, proba: np.ndarray) -> np.ndarray:
        pool = self.neighbour_pool(len(E))
        self.presmooth_ = (E[pool], proba[pool])
        self.pool_ = pool
        return super()._smooth(E, proba)


def fitted_article_classifier(clf: Any) -> tuple[Any, Any]:
    """The TF-IDF vectoriser and logistic regression of a classifier's last bootstrap round.

    Returns
    -------
    vectorizer : sklearn TfidfVectorizer or None
        None when no term reached ``min_df=2`` (the embedding alone).
    classifier : sklearn LogisticRegression

    Raises
    ------
    NlptoolsError
        The classifier ran no bootstrap round.
    """
    from ..errors import NlptoolsError

    if getattr(clf, "logistic_", None) is None:
        raise NlptoolsError("internal: the article classifier ran no bootstrap round")
    return clf.vectorizer_, clf.logistic_


def _pool_hashes(docs: Sequence[CleanDocument], clf: NamedThemeClassifier) -> list[str]:
    """SHA-256 of the neighbour pool's articles (those the saved model keeps), in pool order."""
    if len(docs) < clf.min_bootstrap:
        return []
    pool = getattr(clf, "pool_", range(len(docs)))
    return [_sha256(_document_text(docs[int(i)])) for i in pool]


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _document_text(d: CleanDocument) -> str:
    body = d.clean_text()
    return f"{d.title}. {body}" if d.title and d.title not in body[: len(d.title) + 5] else body


def _document_weights(
    docs: Sequence[CleanDocument],
    sents: Sequence[Sentence],
    proba: np.ndarray,
    clf: NamedThemeClassifier,
    tokenizer: Callable[[str], list[str]],
) -> np.ndarray:
    """Articles' weights: the bootstrapped classifier on the articles when there are many, else their sentences' mean."""
    if len(docs) >= clf.min_bootstrap:
        texts = [_document_text(d) for d in docs]
        return clf.score(texts, [tokenizer(t) for t in texts]).proba
    return mean_by_document(docs, sents, proba)


def mean_by_document(docs: Sequence[CleanDocument], sents: Sequence[Sentence], proba: np.ndarray) -> np.ndarray:
    """Each article's mean of its sentences' rows of ``proba`` (zeros for an article with no sentence)."""
    index = {d.id: j for j, d in enumerate(docs)}
    D = np.zeros((len(docs), proba.shape[1]))
    n = np.zeros(len(docs))
    for s, row in zip(sents, proba, strict=True):
        D[index[s.document]] += row
        n[index[s.document]] += 1
    return np.asarray(D / np.maximum(n, 1)[:, None])


def _discover(
    docs: Sequence[CleanDocument],
    sents: Sequence[Sentence],
    toks: Sequence[list[str]],
    label: np.ndarray,
    n_named: int,
    tokenizer: Callable[[str], list[str]],
    random_state: int | None,
) -> tuple[list[dict[str, Any]], Any]:
    """Substantial, coherent themes among the sentences no named theme fits (each with why it was kept).

    Returns the kept themes (``cluster``: the discovery model's cluster) and the fitted discovery model
    (None when nothing was clustered).
    """
    from ..topics.quality import CoherenceScorer
    from ..topics.registry import make_topic_model
    from ..topics.sweep import choose_k, default_ks
    from ..vectorize import BowVectorizer
    from .vocabulary import RestrictedTokenizer

    body = np.array([not s.heading for s in sents])
    other = [int(i) for i in np.flatnonzero((label < 0) & body)]
    n_body = int(body.sum())
    if len(other) < MIN_OTHER or len(docs) < KEEP_DOCUMENTS or len(other) < KEEP_SHARE * n_body:
        return [], None  # (the last: no cluster of the "other" sentences could reach KEEP_SHARE)
    df: dict[str, int] = {}
    for i in other:
        for w in set(toks[i]):
            df[w] = df.get(w, 0) + 1
    keep_words = {w for w, c in df.items() if c >= 2}
    if len(keep_words) < 5:
        return [], None
    vec = BowVectorizer(tokenizer=RestrictedTokenizer(tokenizer, keep_words))
    passages = [Passage(f"{sents[i].document}#s{sents[i].index}", sents[i].document, (sents[i],)) for i in other]
    # model selection and fitting on a fixed-size sample; every other sentence is placed by the fitted model
    rng = np.random.RandomState(int_seed(random_state))
    fit_on = (
        sorted(rng.choice(len(passages), MAX_FIT, replace=False).tolist())
        if len(passages) > MAX_FIT
        else list(range(len(passages)))
    )
    sample = [passages[i] for i in fit_on]
    sweep_on = (
        [sample[i] for i in sorted(rng.choice(len(sample), MAX_SWEEP, replace=False).tolist())]
        if len(sample) > MAX_SWEEP
        else sample
    )
    # no more clusters than could each reach the keep share, plus one for the rest: a finer split only
    # divides the material below KEEP_SHARE (one candidate: nothing to choose)
    ks = default_ks(len(sweep_on), max_k=max(2, min(MAX_DISCOVERED, keep_capacity(len(other), n_body) + 1)))
    best_k = (
        ks[0] if len(ks) == 1 else choose_k(sweep_on, ks=ks, random_state=int_seed(random_state), vectorizer=vec).best_k
    )
    model = make_topic_model("ensemble", n_topics=best_k, random_state=random_state, vectorizer=vec)
    model.fit(sample)
    W = model.transform(passages)
    assigned = np.where(W.sum(axis=1) > 0, W.argmax(axis=1), -1)
    scorer = CoherenceScorer([toks[i] for i in range(len(sents)) if body[i]], measure="c_npmi")
    tops = model.top_terms(10)
    kept: list[dict[str, Any]] = []
    others = np.asarray(other, dtype=np.int64)
    for j in range(best_k):
        members_local = np.flatnonzero(assigned == j)
        members = others[members_local]
        share = len(members) / max(n_body, 1)
        n_docs = len({sents[i].document for i in members})
        npmi = float(scorer.score([tops[j]]).mean)
        if share >= KEEP_SHARE and n_docs >= KEEP_DOCUMENTS and not math.isnan(npmi) and npmi > 0:
            mask = np.zeros(len(sents), dtype=bool)
            mask[members] = True
            kept.append(
                {
                    "index": n_named + len(kept),
                    "cluster": j,
                    "name": " / ".join(tops[j][:3]),
                    "members": mask,
                    "why": f"kept: {share:.0%} of the sentences, {n_docs} articles, NPMI {npmi:.2f}",
                }
            )
        else:
            logger.info(
                "discovered theme %s dropped: %.0f%% of the sentences, %d articles, NPMI %.2f",
                " / ".join(tops[j][:3]),
                100 * share,
                n_docs,
                npmi,
            )
    return kept, model


def keep_capacity(n_other: int, n_body: int) -> int:
    """How many clusters of ``n_other`` sentences could each hold :data:`KEEP_SHARE` of ``n_body`` sentences."""
    need = max(1, math.ceil(KEEP_SHARE * n_body - 1e-9))
    return n_other // need


def _with_discovered(
    docs: Sequence[CleanDocument], sents: Sequence[Sentence], D: np.ndarray, label: np.ndarray, n_named: int, n_all: int
) -> np.ndarray:
    """Articles' weights over named and kept discovered themes: a discovered theme's weight is its share of the
    article's sentences, the named weights scaled to the rest."""
    if n_all == n_named:
        return D
    index = {d.id: j for j, d in enumerate(docs)}
    share = np.zeros((len(docs), n_all - n_named))
    n = np.zeros(len(docs))
    for s, lab in zip(sents, label, strict=True):
        if s.heading:
            continue
        j = index[s.document]
        n[j] += 1
        if lab >= n_named:
            share[j, lab - n_named] += 1
    share = share / np.maximum(n, 1)[:, None]
    return np.hstack([D * (1 - share.sum(axis=1, keepdims=True)), share])


def _result(
    docs: Sequence[CleanDocument],
    sents: Sequence[Sentence],
    toks: Sequence[list[str]],
    label: np.ndarray,
    weight: np.ndarray,
    D: np.ndarray,
    names: list[str],
    lexicon: Lexicon,
    seeds: dict[str, list[str]],
    discovered: list[dict[str, Any]],
    clf: NamedThemeClassifier,
    random_state: int | None,
    threshold: float | None,
) -> ThemeResult:
    """Themes (terms by class-based TF-IDF of their sentences), articles and sentences."""
    from ..topics.ctfidf import class_tfidf
    from ..vectorize import BowVectorizer

    n_named = len(lexicon.themes)
    vec = BowVectorizer(tokenizer=lambda t: t.split(" "))  # the tokens are already made
    texts = [" ".join(t) if t else "" for t in toks]
    counts = vec.fit_transform(texts) if any(toks) else None
    terms: list[tuple[tuple[str, float], ...]] = [() for _ in names]
    if counts is not None:
        weights = class_tfidf(counts, label, len(names))
        vocab = vec.feature_names_
        for i in range(len(names)):
            row = weights[i]
            total = row.sum()
            order = [j for j in np.argsort(-row, kind="stable")[:10] if row[j] > 0]
            terms[i] = tuple((str(vocab[j]), float(row[j] / total)) for j in order)
    index = {d.id: j for j, d in enumerate(docs)}
    words = np.zeros(len(docs))
    for s, tk in zip(sents, toks, strict=True):
        words[index[s.document]] += len(tk)
    total_words = words.sum() or 1.0
    themes = []
    why = {x["name"]: x["why"] for x in discovered}
    for i, name in enumerate(names):
        doc_list = sorted(
            ((d.id, float(D[j, i])) for j, d in enumerate(docs) if D[j, i] >= 0.05), key=lambda x: (-x[1], x[0])
        )
        themes.append(
            Theme(
                name=name,
                seeded=i < n_named,
                seed_words=tuple(seeds.get(name, ())),
                terms=terms[i],
                weight=float((D[:, i] * words).sum() / total_words),
                documents=tuple(doc_list),
                topic=i,
                description=lexicon.descriptions.get(name),
                why=why.get(name),
            )
        )
    themes.sort(key=lambda t: (not t.seeded, -t.weight, t.topic))
    order = [t.topic for t in themes]
    by_doc: dict[str, list[SentenceTheme]] = {d.id: [] for d in docs}
    for s, lab, w in zip(sents, label, weight, strict=True):
        by_doc[s.document].append(
            SentenceTheme(
                index=s.index,
                start=s.start,
                end=s.end,
                theme=names[lab] if lab >= 0 else None,
                weight=float(w),
                heading=s.heading,
            )
        )
    out_docs = [
        DocumentThemes(
            id=d.id,
            title=d.title,
            weights={names[i]: float(D[j, i]) for i in order},
            sentences=tuple(by_doc[d.id]),
        )
        for j, d in enumerate(docs)
    ]
    return ThemeResult(
        themes=themes,
        documents=out_docs,
        method="semantic",
        k=len(names),
        unit="sentence",
        random_state=random_state,
        threshold=float(threshold) if threshold is not None else 0.0,
        model=clf,
    )
