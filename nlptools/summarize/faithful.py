"""Faithful extraction: which sentences cannot be quoted without the one before them.

An extractive summary is unfaithful when it quotes a sentence whose meaning
leans on a sentence it leaves out: "However, it remains to be seen if such
a deal has been finalized." or "At the time, Putin expressed hopes..."
(Zhang, Wan and Bansal, 2023, "Extractive is not Faithful", found such
dangling discourse links and references in about 30% of extractive
summaries). :func:`dependency` reads one sentence and says whether, and why,
it depends on its predecessor; :func:`antecedents` applies it to a
summariser's candidates, and :func:`~.select.select` then quotes a dependent
sentence only together with the sentence it leans on, or not at all.

The rule (offline, no model; every cue is a closed list below):

1. **Discourse connective** opening the sentence: ``However,``, ``But``,
   ``Also``, ``Meanwhile``, ``Instead``, ``Still``, ``In addition`` ...
   (:data:`CONNECTIVES`). ``So far`` and ``Yet another``-style
   idioms that do not link back are left out.
2. **Pronoun or possessive** as the subject, first word or first word after
   a short fronted phrase ending in a comma (``On Monday, he said``):
   ``He``, ``She``, ``They``, ``His``, ``Their`` ... and ``It`` / ``Its``
   unless ``It`` is expletive (``It is known that``, ``It is important to``,
   a cleft ``It was Kim who``, weather ``It rained``), which refers to
   nothing. A speaker given only as a pronoun (``..., he said.``) counts
   too: the reader cannot tell who spoke.
3. **Demonstrative** among the first words: ``This``, ``That``, ``These``,
   ``Those``, ``Such`` (not ``such as``), and ``this``/``that`` after an
   opening preposition (``Despite this``, ``After that``), except
   self-anchored time phrases (``this year``, ``this week``, ``these days``).
4. **Anaphoric phrase** among the first words: ``the same`` (``The same
   reports``), time references that point back (``at the time``, ``since
   then``, ``the next day``, ``days later``), and a bare *shell noun*
   subject (Schmid, 2000): ``The move``, ``The deal``, ``The visit``,
   ``The two leaders`` ... when nothing after the noun says what it is
   (``The visit by Kim to Russia`` is self-contained: the noun is followed
   by ``by``/``of``/``to``/``that`` ...), plus ``Another``, ``Both sides``,
   ``The former``/``The latter``.

The article's first sentence depends on nothing: there is no sentence to
lean on, so an opening ``It rained in Seoul.`` or ``This is the story
of...`` is the writer's own start and stands as it is. Every later
sentence's predecessor is the sentence just before it in its article,
across paragraph breaks (news paragraphs are often one sentence long, and
``However,`` opening a paragraph answers the paragraph before). A dependent
sentence right after a heading has no quotable predecessor (the span would
swallow the heading), so it is never chosen.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import overload

from ..document import Sentence

__all__ = ["CONNECTIVES", "Dependency", "dependency", "antecedents", "Antecedents", "spans"]

#: Opening discourse connectives: the sentence answers, adds to or follows the one before.
CONNECTIVES: tuple[str, ...] = (
    "however",
    "but",
    "and",
    "or",
    "nor",
    "yet",
    "also",
    "meanwhile",
    "instead",
    "still",
    "moreover",
    "furthermore",
    "additionally",
    "in addition",
    "nevertheless",
    "nonetheless",
    "therefore",
    "thus",
    "hence",
    "consequently",
    "as a result",
    "as such",
    "otherwise",
    "besides",
    "likewise",
    "similarly",
    "in contrast",
    "by contrast",
    "on the other hand",
    "on the contrary",
    "even so",
    "then",
    "so",
    "indeed",
    "in fact",
    "in turn",
    "in response",
    "in return",
    "afterwards",
    "afterward",
    "later",
    "again",
    "too",
    "conversely",
    "accordingly",
    "subsequently",
    "alternatively",
    "regardless",
    "anyway",
    "rather",
    "to that end",
    "for example",
    "for instance",
    "in particular",
    "specifically",
    "notably",
)

# idioms that open with a connective's word but do not link back
_NOT_LINKS = re.compile(
    r"(?:so far|so-called|so much|so many|thus far|still photos?|then-|yet to|later this|later in the|too many|"
    r"too much|rather than|again and again|and so on)\b",
    re.I,
)

_CONNECTIVE = re.compile(
    r"(?:" + "|".join(re.escape(c) for c in sorted(CONNECTIVES, key=len, reverse=True)) + r")(?=[\s,;:—–-]|$)",
    re.I,
)

_PRONOUNS = frozenset({"he", "she", "they", "him", "them", "his", "her", "their", "theirs", "it", "its"})

_BE = (
    r"(?:'s|’s|\s+(?:is|was|has been|had been|will be|would be|could be|may be|might be|remains|remained|"
    r"seems|seemed|appears|appeared|became|becomes)(?:\s+(?:not|also|still|now|already|widely|generally|"
    r"increasingly|becoming))*)"
)
_DETERMINER = r"(?:a|an|the|his|her|its|their|this|that|these|those|my|our|your)"
# "It is known that", "It is unclear whether", "It was Kim who": it points forward, to a clause
_EXPLETIVE_CLAUSE = re.compile(
    rf"it{_BE}(?:\s+(?!{_DETERMINER}\b)[\w-]+){{0,3}}?\s+(?:that|whether|if|how|why|what|when|where|who|which)\b",
    re.I,
)
_EVALUATIVE = (
    r"important|necessary|possible|impossible|difficult|hard|easy|unclear|clear|crucial|essential|vital|"
    r"worth|too early|too soon|too late|time|unusual|rare|common|interesting|notable|natural|fair|safe|wise|"
    r"enough|reasonable|tempting|no secret|no surprise|a surprise|rumoured|rumored|unknown|uncertain|obvious"
)
_EXPLETIVE_TO = re.compile(rf"it{_BE}\s+(?:(?:not|very|so|quite|still|also)\s+)*(?:{_EVALUATIVE})\b", re.I)
_WEATHER = re.compile(
    r"it(?:'s|’s|\s+(?:is|was|has been|had been|will be))?\s+"
    r"(?:rain|snow|pour|drizzl|hail|freez|thunder|sleet)\w*|it\s+(?:is|was)\s+(?:cold|hot|warm|sunny|dark|windy|"
    r"raining|snowing)\b",
    re.I,
)
_SPEAKER = re.compile(
    r"[,.!?]['\"”’]?\s+(?:he|she|they)\s+(?:said|says|added|adds|told|tells|noted|notes|wrote|writes|"
    r"explained|argued|warned|stated|insisted|continued)\b|\b(?:said|added|wrote|noted)\s+(?:he|she)\s*[.,]",
    re.I,
)

_TIME_ANCHORED = frozenset(
    {
        "year",
        "year's",
        "year’s",
        "week",
        "week's",
        "week’s",
        "month",
        "month's",
        "month’s",
        "morning",
        "afternoon",
        "evening",
        "weekend",
        "summer",
        "winter",
        "spring",
        "autumn",
        "fall",
        "season",
        "season's",
        "season’s",
        "days",
        "century",
        "decade",
        "quarter",
        "time",
    }
)
_DEMONSTRATIVES = frozenset({"this", "that", "these", "those", "such"})
_PREPOSITIONS = frozenset(
    {"despite", "after", "before", "for", "because", "of", "in", "on", "with", "by", "from", "given", "beyond", "like"}
)

_ANAPHORIC_TIME = re.compile(
    r"(?:at|by|from|since|until|till|before|after|around)\s+(?:the|that)\s+time\b|\b(?:since|until|till|by|before)\s+"
    r"then\b|\bthe\s+(?:next|following|previous|preceding|same)\s+(?:day|week|month|year|morning|evening|night)\b|"
    r"\b(?:a|one|two|three|several|few|some)\s+(?:days?|weeks?|months?|years?|hours?)\s+(?:later|earlier|before)\b|"
    r"\b(?:days|weeks|months|years|hours|minutes)\s+(?:later|earlier)\b|\bthe\s+day\s+(?:before|after)\b",
    re.I,
)
_THE_SAME = re.compile(r"\bthe\s+same\b", re.I)

#: Shell nouns: a bare ``The <noun>`` subject whose content is in an earlier sentence.
SHELL_NOUNS: frozenset[str] = frozenset(
    """move deal decision agreement announcement statement remarks comments comment visit meeting trip talks plan
    proposal report reports incident attack measure step development news claim claims offer request pact accord
    summit move effort idea policy initiative event episode case situation issue problem warning threat plans
    program programme project scheme order law bill ruling verdict findings study survey letter speech interview
    tour exchange transfer sale purchase shipment delivery operation campaign strike strikes drill exercise
    conflict dispute row spat scandal change changes shift rise fall increase decrease cut cuts""".split()
)
_GROUP_NOUNS = frozenset(
    """two three four both pair former latter duo trio countries leaders sides men women officials nations
    companies firms teams parties groups governments allies rivals""".split()
)
# what may follow a shell noun and say what it is: the phrase is then self-contained
_POSTMODIFIERS = frozenset(
    """of by to that between with on in for from which who against over among at into toward towards about
    after before under""".split()
)
_WORD = re.compile(r"[\w’'-]+|[^\w\s]")


@dataclass(frozen=True, slots=True)
class Dependency:
    """Why a sentence depends on its predecessor.

    Attributes
    ----------
    kind : str
        ``"connective"``, ``"pronoun"``, ``"demonstrative"`` or ``"anaphor"``.
    cue : str
        The words that show it (``"However"``, ``"He"``, ``"The move"``).
    """

    kind: str
    cue: str


#: The rule reads no further than the first 9 words (the cues' positions are bounded: a fronted phrase
#: of at most 5 words and its comma, then the pronoun and the word after it), except the speaker check.
_FIRST_WORDS = 9
_PREFIX_CHARS = 64
# cheap necessary conditions, checked before the regular expressions they guard (each regex match
# contains one of these words, lower-cased): most sentences need none of the expressions
_CONNECTIVE_FIRST = frozenset(c.split()[0] for c in CONNECTIVES)
_ANAPHOR_WORDS = (
    "time",
    "then",
    "next",
    "following",
    "previous",
    "preceding",
    "same",
    "later",
    "earlier",
    "before",
    "after",
)
_SPEAKER_VERBS = ("said", "added", "wrote", "noted")


def _first_words(s: str) -> list[str]:
    """The opening tokens of ``s`` (at least the first :data:`_FIRST_WORDS`, or every token when fewer)."""
    if len(s) > _PREFIX_CHARS:
        words = _WORD.findall(s, 0, _PREFIX_CHARS)[:-1]  # the last token may be cut short
        if len(words) >= _FIRST_WORDS:
            return words
    return _WORD.findall(s)


def _strip_opening(text: str) -> str:
    """The sentence without opening quotes, brackets or dashes."""
    return text.lstrip(" \t\n\"'“‘”’([—–-•*")


def _after_fronted(words: list[str]) -> int | None:
    """Index of the first word after a short fronted phrase ending in a comma (``On Monday, he``), if any."""
    for k, w in enumerate(words[:7]):
        if w == ",":
            return k + 1 if 0 < k <= 5 and k + 1 < len(words) else None
        if w in ".;:!?":
            return None
    return None


def _pronoun_at(words: list[str], k: int, rest: str) -> Dependency | None:
    w = words[k]
    if w.lower() not in _PRONOUNS:
        return None
    if w.lower() == "it" and (_EXPLETIVE_CLAUSE.match(rest) or _EXPLETIVE_TO.match(rest) or _WEATHER.match(rest)):
        return None
    if w.lower() in ("him", "them", "her") and k + 1 < len(words) and words[k + 1].lower() in ("and", "or"):
        return None
    return Dependency("pronoun", w)


def dependency(text: str) -> Dependency | None:
    """Whether ``text``, read after another sentence, depends on it; and why.

    Parameters
    ----------
    text : str
        One sentence.

    Returns
    -------
    Dependency or None
        The first cue found (connective, pronoun, demonstrative, anaphor), or
        None when the sentence can be quoted alone.

    Examples
    --------
    >>> dependency("However, it remains to be seen if such a deal has been finalized.")
    Dependency(kind='connective', cue='However')
    >>> dependency("It is known that the two countries have long had strong ties.") is None
    True
    >>> dependency("The visit by Kim Jong Un to Russia sheds light on Putin's situation.") is None
    True
    """
    s = _strip_opening(" ".join(text.split()))
    if not s:
        return None
    words = _first_words(s)
    if not words:
        return None
    first = words[0]
    low = [w.lower() for w in words[:_FIRST_WORDS]]
    head = " ".join(low[:6])

    if low[0].split("-", 1)[0] in _CONNECTIVE_FIRST:
        m = _CONNECTIVE.match(s)
        if m and not _NOT_LINKS.match(s):
            return Dependency("connective", s[: m.end()])

    dep = _pronoun_at(words, 0, s)
    if dep is not None:
        return dep
    k = _after_fronted(words)
    if k is not None:
        rest = s[s.find(",") + 1 :].lstrip()
        dep = _pronoun_at(words, k, rest)
        if dep is not None:
            return dep

    # demonstratives among the first words
    for k, w in enumerate(low[:4]):
        if w not in _DEMONSTRATIVES:
            continue
        nxt = low[k + 1] if k + 1 < len(low) else ""
        if w == "such" and nxt == "as":
            continue
        if nxt in _TIME_ANCHORED or (nxt in ("past", "coming", "last") and k + 2 < len(low)):
            continue
        if w == "that" and k > 0 and low[k - 1] not in _PREPOSITIONS:
            continue  # "said that ...": a complementizer, not a demonstrative
        if k == 0 or low[k - 1] in _PREPOSITIONS or w == "such":
            return Dependency("demonstrative", " ".join(words[: k + 1]) if k else first)

    if any(w in head for w in _ANAPHOR_WORDS):
        m2 = _ANAPHORIC_TIME.search(head) or _THE_SAME.search(head)
        if m2:
            return Dependency("anaphor", m2.group(0))

    if low[0] in ("another", "others") or (low[0] == "both" and len(low) > 1 and low[1] in _GROUP_NOUNS):
        return Dependency("anaphor", " ".join(words[: 2 if low[0] == "both" else 1]))
    if low[0] == "the" and len(low) >= 3:
        # "The move", "The latest move", "The two leaders": a bare definite description of something said before
        for n in (1, 2):
            if n >= len(low):
                break
            noun = low[n]
            if noun in SHELL_NOUNS or noun in _GROUP_NOUNS:
                if n == 2 and low[1] not in ("latest", "new", "proposed", "planned", "reported", "two", "recent"):
                    if noun not in _GROUP_NOUNS:
                        break
                if noun in ("two", "three", "four") and n + 1 < len(low):
                    n += 1  # "The two leaders"
                follow = low[n + 1] if n + 1 < len(low) else ""
                if follow in _POSTMODIFIERS or follow == "'s" or follow.endswith(("'s", "’s")):
                    return None
                return Dependency("anaphor", " ".join(words[: n + 1]))
    lower = s.lower()
    # a _SPEAKER match is ", he said" (a spaced pronoun) or "said he." (a speech verb, a pronoun after a space)
    if (" he " in lower or " she " in lower or " they " in lower) or (
        (" he" in lower or " she" in lower) and any(v in lower for v in _SPEAKER_VERBS)
    ):
        m3 = _SPEAKER.search(s)
        if m3:
            return Dependency("pronoun", m3.group(0).strip(",.!?'\"”’ "))
    return None


class Antecedents(Sequence["tuple[int, ...] | None"]):
    """The candidates each candidate must be quoted with, worked out only when asked for.

    ``chains[i]`` is what :func:`antecedents` returns for candidate ``i``;
    each sentence is read by :func:`dependency` at most once, and only when
    its own entry, or the entry of the sentence after it, is asked for. A
    selection looks at its picks and their antecedents (a handful of an
    article's sentences), so most sentences are never read.

    Parameters
    ----------
    candidates, documents
        As :func:`antecedents`.
    """

    def __init__(
        self, candidates: Sequence[Sentence], documents: Mapping[str, Sequence[Sentence]] | None = None
    ) -> None:
        self._candidates = candidates
        self._documents = documents
        self._pos: dict[tuple[str, int], int] | None = None
        self._first_of: dict[str, int] = {}
        self._deps: dict[int, Dependency | None] = {}
        self._chains: dict[int, tuple[int, ...] | None] = {}

    def __len__(self) -> int:
        return len(self._candidates)

    def _index(self) -> dict[tuple[str, int], int]:
        if self._pos is None:
            pos: dict[tuple[str, int], int] = {}
            first_of = self._first_of
            for i, s in enumerate(self._candidates):
                pos[(s.document, s.index)] = i
                if s.document not in first_of or s.index < first_of[s.document]:
                    first_of[s.document] = s.index
            self._pos = pos
        return self._pos

    def _dep(self, i: int) -> Dependency | None:
        if i not in self._deps:
            self._deps[i] = dependency(self._candidates[i].text)
        return self._deps[i]

    def _opening(self, s: Sentence) -> bool:
        doc = self._documents.get(s.document) if self._documents is not None else None
        if doc is None:
            return s.index == self._first_of[s.document]
        return all(t.heading for t in doc[: s.index])

    def _previous(self, s: Sentence) -> int | None:
        doc = self._documents.get(s.document) if self._documents is not None else None
        if doc is not None and (s.index < 1 or s.index > len(doc) or doc[s.index - 1].heading):
            return None
        return self._index().get((s.document, s.index - 1))

    def _chain(self, i: int) -> tuple[int, ...] | None:
        s = self._candidates[i]
        self._index()
        if self._dep(i) is None or self._opening(s):
            return ()
        chain: list[int] = []
        cur: Sentence | None = s
        while cur is not None and len(chain) < 2:
            j = self._previous(cur)
            if j is None:
                break
            chain.append(j)
            prev = self._candidates[j]
            if self._dep(j) is None or self._opening(prev):
                return tuple(reversed(chain))
            cur = prev
        return None

    @overload
    def __getitem__(self, i: int) -> tuple[int, ...] | None: ...

    @overload
    def __getitem__(self, i: slice) -> list[tuple[int, ...] | None]: ...

    def __getitem__(self, i: int | slice) -> tuple[int, ...] | None | list[tuple[int, ...] | None]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        n = len(self)
        k = int(i) + n if int(i) < 0 else int(i)
        if not 0 <= k < n:
            raise IndexError(i)
        if k not in self._chains:
            self._chains[k] = self._chain(k)
        return self._chains[k]

    @property
    def n_read(self) -> int:
        """Sentences read by :func:`dependency` so far."""
        return len(self._deps)


def antecedents(
    candidates: Sequence[Sentence],
    documents: Mapping[str, Sequence[Sentence]] | None = None,
) -> list[tuple[int, ...] | None]:
    """For each candidate, the candidates it must be quoted with.

    Parameters
    ----------
    candidates : sequence of Sentence
        A summariser's candidates (body sentences, any number of documents).
    documents : mapping of str to sequence of Sentence, optional
        Every sentence (headings included) of each candidate's document, by
        document id (``CleanDocument.sentences``). Needed when the candidates
        are a subset of their documents (a theme's sentences); without it,
        the first candidate of each document is taken as its opening
        sentence and any other missing index as a heading.

    Returns
    -------
    list of (tuple of int) or None
        ``()`` for a sentence that stands alone; ``(j,)`` or ``(k, j)``, the
        candidate positions of the sentences it leans on, earliest first (a
        chain: ``j`` itself depends on ``k``), for a dependent one whose
        predecessors are all candidates; ``None`` for a dependent sentence
        that cannot be quoted (its predecessor is a heading, or not among the
        candidates, or the chain is longer than three sentences).

    See Also
    --------
    Antecedents : the same entries, each worked out only when asked for (what the selection uses).
    """
    return list(Antecedents(candidates, documents))


def spans(sentences: Sequence[Sentence]) -> list[tuple[Sentence, ...]]:
    """Chosen sentences (in document order) grouped into the spans they are quoted as.

    A sentence joins the span before it when it depends on its predecessor
    (:func:`dependency`) and that predecessor is the last sentence of the
    span (same document, the index just before).
    """
    groups: list[list[Sentence]] = []
    for s in sentences:
        if groups:
            last = groups[-1][-1]
            if last.document == s.document and last.index == s.index - 1 and dependency(s.text) is not None:
                groups[-1].append(s)
                continue
        groups.append([s])
    return [tuple(g) for g in groups]
