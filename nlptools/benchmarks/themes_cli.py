"""The end-to-end themes benchmark of issue #15: ``nlptools themes`` against a plain TF-IDF + NMF.

Both sides are run the same way: a fresh Python subprocess that reads the
same labelled CSV file and writes its themes.

- **nlptools**: ``nlptools themes FILE --columns ... --title-field ...
  --themes LEXICON --format json`` with every other option at its default
  (on more articles than ``--fit-size``, the themes are fitted on a uniform
  sample and every article is placed by the fitted model).
- **baseline**: :func:`baseline`, this module run as a child: the CSV read
  with :mod:`csv`, each row's title and text, scikit-learn
  ``TfidfVectorizer(stop_words="english")`` and ``NMF(n_components = number
  of labels, init="nndsvda")``; each row's heaviest component.

The runs are interleaved (nlptools, baseline, nlptools, ...) so that a
change in the machine's load falls on both; the ratio of the medians is
reported, with each pair's ratio. Quality is measured on the same outputs:
nlptools' accuracy (an article's heaviest theme, mapped to a label by the
lexicon-to-label table; an article left out as a word-for-word repeat counts
as wrong in ``accuracy_all``) and NMI; the baseline's NMI and its accuracy
under the best one-to-one mapping of components to labels (optimistic for
the baseline).
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import statistics
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import InputError, ParameterError
from .scale import _display, _write_atomic, child_env, machine_info, run_measured

logger = logging.getLogger(__name__)

__all__ = ["baseline", "read_labelled_csv", "run_benchmark", "format_table"]

SCHEMA_VERSION = 1


def read_labelled_csv(
    path: Path, columns: Sequence[str], *, label: str, title: str, text: str
) -> tuple[list[str], list[str], list[str]]:
    """Titles, texts and labels of a header-less CSV file whose columns are ``columns``.

    Raises
    ------
    InputError
        A row has fewer fields than ``columns``.
    """
    index = {c: i for i, c in enumerate(columns)}
    titles: list[str] = []
    texts: list[str] = []
    labels: list[str] = []
    with path.open(encoding="utf-8", newline="") as f:
        for n, row in enumerate(csv.reader(f), start=1):
            if len(row) < len(columns):
                raise InputError(
                    f"{path}: row {n} has {len(row)} fields, expected {len(columns)} ({','.join(columns)})"
                )
            titles.append(row[index[title]])
            texts.append(row[index[text]])
            labels.append(row[index[label]])
    return titles, texts, labels


def baseline(path: Path, columns: Sequence[str], *, label: str, title: str, text: str, seed: int = 0) -> dict[str, Any]:
    """scikit-learn TF-IDF + NMF (one component per label) over the CSV's rows; each row's heaviest component."""
    t0 = time.perf_counter()
    titles, texts, labels = read_labelled_csv(path, columns, label=label, title=title, text=text)
    docs = [f"{t}\n\n{x}" for t, x in zip(titles, texts, strict=True)]
    t1 = time.perf_counter()
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    k = len(set(labels))
    X = TfidfVectorizer(stop_words="english").fit_transform(docs)
    W = NMF(n_components=k, init="nndsvda", random_state=seed, max_iter=200).fit_transform(X)
    t2 = time.perf_counter()
    return {
        "assigned": [int(i) for i in W.argmax(axis=1)],
        "read_s": round(t1 - t0, 3),
        "fit_s": round(t2 - t1, 3),
    }


def _nlptools_command(path: Path, columns: Sequence[str], title: str, lexicon: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "nlptools.cli",
        "themes",
        str(path),
        "--columns",
        ",".join(columns),
        "--title-field",
        title,
        "--themes",
        str(lexicon),
        "--format",
        "json",
        "-q",
    ]


def _score_nlptools(
    output: Path, titles: Sequence[str], labels: Sequence[str], theme_labels: Mapping[str, str], stem: str
) -> dict[str, Any]:
    """Accuracy and NMI of the ``nlptools themes`` JSON against the labels (rows found by their id ``stem:row``)."""
    from sklearn.metrics import normalized_mutual_info_score

    result = json.loads(output.read_text(encoding="utf-8"))
    truth: list[str] = []
    found: list[str] = []
    for d in result["documents"]:
        head, _, row = str(d["id"]).rpartition(":")
        if head != stem or not row.isdigit() or not 1 <= int(row) <= len(labels):
            raise InputError(f"{output}: document id {d['id']!r} is not {stem}:ROW")
        i = int(row) - 1
        if (d.get("title") or "") != titles[i].strip():
            raise InputError(f"{output}: document {d['id']} has title {d.get('title')!r}, row {row} {titles[i]!r}")
        w = d["themes"]
        best = max(w, key=lambda t: (w[t], t)) if w else None
        truth.append(labels[i])
        found.append(theme_labels.get(best, "") if best is not None else "")
    right = sum(a == b for a, b in zip(truth, found, strict=True))
    return {
        "documents_placed": len(found),
        "documents_left_out": len(labels) - len(found),
        "accuracy": right / max(len(found), 1),
        "accuracy_all": right / max(len(labels), 1),
        "nmi": float(normalized_mutual_info_score(truth, found)),
    }


def _score_baseline(assigned: Sequence[int], labels: Sequence[str]) -> dict[str, Any]:
    """NMI, and accuracy under the best one-to-one mapping of components to labels."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment
    from sklearn.metrics import normalized_mutual_info_score

    names = sorted(set(labels))
    y = np.array([names.index(v) for v in labels])
    a = np.asarray(assigned)
    k = max(int(a.max()) + 1, len(names)) if a.size else len(names)
    table = np.zeros((k, k), dtype=np.int64)
    np.add.at(table, (a, y), 1)
    rows, cols = linear_sum_assignment(-table)
    return {
        "accuracy_best_mapping": float(table[rows, cols].sum() / max(len(labels), 1)),
        "nmi": float(normalized_mutual_info_score(y, a)),
    }


