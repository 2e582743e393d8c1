"""Writing a digest's files: rendered first, then each written atomically."""

from __future__ import annotations

from pathlib import Path

from ..digest import Digest
from ..outputs import atomic_write_files, dumps_json, ensure_dir
from .html import digest_html

__all__ = ["DIGEST_FILES", "write_digest"]

#: The files :func:`write_digest` writes (``digest.html`` only with ``html_page=True``).
DIGEST_FILES = ("digest.json", "digest.md", "digest.html")


def write_digest(digest: Digest, folder: str | Path, *, html_page: bool = False) -> dict[str, Path]:
    """Write ``digest.json`` and ``digest.md`` (and ``digest.html``) into ``folder``.

    Everything is rendered first, then the files are written as one set
    (:func:`~nlptools.outputs.atomic_write_files`), so an error or a Ctrl-C
    never leaves a half-written result. A file of an earlier digest in
    ``folder`` that this one does not write (``digest.html`` when
    ``html_page`` is false) is removed with the same set: the folder never
    holds a digest half old, half new.

    Returns
    -------
    dict of str to Path
        The files written, by name.
    """
    rendered = {
        "digest.json": dumps_json(digest.to_dict()),
        "digest.md": digest.to_markdown(),
    }
    if html_page:
        rendered["digest.html"] = digest_html(digest)
    out = ensure_dir(folder)
    # all written before any is replaced: a failure leaves an earlier digest whole, never half old, half new
    stale = [out / name for name in DIGEST_FILES if name not in rendered]
    paths = atomic_write_files({out / name: text for name, text in rendered.items()}, remove=stale)
    return dict(zip(rendered, paths))
