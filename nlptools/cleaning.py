"""Cleaning news articles: furniture removal, headings, sentences with offsets.

Scraped news carries *furniture* that must never reach a model or a digest:
bylines, photo credits and captions, agency tags, source and tag lines,
metadata prefixes, datelines, repeated headlines, mail headers, quoted
replies and signatures. Each kind is removed by one small **rule**: a pure
function that reads a :class:`Page` (the source text and its lines) and
returns :class:`Cut` s (spans to remove, with the rule's name). Rules are
general: they look at the shape of a line (length, case, punctuation, its
neighbours, its place in the article), not at particular articles.

What is left is split into paragraphs and sentences. Every
:class:`Sentence` keeps ``start``/``end`` offsets into the document's source
text, and its ``text`` is exactly ``document.text[start:end]``, so anything
downstream can point back at where it came from. Headings stay, flagged
``heading=True``; they are never sentences of the body. Every removal is kept
in :attr:`CleanDocument.removed` with its rule, so a notebook can show what
cleaning did and why.

Examples
--------
>>> from nlptools.corpus import Document
>>> doc = Document(id="x", text="Big news\\n\\nby Jane Roe\\nKim met Putin. Talks ended.\\n\\nAFP")
>>> clean = clean_document(doc)
>>> [s.text for s in clean.sentences]
['Big news', 'Kim met Putin.', 'Talks ended.']
>>> [(r.rule, r.text) for r in clean.removed]
[('byline', 'by Jane Roe'), ('source-line', 'AFP')]
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date as _date
from functools import lru_cache
from itertools import compress, starmap
from operator import attrgetter, lt, not_
from typing import Any

from .corpus import Corpus
from .document import CleanDocument, Document, Removed, Sentence
from .errors import EmptyCorpusError, ParameterError
from .segment import split_sentences, trim_span

logger = logging.getLogger(__name__)

__all__ = [
    "Page",
    "Cut",
    "Rule",
    "RULES",
    "DEFAULT_RULES",
    "Cleaner",
    "clean_document",
    "clean_corpus",
    "parse_date",
]


# --------------------------------------------------------------------------- pages and rules


@dataclass(frozen=True, slots=True)
class Cut:
    """A span a rule removes.

    Parameters
    ----------
    line : int
        Index of the line the span is in.
    start, end : int
        Offsets into the source text.
    rule : str
        The rule's name (shown to users).
    whole : bool
        True when the whole line goes.
    date, title : str or None
        Metadata the rule read from the span, if any.
    """

    line: int
    start: int
    end: int
    rule: str
    whole: bool = True
    date: str | None = None
    title: str | None = None


@lru_cache(maxsize=64)
def _any_of(keys: tuple[str, ...]) -> re.Pattern[str]:
    """A regex matching any of the literal strings ``keys``."""
    return re.compile("|".join(map(re.escape, sorted(keys))))


class _cached:
    """A lazily computed, then stored, attribute: :func:`functools.cached_property` without
    its per-instance lock (which Python before 3.12 takes, at a cost, on every first access)."""

    def __init__(self, func: Callable[[Any], Any]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.func(obj)  # the instance's dict wins from now on
        return value


@dataclass(frozen=True)
class Page:
    """A read-only view of a document's lines for rules.

    ``spans[i]`` is line ``i``'s current kept span (trimmed), ``kept[i]``
    whether it is still there; blank lines are never kept.
    """

    text: str
    spans: tuple[tuple[int, int], ...]
    kept: tuple[bool, ...]
    raw_blank: tuple[bool, ...] = field(default=())
    #: the rule that removed each line, or None
    removed_by: tuple[str | None, ...] = field(default=())
    #: lines a rule shortened (a prefix or suffix cut)
    shortened: frozenset[int] = frozenset()

    @classmethod
    def of(cls, text: str) -> Page:
        spans: list[tuple[int, int]] = []
        append = spans.append
        pos = 0
        for line in text.split("\n"):
            n = len(line)
            if n and (line[0].isspace() or line[-1].isspace()):  # only then is stripping needed
                stripped = line.strip()
                if stripped:
                    a = pos + n - len(line.lstrip())
                    append((a, a + len(stripped)))
                else:
                    append((pos, pos))
            else:
                append((pos, pos + n))
            pos += n + 1
        kept = tuple(starmap(lt, spans))
        return cls(text, tuple(spans), kept, tuple(map(not_, kept)), (None,) * len(spans))

    def line(self, i: int) -> str:
        a, b = self.spans[i]
        return self.text[a:b]

    @_cached
    def kept_idx(self) -> tuple[int, ...]:
        """Indices of the kept lines."""
        return tuple(compress(range(len(self.kept)), self.kept))

    def kept_lines(self) -> list[int]:
        return list(self.kept_idx)

    def line_at(self, offset: int) -> int:
        """The index of the line holding character ``offset``."""
        return self.text.count("\n", 0, offset)

    def find_lines(self, keys: Iterable[str]) -> list[int]:
        """Kept lines holding any of the literal strings ``keys`` (fast: no per-line work)."""
        keys = tuple(keys)
        if not keys:
            return []
        text = self.text
        if any("\n" in k for k in keys):  # a key over two lines: the slow way, by every occurrence
            found: set[int] = set()
            for key in keys:
                pos = text.find(key)
                while pos != -1:
                    found.add(pos)
                    pos = text.find(key, pos + 1)
            starts = sorted(found)
        else:  # one scan for all keys (quicker than a str.find pass per key); it finds every line holding one
            starts = [m.start() for m in _any_of(keys).finditer(text)]
        lines: list[int] = []
        i = at = 0
        for pos in starts:
            i += text.count("\n", at, pos)
            at = pos
            if self.kept[i] and (not lines or lines[-1] != i):
                lines.append(i)
        return lines

    def scan(self, pattern: re.Pattern[str]) -> Iterator[tuple[int, re.Match[str]]]:
        """Kept lines where ``pattern`` matches, scanning the text once.

        Yields ``(line index, match)`` for the first match in each kept line.
        A pattern made by :func:`_line_start` finds lines that *start* with
        something; any other pattern is searched anywhere.
        """
        last = -1
        line = 0
        pos = 0
        text = self.text
        kept = self.kept
        count = text.count
        first = getattr(pattern, "_at_zero", None)
        if first is not None and kept and kept[0]:
            m0 = first.match(text)
            if m0:
                last = 0
                yield 0, m0
        shift = 1 if first is not None else 0  # a line-start match begins on the newline before the line
        for m in pattern.finditer(text):
            at = m.start() + shift
            line += count("\n", pos, at)
            pos = at
            if line != last and kept[line]:
                last = line
                yield line, m

    def prev_kept(self, i: int) -> int | None:
        """The kept line just before ``i``, if no blank line lies between."""
        j = i - 1
        while j >= 0 and not self.kept[j] and not self.raw_blank[j]:
            j -= 1
        return j if j >= 0 and self.kept[j] else None

    def next_kept(self, i: int) -> int | None:
        """The kept line just after ``i``, if no blank line lies between."""
        j = i + 1
        while j < len(self.kept) and not self.kept[j] and not self.raw_blank[j]:
            j += 1
        return j if j < len(self.kept) and self.kept[j] else None

    def starts_block(self, i: int) -> bool:
        """True when no kept line stands directly above line ``i``."""
        return self.prev_kept(i) is None

    def apply(self, cuts: Iterable[Cut]) -> Page:
        kept = list(self.kept)
        removed_by = list(self.removed_by)
        spans: list[tuple[int, int]] | None = None  # copied on the first shortening cut
        shortened: set[int] | None = None
        for c in cuts:
            if c.whole:
                kept[c.line] = False
                removed_by[c.line] = c.rule
            else:
                if spans is None or shortened is None:
                    spans, shortened = list(self.spans), set(self.shortened)
                a, b = spans[c.line]
                if c.start <= a:
                    a = c.end
                if c.end >= b:
                    b = c.start
                a, b = trim_span(self.text, a, b)
                spans[c.line] = (a, b)
                shortened.add(c.line)
                if a >= b:
                    kept[c.line] = False
                    removed_by[c.line] = c.rule
        return Page(
            self.text,
            self.spans if spans is None else tuple(spans),
            tuple(kept),
            self.raw_blank,
            tuple(removed_by),
            self.shortened if shortened is None else frozenset(shortened),
        )


#: A furniture rule: reads a page, returns the spans to cut.
Rule = Callable[[Page], list[Cut]]

_TERMINAL = re.compile(r"""[.!?…]['"”’)\]]*$""")
_MONTHS = {
    m: i
    for i, m in enumerate(
        "january february march april may june july august september october november december".split(), 1
    )
}
for _name, _num in list(_MONTHS.items()):
    _MONTHS[_name[:3]] = _num
_MONTHS["sept"] = 9

_DATE_PATTERNS = (
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"),
    re.compile(r"(?P<d>\d{1,2})\s+(?P<mon>[A-Za-z]{3,9})\.?,?\s+(?P<y>\d{4})"),
    re.compile(r"(?P<mon>[A-Za-z]{3,9})\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})"),
)


def parse_date(value: str) -> str | None:
    """An ISO ``YYYY-MM-DD`` date from the first date written in ``value``.

    Understands ``2023-11-14``, ``14 November 2023``, ``Nov 14, 2023`` and
    mail dates (``Tue, 14 Nov 2023 10:00:00 GMT``). Returns None when there
    is no valid date.

    >>> parse_date("Tue, 14 Nov 2023 10:00:00 GMT")
    '2023-11-14'
    """
    for pat in _DATE_PATTERNS:
        for m in pat.finditer(value):
            g = m.groupdict()
            month = int(g["m"]) if g.get("m") else _MONTHS.get((g.get("mon") or "").lower())
            if not month:
                continue
            try:
                return _date(int(g["y"]), month, int(g["d"])).isoformat()
            except ValueError:
                continue
    return None


def _words(s: str) -> int:
    return len(s.split())


def _title_like(s: str, max_words: int = 12) -> bool:
    """Short, and not ending like a sentence or a clause."""
    return 0 < _words(s) <= max_words and not _TERMINAL.search(s) and s[-1:] not in ",;:"


# -- rules: each is pure, Page in, cuts out ------------------------------------

_HEADER_LINE = re.compile(r"^[A-Z][A-Za-z0-9.-]{1,40}:(?:\s|$)")
_REPLY_PREFIX = re.compile(r"^(?:re:\s*)+", re.I)


def rule_mail_header(page: Page) -> list[Cut]:
    """``metadata-header``: a mail/metadata header block (``Key: value`` lines) opening the text.

    The ``Subject``/``Title`` becomes the title and ``Date`` the date.
    """
    kept = page.kept_idx
    if len(kept) < 2 or kept[0] > 2:
        return []
    text, spans, raw_blank = page.text, page.spans, page.raw_blank
    block: list[int] = []
    for i in range(kept[0], len(spans)):
        if raw_blank[i]:
            break
        a, b = spans[i]
        line = text[a:b]
        if _HEADER_LINE.match(line) or (block and line[:1] in " \t"):
            block.append(i)
        elif block and text[a - 1 : a] in " \t":
            block.append(i)  # folded continuation line
        else:
            return []
    if len(block) < 2:
        return []
    title = date = None
    for i in block:
        key, _, value = page.line(i).partition(":")
        key = key.strip().lower()
        if key in {"subject", "title", "headline"} and title is None:
            title = _REPLY_PREFIX.sub("", value.strip()) or None
        elif key in {"date", "published", "dateline"} and date is None:
            date = parse_date(value)
    cuts = [Cut(i, *spans[i], "metadata-header") for i in block]
    cuts[0] = Cut(block[0], *spans[block[0]], "metadata-header", date=date, title=title)
    return cuts


_META_PREFIX = re.compile(
    r"(?:date|published|updated|posted|dated|last updated)\s*[:=-]?\s*"
    r"(?P<date>\d{4}-\d{1,2}-\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"|\d{1,2}\s+[A-Za-z]{3,9}\.?,?\s+\d{4}|[A-Za-z]{3,9}\.?\s+\d{1,2},?\s+\d{4})\s*(?:[|:-]\s*)?",
    re.I,
)


