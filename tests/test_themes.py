"""Themes: lexicon, find_themes on the seeds, naming, agreement helpers."""

from __future__ import annotations

import numpy as np
import pytest

from nlptools.cleaning import clean_corpus
from nlptools.corpus import Corpus
from nlptools.errors import ConfigError, EmptyCorpusError, InputError, ParameterError
from nlptools.evaluate.themes import compare_assignments, score_against_reading
from nlptools.themes import MAX_SEED_WORDS, Lexicon, find_themes, load_lexicon, name_topics

ARMS, TROOPS, DIPLOMACY = "arms trade", "troop deployment", "diplomacy"


@pytest.fixture(scope="module")
def seed_docs(seeds_dir):
    return list(clean_corpus(Corpus.from_path(seeds_dir)))


@pytest.fixture(scope="module")
def lexicon(seeds_dir):
    return load_lexicon(seeds_dir / "themes.toml")


@pytest.fixture(scope="module")
def lda_result(seed_docs, lexicon):
    return find_themes(seed_docs, lexicon=lexicon, method="lda", k=5, random_state=0)  # paragraphs (default)


# --------------------------------------------------------------------------- lexicon


def test_bundled_lexicon_is_valid(lexicon, seed_docs):
    assert list(lexicon.themes) == [ARMS, TROOPS, DIPLOMACY]
    assert all(1 <= len(w) <= MAX_SEED_WORDS for w in lexicon.themes.values())
    # every seed word is a lemmatised token that occurs in the seeds
    tok = lexicon.tokenizer()
    vocab = {t for d in seed_docs for s in d.sentences for t in tok(s.text)}
    for words in lexicon.themes.values():
        for w in words:
            assert tok(w) == [w]
            assert w in vocab, w
    assert tok("Kim Jong-un met Putin") == ["kim_jong_un", "meet", "vladimir_putin"]


@pytest.mark.parametrize(
    "text, message",
    [
        ("[themes]\n", "no themes"),
        ('[themes]\n"a" = []\n', "has no seed words"),
        ('[themes]\n"a" = ["x", "y", "z", "w", "v", "u", "t", "s", "r"]\n', "9 seed words, at most 8"),
        ('[themes]\n"a" = "weapon"\n', "must be a list"),
        ('[themes]\n"a" = [1, 2]\n', "non-empty strings"),
        ('[themes]\n"a" = ["x"]\n[extra]\nb = 1\n', "unknown table"),
        ('[themes]\n"a" = ["x"\n', "invalid TOML"),
        ('[themes]\n"a" = ["x"]\n[aliases]\n"K" = "k"\n', "alias"),
    ],
)
def test_bad_lexicons(tmp_path, text, message):
    f = tmp_path / "lex.toml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as info:
        load_lexicon(f)
    assert str(f) in str(info.value) and "\n" not in str(info.value)


def test_missing_lexicon_file(tmp_path):
    with pytest.raises(InputError, match="cannot read"):
        load_lexicon(tmp_path / "nope.toml")


def test_lexicon_from_mapping_and_seed_normalisation(seed_docs):
    lex = Lexicon.from_mapping({"war": ["Soldiers", "troops"]})
    r = find_themes(seed_docs, lexicon=lex, method="lda", k=2, random_state=0)
    assert r.theme("war").seed_words == ("soldier", "troop")
    with pytest.raises(ConfigError, match="stop word"):
        find_themes(seed_docs, lexicon={"x": ["the"]}, k=2)
    with pytest.raises(ConfigError, match="one content word"):
        find_themes(seed_docs, lexicon={"x": ["arms deal"]}, k=2)


def test_absent_seed_words_warn_or_fail(seed_docs, caplog):
    r = find_themes(seed_docs, lexicon={"arms": ["weapon", "bazooka"]}, method="lda", k=2, random_state=0)
    assert "bazooka" in caplog.text and "absent from the corpus" in caplog.text
    assert r.theme("arms").seed_words == ("weapon",)
    with pytest.raises(ConfigError, match="none of its seed words"):
        find_themes(seed_docs, lexicon={"space": ["astronaut", "rocketship"]}, k=2)


