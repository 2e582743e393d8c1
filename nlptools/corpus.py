"""Corpora: news articles streamed from files, tolerantly.

A :class:`Corpus` is a re-iterable collection of
:class:`~nlptools.document.Document` s that streams from disk: iterating it
twice reads the files twice, so memory stays flat however large the
collection is. Reading one file (decoding, records, HTML) is
:mod:`nlptools.io`'s work; this module walks the sources, gives ids and
reports what it skips.

Supported sources: a folder (searched recursively), or a single ``.txt``,
``.md``, ``.html``/``.htm``, ``.jsonl`` or ``.csv`` file. Text and Markdown
files hold one article each; JSON Lines and CSV files hold one article per
record, with the text in a field the caller names.

Bad input never raises from deep inside: an empty, binary or undecodable file
is skipped with a warning that names it; a folder with no usable article
raises :class:`~nlptools.errors.EmptyCorpusError`.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from .document import Document
from .errors import EmptyCorpusError, InputError, ParameterError
from .io.decode import clean_field, read_text_file
from .io.html import html_to_text
from .io.records import MissingFieldError, RecordFields, iter_csv, iter_jsonl
from .io.walk import walk_files

logger = logging.getLogger(__name__)

__all__ = ["Corpus", "load", "TEXT_SUFFIXES", "RECORD_SUFFIXES"]

#: Suffixes read as one article per file.
TEXT_SUFFIXES = frozenset({".txt", ".md", ".text", ".html", ".htm"})
#: Suffixes read as one article per record.
RECORD_SUFFIXES = frozenset({".jsonl", ".csv"})

_HTML_SUFFIXES = frozenset({".html", ".htm"})


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
        self._fields = RecordFields(text_field, id_field, title_field, date_field)
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
        follow_links: bool = False,
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
        follow_links : bool, default=False
            Read files and folders that symbolic links under a folder lead to
            outside it. By default such a link is skipped with a warning naming
            the link and its target, so nothing outside the corpus folder is
            read (``ln -s ~/.ssh/id_rsa corpus/notes.txt`` stays out of every
            output). Links inside the folder are always read, each file once;
            symlink loops are broken. A single file given as ``path`` is read
            wherever it links to: it was named explicitly.

        Notes
        -----
        The toolkit's own outputs under a folder are never read as articles:
        the ``digest.md``/``digest.html`` beside a ``digest.json``, and every
        experiment run folder (see :func:`nlptools.io.walk.walk_files`).

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
            files = walk_files(p, allowed, follow_links=follow_links)
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
            # control characters in a file name (terminal escapes) never reach an id
            stems.setdefault(clean_field(rel.with_suffix("").as_posix()), []).append(path)
        for stem, paths in stems.items():
            for path in paths:
                if len(paths) == 1:
                    ids[path] = stem
                else:
                    rel = path.relative_to(self._root) if self._root is not None else path
                    ids[path] = clean_field(rel.as_posix())
        if len(ids) < len(self._sources):
            logger.warning("the same file is listed more than once; its documents get distinct ids")
        return ids

    def _doc_id(self, path: Path) -> str:
        # a file name that is not UTF-8 ("caf\xe9.txt") decodes with surrogates no output can encode
        return self._ids.get(path) or clean_field(path.with_suffix("").as_posix())

    def _read_file(self, path: Path, *, quiet: bool = False) -> Iterator[Document]:
        """The documents of one source file (``quiet``: without warnings)."""
        suffix = path.suffix.lower()
        stem = self._doc_id(path)
        if suffix == ".jsonl":
            yield from iter_jsonl(path, stem, self._fields, quiet=quiet)
            return
        if suffix == ".csv":
            yield from iter_csv(path, stem, self._fields, self._columns, quiet=quiet)
            return
        # called as read_text_file(path) when not quiet: callers may wrap it to watch the reads (tests do)
        text, encoding = read_text_file(path, quiet=True) if quiet else read_text_file(path)
        meta = {"encoding": encoding}
        if not text.strip():
            if not quiet:
                logger.warning("%s: skipped, empty or only whitespace", path)
            return
        if suffix in _HTML_SUFFIXES:
            # offsets index the extracted text: it is the document's text
            text = html_to_text(text, name=str(path))
            meta["extracted_from"] = "html"
        yield Document(id=stem, text=text, source=str(path), meta=meta)

    def _iter_file_safely(self, path: Path, *, quiet: bool = False) -> Iterator[Document]:
        """:meth:`_read_file`, a file that cannot be read skipped with a warning.

        A wrong text field (:class:`~nlptools.io.records.MissingFieldError`)
        and an unreadable record file read on its own still raise: every
        document would be lost.
        """
        try:
            yield from self._read_file(path, quiet=quiet)
        except MissingFieldError:
            raise
        except InputError as exc:
            if len(self._sources) == 1 and path.suffix.lower() in RECORD_SUFFIXES:
                raise
            if not quiet:
                logger.warning("skipped: %s", exc)

    def __iter__(self) -> Iterator[Document]:
        return self._iter()

    def _iter(self, *, quiet: bool = False) -> Iterator[Document]:
        """The documents, in order; ``quiet`` for a pass that re-reads what another pass reports."""
        if self._documents is not None:
            yield from self._documents
            return
        produced = 0
        seen: set[str] = set()
        for path in self._sources:
            for doc in self._iter_file_safely(path, quiet=quiet):
                if doc.id in seen:
                    new_id = f"{doc.id}#{produced}"
                    if not quiet:
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
            # one counting pass, quiet: its warnings would repeat those of the pass that
            # follows (``list(corpus)`` asks for the length first)
            self._records_len = sum(1 for _ in self._iter(quiet=True))
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
