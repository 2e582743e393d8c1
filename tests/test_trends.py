"""Themes over time and by source on a dated toy corpus with known answers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from nlptools.cleaning import clean_document
from nlptools.digest import outlet_of
from nlptools.document import Document
from nlptools.errors import ParameterError
from nlptools.themes import DocumentThemes, SentenceTheme, Theme, ThemeResult
from nlptools.themes.trends import parse_compare, theme_sources, theme_trends

# six articles over three months: "trade" fades, "war" rises
ROWS = [
    ("a1", "2024-01-05", 0.9, "Herald"),
    ("a2", "2024-01-20", 0.8, "Herald"),
    ("a3", "2024-02-03", 0.6, "Gazette"),
    ("a4", "2024-02-25", 0.4, "Gazette"),
    ("a5", "2024-03-10", 0.2, None),
    ("a6", "2024-03-28", 0.0, "Herald"),
]
TRADE = "Tariffs on steel imports were raised again by the ministry."
WAR = "Troops crossed the border near the northern town of {} at dawn."


def _corpus(rows=ROWS):
    docs, metas = [], []
    for doc_id, date, _trade, outlet in rows:
        text = f"{TRADE}\n\n{WAR.format(doc_id.upper())}\n\nOfficials said little more about {doc_id}."
        meta = {"outlet": outlet} if outlet else {}
        docs.append(clean_document(Document(doc_id, text, date=date, meta=meta)))
        metas.append(meta)
    return docs


def _result(docs, rows=ROWS) -> ThemeResult:
    documents = []
    for d, (_id, _date, trade, _o) in zip(docs, rows, strict=True):
        sents = []
        for s in d.sentences:
            if s.text.startswith("Tariffs"):
                sents.append(SentenceTheme(s.index, s.start, s.end, "trade", 0.5 + trade / 2))
            elif s.text.startswith("Troops"):
                sents.append(SentenceTheme(s.index, s.start, s.end, "war", 1.0 - trade / 2))
            else:
                sents.append(SentenceTheme(s.index, s.start, s.end, None, 0.3))
        documents.append(DocumentThemes(d.id, None, {"trade": trade, "war": 1.0 - trade}, tuple(sents)))
    themes = [
        Theme("trade", True, ("tariff",), (("tariff", 1.0),), 0.5, (), 0),
        Theme("war", True, ("troops",), (("troops", 1.0),), 0.5, (), 1),
    ]
    return ThemeResult(themes, documents, "semantic", 2, "paragraph", 0, 0.5)


@pytest.fixture()
def toy():
    docs = _corpus()
    return docs, _result(docs)


def test_shares_counts_and_ids_per_month(toy) -> None:
    docs, result = toy
    trends = theme_trends(result, docs)
    assert trends is not None and trends.freq == "month"  # 83 days: months
    data = trends.to_dict()
    assert [p["label"] for p in data["periods"]] == ["2024-01", "2024-02", "2024-03"]
    assert [p["ids"] for p in data["periods"]] == [["a1", "a2"], ["a3", "a4"], ["a5", "a6"]]
    assert data["periods"][1]["from"] == "2024-02-01" and data["periods"][1]["to"] == "2024-02-29"
    trade, war = data["themes"]
    assert [p["share"] for p in trade["points"]] == [0.85, 0.5, 0.1]
    assert [p["share"] for p in war["points"]] == [0.15, 0.5, 0.9]
    # the articles behind each point: weight at least 0.05, heaviest first
    assert [p["ids"] for p in trade["points"]] == [["a1", "a2"], ["a3", "a4"], ["a5"]]
    assert [p["count"] for p in trade["points"]] == [2, 2, 1]
    assert [p["ids"] for p in war["points"]] == [["a2", "a1"], ["a4", "a3"], ["a6", "a5"]]
    assert data["dated"] == 6 and data["undated"] == []


def test_rose_and_fell_with_the_sentences_that_show_it(toy) -> None:
    docs, result = toy
    trends = theme_trends(result, docs)
    changes = trends.to_dict()["changes"]
    # halves of 2024-01-05..2024-03-28 (83 days): up to 2024-02-15, then from 2024-02-16
    assert changes["before"] == {"from": "2024-01-05", "to": "2024-02-15", "articles": 3, "ids": ["a1", "a2", "a3"]}
    assert changes["after"]["ids"] == ["a4", "a5", "a6"] and changes["after"]["from"] == "2024-02-16"
    by_name = {c["name"]: c for c in changes["themes"]}
    assert by_name["war"]["direction"] == "rose" and by_name["trade"]["direction"] == "fell"
    assert by_name["war"]["before"] == pytest.approx(0.2333, abs=1e-4)
    assert by_name["war"]["after"] == pytest.approx(0.8, abs=1e-4)
    assert by_name["war"]["change"] == pytest.approx(0.5667, abs=1e-4)
    texts = {d.id: d.text for d in docs}
    rise = by_name["war"]["evidence"]
    # the rise is shown by war sentences of the later articles, best first, one an article
    assert [e["document"] for e in rise] == ["a6", "a5", "a4"]
    for e in rise:
        assert e["text"] == texts[e["document"]][e["start"] : e["end"]] and e["text"].startswith("Troops")
    fall = by_name["trade"]["evidence"]
    assert [e["document"] for e in fall] == ["a1", "a2", "a3"]
    assert all(e["text"] == TRADE for e in fall)
    assert [c.name for c in trends.rose] == ["war"] and [c.name for c in trends.fell] == ["trade"]
    md = trends.to_markdown()
    assert "| 2024-03 | 2 | 0.10 | 0.90 |" in md and "**war** rose: 0.23 → 0.80" in md


def test_given_windows_and_split_date(toy) -> None:
    docs, result = toy
    t = theme_trends(result, docs, compare="2024-01-01..2024-01-31,2024-03-01..2024-03-31", n_evidence=2)
    war = next(c for c in t.changes if c.name == "war")
    assert (round(war.before, 4), round(war.after, 4)) == (0.15, 0.9)
    assert len(war.evidence) == 2
    t = theme_trends(result, docs, compare="2024-03-01")
    assert t.before.ids == ("a1", "a2", "a3", "a4") and t.after.ids == ("a5", "a6")
    steady = theme_trends(result, docs, min_change=0.9)
    assert {c.direction for c in steady.changes} == {"steady"} and not steady.changes[0].evidence
    with pytest.raises(ParameterError, match="compare"):
        parse_compare("2024-13-01")
    with pytest.raises(ParameterError, match="compare"):
        parse_compare("2024-03-01..2024-01-01,2024-04-01..2024-05-01")
    with pytest.raises(ParameterError, match="freq"):
        theme_trends(result, docs, freq="fortnight")


def test_weeks_for_a_short_range_and_none_without_dates() -> None:
    rows = [
        ("w1", "2024-01-01", 1.0, None),
        ("w2", "2024-01-03", 0.5, None),
        ("w3", "2024-01-10", 0.0, None),
        ("w4", None, 0.5, None),
    ]
    docs = _corpus(rows)
    trends = theme_trends(_result(docs, rows), docs)
    assert trends.freq == "week"
    assert [p.label for p in trends.periods] == ["2024-W01", "2024-W02"]
    assert trends.points["trade"][0].share == pytest.approx(0.75) and trends.undated == ("w4",)
    one = [("x", "2024-01-01", 1.0, None), ("y", None, 0.0, None)]
    docs = _corpus(one)
    assert theme_trends(_result(docs, one), docs) is None


def test_by_source_with_a_meta_field_or_outlet_of(toy) -> None:
    docs, result = toy
    by_field = theme_sources(result, docs, source="outlet")
    by_outlet = theme_sources(result, docs, source=outlet_of)
    assert by_field.to_dict() == by_outlet.to_dict()
    data = by_field.to_dict()
    assert data["unknown"] == ["a5"]
    herald, gazette = data["sources"]  # most articles first
    assert herald["source"] == "Herald" and herald["ids"] == ["a1", "a2", "a6"]
    assert herald["themes"][0] == {
        "name": "trade",
        "share": pytest.approx(0.5667, abs=1e-4),
        "count": 2,
        "ids": ["a1", "a2"],
    }
    assert gazette["themes"][1]["share"] == 0.5 and gazette["articles"] == 2
    assert "| Herald | 3 | 0.57 | 0.43 |" in by_field.to_markdown()
    assert theme_sources(result, docs, source="publisher") is None  # no article has that field


def test_themes_cli_writes_trends_for_dated_records(tmp_path: Path) -> None:
    texts = [
        "Tariffs on steel imports were raised again. The trade ministry defended the tariffs on imports.",
        "Exporters complained about tariffs and trade barriers. The trade deal on imports stalled.",
        "Troops moved to the border overnight. Artillery fire and troops were reported near the front.",
        "Troops and tanks crossed the border. The army said troops shelled the front line.",
    ]
    dates = ["2024-01-03", "2024-01-10", "2024-03-05", "2024-03-20"]
    path = tmp_path / "news.jsonl"
    path.write_text(
        "".join(
            json.dumps({"id": f"n{i}", "text": t, "date": d, "outlet": "Wire" if i % 2 else "Daily"}) + "\n"
            for i, (t, d) in enumerate(zip(texts, dates, strict=True))
        ),
        encoding="utf-8",
    )
    proc = subprocess.run(
        [sys.executable, "-m", "nlptools", "-q", "themes", str(path), "--themes", "none", "--k", "2"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["trends"]["freq"] == "month"
    assert [p["ids"] for p in data["trends"]["periods"]] == [["n0", "n1"], ["n2", "n3"]]
    for theme in data["trends"]["themes"]:
        assert len(theme["points"]) == 2
    assert {s["source"] for s in data["sources"]["sources"]} == {"Daily", "Wire"}
    undated = tmp_path / "undated.jsonl"
    undated.write_text(
        "".join(json.dumps({"id": f"u{i}", "text": t}) + "\n" for i, t in enumerate(texts)), encoding="utf-8"
    )
    proc = subprocess.run(
        [sys.executable, "-m", "nlptools", "-q", "themes", str(undated), "--themes", "none", "--k", "2"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["trends"] is None and data["sources"] is None


def test_plot_theme_trends(toy) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from nlptools.plots.timeline import plot_theme_trends

    docs, result = toy
    ax = plot_theme_trends(theme_trends(result, docs))
    lines = ax.get_lines()
    assert [ln.get_label() for ln in lines] == ["trade", "war"]
    assert list(lines[1].get_ydata()) == pytest.approx([0.15, 0.5, 0.9])
    assert ax.get_title() == "Theme shares per month"
