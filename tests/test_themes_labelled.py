"""The ``themes-labelled`` experiment kind and its protocol (nlptools.benchmarks.themes_labelled)."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import pytest

from nlptools.benchmarks.themes_labelled import NO_THEME, label_samples, main_themes, named_scores
from nlptools.errors import ConfigError, ParameterError
from nlptools.experiment import KINDS, parse_config, run_experiment

TOPICS = {
    "sport": (
        "football match team goal striker coach league season stadium referee penalty champion cup fans".split(),
        "The {0} and the {1} decided the {2}. Fans at the {3} watched the {4} and the {5}.",
    ),
    "business": (
        "market shares profit bank investor economy stock price company earnings trade inflation".split(),
        "The {0} lifted the {1} of the {2}. Analysts said the {3} and the {4} would follow the {5}.",
    ),
    "tech": (
        "software computer internet chip laptop programmer code website smartphone processor data server".split(),
        "A new {0} runs on the {1} with the {2}. Engineers tested the {3}, the {4} and the {5}.",
    ),
}

LEXICON = """\
[themes]
football = ["football", "match", "goal", "team"]
money = ["market", "bank", "profit", "stock"]
computers = ["software", "computer", "internet", "chip"]

[descriptions]
football = "Sport: football matches, teams, goals and leagues."
money = "Business: markets, banks, profits and shares."
computers = "Technology: software, computers, chips and the internet."
"""


def _article(label: str, rng: random.Random) -> str:
    words, template = TOPICS[label]
    sentences = [template.format(*rng.sample(words, 6)) for _ in range(3)]
    return "Headline about " + rng.choice(words) + "\n\n" + " ".join(sentences) + "\n"


@pytest.fixture(scope="module")
def toy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``corpus/<label>/<NN>.txt`` (3 labels x 8 articles), ``toy.csv`` (the same, no header), ``lexicon.toml``."""
    root = tmp_path_factory.mktemp("toy")
    rng = random.Random(7)
    rows = []
    for label in TOPICS:
        folder = root / "corpus" / label
        folder.mkdir(parents=True)
        for i in range(8):
            text = _article(label, rng)
            (folder / f"{i:02d}.txt").write_text(text, encoding="utf-8")
            title, _, body = text.partition("\n\n")
            rows.append([label, title, body.strip()])
    with open(root / "toy.csv", "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    (root / "lexicon.toml").write_text(LEXICON, encoding="utf-8")
    return root


def _config(root: Path, body: str, name: str = "c.toml") -> Path:
    p = root / name
    p.write_text(body, encoding="utf-8")
    return p


NAMED = """\
name = "toy-named"
kind = "themes-labelled"
seed = 0
[corpus]
path = "toy.csv"
columns = ["label", "title", "text"]
title_field = "title"
[themes]
lexicon = "lexicon.toml"
[themes.labels]
football = "sport"
money = "business"
computers = "tech"
"""

DISCOVERED = """\
name = "toy-discovered"
kind = "themes-labelled"
seed = 0
[corpus]
path = "corpus"
per_label = 6
samples = 2
[themes]
k = ["auto", 3]
"""


def test_kind_is_registered():
    assert "themes-labelled" in KINDS


def test_named_run_is_accurate_and_its_metrics_are_byte_identical(toy: Path, tmp_path: Path):
    cfg = _config(toy, NAMED, "named.toml")
    a = run_experiment(cfg, out=tmp_path / "runs", progress=False)
    b = run_experiment(cfg, out=tmp_path / "runs", progress=False)
    assert (a.out / "metrics.json").read_bytes() == (b.out / "metrics.json").read_bytes()
    m = a.metrics
    assert m["mode"] == "named"
    assert m["corpus"]["documents"] == 24
    run = m["results"]["k=auto"]["runs"][0]
    assert run["method"] == "semantic"
    for key in ("accuracy", "macro_f1", "coverage", "confusion", "per_label", "nmi", "ari", "purity", "npmi"):
        assert key in run
    assert run["accuracy"] >= 0.9
    assert m["results"]["k=auto"]["mean_accuracy"] == run["accuracy"]
    assert {t["label"] for t in run["themes"] if t["seeded"]} == {"sport", "business", "tech"}
    # no timings in metrics.json; they are in speed.json and timings.json
    text = (a.out / "metrics.json").read_text(encoding="utf-8")
    assert "seconds" not in text
    speed = json.loads((a.out / "speed.json").read_text(encoding="utf-8"))
    r = speed["by_k"]["auto"]["runs"][0]
    assert r["find_themes_seconds"] > 0 and r["baseline_nmf_seconds"] > 0
    assert r["ratio_find_themes_over_nmf"] == pytest.approx(r["find_themes_seconds"] / r["baseline_nmf_seconds"])
    assert speed["clean_seconds"] is not None
    assert any(k.startswith("find_themes/") for k in a.timings["stages_seconds"])


def test_discovered_run_scores_each_k_and_sample(toy: Path, tmp_path: Path):
    cfg = _config(toy, DISCOVERED, "discovered.toml")
    a = run_experiment(cfg, out=tmp_path / "runs", progress=False)
    b = run_experiment(cfg, out=tmp_path / "runs", progress=False)
    assert (a.out / "metrics.json").read_bytes() == (b.out / "metrics.json").read_bytes()
    m = a.metrics
    assert m["mode"] == "discovered"
    assert set(m["results"]) == {"k=auto", "k=3"}
    assert m["corpus"]["samples"] == 2 and m["corpus"]["documents_per_sample"] == 18
    for res in m["results"].values():
        assert len(res["runs"]) == 2
        for run in res["runs"]:
            assert run["method"] == "ensemble"
            for score in ("nmi", "ari", "purity", "npmi", "k", "k_sweep", "themes", "baseline_nmf"):
                assert score in run
            assert "accuracy" not in run
        for mean in ("mean_nmi", "mean_ari", "mean_purity", "mean_k", "mean_baseline_nmf_nmi"):
            assert mean in res
    fixed = m["results"]["k=3"]["runs"][0]
    assert fixed["k"] == 3 and fixed["k_sweep"] is None
    assert fixed["nmi"] > 0.5  # three distinct vocabularies
    auto = m["results"]["k=auto"]["runs"][0]
    if auto["k_sweep"] is not None:
        assert all("seconds" not in row for row in auto["k_sweep"]["rows"])
    samples = json.loads((a.out / "samples.json").read_text(encoding="utf-8"))
    assert len(samples) == 2 and samples[0] != samples[1] and len(samples[0]) == 18
    assert (a.out / "runs.csv").read_text(encoding="utf-8").count("\n") == 5


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (NAMED.replace('computers = "tech"\n', ""), "missing: computers"),
        (NAMED.replace("[themes.labels]", "k = 3\n[themes.labels]"), "k:"),
        (DISCOVERED.replace('k = ["auto", 3]', 'k = ["auto", 1]'), "k:"),
        (DISCOVERED.replace('k = ["auto", 3]', 'k = "many"'), "k:"),
        (DISCOVERED.replace("per_label = 6\n", ""), "samples"),
        (DISCOVERED + '[themes.labels]\nx = "sport"\n', "labels"),
    ],
)
def test_bad_configs(toy: Path, body: str, expected: str):
    with pytest.raises(ConfigError, match=expected):
        parse_config(body, source=toy / "bad.toml")


