"""Run manifests: what code, environment, inputs and outputs made a run.

``manifest.json`` records the git commit of the nlptools source tree (and
whether it had uncommitted changes), the Python and package versions, the
random seeds, and the SHA-256 and size of every input file and every output
file of the run, so a result can be traced and checked later.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import logging
import os
import platform
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

__all__ = ["sha256_file", "git_info", "package_versions", "file_records", "PACKAGES"]

#: Distributions whose versions a manifest records (when installed).
PACKAGES = (
    "nlptools",
    "numpy",
    "scipy",
    "scikit-learn",
    "gensim",
    "sumy",
    "matplotlib",
    "simplemma",
    "rouge-score",
    "tqdm",
    "pysbd",
)


def sha256_file(path: str | os.PathLike[str], *, chunk: int = 1 << 20) -> str:
    """The SHA-256 hex digest of a file's bytes, read in chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            h.update(block)
    return h.hexdigest()


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        logger.debug("git %s: %s", " ".join(args), exc)
        return None
    return done.stdout if done.returncode == 0 else None


def git_info(root: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """The git state of ``root`` (default: the nlptools source tree).

    Returns
    -------
    dict
        ``commit`` (hex or None outside a repository), ``dirty`` (uncommitted
        changes to tracked files, or untracked files; None when unknown),
        ``changed`` (the porcelain status lines, at most 50), ``branch``.
    """
    base = Path(root) if root is not None else Path(__file__).resolve().parents[2]
    commit = _git(base, "rev-parse", "HEAD")
    if commit is None:
        return {"commit": None, "dirty": None, "branch": None, "changed": [], "root": str(base)}
    status = _git(base, "status", "--porcelain") or ""
    lines = [ln for ln in status.splitlines() if ln.strip()]
    branch = (_git(base, "rev-parse", "--abbrev-ref", "HEAD") or "").strip() or None
    return {"commit": commit.strip(), "dirty": bool(lines), "branch": branch, "changed": lines[:50], "root": str(base)}


def package_versions(names: Iterable[str] = PACKAGES) -> dict[str, str | None]:
    """Installed versions of ``names`` (None when not installed)."""
    out: dict[str, str | None] = {}
    for name in names:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = None
    return out


def environment() -> dict[str, Any]:
    """Python version, implementation, platform and machine."""
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "executable": sys.executable,
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
    }


def file_records(paths: Iterable[str | os.PathLike[str]], *, relative_to: Path | None = None) -> list[dict[str, Any]]:
    """``{path, bytes, sha256}`` for each file (sorted by path, duplicates removed)."""
    seen: dict[str, Path] = {}
    for p in paths:
        path = Path(p)
        name = str(path.relative_to(relative_to)) if relative_to is not None else str(path)
        seen[name] = path
    return [
        {"path": name, "bytes": path.stat().st_size, "sha256": sha256_file(path)} for name, path in sorted(seen.items())
    ]
