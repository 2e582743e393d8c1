"""Themes over time and by source: each theme's share per period, per outlet, and what rose and fell.

A theme's **share** in a group of articles (a week, a month, an outlet) is
the mean of the articles' theme weights, each article's weights first
scaled to sum to 1: the shares of a group sum to 1 over the themes (0 for a
group whose articles have no weight at all). Every point keeps the count of
articles behind it and their ids: the articles that give the theme at least
:data:`MIN_WEIGHT` of their weight, heaviest first.

:func:`theme_trends` needs at least two dated articles (``CleanDocument.date``,
ISO ``YYYY-MM-DD``) and gives ``None`` otherwise. Periods are weeks (from
Monday) or months, chosen from the date span (:func:`auto_freq`) or given.
"Rose and fell" compares two windows of dates: by default the first and
second half of the dated range (an article dated on the middle day belongs
to the first half), or a split date, or two given ranges. Each theme whose
share changed by at least ``min_change`` comes with up to ``n_evidence`` of
its best sentences (id, offsets, text): from articles of the later window
for a rise, of the earlier window for a fall.

:func:`theme_sources` gives the same shares by outlet or any source field;
the caller says how an article's source is known (a callable such as
:func:`nlptools.digest.outlet_of`, or a ``document.meta`` field name).

>>> trends = theme_trends(result, docs)            # doctest: +SKIP
>>> trends.to_dict()["changes"]["themes"][0]       # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..document import CleanDocument
from ..errors import ParameterError
from ..outputs import escape_markdown

logger = logging.getLogger(__name__)

__all__ = [
    "MIN_WEIGHT",
    "TREND_FREQS",
    "Evidence",
    "Period",
    "Point",
    "ThemeChange",
    "Window",
    "ThemeTrends",
    "SourceRow",
    "ThemeSources",
    "auto_freq",
    "parse_date",
    "period_start",
    "parse_compare",
    "theme_trends",
    "theme_sources",
]

#: An article is "behind" a theme's point when the theme has at least this share of its weight.
MIN_WEIGHT = 0.05
#: Period lengths :func:`theme_trends` accepts (``auto``: week or month from the date span).
TREND_FREQS = ("auto", "day", "week", "month", "year")
#: ``auto`` uses weeks when the dated range spans at most this many days, months beyond.
WEEKS_UP_TO_DAYS = 62


def _r(x: float) -> float:
    return round(float(x), 4)


def parse_date(value: Any) -> dt.date | None:
    """An ISO date (``YYYY-MM-DD``, anything after the 10th character ignored), or None when unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def period_start(day: dt.date, freq: str) -> dt.date:
    """The first day of the ``freq`` period (day, week from Monday, month, year) holding ``day``."""
    if freq == "day":
        return day
    if freq == "week":
        return day - dt.timedelta(days=day.weekday())
    if freq == "month":
        return day.replace(day=1)
    if freq == "year":
        return day.replace(month=1, day=1)
    raise ParameterError(f"freq: {freq!r} is not one of {', '.join(TREND_FREQS)}")


def _period_end(start: dt.date, freq: str) -> dt.date:
    if freq == "day":
        return start
    if freq == "week":
        return start + dt.timedelta(days=6)
    if freq == "month":
        nxt = start.replace(year=start.year + 1, month=1) if start.month == 12 else start.replace(month=start.month + 1)
        return nxt - dt.timedelta(days=1)
    return start.replace(month=12, day=31)


def _period_label(start: dt.date, freq: str) -> str:
    if freq == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if freq == "month":
        return start.strftime("%Y-%m")
    if freq == "year":
        return str(start.year)
    return start.isoformat()


def auto_freq(days: Sequence[dt.date]) -> str:
    """``week`` when the dates span at most :data:`WEEKS_UP_TO_DAYS` days, else ``month``."""
    return "week" if (max(days) - min(days)).days <= WEEKS_UP_TO_DAYS else "month"


