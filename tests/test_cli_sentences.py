"""``nlptools sentences PATH [--format jsonl|text]``: output contract and bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from nlptools.cli import main
from nlptools.corpus import Corpus

ROOT = Path(__file__).resolve().parents[1]
FURNITURE = [
    "Sead Dedovic",
    "©",
    "Getty Images",
    "PHOTO:",
    "Asia News Network",
    "AFP News",
    "Ukraine Vladimir Putin",
    "date 2023-11-14",
    "SEOUL –",
]


def _run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def _jsonl(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


def test_jsonl_on_the_seeds(capsys, seeds_dir):
    status, out, err = _run(capsys, "sentences", str(seeds_dir))
    assert status == 0
    rows = _jsonl(out)
    sources = {d.id: d.text for d in Corpus.from_path(seeds_dir)}
    assert {r["document"] for r in rows} == set(sources)
    for r in rows:
        assert set(r) == {"document", "index", "start", "end", "text", "heading"}
        assert isinstance(r["heading"], bool)
        assert sources[r["document"]][r["start"] : r["end"]] == r["text"]
        for f in FURNITURE:
            assert f not in r["text"], (f, r)
    for doc_id in sources:
        mine = [r for r in rows if r["document"] == doc_id]
        assert [r["index"] for r in mine] == list(range(len(mine)))
        assert all(a["end"] <= b["start"] for a, b in zip(mine, mine[1:]))
    heads = [r["text"] for r in rows if r["heading"]]
    assert "Bread and bullets" in heads and "Joe Biden and his ideas" in heads
    assert err == ""  # the seeds are clean UTF-8: no warning


def test_offsets_index_the_decoded_source_of_a_latin1_file(capsys, tmp_path):
    text = "Prices soar\r\n\r\nA pint now costs \u00a35.20 in London. Drinkers are angry.\r\n"
    f = tmp_path / "pint.txt"
    f.write_bytes(text.encode("cp1252"))
    status, out, err = _run(capsys, "sentences", str(f))
    assert status == 0
    rows = _jsonl(out)
    decoded = text.replace("\r\n", "\n")
    assert [r["text"] for r in rows] == ["Prices soar", "A pint now costs \u00a35.20 in London.", "Drinkers are angry."]
    assert all(decoded[r["start"] : r["end"]] == r["text"] for r in rows)
    assert rows[0]["heading"] is True
    assert err.count("\n") == 1 and err.startswith("nlptools: warning:") and "pint.txt" in err


def test_text_format(capsys, seeds_dir):
    status, out, err = _run(capsys, "sentences", str(seeds_dir / "003_0c6a044355c6b245.txt"), "--format", "text")
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "# 003_0c6a044355c6b245 (2023-11-14)"
    assert lines[1].startswith("Russian President Vladimir Putin has accepted an invitation")
    assert "date 2023-11-14" not in "\n".join(lines[1:])
    status, out, _ = _run(capsys, "sentences", str(seeds_dir / "000_6a56d1b123cea368.txt"), "--format", "text")
    assert "## Bread and bullets" in out.splitlines()


def test_jsonl_and_csv_inputs_with_field_options(capsys, tmp_path):
    f = tmp_path / "feed.jsonl"
    f.write_text(json.dumps({"uid": "k1", "body": "Kim met Putin. They talked."}) + "\n", encoding="utf-8")
    status, out, _ = _run(capsys, "sentences", str(f), "--text-field", "body", "--id-field", "uid")
    assert status == 0
    assert [(r["document"], r["text"]) for r in _jsonl(out)] == [("k1", "Kim met Putin."), ("k1", "They talked.")]
    c = tmp_path / "arts.csv"
    c.write_text('ident,content\na1,"First one. Second one."\n', encoding="utf-8")
    status, out, _ = _run(capsys, "sentences", str(c), "--text-field", "content", "--id-field", "ident")
    assert status == 0 and [r["text"] for r in _jsonl(out)] == ["First one.", "Second one."]


def test_headerless_csv_with_columns_option(capsys, tmp_path):
    c = tmp_path / "nohead.csv"
    c.write_text('"3","Pension talks fail","Unions said talks failed. They will strike."\n', encoding="utf-8")
    status, out, _ = _run(capsys, "sentences", str(c), "--columns", "label,title,text")
    assert status == 0
    assert [r["text"] for r in _jsonl(out)] == ["Unions said talks failed.", "They will strike."]


def test_skipped_files_are_warned_and_the_rest_processed(capsys, tmp_path):
    (tmp_path / "good.txt").write_text("Kim met Putin. They talked.\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    status, out, err = _run(capsys, "sentences", str(tmp_path))
    assert status == 0
    assert [r["text"] for r in _jsonl(out)] == ["Kim met Putin.", "They talked."]
    warnings = err.splitlines()
    assert len(warnings) == 2 and all(w.startswith("nlptools: warning:") for w in warnings)
    assert any("empty.txt" in w for w in warnings) and any("image.txt" in w for w in warnings)
    status, out, err = _run(capsys, "-q", "sentences", str(tmp_path))
    assert status == 0 and err == ""


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[list[str], str]]:
    (tmp_path / "empty").mkdir()
    (tmp_path / "unreadable").mkdir()
    (tmp_path / "unreadable" / "a.txt").write_bytes(b"")
    (tmp_path / "unreadable" / "b.txt").write_bytes(b"\x00\x01\x02PK\x03\x04")
    (tmp_path / "doc.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "arts.csv").write_text("id,body\n1,Some text.\n", encoding="utf-8")
    (tmp_path / "furniture.txt").write_text("date 2023-11-14\n\nPHOTO: YONHAP\n", encoding="utf-8")
    (tmp_path / "blank.txt").write_bytes(b" \r\n\t\n")
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "broken.jsonl").write_text('{"text": "cut off\n[1]\n', encoding="utf-8")
    return {
        "missing": ([str(tmp_path / "nope")], "no such file or folder"),
        "unsupported": ([str(tmp_path / "doc.pdf")], "unsupported file type '.pdf'"),
        "empty-folder": ([str(tmp_path / "empty")], "no article files found"),
        "no-readable-article": ([str(tmp_path / "unreadable")], "no readable article"),
        "csv-without-column": ([str(tmp_path / "arts.csv"), "--text-field", "content"], "no column 'content'"),
        "only-furniture": ([str(tmp_path / "furniture.txt")], "no article left after cleaning"),
        "whitespace-file": ([str(tmp_path / "blank.txt")], "blank.txt: no readable article"),
        "binary-file": ([str(tmp_path / "photo.txt")], "photo.txt: no readable article"),
        "jsonl-all-broken": ([str(tmp_path / "broken.jsonl")], "broken.jsonl: no readable article"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "missing",
        "unsupported",
        "empty-folder",
        "no-readable-article",
        "csv-without-column",
        "only-furniture",
        "whitespace-file",
        "binary-file",
        "jsonl-all-broken",
    ],
)
def test_bad_input_is_one_line_on_stderr(capsys, tmp_path, case):
    args, reason = _bad_inputs(tmp_path)[case]
    status, out, err = _run(capsys, "-q", "sentences", *args)
    assert status != 0
    assert out == ""
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert err.startswith("nlptools: error: ")
    assert reason in err
    assert "Traceback" not in err


def test_via_subprocess_python_m_nlptools(tmp_path, seeds_dir):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    ok = subprocess.run(
        [sys.executable, "-m", "nlptools", "sentences", str(seeds_dir / "004_7e81adea1b9a7044.txt")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert ok.returncode == 0, ok.stderr
    rows = _jsonl(ok.stdout)
    source = (seeds_dir / "004_7e81adea1b9a7044.txt").read_text(encoding="utf-8")
    assert rows and all(source[r["start"] : r["end"]] == r["text"] for r in rows)
    assert not any("Getty" in r["text"] or "Dedovic" in r["text"] for r in rows)
    args, _ = _bad_inputs(tmp_path)["csv-without-column"]
    bad = subprocess.run(
        [sys.executable, "-m", "nlptools", "sentences", *args], capture_output=True, text=True, env=env, timeout=120
    )
    assert bad.returncode == 1
    assert bad.stdout == ""
    assert bad.stderr.startswith("nlptools: error: ") and bad.stderr.count("\n") == 1
    assert "Traceback" not in bad.stderr


def test_usage_errors_exit_1_without_traceback(capsys):
    with pytest.raises(SystemExit) as info:
        main(["sentences"])
    assert info.value.code == 1
    with pytest.raises(SystemExit) as info:
        main(["sentences", "x", "--format", "xml"])
    assert info.value.code == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "invalid choice: 'xml'" in err