def rule_metadata_prefix(page: Page) -> list[Cut]:
    """``metadata-prefix``: a ``date 2023-11-14`` style prefix on one of the first lines; records the date."""
    for i in page.kept_idx[:3]:
        a, b = page.spans[i]
        m = _META_PREFIX.match(page.text, a, b)
        if m and m.end() < b and page.text[m.end()] in ",;":
            continue  # "Dated 14 May 2023, the memo said ...": a sentence, not a prefix
        if m:
            d = parse_date(m.group("date"))
            return [Cut(i, a, m.end(), "metadata-prefix", whole=m.end() >= b, date=d)]
    return []


def rule_signature(page: Page) -> list[Cut]:
    """``signature``: a ``--`` signature separator near the end and all below it."""
    n = len(page.spans)
    lo = max(0, n - 25)
    first = page.text.find("--", page.spans[lo][0]) if n else -1
    if first < 0:
        return []  # no "--" in the last lines (the common case)
    for i in range(page.line_at(first), n):
        if page.kept[i] and page.line(i) in ("--", "---"):  # "-- " once trimmed
            below = list(compress(range(i + 1, n), page.kept[i + 1 :]))
            if page.line(i) == "---" and (
                len(below) > 10 or any(page.spans[j][1] - page.spans[j][0] > 80 for j in below)
            ):
                continue  # a Markdown rule above prose, not a signature
            return [Cut(j, *page.spans[j], "signature") for j in (i, *below)]
    return []


