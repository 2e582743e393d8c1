"""The scale benchmark (issue #17): ``digest`` and ``themes`` at 10^3 .. 10^6 articles.

Corpora
-------
:func:`real_records` reads every real document of the shared data folder:
20 Newsgroups (both splits; the mail headers are dropped, ``Subject:`` is the
title), Reuters-21578 (the stories with a ``<BODY>``), AG News test (title +
description) and the BBC News Summary articles (line 1 is the title): about
46,500 documents. Exact repeats are kept once (the same lower-cased word sequence, as :mod:`nlptools.duplicates`
counts an exact duplicate), then the list is sorted by id and shuffled with
``seed``, so a corpus of size ``n`` is the first ``n`` of one fixed order and
every smaller corpus is a prefix of every larger one.

Beyond the real documents (10^5, 10^6) the corpus continues with *synthetic*
articles, made by :func:`synthetic_records` with a seeded recipe
(:data:`RECIPE`): pick a real article (seeded), then 1 to 3 other real
articles of the same source and class; pool their sentences (split after
``.``, ``!`` or ``?`` followed by a space), shuffle them and keep as many as
the mean length of the picked articles (at least 2), in paragraphs of three
sentences; the title is that of the first picked article. A draw is made
again when its text is already in the corpus (real or synthetic) or when it
shares half or more of its words with one of its sources (a word-level
Jaccard similarity, :data:`MAX_SOURCE_JACCARD`, computed from sentence
lengths; :mod:`nlptools.duplicates` merges two articles from a Jaccard
similarity of word 3-grams of 0.8), so every text is distinct and no
synthetic article is a near-copy of one of its sources. Measured (seed 0, the
shared data): the largest 3-gram Jaccard similarity of 2,000 synthetic
articles to their sources is 0.68; ``find_duplicates`` over 20,000 real and
20,000 synthetic articles finds 77 near-duplicate pairs among the real ones,
10 between two synthetic ones and none between a synthetic one and a real one. The builder does not search for
near-duplicates between two synthetic articles or among the real ones
(20 Newsgroups cross-posts, Reuters repeats): ``digest`` and ``themes`` count
those once, so the number of articles they keep can be a little below the
corpus size.

Each corpus is written once as JSON Lines (``id``, ``title``, ``text``) into
a cache folder with a manifest (:func:`build_corpus`); it is reused when the
manifest's key (recipe, seed, size, the data files' names and sizes) and the
file's SHA-256 match.

Measurements
------------
:func:`run_measured` runs a command in a subprocess (its own session, so a
timeout kills the whole tree) and records wall time, CPU time (user + system
of the child and the descendants it waited for, from ``wait4``), peak RSS
(``ru_maxrss``: the largest single process) and, on Linux, the peak of the
summed RSS of the process tree sampled every 0.2 s. :func:`run_benchmark`
runs, for each size, ``nlptools digest`` and ``nlptools themes`` (with
``--themes none``; ``--jobs N`` when the CLI has the option, else the
``jobs > 1`` runs are skipped with a note) and, in the same run on the same
texts, the raw libraries (:func:`raw_libraries`: scikit-learn
``TfidfVectorizer`` + ``NMF`` with k = 10, and gensim ``LdaModel`` with one
pass and k = 10) in a child process of this module. It reports the ratios
nlptools / raw and the growth exponent between consecutive sizes
(:func:`growth_exponent`). Times depend on the machine and its load: read
the ratios.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import html
import json
import logging
import math
import os
import platform
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import InputError, ParameterError

logger = logging.getLogger(__name__)

__all__ = [
    "COMMANDS",
    "RECIPE",
    "SCHEMA_VERSION",
    "build_corpus",
    "cli_has_option",
    "format_table",
    "growth_exponent",
    "growth_rows",
    "raw_libraries",
    "ratio_rows",
    "real_records",
    "run_benchmark",
    "jaccard",
    "run_measured",
    "synthetic_records",
]

#: Version of ``bench_scale.json``'s layout.
SCHEMA_VERSION = 1

#: The nlptools sub-commands the benchmark can run.
COMMANDS = ("digest", "themes")

#: The synthetic recipe, recorded in every manifest and in ``bench_scale.json``.
RECIPE = {
    "version": 2,
    "real": "20 Newsgroups (train+test, headers dropped, Subject as title), Reuters-21578 (stories with a BODY), "
    "AG News test (title + description), BBC News Summary articles; exact repeats (same lower-cased word sequence) kept once; sorted by id, "
    "shuffled with the seed",
    "synthetic": "after the real documents: a seeded real article plus 1-3 others of the same source and class; "
    "their sentences pooled, shuffled, cut to the picked articles' mean sentence count (at least 2), in paragraphs of 3 sentences; title of the "
    "first; drawn again when the text is already present (same lower-cased word sequence) or shares half or more "
    "of its words with one of its sources (word-level Jaccard >= 0.5; nlptools.duplicates merges at a 3-gram "
    "Jaccard of 0.8), so all texts "
    "are distinct; near-duplicates between two synthetic articles or among the real ones are not searched for here "
    "and are counted once by digest and themes",
}

#: A synthetic article sharing this share of its word 3-grams (Jaccard) with one of its sources is drawn again.
MAX_SOURCE_JACCARD = 0.5

#: Environment variables that pin BLAS/OpenMP pools, set to 1 in children unless already set.
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_REUTERS = re.compile(r"<REUTERS\b[^>]*\bNEWID=\"(\d+)\"[^>]*>(.*?)</REUTERS>", re.S)
_TITLE = re.compile(r"<TITLE>(.*?)</TITLE>", re.S)
_BODY = re.compile(r"<BODY>(.*?)</BODY>", re.S)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# --------------------------------------------------------------------------- corpora


def _clean(text: str) -> str:
    """``text`` without control characters (newlines and tabs kept) and outer space."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip()


