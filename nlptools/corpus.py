"""Documents and corpora: loading news articles from files, tolerantly.

A :class:`Document` is one article with its decoded, untouched source text.
A :class:`Corpus` is a re-iterable collection of documents that streams from
disk: iterating it twice reads the files twice, so memory stays flat however
large the collection is.

Supported sources: a folder (searched recursively), or a single ``.txt``,
``.md``, ``.html``/``.htm``, ``.jsonl`` or ``.csv`` file. Text and Markdown
files hold one article each; JSON Lines and CSV files hold one article per
record, with the text in a field the caller names.

Bad input never raises from deep inside: an empty, binary or undecodable file
is skipped with a warning that names it; a folder with no usable article
raises :class:`~nlptools.errors.EmptyCorpusError`.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from .document import Document
from .errors import EmptyCorpusError, InputError, ParameterError

logger = logging.getLogger(__name__)

__all__ = [
    "Corpus",
    "decode_bytes",
    "read_text_file",
    "load",
    "TEXT_SUFFIXES",
    "RECORD_SUFFIXES",
]

#: Suffixes read as one article per file.
TEXT_SUFFIXES = frozenset({".txt", ".md", ".text", ".html", ".htm"})
#: Suffixes read as one article per record.
RECORD_SUFFIXES = frozenset({".jsonl", ".csv"})

_HTML_SUFFIXES = frozenset({".html", ".htm"})
#: Configuration files that may sit beside articles (a theme lexicon): never articles, never warned about.
_CONFIG_SUFFIXES = frozenset({".toml", ".ini", ".cfg", ".yaml", ".yml"})


# --------------------------------------------------------------------------- decoding

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

# Control characters other than tab, newline, carriage return, form feed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode_bytes(data: bytes, *, name: str = "<bytes>") -> tuple[str, str]:
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


def read_text_file(path: str | os.PathLike[str]) -> tuple[str, str]:
    """Read and decode one text file.

    Parameters
    ----------
    path : path-like
        The file.

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
    text, encoding = decode_bytes(data, name=str(path))
    if _looks_binary(text):
        raise InputError(f"{path}: looks binary, not a text article")
    return text, encoding


# --------------------------------------------------------------------------- walking


