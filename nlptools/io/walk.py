"""Walking a folder of articles: sorted, hidden files and symlink loops skipped, other file types reported once."""

from __future__ import annotations

import logging
import os
from pathlib import Path

logger = logging.getLogger(__name__)

__all__ = ["CONFIG_SUFFIXES", "walk_files"]

#: Configuration files that may sit beside articles (a theme lexicon): never articles, never warned about.
CONFIG_SUFFIXES = frozenset({".toml", ".ini", ".cfg", ".yaml", ".yml"})


def walk_files(root: Path, suffixes: frozenset[str]) -> list[Path]:
    """All files under ``root`` with an allowed suffix, sorted, symlink loops broken.

    Hidden files and folders (a leading ``.``) are left out silently, and so
    are configuration files (:data:`CONFIG_SUFFIXES`); files of other types
    (images, archives) are left out with one warning naming them.

    Parameters
    ----------
    root : Path
        The folder, searched recursively.
    suffixes : frozenset of str
        Lower-case suffixes with their dot (``""`` for files without one).

    Returns
    -------
    list of Path
        Sorted by their path relative to ``root``.
    """
    found: list[Path] = []
    other: list[Path] = []
    seen_dirs: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            st = folder.stat()
        except OSError as exc:
            logger.warning("%s: skipped, cannot be read (%s)", folder, exc.strerror or exc)
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen_dirs:
            logger.warning("%s: skipped, a symlink loop leads back to a folder already read", folder)
            continue
        seen_dirs.add(key)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            logger.warning("%s: skipped, cannot be listed (%s)", folder, exc.strerror or exc)
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir()
                is_file = entry.is_file()
            except OSError:
                logger.warning("%s: skipped, cannot be read", path)
                continue
            if is_dir:
                stack.append(path)
            elif is_file and path.suffix.lower() in suffixes:
                found.append(path)
            elif is_file:
                if path.suffix.lower() not in CONFIG_SUFFIXES:  # a lexicon or config beside the articles
                    other.append(path)
            else:
                logger.warning("%s: skipped, a broken link, a symlink loop or not a regular file", path)
    if other:
        other.sort()
        shown = ", ".join(str(p) for p in other[:5]) + (f" and {len(other) - 5} more" if len(other) > 5 else "")
        kinds = ", ".join(sorted({p.suffix.lower() or "(no suffix)" for p in other}))
        logger.warning("%s: skipped %d file(s) of unsupported type (%s): %s", root, len(other), kinds, shown)
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())
