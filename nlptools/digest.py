"""The main job: per-theme digests of a pile of news.

:func:`build_digest` runs the stages end to end on clean documents: themes
(:func:`nlptools.themes.find_themes`), then, for each theme, an extractive
summary of the sentences the theme claims
(:func:`nlptools.summarize.summarize_sentences`), with redundancy control
inside each theme and across themes, so that no sentence, and no
near-duplicate of one, appears twice in the whole digest. Every digest
sentence keeps its document id and its ``start``/``end`` offsets into that
document's source text.

>>> from nlptools.corpus import Corpus          # doctest: +SKIP
>>> from nlptools.cleaning import clean_corpus  # doctest: +SKIP
>>> docs = list(clean_corpus(Corpus.from_path("seeds")))  # doctest: +SKIP
>>> digest = build_digest(docs, lexicon="seeds/themes.toml", words=120)  # doctest: +SKIP
>>> print(digest.to_markdown())  # doctest: +SKIP
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .document import CleanDocument, Sentence
from .errors import EmptyCorpusError, ParameterError
from .tokens import Tokenizer

logger = logging.getLogger(__name__)

__all__ = ["DigestSentence", "ThemeDigest", "Digest", "build_digest", "near_duplicate"]


@dataclass(frozen=True)
class DigestSentence:
    """One sentence of a digest, traced to its place in its article."""

    text: str
    document: str
    start: int
    end: int
    score: float


@dataclass(frozen=True)
class ThemeDigest:
    """A theme with its articles and its digest."""

    name: str
    seeded: bool
    terms: tuple[str, ...]
    weight: float
    documents: tuple[tuple[str, float], ...]
    sentences: tuple[DigestSentence, ...]

    @property
    def words(self) -> int:
        """Number of words in the digest."""
        return sum(len(s.text.split()) for s in self.sentences)


@dataclass(frozen=True)
class Digest:
    """Digests of every theme of a corpus, plus the theme assignment behind them."""

    themes: tuple[ThemeDigest, ...]
    theme_result: Any
    documents: Mapping[str, CleanDocument] = field(repr=False)
    settings: Mapping[str, Any] = field(default_factory=dict)

    def title_of(self, doc_id: str) -> str:
        """The article's title, or its id when it has none."""
        doc = self.documents.get(doc_id)
        return (doc.title if doc is not None and doc.title else None) or doc_id

    def to_dict(self) -> dict[str, Any]:
        """The content of ``digest.json`` (deterministic, floats rounded to 4 places)."""
        themes_json = self.theme_result.to_dict()
        return {
            "settings": dict(self.settings),
            "themes": [
                {
                    "name": t.name,
                    "seeded": t.seeded,
                    "terms": list(t.terms),
                    "weight": round(t.weight, 4),
                    "documents": [{"id": d, "weight": round(w, 4)} for d, w in t.documents],
                    "digest": [
                        {
                            "text": s.text,
                            "document": s.document,
                            "start": s.start,
                            "end": s.end,
                            "score": round(s.score, 6),
                        }
                        for s in t.sentences
                    ],
                }
                for t in self.themes
            ],
            "documents": themes_json["documents"],
        }

    def to_markdown(self) -> str:
        """``digest.md``: per theme, its name, terms, articles and digest with citations."""
        s = self.settings
        lines = [
            "# Digest",
            "",
            f"{len(self.documents)} articles; themes by `{s.get('method')}` (k = {self.theme_result.k}), "
            f"digests by `{s.get('summarizer')}`, about {s.get('words')} words a theme.",
            "",
        ]
        for t in self.themes:
            kind = "named theme" if t.seeded else "discovered theme"
            lines += [f"## {t.name}", "", f"*{kind}* · top terms: {', '.join(t.terms[:10])}", ""]
            if t.documents:
                lines.append("Articles: " + "; ".join(f"{self.title_of(d)} ({w:.2f})" for d, w in t.documents))
                lines.append("")
            if not t.sentences:
                lines += ["*No sentence of this theme is left after removing repeats.*", ""]
                continue
            for sent in t.sentences:
                text = " ".join(sent.text.split())
                lines.append(f"- {text} — *{self.title_of(sent.document)}* [{sent.document}:{sent.start}-{sent.end}]")
            lines.append("")
        return "\n".join(lines)


def _digest_sentence(item: Any) -> DigestSentence:
    """The digest's copy of a summary's :class:`~nlptools.summarize.SummarySentence`."""
    return DigestSentence(item.text, item.document, item.start, item.end, float(item.score))


def _token_set(tokenizer: Tokenizer, text: str) -> frozenset[str]:
    return frozenset(tokenizer(text))


def near_duplicate(a: frozenset[str], b: frozenset[str], threshold: float) -> bool:
    """Whether two token sets overlap by at least ``threshold`` of the smaller one."""
    if not a or not b:
        return a == b
    return len(a & b) / min(len(a), len(b)) >= threshold


