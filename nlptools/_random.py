"""One meaning of ``random_state`` across the library (scikit-learn's).

An int is the seed; a :class:`numpy.random.RandomState` gives a seed drawn
from it; ``None`` draws a seed from numpy's global random state, so it is not
reproducible. Every default in the library and every command-line option is
an explicit int, so outputs are reproducible unless a caller asks otherwise.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from .errors import ParameterError

__all__ = ["int_seed"]


def int_seed(random_state: Any) -> int:
    """An int seed from ``random_state``.

    Parameters
    ----------
    random_state : int, numpy.random.RandomState or None
        The int itself; else a seed drawn from the RandomState (``None``:
        numpy's global one).

    Returns
    -------
    int

    Raises
    ------
    ParameterError
        For anything else (a bool, a float, a numpy ``Generator``...).
    """
    if isinstance(random_state, numbers.Integral) and not isinstance(random_state, bool):
        return int(random_state)
    if random_state is None or isinstance(random_state, np.random.RandomState):
        from sklearn.utils import check_random_state

        return int(check_random_state(random_state).randint(np.iinfo(np.int32).max))
    raise ParameterError(f"random_state: must be an int, a numpy RandomState or None, got {random_state!r}")
