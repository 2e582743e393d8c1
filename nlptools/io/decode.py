"""Decoding article files: byte-order marks, UTF-8 with a cp1252/Latin-1 fallback, binary files refused.

What is an article and what is binary:

- a byte-order mark decides (UTF-8, UTF-16, UTF-32);
- NUL bytes mean binary, unless their pattern is UTF-16 text without a
  byte-order mark (every other byte NUL), which is decoded as such;
- valid UTF-8 is UTF-8; a UTF-8 file with a few stray bytes (a cp1252 ``é``
  pasted into a UTF-8 article) stays UTF-8, each stray byte read as cp1252,
  with a warning; a file with no UTF-8 sequence at all is cp1252 (Latin-1
  where cp1252 leaves a byte undefined), with a warning;
- an HTML page's ``<meta charset>`` is honoured (:func:`read_text_file`);
- decoded text with more than 5 % control characters is binary (an image
  read as cp1252). Non-breaking spaces, right-to-left marks, zero-width
  joiners and other format characters are text and never count.

Decoded text is cleaned the same way for every source (files here, record
fields in :mod:`nlptools.io.records`): :func:`clean_text` and
:func:`clean_field` turn control characters into spaces, so no escape
sequence from a corpus reaches a terminal.
"""

from __future__ import annotations

import codecs
import logging
import os
import re
import stat
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError

logger = logging.getLogger(__name__)

__all__ = ["clean_field", "clean_text", "decode_bytes", "open_regular", "read_bytes", "read_text_file"]

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

