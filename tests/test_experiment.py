"""Experiment configs, runs, manifests, determinism and the ``nlptools run`` command."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import numpy as np
import pytest

from nlptools.cli import main
from nlptools.errors import ConfigError, InputError
from nlptools.experiment import KINDS, Kind, load_config, parse_config, register_kind, run_experiment, verify_run
from nlptools.experiment.kinds import KIND_MODULES, load_kind
from nlptools.experiment.kinds.segmentation import SegmentationSettings
from nlptools.themes import find_themes

ROOT = Path(__file__).resolve().parents[1]

ARTICLES = {
    "sport/001.txt": "Cup final\n\nThe striker scored twice in the final. The coach praised the team.\n\n"
    "Fans celebrated the win in the city centre. The club plans a parade.",
    "sport/002.txt": "Tennis\n\nThe champion won the match in straight sets. The crowd cheered the champion.",
    "sport/003.txt": "Rugby\n\nThe team lost the rugby match. The coach blamed the weather and the pitch.",
    "tech/001.txt": "Phones\n\nThe company released a new phone with a faster chip. Sales of the phone rose.\n\n"
    "By Ann Lee",
    "tech/002.txt": "Chips\n\nThe chip maker opened a factory. The factory will build chips for phones.",
    "tech/003.txt": "Software\n\nA software update fixed a security flaw. Users should install the update.",
}


@pytest.fixture()
def corpus_dir(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    for name, text in ARTICLES.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return root


def write_config(folder: Path, body: str, name: str = "exp.toml") -> Path:
    p = folder / name
    p.write_text(body, encoding="utf-8")
    return p


SMALL = """\
name = "small"
kind = "segmentation"
seed = 3

[corpus]
path = "corpus"

[vectorize]
min_df = 1

