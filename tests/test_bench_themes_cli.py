"""The end-to-end themes benchmark (issue #15): the CSV reader, the scores, a whole run on a toy corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nlptools.benchmarks import themes_cli
from nlptools.errors import InputError, ParameterError

SPORT = [
    "The striker scored a late goal and the football club won the league match.",
    "The goalkeeper saved a penalty in the cup final at the stadium.",
    "The coach praised his players after the derby win at the stadium.",
    "The tennis champion won the final set and lifted the trophy.",
    "The rugby team beat their rivals in a tense match before big crowds.",
    "The cricket captain scored a century as his team won the test match.",
]
MARKETS = [
    "Shares fell on the stock market as investors sold bank stocks.",
    "The central bank raised interest rates to curb inflation in the economy.",
    "The company reported record profits and its share price jumped.",
    "Oil prices climbed and the stock exchange index hit a record high.",
    "The bank cut its profit forecast and its shares slumped in early trading.",
    "Traders said the dollar gained as the market priced in a rate rise.",
]


def _corpus(tmp_path: Path) -> tuple[Path, Path]:
    rows = []
    for i in range(4):
        for j, (a, b) in enumerate(zip(SPORT, MARKETS, strict=True)):
            rows.append(f'"1","Sport report {i}-{j}","{a} Report {i} of day {j}."')
            rows.append(f'"2","Market report {i}-{j}","{b} Report {i} of day {j}."')
    csv = tmp_path / "toy.csv"
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    lex = tmp_path / "lexicon.toml"
    lex.write_text(
        '[themes]\nsport = ["match", "team", "goal", "player"]\nmarkets = ["stock", "bank", "market", "share"]\n',
        encoding="utf-8",
    )
    return csv, lex


def test_labelled_csv_is_read_by_column_and_a_short_row_is_named(tmp_path: Path) -> None:
    csv, _ = _corpus(tmp_path)
    titles, texts, labels = themes_cli.read_labelled_csv(
        csv, ["label", "title", "text"], label="label", title="title", text="text"
    )
    assert len(titles) == len(texts) == len(labels) == 48
    assert labels[:2] == ["1", "2"] and titles[0] == "Sport report 0-0" and texts[1].startswith("Shares fell")
    bad = tmp_path / "bad.csv"
    bad.write_text('"1","only a title"\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.csv: row 1 has 2 fields"):
        themes_cli.read_labelled_csv(bad, ["label", "title", "text"], label="label", title="title", text="text")


def test_baseline_accuracy_takes_the_best_one_to_one_mapping() -> None:
    labels = ["a", "a", "b", "b", "c", "c"]
    assert themes_cli._score_baseline([2, 2, 0, 0, 1, 1], labels)["accuracy_best_mapping"] == 1.0
    half = themes_cli._score_baseline([0, 1, 0, 1, 0, 1], labels)
    assert half["accuracy_best_mapping"] == pytest.approx(2 / 6) and half["nmi"] < 0.1


@pytest.mark.slow
def test_a_whole_run_writes_both_sides_ratio_and_quality(tmp_path: Path) -> None:
    csv, lex = _corpus(tmp_path)
    result = themes_cli.run_benchmark(
        csv,
        tmp_path / "out",
        columns=["label", "title", "text"],
        label="label",
        title="title",
        text="text",
        lexicon=lex,
        theme_labels={"sport": "1", "markets": "2"},
        repeats=1,
    )
    saved = json.loads((tmp_path / "out" / "bench_themes_cli.json").read_text(encoding="utf-8"))
    assert saved == json.loads(json.dumps(result))
    assert [(r["side"], r["status"]) for r in saved["runs"]] == [("nlptools", "ok"), ("baseline", "ok")]
    s = saved["summary"]
    assert s["complete"] and s["ratio_wall"] == pytest.approx(
        s["median"]["nlptools"]["wall_s"] / s["median"]["baseline"]["wall_s"], abs=0.01
    )
    ours = s["quality"]["nlptools"]
    assert ours["documents_placed"] == 48 and ours["accuracy"] >= 0.9  # two plainly separate subjects
    assert 0 <= s["quality"]["baseline"]["accuracy_best_mapping"] <= 1
    assert "Ratio of the medians" in (tmp_path / "out" / "bench_themes_cli.md").read_text(encoding="utf-8")


def test_bad_settings_are_named(tmp_path: Path) -> None:
    csv, lex = _corpus(tmp_path)
    kw = dict(columns=["label", "title", "text"], label="label", title="title", text="text", theme_labels={})
    with pytest.raises(ParameterError, match="--repeats"):
        themes_cli.run_benchmark(csv, tmp_path / "o", lexicon=lex, repeats=0, **kw)
    with pytest.raises(InputError, match="--lexicon"):
        themes_cli.run_benchmark(csv, tmp_path / "o", lexicon=tmp_path / "none.toml", **kw)
