"""Tokens: normalisation, stop words, lemmas, name aliases, phrases; the sumy tokenizer.

:class:`Tokenizer` turns a sentence or passage into model tokens: it folds
case, splits hyphenated names (``Kim Jong-un`` and ``Kim Jong Un`` give the
same tokens), merges configured name variants into one token
(``kim_jong_un``), drops stop words and (by default) numbers, and lemmatises
offline with simplemma. It is a plain callable, so it plugs into
scikit-learn's ``CountVectorizer(analyzer=...)`` and is picklable; its
parameters follow scikit-learn's protocol (``get_params``/``set_params``,
so ``clone`` and nested ``tokenizer__numbers=...`` parameters work).

:func:`discover_names` finds multi-word proper names in raw texts (runs of
capitalised words, counted in one pass) and returns them as aliases, so
``Tokenizer(aliases=discover_names(texts))`` needs no hand-made lexicon.

:class:`PhraseDetector` learns multi-word phrases (``north_korea``,
``vladimir_putin``) with gensim's ``Phrases``. :class:`SumyTokenizer` gives
sumy the project's own offline sentence splitter, so sumy never needs NLTK
data.
"""

from __future__ import annotations

import inspect
import logging
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from itertools import chain
from typing import TYPE_CHECKING, Any

from .errors import ParameterError
from .segment import split_sentences

if TYPE_CHECKING:  # pragma: no cover
    from sklearn.utils import Tags

logger = logging.getLogger(__name__)

__all__ = [
    "STOP_WORDS",
    "Tokenizer",
    "PhraseDetector",
    "SumyTokenizer",
    "word_spans",
    "words",
    "NAME_TITLES",
    "discover_names",
    "name_counts",
]

#: English stop words: function words, auxiliaries, and news reporting verbs
#: that carry no topic ("said", "told", "according").
STOP_WORDS: frozenset[str] = frozenset(
    """
    a about above across after afterwards again against all almost alone along already also although always am
    among amongst an and another any anybody anyhow anyone anything anyway anywhere are around as at back be
    became because become becomes becoming been before beforehand behind being below beside besides between
    beyond both but by can cannot could did do does doing done down during each either else elsewhere enough
    etc even ever every everyone everything everywhere except few for former formerly from further had has
    have having he hence her here hereafter hereby herein hers herself him himself his how however i ie if in
    indeed into is it its itself just last latter latterly least less let like made make many may me
    meanwhile might mine more moreover most mostly much must my myself namely neither never nevertheless
    next no nobody none noone nor not nothing now nowhere of off often on once one only onto or other others
    otherwise our ours ourselves out over own per perhaps please put rather re same several she should
    since so some somehow someone something sometime sometimes somewhere still such than that the their
    theirs them themselves then thence there thereafter thereby therefore therein thereupon these they
    this those though through throughout thru thus to together too toward towards under until up upon us
    very via was we well were what whatever when whence whenever where whereafter whereas whereby wherein
    whereupon wherever whether which while whither who whoever whole whom whose why will with within without
    would yet you your yours yourself yourselves
    s t d ll m o re ve y don doesn didn isn wasn weren aren hasn haven hadn won wouldn shouldn couldn mustn
    said says say told tell according added also mr mrs ms dr just new year years
    """.split()
)

_NUMBER = re.compile(r"^[\d.,]+(?:st|nd|rd|th|s|bn|m|k|pc|mm|km|kg)?$")
# a number with thousands/decimal separators ("3,000", "1.5bn") is one token, not two
_NUMBER_TOKEN = r"\d+(?:[.,]\d+)+[^\W_]*|"
_TOKEN = re.compile(_NUMBER_TOKEN + r"[^\W_]+(?:['’][^\W_]+)*")
_TOKEN_HYPHEN = re.compile(_NUMBER_TOKEN + r"[^\W_]+(?:[-'’][^\W_]+)*")
_WORD = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*")
_POSSESSIVE = re.compile(r"['’]s$")
_NUMBER_POLICIES = ("drop", "keep", "token")
_CONTRACTIONS = frozenset({"t", "re", "ve", "ll", "d", "m", "s"})
_chain = chain.from_iterable
# cache sizes (entries): word -> token, and whitespace chunk -> tokens; past them, results are computed, not kept
_CACHE_LIMIT = 200_000
_CHUNK_CACHE_LIMIT = 100_000
# never part of a token (they are not word characters, nor the apostrophes that join words)
_EDGE_PUNCTUATION = '.,;:!?"()[]{}<>*'


