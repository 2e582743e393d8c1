"""``kind = "themes-reading"``: themes against a hand reading, over methods, passage units, k and seeds.

Cleans the ``[corpus]``, reads the hand reading (``[reading] file``: every
sentence's acceptable themes, every article's themes; see
:mod:`nlptools.benchmarks.reading`) and runs
:func:`~nlptools.benchmarks.reading.reading_protocol`: ``find_themes`` for
each method, unit, k (0: auto) and seed, each run scored against the
reading, means over the seeds, and the agreement between methods. Writes
``metrics.json`` (summary, agreement and every run), ``summary.csv``,
``agreement.csv`` and, for the run named in ``[reading.disagreements]``,
``disagreements.csv`` (every sentence where that run and the reader differ).

Example config: ``experiments/themes_seeds_reading.toml``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Literal

from ..config import CleaningSettings, CorpusSettings, Experiment
from ..schema import SchemaError, suggest
from ._corpus import config_file, load_articles
from .base import Kind

logger = logging.getLogger(__name__)

__all__ = ["DisagreementSettings", "ReadingSettings", "run", "KIND"]

Unit = Literal["sentence", "paragraph"]


@dataclass(frozen=True)
class DisagreementSettings:
    """``[reading.disagreements]``: the run whose disagreements with the reader are listed."""

    method: str = "lda"
    unit: Unit = "paragraph"
    k: int = field(default=5, metadata={"min": 0})
    seed: int = field(default=0, metadata={"min": 0})


@dataclass(frozen=True)
class ReadingSettings:
    """``[reading]``.

    Attributes
    ----------
    file : str
        The hand reading (JSON), relative to the config file.
    lexicon : str, optional
        A theme lexicon (TOML), relative to the config file.
    methods : array of str
        Theme methods (:func:`nlptools.themes.theme_methods`).
    units : array of {"sentence", "paragraph"}
    k : array of int
        Numbers of themes; 0 lets ``find_themes`` choose.
    seeds : array of int
    disagreements : table, optional
        ``method``, ``unit``, ``k``, ``seed`` of the run to list disagreements of (one of the grid).
    """

    file: str
    lexicon: str | None = None
    methods: tuple[str, ...] = field(default=("lda", "nmf", "kmeans"), metadata={"nonempty": True})
    units: tuple[Unit, ...] = field(default=("sentence", "paragraph"), metadata={"nonempty": True})
    k: tuple[int, ...] = field(default=(3, 4, 5, 6, 0), metadata={"min": 0, "nonempty": True})
    seeds: tuple[int, ...] = field(default=(0, 1, 2), metadata={"min": 0, "nonempty": True})
    disagreements: DisagreementSettings | None = None

    def check(self) -> None:
        from ...themes import theme_methods

        known = theme_methods()
        for i, m in enumerate(self.methods):
            if m not in known:
                raise SchemaError(
                    f"methods[{i}]", f"methods[{i}]: unknown method {m!r}{suggest(m, known)}; known: {', '.join(known)}"
                )
        for name in ("methods", "units", "k", "seeds"):
            values = getattr(self, name)
            if len(set(values)) != len(values):
                raise SchemaError(name, f"{name}: a value is listed twice")
        d = self.disagreements
        if d is not None:
            for name, grid in (("method", self.methods), ("unit", self.units), ("k", self.k), ("seed", self.seeds)):
                if getattr(d, name) not in grid:
                    raise SchemaError(
                        f"disagreements.{name}",
                        f"disagreements.{name}: {getattr(d, name)!r} is not in the grid's {name}s",
                    )


def _check(exp: Experiment) -> None:
    rs: ReadingSettings = exp["reading"]
    config_file(exp, rs.file, "reading.file")
    if rs.lexicon is not None:
        config_file(exp, rs.lexicon, "reading.lexicon")


def run(exp: Experiment, ctx: Any) -> dict[str, Any]:
    from ...benchmarks.reading import disagreements, load_reading, reading_protocol
    from ...cleaning import Cleaner
    from ...themes import load_lexicon

    rs: ReadingSettings = exp["reading"]
    ctx.add_seeds(rs.seeds)
    reading_path = config_file(exp, rs.file, "reading.file")
    reading = load_reading(reading_path)
    ctx.add_inputs([reading_path])
    lexicon = None
    if rs.lexicon is not None:
        lexicon_path = config_file(exp, rs.lexicon, "reading.lexicon")
        lexicon = load_lexicon(lexicon_path)
        ctx.add_inputs([lexicon_path])
    corpus, _ = load_articles(exp, ctx)
    cleaner = Cleaner(rules=exp["cleaning"].rules)
    with ctx.timed("clean"):
        docs = [c for c in (cleaner(d) for d in corpus) if c.body]
    with ctx.timed("themes"):
        report, results = reading_protocol(
            docs,
            reading,
            lexicon=lexicon,
            methods=list(rs.methods),
            units=list(rs.units),
            ks=list(rs.k),
            seeds=list(rs.seeds),
        )
    ctx.write_table(
        "summary.csv",
        report["summary"],
        columns=[
            "method",
            "unit",
            "k",
            "seeds",
            "k_used",
            "accuracy",
            "accuracy_named",
            "article_main",
            "article_top2",
        ],
    )
    ctx.write_table("agreement.csv", report["agreement"], columns=["a", "b", "unit", "k", "nmi", "ari", "same_theme"])
    if rs.disagreements is not None:
        d = rs.disagreements
        chosen = results[(d.method, d.unit, "auto" if d.k == 0 else str(d.k), d.seed)]
        rows = disagreements(chosen, reading, {c.id: c.text for c in docs})
        ctx.write_table(
            "disagreements.csv", rows, columns=["document", "sentence", "model", "model_theme", "reader", "text"]
        )
        report["disagreements"] = {
            "run": {"method": d.method, "unit": d.unit, "k": d.k, "seed": d.seed},
            "n": len(rows),
        }
    return report


KIND = Kind(
    name="themes-reading",
    sections={"corpus": CorpusSettings, "cleaning": CleaningSettings, "reading": ReadingSettings},
    run=run,
    description="themes against a hand reading of every sentence, over methods, passage units, k and seeds",
    check=_check,
)
