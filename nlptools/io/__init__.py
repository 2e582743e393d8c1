"""Reading article files: decoding, folder walking, record files and HTML pages.

The ground floor under :mod:`nlptools.corpus`, one concern a module:

- :mod:`nlptools.io.decode`: :func:`decode_bytes` and :func:`read_text_file`
  (byte-order marks, UTF-8 with a cp1252/Latin-1 fallback, binary files refused);
- :mod:`nlptools.io.walk`: :func:`~nlptools.io.walk.walk_files`, the sorted
  article files under a folder;
- :mod:`nlptools.io.records`: JSON Lines and CSV files, one article per record;
- :mod:`nlptools.io.html`: :func:`html_to_text`, the readable text of a saved page.

Bad input never raises from deep inside without saying where: errors are
:class:`~nlptools.errors.InputError` naming the file (and line).
"""

from __future__ import annotations

from .decode import decode_bytes, read_text_file
from .html import html_to_text
from .records import MissingFieldError, RecordFields

__all__ = ["MissingFieldError", "RecordFields", "decode_bytes", "html_to_text", "read_text_file"]
