"""Fit once, reuse: a fitted theme finder saved to a folder, loaded later, placing new documents.

::

    result = find_themes(docs, lexicon=lexicon)           # fit
    result.theme_model().save("model/")                  # or: nlptools themes PATH --save-model model/
    model = ThemeModel.load("model/")
    placed = model.transform(new_docs)                   # a ThemeResult: same JSON as find_themes'

:meth:`ThemeModel.transform` gives a training document the answer
:func:`~nlptools.themes.find_themes` gave it (article weights to 1e-9, the
same sentence themes); a new document is placed by the same arithmetic. The
themes keep their fitted names, descriptions and terms; their ``weight`` and
``documents`` are the new documents'. Saving is supported for the
``semantic`` and ``ensemble`` methods (the two defaults); others raise a
:class:`~nlptools.errors.ConfigError`. A result with ``stability`` keeps no
stability in the saved model (it is a property of the fit, not of a placement).

What ``transform`` does
-----------------------
``semantic``: every sentence's semantic evidence is its cosine to the
theme prototypes, centred and scaled with the *training* corpus's
statistics (per-theme mean, overall standard deviation), plus
``log(1 + seed-token hits)``; softmax; "none of these" as in the fit (no
seed token and no theme at ``none_z``); the threshold if one was given.
Sentences no named theme fits are placed in the kept discovered themes by
the stored discovery model (nearest centroid). Article weights: for a model
fitted on fewer than 500 articles, the mean of the article's sentences'
probabilities (as in the fit). For a model fitted on 500 articles or more,
the stored logistic regression of the last bootstrap round on
``[TF-IDF, embedding]`` (the prior when the bootstrap stopped before a
round), then **smoothing against the training articles**: half the
article's own probabilities, half the mean of its 10 most similar training
articles' probabilities before smoothing (cosine of the embeddings). A
training article (recognised by the SHA-256 of its title and body) leaves
itself out of its neighbours, exactly as in the fit, so it gets the fit's
answer; a new article's neighbours are all training articles.

``ensemble``: the documents are cut into the fit's passages (``unit``),
each passage's weights are the softmax of its cosine similarities to the
stored centroids in the ``[LSA, embedding]`` space (the stored vocabulary,
IDF and SVD components), an article's weights the word-weighted mean of its
passages', and every sentence is transformed alone, as in the fit.

The folder (format ``nlptools-theme-model``, version 2)
-------------------------------------------------------
Only JSON and numpy ``.npy`` files (``np.save(..., allow_pickle=False)``,
read with ``allow_pickle=False``): loading a model never runs code.

``model.json``
    ``format``, ``format_version``, ``nlptools_version``, ``method``;
    ``fit`` (``unit``, ``k``, ``random_state``, ``threshold``, ``n_documents``);
    ``embedder`` (``class``, ``model``, ``dim``, ``max_chars``: the
    embedder is not saved, it ships in the package; a model is refused with
    another embedder, or when the packaged vectors changed: ``embedder_probe.npy``);
    ``tokenizer`` (the :class:`~nlptools.tokens.Tokenizer` settings,
    ``aliases`` included: the lexicon's and the corpus's multi-word names);
    ``lexicon`` (``null``, or ``sha256`` and ``content``: ``themes``,
    ``descriptions``, ``aliases`` in file order; the hash is the SHA-256 of
    ``content`` as compact JSON, keys in that order, UTF-8);
    ``themes`` (in column order: ``name``, ``topic``, ``seeded``,
    ``seed_words``, ``description``, ``why``, ``terms`` [[term, weight]]);
    ``semantic`` or ``ensemble`` (the method's settings, below);
    ``arrays``: every array file's ``sha256``, ``shape`` and ``dtype``,
    checked at load (a missing, extra-edited or swapped file is refused).

``semantic``: ``none_z``, ``threshold``, ``sentence_std``, ``lexical_tokens``
(per named theme), ``article`` (``{"mode": "sentences"}``, or ``{"mode":
"classifier", "scoring": "logistic" | "prior", "n_neighbors", "std",
"tfidf": {...}, "logistic": {...}}``), ``discovery`` (``null`` or
``{"clusters": [[cluster, column], ...], "model": <ensemble settings>}``);
arrays ``prototypes`` (float32, themes x dim), ``sentence_mean``, and with
the classifier ``article_mean``, ``article_vectors`` (the training
articles' embeddings), ``article_proba`` (their probabilities before
smoothing), ``article_sha256``, ``tfidf_vocabulary``, ``tfidf_idf``,
``logistic_coef``, ``logistic_intercept``, ``logistic_classes``; the
discovery model's arrays prefixed ``discovery_``.

``ensemble``: ``n_topics``, ``temperature``, ``lexical`` (``null`` when the
passages held only stop words, or the lexical view's ``token_pattern``,
``lowercase``, ``stop_words``, ``sublinear_tf``, ``norm``), ``has_svd``;
arrays ``vocabulary`` (the naming terms in column order), ``restrict`` (the
words the tokenizer keeps), ``lexical_vocabulary`` (the lexical view's terms
in column order) and its ``idf``, ``svd_components``, ``centroids``,
``components`` (class-based TF-IDF over ``vocabulary``, for the terms).

A model is refused with a one-line :class:`~nlptools.errors.ConfigError`
when the folder or ``model.json`` is missing or unreadable, the format or
its version is another, the method is unknown, an array file is missing or
its SHA-256 differs, the lexicon's content does not match its hash (or a
lexicon passed to :meth:`ThemeModel.load` is another), or the embedder is
another.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import math
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..document import CleanDocument, Passage, Sentence
from ..embed import Embedder, as_embedder
from ..errors import ConfigError, NlptoolsError, OutputError
from ..tokens import Tokenizer
from .lexicon import Lexicon, as_lexicon
from .result import DocumentThemes, SentenceTheme, Theme, ThemeResult

logger = logging.getLogger(__name__)

__all__ = ["ThemeModel", "FORMAT", "FORMAT_VERSION", "SAVABLE_METHODS", "lexicon_content", "lexicon_sha256"]

#: The ``format`` field of ``model.json``.
FORMAT = "nlptools-theme-model"
#: The folder format version this nlptools writes and reads.
FORMAT_VERSION = 2
#: The methods whose fit can be saved.
SAVABLE_METHODS = ("semantic", "ensemble")
MODEL_FILE = "model.json"
#: A fixed text whose embedding is stored: the embedder at load must give the same vector.
PROBE = "Theme model probe: ministers met on trade, troops and markets."
_ARRAY_NAME = re.compile(r"^[a-z][a-z0-9_]{0,80}\.npy$")
_TOKENIZER_FIELDS = ("lowercase", "stop_words", "lemmatize", "numbers", "min_length", "split_hyphens")


# --------------------------------------------------------------------------- identities


def lexicon_content(lexicon: Lexicon) -> dict[str, Any]:
    """A lexicon's content as plain data (themes, descriptions, aliases; file order)."""
    return {
        "themes": {k: list(v) for k, v in lexicon.themes.items()},
        "descriptions": dict(lexicon.descriptions),
        "aliases": {k: list(v) for k, v in lexicon.aliases.items()},
    }


