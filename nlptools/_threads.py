"""Thread counts of the numerical libraries, pinned so that results do not depend on the machine.

OpenBLAS (under numpy and scipy) splits a matrix product over its threads
and adds the parts in an order that depends on how many there are, so the
last bits of a float can change with the number of cores: measured on this
project, ``nlptools summarize --together`` scores differ in the 16th digit
between ``OPENBLAS_NUM_THREADS=1`` and ``2``. Ties between sentences or
topics can then break the other way. The command line therefore runs BLAS
and OpenMP pools on a fixed number of threads: ``NLPTOOLS_THREADS``, 1 by
default.

The embedder's tokenizer (HF ``tokenizers``) runs a thread pool of its own
(Rayon): it is pinned too, so that ``--jobs 1`` uses one core and ``--jobs
N`` processes do not compete for cores with each other's threads.

The pools read their environment variables when the library is first
loaded, so :func:`pin_threads` sets them (for libraries not loaded yet) and
also limits the pools already loaded (through ``threadpoolctl``).
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Iterator

from .errors import ParameterError

logger = logging.getLogger(__name__)

__all__ = ["pin_threads", "pinned_threads", "THREADS_ENV", "DEFAULT_THREADS", "MAX_THREADS"]

#: Environment variable holding the thread count (default :data:`DEFAULT_THREADS`).
THREADS_ENV = "NLPTOOLS_THREADS"
#: Threads when ``NLPTOOLS_THREADS`` is not set: one, the same result on every machine.
DEFAULT_THREADS = 1
#: The most threads accepted (BLAS libraries cap their pools far lower; a larger count is a typo).
MAX_THREADS = 1024

_POOL_VARIABLES = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "BLIS_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "NUMEXPR_NUM_THREADS",
    "RAYON_NUM_THREADS",  # the Rust thread pool of HF tokenizers (the embedder's tokenizer)
)


def _thread_count(n: int | None) -> int:
    if n is None:
        raw = os.environ.get(THREADS_ENV, "").strip()
        if not raw:
            return DEFAULT_THREADS
        if len(raw) > 12:  # int() of thousands of digits is slow, and far past MAX_THREADS anyway
            raise ParameterError(f"{THREADS_ENV}: expected an integer from 1 to {MAX_THREADS}, got {raw[:20]!r}...")
        try:
            n = int(raw)
        except ValueError:
            raise ParameterError(f"{THREADS_ENV}: expected an integer from 1 to {MAX_THREADS}, got {raw!r}") from None
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_THREADS:
        raise ParameterError(f"{THREADS_ENV}: expected an integer from 1 to {MAX_THREADS}, got {n!r}")
    return n


def pin_threads(n: int | None = None) -> int:
    """Run BLAS and OpenMP thread pools on ``n`` threads, in this process and its children.

    Parameters
    ----------
    n : int, optional
        Default: ``$NLPTOOLS_THREADS``, else 1.

    Returns
    -------
    int
        The thread count set.

    Raises
    ------
    ParameterError
        If ``n`` (or ``NLPTOOLS_THREADS``) is not a positive integer.
    """
    n = _thread_count(n)
    for name in _POOL_VARIABLES:
        os.environ[name] = str(n)  # read by pools loaded from now on (and by child processes)
    if "numpy" in sys.modules or "scipy" in sys.modules or "sklearn" in sys.modules:
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=n)  # the pools already loaded; stays in force (not used as a context)
    logger.debug("numerical thread pools pinned to %d thread(s)", n)
    return n


@contextlib.contextmanager
def pinned_threads(n: int | None = None) -> Iterator[int]:
    """:func:`pin_threads` for the duration of a ``with`` block; the environment and pools are restored after.

    This is what the command line uses, so that calling ``nlptools.cli.main``
    from Python (a notebook, a test) leaves the process as it was.
    """
    n = _thread_count(n)
    saved = {name: os.environ.get(name) for name in _POOL_VARIABLES}
    limiter = None
    try:
        for name in _POOL_VARIABLES:
            os.environ[name] = str(n)
        if "numpy" in sys.modules or "scipy" in sys.modules or "sklearn" in sys.modules:
            from threadpoolctl import threadpool_limits

            limiter = threadpool_limits(limits=n)
        yield n
    finally:
        if limiter is not None:
            limiter.restore_original_limits()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