def _walk(root: Path, suffixes: frozenset[str]) -> list[Path]:
    """All files under ``root`` with an allowed suffix, sorted, symlink loops broken.

    Files of other types (images, archives) are left out with one warning
    naming them.
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
                if path.suffix.lower() not in _CONFIG_SUFFIXES:  # a lexicon or config beside the articles
                    other.append(path)
            else:
                logger.warning("%s: skipped, a broken link, a symlink loop or not a regular file", path)
    if other:
        other.sort()
        shown = ", ".join(str(p) for p in other[:5]) + (f" and {len(other) - 5} more" if len(other) > 5 else "")
        kinds = ", ".join(sorted({p.suffix.lower() or "(no suffix)" for p in other}))
        logger.warning("%s: skipped %d file(s) of unsupported type (%s): %s", root, len(other), kinds, shown)
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


# --------------------------------------------------------------------------- records

_DATE_FIELD_RE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def _iso_date(value: Any) -> str | None:
    if value is None:
        return None
    m = _DATE_FIELD_RE.match(str(value))
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else None


def _record_document(
    record: Mapping[str, Any],
    *,
    where: str,
    default_id: str,
    text_field: str,
    id_field: str | None,
    title_field: str | None,
    date_field: str | None,
    first: bool = True,
) -> Document | None:
    raw = record.get(text_field)
    if raw is None:
        if not first:
            logger.warning("%s: skipped, the record has no field %r", where, text_field)
            return None
        raise InputError(
            f"{where}: no field {text_field!r} (fields are {sorted(record)}); "
            "name the text field with text_field= / --text-field"
        )
    text = str(raw)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        logger.warning("%s: skipped, the %r field is empty", where, text_field)
        return None
    doc_id = str(record.get(id_field)) if id_field and record.get(id_field) not in (None, "") else default_id
    title = record.get(title_field) if title_field else None
    meta = {k: v for k, v in record.items() if k not in {text_field, id_field, title_field, date_field}}
    return Document(
        id=doc_id,
        text=text,
        title=str(title) if title not in (None, "") else None,
        date=_iso_date(record.get(date_field)) if date_field else None,
        source=where,
        meta=meta,
    )


def _jsonl_lines(path: Path) -> Iterator[tuple[int, str | bytes]]:
    """Numbered lines of a JSON Lines file: raw bytes (decoded one by one), or text for UTF-16/32."""
    try:
        handle = open(path, "rb")
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    with handle:
        head = handle.read(4)
        if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
            # a UTF-16/32 file cannot be split into lines as bytes: decode it whole
            text, _ = decode_bytes(head + handle.read(), name=str(path))
            yield from enumerate(text.split("\n"), start=1)
            return
        handle.seek(0)
        yield from enumerate(handle, start=1)


def _iter_jsonl(path: Path, stem: str, fields: dict[str, Any]) -> Iterator[Document]:
    first = True
    for lineno, raw in _jsonl_lines(path):
        where = f"{path}:{lineno}"
        if isinstance(raw, str):
            line = raw
        else:
            try:
                line, _ = decode_bytes(raw, name=where)
            except InputError as exc:
                logger.warning("%s: skipped, %s", where, str(exc).split(": ", 1)[-1])
                continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            logger.warning("%s: skipped, not valid JSON (%s)", where, exc.msg)
            continue
        if not isinstance(record, dict):
            logger.warning("%s: skipped, a JSON %s, expected an object", where, type(record).__name__)
            continue
        doc = _record_document(record, where=where, default_id=f"{stem}:{lineno}", first=first, **fields)
        first = False
        if doc is not None:
            yield doc


def _iter_csv(
    path: Path, stem: str, fields: dict[str, Any], columns: Sequence[str] | None = None
) -> Iterator[Document]:
    text, _ = read_text_file(path)
    if csv.field_size_limit() < len(text):
        # a whole article is one field; the default limit (128 KiB) is far too small for long ones
        csv.field_size_limit(max(len(text), 1 << 20))
    # ``columns`` names the columns of a CSV without a header row (AG News)
    reader = csv.DictReader(io.StringIO(text, newline=""), fieldnames=list(columns) if columns else None)
    try:
        fieldnames = reader.fieldnames
    except csv.Error as exc:
        raise InputError(f"{path}: not a readable CSV file ({exc})") from exc
    if fieldnames is None:
        logger.warning("%s: skipped, empty CSV", path)
        return
    if fields["text_field"] not in fieldnames:
        raise InputError(
            f"{path}: no column {fields['text_field']!r} (columns are {fieldnames}); "
            "name the text column with text_field= / --text-field"
        )
    row_no = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            logger.warning(
                "%s: line %d: malformed CSV (%s); the rest of the file is skipped", path, reader.line_num, exc
            )
            return
        row_no += 1
        record = {k: v for k, v in row.items() if k is not None}
        doc = _record_document(record, where=f"{path}#{row_no}", default_id=f"{stem}:{row_no}", **fields)
        if doc is not None:
            yield doc


# --------------------------------------------------------------------------- corpus


class _Mute(logging.Filter):
    """Drops every record (a counting pass re-reads files already reported)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return False


