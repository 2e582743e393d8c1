"""Inputs of an experiment: the ``[corpus]`` (the files, a subset, their labels), files named by a config."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ...corpus import RECORD_SUFFIXES, Corpus
from ...errors import EmptyCorpusError, InputError
from ..config import CorpusSettings, Experiment

logger = logging.getLogger(__name__)

__all__ = ["load_articles", "folder_label", "config_file"]


def config_file(exp: Experiment, value: str, key: str) -> Path:
    """The file a config names at ``key`` (relative to the config file), checked to exist.

    Raises
    ------
    InputError
        ``"<config>: <key> = '<value>': <path> is not a file"``.
    """
    base = exp.source.parent if exp.source else Path.cwd()
    p = Path(os.path.expanduser(value))
    p = Path(os.path.normpath(p if p.is_absolute() else base / p))
    if not p.is_file():
        raise InputError(f"{exp.where}: {key} = {value!r}: {p} is not a file")
    return p


def folder_label(doc_id: str) -> str | None:
    """A document's label: the top-level folder of its id (``sport/001`` -> ``sport``), or None."""
    head, sep, _ = doc_id.partition("/")
    return head if sep else None


def _subset(paths: list[Path], root: Path, s: CorpusSettings) -> list[Path]:
    rel = {p: p.relative_to(root).as_posix() for p in paths}
    ordered = sorted(paths, key=lambda p: rel[p])
    if s.per_label:
        taken: dict[str | None, int] = {}
        kept = []
        for p in ordered:
            label = folder_label(rel[p])
            if taken.get(label, 0) < s.per_label:
                taken[label] = taken.get(label, 0) + 1
                kept.append(p)
        ordered = kept
    if s.limit:
        ordered = ordered[: s.limit]
    return ordered


def load_articles(exp: Experiment, ctx, section: str = "corpus") -> tuple[Corpus, Callable[[str], str | None]]:
    """The corpus of ``[section]``, subset as configured, its files recorded as run inputs.

    Parameters
    ----------
    exp : Experiment
    ctx : RunContext
    section : str, default="corpus"

    Returns
    -------
    corpus : Corpus
        Files sorted by relative path (so runs do not depend on the file
        system's listing order), first ``per_label`` of each label, then the
        first ``limit``.
    label_of : callable
        Document id -> label (its top-level folder) or None.
    """
    s: CorpusSettings = exp[section]
    root = exp.resolve_input(section)
    fields: dict[str, Any] = dict(
        text_field=s.text_field, id_field=s.id_field, title_field=s.title_field, date_field=s.date_field
    )
    corpus = Corpus.from_path(root, suffixes=s.suffixes or None, **fields)
    records = any(p.suffix.lower() in RECORD_SUFFIXES for p in corpus.sources)
    base = root if root.is_dir() else root.parent
    if records:
        ctx.add_inputs(corpus.sources)
        docs = list(corpus)
        if s.limit:
            docs = docs[: s.limit]
        corpus = Corpus.from_documents(docs)
    else:
        chosen = _subset(list(corpus.sources), base, s)
        corpus = Corpus(chosen, root=base, **fields)
        ctx.add_inputs(chosen)
    if len(corpus) == 0:
        raise EmptyCorpusError(f"{exp.where}: {section}: no document selected from {root}")
    logger.info("corpus %s: %d documents", root, len(corpus))
    if s.labels == "none":
        return corpus, lambda doc_id: None
    return corpus, folder_label
