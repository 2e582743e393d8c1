"""Reproducible experiments: typed TOML configs, a registry of kinds, runs with manifests.

``nlptools run EXPERIMENT.toml`` (or :func:`run_experiment`) loads a config
(:func:`load_config`: every key checked, a misspelt one named with its file),
picks the runner of its ``kind`` (:data:`KINDS`), and writes a new run
folder with the resolved config, ``metrics.json`` (deterministic: same config
and inputs, same bytes), ``timings.json``, tables (CSV), figures (PNG) and
``manifest.json`` (git commit and dirty flag, versions, seeds, SHA-256 of
every input and output file).
"""

from __future__ import annotations

from .config import Experiment, load_config, parse_config, project_root, shared_data
from .kinds import KINDS, Kind, register_kind
from .runner import RunContext, RunResult, run_experiment, verify_run

__all__ = [
    "Experiment",
    "load_config",
    "parse_config",
    "project_root",
    "shared_data",
    "KINDS",
    "Kind",
    "register_kind",
    "RunContext",
    "RunResult",
    "run_experiment",
    "verify_run",
]