def parse_compare(value: Any) -> tuple[tuple[dt.date, dt.date], tuple[dt.date, dt.date]] | dt.date | None:
    """Read a ``compare`` setting: None, a split date, or two ``(start, end)`` ranges.

    Strings are accepted as the CLI writes them: ``"2024-02-15"`` (a split:
    before it, and from it on) or ``"2024-01-01..2024-01-31,2024-03-01..2024-03-31"``.
    """
    if value is None:
        return None
    if isinstance(value, str) and "," in value:
        value = [tuple(part.split("..", 1)) if ".." in part else (part, part) for part in value.split(",")]
    if isinstance(value, (str, dt.date)):
        day = parse_date(value)
        if day is None:
            raise ParameterError(f"compare: {value!r} is not an ISO date (YYYY-MM-DD)")
        return day
    try:
        (a0, a1), (b0, b1) = value
    except (TypeError, ValueError):
        raise ParameterError(f"compare: {value!r} is not a date or two date ranges (START..END,START..END)") from None
    ranges = []
    for lo, hi in ((a0, a1), (b0, b1)):
        lo_d, hi_d = parse_date(lo), parse_date(hi)
        if lo_d is None or hi_d is None or lo_d > hi_d:
            raise ParameterError(f"compare: {lo!r}..{hi!r} is not a range of ISO dates, earliest first")
        ranges.append((lo_d, hi_d))
    return ranges[0], ranges[1]


@dataclass(frozen=True)
class Evidence:
    """A sentence that shows a theme's change: the article, the offsets into its source, the text."""

    document: str
    start: int
    end: int
    text: str
    weight: float
    date: str | None


@dataclass(frozen=True)
class Period:
    """A period holding dated articles: ``start``/``end`` inclusive, its ``label``, its article ids."""

    label: str
    start: dt.date
    end: dt.date
    ids: tuple[str, ...]


@dataclass(frozen=True)
class Point:
    """A theme's share in one group of articles, with the articles behind it (heaviest first)."""

    share: float
    ids: tuple[str, ...]

    @property
    def count(self) -> int:
        """Number of articles behind the point."""
        return len(self.ids)


@dataclass(frozen=True)
class Window:
    """One side of a comparison: a range of dates and its articles."""

    start: dt.date
    end: dt.date
    ids: tuple[str, ...]


@dataclass(frozen=True)
class ThemeChange:
    """A theme's share before and after, the change, and the sentences that show it."""

    name: str
    before: float
    after: float
    direction: str  # "rose", "fell" or "steady"
    evidence: tuple[Evidence, ...]

    @property
    def change(self) -> float:
        """``after - before``."""
        return self.after - self.before


def _evidence_dict(e: Evidence) -> dict[str, Any]:
    return {
        "document": e.document,
        "start": e.start,
        "end": e.end,
        "text": e.text,
        "weight": _r(e.weight),
        "date": e.date,
    }


def _window_dict(w: Window | None) -> dict[str, Any] | None:
    if w is None:
        return None
    return {"from": w.start.isoformat(), "to": w.end.isoformat(), "articles": len(w.ids), "ids": list(w.ids)}