_QUOTE_LINE = re.compile(r"^(?:>|\|>|: ?>)")
_ATTRIBUTION = re.compile(r"(?:writes|wrote|said)\s*:\s*$|^In article\s+<", re.I)


class _LineStart:
    """A regex for line starts: a literal newline first (fast to search), line 0 matched apart."""

    def __init__(self, body: str) -> None:
        self._at_zero = re.compile(body)
        self._rest = re.compile(r"\n" + body)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self._rest.finditer(text)


def _line_start(body: str) -> Any:
    return _LineStart(body)


# "> ", "|> ", ": >" and initials-style quoting ("JB> ")
_QUOTE_SCAN = _line_start(r"[^\S\n]*(?:>|\|>|: ?>|[A-Za-z]{1,4}>(?=[\s>]))")


def rule_quoted_reply(page: Page) -> list[Cut]:
    """``quoted-reply``: quoted lines (``> ...``) and the attribution line before them."""
    if ">" not in page.text:
        return []
    quoted = [i for i, _ in page.scan(_QUOTE_SCAN)]  # in order, each line once
    attributions: set[int] = set()
    qset = set(quoted)
    kept = page.kept
    for i in quoted:
        if i - 1 in qset and i - 2 in qset:
            continue  # the two kept lines above are quotes too
        # the attribution ("In article <...> jo@x writes:") stands in the kept lines just above a quote
        j, looked = i - 1, 0
        while j >= 0 and looked < 2:
            if kept[j]:
                looked += 1
                if j not in qset and _words(page.line(j)) <= 25 and _ATTRIBUTION.search(page.line(j)):
                    attributions.add(j)
            j -= 1
    spans = page.spans
    return [Cut(i, *spans[i], "quoted-reply") for i in (sorted(qset | attributions) if attributions else quoted)]


