"""The experiment kinds, found from one table.

A *kind* maps validated settings to a runner: it declares the config
sections it takes (each a settings dataclass) and a function
``run(experiment, ctx) -> metrics`` that calls the library (and
:mod:`nlptools.benchmarks`) and writes its tables and figures through the
:class:`~nlptools.experiment.runner.RunContext`.

:data:`KIND_MODULES` names, for each kind, the module of this package that
defines it as ``KIND``; every module of the table is imported with this
package, so a missing or misspelt module, or a ``KIND`` whose name is not its
table entry, fails at import. To add a kind, write its module (settings,
``run``, ``KIND = Kind(...)``) and add one line to the table. Kind modules
import only cheap modules at the top (settings are needed to parse a
config); the heavy work is imported inside ``run``.

:func:`register_kind` adds a kind from outside the package (a plug-in, a test).
"""

from __future__ import annotations

import importlib

from .base import Kind

__all__ = ["Kind", "KINDS", "KIND_MODULES", "load_kind", "register_kind"]

#: Kind name -> the module of this package defining it (as ``KIND``).
KIND_MODULES: dict[str, str] = {
    "segmentation": "segmentation",  # cleaning, sentence and vocabulary statistics of a corpus
    "segmentation-eval": "segmentation_eval",  # sentence boundaries vs a hand-checked gold set, and pysbd
    "pipeline-speed": "pipeline_speed",  # files -> TF-IDF throughput and memory, vs scikit-learn
    "themes": "themes",  # the themes of a corpus (find_themes), with figures
    "themes-reading": "themes_reading",  # themes against a hand reading, over methods, units, k and seeds
    "topics": "topics",  # topic models over k and seeds: coherence, diversity, labels
    "topics-benchmark": "topics_benchmark",  # the OCTIS protocol (BERTopic paper, Table 1)
    "topics-labelled": "topics_labelled",  # topic models as clustering against folder labels
    "themes-labelled": "themes_labelled",  # find_themes (named or discovered) against labels, with speed
    "summaries": "summaries",  # summarisers against reference summaries (ROUGE)
    "summary-cost": "summary_cost",  # summarising time against document length
    "summarizer-speed": "summarizer_speed",  # native summarisers against sumy's, same inputs
    "multidoc": "multidoc",  # multi-document summaries of article clusters against pooled references
    "growth": "growth",  # every stage's time against input size on hostile patterns
}


def load_kind(name: str, module: str) -> Kind:
    """The :class:`Kind` that ``module`` (of this package) defines as ``KIND``, checked to be named ``name``.

    Raises
    ------
    ModuleNotFoundError
        No such module.
    TypeError, ValueError
        The module defines no ``KIND``, or one of another name.
    """
    mod = importlib.import_module(f"{__name__}.{module}")
    kind = getattr(mod, "KIND", None)
    if not isinstance(kind, Kind):
        raise TypeError(f"{mod.__name__}: defines no KIND (an experiment Kind)")
    if kind.name != name:
        raise ValueError(f"{mod.__name__}: KIND is named {kind.name!r}, its table entry {name!r}")
    return kind


#: Kind name -> :class:`Kind`: the table's kinds, and any added with :func:`register_kind`.
KINDS: dict[str, Kind] = {name: load_kind(name, module) for name, module in KIND_MODULES.items()}


def register_kind(kind: Kind) -> Kind:
    """Add ``kind`` to :data:`KINDS` (replacing one of the same name)."""
    KINDS[kind.name] = kind
    return kind
