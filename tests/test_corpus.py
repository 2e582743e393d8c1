"""Corpus loading: formats, re-iteration, streaming, len/indexing, encodings, line endings."""

from __future__ import annotations

import json
import logging

import pytest

import nlptools.corpus as corpus_mod
from nlptools.corpus import Corpus, load
from nlptools.document import Document
from nlptools.errors import InputError, ParameterError
from nlptools.io import decode_bytes, read_text_file

ARTICLE = "Kim meets Putin\n\nThe two leaders met on Tuesday. They talked for hours.\n"


def _write(path, text, encoding="utf-8"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


# --------------------------------------------------------------------------- formats


def test_folder_is_read_recursively_in_sorted_order(tmp_path):
    _write(tmp_path / "b.txt", "Second article. It has text.\n")
    _write(tmp_path / "a.md", "First article. It has text.\n")
    _write(tmp_path / "nested" / "deeper" / "c.txt", "Third article. Deep down.\n")
    _write(tmp_path / ".hidden.txt", "Hidden files are not articles.\n")
    corpus = Corpus.from_path(tmp_path)
    docs = list(corpus)
    assert [d.id for d in docs] == ["a", "b", "nested/deeper/c"]
    assert docs[2].text == "Third article. Deep down.\n"
    assert docs[2].source == str(tmp_path / "nested" / "deeper" / "c.txt")
    assert docs[0].meta["encoding"] == "utf-8"
    assert load(tmp_path).sources == corpus.sources


def test_single_text_and_markdown_files(tmp_path):
    for name in ("one.txt", "one.md"):
        f = _write(tmp_path / name, ARTICLE)
        docs = list(Corpus.from_path(f))
        assert len(docs) == 1
        assert docs[0].id == "one"
        assert docs[0].text == ARTICLE


def test_suffixes_option_limits_the_walk(tmp_path):
    _write(tmp_path / "a.txt", "Text file. Yes.\n")
    _write(tmp_path / "b.md", "Markdown file. Yes.\n")
    assert [d.id for d in Corpus.from_path(tmp_path, suffixes=["md"])] == ["b"]
    assert [d.id for d in Corpus.from_path(tmp_path, suffixes=[".TXT"])] == ["a"]


def test_jsonl_with_named_fields(tmp_path):
    records = [
        {
            "uid": "k1",
            "body": "Kim met Putin. They talked.",
            "headline": "Summit",
            "when": "2023-09-13T10:00:00Z",
            "lang": "en",
        },
        {"uid": "k2", "body": "Second story. More text.", "headline": "", "when": "not a date"},
        {"body": "No id here. Still an article."},
    ]
    f = _write(tmp_path / "news.jsonl", "\n".join(json.dumps(r) for r in records) + "\n")
    corpus = Corpus.from_path(f, text_field="body", id_field="uid", title_field="headline", date_field="when")
    docs = list(corpus)
    assert [d.id for d in docs] == ["k1", "k2", "news:3"]
    assert docs[0].text == "Kim met Putin. They talked."
    assert docs[0].title == "Summit" and docs[0].date == "2023-09-13"
    assert docs[0].meta == {"lang": "en"}
    assert docs[1].title is None and docs[1].date is None
    assert docs[2].source == f"{f}:3"


def test_jsonl_without_optional_fields(tmp_path):
    f = _write(tmp_path / "n.jsonl", '{"text": "Just text. Nothing else."}\n\n{"text": "More text. Yes."}\n')
    docs = list(Corpus.from_path(f, id_field=None, title_field=None, date_field=None))
    assert [d.id for d in docs] == ["n:1", "n:3"]  # blank line 2 is not a record
    assert all(d.title is None and d.date is None for d in docs)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig", "cp1252"])
def test_jsonl_in_other_encodings(tmp_path, encoding):
    lines = [{"id": "a", "text": "Caf\u00e9 prices rose to \u00a35. Fine."}, {"id": "b", "text": "Second. Record."}]
    body = "\r\n".join(json.dumps(r, ensure_ascii=False) for r in lines) + "\r\n"
    f = tmp_path / "enc.jsonl"
    f.write_bytes(body.encode(encoding))
    docs = list(Corpus.from_path(f))
    assert [(d.id, d.text) for d in docs] == [(r["id"], r["text"]) for r in lines]
    assert docs[1].source == f"{f}:2"


def test_csv_with_named_columns_and_multiline_fields(tmp_path):
    f = _write(
        tmp_path / "arts.csv",
        "ident,content,date\r\n"
        'a1,"First paragraph. Second sentence.\r\n\r\nNew paragraph, with a comma.",2024-01-02\r\n'
        'a2,"He said ""hello"". Then left.",\r\n',
    )
    docs = list(Corpus.from_path(f, text_field="content", id_field="ident"))
    assert [d.id for d in docs] == ["a1", "a2"]
    assert docs[0].text == "First paragraph. Second sentence.\n\nNew paragraph, with a comma."
    assert docs[0].date == "2024-01-02"
    assert docs[1].text == 'He said "hello". Then left.'
    assert docs[1].date is None
    assert docs[1].source == f"{f}#2"


def test_csv_without_a_header_row_takes_column_names(tmp_path):
    f = _write(
        tmp_path / "nohead.csv",
        '"3","Pension talks fail","Unions said talks failed. They will strike."\n"4","Launch date set","A team set a date."\n',
    )
    docs = list(Corpus.from_path(f, columns=["label", "title", "text"]))
    assert [(d.id, d.title, d.text, dict(d.meta)) for d in docs] == [
        ("nohead:1", "Pension talks fail", "Unions said talks failed. They will strike.", {"label": "3"}),
        ("nohead:2", "Launch date set", "A team set a date.", {"label": "4"}),
    ]
    # without the names, the first row is read as a header, and the error says what it found
    with pytest.raises(InputError, match="no column 'text'.*Pension talks fail"):
        list(Corpus.from_path(f))


def test_real_headerless_ag_news_csv(data_dir):
    path = data_dir / "ag-news-test" / "test.csv"
    if not path.exists():
        pytest.skip(f"{path} missing")
    corpus = Corpus.from_path(path, columns=["label", "title", "text"])
    docs = list(corpus)
    assert len(docs) == 7_600 == len(corpus)
    assert docs[0].title == "Fears for T N pension after talks"
    assert docs[0].text.startswith("Unions representing workers at Turner")
    assert {d.meta["label"] for d in docs} == {"1", "2", "3", "4"}


def test_csv_field_longer_than_the_csv_module_default_limit(tmp_path):
    long_text = "A long sentence of words. " * 10_000  # 260,000 characters > csv's 131,072 default
    f = _write(tmp_path / "long.csv", 'id,text\n1,"' + long_text + '"\n')
    docs = list(Corpus.from_path(f))
    assert len(docs) == 1 and docs[0].text == long_text


def test_from_texts_and_from_documents():
    corpus = Corpus.from_texts(["One. Two.", "Three."])
    assert [d.id for d in corpus] == ["0", "1"]
    assert len(corpus) == 2 and corpus[1].text == "Three."
    named = Corpus.from_texts(["x", "y"], ids=["a", "b"])
    assert [d.id for d in named] == ["a", "b"]
    with pytest.raises(ParameterError, match="repeated"):
        Corpus.from_documents([Document("same", "a"), Document("same", "b")])


# --------------------------------------------------------------------------- re-iterable, len, indexing, streaming


def _folder(tmp_path, n, name="docs"):
    root = tmp_path / name
    root.mkdir()
    for i in range(n):
        (root / f"{i:05d}.txt").write_text(f"Article number {i}. It says something.\n", encoding="utf-8")
    return root


def test_two_passes_give_equal_documents(tmp_path, seeds_dir):
    for corpus in (Corpus.from_path(seeds_dir), Corpus.from_path(_folder(tmp_path, 7))):
        first = list(corpus)
        second = list(corpus)
        assert first == second
        assert len(first) == len(corpus)


def test_record_corpus_is_re_iterable_and_sized(tmp_path):
    f = _write(tmp_path / "r.jsonl", "".join(json.dumps({"id": str(i), "text": f"Text {i}."}) + "\n" for i in range(5)))
    corpus = Corpus.from_path(f)
    assert [d.id for d in corpus] == [d.id for d in corpus] == ["0", "1", "2", "3", "4"]
    assert len(corpus) == 5
    assert corpus[3].id == "3" and corpus[-1].id == "4"


def test_list_of_a_record_corpus_warns_once_per_bad_record(tmp_path, caplog):
    f = _write(tmp_path / "r.jsonl", '{"text": "Good. Yes."}\n{broken\n{"text": "Also good."}\n')
    corpus = Corpus.from_path(f)
    with caplog.at_level(logging.WARNING, logger="nlptools"):
        docs = list(corpus)  # list() asks len() first: a counting pass that must stay quiet
    assert len(docs) == len(corpus) == 2
    assert [r.getMessage() for r in caplog.records if "r.jsonl:2" in r.getMessage()] and len(caplog.records) == 1


def test_the_counting_pass_is_quiet_without_muting_the_logger(tmp_path, caplog):
    # mixed folder: len() reads everything once (cp1252 text, a binary file, bad records), silently
    _write(tmp_path / "a.txt", "Caf\xe9 news. It rained.\n", encoding="cp1252")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01binary")
    _write(tmp_path / "r.jsonl", '{"text": "Good."}\n{broken\n{"id": "x", "text": "A."}\n{"id": "x", "text": "B."}\n')
    corpus = Corpus.from_path(tmp_path)
    with caplog.at_level(logging.WARNING, logger="nlptools"):
        assert len(corpus) == 4
        assert caplog.records == []
        assert logging.getLogger("nlptools.corpus").filters == []
        docs = list(corpus)
    assert [d.id for d in docs] == ["a", "r:1", "x", "x#3"]
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 4, messages  # cp1252, binary, bad JSON, repeated id: each once
    for part in ("a.txt: not valid UTF-8", "b.txt: looks binary", "r.jsonl:2: skipped", "repeats an earlier document"):
        assert sum(part in m for m in messages) == 1, (part, messages)


def test_a_wrong_text_field_is_a_typed_error_and_a_file_name_is_not(tmp_path, caplog):
    from nlptools.io import MissingFieldError

    _write(tmp_path / "a.txt", ARTICLE)
    _write(tmp_path / "r.jsonl", '{"body": "Text."}\n')
    with pytest.raises(MissingFieldError, match="no field 'text'"):
        list(Corpus.from_path(tmp_path))
    assert issubclass(MissingFieldError, InputError)
    # a file whose name reads like that error is skipped like any other unreadable file
    (tmp_path / "r.jsonl").unlink()
    (tmp_path / "no field here.txt").write_bytes(b"\x00\x01binary")
    with caplog.at_level(logging.WARNING, logger="nlptools"):
        assert [d.id for d in Corpus.from_path(tmp_path)] == ["a"]
    assert any("no field here.txt: looks binary" in r.getMessage() for r in caplog.records)


def test_len_and_indexing_do_not_read_every_file(tmp_path, monkeypatch):
    root = _folder(tmp_path, 50)
    corpus = Corpus.from_path(root)
    reads = []
    real = corpus_mod.read_text_file
    monkeypatch.setattr(corpus_mod, "read_text_file", lambda p: (reads.append(p), real(p))[1])
    assert len(corpus) == 50
    assert reads == []
    assert corpus[7].id == "00007"
    assert corpus[-1].id == "00049"
    assert len(reads) == 2
    sub = corpus[10:13]
    assert [d.id for d in sub] == ["00010", "00011", "00012"]
    with pytest.raises(IndexError):
        corpus[50]


def test_iteration_streams_one_file_at_a_time(tmp_path, monkeypatch):
    root = _folder(tmp_path, 2_000)
    corpus = Corpus.from_path(root)
    reads = []
    real = corpus_mod.read_text_file
    monkeypatch.setattr(corpus_mod, "read_text_file", lambda p: (reads.append(p), real(p))[1])
    it = iter(corpus)
    first = next(it)
    assert first.id == "00000"
    assert len(reads) == 1  # nothing else was read ahead
    for _ in range(9):
        next(it)
    assert len(reads) == 10
    # a file deleted before the stream reaches it is simply not read
    (root / "01999.txt").unlink()
    rest = list(it)
    assert len(rest) == 1_989
    assert len(reads) == 2_000


def test_streaming_keeps_no_reference_to_earlier_documents(tmp_path):
    import gc

    root = _folder(tmp_path, 300)
    corpus = Corpus.from_path(root)
    live = []
    for i, _doc in enumerate(corpus):
        if i in (100, 299):
            gc.collect()
            # this corpus's documents only (another test's results may still be alive in this process)
            live.append(
                sum(isinstance(o, Document) and str(o.source or "").startswith(str(root)) for o in gc.get_objects())
            )
    # documents already yielded are not kept alive by the corpus or its iterator
    assert live[0] <= 3 and live[1] <= 3, live


# --------------------------------------------------------------------------- encodings and line endings

TEXT = "Prices rose to £5 in Zürich – “quoted” café. Second sentence.\n\nNew paragraph.\n"


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8"),
        (TEXT.encode("utf-16"), "utf-16-le"),  # Python writes a BOM, little-endian here
        (b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16-be"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16be-bom"],
)
def test_unicode_encodings_decode_exactly_without_warning(tmp_path, caplog, raw, encoding):
    f = tmp_path / "a.txt"
    f.write_bytes(raw)
    with caplog.at_level(logging.WARNING, logger="nlptools"):
        docs = list(Corpus.from_path(f))
    assert docs[0].text == TEXT
    assert not docs[0].text.startswith("\ufeff")
    assert docs[0].meta["encoding"] == encoding
    assert caplog.records == []


