"""Cleaning news articles: furniture removal, headings, sentences with offsets.

Scraped news carries *furniture* that must never reach a model or a digest:
bylines, photo credits and captions, agency tags, source and tag lines,
metadata prefixes, datelines, repeated headlines, mail headers, quoted
replies and signatures. Each kind is removed by one small **rule**: a pure
function that reads a :class:`Page` (the source text and its lines) and
returns :class:`Cut` s (spans to remove, with the rule's name). Rules are
general: they look at the shape of a line (length, case, punctuation, its
neighbours, its place in the article), not at particular articles.

What is left is split into paragraphs and sentences. Every
:class:`~nlptools.document.Sentence` keeps ``start``/``end`` offsets into the
document's source text, and its ``text`` is exactly
``document.text[start:end]``, so anything downstream can point back at where
it came from. Headings stay, flagged ``heading=True``; they are never
sentences of the body. Every removal is kept in
:attr:`~nlptools.document.CleanDocument.removed` with its rule, so a notebook
can show what cleaning did and why.

The package, one concept a module:

- :mod:`.page`: the line engine, :class:`Page` and :class:`Cut`;
- :mod:`.dates`: :func:`parse_date`;
- :mod:`.shape`: the shape of a line (word count, title-like, the headline);
- :mod:`.rules`: the rules, one module per family, and :data:`RULES`, the
  table they are found from (with the order they run in, and why);
- :mod:`.structure`: headings, paragraphs and sentences of the kept lines;
- :mod:`.pipeline`: :func:`clean_document`, :class:`Cleaner`, :func:`clean_corpus`.

Examples
--------
>>> from nlptools.document import Document
>>> doc = Document(id="x", text="Big news\\n\\nby Jane Roe\\nKim met Putin. Talks ended.\\n\\nAFP")
>>> clean = clean_document(doc)
>>> [s.text for s in clean.sentences]
['Big news', 'Kim met Putin.', 'Talks ended.']
>>> [(r.rule, r.text) for r in clean.removed]
[('byline', 'by Jane Roe'), ('source-line', 'AFP')]
"""

from __future__ import annotations

from .dates import parse_date
from .page import Cut, Page, Rule
from .pipeline import CleanCorpus, Cleaner, clean_corpus, clean_document
from .rules import DEFAULT_RULES, RULE_ALIASES, RULES
from .rules.headers import quoted_text

__all__ = [
    "Page",
    "Cut",
    "Rule",
    "RULES",
    "DEFAULT_RULES",
    "RULE_ALIASES",
    "Cleaner",
    "CleanCorpus",
    "clean_document",
    "clean_corpus",
    "parse_date",
    "quoted_text",
]
