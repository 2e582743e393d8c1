"""Hostile corpora: no result lost, partial or overwritten; no valid article lost (issue 18)."""

from __future__ import annotations

import codecs
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import nlptools.outputs as outputs
from nlptools.cli import main
from nlptools.corpus import Corpus
from nlptools.errors import OutputError
from nlptools.io.decode import decode_bytes, read_text_file
from nlptools.outputs import atomic_write_files, claim_folder

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def _warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


def _run(capsys, argv: list[str]) -> tuple[int, str, str]:
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


def _folder(tmp_path: Path, n: int = 3) -> Path:
    d = tmp_path / "corpus"
    d.mkdir()
    for i, src in enumerate(SEEDS[:n]):
        shutil.copy(src, d / f"{'abcde'[i]}.txt")
    return d


def _one_line_error(status: int, err: str, *fragments: str) -> None:
    assert status == 1, err
    lines = [ln for ln in err.splitlines() if ln.startswith("nlptools: error:")]
    assert len(lines) == 1 and "Traceback" not in err, err
    for f in fragments:
        assert f in lines[0], (f, lines[0])


# --------------------------------------------------------------------------- concurrent runs, one folder


def test_a_claimed_folder_cannot_be_claimed_twice(tmp_path):
    with claim_folder(tmp_path / "out", what="--out") as out:
        assert (out / ".nlptools.lock").exists()
        with pytest.raises(OutputError, match="another nlptools job is writing into this folder"):
            with claim_folder(tmp_path / "out", what="--out"):
                pass
    assert not (tmp_path / "out" / ".nlptools.lock").exists()
    with claim_folder(tmp_path / "out"):  # free again
        pass


def test_a_failed_job_leaves_no_empty_folder_it_created(tmp_path):
    with pytest.raises(RuntimeError), claim_folder(tmp_path / "new"):
        raise RuntimeError("boom")
    assert not (tmp_path / "new").exists()
    (tmp_path / "kept").mkdir()
    with pytest.raises(RuntimeError), claim_folder(tmp_path / "kept"):
        raise RuntimeError("boom")
    assert (tmp_path / "kept").is_dir() and not list((tmp_path / "kept").iterdir())


def test_digest_into_a_folder_another_run_holds_is_a_one_line_error(tmp_path, capsys):
    folder = _folder(tmp_path)
    with claim_folder(tmp_path / "out"):  # another run is writing there
        status, _, err = _run(capsys, ["digest", str(folder), "--k", "2", "--out", str(tmp_path / "out"), "--force"])
    _one_line_error(status, err, str(tmp_path / "out"), "another nlptools job")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == []


