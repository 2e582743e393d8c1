"""Titles in digests: a real headline, never a caption, credit or tag line; a lead label for articles without one."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlptools.cleaning import clean_corpus, clean_document
from nlptools.cleaning.structure import caption_like
from nlptools.corpus import Corpus
from nlptools.digest import Digest, ThemeDigest, article_label, build_digest, outlet_of
from nlptools.document import Document

BODY = (
    "\n\nRussian President Vladimir Putin met North Korean leader Kim Jong Un in Vladivostok on Wednesday.\n\n"
    "The two men discussed arms sales and space cooperation for several hours.\n"
)


@pytest.mark.parametrize(
    "line",
    [
        "North Korea's leader Kim Jong Un visited an army command post during a 'tactical nuclear strike drill' "
        "that involved the launch of two ballistic missiles",
        "Kim Jong Un (C) looks on during a missile test",
        "Russian President Vladimir Putin and Kim Jong Un in Vostochny on September 13, 2023",
        "Photo: KCNA via Reuters",
        "Advertisement",
        "5 min read",
    ],
)
def test_caption_credit_or_tag_line_is_never_the_title(line: str) -> None:
    assert caption_like(line) is not None
    clean = clean_document(Document("cap", line + BODY))
    assert clean.title is None
    assert article_label(clean) == "Russian President Vladimir Putin met North Korean leader…"
    assert all(s.text != line for s in clean.body)  # kept out of the body, as a heading


@pytest.mark.parametrize(
    "headline",
    ["Kim meets Putin in Vladivostok", "Analysis: No pain, no gain?", "Virus poses as Christmas e-mail"],
)
def test_a_real_headline_is_the_title(headline: str) -> None:
    assert caption_like(headline) is None
    clean = clean_document(Document("h", headline + BODY))
    assert clean.title == headline
    assert article_label(clean) == headline


def test_no_headline_gets_the_first_words_of_the_lead_never_an_id() -> None:
    clean = clean_document(Document("0a1b2c3d4e5f", BODY.strip()))
    assert clean.title is None
    label = article_label(clean)
    assert label == "Russian President Vladimir Putin met North Korean leader…"
    assert "0a1b2c3d4e5f" not in label
    short = clean_document(Document("s", "Kim met Putin.\n"))
    assert article_label(short) == "Kim met Putin."


def test_outlet_from_meta_or_a_source_line() -> None:
    doc = clean_document(Document("m", BODY.strip(), meta={"publisher": "The Korea Herald"}))
    assert outlet_of(doc) == "The Korea Herald"
    assert outlet_of(clean_document(Document("n", BODY.strip()))) is None


def test_seed_000_is_not_titled_by_its_caption(seeds_dir: Path) -> None:
    docs = {d.id: d for d in clean_corpus(Corpus.from_path(seeds_dir))}
    d000 = next(d for k, d in docs.items() if k.startswith("000_"))
    assert d000.title is None
    assert not article_label(d000).startswith("North Korea's leader Kim Jong Un visited")
    d004 = next(d for k, d in docs.items() if k.startswith("004_"))
    assert d004.title == "North Korea is sending engineering troops to the occupied territory of Ukraine"


@pytest.mark.slow
def test_seed_digest_cites_titles_dates_and_only_quoted_articles(seeds_dir: Path) -> None:
    docs = list(clean_corpus(Corpus.from_path(seeds_dir)))
    digest = build_digest(docs, lexicon=seeds_dir / "themes.toml", words=120, random_state=0)
    md = digest.to_markdown()
    assert "tactical nuclear strike drill" not in md
    for d in docs:
        assert f"*{d.id}*" not in md  # never a hash id as a title
    data = digest.to_dict()
    for t, tj in zip(digest.themes, data["themes"]):
        assert set(tj["cited_documents"]) == {s.document for s in t.sentences}
        for s, sj in zip(t.sentences, tj["digest"]):
            assert sj["title"] == digest.title_of(s.document) and sj["date"] == digest.date_of(s.document)
            source = digest.documents[s.document].text[s.start : s.end]
            assert " ".join(source.split()).endswith(" ".join(s.text.split()).split(" ")[-1])
        # dated articles first, oldest first; then article order and position
        keys = [(s.date is None, s.date or "", [d.id for d in docs].index(s.document), s.start) for s in t.sentences]
        assert keys == sorted(keys)
    assert "2023-11-14" in md


def test_markdown_escapes_untrusted_fields() -> None:
    doc = clean_document(Document("x<y>", "<b>Kim</b> met Putin in Vladivostok on Wednesday for talks.\n"))

    class _Result:
        k = 1

    from nlptools.digest import DigestSentence

    s = doc.body[0]
    theme = ThemeDigest(
        name="## injected",
        seeded=True,
        terms=("a_b",),
        weight=1.0,
        documents=(("x<y>", 1.0),),
        sentences=(DigestSentence(s.text, "x<y>", s.start, s.end, 1.0, title=article_label(doc)),),
    )
    md = Digest(themes=(theme,), theme_result=_Result(), documents={"x<y>": doc}).to_markdown()
    assert "<b>" not in md and "x<y>" not in md and "## injected" not in md
    assert "&lt;b&gt;Kim&lt;/b&gt;" in md and "\\#\\# injected" in md


def test_every_digest_span_is_its_source_slice(seeds_dir):
    """Provenance holds for spans too: a cited span's text is exactly ``source[start:end]``."""
    from nlptools.cleaning import clean_corpus
    from nlptools.corpus import Corpus
    from nlptools.digest import build_digest

    docs = list(clean_corpus(Corpus.from_path(seeds_dir)))
    digest = build_digest(docs, lexicon=seeds_dir / "themes.toml", words=120)
    texts = {d.id: d.text for d in docs}
    spans = [s for t in digest.themes for s in t.sentences]
    assert spans and all(s.text == texts[s.document][s.start : s.end] for s in spans)
