"""The registry of experiment kinds.

A *kind* maps validated settings to a runner: it declares the config
sections it takes (each a settings dataclass) and a function
``run(experiment, ctx) -> metrics`` that calls the library and writes its
tables and figures through the :class:`~nlptools.experiment.runner.RunContext`.

Built-in kinds
--------------
``segmentation``
    Cleaning, sentence segmentation and vocabulary statistics of a corpus.
``themes``
    The themes of a corpus (:func:`nlptools.themes.find_themes`), with figures.
``topics``
    Topic models over a grid of k and seeds, scored by coherence,
    diversity and agreement with labels.
``topics-benchmark``
    The OCTIS protocol (BERTopic paper, Table 1) with the benchmark's model presets.
``topics-labelled``
    Topic models as clustering against folder labels (NMI, ARI, purity).
``summaries``
    Extractive summarisers against reference summaries (ROUGE).
``summary-cost``
    Summarising time against document length (times in ``timings.json``).

Add one with :func:`register_kind`. Kind modules import only cheap modules
at the top (settings are needed to parse a config); the heavy work is
imported inside ``run``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Kind", "KINDS", "register_kind"]


@dataclass(frozen=True)
class Kind:
    """One kind of experiment.

    Attributes
    ----------
    name : str
        The ``kind = "..."`` value of a config.
    sections : mapping of str to dataclass type
        The config sections it takes, in order.
    run : callable
        ``run(experiment, ctx) -> dict`` of metrics (deterministic values only).
    description : str
    check : callable, optional
        ``check(experiment)`` for rules across sections; raises ConfigError.
    """

    name: str
    sections: Mapping[str, type]
    run: Callable[..., dict[str, Any]]
    description: str = ""
    check: Callable[..., None] | None = field(default=None)


#: Kind name -> :class:`Kind`.
KINDS: dict[str, Kind] = {}


def register_kind(kind: Kind) -> Kind:
    """Add ``kind`` to :data:`KINDS` (replacing one of the same name)."""
    KINDS[kind.name] = kind
    return kind


for _module in ("segmentation", "themes", "topics", "topics_benchmark", "topics_labelled", "summaries", "summary_cost"):
    try:
        importlib.import_module(f"{__name__}.{_module}")
    except ModuleNotFoundError as _exc:  # a kind whose module is not written yet
        if _exc.name != f"{__name__}.{_module}":
            raise