def test_cp1252_fallback_warns_naming_the_file(tmp_path, caplog):
    f = tmp_path / "win.txt"
    f.write_bytes(TEXT.encode("cp1252"))
    with caplog.at_level(logging.WARNING, logger="nlptools"):
        docs = list(Corpus.from_path(f))
    assert docs[0].text == TEXT
    assert docs[0].meta["encoding"] == "cp1252"
    assert any(str(f) in r.getMessage() and "not valid UTF-8" in r.getMessage() for r in caplog.records)


def test_latin1_bytes_undefined_in_cp1252_fall_back_to_latin1(tmp_path, caplog):
    raw = (
        b"The price was \xa35 for the code \x81 in a sentence of ordinary length. Done.\n"  # 0x81: unassigned in cp1252
    )
    f = tmp_path / "l1.txt"
    f.write_bytes(raw)
    with caplog.at_level(logging.WARNING, logger="nlptools"):
        text, encoding = read_text_file(f)
    assert encoding == "latin-1"
    assert "£" in text and text.endswith("Done.\n")
    assert any(str(f) in r.getMessage() for r in caplog.records)


def test_real_bbc_latin1_article(data_dir, caplog):
    path = data_dir / "bbc-news-summary" / "articles" / "sport" / "199.txt"
    if not path.exists():
        pytest.skip(f"{path} not present")
    raw = path.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    with caplog.at_level(logging.WARNING, logger="nlptools"):
        docs = list(Corpus.from_path(path))
    assert len(docs) == 1
    assert "£" in docs[0].text
    assert docs[0].meta["encoding"] in ("cp1252", "latin-1")
    assert any("199.txt" in r.getMessage() for r in caplog.records)
    from nlptools.cleaning import clean_document

    clean = clean_document(docs[0])
    pound = [s for s in clean.sentences if "£" in s.text]
    assert pound and all(docs[0].text[s.start : s.end] == s.text for s in pound)


