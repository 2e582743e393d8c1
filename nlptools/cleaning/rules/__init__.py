"""The furniture rules, one module per family, and :data:`RULES`, the one table they are found from.

Families: :mod:`.headers` (mail header block, metadata prefix, signature,
quoted reply), :mod:`.bylines`, :mod:`.headlines` (repeated headline),
:mod:`.credits` (photo credit, caption) and :mod:`.tags` (agency tag,
dateline, source and tag lines). A rule is a pure function, :class:`Page` in,
:class:`Cut` s out (see :mod:`nlptools.cleaning.page`).

To add a rule: write it in its family's module (or a new one) and add one
line to :data:`RULES` below, under the label its cuts record, at the place
in the order where it belongs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from ...errors import ParameterError
from ..page import Cut, Page, Rule
from .bylines import rule_byline
from .credits import rule_credits
from .headers import rule_mail_header, rule_metadata_prefix, rule_quoted_reply, rule_signature
from .headlines import rule_repeated_headline
from .tags import rule_agency_tag, rule_dateline, rule_trailing

__all__ = ["DEFAULT_RULES", "RULES", "RULE_ALIASES", "resolve_rules"]

#: Every rule, by the label its cuts record (:attr:`~nlptools.document.Removed.rule`), in the order they run.
#:
#: A name is the label the rule records, so ``rules=["tag-line"]`` removes the
#: tag lines. A rule recording two labels is listed under both, and runs
#: once, keeping only the labels selected: :func:`~.credits.rule_credits`
#: finds captions by the credits it removes, :func:`~.tags.rule_trailing`
#: judges the last two lines together, so neither can be split.
#:
#: **Order matters**, because each rule reads the page the rules before it
#: left: which lines are still kept, which line is now first or last, which
#: rule removed a line. The order is
#:
#: 1. ``metadata-header``, ``metadata-prefix``: a header block must open the
#:    text and a date prefix sit on one of the first three lines; they go
#:    first, and what they remove leaves the real headline as the first line.
#: 2. ``signature``, ``quoted-reply``: mail furniture, gone before bylines
#:    and headlines are looked for among the lines left.
#: 3. ``byline`` (under a title-like line), ``repeated-headline`` (the first
#:    kept line is the headline).
#: 4. ``photo-credit`` / ``caption``: credits, then the caption labels
#:    that sat directly on them.
#: 5. ``agency-tag``: cuts ``AFP News`` off a paragraph's end, which then
#:    ends with its full stop.
#: 6. ``dateline``: one of the first four kept lines, opening a block, once
#:    bylines, credits and captions above it are gone.
#: 7. ``source-line`` / ``tag-line`` last: they take the last one or two short
#:    lines when prose stands above them, so every other piece of furniture
#:    at the end (signatures, quotes, credits, captions, agency tags) must be
#:    gone first, or it would be taken for a tag line, or hide the prose.
#:
#: Measured on 4,300 texts (the seeds, BBC News, a quarter of 20 Newsgroups
#: train): running the source/tag-line rules before the header and mail rules
#: changes about 430 of them, most other swaps a handful (3 to 14).
RULES: dict[str, Rule] = {
    "metadata-header": rule_mail_header,
    "metadata-prefix": rule_metadata_prefix,
    "signature": rule_signature,
    "quoted-reply": rule_quoted_reply,
    "byline": rule_byline,
    "repeated-headline": rule_repeated_headline,
    "photo-credit": rule_credits,
    "caption": rule_credits,
    "agency-tag": rule_agency_tag,
    "dateline": rule_dateline,
    "source-line": rule_trailing,
    "tag-line": rule_trailing,
}

#: The default pipeline: all rules.
DEFAULT_RULES: tuple[str, ...] = tuple(RULES)

#: Former rule names still accepted in a selection, and the names they stand for.
RULE_ALIASES: dict[str, tuple[str, ...]] = {"trailing": ("source-line", "tag-line")}


def _only(labels: frozenset[str], rule: Rule) -> Rule:
    """``rule``, keeping only the cuts labelled one of ``labels``."""

    def some_labels(page: Page) -> list[Cut]:
        return [c for c in rule(page) if c.rule in labels]

    return some_labels


def resolve_rules(rules: Iterable[str | Rule] | None) -> tuple[Rule, ...]:
    """The rule functions a selection runs, in order.

    Parameters
    ----------
    rules : iterable of str or callable, or None
        Names from :data:`RULES` (or :data:`RULE_ALIASES`) and rule
        functions, in the order to apply them; None for
        :data:`DEFAULT_RULES`. A rule listed under several names runs once,
        at the place of the first, and keeps the cuts of the names selected.

    Raises
    ------
    ParameterError
        If a name is not a known rule.
    """
    if rules is None:
        try:  # the usual case, quickly: every rule, each once
            return tuple(dict.fromkeys(map(RULES.__getitem__, DEFAULT_RULES)))
        except (KeyError, TypeError):  # a name taken out of RULES (reported below), an unhashable rule
            rules = DEFAULT_RULES
    steps: list[tuple[Rule, list[str] | None]] = []  # a function and its selected names (None: given as a function)
    selected: dict[int, list[str]] = {}  # by id of the function
    for r in rules:
        if callable(r):
            steps.append((r, None))
            continue
        for name in RULE_ALIASES.get(r, (r,)):
            func = RULES.get(name)
            if func is None:
                raise ParameterError(f"rules: unknown cleaning rule {name!r}; known rules are {', '.join(RULES)}")
            names = selected.get(id(func))
            if names is None:
                steps.append((func, selected.setdefault(id(func), [name])))
            elif name not in names:
                names.append(name)
    registered = Counter(map(id, RULES.values()))  # the names each function is listed under
    return tuple(
        func if names is None or len(names) == registered[id(func)] else _only(frozenset(names), func)
        for func, names in steps
    )
