"""Batch summarisation: summarize_many and SentenceFeatures.build_many equal the one-set-at-a-time path."""

from __future__ import annotations

import numpy as np
import pytest

from nlptools.cleaning import clean_corpus, clean_document
from nlptools.corpus import Corpus
from nlptools.document import Document
from nlptools.errors import ParameterError
from nlptools.summarize import (
    SentenceFeatures,
    get_ranker,
    summarize_documents,
    summarize_many,
    summarize_sentences,
)
from nlptools.summarize import features as features_module
from nlptools.summarize.rankers import LexRankRanker, TextRankRanker, pagerank
from nlptools.tokens import Tokenizer

NATIVE = ["lead", "random", "centroid", "textrank", "lexrank"]


@pytest.fixture(scope="module")
def seed_sets(seeds_dir):
    docs = list(clean_corpus(Corpus.from_path(seeds_dir, suffixes=[".txt"])))
    extra = [
        clean_document(Document(id="one", text="Kim met Putin in Vladivostok.")),
        clean_document(Document(id="dup", text="Troops moved. Troops moved. Troops moved north.")),
        clean_document(Document(id="stop", text="It is what it is. And so on. Kim met Putin.")),
    ]
    sets = [d.body for d in docs + extra]
    sets.insert(2, ())  # an empty set in the middle
    return sets


def _assert_same(one, many):
    assert one.positions == many.positions
    assert one.method == many.method
    assert one.candidates == many.candidates
    np.testing.assert_array_equal(one.scores, many.scores)  # bit for bit, not approximately


@pytest.mark.parametrize("method", [*NATIVE, "sumy-lexrank", "sumy-luhn"])
@pytest.mark.parametrize(
    "length",
    [{"n_sentences": 2, "redundancy": None}, {"words": 60}, {"ratio": 0.3, "diversity": 0.3}, {"n_sentences": 3}],
)
def test_many_equals_one_by_one(method, length, seed_sets):
    many = summarize_many(seed_sets, method=method, **length)
    assert len(many) == len(seed_sets)
    for sents, got in zip(seed_sets, many):
        _assert_same(summarize_sentences(sents, method=method, **length), got)


def test_per_set_lengths(seed_sets):
    ks = [1 + i % 3 for i in range(len(seed_sets))]
    many = summarize_many(seed_sets, method="lexrank", n_sentences=ks, redundancy=None)
    for sents, k, got in zip(seed_sets, ks, many):
        assert len(got) == min(k, len(sents))
        _assert_same(summarize_sentences(sents, method="lexrank", n_sentences=k, redundancy=None), got)


def test_a_set_does_not_see_the_others(seed_sets):
    """Each set is summarised alone: its result does not depend on the rest of the batch."""
    alone = summarize_many([seed_sets[0]], method="textrank", n_sentences=3)[0]
    mixed = summarize_many(seed_sets[::-1], method="textrank", n_sentences=3)[-1]
    _assert_same(alone, mixed)


def test_bad_batch_arguments(seed_sets):
    with pytest.raises(ParameterError, match="n_sentences: 2 values for"):
        summarize_many(seed_sets, n_sentences=[1, 2])
    with pytest.raises(ParameterError, match="sentence_sets"):
        summarize_many("not sets")
    with pytest.raises(ParameterError, match=r"sentence_sets\[1\]"):
        summarize_many([seed_sets[0], [1, 2]])
    with pytest.raises(ParameterError, match="only one of"):
        summarize_many(seed_sets, n_sentences=2, words=[10] * len(seed_sets))
    with pytest.raises(ParameterError, match="max_ranked"):
        summarize_many(seed_sets, max_ranked=0)
    assert summarize_many([]) == []


def test_long_sets_take_the_narrowed_and_sparse_paths(seed_sets):
    pool = [s for sents in seed_sets for s in sents]
    long_set = (pool * 3)[: features_module.DENSE_MAX + 20]  # over DENSE_MAX: sparse features
    sets = [seed_sets[0], long_set, seed_sets[1]]
    for kwargs in ({"max_ranked": None}, {"max_ranked": 50}):
        many = summarize_many(sets, method="lexrank", n_sentences=3, redundancy=None, **kwargs)
        for sents, got in zip(sets, many):
            _assert_same(summarize_sentences(sents, method="lexrank", n_sentences=3, redundancy=None, **kwargs), got)