def _theme_pool(
    result: Any,
    theme: str,
    by_id: Mapping[str, CleanDocument],
    order: Mapping[str, int],
    tokenizer: Tokenizer,
    chosen_sets: Sequence[frozenset[str]],
    redundancy: float,
) -> tuple[list[Sentence], dict[tuple[str, int], float]]:
    """A theme's candidate sentences in document order, and their theme weights by ``(document, index)``.

    Headings are left out, and so is any sentence that repeats (near-duplicates) one
    already chosen for an earlier theme's digest.
    """
    pool: list[Sentence] = []
    weights: dict[tuple[str, int], float] = {}
    for doc_id, st in result.sentences_of(theme):
        sent = by_id[doc_id].sentences[st.index]
        if sent.heading:
            continue
        if any(near_duplicate(_token_set(tokenizer, sent.text), c, redundancy) for c in chosen_sets):
            continue  # already said in an earlier theme's digest
        pool.append(sent)
        weights[(doc_id, sent.index)] = float(st.weight)
    pool.sort(key=lambda s: (order[s.document], s.start))
    return pool, weights


def build_digest(
    documents: Iterable[CleanDocument],
    *,
    lexicon: Any = None,
    method: str | None = None,
    k: int | str | None = "auto",
    summarizer: str = "lexrank",
    words: int = 120,
    redundancy: float = 0.6,
    discovered: bool = True,
    random_state: int | None = 0,
    theme_params: Mapping[str, Any] | None = None,
) -> Digest:
    """Themes and a digest for each, from clean documents.

    Parameters
    ----------
    documents : iterable of CleanDocument
    lexicon : Lexicon, mapping or path, optional
        Named themes with seed words (see :mod:`nlptools.themes`).
    method : str, optional
        Theme model (see :func:`nlptools.themes.find_themes`; default: ``"semantic"`` with a lexicon,
        ``"ensemble"`` without).
    k : int or "auto", default="auto"
        Number of themes.
    summarizer : str, default="lexrank"
        A summariser name (:func:`nlptools.summarize.method_names`).
    words : int, default=120
        Word budget of each theme's digest.
    redundancy : float in (0, 1], default=0.6
        A sentence that overlaps a chosen one (in its theme or an earlier one)
        by this share of its content words is a repeat and is left out.
    discovered : bool, default=True
        Also digest the themes the lexicon did not name.
    random_state : int, optional, default=0
    theme_params : mapping, optional
        More keyword arguments for :func:`~nlptools.themes.find_themes`.

    Returns
    -------
    Digest
    """
    from .summarize import get_ranker, method_names, summarize_sentences
    from .summarize.rankers import WeightedRanker
    from .themes import find_themes

    if summarizer not in method_names():
        raise ParameterError(f"summarizer: {summarizer!r} is not one of {', '.join(method_names())}")
    if isinstance(words, bool) or not isinstance(words, int) or words < 1:
        raise ParameterError(f"words: must be a positive integer, got {words!r}")
    if not isinstance(redundancy, (int, float)) or not 0 < redundancy <= 1:
        raise ParameterError(f"redundancy: must be a number in (0, 1], got {redundancy!r}")
    docs = [d for d in documents]
    if not docs:
        raise EmptyCorpusError("no article to digest")
    by_id = {d.id: d for d in docs}
    order = {d.id: i for i, d in enumerate(docs)}
    result = find_themes(
        docs, lexicon=lexicon, method=method, k=k, random_state=random_state, **dict(theme_params or {})
    )
    tokenizer = Tokenizer()
    chosen_sets: list[frozenset[str]] = []  # token sets of every sentence chosen so far
    themes: list[ThemeDigest] = []
    ordered = [t for t in result.themes if t.seeded] + [t for t in result.themes if not t.seeded]
    for theme in ordered:
        if not theme.seeded and not discovered:
            continue
        pool, weights = _theme_pool(result, theme.name, by_id, order, tokenizer, chosen_sets, redundancy)
        picked: tuple[DigestSentence, ...] = ()
        if pool:
            # central sentences that clearly belong to the theme: scores times theme weights
            ranker = WeightedRanker(get_ranker(summarizer, random_state=random_state), weights)
            summary = summarize_sentences(
                pool, method=ranker, words=words, redundancy=redundancy, random_state=random_state
            )
            picked = tuple(sorted(map(_digest_sentence, summary), key=lambda s: (order[s.document], s.start)))
            chosen_sets.extend(_token_set(tokenizer, s.text) for s in picked)
        themes.append(
            ThemeDigest(
                name=theme.name,
                seeded=theme.seeded,
                terms=tuple(t for t, _ in theme.terms),
                weight=float(theme.weight),
                documents=tuple((d, float(w)) for d, w in theme.documents),
                sentences=picked,
            )
        )
    settings = {
        "method": result.method,
        "k": k if isinstance(k, int) else "auto",
        "summarizer": summarizer,
        "words": words,
        "redundancy": redundancy,
        "discovered": discovered,
        "random_state": random_state,
        "lexicon": str(lexicon) if isinstance(lexicon, (str, Path)) else getattr(lexicon, "source", None),
    }
    return Digest(themes=tuple(themes), theme_result=result, documents=by_id, settings=settings)
