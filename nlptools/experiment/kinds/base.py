"""What an experiment kind is: its config sections and its runner."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Kind"]


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