def test_build_many_equals_build(seed_sets):
    texts = [[s.text for s in sents] for sents in seed_sets] + [["", "the a of"], ["Kim Kim kim."]]
    for ts, f in zip(texts, SentenceFeatures.build_many(texts)):
        g = SentenceFeatures.build(ts)
        assert f.n == g.n and f.terms == g.terms and f.n_terms == len(g.terms)
        np.testing.assert_array_equal(f._dense("counts"), g._dense("counts"))
        np.testing.assert_array_equal(f.idf, g.idf)
        np.testing.assert_array_equal(f.cosine(), g.cosine())
        np.testing.assert_array_equal(f.containment(), g.containment())


def test_build_many_with_an_alias_tokenizer_falls_back():
    tok = Tokenizer(aliases={"Kim Jong Un": ["Kim Jong-un"]})
    assert not tok.splits_on_whitespace and Tokenizer().splits_on_whitespace
    texts = [["Kim Jong-un met Putin.", "Kim Jong Un left."], ["Putin stayed."]]
    many = SentenceFeatures.build_many(texts, tok)
    assert many[0].terms == SentenceFeatures.build(texts[0], tok).terms
    assert "kim_jong_un" in many[0].terms


def test_encoder_cache_is_per_tokenizer_configuration():
    texts = [["Running trains ran."]]
    lemmas = SentenceFeatures.build_many(texts)[0].terms
    plain = SentenceFeatures.build_many(texts, Tokenizer(lemmatize=False))[0].terms
    assert lemmas == SentenceFeatures.build(texts[0]).terms
    assert plain == SentenceFeatures.build(texts[0], Tokenizer(lemmatize=False)).terms
    assert lemmas != plain


@pytest.mark.parametrize("ranker", [LexRankRanker(), TextRankRanker(), LexRankRanker(threshold=0.1)])
def test_rank_many_equals_rank(ranker, seed_sets):
    sets = [s for s in seed_sets if s]
    for sents, scores in zip(sets, ranker.rank_many(sets)):
        np.testing.assert_array_equal(scores, ranker.rank(sents))
        assert scores.sum() == pytest.approx(1.0)


def test_rank_many_checks_features(seed_sets):
    sets = [s for s in seed_sets if s][:2]
    feats = SentenceFeatures.build_many([[s.text for s in ss] for ss in sets])
    with pytest.raises(ParameterError, match="feature sets"):
        LexRankRanker().rank_many(sets, feats[:1])
    with pytest.raises(ParameterError, match="built for"):
        LexRankRanker().rank_many(sets, feats[::-1])
    with pytest.raises(ParameterError, match="damping"):
        LexRankRanker(damping=1.5).rank_many(sets)


def test_pagerank_dense_with_dangling_rows():
    g = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 0.0]])  # node 2 has no edges
    p = pagerank(g)
    assert p.sum() == pytest.approx(1.0)
    assert p[0] == pytest.approx(p[1]) and p[2] < p[0]


def test_summarize_documents_uses_the_batch(seed_sets, seeds_dir):
    docs = list(clean_corpus(Corpus.from_path(seeds_dir, suffixes=[".txt"])))
    got = summarize_documents(docs, method="lexrank", n_sentences=2)
    for d, s in zip(docs, got):
        _assert_same(summarize_sentences(d.sentences, method=get_ranker("lexrank"), n_sentences=2), s)


@pytest.mark.data
@pytest.mark.slow
def test_many_equals_one_by_one_on_bbc(data_dir):
    from nlptools.benchmarks.summaries import load_reference_corpus

    arts = load_reference_corpus(data_dir / "bbc-news-summary", per_category=8)
    sets = [a.candidates for a in arts]
    ks = [a.n_reference for a in arts]
    for method in ("lexrank", "textrank", "centroid"):
        many = summarize_many(sets, method=method, n_sentences=ks, redundancy=None)
        for sents, k, got in zip(sets, ks, many):
            _assert_same(summarize_sentences(sents, method=method, n_sentences=k, redundancy=None), got)