def word_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of the words of ``text`` (letters/digits, with inner ``-'’.``)."""
    return [m.span() for m in _WORD.finditer(text)]


def words(text: str) -> list[str]:
    """The words of ``text``, as written (no case folding)."""
    return _WORD.findall(text)


def _fold(text: str) -> str:
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return text.lower()


class _Parameters:
    """scikit-learn's parameter protocol: ``get_params``, ``set_params``, hence ``clone``.

    The parameters are the keyword arguments of ``__init__``, stored under
    their own names. Written out rather than inherited from scikit-learn's
    ``BaseEstimator``: this module is imported by commands (``sentences``,
    ``summarize``) that never need scikit-learn, whose import takes a second.
    """

    @classmethod
    def _param_names(cls) -> list[str]:
        params = inspect.signature(cls.__init__).parameters.values()
        return [p.name for p in params if p.name != "self" and p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD)]

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """Parameters, scikit-learn style (``deep``: with those of nested estimators, as ``name__param``)."""
        out: dict[str, Any] = {}
        for name in self._param_names():
            value = getattr(self, name)
            if deep and hasattr(value, "get_params") and not isinstance(value, type):
                out.update((f"{name}__{k}", v) for k, v in value.get_params(deep=True).items())
            out[name] = value
        return out

    def set_params(self, **params: Any) -> Any:
        """Set parameters (``name`` or nested ``name__param``), scikit-learn style; returns self."""
        names = self._param_names()
        nested: dict[str, dict[str, Any]] = {}
        for key, value in params.items():
            name, nest, sub = key.partition("__")
            if name not in names:
                raise ParameterError(f"{key}: not a parameter of {type(self).__name__} (one of {', '.join(names)})")
            if nest:
                nested.setdefault(name, {})[sub] = value
            else:
                setattr(self, name, value)
        for name, sub_params in nested.items():
            getattr(self, name).set_params(**sub_params)
        return self

    def __repr__(self) -> str:
        defaults = {p.name: p.default for p in inspect.signature(type(self).__init__).parameters.values()}
        changed = [f"{k}={v!r}" for k, v in self.get_params(deep=False).items() if v != defaults[k]]
        return f"{type(self).__name__}({', '.join(changed)})"


