"""``nlptools sentences PATH``: the clean sentences of every article, with offsets."""

from __future__ import annotations

import argparse
import json

from ._common import add_corpus_options, cleaned, load_corpus, print_out
from .options import add_options, output_format


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "sentences",
        help="clean articles and print their sentences with character offsets",
        description=(
            "Load articles from PATH (a folder or a .txt/.md/.html/.jsonl/.csv file), remove news furniture "
            "and print each kept sentence: as text on a terminal, as JSON Lines when piped (--format): one object per "
            "sentence with document, index, start, end, text, heading; start/end index the document's decoded "
            "source text."
        ),
    )
    p.add_argument("path", metavar="PATH", help="a folder of articles or one file")
    add_options(p, "format")
    add_corpus_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    corpus = load_corpus(args.path, args)
    fmt = output_format(args.format)
    for doc in cleaned(corpus, args, streaming=True):
        lines = []
        if fmt == "text":
            lines.append(f"# {doc.id}" + (f" ({doc.date})" if doc.date else ""))
        for s in doc.sentences:
            if fmt == "json":
                lines.append(
                    json.dumps(
                        {
                            "document": s.document,
                            "index": s.index,
                            "start": s.start,
                            "end": s.end,
                            "text": s.text,
                            "heading": s.heading,
                        },
                        ensure_ascii=False,
                    )
                )
            else:
                lines.append(("## " if s.heading else "") + s.text)
        if fmt == "text":
            lines.append("")
        print_out("\n".join(lines) + "\n")
    return 0
