"""The cleaning pipeline: rules over a page, then structure; one document, a stage, or a lazy corpus."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from operator import attrgetter

from ..corpus import Corpus
from ..document import CleanDocument, Document, Removed
from ..errors import EmptyCorpusError
from ..segment import trim_span
from .page import Page, Rule
from .rules import resolve_rules
from .structure import structure

logger = logging.getLogger(__name__)

__all__ = ["CleanCorpus", "Cleaner", "clean_corpus", "clean_document"]


def clean_document(document: Document, *, rules: Iterable[str | Rule] | None = None) -> CleanDocument:
    """Clean one document: remove furniture, find headings, split sentences.

    Parameters
    ----------
    document : Document
        The article.
    rules : iterable of str or callable, optional
        Rule names from :data:`~nlptools.cleaning.RULES` (or rule functions)
        to apply, in order; default all of
        :data:`~nlptools.cleaning.DEFAULT_RULES`. Pass ``()`` to only segment.

    Returns
    -------
    CleanDocument
    """
    return _clean(document, resolve_rules(rules))


_START_END = attrgetter("start", "end")


def _clean(document: Document, rules: tuple[Rule, ...]) -> CleanDocument:
    page = Page.of(document.text)
    removed: list[Removed] = []
    date = document.date
    title = document.title
    meta_title = None
    text = page.text
    for rule in rules:
        cuts = rule(page)
        if not cuts:
            continue
        spans = page.spans
        for c in cuts:
            if c.date and not date:
                date = c.date
            if c.title and not meta_title:
                meta_title = c.title
            if c.whole:
                a, b = spans[c.line]  # already trimmed
            else:
                a, b = trim_span(text, c.start, c.end)
            if a < b:
                removed.append(Removed(a, b, c.rule, text[a:b]))
        page = page.apply(cuts)
    sentences, headline = structure(page, document.id, title or meta_title)
    removed.sort(key=_START_END)
    return CleanDocument(
        document=document,
        sentences=tuple(sentences),
        removed=tuple(removed),
        title=title or meta_title or headline,
        date=date,
    )


class Cleaner:
    """Cleaning as a reusable, configurable stage.

    Parameters
    ----------
    rules : sequence of str or callable, optional
        Furniture rules to apply (default: all of
        :data:`~nlptools.cleaning.DEFAULT_RULES`).

    Examples
    --------
    >>> from nlptools.corpus import Corpus
    >>> cleaner = Cleaner(rules=["byline", "tag-line"])
    >>> docs = cleaner.map(Corpus.from_texts(["by Ann Lee\\nIt rained. It stopped."]))
    >>> [s.text for d in docs for s in d.sentences]
    ['It rained.', 'It stopped.']
    """

    def __init__(self, *, rules: Sequence[str | Rule] | None = None) -> None:
        self.rules = rules

    def __call__(self, document: Document) -> CleanDocument:
        return _clean(document, resolve_rules(self.rules))

    def map(self, corpus: Iterable[Document]) -> CleanCorpus:
        """Lazily clean every document of ``corpus`` (re-iterable if ``corpus`` is)."""
        return CleanCorpus(corpus, self)


class CleanCorpus:
    """A lazy, re-iterable view of a corpus through a :class:`Cleaner`.

    Documents whose cleaning leaves no sentence are skipped with a warning.
    """

    def __init__(self, corpus: Iterable[Document], cleaner: Cleaner | None = None) -> None:
        self.corpus = corpus
        self.cleaner = cleaner or Cleaner()

    def __iter__(self) -> Iterator[CleanDocument]:
        rules = resolve_rules(self.cleaner.rules)
        seen = kept = 0
        for doc in self.corpus:
            seen += 1
            clean = _clean(doc, rules)
            if not clean.body:
                logger.warning("%s: skipped, no sentence left after cleaning (only furniture?)", doc.source or doc.id)
                continue
            kept += 1
            yield clean
        if seen and not kept:
            raise EmptyCorpusError(
                f"no article left after cleaning: all {seen} document(s) held only furniture (bylines, credits, ...)"
            )


def clean_corpus(corpus: Corpus | Iterable[Document], *, rules: Sequence[str | Rule] | None = None) -> CleanCorpus:
    """Lazily clean a corpus; see :class:`Cleaner`."""
    return Cleaner(rules=rules).map(corpus)
