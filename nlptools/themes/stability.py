"""Stability of themes across seeds: which themes, and which articles' themes, to trust.

:func:`with_stability` takes a result and refits of the same corpus with
other seeds. Each refit's themes are aligned to the result's by the
assignment that maximises the number of articles with the same main theme
(Hungarian algorithm on the contingency table). A theme's **stability** is
the mean Jaccard overlap of its articles (those whose main theme it is) with
its counterpart's, over the refits (1: the same articles every time; 0: the
theme vanished); an article's **agreement** is the share of refits that give
it the counterpart of its main theme.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np

from .result import ThemeResult

__all__ = ["with_stability", "align_themes", "main_themes"]


def main_themes(result: ThemeResult) -> list[str | None]:
    """Each article's heaviest theme (None for an article with no weight)."""
    out: list[str | None] = []
    for d in result.documents:
        best = max(d.weights.items(), key=lambda kv: (kv[1], kv[0]), default=None) if d.weights else None
        out.append(best[0] if best is not None and best[1] > 0 else None)
    return out


def align_themes(base: Sequence[str | None], other: Sequence[str | None]) -> dict[str, str]:
    """Map the base's theme names to the other run's, maximising the articles they share.

    Parameters
    ----------
    base, other : sequence of str or None
        Each article's main theme in the two runs (same article order).

    Returns
    -------
    dict of str to str
        Base theme -> its counterpart (themes with no counterpart are left out).
    """
    from scipy.optimize import linear_sum_assignment

    a_names = sorted({x for x in base if x is not None})
    b_names = sorted({x for x in other if x is not None})
    if not a_names or not b_names:
        return {}
    ai = {n: i for i, n in enumerate(a_names)}
    bi = {n: i for i, n in enumerate(b_names)}
    C = np.zeros((len(a_names), len(b_names)))
    for x, y in zip(base, other, strict=True):
        if x is not None and y is not None:
            C[ai[x], bi[y]] += 1
    rows, cols = linear_sum_assignment(-C)
    return {a_names[r]: b_names[c] for r, c in zip(rows, cols, strict=True) if C[r, c] > 0}


def with_stability(result: ThemeResult, refits: Sequence[ThemeResult]) -> ThemeResult:
    """``result`` with each theme's stability and each article's agreement over ``refits``.

    Parameters
    ----------
    result : ThemeResult
    refits : sequence of ThemeResult
        The same corpus and settings, other seeds.

    Returns
    -------
    ThemeResult
    """
    if not refits:
        return result
    base = main_themes(result)
    members = {t.name: {i for i, m in enumerate(base) if m == t.name} for t in result.themes}
    overlap = {t.name: 0.0 for t in result.themes}
    agree = np.zeros(len(base))
    for run in refits:
        other = main_themes(run)
        mapping = align_themes(base, other)
        for name, docs in members.items():
            mate = mapping.get(name)
            theirs = {i for i, m in enumerate(other) if m == mate} if mate is not None else set()
            union = docs | theirs
            overlap[name] += len(docs & theirs) / len(union) if union else 0.0
        agree += np.array([m is not None and mapping.get(m) == o for m, o in zip(base, other, strict=True)])
    n = len(refits)
    themes = [dataclasses.replace(t, stability=overlap[t.name] / n) for t in result.themes]
    documents = [dataclasses.replace(d, agreement=float(agree[j] / n)) for j, d in enumerate(result.documents)]
    return dataclasses.replace(result, themes=themes, documents=documents)
