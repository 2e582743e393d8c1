"""Running an experiment: a fresh run folder, the kind's runner, metrics and manifest.

:func:`run_experiment` makes a new folder under ``out`` (never overwriting an
earlier run) and writes, atomically:

``config.toml``
    The config file as read.
``config.resolved.json``
    Every setting with its default filled in, and the input paths resolved.
``metrics.json``
    What the kind's runner measured: sorted keys, no NaN, no timings and no
    absolute paths, so the same config and inputs give the same bytes.
``timings.json``
    Wall-clock seconds per stage (kept apart because they vary).
tables (``.csv``), figures (``.png``), other outputs of the kind
``manifest.json``
    Git commit and dirty flag, Python and package versions, seeds, and the
    SHA-256 of the config, of every input file and of every output file.
"""

from __future__ import annotations

import contextlib
import csv
import io
import logging
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import NlptoolsError, OutputError, ParameterError
from ..outputs import atomic_write_text, dumps_json, new_run_dir, write_json
from .config import Experiment, load_config
from .manifest import environment, file_records, git_info, package_versions, sha256_file

logger = logging.getLogger(__name__)

__all__ = ["RunContext", "RunResult", "run_experiment"]


class RunContext:
    """What a kind's runner gets besides its settings: the run folder and helpers.

    Attributes
    ----------
    experiment : Experiment
    out : Path
        The run folder.
    seed : int
        The experiment's base seed.
    timings : dict of str to float
        Seconds per stage, filled by :meth:`timed`.
    """

    def __init__(self, experiment: Experiment, out: Path, *, progress: bool = False) -> None:
        self.experiment = experiment
        self.out = out
        self.seed = experiment.seed
        self.show_progress = progress
        self.timings: dict[str, float] = {}
        self._inputs: list[Path] = []
        self._seeds: list[int] = [experiment.seed]

    # -- bookkeeping -------------------------------------------------------------
    def add_inputs(self, paths: Iterable[str | os.PathLike[str]]) -> None:
        """Record input files (hashed into the manifest)."""
        self._inputs.extend(Path(p) for p in paths)

    def add_seeds(self, seeds: Iterable[int]) -> None:
        """Record random seeds the run used besides the base seed."""
        for s in seeds:
            if s not in self._seeds:
                self._seeds.append(int(s))

    @property
    def inputs(self) -> list[Path]:
        return list(self._inputs)

    @property
    def seeds(self) -> list[int]:
        return list(self._seeds)

    @contextlib.contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        """Add the wall-clock time of the block to ``timings[stage]``."""
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.timings[stage] = self.timings.get(stage, 0.0) + time.perf_counter() - t0

    def progress(
        self, iterable: Iterable[Any], *, desc: str, total: int | None = None, unit: str = "it"
    ) -> Iterable[Any]:
        """``iterable`` with a tqdm progress bar on stderr when progress is on."""
        if not self.show_progress:
            return iterable
        from tqdm.auto import tqdm

        return tqdm(iterable, desc=desc, total=total, unit=unit, file=sys.stderr, leave=False, dynamic_ncols=True)

    # -- outputs -----------------------------------------------------------------
    def path(self, name: str) -> Path:
        """``out/name``, refusing names that leave the run folder or clobber its bookkeeping files."""
        p = Path(name)
        if p.is_absolute() or ".." in p.parts or not p.parts:
            raise ParameterError(f"name: {name!r} must be a relative path inside the run folder")
        if str(p) in _RESERVED:
            raise ParameterError(f"name: {name!r} is written by the runner itself")
        target = self.out / p
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def write_json(self, name: str, value: Any) -> Path:
        """Deterministic JSON (sorted keys, no NaN), atomically."""
        return write_json(self.path(name), value)

    def write_jsonl(self, name: str, rows: Iterable[Mapping[str, Any]]) -> Path:
        """One compact JSON object a line (sorted keys), atomically."""
        text = "".join(dumps_json(r, indent=None) for r in rows)
        return atomic_write_text(self.path(name), text)

    def write_table(self, name: str, rows: Sequence[Mapping[str, Any]], columns: Sequence[str] | None = None) -> Path:
        """Rows of a table as CSV (``\\n`` line ends, floats at full precision), atomically.

        ``columns`` defaults to the keys of the first row, in order.
        """
        cols = list(columns) if columns is not None else (list(rows[0]) if rows else [])
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(cols)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in cols])
        return atomic_write_text(self.path(name), buf.getvalue())

    def figure(self, name: str, draw: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Path | None:
        """Draw a figure with ``draw(*args, **kwargs)`` (returning a Figure or Axes) and save it as PNG.

        A figure the data cannot support (an :class:`NlptoolsError` from the
        plot function, e.g. too few points) is skipped with a warning; the
        run goes on. The figure is closed after saving.
        """
        from ..plots import save_figure

        try:
            drawn = draw(*args, **kwargs)
        except NlptoolsError as exc:
            logger.warning("figure %s skipped: %s", name, exc)
            return None
        fig = drawn if hasattr(drawn, "savefig") else drawn.figure
        try:
            return save_figure(fig, self.path(name))
        finally:
            import matplotlib.pyplot as plt

            plt.close(fig)


# A cell a spreadsheet would run as a formula (OWASP "CSV injection"), unless it is a plain number.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def _inert(text: str) -> str:
    """``text`` safe in a CSV cell: ``'`` before what a spreadsheet would run as a formula.

    A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
    return gets a leading ``'`` (OWASP), unless it is a plain number
    (``-3.5`` stays a number). Carriage returns become newlines, which the
    CSV writer quotes (it leaves a lone ``\r`` bare, and a reader would end
    the row there).
    """
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        text = "'" + text
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return "" if value != value else repr(value)
    if isinstance(value, int):
        return value
    if isinstance(value, (list, tuple)):
        return _inert(" ".join(str(v) for v in value))
    return _inert(str(value))


_RESERVED = frozenset({"config.toml", "config.resolved.json", "metrics.json", "timings.json", "manifest.json"})


@dataclass(frozen=True)
class RunResult:
    """What :func:`run_experiment` returns.

    Attributes
    ----------
    out : Path
        The run folder.
    metrics : dict
        As written to ``metrics.json``.
    manifest : dict
        As written to ``manifest.json``.
    timings : dict
        As written to ``timings.json``.
    """

    out: Path
    metrics: dict[str, Any]
    manifest: dict[str, Any]
    timings: dict[str, Any]


def run_experiment(
    config: Experiment | str | os.PathLike[str],
    *,
    out: str | os.PathLike[str] = "runs",
    data_dir: str | os.PathLike[str] | None = None,
    progress: bool | None = None,
    argv: Sequence[str] | None = None,
) -> RunResult:
    """Run an experiment into a new folder under ``out``.

    Parameters
    ----------
    config : Experiment or path-like
        A validated config, or the TOML file to load.
    out : path-like, default="runs"
        Parent folder; the run gets ``out/<name>`` (``<name>-2``, ... when
        taken).
    data_dir : path-like, optional
        The data folder for ``data`` paths (default ``$NLPTOOLS_DATA``);
        only used when ``config`` is a path.
    progress : bool, optional
        Progress bars on stderr (default: when stderr is a terminal).
    argv : sequence of str, optional
        The command line, recorded in the manifest.

    Returns
    -------
    RunResult

    Raises
    ------
    ConfigError, InputError, OutputError
        Bad config, missing input, unwritable output. A failure inside the
        run leaves ``error.json`` in the run folder and re-raises.
    """
    from .kinds import KINDS

    exp = config if isinstance(config, Experiment) else load_config(config, data_dir=data_dir)
    kind = KINDS[exp.kind]
    if progress is None:
        progress = bool(getattr(sys.stderr, "isatty", lambda: False)())
    exp.check_inputs()  # a missing input fails before a run folder exists
    started = time.time()
    t0 = time.perf_counter()
    run_dir = new_run_dir(out, name=exp.name)
    logger.info("experiment %s (%s): writing to %s", exp.name, exp.kind, run_dir)
    atomic_write_text(run_dir / "config.toml", exp.text)
    write_json(run_dir / "config.resolved.json", exp.resolved())
    ctx = RunContext(exp, run_dir, progress=progress)
    if exp.source is not None:
        ctx.add_inputs([exp.source])
    try:
        with ctx.timed("run"):
            metrics = kind.run(exp, ctx)
        if not isinstance(metrics, dict):
            raise TypeError(f"experiment kind {exp.kind!r} returned {type(metrics).__name__}, not a dict of metrics")
        metrics = {"experiment": exp.name, "kind": exp.kind, **metrics}
        write_json(run_dir / "metrics.json", metrics)
    except BaseException as exc:
        with contextlib.suppress(Exception):
            write_json(run_dir / "error.json", {"error": f"{type(exc).__name__}: {exc}"})
        logger.warning("experiment %s failed; partial outputs in %s", exp.name, run_dir)
        raise
    timings = {"stages_seconds": dict(sorted(ctx.timings.items())), "total_seconds": time.perf_counter() - t0}
    write_json(run_dir / "timings.json", timings)
    outputs = sorted(
        p for p in run_dir.rglob("*") if p.is_file() and p.name != "manifest.json" and not p.name.endswith(".tmp")
    )
    try:
        inputs = file_records(ctx.inputs)
    except OSError as exc:
        raise OutputError(f"manifest: cannot hash an input file ({exc})") from exc
    manifest = {
        "experiment": exp.name,
        "kind": exp.kind,
        "config": {"path": str(exp.source) if exp.source else None, "sha256": exp.sha256},
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
        "command": list(argv) if argv is not None else None,
        "git": git_info(),
        "environment": environment(),
        "packages": package_versions(),
        "seeds": ctx.seeds,
        "data_dir": str(exp.data_dir) if exp.data_dir else None,
        "inputs": inputs,
        "outputs": file_records(outputs, relative_to=run_dir),
    }
    write_json(run_dir / "manifest.json", manifest)
    logger.info("experiment %s done in %.1f s: %s", exp.name, timings["total_seconds"], run_dir)
    return RunResult(out=run_dir, metrics=metrics, manifest=manifest, timings=timings)


def verify_run(run_dir: str | os.PathLike[str]) -> list[str]:
    """Check a run folder against its manifest: the output files whose hash changed or that are missing."""
    import json

    folder = Path(run_dir)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    bad = []
    for rec in manifest["outputs"]:
        p = folder / rec["path"]
        if not p.is_file() or sha256_file(p) != rec["sha256"]:
            bad.append(rec["path"])
    return bad
