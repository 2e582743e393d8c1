"""Hostile corpora, security (issue 18, items 1-4).

1. symbolic links never lead out of the input folder unless asked;
2. no Markdown/HTML injection in ``digest.md``, ``digest.html`` or ``themes --format md``;
3. no terminal escape from a record field or a file name reaches an output;
4. no spreadsheet formula in the CSV tables of ``nlptools run``.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlptools.cli import main
from nlptools.corpus import Corpus
from nlptools.io.decode import clean_field, clean_text
from nlptools.outputs import escape_markdown
from nlptools.report import markdown_table

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
GOOD = "Kim met Putin in Vladivostok. The talks ended late.\n"
SECRET = "-----BEGIN OPENSSH PRIVATE KEY----- b3BlbnNzaC1rZXktdjEAAAAA secret key material.\n"
PAYLOAD = "<img src=x onerror=alert(1)>\n## Injected"
# ESC, BEL, DEL, a C1 CSI, NUL: nothing of it may reach a terminal or an output
ESCAPES = "\x1b]0;PWNED\x07\x1b[2J\x7f\x9b31m\x00"
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


def _run(capsys, argv: list[str]) -> tuple[int, str, str]:
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


# --------------------------------------------------------------------------- 1. symbolic links


@pytest.fixture
def linked(tmp_path: Path) -> Path:
    """corpus/ with a good article, links to a secret file and a folder outside, and links inside."""
    outside = tmp_path / "home"
    (outside / "etc").mkdir(parents=True)
    (outside / "id_rsa.txt").write_text(SECRET, encoding="utf-8")
    (outside / "etc" / "passwd.txt").write_text("root:x:0:0:root:/root:/bin/bash. " + SECRET, encoding="utf-8")
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "a.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "sub" / "b.txt").write_text("Second article. It is fine.\n", encoding="utf-8")
    os.symlink(outside / "id_rsa.txt", corpus / "notes.txt")  # ln -s ~/.ssh/id_rsa corpus/notes.txt
    os.symlink(outside / "etc", corpus / "etc")  # a link to /etc
    os.symlink("../a.txt", corpus / "sub" / "again.txt")  # inside: the same file under another name
    os.symlink("sub", corpus / "alias")  # inside: the same folder under another name
    return corpus


def test_links_out_of_the_folder_are_skipped_with_a_warning_naming_link_and_target(linked, caplog):
    with caplog.at_level(logging.WARNING, logger="nlptools"):
        docs = list(Corpus.from_path(linked))
    assert [d.id for d in docs] == ["a", "sub/b"]  # inside links: each file once, under its own path
    assert not any("PRIVATE KEY" in d.text for d in docs)
    msgs = _warnings(caplog)
    target = os.path.realpath(linked.parent / "home" / "id_rsa.txt")
    assert any("notes.txt" in m and target in m and "outside the input folder" in m for m in msgs), msgs
    assert any(str(linked / "etc") in m and "outside the input folder" in m for m in msgs), msgs
    assert any("--follow-links" in m for m in msgs)


def test_follow_links_reads_them_and_still_reads_each_file_once(linked):
    docs = list(Corpus.from_path(linked, follow_links=True))
    assert [d.id for d in docs] == ["a", "etc/passwd", "notes", "sub/b"]
    assert sum("PRIVATE KEY" in d.text for d in docs) == 2


def test_a_link_inside_the_folder_is_read_when_its_target_is_not_walked(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / ".drafts").mkdir(parents=True)
    (corpus / ".drafts" / "x.txt").write_text(GOOD, encoding="utf-8")  # hidden: not walked itself
    os.symlink(".drafts/x.txt", corpus / "published.txt")
    assert [d.id for d in Corpus.from_path(corpus)] == ["published"]


def test_symlink_loops_stay_broken_when_links_are_followed(tmp_path, caplog):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(GOOD, encoding="utf-8")
    os.symlink(corpus, corpus / "loop")
    os.symlink(tmp_path, corpus / "up")  # outside, and it contains the corpus again
    with caplog.at_level(logging.WARNING, logger="nlptools"):
        docs = list(Corpus.from_path(corpus, follow_links=True))
    assert [d.id for d in docs] == ["a"]
    assert any("symlink loop" in m for m in _warnings(caplog))


def test_cli_skips_links_out_of_the_folder_unless_follow_links(linked, capsys):
    status, out, err = _run(capsys, ["sentences", str(linked), "--format", "text"])
    assert status == 0
    assert "PRIVATE KEY" not in out and "root:x" not in out
    assert "notes.txt" in err and "outside the input folder" in err
    status, out, err = _run(capsys, ["sentences", str(linked), "--format", "text", "--follow-links"])
    assert status == 0 and "PRIVATE KEY" in out


# --------------------------------------------------------------------------- 2. Markdown and HTML injection


def _render(markdown: str) -> str:
    """HTML of ``markdown`` as a common renderer makes it (raw HTML allowed, GFM tables)."""
    markdown_it = pytest.importorskip("markdown_it")
    md = markdown_it.MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")
    return md.render(markdown)


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        (PAYLOAD, "&lt;img src=x onerror=alert\\(1\\)&gt; \\#\\# Injected"),
        ("[click](javascript:alert(1))", "\\[click\\]\\(javascript:alert\\(1\\)\\)"),
        ("a | b", "a \\| b"),
        ("- item", "\\- item"),
        ("+ item", "\\+ item"),
        ("12. item", "12\\. item"),
        ("> quote", "&gt; quote"),
        ("=====", "\\====="),
        ("**bold** _it_ ~~s~~ `code` $x$", "\\*\\*bold\\*\\* \\_it\\_ \\~\\~s\\~\\~ \\`code\\` \\$x\\$"),
        ("AT&T", "AT&amp;T"),
        ("back\\slash", "back\\\\slash"),
        ("a\r\nb\u2028c\x85d" + ESCAPES, "a  b c d \\]0;PWNED  \\[2J  31m"),
        ("lone \ud800 surrogate", "lone   surrogate"),
        ("-3.5 and 2", "\\-3.5 and 2"),
    ],
)
def test_escape_markdown(raw, escaped):
    assert escape_markdown(raw) == escaped


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_escaped_text_renders_as_one_paragraph_of_the_same_text(text):
    import html

    escaped = escape_markdown(text)
    assert "\n" not in escaped and not CONTROL.search(escaped)
    rendered = _render(escaped)
    if not escaped:
        assert rendered == ""
        return
    assert rendered.startswith("<p>") and rendered.endswith("</p>\n")
    inner = rendered[3:-5]
    assert "<" not in inner  # no element at all: no link, no emphasis, no HTML
    folded = re.sub("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]", " ", text).strip()
    assert html.unescape(inner) == folded


def test_markdown_table_cells_are_escaped():
    table = markdown_table([{"title": PAYLOAD, "n": -2, "x": 0.5}])
    assert table.splitlines()[2] == "| &lt;img src=x onerror=alert\\(1\\)&gt; \\#\\# Injected | -2 | 0.500 |"
    assert "<img" not in _render(table)


def _hostile_corpus(tmp_path: Path) -> Path:
    """The seed articles as JSON Lines with hostile titles and ids, and a lexicon with a hostile theme name."""
    corpus = tmp_path / "hostile"
    corpus.mkdir()
    with open(corpus / "feed.jsonl", "w", encoding="utf-8") as f:
        for i, src in enumerate(SEEDS):
            record = {
                "id": f"<b>id{i}</b>\n# {i}" if i == 1 else f"a{i}",
                "title": PAYLOAD if i == 0 else f"Title {i}{ESCAPES}",
                "text": src.read_text(encoding="utf-8"),
            }
            f.write(json.dumps(record) + "\n")
    lexicon = (ROOT / "seeds" / "themes.toml").read_text(encoding="utf-8")
    lexicon = re.sub(r'(?m)^"diplomacy" =', '"diplomacy <img src=x onerror=alert(1)>\\\\n## Injected" =', lexicon)
    (corpus / "themes.toml").write_text(lexicon, encoding="utf-8")
    return corpus


def _assert_inert_markdown(md: str) -> None:
    assert "<img" not in md and "<b>" not in md
    assert not re.search(r"(?m)^#+ Injected", md) and not re.search(r"(?m)^# 1", md)
    assert not CONTROL.search(md)
    rendered = _render(md)
    assert "<img" not in rendered and "<b>" not in rendered
    assert not re.search(r"<h\d>\s*(Injected|1)\s*</h\d>", rendered)


def test_themes_markdown_escapes_theme_names_ids_and_sentences(tmp_path, capsys):
    corpus = _hostile_corpus(tmp_path)
    status, out, err = _run(capsys, ["themes", str(corpus), "--format", "md"])
    assert status == 0, err
    assert "diplomacy &lt;img src=x onerror=alert\\(1\\)&gt; \\#\\# Injected" in out
    _assert_inert_markdown(out)


def test_digest_markdown_and_html_escape_titles_and_theme_names(tmp_path, capsys):
    corpus = _hostile_corpus(tmp_path)
    status, out, err = _run(capsys, ["digest", str(corpus), "--out", str(tmp_path / "out"), "--html"])
    assert status == 0, err
    md = (tmp_path / "out" / "digest.md").read_text(encoding="utf-8")
    assert md == out
    _assert_inert_markdown(md)
    page = (tmp_path / "out" / "digest.html").read_text(encoding="utf-8")
    assert "<img src=x" not in page and "<b>id1" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert not re.search(r"<h\d>\s*Injected", page)
    assert not CONTROL.search(page.replace("\n", "").replace("\t", ""))


# --------------------------------------------------------------------------- 3. terminal escapes


def test_record_fields_lose_their_control_characters(tmp_path):
    f = tmp_path / "feed.jsonl"
    record = {
        "id": f"e{ESCAPES}",
        "title": f"Title\n{ESCAPES}",
        "text": f"Kim met Putin.\n\t{ESCAPES} The talks ended.\ud800",
    }
    f.write_text(json.dumps(record) + "\n", encoding="utf-8")
    (doc,) = Corpus.from_path(f)
    assert doc.id == "e ]0;PWNED  [2J  31m"
    assert doc.title == "Title  ]0;PWNED  [2J  31m"
    assert doc.text == "Kim met Putin.\n\t ]0;PWNED  [2J  31m  The talks ended.\ufffd"  # \n and \t kept
    c = tmp_path / "arts.csv"
    with open(c, "w", encoding="utf-8", newline="") as h:
        esc = ESCAPES.replace("\x00", "")  # a NUL byte in a file means binary: tested in test_hostile_results
        csv.writer(h).writerows([["id", "title", "text"], [f"c{esc}", f"T{esc}", f"{GOOD * 20}{esc}. More."]])
    (row,) = Corpus.from_path(c)
    assert not CONTROL.search(row.id + (row.title or "") + row.text)


def test_ids_from_file_names_lose_their_control_characters(tmp_path):
    (tmp_path / "a\x1b]0;PWNED\x07b.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "line\nbreak.txt").write_text("Another one. Fine.\n", encoding="utf-8")
    ids = [d.id for d in Corpus.from_path(tmp_path)]
    assert ids == ["a ]0;PWNED b", "line break"]


def test_clean_text_and_clean_field():
    assert clean_text("a\r\nb\rc\x1b\x07\x7f\x85\x9b\x00\t\f\ud800") == "a\nb\nc      \t\f\ufffd"
    assert clean_field(" a\nb\tc\x1b\u2028\udce9 ") == "a b c  \ufffd"


def test_escapes_in_jsonl_never_reach_the_terminal(tmp_path, capsys):
    f = tmp_path / "e.jsonl"
    f.write_text(
        json.dumps({"id": f"e{ESCAPES}", "text": f"Kim met Putin. {ESCAPES} The talks ended."}) + "\n",
        encoding="utf-8",
    )
    for fmt in ("text", "jsonl"):
        status, out, err = _run(capsys, ["sentences", str(f), "--format", fmt])
        assert status == 0, err
        assert "Kim met Putin." in out
        assert not CONTROL.search(out.replace("\n", "")), repr(out)
        assert "\x1b" not in err


# --------------------------------------------------------------------------- 4. CSV formula injection


def test_run_tables_neutralise_spreadsheet_formulas(tmp_path):
    from nlptools.experiment.runner import RunContext

    ctx = RunContext(SimpleNamespace(seed=0), tmp_path)  # type: ignore[arg-type]
    cells = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "-3.5", "+2", "1e5", "plain"]
    rows = [{"text": c, "int": -2, "float": -0.25, "list": ["=a", "b"]} for c in cells]
    path = ctx.write_table("t.csv", rows)
    with open(path, encoding="utf-8", newline="") as h:
        read = list(csv.DictReader(h))
    assert [r["text"] for r in read] == [
        '\'=HYPERLINK("http://x")',
        "'+1+1",
        "'-2+3",
        "'@SUM(A1)",
        "'\tx",
        "'\nx",  # a carriage return would end the row: a newline, quoted
        "-3.5",  # a plain number stays a number
        "+2",
        "1e5",
        "plain",
    ]
    assert {r["int"] for r in read} == {"-2"} and {r["float"] for r in read} == {"-0.25"}
    assert {r["list"] for r in read} == {"'=a b"}


def test_run_documents_csv_with_hostile_file_names(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, src in zip(["=cmd|' calc'!A0", "@SUM(1+1)", "-2+3", "ok"], SEEDS):
        shutil.copy(src, corpus / f"{name}.txt")
    cfg = tmp_path / "exp.toml"
    cfg.write_text('name = "tiny"\nkind = "segmentation"\nseed = 0\n[corpus]\npath = "corpus"\n', encoding="utf-8")
    status, out, err = _run(capsys, ["run", str(cfg), "--out", str(tmp_path / "runs")])
    assert status == 0, err
    with open(Path(out.strip()) / "documents.csv", encoding="utf-8", newline="") as h:
        ids = sorted(r["id"] for r in csv.DictReader(h))
    assert ids == ["'-2+3", "'=cmd|' calc'!A0", "'@SUM(1+1)", "ok"]


def test_warnings_never_carry_control_characters_from_file_names(tmp_path, capsys):
    """A file name with ESC/BEL reaches stderr only through a cleaned warning line."""
    from nlptools.cli import main

    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "good.txt").write_text("Kim met Putin. The talks ended.", encoding="utf-8")
    (folder / "bad\x1b]0;PWNED\x07.txt").write_bytes(b"")
    assert main(["sentences", str(folder)]) == 0
    err = capsys.readouterr().err
    assert "PWNED" in err and "\x1b" not in err and "\x07" not in err