class Tokenizer(_Parameters):
    """Turn text into model tokens.

    Parameters
    ----------
    lowercase : bool, default=True
        Fold case.
    stop_words : {"english"} or iterable of str or None, default="english"
        Words to drop (checked on the word and on its lemma); ``None`` keeps all.
    lemmatize : bool, default=True
        Lemmatise with simplemma (offline, English).
    numbers : {"drop", "keep", "token"}, default="drop"
        What to do with numbers: drop them, keep them, or replace each by ``<num>``.
    min_length : int, default=2
        Shorter tokens are dropped.
    split_hyphens : bool, default=True
        Split ``Jong-un`` into ``jong un``, so spelling variants of names
        give the same tokens.
    aliases : mapping of str to sequence of str, optional
        Name variants to merge: ``{"Kim Jong Un": ["Kim Jong-un", "Kim"]}``
        turns every variant (and the canonical form) into the single token
        ``kim_jong_un``. Matching is on tokens, case-insensitive, longest first.

    Examples
    --------
    >>> tok = Tokenizer(aliases={"Kim Jong Un": ["Kim Jong-un"]})
    >>> tok("Kim Jong-un's trains were armoured; Kim Jong Un said.")
    ['kim_jong_un', 'train', 'armour', 'kim_jong_un']
    """

    def __init__(
        self,
        *,
        lowercase: bool = True,
        stop_words: str | Iterable[str] | None = "english",
        lemmatize: bool = True,
        numbers: str = "drop",
        min_length: int = 2,
        split_hyphens: bool = True,
        aliases: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        self.lowercase = lowercase
        self.stop_words = stop_words
        self.lemmatize = lemmatize
        self.numbers = numbers
        self.min_length = min_length
        self.split_hyphens = split_hyphens
        self.aliases = aliases
        self._compiled: Any = None

    # -- set-up -----------------------------------------------------------------
    def _compile(self) -> Any:
        if self.numbers not in _NUMBER_POLICIES:
            raise ParameterError(f"numbers: {self.numbers!r} is not one of {', '.join(_NUMBER_POLICIES)}")
        if not isinstance(self.min_length, int) or self.min_length < 1:
            raise ParameterError(f"min_length: must be a positive integer, got {self.min_length!r}")
        if self.stop_words is None:
            stops: frozenset[str] = frozenset()
        elif isinstance(self.stop_words, str):
            if self.stop_words != "english":
                raise ParameterError(f"stop_words: {self.stop_words!r} is not 'english', a list of words, or None")
            stops = STOP_WORDS
        else:
            stops = frozenset(_fold(w) for w in self.stop_words)
        pattern = _TOKEN if self.split_hyphens else _TOKEN_HYPHEN
        alias_index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for canonical, variants in (self.aliases or {}).items():
            if isinstance(variants, str):
                raise ParameterError(f"aliases: the variants of {canonical!r} must be a list of strings, not a string")
            target = "_".join(self._surface(canonical, pattern))
            if not target:
                raise ParameterError(f"aliases: {canonical!r} has no word characters")
            for form in (canonical, *variants):
                key = tuple(self._surface(form, pattern))
                if key:
                    alias_index.setdefault(key[0], []).append((key, target))
        for entries in alias_index.values():
            entries.sort(key=lambda e: -len(e[0]))
        lemmatizer = None
        if self.lemmatize:
            import simplemma  # light, pure Python, ships its data

            def lemmatizer(word: str, _lem=simplemma.lemmatize) -> str:
                try:
                    return _lem(word, lang="en")
                except Exception:  # simplemma on odd input: keep the word
                    return word

        min_len = self.min_length
        numbers = self.numbers
        token = self._token

        class _Cache(dict):
            # surface token -> model token ("" to drop), computed once per type
            def __missing__(cache, tok: str) -> str:
                value = token(tok, stops, lemmatizer, numbers, min_len)
                if len(cache) < _CACHE_LIMIT:
                    cache[tok] = value
                return value

        cache = _Cache()
        lookup = cache.__getitem__
        fold = _fold if self.lowercase else str
        findall = pattern.findall

        class _Chunks(dict):
            # whitespace-delimited chunk as written ("Jong-un's", "(AFP)") -> its model tokens.
            # Tokens never span whitespace, so tokenising chunk by chunk gives exactly the
            # tokens of the whole text, and most chunks repeat: one dict lookup each.
            def __missing__(chunks, chunk: str) -> tuple[str, ...]:
                word = fold(chunk).strip(_EDGE_PUNCTUATION)
                if word.isalpha():  # the common case: one word, perhaps with punctuation around it
                    tok = lookup(word)
                    value = (tok,) if tok else ()
                else:
                    value = tuple(filter(None, map(lookup, findall(word))))
                if len(chunks) < _CHUNK_CACHE_LIMIT:
                    chunks[chunk] = value
                return value

        self._compiled = (pattern, alias_index, cache, _Chunks())
        return self._compiled

    def _surface(self, text: str, pattern: re.Pattern[str]) -> list[str]:
        folded = _fold(text) if self.lowercase else text
        return [t[:-2] if t.endswith(("'s", "’s")) else t for t in pattern.findall(folded)]

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_compiled"] = None
        return state

    def set_params(self, **params: Any) -> Tokenizer:
        """Set parameters, scikit-learn style; the next call compiles them afresh."""
        super().set_params(**params)
        self._compiled = None
        return self

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Tokenizer) and self.get_params() == other.get_params()

    def __hash__(self) -> int:
        return hash(tuple(sorted((k, repr(v)) for k, v in self.get_params().items())))

    @property
    def splits_on_whitespace(self) -> bool:
        """True when no token spans white space (no aliases), so the tokens of a text are the
        tokens of its whitespace-delimited chunks, in order (callers may tokenise chunk by chunk)."""
        return not self.aliases

    # -- use ----------------------------------------------------------------------
    def __call__(self, text: str) -> list[str]:
        """Tokens of ``text``."""
        pattern, alias_index, cache, chunks = self._compiled or self._compile()
        if alias_index:
            raw = _merge_aliases(self._surface(text, pattern), alias_index)
            return [t for t in map(cache.__getitem__, raw) if t]
        return [*_chain(map(chunks.__getitem__, text.split()))]

    @staticmethod
    def _token(tok: str, stops: frozenset[str], lemmatizer: Any, numbers: str, min_len: int) -> str:
        if "_" in tok:  # a merged alias: keep as is
            return tok
        if tok.endswith(("'s", "’s")):
            tok = tok[:-2]
            if not tok:
                return ""
        if tok[0].isdigit() and _NUMBER.match(tok):
            if numbers == "drop":
                return ""
            return "<num>" if numbers == "token" else tok
        if len(tok) < min_len or tok in stops:
            return ""
        if "'" in tok or "’" in tok:
            head, _, tail = tok.replace("’", "'").partition("'")
            if tail in _CONTRACTIONS and head in stops:
                return ""  # "don't", "we're", "they've": a stop word with its clitic
        if lemmatizer is not None and tok.isalpha():
            lemma = lemmatizer(tok)
            if lemma != tok:
                lemma = _fold(lemma)
                if lemma in stops or len(lemma) < min_len:
                    return ""
                return lemma
        return tok

    def tokenize_many(self, texts: Iterable[str]) -> list[list[str]]:
        """Tokens of each text."""
        return [self(t) for t in texts]