@dataclass(frozen=True)
class ThemeTrends:
    """Theme shares per period and what rose and fell; see the module docstring."""

    freq: str
    themes: tuple[str, ...]
    periods: tuple[Period, ...]
    points: Mapping[str, tuple[Point, ...]]  # theme -> one point per period
    undated: tuple[str, ...]
    before: Window | None
    after: Window | None
    changes: tuple[ThemeChange, ...]
    min_change: float

    @property
    def rose(self) -> list[ThemeChange]:
        """Themes whose share rose by at least ``min_change``, most first."""
        return [c for c in self.changes if c.direction == "rose"]

    @property
    def fell(self) -> list[ThemeChange]:
        """Themes whose share fell by at least ``min_change``, most first."""
        return [c for c in self.changes if c.direction == "fell"]

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON (floats rounded to 4 places, lists in a fixed order)."""
        return {
            "freq": self.freq,
            "dated": sum(len(p.ids) for p in self.periods),
            "undated": list(self.undated),
            "periods": [
                {
                    "label": p.label,
                    "from": p.start.isoformat(),
                    "to": p.end.isoformat(),
                    "articles": len(p.ids),
                    "ids": list(p.ids),
                }
                for p in self.periods
            ],
            "themes": [
                {
                    "name": name,
                    "points": [
                        {"period": p.label, "share": _r(pt.share), "count": pt.count, "ids": list(pt.ids)}
                        for p, pt in zip(self.periods, self.points[name], strict=True)
                    ],
                }
                for name in self.themes
            ],
            "changes": {
                "before": _window_dict(self.before),
                "after": _window_dict(self.after),
                "min_change": _r(self.min_change),
                "themes": [
                    {
                        "name": c.name,
                        "before": _r(c.before),
                        "after": _r(c.after),
                        "change": _r(c.change),
                        "direction": c.direction,
                        "evidence": [_evidence_dict(e) for e in c.evidence],
                    }
                    for c in self.changes
                ],
            },
        }

    def to_markdown(self, *, heading: str = "## Over time", max_themes: int = 8) -> str:
        """A short section: shares per period (a table of the largest themes), then what rose and fell."""
        e = escape_markdown
        names = list(self.themes[:max_themes])
        dated = sum(len(p.ids) for p in self.periods)
        lines = [
            heading,
            "",
            f"{dated} dated articles, {self.periods[0].start.isoformat()} to {self.periods[-1].end.isoformat()}, "
            f"by {self.freq}" + (f"; {len(self.undated)} undated left out" if self.undated else "") + ".",
            "",
            f"| {self.freq} | articles | " + " | ".join(e(n) for n in names) + " |",
            "|---|---|" + "---|" * len(names),
        ]
        for i, p in enumerate(self.periods):
            cells = " | ".join(f"{self.points[n][i].share:.2f}" for n in names)
            lines.append(f"| {p.label} | {len(p.ids)} | {cells} |")
        lines.append("")
        if self.before is not None and self.after is not None:
            lines += [
                f"Between {self.before.start.isoformat()}..{self.before.end.isoformat()} "
                f"({len(self.before.ids)} articles) and {self.after.start.isoformat()}..{self.after.end.isoformat()} "
                f"({len(self.after.ids)} articles):",
                "",
            ]
            moved = [c for c in self.changes if c.direction != "steady"]
            if not moved:
                lines += [f"no theme's share changed by {self.min_change:.2f} or more.", ""]
            for c in moved:
                lines.append(f"- **{e(c.name)}** {c.direction}: {c.before:.2f} → {c.after:.2f}")
                for ev in c.evidence:
                    lines.append(f"  - {e(' '.join(ev.text.split()))} \\[{e(ev.document)}:{ev.start}-{ev.end}\\]")
            lines.append("")
        return "\n".join(lines)


@dataclass(frozen=True)
class SourceRow:
    """One source (outlet): its articles and each theme's share among them."""

    source: str
    ids: tuple[str, ...]
    points: Mapping[str, Point]


@dataclass(frozen=True)
class ThemeSources:
    """Theme shares by source; ``unknown``: the articles whose source is not known."""

    field: str
    themes: tuple[str, ...]
    sources: tuple[SourceRow, ...]
    unknown: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "field": self.field,
            "unknown": list(self.unknown),
            "sources": [
                {
                    "source": row.source,
                    "articles": len(row.ids),
                    "ids": list(row.ids),
                    "themes": [
                        {
                            "name": n,
                            "share": _r(row.points[n].share),
                            "count": row.points[n].count,
                            "ids": list(row.points[n].ids),
                        }
                        for n in self.themes
                    ],
                }
                for row in self.sources
            ],
        }

    def to_markdown(self, *, heading: str = "## By source", max_themes: int = 8) -> str:
        """A short table: one row per source, the shares of the largest themes."""
        e = escape_markdown
        names = list(self.themes[:max_themes])
        lines = [
            heading,
            "",
            f"| {e(self.field)} | articles | " + " | ".join(e(n) for n in names) + " |",
            "|---|---|" + "---|" * len(names),
        ]
        for row in self.sources:
            cells = " | ".join(f"{row.points[n].share:.2f}" for n in names)
            lines.append(f"| {e(row.source)} | {len(row.ids)} | {cells} |")
        if self.unknown:
            lines += ["", f"{len(self.unknown)} articles of unknown {e(self.field)} left out."]
        return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- computing


def _normalised_weights(result: Any) -> dict[str, dict[str, float]]:
    """Document id -> theme -> weight, scaled to sum to 1 (all zeros stay zeros)."""
    names = [t.name for t in result.themes]
    out: dict[str, dict[str, float]] = {}
    for d in result.documents:
        row = {n: max(float(d.weights.get(n, 0.0)), 0.0) for n in names}
        total = sum(row.values())
        out[d.id] = {n: (w / total if total > 0 else 0.0) for n, w in row.items()}
    return out


