"""The main job: per-theme digests of a pile of news.

:func:`build_digest` runs the stages end to end on clean documents: themes
(:func:`nlptools.themes.find_themes`), then, for each theme, an extractive
summary of the sentences the theme claims
(:func:`nlptools.summarize.summarize_sentences`), with redundancy control
inside each theme and across themes, so that no sentence, and no
near-duplicate of one, appears twice in the whole digest. Every digest
sentence keeps its document id and its ``start``/``end`` offsets into that
document's source text.

Every summary is faithful (:mod:`nlptools.summarize.faithful`): a sentence
that leans on the one before it ("However, ...", "At the time, ...") is
quoted together with it as one cited span, or not at all. Within a theme,
sentences follow their articles' dates (dated articles first, oldest first),
then article order and position; each carries its article's title (a real
headline, never a caption; or the first words of the lead), date and outlet
where known.

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
from .outputs import escape_markdown
from .tokens import Tokenizer

logger = logging.getLogger(__name__)

__all__ = ["DigestSentence", "ThemeDigest", "Digest", "build_digest", "near_duplicate", "article_label", "outlet_of"]

#: Words of the lead that label an article without a headline.
LABEL_WORDS = 8

#: Meta fields (record columns) that name an article's outlet, in order of preference.
OUTLET_FIELDS = ("outlet", "publisher", "publication", "site_name", "site", "source_name", "newspaper", "media")


@dataclass(frozen=True)
class DigestSentence:
    """One cited span of a digest (a sentence, or a sentence with the ones it leans on), traced to its article.

    Attributes
    ----------
    text : str
        The span exactly as in the source (``document.text[start:end]``; Markdown folds its white space).
    document : str
        The article's id.
    start, end : int
        The span in the article's source text (``document.text[start:end]``).
    score : float
        The ranker's score of the sentence that was chosen (for a span, its last sentence).
    title : str
        The article's headline, or a label from its lead (:func:`article_label`).
    date : str or None
        The article's ISO date, when known.
    outlet : str or None
        The article's outlet (:func:`outlet_of`), when known.
    n_sentences : int
        Sentences in the span (2 or 3 when a sentence is quoted with the ones it leans on).
    """

    text: str
    document: str
    start: int
    end: int
    score: float
    title: str = ""
    date: str | None = None
    outlet: str | None = None
    n_sentences: int = 1


def article_label(doc: CleanDocument, n_words: int = LABEL_WORDS) -> str:
    """A short readable name for an article: its headline, else the first words of its lead and an ellipsis.

    Examples
    --------
    >>> from nlptools.cleaning import clean_document
    >>> from nlptools.document import Document
    >>> article_label(clean_document(Document("a", "Troops moved north on Monday as talks stalled in the capital.")))
    'Troops moved north on Monday as talks stalled…'
    """
    if doc.title and doc.title.strip():
        return " ".join(doc.title.split())
    body = doc.body
    if not body:
        return doc.id
    words = body[0].text.split()
    if len(words) <= n_words:
        return " ".join(words)
    return " ".join(words[:n_words]).rstrip(",;:—–-") + "…"


def outlet_of(doc: CleanDocument) -> str | None:
    """The article's outlet: a meta field (:data:`OUTLET_FIELDS`), else a source line cleaning removed.

    A source line is the publication an article names at its end (``Asia
    News Network/The Korea Herald``); an agency tag inside the text is not
    the outlet.
    """
    meta = doc.document.meta
    for key in OUTLET_FIELDS:
        value = meta.get(key) if isinstance(meta, Mapping) else None
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    lines = [r.text for r in doc.removed if r.rule == "source-line"]
    return " ".join(lines[-1].split()) if lines else None


@dataclass(frozen=True)
class ThemeDigest:
    """A theme with its articles and its digest."""

    name: str
    seeded: bool
    terms: tuple[str, ...]
    weight: float
    documents: tuple[tuple[str, float], ...]
    sentences: tuple[DigestSentence, ...]
    #: Articles in the theme (``documents`` lists at most 50 of them on a streamed corpus); None: all listed.
    n_documents: int | None = None

    @property
    def count(self) -> int:
        """Number of articles in the theme."""
        return self.n_documents if self.n_documents is not None else len(self.documents)

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

    @property
    def n_articles(self) -> int:
        """Number of articles digested (all of them, also on a streamed corpus)."""
        streamed = self.settings.get("streamed")
        return int(streamed["n_documents"]) if streamed else len(self.documents)

    def title_of(self, doc_id: str) -> str:
        """The article's title, else a label from its lead (:func:`article_label`); its id if it is unknown."""
        doc = self.documents.get(doc_id)
        return article_label(doc) if doc is not None else doc_id

    def date_of(self, doc_id: str) -> str | None:
        """The article's ISO date, when known."""
        doc = self.documents.get(doc_id)
        return doc.date if doc is not None else None

    def cited_documents(self, theme: ThemeDigest) -> list[tuple[str, float]]:
        """The articles a theme's digest quotes, with their theme weights (the theme's order).

        The "Articles" a reader sees: the ones that gave the digest a
        sentence. Articles that only share some of the theme's words are
        counted, not listed (:meth:`to_markdown`).
        """
        quoted = {s.document for s in theme.sentences}
        return [(d, w) for d, w in theme.documents if d in quoted]

    def to_dict(self) -> dict[str, Any]:
        """The content of ``digest.json`` (deterministic, floats rounded to 4 places)."""
        streamed = self.settings.get("streamed")
        out = {
            "settings": dict(self.settings),
            "themes": [
                {
                    "name": t.name,
                    "seeded": t.seeded,
                    "terms": list(t.terms),
                    "weight": round(t.weight, 4),
                    "n_documents": t.count,
                    "documents": [{"id": d, "weight": round(w, 4)} for d, w in t.documents],
                    "cited_documents": [d for d, _ in self.cited_documents(t)],
                    "digest": [
                        {
                            "text": s.text,
                            "document": s.document,
                            "start": s.start,
                            "end": s.end,
                            "score": round(s.score, 6),
                            "title": s.title,
                            "date": s.date,
                            "outlet": s.outlet,
                            "n_sentences": s.n_sentences,
                        }
                        for s in t.sentences
                    ],
                }
                for t in self.themes
            ],
        }
        if streamed:
            # every article's weights are in documents.jsonl; the fit sample's sentences are not repeated here
            out["documents_file"] = "documents.jsonl"
        else:
            out["documents"] = self.theme_result.to_dict()["documents"]
        return out

    def to_markdown(self) -> str:
        """``digest.md``: per theme, its name, terms, quoted articles and digest with citations.

        Each digest item ends with its citation: the article's title (in
        italics), its date and outlet when known, and ``[id:start-end]``.
        Every field that comes from the input (theme names and terms, titles,
        ids, sentences, outlets) is escaped (:func:`nlptools.outputs.escape_markdown`).
        """
        md = escape_markdown
        s = self.settings
        lines = [
            "# Digest",
            "",
            f"{self.n_articles} articles; themes by `{md(str(s.get('method')))}` (k = {self.theme_result.k}), "
            f"digests by `{md(str(s.get('summarizer')))}`, about {md(str(s.get('words')))} words a theme.",
            "",
        ]
        for t in self.themes:
            kind = "named theme" if t.seeded else "discovered theme"
            terms = ", ".join(md(term) for term in t.terms[:10])
            lines += [f"## {md(t.name)}", "", f"*{kind}* · top terms: {terms}", ""]
            cited = self.cited_documents(t)
            if cited:
                listed = "; ".join(f"{md(self.title_of(d))} ({w:.2f})" for d, w in cited)
                others = t.count - len(cited)
                more = f" (and {others} more with some weight in the theme)" if others > 0 else ""
                lines += [f"Articles quoted: {listed}{more}", ""]
            if not t.sentences:
                lines += ["*No sentence of this theme is left after removing repeats.*", ""]
                continue
            for sent in t.sentences:
                where = ", ".join(md(x) for x in (sent.date, sent.outlet) if x)
                cite = f"*{md(sent.title or self.title_of(sent.document))}*" + (f", {where}" if where else "")
                lines.append(
                    f"- {md(' '.join(sent.text.split()))} — {cite} \\[{md(sent.document)}:{sent.start}-{sent.end}\\]"
                )
            lines.append("")
        return "\n".join(lines)


