"""Property-based tests: cleaning, segmentation, tokens, decoding and HTML never crash and keep offsets.

Thousands of examples in all (see ``max_examples``), derandomised so CI is
reproducible: no exception on any Unicode text, every sentence's
``source[start:end]`` round-trips, sentences come in order without
overlapping, and the same input gives the same output.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlptools.cleaning import clean_document
from nlptools.corpus import Corpus
from nlptools.document import Document
from nlptools.errors import InputError
from nlptools.io import decode_bytes, html_to_text
from nlptools.segment import split_sentences
from nlptools.tokens import SumyTokenizer, Tokenizer

FUZZ = settings(deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])

# Pieces of real news text and of its furniture, plus awkward characters: line and
# paragraph separators other than "\n", control characters, combining marks, emoji.
PIECES = [
    "Kim met Putin.",
    "The talks ended.",
    "Mr.",
    "U.S.",
    "U.S.S.R.",
    "Corp.",
    "Sept. 3",
    "$115 million",
    "3.5%",
    "by Sead Dedovic",
    "By the end of the year,",
    "© Chung Sung-Jun/Getty Images News",
    "Joe Biden©",
    "PHOTO: YONHAP",
    "Asia News Network/The Korea Herald",
    "AFP News",
    " date 2023-11-14 ",
    "SEOUL –",
    "From: a@b.c (A)",
    "Subject: Re: x",
    "Lines: 3",
    "> quoted",
    "|> q",
    "In article <x@y> a writes:",
    "--",
    "---",
    "Bread and bullets",
    "\u201cQuote.\u201d",
    "'single'",
    "(aside.)",
    "...",
    "\u2026",
    "?!",
    "e.g.",
    "i.e.",
    " ",
    "  ",
    "\t",
    "\n",
    "\n\n",
    "\r",
    "\r\n",
    "\x0b",
    "\x0c",
    "\x1c",
    "\x1d",
    "\x1e",
    "\x85",
    "\u2028",
    "\u2029",
    "\x00",
    "\ufeff",
    "\u200b",
    "e\u0301",
    "\U0001f600",
    "\u05e9\u05dc\u05d5\u05dd.",
    "\u5317\u671d\u9c9c\u3002",
    "\u0130",
    "\u00df",
    "\ufb01",
    "A",
    "a",
    ".",
    ",",
    ":",
    "-",
    "\u2013",
    "\u2014",
    "/",
    "#",
    "0",
    "1,000",
]
news_text = st.lists(st.sampled_from(PIECES) | st.text(max_size=8), max_size=40).map("".join)
any_text = st.text(max_size=300) | news_text


def check_sentences(text: str, sentences) -> None:
    last = 0
    for i, s in enumerate(sentences):
        assert s.index == i
        assert last <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text
        last = s.end


@settings(FUZZ, max_examples=1500)
@given(any_text)
def test_clean_document_never_crashes_and_keeps_offsets(text):
    doc = Document("fuzz", text)
    clean = clean_document(doc)
    check_sentences(text, clean.sentences)
    for r in clean.removed:
        assert text[r.start : r.end] == r.text
        assert all(r.end <= s.start or s.end <= r.start for s in clean.sentences)
    assert clean_document(doc) == clean
    if clean.date is not None:
        assert len(clean.date) == 10 and clean.date[4] == "-" and clean.date[7] == "-"


@settings(FUZZ, max_examples=1500)
@given(any_text, st.data())
def test_split_sentences_spans(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    spans = split_sentences(text, start, end)
    last = start
    for a, b in spans:
        assert last <= a < b <= end
        piece = text[a:b]
        assert piece == piece.strip()
        last = b
    # nothing but white space falls between or around the sentences
    covered = "".join(text[a:b] for a, b in spans)
    assert "".join(text[start:end].split()) == "".join(covered.split())
    assert split_sentences(text, start, end) == spans


@settings(FUZZ, max_examples=800)
@given(any_text)
def test_tokenizer_never_crashes_and_is_deterministic(text):
    for tok in (
        Tokenizer(),
        Tokenizer(numbers="token", aliases={"Kim Jong Un": ["Kim Jong-un"]}),
        Tokenizer(lowercase=False, lemmatize=False, stop_words=None, numbers="keep", min_length=1),
    ):
        tokens = tok(text)
        assert all(isinstance(t, str) and t and not any(c.isspace() for c in t) for t in tokens)
        assert tok(text) == tokens
    sumy = SumyTokenizer()
    for sentence in sumy.to_sentences(text):
        assert sentence and sentence in text
        assert all(w in sentence for w in sumy.to_words(sentence))


@settings(FUZZ, max_examples=800)
@given(st.binary(max_size=400) | news_text.map(lambda s: s.encode("utf-8", "surrogatepass")))
def test_decode_bytes_returns_text_or_a_clear_error(data):
    try:
        text, encoding = decode_bytes(data, name="fuzz.bin")
    except InputError as exc:
        assert str(exc).startswith("fuzz.bin: ")
        return
    assert "\r" not in text
    assert encoding in {"utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "cp1252", "latin-1"}
    clean = clean_document(Document("b", text))
    check_sentences(text, clean.sentences)


@settings(FUZZ, max_examples=500)
@given(
    st.lists(
        st.sampled_from(
            [
                "<p>",
                "</p>",
                "<br>",
                "<h1>",
                "</h1>",
                "<script>",
                "</script>",
                "<title>",
                "</title>",
                "<nav>",
                "</nav>",
                "<figure>",
                "</figure>",
                "&amp;",
                "&#x0;",
                "&bogus;",
                "<!--",
                "-->",
                "<![CDATA[",
                "]]>",
                "<",
                ">",
                "<div class='a'>",
                "</div>",
            ]
        )
        | news_text,
        max_size=30,
    ).map("".join)
)
def test_html_to_text_returns_text_or_a_clear_error(markup):
    try:
        text = html_to_text(markup, name="page.html")
    except InputError as exc:
        assert str(exc).startswith("page.html: ")
        return
    assert text.strip() and text.endswith("\n")
    check_sentences(text, clean_document(Document("h", text)).sentences)


@settings(FUZZ, max_examples=150, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.one_of(
            st.dictionaries(
                st.sampled_from(["id", "text", "title", "date"]),
                st.text(max_size=30) | st.integers() | st.none(),
                max_size=4,
            ).map(json.dumps),
            st.text(max_size=40),
        ),
        max_size=8,
    )
)
def test_jsonl_corpus_reads_or_fails_clearly(tmp_path, lines):
    f = tmp_path / "fuzz.jsonl"
    f.write_text("\n".join(lines), encoding="utf-8", errors="surrogatepass")
    try:
        docs = list(Corpus.from_path(f))
    except InputError as exc:  # includes EmptyCorpusError
        assert "fuzz.jsonl" in str(exc) and "\n" not in str(exc)
        return
    ids = [d.id for d in docs]
    assert len(set(ids)) == len(ids)
    assert all(d.text.strip() for d in docs)
    assert [d.id for d in Corpus.from_path(f)] == ids
