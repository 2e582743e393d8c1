"""Bad input through the command line (issue 6): ``sentences``, ``themes``, ``summarize``, ``digest``, ``run``.

Every case ends in one of three outcomes, checked on what the user sees:
processed with a warning naming the file and the reason; skipped with such a
warning; or a one-line ``nlptools: error: ...`` on stderr and exit status 1.
Never a traceback, never a partial output, never an earlier run overwritten.

Most cases call :func:`nlptools.cli.main` in process (fast); a few run
``python -m nlptools`` in a subprocess to see the real stderr.
Corpus-level details (exact skip reasons, ids) are in ``test_bad_input.py``.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

import nlptools.corpus as corpus_module
from nlptools.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
# Bad corpora are tested once, at library level (tests/test_bad_input.py); through the command line
# they are checked on the cheapest command and on the main job, which share one loading path with the rest.
COMMANDS = ("sentences", "digest")


# --------------------------------------------------------------------------- helpers


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("article.txt", SEEDS[0].read_text(encoding="utf-8"))
    return buf.getvalue()


def _folder(tmp_path: Path, n: int = 2, name: str = "corpus") -> Path:
    """A folder with ``n`` good seed articles (a.txt, b.txt, ...)."""
    d = tmp_path / name
    d.mkdir()
    for i, src in enumerate(SEEDS[:n]):
        shutil.copy(src, d / f"{'abcde'[i]}.txt")
    return d


def _argv(command: str, path: Path, tmp_path: Path, *extra: str) -> list[str]:
    if command == "themes":
        return ["themes", str(path), "--k", "2", *extra]
    if command == "digest":
        return ["digest", str(path), "--k", "2", "--out", str(tmp_path / "out"), *extra]
    return [command, str(path), *extra]


def _run(capsys, argv: list[str]) -> tuple[int, str, str]:
    status = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in err, err
    return status, out, err


def _warnings(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("nlptools: warning:")]


def _assert_one_line_error(status: int, err: str, *fragments: str) -> str:
    assert status == 1, err
    errors = [line for line in err.splitlines() if line.startswith("nlptools: error:")]
    assert len(errors) == 1, err
    assert err.rstrip("\n").splitlines()[-1] == errors[0]  # the error is the last thing said
    for f in fragments:
        assert f in errors[0], (f, errors[0])
    return errors[0]


def _documents_in_output(command: str, out: str, tmp_path: Path) -> set[str]:
    """The document ids a command's output speaks of."""
    if command == "sentences":
        return {json.loads(line)["document"] for line in out.splitlines()}
    if command == "themes":
        return {d["id"] for d in json.loads(out)["documents"]}
    if command == "summarize":  # JSON Lines when not on a terminal (--format auto)
        return {json.loads(line)["document"] for line in out.splitlines()}
    return {d["id"] for d in json.loads((tmp_path / "out" / "digest.json").read_text())["documents"]}


# --------------------------------------------------------------------------- unusable files: skipped, named


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b" \n\n\t  \r\n \n", "only whitespace"),
        ("furniture.txt", b"date 2023-11-14\n\nPHOTO: YONHAP\n", "no sentence left"),
        ("image.txt", _png(), "binary"),
        ("archive.txt", _zip(), "binary"),
        ("photo.png", _png(), "unsupported"),
        ("bundle.zip", _zip(), "unsupported"),
    ],
    ids=["empty", "whitespace", "furniture", "png-as-txt", "zip-as-txt", "png", "zip"],
)
def test_unusable_file_is_skipped_with_a_warning_naming_it(tmp_path, capsys, command, name, content, reason):
    folder = _folder(tmp_path)
    (folder / name).write_bytes(content)
    status, out, err = _run(capsys, _argv(command, folder, tmp_path))
    assert status == 0, err
    assert any(name in w and reason in w for w in _warnings(err)), err
    assert _documents_in_output(command, out, tmp_path) == {"a", "b"}


@pytest.mark.parametrize("command", COMMANDS)
def test_folder_with_no_readable_article_is_a_one_line_error(tmp_path, capsys, command):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.md").write_bytes(b"\n  \n")
    (folder / "image.txt").write_bytes(_png())
    status, out, err = _run(capsys, _argv(command, folder, tmp_path))
    _assert_one_line_error(status, err, str(folder), "no readable article")
    for name in ("empty.txt", "blank.md", "image.txt"):
        assert any(name in w for w in _warnings(err)), (name, err)  # each file was named first
    assert not (tmp_path / "out").exists()  # digest: no output folder for a failed job


