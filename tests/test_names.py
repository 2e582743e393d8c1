"""Proper names found in raw texts (``discover_names``) and merged by the Tokenizer."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlptools.errors import ParameterError
from nlptools.tokens import Tokenizer, discover_names, name_counts

TEXTS = [
    "Talks with Kim Jong-un went well. Later Kim Jong Un met officials in North Korea's capital.",
    "Officials in North Korea said Kim Jong Un would travel. The visit was praised by Vladimir Putin.",
    "Reports say Vladimir Putin will host him. Russian President Vladimir Putin agreed.",
]


def test_variants_are_merged():
    names = discover_names(TEXTS)
    # hyphenation and possessives are variants of one name
    assert names["Kim Jong Un"] == ["Kim Jong-un"]
    assert "North Korea" in names
    assert names["Vladimir Putin"] == []
    assert not any("'" in n or "’" in n for n in names)


def test_shorter_name_always_inside_a_longer_one_is_dropped():
    names = discover_names(TEXTS)
    assert "Jong Un" not in names and "Kim Jong" not in names
    # a shorter name also seen on its own is kept
    texts = [
        "We met Tony Blair Jr twice: Tony Blair Jr and Tony Blair Jr.",
        "Then Tony Blair came. And Tony Blair left.",
    ]
    assert {"Tony Blair", "Tony Blair Jr"} <= set(discover_names(texts))


def test_titles_and_stop_words_are_not_part_of_a_name():
    names = discover_names(TEXTS)
    assert "Russian President" not in names and "President Vladimir Putin" not in names
    texts = ["He read The Associated Press report.", "Later The Associated Press said so. But Mr Blair Smith declined."]
    names = discover_names(texts)
    assert "Associated Press" in names
    assert not any(n.split()[0] in {"The", "But", "Mr"} for n in names)


def test_sentence_initial_sequences_are_not_taken_alone():
    # "Early Thursday" only ever opens a sentence: every word there is capitalised
    texts = ["Early Thursday the army moved.", "It rained.\nEarly Thursday they left. Early Thursday again."]
    assert "Early Thursday" not in discover_names(texts)
    # seen once mid-sentence, its sentence-initial occurrences count too
    texts = ["New Delhi hosted the talks.", "New Delhi agreed.", "They flew to New Delhi."]
    assert name_counts(texts) == [("New Delhi", [], 3)]


def test_min_count_is_respected():
    texts = ["We saw Grace Hopper once.", "And then Alan Turing.", "Later Alan Turing spoke."]
    assert list(discover_names(texts)) == ["Alan Turing"]
    assert list(discover_names(texts, min_count=1)) == ["Alan Turing", "Grace Hopper"]
    assert discover_names(texts, min_count=3) == {}


def test_max_words_and_max_names():
    texts = ["The Very Long Company Name Limited won.", "Then Very Long Company Name Limited lost."] * 2
    assert all(len(n.split()) <= 3 for n in discover_names(texts, max_words=3))
    assert len(discover_names(TEXTS, max_names=1)) == 1
    # the most frequent (three times each: ties go in alphabetical order)
    assert discover_names(TEXTS, max_names=1) == {"Kim Jong Un": ["Kim Jong-un"]}


def test_plurals_demonyms_and_capitals_fold_into_the_base_name():
    texts = [
        "The North Korean army and North Koreans met. They left North Korea.",
        "We saw NORTH KOREA today. Two Lib Dems and a Lib Dem voted. Then Lib Dem Lib Dem.",
    ]
    names = discover_names(texts)
    assert names["North Korea"] == ["NORTH KOREA", "North Korean", "North Koreans"]
    assert names["Lib Dem"] == ["Lib Dems"]


def test_output_is_sorted_and_deterministic():
    names = discover_names(TEXTS)
    assert list(names) == sorted(names, key=str.lower)
    assert discover_names(iter(TEXTS)) == names  # any iterable, read once
    assert discover_names(list(reversed(TEXTS))) == names
    counts = [c for _, _, c in name_counts(TEXTS)]
    assert counts == sorted(counts, reverse=True)


def test_the_tokenizer_merges_discovered_names_into_single_tokens():
    tok = Tokenizer(aliases=discover_names(TEXTS))
    tokens = tok("Kim Jong-un met Vladimir Putin in North Korea's capital; KIM JONG UN spoke.")
    assert tokens == ["kim_jong_un", "meet", "vladimir_putin", "north_korea", "capital", "kim_jong_un", "speak"]
    # the words of a name are still tokens of their own elsewhere
    assert tok("Putin and Kim met in Korea") == ["putin", "kim", "meet", "korea"]


def test_bad_parameters():
    with pytest.raises(ParameterError):
        discover_names("Kim Jong Un")  # a single text, not an iterable of texts
    for bad in ({"min_count": 0}, {"max_words": 1}, {"max_names": -1}):
        with pytest.raises(ParameterError):
            discover_names(TEXTS, **bad)
    assert discover_names([]) == {} and discover_names(["", "no names here."]) == {}


def test_seeds_give_the_expected_names(seeds_dir: Path):
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]
    names = discover_names(texts)
    assert {"North Korea", "Kim Jong Un", "Vladimir Putin", "South Korea", "Joe Biden"} <= set(names)
    assert "Kim Jong-un" in names["Kim Jong Un"] and "North Korean" in names["North Korea"]
    assert not any(n.split()[0] in {"The", "In", "But", "Russian"} for n in names)
    top = [n for n, _, _ in name_counts(texts)[:3]]
    assert top == ["North Korea", "Kim Jong Un", "Vladimir Putin"]
    tokens = set(Tokenizer(aliases=names)(" ".join(texts)))
    assert {"north_korea", "kim_jong_un", "vladimir_putin"} <= tokens
    assert "un" not in tokens  # ("jong" is left by Kim Jong-il, seen once)