def _newsgroups(root: Path) -> Iterator[dict[str, str]]:
    for split in ("20news-bydate-train", "20news-bydate-test"):
        base = root / split
        if not base.is_dir():
            continue
        for group in sorted(p for p in base.iterdir() if p.is_dir()):
            for path in sorted(group.iterdir(), key=lambda p: p.name):
                raw = path.read_bytes().decode("latin-1")
                head, _, body = raw.partition("\n\n")
                subject = next((ln[8:].strip() for ln in head.splitlines() if ln.startswith("Subject:")), "")
                text = _clean(body)
                if text:
                    yield {
                        "id": f"20ng-{split.rsplit('-', 1)[-1]}-{group.name}-{path.name}",
                        "title": _clean(subject),
                        "text": text,
                        "group": f"20ng/{group.name}",
                    }


def _reuters(root: Path) -> Iterator[dict[str, str]]:
    for path in sorted(root.glob("reut2-*.sgm")):
        raw = path.read_bytes().decode("latin-1")
        for m in _REUTERS.finditer(raw):
            body = _BODY.search(m.group(2))
            if body is None:
                continue
            text = _clean(html.unescape(body.group(1)).replace("\x03", ""))
            title = _TITLE.search(m.group(2))
            topics = re.search(r"<TOPICS>\s*<D>(.*?)</D>", m.group(2))
            if text:
                yield {
                    "id": f"reuters-{m.group(1)}",
                    "title": _clean(html.unescape(title.group(1))) if title else "",
                    "text": text,
                    "group": f"reuters/{topics.group(1) if topics else '-'}",
                }


def _ag_unescape(text: str) -> str:
    text = text.replace("\\$", "$").replace("\\n", " ").replace("\\", " ")
    return re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), text).replace("quot;", '"').replace("amp;", "&")


def _ag_news(root: Path) -> Iterator[dict[str, str]]:
    path = root / "test.csv"
    if not path.is_file():
        return
    with path.open(encoding="utf-8", newline="") as f:
        for i, row in enumerate(csv.reader(f)):
            if len(row) != 3:
                continue
            text = _clean(_ag_unescape(row[2]))
            if text:
                yield {
                    "id": f"ag-{i:05d}",
                    "title": _clean(_ag_unescape(row[1])),
                    "text": text,
                    "group": f"ag/{row[0]}",
                }


def _bbc(root: Path) -> Iterator[dict[str, str]]:
    base = root / "articles"
    if not base.is_dir():
        return
    for cat in sorted(p for p in base.iterdir() if p.is_dir()):
        for path in sorted(cat.glob("*.txt")):
            raw = path.read_bytes()
            try:
                s = raw.decode("utf-8")
            except UnicodeDecodeError:
                s = raw.decode("cp1252", errors="replace")
            title, _, body = s.partition("\n")
            text = _clean(body)
            if text:
                yield {
                    "id": f"bbc-{cat.name}-{path.stem}",
                    "title": _clean(title),
                    "text": text,
                    "group": f"bbc/{cat.name}",
                }


