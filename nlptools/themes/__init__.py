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

The lexicon's TOML format is described in :mod:`nlptools.themes.lexicon`. One concept a module:

- :mod:`~nlptools.themes.lexicon`: the TOML lexicon, its checks, seed words as tokens;
- :mod:`~nlptools.themes.vocabulary`: the words a theme model sees;
- :mod:`~nlptools.themes.naming`: lexicon themes or top words as topic names;
- :mod:`~nlptools.themes.assign`: article and sentence theme weights;
- :mod:`~nlptools.themes.result`: the result types and their JSON and Markdown;
- :mod:`~nlptools.themes.find`: :func:`find_themes`, the pipeline;
- :mod:`~nlptools.themes.model`: :class:`ThemeModel`: save a fit (``result.theme_model().save(dir)``),
  load it, place new documents (``ThemeModel.load(dir).transform(docs)``).

Agreement with a reading by hand is evaluation: :mod:`nlptools.evaluate.themes`.
"""

from __future__ import annotations

from .find import find_themes, theme_methods
from .lexicon import MAX_SEED_WORDS, Lexicon, load_lexicon
from .model import ThemeModel
from .naming import name_topics
from .result import DocumentThemes, SentenceTheme, Theme, ThemeResult

__all__ = [
    "Lexicon",
    "load_lexicon",
    "Theme",
    "SentenceTheme",
    "DocumentThemes",
    "ThemeResult",
    "find_themes",
    "theme_methods",
    "ThemeModel",
    "name_topics",
    "MAX_SEED_WORDS",
]
