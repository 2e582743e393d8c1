"""``nlptools assign PATH --model DIR``: place new articles in the themes of a saved theme model."""

from __future__ import annotations

import argparse
import logging

from ._common import add_corpus_options, clean_documents, print_out
from .options import add_options, output_format

logger = logging.getLogger(__name__)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "assign",
        help="place new articles in the themes of a model saved by 'nlptools themes --save-model'",
        description=(
            "Clean the articles in PATH and place them in the themes of the theme model in DIR (saved by "
            "'nlptools themes PATH --save-model DIR'): the same JSON or Markdown as 'nlptools themes', with the "
            "model's themes and the new articles' weights and sentence themes. An article the model was fitted "
            "on gets the answer the fit gave it. The model folder is checked (format version, SHA-256 of every "
            "file, the lexicon, the embedder) and refused with one line if anything differs."
        ),
    )
    p.add_argument("path", metavar="PATH", help="a folder of articles or one file")
    p.add_argument("--model", required=True, metavar="DIR", help="the theme model folder")
    add_options(p, "themes", "no-themes", "format")
    add_corpus_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..errors import ConfigError
    from ..outputs import dumps_json
    from ..themes import ThemeModel

    fmt = output_format(args.format)
    lexicon = None
    if args.themes is not None and args.themes.lower() != "none":
        from ..themes import load_lexicon

        lexicon = load_lexicon(args.themes)
    model = ThemeModel.load(args.model, lexicon=lexicon)
    if args.themes is not None and args.themes.lower() == "none" and model.meta.get("lexicon") is not None:
        raise ConfigError(f"{args.model}: the model was fitted with a lexicon (--themes none asks for none)")
    docs = clean_documents(args.path, args, deduplicate=True)  # a repeated article counts once
    result = model.transform(docs)
    if fmt == "json":
        print_out(dumps_json(result.to_dict()))
    else:
        print_out(result.to_markdown({d.id: d.text for d in docs}))
    return 0
