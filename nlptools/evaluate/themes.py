"""Themes against a careful reading: sentence and article agreement, and agreement of two results.

:func:`score_against_reading` scores a :class:`~nlptools.themes.ThemeResult`
against themes read by hand (``experiments/themes_seeds.py``);
:func:`compare_assignments` measures how much two results agree.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping, Sequence

from ..errors import ParameterError
from ..themes import ThemeResult
from .clustering import ari, nmi

logger = logging.getLogger(__name__)

__all__ = ["score_against_reading", "compare_assignments"]


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
