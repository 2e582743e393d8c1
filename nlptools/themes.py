"""Themes: which article, and which sentence, speaks to which theme.

The one call most callers need::

    from nlptools.cleaning import clean_corpus
    from nlptools.corpus import Corpus
    from nlptools.themes import find_themes, load_lexicon

    docs = list(clean_corpus(Corpus.from_path("seeds")))
    result = find_themes(docs, lexicon=load_lexicon("seeds/themes.toml"), method="lda", k="auto",
                         random_state=0)
    result.to_dict()   # the JSON of ``nlptools themes``

:func:`find_themes` cuts the clean documents into passages (paragraphs by
default, chosen by measurement on the seeds), fits a topic model (:mod:`nlptools.topics`) on them, turns every
topic into a :class:`Theme` (named by the lexicon when one is given and the
topic matches it, otherwise by its top words), and gives each document soft
theme weights and each sentence a theme, or ``None`` when no theme reaches
the ``threshold``.

Stable API (other jobs build on it):

``find_themes(documents, *, lexicon=None, method="lda", k="auto", unit="paragraph", random_state=0,
threshold=None, min_df=2, ks=None) -> ThemeResult``
    ``documents``: iterable of :class:`~nlptools.document.CleanDocument`.
``ThemeResult.themes``: list of :class:`Theme` (``name``, ``seeded``,
    ``seed_words``, ``terms`` [(term, weight)], ``weight``, ``documents``
    [(id, weight)]), heaviest first.
``ThemeResult.documents``: list of :class:`DocumentThemes` (``id``,
    ``title``, ``weights`` {theme: weight}, ``sentences``: list of
    :class:`SentenceTheme` (``index``, ``start``, ``end``, ``theme`` or
    None, ``weight``)), in corpus order; offsets as in ``nlptools sentences``.
``ThemeResult.to_dict()``: ``{"method", "k", "unit", "random_state",
    "threshold", "k_sweep", "themes": [...], "documents": [...]}``, floats
    rounded to 4 places; ``ThemeResult.to_markdown()`` a readable report.
``ThemeResult.sentences_of(theme)``: (document id, SentenceTheme) pairs of
    a theme, best first (candidates for a digest).
``load_lexicon(path) -> Lexicon``; ``Lexicon.from_mapping({...})``.

The lexicon is TOML::

    [themes]
    "arms trade" = ["arms", "weapon", "munition"]   # at most 8 seed words a theme

    [aliases]                                       # optional: name variants -> one token
    "Kim Jong Un" = ["Kim Jong-un"]

Seed words are passed through the same tokenizer as the text (so ``"troops"``
becomes ``troop``); a word that does not occur in the corpus is skipped with
a warning, and a theme left with no word is an error.
"""

from __future__ import annotations

import logging
import math
import numbers
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .document import CleanDocument, Sentence
from .errors import ConfigError, EmptyCorpusError, InputError, ParameterError
from .tokens import Tokenizer

logger = logging.getLogger(__name__)

__all__ = [
    "Lexicon",
    "load_lexicon",
    "Theme",
    "SentenceTheme",
    "DocumentThemes",
    "ThemeResult",
    "find_themes",
    "name_topics",
    "MAX_SEED_WORDS",
]

#: The most seed words a lexicon theme may have.
MAX_SEED_WORDS = 8

#: Methods the lexicon's seed words guide (the others are named after fitting).
GUIDED_METHODS = ("lda", "lda-gibbs", "kmeans")


# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class Lexicon:
    """Named themes with seed words, and optional name aliases for the tokenizer.

    Attributes
    ----------
    themes : dict of str to tuple of str
        Theme name to seed words (1 to :data:`MAX_SEED_WORDS`).
    aliases : dict of str to tuple of str
        Canonical name to variants (see :class:`~nlptools.tokens.Tokenizer`).
    source : str
        Where it came from (a path or ``"<mapping>"``), for messages.
    """

    themes: dict[str, tuple[str, ...]]
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    source: str = "<mapping>"

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, source: str = "<mapping>") -> Lexicon:
        """Build and check a lexicon from ``{"themes": {...}, "aliases": {...}}``.

        A mapping without a ``themes`` key is read as the themes table itself.
        """
        if not isinstance(data, Mapping):
            raise ConfigError(f"{source}: a lexicon must be a table of themes")
        if "themes" not in data and "aliases" not in data:
            data = {"themes": data}
        unknown = sorted(set(data) - {"themes", "aliases"})
        if unknown:
            raise ConfigError(f"{source}: unknown table(s) {', '.join(unknown)} (expected [themes] and [aliases])")
        raw_themes = data.get("themes")
        if not isinstance(raw_themes, Mapping) or not raw_themes:
            raise ConfigError(f"{source}: no themes (add a [themes] table: name = [seed words])")
        themes: dict[str, tuple[str, ...]] = {}
        for name, words in raw_themes.items():
            where = f"{source}: theme {name!r}"
            if not str(name).strip():
                raise ConfigError(f"{source}: a theme has an empty name")
            if isinstance(words, str) or not isinstance(words, Sequence):
                raise ConfigError(f"{where}: seed words must be a list of strings")
            words = [w.strip() if isinstance(w, str) else w for w in words]
            if any(not isinstance(w, str) or not w for w in words):
                raise ConfigError(f"{where}: seed words must be non-empty strings")
            if not words:
                raise ConfigError(f"{where}: has no seed words")
            if len(words) > MAX_SEED_WORDS:
                raise ConfigError(f"{where}: {len(words)} seed words, at most {MAX_SEED_WORDS} allowed")
            themes[str(name)] = tuple(dict.fromkeys(words))
        aliases: dict[str, tuple[str, ...]] = {}
        raw_aliases = data.get("aliases", {})
        if not isinstance(raw_aliases, Mapping):
            raise ConfigError(f"{source}: [aliases] must be a table: name = [variants]")
        for name, variants in raw_aliases.items():
            if (
                isinstance(variants, str)
                or not isinstance(variants, Sequence)
                or not all(isinstance(v, str) for v in variants)
            ):
                raise ConfigError(f"{source}: alias {name!r}: variants must be a list of strings")
            aliases[str(name)] = tuple(variants)
        return cls(themes=themes, aliases=aliases, source=source)

    def tokenizer(self) -> Tokenizer:
        """The default tokenizer with this lexicon's aliases."""
        return Tokenizer(aliases={k: list(v) for k, v in self.aliases.items()} or None)


