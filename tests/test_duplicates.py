"""Duplicate and near-duplicate articles: found, named, counted once (nlptools.duplicates)."""

from __future__ import annotations

import logging

import pytest

from nlptools.cleaning import clean_corpus, clean_document
from nlptools.corpus import Corpus
from nlptools.document import Document
from nlptools.duplicates import Duplicate, deduplicate, find_duplicates
from nlptools.errors import ParameterError


def _seed_texts(seeds_dir) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]


def _doc(i: str, text: str, source: str | None = None) -> Document:
    return Document(id=i, text=text, source=source or f"{i}.txt")


def test_exact_and_near_duplicates_are_found_and_name_their_original(seeds_dir):
    a, b, c = _seed_texts(seeds_dir)[:3]
    paragraphs = b.split("\n\n")
    near = "Another headline\n\n" + "\n\n".join(paragraphs[1:]).replace(" the ", " a ", 2) + "\n\nUpdated Friday.\n"
    docs = [_doc("a", a), _doc("b", b), _doc("a2", a), _doc("c", c), _doc("b2", near)]
    found = find_duplicates(docs)
    assert [(d.document, d.original, d.exact) for d in found] == [("a2", "a", True), ("b2", "b", False)]
    assert found[0].similarity == 1.0 and 0.8 <= found[1].similarity < 1.0
    assert found[0].message() == "a2.txt: the same text as a.txt; counted once"
    assert found[1].message().startswith("b2.txt: a near-duplicate (") and found[1].message().endswith(
        "of b.txt; counted once"
    )


def test_articles_on_the_same_story_are_not_duplicates(seeds_dir):
    """The five seed articles all cover Kim's visit to Russia: related, not repeats."""
    docs = list(clean_corpus(Corpus.from_path(seeds_dir, suffixes=[".txt"])))
    assert find_duplicates(docs) == []
    assert find_duplicates(docs, threshold=0.2) == []


def test_furniture_does_not_hide_a_duplicate(seeds_dir):
    text = _seed_texts(seeds_dir)[0]
    headline, body = text.split("\n\n", 1)
    dressed = f"{headline}\n\nBy Jane Roe\n\n{body}"  # a byline added by another scrape
    docs = [clean_document(_doc("x", text)), clean_document(_doc("y", dressed))]
    (dup,) = find_duplicates(docs)
    assert (dup.document, dup.original, dup.exact) == ("y", "x", True)


def test_case_punctuation_and_spacing_do_not_matter():
    docs = [
        _doc("1", "Kim met Putin on Tuesday, in Vladivostok."),
        _doc("2", "KIM met  Putin on Tuesday in\nVladivostok"),
    ]
    assert [(d.document, d.exact) for d in find_duplicates(docs)] == [("2", True)]


def test_threshold_controls_near_duplicates():
    base = " ".join(f"word{i}" for i in range(100))
    edited = base.replace("word50", "changed")  # 3 of 98 word 3-grams differ
    docs = [_doc("1", base), _doc("2", edited)]
    (dup,) = find_duplicates(docs)
    assert dup.similarity == pytest.approx(95 / 101, abs=1e-4)
    assert find_duplicates(docs, threshold=0.95) == []
    assert find_duplicates(docs, threshold=1.0) == []
    for bad in (0, 1.5, "high", True):
        with pytest.raises(ParameterError, match="threshold"):
            find_duplicates(docs, threshold=bad)


def test_deduplicate_keeps_the_first_copy_and_warns(caplog):
    docs = [
        _doc("1", "Shares fell on Monday as oil rose."),
        _doc("2", "Rain is expected all week in Seoul."),
        _doc("3", "Shares fell on Monday as oil rose."),
        _doc("4", ""),
    ]
    with caplog.at_level(logging.WARNING, logger="nlptools"):
        kept = deduplicate(docs)
    assert [d.id for d in kept] == ["1", "2", "4"]  # an empty text is nobody's duplicate
    (msg,) = [r.getMessage() for r in caplog.records]
    assert msg == "3.txt: the same text as 1.txt; counted once"
    caplog.clear()
    assert [d.id for d in deduplicate(kept, warn=False)] == ["1", "2", "4"] and not caplog.records


def test_a_chain_of_copies_points_at_the_first():
    text = "The central bank raised rates by half a point on Thursday, citing inflation."
    docs = [_doc(str(i), text) for i in range(4)]
    assert [(d.document, d.original) for d in find_duplicates(docs)] == [("1", "0"), ("2", "0"), ("3", "0")]


def test_not_documents_is_a_parameter_error():
    with pytest.raises(ParameterError, match="Document or CleanDocument"):
        find_duplicates(["just a string"])


def test_many_distinct_short_articles_have_no_false_duplicates():
    docs = [_doc(str(i), f"Story {i}. It rained on {i} streets of town {i * 7}.") for i in range(5000)]
    assert find_duplicates(docs) == []


def test_real_duplicates_in_the_bbc_corpus(data_dir):
    """BBC News (Greene and Cunningham) holds repeated articles: e.g. business/253 repeats business/007."""
    folder = data_dir / "bbc-news-summary" / "articles" / "business"
    if not folder.is_dir():
        pytest.skip("bbc-news-summary not in the shared data")
    paths = [folder / f"{n:03d}.txt" for n in (7, 8, 11, 253)]
    docs = list(
        clean_corpus(
            Corpus.from_documents(
                Document(id=p.stem, text=p.read_text(encoding="utf-8", errors="replace"), source=str(p)) for p in paths
            )
        )
    )
    found = find_duplicates(docs)
    assert [(d.document, d.original, d.exact) for d in found] == [("253", "007", True)]
    assert isinstance(found[0], Duplicate)