#: Source name -> (folder under the data folder, reader).
_SOURCES = {
    "20newsgroups": ("20newsgroups-bydate", _newsgroups),
    "reuters": ("reuters21578", _reuters),
    "ag-news": ("ag-news-test", _ag_news),
    "bbc": ("bbc-news-summary", _bbc),
}


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _text_key(text: str) -> bytes:
    """Digest of the lower-cased word sequence of ``text``: two texts with one key are exact repeats.

    The same criterion as :func:`nlptools.duplicates.find_duplicates` for an exact duplicate.
    """
    return hashlib.blake2b(" ".join(_words(text)).encode("utf-8"), digest_size=16).digest()


def _shingles(words: Sequence[str]) -> set[str]:
    """Word 3-grams of ``words`` (the unit of :mod:`nlptools.duplicates`)."""
    return {" ".join(words[i : i + 3]) for i in range(max(1, len(words) - 2))}


def jaccard(a: str, b: str) -> float:
    """Jaccard similarity of the word 3-grams of two texts (as :mod:`nlptools.duplicates` computes it)."""
    sa, sb = _shingles(_words(a)), _shingles(_words(b))
    return len(sa & sb) / len(sa | sb) if sa or sb else 1.0


def data_fingerprint(data: Path) -> str:
    """SHA-256 of the names and sizes of every file the corpus builder reads under ``data``."""
    h = hashlib.sha256()
    for folder, _ in _SOURCES.values():
        base = data / folder
        if not base.is_dir():
            h.update(f"{folder}: missing\n".encode())
            continue
        for p in sorted(base.rglob("*")):
            if p.is_file():
                h.update(f"{p.relative_to(data).as_posix()}\t{p.stat().st_size}\n".encode())
    return h.hexdigest()


def real_records(data: Path, *, seed: int = 0) -> list[dict[str, str]]:
    """Every real document under ``data``, exact repeats once, in a seeded order.

    Parameters
    ----------
    data : Path
        The shared data folder (``20newsgroups-bydate``, ``reuters21578``,
        ``ag-news-test``, ``bbc-news-summary``; missing ones are skipped with a
        warning).
    seed : int
        Seed of the order.

    Returns
    -------
    list of dict
        ``id``, ``title``, ``text`` and ``group`` (source/class, for the synthetic recipe).

    Raises
    ------
    InputError
        When no document is found.
    """
    seen: set[bytes] = set()
    out: list[dict[str, str]] = []
    for name, (folder, reader) in _SOURCES.items():
        base = data / folder
        if not base.is_dir():
            logger.warning("scale benchmark: %s not found under %s; corpus built without %s", folder, data, name)
            continue
        for rec in reader(base):
            key = _text_key(rec["text"])
            if key not in seen:
                seen.add(key)
                out.append(rec)
    if not out:
        raise InputError(f"--data {data}: no documents found (expected {', '.join(f for f, _ in _SOURCES.values())})")
    out.sort(key=lambda r: r["id"])
    random.Random(seed).shuffle(out)
    return out


def _near_source(kept: Sequence[tuple[str, int, int]], source_words: Sequence[int]) -> bool:
    """Whether the kept sentences (text, words, source) share half or more of their words with one source.

    Words shared / words of either (a word-level Jaccard similarity): close to the Jaccard
    similarity of word 3-grams of the two texts, without computing them.
    """
    total = sum(n for _, n, _ in kept)
    for j, words in enumerate(source_words):
        shared = sum(n for _, n, src in kept if src == j)
        union = total + words - shared
        if union > 0 and shared / union >= MAX_SOURCE_JACCARD:
            return True
    return False


def _sentences(text: str) -> list[str]:
    return [s for s in (p.strip() for p in _SENTENCE_END.split(_SPACE.sub(" ", text))) if s]


