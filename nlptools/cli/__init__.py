"""The ``nlptools`` command: thin sub-commands over the library.

Each sub-command lives in a module of this package that defines
``register(subparsers)`` (adding its parser, with ``func`` set to the function
that runs it). Errors nlptools raises on purpose and usage errors (a bad
option value, a missing argument) alike become one line on stderr
(``nlptools: error: ...``) and exit status 1; anything else is a bug and
keeps its traceback. Ranges shared by every sub-command (``--seed``,
``NLPTOOLS_THREADS``) are checked once, before any work.

Options shared by sub-commands are defined once, in the table of
:mod:`nlptools.cli.options`; ``-q``/``-v`` are taken before or after the
sub-command's name.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import re
import sys
from collections.abc import Sequence
from typing import NoReturn

from .. import __version__
from .._threads import pinned_threads
from ..errors import NlptoolsError, ParameterError
from .options import MAX_SEED, add_options, check_values, option

__all__ = ["main", "build_parser", "MAX_SEED"]

_ARGUMENT = re.compile(r"^argument ([^:]+): (.*)$", re.S)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line and exit status 1, like every other error."""

    def error(self, message: str) -> NoReturn:
        m = _ARGUMENT.match(message)
        if m and m.group(2).startswith(m.group(1).split("/")[0]):
            message = m.group(2)  # "argument --words: --words must be ..." says the option once
        message = " ".join(message.split())
        self.exit(1, f"nlptools: error: {message} (see: {self.prog} --help)\n")


class _OneLineFormatter(logging.Formatter):
    """``nlptools: level: message`` on one line, with no control character (file names are untrusted)."""

    def format(self, record: logging.LogRecord) -> str:
        from ..io.decode import clean_field

        msg = clean_field(record.getMessage())
        return f"nlptools: {record.levelname.lower()}: {msg}"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command registered."""
    parser = _Parser(
        prog="nlptools",
        description="Topic modelling and extractive summarisation for news corpora.",
    )
    parser.add_argument("--version", action="version", version=f"nlptools {__version__}")
    for key in ("quiet", "verbose"):  # the table's spelling and help; here with a real default
        parser.add_argument(*option(key).flags, action="store_true", default=False, help=option(key).help)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(sub)
    for command in sub.choices.values():
        add_options(command, "quiet", "verbose")  # `nlptools themes PATH -q` as well as `nlptools -q themes PATH`
    return parser


def _remove_cli_handlers() -> None:
    for name in ("nlptools", "py.warnings"):
        log = logging.getLogger(name)
        for h in list(log.handlers):
            if getattr(h, "_nlptools_cli", False):
                log.removeHandler(h)


def _setup_logging(quiet: bool, verbose: bool) -> None:
    root = logging.getLogger("nlptools")
    _remove_cli_handlers()
    handler = logging.StreamHandler(sys.stderr)
    handler._nlptools_cli = True  # type: ignore[attr-defined]
    handler.setFormatter(_OneLineFormatter())
    root.addHandler(handler)
    root.setLevel(logging.ERROR if quiet else logging.INFO if verbose else logging.WARNING)
    logging.captureWarnings(True)
    pyw = logging.getLogger("py.warnings")
    pyw.addHandler(handler)
    pyw.setLevel(logging.ERROR if quiet else logging.WARNING)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    level = logging.getLogger("nlptools").level
    _setup_logging(args.quiet, args.verbose)
    try:
        return _dispatch(args)
    finally:
        # the handler writes to this call's stderr: leave nothing behind for later calls (tests, notebooks)
        logging.captureWarnings(False)
        _remove_cli_handlers()
        logging.getLogger("nlptools").setLevel(level)


def _check_seed(args: argparse.Namespace) -> None:
    """``--seed``, when the sub-command takes one, is a whole number from 0 to :data:`MAX_SEED`."""
    seed = getattr(args, "seed", None)
    if seed is None:
        return
    if isinstance(seed, str):
        text = seed.strip()
        if not re.fullmatch(r"[+-]?[0-9]{1,20}", text):
            raise ParameterError(f"--seed: expected a whole number from 0 to {MAX_SEED}, got {seed[:30]!r}")
        seed = int(text)
    if not 0 <= seed <= MAX_SEED:
        raise ParameterError(f"--seed: expected a whole number from 0 to {MAX_SEED} (2**32 - 1), got {seed}")


def _dispatch(args: argparse.Namespace) -> int:
    try:
        check_values(args)
        _check_seed(args)
        with pinned_threads():  # BLAS/OpenMP on NLPTOOLS_THREADS threads (default 1): same numbers on any machine
            status = args.func(args)
    except NlptoolsError as exc:
        print(f"nlptools: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("nlptools: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (``| head``): not an error of ours; drop stdout so that
        # the interpreter's last flush does not fail on the closed pipe again
        sys.stdout = None  # type: ignore[assignment]
        return 0
    return int(status or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