[segmentation]
figures = false
"""


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    "body, expected",
    [
        (
            SMALL.replace("[vectorize]\nmin_df", "[vectorize]\nmin_dff"),
            r"unknown key vectorize\.min_dff \(did you mean 'min_df'\?\)",
        ),
        (
            SMALL.replace("[segmentation]", "[segmentaion]"),
            r"unknown key segmentaion \(did you mean 'segmentation'\?\)",
        ),
        (
            SMALL.replace("seed = 3", 'seed = 3\ndescrption = "x"'),
            r"unknown key descrption \(did you mean 'description'\?\)",
        ),
        (
            SMALL.replace('path = "corpus"', 'path = "corpus"\nlimit = "3"'),
            r"corpus\.limit: expected an integer, got '3'",
        ),
        (
            SMALL.replace('path = "corpus"', 'path = "corpus"\nlimit = true'),
            r"corpus\.limit: expected an integer, got true",
        ),
        (SMALL.replace("min_df = 1", "min_df = -2"), r"vectorize\.min_df: -2 is below the minimum 0"),
        (SMALL.replace("min_df = 1", "min_df = 1.5"), r"vectorize\.min_df: a proportion must be at most 1\.0"),
        (
            SMALL.replace("min_df = 1", 'unit = "sentense"'),
            r"vectorize\.unit: 'sentense' is not one of 'sentence', 'paragraph', 'document' \(did you mean 'sentence'\?\)",
        ),
        (SMALL.replace("figures = false", "figures = 1"), r"segmentation\.figures: expected true or false, got 1"),
        (
            SMALL.replace('kind = "segmentation"', 'kind = "segmentatoin"'),
            r"kind: 'segmentatoin' is not one of .* \(did you mean 'segmentation'\?\)",
        ),
        (SMALL.replace('name = "small"\n', ""), r"missing required key name"),
        (SMALL.replace('path = "corpus"', ""), r"corpus\.path, data: give exactly one"),
        (SMALL.replace('path = "corpus"', 'path = "corpus"\ndata = "x"'), r"corpus\.path, data: give exactly one"),
        (
            SMALL + '\n[cleaning]\nrules = ["bylin"]\n',
            r"cleaning\.rules\[0\]: unknown cleaning rule 'bylin' \(did you mean 'byline'\?\)",
        ),
        (
            SMALL + "\n[tokens]\nstop_words = 3\n",
            r"tokens\.stop_words: expected true or false or an array of a string, got 3",
        ),
        (SMALL.replace('name = "small"', 'name = "../up"'), r"name: '\.\./up' must be usable as a folder name"),
        (SMALL.replace("[corpus]", "[corpus"), r"not valid TOML"),
        (SMALL.replace("seed = 3", "seed = -1"), r"seed: expected an integer >= 0"),
    ],
)
def test_bad_configs_name_the_file_and_the_key(tmp_path, body, expected):
    cfg = write_config(tmp_path, body)
    with pytest.raises(ConfigError) as info:
        load_config(cfg)
    message = str(info.value)
    assert message.startswith(f"{cfg}: ")
    assert re.search(expected, message), message
    assert "\n" not in message


def test_valid_config_fills_defaults_and_resolves_paths(tmp_path, corpus_dir):
    cfg = write_config(tmp_path, SMALL + '\n[tokens]\nstop_words = ["the", "a"]\n')
    exp = load_config(cfg)
    assert exp.name == "small" and exp.kind == "segmentation" and exp.seed == 3
    assert exp["segmentation"] == SegmentationSettings(top_terms=30, projection="pca", figures=False)
    assert exp["tokens"].stop_words == ("the", "a")
    assert exp["vectorize"].min_df == 1 and exp["vectorize"].max_df == 0.95
    assert exp.resolve_input() == corpus_dir  # relative to the config file, not the working directory
    resolved = exp.resolved()
    assert resolved["corpus"]["resolved_path"] == str(corpus_dir)
    assert resolved["cleaning"] == {"rules": None}
    assert exp.sha256 == hashlib.sha256(cfg.read_bytes()).hexdigest()


def test_data_paths_are_relative_to_the_data_folder(tmp_path, corpus_dir, monkeypatch):
    body = SMALL.replace('path = "corpus"', 'data = "corpus"')
    monkeypatch.delenv("NLPTOOLS_DATA", raising=False)
    exp = parse_config(body, source=tmp_path / "x.toml")
    with pytest.raises(ConfigError, match="pass --data DIR or set NLPTOOLS_DATA"):
        exp.resolve_input()
    assert parse_config(body, data_dir=tmp_path).resolve_input() == corpus_dir
    monkeypatch.setenv("NLPTOOLS_DATA", str(tmp_path))
    assert parse_config(body).resolve_input() == corpus_dir
    with pytest.raises(InputError, match=r"corpus\.data = 'missing': .* does not exist"):
        parse_config(body.replace('data = "corpus"', 'data = "missing"')).resolve_input()


def test_every_shipped_config_is_valid():
    configs = sorted((ROOT / "experiments").glob("*.toml"))
    assert configs
    for cfg in configs:
        exp = load_config(cfg, data_dir=ROOT / "no-data-needed-to-parse")
        assert exp.kind in KINDS


# --------------------------------------------------------------------------- runs


def test_run_writes_outputs_manifest_and_identical_metrics(tmp_path, corpus_dir):
    cfg = write_config(tmp_path, SMALL)
    out = tmp_path / "runs"
    first = run_experiment(cfg, out=out, progress=False)
    second = run_experiment(cfg, out=out, progress=False)
    assert first.out == out / "small" and second.out == out / "small-2"  # never overwrites
    a = (first.out / "metrics.json").read_bytes()
    assert a == (second.out / "metrics.json").read_bytes()
    for table in ("documents.csv", "removed_by_rule.csv", "top_terms.csv"):
        assert (first.out / table).read_bytes() == (second.out / table).read_bytes()

    metrics = json.loads(a)
    assert metrics["experiment"] == "small" and metrics["kind"] == "segmentation"
    assert metrics["documents"] == 6
    assert metrics["labels"] == {"sport": 3, "tech": 3}
    assert metrics["removed"]["byline"]["spans"] == 1  # "By Ann Lee"
    assert metrics["sentences"] == 14  # 4 + 5 x 2 body sentences, headlines apart
    assert "seconds" not in a.decode()  # timings live elsewhere
    assert str(tmp_path) not in a.decode()  # no absolute paths: runs elsewhere give the same bytes
    timings = json.loads((first.out / "timings.json").read_text())
    assert timings["total_seconds"] > 0 and "clean" in timings["stages_seconds"]
    assert (first.out / "config.toml").read_text() == cfg.read_text()
    assert json.loads((first.out / "config.resolved.json").read_text())["vectorize"]["min_df"] == 1

    manifest = json.loads((first.out / "manifest.json").read_text())
    assert manifest == first.manifest
    assert manifest["seeds"] == [3]
    assert re.fullmatch(r"[0-9a-f]{40}", manifest["git"]["commit"])  # the test runs inside the repository
    assert isinstance(manifest["git"]["dirty"], bool)
    assert manifest["environment"]["python"].count(".") == 2
    assert manifest["packages"]["numpy"] and manifest["packages"]["scikit-learn"]
    assert manifest["config"]["sha256"] == hashlib.sha256(cfg.read_bytes()).hexdigest()
    inputs = {rec["path"]: rec for rec in manifest["inputs"]}
    assert set(inputs) == {str(cfg)} | {str(corpus_dir / n) for n in ARTICLES}
    for path, rec in inputs.items():
        data = Path(path).read_bytes()
        assert rec["sha256"] == hashlib.sha256(data).hexdigest() and rec["bytes"] == len(data)
    outputs = {rec["path"]: rec for rec in manifest["outputs"]}
    assert {"metrics.json", "timings.json", "config.toml", "config.resolved.json", "documents.csv"} <= set(outputs)
    assert "manifest.json" not in outputs
    for name, rec in outputs.items():
        assert rec["sha256"] == hashlib.sha256((first.out / name).read_bytes()).hexdigest()
    assert verify_run(first.out) == []
    (first.out / "documents.csv").write_text("tampered")
    assert verify_run(first.out) == ["documents.csv"]


def test_subset_and_figures(tmp_path, corpus_dir):
    body = SMALL.replace('path = "corpus"', 'path = "corpus"\nper_label = 2\nlimit = 3').replace(
        "figures = false", "figures = true"
    )
    result = run_experiment(write_config(tmp_path, body), out=tmp_path / "runs", progress=False)
    assert result.metrics["documents"] == 3
    assert result.metrics["labels"] == {"sport": 2, "tech": 1}  # sorted by path: 2 sport, then tech
    for png in ("removed_by_rule.png", "sentence_length.png", "document_map.png"):
        assert (result.out / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert png in {rec["path"] for rec in result.manifest["outputs"]}


def test_same_inputs_elsewhere_give_the_same_metrics(tmp_path, corpus_dir):
    first = run_experiment(write_config(tmp_path, SMALL), out=tmp_path / "a", progress=False)
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "corpus").symlink_to(corpus_dir)
    second = run_experiment(write_config(other, SMALL), out=tmp_path / "b", progress=False)
    assert (first.out / "metrics.json").read_bytes() == (second.out / "metrics.json").read_bytes()


def test_missing_input_fails_before_a_run_folder_exists(tmp_path):
    cfg = write_config(tmp_path, SMALL.replace('path = "corpus"', 'path = "nowhere"'))
    with pytest.raises(InputError, match=r"corpus\.path = 'nowhere'"):
        run_experiment(cfg, out=tmp_path / "runs")
    assert not (tmp_path / "runs").exists()


def test_registered_kind_runs_and_a_failure_leaves_error_json(tmp_path):
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Echo:
        value: int = 1
        fail: bool = False

    def run(exp, ctx):
        if exp["echo"].fail:
            raise RuntimeError("boom")
        ctx.add_seeds([exp.seed + 1])
        ctx.write_table("t.csv", [{"x": 0.1, "y": None, "z": [1, 2]}])
        ctx.write_jsonl("rows.jsonl", [{"b": 1, "a": 2}])
        with pytest.raises(ValueError, match="written by the runner"):
            ctx.path("metrics.json")
        with pytest.raises(ValueError, match="inside the run folder"):
            ctx.path("../x")
        return {"value": exp["echo"].value, "nan": float("nan")}

    register_kind(Kind(name="echo-test", sections={"echo": Echo}, run=run))
    try:
        ok = run_experiment(
            parse_config('name = "e"\nkind = "echo-test"\nseed = 5\n[echo]\nvalue = 7\n'), out=tmp_path, progress=False
        )
        assert json.loads((ok.out / "metrics.json").read_text()) == {
            "experiment": "e",
            "kind": "echo-test",
            "nan": None,
            "value": 7,
        }
        assert (ok.out / "metrics.json").read_text().index('"experiment"') < (
            ok.out / "metrics.json"
        ).read_text().index('"kind"')
        assert ok.manifest["seeds"] == [5, 6]
        assert (ok.out / "t.csv").read_text() == "x,y,z\n0.1,,1 2\n"
        assert (ok.out / "rows.jsonl").read_text() == '{"a": 2, "b": 1}\n'
        with pytest.raises(RuntimeError, match="boom"):
            run_experiment(parse_config('name = "f"\nkind = "echo-test"\n[echo]\nfail = true\n'), out=tmp_path)
        assert json.loads((tmp_path / "f" / "error.json").read_text()) == {"error": "RuntimeError: boom"}
        assert not (tmp_path / "f" / "metrics.json").exists()
    finally:
        KINDS.pop("echo-test", None)


# --------------------------------------------------------------------------- command line


def test_cli_run_prints_the_run_folder(tmp_path, corpus_dir, capsys):
    cfg = write_config(tmp_path, SMALL)
    assert main(["run", str(cfg), "--out", str(tmp_path / "runs"), "--quiet"]) == 0
    out, err = capsys.readouterr()
    assert out.strip() == str(tmp_path / "runs" / "small")
    assert err == ""
    manifest = json.loads((tmp_path / "runs" / "small" / "manifest.json").read_text())
    assert manifest["command"][:2] == ["nlptools", "run"] or manifest["command"][0] == "nlptools"


def test_cli_bad_config_is_one_line(tmp_path, capsys):
    cfg = write_config(tmp_path, SMALL.replace("[segmentation]", "[segmentation]\nprojecton = 'pca'"))
    assert main(["run", str(cfg), "--out", str(tmp_path / "runs")]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(
        f"nlptools: error: {cfg}: unknown key segmentation.projecton (did you mean 'projection'?)"
    )
    assert not (tmp_path / "runs").exists()
    assert main(["run", str(tmp_path / "absent.toml")]) == 1
    assert "absent.toml: no such config file" in capsys.readouterr().err


def test_cli_check_prints_resolved_settings(tmp_path, corpus_dir, capsys):
    cfg = write_config(tmp_path, SMALL)
    assert main(["run", str(cfg), "--check"]) == 0
    resolved = json.loads(capsys.readouterr().out)
    assert resolved["corpus"]["resolved_path"] == str(corpus_dir)
    assert resolved["segmentation"]["top_terms"] == 30
    assert not (tmp_path / "runs").exists()


# --------------------------------------------------------------------------- summaries kind

BBC_LIKE = {
    "business": (
        "Oil prices rise\n\nOil prices rose sharply on Monday. Traders blamed supply worries in the Gulf. "
        "The rise lifted shares in energy firms. Analysts expect more volatility this week.",
        "Oil prices rose sharply on Monday.The rise lifted shares in energy firms.",
    ),
    "sport": (
        "United win again\n\nUnited won their fifth match in a row. The striker scored twice before half time. "
        "The manager praised the defence. Fans sang until the final whistle.",
        "United won their fifth match in a row.The striker scored twice before half time.",
    ),
}


@pytest.fixture()
def reference_dir(tmp_path: Path) -> Path:
    root = tmp_path / "bbc"
    for cat, (article, summary) in BBC_LIKE.items():
        for sub, text in (("articles", article), ("summaries", summary)):
            p = root / sub / cat / "001.txt"
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(text, encoding="utf-8")
    return root


SUMMARIES = """\
name = "sums"
kind = "summaries"

