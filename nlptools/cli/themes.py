"""``nlptools themes PATH``: the themes of a corpus, per article and per sentence."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import Any

from ..errors import ParameterError
from ..topics.registry import TABLE, topic_method
from . import _progress
from ._common import add_corpus_options, clean_documents, load_corpus, print_out
from ._trends import add_trend_options, check_trend_options, trends_of
from .options import add_options, output_format

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
    add_options(p, "themes", "no-themes", "method", "k", "jobs", "scheduler", "fit-size")
    p.epilog = (
        "theme models (--method): auto (semantic with a lexicon, ensemble without), semantic (named themes by "
        "meaning), or a topic model: "
        + ", ".join(f"{m.name} ({m.summary}{'; guided by the lexicon' if m.guided else ''})" for m in TABLE)
    )
    p.add_argument(
        "--stability",
        default="0",
        metavar="N",
        help="refit with N other seeds: each theme's stability and each article's agreement (default: 0)",
    )
    add_options(p, "seed")
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
    add_options(p, "format")
    p.add_argument(
        "--save-model",
        default=None,
        metavar="DIR",
        help="also save the fitted theme model to DIR (a new or empty folder), to place new articles later "
        "with 'nlptools assign PATH --model DIR' (semantic and ensemble methods)",
    )
    add_options(p, "force")
    add_trend_options(p)
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
    fmt = output_format(args.format)  # json when piped, Markdown on a terminal
    if args.unit not in (None, "document", "sentence", "paragraph"):
        raise ParameterError(f"--unit: {args.unit!r} is not document, paragraph or sentence")
    stability = _int_option("stability", args.stability)
    if not 0 <= stability <= 50:
        raise ParameterError(f"--stability: must be from 0 to 50 refits, got {stability}")
    k: int | str = "auto" if args.k == "auto" else _int_option("k", args.k)
    if isinstance(k, int) and k < 1:
        raise ParameterError(f"--k: must be a positive integer or auto, got {args.k!r}")
    seed = _int_option("seed", args.seed)
    check_trend_options(args)
    threshold = None
    if args.threshold is not None:
        try:
            threshold = float(args.threshold)
        except ValueError:
            raise ParameterError(f"--threshold: expected a number in [0, 1], got {args.threshold!r}") from None

    if args.save_model is not None:
        from ..themes.model import SAVABLE_METHODS, check_model_folder

        if method not in (None, *SAVABLE_METHODS):
            raise ParameterError(
                f"--save-model: saving is supported for the semantic and ensemble methods, not {method}"
            )
        check_model_folder(Path(args.save_model), overwrite=args.force)

    lexicon = None
    if args.themes is not None and args.themes.lower() != "none":
        lexicon = load_lexicon(args.themes)
    elif args.themes is None and Path(args.path).is_dir() and (Path(args.path) / LEXICON_NAME).is_file():
        lexicon = load_lexicon(Path(args.path) / LEXICON_NAME)
        logger.info("using the lexicon %s", Path(args.path) / LEXICON_NAME)

    if method == "semantic" and lexicon is None:
        raise ParameterError("--method: semantic names the themes of a lexicon: give one with --themes FILE")
    corpus = load_corpus(args.path, args)
    if len(corpus) > args.fit_size:
        return _streamed(corpus, lexicon, method, k, seed, threshold, stability, fmt, args)
    docs = clean_documents(args.path, args, deduplicate=True)  # a repeated article counts once
    with _progress.step("finding themes", show=_progress.enabled(args)):
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
    if args.save_model is not None:
        result.theme_model().save(args.save_model, overwrite=args.force)
    trends, sources = trends_of(result, docs, args)
    if fmt == "json":
        data = result.to_dict()
        data["trends"] = None if trends is None else trends.to_dict()  # null: fewer than 2 dated articles
        data["sources"] = None if sources is None else sources.to_dict()  # null: fewer than 2 with a known outlet
        print_out(dumps_json(data))
    else:
        extra = "".join("\n" + x.to_markdown() for x in (trends, sources) if x is not None)
        print_out(result.to_markdown({d.id: d.text for d in docs}) + extra)
    return 0


def _streamed(
    corpus: Any,
    lexicon: Any,
    method: str | None,
    k: int | str,
    seed: int,
    threshold: float | None,
    stability: int,
    fmt: str,
    args: argparse.Namespace,
) -> int:
    """More articles than --fit-size: themes fitted on a sample, every article written as it is placed."""
    from ..stream import stream_themes

    def write(text: str) -> None:
        print_out(text)

    params: dict[str, Any] = {"unit": args.unit, "threshold": threshold, "stability": stability}
    with _progress.step("finding themes", show=_progress.enabled(args)):
        fitted, _ = stream_themes(
            corpus,
            write,
            lexicon=lexicon,
            method=method,
            k=k,
            random_state=seed,
            jobs=args.jobs,
            scheduler=args.scheduler,
            fit_size=args.fit_size,
            fmt=fmt,
            theme_params=params,
        )
    if args.save_model is not None:
        fitted.theme_model().save(args.save_model, overwrite=args.force)
    return 0
