"""The line engine of cleaning: a :class:`Page` of lines that rules read, and the :class:`Cut` s they return."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, compress, starmap
from operator import lt, not_
from typing import Any, Generic, TypeVar, overload

from ..segment import trim_span

__all__ = ["Cut", "LineStart", "Page", "Rule", "line_start"]

T = TypeVar("T")


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


class _cached(Generic[T]):
    """A lazily computed, then stored, attribute: :func:`functools.cached_property` without
    its per-instance lock (which Python before 3.12 takes, at a cost, on every first access)."""

    def __init__(self, func: Callable[[Any], T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> _cached[T]: ...
    @overload
    def __get__(self, obj: object, owner: type | None = None) -> T: ...
    def __get__(self, obj: Any, owner: type | None = None) -> T | _cached[T]:
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.func(obj)  # the instance's dict wins from now on
        return value


class LineStart:
    """A regex for line starts: a literal newline first (fast to search), line 0 matched apart."""

    def __init__(self, body: str) -> None:
        self._at_zero = re.compile(body)
        self._rest = re.compile(r"\n" + body)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self._rest.finditer(text)


def line_start(body: str) -> Any:
    """A pattern for :meth:`Page.scan` that finds lines *starting* with the regex ``body``."""
    return LineStart(body)


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

    @_cached
    def line_starts(self) -> list[int]:
        """The offset where each line starts (computed once per text, shared by the pages :meth:`apply` makes)."""
        starts = [0]
        starts.extend(accumulate(len(line) + 1 for line in self.text.split("\n")))
        starts.pop()  # the offset past the last line
        return starts

    def line_at(self, offset: int) -> int:
        """The index of the line holding character ``offset`` (a binary search: counting newlines from the
        top at every call made rules quadratic on long texts of short lines)."""
        return bisect_right(self.line_starts, offset) - 1

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
        A pattern made by :func:`line_start` finds lines that *start* with
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
        page = Page(
            self.text,
            self.spans if spans is None else tuple(spans),
            tuple(kept),
            self.raw_blank,
            tuple(removed_by),
            self.shortened if shortened is None else frozenset(shortened),
        )
        if "line_starts" in self.__dict__:  # the same text: its line starts carry over
            page.__dict__["line_starts"] = self.__dict__["line_starts"]
        return page


#: A furniture rule: reads a page, returns the spans to cut.
Rule = Callable[[Page], list[Cut]]
