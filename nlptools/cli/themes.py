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
            "Clean the articles in PATH and report their themes: name, description, top terms, weight, "
            "documents with weights; then per document its theme weights and each sentence's theme (or null) "
            "with start/end offsets as in 'nlptools sentences'. With a lexicon (--themes, or a "
            f"{LEXICON_NAME} inside the PATH folder) the themes are the lexicon's, placed by meaning (semantic "
            "similarity, seed words, self-training on the corpus); without one they are discovered (a "
            "consensus of k-means and NMF over TF-IDF and static embeddings)."
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
        default="auto",
        metavar="NAME",
        help="auto (semantic with a lexicon, ensemble without), semantic (named themes by meaning), or a topic "
        "model: "
        + ", ".join(f"{m.name} ({m.summary}{'; guided by the lexicon' if m.guided else ''})" for m in TABLE)
        + " (default: auto)",
    )
    p.add_argument(
        "--k",
        default="auto",
        metavar="N|auto",
        help="number of discovered themes, or auto: ensemble by silhouette x stability, other topic models by "
        "(1 + NPMI) / 2 x TD@10 (default: auto)",
    )
    p.add_argument(
        "--stability",
        default="0",
        metavar="N",
        help="refit with N other seeds: each theme's stability and each article's agreement (default: 0)",
    )
    p.add_argument("--seed", default="0", metavar="N", help="random seed (default: 0)")
    p.add_argument(
        "--unit",
        default=None,
        metavar="UNIT",
        help="passage a topic model is fitted on: document, paragraph or sentence (default: documents for "
        "ensemble from 20 articles, else paragraphs); every sentence still gets its own theme",
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

    method = None if args.method == "auto" else args.method
    if method not in (None, "semantic"):
        topic_method(args.method, option="--method")
    if args.format not in ("json", "md"):
        raise ParameterError(f"--format: {args.format!r} is not json or md")
    if args.unit not in (None, "document", "sentence", "paragraph"):
        raise ParameterError(f"--unit: {args.unit!r} is not document, paragraph or sentence")
    stability = _int_option("stability", args.stability)
    if not 0 <= stability <= 50:
        raise ParameterError(f"--stability: must be from 0 to 50 refits, got {stability}")
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
    if method == "semantic" and lexicon is None:
        raise ParameterError("--method: semantic names the themes of a lexicon: give one with --themes FILE")
    result = find_themes(
        docs,
        lexicon=lexicon,
        method=method,
        k=k,
        unit=args.unit,
        random_state=seed,
        threshold=threshold,
        stability=stability,
    )
    if args.format == "json":
        print_out(dumps_json(result.to_dict()))
    else:
        print_out(result.to_markdown({d.id: d.text for d in docs}))
    return 0
