"""``nlptools digest [PATH]``: themes and a digest per theme — the main job."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import OutputError
from ..topics.registry import topic_methods
from ._common import add_corpus_options, clean_documents, default_seeds, print_out

if TYPE_CHECKING:
    from ..digest import Digest


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "digest",
        help="find themes and write a short digest per theme (the main job)",
        description=(
            "Clean the articles under PATH (default: the bundled seeds/), find their themes (named by a lexicon "
            "when given) and write, per theme, a digest of the articles' own sentences, each citing its article "
            "and place. Writes digest.md (also printed) and digest.json, and digest.html with --html."
        ),
    )
    p.add_argument("path", nargs="?", default=None, metavar="PATH", help="folder or file of articles (default: seeds/)")
    p.add_argument("--themes", metavar="FILE", help="theme lexicon (TOML); default: PATH/themes.toml when present")
    p.add_argument(
        "--no-themes", action="store_true", help="ignore any lexicon: discovered themes only (= --themes none)"
    )
    p.add_argument("--words", type=int, default=120, metavar="N", help="about N words a theme (default: 120)")
    p.add_argument(
        "--method",
        default="auto",
        help="theme model: auto (semantic with a lexicon, ensemble without), semantic, or a topic model: "
        f"{', '.join(topic_methods())} (default: auto)",
    )
    p.add_argument("--k", default="auto", help="number of themes, or auto (default: auto)")
    p.add_argument("--summarizer", default="lexrank", metavar="NAME", help="summariser (default: lexrank)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    p.add_argument("--out", metavar="DIR", help="output folder (default: a new folder under runs/)")
    p.add_argument("--force", action="store_true", help="replace an earlier digest in --out DIR")
    p.add_argument("--html", action="store_true", help="also write digest.html, one self-contained page")
    add_corpus_options(p)
    p.set_defaults(func=run)


def _parse_k(value: str) -> int | str:
    from ..errors import ParameterError

    if value == "auto":
        return "auto"
    try:
        k = int(value)
    except ValueError:
        raise ParameterError(f"--k: {value!r} is not a whole number or 'auto'") from None
    if k < 1:
        raise ParameterError(f"--k: must be at least 1, got {k}")
    return k


def _check_output(args: argparse.Namespace) -> None:
    """Refuse early (before any work) to write into a folder holding an earlier digest."""
    if args.out is None:
        return
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise OutputError(f"--out {out}: exists and is not a folder")
    earlier = [n for n in ("digest.json", "digest.md", "digest.html") if (out / n).exists()]
    if earlier and not args.force:
        raise OutputError(
            f"--out {out}: holds an earlier digest ({', '.join(earlier)}); choose another folder, "
            "or pass --force to replace it"
        )


def run(args: argparse.Namespace) -> int:
    from ..outputs import check_writable, claim_folder, new_run_dir

    path = Path(args.path) if args.path else default_seeds()
    k = _parse_k(args.k)
    lexicon = None
    if args.themes is not None and args.themes.lower() == "none":
        args.no_themes = True
    if not args.no_themes:
        if args.themes:
            lexicon = args.themes
        else:
            candidate = (path if path.is_dir() else path.parent) / "themes.toml"
            if candidate.is_file():
                lexicon = str(candidate)
    _check_output(args)  # refuse before the work, so a refusal costs nothing
    if args.out is None:
        check_writable("runs", what="output folder")  # an unwritable runs/ is said before the work
        digest = _build(path, lexicon, k, args)
        return _write(digest, new_run_dir("runs", name="digest"), args)
    # --out: claimed (created, locked) before the work; a second digest into it meanwhile is an error,
    # and a failed run leaves no empty folder behind
    with claim_folder(args.out, what="--out") as out:
        _check_output(args)  # again, under the claim: a run that just ended may have written a digest
        digest = _build(path, lexicon, k, args)
        return _write(digest, out, args)


def _build(path: Path, lexicon: str | None, k: int | str, args: argparse.Namespace) -> Digest:
    from ..digest import build_digest

    docs = clean_documents(path, args, deduplicate=True)  # a repeated article counts once
    return build_digest(
        docs,
        lexicon=lexicon,
        method=None if args.method == "auto" else args.method,
        k=k,
        summarizer=args.summarizer,
        words=args.words,
        random_state=args.seed,
    )


def _write(digest: Digest, out: Path, args: argparse.Namespace) -> int:
    from ..report import write_digest

    written = write_digest(digest, out, html_page=args.html)
    print_out(digest.to_markdown())
    if not args.quiet:
        print(f"nlptools: wrote {', '.join(str(p) for p in written.values())}", file=sys.stderr)
    return 0