def synthetic_records(real: Sequence[Mapping[str, str]], count: int, *, seed: int = 0) -> Iterator[dict[str, str]]:
    """``count`` synthetic articles recombined from ``real`` (see :data:`RECIPE`), all texts distinct.

    Parameters
    ----------
    real : sequence of mapping
        Real records with ``text``, ``title`` and ``group``.
    count : int
        How many to make.
    seed : int
        Seed of the recipe; the same ``real``, ``count`` and seed give the same articles, and a
        shorter ``count`` gives a prefix of a longer one.

    Yields
    ------
    dict
        ``id`` (``syn-0000001``...), ``title``, ``text``, ``group`` and ``sources`` (ids of the picked articles).
    """
    if count <= 0:
        return
    groups: dict[str, list[int]] = {}
    for i, r in enumerate(real):
        groups.setdefault(r["group"], []).append(i)
    usable = [i for i, r in enumerate(real) if len(groups[r["group"]]) >= 2]
    if not usable:
        raise InputError("scale benchmark: too few real documents to make synthetic ones (need 2 of one class)")
    seen = {_text_key(r["text"]) for r in real}
    split_cache: dict[int, tuple[list[str], list[int]]] = {}

    def sentences(i: int) -> tuple[list[str], list[int]]:
        """The sentences of real article ``i`` and their word counts."""
        if i not in split_cache:
            if len(split_cache) > 200_000:
                split_cache.clear()
            sents = _sentences(real[i]["text"])
            split_cache[i] = (sents, [len(_words(x)) for x in sents])
        return split_cache[i]

    rng = random.Random(f"nlptools-scale-synthetic-{seed}")
    made = attempts = 0
    while made < count:
        attempts += 1
        if attempts > 20 * count + 1000:
            raise InputError(f"scale benchmark: could not make {count} distinct synthetic articles")
        first = usable[rng.randrange(len(usable))]
        members = groups[real[first]["group"]]
        others = rng.sample(members, min(len(members), rng.randint(2, 4)))
        picked = [first] + [i for i in others if i != first][: rng.randint(1, 3)]
        pool = [(s, n, j) for j, i in enumerate(picked) for s, n in zip(*sentences(i))]
        keep = max(2, round(sum(len(sentences(i)[0]) for i in picked) / len(picked)))
        rng.shuffle(pool)
        kept = pool[:keep]
        if len(pool) < 2 or _near_source(kept, [sum(sentences(i)[1]) for i in picked]):
            continue
        text = "\n\n".join(" ".join(s for s, _, _ in kept[i : i + 3]) for i in range(0, len(kept), 3))
        key = _text_key(text)
        if key in seen:
            continue
        seen.add(key)
        made += 1
        yield {
            "id": f"syn-{made:07d}",
            "title": real[first]["title"],
            "text": text,
            "group": real[first]["group"],
            "sources": ",".join(real[i]["id"] for i in picked),
        }


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def build_corpus(
    data: Path,
    size: int,
    cache: Path,
    *,
    seed: int = 0,
    real: Sequence[Mapping[str, str]] | Callable[[], Sequence[Mapping[str, str]]] | None = None,
) -> dict[str, Any]:
    """Write (or reuse) the corpus of ``size`` documents as ``cache/corpus-SIZE.jsonl``.

    Parameters
    ----------
    data : Path
        The shared data folder.
    size : int
        Number of documents: the first ``size`` real ones, then synthetic ones.
    cache : Path
        Folder of the corpora (outside the project's tree, or under the run's out folder).
    seed : int
        Seed of the order and the synthetic recipe.
    real : sequence of mapping, or a function returning one, optional
        :func:`real_records` already read, or a function reading them (called only when the
        corpus must be written), to read the data once for several sizes.

    Returns
    -------
    dict
        The manifest: ``path``, ``size``, ``real``, ``synthetic``, ``sources`` (documents per
        source), ``bytes``, ``sha256``, ``key``, ``reused``.
    """
    if size < 1:
        raise ParameterError(f"--sizes: {size} is not a positive number of documents")
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"corpus-{size}.jsonl"
    mpath = cache / f"corpus-{size}.manifest.json"
    key = hashlib.sha256(
        json.dumps(
            {"recipe": RECIPE, "seed": seed, "size": size, "data": data_fingerprint(data)}, sort_keys=True
        ).encode()
    ).hexdigest()
    if path.is_file() and mpath.is_file():
        try:
            old = json.loads(mpath.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            old = {}
        if old.get("key") == key and old.get("sha256") == _sha256(path):
            logger.info("scale benchmark: reusing %s", path)
            return {**old, "path": str(path), "reused": True}
    if real is None:
        real = real_records(data, seed=seed)
    elif callable(real):
        real = real()
    n_real = min(size, len(real))
    records: Iterable[Mapping[str, str]] = list(real[:n_real])
    synthetic = synthetic_records(real, size - n_real, seed=seed)
    sources: dict[str, int] = {}
    tmp = path.with_suffix(".jsonl.tmp")
    with tmp.open("w", encoding="utf-8", newline="\n") as f:
        for rec in _chain(records, synthetic):
            src = "synthetic" if rec["id"].startswith("syn-") else rec["id"].split("-", 1)[0]
            sources[src] = sources.get(src, 0) + 1
            f.write(json.dumps({"id": rec["id"], "title": rec["title"], "text": rec["text"]}, ensure_ascii=False))
            f.write("\n")
    os.replace(tmp, path)
    manifest = {
        "key": key,
        "size": size,
        "seed": seed,
        "real": n_real,
        "synthetic": size - n_real,
        "sources": dict(sorted(sources.items())),
        "bytes": path.stat().st_size,
        "sha256": _sha256(path),
        "recipe": RECIPE,
    }
    mpath.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return {**manifest, "path": str(path), "reused": False}


def _chain(*parts: Iterable[Mapping[str, str]]) -> Iterator[Mapping[str, str]]:
    for part in parts:
        yield from part


# --------------------------------------------------------------------------- measuring


def _tree_rss_bytes(root: int) -> int | None:
    """Summed RSS of ``root`` and its descendants (Linux ``/proc``), None elsewhere."""
    proc = Path("/proc")
    if not proc.is_dir():
        return None
    parent: dict[int, int] = {}
    for d in proc.iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text()
            parent[int(d.name)] = int(stat[stat.rindex(")") + 2 :].split()[1])
        except (OSError, ValueError, IndexError):
            continue
    tree, frontier = {root}, [root]
    while frontier:
        p = frontier.pop()
        for c, pp in parent.items():
            if pp == p and c not in tree:
                tree.add(c)
                frontier.append(c)
    page = os.sysconf("SC_PAGE_SIZE")
    total = 0
    for p in tree:
        try:
            total += int((proc / str(p) / "statm").read_text().split()[1]) * page
        except (OSError, ValueError, IndexError):
            continue
    return total


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def run_measured(
    cmd: Sequence[str],
    *,
    timeout: float | None = None,
    env: Mapping[str, str] | None = None,
    stdout: Path | None = None,
    cwd: Path | None = None,
) -> dict[str, Any]:
    """Run ``cmd`` in a subprocess and measure it.

    Parameters
    ----------
    cmd : sequence of str
        The command.
    timeout : float, optional
        Seconds after which the process tree is killed and ``status`` is ``"timeout"``.
    env : mapping, optional
        The environment (default: this process's).
    stdout : Path, optional
        File for the command's standard output (default: discarded).
    cwd : Path, optional
        Working folder.

    Returns
    -------
    dict
        ``status`` (``ok``, ``timeout`` or ``error``), ``returncode``, ``wall_s``, ``cpu_s`` (user +
        system, with the descendants the child waited for), ``peak_rss_mb`` (``ru_maxrss``: the
        largest single process), ``peak_tree_rss_mb`` (summed RSS of the tree, sampled every
        0.2 s; None off Linux) and ``stderr_tail`` on error.
    """
    out = stdout.open("wb") if stdout is not None else subprocess.DEVNULL
    err = tempfile.TemporaryFile()
    wall0 = time.perf_counter()
    try:
        proc = subprocess.Popen(
            list(cmd),
            stdout=out,
            stderr=err,
            env=dict(env) if env is not None else None,
            cwd=cwd,
            start_new_session=True,
        )
        tree_peak = [0]
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                rss = _tree_rss_bytes(proc.pid)
                if rss is None:
                    return
                tree_peak[0] = max(tree_peak[0], rss)
                done.wait(0.2)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        status = "ok"
        try:
            while True:
                pid, wstatus, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    break
                if timeout is not None and time.perf_counter() - wall0 > timeout:
                    status = "timeout"
                    _kill_group(proc.pid)
                    pid, wstatus, usage = os.wait4(proc.pid, 0)
                    break
                time.sleep(0.05)
        except BaseException:  # Ctrl-C: no run left behind in its own session
            _kill_group(proc.pid)
            done.set()
            raise
        wall = time.perf_counter() - wall0
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(wstatus)
        err.seek(0)
        tail = err.read()[-2000:].decode("utf-8", "replace")
    finally:
        if stdout is not None and not isinstance(out, int):
            out.close()
        err.close()
    if status == "ok" and proc.returncode != 0:
        status = "error"
    rss_unit = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    result: dict[str, Any] = {
        "status": status,
        "returncode": proc.returncode,
        "wall_s": round(wall, 2),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_rss_mb": round(usage.ru_maxrss * rss_unit / 1e6, 1),
        "peak_tree_rss_mb": round(tree_peak[0] / 1e6, 1) if tree_peak[0] else None,
    }
    if status == "error":
        result["stderr_tail"] = tail
    return result


def machine_info() -> dict[str, Any]:
    """The machine a benchmark ran on: cores, platform, Python, load average at the start."""
    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "load_at_start": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
    }