[corpus]
path = "bbc"
per_category = 5

[summaries]
methods = ["lead", "textrank", "oracle"]
figures = false
"""


def test_summaries_kind_scores_methods_and_is_deterministic(tmp_path, reference_dir):
    cfg = write_config(tmp_path, SUMMARIES)
    a = run_experiment(cfg, out=tmp_path / "runs", progress=False)
    b = run_experiment(cfg, out=tmp_path / "runs", progress=False)
    assert (a.out / "metrics.json").read_bytes() == (b.out / "metrics.json").read_bytes()
    m = a.metrics
    assert m["articles"] == 2 and m["categories"] == {"business": 1, "sport": 1}
    assert m["methods"]["oracle"]["rouge1"] == pytest.approx(100.0)
    # business: lead picks sentences 1-2, the reference is 1 and 3
    assert m["methods"]["lead"]["by_category"]["sport"]["rouge1"] == pytest.approx(100.0)
    assert m["methods"]["lead"]["rouge1"] < 100.0
    assert m["ranking"][0] == "oracle"
    rows = [json.loads(line) for line in (a.out / "summaries.jsonl").read_text().splitlines()]
    assert {(r["method"], r["category"]) for r in rows} == {
        (x, c) for x in ("lead", "textrank", "oracle") for c in ("business", "sport")
    }
    lead_business = next(r for r in rows if r["method"] == "lead" and r["category"] == "business")
    assert lead_business["sentences"] == [
        "Oil prices rose sharply on Monday.",
        "Traders blamed supply worries in the Gulf.",
    ]
    header = (a.out / "rouge.csv").read_text().splitlines()[0]
    assert header == "method,rouge1,rouge2,rougeL,rougeLsum,n"
    assert len({rec["path"] for rec in a.manifest["inputs"]}) == 5  # config + 2 articles + 2 summaries
    assert set(a.timings["stages_seconds"]) >= {"summarize/lead", "summarize/oracle"}


def test_summaries_config_rejects_unknown_method(tmp_path):
    cfg = write_config(tmp_path, SUMMARIES.replace('"textrank"', '"textrnk"'))
    with pytest.raises(
        ConfigError, match=r"summaries\.methods\[1\]: unknown method 'textrnk' \(did you mean 'textrank'\?\)"
    ):
        load_config(cfg)


# --------------------------------------------------------------------------- topics kind

TOPICS = """\
name = "tops"
kind = "topics"

