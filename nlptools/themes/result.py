"""The result of :func:`~nlptools.themes.find_themes`: themes, documents and sentences.

``ThemeResult.themes``: list of :class:`Theme` (``name``, ``seeded``,
``seed_words``, ``terms`` [(term, weight)], ``weight``, ``documents``
[(id, weight)]), heaviest first. ``ThemeResult.documents``: list of
:class:`DocumentThemes` (``id``, ``title``, ``weights`` {theme: weight},
``sentences``: list of :class:`SentenceTheme`), in corpus order.
:meth:`ThemeResult.to_dict` gives the JSON of ``nlptools themes``,
:meth:`ThemeResult.to_markdown` a readable report.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..outputs import escape_markdown

logger = logging.getLogger(__name__)

__all__ = ["Theme", "SentenceTheme", "DocumentThemes", "ThemeResult"]


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
    description : str or None
        The lexicon's one-line description of a named theme.
    why : str or None
        Why a discovered theme was kept next to a lexicon's named themes.
    stability : float or None
        With ``find_themes(..., stability=N)``: the mean overlap (Jaccard) of
        the theme's articles with its counterpart in N refits with other
        seeds; 1 = found the same every time.
    """

    name: str
    seeded: bool
    seed_words: tuple[str, ...]
    terms: tuple[tuple[str, float], ...]
    weight: float
    documents: tuple[tuple[str, float], ...]
    topic: int
    description: str | None = None
    why: str | None = None
    stability: float | None = None


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
    """A document's theme weights and its sentences' themes.

    ``agreement`` (with ``find_themes(..., stability=N)``): the share of the
    refits that give the document the same main theme.
    """

    id: str
    title: str | None
    weights: dict[str, float]
    sentences: tuple[SentenceTheme, ...]
    agreement: float | None = None


def _r(x: float) -> float:
    return round(float(x), 4)


@dataclass(frozen=True)
class ThemeResult:
    """Themes of a corpus; see the module docstring. ``model`` is the fitted topic model.

    ``fitted`` holds what :meth:`theme_model` needs to place new documents in the same themes (the
    lexicon, the tokenizer, the semantic method's statistics); None for a result built by hand.
    """

    themes: list[Theme]
    documents: list[DocumentThemes]
    method: str
    k: int
    unit: str
    random_state: int | None
    threshold: float
    k_sweep: Any = None
    model: Any = field(default=None, repr=False, compare=False)
    fitted: Any = field(default=None, repr=False, compare=False)

    def theme_model(self) -> Any:
        """The fitted theme finder as a :class:`~nlptools.themes.model.ThemeModel` (save it, place new documents).

        Raises
        ------
        ConfigError
            The method cannot be saved (only ``semantic`` and ``ensemble`` can), or the result has no fit.
        """
        from .model import ThemeModel

        return ThemeModel.from_result(self)

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
                    "description": t.description,
                    "kept_because": t.why,
                    "stability": None if t.stability is None else _r(t.stability),
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
                    "agreement": None if d.agreement is None else _r(d.agreement),
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
        Every field taken from the input (theme names, seed words, terms,
        document ids, sentences) is escaped with
        :func:`~nlptools.outputs.escape_markdown`: it shows as written and
        never becomes markup, HTML or a new line.
        """
        e = escape_markdown
        lines = [f"# Themes ({e(self.method)}, k = {self.k}, unit = {e(self.unit)})", ""]
        if self.k_sweep is not None and self.k_sweep.scores:
            keys = [k for k in self.k_sweep.scores[0] if k not in ("k", "seconds")]
            lines += [
                f"## Choosing k ({e(getattr(self.k_sweep, 'criterion', 'quality'))})",
                "",
                "| k | " + " | ".join(e(k) for k in keys) + " |",
                "|---|" + "---|" * len(keys),
            ]
            for s in self.k_sweep.scores:
                mark = " **chosen**" if s["k"] == self.k_sweep.best_k else ""
                cells = " | ".join(f"{s[k]:.3f}" if isinstance(s[k], float) else e(str(s[k])) for k in keys)
                lines.append(f"| {s['k']}{mark} | {cells} |")
            lines.append("")
        for t in self.themes:
            kind = "seeded: " + ", ".join(e(w) for w in t.seed_words) if t.seeded else "discovered"
            lines += [f"## {e(t.name)} ({t.weight:.0%} of the words; {kind})", ""]
            if t.description:
                lines += [f"*{e(t.description)}*", ""]
            if t.why:
                lines += [f"Discovered theme {e(t.why)}.", ""]
            if t.stability is not None:
                lines += [f"Stability across seeds: {t.stability:.2f}", ""]
            lines += ["Top terms: " + ", ".join(e(w) for w, _ in t.terms), ""]
            if t.documents:
                lines.append("Documents: " + ", ".join(f"{e(d)} ({w:.2f})" for d, w in t.documents))
                lines.append("")
            if texts is not None:
                for doc_id, s in self.sentences_of(t.name)[:3]:
                    text = e(texts.get(doc_id, "")[s.start : s.end])
                    lines.append(f"- {e(doc_id)} \\[{s.start}:{s.end}\\] ({s.weight:.2f}) {text}")
                lines.append("")
        lines += [
            "## Documents",
            "",
            "| document | " + " | ".join(e(t.name) for t in self.themes) + " |",
            "|---|" + "---|" * len(self.themes),
        ]
        for d in self.documents:
            lines.append(
                f"| {e(d.id)} | " + " | ".join(f"{d.weights.get(t.name, 0.0):.2f}" for t in self.themes) + " |"
            )
        return "\n".join(lines) + "\n"