# --------------------------------------------------------------------------- find_themes


def test_result_shape_and_offsets(lda_result, seed_docs):
    r = lda_result
    assert r.k == 5 and len(r.themes) == 5
    assert [t.name for t in r.themes[:3]] == sorted([ARMS, TROOPS, DIPLOMACY], key=lambda n: -r.theme(n).weight)
    assert all(t.seeded for t in r.themes[:3]) and not any(t.seeded for t in r.themes[3:])
    assert sum(t.weight for t in r.themes) == pytest.approx(1.0)
    assert [d.id for d in r.documents] == [d.id for d in seed_docs]
    for doc, src in zip(r.documents, seed_docs):
        assert sum(doc.weights.values()) == pytest.approx(1.0)
        assert [(s.start, s.end) for s in doc.sentences] == [(s.start, s.end) for s in src.sentences]
        for s in doc.sentences:
            assert s.theme is None or s.weight >= r.threshold
    data = r.to_dict()
    assert set(data) >= {"themes", "documents", "method", "k"}
    theme = data["themes"][0]
    assert set(theme) >= {"name", "top_terms", "weight", "documents"}
    assert set(data["documents"][0]) >= {"id", "themes", "sentences"}
    assert set(data["documents"][0]["sentences"][0]) >= {"start", "end", "theme"}


def test_deterministic(seed_docs, lexicon, lda_result):
    again = find_themes(seed_docs, lexicon=lexicon, method="lda", k=5, random_state=0)
    assert again.to_dict() == lda_result.to_dict()


def test_seeds_read_like_a_careful_reader(lda_result):
    """Unambiguous sentences and articles (read by hand) get their theme."""
    r = lda_result
    clear = {
        ("002_71db2a8b7660cb1e", 6): TROOPS,  # deployed 3,000 additional troops to Russia
        ("002_71db2a8b7660cb1e", 7): TROOPS,  # deployed about 11,000 soldiers
        ("002_71db2a8b7660cb1e", 8): TROOPS,  # soldiers dispatched, casualties
        ("001_5da4c667af5338e2", 1): ARMS,  # weapons production, arms exports to Russia
        ("001_5da4c667af5338e2", 7): ARMS,  # promote his weapons industry, arms production
        ("000_6a56d1b123cea368", 19): ARMS,  # munitions and weaponry
        ("002_71db2a8b7660cb1e", 1): DIPLOMACY,  # foreign ministers' visits being arranged
        ("003_0c6a044355c6b245", 0): DIPLOMACY,  # Putin accepted an invitation to visit
        ("003_0c6a044355c6b245", 3): DIPLOMACY,  # invitation, solidarity between the leaders
    }
    got = {(d.id, s.index): s.theme for d in r.documents for s in d.sentences}
    right = sum(got[key] == theme for key, theme in clear.items())
    assert right >= 8, {key: got[key] for key in clear}
    main = {d.id: max((n for n in (ARMS, TROOPS, DIPLOMACY)), key=lambda n: d.weights[n]) for d in r.documents}
    assert main == {  # the main theme of each article, as read by hand
        "000_6a56d1b123cea368": DIPLOMACY,  # the Vladivostok summit and the train journey; an arms deal
        "001_5da4c667af5338e2": ARMS,  # munitions factories, arms exports
        "002_71db2a8b7660cb1e": TROOPS,  # troops and casualties; visits being arranged
        "003_0c6a044355c6b245": DIPLOMACY,  # invitation and visits; artillery supplies
        "004_7e81adea1b9a7044": DIPLOMACY,  # partnership and relations; engineering troops
    }