def _merge_aliases(tokens: list[str], index: dict[str, list[tuple[tuple[str, ...], str]]]) -> list[str]:
    out: list[str] = []
    i, n = 0, len(tokens)
    while i < n:
        entries = index.get(tokens[i])
        if entries:
            for key, target in entries:
                k = len(key)
                if tuple(tokens[i : i + k]) == key:
                    out.append(target)
                    i += k
                    break
            else:
                out.append(tokens[i])
                i += 1
        else:
            out.append(tokens[i])
            i += 1
    return out


# -- proper names -------------------------------------------------------------------
# Upper-case letters of the Latin, Greek and Cyrillic blocks (``re`` has no \p{Lu}).
_UPPER = "".join(re.escape(c) for c in map(chr, range(0x530)) if c.isupper())
# A capitalised word: "Korea", "Jong-un", "O'Brien", "BBC"; a possessive ("Korea's") ends it.
_CAP_WORD = rf"[{_UPPER}][^\W_]*(?:(?:-|['’](?=[^\W_]{{2}}))[^\W_]+)*"
# A run of capitalised words on one line, separated by spaces only; a possessive or any
# punctuation ends the run. Not glued to a word, hyphen or apostrophe on its left.
_CAP_RUN = re.compile(rf"(?<![\w'’-]){_CAP_WORD}(?:[ \t\xa0]+{_CAP_WORD})*")
_RUN_SPLIT = re.compile(r"[ \t\xa0]+")
_PART_SPLIT = re.compile(r"-")
# skipped when looking back for the end of the previous sentence: space, opening quotes and brackets
_OPENERS = frozenset(" \t\xa0\"'“‘«([{")
_SENTENCE_ENDS = frozenset(".!?…\n\r")
#: Titles that precede a name: a break in a run when another capitalised word follows
#: ("Russian President Vladimir Putin" gives "Vladimir Putin"), kept at the end of one
#: ("Prime Minister").
NAME_TITLES: frozenset[str] = frozenset(
    """
    president minister secretary chancellor premier senator sen governor gov mayor leader chairman chairwoman
    spokesman spokeswoman sir dame lord lady prince princess king queen pope ambassador commissioner envoy
    coach manager captain boss chief director judge gen col lt sgt rep vice deputy
    """.split()
)


# stop words that begin names ("New York", "New Year", "Radio One") do not split a run
_NAME_STOP_WORDS = STOP_WORDS - {"new", "year", "one"}


