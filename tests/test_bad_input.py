"""Bad input at the corpus and cleaning level (issue 6).

Each case ends in one of three outcomes: processed with a warning naming the
file and the reason; skipped with such a warning; or a one-line
:class:`~nlptools.errors.NlptoolsError` naming the file and the problem.
"""

from __future__ import annotations

import io
import json
import logging
import os
import struct
import subprocess
import sys
import textwrap
import zipfile
import zlib

import pytest

from nlptools.cleaning import clean_corpus, clean_document
from nlptools.corpus import Corpus
from nlptools.errors import EmptyCorpusError, InputError, NlptoolsError

GOOD = "Kim meets Putin\n\nThe two leaders met on Tuesday. They talked for hours.\n"


def _png_bytes() -> bytes:
    """A real, valid 1x1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def _zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("article.txt", GOOD * 20)
    return buf.getvalue()


def _warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


def _one_line(exc: BaseException) -> str:
    msg = str(exc)
    assert "\n" not in msg and msg.strip() == msg and msg
    return msg


def _read(path, caplog, **kwargs):
    with caplog.at_level(logging.WARNING, logger="nlptools"):
        return list(Corpus.from_path(path, **kwargs))


# --------------------------------------------------------------------------- skipped with a warning


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n\t \r\n   \n", "empty or only whitespace"),
        ("bom-only.txt", b"\xef\xbb\xbf\n", "empty"),
        ("image.txt", _png_bytes(), "binary"),
        ("archive.txt", _zip_bytes(), "binary"),
        ("nul-bytes.md", b"Text with\x00\x00 NUL bytes \x00 here and there.\x00", "binary"),
        (
            "empty.html",
            b"<html><head><script>x=1</script></head><body><nav>Home</nav></body></html>",
            "no readable text",
        ),
    ],
    ids=["empty", "whitespace", "bom-only", "png-as-txt", "zip-as-txt", "nul-bytes", "html-without-text"],
)
def test_unusable_file_is_skipped_with_a_warning_naming_it(tmp_path, caplog, name, content, reason):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / name).write_bytes(content)
    docs = _read(tmp_path, caplog)
    assert [d.id for d in docs] == ["good"]
    hits = [m for m in _warnings(caplog) if name in m]
    assert hits, _warnings(caplog)
    assert reason in hits[0]


def test_real_png_and_zip_files_in_a_folder_are_named_in_a_warning(tmp_path, caplog):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "photo.png").write_bytes(_png_bytes())
    (tmp_path / "bundle.zip").write_bytes(_zip_bytes())
    docs = _read(tmp_path, caplog)
    assert [d.id for d in docs] == ["good"]
    msg = " ".join(_warnings(caplog))
    assert "photo.png" in msg and "bundle.zip" in msg and "unsupported" in msg


def test_indexing_an_unusable_file_is_a_clear_error(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"   \n")
    corpus = Corpus.from_path(tmp_path)
    assert len(corpus) == 2  # len() counts files without reading them
    assert corpus[0].id == "a"
    with pytest.raises(InputError, match="b.txt: holds no readable article"):
        corpus[1]
    (tmp_path / "a.txt").unlink()
    with pytest.raises(InputError, match="a.txt: no such file"):
        corpus[0]


def test_file_removed_while_the_corpus_is_read(tmp_path, caplog):
    for i in range(5):
        (tmp_path / f"{i}.txt").write_text(f"Article {i}. Some text.\n", encoding="utf-8")
    corpus = Corpus.from_path(tmp_path)
    ids = []
    with caplog.at_level(logging.WARNING, logger="nlptools"):
        for doc in corpus:
            ids.append(doc.id)
            if doc.id == "1":
                (tmp_path / "3.txt").unlink()
    assert ids == ["0", "1", "2", "4"]
    assert any("3.txt" in m and "no such file" in m for m in _warnings(caplog))


def test_symlink_loop_is_broken_with_a_warning(tmp_path, caplog):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "b.txt").write_text(GOOD, encoding="utf-8")
    os.symlink(tmp_path, sub / "loop")  # sub/loop -> root: an endless tree
    os.symlink("self.txt", tmp_path / "self.txt")  # a link to itself
    os.symlink("missing.txt", tmp_path / "dangling.txt")
    docs = _read(tmp_path, caplog)
    assert [d.id for d in docs] == ["a", "sub/b"]  # each article once
    msgs = _warnings(caplog)
    assert any("loop" in m and "symlink loop" in m for m in msgs)
    assert any("self.txt" in m for m in msgs)
    assert any("dangling.txt" in m for m in msgs)


def test_jsonl_broken_lines_are_skipped_with_their_line_number(tmp_path, caplog):
    f = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "a", "text": "First story. Fine."}),
        '{"id": "b", "text": "Broken story',  # truncated
        "[1, 2, 3]",  # not an object
        json.dumps({"id": "c", "text": "   "}),  # empty text
        json.dumps({"id": "d", "body": "No text field here."}),  # missing field after the first record
        json.dumps({"id": "e", "text": "Last story. Fine too."}),
    ]
    f.write_bytes(("\n".join(lines) + "\n").encode("utf-8") + b"\xff\xfe\x00garbage\n")
    docs = _read(f, caplog)
    assert [d.id for d in docs] == ["a", "e"]
    msgs = _warnings(caplog)
    for lineno, reason in [(2, "not valid JSON"), (3, "expected an object"), (4, "empty"), (5, "no field"), (7, "")]:
        assert any(f"feed.jsonl:{lineno}" in m and reason in m for m in msgs), (lineno, msgs)


def test_jsonl_whose_first_record_lacks_the_text_field_is_a_clear_error(tmp_path):
    f = tmp_path / "feed.jsonl"
    f.write_text(json.dumps({"id": "a", "body": "Text."}) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        list(Corpus.from_path(f))
    msg = _one_line(info.value)
    assert "feed.jsonl:1" in msg and "'text'" in msg and "body" in msg and "--text-field" in msg
    assert [d.text for d in Corpus.from_path(f, text_field="body")] == ["Text."]


def test_csv_without_the_named_column_is_a_clear_error(tmp_path):
    f = tmp_path / "arts.csv"
    f.write_text("id,body\n1,Some text.\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        list(Corpus.from_path(f, text_field="content"))
    msg = _one_line(info.value)
    assert str(f) in msg and "'content'" in msg and "body" in msg
    # also inside a folder: a misnamed column is a setting error, not a per-file skip
    (tmp_path / "ok.txt").write_text(GOOD, encoding="utf-8")
    with pytest.raises(InputError, match="no column 'content'"):
        list(Corpus.from_path(tmp_path, text_field="content"))


def test_empty_csv_is_skipped(tmp_path, caplog):
    (tmp_path / "empty.csv").write_bytes(b"")
    (tmp_path / "ok.txt").write_text(GOOD, encoding="utf-8")
    assert [d.id for d in _read(tmp_path, caplog)] == ["ok"]
    assert any("empty.csv" in m for m in _warnings(caplog))


# --------------------------------------------------------------------------- one-line errors


def test_folder_without_any_article_file(tmp_path):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(EmptyCorpusError) as info:
        Corpus.from_path(tmp_path)
    msg = _one_line(info.value)
    assert str(tmp_path) in msg and "no article files" in msg and ".txt" in msg


def test_folder_with_no_readable_article(tmp_path, caplog):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_bytes(b"\n \n")
    (tmp_path / "image.txt").write_bytes(_png_bytes())
    corpus = Corpus.from_path(tmp_path)
    with caplog.at_level(logging.WARNING, logger="nlptools"), pytest.raises(EmptyCorpusError) as info:
        list(corpus)
    msg = _one_line(info.value)
    assert str(tmp_path) in msg and "no readable article" in msg
    assert len(_warnings(caplog)) == 3  # each file was named first


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda p: p / "missing", "no such file or folder"),
        (lambda p: (p / "x.pdf").write_bytes(b"%PDF") and p / "x.pdf", "unsupported file type '.pdf'"),
        (lambda p: (p / "README").write_text("hi") and p / "README", r"unsupported file type '\(none\)'"),
        (lambda p: os.symlink(p / "gone.txt", p / "link.txt") or p / "link.txt", "broken symbolic link"),
        (lambda p: os.symlink(p / "loop.txt", p / "loop.txt") or p / "loop.txt", "symlink loop"),
        (lambda p: os.mkfifo(p / "pipe.txt") or p / "pipe.txt", "not a regular file"),
    ],
    ids=["missing", "pdf", "no-suffix", "broken-link", "self-link", "fifo"],
)
def test_bad_path_is_a_one_line_input_error(tmp_path, make, match):
    path = make(tmp_path)
    with pytest.raises(InputError, match=match) as info:
        Corpus.from_path(path)
    assert str(path) in _one_line(info.value)


# --------------------------------------------------------------------------- processed (with a warning where due)


def test_html_page_gives_the_article_text(tmp_path, caplog):
    page = textwrap.dedent(
        """\
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>Kim meets Putin | World News</title>
        <style>p { color: red }</style><script>var s = "<p>not article text</p>";</script></head>
        <body><header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
        <article><h1>Kim meets Putin</h1>
        <p class="byline">By Jane Roe</p>
        <p>The two leaders met in Vladivostok on Wednesday. They discussed &quot;co-operation&quot; &amp; trade.</p>
        <figure><img src="a.jpg"><figcaption>Kim Jong Un. Photo: Getty Images</figcaption></figure>
        <p>Talks lasted<br>four hours, officials said.</p>
        </article><aside>Related: other stories</aside><footer>Copyright 2024 World News</footer></body></html>
        """
    )
    f = tmp_path / "page.html"
    f.write_text(page, encoding="utf-8")
    docs = _read(f, caplog)
    assert len(docs) == 1
    doc = docs[0]
    assert doc.meta["extracted_from"] == "html"
    for junk in ("<", "Home", "not article text", "color", "Related", "Copyright", "figcaption", "Getty"):
        assert junk not in doc.text
    clean = clean_document(doc)
    assert clean.title == "Kim meets Putin"
    assert [s.text for s in clean.body] == [
        "The two leaders met in Vladivostok on Wednesday.",
        'They discussed "co-operation" & trade.',
        "Talks lasted\nfour hours, officials said.",
    ]
    assert [r.rule for r in clean.removed] == ["byline"]
    assert all(doc.text[s.start : s.end] == s.text for s in clean.sentences)


def test_htm_page_without_h1_uses_its_title(tmp_path, caplog):
    f = tmp_path / "old.htm"
    f.write_bytes(
        b"<html><head><svg><title>menu icon</title></svg>"
        b"<title>Markets fall on rate fears - Daily Paper</title></head>"
        b"<body><p>Shares fell sharply on Monday.<br><br>Bond yields rose.</p></body></html>"
    )
    doc = _read(f, caplog)[0]
    assert doc.text == "Markets fall on rate fears\n\nShares fell sharply on Monday.\n\nBond yields rose.\n"


def test_duplicate_ids_are_made_unique_consistently(tmp_path, caplog):
    (tmp_path / "a.txt").write_text("From the text file. Yes.\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("From the markdown file. Yes.\n", encoding="utf-8")
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        "".join(json.dumps({"id": i, "text": f"Record {n}. Text."}) + "\n" for n, i in enumerate(["x", "x", "y"])),
        encoding="utf-8",
    )
    corpus = Corpus.from_path(tmp_path)
    docs = _read(tmp_path, caplog)
    ids = [d.id for d in docs]
    assert len(set(ids)) == len(ids) == 5
    assert ids[:2] == ["a.md", "a.txt"]
    assert [corpus[i].id for i in range(len(corpus))] == ids  # indexing agrees with iteration
    assert any("'x'" in m and "repeats" in m and "feed.jsonl:2" in m for m in _warnings(caplog))
    assert ids == [d.id for d in corpus]  # renaming is deterministic


def test_non_english_article_is_processed(tmp_path, caplog):
    text = (
        "Gipfeltreffen in Wladiwostok\n\n"
        "Der nordkoreanische Machthaber Kim Jong Un ist in Russland eingetroffen. "
        "Er will dort Präsident Wladimir Putin treffen.\n\n"
        "북한 김정은 위원장이 러시아를 방문했다. 회담은 네 시간 동안 진행됐다.\n"
    )
    f = tmp_path / "de.txt"
    f.write_text(text, encoding="utf-8")
    doc = _read(f, caplog)[0]
    clean = clean_document(doc)
    assert clean.title == "Gipfeltreffen in Wladiwostok"
    assert [s.text for s in clean.body] == [
        "Der nordkoreanische Machthaber Kim Jong Un ist in Russland eingetroffen.",
        "Er will dort Präsident Wladimir Putin treffen.",
        "북한 김정은 위원장이 러시아를 방문했다.",
        "회담은 네 시간 동안 진행됐다.",
    ]
    assert _warnings(caplog) == []


@pytest.mark.parametrize("text", ["Kim met Putin on Tuesday.", "Kim met Putin on Tuesday", "  Kim met Putin.  \n"])
def test_one_sentence_article(text):
    docs = list(clean_corpus(Corpus.from_texts([text])))
    assert len(docs) == 1
    (s,) = docs[0].sentences
    assert s.text == text.strip() and not s.heading


def test_article_of_only_furniture_is_skipped_after_cleaning(caplog):
    corpus = Corpus.from_texts(["date 2023-11-14\n\nPHOTO: YONHAP\n", GOOD], ids=["furniture", "good"])
    with caplog.at_level(logging.WARNING, logger="nlptools"):
        docs = list(clean_corpus(corpus))
    assert [d.id for d in docs] == ["good"]
    assert any("furniture" in m and "no sentence left" in m for m in _warnings(caplog))


def test_corpus_of_only_furniture_is_a_clear_error(caplog):
    corpus = Corpus.from_texts(["date 2023-11-14\n\nPHOTO: YONHAP\n", "by Jane Roe\n\n© Jane Roe/Getty Images\n"])
    with caplog.at_level(logging.WARNING, logger="nlptools"), pytest.raises(EmptyCorpusError) as info:
        list(clean_corpus(corpus))
    assert "no article left after cleaning" in _one_line(info.value)
    assert len(_warnings(caplog)) == 2


# --------------------------------------------------------------------------- scale


@pytest.mark.slow
def test_folder_of_ten_thousand_tiny_files(tmp_path):
    root = tmp_path / "many"
    root.mkdir()
    for i in range(10_000):
        sub = root / f"{i // 1000:02d}"
        if i % 1000 == 0:
            sub.mkdir()
        (sub / f"{i:05d}.txt").write_bytes(b"Story %d. It rained." % i)
    corpus = Corpus.from_path(root)
    assert len(corpus) == 10_000
    seen = 0
    for clean in clean_corpus(corpus):
        assert [s.text for s in clean.sentences][1] == "It rained."
        seen += 1
    assert seen == 10_000
    assert corpus[9_999].id == "09/09999"


_BIG_SCRIPT = r"""
import resource, sys, time
from pathlib import Path
from nlptools.corpus import Corpus
from nlptools.cleaning import clean_document
path = Path(sys.argv[1])
t0 = time.perf_counter()
doc = next(iter(Corpus.from_path(path)))
clean = clean_document(doc)
t1 = time.perf_counter()
assert all(doc.text[s.start:s.end] == s.text for s in clean.sentences[:: max(1, len(clean.sentences) // 1000)])
print(len(doc.text), len(clean.sentences), round(t1 - t0, 1), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


@pytest.mark.slow
def test_fifty_megabyte_single_file(tmp_path):
    paragraphs = [
        "The two leaders met in Vladivostok on Wednesday, officials said. Talks lasted four hours.",
        "Mr. Kim's armoured train left Pyongyang on Sunday. It crossed the border at 06:00 local time.",
        "Shares in Korea Electric Power Corp. rose 3.5% to $115.20, the U.S. market data showed.",
        "\u201cWe will not stand idly by,\u201d the minister said. \u201cNever.\u201d",
    ]
    block = ("\n\n".join(paragraphs) + "\n\n").encode("utf-8")
    f = tmp_path / "huge.txt"
    header = b"A headline for a very long file\n\n"
    repeats = 50_000_000 // len(block) + 1
    with open(f, "wb") as out:
        out.write(header)
        for _ in range(repeats):
            out.write(block)
    assert f.stat().st_size >= 50_000_000
    proc = subprocess.run([sys.executable, "-c", _BIG_SCRIPT, str(f)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    n_chars, n_sentences, seconds, peak_mb = proc.stdout.split()
    assert int(n_chars) == len(header) + repeats * len(block.decode("utf-8"))
    assert int(n_sentences) > 500_000
    # measured about 0.3 GB peak for 50 MB; a copy per line or per sentence would be far more
    assert int(peak_mb) < 2_000, proc.stdout


def test_errors_are_nlptools_errors():
    assert issubclass(EmptyCorpusError, InputError) and issubclass(InputError, NlptoolsError)