def _digest_spans(items: Sequence[Any], doc: Mapping[str, CleanDocument]) -> list[DigestSentence]:
    """A summary's chosen sentences as cited spans: a sentence and the ones it leans on make one span."""
    from .summarize.faithful import spans

    score = {(i.document, i.sentence.index): float(i.score) for i in items}
    out = []
    for group in spans([i.sentence for i in items]):
        d = doc[group[0].document]
        out.append(
            DigestSentence(
                text=d.text[group[0].start : group[-1].end],
                document=d.id,
                start=group[0].start,
                end=group[-1].end,
                score=score[(d.id, group[-1].index)],
                title=article_label(d),
                date=d.date,
                outlet=outlet_of(d),
                n_sentences=len(group),
            )
        )
    return out


def _reading_order(order: Mapping[str, int]) -> Any:
    """Sort key: dated articles first, oldest first; then article order; then position in the article."""

    def key(s: DigestSentence) -> tuple[bool, str, int, int]:
        return (s.date is None, s.date or "", order[s.document], s.start)

    return key


def _token_set(tokenizer: Tokenizer, text: str) -> frozenset[str]:
    return frozenset(tokenizer(text))


def near_duplicate(a: frozenset[str], b: frozenset[str], threshold: float) -> bool:
    """Whether two token sets overlap by at least ``threshold`` of the smaller one."""
    if not a or not b:
        return a == b
    return len(a & b) / min(len(a), len(b)) >= threshold


