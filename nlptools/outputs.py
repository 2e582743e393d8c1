"""Writing results safely: atomic files and fresh run folders.

Nothing nlptools writes is ever left half-written or silently replaced: a
file is written to a temporary name beside its target and renamed into place
(atomic on POSIX), and each run of a job gets a folder of its own.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
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
    "escape_markdown",
    "check_writable",
    "claim_folder",
    "LOCK_NAME",
]

#: The lock file :func:`claim_folder` holds in a folder while a job writes into it (hidden: never read).
LOCK_NAME = ".nlptools.lock"

# Line breaks (every kind Unicode knows), other control characters (C0, DEL, C1), lone surrogates.
_MD_FOLD = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
# Characters with a meaning in Markdown (CommonMark, GFM tables, strikethrough, math).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]()#|!~$])")
# What would start a block at the beginning of a line: a list item, a heading underline, "1." / "1)".
_MD_BLOCK_START = re.compile(r"^(\d{1,9})([.)])|^([-+=])")


def escape_markdown(text: str) -> str:
    r"""``text`` made inert in Markdown: shown as written, never as markup.

    For untrusted fields (titles, ids, file names, theme names, sentences)
    written into Markdown. ``&``, ``<`` and ``>`` become HTML entities (no raw
    HTML reaches a renderer); the characters with a meaning in Markdown
    (``\ ` * _ [ ] ( ) # | ! ~ $``) get a backslash; a leading ``-``,
    ``+``, ``=`` or ``1.`` / ``1)`` that would start a list or a heading is
    escaped; line breaks, control characters and lone surrogates become
    spaces (a field never starts a new line), and the result is stripped.

    Examples
    --------
    >>> print(escape_markdown("<img src=x>\n## Injected"))
    &lt;img src=x&gt; \#\# Injected
    >>> print(escape_markdown("- 3 [links](x)"))
    \- 3 \[links\]\(x\)
    """
    text = _MD_FOLD.sub(" ", str(text)).strip()
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_BLOCK_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(1) else f"\\{m.group(3)}", text)


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


def check_writable(path: str | os.PathLike[str], *, what: str = "") -> None:
    """Raise :class:`OutputError` now if folder ``path`` could not be created or written later.

    Nothing is created: the nearest existing folder on the way must be a
    writable folder. For checking an output option before the work.
    """
    p = Path(path)
    label = f"{what} {p}" if what else str(p)
    probe = p
    while not os.path.lexists(probe):
        if probe.parent == probe:
            break
        probe = probe.parent
    if probe.exists() and not probe.is_dir():
        if probe == p:
            raise OutputError(f"{label}: exists and is not a folder")
        raise OutputError(f"{label}: cannot be created, {probe} is a file, not a folder")
    if not os.access(probe, os.W_OK | os.X_OK):
        where = "the output folder is" if probe == p else f"{probe} is"
        raise OutputError(f"{label}: {where} not writable")


@contextlib.contextmanager
def claim_folder(path: str | os.PathLike[str], *, what: str = "") -> Iterator[Path]:
    """Hold an exclusive claim on output folder ``path`` while a job writes into it.

    The folder is created if need be (an unwritable one is an
    :class:`OutputError` now, before any work), and a lock file
    (:data:`LOCK_NAME`, locked with ``flock``, so a killed job never leaves
    a stale claim) is held until the block ends and then removed. A second
    job claiming the same folder meanwhile gets an :class:`OutputError`:
    two jobs never write into one folder at once, so neither result
    silently replaces the other. If the block fails and the folder was
    created for it, the folder is removed again when empty.

    Yields
    ------
    Path
        The folder.
    """
    p = Path(path)
    label = f"{what} {p}" if what else str(p)
    created = not os.path.lexists(p)
    ensure_dir(p)
    fd = _lock(p / LOCK_NAME, label)
    ok = False
    try:
        yield p
        ok = True
    finally:
        _unlink_quietly(p / LOCK_NAME)
        os.close(fd)
        if created and not ok:
            with contextlib.suppress(OSError):
                p.rmdir()  # only when empty: a failed job leaves no empty output folder


def _lock(lock: Path, label: str) -> int:
    """An open descriptor holding the exclusive lock on ``lock`` (created if need be)."""
    busy = OutputError(
        f"{label}: another nlptools job is writing into this folder now (it holds {lock.name}); "
        "wait for it to end or choose another folder"
    )
    try:
        import fcntl
    except ImportError:  # no flock (Windows): a create-only claim
        try:
            return os.open(lock, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o644)
        except FileExistsError:
            raise busy from None
        except OSError as exc:
            raise OutputError(f"{label}: cannot be written ({exc.strerror or exc})") from exc
    for _ in range(10):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_RDWR, 0o644)
        except OSError as exc:
            raise OutputError(f"{label}: cannot be written ({exc.strerror or exc})") from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise busy from None
        except OSError:
            return fd  # a file system without locks: the claim is only the lock file
        # the holder before us may have removed the file between our open and our lock: lock the new one
        try:
            same = os.stat(lock).st_ino == os.fstat(fd).st_ino
        except OSError:
            same = False
        if same:
            return fd
        os.close(fd)
    raise busy


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


def _unlink_quietly(path: str | os.PathLike[str]) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def atomic_write_files(
    files: Mapping[str | os.PathLike[str], str | bytes],
    *,
    remove: Iterable[str | os.PathLike[str]] = (),
    ready: Mapping[Path, Path] | None = None,
) -> list[Path]:
    """Write several files as one set: every file to a temporary name first, then all renamed into place.

    A failure while writing (full disk, permissions) removes the temporary
    files and leaves every existing target untouched, so a set of outputs
    (``digest.json`` and its ``digest.md``) is never half old, half new.
    An interruption (Ctrl-C, any exception) between the renames rolls the
    set back: each target replaced so far gets its earlier content again
    (kept under a hard link until the set is complete), a new one is
    removed, and no temporary file is left. ``str`` content is written as
    UTF-8.

    Parameters
    ----------
    files : mapping of path to str or bytes
        The set's files and their content.
    remove : iterable of path, optional
        Files of an earlier set that are not in this one (an earlier
        ``digest.html`` when no page is written now): removed with the set,
        restored if it rolls back.
    ready : mapping of path to path, optional
        Files already written under a temporary name (a stream too large to
        hold, such as ``documents.jsonl``), in the target's folder: renamed
        into place with the set. Their name must end in ``.tmp``.

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
            except BaseException:
                os.close(fd)
                raise
            with handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
    except BaseException as exc:
        for tmp_name, _ in pending:
            _unlink_quietly(tmp_name)
        if isinstance(exc, OSError):
            raise OutputError(f"{target}: cannot be written ({exc.strerror or exc})") from exc
        raise
    for name, tmp in (ready or {}).items():
        if not str(tmp).endswith(".tmp"):
            raise ValueError(f"ready: {tmp} must end in .tmp")
        pending.append((str(tmp), Path(name)))
    _commit(pending, [Path(p) for p in remove if os.path.lexists(p)])
    return [t for _, t in pending]


def _keep_a_copy(path: Path, backup: str) -> None:
    """``backup`` as a hard link to ``path`` (a copy where the file system has no hard links)."""
    try:
        os.link(path, backup)
    except OSError:
        shutil.copy2(path, backup)


def _commit(pending: list[tuple[str, Path]], stale: list[Path]) -> None:
    """Rename written temporaries into place and remove ``stale`` files, all or nothing."""
    done: list[tuple[str, Path, str | None]] = []  # (temporary, target, its backup or None if it is new)
    removed: list[tuple[Path, str]] = []  # (stale file, where it waits)
    target = Path(".")
    try:
        for tmp_name, target in pending:
            backup = tmp_name[: -len(".tmp")] + ".old.tmp" if os.path.lexists(target) else None
            # recorded before acting: an interruption at any point is rolled back right
            done.append((tmp_name, target, backup))
            if backup is not None:
                _keep_a_copy(target, backup)  # the earlier content stays until the set is complete
            os.replace(tmp_name, target)
        for path in stale:
            target = path
            parked = str(path.parent / f".{path.name}.{os.getpid()}.old.tmp")
            removed.append((path, parked))
            os.replace(path, parked)
    except BaseException as exc:
        # roll back, newest first: the earlier set comes back whole
        for path, parked in reversed(removed):
            try:
                os.replace(parked, path)
            except OSError:
                pass
        for tmp_name, done_target, backup in reversed(done):
            if os.path.lexists(tmp_name):  # not renamed yet: the target is untouched
                if backup is not None:
                    _unlink_quietly(backup)
                continue
            try:
                if backup is None:
                    os.unlink(done_target)
                else:
                    os.replace(backup, done_target)
            except OSError:
                pass
        for tmp_name, _ in pending:
            _unlink_quietly(tmp_name)
        if isinstance(exc, OSError):
            raise OutputError(f"{target}: cannot be written ({exc.strerror or exc})") from exc
        raise
    for _, _, backup in done:
        if backup is not None:
            _unlink_quietly(backup)
    for _, parked in removed:
        _unlink_quietly(parked)


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