@pytest.mark.parametrize("method", ["lda-sklearn", "nmf", "kmeans", "agglomerative"])
def test_other_methods_are_named_from_the_lexicon(seed_docs, lexicon, method):
    r = find_themes(seed_docs, lexicon=lexicon, method=method, k=4, random_state=0)
    assert {t.name for t in r.themes if t.seeded} <= {ARMS, TROOPS, DIPLOMACY}
    assert sum(t.seeded for t in r.themes) >= 2
    assert len(r.themes) == 4


def test_without_lexicon_and_auto_k(seed_docs):
    r = find_themes(seed_docs, method="nmf", k="auto", ks=[2, 3, 4], random_state=0)
    assert r.k_sweep is not None and r.k == r.k_sweep.best_k
    assert [s["k"] for s in r.k_sweep.scores] == [2, 3, 4]
    assert not any(t.seeded for t in r.themes)
    assert all(" / " in t.name for t in r.themes)
    assert "Choosing k" in r.to_markdown()


def test_paragraph_unit_and_threshold(seed_docs, lexicon):
    r = find_themes(seed_docs, lexicon=lexicon, method="lda", k=3, unit="paragraph", random_state=0)
    n = sum(len(d.sentences) for d in r.documents)
    assert n == sum(len(d.sentences) for d in seed_docs)
    strict = find_themes(seed_docs, lexicon=lexicon, method="nmf", k=3, threshold=1.0, random_state=0)
    loose = find_themes(seed_docs, lexicon=lexicon, method="nmf", k=3, threshold=0.0, random_state=0)
    count = lambda res: sum(s.theme is not None for d in res.documents for s in d.sentences)  # noqa: E731
    assert count(strict) < count(loose)


def test_bad_options(seed_docs):
    with pytest.raises(ParameterError, match="more than the"):
        find_themes(seed_docs, k=1000)
    with pytest.raises(ParameterError, match="method"):
        find_themes(seed_docs, method="lsa", k=3)
    with pytest.raises(ParameterError, match="unit"):
        find_themes(seed_docs, unit="word", k=3)
    with pytest.raises(ParameterError, match="k:"):
        find_themes(seed_docs, k=0)
    with pytest.raises(ParameterError, match="fewer than the 3 lexicon themes"):
        find_themes(seed_docs, lexicon={"a": ["weapon"], "b": ["soldier"], "c": ["visit"]}, method="lda", k=2)
    with pytest.raises(ParameterError, match="threshold"):
        find_themes(seed_docs, k=3, threshold=2)
    with pytest.raises(EmptyCorpusError):
        find_themes([], k=3)


# --------------------------------------------------------------------------- helpers


def test_name_topics_hungarian():
    comps = np.array([[0.0, 0.1, 0.9, 0.0], [0.8, 0.2, 0.0, 0.0], [0.0, 0.0, 0.1, 0.9]])
    names = ["gun", "tank", "talk", "fish"]
    got = name_topics(comps, names, {"war": ["gun", "tank"], "peace": ["talk"], "sea": ["whale"]})
    assert got == {1: "war", 0: "peace"}  # "sea" has no seed mass anywhere


def test_reading_scores_and_comparison(lda_result):
    r = lda_result
    reading = {
        (d.id, s.index): ((s.theme if s.theme in {ARMS, TROOPS, DIPLOMACY} else None),)
        for d in r.documents
        for s in d.sentences
    }
    score = score_against_reading(r, reading)
    assert score["accuracy"] == 1.0 and score["n"] == len(reading)
    assert compare_assignments(r, r)["nmi"] == pytest.approx(1.0)
    assert compare_assignments(r, r)["same_theme"] == 1.0


def test_guided_gibbs_lda_names_the_lexicon_themes(seed_docs, lexicon):
    r = find_themes(seed_docs, lexicon=lexicon, method="lda-gibbs", k=4, random_state=0)
    assert {t.name for t in r.themes if t.seeded} == {ARMS, TROOPS, DIPLOMACY}
    again = find_themes(seed_docs, lexicon=lexicon, method="lda-gibbs", k=4, random_state=0)
    assert r.to_dict() == again.to_dict()  # seeded Gibbs sampling on one thread: the same themes every run