@pytest.mark.parametrize(
    "raw",
    [
        b"Line one. Still one.\r\nLine two.\r\n\r\nPara two.\r\n",
        b"Line one. Still one.\rLine two.\r\rPara two.\r",
        b"Line one. Still one.\r\nLine two.\n\r\nPara two.\r",
    ],
    ids=["crlf", "cr", "mixed"],
)
def test_line_endings_are_normalised(tmp_path, raw):
    f = tmp_path / "e.txt"
    f.write_bytes(raw)
    doc = next(iter(Corpus.from_path(f)))
    assert doc.text == "Line one. Still one.\nLine two.\n\nPara two.\n"
    from nlptools.cleaning import clean_document

    clean = clean_document(doc)
    assert [s.text for s in clean.body] == ["Line one.", "Still one.", "Line two.", "Para two."]
    assert all(doc.text[s.start : s.end] == s.text for s in clean.sentences)
    assert all("\r" not in s.text for s in clean.sentences)


def test_control_characters_become_spaces_one_for_one():
    text, enc = decode_bytes(b"Bell\x07 and\x1b escape.\tTab kept.\x0cform feed")
    assert text == "Bell  and  escape.\tTab kept.\x0cform feed"
    assert enc == "utf-8"


def test_bom_that_lies_is_a_clear_error():
    with pytest.raises(InputError, match="byte-order mark"):
        decode_bytes(b"\xff\xfe" + b"\x00\xd8", name="liar.txt")  # a lone UTF-16 surrogate


def test_utf16_without_bom_is_decoded_not_garbled(tmp_path, caplog):
    # issue 18: UTF-16 without a byte-order mark is recognised by its NUL pattern, not called binary
    (tmp_path / "nobom.txt").write_bytes("Plain text. Two sentences.".encode("utf-16-le"))
    (tmp_path / "nobom-be.txt").write_bytes("Plain text. Big end.".encode("utf-16-be"))
    _write(tmp_path / "ok.txt", "Good file. Fine.\n")
    with caplog.at_level(logging.WARNING, logger="nlptools"):
        docs = list(Corpus.from_path(tmp_path))
    assert {d.id: d.text for d in docs} == {
        "nobom": "Plain text. Two sentences.",
        "nobom-be": "Plain text. Big end.",
        "ok": "Good file. Fine.\n",
    }
    assert [d.meta["encoding"] for d in docs] == ["utf-16-be", "utf-16-le", "utf-8"]
    assert caplog.records == []
