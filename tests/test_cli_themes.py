"""``nlptools themes``: JSON/Markdown output, determinism, one-line errors."""

from __future__ import annotations

import json
import shutil

import pytest

from nlptools.cli import main


@pytest.fixture(scope="module")
def seeds_copy(tmp_path_factory, seeds_dir):
    """The seed articles without their lexicon (so no lexicon is picked up by default)."""
    d = tmp_path_factory.mktemp("plain")
    for f in seeds_dir.glob("*.txt"):
        shutil.copy(f, d / f.name)
    return d


def _run(capsys, *argv):
    code = main(["themes", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_output_on_seeds(capsys, seeds_dir):
    code, out, err = _run(capsys, seeds_dir, "--k", "4", "--seed", "1")
    assert code == 0, err
    data = json.loads(out)
    names = [t["name"] for t in data["themes"]]
    assert {"arms trade", "troop deployment", "diplomacy"} <= set(names)  # seeds/themes.toml used by default
    for t in data["themes"]:
        assert t["top_terms"] and 0 <= t["weight"] <= 1
        assert all(set(d) == {"id", "weight"} for d in t["documents"])
    doc = data["documents"][0]
    assert doc["id"] == "000_6a56d1b123cea368"
    assert set(doc["themes"]) == set(names)
    # offsets are those of `nlptools sentences`
    main(["sentences", str(seeds_dir)])
    sent_lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    first_doc = [(s["start"], s["end"]) for s in sent_lines if s["document"] == doc["id"]]
    assert [(s["start"], s["end"]) for s in doc["sentences"]] == first_doc
    assert all(s["theme"] is None or s["theme"] in names for s in doc["sentences"])
    assert out == json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"  # sorted keys


def test_byte_identical_across_runs(capsys, seeds_dir):
    a = _run(capsys, seeds_dir, "--k", "3", "--method", "kmeans", "--seed", "5")[1]
    b = _run(capsys, seeds_dir, "--k", "3", "--method", "kmeans", "--seed", "5")[1]
    assert a == b and a


def test_markdown_and_no_lexicon(capsys, seeds_copy):
    code, out, err = _run(capsys, seeds_copy, "--k", "3", "--method", "nmf", "--format", "md")
    assert code == 0, err
    assert out.startswith("# Themes (nmf, k = 3")
    assert "discovered" in out and "arms trade" not in out


def test_explicit_lexicon_and_auto_k(capsys, seeds_copy, seeds_dir):
    code, out, err = _run(capsys, seeds_copy, "--themes", seeds_dir / "themes.toml", "--method", "nmf")
    assert code == 0, err
    data = json.loads(out)
    assert data["k_sweep"]["best_k"] == data["k"] >= 3
    assert len(data["k_sweep"]["scores"]) >= 2


@pytest.mark.parametrize(
    "args, message",
    [
        (["--k", "500"], "k: 500 themes is more than the"),
        (["--k", "five"], "--k: expected an integer"),
        (["--k", "0"], "--k: must be a positive integer"),
        (["--method", "bertopic"], "--method: 'bertopic' is not one of"),
        (["--format", "xml"], "--format"),
        (["--seed", "x"], "--seed"),
        (["--threshold", "high"], "--threshold"),
        (["--unit", "word"], "--unit"),
        (["--method", "semantic"], "semantic names the themes of a lexicon"),
        (["--stability", "-2"], "--stability"),
        (["--stability", "many"], "--stability"),
    ],
)
def test_bad_options_one_line(capsys, seeds_copy, args, message):
    code, out, err = _run(capsys, seeds_copy, *args)
    assert code == 1 and out == ""
    lines = [x for x in err.splitlines() if x.startswith("nlptools: error")]
    assert len(lines) == 1 and message in lines[0], err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "toml, message",
    [
        ('[themes]\n"a" = ["weapon"\n', "invalid TOML"),
        ('[themes]\n"a" = []\n', "has no seed words"),
        ('[themes]\n"space" = ["astronaut"]\n', "none of its seed words"),
        ("", "no themes"),
    ],
)
def test_bad_lexicons_one_line(capsys, tmp_path, seeds_copy, toml, message):
    lex = tmp_path / "lex.toml"
    lex.write_text(toml, encoding="utf-8")
    code, out, err = _run(capsys, seeds_copy, "--themes", lex, "--k", "3")
    assert code == 1 and out == ""
    assert message in err and err.count("\n") == 1 and str(lex) in err


def test_absent_seed_word_warns(capsys, tmp_path, seeds_copy):
    lex = tmp_path / "lex.toml"
    lex.write_text('[themes]\n"arms" = ["weapon", "bazooka"]\n', encoding="utf-8")
    code, out, err = _run(capsys, seeds_copy, "--themes", lex, "--k", "3", "--method", "nmf")
    assert code == 0
    assert "bazooka" in err and "warning" in err
    assert "arms" in {t["name"] for t in json.loads(out)["themes"]}


def test_missing_path_and_lexicon(capsys, tmp_path, seeds_copy):
    code, _, err = _run(capsys, tmp_path / "nothing")
    assert code == 1 and err.startswith("nlptools: error")
    code, _, err = _run(capsys, seeds_copy, "--themes", tmp_path / "none.toml")
    assert code == 1 and "cannot read the lexicon" in err


def test_default_with_a_lexicon_is_named_themes_with_descriptions_and_stability(capsys, seeds_dir):
    code, out, err = _run(capsys, seeds_dir, "--stability", "2")
    assert code == 0, err
    data = json.loads(out)
    assert data["method"] == "semantic"
    themes = {t["name"]: t for t in data["themes"]}
    assert {"arms trade", "troop deployment", "diplomacy"} <= set(themes)
    assert themes["diplomacy"]["description"].startswith("Diplomacy")
    assert all(0 <= t["stability"] <= 1 for t in data["themes"])
    assert all(0 <= d["agreement"] <= 1 for d in data["documents"])
    assert all(t["kept_because"] for t in data["themes"] if not t["seeded"])  # a discovered theme says why


def test_default_without_a_lexicon_is_the_ensemble_with_unique_merged_names(capsys, seeds_copy):
    code, out, err = _run(capsys, seeds_copy, "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["method"] == "ensemble" and data["k_sweep"]["criterion"] == "silhouette * stability"
    names = [t["name"] for t in data["themes"]]
    assert len(names) == len(set(names))
    terms = {w for t in data["themes"] for w in t["top_terms"]}
    assert "north_korea" in terms and "korea" not in terms  # multi-word names merged without a lexicon
