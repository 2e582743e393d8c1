"""Writing a digest's files: rendered first, then each written atomically."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..digest import Digest, outlet_of
from ..outputs import atomic_write_files, dumps_json, ensure_dir
from .html import digest_html

__all__ = ["DIGEST_FILES", "digest_trends", "digest_json", "digest_markdown", "write_digest"]

#: The files :func:`write_digest` writes (``digest.html`` with ``html_page=True``, ``explore.html``
#: with ``explore_page=True``).
DIGEST_FILES = ("digest.json", "digest.md", "digest.html", "explore.html", "documents.jsonl")


def digest_trends(digest: Digest, *, period: str = "auto", compare: Any = None) -> tuple[Any, Any]:
    """The digest's themes over time and by outlet (:mod:`nlptools.themes.trends`).

    Returns
    -------
    (ThemeTrends or None, ThemeSources or None)
        None when fewer than two articles carry a date (a known outlet).
    """
    from ..themes.trends import theme_sources, theme_trends

    docs = list(digest.documents.values())
    trends = theme_trends(digest.theme_result, docs, freq=period, compare=compare)
    sources = theme_sources(digest.theme_result, docs, source=outlet_of)
    return trends, sources


def digest_json(digest: Digest, trends: Any = None, sources: Any = None) -> dict[str, Any]:
    """The content of ``digest.json``: :meth:`Digest.to_dict`, with ``trends`` and ``sources`` when there are any.

    The two keys are present only when the corpus has something to show
    (two dated articles; two with a known outlet), so a digest of undated
    articles keeps exactly :meth:`Digest.to_dict`.
    """
    data = digest.to_dict()
    if trends is not None:
        data["trends"] = trends.to_dict()
    if sources is not None:
        data["sources"] = sources.to_dict()
    return data


def digest_markdown(digest: Digest, trends: Any = None, sources: Any = None) -> str:
    """``digest.md``: :meth:`Digest.to_markdown`, then "Over time" and "By outlet" sections when there are any."""
    text = digest.to_markdown()
    for extra in (trends, sources):
        if extra is not None:
            text = text.rstrip("\n") + "\n\n" + extra.to_markdown().rstrip("\n") + "\n"
    return text


def write_digest(
    digest: Digest,
    folder: str | Path,
    *,
    html_page: bool = False,
    explore_page: bool = False,
    period: str = "auto",
    compare: Any = None,
    records: str | Path | None = None,
) -> dict[str, Path]:
    """Write ``digest.json`` and ``digest.md`` (and ``digest.html``, ``explore.html``) into ``folder``.

    Everything is rendered first, then the files are written as one set
    (:func:`~nlptools.outputs.atomic_write_files`), so an error or a Ctrl-C
    never leaves a half-written result. A file of an earlier digest in
    ``folder`` that this one does not write (``digest.html`` when
    ``html_page`` is false) is removed with the same set: the folder never
    holds a digest half old, half new.

    Parameters
    ----------
    digest : Digest
    folder : str or Path
    html_page : bool, default=False
        Also write ``digest.html`` (:func:`~nlptools.report.html.digest_html`).
    explore_page : bool, default=False
        Also write ``explore.html``, the interactive page (:func:`~nlptools.report.explore.explore_html`).
    period, compare
        Themes over time (:func:`~nlptools.themes.trends.theme_trends`'s ``freq`` and ``compare``).
    records : path, optional
        A streamed corpus's article records, written under a temporary name
        (``*.tmp``) in ``folder``: renamed to ``documents.jsonl`` with the set.

    Returns
    -------
    dict of str to Path
        The files written, by name.
    """
    trends, sources = digest_trends(digest, period=period, compare=compare)
    rendered = {
        "digest.json": dumps_json(digest_json(digest, trends, sources)),
        "digest.md": digest_markdown(digest, trends, sources),
    }
    if html_page:
        rendered["digest.html"] = digest_html(digest)
    if explore_page:
        from .explore import explore_html

        rendered["explore.html"] = explore_html(digest, trends=trends, sources=sources)
    out = ensure_dir(folder)
    # all written before any is replaced: a failure leaves an earlier digest whole, never half old, half new
    ready = {out / "documents.jsonl": Path(records)} if records is not None else {}
    stale = [
        out / name for name in DIGEST_FILES if name not in rendered and not (records and name == "documents.jsonl")
    ]
    paths = atomic_write_files({out / name: text for name, text in rendered.items()}, remove=stale, ready=ready)
    return dict(zip([*rendered, *(["documents.jsonl"] if ready else [])], paths))
