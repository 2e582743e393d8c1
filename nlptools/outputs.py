"""Writing results safely: atomic files and fresh run folders.

Nothing nlptools writes is ever left half-written or silently replaced: a
file is written to a temporary name beside its target and renamed into place
(atomic on POSIX), and each run of a job gets a folder of its own.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .errors import OutputError

__all__ = [
    "atomic_write_text",
    "atomic_write_bytes",
    "atomic_write_files",
    "write_json",
    "dumps_json",
    "new_run_dir",
    "ensure_dir",
]


def ensure_dir(path: str | os.PathLike[str]) -> Path:
    """Create folder ``path`` (and parents) or raise :class:`OutputError` saying why not."""
    p = Path(path)
    try:
        p.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:
        raise OutputError(f"{p}: exists and is not a folder") from exc
    except OSError as exc:
        raise OutputError(f"{p}: cannot create the output folder ({exc.strerror or exc})") from exc
    if not os.access(p, os.W_OK):
        raise OutputError(f"{p}: the output folder is not writable")
    return p


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    On any failure (full disk, permissions) the temporary file is removed,
    an existing ``path`` is left untouched, and :class:`OutputError` says why.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600: give the file the usual permissions
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, target)
        tmp_name = None
    except OSError as exc:
        raise OutputError(f"{target}: cannot be written ({exc.strerror or exc})") from exc
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass
    return target


def atomic_write_files(files: Mapping[str | os.PathLike[str], str | bytes]) -> list[Path]:
    """Write several files as one set: every file to a temporary name first, then all renamed into place.

    A failure while writing (full disk, permissions) removes the temporary
    files and leaves every existing target untouched, so a set of outputs
    (``digest.json`` and its ``digest.md``) is never half old, half new.
    ``str`` content is written as UTF-8.

    Returns
    -------
    list of Path
        The targets, in the order given.

    Raises
    ------
    OutputError
        Naming the file that could not be written and why.
    """
    pending: list[tuple[str, Path]] = []
    target = Path(".")
    try:
        for name, content in files.items():
            target = Path(name)
            data = content.encode("utf-8") if isinstance(content, str) else content
            folder = target.parent if str(target.parent) else Path(".")
            fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
            pending.append((tmp_name, target))
            try:
                os.fchmod(fd, 0o666 & ~_umask())
                handle = os.fdopen(fd, "wb")
            except OSError:
                os.close(fd)
                raise
            with handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        for tmp_name, target in pending:
            os.replace(tmp_name, target)
    except OSError as exc:
        for tmp_name, _ in pending:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass
        raise OutputError(f"{target}: cannot be written ({exc.strerror or exc})") from exc
    return [t for _, t in pending]


def atomic_write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` (UTF-8) atomically; see :func:`atomic_write_bytes`."""
    return atomic_write_bytes(path, text.encode("utf-8"))


def _clean_json(value: Any) -> Any:
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None
        return value
    if isinstance(value, dict):
        return {str(k): _clean_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean_json(v) for v in value]
    if hasattr(value, "item") and callable(value.item):  # numpy scalars
        return _clean_json(value.item())
    if hasattr(value, "tolist"):
        return _clean_json(value.tolist())
    return value


def dumps_json(value: Any, *, sort_keys: bool = True, indent: int | None = 2) -> str:
    """Deterministic JSON: sorted keys, NaN/inf as null, numpy values as Python ones."""
    return (
        json.dumps(_clean_json(value), sort_keys=sort_keys, indent=indent, ensure_ascii=False, allow_nan=False) + "\n"
    )


def write_json(path: str | os.PathLike[str], value: Any, *, sort_keys: bool = True) -> Path:
    """Write ``value`` as deterministic JSON, atomically."""
    return atomic_write_text(path, dumps_json(value, sort_keys=sort_keys))


def new_run_dir(parent: str | os.PathLike[str], *, name: str = "run", force: bool = False) -> Path:
    """A fresh folder for one run's outputs under ``parent``.

    ``parent/name`` if it does not exist yet (or ``force``), otherwise
    ``parent/name-2``, ``name-3``, ...: an earlier run is never overwritten.
    """
    base = ensure_dir(parent)
    candidate = base / name
    if force:
        return ensure_dir(candidate)
    k = 1
    while True:
        try:
            candidate.mkdir()
            return candidate
        except FileExistsError:
            k += 1
            candidate = base / f"{name}-{k}"
        except OSError as exc:
            raise OutputError(f"{candidate}: cannot create the run folder ({exc.strerror or exc})") from exc