def run_benchmark(
    path: Path,
    out: Path,
    *,
    columns: Sequence[str],
    label: str,
    title: str,
    text: str,
    lexicon: Path,
    theme_labels: Mapping[str, str],
    repeats: int = 3,
    seed: int = 0,
    timeout: float | None = 1800.0,
) -> dict[str, Any]:
    """Run both sides ``repeats`` times, interleaved; write ``bench_themes_cli.json`` and ``.md`` in ``out``.

    Parameters
    ----------
    path : Path
        The labelled CSV file (no header row).
    out : Path
        Output folder (created); the runs' outputs go to ``out/work``.
    columns : sequence of str
        The CSV's column names, in order.
    label, title, text : str
        The label, title and text columns.
    lexicon : Path
        The theme lexicon (TOML) given to ``nlptools themes``.
    theme_labels : mapping of str to str
        The label each lexicon theme stands for.
    repeats : int, default=3
    seed : int, default=0
        The baseline's NMF seed (nlptools runs with its default seed).
    timeout : float, optional
        Seconds per run.

    Returns
    -------
    dict
        What ``bench_themes_cli.json`` holds.
    """
    if repeats < 1:
        raise ParameterError(f"--repeats: must be at least 1, got {repeats}")
    for name, p in (("the corpus", path), ("--lexicon", lexicon)):
        if not p.is_file():
            raise InputError(f"{name} {p}: no such file")
    titles, _, labels = read_labelled_csv(path, columns, label=label, title=title, text=text)
    out.mkdir(parents=True, exist_ok=True)
    work = out / "work"
    work.mkdir(exist_ok=True)
    env = child_env()
    ours_cmd = _nlptools_command(path, columns, title, lexicon)
    base_cmd = [
        sys.executable,
        "-m",
        __name__,
        "--baseline",
        str(path),
        "--columns",
        ",".join(columns),
        "--label",
        label,
        "--title",
        title,
        "--text",
        text,
        "--seed",
        str(seed),
    ]
    runs: list[dict[str, Any]] = []
    for r in range(repeats):
        for side, cmd in (("nlptools", ours_cmd), ("baseline", base_cmd)):
            stdout = work / f"{side}-{r}.json"
            run: dict[str, Any] = {
                "side": side,
                "repeat": r,
                **run_measured(cmd, timeout=timeout, env=env, stdout=stdout),
            }
            if run["status"] == "ok":
                if side == "nlptools":
                    run["quality"] = _score_nlptools(stdout, titles, labels, theme_labels, path.stem)
                else:
                    child = json.loads(stdout.read_text(encoding="utf-8"))
                    run["quality"] = _score_baseline(child["assigned"], labels)
                    run["parts"] = {"read_s": child["read_s"], "fit_s": child["fit_s"]}
            logger.info("themes benchmark: %s %d: %s", side, r, {k: v for k, v in run.items() if k != "quality"})
            runs.append(run)
    result = {
        "benchmark": "themes-cli",
        "schema": SCHEMA_VERSION,
        "machine": machine_info(),
        "corpus": {"path": str(path), "documents": len(labels), "labels": len(set(labels))},
        "commands": {"nlptools": _display(ours_cmd), "baseline": _display(base_cmd)},
        "runs": runs,
        "summary": _summary(runs),
    }
    _write_atomic(out / "bench_themes_cli.json", json.dumps(result, indent=2) + "\n")
    _write_atomic(out / "bench_themes_cli.md", format_table(result))
    return result


