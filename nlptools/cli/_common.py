"""Options and helpers shared by sub-commands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..corpus import Corpus
from ..errors import OutputError

__all__ = ["add_corpus_options", "load_corpus", "clean_documents", "default_seeds", "print_out"]


def default_seeds() -> Path:
    """The bundled seed corpus: ``seeds/`` at the project root."""
    return Path(__file__).resolve().parents[2] / "seeds"


def add_corpus_options(parser: argparse.ArgumentParser) -> None:
    """``--follow-links``, and ``--text-field`` and friends for JSON Lines and CSV input."""
    links = parser.add_argument_group("input folders")
    links.add_argument(
        "--follow-links",
        action="store_true",
        help="also read files and folders that symbolic links lead to outside the input folder "
        "(by default such links are skipped with a warning)",
    )
    g = parser.add_argument_group("record files (.jsonl, .csv)")
    g.add_argument("--text-field", default="text", metavar="NAME", help="field/column holding the text (default: text)")
    g.add_argument("--id-field", default="id", metavar="NAME", help="field/column holding the id (default: id)")
    g.add_argument("--title-field", default="title", metavar="NAME", help="field/column holding the title")
    g.add_argument("--date-field", default="date", metavar="NAME", help="field/column holding the date")
    g.add_argument(
        "--columns",
        default=None,
        metavar="A,B,...",
        help="column names of a CSV without a header row (e.g. label,title,text for AG News)",
    )


def load_corpus(path: str | Path, args: argparse.Namespace) -> Corpus:
    """A corpus from ``path`` with the record options of ``args``."""
    return Corpus.from_path(
        path,
        text_field=args.text_field,
        id_field=args.id_field,
        title_field=args.title_field,
        date_field=args.date_field,
        columns=args.columns.split(",") if getattr(args, "columns", None) else None,
        follow_links=bool(getattr(args, "follow_links", False)),
    )


def clean_documents(path: str | Path, args: argparse.Namespace, *, deduplicate: bool = False) -> list:
    """The clean documents under ``path``; with ``deduplicate``, each repeated article once.

    A duplicate or near-duplicate article (see :mod:`nlptools.duplicates`) is
    left out with a warning naming it and the earlier article it repeats, so
    that jobs which count articles (themes, digests, one summary of many
    articles) count it once.
    """
    from ..cleaning import clean_corpus

    docs = list(clean_corpus(load_corpus(path, args)))
    if deduplicate:
        from ..duplicates import deduplicate as drop_repeats

        docs = drop_repeats(docs)
    return docs


def print_out(text: str) -> None:
    """Write to stdout, flushing (a closed pipe is handled by ``main``).

    Raises
    ------
    OutputError
        When stdout cannot take the text (a full disk behind a redirection).
    """
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(f"standard output: cannot be written ({exc.strerror or exc})") from exc