def lexicon_sha256(content: Any) -> str:
    """SHA-256 of a lexicon's content as compact JSON (keys in their order, UTF-8)."""
    text = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _embedder_identity(embedder: Embedder) -> dict[str, Any]:
    cls = type(embedder)
    model = getattr(embedder, "model", None)
    max_chars = getattr(embedder, "max_chars", None)
    return {
        "class": f"{cls.__module__}.{cls.__qualname__}",
        "model": model if isinstance(model, str) else None,
        "dim": int(embedder.dim),
        "max_chars": max_chars if isinstance(max_chars, int) else None,
    }


def _tokenizer_settings(tok: Any) -> dict[str, Any]:
    if type(tok) is not Tokenizer:
        raise ConfigError(
            f"saving a theme model needs nlptools.tokens.Tokenizer as the tokenizer, got {type(tok).__name__}"
        )
    out: dict[str, Any] = {k: getattr(tok, k) for k in _TOKENIZER_FIELDS}
    if out["stop_words"] is not None and not isinstance(out["stop_words"], str):
        out["stop_words"] = sorted(out["stop_words"])
    out["aliases"] = {str(k): list(v) for k, v in (tok.aliases or {}).items()}
    return out


def _tokenizer_from(settings: Mapping[str, Any]) -> Tokenizer:
    params = {k: settings[k] for k in _TOKENIZER_FIELDS}
    return Tokenizer(**params, aliases=dict(settings["aliases"]) or None)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _strings(values: Iterable[str]) -> np.ndarray:
    return np.asarray([str(v) for v in values], dtype=str)


# --------------------------------------------------------------------------- the ensemble's fitted state


def _ensemble_state(model: Any, prefix: str, arrays: dict[str, np.ndarray]) -> dict[str, Any]:
    """The fitted state of an :class:`~nlptools.topics.ensemble.EnsembleTopics` (settings; arrays added)."""
    from .vocabulary import RestrictedTokenizer

    restricted = model.vectorizer_.tokenizer
    if not isinstance(restricted, RestrictedTokenizer):
        raise ConfigError("saving an ensemble model needs its vocabulary tokenizer (a RestrictedTokenizer)")
    from ..topics.ensemble import TOKEN_PATTERN

    arrays[f"{prefix}vocabulary"] = _strings(model.feature_names_)
    arrays[f"{prefix}restrict"] = _strings(sorted(restricted.vocabulary))
    arrays[f"{prefix}centroids"] = np.asarray(model.centroids_, dtype=np.float64)
    arrays[f"{prefix}components"] = np.asarray(model.components_, dtype=np.float64)
    lexical = None
    if model.lexical_ is not None:
        terms = sorted(model.lexical_.vocabulary, key=model.lexical_.vocabulary.__getitem__)
        arrays[f"{prefix}lexical_vocabulary"] = _strings(terms)
        arrays[f"{prefix}idf"] = np.asarray(model.tfidf_.idf_, dtype=np.float64)
        lexical = {
            "token_pattern": TOKEN_PATTERN,
            "lowercase": True,
            "stop_words": "english",
            "sublinear_tf": bool(model.tfidf_.sublinear_tf),
            "norm": model.tfidf_.norm,
        }
    if model.svd_ is not None:
        arrays[f"{prefix}svd_components"] = np.asarray(model.svd_.components_, dtype=np.float64)
    return {
        "n_topics": int(model.n_topics),
        "temperature": float(model.temperature),
        "lexical": lexical,
        "has_svd": model.svd_ is not None,
    }