def cli_has_option(command: str, option: str) -> bool:
    """Whether ``nlptools COMMAND --help`` lists ``option`` (e.g. ``--jobs``)."""
    proc = subprocess.run(
        [sys.executable, "-m", "nlptools.cli", command, "--help"], capture_output=True, text=True, check=False
    )
    return re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", proc.stdout) is not None


def child_env() -> dict[str, str]:
    """This environment with one BLAS/OpenMP thread unless set, and ``PYTHONHASHSEED=0``."""
    return {**{v: "1" for v in THREAD_VARS}, **os.environ, "PYTHONHASHSEED": "0"}


def cli_command(command: str, corpus: Path, out: Path, jobs: int | None) -> list[str]:
    """The ``nlptools`` command line of one run (``jobs`` None: no ``--jobs`` option)."""
    fields = ["--text-field", "text", "--title-field", "title", "--id-field", "id"]
    cmd = [sys.executable, "-m", "nlptools.cli", command, str(corpus), "--themes", "none", *fields, "-q"]
    if command == "digest":
        cmd += ["--out", str(out), "--force"]
    elif command == "themes":
        cmd += ["--format", "json"]
    else:
        raise ParameterError(f"--commands: {command!r} is not one of {', '.join(COMMANDS)}")
    if jobs is not None:
        cmd += ["--jobs", str(jobs)]
    return cmd


