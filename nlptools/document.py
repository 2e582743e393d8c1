"""The data model: documents, sentences, removed spans, clean documents, passages.

These small immutable types are what every stage passes along. This module
sits on the ground floor: it imports nothing of the stages, and every stage
may import it.

``Sentence.text`` is always ``document.text[start:end]``: provenance can
never drift.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Document", "Sentence", "Removed", "CleanDocument", "Passage"]


@dataclass(frozen=True, slots=True)
class Document:
    """One article, its source text untouched.

    Parameters
    ----------
    id : str
        Identifier, unique within a corpus: the file stem (relative path for
        nested folders) or the record id.
    text : str
        The decoded source text. Every offset nlptools reports (sentences,
        removed spans, digests) indexes into this string.
    title : str or None
        The title, when the source gives one (a record field) or cleaning
        finds a headline.
    date : str or None
        ISO date (``YYYY-MM-DD``) when the source states one.
    source : str
        Where the text came from: a path, or ``path:line`` / ``path#row``
        for records.
    meta : Mapping
        Anything else the loader knew (encoding used, record fields).
    """

    id: str
    text: str
    title: str | None = None
    date: str | None = None
    source: str = ""
    meta: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence (or heading) of a cleaned document.

    ``text`` is always ``document.text[start:end]``.
    """

    document: str
    index: int
    start: int
    end: int
    text: str
    paragraph: int
    heading: bool = False


@dataclass(frozen=True, slots=True)
class Removed:
    """A span cleaning removed, and the rule that removed it."""

    start: int
    end: int
    rule: str
    text: str


@dataclass(frozen=True, slots=True)
class CleanDocument:
    """A document with its kept sentences and its removed spans.

    Attributes
    ----------
    document : Document
        The source document (its ``text`` untouched).
    sentences : tuple of Sentence
        Kept sentences and headings, in source order.
    removed : tuple of Removed
        Removed furniture, in source order.
    title : str or None
        The headline found by cleaning, or the document's own title.
    date : str or None
        ISO date from a metadata prefix or mail header, or the document's own.
    """

    document: Document
    sentences: tuple[Sentence, ...]
    removed: tuple[Removed, ...]
    title: str | None = None
    date: str | None = None

    @property
    def id(self) -> str:
        """The document id."""
        return self.document.id

    @property
    def text(self) -> str:
        """The document's source text."""
        return self.document.text

    @property
    def body(self) -> tuple[Sentence, ...]:
        """The sentences that are not headings."""
        return tuple(s for s in self.sentences if not s.heading)

    def paragraphs(self) -> list[tuple[Sentence, ...]]:
        """Body sentences grouped by paragraph, headings left out."""
        groups: dict[int, list[Sentence]] = {}
        for s in self.sentences:
            if not s.heading:
                groups.setdefault(s.paragraph, []).append(s)
        return [tuple(v) for _, v in sorted(groups.items())]

    def clean_text(self) -> str:
        """Kept body text: sentences joined by spaces, paragraphs by blank lines."""
        return "\n\n".join(" ".join(s.text for s in para) for para in self.paragraphs())


@dataclass(frozen=True, slots=True)
class Passage:
    """A run of sentences of one document: the unit a model sees.

    Attributes
    ----------
    id : str
        ``doc``, ``doc#p3`` (paragraph 3) or ``doc#s12`` (sentence 12).
    document : str
        The document id.
    sentences : tuple of Sentence
        The sentences, in order.
    context : str, default=""
        Text that is not the document's own but says what it is about: the
        quoted replies a post answers (document passages only,
        :func:`nlptools.cleaning.quoted_text`). Discovered themes read it
        next to the sentences (:func:`nlptools.vectorize.model_text`); it is
        never quoted.
    """

    id: str
    document: str
    sentences: tuple[Sentence, ...]
    context: str = ""

    @property
    def text(self) -> str:
        """The sentences' text joined by spaces."""
        return " ".join(s.text for s in self.sentences)

    @property
    def start(self) -> int:
        """Offset of the first character in the document's source."""
        return self.sentences[0].start

    @property
    def end(self) -> int:
        """Offset just past the last character in the document's source."""
        return self.sentences[-1].end