def _ensemble_model(
    state: Mapping[str, Any], arrays: Mapping[str, np.ndarray], prefix: str, tok: Tokenizer, embedder: Embedder
) -> Any:
    """A fitted :class:`~nlptools.topics.ensemble.EnsembleTopics` from its saved state (transform works)."""
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import CountVectorizer

    from ..topics.ensemble import TOKEN_PATTERN, EnsembleTopics, lexical_counter
    from ..topics.nmf import tfidf_weights
    from ..vectorize import BowVectorizer
    from .vocabulary import RestrictedTokenizer

    terms = [str(t) for t in arrays[f"{prefix}vocabulary"]]
    restricted = RestrictedTokenizer(tok, [str(t) for t in arrays[f"{prefix}restrict"]])
    vec = BowVectorizer(tokenizer=restricted)
    vec.counter_ = CountVectorizer(analyzer=restricted, vocabulary={t: i for i, t in enumerate(terms)}, dtype=np.int64)
    vec.vocabulary_ = {t: i for i, t in enumerate(terms)}
    vec.feature_names_ = np.asarray(terms, dtype=object)
    m = EnsembleTopics(
        n_topics=int(state["n_topics"]), temperature=float(state["temperature"]), vectorizer=vec, embedder=embedder
    )
    m.vectorizer_ = vec
    m.feature_names_ = np.asarray(terms, dtype=object)
    m.n_features_in_ = len(terms)
    lexical = state["lexical"]
    n_lexical = 0
    if lexical is None:
        m.lexical_ = m.tfidf_ = None
    else:
        if (lexical["token_pattern"], lexical["lowercase"], lexical["stop_words"]) != (TOKEN_PATTERN, True, "english"):
            raise ValueError("lexical: tokens other than this nlptools makes")
        words = [str(t) for t in arrays[f"{prefix}lexical_vocabulary"]]
        idf = np.asarray(arrays[f"{prefix}idf"], dtype=np.float64)
        if idf.shape != (len(words),) or len(set(words)) != len(words):
            raise ValueError("the lexical vocabulary and its idf do not fit together")
        m.lexical_ = lexical_counter(words)
        m.tfidf_ = tfidf_weights(sublinear_tf=bool(lexical["sublinear_tf"]), norm=lexical["norm"])
        m.tfidf_.idf_ = idf
        m.tfidf_.n_features_in_ = idf.size
        n_lexical = len(words)
    if state["has_svd"]:
        if m.lexical_ is None:
            raise ValueError("svd_components without a lexical view")
        comp = np.asarray(arrays[f"{prefix}svd_components"], dtype=np.float64)
        m.svd_ = TruncatedSVD(n_components=comp.shape[0])
        m.svd_.components_ = comp
        m.svd_.n_features_in_ = comp.shape[1]
    else:
        m.svd_ = None
    m.centroids_ = np.asarray(arrays[f"{prefix}centroids"], dtype=np.float64)
    m.components_ = np.asarray(arrays[f"{prefix}components"], dtype=np.float64)
    if m.svd_ is not None and m.svd_.components_.shape[1] != n_lexical:
        raise ValueError("svd_components: not one column a lexical term")
    if m.centroids_.shape[0] != m.n_topics or m.components_.shape != (m.n_topics, len(terms)):
        raise ValueError("the ensemble arrays do not fit together")
    return m


# --------------------------------------------------------------------------- the model