def _sentence_initial(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens a sentence (or the text, a line, a paragraph)."""
    i = start - 1
    while i >= 0 and start - i <= 8 and text[i] in _OPENERS:
        i -= 1
    return i < 0 or text[i] in _SENTENCE_ENDS


def _name_key(form: str) -> tuple[str, ...]:
    """Matching key of a written name: case-folded parts, hyphens as spaces, one apostrophe."""
    return tuple(p for p in _PART_SPLIT.split(_fold(form).replace("’", "'").replace(" ", "-")) if p)


def _name_segments(units: list[str]) -> list[tuple[int, list[str]]]:
    """Split a run of capitalised words at stop words and at titles before a name.

    A title before a name drops the words before it too (``Russian Defense
    Minister Sergei Shoigu`` gives ``Sergei Shoigu``). Returns ``(offset,
    words)`` pieces; ``offset`` is the index of the first word in the run.
    """
    segments: list[tuple[int, list[str]]] = []
    current: list[str] = []
    first = 0
    last = len(units) - 1
    for i, unit in enumerate(units):
        low = _fold(unit)
        if low in NAME_TITLES and i < last:
            current = []  # the title's own words: "Russian Defense" Minister
            first = i + 1
        elif low in _NAME_STOP_WORDS:
            if current:
                segments.append((first, current))
            current = []
            first = i + 1
        else:
            current.append(unit)
    if current:
        segments.append((first, current))
    return segments


def _count_names(texts: Iterable[str], max_words: int) -> tuple[dict[str, int], dict[str, int]]:
    """Occurrences of each written capitalised sequence of 2..max_words words, and those not
    opening a sentence. One regex pass per text."""
    counts: dict[str, int] = {}
    inner: dict[str, int] = {}
    for text in texts:
        for match in _CAP_RUN.finditer(text):
            units = _RUN_SPLIT.split(match.group())
            if len(units) < 2:
                continue
            initial = _sentence_initial(text, match.start())
            for offset, segment in _name_segments(units):
                m = len(segment)
                for i in range(m - 1):
                    if len(segment[i]) == 1:  # an initial: "C Paterson", not a name's start
                        continue
                    mid = not (initial and offset + i == 0)
                    for n in range(2, min(max_words, m - i) + 1):
                        if len(segment[i + n - 1]) == 1:  # "George W" (Bush)
                            continue
                        form = " ".join(segment[i : i + n])
                        counts[form] = counts.get(form, 0) + 1
                        if mid:
                            inner[form] = inner.get(form, 0) + 1
    return counts, inner


def _contained(key: tuple[str, ...]) -> Iterable[tuple[str, ...]]:
    """The shorter contiguous sub-sequences (two words or more) of ``key``."""
    n = len(key)
    for size in range(2, n):
        for i in range(n - size + 1):
            yield key[i : i + size]


def name_counts(
    texts: Iterable[str], *, min_count: int = 2, max_words: int = 4, max_names: int = 500
) -> list[tuple[str, list[str], int]]:
    """Multi-word proper names of ``texts`` with their variants and counts, most frequent first.

    Same parameters and rules as :func:`discover_names`, which this feeds.

    Returns
    -------
    list of (str, list of str, int)
        ``(canonical, variants, count)``, sorted by count (descending), then by
        canonical name; at most ``max_names``.
    """
    if not isinstance(min_count, int) or min_count < 1:
        raise ParameterError(f"min_count: must be a positive integer, got {min_count!r}")
    if not isinstance(max_words, int) or max_words < 2:
        raise ParameterError(f"max_words: must be an integer >= 2, got {max_words!r}")
    if not isinstance(max_names, int) or max_names < 0:
        raise ParameterError(f"max_names: must be a non-negative integer, got {max_names!r}")
    if isinstance(texts, str):
        raise ParameterError("texts: expected an iterable of texts, not a single string")
    counts, inner = _count_names(texts, max_words)
    # group written forms by key ("Kim Jong-un" and "Kim Jong Un" are one name)
    forms: dict[tuple[str, ...], dict[str, int]] = {}
    total: dict[tuple[str, ...], int] = {}
    mid: dict[tuple[str, ...], int] = {}
    for form, count in counts.items():
        key = _name_key(form)
        forms.setdefault(key, {})[form] = count
        total[key] = total.get(key, 0) + count
        mid[key] = mid.get(key, 0) + inner.get(form, 0)
    kept = {k for k, c in total.items() if c >= min_count and mid[k] > 0}
    # plurals and demonyms fold into a base name frequent on its own, which gives the
    # canonical form: "Lib Dems" -> "Lib Dem", "North Korean(s)" -> "North Korea"
    folded: dict[tuple[str, ...], list[str]] = {}
    gone: set[tuple[str, ...]] = set()
    for key in sorted(kept, key=lambda k: (len(k), k)):
        if key in gone:
            continue
        suffixes = ("s", "n", "ns") if key[-1].endswith("a") else ("s",)
        for suffix in suffixes:
            other = (*key[:-1], key[-1] + suffix)
            if other in total and other not in gone:
                gone.add(other)
                total[key] += total[other]
                folded.setdefault(key, []).extend(forms[other])
    kept -= gone
    # a name always seen inside a longer one ("Jong Un" in "Kim Jong Un") is not a name of its own
    covering: dict[tuple[str, ...], int] = {}
    for key in kept:
        for sub in _contained(key):
            if total[key] > covering.get(sub, 0):
                covering[sub] = total[key]
    kept = {k for k in kept if covering.get(k, 0) < total[k]}
    names = []
    for key in kept:
        # the most frequent written form, not in capitals if another one exists
        ranked = sorted(forms[key].items(), key=lambda fc: (fc[0].isupper(), -fc[1], fc[0]))
        canonical = ranked[0][0]
        variants = sorted({f for f, _ in ranked[1:]}.union(folded.get(key, ())))
        names.append((canonical, variants, total[key]))
    names.sort(key=lambda n: (-n[2], _fold(n[0]), n[0]))
    return names[:max_names]


def discover_names(
    texts: Iterable[str], *, min_count: int = 2, max_words: int = 4, max_names: int = 500
) -> dict[str, list[str]]:
    """Find multi-word proper names in raw texts, as aliases for :class:`Tokenizer`.

    Offline, deterministic, and linear in the size of the input: one regex pass
    over each text finds runs of capitalised words, and their sub-sequences are
    counted. ``Tokenizer(aliases=discover_names(texts))`` then turns each name
    into one token (``north_korea``, ``kim_jong_un``, ``vladimir_putin``).

    The rules:

    - a name is 2 to ``max_words`` capitalised words in a row, on one line and
      separated by spaces only (hyphenated parts such as ``Jong-un`` belong to
      their word; any punctuation, a possessive or a line break ends the run);
    - stop words (``The``, ``In``, ``But``, ``Mr``...) never belong to a name: a
      run is split at them, so ``The Associated Press`` gives ``Associated Press``
      (except ``New``, ``Year`` and ``One``: ``New York``, ``Radio One``);
    - a title followed by another capitalised word (:data:`NAME_TITLES`) splits a
      run too: ``Russian President Vladimir Putin`` gives ``Vladimir Putin``;
    - a one-letter word (an initial) neither starts nor ends a name (``George W``);
    - a sequence is taken only if it is seen at least once away from the start of
      a sentence (where every word is capitalised), and ``min_count`` times in all;
    - variants are merged: case and hyphenation (``Kim Jong-un`` is ``Kim Jong
      Un``), possessives (``North Korea's`` counts as ``North Korea``), and
      demonyms of names ending in ``a`` (``North Korean``, ``North Koreans`` are
      variants of ``North Korea``), and plurals (``Lib Dems`` of ``Lib Dem``),
      when the base name is frequent on its own;
    - a sequence always seen inside a longer name (``Jong Un`` inside ``Kim Jong
      Un``) is dropped; one also seen on its own is kept.

    Parameters
    ----------
    texts : iterable of str
        Raw texts (read once).
    min_count : int, default=2
        Fewest occurrences of a name (all its variants together).
    max_words : int, default=4
        Longest name, in words (a hyphenated word counts as one).
    max_names : int, default=500
        Keep the most frequent names only (ties: alphabetical order).

    Returns
    -------
    dict of str to list of str
        Canonical name (the most frequent written form of the base name, not
        in capitals if another form exists) to its other written forms
        (folded plurals and demonyms included); sorted by name, variants
        sorted; the format of ``Tokenizer(aliases=...)``.

    Raises
    ------
    ParameterError
        On a bad parameter, or a single string given as ``texts``.

    See Also
    --------
    name_counts : the same names with their counts, most frequent first.
    PhraseDetector : learns collocations of any case from tokens.

    Examples
    --------
    >>> texts = ["Talks with Kim Jong-un. Kim Jong Un met North Korea's army.", "He left North Korea."]
    >>> names = discover_names(texts)
    >>> names
    {'Kim Jong Un': ['Kim Jong-un'], 'North Korea': []}
    >>> Tokenizer(aliases=names)("Kim Jong-un visited North Korea's army")
    ['kim_jong_un', 'visit', 'north_korea', 'army']
    """
    found = name_counts(texts, min_count=min_count, max_words=max_words, max_names=max_names)
    return {name: variants for name, variants, _ in sorted(found, key=lambda n: (_fold(n[0]), n[0]))}


class PhraseDetector(_Parameters):
    """Learn multi-word phrases (collocations) with gensim's ``Phrases``.

    A scikit-learn transformer over tokenised texts (lists of tokens).

    Parameters
    ----------
    min_count : int, default=5
        Ignore word pairs seen fewer times.
    threshold : float, default=10.0
        Score threshold (gensim's default scorer); higher means fewer phrases.
    passes : int, default=1
        1 learns bigrams; 2 also learns trigrams (phrases of phrases).
    delimiter : str, default="_"
        Joins the words of a phrase.

    Attributes
    ----------
    phrasers_ : list of gensim FrozenPhrases
        The learned models, one per pass.
    phrases_ : list of str
        The phrases learned, sorted.
    """

    def __init__(self, *, min_count: int = 5, threshold: float = 10.0, passes: int = 1, delimiter: str = "_") -> None:
        self.min_count = min_count
        self.threshold = threshold
        self.passes = passes
        self.delimiter = delimiter

    def __sklearn_tags__(self) -> Tags:
        """scikit-learn tags: a transformer of texts (token lists), not of numeric arrays."""
        from sklearn.utils import InputTags, Tags, TargetTags, TransformerTags

        return Tags(
            estimator_type=None,
            target_tags=TargetTags(required=False),
            transformer_tags=TransformerTags(),
            input_tags=InputTags(two_d_array=False, string=True),
        )

    def fit(self, token_lists: Iterable[Sequence[str]], y: Any = None) -> PhraseDetector:
        """Learn phrases from tokenised texts (re-iterable)."""
        from gensim.models.phrases import Phrases

        if self.passes not in (1, 2):
            raise ParameterError(f"passes: must be 1 or 2, got {self.passes!r}")
        if self.min_count < 1:
            raise ParameterError(f"min_count: must be >= 1, got {self.min_count!r}")
        current: list[list[str]] = [list(t) for t in token_lists]
        self.phrasers_ = []
        found: set[str] = set()
        for _ in range(self.passes):
            model = Phrases(current, min_count=self.min_count, threshold=self.threshold, delimiter=self.delimiter)
            frozen = model.freeze()
            self.phrasers_.append(frozen)
            found.update(frozen.phrasegrams)
            current = [frozen[t] for t in current]
        self.phrases_ = sorted(found)
        return self

    def transform(self, token_lists: Iterable[Sequence[str]]) -> list[list[str]]:
        """Merge learned phrases in each token list."""
        from .errors import check_fitted

        check_fitted(self, "phrasers_", "before transform")
        out = []
        for tokens in token_lists:
            t = list(tokens)
            for ph in self.phrasers_:
                t = ph[t]
            out.append(t)
        return out

    def fit_transform(self, token_lists: Iterable[Sequence[str]], y: Any = None) -> list[list[str]]:
        """Learn phrases from ``token_lists`` and merge them in each."""
        lists = [list(t) for t in token_lists]
        return self.fit(lists).transform(lists)


class SumyTokenizer:
    """A sumy tokenizer built on nlptools' offline segmentation.

    sumy accepts any object with ``to_sentences(text)`` and
    ``to_words(sentence)``; this one needs no NLTK data.

    Parameters
    ----------
    language : str, default="english"
        Reported to sumy (its stemmer and stop words are chosen by the caller).
    """

    def __init__(self, language: str = "english") -> None:
        self.language = language

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        """The sentences of ``paragraph``."""
        return tuple(paragraph[a:b] for a, b in split_sentences(paragraph))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        """The words of ``sentence`` (punctuation dropped)."""
        return tuple(words(sentence))
