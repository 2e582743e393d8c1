"""``nlptools summarize``: output formats, lengths, --together, errors."""

from __future__ import annotations

import json

import pytest

from nlptools.cli import main
from nlptools.summarize import word_count


def _run(capsys, *argv):
    code = main(["-q", "summarize", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def sources(seeds_dir):
    return {p.stem: p.read_text(encoding="utf-8") for p in seeds_dir.glob("*.txt")}


def test_jsonl_one_object_per_document(capsys, seeds_dir, sources):
    code, out, err = _run(capsys, str(seeds_dir), "--format", "jsonl", "--sentences", "2")
    assert code == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["document"] for r in records] == sorted(sources)
    for r in records:
        assert set(r) == {"document", "sentences"}
        assert len(r["sentences"]) == 2
        starts = [s["start"] for s in r["sentences"]]
        assert starts == sorted(starts)
        for s in r["sentences"]:
            assert set(s) == {"text", "start", "end", "score"}
            assert sources[r["document"]][s["start"] : s["end"]] == s["text"]


def test_together_one_object_with_documents(capsys, seeds_dir, sources):
    code, out, err = _run(capsys, str(seeds_dir), "--together", "--words", "120", "--format", "jsonl")
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    sents = record["sentences"]
    assert sum(word_count(s["text"]) for s in sents) <= 120
    assert len({s["document"] for s in sents}) >= 2
    for s in sents:
        assert set(s) == {"text", "start", "end", "score", "document"}
        assert sources[s["document"]][s["start"] : s["end"]] == s["text"]


def test_single_file_ratio_and_sumy_method(capsys, seeds_dir, sources):
    path = sorted(seeds_dir.glob("004_*.txt"))[0]
    code, out, err = _run(capsys, str(path), "--method", "sumy-lsa", "--ratio", "0.2", "--format", "jsonl")
    assert code == 0, err
    (record,) = [json.loads(line) for line in out.splitlines()]
    assert record["document"] == path.stem
    assert len(record["sentences"]) >= 2


def test_text_format(capsys, seeds_dir):
    code, out, err = _run(capsys, str(seeds_dir), "--method", "textrank", "--sentences", "1", "--format", "text")
    assert code == 0, err
    blocks = [b for b in out.strip().split("\n\n") if b]
    assert len(blocks) == 5
    assert all(b.startswith("# ") and len(b.splitlines()) == 2 for b in blocks)


def test_random_method_is_seeded(capsys, seeds_dir):
    a = _run(capsys, str(seeds_dir), "--method", "random", "--seed", "3", "--format", "jsonl")[1]
    b = _run(capsys, str(seeds_dir), "--method", "random", "--seed", "3", "--format", "jsonl")[1]
    c = _run(capsys, str(seeds_dir), "--method", "random", "--seed", "4", "--format", "jsonl")[1]
    assert a == b and a != c


def test_redundancy_option(capsys, tmp_path):
    """Two sentences saying the same: with the check off both can be chosen, with it on only one."""
    text = (
        "Kim Jong Un met Vladimir Putin in Vladivostok on Wednesday for talks on arms.\n\n"
        "Kim Jong Un met Vladimir Putin in Vladivostok on Wednesday for talks on weapons.\n\n"
        "The rail link across the border reopened after the meeting of the two leaders.\n\n"
        "Farmers in the south reported a poor rice harvest after the summer floods.\n"
    )
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    off = json.loads(
        _run(capsys, str(path), "--sentences", "2", "--redundancy", "0", "--method", "centroid", "--format", "jsonl")[1]
    )
    on = json.loads(_run(capsys, str(path), "--sentences", "2", "--method", "centroid", "--format", "jsonl")[1])
    twins = lambda texts: sum(t.startswith("Kim Jong Un met Vladimir Putin") for t in texts)  # noqa: E731
    assert twins([s["text"] for s in off["sentences"]]) == 2
    assert twins([s["text"] for s in on["sentences"]]) == 1


def test_unknown_method_one_line_error(capsys, seeds_dir):
    code, out, err = _run(capsys, str(seeds_dir), "--method", "bogus")
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert "bogus" in err and "lexrank" in err and "sumy-luhn" in err


def test_missing_path_one_line_error(capsys, tmp_path):
    code, out, err = _run(capsys, str(tmp_path / "missing"))
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and "missing" in err


@pytest.mark.parametrize(
    "args, needle",
    [
        (["--words", "0"], "--words"),
        (["--sentences", "x"], "--sentences"),
        (["--ratio", "1.5"], "--ratio"),
        (["--sentences", "2", "--words", "40"], "not allowed with"),
        (["--redundancy", "2"], "--redundancy"),
        (["--format", "xml"], "--format"),
    ],
)
def test_bad_options(capsys, seeds_dir, args, needle):
    with pytest.raises(SystemExit) as exc:
        main(["summarize", str(seeds_dir), *args])
    assert exc.value.code == 1  # usage errors: one line, exit 1 (issue 18)
    err = capsys.readouterr().err
    assert needle in err.strip().splitlines()[-1]
