"""Markdown renderers: tables of rows for notebooks and reports."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import ParameterError
from ..outputs import escape_markdown

__all__ = ["markdown_table"]


def _cell(value: Any, floatfmt: str, width: int) -> str:
    if isinstance(value, float):
        return floatfmt.format(value)
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    text = " ".join(str(value).split())
    if len(text) > width:
        text = text[: width - 1] + "\u2026"
    return escape_markdown(text)  # untrusted text: no markup, no HTML, no line break, ``|`` escaped


def markdown_table(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[str] | None = None,
    *,
    floatfmt: str = "{:.3f}",
    width: int = 80,
) -> str:
    """Rows of mappings as a GitHub-flavoured Markdown table.

    Parameters
    ----------
    rows : sequence of mapping
        One mapping per row; a missing key gives an empty cell.
    columns : sequence of str, optional
        Column order (default: the keys of the rows, in first-seen order).
    floatfmt : str, default="{:.3f}"
        Format of float cells.
    width : int, default=80
        Longer cells are cut with an ellipsis; whitespace runs become one
        space and text is escaped (:func:`~nlptools.outputs.escape_markdown`:
        ``|``, Markdown markup, HTML), so a cell never breaks the table.

    Returns
    -------
    str

    Examples
    --------
    >>> print(markdown_table([{"method": "lead", "rouge1": 0.5}]))
    | method | rouge1 |
    |---|---|
    | lead | 0.500 |
    """
    if columns is None:
        columns = list(dict.fromkeys(key for row in rows for key in row))
    if not columns:
        raise ParameterError("rows: no column to show")
    if isinstance(width, bool) or not isinstance(width, int) or width < 2:
        raise ParameterError(f"width: must be an integer >= 2, got {width!r}")
    lines = ["| " + " | ".join(_cell(c, floatfmt, width) for c in columns) + " |", "|" + "---|" * len(columns)]
    for row in rows:
        lines.append("| " + " | ".join(_cell(row.get(c), floatfmt, width) for c in columns) + " |")
    return "\n".join(lines)


#: Background and tag colours of :func:`marked_text_html`, one pair per distinct label.