def load_lexicon(path: str | Path) -> Lexicon:
    """Read a theme lexicon from a TOML file; see the module docstring for the format.

    Raises
    ------
    InputError
        The file cannot be read.
    ConfigError
        Invalid TOML or an invalid lexicon (empty theme, too many seed words...).
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{p}: cannot read the lexicon ({exc.strerror or exc})") from exc
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{p}: the lexicon is not UTF-8 text") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{p}: invalid TOML: {exc}") from exc
    return Lexicon.from_mapping(data, source=str(p))


def _seed_tokens(lexicon: Lexicon, tokenizer: Any) -> dict[str, list[str]]:
    """Seed words as model tokens (through the text's tokenizer)."""
    out: dict[str, list[str]] = {}
    for theme, words in lexicon.themes.items():
        toks: list[str] = []
        for w in words:
            t = tokenizer(w)
            if len(t) != 1:
                what = "a stop word or too short" if not t else f"{len(t)} tokens ({' '.join(t)})"
                raise ConfigError(f"{lexicon.source}: theme {theme!r}: seed word {w!r} is {what}; use one content word")
            if t[0] not in toks:
                toks.append(t[0])
        out[theme] = toks
    return out


# --------------------------------------------------------------------------- result types


@dataclass(frozen=True)
class Theme:
    """One theme (one topic of the model).

    Attributes
    ----------
    name : str
        The lexicon theme's name, or the topic's top words.
    seeded : bool
        Whether it comes from the lexicon (else: discovered).
    seed_words : tuple of str
        The seed words used (empty for a discovered theme).
    terms : tuple of (str, float)
        Top terms with their weight in the topic (weights sum to 1 over all terms).
    weight : float
        Share of the corpus's words given to this theme.
    documents : tuple of (str, float)
        Documents with their weight for this theme (at least 0.05), heaviest first.
    topic : int
        Index of the topic in the model.
    """

    name: str
    seeded: bool
    seed_words: tuple[str, ...]
    terms: tuple[tuple[str, float], ...]
    weight: float
    documents: tuple[tuple[str, float], ...]
    topic: int


@dataclass(frozen=True)
class SentenceTheme:
    """A sentence's theme: ``theme`` is None when no theme reaches the threshold."""

    index: int
    start: int
    end: int
    theme: str | None
    weight: float
    heading: bool = False


@dataclass(frozen=True)
class DocumentThemes:
    """A document's theme weights and its sentences' themes."""

    id: str
    title: str | None
    weights: dict[str, float]
    sentences: tuple[SentenceTheme, ...]


def _r(x: float) -> float:
    return round(float(x), 4)


@dataclass(frozen=True)
class ThemeResult:
    """Themes of a corpus; see the module docstring. ``model`` is the fitted topic model."""

    themes: list[Theme]
    documents: list[DocumentThemes]
    method: str
    k: int
    unit: str
    random_state: int | None
    threshold: float
    k_sweep: Any = None
    model: Any = field(default=None, repr=False, compare=False)

    def theme(self, name: str) -> Theme:
        """The theme called ``name``."""
        for t in self.themes:
            if t.name == name:
                return t
        raise KeyError(name)

    def sentences_of(self, name: str) -> list[tuple[str, SentenceTheme]]:
        """(document id, sentence) pairs assigned to theme ``name``, heaviest first."""
        pairs = [(d.id, s) for d in self.documents for s in d.sentences if s.theme == name]
        return sorted(pairs, key=lambda p: (-p[1].weight, p[0], p[1].index))

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON (floats rounded to 4 places, deterministic order)."""
        return {
            "method": self.method,
            "k": self.k,
            "unit": self.unit,
            "random_state": self.random_state,
            "threshold": _r(self.threshold),
            "k_sweep": self.k_sweep.to_dict() if self.k_sweep is not None else None,
            "themes": [
                {
                    "name": t.name,
                    "seeded": t.seeded,
                    "seed_words": list(t.seed_words),
                    "topic": t.topic,
                    "top_terms": [t_ for t_, _ in t.terms],
                    "term_weights": [_r(w) for _, w in t.terms],
                    "weight": _r(t.weight),
                    "documents": [{"id": d, "weight": _r(w)} for d, w in t.documents],
                }
                for t in self.themes
            ],
            "documents": [
                {
                    "id": d.id,
                    "title": d.title,
                    "themes": {k: _r(v) for k, v in d.weights.items()},
                    "sentences": [
                        {
                            "index": s.index,
                            "start": s.start,
                            "end": s.end,
                            "theme": s.theme,
                            "weight": _r(s.weight),
                            "heading": s.heading,
                        }
                        for s in d.sentences
                    ],
                }
                for d in self.documents
            ],
        }

    def to_markdown(self, texts: Mapping[str, str] | None = None) -> str:
        """A readable report: themes with terms and documents, then each document's weights.

        ``texts`` (document id -> source text) adds each theme's best sentences.
        """
        lines = [f"# Themes ({self.method}, k = {self.k}, unit = {self.unit})", ""]
        if self.k_sweep is not None:
            lines += [
                "## Choosing k (quality = NPMI x TD@10)",
                "",
                "| k | NPMI | C_V | TD@10 | TD@25 | quality |",
                "|---|---|---|---|---|---|",
            ]
            for s in self.k_sweep.scores:
                mark = " **chosen**" if s["k"] == self.k_sweep.best_k else ""
                lines.append(
                    f"| {s['k']}{mark} | {s['npmi']:.3f} | {s['c_v']:.3f} | {s['td10']:.3f} | "
                    f"{s['td25']:.3f} | {s['quality']:.3f} |"
                )
            lines.append("")
        for t in self.themes:
            kind = "seeded: " + ", ".join(t.seed_words) if t.seeded else "discovered"
            lines += [
                f"## {t.name} ({t.weight:.0%} of the words; {kind})",
                "",
                "Top terms: " + ", ".join(w for w, _ in t.terms),
                "",
            ]
            if t.documents:
                lines.append("Documents: " + ", ".join(f"{d} ({w:.2f})" for d, w in t.documents))
                lines.append("")
            if texts is not None:
                for doc_id, s in self.sentences_of(t.name)[:3]:
                    text = texts.get(doc_id, "")[s.start : s.end].replace("\n", " ")
                    lines.append(f"- {doc_id} [{s.start}:{s.end}] ({s.weight:.2f}) {text}")
                lines.append("")
        lines += [
            "## Documents",
            "",
            "| document | " + " | ".join(t.name for t in self.themes) + " |",
            "|---|" + "---|" * len(self.themes),
        ]
        for d in self.documents:
            lines.append(f"| {d.id} | " + " | ".join(f"{d.weights.get(t.name, 0.0):.2f}" for t in self.themes) + " |")
        return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- naming


def name_topics(
    components: np.ndarray, feature_names: Sequence[str], seeds: Mapping[str, Sequence[str]]
) -> dict[int, str]:
    """Match lexicon themes to topics by the mass of their seed words.

    Each topic's weights are scaled to sum to 1; a theme's score for a topic
    is the summed weight of its seed words there. Themes and topics are
    paired one to one to maximise the total score (Hungarian algorithm); a
    pair with no seed mass at all is dropped.

    Returns
    -------
    dict of int to str
        Topic index to theme name.
    """
    from scipy.optimize import linear_sum_assignment

    from .topics._base import normalize_rows

    P = normalize_rows(np.asarray(components))
    index = {str(t): j for j, t in enumerate(feature_names)}
    names = list(seeds)
    S = np.zeros((len(names), P.shape[0]))
    for i, name in enumerate(names):
        ids = [index[w] for w in seeds[name] if w in index]
        if ids:
            S[i] = P[:, ids].sum(axis=1)
    rows, cols = linear_sum_assignment(-S)
    return {int(c): names[r] for r, c in zip(rows, cols) if S[r, c] > 0}


# --------------------------------------------------------------------------- checking


def _named(result: ThemeResult) -> dict[tuple[str, int], str | None]:
    """Sentence -> its lexicon theme (None for no theme or a discovered one)."""
    seeded = {t.name for t in result.themes if t.seeded}
    return {(d.id, s.index): (s.theme if s.theme in seeded else None) for d in result.documents for s in d.sentences}


def score_against_reading(
    result: ThemeResult,
    reading: Mapping[tuple[str, int], Sequence[str | None]],
    *,
    articles: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, float]:
    """How often the themes agree with a careful reader.

    Parameters
    ----------
    result : ThemeResult
    reading : mapping of (document id, sentence index) to the acceptable themes
        ``None`` in the list accepts "no lexicon theme" (no theme, or a
        discovered one).
    articles : mapping of document id to the reader's themes, main first, optional

    Returns
    -------
    dict
        ``accuracy`` over the read sentences, ``accuracy_named`` over those
        whose reading is a single lexicon theme, ``n``, ``n_named``; with
        ``articles``: ``article_main`` (share of articles whose heaviest
        lexicon theme is the reader's main one) and ``article_top2`` (share
        whose two heaviest are the reader's two).
    """
    named = _named(result)
    keys = [key for key in reading if key in named]
    if not keys:
        raise ParameterError("reading: no sentence of the result is in the reading")
    right = [named[key] in tuple(reading[key]) for key in keys]
    single = [key for key in keys if len(reading[key]) == 1 and reading[key][0] is not None]
    out: dict[str, float] = {
        "accuracy": sum(right) / len(keys),
        "n": len(keys),
        "accuracy_named": (sum(named[key] == reading[key][0] for key in single) / len(single)) if single else math.nan,
        "n_named": len(single),
    }
    if articles:
        seeded = [t.name for t in result.themes if t.seeded]
        main = top2 = 0
        for d in result.documents:
            want = articles.get(d.id)
            if not want:
                continue
            ranked = sorted(seeded, key=lambda n: -d.weights.get(n, 0.0))
            main += bool(ranked) and ranked[0] == want[0]
            top2 += set(ranked[:2]) == set(want[:2])
        n_art = sum(1 for d in result.documents if articles.get(d.id))
        out["article_main"] = main / n_art if n_art else math.nan
        out["article_top2"] = top2 / n_art if n_art else math.nan
    return out


def compare_assignments(a: ThemeResult, b: ThemeResult) -> dict[str, float]:
    """Agreement of two results' sentence themes: NMI and ARI of the assignments, and named-theme overlap.

    NMI/ARI compare the raw assignments (every theme, and "none", a cluster);
    ``same_theme`` is the share of sentences given the same lexicon theme
    (no theme and discovered themes counted as one "other").
    """
    from .evaluate.clustering import ari, nmi

    la = {(d.id, s.index): s.theme or "(none)" for d in a.documents for s in d.sentences}
    lb = {(d.id, s.index): s.theme or "(none)" for d in b.documents for s in d.sentences}
    keys = sorted(set(la) & set(lb))
    if not keys:
        raise ParameterError("results: no sentence in common")
    na, nb = _named(a), _named(b)
    return {
        "nmi": nmi([la[k] for k in keys], [lb[k] for k in keys]),
        "ari": ari([la[k] for k in keys], [lb[k] for k in keys]),
        "same_theme": sum(na[k] == nb[k] for k in keys) / len(keys),
        "n": len(keys),
    }


# --------------------------------------------------------------------------- the job


def _default_ks(n_passages: int, n_seeded: int) -> list[int]:
    low = max(2, n_seeded)
    high = max(low, min(10, n_passages // 10))
    return list(range(low, high + 1))


def find_themes(
    documents: Iterable[CleanDocument],
    *,
    lexicon: Lexicon | Mapping[str, Any] | str | Path | None = None,
    method: str = "lda",
    k: int | str | None = "auto",
    unit: str = "paragraph",
    random_state: int | None = 0,
    threshold: float | None = None,
    min_df: int | float = 2,
    ks: Sequence[int] | None = None,
    tokenizer: Tokenizer | None = None,
    model_params: Mapping[str, Any] | None = None,
) -> ThemeResult:
    """Find the themes of clean documents and place every article and sentence in them.

    Parameters
    ----------
    documents : iterable of CleanDocument
    lexicon : Lexicon, mapping, or path to a TOML file, optional
        Named themes with seed words. With ``method="lda"`` or ``"lda-gibbs"`` the seed words
        guide the model (topic-word priors), with ``"kmeans"`` they place the
        starting centroids; with the other methods the fitted topics are
        named after the lexicon themes they match (:func:`name_topics`).
        Topics that match no theme are discovered themes.
    method : {"lda", "lda-sklearn", "lda-gibbs", "nmf", "kmeans", "agglomerative"}, default="lda"
    k : int or "auto", default="auto"
        Number of themes (topics); ``"auto"`` (or None) sweeps ``ks`` and keeps
        the best by NPMI x TD@10. With a lexicon, at least its theme count.
    unit : {"paragraph", "sentence"}, default="paragraph"
        The passage a model is fitted on; sentences are always assigned one
        by one. Paragraphs by default: on the seeds, guided LDA fitted on
        paragraphs agrees more with a careful reading than fitted on
        sentences (``experiments/themes_seeds.py``: sentence accuracy 0.716
        vs 0.696 and article main theme 0.97 vs 0.87, mean over k = 3..6 and
        three seeds; 0.750 vs 0.682 with ``k="auto"``).
    random_state : int, optional, default=0
    threshold : float, optional
        A sentence gets its heaviest theme if that theme's weight is at least
        this; else ``None``. Default ``max(0.5, 1.5 / k)``.
    min_df : int or float, default=2
        Words in fewer passages (a count, or a share of the passages) are
        left out of the vocabulary; seed words are always kept.
    ks : sequence of int, optional
        The k values of the ``auto`` sweep (default: from the number of
        lexicon themes, or 2, up to ``min(10, passages // 10)``).
    tokenizer : Tokenizer, optional
        Default: ``Tokenizer()`` with the lexicon's aliases.
    model_params : mapping, optional
        Extra parameters for the model class (e.g. ``{"passes": 20}``).

    Returns
    -------
    ThemeResult

    Raises
    ------
    EmptyCorpusError
        No document has a sentence.
    ParameterError
        Unknown method or unit, ``k`` larger than the passages, bad threshold.
    ConfigError
        An invalid lexicon, or a theme none of whose seed words occurs.
    """
    from .topics import make_model, sweep_k
    from .topics.select import METHODS
    from .vectorize import BowVectorizer, make_passages

    if method not in METHODS:
        raise ParameterError(f"method: {method!r} is not one of {', '.join(METHODS)}")
    if unit not in ("sentence", "paragraph"):
        raise ParameterError(f"unit: {unit!r} is not 'sentence' or 'paragraph'")
    if threshold is not None and (not isinstance(threshold, numbers.Real) or not 0 <= threshold <= 1):
        raise ParameterError(f"threshold: must be a number in [0, 1], got {threshold!r}")
    if isinstance(lexicon, (str, Path)):
        lexicon = load_lexicon(lexicon)
    elif lexicon is not None and not isinstance(lexicon, Lexicon):
        lexicon = Lexicon.from_mapping(lexicon)
    docs = list(documents)
    passages = make_passages(docs, unit=unit)
    if not passages:
        raise EmptyCorpusError("no document has a sentence to find themes in")
    tok = tokenizer if tokenizer is not None else (lexicon.tokenizer() if lexicon else Tokenizer())
    seeds = _seed_tokens(lexicon, tok) if lexicon else None
    n_seeded = len(seeds) if seeds else 0

    texts = [tok(p.text) for p in passages]
    df: dict[str, int] = {}
    for t in texts:
        for w in set(t):
            df[w] = df.get(w, 0) + 1
    if seeds:
        seeds = _check_seeds_in_corpus(seeds, set(df), lexicon.source)  # type: ignore[union-attr]
    # the vocabulary: words in at least min_df passages, and every seed word however rare
    least = min_df if isinstance(min_df, numbers.Integral) else math.ceil(float(min_df) * len(passages))
    keep = {w for w, n in df.items() if n >= least} | {w for ws in (seeds or {}).values() for w in ws}
    model_tok = RestrictedTokenizer(tok, keep)
    vec = BowVectorizer(tokenizer=model_tok)
    texts = [[w for w in t if w in keep] for t in texts]
    n_words = [len(t) for t in texts]
    if sum(n_words) == 0:
        raise EmptyCorpusError("the documents have no content words to find themes in")

    def build(n: int) -> Any:
        return make_model(
            method,
            n_topics=n,
            random_state=random_state,
            vectorizer=vec,
            seed_words=seeds if method in GUIDED_METHODS else None,
            **dict(model_params or {}),
        )

    sweep = None
    if k is None or k == "auto":
        grid = sorted(set(ks)) if ks else _default_ks(len(passages), n_seeded)
        grid = [g for g in grid if n_seeded <= g <= len(passages)]
        if not grid and not ks:
            raise InputError(
                f"too little text to find themes: {len(passages)} {unit}(s), at least "
                f"{max(2, n_seeded)} needed (k = auto tries 2 themes or more)"
            )
        if not grid:
            raise ParameterError(f"ks: no k between {max(n_seeded, 1)} and the {len(passages)} passages")
        sweep, model = sweep_k(build, passages, grid, texts=texts)
        k_used = sweep.best_k
    else:
        if isinstance(k, bool) or not isinstance(k, numbers.Integral) or k < 1:
            raise ParameterError(f"k: must be a positive integer or 'auto', got {k!r}")
        if k > len(passages):
            raise ParameterError(f"k: {k} themes is more than the {len(passages)} {unit}s of the corpus")
        if k < n_seeded:
            raise ParameterError(f"k: {k} is fewer than the {n_seeded} lexicon themes")
        k_used = int(k)
        model = build(k_used).fit(passages)

    thr = float(threshold) if threshold is not None else max(0.5, 1.5 / k_used)
    return _assemble(model, docs, passages, n_words, seeds, method, k_used, unit, random_state, thr, sweep)


class RestrictedTokenizer:
    """A tokenizer that keeps only the words of a fixed vocabulary (picklable).

    Parameters
    ----------
    tokenizer : callable str -> list of str
    vocabulary : iterable of str
    """

    def __init__(self, tokenizer: Any, vocabulary: Iterable[str]) -> None:
        self.tokenizer = tokenizer
        self.vocabulary = frozenset(vocabulary)

    def __call__(self, text: str) -> list[str]:
        return [w for w in self.tokenizer(text) if w in self.vocabulary]

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, RestrictedTokenizer)
            and self.tokenizer == other.tokenizer
            and self.vocabulary == other.vocabulary
        )

    def __hash__(self) -> int:
        return hash((type(self), len(self.vocabulary)))


def _check_seeds_in_corpus(seeds: dict[str, list[str]], vocab: set[str], source: str) -> dict[str, list[str]]:
    out = {}
    for theme, words in seeds.items():
        missing = [w for w in words if w not in vocab]
        kept = [w for w in words if w in vocab]
        if not kept:
            raise ConfigError(
                f"{source}: theme {theme!r}: none of its seed words ({', '.join(words)}) occurs in the corpus"
            )
        if missing:
            logger.warning(
                "%s: theme %r: seed word(s) absent from the corpus, ignored: %s", source, theme, ", ".join(missing)
            )
        out[theme] = kept
    return out


def _assemble(
    model: Any,
    docs: list[CleanDocument],
    passages: list[Any],
    n_words: list[int],
    seeds: dict[str, list[str]] | None,
    method: str,
    k: int,
    unit: str,
    random_state: int | None,
    threshold: float,
    sweep: Any,
) -> ThemeResult:
    k = model.components_.shape[0]
    # names: guided LDA names its seeded topics; other models are matched to the lexicon
    if seeds and getattr(model, "seed_words_", None):
        seeded_names = {i: name for i, name in enumerate(model.seed_words_)}
        used_seeds = dict(model.seed_words_)
    elif seeds:
        seeded_names = name_topics(model.components_, model.feature_names_, seeds)
        used_seeds = seeds
    else:
        seeded_names, used_seeds = {}, {}
    tops = model.top_terms(10)
    names: list[str] = []
    for i in range(k):
        name = seeded_names.get(i) or " / ".join(tops[i][:3]) or f"topic {i}"
        while name in names:
            name += f" ({i})"
        names.append(name)

    P = model.doc_topic_
    # document weights: word-weighted mean of their passages' weights
    doc_index = {d.id: j for j, d in enumerate(docs)}
    D = np.zeros((len(docs), k))
    doc_words = np.zeros(len(docs))
    for p, w, row in zip(passages, n_words, P):
        j = doc_index[p.document]
        D[j] += w * row
        doc_words[j] += w * (row.sum() > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        D = np.where(doc_words[:, None] > 0, D / np.where(doc_words > 0, doc_words, 1.0)[:, None], 0.0)
    total = doc_words.sum()
    theme_weight = (D * doc_words[:, None]).sum(axis=0) / total if total else np.zeros(k)

    # sentence weights: the passage weights when passages are sentences, else one by one
    sent_weights: dict[tuple[str, int], np.ndarray] = {}
    if unit == "sentence":
        for p, row in zip(passages, P):
            sent_weights[(p.document, p.sentences[0].index)] = row
    todo: list[Sentence] = [s for d in docs for s in d.sentences if (s.document, s.index) not in sent_weights]
    if todo:
        for s, row in zip(todo, model.transform(todo)):
            sent_weights[(s.document, s.index)] = row

    comp = np.asarray(model.components_, dtype=float)
    comp = comp / np.where(comp.sum(axis=1, keepdims=True) > 0, comp.sum(axis=1, keepdims=True), 1.0)
    index = {str(t): j for j, t in enumerate(model.feature_names_)}
    themes = []
    for i in range(k):
        terms = tuple((t, float(comp[i, index[t]])) for t in tops[i])
        doc_list = sorted(
            ((d.id, float(D[j, i])) for j, d in enumerate(docs) if D[j, i] >= 0.05), key=lambda x: (-x[1], x[0])
        )
        themes.append(
            Theme(
                name=names[i],
                seeded=i in seeded_names,
                seed_words=tuple(used_seeds.get(seeded_names.get(i, ""), ())),
                terms=terms,
                weight=float(theme_weight[i]),
                documents=tuple(doc_list),
                topic=i,
            )
        )
    order = sorted(range(k), key=lambda i: (not themes[i].seeded, -themes[i].weight, i))
    themes = [themes[i] for i in order]

    out_docs = []
    for j, d in enumerate(docs):
        sents = []
        for s in d.sentences:
            row = sent_weights[(s.document, s.index)]
            best = int(np.argmax(row)) if row.size else 0
            w = float(row[best]) if row.size else 0.0
            theme = names[best] if row.sum() > 0 and w >= threshold else None
            sents.append(
                SentenceTheme(index=s.index, start=s.start, end=s.end, theme=theme, weight=w, heading=s.heading)
            )
        out_docs.append(
            DocumentThemes(
                id=d.id,
                title=d.title,
                weights={names[i]: float(D[j, i]) for i in order},
                sentences=tuple(sents),
            )
        )
    if any(math.isnan(t.weight) for t in themes):  # pragma: no cover - defensive
        raise ParameterError("internal: NaN theme weight")
    return ThemeResult(
        themes=themes,
        documents=out_docs,
        method=method,
        k=k,
        unit=unit,
        random_state=random_state,
        threshold=threshold,
        k_sweep=sweep,
        model=model,
    )