_BYLINE = re.compile(
    r"^(?:by|By|BY|Written by|Reporting by)\s+"
    r"(?!The\b|A\b|An\b|This\b|That\b|Its?\b|Their\b)"
    r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|and|&|de|da|del|van|von|der|al|bin|la|le))*"
    r"(?:\s*(?:[,|–—-]|\bin\b)\s*[A-Z][^.!?]*)?$"
)


_BYLINE_SCAN = _line_start(r"[^\S\n]*(?:by|By|BY|Written by|Reporting by)\s")


def rule_byline(page: Page) -> list[Cut]:
    """``byline``: a line naming the author (``by Sead Dedovic``, ``By Jane Roe, BBC News``)."""
    cuts = []
    for i, _ in page.scan(_BYLINE_SCAN):
        line = page.line(i)
        if _words(line) <= 10 and _BYLINE.match(line):
            prev = page.prev_kept(i)
            if prev is None or _title_like(page.line(prev), 30):
                cuts.append(Cut(i, *page.spans[i], "byline"))
    return cuts


_PUNCT = re.compile(r"[^\w\s]")


def _norm(s: str) -> str:
    return " ".join(_PUNCT.sub(" ", s.casefold()).split())


def _headline_index(page: Page) -> int | None:
    kept = page.kept_idx
    if len(kept) < 2:
        return None
    first = page.line(kept[0])
    if _words(first) > 30 or first.endswith((".", ",", ";", ":")):
        return None
    nxt = kept[0] + 1
    if nxt < len(page.kept) and page.kept[nxt] and page.spans[kept[0]][1] - page.spans[kept[0]][0] <= 100:
        # the first line of a hard-wrapped paragraph, not a headline standing alone
        return None
    return kept[0]


