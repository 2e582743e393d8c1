"""The scale benchmark (issue #17): corpus builder, synthetic recipe, measuring, figures, JSON schema."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from nlptools.benchmarks import scale
from nlptools.errors import InputError, ParameterError

ROOT = Path(__file__).resolve().parents[1]


def _fake_data(root: Path) -> Path:
    """A tiny data folder in the shared layout: two of each source, with their quirks."""
    ng = root / "20newsgroups-bydate" / "20news-bydate-train" / "sci.space"
    ng.mkdir(parents=True)
    for i, body in enumerate(["The shuttle flew again. It landed safely.", "Mars is far away. It is red. We may go."]):
        (ng / str(100 + i)).write_bytes(f"From: a@b.c\nSubject: Re: space {i}\n\n{body}\n".encode("latin-1"))
    ng_test = root / "20newsgroups-bydate" / "20news-bydate-test" / "sci.space"
    ng_test.mkdir(parents=True)
    (ng_test / "200").write_bytes(b"Subject: caf\xe9\n\nThe moon has no air. Astronauts carry their own.\n")
    reu = root / "reuters21578"
    reu.mkdir()
    (reu / "reut2-000.sgm").write_bytes(
        b'<REUTERS TOPICS="YES" NEWID="1"><TOPICS><D>grain</D></TOPICS><TEXT><TITLE>GRAIN UP &lt;X&gt;</TITLE>'
        b"<BODY>Grain prices rose on Monday. Farmers were pleased.\n&#3;</BODY></TEXT></REUTERS>\n"
        b'<REUTERS TOPICS="NO" NEWID="2"><TEXT><TITLE>NO BODY</TITLE></TEXT></REUTERS>\n'
        b'<REUTERS TOPICS="YES" NEWID="3"><TOPICS><D>grain</D></TOPICS><TEXT><TITLE>WHEAT</TITLE>'
        b"<BODY>Wheat exports fell. Buyers waited. Ships were idle.</BODY></TEXT></REUTERS>\n"
    )
    ag = root / "ag-news-test"
    ag.mkdir()
    (ag / "test.csv").write_text(
        '"3","Stocks rise","Shares rose on Tuesday. Investors cheered \\$5 gains #39;today#39;."\n'
        '"3","Stocks fall","Shares fell on Friday. Traders sold."\n'
        '"3","Stocks fall","Shares fell on Friday. Traders sold."\n',  # an exact repeat: kept once
        encoding="utf-8",
    )
    for cat in ("business", "sport"):
        d = root / "bbc-news-summary" / "articles" / cat
        d.mkdir(parents=True)
        for i in range(2):
            (d / f"00{i}.txt").write_text(
                f"{cat} headline {i}\n\nFirst {cat} paragraph {i}. Second sentence.\n\nThird sentence here {i}.\n",
                encoding="utf-8",
            )
    return root


@pytest.fixture
def fake_data(tmp_path: Path) -> Path:
    return _fake_data(tmp_path / "data")


def test_real_records_parse_each_source(fake_data: Path) -> None:
    recs = scale.real_records(fake_data)
    by_id = {r["id"]: r for r in recs}
    assert len(by_id) == len(recs) == 3 + 2 + 2 + 4  # 20ng 3, reuters 2 with a body, AG 2 distinct, BBC 4
    ng = by_id["20ng-train-sci.space-100"]
    assert ng["title"] == "Re: space 0" and "From:" not in ng["text"] and ng["text"].startswith("The shuttle")
    assert by_id["20ng-test-sci.space-200"]["title"] == "café"
    assert by_id["reuters-1"]["title"] == "GRAIN UP <X>" and "\x03" not in by_id["reuters-1"]["text"]
    assert "reuters-2" not in by_id
    assert by_id["ag-00000"]["text"] == "Shares rose on Tuesday. Investors cheered $5 gains 'today'."
    assert by_id["bbc-sport-001"]["title"] == "sport headline 1"
    assert by_id["bbc-sport-001"]["group"] == "bbc/sport"


def test_real_records_seeded_order(fake_data: Path) -> None:
    ids = [r["id"] for r in scale.real_records(fake_data, seed=0)]
    assert ids == [r["id"] for r in scale.real_records(fake_data, seed=0)]
    assert sorted(ids) == sorted(r["id"] for r in scale.real_records(fake_data, seed=1))
    assert any(ids != [r["id"] for r in scale.real_records(fake_data, seed=s)] for s in (1, 2, 3))


def test_real_records_empty_folder_is_one_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no documents found"):
        scale.real_records(tmp_path)


def test_synthetic_recipe_deterministic_distinct_prefix(fake_data: Path) -> None:
    real = scale.real_records(fake_data)
    a = list(scale.synthetic_records(real, 25, seed=0))
    b = list(scale.synthetic_records(real, 25, seed=0))
    assert a == b
    assert list(scale.synthetic_records(real, 10, seed=0)) == a[:10]
    assert a != list(scale.synthetic_records(real, 25, seed=1))
    keys = {scale._text_key(r["text"]) for r in real}
    texts = [scale._text_key(r["text"]) for r in a]
    assert len(set(texts)) == len(texts) and not keys & set(texts)
    ids_by_group = {r["id"]: r["group"] for r in real}
    for r in a:
        sources = r["sources"].split(",")
        assert 2 <= len(sources) <= 4 and len(set(sources)) == len(sources)
        assert {ids_by_group[s] for s in sources} == {r["group"]}  # same source and class
        texts = [next(x["text"] for x in real if x["id"] == src) for src in sources]
        pool = {s for t in texts for s in scale._sentences(t)}
        assert set(scale._sentences(r["text"])) <= pool  # only the sources' own sentences
        assert max(scale.jaccard(r["text"], t) for t in texts) < 0.8  # no near-copy of a source


def test_text_key_is_the_word_sequence() -> None:
    assert scale._text_key("Shares  fell,\n on Friday.") == scale._text_key("shares fell on friday")
    assert scale._text_key("Shares fell on Friday.") != scale._text_key("Shares rose on Friday.")
    assert scale.jaccard("a b c d e", "a b c d e") == 1.0 and scale.jaccard("a b c d", "e f g h") == 0.0


def test_near_source_rule() -> None:
    # kept sentences: (text, words, source index); a source of 10 words, 8 of them kept in a 10-word text
    assert scale._near_source([("x", 8, 0), ("y", 2, 1)], [10, 10])
    assert not scale._near_source([("x", 4, 0), ("y", 4, 1)], [10, 10])


def test_build_corpus_reuse_and_rebuild(fake_data: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    m1 = scale.build_corpus(fake_data, 20, cache)
    assert (m1["real"], m1["synthetic"], m1["reused"]) == (11, 9, False)
    lines = Path(m1["path"]).read_text(encoding="utf-8").splitlines()
    recs = [json.loads(x) for x in lines]
    assert len(recs) == 20 and all(set(r) == {"id", "title", "text"} for r in recs)
    assert len({r["id"] for r in recs}) == 20 and len({r["text"] for r in recs}) == 20
    assert sum(m1["sources"].values()) == 20 and m1["sources"]["synthetic"] == 9
    m2 = scale.build_corpus(fake_data, 20, cache)
    assert m2["reused"] and m2["sha256"] == m1["sha256"]
    Path(m1["path"]).write_text("tampered\n", encoding="utf-8")
    m3 = scale.build_corpus(fake_data, 20, cache)
    assert not m3["reused"] and m3["sha256"] == m1["sha256"]
    other = scale.build_corpus(fake_data, 20, tmp_path / "other")
    assert other["sha256"] == m1["sha256"]
    small = scale.build_corpus(fake_data, 5, cache)
    assert Path(m1["path"]).read_text(encoding="utf-8").startswith(Path(small["path"]).read_text(encoding="utf-8"))
    with pytest.raises(ParameterError, match="--sizes"):
        scale.build_corpus(fake_data, 0, cache)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((1000, 10.0, 10000, 100.0), 1.0),
        ((1000, 10.0, 10000, 1000.0), 2.0),
        ((1000, 10.0, 10000, 10.0), 0.0),
        ((100, 4.0, 400, 8.0), 0.5),
        ((1000, 0.0, 10000, 1.0), None),
        ((1000, 1.0, 1000, 2.0), None),
    ],
)
def test_growth_exponent(args: tuple[float, float, float, float], expected: float | None) -> None:
    assert scale.growth_exponent(*args) == expected


def _runs() -> list[dict]:
    return [
        {
            "size": 1000,
            "tool": "nlptools digest",
            "jobs": 1,
            "status": "ok",
            "wall_s": 30.0,
            "cpu_s": 20.0,
            "peak_rss_mb": 400.0,
        },
        {
            "size": 1000,
            "tool": "raw",
            "jobs": None,
            "status": "ok",
            "wall_s": 10.0,
            "cpu_s": 10.0,
            "peak_rss_mb": 200.0,
        },
        {
            "size": 10000,
            "tool": "nlptools digest",
            "jobs": 1,
            "status": "ok",
            "wall_s": 300.0,
            "cpu_s": 200.0,
            "peak_rss_mb": 800.0,
        },
        {"size": 10000, "tool": "nlptools digest", "jobs": 2, "status": "skipped"},
        {
            "size": 10000,
            "tool": "raw",
            "jobs": None,
            "status": "timeout",
            "wall_s": 9.0,
            "cpu_s": 9.0,
            "peak_rss_mb": 1.0,
        },
    ]


def test_ratios_and_growth_rows() -> None:
    ratios = scale.ratio_rows(_runs())
    assert ratios == [
        {"size": 1000, "tool": "nlptools digest --jobs 1", "time_ratio": 3.0, "cpu_ratio": 2.0, "rss_ratio": 2.0}
    ]
    growth = scale.growth_rows(_runs())
    assert growth == [
        {
            "tool": "nlptools digest --jobs 1",
            "from": 1000,
            "to": 10000,
            "time_exponent": 1.0,
            "cpu_exponent": 1.0,
            "rss_exponent": 0.301,
        }
    ]
    table = scale.format_table({"runs": _runs(), "ratios": ratios, "growth": growth, "notes": ["a note"]})
    assert "| 1,000 | nlptools digest --jobs 1 | ok | 30.0 | 20.0 | 400.0 |  | 3.0 | 2.0 | 2.0 |" in table
    assert "| 10,000 | raw | timeout |" in table and "| nlptools digest --jobs 1 | 1,000 -> 10,000 | 1.0 |" in table
    assert table.endswith("- a note\n")


def test_run_measured_ok_error_timeout(tmp_path: Path) -> None:
    code = "b = bytearray(150_000_000); b[::4096] = b'x' * len(b[::4096]); print('done')"
    ok = scale.run_measured([sys.executable, "-c", code], stdout=tmp_path / "out.txt")
    assert ok["status"] == "ok" and ok["returncode"] == 0 and ok["peak_rss_mb"] >= 150
    assert (tmp_path / "out.txt").read_text() == "done\n" and ok["wall_s"] > 0
    err = scale.run_measured([sys.executable, "-c", "import sys; sys.exit('boom')"], cwd=tmp_path)
    assert err["status"] == "error" and err["returncode"] == 1 and "boom" in err["stderr_tail"]
    slow = scale.run_measured([sys.executable, "-c", "import time; time.sleep(30)"], timeout=0.5, cwd=tmp_path)
    assert slow["status"] == "timeout" and slow["wall_s"] < 10


def test_cli_command() -> None:
    cmd = scale.cli_command("digest", Path("c.jsonl"), Path("o"), 2)
    assert cmd[:4] == [sys.executable, "-m", "nlptools.cli", "digest"]
    assert cmd[-2:] == ["--jobs", "2"] and "--force" in cmd and cmd[cmd.index("--themes") + 1] == "none"
    assert "--jobs" not in scale.cli_command("themes", Path("c.jsonl"), Path("o"), None)
    with pytest.raises(ParameterError, match="--commands"):
        scale.cli_command("summarize", Path("c.jsonl"), Path("o"), 1)


@pytest.mark.slow
def test_schema_raw_only(fake_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = scale.run_benchmark(fake_data, out, sizes=[8, 12], jobs=[1], commands=[], timeout=120)
    on_disk = json.loads((out / "bench_scale.json").read_text(encoding="utf-8"))
    assert on_disk == result
    assert set(result) == {
        "benchmark",
        "schema",
        "machine",
        "settings",
        "recipe",
        "corpora",
        "runs",
        "ratios",
        "growth",
        "notes",
    }
    assert result["schema"] == scale.SCHEMA_VERSION and result["settings"]["sizes"] == [8, 12]
    assert [c["size"] for c in result["corpora"]] == [8, 12]
    assert [(r["size"], r["tool"], r["status"]) for r in result["runs"]] == [(8, "raw", "ok"), (12, "raw", "ok")]
    for r in result["runs"]:
        assert r["parts"]["documents"] == r["size"]
        assert {"wall_s", "cpu_s", "peak_rss_mb", "peak_tree_rss_mb", "command"} <= set(r)
    assert [(g["tool"], g["from"], g["to"]) for g in result["growth"]] == [("raw", 8, 12)]
    assert (out / "bench_scale.md").read_text(encoding="utf-8").startswith("| documents |")


def test_benchmark_bad_options_are_one_error(fake_data: Path, tmp_path: Path) -> None:
    with pytest.raises(ParameterError, match="--commands"):
        scale.run_benchmark(fake_data, tmp_path / "o", commands=["nope"])
    with pytest.raises(InputError, match="--data"):
        scale.run_benchmark(tmp_path / "missing", tmp_path / "o", commands=[])
    proc = subprocess.run(
        [sys.executable, str(ROOT / "experiments" / "bench_scale.py"), "--sizes", "10,x"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2 and "--sizes" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.slow
def test_real_corpus_deterministic_and_distinct(data_dir: Path, tmp_path: Path) -> None:
    real = scale.real_records(data_dir)
    assert len(real) > 40_000
    m1 = scale.build_corpus(data_dir, 3000, tmp_path / "a", real=real)
    recs = [json.loads(x) for x in Path(m1["path"]).read_text(encoding="utf-8").splitlines()]
    assert len({r["id"] for r in recs}) == 3000
    assert len({scale._text_key(r["text"]) for r in recs}) == 3000
    assert set(m1["sources"]) == {"20ng", "reuters", "ag", "bbc"}
    m2 = scale.build_corpus(data_dir, 3000, tmp_path / "b", real=lambda: scale.real_records(data_dir))
    assert m2["sha256"] == m1["sha256"]
    syn = list(scale.synthetic_records(real, 300, seed=0))
    assert syn == list(scale.synthetic_records(real, 300, seed=0))
    assert len({scale._text_key(r["text"]) for r in syn}) == 300


@pytest.mark.slow
def test_end_to_end_digest_50(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "bench"
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "experiments" / "bench_scale.py"),
            "--data",
            str(data_dir),
            "--sizes",
            "50",
            "--commands",
            "digest",
            "--jobs",
            "1",
            "--out",
            str(out),
            "--timeout",
            "600",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads((out / "bench_scale.json").read_text(encoding="utf-8"))
    tools = [(r["tool"], r["status"]) for r in result["runs"]]
    assert tools == [("nlptools digest", "ok"), ("raw", "ok")]
    assert (out / "work" / "digest-50-j1" / "digest.json").is_file()
    assert result["ratios"][0]["size"] == 50 and result["ratios"][0]["time_ratio"] > 0
    assert "| 50 | nlptools digest --jobs 1 | ok |" in proc.stdout