[corpus]
path = "corpus"

[vectorize]
unit = "sentence"
min_df = 1

[topics]
models = ["nmf", "kmeans", "lda"]
k = [2, 3]
seeds = [0, 1]
figures = false

[topics.params.lda]
passes = 2
"""


@pytest.mark.slow
def test_topics_kind_sweeps_models_k_and_seeds_deterministically(tmp_path, corpus_dir):
    cfg = write_config(tmp_path, TOPICS)
    a = run_experiment(cfg, out=tmp_path / "runs", progress=False)
    b = run_experiment(cfg, out=tmp_path / "runs", progress=False)
    assert (a.out / "metrics.json").read_bytes() == (b.out / "metrics.json").read_bytes()
    assert (a.out / "topics.jsonl").read_bytes() == (b.out / "topics.jsonl").read_bytes()
    m = a.metrics
    assert m["corpus"] == {
        "format": "articles",
        "documents": 6,
        "passages": 14,
        "unit": "sentence",
        "vocabulary": m["corpus"]["vocabulary"],
        "labelled": True,
    }
    assert m["grid"] == {"models": ["nmf", "kmeans", "lda"], "k": [2, 3], "seeds": [0, 1]}
    for model in ("nmf", "kmeans", "lda"):
        res = m["models"][model]
        assert res["fits"] == 4 and res["chosen_k"] in (2, 3)
        for k in ("2", "3"):
            assert set(res["by_k"][k]) == {"npmi", "td10", "td25", "nmi", "ari", "purity"}
            assert 0 < res["by_k"][k]["td10"]["mean"] <= 1
    fits = (a.out / "fits.csv").read_text().splitlines()
    assert fits[0] == "model,k,seed,npmi,td10,td25,nmi,ari,purity" and len(fits) == 1 + 12
    topics = [json.loads(line) for line in (a.out / "topics.jsonl").read_text().splitlines()]
    assert len(topics) == 12 and all(len(t["topics"]) == t["k"] for t in topics)
    assert a.manifest["seeds"] == [0, 1]
    assert any(s.startswith("fit/lda") for s in a.timings["stages_seconds"])


def test_topics_kind_octis_format_and_figures(tmp_path):
    lines = [
        "oil price barrel market trade",
        "oil barrel opec supply price",
        "goal match striker team win",
        "team coach match season goal",
        "vote party election poll labour",
        "election party leader vote campaign",
    ]
    labels = ["business", "business", "sport", "sport", "politics", "politics"]
    folder = tmp_path / "octis"
    folder.mkdir()
    (folder / "corpus.tsv").write_text("".join(f"{t}\ttrain\t{lab}\n" for t, lab in zip(lines, labels)) + "\ttest\tx\n")
    body = (
        'name = "oct"\nkind = "topics"\n[corpus]\npath = "octis"\nformat = "octis"\n'
        '[topics]\nmodels = ["nmf"]\nk = [2, 3]\n'
    )
    result = run_experiment(write_config(tmp_path, body), out=tmp_path / "runs", progress=False)
    m = result.metrics
    assert m["corpus"]["documents"] == 6 and m["corpus"]["unit"] == "document"
    assert m["corpus"]["vocabulary"] == len({w for t in lines for w in t.split()})  # used as is, no filtering
    assert m["models"]["nmf"]["by_k"]["3"]["nmi"]["mean"] == pytest.approx(1.0)  # three clean clusters
    for png in (
        "model_selection.png",
        "top_terms_nmf.png",
        "intertopic_nmf.png",
        "document_map_nmf.png",
        "document_topics_nmf.png",
    ):
        assert (result.out / png).is_file(), png
    assert {rec["path"] for rec in result.manifest["inputs"]} >= {str(folder / "corpus.tsv")}


@pytest.mark.parametrize(
    "change, expected",
    [
        (('"kmeans", ', '"kmean", '), r"topics\.models\[1\]: unknown model 'kmean' \(did you mean 'kmeans'\?\)"),
        (("passes = 2", "pases = 2"), r"topics\.params\.lda: .*pases"),
        (("k = [2, 3]", "k = [1, 3]"), r"topics\.k: 1 is below the minimum 2"),
        (("k = [2, 3]", "k = [2, 2]"), r"topics\.k: a value is listed twice"),
        (('unit = "sentence"', 'unit = "sentence"\n[corpus2]'), r"unknown key corpus2 \(did you mean 'corpus'\?\)"),
        (('path = "corpus"', 'path = "corpus"\npartition = "train"'), r"corpus\.partition: only for format = 'octis'"),
    ],
)
def test_topics_config_errors(tmp_path, change, expected):
    cfg = write_config(tmp_path, TOPICS.replace(*change))
    with pytest.raises(ConfigError, match=expected):
        load_config(cfg)


# --------------------------------------------------------------------------- topics-benchmark kind


def test_topics_benchmark_kind_runs_the_octis_protocol_without_timings_in_metrics(tmp_path):
    words = [
        "oil price barrel market trade opec",
        "goal match striker team win coach",
        "vote party election poll labour leader",
        "film actor award star cinema director",
    ]
    rng = np.random.default_rng(0)
    lines = [" ".join(rng.choice(w.split(), size=8)) for w in words for _ in range(5)]
    folder = tmp_path / "octis"
    folder.mkdir()
    (folder / "corpus.tsv").write_text("".join(f"{t}\ttrain\tx\n" for t in lines))
    body = (
        'name = "bench"\nkind = "topics-benchmark"\n[corpus]\npath = "octis"\n'
        '[protocol]\nmodels = ["nmf", "kmeans"]\nk = [2, 4]\nseeds = [0, 1]\nworkers = 1\n'
    )
    cfg = write_config(tmp_path, body)
    a = run_experiment(cfg, out=tmp_path / "runs", progress=False)
    b = run_experiment(cfg, out=tmp_path / "runs", progress=False)
    assert (a.out / "metrics.json").read_bytes() == (b.out / "metrics.json").read_bytes()
    text = (a.out / "metrics.json").read_text()
    assert "seconds" not in text
    m = a.metrics
    assert set(m["models"]) == {"nmf", "nmf-relevance", "kmeans", "kmeans-relevance"}
    assert len(m["models"]["nmf"]["fits"]) == 4
    assert m["models"]["nmf"]["mean_td10"] == pytest.approx(np.mean([f["td10"] for f in m["models"]["nmf"]["fits"]]))
    assert m["protocol"]["ks"] == [2, 4] and m["protocol"]["n_documents"] == 20
    assert any(k.startswith("fit/nmf/k2-seed0") for k in a.timings["stages_seconds"])
    assert (a.out / "model_selection.png").is_file()
    assert (a.out / "fits.csv").read_text().splitlines()[0] == "model,k,seed,npmi,td10,td25"
    with pytest.raises(ConfigError, match=r"protocol\.models\[0\]: unknown model 'nfm' \(did you mean 'nmf'\?\)"):
        load_config(write_config(tmp_path, body.replace('"nmf", "kmeans"', '"nfm"'), name="bad.toml"))


# --------------------------------------------------------------------------- summary-cost kind


def test_summary_cost_kind_keeps_times_out_of_metrics(tmp_path, reference_dir):
    body = (
        'name = "cost"\nkind = "summary-cost"\n[corpus]\npath = "bbc"\n'
        '[cost]\nmethods = ["lead", "lexrank"]\nsizes = [4, 8]\nsummary_sentences = 2\nrepeats = 1\n'
    )
    cfg = write_config(tmp_path, body)
    a = run_experiment(cfg, out=tmp_path / "runs", progress=False)
    b = run_experiment(cfg, out=tmp_path / "runs", progress=False)
    assert (a.out / "metrics.json").read_bytes() == (b.out / "metrics.json").read_bytes()
    m = a.metrics
    assert m["document"] == {"articles": 2, "sentences_available": 8}
    assert m["chosen"]["lead"] == {"4": [0, 1], "8": [0, 4]}  # lead: the first sentence of each article
    assert "seconds" not in json.dumps(m["chosen"])
    assert a.timings["stages_seconds"]["cost/lexrank/8/cpu"] >= 0
    rows = (a.out / "cost.csv").read_text().splitlines()
    assert rows[0] == "method,sentences,cpu_seconds,wall_seconds,skipped" and len(rows) == 5
    assert (a.out / "cost.png").is_file()
    # a cap of zero skips every size after the first, and says so
    capped = run_experiment(
        write_config(tmp_path, body.replace("repeats = 1", "repeats = 1\ncap_seconds = 0.0"), name="capped.toml"),
        out=tmp_path / "runs",
        progress=False,
    )
    table = (capped.out / "cost.csv").read_text()
    assert table.count("> cap 0 s") == 2
    assert capped.metrics["chosen"]["lexrank"] == {"4": capped.metrics["chosen"]["lexrank"]["4"]}
    with pytest.raises(ConfigError, match=r"cost\.sizes: must be increasing"):
        load_config(write_config(tmp_path, body.replace("[4, 8]", "[8, 4]"), name="bad.toml"))


# --------------------------------------------------------------------------- themes kind


def test_themes_kind_on_the_seeds_with_the_lexicon(tmp_path, seeds_dir):
    body = (
        f'name = "th"\nkind = "themes"\n[corpus]\npath = "{seeds_dir}"\nsuffixes = [".txt"]\n'
        f'[themes]\nlexicon = "{seeds_dir / "themes.toml"}"\nk = 3\nfigures = false\n'
    )
    cfg = write_config(tmp_path, body)
    a = run_experiment(cfg, out=tmp_path / "runs", progress=False)
    b = run_experiment(cfg, out=tmp_path / "runs", progress=False)
    assert (a.out / "metrics.json").read_bytes() == (b.out / "metrics.json").read_bytes()
    assert (a.out / "themes.json").read_bytes() == (b.out / "themes.json").read_bytes()
    m = a.metrics
    assert m["k"] == 3 and {t["name"] for t in m["themes"]} == {"arms trade", "troop deployment", "diplomacy"}
    # no method or unit in the config: find_themes' own choice (named themes by meaning, sentence by sentence)
    assert _library_default(find_themes, "method") is None and _library_default(find_themes, "unit") is None
    assert m["unit"] == "sentence"
    assert len(m["documents"]) == 5
    full = json.loads((a.out / "themes.json").read_text())
    assert sum(len(d["sentences"]) for d in full["documents"]) > 100  # every sentence placed, with offsets
    assert str(seeds_dir / "themes.toml") in {rec["path"] for rec in a.manifest["inputs"]}
    with pytest.raises(InputError, match=r"themes\.lexicon = 'nope\.toml'"):
        load_config(write_config(tmp_path, body.replace(str(seeds_dir / "themes.toml"), "nope.toml"), name="b.toml"))


def _library_default(function, name):
    import inspect

    return inspect.signature(function).parameters[name].default


def test_themes_kind_has_no_default_of_its_own_for_the_unit(tmp_path, corpus_dir):
    from nlptools.experiment.kinds.themes import ThemesSettings

    assert ThemesSettings().unit is None  # find_themes decides, as `nlptools themes` does
    cfg = write_config(
        tmp_path, 'name = "u"\nkind = "themes"\n[corpus]\npath = "corpus"\n[themes]\nunit = "sentence"\n'
    )
    assert load_config(cfg)["themes"].unit == "sentence"


def test_themes_kind_figures_and_timeline_for_dated_records(tmp_path):
    texts = [
        "Oil prices rose as traders bought crude. The oil market expects more supply.",
        "The striker scored a late goal. The team won the match.",
        "Crude oil fell on supply news. Traders sold oil futures.",
        "The coach praised the team after the match. Fans cheered the goal.",
    ] * 3
    records = [{"id": f"a{i}", "date": f"2024-01-{1 + 2 * i:02d}", "text": t} for i, t in enumerate(texts)]
    (tmp_path / "news.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    body = (
        'name = "dated"\nkind = "themes"\n[corpus]\npath = "news.jsonl"\n[themes]\nmethod = "nmf"\nk = 2\nmin_df = 1\n'
    )
    result = run_experiment(write_config(tmp_path, body), out=tmp_path / "runs", progress=False)
    for png in ("top_terms.png", "document_themes.png", "intertopic.png", "sentence_map.png", "themes_over_time.png"):
        assert (result.out / png).is_file(), png
    assert result.metrics["sentences"]["without_theme"] + sum(result.metrics["sentences"]["by_theme"].values()) == 24


# --------------------------------------------------------------------------- topics-labelled kind


def test_topics_labelled_kind_scores_clusters_against_folders(tmp_path, corpus_dir):
    body = (
        'name = "lab"\nkind = "topics-labelled"\n[corpus]\npath = "corpus"\n'
        '[labelled]\nmethods = ["kmeans", "nmf"]\nk = 2\nseeds = [0, 1]\nmin_df = 1\nmax_df = 1.0\n'
    )
    cfg = write_config(tmp_path, body)
    a = run_experiment(cfg, out=tmp_path / "runs", progress=False)
    b = run_experiment(cfg, out=tmp_path / "runs", progress=False)
    assert (a.out / "metrics.json").read_bytes() == (b.out / "metrics.json").read_bytes()
    m = a.metrics
    assert m["documents"] == 6 and m["labels"] == {"sport": 3, "tech": 3} and m["k"] == 2
    for method in ("kmeans", "nmf"):
        res = m["methods"][method]
        assert [r["seed"] for r in res["runs"]] == [0, 1]
        assert 0 <= res["mean_nmi"] <= 1 and "fit_seconds" not in res["runs"][0]
    assert (a.out / "runs.csv").read_text().splitlines()[0] == "method,seed,nmi,ari,purity,top_terms"
    assert (a.out / "nmi_by_method.png").is_file() and (a.out / "ari_by_method.png").is_file()
    assert len([r for r in a.manifest["inputs"] if r["path"].endswith(".txt")]) == 6
    few = run_experiment(
        write_config(tmp_path, body.replace('path = "corpus"', 'path = "corpus"\nper_label = 2'), name="few.toml"),
        out=tmp_path / "runs",
        progress=False,
    )
    assert few.metrics["labels"] == {"sport": 2, "tech": 2}
    with pytest.raises(ConfigError, match=r"labelled\.params\.lda: not one of the methods"):
        load_config(write_config(tmp_path, body + "[labelled.params.lda]\npasses = 2\n", name="bad.toml"))


def test_each_kind_has_a_shipped_config():
    shipped = {load_config(p, data_dir=ROOT).kind for p in (ROOT / "experiments").glob("*.toml")}
    for name in KIND_MODULES:
        assert name in shipped, name


def test_run_help_names_every_kind(capsys):
    with pytest.raises(SystemExit):
        main(["run", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for name in KIND_MODULES:
        assert name in text, name


# --------------------------------------------------------------------------- the table of kinds


def test_every_kind_of_the_table_imports_and_registers():
    import pkgutil

    from nlptools.experiment import kinds

    for name, module in KIND_MODULES.items():
        kind = load_kind(name, module)
        assert KINDS[name] is kind and kind.name == name and kind.sections and callable(kind.run)
    # every kind module of the package is in the table (helpers start with "_"; base defines Kind)
    modules = {m.name for m in pkgutil.iter_modules(kinds.__path__) if not m.name.startswith("_")} - {"base"}
    assert modules == set(KIND_MODULES.values())


def test_a_misspelt_or_misnamed_kind_module_fails_loudly():
    with pytest.raises(ModuleNotFoundError, match="topcs"):
        load_kind("topics", "topcs")
    with pytest.raises(ValueError, match=r"KIND is named 'topics', its table entry 'topic'"):
        load_kind("topic", "topics")
    with pytest.raises(TypeError, match="defines no KIND"):
        load_kind("corpus", "_corpus")


@pytest.mark.data
@pytest.mark.slow
def test_summaries_on_the_shared_bbc_data(tmp_path, data_dir):
    body = (
        'name = "bbc"\nkind = "summaries"\n[corpus]\ndata = "bbc-news-summary"\nper_category = 2\n'
        '[summaries]\nmethods = ["lead", "textrank", "oracle"]\nfigures = false\n'
    )
    cfg = write_config(tmp_path, body)
    a = run_experiment(load_config(cfg, data_dir=data_dir), out=tmp_path / "runs", progress=False)
    b = run_experiment(load_config(cfg, data_dir=data_dir), out=tmp_path / "runs", progress=False)
    assert (a.out / "metrics.json").read_bytes() == (b.out / "metrics.json").read_bytes()
    assert a.metrics["articles"] == 10 and len(a.metrics["categories"]) == 5
    assert a.metrics["methods"]["oracle"]["rouge1"] > a.metrics["methods"]["lead"]["rouge1"]
    assert a.manifest["data_dir"] == str(data_dir.absolute())
    assert len(a.manifest["inputs"]) == 1 + 2 * 10  # config, articles and their summaries


def test_progress_bars_only_when_asked(tmp_path, capsys):
    from nlptools.experiment import RunContext

    exp = parse_config(SMALL)
    quiet = RunContext(exp, tmp_path, progress=False)
    items = [1, 2, 3]
    assert quiet.progress(items, desc="x") is items
    loud = RunContext(exp, tmp_path, progress=True)
    assert list(loud.progress(items, desc="counting", total=3)) == items
    err = capsys.readouterr().err
    assert "counting" in err  # tqdm writes to stderr, never stdout


def test_project_root_and_shared_data(tmp_path, monkeypatch):
    from nlptools.experiment import project_root, shared_data

    repo = tmp_path / "repo"
    (repo / "seeds").mkdir(parents=True)
    (repo / "seeds" / "themes.toml").write_text("[themes]\na = ['b']\n")
    inner = repo / "notebooks"
    inner.mkdir()
    assert project_root(inner) == repo
    assert project_root(tmp_path) is None
    monkeypatch.delenv("NLPTOOLS_DATA", raising=False)
    assert shared_data(inner) == tmp_path / "shared" / "data"
    assert shared_data(tmp_path) is None
    monkeypatch.setenv("NLPTOOLS_DATA", str(tmp_path / "elsewhere"))
    assert shared_data(inner) == tmp_path / "elsewhere"


# --------------------------------------------------------------------------- themes-reading kind

READING = """\
name = "reading"
kind = "themes-reading"