class ThemeModel:
    """A fitted theme finder: save it, load it, place new clean documents in its themes.

    Build one with :meth:`from_result` (or ``ThemeResult.theme_model()``) or
    :meth:`load`; the constructor takes the saved form (``meta``: the
    ``model.json`` fields, ``arrays``: name -> array) and is not meant to be
    called directly.

    Attributes
    ----------
    method : str
        ``"semantic"`` or ``"ensemble"``.
    meta : dict
        The ``model.json`` content (without ``arrays``).
    arrays : dict of str to ndarray
    """

    def __init__(self, meta: Mapping[str, Any], arrays: Mapping[str, np.ndarray], *, embedder: Embedder | None = None):
        self.meta = dict(meta)
        self.arrays = dict(arrays)
        self.method = str(self.meta["method"])
        self.embedder = as_embedder(embedder)
        self._prepare()

    # -- building ---------------------------------------------------------------------
    @classmethod
    def from_result(cls, result: ThemeResult) -> ThemeModel:
        """The theme model of a :func:`~nlptools.themes.find_themes` result.

        Raises
        ------
        ConfigError
            Another method than ``semantic`` or ``ensemble``, or a result without its fit.
        """
        from .. import __version__

        if result.method not in SAVABLE_METHODS:
            raise ConfigError(
                f"saving is supported for the semantic and ensemble methods, not {result.method!r} "
                "(use --method semantic or ensemble)"
            )
        fit = result.fitted
        if fit is None or result.model is None:
            raise ConfigError("this theme result carries no fitted model (it was not made by find_themes)")
        embedder = as_embedder(result.model.embedder)
        arrays: dict[str, np.ndarray] = {"embedder_probe": np.asarray(embedder.encode([PROBE]), dtype=np.float32)}
        lexicon = fit.lexicon
        by_topic = sorted(result.themes, key=lambda t: t.topic)
        meta: dict[str, Any] = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "nlptools_version": __version__,
            "method": result.method,
            "fit": {
                "unit": result.unit,
                "k": int(result.k),
                "random_state": result.random_state,
                "threshold": float(result.threshold),
                "n_documents": len(result.documents),
            },
            "embedder": _embedder_identity(embedder),
            "tokenizer": _tokenizer_settings(fit.tokenizer),
            "lexicon": None,
            "themes": [
                {
                    "name": t.name,
                    "topic": int(t.topic),
                    "seeded": bool(t.seeded),
                    "seed_words": list(t.seed_words),
                    "description": t.description,
                    "why": t.why,
                    "terms": [[w, float(x)] for w, x in t.terms],
                }
                for t in by_topic
            ],
        }
        if [t.topic for t in by_topic] != list(range(len(by_topic))):
            raise ConfigError("this theme result's topics are not numbered 0..k-1; it cannot be saved")
        if lexicon is not None:
            content = lexicon_content(lexicon)
            meta["lexicon"] = {"sha256": lexicon_sha256(content), "content": content}
        if result.method == "semantic":
            meta["semantic"] = _semantic_state(fit, arrays)
        else:
            meta["ensemble"] = _ensemble_state(result.model, "", arrays)
        return cls(meta, arrays, embedder=embedder)

    def _prepare(self) -> None:
        """The working objects (tokenizer, models) from ``meta`` and ``arrays``."""
        self.tokenizer = _tokenizer_from(self.meta["tokenizer"])
        self.themes = list(self.meta["themes"])
        self.names = [str(t["name"]) for t in self.themes]
        if self.method == "ensemble":
            self._ensemble = _ensemble_model(self.meta["ensemble"], self.arrays, "", self.tokenizer, self.embedder)
            if self._ensemble.n_topics != len(self.names):
                raise ValueError("themes: not one a topic")
        else:
            sem = self.meta["semantic"]
            self._discovery = None
            if sem["discovery"] is not None:
                self._discovery = _ensemble_model(
                    sem["discovery"]["model"], self.arrays, "discovery_", self.tokenizer, self.embedder
                )
            self._article_vectorizer, self._logistic = _article_classifier(sem["article"], self.arrays)
            n_named = len(sem["lexical_tokens"])
            if self.arrays["prototypes"].shape[0] != n_named or self.arrays["sentence_mean"].shape != (n_named,):
                raise ValueError("prototypes: not one a named theme")

    # -- saving and loading --------------------------------------------------------------
    def save(self, path: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
        """Write the model folder (see the module docstring); returns its path.

        Parameters
        ----------
        path : str or path
            A new or empty folder; with ``overwrite``, also a folder holding a theme model.
        overwrite : bool, default=False

        Raises
        ------
        OutputError
            ``path`` is a file, a folder that is not empty (without ``overwrite``), a folder with other
            files than a theme model (even with ``overwrite``), or cannot be written.
        """
        from ..outputs import atomic_write_files, check_writable, dumps_json, ensure_dir

        p = Path(path)
        stale = check_model_folder(p, overwrite=overwrite)
        check_writable(p, what="--save-model")
        files: dict[str | os.PathLike[str], str | bytes] = {}
        table: dict[str, Any] = {}
        for name in sorted(self.arrays):
            arr = np.ascontiguousarray(self.arrays[name])
            buf = io.BytesIO()
            np.save(buf, arr, allow_pickle=False)
            data = buf.getvalue()
            fname = f"{name}.npy"
            files[p / fname] = data
            table[fname] = {"sha256": _sha256(data), "shape": list(arr.shape), "dtype": arr.dtype.str}
        meta = dict(self.meta)
        meta["arrays"] = table
        files[p / MODEL_FILE] = dumps_json(meta, sort_keys=False, indent=1)
        ensure_dir(p)
        atomic_write_files(files, remove=[f for f in stale if f not in files])
        logger.info("theme model saved to %s (%d files)", p, len(files))
        return p

    @classmethod
    def load(
        cls,
        path: str | os.PathLike[str],
        *,
        embedder: Embedder | None = None,
        lexicon: Lexicon | Mapping[str, Any] | str | Path | None = None,
    ) -> ThemeModel:
        """Read a model folder, checking every file (see the module docstring).

        Parameters
        ----------
        path : str or path
        embedder : Embedder, optional
            Must be the embedder the model was saved with (default: the packaged one).
        lexicon : Lexicon, mapping or TOML path, optional
            When given, must be the lexicon the model was fitted with.

        Raises
        ------
        ConfigError
            Anything wrong with the folder, one line naming it.
        """
        p = Path(path)
        meta = _read_meta(p)
        arrays = _read_arrays(p, meta)
        lex = meta.get("lexicon")
        if lex is not None:
            if not isinstance(lex, dict) or lexicon_sha256(lex.get("content")) != lex.get("sha256"):
                raise ConfigError(f"{p / MODEL_FILE}: the lexicon does not match its SHA-256 (model.json was edited)")
        if lexicon is not None:
            given = as_lexicon(lexicon)
            assert given is not None
            if lex is None:
                raise ConfigError(f"{p}: the model was fitted without a lexicon; give none (--themes none)")
            if lexicon_sha256(lexicon_content(given)) != lex["sha256"]:
                raise ConfigError(f"{p}: the model was fitted with another lexicon than {given.source}")
        emb = as_embedder(embedder)
        want = meta.get("embedder")
        have = _embedder_identity(emb)
        if want != have:
            raise ConfigError(
                f"{p}: the model was saved with the embedder {_describe(want)}, this one is {_describe(have)}"
            )
        probe = np.asarray(emb.encode([PROBE]), dtype=np.float32)
        saved = arrays.get("embedder_probe")
        if saved is None or saved.shape != probe.shape or not np.allclose(saved, probe, rtol=0, atol=1e-5):
            raise ConfigError(f"{p}: the embedder gives other vectors than when the model was saved")
        try:
            return cls(meta, arrays, embedder=emb)
        except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
            what = f"missing field {exc}" if isinstance(exc, KeyError) else " ".join(str(exc).split())[:200]
            raise ConfigError(f"{p / MODEL_FILE}: malformed theme model ({what})") from None

    # -- placing documents ------------------------------------------------------------
    def transform(self, documents: Iterable[CleanDocument]) -> ThemeResult:
        """Place clean documents in the model's themes.

        Parameters
        ----------
        documents : iterable of CleanDocument

        Returns
        -------
        ThemeResult
            As :func:`~nlptools.themes.find_themes` gives: the model's themes (names, descriptions, terms)
            with the new documents' weights, each document's weights and sentences' themes.
        """
        docs = list(documents)
        if self.method == "ensemble":
            D, theme_weight, sentences = self._ensemble_place(docs)
        else:
            D, theme_weight, sentences = self._semantic_place(docs)
        return self._result(docs, D, theme_weight, sentences)

    def _ensemble_place(
        self, docs: list[CleanDocument]
    ) -> tuple[np.ndarray, np.ndarray, dict[tuple[str, int], SentenceTheme]]:
        from ..topics.base import normalize_rows
        from ..vectorize import make_passages
        from .assign import _sentence_theme, document_weights, sentence_weights

        m = self._ensemble
        unit = str(self.meta["fit"]["unit"])
        threshold = float(self.meta["fit"]["threshold"])
        passages = make_passages(docs, unit=unit)
        restricted = m.vectorizer_.tokenizer
        n_words = [len(restricted(p.text)) for p in passages]
        k = len(self.names)
        m.doc_topic_ = normalize_rows(m.transform(passages)) if passages else np.zeros((0, k))
        D, theme_weight = document_weights(docs, passages, n_words, m.doc_topic_)
        rows = sentence_weights(m, docs, passages, unit) if any(d.sentences for d in docs) else {}
        out = {
            (s.document, s.index): _sentence_theme(s, rows[(s.document, s.index)], self.names, threshold)
            for d in docs
            for s in d.sentences
        }
        return D, theme_weight, out

    def _semantic_place(
        self, docs: list[CleanDocument]
    ) -> tuple[np.ndarray, np.ndarray, dict[tuple[str, int], SentenceTheme]]:
        from .named import _softmax
        from .semantic import _with_discovered, mean_by_document

        sem = self.meta["semantic"]
        n_named = len(sem["lexical_tokens"])
        n_all = len(self.names)
        sents: list[Sentence] = [s for d in docs for s in d.sentences]
        toks = [self.tokenizer(s.text) for s in sents]
        S, L = self._evidence([s.text for s in sents], toks, self.arrays["sentence_mean"], sem["sentence_std"])
        proba = _softmax(S + L)
        none = (L.max(axis=1) <= 0) & (S.max(axis=1) < float(sem["none_z"]))
        best = proba.argmax(axis=1)
        weight = proba.max(axis=1)
        label = np.where(none, -1, best)
        if sem["threshold"] is not None:
            label = np.where(weight >= float(sem["threshold"]), label, -1)
        if sem["article"]["mode"] == "sentences":
            D = mean_by_document(docs, sents, proba)
        else:
            D = self._article_weights(docs)
        if self._discovery is not None and sents:
            label = self._discover(sents, label)
        D = _with_discovered(docs, sents, D, label, n_named, n_all)
        index = {d.id: j for j, d in enumerate(docs)}
        words = np.zeros(len(docs))
        for s, tk in zip(sents, toks, strict=True):
            words[index[s.document]] += len(tk)
        total = words.sum() or 1.0
        theme_weight = (D * words[:, None]).sum(axis=0) / total
        out = {
            (s.document, s.index): SentenceTheme(
                index=s.index,
                start=s.start,
                end=s.end,
                theme=self.names[lab] if lab >= 0 else None,
                weight=float(w),
                heading=s.heading,
            )
            for s, lab, w in zip(sents, label, weight, strict=True)
        }
        return D, theme_weight, out

    def _evidence(
        self, texts: list[str], toks: Sequence[Sequence[str]], mean: np.ndarray, std: float
    ) -> tuple[np.ndarray, np.ndarray]:
        """Semantic evidence (centred and scaled with the training statistics) and lexical evidence."""
        k = self.arrays["prototypes"].shape[0]
        if not texts:
            return np.zeros((0, k)), np.zeros((0, k))
        E = self.embedder.encode(texts)
        S = np.asarray(E @ self.arrays["prototypes"].T, dtype=np.float64)
        S = (S - mean) / (float(std) + 1e-9)
        seedsets = [set(t) for t in self.meta["semantic"]["lexical_tokens"]]
        L = np.zeros((len(texts), k), dtype=np.float64)
        for i, tk in enumerate(toks):
            for j, seeds in enumerate(seedsets):
                L[i, j] = sum(1 for t in tk if t in seeds)
        return S, np.log1p(L)

    def _article_weights(self, docs: list[CleanDocument]) -> np.ndarray:
        """Articles' named-theme weights from the stored classifier, smoothed against the training articles."""
        import scipy.sparse as sp

        from .named import _softmax, smooth
        from .semantic import _document_text

        art = self.meta["semantic"]["article"]
        texts = [_document_text(d) for d in docs]
        k = self.arrays["prototypes"].shape[0]
        if not texts:
            return np.zeros((0, k))
        E = self.embedder.encode(texts)
        if art["scoring"] == "logistic":
            T = (
                self._article_vectorizer.transform(texts)
                if self._article_vectorizer is not None
                else sp.csr_matrix((len(texts), 0))
            )
            X = sp.hstack([T, sp.csr_matrix(E)]).tocsr()
            score = np.full((len(texts), k), -30.0)
            score[:, self._logistic.classes_] = self._logistic.predict_log_proba(X)
        else:
            S, L = self._evidence(texts, [self.tokenizer(t) for t in texts], self.arrays["article_mean"], art["std"])
            score = S + L
        proba = _softmax(score)
        n_neighbors = int(art["n_neighbors"])
        train_E = self.arrays["article_vectors"]
        train_p = self.arrays["article_proba"]
        if n_neighbors <= 0:
            return proba
        # a pool article met again is not its own neighbour (the first text with its hash, as in the fit)
        first: dict[str, int] = {}
        for i, t in enumerate(texts):
            first.setdefault(hashlib.sha256(t.encode("utf-8")).hexdigest(), i)
        own = np.array([first.get(str(h), -1) for h in self.arrays["article_sha256"]], dtype=np.int64)
        return smooth(E, proba, train_E, train_p, own, n_neighbors)

    def _discover(self, sents: list[Sentence], label: np.ndarray) -> np.ndarray:
        """Sentences no named theme fits, placed in the kept discovered themes (as in the fit)."""
        body = np.array([not s.heading for s in sents])
        other = np.flatnonzero((label < 0) & body)
        if not other.size:
            return label
        passages = [Passage(f"{sents[i].document}#s{sents[i].index}", sents[i].document, (sents[i],)) for i in other]
        assert self._discovery is not None
        W = self._discovery.transform(passages)
        assigned = np.where(W.sum(axis=1) > 0, W.argmax(axis=1), -1)
        label = label.copy()
        for cluster, column in self.meta["semantic"]["discovery"]["clusters"]:
            label[other[assigned == int(cluster)]] = int(column)
        return label

    def _result(
        self,
        docs: list[CleanDocument],
        D: np.ndarray,
        theme_weight: np.ndarray,
        sentences: Mapping[tuple[str, int], SentenceTheme],
    ) -> ThemeResult:
        from .assign import MIN_DOCUMENT_WEIGHT

        themes = []
        for i, t in enumerate(self.themes):
            doc_list = sorted(
                ((d.id, float(D[j, i])) for j, d in enumerate(docs) if D[j, i] >= MIN_DOCUMENT_WEIGHT),
                key=lambda x: (-x[1], x[0]),
            )
            w = float(theme_weight[i]) if len(theme_weight) else 0.0
            themes.append(
                Theme(
                    name=self.names[i],
                    seeded=bool(t["seeded"]),
                    seed_words=tuple(t["seed_words"]),
                    terms=tuple((str(a), float(b)) for a, b in t["terms"]),
                    weight=0.0 if math.isnan(w) else w,
                    documents=tuple(doc_list),
                    topic=i,
                    description=t["description"],
                    why=t["why"],
                )
            )
        themes.sort(key=lambda t: (not t.seeded, -t.weight, t.topic))
        order = [t.topic for t in themes]
        out_docs = [
            DocumentThemes(
                id=d.id,
                title=d.title,
                weights={self.names[i]: float(D[j, i]) for i in order},
                sentences=tuple(sentences[(s.document, s.index)] for s in d.sentences),
            )
            for j, d in enumerate(docs)
        ]
        fit = self.meta["fit"]
        return ThemeResult(
            themes=themes,
            documents=out_docs,
            method=self.method,
            k=int(fit["k"]),
            unit=str(fit["unit"]),
            random_state=fit["random_state"],
            threshold=float(fit["threshold"]),
            model=self,
        )


# --------------------------------------------------------------------------- the semantic method's state


def _semantic_state(fit: Any, arrays: dict[str, np.ndarray]) -> dict[str, Any]:
    """The semantic method's settings (``model.json``) and arrays (added to ``arrays``)."""
    mean, std = fit.sentence_centre
    arrays["prototypes"] = np.asarray(fit.prototypes, dtype=np.float32)
    arrays["sentence_mean"] = np.asarray(mean, dtype=np.float64)
    state: dict[str, Any] = {
        "none_z": float(fit.none_z),
        "threshold": None if fit.threshold is None else float(fit.threshold),
        "sentence_std": float(std),
        "lexical_tokens": [list(t) for t in fit.lexical_tokens],
        "article": {"mode": "sentences"},
        "discovery": None,
    }
    clf = fit.article
    if clf is not None:
        state["article"] = _article_state(clf, fit.article_hashes, arrays)
    if fit.discovery is not None and fit.discovered_clusters:
        state["discovery"] = {
            "clusters": [[int(c), int(col)] for c, col in fit.discovered_clusters],
            "model": _ensemble_state(fit.discovery, "discovery_", arrays),
        }
    return state


def _article_state(clf: Any, hashes: Sequence[str], arrays: dict[str, np.ndarray]) -> dict[str, Any]:
    """The article classifier of a corpus of ``min_bootstrap`` articles or more."""
    from .semantic import fitted_article_classifier

    if not hasattr(clf, "presmooth_") and clf.n_neighbors > 0:
        raise NlptoolsError("internal: the article classifier recorded no probabilities")
    mean, std = clf.centre_
    arrays["article_mean"] = np.asarray(mean, dtype=np.float64)
    history = clf.bootstrap_["history"] if hasattr(clf, "bootstrap_") else []
    state: dict[str, Any] = {
        "mode": "classifier",
        "scoring": "logistic" if history else "prior",
        "n_neighbors": int(clf.n_neighbors),
        "std": float(std),
        "tfidf": None,
        "logistic": None,
    }
    if clf.n_neighbors > 0:
        E, proba = clf.presmooth_
        arrays["article_vectors"] = np.asarray(E, dtype=np.float32)
        arrays["article_proba"] = np.asarray(proba, dtype=np.float64)
        arrays["article_sha256"] = _strings(hashes)
    if history:
        vec, lr = fitted_article_classifier(clf)
        if vec is not None:
            vocab = sorted(vec.vocabulary_.items(), key=lambda kv: kv[1])
            arrays["tfidf_vocabulary"] = _strings(t for t, _ in vocab)
            arrays["tfidf_idf"] = np.asarray(vec.idf_, dtype=np.float64)
            state["tfidf"] = {
                "sublinear_tf": bool(vec.sublinear_tf),
                "ngram_range": list(vec.ngram_range),
                "stop_words": vec.stop_words,
            }
        arrays["logistic_coef"] = np.asarray(lr.coef_, dtype=np.float64)
        arrays["logistic_intercept"] = np.asarray(lr.intercept_, dtype=np.float64)
        arrays["logistic_classes"] = np.asarray(lr.classes_, dtype=np.int64)
        state["logistic"] = {"C": float(lr.C), "class_weight": lr.class_weight, "max_iter": int(lr.max_iter)}
    return state


def _article_classifier(art: Mapping[str, Any], arrays: Mapping[str, np.ndarray]) -> tuple[Any, Any]:
    """The stored TF-IDF vectoriser and logistic regression of the articles (None, None without them)."""
    if art["mode"] == "sentences":
        return None, None
    if art["mode"] != "classifier" or art["scoring"] not in ("logistic", "prior"):
        raise ValueError(f"article: unknown mode {art['mode']!r}")
    if int(art["n_neighbors"]) > 0 and arrays["article_vectors"].shape[0] != arrays["article_proba"].shape[0]:
        raise ValueError("article_vectors and article_proba differ in length")
    if art["scoring"] == "prior":
        return None, None
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = None
    if art["tfidf"] is not None:
        t = art["tfidf"]
        terms = [str(x) for x in arrays["tfidf_vocabulary"]]
        vec = TfidfVectorizer(
            sublinear_tf=bool(t["sublinear_tf"]),
            ngram_range=tuple(t["ngram_range"]),
            stop_words=t["stop_words"],
            vocabulary={w: i for i, w in enumerate(terms)},
        )
        vec.idf_ = np.asarray(arrays["tfidf_idf"], dtype=np.float64)
    lg = art["logistic"]
    lr = LogisticRegression(C=float(lg["C"]), max_iter=int(lg["max_iter"]), class_weight=lg["class_weight"])
    lr.classes_ = np.asarray(arrays["logistic_classes"], dtype=np.int64)
    lr.coef_ = np.asarray(arrays["logistic_coef"], dtype=np.float64)
    lr.intercept_ = np.asarray(arrays["logistic_intercept"], dtype=np.float64)
    lr.n_features_in_ = lr.coef_.shape[1]
    return vec, lr


# --------------------------------------------------------------------------- the folder


def check_model_folder(path: Path, *, overwrite: bool) -> list[Path]:
    """Raise :class:`OutputError` unless ``path`` may take a model; returns the old model's files to remove.

    A missing or empty folder is fine; a folder holding a theme model (``model.json`` of this format
    and its ``.npy`` files only) is fine with ``overwrite``; anything else is refused.
    """
    if not path.exists():
        return []
    if not path.is_dir():
        raise OutputError(f"--save-model {path}: exists and is not a folder")
    entries = sorted(path.iterdir())
    if not entries:
        return []
    if not overwrite:
        raise OutputError(f"--save-model {path}: the folder is not empty (use --force to replace a saved model)")
    ours = (path / MODEL_FILE).is_file() and all(e.name == MODEL_FILE or e.suffix == ".npy" for e in entries)
    if ours:
        try:
            ours = json.loads((path / MODEL_FILE).read_text("utf-8")).get("format") == FORMAT
        except (OSError, ValueError, AttributeError):
            ours = False
    if not ours:
        raise OutputError(f"--save-model {path}: the folder holds other files than a theme model; not replaced")
    return entries


def _read_meta(p: Path) -> dict[str, Any]:
    f = p / MODEL_FILE
    if not p.is_dir():
        raise ConfigError(f"{p}: no theme model folder there")
    try:
        text = f.read_text("utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{p}: not a theme model folder (no {MODEL_FILE})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{f}: cannot be read ({getattr(exc, 'strerror', None) or exc})") from None
    try:
        meta = json.loads(text)
    except (ValueError, RecursionError):
        raise ConfigError(f"{f}: not valid JSON") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise ConfigError(f"{f}: not a theme model (format is not {FORMAT!r})")
    version = meta.get("format_version")
    if version != FORMAT_VERSION:
        raise ConfigError(
            f"{f}: theme model format version {str(version)[:20]}; this nlptools reads version {FORMAT_VERSION}"
            " (refit and save the model again)"
        )
    if meta.get("method") not in SAVABLE_METHODS:
        raise ConfigError(
            f"{f}: unknown method {str(meta.get('method'))[:40]!r} (theme models are {', '.join(SAVABLE_METHODS)})"
        )
    if not isinstance(meta.get("arrays"), dict):
        raise ConfigError(f"{f}: no 'arrays' table")
    return meta


def _read_arrays(p: Path, meta: Mapping[str, Any]) -> dict[str, np.ndarray]:
    arrays: dict[str, np.ndarray] = {}
    for fname, info in meta["arrays"].items():
        if not isinstance(fname, str) or not _ARRAY_NAME.match(fname) or not isinstance(info, dict):
            raise ConfigError(f"{p / MODEL_FILE}: bad array entry {str(fname)[:60]!r}")
        f = p / fname
        try:
            data = f.read_bytes()
        except FileNotFoundError:
            raise ConfigError(f"{f}: missing (the model folder is incomplete)") from None
        except OSError as exc:
            raise ConfigError(f"{f}: cannot be read ({exc.strerror or exc})") from None
        if _sha256(data) != info.get("sha256"):
            raise ConfigError(f"{f}: SHA-256 differs from model.json (the file was changed or replaced)")
        try:
            arr = np.load(io.BytesIO(data), allow_pickle=False)
        except (ValueError, OSError, EOFError) as exc:
            raise ConfigError(f"{f}: not a numpy array file ({' '.join(str(exc).split())[:100]})") from None
        if list(arr.shape) != info.get("shape") or arr.dtype.str != info.get("dtype"):
            raise ConfigError(f"{f}: shape or dtype differs from model.json")
        arrays[fname[: -len(".npy")]] = arr
    return arrays


def _describe(identity: Any) -> str:
    if not isinstance(identity, dict):
        return "(unknown)"
    return f"{identity.get('class')} {identity.get('model')} dim={identity.get('dim')}"
