"""Duplicate and near-duplicate articles: find them, report them, count each once.

Scraped news repeats itself: the same wire story saved twice, or republished
with a new headline and a sentence changed. Jobs that count articles (themes,
digests, multi-document summaries) should see such a story once.

Two articles are compared by their word 3-grams (shingles): the share of the
3-grams of both that they have in common (Jaccard similarity). Identical word
sequences are *duplicates*; a Jaccard similarity of at least ``threshold`` is
a *near-duplicate*. Candidate pairs come from a bottom-k sketch of each
article's shingle hashes (CRC-32, stable across processes; a hash shared by
more than 50 articles is boilerplate and not used), so the cost grows with
the number of articles, not with its square; the similarity of a candidate
pair is then computed exactly.

>>> from nlptools.corpus import Corpus
>>> from nlptools.duplicates import deduplicate
>>> corpus = Corpus.from_texts(["Kim met Putin on Tuesday in the far east.",
...                             "Kim met Putin on Tuesday in the far east.",
...                             "Shares fell on Monday."])
>>> [d.id for d in deduplicate(corpus, warn=False)]
['0', '2']
"""

from __future__ import annotations

import logging
import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from .errors import ParameterError

logger = logging.getLogger(__name__)

__all__ = ["Duplicate", "find_duplicates", "deduplicate", "DEFAULT_THRESHOLD"]

#: Least Jaccard similarity of word 3-grams for two articles to count as one.
DEFAULT_THRESHOLD = 0.8

_SHINGLE = 3
_SKETCH = 8
#: A shingle hash shared by more articles than this is boilerplate: no longer used to find candidates.
_MAX_POSTING = 50
_WORD = re.compile(r"\w+")

D = TypeVar("D")


@dataclass(frozen=True)
class Duplicate:
    """An article that repeats an earlier one.

    Attributes
    ----------
    document : str
        Id of the repeat (the later article, left out).
    original : str
        Id of the earlier article it repeats (kept).
    similarity : float
        Jaccard similarity of their word 3-grams (1.0 for a duplicate).
    exact : bool
        True when both have the same words in the same order.
    document_source, original_source : str
        Where each came from (file path or record), for messages.
    """

    document: str
    original: str
    similarity: float
    exact: bool
    document_source: str = ""
    original_source: str = ""

    def message(self) -> str:
        """One line naming both articles and the reason."""
        what = (
            "the same text as" if self.exact else f"a near-duplicate ({self.similarity:.0%} of word 3-grams shared) of"
        )
        return f"{self.document_source or self.document}: {what} {self.original_source or self.original}; counted once"


def _text_and_source(doc: Any) -> tuple[str, str, str]:
    """Id, comparable text and source of a Document or CleanDocument."""
    if hasattr(doc, "body") and hasattr(doc, "document"):  # CleanDocument: furniture removed
        body = " ".join(s.text for s in doc.body) or " ".join(s.text for s in doc.sentences)
        return doc.id, body, getattr(doc.document, "source", "") or doc.id
    if hasattr(doc, "text") and hasattr(doc, "id"):
        return doc.id, doc.text, getattr(doc, "source", "") or doc.id
    raise ParameterError(f"documents: expected Document or CleanDocument objects, got {type(doc).__name__}")


def _shingles(words: list[str]) -> frozenset[int]:
    if len(words) < _SHINGLE:
        return frozenset({zlib.crc32(" ".join(words).encode("utf-8"))}) if words else frozenset()
    return frozenset(
        zlib.crc32(" ".join(words[i : i + _SHINGLE]).encode("utf-8")) for i in range(len(words) - _SHINGLE + 1)
    )


def find_duplicates(documents: Iterable[Any], *, threshold: float = DEFAULT_THRESHOLD) -> list[Duplicate]:
    """Articles that repeat an earlier one, in corpus order.

    Parameters
    ----------
    documents : iterable of Document or CleanDocument
        For clean documents the kept sentences are compared (furniture such
        as bylines and dates does not make two copies differ).
    threshold : float in (0, 1], default=0.8
        Least Jaccard similarity of word 3-grams for a near-duplicate; 1.0
        finds only exact repeats.

    Returns
    -------
    list of Duplicate
        One entry per repeated article, naming the earliest kept article it
        repeats (the most similar one when several qualify).
    """
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 0 < threshold <= 1:
        raise ParameterError(f"threshold: must be a number in (0, 1], got {threshold!r}")
    kept_sets: list[frozenset[int]] = []
    kept_info: list[tuple[str, str]] = []
    exact: dict[str, int] = {}
    index: dict[int, list[int]] = {}
    found: list[Duplicate] = []
    for doc in documents:
        doc_id, text, source = _text_and_source(doc)
        words = _WORD.findall(text.lower())
        if not words:
            continue
        key = " ".join(words)
        if key in exact:
            orig_id, orig_source = kept_info[exact[key]]
            found.append(Duplicate(doc_id, orig_id, 1.0, True, source, orig_source))
            continue
        shingles = _shingles(words)
        sketch = sorted(shingles)[:_SKETCH]
        candidates = sorted({j for h in sketch if len(index.get(h, ())) <= _MAX_POSTING for j in index.get(h, ())})
        best: tuple[float, int] | None = None
        for j in candidates:
            other = kept_sets[j]
            sim = len(shingles & other) / len(shingles | other)
            if sim >= threshold and (best is None or sim > best[0]):
                best = (sim, j)
        if best is not None:
            orig_id, orig_source = kept_info[best[1]]
            found.append(Duplicate(doc_id, orig_id, round(best[0], 4), False, source, orig_source))
            continue
        n = len(kept_sets)
        kept_sets.append(shingles)
        kept_info.append((doc_id, source))
        exact[key] = n
        for h in sketch:
            posting = index.setdefault(h, [])
            if len(posting) <= _MAX_POSTING:  # one past the limit marks it common
                posting.append(n)
    return found


def deduplicate(documents: Iterable[D], *, threshold: float = DEFAULT_THRESHOLD, warn: bool = True) -> list[D]:
    """The documents with each repeated article left out (the first copy is kept).

    Parameters
    ----------
    documents : iterable of Document or CleanDocument
    threshold : float in (0, 1], default=0.8
        See :func:`find_duplicates`.
    warn : bool, default=True
        Log one warning per repeat, naming it and the article it repeats.

    Returns
    -------
    list
        The documents kept, in their order.
    """
    docs: Sequence[D] = list(documents)
    repeats = find_duplicates(docs, threshold=threshold)
    if warn:
        for dup in repeats:
            logger.warning("%s", dup.message())
    dropped = {dup.document for dup in repeats}
    return [d for d in docs if _text_and_source(d)[0] not in dropped]
