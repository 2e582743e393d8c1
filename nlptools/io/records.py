"""Reading articles from record files: JSON Lines and CSV, one article per record.

A record becomes a :class:`~nlptools.document.Document` through the fields a
caller names (:class:`RecordFields`); a bad record is skipped with a warning
naming its file and line, while a text field missing from the very first
record (or a missing CSV column) raises :class:`MissingFieldError`: the
caller named the wrong field, and every record would be skipped.
"""

from __future__ import annotations

import csv
import json
import logging
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

from ..document import Document
from ..errors import InputError
from .decode import clean_field, clean_text, decode_bytes, open_regular, read_text_file

logger = logging.getLogger(__name__)

__all__ = ["MissingFieldError", "RecordFields", "iso_date", "iter_csv", "iter_jsonl", "record_document"]


class MissingFieldError(InputError):
    """The text field (a JSON key, a CSV column) is not in the records: the caller named the wrong one."""


@dataclass(frozen=True)
class RecordFields:
    """The record fields (JSON Lines keys, CSV columns) holding an article's text, id, title and date."""

    text_field: str = "text"
    id_field: str | None = "id"
    title_field: str | None = "title"
    date_field: str | None = "date"


_DATE_FIELD_RE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def iso_date(value: Any) -> str | None:
    """The ``YYYY-MM-DD`` a date field starts with (``2023-11-14T10:00Z`` too), or None."""
    if not isinstance(value, str):
        return None  # a number, an object: no date (and no repr of a nested value)
    m = _DATE_FIELD_RE.match(value)
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else None


def record_document(
    record: Mapping[str, Any],
    *,
    where: str,
    default_id: str,
    fields: RecordFields,
    first: bool = True,
    quiet: bool = False,
) -> Document | None:
    """The document of one record, or None (with a warning unless ``quiet``) when it has no text.

    Parameters
    ----------
    record : mapping
        The record's fields.
    where : str
        Where it is (``file:line``), its source and shown in warnings.
    default_id : str
        Its id when the id field is missing or empty.
    fields : RecordFields
        The fields to read.
    first : bool
        True for a file's first record: a missing text field then raises.
    quiet : bool
        Do not warn about a skipped record.

    Raises
    ------
    MissingFieldError
        If the first record has no text field.
    """
    # attribute by attribute: dataclasses.astuple deep-copies, 30 us a record
    text_field, id_field, title_field, date_field = (
        fields.text_field,
        fields.id_field,
        fields.title_field,
        fields.date_field,
    )
    raw = record.get(text_field)
    if raw is None:
        if not first or text_field in record:  # present but null: a bad record, not a wrong field name
            if not quiet:
                has = "has a null" if text_field in record else "has no"
                logger.warning("%s: skipped, the record %s field %r", where, has, text_field)
            return None
        raise MissingFieldError(
            f"{where}: no field {text_field!r} (fields are {sorted(record)}); "
            "name the text field with text_field= / --text-field"
        )
    if not isinstance(raw, str):
        if not quiet:
            logger.warning("%s: skipped, the %r field is %s, expected a string", where, text_field, _json_kind(raw))
        return None
    text = clean_text(raw)  # control characters (terminal escapes, NUL) become spaces
    if not text.strip():
        if not quiet:
            logger.warning("%s: skipped, the %r field is empty", where, text_field)
        return None
    doc_id = _scalar_field(record, id_field, where, quiet) or default_id
    title = _scalar_field(record, title_field, where, quiet)
    meta = {k: v for k, v in record.items() if k not in {text_field, id_field, title_field, date_field}}
    return Document(
        id=doc_id,
        text=text,
        title=title,
        date=iso_date(record.get(date_field)) if date_field else None,
        source=where,
        meta=meta,
    )


def _json_kind(value: Any) -> str:
    """``a JSON object``, ``a JSON array``, ``a number``...: how a value read from JSON is called."""
    if isinstance(value, dict):
        return "a JSON object"
    if isinstance(value, list):
        return "a JSON array"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return f"a {type(value).__name__}"


def _scalar_field(record: Mapping[str, Any], field: str | None, where: str, quiet: bool) -> str | None:
    """A one-line field (id, title) as clean text, or None when absent, empty or not a string/number."""
    if not field:
        return None
    value = record.get(field)
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        value = str(value)
    if not isinstance(value, str):
        if not quiet:
            logger.warning("%s: the %r field is %s, expected a string; not used", where, field, _json_kind(value))
        return None
    return clean_field(value) or None