@pytest.mark.slow
def test_two_digests_at_once_into_one_folder_never_both_succeed(tmp_path):
    folder = _folder(tmp_path)
    argv = [sys.executable, "-m", "nlptools", "-q", "digest", str(folder), "--k", "2", "--out", str(tmp_path / "out")]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen(argv, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)]
    procs.append(
        subprocess.Popen(argv, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    )
    results = [(p.wait(timeout=300), p.communicate()[1]) for p in procs]
    assert sorted(code for code, _ in results) == [0, 1], results
    err = next(e for code, e in results if code == 1)
    assert "another nlptools job" in err or "earlier digest" in err
    assert "Traceback" not in err


# --------------------------------------------------------------------------- a set never half old, half new


def test_force_without_html_removes_the_earlier_page(tmp_path, capsys):
    folder = _folder(tmp_path)
    out = tmp_path / "out"
    status, _, err = _run(capsys, ["digest", str(folder), "--k", "2", "--out", str(out), "--html"])
    assert status == 0, err
    assert (out / "digest.html").exists()
    status, _, err = _run(capsys, ["digest", str(folder), "--k", "2", "--out", str(out), "--force"])
    assert status == 0, err
    assert sorted(p.name for p in out.iterdir()) == ["digest.json", "digest.md"]


def _set(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("at", [1, 2, 3], ids=["first-rename", "second-rename", "removing-stale"])
def test_ctrl_c_between_the_renames_rolls_the_set_back(tmp_path, monkeypatch, at):
    (tmp_path / "a.json").write_text("old a", encoding="utf-8")
    (tmp_path / "b.md").write_text("old b", encoding="utf-8")
    (tmp_path / "c.html").write_text("old c", encoding="utf-8")
    before = _set(tmp_path)
    real = os.replace
    calls = {"n": 0}

    def replace(src, dst):
        calls["n"] += 1
        if calls["n"] == at:
            real(src, dst)  # the rename went through, then Ctrl-C arrives
            raise KeyboardInterrupt
        return real(src, dst)

    monkeypatch.setattr(outputs.os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_files(
            {tmp_path / "a.json": "new a", tmp_path / "b.md": "new b", tmp_path / "d.txt": "new d"},
            remove=[tmp_path / "c.html"],
        )
    monkeypatch.setattr(outputs.os, "replace", real)
    assert _set(tmp_path) == before  # no .tmp file, no new file, every old one back


def test_ctrl_c_while_writing_the_temporaries_leaves_nothing(tmp_path, monkeypatch):
    (tmp_path / "a.json").write_text("old a", encoding="utf-8")
    real = os.fsync
    calls = {"n": 0}

    def fsync(fd):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real(fd)

    monkeypatch.setattr(outputs.os, "fsync", fsync)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_files({tmp_path / "a.json": "new a", tmp_path / "b.md": "new b"})
    assert _set(tmp_path) == {"a.json": "old a"}


def test_a_complete_set_replaces_and_removes(tmp_path):
    (tmp_path / "a.json").write_text("old a", encoding="utf-8")
    (tmp_path / "c.html").write_text("old c", encoding="utf-8")
    atomic_write_files({tmp_path / "a.json": "new a", tmp_path / "b.md": b"new b"}, remove=[tmp_path / "c.html"])
    assert _set(tmp_path) == {"a.json": "new a", "b.md": "new b"}


# --------------------------------------------------------------------------- never the toolkit's own outputs


def test_digest_run_twice_inside_the_corpus_never_reads_its_outputs(tmp_path, capsys, monkeypatch):
    folder = _folder(tmp_path)
    monkeypatch.chdir(folder)
    counts = []
    for _ in range(2):
        status, _, err = _run(capsys, ["digest", ".", "--k", "2", "--html"])
        assert status == 0, err
        runs = sorted((folder / "runs").iterdir())
        counts.append(len(json.loads((runs[-1] / "digest.json").read_text(encoding="utf-8"))["documents"]))
    assert counts == [3, 3]
    assert "output file(s) of an earlier nlptools digest" in err


def test_walk_skips_digest_outputs_and_run_folders(tmp_path, caplog):
    folder = _folder(tmp_path, n=2)
    d = folder / "runs" / "digest"
    d.mkdir(parents=True)
    for name in ("digest.json", "digest.md", "digest.html"):
        (d / name).write_text("# Digest\n\nKim met Putin. Quoted again.\n", encoding="utf-8")
    (d / "notes.txt").write_text("A note beside a digest. It is an article.\n", encoding="utf-8")
    r = folder / "runs" / "tiny"
    r.mkdir()
    for name in ("config.toml", "config.resolved.json"):
        (r / name).write_text("{}", encoding="utf-8")
    (r / "documents.csv").write_text("id,label\n1,x\n", encoding="utf-8")  # no text column: would abort
    (r / "sentences.jsonl").write_text('{"text": "A run output."}\n', encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="nlptools"):
        ids = [doc.id for doc in Corpus.from_path(folder)]
    assert ids == ["a", "b", "runs/digest/notes"]
    assert any("runs/tiny" in m and "run folder" in m for m in _warnings(caplog))


# --------------------------------------------------------------------------- valid articles stay articles


@pytest.mark.parametrize(
    "text",
    [
        "Prices\u00a0rose\u00a0by\u00a05\u00a0%\u00a0in\u00a0Paris.\u00a0" * 40,  # NBSP-spaced
        "\u200f\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd.\u200f " * 60,  # Hebrew with RLM marks
        "Family \U0001f468\u200d\U0001f469\u200d\U0001f467 and \U0001f3f3\ufe0f\u200d\U0001f308 flags. " * 40,
    ],
    ids=["nbsp", "hebrew-rlm", "emoji-zwj"],
)
def test_valid_text_is_never_called_binary(tmp_path, text):
    f = tmp_path / "a.txt"
    f.write_text(text, encoding="utf-8")
    assert read_text_file(f) == (text, "utf-8")


def test_one_stray_byte_does_not_turn_an_article_into_mojibake(tmp_path, caplog):
    good = "Prices rose to £5 in Zürich – “quoted” café. "
    f = tmp_path / "a.txt"
    f.write_bytes(good.encode("utf-8") * 10 + b"A stray \xe9 byte." + good.encode("utf-8"))
    with caplog.at_level(logging.WARNING, logger="nlptools"):
        text, encoding = read_text_file(f)
    assert encoding == "utf-8"
    assert text == good * 10 + "A stray é byte." + good  # the stray byte read as cp1252, the rest UTF-8
    assert any("a.txt" in m and "1 byte(s) not valid UTF-8" in m for m in _warnings(caplog))


@pytest.mark.parametrize(
    ("meta", "encoding"),
    [
        ('<meta charset="windows-1251">', "cp1251"),
        ('<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">', "koi8_r"),
        ("<META CHARSET=iso-8859-1>", "cp1252"),
    ],
)
def test_html_meta_charset_is_honoured(tmp_path, meta, encoding):
    body = "Цены выросли в Москве. Второе предложение." if encoding != "cp1252" else "Café société à Zürich. Fin."
    page = f"<html><head>{meta}<title>t</title></head><body><p>{body}</p></body></html>"
    f = tmp_path / "page.html"
    f.write_bytes(page.encode(encoding))
    text, used = read_text_file(f)
    assert used == codecs.lookup(encoding).name and body in text
    (doc,) = Corpus.from_path(f)
    assert body in doc.text


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_text(codec):
    text = "Kim met Putin. שלום. Second sentence.\n"
    assert decode_bytes(text.encode(codec)) == (text, codec)


def test_nul_bytes_mean_binary_in_files_and_are_removed_from_records(tmp_path, caplog):
    (tmp_path / "x.txt").write_bytes(b"ELF\x00\x00\x01\x00binary\x00")
    (tmp_path / "feed.jsonl").write_text(
        json.dumps({"id": "a\u0000b", "text": "Kim\u0000met Putin. Fine."}) + "\n", encoding="utf-8"
    )
    with caplog.at_level(logging.WARNING, logger="nlptools"):
        docs = list(Corpus.from_path(tmp_path))
    assert [(d.id, d.text) for d in docs] == [("a b", "Kim met Putin. Fine.")]
    assert any("x.txt" in m and "binary" in m for m in _warnings(caplog))


def test_non_string_jsonl_fields_are_skipped_not_repr(tmp_path, caplog):
    f = tmp_path / "feed.jsonl"
    rows = [
        {"id": "a", "text": {"body": "Nested text."}},
        {"id": "b", "text": ["a", "list"]},
        {"id": "c", "text": 42},
        {"id": {"x": 1}, "title": ["t"], "text": "Good text. Fine."},
        {"id": 7, "title": 3.5, "text": "Numbers are fine. Yes.", "date": {"y": 2020}},
    ]
    f.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="nlptools"):
        docs = list(Corpus.from_path(f))
    assert [(d.id, d.title, d.text, d.date) for d in docs] == [
        ("feed:4", None, "Good text. Fine.", None),
        ("7", "3.5", "Numbers are fine. Yes.", None),
    ]
    assert not any("{'body'" in d.text for d in docs)
    msgs = _warnings(caplog)
    for line, kind in [(1, "a JSON object"), (2, "a JSON array"), (3, "a number")]:
        assert any(f"feed.jsonl:{line}" in m and "skipped" in m and kind in m for m in msgs), (line, msgs)
    assert any("feed.jsonl:4" in m and "'id' field is a JSON object" in m for m in msgs)


# --------------------------------------------------------------------------- FIFOs, unwritable outputs


@pytest.fixture
def alarm():
    """Fail instead of hanging: SIGALRM after 20 s."""

    def fail(*_):
        raise TimeoutError("the job hung")

    old = signal.signal(signal.SIGALRM, fail)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


@pytest.mark.parametrize("name", ["b.txt", "b.jsonl"])
def test_a_file_swapped_for_a_fifo_after_listing_is_skipped_not_waited_on(tmp_path, caplog, alarm, name):
    (tmp_path / "a.txt").write_text("First article. Fine.\n", encoding="utf-8")
    (tmp_path / name).write_text('{"text": "Second. Fine."}\n', encoding="utf-8")
    corpus = Corpus.from_path(tmp_path)
    (tmp_path / name).unlink()
    os.mkfifo(tmp_path / name)
    with caplog.at_level(logging.WARNING, logger="nlptools"):
        docs = list(corpus)
    assert [d.id for d in docs] == ["a"]
    assert any(name in m and "not a regular file" in m for m in _warnings(caplog))


def test_unwritable_out_is_reported_before_the_work(tmp_path, capsys, monkeypatch):
    import nlptools.digest

    def no_work(*args, **kwargs):
        raise AssertionError("the work started")

    monkeypatch.setattr(nlptools.digest, "build_digest", no_work)
    folder = _folder(tmp_path, n=1)
    (tmp_path / "file").write_text("x", encoding="utf-8")
    status, _, err = _run(capsys, ["digest", str(folder), "--out", str(tmp_path / "file" / "out")])
    _one_line_error(status, err, str(tmp_path / "file" / "out"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "runs").write_text("a file where the runs folder goes", encoding="utf-8")
    status, _, err = _run(capsys, ["digest", str(folder)])
    _one_line_error(status, err, "runs", "not a folder")


def test_a_failed_digest_leaves_no_empty_out(tmp_path, capsys, monkeypatch):
    import nlptools.digest
    from nlptools.errors import ParameterError

    def fails(*args, **kwargs):
        raise ParameterError("k: too many themes")

    monkeypatch.setattr(nlptools.digest, "build_digest", fails)
    folder = _folder(tmp_path, n=1)
    status, _, err = _run(capsys, ["digest", str(folder), "--out", str(tmp_path / "out")])
    _one_line_error(status, err, "too many themes")
    assert not (tmp_path / "out").exists()
