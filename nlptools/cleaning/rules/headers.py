"""Header and mail furniture: a ``Key: value`` header block, a date prefix, a signature, quoted replies."""

from __future__ import annotations

import re
from itertools import compress

from ...document import CleanDocument
from ..dates import parse_date
from ..page import Cut, Page, line_start
from ..shape import words

__all__ = ["rule_mail_header", "rule_metadata_prefix", "rule_quoted_reply", "rule_signature", "quoted_text"]

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


_ATTRIBUTION = re.compile(r"(?:writes|wrote|said)\s*:\s*$|^In article\s+<", re.I)

# "> ", "|> ", ": >" and initials-style quoting ("JB> ")
_QUOTE_SCAN = line_start(r"[^\S\n]*(?:>|\|>|: ?>|[A-Za-z]{1,4}>(?=[\s>]))")


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
                if j not in qset and words(page.line(j)) <= 25 and _ATTRIBUTION.search(page.line(j)):
                    attributions.add(j)
            j -= 1
    spans = page.spans
    return [Cut(i, *spans[i], "quoted-reply") for i in (sorted(qset | attributions) if attributions else quoted)]


# the quote marks opening a quoted line, nested ("> > ", "|> ", "JB> ")
_QUOTE_MARKS = re.compile(r"^[^\S\n]*(?:(?:>|\|>|: ?>|[A-Za-z]{1,4}>(?=[\s>]))[^\S\n]*)+")


def quoted_text(doc: CleanDocument) -> str:
    """The words of a post's quoted replies: what it answers, which often says what it is about.

    The text of the spans ``quoted-reply`` removed, quote marks stripped,
    without the attribution lines ("In article <...> jo@x writes:"), lines
    holding an address (``@``) and header lines (``Subject: ...``). Quoted
    text is never a sentence of the post (it is someone else's, and a
    digest must not quote it as the post's); the discovered themes read it
    as context (:attr:`nlptools.document.Passage.context`).

    Examples
    --------
    >>> from nlptools.cleaning import clean_document
    >>> from nlptools.document import Document
    >>> text = "In article <1@x.org> jo@x.org writes:\\n> The shuttle engines failed.\\n\\nThey did not fail."
    >>> quoted_text(clean_document(Document(id="p", text=text)))
    'The shuttle engines failed.'
    """
    lines = []
    for r in doc.removed:
        if r.rule != "quoted-reply":
            continue
        for line in r.text.splitlines():
            line = _QUOTE_MARKS.sub("", line).strip()
            if line and "@" not in line and not _ATTRIBUTION.search(line) and not _HEADER_LINE.match(line):
                lines.append(line)
    return " ".join(lines)