def test_protocol_helpers():
    labels = ["a"] * 5 + ["b"] * 4
    draws = label_samples(labels, 2, 3, seed=1)
    assert draws == label_samples(labels, 2, 3, seed=1)
    assert all(sorted(d) == d and [labels[i] for i in d].count("a") == 2 for d in draws)
    assert label_samples(labels, 0) == [list(range(9))]
    with pytest.raises(ParameterError):
        label_samples(labels, 5)

    class R:
        themes = [type("T", (), {"name": "x"})(), type("T", (), {"name": "y"})()]
        documents = [
            type("D", (), {"id": "1", "weights": {"x": 0.2, "y": 0.8}})(),
            type("D", (), {"id": "2", "weights": {"x": 0.5, "y": 0.5}})(),
            type("D", (), {"id": "3", "weights": {}})(),
        ]

    assert main_themes(R(), ["1", "2", "3"]) == ["y", "x", NO_THEME]
    s = named_scores(["b", "a", "a"], ["y", "x", NO_THEME], {"x": "a", "y": "b"})
    assert s["accuracy"] == pytest.approx(2 / 3)
    assert s["coverage"] == pytest.approx(2 / 3)
    assert s["confusion"] == {"a": {NO_THEME: 1, "a": 1}, "b": {"b": 1}}
    assert s["macro_f1"] == pytest.approx((2 / 3 + 1.0) / 2)
