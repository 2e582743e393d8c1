"""``nlptools digest [PATH]``: themes and a digest per theme — the main job."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

from ..errors import OutputError
from ..topics.registry import topic_methods
from . import _progress
from ._common import add_corpus_options, default_seeds, load_corpus, print_out
from ._trends import add_trend_options, check_trend_options
from .options import add_options

if TYPE_CHECKING:
    from ..digest import Digest


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "digest",
        help="find themes and write a short digest per theme (the main job)",
        description=(
            "Clean the articles under PATH (default: the bundled seeds/), find their themes (named by a lexicon "
            "when given) and write, per theme, a digest of the articles' own sentences, each citing its article "
            "and place. Writes digest.md (also printed) and digest.json, and with --html digest.html and "
            "explore.html (one self-contained interactive page: map, themes, timeline, digest). With dated articles, "
            "both say how each theme's share moved over time and which themes rose and fell."
        ),
    )
    p.add_argument("path", nargs="?", default=None, metavar="PATH", help="folder or file of articles (default: seeds/)")
    add_options(p, "themes", "no-themes", "words", "method", "k", "jobs", "scheduler", "fit-size")
    p.epilog = (
        "theme models (--method): auto (semantic with a lexicon, ensemble without), semantic, or a topic model: "
        f"{', '.join(topic_methods())}"
    )
    p.add_argument(
        "--summarizer",
        default="submodular",
        metavar="NAME",
        help="summariser (default: submodular: coverage of the theme with a diversity reward, no two sentences"
        " saying the same)",
    )
    add_options(p, "seed", "out", "force")
    p.add_argument(
        "--html",
        action="store_true",
        help="also write digest.html (one self-contained page) and explore.html (interactive, offline)",
    )
    add_trend_options(p)
    add_corpus_options(p)
    p.set_defaults(func=run)


def _check_output(args: argparse.Namespace) -> None:
    """Refuse early (before any work) to write into a folder holding an earlier digest."""
    if args.out is None:
        return
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise OutputError(f"--out {out}: exists and is not a folder")
    earlier = [
        n for n in ("digest.json", "digest.md", "digest.html", "explore.html", "documents.jsonl") if (out / n).exists()
    ]
    if earlier and not args.force:
        raise OutputError(
            f"--out {out}: holds an earlier digest ({', '.join(earlier)}); choose another folder, "
            "or pass --force to replace it"
        )


def run(args: argparse.Namespace) -> int:
    from ..outputs import check_writable, claim_folder, new_run_dir

    path = Path(args.path) if args.path else default_seeds()
    k = args.k  # a whole number from 1, or "auto": checked by the options table before run()
    check_trend_options(args)
    lexicon = None
    if args.themes != "none":  # --themes none (or --no-themes): no lexicon
        if args.themes:
            lexicon = args.themes
        else:
            candidate = (path if path.is_dir() else path.parent) / "themes.toml"
            if candidate.is_file():
                lexicon = str(candidate)
    _check_output(args)  # refuse before the work, so a refusal costs nothing
    if args.out is None:
        check_writable("runs", what="output folder")  # an unwritable runs/ is said before the work
        with _records_file(Path("runs")) as records:
            digest = _build(path, lexicon, k, args, records)
            return _write(digest, new_run_dir("runs", name="digest"), args, records)
    # --out: claimed (created, locked) before the work; a second digest into it meanwhile is an error,
    # and a failed run leaves no empty folder behind
    with claim_folder(args.out, what="--out") as out:
        _check_output(args)  # again, under the claim: a run that just ended may have written a digest
        with _records_file(out) as records:
            digest = _build(path, lexicon, k, args, records)
            return _write(digest, out, args, records)


@contextlib.contextmanager
def _records_file(folder: Path) -> Iterator[IO[str]]:
    """A temporary file in ``folder`` for a streamed corpus's article records; removed unless moved into place."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=".documents.", suffix=".jsonl.tmp", dir=folder)
        os.close(fd)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(name, 0o666 & ~umask)  # as any other output file, not mkstemp's 0600
        handle = open(name, "w", encoding="utf-8")  # closed below; removed unless moved into place
    except OSError as exc:
        raise OutputError(f"{folder}: cannot be written ({exc.strerror or exc})") from exc
    try:
        yield handle
    finally:
        handle.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)


def _build(path: Path, lexicon: str | None, k: int | str, args: argparse.Namespace, records: IO[str]) -> Digest:
    from ..stream import digest_corpus

    corpus = load_corpus(path, args)
    with _progress.step("finding themes and their digests", show=_progress.enabled(args)):
        return digest_corpus(
            corpus,
            lexicon=lexicon,
            method=None if args.method == "auto" else args.method,
            k=k,
            summarizer=args.summarizer,
            words=args.words,
            random_state=args.seed,
            jobs=args.jobs,
            scheduler=args.scheduler,
            fit_size=args.fit_size,
            records=records,
        )


def _write(digest: Digest, out: Path, args: argparse.Namespace, records: IO[str]) -> int:
    from ..report import write_digest

    moved = None
    if digest.settings.get("streamed"):
        records.flush()
        os.fsync(records.fileno())
        # the records file is renamed into the output folder with the set (same file system: runs/ or --out)
        moved = out / f".documents.{os.getpid()}.jsonl.tmp"
        os.replace(records.name, moved)
    try:
        written = write_digest(
            digest,
            out,
            html_page=args.html,
            explore_page=args.html,
            period=args.period,
            compare=args.compare,
            records=moved,
        )
    finally:
        if moved is not None and moved.exists():
            moved.unlink()
    print_out(written["digest.md"].read_text(encoding="utf-8"))
    if not args.quiet:
        print(f"nlptools: wrote {', '.join(str(p) for p in written.values())}", file=sys.stderr)
    return 0
