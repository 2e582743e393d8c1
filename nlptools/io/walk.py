"""Walking a folder of articles: sorted, each file once, nothing read from outside the folder.

The policy (:func:`walk_files`):

- **Symbolic links that point outside the input folder are skipped**, with a
  warning naming the link and its target (a link to ``~/.ssh/id_rsa`` or to
  ``/etc`` never reaches a digest). ``follow_links=True`` (the CLI's
  ``--follow-links``) reads them.
- Links whose target is inside the folder are read, and every file is read
  once: a file reached through a link and by its own path (or through two
  links, or a hard link) is read under its own path, or the first link in
  sorted order when its own path is not walked.
- Symlink loops are broken with a warning, so are broken links.
- Hidden files and folders (a leading ``.``) and configuration files are left
  out silently; other file types once, with one warning.
- The toolkit's own outputs are never read as input: in a folder holding a
  digest (``digest.json`` and ``digest.md``), the digest's files are left out;
  a folder holding an experiment run (``config.toml`` beside
  ``config.resolved.json``) is left out whole. So ``cd corpus && nlptools
  digest .`` can run twice without its ``runs/`` becoming articles.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

logger = logging.getLogger(__name__)

__all__ = ["CONFIG_SUFFIXES", "DIGEST_OUTPUTS", "RUN_SIGNATURE", "walk_files"]

#: Configuration files that may sit beside articles (a theme lexicon): never articles, never warned about.
CONFIG_SUFFIXES = frozenset({".toml", ".ini", ".cfg", ".yaml", ".yml"})
#: The files of a digest (``nlptools digest``): a folder holding the first two is a digest's folder,
#: and these files in it are outputs, never articles.
DIGEST_OUTPUTS = ("digest.json", "digest.md", "digest.html", "explore.html")
#: Files only an experiment run folder (``nlptools run``) holds together: such a folder is never read.
RUN_SIGNATURE = ("config.toml", "config.resolved.json")


def _inside(target: str, root: str) -> bool:
    return target == root or target.startswith(root.rstrip(os.sep) + os.sep)


def _describe(path: Path) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "?"


def walk_files(root: Path, suffixes: frozenset[str], *, follow_links: bool = False) -> list[Path]:
    """All files under ``root`` with an allowed suffix, sorted, each once, links kept inside ``root``.

    See the module docstring for the policy on links, hidden files, other
    file types and the toolkit's own outputs.

    Parameters
    ----------
    root : Path
        The folder, searched recursively.
    suffixes : frozenset of str
        Lower-case suffixes with their dot (``""`` for files without one).
    follow_links : bool, default=False
        Also read files and folders that symbolic links lead to outside
        ``root``; by default they are skipped with a warning.

    Returns
    -------
    list of Path
        Sorted by their path relative to ``root``.
    """
    real_root = os.path.realpath(root)
    found: list[tuple[Path, bool]] = []  # (path, reached through a link)
    other: list[Path] = []
    outputs: list[Path] = []
    seen_dirs: set[tuple[int, int]] = set()
    # real folders first, then folders reached through links: an alias of a folder read already is skipped
    stack: list[tuple[Path, bool]] = [(root, False)]
    linked_dirs: list[Path] = []
    while stack or linked_dirs:
        if stack:
            folder, via_link = stack.pop()
        else:
            folder, via_link = linked_dirs.pop(0), True
        try:
            st = folder.stat()
        except OSError as exc:
            logger.warning("%s: skipped, cannot be read (%s)", folder, exc.strerror or exc)
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen_dirs:
            logger.warning("%s: skipped, a symlink loop or a second link leads to a folder already read", folder)
            continue
        seen_dirs.add(key)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            logger.warning("%s: skipped, cannot be listed (%s)", folder, exc.strerror or exc)
            continue
        names = {e.name for e in entries}
        if folder != root and all(n in names for n in RUN_SIGNATURE):
            logger.warning("%s: skipped, an nlptools run folder (outputs are never read as articles)", folder)
            continue
        digest_folder = all(n in names for n in DIGEST_OUTPUTS[:2])
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            if digest_folder and entry.name in DIGEST_OUTPUTS:
                outputs.append(path)
                continue
            try:
                is_link = entry.is_symlink()
                is_dir = entry.is_dir()
                is_file = entry.is_file()
            except OSError:
                logger.warning("%s: skipped, cannot be read", path)
                continue
            if is_link and (is_dir or is_file) and not follow_links:
                target = os.path.realpath(path)
                if not _inside(target, real_root):
                    logger.warning(
                        "%s: skipped, a symbolic link to %s outside the input folder "
                        "(follow_links=True / --follow-links reads it)",
                        path,
                        target,
                    )
                    continue
            if is_dir:
                if is_link:
                    linked_dirs.append(path)
                else:
                    stack.append((path, via_link))
            elif is_file and path.suffix.lower() in suffixes:
                found.append((path, is_link or via_link))
            elif is_file:
                if path.suffix.lower() not in CONFIG_SUFFIXES:  # a lexicon or config beside the articles
                    other.append(path)
            elif is_link:
                logger.warning("%s: skipped, a broken link or a symlink loop (-> %s)", path, _describe(path))
            else:
                logger.warning("%s: skipped, not a regular file (a pipe, socket or device?)", path)
    if outputs:
        outputs.sort()
        logger.warning(
            "%s: skipped %d output file(s) of an earlier nlptools digest: %s",
            root,
            len(outputs),
            ", ".join(str(p) for p in outputs[:5]) + (f" and {len(outputs) - 5} more" if len(outputs) > 5 else ""),
        )
    if other:
        other.sort()
        shown = ", ".join(str(p) for p in other[:5]) + (f" and {len(other) - 5} more" if len(other) > 5 else "")
        kinds = ", ".join(sorted({p.suffix.lower() or "(no suffix)" for p in other}))
        logger.warning("%s: skipped %d file(s) of unsupported type (%s): %s", root, len(other), kinds, shown)
    files = _each_file_once(sorted(found, key=lambda f: f[0].relative_to(root).as_posix()))
    return sorted(files, key=lambda p: p.relative_to(root).as_posix())


def _each_file_once(found: list[tuple[Path, bool]]) -> list[Path]:
    """The files, each real file once: under its own path when walked, else its first link (sorted order)."""
    chosen: dict[tuple[int, int], tuple[Path, bool]] = {}
    order: list[tuple[int, int] | Path] = []
    for path, linked in found:
        try:
            st = path.stat()
        except OSError:
            order.append(path)  # gone since the listing: the reader reports it
            continue
        key = (st.st_dev, st.st_ino)
        if key not in chosen:
            chosen[key] = (path, linked)
            order.append(key)
        elif chosen[key][1] and not linked:
            logger.info("%s: read once, under %s (a link leads to it too)", chosen[key][0], path)
            chosen[key] = (path, linked)
        else:
            logger.info("%s: read once, under %s (a link leads to it too)", path, chosen[key][0])
    return [chosen[k][0] if isinstance(k, tuple) else k for k in order]
