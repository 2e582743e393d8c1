"""Evaluation metrics against values computed by hand on a toy corpus."""

from __future__ import annotations

import math

import pytest

from nlptools.errors import ParameterError
from nlptools.evaluate import ari, nmi, purity
from nlptools.evaluate.clustering import agreement
from nlptools.evaluate.topics import CoherenceScorer, c_v, coherence, npmi, topic_diversity

# four texts shorter than gensim's NPMI window (10): each text is one window
TEXTS = [["a", "b"], ["a", "b"], ["a", "c"], ["c", "d"]]
EPS = 1e-12  # gensim's smoothing inside log


def _npmi(p_ab: float, p_a: float, p_b: float) -> float:
    return math.log((p_ab + EPS) / (p_a * p_b)) / -math.log(p_ab + EPS)


def test_npmi_by_hand():
    # P(a) = 3/4, P(b) = 2/4, P(a, b) = 2/4: NPMI = log(4/3) / log 2
    assert _npmi(0.5, 0.75, 0.5) == pytest.approx(math.log(4 / 3) / math.log(2))
    score = coherence([["a", "b"], ["c", "d"], ["b", "d"]], TEXTS, measure="c_npmi")
    assert score.per_topic[0] == pytest.approx(math.log(4 / 3) / math.log(2), abs=1e-9)  # 0.415
    assert score.per_topic[1] == pytest.approx(0.5, abs=1e-9)  # log 2 / log 4
    assert score.per_topic[2] == pytest.approx(_npmi(0.0, 0.5, 0.25), abs=1e-9)  # never together: about -0.92
    assert score.mean == pytest.approx(sum(score.per_topic) / 3)
    assert npmi([["a", "b"]], TEXTS) == pytest.approx(score.per_topic[0])


def test_npmi_three_words_averages_pairs():
    # one_one segmentation: every ordered pair, NPMI is symmetric, so the mean of the three pairs
    expected = (_npmi(0.5, 0.75, 0.5) + _npmi(0.25, 0.75, 0.5) + _npmi(0.0, 0.5, 0.5)) / 3
    assert coherence([["a", "b", "c"]], TEXTS).per_topic[0] == pytest.approx(expected, abs=1e-9)


def test_scorer_reuses_counts_and_matches_fresh_model():
    scorer = CoherenceScorer(TEXTS).prime(["a", "b", "c", "d"])
    first = scorer.score([["a", "b"], ["c", "d"]])
    again = scorer.score([["b", "d"], ["a", "c"]])
    fresh = coherence([["b", "d"], ["a", "c"]], TEXTS)
    assert again.per_topic == pytest.approx(fresh.per_topic)
    assert first.per_topic[1] == pytest.approx(0.5)


def test_unknown_words_and_short_topics():
    score = coherence([["a", "zzz", "b"], ["zzz", "a"]], TEXTS)
    assert score.per_topic[0] == pytest.approx(math.log(4 / 3) / math.log(2))  # zzz ignored
    assert math.isnan(score.per_topic[1])  # one known word: not scored
    assert score.mean == pytest.approx(score.per_topic[0])


def test_c_v_ranks_coherent_topic_higher():
    texts = [["x", "y", "z"]] * 6 + [["p", "q"], ["r", "s"], ["p", "s"], ["q", "r"]]
    good = c_v([["x", "y", "z"]], texts)
    bad = c_v([["p", "q", "r", "s", "x"]], texts)
    assert 0.0 <= bad < good <= 1.0 + 1e-9


def test_coherence_bad_input():
    with pytest.raises(ParameterError, match="measure"):
        coherence([["a", "b"]], TEXTS, measure="c_foo")
    with pytest.raises(ParameterError, match="topics"):
        coherence("ab", TEXTS)
    with pytest.raises(ParameterError, match="no tokens"):
        coherence([["a", "b"]], [[], []])


def test_topic_diversity_by_hand():
    topics = [["a", "b", "c"], ["a", "d", "e"]]
    assert topic_diversity(topics, topn=3) == pytest.approx(5 / 6)
    assert topic_diversity(topics, topn=1) == pytest.approx(1 / 2)  # both start with "a"
    assert topic_diversity([["a", "b"], ["a", "b"]], topn=2) == pytest.approx(1 / 2)
    assert topic_diversity([["a", "b"]], topn=25) == pytest.approx(2 / 25)
    with pytest.raises(ParameterError):
        topic_diversity([["a"]], topn=0)
    with pytest.raises(ParameterError):
        topic_diversity([], topn=10)


def test_clustering_metrics_by_hand():
    true = [0, 0, 0, 1, 1, 1]
    pred = ["x", "x", "y", "y", "z", "z"]
    # contingency [[2, 1, 0], [0, 1, 2]]
    assert purity(true, pred) == pytest.approx(5 / 6)
    # ARI: index 2, expected 6 * 3 / 15 = 1.2, max (6 + 3) / 2 = 4.5
    assert ari(true, pred) == pytest.approx((2 - 1.2) / (4.5 - 1.2))
    # NMI (arithmetic): MI = 2/3 log 2, H(true) = log 2, H(pred) = log 3
    assert nmi(true, pred) == pytest.approx((2 / 3 * math.log(2)) / ((math.log(2) + math.log(3)) / 2))
    assert agreement(true, true) == {"nmi": 1.0, "ari": 1.0, "purity": 1.0}
    with pytest.raises(ParameterError, match="labels"):
        nmi([0, 1], [0])


def test_evaluate_offers_the_measures_the_topics_package_owns():
    # one implementation: the k sweep (a stage) and evaluation use the same objects
    import nlptools.evaluate as evaluate
    import nlptools.evaluate.topics as ev
    import nlptools.topics.quality as quality

    assert ev.CoherenceScorer is quality.CoherenceScorer is evaluate.CoherenceScorer
    assert ev.topic_diversity is quality.topic_diversity is evaluate.topic_diversity
    assert ev.CoherenceScore is quality.CoherenceScore and ev.MEASURES == quality.MEASURES
    texts = [["oil", "price", "market"], ["oil", "price"], ["goal", "match"], ["goal", "match", "team"]] * 3
    topics = [["oil", "price", "market"], ["goal", "match", "team"]]
    assert coherence(topics, texts).per_topic == quality.CoherenceScorer(texts).score(topics).per_topic