@pytest.mark.parametrize("command", COMMANDS)
def test_folder_without_article_files_and_missing_path(tmp_path, capsys, command):
    folder = tmp_path / "pdfs"
    folder.mkdir()
    (folder / "report.pdf").write_bytes(b"%PDF-1.4")
    status, _, err = _run(capsys, _argv(command, folder, tmp_path))
    _assert_one_line_error(status, err, str(folder), "no article files")
    status, _, err = _run(capsys, _argv(command, tmp_path / "nowhere", tmp_path))
    _assert_one_line_error(status, err, "nowhere", "no such file or folder")


@pytest.mark.parametrize("command", COMMANDS)
def test_single_empty_or_binary_file_as_path(tmp_path, capsys, command):
    for name, content in (("empty.txt", b""), ("image.txt", _png())):
        f = tmp_path / name
        f.write_bytes(content)
        status, _, err = _run(capsys, _argv(command, f, tmp_path))
        _assert_one_line_error(status, err, "no readable article")
        assert any(name in w for w in _warnings(err)), err


# --------------------------------------------------------------------------- encodings and line endings: processed


def _encoded_folder(tmp_path: Path) -> Path:
    d = tmp_path / "enc"
    d.mkdir()
    (d / "plain.txt").write_bytes(SEEDS[0].read_bytes())
    (d / "utf16.txt").write_bytes(SEEDS[1].read_text(encoding="utf-8").encode("utf-16"))  # with BOM
    latin = "Caf\u00e9 soci\u00e9t\u00e9 in Z\u00fcrich\n\n" + SEEDS[2].read_text(encoding="utf-8")
    (d / "latin1.txt").write_bytes(latin.encode("latin-1", "replace") + b" Price: \x81\x8d.\n")  # not cp1252
    cp = "\u201cQuoted\u201d headline \u2014 with a dash\n\n" + SEEDS[3].read_text(encoding="utf-8")
    (d / "cp1252.txt").write_bytes(cp.encode("cp1252", "replace"))
    text = SEEDS[4].read_text(encoding="utf-8")
    paragraphs = text.split("\n\n")
    mixed = "\r\n\r\n".join(paragraphs[:3]) + "\r\r" + "\n\n".join(paragraphs[3:])
    (d / "mixed.txt").write_bytes(mixed.encode("utf-8"))
    (d / "lf.md").write_bytes(text.encode("utf-8"))  # the same article with LF only, to compare
    return d


@pytest.mark.parametrize("command", COMMANDS)
def test_encodings_and_line_endings_are_processed(tmp_path, capsys, command):
    folder = _encoded_folder(tmp_path)
    if command != "sentences":
        (folder / "lf.md").unlink()  # (a copy of mixed.txt: it would be counted once)
    status, out, err = _run(capsys, _argv(command, folder, tmp_path))
    assert status == 0, err
    warned = _warnings(err)
    assert any("latin1.txt" in w and "decoded as latin-1" in w for w in warned), err
    assert any("cp1252.txt" in w and "decoded as cp1252" in w for w in warned), err
    assert not any("utf16.txt" in w or "mixed.txt" in w or "plain.txt" in w for w in warned), err
    expected = {"plain", "utf16", "latin1", "cp1252", "mixed"} | ({"lf"} if command == "sentences" else set())
    assert _documents_in_output(command, out, tmp_path) == expected


def test_encodings_decode_to_the_right_text_and_offsets(tmp_path, capsys):
    folder = _encoded_folder(tmp_path)
    status, out, err = _run(capsys, ["sentences", str(folder)])
    assert status == 0
    rows = [json.loads(line) for line in out.splitlines()]
    by_doc: dict[str, list[dict]] = {}
    for r in rows:
        by_doc.setdefault(r["document"], []).append(r)
    text = lambda doc: " ".join(r["text"] for r in by_doc[doc])  # noqa: E731
    assert "Caf\u00e9 soci\u00e9t\u00e9 in Z\u00fcrich" in text("latin1")
    # bytes cp1252 leaves undefined: Latin-1, one for one; those are C1 controls, so spaces (issue 18)
    assert "Price:   ." in text("latin1")
    assert "\u201cQuoted\u201d headline \u2014 with a dash" in text("cp1252")
    seed1 = SEEDS[1].read_text(encoding="utf-8")
    assert all(seed1[r["start"] : r["end"]] == r["text"] for r in by_doc["utf16"])  # same offsets as UTF-8
    strip = lambda rs: [(r["index"], r["start"], r["end"], r["text"], r["heading"]) for r in rs]  # noqa: E731
    assert strip(by_doc["mixed"]) == strip(by_doc["lf"])  # CRLF/CR/LF: same sentences, same offsets