def _summary(runs: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    ok = {s: [r for r in runs if r["side"] == s and r["status"] == "ok"] for s in ("nlptools", "baseline")}
    if not ok["nlptools"] or not ok["baseline"]:
        return {"complete": False}
    med = {s: {m: statistics.median(r[m] for r in rs) for m in ("wall_s", "cpu_s")} for s, rs in ok.items()}
    pairs = [
        round(a["wall_s"] / b["wall_s"], 2)
        for a, b in zip(ok["nlptools"], ok["baseline"], strict=False)
        if b["wall_s"] > 0
    ]
    return {
        "complete": True,
        "median": med,
        "ratio_wall": round(med["nlptools"]["wall_s"] / med["baseline"]["wall_s"], 2),
        "ratio_cpu": round(med["nlptools"]["cpu_s"] / med["baseline"]["cpu_s"], 2),
        "ratio_wall_per_pair": pairs,
        "quality": {"nlptools": ok["nlptools"][0]["quality"], "baseline": ok["baseline"][0]["quality"]},
    }


def format_table(result: Mapping[str, Any]) -> str:
    """The summary as Markdown."""
    s = result["summary"]
    lines = [f"# nlptools themes against TF-IDF + NMF ({result['corpus']['documents']} documents)", ""]
    if not s.get("complete"):
        return "\n".join([*lines, "Incomplete: a run failed (see bench_themes_cli.json).", ""])
    q = s["quality"]
    lines += [
        "| side | median wall s | median CPU s | accuracy | NMI |",
        "|---|---|---|---|---|",
        f"| nlptools themes | {s['median']['nlptools']['wall_s']} | {s['median']['nlptools']['cpu_s']} "
        f"| {q['nlptools']['accuracy']:.3f} ({q['nlptools']['accuracy_all']:.3f} of all) | {q['nlptools']['nmi']:.3f} |",
        f"| TF-IDF + NMF | {s['median']['baseline']['wall_s']} | {s['median']['baseline']['cpu_s']} "
        f"| {q['baseline']['accuracy_best_mapping']:.3f} (best mapping) | {q['baseline']['nmi']:.3f} |",
        "",
        f"Ratio of the medians: wall {s['ratio_wall']}x, CPU {s['ratio_cpu']}x "
        f"(each pair: {', '.join(f'{x}x' for x in s['ratio_wall_per_pair'])}).",
        "",
        f"- nlptools: `{result['commands']['nlptools']}`",
        f"- baseline: `{result['commands']['baseline']}`",
        "",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """The baseline child: prints one JSON line."""
    p = argparse.ArgumentParser(description="TF-IDF + NMF over a labelled CSV (a child of the themes benchmark)")
    p.add_argument("--baseline", type=Path, required=True)
    p.add_argument("--columns", required=True)
    p.add_argument("--label", required=True)
    p.add_argument("--title", required=True)
    p.add_argument("--text", required=True)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    cols = [c.strip() for c in args.columns.split(",")]
    print(json.dumps(baseline(args.baseline, cols, label=args.label, title=args.title, text=args.text, seed=args.seed)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