def rule_repeated_headline(page: Page) -> list[Cut]:
    """``repeated-headline``: a later line that repeats the headline (first line)."""
    h = _headline_index(page)
    if h is None:
        return []
    key = _norm(page.line(h))
    if not key:
        return []
    n = page.spans[h][1] - page.spans[h][0]
    lo, hi = 0.7 * n, 1.3 * n + 2
    first = key[0]
    text = page.text
    cuts = []
    for i in page.kept_idx:
        if i <= h:
            continue
        a, b = page.spans[i]
        if lo <= b - a <= hi and text[a : a + 4].casefold().lstrip("\"'“‘([")[:1] == first and _norm(text[a:b]) == key:
            cuts.append(Cut(i, a, b, "repeated-headline"))
    return cuts


_CREDIT_MARK = re.compile(
    r"©|\(c\)\s|\b(?:PHOTO|Photo|PICTURE|Picture|IMAGE|Image|Photograph|CREDIT|Credit|Photo credit)\s*(?::|by\b)"
)
_CREDIT_AGENCY = re.compile(
    r"(?:Getty Images|Shutterstock|AFP via Getty|AP Photo|EPA-EFE|Reuters/|/Reuters|Alamy|Xinhua via|Sipa USA|Bloomberg via)[\w /.-]*$"
)


# literal strings one of which every credit line holds (found with str.find, much faster than a regex scan)
_CREDIT_KEYS = (
    "©",
    "(c)",
    "PHOTO",
    "Photo",
    "PICTURE",
    "Picture",
    "IMAGE",
    "Image",
    "CREDIT",
    "Credit",
    "Getty Images",
    "Shutterstock",
    "EPA-EFE",
    "Reuters",
    "Alamy",
    "Xinhua via",
    "Sipa USA",
    "Bloomberg via",
)


_CREDIT_CONNECTORS = frozenset({"via", "for", "and", "of", "the", "by", "de", "van", "von", "from", "courtesy"})


def _credit_like(after: str) -> bool:
    """A credit names people and agencies: at most two lower-case words (``appears on every frame`` is prose)."""
    return sum(1 for w in after.split() if w[:1].islower() and w not in _CREDIT_CONNECTORS) <= 2


def rule_photo_credit(page: Page) -> list[Cut]:
    """``photo-credit`` / ``caption``: a line carrying a photo credit.

    A credit alone, or after a short label (``Joe Biden© Win McNamee/Getty
    Images``), is a ``photo-credit``; a paragraph of prose that ends with a
    credit (``... on Thursday. PHOTO: YONHAP``) is a picture ``caption``.
    """
    cuts = []
    for i in page.find_lines(_CREDIT_KEYS):
        line = page.line(i)
        m = _CREDIT_MARK.search(line)
        if m is None:
            m = _CREDIT_AGENCY.search(line)
            if m is None or _TERMINAL.search(line):
                continue
        after = line[m.end() :]
        if _words(after) > 15 or not _credit_like(after):
            continue
        before = line[: m.start()].strip()
        rule = "photo-credit" if not before or _title_like(before, 10) else "caption"
        cuts.append(Cut(i, *page.spans[i], rule))
    return cuts


_CREDIT_RULES = {"photo-credit", "caption"}


_CAPTION_SCAN = _line_start(
    r"[^\S\n]*(?:FILE PHOTO|PHOTO|Photo|Pictured|PICTURED|Caption|CAPTION|Above|ABOVE)[^\S\n]*[:|-]"
)


def rule_caption(page: Page) -> list[Cut]:
    """``caption``: a label line sitting directly on a photo credit, or a ``Photo: ...`` line."""
    cuts = []
    starts = {i for i, _ in page.scan(_CAPTION_SCAN)}
    n = len(page.spans)
    above_credit = (
        [j - 1 for j in range(1, n) if page.removed_by[j] == "photo-credit" and page.kept[j - 1]]
        if "photo-credit" in page.removed_by
        else []
    )
    for i in sorted(starts.union(above_credit)):
        if i in starts or _title_like(page.line(i), 10):
            cuts.append(Cut(i, *page.spans[i], "caption"))
    return cuts


