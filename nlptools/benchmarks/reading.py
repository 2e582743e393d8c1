"""Themes against a hand reading: every sentence read by a person, and a grid of theme runs scored on it.

A *reading* (a JSON file, e.g. ``experiments/data/seeds_reading.json``)
lists for every sentence of every article, in order, the themes a careful
reader accepts for it, as letters (``codes``: letter -> theme name, or null
for "none of the lexicon's themes"), and for every article its themes, main
theme first. :func:`reading_protocol` runs
:func:`~nlptools.themes.find_themes` for each method, passage unit, k and
seed, scores each run against the reading
(:func:`~nlptools.evaluate.themes.score_against_reading`: sentence accuracy, accuracy
on sentences with a single named theme, the article's main and top-2
themes), averages over the seeds, and measures how far the methods agree
with one another (:func:`~nlptools.evaluate.themes.compare_assignments`).
:func:`disagreements` lists the sentences where one run and the reader differ.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from ..errors import InputError

logger = logging.getLogger(__name__)

__all__ = ["Reading", "load_reading", "reading_protocol", "disagreements", "PAIRS", "SCORES"]

#: The method pairs whose sentence assignments are compared.
PAIRS = (("lda", "kmeans"), ("lda", "nmf"), ("nmf", "kmeans"), ("semantic", "lda"), ("ensemble", "lda"))

#: The scores averaged over seeds.
SCORES = ("accuracy", "accuracy_named", "article_main", "article_top2")

Key = tuple[str, int]


@dataclass(frozen=True)
class Reading:
    """A hand reading of a corpus.

    Attributes
    ----------
    sentences : dict of (document id, sentence index) to tuple of str or None
        The themes the reader accepts for each sentence (None: none of the lexicon's).
    articles : dict of str to tuple of str or None
        The reader's themes of each document, main first.
    codes : dict of str to str or None
        Letter -> theme, as in the file.
    """

    sentences: dict[Key, tuple[str | None, ...]]
    articles: dict[str, tuple[str | None, ...]]
    codes: dict[str, str | None]

    def letter(self, theme: str | None) -> str:
        """The reading's letter for ``theme`` (``?`` for a theme it does not name)."""
        return next((c for c, t in self.codes.items() if t == theme), "?")


def load_reading(path: str | Path) -> Reading:
    """Read a reading file (see the module docstring)."""
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
        codes: dict[str, str | None] = dict(data["codes"])
        sentences = {
            (doc, i): tuple(codes[c] for c in accepted)
            for doc, rows in data["sentences"].items()
            for i, accepted in enumerate(rows)
        }
        articles = {doc: tuple(codes[c] for c in themes) for doc, themes in data["articles"].items()}
    except FileNotFoundError:
        raise InputError(f"{p}: no such reading file") from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{p}: not a reading file ({type(exc).__name__}: {exc})") from None
    return Reading(sentences=sentences, articles=articles, codes=codes)


def _k_name(k: int) -> str:
    return "auto" if k == 0 else str(k)


def reading_protocol(
    documents: Sequence[Any],
    reading: Reading,
    *,
    lexicon: Any = None,
    methods: Sequence[str] = ("lda", "nmf", "kmeans"),
    units: Sequence[str] = ("sentence", "paragraph"),
    ks: Sequence[int] = (3, 4, 5, 6, 0),
    seeds: Sequence[int] = (0, 1, 2),
) -> tuple[dict[str, Any], dict[tuple[str, str, str, int], Any]]:
    """Find themes for every method, unit, k (0: auto) and seed, and score each run against ``reading``.

    Parameters
    ----------
    documents : sequence of CleanDocument
    reading : Reading
    lexicon : Lexicon or path, optional
        Passed to :func:`~nlptools.themes.find_themes`.
    methods, units : sequences of str
    ks : sequence of int
        Numbers of themes; 0 lets ``find_themes`` choose (``k="auto"``).
    seeds : sequence of int
        Random seeds; scores are averaged over them.

    Returns
    -------
    report : dict
        ``summary`` (per method, unit and k: the k used by each seed and the
        mean scores), ``runs`` (per run: scores, themes, article weights, k
        sweep) and ``agreement`` (per method pair, unit and k: NMI, ARI and
        the share of sentences given the same named theme, mean over seeds).
    results : dict
        ``(method, unit, k name, seed)`` -> ThemeResult.
    """
    from ..evaluate.themes import score_against_reading
    from ..themes import find_themes

    runs: list[dict[str, Any]] = []
    summary: list[dict[str, Any]] = []
    results: dict[tuple[str, str, str, int], Any] = {}
    for method in methods:
        for unit in units:
            for k in ks:
                mine: list[dict[str, Any]] = []
                for seed in seeds:
                    r = find_themes(
                        documents, lexicon=lexicon, method=method, k=k or "auto", unit=unit, random_state=seed
                    )
                    score = score_against_reading(r, reading.sentences, articles=cast(Any, reading.articles))
                    row = {
                        "method": method,
                        "unit": unit,
                        "k": _k_name(k),
                        "seed": seed,
                        "k_used": r.k,
                        **score,
                        "themes": [
                            {"name": t.name, "top_terms": [w for w, _ in t.terms], "weight": round(t.weight, 4)}
                            for t in r.themes
                        ],
                        "article_weights": {d.id: {n: round(w, 3) for n, w in d.weights.items()} for d in r.documents},
                        "k_sweep": r.k_sweep.to_dict() if r.k_sweep else None,
                    }
                    runs.append(row)
                    mine.append(row)
                    results[(method, unit, _k_name(k), seed)] = r
                mean = {m: sum(r_[m] for r_ in mine) / len(mine) for m in SCORES}
                summary.append(
                    {
                        "method": method,
                        "unit": unit,
                        "k": _k_name(k),
                        "seeds": list(seeds),
                        "k_used": [r_["k_used"] for r_ in mine],
                        **mean,
                    }
                )
                logger.info(
                    "%s %s k=%s: accuracy %.3f, named %.3f, article main %.2f, top-2 %.2f",
                    method,
                    unit,
                    _k_name(k),
                    mean["accuracy"],
                    mean["accuracy_named"],
                    mean["article_main"],
                    mean["article_top2"],
                )
    return {"summary": summary, "runs": runs, "agreement": _agreement(results, units, ks, seeds)}, results


def _agreement(
    results: Mapping[tuple[str, str, str, int], Any], units: Sequence[str], ks: Sequence[int], seeds: Sequence[int]
) -> list[dict[str, Any]]:
    """Per method pair of :data:`PAIRS` (both run), unit and k: NMI, ARI and same named theme, mean over seeds."""
    from ..evaluate.themes import compare_assignments

    agreement = []
    for unit in units:
        for k in ks:
            for a, b in PAIRS:
                rows = [
                    compare_assignments(results[(a, unit, _k_name(k), s)], results[(b, unit, _k_name(k), s)])
                    for s in seeds
                    if (a, unit, _k_name(k), s) in results and (b, unit, _k_name(k), s) in results
                ]
                if rows:
                    agreement.append(
                        {
                            "a": a,
                            "b": b,
                            "unit": unit,
                            "k": _k_name(k),
                            "per_seed": rows,
                            **{m: sum(r_[m] for r_ in rows) / len(rows) for m in ("nmi", "ari", "same_theme")},
                        }
                    )
    return agreement


def disagreements(result: Any, reading: Reading, texts: Mapping[str, str]) -> list[dict[str, Any]]:
    """The sentences where ``result`` and the reader differ.

    Parameters
    ----------
    result : ThemeResult
    reading : Reading
    texts : mapping of document id to its text (the offsets of ``result`` point into it)

    Returns
    -------
    list of dict
        ``document``, ``sentence`` (index), ``model`` (letter of the named
        theme given, ``O`` for none), ``model_theme`` (a discovered theme's
        name and weight, else ""), ``reader`` (the accepted letters,
        ``/``-separated) and the first 100 characters of ``text``.
    """
    seeded = {t.name for t in result.themes if t.seeded}
    out = []
    for d in result.documents:
        for s in d.sentences:
            want = reading.sentences.get((d.id, s.index))
            got = s.theme if s.theme in seeded else None
            if want is None or got in want:
                continue
            out.append(
                {
                    "document": d.id,
                    "sentence": s.index,
                    "model": reading.letter(got),
                    "model_theme": f"{s.theme} {s.weight:.2f}" if s.theme and s.theme not in seeded else "",
                    "reader": "/".join(reading.letter(w) for w in want),
                    "text": texts[d.id][s.start : s.end][:100],
                }
            )
    return out
