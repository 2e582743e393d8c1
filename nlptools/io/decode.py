"""Decoding article files: byte-order marks, UTF-8 with a cp1252/Latin-1 fallback, binary files refused."""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from ..errors import InputError

logger = logging.getLogger(__name__)

__all__ = ["decode_bytes", "read_text_file"]

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

# Control characters other than tab, newline, carriage return, form feed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode_bytes(data: bytes, *, name: str = "<bytes>", quiet: bool = False) -> tuple[str, str]:
    """Decode raw bytes of a text file, tolerantly.

    UTF-8 (with or without BOM) and UTF-16/32 with a BOM are decoded as such.
    Anything else that is not valid UTF-8 falls back to cp1252, then
    Latin-1, with a warning naming ``name``. Line endings are normalised to
    ``\\n`` (``\\r\\n`` and lone ``\\r``), so offsets are stable across
    platforms; control characters other than tab and form feed become spaces
    (one for one, so no offset moves).

    Parameters
    ----------
    data : bytes
        The file's content.
    name : str
        Shown in warnings and errors.
    quiet : bool
        Do not warn about the fallback (a pass that re-reads what was already reported).

    Returns
    -------
    text : str
        The decoded, newline-normalised text.
    encoding : str
        The encoding used.

    Raises
    ------
    InputError
        If the data looks binary (NUL bytes without a UTF-16/32 BOM).
    """
    encoding = None
    for bom, enc in _BOMS:
        if data.startswith(bom):
            encoding = enc
            data = data[len(bom) :]
            break
    if encoding is None:
        if b"\x00" in data[:8192]:
            raise InputError(f"{name}: looks binary (NUL bytes), not a text article")
        try:
            text = data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
                encoding = "cp1252"
            except UnicodeDecodeError:
                text = data.decode("latin-1")
                encoding = "latin-1"
            if not quiet:
                logger.warning("%s: not valid UTF-8, decoded as %s", name, encoding)
    else:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: has a {encoding} byte-order mark but is not {encoding}") from exc
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _CONTROL.search(text):
        text = _CONTROL.sub(" ", text)
    return text, encoding


def _looks_binary(text: str) -> bool:
    """True when decoded text is mostly not text (an image or archive decoded as cp1252)."""
    sample = text[:4096]
    if not sample:
        return False
    # counted at C speed: characters neither printable nor layout (newline, tab, form feed)
    layout = sample.count("\n") + sample.count("\t") + sample.count("\f")
    odd = len(sample) - layout - sum(map(str.isprintable, sample))
    return odd / len(sample) > 0.05


def read_text_file(path: str | os.PathLike[str], *, quiet: bool = False) -> tuple[str, str]:
    """Read and decode one text file.

    Parameters
    ----------
    path : path-like
        The file.
    quiet : bool
        Do not warn about an encoding fallback (see :func:`decode_bytes`).

    Returns
    -------
    text, encoding : str, str
        See :func:`decode_bytes`.

    Raises
    ------
    InputError
        If the file is missing, unreadable or binary.
    """
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file (was it removed while reading?)") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{path}: is a folder, expected a file") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    text, encoding = decode_bytes(data, name=str(path), quiet=quiet)
    if _looks_binary(text):
        raise InputError(f"{path}: looks binary, not a text article")
    return text, encoding
