"""Sentence-boundary precision/recall/F1 and speed of nlptools' segmentation and of pysbd.

Reads the gold set (``experiments/data/segmentation_gold.json``: 5 seeds and
44 BBC articles, see its ``conventions`` and ``how_made``), runs on the same
texts:

- ``nlptools.split_sentences/line``: the segmenter on each line (paragraph),
  as cleaning feeds it;
- ``nlptools.split_sentences/text``: the segmenter on the whole text;
- ``nlptools.clean_document``: the toolkit's path (furniture removal, headings,
  sentences), scored against the gold without its furniture units;
- ``pysbd/line`` and ``pysbd/text``: ``pysbd.Segmenter(language="en",
  clean=False, char_span=True)`` on each line and on the whole text;

and writes ``metrics.json`` to a new run folder under ``--out``: boundary
scores (see :func:`nlptools.segment.boundary_scores`; ``strict`` = same
offset, ``lenient`` = same next word, i.e. indifferent to where closing quotes
go) per source (``seeds``, ``bbc``, ``bbc-hard``) and overall, speed (MB/s of
UTF-8 text, best of ``--repeat`` timed passes over all gold texts), and every
error of ours with its context.

Run: ``.venv/bin/python experiments/segmentation_eval.py --data ../shared/data --out runs
--speed-sample ../shared/data/20newsgroups-bydate --speed-mb 5``
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path

from nlptools.cleaning import clean_document
from nlptools.corpus import read_text_file
from nlptools.document import Document
from nlptools.errors import InputError
from nlptools.outputs import new_run_dir, write_json
from nlptools.segment import BoundaryScores, boundary_scores, split_sentences, trim_span

logger = logging.getLogger("segmentation_eval")
ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "experiments" / "data" / "segmentation_gold.json"

Spans = list[tuple[int, int]]


def load_gold(path: Path, data: Path | None) -> list[dict]:
    """Gold documents with their decoded ``text``; BBC ones skipped (with a warning) without ``data``."""
    gold = json.loads(path.read_text(encoding="utf-8"))
    docs = []
    for d in gold["documents"]:
        base = ROOT if d["root"] == "repo" else data
        if base is None:
            logger.warning("%s: skipped, no --data folder", d["id"])
            continue
        file = base / d["path"]
        if not file.is_file():
            raise InputError(f"{file}: gold text not found (is --data the shared data folder?)")
        if hashlib.sha256(file.read_bytes()).hexdigest() != d["sha256"]:
            raise InputError(f"{file}: SHA-256 differs from the gold's; the text changed, offsets would be wrong")
        text, _ = read_text_file(file)
        docs.append({**d, "text": text})
    return docs


def _lines(text: str) -> Spans:
    out, pos = [], 0
    for line in text.split("\n"):
        a, b = trim_span(text, pos, pos + len(line))
        if a < b:
            out.append((a, b))
        pos += len(line) + 1
    return out


def _methods() -> dict[str, Callable[[str], Spans]]:
    import pysbd

    seg = pysbd.Segmenter(language="en", clean=False, char_span=True)

    def pysbd_span(text: str, a: int, b: int) -> Spans:
        out = []
        for s in seg.segment(text[a:b]):
            x, y = trim_span(text, a + s.start, a + s.end)
            if x < y:
                out.append((x, y))
        return out

    return {
        "nlptools.split_sentences/line": lambda t: [s for a, b in _lines(t) for s in split_sentences(t, a, b)],
        "nlptools.split_sentences/text": split_sentences,
        "nlptools.clean_document": lambda t: [(s.start, s.end) for s in clean_document(Document("x", t)).sentences],
        "pysbd/line": lambda t: [s for a, b in _lines(t) for s in pysbd_span(t, a, b)],
        "pysbd/text": lambda t: pysbd_span(t, 0, len(t)),
    }


def _speed(fn: Callable[[str], Spans], texts: list[str], repeat: int) -> float:
    """MB/s of ``fn`` over ``texts``: CPU time of this process, best of ``repeat`` timings of >= 0.5 s each."""
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    best = float("inf")
    for _ in range(repeat):
        passes, t0 = 0, time.process_time()
        while True:
            for t in texts:
                fn(t)
            passes += 1
            elapsed = time.process_time() - t0
            if elapsed >= 0.5:
                break
        best = min(best, elapsed / passes)
    return mb / best


def _read_sample(folder: Path, megabytes: float) -> list[str]:
    """The first files of ``folder`` (sorted, recursively) up to ``megabytes`` of UTF-8 text."""
    texts, size = [], 0
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            try:
                text, _ = read_text_file(p)
            except InputError as exc:
                logger.warning("%s", exc)
                continue
            texts.append(text)
            size += len(text.encode("utf-8"))
            if size >= megabytes * 1e6:
                break
    return texts


def _context(text: str, at: int) -> str:
    return text[max(0, at - 50) : at] + "|" + text[at : at + 30]


def evaluate(docs: list[dict], repeat: int, sample: list[str] | None = None) -> dict:
    methods = _methods()
    sources = sorted({d["source"] for d in docs})
    scores: dict[str, dict] = {}
    errors: dict[str, list] = {"nlptools.split_sentences/line": [], "nlptools.clean_document": []}
    for name, fn in methods.items():
        pooled = {mode: {s: BoundaryScores(0, 0, 0) for s in [*sources, "all"]} for mode in ("strict", "lenient")}
        for d in docs:
            text = d["text"]
            kept = [u for u in d["units"] if not (name == "nlptools.clean_document" and u[2] == "furniture")]
            gold = [(a, b) for a, b, _ in kept]
            pred = fn(text)
            for mode in ("strict", "lenient"):
                sc = boundary_scores(gold, pred, text=text if mode == "lenient" else None)
                pooled[mode][d["source"]] += sc
                pooled[mode]["all"] += sc
                if mode == "strict" and name in errors:
                    reasons = {j["offset"]: j["reason"] for j in d["judgements"]}
                    for kind, offsets in (("missed", sc.missed), ("spurious", sc.spurious)):
                        errors[name].extend(
                            {
                                "document": d["id"],
                                "offset": o,
                                "error": kind,
                                "gold_reason": reasons.get(o, ""),
                                "context": _context(text, o),
                            }
                            for o in offsets
                        )
        scores[name] = {mode: {s: v.as_dict() for s, v in by.items()} for mode, by in pooled.items()}
    texts = [d["text"] for d in docs]
    speed = {
        name: round(_speed(fn, texts, repeat if name.startswith("nlptools") else 1), 3) for name, fn in methods.items()
    }
    import pysbd

    large = {}
    if sample:
        for name in ("nlptools.split_sentences/line", "nlptools.split_sentences/text", "nlptools.clean_document"):
            large[name] = round(_speed(methods[name], sample, repeat), 3)
        large["megabytes"] = round(sum(len(t.encode("utf-8")) for t in sample) / 1e6, 3)
    return {
        "gold": {
            "documents": {s: sum(d["source"] == s for d in docs) for s in sources},
            "boundaries": sum(len(d["units"]) - 1 for d in docs),
            "megabytes": round(sum(len(t.encode("utf-8")) for t in texts) / 1e6, 4),
        },
        "boundary_definition": "the end offset of every sentence but a text's last; strict: same offset; "
        "lenient: same start of the next word (boundaries moved past closing quotes, brackets, white space)",
        "scores": scores,
        "speed_mb_per_s": speed,
        "speed_mb_per_s_sample": large,
        "speed_definition": "UTF-8 megabytes per CPU second (time.process_time, one process), best of --repeat "
        "timings (pysbd: 1) of at least 0.5 s each; 'speed_mb_per_s' on the gold texts, "
        "'speed_mb_per_s_sample' on the --speed-sample folder's first --speed-mb MB",
        "errors": errors,
        "versions": {"pysbd": pysbd.__version__, "python": sys.version.split()[0]},
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--data",
        type=Path,
        help="the shared data folder (holds bbc-news-summary/); without it only the seeds are scored",
    )
    ap.add_argument("--out", type=Path, required=True, help="parent folder of the run folder to create")
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--repeat", type=int, default=3, help="timings for nlptools' speed (best is kept)")
    ap.add_argument(
        "--speed-sample",
        type=Path,
        help="also time nlptools on this folder's text files (e.g. ../shared/data/20newsgroups-bydate)",
    )
    ap.add_argument("--speed-mb", type=float, default=5.0, help="megabytes of --speed-sample to time")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    try:
        docs = load_gold(args.gold, args.data)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    sample = _read_sample(args.speed_sample, args.speed_mb) if args.speed_sample else None
    metrics = evaluate(docs, args.repeat, sample)
    run = new_run_dir(args.out, name="segmentation-eval")
    write_json(run / "metrics.json", metrics)
    for name, sc in metrics["scores"].items():
        s, le = sc["strict"]["all"], sc["lenient"]["all"]
        print(
            f"{name:32s} P={s['precision']:.4f} R={s['recall']:.4f} F1={s['f1']:.4f} "
            f"(lenient F1={le['f1']:.4f})  {metrics['speed_mb_per_s'][name]:8.3f} MB/s"
        )
    for name, v in metrics["speed_mb_per_s_sample"].items():
        print(f"{name:32s} {v:8.3f} {'MB' if name == 'megabytes' else 'MB/s'} (sample)")
    print(f"{run / 'metrics.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
