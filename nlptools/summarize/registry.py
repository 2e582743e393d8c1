"""Summarisation methods by name: native rankers and sumy's, behind one protocol.

One table, :data:`NATIVE_METHODS`, maps each native method's name to its
ranker class; sumy's methods come from the adapter's own table
(:data:`~.rankers.sumy.SUMY_ALGORITHMS`), each named with the ``sumy-``
prefix. Adding a summariser touches two files: its module under
:mod:`.rankers` and the table here.
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable
from typing import Any

from ..errors import ParameterError
from .rankers.baselines import LeadRanker, RandomRanker
from .rankers.centroid import CentroidRanker
from .rankers.coverage import ConceptRanker, SubmodularRanker
from .rankers.graph import LexRankRanker, TextRankRanker
from .rankers.sumy import SUMY_ALGORITHMS, SumyRanker
from .types import Ranker

logger = logging.getLogger(__name__)

__all__ = ["NATIVE_METHODS", "SUMY_METHODS", "method_names", "get_ranker"]

#: Native methods: name -> ranker class.
NATIVE_METHODS: dict[str, type[Ranker]] = {
    "lead": LeadRanker,
    "random": RandomRanker,
    "centroid": CentroidRanker,
    "textrank": TextRankRanker,
    "lexrank": LexRankRanker,
    "submodular": SubmodularRanker,  # Lin and Bilmes 2011: coverage + diversity, budgeted greedy
    "ilp": ConceptRanker,  # Gillick and Favre 2009 (ICSISumm): bigram concept coverage ILP
}

#: sumy's methods, always named with the ``sumy-`` prefix.
SUMY_METHODS: tuple[str, ...] = tuple(f"sumy-{a}" for a in sorted(SUMY_ALGORITHMS))


def method_names(*, sumy: bool = True) -> list[str]:
    """Every method name the registry knows (native first, then ``sumy-*``)."""
    return list(NATIVE_METHODS) + (list(SUMY_METHODS) if sumy else [])


@functools.cache
def _takes_random_state(name: str) -> bool:
    # inspect.signature is slow; a ranker class's signature never changes
    return "random_state" in inspect.signature(NATIVE_METHODS[name]).parameters


def get_ranker(method: str | Ranker, *, random_state: int | None = 0, **params: Any) -> Ranker:
    """The ranker registered as ``method``, built with ``params``.

    Parameters
    ----------
    method : str or Ranker
        A name from :func:`method_names` (a :class:`Ranker` is returned as is).
    random_state : int, numpy.random.RandomState or None, default=0
        Seed, for the methods that draw at random (``random``); ignored by the others.
        ``None``: a seed drawn from numpy's global random state (see :class:`~.types.Ranker`).
    **params
        Parameters of the ranker (e.g. ``damping=0.9`` for ``lexrank``).

    Raises
    ------
    ParameterError
        For an unknown name (the message lists the valid ones) or parameter.
    """
    if isinstance(method, Ranker):
        if params:
            raise ParameterError(f"method: parameters {sorted(params)} given with a ranker instance")
        return method
    if not isinstance(method, str):
        raise ParameterError(f"method: expected a method name, got {type(method).__name__}")
    name = method.strip().lower()
    factory: Callable[..., Ranker]
    if name in NATIVE_METHODS:
        factory = NATIVE_METHODS[name]
        if _takes_random_state(name):
            params = {"random_state": random_state, **params}
    elif name in SUMY_METHODS:
        algorithm = name.removeprefix("sumy-")

        def factory(**kw: Any) -> Ranker:
            return SumyRanker(algorithm, **kw)
    else:
        raise ParameterError(f"method: unknown method {method!r}; valid methods are {', '.join(method_names())}")
    try:
        return factory(**params)
    except TypeError as exc:
        raise ParameterError(f"method {name!r}: bad parameters {sorted(params)} ({exc})") from exc
