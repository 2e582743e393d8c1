"""Options and helpers shared by sub-commands."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

from ..corpus import RECORD_SUFFIXES, Corpus
from ..errors import OutputError
from . import _progress
from .options import CORPUS_OPTIONS, add_options

__all__ = ["add_corpus_options", "load_corpus", "cleaned", "clean_documents", "default_seeds", "print_out"]


def default_seeds() -> Path:
    """The bundled seed corpus: ``seeds/`` at the project root."""
    return Path(__file__).resolve().parents[2] / "seeds"


def add_corpus_options(parser: argparse.ArgumentParser) -> None:
    """``--follow-links``, and ``--text-field`` and friends for JSON Lines and CSV input (from the options table)."""
    add_options(parser, *CORPUS_OPTIONS)


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


def cleaned(corpus: Corpus, args: argparse.Namespace, *, streaming: bool = False) -> Iterator:
    """The clean documents of ``corpus``, lazily, with a progress bar on stderr on a terminal (not with -q).

    The bar counts files (articles) for folders of articles, records for
    record files (whose number is not known before reading them). With
    ``streaming`` (output printed as the documents come), the bar is shown
    only when stdout is not that terminal too (``> out.jsonl``), so that it
    never runs through the output.
    """
    from ..cleaning import clean_corpus

    records = any(p.suffix.lower() in RECORD_SUFFIXES for p in corpus.sources)
    total = None if records else len(corpus.sources) or None
    show = _progress.enabled(args) and not (streaming and _progress.is_terminal(sys.stdout))
    return _progress.track(clean_corpus(corpus), desc="cleaning", show=show, total=total, unit="doc")


def clean_documents(path: str | Path, args: argparse.Namespace, *, deduplicate: bool = False) -> list:
    """The clean documents under ``path``; with ``deduplicate``, each repeated article once.

    A duplicate or near-duplicate article (see :mod:`nlptools.duplicates`) is
    left out with a warning naming it and the earlier article it repeats, so
    that jobs which count articles (themes, digests, one summary of many
    articles) count it once.
    """
    docs = list(cleaned(load_corpus(path, args), args))
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
