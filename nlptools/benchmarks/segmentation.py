"""Sentence boundaries against a hand-checked gold set, with pysbd for comparison.

The gold (``experiments/data/segmentation_gold.json``, made by
``experiments/segmentation_gold_build.py``: see its ``conventions`` and
``how_made``) lists, for each text, its units (sentences, headings,
furniture) as character offsets. Its texts are files of the project (the
seeds) or of the shared data folder (BBC articles), checked by SHA-256.
:func:`boundary_evaluation` runs each segmenter of :func:`segmenters` on the
texts and scores its boundaries (:func:`nlptools.evaluate.segmentation.boundary_scores`;
``strict``: same offset, ``lenient``: same next word) per source and
overall, listing every error of ours with its context; :func:`speed` times a
segmenter in MB of UTF-8 text per CPU second.

The segmenters:

``nlptools.split_sentences/line``
    The segmenter on each line (paragraph), as cleaning feeds it.
``nlptools.split_sentences/text``
    The segmenter on the whole text.
``nlptools.clean_document``
    The toolkit's path (furniture removal, headings, sentences), scored
    against the gold without its furniture units.
``pysbd/line``, ``pysbd/text``
    ``pysbd.Segmenter(language="en", clean=False, char_span=True)`` on each
    line and on the whole text.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..errors import InputError

logger = logging.getLogger(__name__)

__all__ = ["load_gold", "segmenters", "boundary_evaluation", "speed", "read_sample", "CLEAN_DOCUMENT", "OURS"]

Spans = list[tuple[int, int]]

#: The segmenter scored without the gold's furniture units.
CLEAN_DOCUMENT = "nlptools.clean_document"

#: nlptools' segmenters (whose errors are listed, and which are timed ``repeat`` times).
OURS = ("nlptools.split_sentences/line", "nlptools.split_sentences/text", CLEAN_DOCUMENT)

BOUNDARY_DEFINITION = (
    "the end offset of every sentence but a text's last; strict: same offset; "
    "lenient: same start of the next word (boundaries moved past closing quotes, brackets, white space)"
)


def load_gold(path: str | Path, *, project: Path, data: Path | None) -> tuple[list[dict[str, Any]], list[Path]]:
    """The gold documents with their decoded ``text``, and the text files read.

    Parameters
    ----------
    path : path-like
        The gold JSON.
    project : Path
        The folder ``root = "repo"`` texts are relative to (the project).
    data : Path or None
        The shared data folder ``root = "data"`` texts are relative to;
        without it those documents are skipped with a warning.

    Raises
    ------
    InputError
        A text is missing, or its SHA-256 differs from the gold's (the offsets would be wrong).
    """
    from ..io import read_text_file

    gold = json.loads(Path(path).read_text(encoding="utf-8"))
    docs, files = [], []
    for d in gold["documents"]:
        base = project if d["root"] == "repo" else data
        if base is None:
            logger.warning("%s: skipped, no data folder", d["id"])
            continue
        file = base / d["path"]
        if not file.is_file():
            raise InputError(f"{file}: gold text not found (is the data folder the shared one?)")
        if hashlib.sha256(file.read_bytes()).hexdigest() != d["sha256"]:
            raise InputError(f"{file}: SHA-256 differs from the gold's; the text changed, offsets would be wrong")
        text, _ = read_text_file(file)
        docs.append({**d, "text": text})
        files.append(file)
    return docs, files


def _lines(text: str) -> Spans:
    from ..segment import trim_span

    out, pos = [], 0
    for line in text.split("\n"):
        a, b = trim_span(text, pos, pos + len(line))
        if a < b:
            out.append((a, b))
        pos += len(line) + 1
    return out


def segmenters() -> dict[str, Callable[[str], Spans]]:
    """The segmenters compared, by name: text -> sentence spans (needs pysbd)."""
    import pysbd

    from ..cleaning import clean_document
    from ..document import Document
    from ..segment import split_sentences, trim_span

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
        CLEAN_DOCUMENT: lambda t: [(s.start, s.end) for s in clean_document(Document("x", t)).sentences],
        "pysbd/line": lambda t: [s for a, b in _lines(t) for s in pysbd_span(t, a, b)],
        "pysbd/text": lambda t: pysbd_span(t, 0, len(t)),
    }


def _context(text: str, at: int) -> str:
    return text[max(0, at - 50) : at] + "|" + text[at : at + 30]


def boundary_evaluation(
    docs: Sequence[dict[str, Any]], methods: dict[str, Callable[[str], Spans]] | None = None
) -> dict[str, Any]:
    """Boundary scores of each segmenter on the gold documents, and every strict error of ours.

    Returns
    -------
    dict
        ``gold`` (documents per source, boundaries, megabytes),
        ``boundary_definition``, ``scores`` (per segmenter, per mode
        ``strict``/``lenient``, per source and ``all``: precision, recall,
        F1 and counts) and ``errors`` (per segmenter of ours: document,
        offset, ``missed``/``spurious``, the gold's reason, context).
    """
    from ..evaluate.segmentation import BoundaryScores, boundary_scores

    methods = methods if methods is not None else segmenters()
    sources = sorted({d["source"] for d in docs})
    scores: dict[str, dict[str, Any]] = {}
    errors: dict[str, list[dict[str, Any]]] = {"nlptools.split_sentences/line": [], CLEAN_DOCUMENT: []}
    for name, fn in methods.items():
        pooled = {mode: {s: BoundaryScores(0, 0, 0) for s in [*sources, "all"]} for mode in ("strict", "lenient")}
        for d in docs:
            text = d["text"]
            kept = [u for u in d["units"] if not (name == CLEAN_DOCUMENT and u[2] == "furniture")]
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
    return {
        "gold": {
            "documents": {s: sum(d["source"] == s for d in docs) for s in sources},
            "boundaries": sum(len(d["units"]) - 1 for d in docs),
            "megabytes": round(sum(len(t.encode("utf-8")) for t in texts) / 1e6, 4),
        },
        "boundary_definition": BOUNDARY_DEFINITION,
        "scores": scores,
        "errors": errors,
    }


def speed(fn: Callable[[str], Any], texts: Sequence[str], repeat: int) -> float:
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


def read_sample(folder: str | Path, megabytes: float) -> list[str]:
    """The first files of ``folder`` (sorted, recursively) up to ``megabytes`` of UTF-8 text."""
    from ..io import read_text_file

    texts, size = [], 0
    for p in sorted(Path(folder).rglob("*")):
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
