"""``nlptools themes PATH``: the themes of a corpus, per article and per sentence."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from ..errors import ParameterError
from ..topics.registry import TABLE, topic_method
from ._common import add_corpus_options, clean_documents, print_out

logger = logging.getLogger(__name__)

LEXICON_NAME = "themes.toml"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "themes",
        help="find the themes of a corpus and which article and sentence speaks to which",
        description=(
            "Clean the articles in PATH, fit a topic model on their paragraphs and report themes: name, top "
            "terms, weight, documents with weights; then per document its theme weights and each sentence's "
            "theme (or null) with start/end offsets as in 'nlptools sentences'. With a lexicon (--themes, or a "
            f"{LEXICON_NAME} inside the PATH folder) the themes are named and, with a guided --method, guided by "
            "seed words."
        ),
    )
    p.add_argument("path", metavar="PATH", help="a folder of articles or one file")
    p.add_argument(
        "--themes",
        metavar="FILE",
        help=f"theme lexicon (TOML); default: PATH/{LEXICON_NAME} if present; 'none' for no lexicon",
    )
    p.add_argument(
        "--method",
        default="lda",
        metavar="NAME",
        help="topic model: "
        + ", ".join(f"{m.name} ({m.summary}{'; guided by the lexicon' if m.guided else ''})" for m in TABLE)
        + " (default: lda)",
    )
    p.add_argument(
        "--k",
        default="auto",
        metavar="N|auto",
        help="number of themes, or auto: sweep k and keep the best NPMI x TD@10 (default: auto)",
    )
    p.add_argument("--seed", default="0", metavar="N", help="random seed (default: 0)")
    p.add_argument(
        "--unit",
        default="paragraph",
        metavar="UNIT",
        help="passage the model is fitted on: paragraph or sentence (default: paragraph); every "
        "sentence still gets its own theme",
    )
    p.add_argument(
        "--threshold",
        default=None,
        metavar="W",
        help="least weight for a sentence to get a theme (default: max(0.5, 1.5/k))",
    )
    p.add_argument("--format", default="json", metavar="FMT", help="json or md (default: json)")
    add_corpus_options(p)
    p.set_defaults(func=run)


def _int_option(name: str, value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ParameterError(f"--{name}: expected an integer, got {value!r}") from None


def run(args: argparse.Namespace) -> int:
    from ..outputs import dumps_json
    from ..themes import find_themes, load_lexicon

    topic_method(args.method, option="--method")
    if args.format not in ("json", "md"):
        raise ParameterError(f"--format: {args.format!r} is not json or md")
    if args.unit not in ("sentence", "paragraph"):
        raise ParameterError(f"--unit: {args.unit!r} is not sentence or paragraph")
    k: int | str = "auto" if args.k == "auto" else _int_option("k", args.k)
    if isinstance(k, int) and k < 1:
        raise ParameterError(f"--k: must be a positive integer or auto, got {args.k!r}")
    seed = _int_option("seed", args.seed)
    threshold = None
    if args.threshold is not None:
        try:
            threshold = float(args.threshold)
        except ValueError:
            raise ParameterError(f"--threshold: expected a number in [0, 1], got {args.threshold!r}") from None

    lexicon = None
    if args.themes is not None and args.themes.lower() != "none":
        lexicon = load_lexicon(args.themes)
    elif args.themes is None and Path(args.path).is_dir() and (Path(args.path) / LEXICON_NAME).is_file():
        lexicon = load_lexicon(Path(args.path) / LEXICON_NAME)
        logger.info("using the lexicon %s", Path(args.path) / LEXICON_NAME)

    docs = clean_documents(args.path, args, deduplicate=True)  # a repeated article counts once
    result = find_themes(
        docs, lexicon=lexicon, method=args.method, k=k, unit=args.unit, random_state=seed, threshold=threshold
    )
    if args.format == "json":
        print_out(dumps_json(result.to_dict()))
    else:
        print_out(result.to_markdown({d.id: d.text for d in docs}))
    return 0