_AGENCIES = (
    r"AFP|Reuters|AP|Xinhua|Yonhap|Tass|TASS|Bloomberg|dpa|DPA|UPI|ANI|IANS|PTI|Kyodo|EFE|ANSA|Interfax|"
    r"RIA Novosti|KCNA|BBC|CNN|Agencies|agencies"
)
_AGENCY_TAG = re.compile(
    rf"(?<=[.!?\"”’])\s+(?:(?:{_AGENCIES})(?:\s+News)?|[A-Z][A-Za-z]+\s+News(?:\s+Agency)?|[A-Z]{{2,6}}/[A-Z]{{2,6}})\s*$"
)


_AGENCY_TAG_SCAN = re.compile(
    rf"[.!?\"”’][^\S\n]+(?:(?:{_AGENCIES})(?:[^\S\n]+News)?|[A-Z][A-Za-z]+[^\S\n]+News(?:[^\S\n]+Agency)?"
    rf"|[A-Z]{{2,6}}/[A-Z]{{2,6}})[^\S\n]*$",
    re.M,
)


def rule_agency_tag(page: Page) -> list[Cut]:
    """``agency-tag``: an agency name glued to a paragraph's end (``... to Vladivostok. AFP News``)."""
    cuts = []
    text = page.text
    for m in _AGENCY_TAG_SCAN.finditer(text):
        i = page.line_at(m.start())
        if not page.kept[i]:
            continue
        a, b = page.spans[i]
        if a < m.start() and m.end() >= b:
            cuts.append(Cut(i, m.start() + 1, b, "agency-tag", whole=False))
    return cuts


_DATELINE = re.compile(
    rf"(?P<dl>[A-Z][A-Z.'’ -]{{1,30}}[A-Z.](?:,\s*[A-Z][A-Za-z. ]{{1,25}})?"
    rf"(?:,?\s*[A-Z][a-z]{{2,4}}\.?\s+\d{{1,2}})?\s*(?:\((?:{_AGENCIES}|[A-Z][A-Za-z. ]{{1,20}})\)\s*)?[–—-]{{1,2}}\s+)(?=[A-Z\"“‘'])"
)


def rule_dateline(page: Page) -> list[Cut]:
    """``dateline``: a place prefix opening the story (``SEOUL –``, ``LONDON (Reuters) -``)."""
    for i in page.kept_idx[:4]:
        if not page.starts_block(i):
            continue  # a dateline opens a paragraph, never a wrapped line inside one
        a, b = page.spans[i]
        m = _DATELINE.match(page.text, a, b)
        if m and _words(m.group("dl")) <= 8:
            return [Cut(i, a, m.end(), "dateline", whole=False)]
    return []


_SOURCE_WORDS = re.compile(
    rf"/|\b(?:{_AGENCIES}|News|Network|Press|Agency|Herald|Times|Post|Journal|Daily|Tribune|Gazette|"
    r"Telegraph|Guardian|Observer|Independent|Insider|Wire|Media|Service|Report|Today)\b"
)


def rule_trailing(page: Page) -> list[Cut]:
    """``source-line`` / ``tag-line``: short unpunctuated lines ending the article.

    Nothing follows them, so they cannot be headings: an agency or
    publication (``Asia News Network/The Korea Herald``) is a source line,
    anything else (``Ukraine Vladimir Putin``) a tag line.
    """
    kept = page.kept_idx
    if len(kept) < 2:
        return []
    cuts = []
    k = len(kept) - 1
    while k >= 1 and len(cuts) < 2:
        line = page.line(kept[k])
        if not _title_like(line, 8) or line.endswith("?"):
            break
        rule = "source-line" if _SOURCE_WORDS.search(line) else "tag-line"
        cuts.append(Cut(kept[k], *page.spans[kept[k]], rule))
        k -= 1
    # furniture follows prose: after a list of short lines (a results table) the last items are content
    if cuts and not _TERMINAL.search(page.line(kept[k])):
        return []
    return cuts[::-1]