[corpus]
path = "{seeds}"
suffixes = [".txt"]

[reading]
file = "{root}/experiments/data/seeds_reading.json"
lexicon = "{seeds}/themes.toml"
methods = ["nmf", "kmeans"]
units = ["paragraph"]
k = [3]
seeds = [0]

[reading.disagreements]
method = "nmf"
unit = "paragraph"
k = 3
seed = 0
"""


@pytest.mark.slow
def test_themes_reading_kind_scores_runs_against_the_hand_reading(tmp_path, seeds_dir):
    cfg = write_config(tmp_path, READING.format(seeds=seeds_dir, root=ROOT))
    a = run_experiment(cfg, out=tmp_path / "runs", progress=False)
    m = a.metrics
    assert [(r["method"], r["unit"], r["k"], r["k_used"]) for r in m["summary"]] == [
        ("nmf", "paragraph", "3", [3]),
        ("kmeans", "paragraph", "3", [3]),
    ]
    assert all(0 <= r["accuracy"] <= 1 and 0 <= r["article_main"] <= 1 for r in m["summary"])
    assert sum(r["n"] for r in m["runs"]) == 2 * 132  # every sentence of the seeds is read
    assert [(x["a"], x["b"]) for x in m["agreement"]] == [("nmf", "kmeans")]
    rows = (a.out / "disagreements.csv").read_text().splitlines()
    assert rows[0] == "document,sentence,model,model_theme,reader,text"
    assert len(rows) - 1 == m["disagreements"]["n"] == round((1 - m["runs"][0]["accuracy"]) * 132)
    assert (a.out / "summary.csv").read_text().startswith("method,unit,k,seeds,k_used,accuracy,")
    assert str(ROOT / "experiments" / "data" / "seeds_reading.json") in {r["path"] for r in a.manifest["inputs"]}


def test_themes_reading_config_errors(tmp_path, seeds_dir):
    body = READING.format(seeds=seeds_dir, root=ROOT)
    bad = [
        (
            ('"nmf", "kmeans"', '"nmf", "kmean"'),
            r"reading\.methods\[1\]: unknown method 'kmean' \(did you mean 'kmeans'\?\)",
        ),
        (("k = 3\nseed", "k = 4\nseed"), r"reading\.disagreements\.k: 4 is not in the grid's ks"),
        (("seeds_reading.json", "nothing.json"), r"reading\.file = .*nothing\.json.* is not a file"),
    ]
    for (a, b), expected in bad:
        with pytest.raises((ConfigError, InputError), match=expected):
            load_config(write_config(tmp_path, body.replace(a, b), name="bad.toml"))


def test_reading_file_round_trips_the_seeds_reading():
    from nlptools.benchmarks.reading import load_reading

    reading = load_reading(ROOT / "experiments" / "data" / "seeds_reading.json")
    assert len(reading.sentences) == 132 and len(reading.articles) == 5
    assert reading.sentences[("000_6a56d1b123cea368", 2)] == ("arms trade", "diplomacy")
    assert reading.articles["002_71db2a8b7660cb1e"] == ("troop deployment", "diplomacy")
    assert reading.letter(None) == "O" and reading.letter("discovered") == "?"


# --------------------------------------------------------------------------- segmentation-eval kind


@pytest.mark.slow
def test_segmentation_eval_kind_scores_the_seeds_without_a_data_folder(tmp_path, monkeypatch):
    pytest.importorskip("pysbd")
    monkeypatch.delenv("NLPTOOLS_DATA", raising=False)
    body = (
        'name = "seg"\nkind = "segmentation-eval"\n'
        f'[gold]\nfile = "{ROOT / "experiments" / "data" / "segmentation_gold.json"}"\n[speed]\nrepeat = 1\n'
    )
    a = run_experiment(write_config(tmp_path, body), out=tmp_path / "runs", progress=False)
    m = a.metrics
    assert m["gold"]["documents"] == {"seeds": 5}  # the BBC texts need the data folder
    ours = m["scores"]["nlptools.split_sentences/line"]["strict"]["all"]
    assert ours["f1"] > 0.9 and set(m["scores"]) >= {"pysbd/line", "nlptools.clean_document"}
    assert all(e["error"] in ("missed", "spurious") for e in m["errors"]["nlptools.split_sentences/line"])
    speed = json.loads((a.out / "speed.json").read_text())
    assert set(speed["speed_mb_per_s"]) == set(m["scores"]) and speed["speed_mb_per_s_sample"] == {}
    assert "speed" not in (a.out / "metrics.json").read_text()
    assert (a.out / "scores.csv").read_text().splitlines()[0].startswith("segmenter,mode,")


# --------------------------------------------------------------------------- pipeline-speed kind


@pytest.mark.slow
def test_pipeline_speed_kind_measures_in_child_processes(tmp_path):
    folder = tmp_path / "posts" / "group"
    folder.mkdir(parents=True)
    for i in range(6):
        (folder / f"{i}").write_text(f"Subject: post {i}\n\nThe match was won by the team {i}. Fans cheered.\n")
    body = 'name = "pipe"\nkind = "pipeline-speed"\n[corpus]\npath = "posts"\n[pipeline]\nfractions = [1.0]\n'
    a = run_experiment(write_config(tmp_path, body), out=tmp_path / "runs", progress=False)
    m = a.metrics
    assert [(r["mode"], r["documents"]) for r in m["runs"]] == [("sklearn", 6), ("nlptools", 6)]
    assert m["stages_nlptools"]["sentences"] > 0
    throughput = json.loads((a.out / "throughput.json").read_text())
    assert throughput["runs"][1]["peak_rss_mb"] > 0 and throughput["ratio_nlptools_over_sklearn_speed"] > 0
    assert "seconds" not in (a.out / "metrics.json").read_text() and "rss" not in (a.out / "metrics.json").read_text()


# --------------------------------------------------------------------------- summarizer-speed kind


@pytest.mark.slow
def test_summarizer_speed_kind_keeps_times_out_of_metrics(tmp_path, reference_dir):
    body = (
        'name = "speed"\nkind = "summarizer-speed"\n[corpus]\npath = "bbc"\n'
        '[speed]\npairs = { lexrank = "sumy-lexrank" }\nrepeats = 1\n'
        '[growth]\nmethods = ["lead", "lexrank"]\nsizes = [4, 8]\nsummary_sentences = 2\nrepeats = 1\n'
    )
    cfg = write_config(tmp_path, body)
    a = run_experiment(cfg, out=tmp_path / "runs", progress=False)
    b = run_experiment(cfg, out=tmp_path / "runs", progress=False)
    assert (a.out / "metrics.json").read_bytes() == (b.out / "metrics.json").read_bytes()
    m = a.metrics
    pair = m["pairs"]["lexrank"]
    assert pair["batch_chooses_as_per_article"] == {"lexrank": True, "sumy-lexrank": True}
    assert 0 < pair["native_rouge1"] <= 100 and 0 < pair["sumy_rouge1"] <= 100
    assert m["growth"]["chosen"]["lead"] == {"4": [0, 1], "8": [0, 4]}
    speed = json.loads((a.out / "speed.json").read_text())
    assert speed["pairs"]["lexrank"]["sumy_ms_per_article"] > 0 and len(speed["growth"]) == 4
    assert "seconds" not in (a.out / "metrics.json").read_text()
    with pytest.raises(ConfigError, match=r"speed\.pairs: unknown method 'lexrnk'"):
        load_config(write_config(tmp_path, body.replace("{ lexrank", "{ lexrnk"), name="bad.toml"))