# --------------------------------------------------------------------------- HTML, other languages, short articles


HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Kim visits Russia | World</title>
<script>var x = "<p>not article text</p>";</script><style>p {{ color: red }}</style></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Kim visits Russia</h1><p>{body}</p></article>
<footer>Copyright 2024 World News</footer></body></html>
"""


@pytest.mark.parametrize("command", COMMANDS)
def test_html_page_gives_its_article_text(tmp_path, capsys, command):
    folder = _folder(tmp_path)
    paragraphs = SEEDS[4].read_text(encoding="utf-8").split("\n\n")[1:]
    (folder / "page.html").write_text(HTML.format(body="</p>\n<p>".join(paragraphs)), encoding="utf-8")
    status, out, err = _run(capsys, _argv(command, folder, tmp_path))
    assert status == 0, err
    assert _documents_in_output(command, out, tmp_path) == {"a", "b", "page"}
    if command == "sentences":
        page = [json.loads(line) for line in out.splitlines() if '"document": "page"' in line]
        joined = " ".join(r["text"] for r in page)
        assert page[0]["text"] == "Kim visits Russia" and page[0]["heading"]
        for junk in ("<", "Home", "not article text", "color", "Copyright"):
            assert junk not in joined
        assert len(page) > 5


GERMAN = (
    "Gipfeltreffen in Wladiwostok\n\n"
    "Der nordkoreanische Machthaber Kim Jong Un ist in Russland eingetroffen. "
    "Er will dort Pr\u00e4sident Wladimir Putin treffen. Die Gespr\u00e4che dauerten vier Stunden.\n\n"
    "\ubd81\ud55c \uae40\uc815\uc740 \uc704\uc6d0\uc7a5\uc774 \ub7ec\uc2dc\uc544\ub97c \ubc29\ubb38\ud588\ub2e4. "
    "\ud68c\ub2f4\uc740 \ub124 \uc2dc\uac04 \ub3d9\uc548 \uc9c4\ud589\ub410\ub2e4.\n"
)


@pytest.mark.parametrize("command", COMMANDS)
def test_non_english_article_is_processed_without_warning(tmp_path, capsys, command):
    folder = _folder(tmp_path)
    (folder / "de.txt").write_text(GERMAN, encoding="utf-8")
    status, out, err = _run(capsys, _argv(command, folder, tmp_path))
    assert status == 0, err
    assert not any("de.txt" in w for w in _warnings(err)), err
    assert _documents_in_output(command, out, tmp_path) == {"a", "b", "de"}
    if command == "sentences":
        assert "Er will dort Pr\u00e4sident Wladimir Putin treffen." in out


@pytest.mark.parametrize("command", COMMANDS)
def test_one_sentence_article(tmp_path, capsys, command):
    folder = _folder(tmp_path)
    (folder / "short.txt").write_text("Kim met Putin on Tuesday.\n", encoding="utf-8")
    status, out, err = _run(capsys, _argv(command, folder, tmp_path))
    assert status == 0, err  # among other articles: processed
    assert "short" in _documents_in_output(command, out, tmp_path)
    alone = tmp_path / "alone.txt"
    alone.write_text("Kim met Putin on Tuesday.\n", encoding="utf-8")
    argv = [command, str(alone)] + (["--out", str(tmp_path / "out2")] if command == "digest" else [])  # k = auto
    status, out, err = _run(capsys, argv)
    if command in ("sentences", "summarize"):
        assert status == 0 and "Kim met Putin on Tuesday." in out  # its one sentence is its summary
    else:  # too little to find themes in: said plainly
        _assert_one_line_error(status, err, "to find themes")  # (its line may be read as a headline)


# --------------------------------------------------------------------------- duplicates: reported, counted once


def _with_duplicates(tmp_path: Path) -> Path:
    folder = _folder(tmp_path, n=3)
    shutil.copy(folder / "a.txt", folder / "z-copy.txt")
    paragraphs = (folder / "b.txt").read_text(encoding="utf-8").split("\n\n")
    near = (
        "A new headline for the same story\n\n"
        + "\n\n".join(paragraphs[1:]).replace(" the ", " a ", 3)
        + "\n\nThis story was updated on Friday.\n"
    )
    (folder / "z-updated.txt").write_text(near, encoding="utf-8")
    return folder


@pytest.mark.parametrize("command", ("themes", "digest", "summarize-together"))
def test_duplicates_are_reported_and_counted_once(tmp_path, capsys, command):
    folder = _with_duplicates(tmp_path)
    argv = (
        ["summarize", str(folder), "--together", "--format", "jsonl"]
        if command == "summarize-together"
        else _argv(command, folder, tmp_path)
    )
    status, out, err = _run(capsys, argv)
    assert status == 0, err
    warned = _warnings(err)
    assert any(
        "z-copy.txt" in w and "same text as" in w and f"{folder / 'a.txt'}" in w and "counted once" in w for w in warned
    ), err
    assert any("z-updated.txt" in w and "near-duplicate" in w and f"{folder / 'b.txt'}" in w for w in warned), err
    if command == "summarize-together":
        docs = {s["document"] for s in json.loads(out)["sentences"]}
        assert not docs & {"z-copy", "z-updated"}
    else:
        assert _documents_in_output(command, out, tmp_path) == {"a", "b", "c"}


def test_summaries_of_each_article_keep_duplicates(tmp_path, capsys):
    """One summary per article: a repeated article still gets its own (nothing is counted)."""
    folder = _with_duplicates(tmp_path)
    status, out, err = _run(capsys, ["summarize", str(folder)])
    assert status == 0 and _documents_in_output("summarize", out, tmp_path) == {"a", "b", "c", "z-copy", "z-updated"}


# --------------------------------------------------------------------------- folders that fight back


@pytest.mark.parametrize("command", COMMANDS)
def test_symlink_loop_is_broken_with_a_warning(tmp_path, capsys, command):
    folder = _folder(tmp_path)
    sub = folder / "sub"
    sub.mkdir()
    shutil.copy(SEEDS[2], sub / "c.txt")
    os.symlink(folder, sub / "loop")
    os.symlink("self.txt", folder / "self.txt")
    status, out, err = _run(capsys, _argv(command, folder, tmp_path))
    assert status == 0, err
    assert any("loop" in w and "symlink loop" in w for w in _warnings(err)), err
    assert any("self.txt" in w for w in _warnings(err)), err
    assert _documents_in_output(command, out, tmp_path) == {"a", "b", "sub/c"}  # each article once


@pytest.mark.parametrize("command", COMMANDS)
def test_file_removed_while_the_corpus_is_read(tmp_path, capsys, monkeypatch, command):
    folder = _folder(tmp_path, n=4)
    real = corpus_module.read_text_file

    def read_and_remove(path):
        if Path(path).name == "b.txt" and (folder / "d.txt").exists():
            (folder / "d.txt").unlink()  # another process deletes a file we have not read yet
        return real(path)

    monkeypatch.setattr(corpus_module, "read_text_file", read_and_remove)
    status, out, err = _run(capsys, _argv(command, folder, tmp_path))
    assert status == 0, err
    assert any("d.txt" in w and "no such file" in w for w in _warnings(err)), err
    assert _documents_in_output(command, out, tmp_path) == {"a", "b", "c"}


# --------------------------------------------------------------------------- record files


def _feed(tmp_path: Path) -> Path:
    f = tmp_path / "feed.jsonl"
    lines = [json.dumps({"id": f"s{i}", "text": p.read_text(encoding="utf-8")}) for i, p in enumerate(SEEDS[:3])]
    lines.insert(1, '{"id": "broken", "text": "a record cut short')
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return f


@pytest.mark.parametrize("command", COMMANDS)
def test_jsonl_with_a_broken_line(tmp_path, capsys, command):
    f = _feed(tmp_path)
    status, out, err = _run(capsys, _argv(command, f, tmp_path))
    assert status == 0, err
    assert any("feed.jsonl:2" in w and "not valid JSON" in w for w in _warnings(err)), err
    assert _documents_in_output(command, out, tmp_path) == {"s0", "s1", "s2"}


@pytest.mark.parametrize("command", COMMANDS)
def test_csv_without_the_named_text_column(tmp_path, capsys, command):
    f = tmp_path / "articles.csv"
    with open(f, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "body"])
        writer.writerows([i, p.read_text(encoding="utf-8")] for i, p in enumerate(SEEDS[:2]))
    status, _, err = _run(capsys, _argv(command, f, tmp_path))
    _assert_one_line_error(status, err, str(f), "no column 'text'", "body", "--text-field")
    status, out, err = _run(capsys, _argv(command, f, tmp_path, "--text-field", "body"))
    assert status == 0, err
    assert _documents_in_output(command, out, tmp_path) == {"0", "1"}


# --------------------------------------------------------------------------- options and lexicons


@pytest.mark.parametrize("command", ("themes", "digest"))
@pytest.mark.parametrize(
    ("k", "fragment"),
    [("1000", "more than the"), ("0", "--k"), ("many", "'many'")],
    ids=["larger-than-passages", "zero", "not-a-number"],
)
def test_bad_k(tmp_path, capsys, command, k, fragment):
    folder = _folder(tmp_path)
    argv = [a if a != "2" else k for a in _argv(command, folder, tmp_path)]
    status, _, err = _run(capsys, argv)
    _assert_one_line_error(status, err, fragment)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("command", ("themes", "digest"))
def test_lexicon_with_unknown_words_is_used_with_a_warning(tmp_path, capsys, command):
    folder = _folder(tmp_path, n=3)
    lex = tmp_path / "lex.toml"
    lex.write_text('[themes]\n"arms" = ["weapon", "zzqx", "flobber"]\n"visit" = ["visit", "summit"]\n')
    status, out, err = _run(capsys, _argv(command, folder, tmp_path, "--themes", str(lex)))
    assert status == 0, err
    assert any(str(lex) in w and "zzqx" in w and "flobber" in w for w in _warnings(err)), err
    names = [
        t["name"]
        for t in (
            json.loads(out) if command == "themes" else json.loads((tmp_path / "out" / "digest.json").read_text())
        )["themes"]
    ]
    assert {"arms", "visit"} <= set(names)


@pytest.mark.parametrize("command", ("themes", "digest"))
@pytest.mark.parametrize(
    ("body", "fragments"),
    [
        ('[themes]\n"arms" = ["weapon"]\n"empty" = []\n', ("theme 'empty'", "no seed words")),
        ('[themes]\n"arms" = ["zzqx", "flobber"]\n', ("theme 'arms'", "none of its seed words")),
        ('[themes\n"arms" = ["weapon"\n', ("invalid TOML", "line 1")),
        ('[themes]\n"arms" = "weapon"\n', ("theme 'arms'", "list of strings")),
        ('[themes]\n"arms" = ["weapon"]\n[topics]\n"x" = ["y"]\n', ("unknown table", "topics")),
    ],
    ids=["empty-theme", "all-words-unknown", "invalid-toml", "not-a-list", "unknown-table"],
)
def test_bad_lexicon_is_a_one_line_error(tmp_path, capsys, command, body, fragments):
    folder = _folder(tmp_path)
    lex = tmp_path / "lex.toml"
    lex.write_text(body, encoding="utf-8")
    status, _, err = _run(capsys, _argv(command, folder, tmp_path, "--themes", str(lex)))
    _assert_one_line_error(status, err, str(lex), *fragments)
    assert not (tmp_path / "out").exists()


def test_lexicon_that_is_not_utf8_or_missing(tmp_path, capsys):
    folder = _folder(tmp_path)
    lex = tmp_path / "lex.toml"
    lex.write_bytes(b'[themes]\n"\xe9t\xe9" = ["weapon"]\n')
    status, _, err = _run(capsys, ["themes", str(folder), "--themes", str(lex)])
    _assert_one_line_error(status, err, str(lex), "not UTF-8")
    status, _, err = _run(capsys, ["themes", str(folder), "--themes", str(tmp_path / "gone.toml")])
    _assert_one_line_error(status, err, "gone.toml", "cannot read the lexicon")


# --------------------------------------------------------------------------- experiment configs


TINY_EXPERIMENT = """name = "tiny"
kind = "segmentation"
seed = 0
[corpus]
path = "corpus"
suffixes = [".txt"]
"""


def _experiment(tmp_path: Path, body: str = TINY_EXPERIMENT) -> Path:
    if not (tmp_path / "corpus").exists():
        _folder(tmp_path, n=3)
    cfg = tmp_path / "exp.toml"
    cfg.write_text(body, encoding="utf-8")
    return cfg


@pytest.mark.parametrize(
    ("body", "fragments"),
    [
        (TINY_EXPERIMENT.replace("seed = 0", "sede = 0"), ("unknown key sede", "did you mean 'seed'")),
        (TINY_EXPERIMENT.replace("suffixes", "sufixes"), ("sufixes", "did you mean 'suffixes'")),
        (TINY_EXPERIMENT.replace('kind = "segmentation"', 'kind = "segmentaton"'), ("segmentaton",)),
        (TINY_EXPERIMENT.replace('path = "corpus"', 'path = "no-such-folder"'), ("no-such-folder",)),
        (TINY_EXPERIMENT.replace("[corpus]", "[corpus"), ("TOML",)),
    ],
    ids=["misspelt-key", "misspelt-section-key", "unknown-kind", "missing-corpus", "invalid-toml"],
)
def test_bad_experiment_config_is_a_one_line_error(tmp_path, capsys, body, fragments):
    cfg = _experiment(tmp_path, body)
    status, _, err = _run(capsys, ["run", str(cfg), "--out", str(tmp_path / "runs")])
    _assert_one_line_error(status, err, str(cfg), *fragments)
    assert not (tmp_path / "runs").exists() or not any((tmp_path / "runs").iterdir())  # nothing was started


def test_missing_experiment_config(tmp_path, capsys):
    status, _, err = _run(capsys, ["run", str(tmp_path / "nothing.toml")])
    _assert_one_line_error(status, err, "nothing.toml")


# --------------------------------------------------------------------------- outputs: never lost, never partial


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_digest_never_overwrites_an_earlier_digest(tmp_path, capsys):
    folder = _folder(tmp_path)
    status, _, err = _run(capsys, _argv("digest", folder, tmp_path))
    assert status == 0, err
    before = _files(tmp_path / "out")
    assert set(before) == {"digest.json", "digest.md"}
    status, _, err = _run(capsys, _argv("digest", folder, tmp_path, "--words", "50"))
    _assert_one_line_error(status, err, "earlier digest", "--force")
    assert _files(tmp_path / "out") == before
    status, _, err = _run(capsys, _argv("digest", folder, tmp_path, "--words", "50", "--force"))
    assert status == 0 and _files(tmp_path / "out") != before


def test_run_writes_a_new_folder_each_time(tmp_path, capsys):
    cfg = _experiment(tmp_path)
    status, out1, err = _run(capsys, ["run", str(cfg), "--out", str(tmp_path / "runs")])
    assert status == 0, err
    first = Path(out1.strip())
    before = _files(first)
    status, out2, err = _run(capsys, ["run", str(cfg), "--out", str(tmp_path / "runs")])
    assert status == 0, err
    assert Path(out2.strip()) != first and Path(out2.strip()).name == "tiny-2"
    assert _files(first) == before


def _disk_full(monkeypatch, after: int = 0) -> None:
    """Every file write fails with ENOSPC once ``after`` writes have gone through."""
    real = os.fdopen
    calls = {"n": 0}

    class Full(io.RawIOBase):
        def writable(self):
            return True

        def write(self, data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def fdopen(fd, mode="r", *args, **kwargs):
        if "w" in mode:
            calls["n"] += 1
            if calls["n"] > after:
                os.close(fd)
                return Full()
        return real(fd, mode, *args, **kwargs)

    monkeypatch.setattr(os, "fdopen", fdopen)


def _no_temporary_files(folder: Path) -> None:
    leftovers = [p.name for p in folder.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []


@pytest.mark.parametrize("after", [0, 1], ids=["first-file", "second-file"])
def test_full_disk_leaves_an_earlier_digest_whole(tmp_path, capsys, monkeypatch, after):
    folder = _folder(tmp_path)
    status, _, err = _run(capsys, _argv("digest", folder, tmp_path))
    assert status == 0, err
    before = _files(tmp_path / "out")
    _disk_full(monkeypatch, after=after)
    status, out, err = _run(capsys, _argv("digest", folder, tmp_path, "--words", "50", "--force"))
    _assert_one_line_error(status, err, "No space left on device")
    assert _files(tmp_path / "out") == before  # neither file replaced: not half old, half new
    _no_temporary_files(tmp_path / "out")


def test_full_disk_leaves_no_partial_digest(tmp_path, capsys, monkeypatch):
    folder = _folder(tmp_path)
    _disk_full(monkeypatch, after=1)
    status, _, err = _run(capsys, _argv("digest", folder, tmp_path))
    _assert_one_line_error(status, err, str(tmp_path / "out"), "No space left on device")
    assert not (tmp_path / "out").exists()  # the folder made for the failed run is removed (issue 18)


def test_full_disk_during_an_experiment_run(tmp_path, capsys, monkeypatch):
    from nlptools.experiment.runner import verify_run

    cfg = _experiment(tmp_path)
    status, out, err = _run(capsys, ["run", str(cfg), "--out", str(tmp_path / "runs")])
    first = Path(out.strip())
    _disk_full(monkeypatch, after=2)  # config.toml and config.resolved.json go through, then the disk is full
    status, _, err = _run(capsys, ["run", str(cfg), "--out", str(tmp_path / "runs")])
    _assert_one_line_error(status, err, "No space left on device")
    failed = tmp_path / "runs" / "tiny-2"
    assert not (failed / "manifest.json").exists() and not (failed / "metrics.json").exists()
    _no_temporary_files(tmp_path / "runs")
    assert verify_run(first) == []  # the earlier run is intact


def test_full_disk_on_standard_output(tmp_path, capsys, monkeypatch):
    folder = _folder(tmp_path)

    class FullStdout(io.TextIOBase):
        def write(self, text):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(sys, "stdout", FullStdout())
    status = main(["sentences", str(folder)])
    err = capsys.readouterr().err
    _assert_one_line_error(status, err, "standard output", "No space left on device")


def test_unwritable_output_folder_simulated(tmp_path, capsys, monkeypatch):
    """Permission denied when creating the output file (as a read-only folder gives a non-root user)."""
    import tempfile

    folder = _folder(tmp_path)

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    status, _, err = _run(capsys, _argv("digest", folder, tmp_path))
    _assert_one_line_error(status, err, str(tmp_path / "out"), "Permission denied")
    assert not (tmp_path / "out").exists()  # the folder made for the failed run is removed (issue 18)
    cfg = _experiment(tmp_path)
    status, _, err = _run(capsys, ["run", str(cfg), "--out", str(tmp_path / "runs")])
    _assert_one_line_error(status, err, "Permission denied")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores folder permissions")
def test_unwritable_output_folder_for_real(tmp_path, capsys):
    folder = _folder(tmp_path)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        status, _, err = _run(capsys, ["digest", str(folder), "--k", "2", "--out", str(locked / "out")])
        _assert_one_line_error(status, err, str(locked / "out"))
        status, _, err = _run(capsys, ["digest", str(folder), "--k", "2", "--out", str(locked)])
        _assert_one_line_error(status, err, str(locked), "not writable")
        cfg = _experiment(tmp_path)
        status, _, err = _run(capsys, ["run", str(cfg), "--out", str(locked)])
        _assert_one_line_error(status, err, str(locked))
    finally:
        locked.chmod(0o700)


def test_output_path_that_is_a_file(tmp_path, capsys):
    folder = _folder(tmp_path)
    (tmp_path / "out").write_text("not a folder")
    status, _, err = _run(capsys, _argv("digest", folder, tmp_path))
    _assert_one_line_error(status, err, str(tmp_path / "out"), "not a folder")
    assert (tmp_path / "out").read_text() == "not a folder"


# --------------------------------------------------------------------------- the real stderr of the real command


def _bad_cases(tmp_path: Path) -> list[tuple[list[str], list[str]]]:
    folder = _folder(tmp_path, n=2)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "image.txt").write_bytes(_png())
    lex = tmp_path / "broken.toml"
    lex.write_text("[themes\n")
    csv_file = tmp_path / "a.csv"
    csv_file.write_text("id,body\n1,Text.\n")
    cfg = _experiment(tmp_path, TINY_EXPERIMENT.replace("seed = 0", "sede = 0"))
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "digest.json").write_text("{}")
    return [
        (["sentences", str(bad)], ["no readable article"]),
        (["summarize", str(tmp_path / "bad" / "image.txt")], ["no readable article"]),
        (["themes", str(folder), "--themes", str(lex)], ["invalid TOML"]),
        (["themes", str(csv_file)], ["no column 'text'"]),
        (["digest", str(folder), "--out", str(tmp_path / "out")], ["earlier digest"]),
        (["run", str(cfg)], ["did you mean 'seed'"]),
    ]


def test_bad_input_through_the_real_command_has_no_traceback(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cases = _bad_cases(tmp_path)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "nlptools", *argv],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for argv, _ in cases
    ]
    for (argv, fragments), proc in zip(cases, procs):
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 1, (argv, err)
        assert "Traceback" not in err, (argv, err)
        last = err.rstrip("\n").splitlines()[-1]
        assert last.startswith("nlptools: error: ") and all(f in last for f in fragments), (argv, err)
        assert out == ""


# --------------------------------------------------------------------------- a 50 MB article


@pytest.fixture(scope="module")
def huge_file(tmp_path_factory) -> Path:
    paragraphs = [
        "The two leaders met in Vladivostok on Wednesday, officials said. Talks lasted four hours.",
        "Mr. Kim's armoured train left Pyongyang on Sunday. It crossed the border at 06:00 local time.",
        "Shares in Korea Electric Power Corp. rose 3.5% to $115.20, the U.S. market data showed.",
        "\u201cWe will not stand idly by,\u201d the minister said. \u201cNever.\u201d",
    ]
    block = ("\n\n".join(paragraphs) + "\n\n").encode("utf-8")
    f = tmp_path_factory.mktemp("huge") / "huge.txt"
    with open(f, "wb") as out:
        out.write(b"A headline for a very long file\n\n")
        for _ in range(50_000_000 // len(block) + 1):
            out.write(block)
    return f


@pytest.mark.slow
def test_fifty_megabyte_article(huge_file, tmp_path):
    """Both commands complete in bounded memory: nothing quadratic in the million sentences (run side by side)."""
    assert huge_file.stat().st_size >= 50_000_000
    script = (
        "import resource, sys\nfrom nlptools.cli import main\nstatus = main(sys.argv[1:])\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, file=sys.stderr)\nsys.exit(status)\n"
    )
    procs = {}
    FORMATS = {"sentences": "jsonl", "summarize": "text"}  # the formats read below
    for command in ("sentences", "summarize"):
        sink = open(tmp_path / f"{command}.out", "wb")
        procs[command] = (
            subprocess.Popen(
                [sys.executable, "-c", script, command, str(huge_file), "--format", FORMATS[command]],
                stdout=sink,
                stderr=subprocess.PIPE,
                text=True,
                cwd=ROOT,
            ),
            sink,
        )
    for command, (proc, sink) in procs.items():
        _, err = proc.communicate(timeout=300)
        sink.close()
        assert proc.returncode == 0 and "Traceback" not in err, err
        peak_mb = int(err.strip().splitlines()[-1])
        assert peak_mb < 4_000, err  # a quadratic sentence graph would need terabytes
        lines = (tmp_path / f"{command}.out").read_text(encoding="utf-8").splitlines()
        if command == "sentences":
            assert len(lines) > 500_000
            assert json.loads(lines[-1])["text"] == "\u201cNever.\u201d"
        else:
            assert "sentences, more than the" in err  # the ranker saw the most central ones
            assert lines[0] == "# huge: A headline for a very long file" and len(lines) == 1 + 3 + 1


def test_experiment_over_a_corpus_with_bad_files(tmp_path, capsys):
    """``nlptools run``: unusable files are skipped with a warning; a corpus with nothing readable fails cleanly."""
    cfg = _experiment(tmp_path)
    (tmp_path / "corpus" / "empty.txt").write_bytes(b"")
    (tmp_path / "corpus" / "image.txt").write_bytes(_png())
    status, out, err = _run(capsys, ["run", str(cfg), "--out", str(tmp_path / "runs")])
    assert status == 0, err
    assert any("empty.txt" in w for w in _warnings(err)) and any("image.txt" in w for w in _warnings(err))
    metrics = json.loads((Path(out.strip()) / "metrics.json").read_text())
    assert '"documents": 3' in json.dumps(metrics, sort_keys=True)  # a.txt, b.txt, c.txt

    for p in (tmp_path / "corpus").glob("[abc].txt"):
        p.unlink()
    status, _, err = _run(capsys, ["run", str(cfg), "--out", str(tmp_path / "runs")])
    _assert_one_line_error(status, err, "no readable article")
    failed = tmp_path / "runs" / "tiny-2"
    assert (failed / "error.json").is_file() and not (failed / "manifest.json").exists()
    assert not (failed / "metrics.json").exists()