#: Every rule by name, in the order the default pipeline applies them.
RULES: dict[str, Rule] = {
    "metadata-header": rule_mail_header,
    "metadata-prefix": rule_metadata_prefix,
    "signature": rule_signature,
    "quoted-reply": rule_quoted_reply,
    "byline": rule_byline,
    "repeated-headline": rule_repeated_headline,
    "photo-credit": rule_photo_credit,
    "caption": rule_caption,
    "agency-tag": rule_agency_tag,
    "dateline": rule_dateline,
    "trailing": rule_trailing,
}

#: The default pipeline: all rules.
DEFAULT_RULES: tuple[str, ...] = tuple(RULES)


# --------------------------------------------------------------------------- structure


def _heading_candidate(line: str) -> bool:
    if not line or _words(line) > 12 or line[-1] in ".,;:":
        return False
    if not (line[0].isupper() or line[0].isdigit() or line[0] in "\"'“‘"):
        return False
    if line.endswith(("!", "?")):
        words = [w for w in line.split() if w[:1].isalpha()]
        caps = sum(1 for w in words if w[0].isupper())
        return bool(words) and caps / len(words) >= 0.5 and _words(line) <= 8
    return not _TERMINAL.search(line)


def _structure(page: Page, doc_id: str, known_title: str | None) -> tuple[list[Sentence], str | None]:
    """Headings, paragraphs and sentences of the kept lines, in one pass.

    A *block* is a run of consecutive kept lines (a blank or removed line
    ends it). The headline (first line, see :func:`_headline_index`) and
    any one-line block that looks like a heading are headings. A block of
    several lines is either hard-wrapped text (every line but the last at most
    100 characters: one paragraph, newlines are spaces, except after a
    deliberately short line) or one paragraph per line (news scrapes).
    """
    text = page.text
    kept = page.kept
    spans = page.spans
    n = len(kept)
    kept_idx = page.kept_idx
    title: str | None = None
    headings: set[int] = set()
    h = _headline_index(page)
    if h is not None:
        headings.add(h)
        title = page.line(h)
    elif kept_idx and known_title and _norm(page.line(kept_idx[0])) == _norm(known_title):
        headings.add(kept_idx[0])
    last_kept = kept_idx[-1] if kept_idx else -1

    sentences: list[Sentence] = []
    append = sentences.append
    paragraph = -1

    def add(a: int, b: int) -> None:
        for x, y in split_sentences(text, a, b):
            append(Sentence(doc_id, len(sentences), x, y, text[x:y], paragraph))

    block_ends = (*kept, False)  # with a sentinel: the last block ends too
    i = 0
    while i < n:
        try:
            i = kept.index(True, i)  # the next block runs from line i to line j
        except ValueError:
            break
        j = block_ends.index(False, i) - 1
        if i in headings:  # the headline may open a block
            paragraph += 1
            a, b = spans[i]
            append(Sentence(doc_id, len(sentences), a, b, text[a:b], paragraph, heading=True))
            i += 1
            if i > j:
                continue
        if i == j:
            a, b = spans[i]
            paragraph += 1
            if i != last_kept and b - a <= 120 and _heading_candidate(text[a:b]):
                append(Sentence(doc_id, len(sentences), a, b, text[a:b], paragraph, heading=True))
            else:
                add(a, b)
            i = j + 1
            continue
        widths = [b - a for a, b in spans[i : j + 1]]
        widest = max(widths[:-1])
        if widest > 100:  # one paragraph per line
            for k in range(i, j + 1):
                paragraph += 1
                add(*spans[k])
        else:  # hard-wrapped: one paragraph, broken only after a deliberately short line
            paragraph += 1
            limit = 0.5 * widest
            breaks = list(compress(range(i, j), map(limit.__gt__, widths)))  # lines shorter than the limit
            cut = page.shortened
            if cut:  # a shortened line ends the run too (its removed part must stay out of every sentence)
                breaks = sorted({*breaks, *(k for k in range(i, j) if k in cut or k + 1 in cut)})
            breaks.append(j)
            seg_start = spans[i][0]
            for k in breaks:
                add(seg_start, spans[k][1])
                if k < j:
                    seg_start = spans[k + 1][0]
        i = j + 1
    return sentences, title


# --------------------------------------------------------------------------- pipeline


