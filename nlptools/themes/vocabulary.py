"""The words a theme model sees: passage tokens, kept by document frequency, seed words always.

Why not :class:`~nlptools.vectorize.BowVectorizer`'s own ``min_df``: the
lexicon's seed words must stay in the vocabulary however rare they are, and
the kept token lists are also needed for the coherence of the k sweep. So
the vocabulary is chosen here, and the vectoriser only counts it (through a
:class:`RestrictedTokenizer`).
"""

from __future__ import annotations

import logging
import math
import numbers
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..document import Passage
from ..errors import EmptyCorpusError
from .lexicon import Lexicon, check_seeds_in_corpus, seed_tokens

if TYPE_CHECKING:  # pragma: no cover
    from ..vectorize import BowVectorizer

logger = logging.getLogger(__name__)

__all__ = ["RestrictedTokenizer", "PassageVocabulary", "passage_vocabulary"]


class RestrictedTokenizer:
    """A tokenizer that keeps only the words of a fixed vocabulary (picklable).

    Parameters
    ----------
    tokenizer : callable str -> list of str
    vocabulary : iterable of str
    """

    def __init__(self, tokenizer: Any, vocabulary: Iterable[str]) -> None:
        self.tokenizer = tokenizer
        self.vocabulary = frozenset(vocabulary)

    def __call__(self, text: str) -> list[str]:
        return [w for w in self.tokenizer(text) if w in self.vocabulary]

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, RestrictedTokenizer)
            and self.tokenizer == other.tokenizer
            and self.vocabulary == other.vocabulary
        )

    def __hash__(self) -> int:
        return hash((type(self), len(self.vocabulary)))


@dataclass(frozen=True)
class PassageVocabulary:
    """The passages as a theme model sees them.

    Attributes
    ----------
    texts : list of list of str
        Each passage's tokens that are in the vocabulary.
    seeds : dict of str to list of str, optional
        Lexicon theme to its seed tokens found in the corpus (None without a lexicon).
    vectorizer : BowVectorizer
        Counts the vocabulary's words (unfitted).
    """

    texts: list[list[str]]
    seeds: dict[str, list[str]] | None
    vectorizer: BowVectorizer

    @property
    def n_words(self) -> list[int]:
        """The number of vocabulary words of each passage."""
        return [len(t) for t in self.texts]


def passage_vocabulary(
    passages: Sequence[Passage],
    tokenizer: Callable[[str], list[str]],
    lexicon: Lexicon | None,
    min_df: int | float,
) -> PassageVocabulary:
    """Tokenise the passages and choose the vocabulary.

    Parameters
    ----------
    passages : sequence of Passage
    tokenizer : callable str -> list of str
        Applied to the passages and to the seed words alike.
    lexicon : Lexicon, optional
    min_df : int or float
        Words in fewer passages (a count, or a share of the passages) are left
        out; seed words are always kept.

    Returns
    -------
    PassageVocabulary

    Raises
    ------
    ConfigError
        A seed word is not one content word, or none of a theme's seed words occurs.
    EmptyCorpusError
        No passage has a word of the vocabulary.
    """
    from ..vectorize import BowVectorizer

    seeds = seed_tokens(lexicon, tokenizer) if lexicon else None
    texts = [tokenizer(p.text) for p in passages]
    df: dict[str, int] = {}
    for t in texts:
        for w in set(t):
            df[w] = df.get(w, 0) + 1
    if seeds and lexicon is not None:
        seeds = check_seeds_in_corpus(seeds, set(df), lexicon.source)
    # the vocabulary: words in at least min_df passages, and every seed word however rare
    least = min_df if isinstance(min_df, numbers.Integral) else math.ceil(float(min_df) * len(passages))
    keep = {w for w, n in df.items() if n >= least} | {w for ws in (seeds or {}).values() for w in ws}
    vocab = PassageVocabulary(
        texts=[[w for w in t if w in keep] for t in texts],
        seeds=seeds,
        vectorizer=BowVectorizer(tokenizer=RestrictedTokenizer(tokenizer, keep)),
    )
    if sum(vocab.n_words) == 0:
        raise EmptyCorpusError("the documents have no content words to find themes in")
    return vocab