class Corpus(Sequence[Document]):
    """A re-iterable collection of documents, streamed from disk.

    Build one with :meth:`from_path` (a folder or a file) or
    :meth:`from_documents` (documents already in memory). Iterating reads
    the files anew each time, so a corpus of any size uses constant memory;
    ``len()`` and indexing work for one-article-per-file sources without
    reading every file, and for record files after one pass.

    Parameters
    ----------
    sources : sequence of Path
        Files to read, in order.
    root : Path or None
        The folder the ids are made relative to.
    text_field, id_field, title_field, date_field : str or None
        Record fields (JSON Lines keys, CSV columns) for text, id, title and
        date.

    Examples
    --------
    >>> corpus = Corpus.from_path("seeds")  # doctest: +SKIP
    >>> [doc.id for doc in corpus]  # doctest: +SKIP
    """

    def __init__(
        self,
        sources: Sequence[Path] = (),
        *,
        root: Path | None = None,
        text_field: str = "text",
        id_field: str | None = "id",
        title_field: str | None = "title",
        date_field: str | None = "date",
        columns: Sequence[str] | None = None,
        documents: Sequence[Document] | None = None,
    ) -> None:
        self._sources = tuple(sources)
        self._root = root
        self._fields = {
            "text_field": text_field,
            "id_field": id_field,
            "title_field": title_field,
            "date_field": date_field,
        }
        self._columns = tuple(columns) if columns else None
        self._documents = tuple(documents) if documents is not None else None
        self._records_len: int | None = None
        self._ids = self._file_ids()

    # -- construction ---------------------------------------------------------
    @classmethod
    def from_path(
        cls,
        path: str | os.PathLike[str],
        *,
        text_field: str = "text",
        id_field: str | None = "id",
        title_field: str | None = "title",
        date_field: str | None = "date",
        suffixes: Iterable[str] | None = None,
        columns: Sequence[str] | None = None,
    ) -> Corpus:
        """A corpus over a folder (recursively) or a single file.

        Parameters
        ----------
        path : path-like
            A folder, or a ``.txt``/``.md``/``.html``/``.jsonl``/``.csv`` file.
        text_field : str
            For ``.jsonl``/``.csv``: the field or column holding the text.
        id_field, title_field, date_field : str or None
            For records: optional fields for id, title and date.
        suffixes : iterable of str, optional
            File suffixes to read from a folder (default: all supported); ``""``
            selects files without a suffix (as in 20 Newsgroups), read as text.
        columns : sequence of str, optional
            Column names for CSV files without a header row (for example
            ``["label", "title", "text"]`` for AG News); by default the first
            row names the columns.

        Raises
        ------
        InputError
            If ``path`` does not exist or has an unsupported suffix.
        EmptyCorpusError
            If a folder holds no file of a supported kind.
        """
        p = Path(path)
        allowed = (
            frozenset("" if s in ("", ".") else s.lower() if s.startswith(".") else "." + s.lower() for s in suffixes)
            if suffixes
            else TEXT_SUFFIXES | RECORD_SUFFIXES
        )
        fields: dict[str, Any] = dict(
            text_field=text_field, id_field=id_field, title_field=title_field, date_field=date_field, columns=columns
        )
        if p.is_dir():
            files = _walk(p, allowed)
            if not files:
                raise EmptyCorpusError(f"{p}: no article files found (looked for {', '.join(sorted(allowed))})")
            return cls(files, root=p, **fields)
        if p.is_file():
            if p.suffix.lower() not in TEXT_SUFFIXES | RECORD_SUFFIXES:
                raise InputError(
                    f"{p}: unsupported file type {p.suffix or '(none)'!r}; "
                    f"expected one of {', '.join(sorted(TEXT_SUFFIXES | RECORD_SUFFIXES))}"
                )
            return cls([p], root=p.parent, **fields)
        if p.is_symlink():
            raise InputError(f"{p}: a broken symbolic link (or a symlink loop)")
        if p.exists():
            raise InputError(f"{p}: not a regular file or folder (a pipe or device?)")
        raise InputError(f"{p}: no such file or folder")

    @classmethod
    def from_documents(cls, documents: Iterable[Document]) -> Corpus:
        """A corpus over documents already in memory."""
        docs = tuple(documents)
        ids = [d.id for d in docs]
        if len(set(ids)) != len(ids):
            dup = sorted({i for i in ids if ids.count(i) > 1})
            raise ParameterError(f"documents: ids must be unique, repeated: {dup[:5]}")
        return cls(documents=docs)

    @classmethod
    def from_texts(cls, texts: Iterable[str], *, ids: Iterable[str] | None = None) -> Corpus:
        """A corpus over plain strings (ids ``0``, ``1``, ... unless given)."""
        texts = list(texts)
        id_list = [str(i) for i in ids] if ids is not None else [str(i) for i in range(len(texts))]
        return cls.from_documents(Document(id=i, text=t, source=f"<text {i}>") for i, t in zip(id_list, texts))

    # -- access ---------------------------------------------------------------
    @property
    def sources(self) -> tuple[Path, ...]:
        """The files this corpus reads, in order."""
        return self._sources

    def _file_ids(self) -> dict[Path, str]:
        """Ids of the source files: the relative path without suffix, with it where two would clash."""
        ids: dict[Path, str] = {}
        stems: dict[str, list[Path]] = {}
        for path in self._sources:
            rel = path.relative_to(self._root) if self._root is not None else path
            stems.setdefault(rel.with_suffix("").as_posix(), []).append(path)
        for stem, paths in stems.items():
            for path in paths:
                if len(paths) == 1:
                    ids[path] = stem
                else:
                    rel = path.relative_to(self._root) if self._root is not None else path
                    ids[path] = rel.as_posix()
        if len(ids) < len(self._sources):
            logger.warning("the same file is listed more than once; its documents get distinct ids")
        return ids

    def _doc_id(self, path: Path) -> str:
        return self._ids.get(path) or path.with_suffix("").as_posix()

    def _read_file(self, path: Path) -> Iterator[Document]:
        suffix = path.suffix.lower()
        stem = self._doc_id(path)
        if suffix == ".jsonl":
            yield from _iter_jsonl(path, stem, self._fields)
            return
        if suffix == ".csv":
            yield from _iter_csv(path, stem, self._fields, self._columns)
            return
        text, encoding = read_text_file(path)
        meta = {"encoding": encoding}
        if not text.strip():
            logger.warning("%s: skipped, empty or only whitespace", path)
            return
        if suffix in _HTML_SUFFIXES:
            from .html import html_to_text

            # offsets index the extracted text: it is the document's text
            text = html_to_text(text, name=str(path))
            meta["extracted_from"] = "html"
        yield Document(id=stem, text=text, source=str(path), meta=meta)

    def _iter_file_safely(self, path: Path) -> Iterator[Document]:
        try:
            yield from self._read_file(path)
        except InputError as exc:
            if len(self._sources) == 1 and path.suffix.lower() in RECORD_SUFFIXES:
                raise
            if "no field" in str(exc) or "no column" in str(exc):
                raise
            logger.warning("skipped: %s", exc)

    def __iter__(self) -> Iterator[Document]:
        if self._documents is not None:
            yield from self._documents
            return
        produced = 0
        seen: set[str] = set()
        for path in self._sources:
            for doc in self._iter_file_safely(path):
                if doc.id in seen:
                    new_id = f"{doc.id}#{produced}"
                    logger.warning("%s: id %r repeats an earlier document; renamed %r", doc.source, doc.id, new_id)
                    doc = Document(new_id, doc.text, doc.title, doc.date, doc.source, doc.meta)
                seen.add(doc.id)
                produced += 1
                yield doc
        if produced == 0:
            if len(self._sources) == 1:
                where: Any = self._sources[0]
                what = "no readable article (empty, binary, or every record skipped)"
            else:
                where = self._root if self._root is not None else "corpus"
                what = "no readable article (every file was empty, binary or unreadable)"
            raise EmptyCorpusError(f"{where}: {what}")
        self._records_len = produced

    def _one_per_file(self) -> bool:
        return not any(p.suffix.lower() in RECORD_SUFFIXES for p in self._sources)

    def __len__(self) -> int:
        if self._documents is not None:
            return len(self._documents)
        if self._one_per_file():
            return len(self._sources)
        if self._records_len is None:
            # one counting pass; its warnings would repeat those of the pass that follows
            # (``list(corpus)`` asks for the length first), so they are held back
            muted = _Mute()
            logger.addFilter(muted)
            try:
                self._records_len = sum(1 for _ in self)
            finally:
                logger.removeFilter(muted)
        return self._records_len

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return Corpus.from_documents(self[i] for i in range(*index.indices(len(self))))
        if self._documents is not None:
            return self._documents[index]
        n = len(self)
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError(f"corpus index {index} out of range for {n} documents")
        if self._one_per_file():
            docs = list(self._read_file(self._sources[index]))
            if not docs:
                raise InputError(f"{self._sources[index]}: holds no readable article")
            return docs[0]
        for i, doc in enumerate(self):
            if i == index:
                return doc
        raise IndexError(index)  # pragma: no cover - len() guarantees we return above

    def __repr__(self) -> str:
        if self._documents is not None:
            return f"Corpus({len(self._documents)} documents in memory)"
        return f"Corpus({len(self._sources)} files under {self._root})"


def load(path: str | os.PathLike[str], **kwargs: Any) -> Corpus:
    """Shorthand for :meth:`Corpus.from_path`."""
    return Corpus.from_path(path, **kwargs)