def _point(ids: Sequence[str], weights: Mapping[str, Mapping[str, float]], theme: str) -> Point:
    if not ids:
        return Point(0.0, ())
    share = sum(weights[i][theme] for i in ids) / len(ids)
    behind = sorted((i for i in ids if weights[i][theme] >= MIN_WEIGHT), key=lambda i: (-weights[i][theme], i))
    return Point(share, tuple(behind))


def _check_documents(result: Any, documents: Iterable[CleanDocument]) -> dict[str, CleanDocument]:
    by_id = {d.id: d for d in documents}
    missing = [d.id for d in result.documents if d.id not in by_id]
    if missing:
        raise ParameterError(
            f"documents: {len(missing)} of the result's articles are not given (e.g. {missing[0]!r}); "
            "pass the clean documents the themes were found on"
        )
    return by_id


def _evidence(
    result: Any, theme: str, ids: Iterable[str], by_id: Mapping[str, CleanDocument], n: int
) -> tuple[Evidence, ...]:
    """The theme's best sentences from the articles ``ids``: one an article first, then more if needed."""
    allowed = set(ids)
    pool = []
    for doc_id, st in result.sentences_of(theme):
        if doc_id not in allowed or st.heading:
            continue
        pool.append((doc_id, st))
    firsts: list[tuple[str, Any]] = []
    rest: list[tuple[str, Any]] = []
    seen: set[str] = set()
    for doc_id, st in pool:
        (rest if doc_id in seen else firsts).append((doc_id, st))
        seen.add(doc_id)
    out = []
    for doc_id, st in (firsts + rest)[:n]:
        doc = by_id[doc_id]
        out.append(Evidence(doc_id, st.start, st.end, doc.text[st.start : st.end], float(st.weight), doc.date))
    return tuple(out)


