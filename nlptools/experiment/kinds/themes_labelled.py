"""``kind = "themes-labelled"``: the library's themes (``find_themes``, default settings) against known labels.

The ``[corpus]`` is a folder tree whose folders are the labels (BBC News,
20 Newsgroups: :func:`nlptools.benchmarks.labelled.load_labelled_folder`,
header lines dropped) or a CSV/JSONL file with a label column (AG News:
:func:`nlptools.benchmarks.themes_labelled.load_labelled_records`).
Optionally ``samples`` seeded random samples of ``per_label`` documents of
every label are drawn. Each sample goes through
:func:`nlptools.benchmarks.themes_labelled.themes_agreement`:

named themes (``[themes] lexicon`` and a ``labels`` table: lexicon theme -> label)
    accuracy and macro-F1 of each document's main theme against its label;
discovered themes (no lexicon; ``k`` an int, ``"auto"`` or a list of them)
    NMI, ARI and purity of the main theme against the labels, the k used and
    the k sweep's rows.

Both report the mean NPMI of the themes' top-10 terms and the scores of a
plain scikit-learn TF-IDF + NMF (one component per label) fitted on the same
texts. ``metrics.json`` holds only these deterministic values; the seconds
of cleaning, of ``find_themes`` and of the NMF baseline, and their ratio, go
to ``speed.json`` (and ``timings.json``); ``runs.csv`` has one row per run,
``samples.json`` the document ids of each sample.

Example configs: ``experiments/themes_ag_news.toml``,
``experiments/themes_discovered_bbc50.toml``, ``experiments/themes_discovered_bbc.toml``,
``experiments/themes_discovered_20ng.toml``.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...corpus import RECORD_SUFFIXES
from ..config import Experiment, check_one_source
from ..schema import SchemaError
from ._corpus import config_file
from .base import Kind

logger = logging.getLogger(__name__)

__all__ = ["ThemesLabelledCorpusSettings", "ThemesLabelledSettings", "run"]

#: Scores averaged over the samples of one k setting.
_MEANS = ("nmi", "ari", "purity", "accuracy", "macro_f1", "coverage", "npmi", "k")


@dataclass(frozen=True)
class ThemesLabelledCorpusSettings:
    """``[corpus]``: a labelled folder tree or a record file with a label column, and the sampling.

    Attributes
    ----------
    path, data : str
        Exactly one (relative to the config file, or to the data folder).
    suffixes : array of str
        A folder's file suffixes to read (``[""]`` for files without one; default: all supported).
    label_level : int
        A folder's documents: which component of a document id (split on ``/``) is its label (-2: the parent folder).
    columns : array of str
        A CSV file without a header row: its column names (``["label", "title", "text"]`` for AG News).
    label_field, text_field, title_field, id_field : str
        A record file's fields (columns).
    per_label : int
        Draw this many documents of every label at random (0: every document).
    samples : int
        How many such random samples (seeded by the experiment's seed); only with ``per_label``.
    """

    path: str | None = None
    data: str | None = None
    suffixes: tuple[str, ...] = ()
    label_level: int = -2
    columns: tuple[str, ...] = ()
    label_field: str = "label"
    text_field: str = "text"
    title_field: str = "title"
    id_field: str = "id"
    per_label: int = field(default=0, metadata={"min": 0})
    samples: int = field(default=1, metadata={"min": 1})

    def check(self) -> None:
        check_one_source(self.path, self.data)
        if self.label_level == 0:
            raise SchemaError(
                "label_level", "label_level: 0 is the top folder of every id; use -2 for the parent folder"
            )
        if self.samples > 1 and not self.per_label:
            raise SchemaError("samples", "samples: several samples need per_label (documents drawn per label)")


@dataclass(frozen=True)
class ThemesLabelledSettings:
    """``[themes]``: named or discovered themes, and what else to measure.

    Attributes
    ----------
    lexicon : str, optional
        A theme lexicon (TOML), relative to the config file: named themes
        (``find_themes``' ``"semantic"`` method). Without one: discovered themes (``"ensemble"``).
    labels : table of str
        With a lexicon: each lexicon theme's label value (``world = "1"``); every theme must have one.
    k : int, "auto" or array of them
        Discovered themes: the number of themes; a list runs each value.
    stability : int
        ``find_themes``' refits for stability (default 0, as the ``themes`` command).
    npmi : bool
        Score the themes' top-10 terms by NPMI on the documents' tokens.
    baseline : bool
        Also fit scikit-learn TF-IDF + NMF (one component per label) on the same texts.
    top_terms : int
        Terms per theme reported.
    """

    lexicon: str | None = None
    labels: dict[str, str] = field(default_factory=dict)
    k: int | str | tuple[int | str, ...] = "auto"
    stability: int = field(default=0, metadata={"min": 0, "max": 50})
    npmi: bool = True
    baseline: bool = True
    top_terms: int = field(default=10, metadata={"min": 1})

    @property
    def ks(self) -> list[int | str]:
        """``k`` as a list."""
        return list(self.k) if isinstance(self.k, tuple) else [self.k]

    def check(self) -> None:
        ks = self.ks
        if not ks:
            raise SchemaError("k", "k: must not be empty")
        for v in ks:
            if isinstance(v, str) and v != "auto" or isinstance(v, int) and v < 2:
                raise SchemaError("k", f"k: {v!r} is neither 'auto' nor an integer of at least 2")
        if len({str(v) for v in ks}) != len(ks):
            raise SchemaError("k", "k: a value is listed twice")
        if self.lexicon is None and self.labels:
            raise SchemaError("labels", "labels: maps lexicon themes to labels; give a lexicon too")
        if self.lexicon is not None and not self.labels:
            raise SchemaError("labels", "labels: with a lexicon, map each of its themes to a label value")
        if self.lexicon is not None and self.k != "auto":
            raise SchemaError("k", "k: named themes (a lexicon) take one theme per lexicon theme; leave k out")


def _lexicon_path(exp: Experiment) -> Path | None:
    ts: ThemesLabelledSettings = exp["themes"]
    return None if ts.lexicon is None else config_file(exp, ts.lexicon, "themes.lexicon")


def _check(exp: Experiment) -> None:
    from ...errors import ConfigError
    from ...themes.lexicon import load_lexicon

    path = _lexicon_path(exp)
    if path is None:
        return
    names = set(load_lexicon(path).themes)
    mapped = set(exp["themes"].labels)
    if names != mapped:
        missing, extra = sorted(names - mapped), sorted(mapped - names)
        raise ConfigError(
            f"{exp.where}: themes.labels: must map every lexicon theme to a label"
            + (f"; missing: {', '.join(missing)}" if missing else "")
            + (f"; not lexicon themes: {', '.join(extra)}" if extra else "")
        )


def _load(exp: Experiment, root: Path) -> tuple[list[Any], list[str], int]:
    from ...benchmarks.labelled import load_labelled_folder
    from ...benchmarks.themes_labelled import load_labelled_records

    cs: ThemesLabelledCorpusSettings = exp["corpus"]
    if root.is_file() and root.suffix.lower() in RECORD_SUFFIXES:
        docs, labels = load_labelled_records(
            root,
            label_field=cs.label_field,
            columns=list(cs.columns) or None,
            text_field=cs.text_field,
            title_field=cs.title_field,
            id_field=cs.id_field,
        )
        return docs, labels, 0
    return load_labelled_folder(root, suffixes=list(cs.suffixes) or None, label_level=cs.label_level)


def _mean(values: list[Any]) -> float | None:
    vals = [float(v) for v in values if v is not None]
    return sum(vals) / len(vals) if vals else None


def run(exp: Experiment, ctx: Any) -> dict[str, Any]:
    from ...benchmarks.themes_labelled import label_samples, themes_agreement
    from ...errors import InputError

    cs: ThemesLabelledCorpusSettings = exp["corpus"]
    ts: ThemesLabelledSettings = exp["themes"]
    root = exp.resolve_input("corpus")
    lexicon = _lexicon_path(exp)
    if lexicon is not None:
        ctx.add_inputs([lexicon])
    with ctx.timed("load_clean"):
        docs, labels, dropped = _load(exp, root)
    ctx.add_inputs(sorted({d.document.source.split("#")[0] for d in docs if d.document.source}))
    present = set(labels)
    if lexicon is not None:
        absent = sorted({v for v in ts.labels.values() if v not in present})
        if absent:
            raise InputError(
                f"{exp.where}: themes.labels: label value(s) {', '.join(map(repr, absent))} do not occur in the "
                f"corpus (its labels: {', '.join(sorted(present))})"
            )
    draws = label_samples(labels, cs.per_label, cs.samples, seed=exp.seed)
    ctx.write_json("samples.json", [[docs[i].id for i in ix] for ix in draws])
    ks: list[int | str] = ts.ks if lexicon is None else ["auto"]
    jobs = [(k, s) for k in ks for s in range(len(draws))]
    results: dict[str, Any] = {}
    rows, speed_rows = [], []
    for k, s in ctx.progress(jobs, desc="find_themes", unit="run"):
        ix = draws[s]
        with ctx.timed("runs"):
            res = themes_agreement(
                [docs[i] for i in ix],
                [labels[i] for i in ix],
                lexicon=lexicon,
                theme_labels=ts.labels or None,
                k=k,
                random_state=exp.seed,
                stability=ts.stability,
                npmi=ts.npmi,
                baseline=ts.baseline,
                top_terms=ts.top_terms,
            )
        key = f"k={k}"
        sc = res.scores
        results.setdefault(key, {"runs": []})["runs"].append({"sample": s, **sc})
        for name, sec in res.seconds.items():
            ctx.timings[f"{name}/{key}/sample{s}"] = sec
        base = res.seconds.get("baseline_nmf")
        speed_rows.append(
            {
                "k_asked": str(k),
                "sample": s,
                "documents": sc["documents"],
                "find_themes_seconds": res.seconds["find_themes"],
                "baseline_nmf_seconds": base,
                "ratio_find_themes_over_nmf": res.seconds["find_themes"] / base if base else None,
                "npmi_seconds": res.seconds.get("npmi"),
            }
        )
        rows.append(
            {
                "k_asked": str(k),
                "sample": s,
                "documents": sc["documents"],
                "method": sc["method"],
                "k": sc["k"],
                "nmi": sc["nmi"],
                "ari": sc["ari"],
                "purity": sc["purity"],
                "accuracy": sc.get("accuracy"),
                "macro_f1": sc.get("macro_f1"),
                "coverage": sc.get("coverage"),
                "npmi": sc.get("npmi"),
                "baseline_nmf_nmi": (sc.get("baseline_nmf") or {}).get("nmi"),
                "themes": " | ".join(t["name"] for t in sc["themes"]),
            }
        )
    for res_k in results.values():
        runs = res_k["runs"]
        for m in _MEANS:
            if any(m in r for r in runs):
                res_k[f"mean_{m}"] = _mean([r.get(m) for r in runs])
        if ts.baseline:
            res_k["mean_baseline_nmf_nmi"] = _mean([r["baseline_nmf"]["nmi"] for r in runs])
    ctx.write_table("runs.csv", rows)
    ctx.write_json("speed.json", _speed(ctx, speed_rows))
    return {
        "corpus": {
            "documents": len(docs),
            "labels": {lab: labels.count(lab) for lab in sorted(present)},
            "header_sentences_dropped": dropped,
            "per_label": cs.per_label,
            "samples": len(draws),
            "documents_per_sample": len(draws[0]),
        },
        "mode": "named" if lexicon is not None else "discovered",
        "lexicon": ts.lexicon,
        "theme_labels": dict(sorted(ts.labels.items())),
        "stability": ts.stability,
        "results": results,
        "note": "times (cleaning, find_themes, the TF-IDF + NMF baseline, their ratio) are in speed.json",
    }


def _speed(ctx: Any, rows: list[dict[str, Any]]) -> dict[str, Any]:
    by_k: dict[str, dict[str, Any]] = {}
    for r in rows:
        by_k.setdefault(r["k_asked"], {"runs": []})["runs"].append(r)
    for v in by_k.values():
        for m in ("find_themes_seconds", "baseline_nmf_seconds", "ratio_find_themes_over_nmf"):
            v[f"mean_{m}"] = _mean([r[m] for r in v["runs"]])
    return {
        "clean_seconds": ctx.timings.get("load_clean"),
        "note": "cleaning is timed once for the whole corpus and is not part of find_themes_seconds; "
        "the baseline is sklearn TfidfVectorizer(stop_words='english') + NMF(n_components = labels) "
        "on the same clean texts",
        "by_k": by_k,
        "cpu_count": os.cpu_count(),
        "threads": os.environ.get("OMP_NUM_THREADS"),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }


KIND = Kind(
    name="themes-labelled",
    sections={"corpus": ThemesLabelledCorpusSettings, "themes": ThemesLabelledSettings},
    run=run,
    description="find_themes' named or discovered themes against labels: accuracy/F1 or NMI/ARI/purity, and speed",
    check=_check,
)