def _theme_pool(result: Any, theme: str, by_id: Mapping[str, CleanDocument]) -> list[tuple[Sentence, float]]:
    """A theme's sentences (headings left out) with their theme weights."""
    pool = []
    for doc_id, st in result.sentences_of(theme):
        sent = by_id[doc_id].sentences[st.index]
        if not sent.heading:
            pool.append((sent, float(st.weight)))
    return pool


#: What :func:`digest_themes` digests per theme: the theme, its weight, its listed articles with their
#: weights, how many articles it holds, and its candidate sentences with their theme weights.
ThemeSpec = tuple[Any, float, tuple[tuple[str, float], ...], int, Sequence[tuple[Sentence, float]]]


def digest_themes(
    themes: Sequence[ThemeSpec],
    by_id: Mapping[str, CleanDocument],
    order: Mapping[str, int],
    *,
    summarizer: str = "submodular",
    words: int = 120,
    redundancy: float = 0.6,
    discovered: bool = True,
    random_state: int | None = 0,
) -> tuple[ThemeDigest, ...]:
    """A digest per theme from its candidate sentences: named themes first, then discovered ones.

    The selection is the same whether the candidates are every sentence of
    the theme (:func:`build_digest`) or a bounded pool from a streamed corpus
    (:func:`nlptools.stream.digest_corpus`): central sentences that clearly
    belong to the theme (ranker scores times theme weights), faithful spans,
    and no sentence that repeats (near-duplicates) one chosen for an earlier
    theme.

    Parameters
    ----------
    themes : sequence of ThemeSpec
        ``(theme, weight, documents, n_documents, pool)`` per theme.
    by_id : mapping
        The clean articles the pools' sentences come from (their neighbours
        are read for faithful selection, their titles and dates cited).
    order : mapping
        Article id -> reading position (ties of dates are read in this order).
    summarizer, words, redundancy, discovered, random_state
        As :func:`build_digest`.
    """
    from .summarize import get_ranker, summarize_sentences
    from .summarize.rankers import WeightedRanker

    context = {d: doc.sentences for d, doc in by_id.items()}  # faithful selection reads each sentence's predecessor
    tokenizer = Tokenizer()
    chosen_sets: list[frozenset[str]] = []  # token sets of every sentence chosen so far
    out: list[ThemeDigest] = []
    ordered = [t for t in themes if t[0].seeded] + [t for t in themes if not t[0].seeded]
    for theme, weight, documents, n_documents, candidates in ordered:
        if not theme.seeded and not discovered:
            continue
        pool: list[Sentence] = []
        weights: dict[tuple[str, int], float] = {}
        for sent, w in candidates:
            if any(near_duplicate(_token_set(tokenizer, sent.text), c, redundancy) for c in chosen_sets):
                continue  # already said in an earlier theme's digest
            pool.append(sent)
            weights[(sent.document, sent.index)] = w
        pool.sort(key=lambda s: (order[s.document], s.start))
        picked: tuple[DigestSentence, ...] = ()
        if pool:
            ranker = WeightedRanker(get_ranker(summarizer, random_state=random_state), weights)
            summary = summarize_sentences(
                pool, method=ranker, words=words, redundancy=redundancy, random_state=random_state, documents=context
            )
            picked = tuple(sorted(_digest_spans(list(summary), by_id), key=_reading_order(order)))
            chosen_sets.extend(_token_set(tokenizer, i.text) for i in summary)
        out.append(
            ThemeDigest(
                name=theme.name,
                seeded=theme.seeded,
                terms=tuple(t for t, _ in theme.terms),
                weight=float(weight),
                documents=tuple(documents),
                sentences=picked,
                n_documents=int(n_documents),
            )
        )
    return tuple(out)


def build_digest(
    documents: Iterable[CleanDocument],
    *,
    lexicon: Any = None,
    method: str | None = None,
    k: int | str | None = "auto",
    summarizer: str = "submodular",
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
    summarizer : str, default="submodular"
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
    from .summarize import method_names
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
    specs = [
        (
            t,
            float(t.weight),
            tuple((d, float(w)) for d, w in t.documents),
            len(t.documents),
            _theme_pool(result, t.name, by_id),
        )
        for t in result.themes
    ]
    themes = digest_themes(
        specs,
        by_id,
        order,
        summarizer=summarizer,
        words=words,
        redundancy=redundancy,
        discovered=discovered,
        random_state=random_state,
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
    return Digest(themes=themes, theme_result=result, documents=by_id, settings=settings)
