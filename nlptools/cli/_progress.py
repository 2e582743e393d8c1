"""Progress on stderr for the long steps: a bar over the articles cleaned, a live timer over a fit.

Shown only when stderr is a terminal and ``-q`` was not given, so pipes,
logs and tests stay clean. Warnings logged meanwhile are written above the
bar instead of through it.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
import threading
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

__all__ = ["enabled", "is_terminal", "track", "step"]

T = TypeVar("T")

#: Seconds between two redraws of a step's timer.
_TICK = 0.5


def is_terminal(stream: Any) -> bool:
    """Whether ``stream`` is a terminal (False for a closed or missing stream)."""
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def enabled(args: argparse.Namespace) -> bool:
    """Whether to show progress: stderr is a terminal and neither ``-q`` nor ``--quiet`` was given."""
    return not getattr(args, "quiet", False) and is_terminal(sys.stderr)


@contextlib.contextmanager
def _above_the_bar() -> Iterator[None]:
    from tqdm.contrib.logging import logging_redirect_tqdm

    with logging_redirect_tqdm(loggers=[logging.getLogger("nlptools"), logging.getLogger("py.warnings")]):
        yield


def track(items: Iterable[T], *, desc: str, show: bool, total: int | None = None, unit: str = "it") -> Iterator[T]:
    """``items``, with a progress bar on stderr when ``show``."""
    if not show:
        yield from items
        return
    from tqdm.auto import tqdm

    with _above_the_bar():
        bar = tqdm(items, desc=desc, total=total, unit=unit, file=sys.stderr, leave=False, dynamic_ncols=True)
        try:
            yield from bar
        finally:
            bar.close()


@contextlib.contextmanager
def step(desc: str, *, show: bool) -> Iterator[None]:
    """A step whose length is unknown in advance (a theme fit): its name and a live elapsed time on stderr."""
    if not show:
        yield
        return
    from tqdm.auto import tqdm

    bar: Any = tqdm(total=None, desc=desc, bar_format="{desc}: {elapsed}", file=sys.stderr, leave=False)
    done = threading.Event()

    def tick() -> None:
        while not done.wait(_TICK):
            bar.refresh()

    ticker = threading.Thread(target=tick, name="nlptools-progress", daemon=True)
    with _above_the_bar():
        ticker.start()
        try:
            yield
        finally:
            done.set()
            ticker.join()
            bar.close()
