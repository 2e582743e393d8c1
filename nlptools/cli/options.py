"""The command line's one vocabulary: every option shared by sub-commands, defined once.

:data:`OPTIONS` is the table: each row gives an option's spelling (and its
aliases), what it means, how its value is checked, and which sub-commands
take it. A sub-command adds its shared options with :func:`add_options`
(never with ``add_argument``), so ``--themes none``, ``--seed``, ``--format``
... are spelt, checked and explained the same everywhere;
``tests/test_cli_vocabulary.py`` checks every sub-command's parser against
the table.

When values are checked
    In ``sentences``, ``summarize`` and ``run`` a bad value is a usage error
    of the argument parser; in ``themes`` and ``digest`` (the long jobs) the
    same check runs once all options are read, before any work
    (:func:`check_values`), so that ``main()`` returns 1 there as it always
    has. On the command line both are the same one line and exit status 1.

``--format``
    ``auto`` (the default) is readable text or Markdown when standard output
    is a terminal and JSON (JSON Lines for the streaming sub-commands) when it
    is piped or redirected; ``json`` (alias ``jsonl``) and ``text`` (alias
    ``md``) ask for one (:func:`output_format`).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TextIO

from ..errors import ParameterError

__all__ = [
    "OPTIONS",
    "EVERY",
    "CORPUS_OPTIONS",
    "CHECKED_BEFORE_WORK",
    "FORMATS",
    "MAX_SEED",
    "Option",
    "add_options",
    "add_option",
    "check_values",
    "output_format",
    "options_of",
    "option",
]

#: Seeds run from 0 to 2**32 - 1 (numpy's ``RandomState`` and every model take them).
MAX_SEED = 2**32 - 1

#: In an option's ``commands``: every sub-command takes it.
EVERY = "*"

#: Sub-commands whose values are checked after parsing, before any work (see the module docstring).
CHECKED_BEFORE_WORK = frozenset({"themes", "digest"})

#: ``--format`` values: the two formats, and each one's alias.
FORMATS = {"auto": "auto", "json": "json", "jsonl": "json", "text": "text", "md": "text"}

#: The sub-commands that read a corpus.
_READING = ("sentences", "summarize", "themes", "digest", "assign")


# --------------------------------------------------------------------------- value checks


def check_seed(value: str) -> int:
    """``--seed``: a whole number (its range, 0 to :data:`MAX_SEED`, is checked before any work)."""
    if len(value) > 1000 or not re.fullmatch(r"\s*[+-]?[0-9]+\s*", value):
        raise ParameterError(f"--seed: expected a whole number from 0 to {MAX_SEED}, got {value[:30]!r}")
    return int(value)


def check_k(value: str) -> int | str:
    """``--k``: ``auto`` or a whole number of themes from 1."""
    if value.strip().lower() == "auto":
        return "auto"
    try:
        k = int(value)
    except ValueError:
        raise ParameterError(f"--k: expected an integer or auto, got {value[:30]!r}") from None
    if k < 1:
        raise ParameterError(f"--k: must be a positive integer or auto, got {value!r}")
    return k


def check_jobs(value: str) -> int:
    """``--jobs``: worker processes, 1 to 256, or -1 for every core."""
    from ..parallel import MAX_JOBS

    try:
        n = int(value)
    except ValueError:
        raise ParameterError(
            f"--jobs: expected a whole number of workers (1..{MAX_JOBS}, or -1), got {value[:30]!r}"
        ) from None
    if n != -1 and not 1 <= n <= MAX_JOBS:
        raise ParameterError(f"--jobs: expected a whole number of workers (1..{MAX_JOBS}, or -1), got {value!r}")
    return n


def check_fit_size(value: str) -> int:
    """``--fit-size``: articles the themes are fitted on, at least 50."""
    try:
        n = int(value)
    except ValueError:
        raise ParameterError(
            f"--fit-size: expected a whole number of articles (50 or more), got {value[:30]!r}"
        ) from None
    if n < 50:
        raise ParameterError(f"--fit-size: expected a whole number of articles (50 or more), got {value!r}")
    return n


def check_words(value: str) -> int:
    """``--words``: a positive word budget."""
    try:
        n = int(value)
    except ValueError:
        raise ParameterError(f"--words must be a positive integer, got {value[:30]!r}") from None
    if n < 1:
        raise ParameterError(f"--words must be a positive integer, got {value!r}")
    return n


def check_format(value: str) -> str:
    """``--format``: one of :data:`FORMATS` (case-insensitive), returned as given in lower case."""
    v = value.strip().lower()
    if v not in FORMATS:
        raise ParameterError(f"--format: invalid choice: {value[:30]!r} (choose from {', '.join(FORMATS)})")
    return v


def check_themes(value: str) -> str:
    """``--themes``: a lexicon file, or ``none`` (any case) for no lexicon."""
    return "none" if value.strip().lower() == "none" else value


def check_period(value: str) -> str:
    """``--period``: one of the trend periods of :mod:`nlptools.themes.trends`."""
    from ..themes.trends import TREND_FREQS

    if value not in TREND_FREQS:
        raise ParameterError(f"--period: {value!r} is not one of {', '.join(TREND_FREQS)}")
    return value


def check_compare(value: str) -> str:
    """``--compare``: a date or ``START..END,START..END`` (see :func:`nlptools.themes.trends.parse_compare`)."""
    from ..themes.trends import parse_compare

    try:
        parse_compare(value)
    except ParameterError as exc:
        raise ParameterError(f"--{exc}") from None
    return value


# --------------------------------------------------------------------------- the table


@dataclass(frozen=True)
class Option:
    """One shared option.

    Attributes
    ----------
    key : str
        The row's name (``add_options(parser, key)``).
    flags : tuple of str
        The spelling, then its aliases (``("-q", "--quiet")``).
    help : str
        What it means, the same in every sub-command.
    commands : mapping of str to str
        The sub-commands that take it, each with what it means *there*
        (appended to ``help``; empty when nothing is to add).
    dest : str, optional
        The attribute (default: the long flag's name).
    default : any
        The default, or per sub-command with ``defaults``.
    defaults : mapping, optional
        Per sub-command defaults overriding ``default``.
    check : callable, optional
        ``str -> value``; raises :class:`~nlptools.errors.ParameterError` with
        a message naming the option.
    metavar : str, optional
    action : str
        ``store``, ``store_true`` or ``store_const``.
    const : any
        With ``store_const``.
    group : str, optional
        The help section it is listed in.
    """

    key: str
    flags: tuple[str, ...]
    help: str
    commands: Mapping[str, str]
    dest: str | None = None
    default: Any = None
    defaults: Mapping[str, Any] = field(default_factory=dict)
    check: Callable[[str], Any] | None = None
    metavar: str | None = None
    action: str = "store"
    const: Any = None
    group: str | None = None

    @property
    def attribute(self) -> str:
        if self.dest:
            return self.dest
        long = next(f for f in self.flags if f.startswith("--"))
        return long[2:].replace("-", "_")

    def default_for(self, command: str) -> Any:
        return self.defaults.get(command, self.default)

    def takes(self, command: str) -> bool:
        """Whether ``command`` takes this option."""
        return command in self.commands or EVERY in self.commands

    def help_for(self, command: str) -> str:
        """The help text in ``command``: the shared meaning, then what it means there."""
        extra = self.commands.get(command, self.commands.get(EVERY, ""))
        text = f"{self.help}; {extra}" if extra else self.help
        return text.replace("%", "%%")  # argparse formats help with %


_RECORDS = "record files (.jsonl, .csv)"
_TRENDS = "themes over time (articles with a date)"

OPTIONS: tuple[Option, ...] = (
    Option(
        "quiet",
        ("-q", "--quiet"),
        "only errors on stderr: no warnings, no progress bars, no summary (also before the sub-command)",
        {EVERY: ""},
        action="store_true",
        default=argparse.SUPPRESS,  # keeps `nlptools -q COMMAND`'s value
    ),
    Option(
        "verbose",
        ("-v", "--verbose"),
        "also informational messages on stderr (also before the sub-command)",
        {EVERY: ""},
        action="store_true",
        default=argparse.SUPPRESS,
    ),
    Option(
        "themes",
        ("--themes",),
        "theme lexicon (TOML), or 'none' for no lexicon (discovered themes only)",
        {
            "themes": "default: PATH/themes.toml when present",
            "digest": "default: PATH/themes.toml when present",
            "assign": "here: check that the model was fitted with this lexicon ('none': without one)",
        },
        metavar="FILE|none",
        check=check_themes,
    ),
    Option(
        "no-themes",
        ("--no-themes",),
        "the same as --themes none",
        {"themes": "", "digest": "", "assign": ""},
        dest="themes",
        action="store_const",
        const="none",
    ),
    Option(
        "method",
        ("--method",),
        "the method of the job",
        {
            "summarize": "the ranking method (default: lexrank): see the list below",
            "themes": "the theme model (default: auto): see the list below",
            "digest": "the theme model (default: auto), as for 'nlptools themes'",
        },
        defaults={"summarize": "lexrank", "themes": "auto", "digest": "auto"},
        metavar="NAME",
    ),
    Option(
        "jobs",
        ("--jobs", "-j"),
        "worker processes for cleaning and placing articles, and threads for choosing k on the fit sample (-1: every core); the result is the same with any number",
        {"digest": "", "themes": "on more articles than --fit-size"},
        default=1,
        check=check_jobs,
        metavar="N",
    ),
    Option(
        "scheduler",
        ("--scheduler",),
        "run the workers on Dask: 'local' (a LocalCluster of --jobs processes) or a scheduler address"
        " (tcp://host:8786; needs pip install 'nlptools[dask]')",
        {"digest": "", "themes": "on more articles than --fit-size"},
        metavar="ADDRESS",
    ),
    Option(
        "fit-size",
        ("--fit-size",),
        "articles the themes are fitted on (a uniform sample); a larger corpus is streamed through the fitted"
        " themes in two passes at flat memory",
        {"digest": "default: 2000", "themes": "default: 2000 (a larger corpus is written article by article)"},
        default=2000,  # see nlptools.stream.DEFAULT_FIT_SIZE
        check=check_fit_size,
        metavar="N",
    ),
    Option(
        "k",
        ("--k",),
        "number of themes, or auto (default: auto)",
        {
            "themes": "auto: ensemble by silhouette x stability, other topic models by (1 + NPMI) / 2 x TD@10",
            "digest": "",
        },
        default="auto",
        metavar="N|auto",
        check=check_k,
    ),
    Option(
        "seed",
        ("--seed",),
        f"random seed, a whole number from 0 to {MAX_SEED} (default: 0); the same seed gives the same output",
        {"summarize": "used by --method random", "themes": "", "digest": ""},
        default=0,
        metavar="N",
        check=check_seed,
    ),
    Option(
        "words",
        ("--words",),
        "length as a word budget",
        {"summarize": "of each summary", "digest": "about N words a theme (default: 120)"},
        defaults={"digest": 120},
        metavar="N",
        check=check_words,
    ),
    Option(
        "format",
        ("--format",),
        "output format: auto (the default) is readable on a terminal and JSON when piped or redirected; "
        "json (alias jsonl) or text (alias md) asks for one",
        {
            "sentences": "JSON Lines: one object per sentence",
            "summarize": "JSON Lines: one object per document (one in all with --together)",
            "themes": "JSON: one document; text: Markdown",
            "assign": "as for 'nlptools themes'",
        },
        default="auto",
        metavar="auto|json|text",
        check=check_format,
    ),
    Option(
        "out",
        ("--out",),
        "where the outputs go",
        {
            "digest": "the output folder (default: a new folder under runs/)",
            "run": "the parent folder of the run folder (default: runs)",
        },
        defaults={"run": "runs"},
        metavar="DIR",
    ),
    Option(
        "force",
        ("--force",),
        "replace earlier outputs",
        {"digest": "an earlier digest in --out DIR", "themes": "with --save-model: a theme model already in DIR"},
        action="store_true",
        default=False,
    ),
    Option(
        "follow-links",
        ("--follow-links",),
        "also read files and folders that symbolic links lead to outside the input folder "
        "(by default such links are skipped with a warning)",
        {c: "" for c in _READING},
        action="store_true",
        default=False,
        group="input folders",
    ),
    Option(
        "text-field",
        ("--text-field",),
        "field/column holding the text (default: text)",
        {c: "" for c in _READING},
        default="text",
        metavar="NAME",
        group=_RECORDS,
    ),
    Option(
        "id-field",
        ("--id-field",),
        "field/column holding the id (default: id)",
        {c: "" for c in _READING},
        default="id",
        metavar="NAME",
        group=_RECORDS,
    ),
    Option(
        "title-field",
        ("--title-field",),
        "field/column holding the title (default: title)",
        {c: "" for c in _READING},
        default="title",
        metavar="NAME",
        group=_RECORDS,
    ),
    Option(
        "date-field",
        ("--date-field",),
        "field/column holding the date (default: date)",
        {c: "" for c in _READING},
        default="date",
        metavar="NAME",
        group=_RECORDS,
    ),
    Option(
        "columns",
        ("--columns",),
        "column names of a CSV without a header row (e.g. label,title,text for AG News)",
        {c: "" for c in _READING},
        metavar="A,B,...",
        group=_RECORDS,
    ),
    Option(
        "period",
        ("--period",),
        "period of the theme shares: auto (weeks up to about two months of dates, else months), day, week, "
        "month or year (default: auto)",
        {"themes": "", "digest": ""},
        default="auto",
        metavar="P",
        check=check_period,
        group=_TRENDS,
    ),
    Option(
        "compare",
        ("--compare",),
        "the two windows of 'rose and fell': a date (before it / from it on) or START..END,START..END "
        "(default: the first and second half of the dated range)",
        {"themes": "", "digest": ""},
        metavar="WHEN",
        check=check_compare,
        group=_TRENDS,
    ),
)

_BY_KEY = {o.key: o for o in OPTIONS}
#: The record-file and input-folder options, in the order ``--help`` lists them.
CORPUS_OPTIONS = ("follow-links", "text-field", "id-field", "title-field", "date-field", "columns")


def option(key: str) -> Option:
    """The table's row ``key``."""
    return _BY_KEY[key]


def options_of(command: str) -> list[Option]:
    """The table's rows that ``command`` takes."""
    return [o for o in OPTIONS if o.takes(command)]


# --------------------------------------------------------------------------- registering and checking


def _command_of(parser: argparse.ArgumentParser) -> str:
    return parser.prog.split()[-1]


def _as_argparse_type(check: Callable[[str], Any]) -> Callable[[str], Any]:
    def convert(value: str) -> Any:
        try:
            return check(value)
        except ParameterError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    convert.__name__ = check.__name__
    return convert


def add_option(container: Any, key: str, command: str) -> argparse.Action:
    """Add the table's option ``key`` to ``container`` (a parser or one of its groups) for ``command``.

    Raises
    ------
    KeyError
        When the table has no such option, or does not list ``command`` for it
        (a programming error: add the sub-command to the row).
    """
    opt = _BY_KEY[key]
    if not opt.takes(command):
        raise KeyError(f"the options table does not list {command!r} for {key!r}: add it to the row")
    kwargs: dict[str, Any] = {"help": opt.help_for(command), "dest": opt.attribute}
    if opt.action == "store":
        kwargs.update(default=opt.default_for(command), metavar=opt.metavar)
        if opt.check is not None and command not in CHECKED_BEFORE_WORK:
            kwargs["type"] = _as_argparse_type(opt.check)
    elif opt.action == "store_const":
        kwargs.update(action="store_const", const=opt.const)
    else:
        kwargs.update(action=opt.action, default=opt.default_for(command))
    action = container.add_argument(*opt.flags, **kwargs)
    action._nlptools_option = key  # type: ignore[attr-defined]
    return action


def _group(parser: argparse.ArgumentParser, title: str) -> Any:
    for g in parser._action_groups:
        if g.title == title:
            return g
    return parser.add_argument_group(title)


def add_options(parser: argparse.ArgumentParser, *keys: str) -> None:
    """Add the table's options ``keys`` to a sub-command's parser (its command is the parser's name).

    Options with a ``group`` are listed under that heading in ``--help``.
    """
    command = _command_of(parser)
    for key in keys:
        opt = _BY_KEY[key]
        add_option(_group(parser, opt.group) if opt.group else parser, key, command)


def check_values(args: argparse.Namespace) -> None:
    """In :data:`CHECKED_BEFORE_WORK` sub-commands, check and convert the shared options' values.

    Raises
    ------
    ParameterError
        Naming the option and what would be right.
    """
    command = getattr(args, "command", None)
    if command not in CHECKED_BEFORE_WORK:
        return
    for opt in options_of(command):
        if opt.check is None or opt.action != "store":
            continue
        value = getattr(args, opt.attribute, None)
        if isinstance(value, str):
            setattr(args, opt.attribute, opt.check(value))


def output_format(value: str, stream: TextIO | None = None) -> str:
    """``"json"`` or ``"text"``: what ``--format value`` means for output to ``stream`` (default stdout).

    ``auto`` is ``text`` when the stream is a terminal and ``json`` otherwise.
    """
    fmt = FORMATS[check_format(value)]
    if fmt != "auto":
        return fmt
    stream = sys.stdout if stream is None else stream
    try:
        tty = bool(stream.isatty())
    except (AttributeError, ValueError):
        tty = False
    return "text" if tty else "json"