def theme_trends(
    result: Any,
    documents: Iterable[CleanDocument],
    *,
    freq: str = "auto",
    compare: Any = None,
    min_change: float = 0.05,
    n_evidence: int = 3,
) -> ThemeTrends | None:
    """Each theme's share per period, and which themes rose and fell between two windows.

    Parameters
    ----------
    result : ThemeResult
        Themes of the documents (:func:`~nlptools.themes.find_themes`).
    documents : iterable of CleanDocument
        The clean documents the themes were found on (their ``date``, ``text``).
    freq : {"auto", "day", "week", "month", "year"}, default="auto"
        Period length; ``auto``: weeks for a range of up to :data:`WEEKS_UP_TO_DAYS` days, else months.
    compare : None, date or two (start, end) ranges, optional
        The two windows of "rose and fell": by default the first and second half of the dated range;
        a date splits it (before the date / from it on); two ranges (inclusive) are used as given.
        Strings as :func:`parse_compare` reads them.
    min_change : float, default=0.05
        A theme whose share changed by less is ``steady``.
    n_evidence : int, default=3
        Sentences shown for each rise or fall.

    Returns
    -------
    ThemeTrends or None
        None when fewer than two articles carry a readable date.
    """
    if freq not in TREND_FREQS:
        raise ParameterError(f"freq: {freq!r} is not one of {', '.join(TREND_FREQS)}")
    if isinstance(min_change, bool) or not isinstance(min_change, (int, float)) or not 0 <= min_change <= 1:
        raise ParameterError(f"min_change: must be a number in [0, 1], got {min_change!r}")
    if isinstance(n_evidence, bool) or not isinstance(n_evidence, int) or n_evidence < 0:
        raise ParameterError(f"n_evidence: must be a non-negative integer, got {n_evidence!r}")
    windows = parse_compare(compare)
    by_id = _check_documents(result, documents)
    order = [d.id for d in result.documents]
    dates = {i: parse_date(by_id[i].date) for i in order}
    dated = [i for i in order if dates[i] is not None]
    undated = tuple(i for i in order if dates[i] is None)
    if len(dated) < 2:
        logger.info("theme trends: %d dated article(s); at least 2 are needed", len(dated))
        return None
    days = [d for d in (dates[i] for i in dated) if d is not None]
    used = auto_freq(days) if freq == "auto" else freq
    buckets: dict[dt.date, list[str]] = {}
    for i in dated:
        day = dates[i]
        assert day is not None
        buckets.setdefault(period_start(day, used), []).append(i)
    periods = tuple(
        Period(_period_label(s, used), s, _period_end(s, used), tuple(sorted(buckets[s], key=lambda i: (dates[i], i))))
        for s in sorted(buckets)
    )
    weights = _normalised_weights(result)
    names = tuple(t.name for t in result.themes)
    points = {n: tuple(_point(p.ids, weights, n) for p in periods) for n in names}

    first, last = min(days), max(days)
    if windows is None:
        mid = first + dt.timedelta(days=(last - first).days // 2)
        ranges = ((first, mid), (mid + dt.timedelta(days=1), last)) if last > first else None
    elif isinstance(windows, dt.date):
        ranges = ((first, windows - dt.timedelta(days=1)), (windows, last)) if first < windows <= last else None
        if ranges is None:
            logger.warning("compare: %s does not split the dated range %s..%s; no rise or fall", windows, first, last)
    else:
        ranges = windows
    before = after = None
    changes: list[ThemeChange] = []
    if ranges is not None:
        (a0, a1), (b0, b1) = ranges
        before = Window(a0, a1, tuple(i for i in dated if a0 <= dates[i] <= a1))  # type: ignore[operator]
        after = Window(b0, b1, tuple(i for i in dated if b0 <= dates[i] <= b1))  # type: ignore[operator]
        if before.ids and after.ids:
            for n in names:
                b, a = _point(before.ids, weights, n).share, _point(after.ids, weights, n).share
                delta = a - b
                direction = "rose" if delta >= min_change else "fell" if delta <= -min_change else "steady"
                shown = after.ids if direction == "rose" else before.ids if direction == "fell" else ()
                changes.append(ThemeChange(n, b, a, direction, _evidence(result, n, shown, by_id, n_evidence)))
            changes.sort(key=lambda c: (-abs(round(c.change, 6)), c.name))
        else:
            logger.warning("theme trends: a comparison window holds no dated article; no rise or fall")
    return ThemeTrends(
        freq=used,
        themes=names,
        periods=periods,
        points=points,
        undated=undated,
        before=before,
        after=after,
        changes=tuple(changes),
        min_change=float(min_change),
    )


def theme_sources(
    result: Any,
    documents: Iterable[CleanDocument],
    *,
    source: Callable[[CleanDocument], str | None] | str,
    field_name: str | None = None,
) -> ThemeSources | None:
    """Each theme's share among each source's articles.

    Parameters
    ----------
    result : ThemeResult
    documents : iterable of CleanDocument
    source : callable or str
        How an article's source is known: a function of the clean document
        (e.g. :func:`nlptools.digest.outlet_of`), or the name of a
        ``document.meta`` field.
    field_name : str, optional
        The name shown for the source (default: the meta field's name, or ``"outlet"``).

    Returns
    -------
    ThemeSources or None
        None when fewer than two articles have a known source.
    """
    by_id = _check_documents(result, documents)
    read: Callable[[CleanDocument], str | None]
    if isinstance(source, str):
        key = source

        def from_meta(doc: CleanDocument) -> str | None:
            value = doc.document.meta.get(key) if isinstance(doc.document.meta, Mapping) else None
            return " ".join(value.split()) if isinstance(value, str) and value.strip() else None

        read, label = from_meta, field_name or key
    elif callable(source):
        read, label = source, field_name or "outlet"
    else:
        raise ParameterError(f"source: expected a meta field name or a function, got {source!r}")
    groups: dict[str, list[str]] = {}
    unknown = []
    for d in result.documents:
        name = read(by_id[d.id])
        if name:
            groups.setdefault(name, []).append(d.id)
        else:
            unknown.append(d.id)
    if sum(len(v) for v in groups.values()) < 2:
        return None
    weights = _normalised_weights(result)
    names = tuple(t.name for t in result.themes)
    rows = tuple(
        SourceRow(s, tuple(ids), {n: _point(ids, weights, n) for n in names})
        for s, ids in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    )
    return ThemeSources(field=label, themes=names, sources=rows, unknown=tuple(unknown))
