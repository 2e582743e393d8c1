"""nlptools: topic modelling and summarisation for news corpora.

The package is organised by stage, data flowing one way::

    corpus -> cleaning (segment, tokens) -> vectorize -> topics -> themes
           -> summarize -> evaluate -> plots -> report

``import nlptools`` is cheap: the stages (and gensim, sumy, matplotlib) are
imported when first used, e.g. ``nlptools.corpus`` or
``from nlptools.cleaning import clean_document``.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

from .errors import (
    ConfigError,
    EmptyCorpusError,
    InputError,
    NlptoolsError,
    OutputError,
    ParameterError,
)

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "__version__",
    "NlptoolsError",
    "InputError",
    "EmptyCorpusError",
    "ParameterError",
    "ConfigError",
    "OutputError",
    "load",
    "clean_document",
    "clean_corpus",
]

_LAZY = {
    "load": ("nlptools.corpus", "load"),
    "Corpus": ("nlptools.corpus", "Corpus"),
    "Document": ("nlptools.corpus", "Document"),
    "clean_document": ("nlptools.cleaning", "clean_document"),
    "clean_corpus": ("nlptools.cleaning", "clean_corpus"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'nlptools' has no attribute {name!r}")
