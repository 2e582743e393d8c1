"""Reports: writing a digest as JSON, Markdown and one self-contained HTML page.

:func:`write_digest` writes a digest's files into a folder, each atomically,
after all of them were rendered in memory (so a failure leaves no partial
result). :func:`digest_html` renders a single HTML page: the themes, the
digests with a link from each sentence to its highlighted place in the
source article, and the figures (top terms, article-theme weights) embedded
as PNG data, so the page needs no other file and no network.

Two small renderers serve notebooks: :func:`markdown_table` (rows of
mappings as a Markdown table) and :func:`marked_text_html` (a stretch of a
source text with labelled spans marked, e.g. what cleaning removed and why).
"""

from __future__ import annotations

from .figures import digest_figures
from .files import DIGEST_FILES, write_digest
from .html import digest_html, marked_text_html
from .markdown import markdown_table

__all__ = ["digest_figures", "digest_html", "write_digest", "markdown_table", "marked_text_html", "DIGEST_FILES"]