def _resolve_rules(rules: Iterable[str | Rule] | None) -> tuple[tuple[str, Rule], ...]:
    if rules is None:
        try:  # the usual case, quickly
            return tuple(zip(DEFAULT_RULES, map(RULES.__getitem__, DEFAULT_RULES)))
        except KeyError:  # a name taken out of RULES: report it below
            rules = DEFAULT_RULES
    out = []
    for r in rules:
        if callable(r):
            out.append((getattr(r, "__name__", "custom"), r))
        elif r in RULES:
            out.append((r, RULES[r]))
        else:
            raise ParameterError(f"rules: unknown cleaning rule {r!r}; known rules are {', '.join(RULES)}")
    return tuple(out)


def clean_document(document: Document, *, rules: Iterable[str | Rule] | None = None) -> CleanDocument:
    """Clean one document: remove furniture, find headings, split sentences.

    Parameters
    ----------
    document : Document
        The article.
    rules : iterable of str or callable, optional
        Rule names from :data:`RULES` (or rule functions) to apply, in
        order; default all of :data:`DEFAULT_RULES`. Pass ``()`` to only
        segment.

    Returns
    -------
    CleanDocument
    """
    return _clean(document, _resolve_rules(rules))


_START_END = attrgetter("start", "end")


def _clean(document: Document, rules: tuple[tuple[str, Rule], ...]) -> CleanDocument:
    page = Page.of(document.text)
    removed: list[Removed] = []
    date = document.date
    title = document.title
    meta_title = None
    text = page.text
    for _name, rule in rules:
        cuts = rule(page)
        if not cuts:
            continue
        spans = page.spans
        for c in cuts:
            if c.date and not date:
                date = c.date
            if c.title and not meta_title:
                meta_title = c.title
            if c.whole:
                a, b = spans[c.line]  # already trimmed
            else:
                a, b = trim_span(text, c.start, c.end)
            if a < b:
                removed.append(Removed(a, b, c.rule, text[a:b]))
        page = page.apply(cuts)
    sentences, headline = _structure(page, document.id, title or meta_title)
    removed.sort(key=_START_END)
    return CleanDocument(
        document=document,
        sentences=tuple(sentences),
        removed=tuple(removed),
        title=title or meta_title or headline,
        date=date,
    )


class Cleaner:
    """Cleaning as a reusable, configurable stage.

    Parameters
    ----------
    rules : sequence of str or callable, optional
        Furniture rules to apply (default: all of :data:`DEFAULT_RULES`).

    Examples
    --------
    >>> from nlptools.corpus import Corpus
    >>> cleaner = Cleaner(rules=["byline", "trailing"])
    >>> docs = cleaner.map(Corpus.from_texts(["by Ann Lee\\nIt rained. It stopped."]))
    >>> [s.text for d in docs for s in d.sentences]
    ['It rained.', 'It stopped.']
    """

    def __init__(self, *, rules: Sequence[str | Rule] | None = None) -> None:
        self.rules = rules

    def __call__(self, document: Document) -> CleanDocument:
        return _clean(document, _resolve_rules(self.rules))

    def map(self, corpus: Iterable[Document]) -> CleanCorpus:
        """Lazily clean every document of ``corpus`` (re-iterable if ``corpus`` is)."""
        return CleanCorpus(corpus, self)


class CleanCorpus:
    """A lazy, re-iterable view of a corpus through a :class:`Cleaner`.

    Documents whose cleaning leaves no sentence are skipped with a warning.
    """

    def __init__(self, corpus: Iterable[Document], cleaner: Cleaner | None = None) -> None:
        self.corpus = corpus
        self.cleaner = cleaner or Cleaner()

    def __iter__(self) -> Iterator[CleanDocument]:
        rules = _resolve_rules(self.cleaner.rules)
        seen = kept = 0
        for doc in self.corpus:
            seen += 1
            clean = _clean(doc, rules)
            if not clean.body:
                logger.warning("%s: skipped, no sentence left after cleaning (only furniture?)", doc.source or doc.id)
                continue
            kept += 1
            yield clean
        if seen and not kept:
            raise EmptyCorpusError(
                f"no article left after cleaning: all {seen} document(s) held only furniture (bylines, credits, ...)"
            )


def clean_corpus(corpus: Corpus | Iterable[Document], *, rules: Sequence[str | Rule] | None = None) -> CleanCorpus:
    """Lazily clean a corpus; see :class:`Cleaner`."""
    return Cleaner(rules=rules).map(corpus)