# In text: control characters other than tab, newline, form feed (C0, DEL, C1); carriage returns are
# normalised before. Lone surrogates (from a JSON "\ud800") are handled apart: they become U+FFFD.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# In a one-line field (id, title, file name): every control character and line break.
_FIELD_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# What counts towards "looks binary": control characters (not layout) and U+FFFD.
_BINARY_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")
# A valid multi-byte UTF-8 sequence (surrogates and overlongs aside: this is only a vote).
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}",
)
_ASCII = bytes(range(128))
# cp1252, with Latin-1 for the five bytes cp1252 leaves undefined (they become C1 controls, then spaces).
_CP1252 = [bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256)]
# <meta charset="x"> and <meta http-equiv="Content-Type" content="text/html; charset=x">
_META_CHARSET = re.compile(rb"<meta\b[^>]*?\bcharset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_HTML_SUFFIXES = frozenset({".html", ".htm"})


def _stray_bytes_as_cp1252(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: each byte that is not UTF-8 read as cp1252 (Latin-1 where undefined)."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return "".join(_CP1252[b] for b in exc.object[exc.start : exc.end]), exc.end


codecs.register_error("nlptools-cp1252", _stray_bytes_as_cp1252)


def clean_text(text: str) -> str:
    """An article's text with control characters as spaces, one for one (no offset moves).

    Carriage returns become newlines (``\\r\\n`` and a lone ``\\r``); tab,
    newline and form feed are kept; other C0 controls, DEL and C1 controls
    (ESC, BEL: terminal escapes) become spaces; lone surrogates become
    U+FFFD. NUL characters are controls: they become spaces too.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _CONTROL.search(text):
        text = _CONTROL.sub(" ", text)
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    return text


def clean_field(value: str) -> str:
    """A one-line field (an id, a title, a name from a file name) safe to show and to write.

    Every control character and line break becomes a space, lone surrogates
    (a file name that is not UTF-8) become U+FFFD, and the ends are stripped.
    """
    if _FIELD_CONTROL.search(value):
        value = _FIELD_CONTROL.sub(" ", value)
    if _SURROGATE.search(value):
        value = _SURROGATE.sub("\ufffd", value)
    return value.strip()


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when ``data`` has the NUL pattern of mostly-Latin UTF-16 text, else None."""
    if len(data) % 2:
        return None
    sample = data[:8192]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= 0.3 * pairs and even <= 0.02 * pairs:
        return "utf-16-le"
    if even >= 0.3 * pairs and odd <= 0.02 * pairs:
        return "utf-16-be"
    return None


def _decode(data: bytes, name: str, quiet: bool, declared: str | None = None) -> tuple[str, str]:
    """Raw decoded text (controls not yet cleaned) and the encoding used."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(enc), enc
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: has a {enc} byte-order mark but is not {enc}") from exc
    if b"\x00" in data[:8192]:
        guess = _utf16_without_bom(data)
        if guess is not None:
            try:
                text = data.decode(guess)
            except UnicodeDecodeError:
                text = ""
            if text and "\x00" not in text:
                logger.info("%s: no byte-order mark, decoded as %s (the pattern of its NUL bytes)", name, guess)
                return text, guess
        raise InputError(f"{name}: looks binary (NUL bytes), not a text article")
    if declared is not None:
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            if not quiet:
                logger.warning("%s: declares charset %s but is not %s; decoding it as usual", name, declared, declared)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    non_ascii = len(data.translate(None, _ASCII))  # the bytes left once ASCII is deleted
    sequences = _UTF8_SEQUENCE.findall(data)
    stray = non_ascii - sum(map(len, sequences))
    if len(sequences) >= stray:
        # a UTF-8 article with a few stray bytes: the rest stays UTF-8, not mojibake
        if not quiet:
            logger.warning(
                "%s: %d byte(s) not valid UTF-8, read as cp1252 (the rest decoded as UTF-8)", name, max(stray, 1)
            )
        return data.decode("utf-8", errors="nlptools-cp1252"), "utf-8"
    try:
        text, encoding = data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        text, encoding = data.decode("latin-1"), "latin-1"
    if not quiet:
        logger.warning("%s: not valid UTF-8, decoded as %s", name, encoding)
    return text, encoding


def decode_bytes(
    data: bytes, *, name: str = "<bytes>", quiet: bool = False, encoding: str | None = None
) -> tuple[str, str]:
    """Decode raw bytes of a text file, tolerantly.

    UTF-8 (with or without BOM) and UTF-16/32 with a BOM are decoded as such;
    UTF-16 without a BOM is recognised by its NUL bytes. Anything else that is
    not valid UTF-8 is either UTF-8 with stray bytes (read as cp1252) or, with
    no UTF-8 sequence at all, cp1252, then Latin-1; both with a warning naming
    ``name``. Line endings are normalised to ``\\n`` (``\\r\\n`` and lone
    ``\\r``), so offsets are stable across platforms; control characters other
    than tab and form feed become spaces (one for one, so no offset moves):
    see :func:`clean_text`.

    Parameters
    ----------
    data : bytes
        The file's content.
    name : str
        Shown in warnings and errors.
    quiet : bool
        Do not warn about the fallback (a pass that re-reads what was already reported).
    encoding : str, optional
        An encoding the file declares (an HTML ``<meta charset>``), tried
        after byte-order marks and before the guessing; when the bytes do not
        decode with it, a warning and the usual guessing.

    Returns
    -------
    text : str
        The decoded, newline-normalised text.
    encoding : str
        The encoding used.

    Raises
    ------
    InputError
        If the data looks binary (NUL bytes that are not UTF-16 text).
    """
    text, used = _decode(data, name, quiet, encoding)
    return clean_text(text), used


def _looks_binary(text: str) -> bool:
    """True when decoded text is mostly not text (an image or archive decoded as cp1252).

    Only control characters (not tab, newline, carriage return, form feed)
    and U+FFFD count: format characters (RLM, ZWJ), non-breaking spaces and
    other valid characters a strict "printable" test would reject never do.
    """
    sample = text[:4096]
    if not sample:
        return False
    return len(_BINARY_CHARS.findall(sample)) / len(sample) > 0.05


def _declared_charset(data: bytes, name: str) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` in its first 4 KB (None if none or unknown)."""
    m = _META_CHARSET.search(data[:4096])
    if m is None:
        return None
    label = m.group(1).decode("ascii", errors="replace")
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        logger.info("%s: declares an unknown charset %r; ignored", name, label)
        return None
    if codec in ("latin-1", "iso8859-1", "ascii"):
        return "cp1252"  # as browsers do (WHATWG Encoding: these labels mean windows-1252)
    if codec.startswith(("utf-16", "utf-32", "utf-8")):
        return None  # a meta tag cannot declare UTF-16 (the tag itself would not be ASCII); UTF-8 is the default
    return codec


def open_regular(path: str | os.PathLike[str]) -> BinaryIO:
    """A regular file opened for reading in binary; a pipe, device or folder is refused, never waited on.

    The file is opened without blocking and checked (``fstat``) on the open
    descriptor: a file swapped for a FIFO after the folder was listed is an
    error, not a job that hangs.

    Raises
    ------
    InputError
        If the file is missing, unreadable or not a regular file.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file (was it removed while reading?)") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{path}: is a folder, expected a file") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise InputError(f"{path}: is a folder, expected a file")
        if not stat.S_ISREG(mode):
            raise InputError(f"{path}: not a regular file (a pipe or device?), skipped")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except OSError as exc:
        os.close(fd)
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    except BaseException:
        os.close(fd)
        raise


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """The content of a regular file (see :func:`open_regular`).

    Raises
    ------
    InputError
        If the file is missing, unreadable or not a regular file.
    """
    with open_regular(path) as handle:
        try:
            return handle.read()
        except OSError as exc:
            raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from exc


def read_text_file(path: str | os.PathLike[str], *, quiet: bool = False) -> tuple[str, str]:
    """Read and decode one text file.

    A ``.html``/``.htm`` file's ``<meta charset>`` is honoured; see
    :func:`decode_bytes` for the rest.

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
        If the file is missing, unreadable, not a regular file or binary.
    """
    data = read_bytes(path)
    declared = _declared_charset(data, str(path)) if Path(path).suffix.lower() in _HTML_SUFFIXES else None
    text, encoding = _decode(data, str(path), quiet, declared)
    if _looks_binary(text):
        raise InputError(f"{path}: looks binary, not a text article")
    return clean_text(text), encoding
