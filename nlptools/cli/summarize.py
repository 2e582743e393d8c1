"""``nlptools summarize PATH``: extractive summaries of articles, with offsets and scores."""

from __future__ import annotations

import argparse
import json
import logging

from ..errors import EmptyCorpusError
from ._common import add_corpus_options, cleaned, load_corpus, print_out
from .options import add_option, add_options, output_format

logger = logging.getLogger(__name__)

_DEFAULT_SENTENCES = 3
#: Articles summarised per batch by the per-document mode (memory stays bounded, output streams).
_BATCH = 256


def _positive_int(option: str):
    def parse(value: str) -> int:
        try:
            n = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{option} must be a positive integer, got {value!r}") from None
        if n < 1:
            raise argparse.ArgumentTypeError(f"{option} must be a positive integer, got {value!r}")
        return n

    return parse


def _ratio(value: str) -> float:
    try:
        r = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--ratio must be a number in (0, 1], got {value!r}") from None
    if not 0 < r <= 1:
        raise argparse.ArgumentTypeError(f"--ratio must be a number in (0, 1], got {value!r}")
    return r


def _threshold(value: str) -> float:
    try:
        r = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--redundancy must be a number in [0, 1], got {value!r}") from None
    if not 0 <= r <= 1:
        raise argparse.ArgumentTypeError(f"--redundancy must be a number in [0, 1], got {value!r}")
    return r


def register(sub: argparse._SubParsersAction) -> None:
    from ..summarize.registry import method_names

    p = sub.add_parser(
        "summarize",
        help="extractive summaries of articles (each, or all together), with offsets and scores",
        description=(
            "Clean the articles under PATH (a folder or a .txt/.md/.html/.jsonl/.csv file) and summarise "
            "each one with sentences of its own, in document order. With --together, all articles are "
            "summarised as one set (a multi-document summary), near-duplicates across articles removed. "
            "Text on a terminal, JSON Lines when piped (--format). JSON Lines: one object per document with 'document' and 'sentences' [{text, start, end, score}] "
            "(start/end index the document's decoded source text); with --together one object whose "
            "sentences also carry 'document'."
        ),
    )
    p.add_argument("path", metavar="PATH", help="a folder of articles or one file")
    add_options(p, "method")
    p.epilog = f"ranking methods (--method): {', '.join(method_names())}"
    length = p.add_mutually_exclusive_group()
    length.add_argument(
        "--sentences",
        type=_positive_int("--sentences"),
        metavar="N",
        help=f"summary length in sentences (default: {_DEFAULT_SENTENCES})",
    )
    add_option(length, "words", "summarize")
    length.add_argument(
        "--ratio", type=_ratio, metavar="R", help="summary length as a fraction of the sentences, in (0, 1]"
    )
    p.add_argument("--together", action="store_true", help="summarise all documents under PATH as one set")
    p.add_argument(
        "--redundancy",
        type=_threshold,
        default=None,
        metavar="T",
        help="skip a sentence whose similarity to a chosen one reaches T; 0 turns the check off (default: 0.6)",
    )
    add_options(p, "seed", "format")
    add_corpus_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..summarize import DEFAULT_REDUNDANCY, get_ranker, summarize_many, summarize_sentences

    ranker = get_ranker(args.method, random_state=args.seed)  # an unknown name fails before any reading
    n_sentences = args.sentences
    if n_sentences is None and args.words is None and args.ratio is None:
        n_sentences = _DEFAULT_SENTENCES
    redundancy = DEFAULT_REDUNDANCY if args.redundancy is None else (args.redundancy or None)
    corpus = load_corpus(args.path, args)
    fmt = output_format(args.format)
    length = {"n_sentences": n_sentences, "words": args.words, "ratio": args.ratio}

    if args.together:
        from ..duplicates import deduplicate

        docs = deduplicate(cleaned(corpus, args))  # a repeated article counts once
        if not docs:
            raise EmptyCorpusError(f"{args.path}: no documents to summarise")
        pool = [s for d in docs for s in d.body]
        if not pool:
            raise EmptyCorpusError(f"{args.path}: no sentences left after cleaning")
        summary = summarize_sentences(pool, method=ranker, redundancy=redundancy, random_state=args.seed, **length)
        if fmt == "json":
            print_out(json.dumps({"sentences": summary.to_dicts(document=True)}, ensure_ascii=False) + "\n")
        else:
            titles = {d.id: d.title or d.id for d in docs}
            lines = [f"# summary of {len(docs)} documents ({summary.method})"]
            lines += [f"- {s.text} [{titles[s.document]}]" for s in summary]
            print_out("\n".join(lines) + "\n")
        return 0

    def flush(batch: list) -> None:
        # a batch of articles is summarised in one call (shared features, stacked graph solves);
        # each article is still summarised on its own, and printed in corpus order
        summaries = summarize_many(
            [d.sentences for d in batch], method=ranker, redundancy=redundancy, random_state=args.seed, **length
        )
        for doc, summary in zip(batch, summaries):
            if fmt == "json":
                record = {"document": doc.id, "sentences": summary.to_dicts(document=False)}
                print_out(json.dumps(record, ensure_ascii=False) + "\n")
            else:
                head = f"# {doc.id}" + (f": {doc.title}" if doc.title else "")
                print_out(head + "\n" + "\n".join(summary.texts) + "\n\n")
        batch.clear()

    n_docs = 0
    batch: list = []
    for doc in cleaned(corpus, args, streaming=True):
        n_docs += 1
        if not doc.body:
            logger.warning("%s: no sentences left after cleaning; skipped", doc.id)
            continue
        batch.append(doc)
        if len(batch) >= _BATCH:
            flush(batch)
    flush(batch)
    if n_docs == 0:
        raise EmptyCorpusError(f"{args.path}: no documents to summarise")
    return 0