def _jsonl_lines(path: Path, quiet: bool) -> Iterator[tuple[int, str | bytes]]:
    """Numbered lines of a JSON Lines file: raw bytes (decoded one by one), or text for UTF-16/32."""
    handle = open_regular(path)  # a pipe or device is refused, never waited on
    with handle:
        head = handle.read(4)
        if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
            # a UTF-16/32 file cannot be split into lines as bytes: decode it whole
            text, _ = decode_bytes(head + handle.read(), name=str(path), quiet=quiet)
            yield from enumerate(text.split("\n"), start=1)
            return
        handle.seek(0)
        yield from enumerate(handle, start=1)


def iter_jsonl(path: Path, stem: str, fields: RecordFields, *, quiet: bool = False) -> Iterator[Document]:
    """The documents of a JSON Lines file, one per object; ids default to ``stem:line``.

    Blank lines are passed over; a line that is not a JSON object, or not
    decodable, is skipped with a warning (unless ``quiet``).

    Raises
    ------
    MissingFieldError
        If the first record has no text field.
    InputError
        If the file cannot be read.
    """
    first = True
    for lineno, raw in _jsonl_lines(path, quiet):
        where = f"{path}:{lineno}"
        if isinstance(raw, str):
            line = raw
        else:
            try:
                line, _ = decode_bytes(raw, name=where, quiet=quiet)
            except InputError as exc:
                if not quiet:
                    logger.warning("%s: skipped, %s", where, str(exc).split(": ", 1)[-1])
                continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            if not quiet:
                logger.warning("%s: skipped, not valid JSON (%s)", where, exc.msg)
            continue
        except RecursionError:  # "[[[[...]]]]" deeper than the interpreter's recursion limit
            if not quiet:
                logger.warning("%s: skipped, JSON nested too deep", where)
            continue
        except ValueError as exc:  # an integer of more than sys.get_int_max_str_digits() digits
            if not quiet:
                logger.warning("%s: skipped, a JSON value cannot be read (%s)", where, str(exc).split(";")[0])
            continue
        if not isinstance(record, dict):
            if not quiet:
                logger.warning("%s: skipped, a JSON %s, expected an object", where, type(record).__name__)
            continue
        doc = record_document(
            record, where=where, default_id=f"{stem}:{lineno}", fields=fields, first=first, quiet=quiet
        )
        first = False
        if doc is not None:
            yield doc


def iter_csv(
    path: Path,
    stem: str,
    fields: RecordFields,
    columns: Sequence[str] | None = None,
    *,
    quiet: bool = False,
) -> Iterator[Document]:
    """The documents of a CSV file, one per row; ids default to ``stem:row``.

    ``columns`` names the columns of a file without a header row (AG News);
    by default the first row names them. A malformed row ends the file with
    a warning (unless ``quiet``).

    Raises
    ------
    MissingFieldError
        If there is no text column.
    InputError
        If the file cannot be read or is no CSV.
    """
    text, _ = read_text_file(path, quiet=quiet)
    if csv.field_size_limit() < len(text):
        # a whole article is one field; the default limit (128 KiB) is far too small for long ones
        csv.field_size_limit(max(len(text), 1 << 20))
    reader = csv.DictReader(StringIO(text, newline=""), fieldnames=list(columns) if columns else None)
    try:
        fieldnames = reader.fieldnames
    except csv.Error as exc:
        raise InputError(f"{path}: not a readable CSV file ({exc})") from exc
    if fieldnames is None:
        if not quiet:
            logger.warning("%s: skipped, empty CSV", path)
        return
    if fields.text_field not in fieldnames:
        raise MissingFieldError(
            f"{path}: no column {fields.text_field!r} (columns are {fieldnames}); "
            "name the text column with text_field= / --text-field"
        )
    row_no = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if not quiet:
                logger.warning(
                    "%s: line %d: malformed CSV (%s); the rest of the file is skipped", path, reader.line_num, exc
                )
            return
        row_no += 1
        record = {k: v for k, v in row.items() if k is not None}
        if record.get(fields.text_field) is None:  # the header has the column: this row is short
            if not quiet:
                n = sum(v is not None for v in record.values())
                logger.warning(
                    "%s#%d: skipped, a short row (%d of %d fields): no value in column %r",
                    path,
                    row_no,
                    n,
                    len(fieldnames),
                    fields.text_field,
                )
            continue
        doc = record_document(
            record, where=f"{path}#{row_no}", default_id=f"{stem}:{row_no}", fields=fields, first=False, quiet=quiet
        )
        if doc is not None:
            yield doc