# --------------------------------------------------------------------------- the raw libraries


def raw_libraries(corpus: Path, *, k: int = 10, seed: int = 0) -> dict[str, Any]:
    """scikit-learn TF-IDF + NMF and gensim LDA (one pass) on the texts of ``corpus`` (in this process).

    The text of each record is its title and text. scikit-learn: ``TfidfVectorizer(stop_words=
    "english", min_df=2, max_df=0.95)`` then ``NMF(k, init="nndsvda")``; gensim: ``simple_preprocess``,
    a ``Dictionary`` filtered to words in at least 2 and at most half of the documents, then
    ``LdaModel(num_topics=k, passes=1, chunksize=2000)`` (k is cut to the TF-IDF matrix's smaller side
    for a corpus that small). Returns the seconds of each part.
    """
    t0 = time.perf_counter()
    texts = []
    with corpus.open(encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            texts.append(f"{rec.get('title') or ''}\n\n{rec['text']}")
    t_read = time.perf_counter()
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    X = TfidfVectorizer(stop_words="english", min_df=2, max_df=0.95).fit_transform(texts)
    k_used = max(1, min(k, *X.shape))  # only a corpus smaller than k is fitted with fewer topics
    NMF(n_components=k_used, init="nndsvda", random_state=seed, max_iter=200).fit(X)
    t_sk = time.perf_counter()
    from gensim.corpora import Dictionary
    from gensim.models import LdaModel
    from gensim.utils import simple_preprocess

    tokens = [simple_preprocess(t) for t in texts]
    dictionary = Dictionary(tokens)
    dictionary.filter_extremes(no_below=2, no_above=0.5, keep_n=None)
    bow = [dictionary.doc2bow(t) for t in tokens]
    LdaModel(bow, id2word=dictionary, num_topics=k_used, passes=1, chunksize=2000, random_state=seed)
    t_lda = time.perf_counter()
    return {
        "documents": len(texts),
        "k": k_used,
        "read_s": round(t_read - t0, 2),
        "sklearn_tfidf_nmf_s": round(t_sk - t_read, 2),
        "gensim_lda_s": round(t_lda - t_sk, 2),
        "tfidf_shape": list(X.shape),
    }


# --------------------------------------------------------------------------- figures


def growth_exponent(size1: float, value1: float, size2: float, value2: float) -> float | None:
    """``log(value2 / value1) / log(size2 / size1)``: 1 is linear growth; None when undefined."""
    if min(size1, value1, size2, value2) <= 0 or size1 == size2:
        return None
    return round(math.log(value2 / value1) / math.log(size2 / size1), 3)


def _tool(run: Mapping[str, Any]) -> str:
    return str(run["tool"]) + (f" --jobs {run['jobs']}" if run.get("jobs") else "")


def ratio_rows(runs: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """nlptools / raw libraries per size and nlptools run: time, CPU and peak RSS ratios."""
    raw = {r["size"]: r for r in runs if r["tool"] == "raw" and r["status"] == "ok"}
    rows = []
    for r in runs:
        if r["tool"] == "raw" or r["status"] != "ok" or r["size"] not in raw:
            continue
        b = raw[r["size"]]
        rows.append(
            {
                "size": r["size"],
                "tool": _tool(r),
                "time_ratio": round(r["wall_s"] / b["wall_s"], 2) if b["wall_s"] > 0 else None,
                "cpu_ratio": round(r["cpu_s"] / b["cpu_s"], 2) if b["cpu_s"] > 0 else None,
                "rss_ratio": round(r["peak_rss_mb"] / b["peak_rss_mb"], 2) if b["peak_rss_mb"] > 0 else None,
            }
        )
    return rows


def growth_rows(runs: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Growth exponents of wall time, CPU time and peak RSS between consecutive measured sizes of each tool."""
    by_tool: dict[str, list[Mapping[str, Any]]] = {}
    for r in runs:
        if r["status"] == "ok":
            by_tool.setdefault(_tool(r), []).append(r)
    rows = []
    for tool, rs in by_tool.items():
        rs = sorted(rs, key=lambda r: r["size"])
        for a, b in zip(rs, rs[1:]):
            rows.append(
                {
                    "tool": tool,
                    "from": a["size"],
                    "to": b["size"],
                    "time_exponent": growth_exponent(a["size"], a["wall_s"], b["size"], b["wall_s"]),
                    "cpu_exponent": growth_exponent(a["size"], a["cpu_s"], b["size"], b["cpu_s"]),
                    "rss_exponent": growth_exponent(a["size"], a["peak_rss_mb"], b["size"], b["peak_rss_mb"]),
                }
            )
    return rows


def format_table(result: Mapping[str, Any]) -> str:
    """The Markdown table of a :func:`run_benchmark` result (runs, then growth exponents)."""
    ratios = {(r["size"], r["tool"]): r for r in result.get("ratios", [])}
    lines = [
        "| documents | run | status | wall s | CPU s | peak RSS MB | tree RSS MB | time / raw | CPU / raw | RSS / raw |",
        "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]

    def cell(v: Any) -> str:
        return "" if v is None else f"{v:,}" if isinstance(v, int) else str(v)

    for r in result.get("runs", []):
        q = ratios.get((r["size"], _tool(r)), {})
        lines.append(
            f"| {r['size']:,} | {_tool(r)} | {r['status']} | {cell(r.get('wall_s'))} | {cell(r.get('cpu_s'))} | "
            f"{cell(r.get('peak_rss_mb'))} | {cell(r.get('peak_tree_rss_mb'))} | {cell(q.get('time_ratio'))} | "
            f"{cell(q.get('cpu_ratio'))} | {cell(q.get('rss_ratio'))} |"
        )
    if result.get("growth"):
        lines += ["", "| run | sizes | time exponent | CPU exponent | RSS exponent |", "|---|---|---:|---:|---:|"]
        for g in result["growth"]:
            lines.append(
                f"| {g['tool']} | {g['from']:,} -> {g['to']:,} | {cell(g['time_exponent'])} | "
                f"{cell(g['cpu_exponent'])} | {cell(g['rss_exponent'])} |"
            )
    notes = result.get("notes", [])
    if notes:
        lines += [""] + [f"- {n}" for n in notes]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- the benchmark


def run_benchmark(
    data: Path,
    out: Path,
    *,
    sizes: Sequence[int] = (1000, 10000, 100000),
    jobs: Sequence[int] = (1, 2),
    commands: Sequence[str] = COMMANDS,
    timeout: float | None = 3600.0,
    cache: Path | None = None,
    seed: int = 0,
    raw: bool = True,
) -> dict[str, Any]:
    """Build the corpora, run every measurement and write ``bench_scale.json`` and ``bench_scale.md`` in ``out``.

    Parameters
    ----------
    data : Path
        The shared data folder.
    out : Path
        Output folder (created); the CLI's outputs go to ``out/work``.
    sizes : sequence of int
        Corpus sizes, measured in increasing order.
    jobs : sequence of int
        ``--jobs`` values; values above 1 are skipped (with a note) when the CLI has no ``--jobs``.
    commands : sequence of str
        Sub-commands to run (:data:`COMMANDS`).
    timeout : float, optional
        Seconds per run; a run over it is recorded as ``"timeout"``.
    cache : Path, optional
        Folder of the corpora (default: ``out/corpora``).
    seed : int
        Seed of the corpora.
    raw : bool
        Also run the raw libraries.

    Returns
    -------
    dict
        What ``bench_scale.json`` holds.
    """
    bad = [c for c in commands if c not in COMMANDS]
    if bad:
        raise ParameterError(f"--commands: {', '.join(bad)} not among {', '.join(COMMANDS)}")
    if not sizes or min(sizes) < 1:
        raise ParameterError("--sizes: give positive numbers of documents, e.g. 1000,10000")
    if not jobs or min(jobs) < 1:
        raise ParameterError("--jobs: give positive numbers of processes, e.g. 1,2")
    if not data.is_dir():
        raise InputError(f"--data {data}: not a folder (the shared corpora; or set NLPTOOLS_DATA)")
    out.mkdir(parents=True, exist_ok=True)
    cache = cache or out / "corpora"
    work = out / "work"
    work.mkdir(exist_ok=True)
    notes: list[str] = []
    has_jobs = {c: cli_has_option(c, "--jobs") for c in commands}
    env = child_env()
    real_cache: list[list[dict[str, str]]] = []

    def real() -> list[dict[str, str]]:
        if not real_cache:
            real_cache.append(real_records(data, seed=seed))
        return real_cache[0]

    corpora: list[dict[str, Any]] = []
    runs: list[dict[str, Any]] = []
    result: dict[str, Any] = {}

    def save() -> None:
        result.update(
            {
                "benchmark": "scale",
                "schema": SCHEMA_VERSION,
                "machine": machine_info(),
                "settings": {
                    "sizes": list(sizes),
                    "jobs": list(jobs),
                    "commands": list(commands),
                    "timeout_s": timeout,
                    "seed": seed,
                    "thread_env": {v: env[v] for v in THREAD_VARS},
                },
                "recipe": RECIPE,
                "corpora": corpora,
                "runs": runs,
                "ratios": ratio_rows(runs),
                "growth": growth_rows(runs),
                "notes": notes,
            }
        )
        _write_atomic(out / "bench_scale.json", json.dumps(result, indent=2) + "\n")
        _write_atomic(out / "bench_scale.md", format_table(result))

    for c in commands:
        if not has_jobs[c] and any(j > 1 for j in jobs):
            notes.append(f"nlptools {c} has no --jobs option yet: runs with jobs > 1 skipped")
    for size in sorted(set(sizes)):
        manifest = build_corpus(data, size, cache, seed=seed, real=real)
        corpora.append({k: v for k, v in manifest.items() if k != "recipe"})
        corpus = Path(manifest["path"])
        logger.info("scale benchmark: %s documents (%s)", size, corpus)
        for command in commands:
            for j in jobs:
                run: dict[str, Any] = {"size": size, "tool": f"nlptools {command}", "jobs": j}
                if not has_jobs[command] and j > 1:
                    runs.append({**run, "status": "skipped"})
                    continue
                cmd = cli_command(command, corpus, work / f"{command}-{size}-j{j}", j if has_jobs[command] else None)
                run["command"] = _display(cmd)
                stdout = work / f"{command}-{size}-j{j}.out"
                run.update(run_measured(cmd, timeout=timeout, env=env, stdout=stdout))
                logger.info("scale benchmark: %s", run)
                runs.append(run)
                save()
        if raw:
            cmd = [sys.executable, "-m", __name__, "--raw", str(corpus), "--seed", str(seed)]
            run = {"size": size, "tool": "raw", "jobs": None, "command": _display(cmd)}
            stdout = work / f"raw-{size}.json"
            run.update(run_measured(cmd, timeout=timeout, env=env, stdout=stdout))
            if run["status"] == "ok":
                try:
                    run["parts"] = json.loads(stdout.read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    pass
            logger.info("scale benchmark: %s", run)
            runs.append(run)
        save()
    save()
    return result


def _display(cmd: Sequence[str]) -> str:
    parts = list(cmd)
    if parts[:3] == [sys.executable, "-m", "nlptools.cli"]:
        parts = ["nlptools", *parts[3:]]
    elif parts[:2] == [sys.executable, "-m"]:
        parts = ["python", *parts[1:]]
    return " ".join(parts)


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def main(argv: Sequence[str] | None = None) -> int:
    """The raw-libraries child: ``--raw CORPUS.jsonl [--k K] [--seed N]`` prints one JSON line."""
    p = argparse.ArgumentParser(description="the raw libraries over one corpus (a child of the scale benchmark)")
    p.add_argument("--raw", type=Path, required=True)
    p.add_argument("--k", type=int, default=10)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    print(json.dumps(raw_libraries(args.raw, k=args.k, seed=args.seed)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
