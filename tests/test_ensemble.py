"""EnsembleTopics (consensus clustering for discovered themes), choose_k and the shifted k_quality."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.metrics import adjusted_rand_score

from nlptools.document import Passage, Sentence
from nlptools.errors import NotFittedError, ParameterError
from nlptools.topics import make_topic_model, topic_method
from nlptools.topics.ensemble import EnsembleTopics, fit_lexical, lexical_features
from nlptools.topics.sweep import KSweep, choose_k, default_ks, k_quality

SPORT = [
    "the striker scored a late goal and the football club won the league match",
    "the goalkeeper saved a penalty in the cup final at the stadium",
    "the football coach praised his players after the derby win",
    "a hat trick from the striker sent the club top of the league table",
    "the tennis champion won the final set at wimbledon",
    "the rugby team beat their rivals in a tense match at the stadium",
    "the midfielder was sent off as the football club lost the cup tie",
    "fans cheered as the team lifted the trophy after the final whistle",
    "the cricket captain scored a century as his side won the test match",
    "the manager signed a new striker before the transfer deadline",
]
MARKETS = [
    "shares fell on the stock market as investors sold bank stocks",
    "the central bank raised interest rates to curb inflation",
    "bond yields rose as traders bet on higher interest rates",
    "the company reported record profits and its share price jumped",
    "oil prices climbed and the stock exchange index hit a record high",
    "investors bought government bonds as the currency weakened against the dollar",
    "the bank cut its profit forecast and its shares slumped in early trading",
    "inflation figures pushed the index lower as markets priced in a rate rise",
    "the merger lifted the company shares on the stock exchange",
    "traders said the dollar gained against the euro after the rate decision",
]
WEATHER = [
    "heavy rain and strong winds are forecast for the coast tonight",
    "snow and ice made roads treacherous as temperatures fell below freezing",
    "the heatwave continued with temperatures above thirty degrees",
    "forecasters warned of thunderstorms and flooding in the north",
    "a cold front will bring showers and gusty winds tomorrow",
    "the storm brought torrential rain and flooded homes near the river",
    "sunny spells are expected with light winds and mild temperatures",
    "fog and frost are likely overnight with temperatures near freezing",
    "the hurricane made landfall with winds of over one hundred miles per hour",
    "drought warnings were issued after the driest summer on record with no rain",
]
TEXTS = SPORT + MARKETS + WEATHER
GOLD = [0] * len(SPORT) + [1] * len(MARKETS) + [2] * len(WEATHER)


@pytest.fixture(scope="module")
def fitted() -> EnsembleTopics:
    return EnsembleTopics(n_topics=3, random_state=0).fit(TEXTS)


def test_recovers_three_subjects(fitted):
    assert adjusted_rand_score(GOLD, fitted.labels_) == pytest.approx(1.0)
    assert fitted.doc_topic_.shape == (30, 3) and fitted.components_.shape == (3, len(fitted.feature_names_))
    assert np.allclose(fitted.doc_topic_.sum(axis=1), 1.0)
    assert fitted.centroids_.shape[0] == 3
    assert np.allclose(np.linalg.norm(fitted.centroids_, axis=1), 1.0)
    assert (fitted.components_ >= 0).all()
    assert fitted.base_labels_.shape == (12, 30)


def test_top_terms_name_the_subjects(fitted):
    words = {"sport": {"football", "striker", "league", "match", "goal", "club", "final", "stadium", "win", "cup"}}
    words["markets"] = {"bank", "stock", "share", "rate", "interest", "market", "inflation", "index", "dollar"}
    words["weather"] = {"rain", "wind", "temperature", "snow", "storm", "freezing", "flood", "forecast"}
    tops = fitted.top_terms(5)
    for subject, gold in zip(("sport", "markets", "weather"), (0, 1, 2)):
        cluster = int(np.bincount(fitted.labels_[np.asarray(GOLD) == gold]).argmax())
        # the tokenizer lemmatises or not: compare on prefixes
        assert any(t.startswith(w[:5]) for t in tops[cluster] for w in words[subject]), (subject, tops[cluster])
    assert len(fitted.topic_labels_) == 3


def test_transform_of_training_items_agrees_with_labels(fitted):
    W = fitted.transform(TEXTS)
    assert np.array_equal(W.argmax(axis=1), fitted.labels_)
    assert np.allclose(W, fitted.doc_topic_)
    assert np.array_equal(fitted.predict(TEXTS), fitted.labels_)
    new = fitted.transform(["the striker scored twice in the league match", "rain and wind all week"])
    assert np.allclose(new.sum(axis=1), 1.0)
    sport = fitted.labels_[0]
    weather = fitted.labels_[-1]
    assert new[0].argmax() == sport and new[1].argmax() == weather


def test_passages_in_and_the_same_result_as_texts(fitted):
    passages = []
    for i, t in enumerate(TEXTS):
        s = Sentence(document=f"d{i}", index=0, start=0, end=len(t), text=t, paragraph=0)
        passages.append(Passage(id=f"d{i}", document=f"d{i}", sentences=(s,)))
    m = EnsembleTopics(n_topics=3, random_state=0).fit(passages)
    assert np.array_equal(m.labels_, fitted.labels_)
    assert np.array_equal(m.transform(passages), fitted.transform(TEXTS))


def test_deterministic(fitted):
    again = EnsembleTopics(n_topics=3, random_state=0).fit(TEXTS)
    assert again.labels_.tobytes() == fitted.labels_.tobytes()
    assert again.components_.tobytes() == fitted.components_.tobytes()
    assert again.doc_topic_.tobytes() == fitted.doc_topic_.tobytes()


def test_params_clone_and_not_fitted():
    m = EnsembleTopics(n_topics=4, temperature=0.1, random_state=3)
    params = m.get_params()
    assert params["n_topics"] == 4 and params["temperature"] == 0.1 and params["lsa_dims"] == 100
    assert params["runs_per_base"] == 3 and params["embedder"] is None and params["vectorizer"] is None
    c = clone(m)
    assert c is not m and c.get_params() == params
    with pytest.raises(NotFittedError):
        m.transform(TEXTS)
    with pytest.raises(NotFittedError):
        m.top_terms(3)


def test_registry_row():
    row = topic_method("ensemble")
    assert not row.guided and row.estimator is EnsembleTopics
    m = make_topic_model("ensemble", n_topics=3, seed_words={"x": ["goal"]})  # ignored: not guided
    assert isinstance(m, EnsembleTopics) and m.n_topics == 3


def test_degenerate_inputs():
    with pytest.raises(ParameterError, match="n_topics"):
        EnsembleTopics(n_topics=5).fit(TEXTS[:4])
    with pytest.raises(ParameterError, match="temperature"):
        EnsembleTopics(n_topics=2, temperature=0).fit(TEXTS)
    with pytest.raises(ParameterError, match="single string"):
        EnsembleTopics(n_topics=2).fit("one text")
    # tiny vocabularies: LSA capped at n_features - 1; one word: no LSA, the embedding alone
    tiny = EnsembleTopics(n_topics=2).fit(["goal", "goal goal", "goal rain", "goal"])
    assert tiny.svd_ is not None and tiny.svd_.n_components == 1  # 2 terms: 1 LSA dimension
    one = EnsembleTopics(n_topics=2).fit(["goal", "goal goal", "goal", "goal goal goal"])
    assert one.svd_ is None and one.doc_topic_.shape == (4, 2)
    # as many items as topics
    m = EnsembleTopics(n_topics=3).fit(TEXTS[:1] + TEXTS[10:11] + TEXTS[20:21])
    assert sorted(m.labels_) == [0, 1, 2]
    # a text with no known word and no embedding gets a zero row
    assert np.array_equal(m.transform([""]), np.zeros((1, 3)))
    assert m.predict([""])[0] == -1


def test_choose_k_finds_three():
    sweep = choose_k(TEXTS)
    assert isinstance(sweep, KSweep) and sweep.criterion == "silhouette * stability"
    assert [s["k"] for s in sweep.scores] == default_ks(30) == [2, 3]
    for s in sweep.scores:
        assert s["score"] == pytest.approx(max(s["silhouette"], 0) * s["stability"])
    assert sweep.best_k == 3, sweep.scores
    wider = choose_k(TEXTS, ks=[2, 3, 4, 5, 6])
    assert wider.best_k == 3, wider.scores
    assert wider.to_dict()["criterion"] == "silhouette * stability"
    assert "seconds" not in wider.to_dict()["scores"][0]
    assert choose_k(TEXTS, ks=[2, 3, 4]).to_dict() == choose_k(TEXTS, ks=[2, 3, 4]).to_dict()
    with pytest.raises(ParameterError, match="ks"):
        choose_k(TEXTS, ks=[1, 3])
    with pytest.raises(ParameterError, match="ks"):
        choose_k(TEXTS, ks=[29])
    with pytest.raises(ParameterError, match="at least 3"):
        choose_k(TEXTS[:2])


def test_default_ks_caps():
    assert default_ks(0) == [2] and default_ks(8) == [2] and default_ks(18) == [2, 3]
    assert default_ks(50) == [2, 3, 4, 5]
    assert default_ks(51) == [2, 3, 4, 5]  # floor(sqrt(25.5)) = 5
    assert default_ks(1_000_000)[-1] == 30
    assert default_ks(1_000_000, max_k=12)[-1] == 12
    with pytest.raises(ParameterError):
        default_ks(10, max_k=1)


def test_k_quality_prefers_diverse_topics_even_with_negative_npmi():
    for npmi in (-0.8, -0.3, -0.05, 0.0, 0.2):
        assert k_quality(npmi, 1.0) > k_quality(npmi, 0.5)
    assert k_quality(float("nan"), 1.0) == 0.0
    assert k_quality(1.0, 1.0) == 1.0
    assert k_quality(0.2, 0.5) == pytest.approx(0.3)


# --------------------------------------------------------------------------- the lexical view


def test_lexical_view_is_scikit_learns_tokens_without_stop_words(fitted):
    words = set(fitted.lexical_.vocabulary)
    assert not words & {"the", "and", "a", "of", "his", "their", "after", "as"}  # English stop words out
    assert {"striker", "league", "bank", "inflation", "rain", "temperatures"} <= words  # no lemmas: sklearn's tokens
    # 30 passages: pruned (in at least 2 passages, at most half of them)
    assert "wimbledon" not in words and "hurricane" not in words  # each in one passage
    df = np.asarray((fitted.lexical_.transform(TEXTS) > 0).sum(axis=0)).ravel()
    assert df.min() >= 2 and df.max() <= 15
    # the names keep the naming vocabulary: one component column per feature name
    assert fitted.components_.shape == (3, len(fitted.feature_names_))
    assert fitted.svd_.components_.shape[1] == len(words) == fitted.tfidf_.idf_.size


def test_fit_lexical_tiny_and_degenerate_corpora():
    five = ["goal scored", "rain fell", "bank shares", "the striker", "wimbledon final"]
    counter, tfidf, svd = fit_lexical(five, lsa_dims=100, random_state=0)
    assert sorted(counter.vocabulary) == [
        "bank",
        "fell",
        "final",
        "goal",
        "rain",
        "scored",
        "shares",
        "striker",
        "wimbledon",
    ]
    assert svd.n_components == 4  # capped at n - 1
    assert tfidf.idf_.size == 9
    # from 10 passages on, pruning; when it leaves nothing, every term is kept
    distinct = [f"word{chr(97 + i)} other{chr(97 + i)}" for i in range(12)]
    counter, _, _ = fit_lexical(distinct, lsa_dims=5, random_state=0)
    assert len(counter.vocabulary) == 24
    # words of 2+ letters only: no digits, codes or underscores (any script)
    counter, _, _ = fit_lexical(["won 2-1 in 2004", "rain b52 fell", "snake_case été"], lsa_dims=5, random_state=0)
    assert sorted(counter.vocabulary) == ["fell", "rain", "won", "été"]
    # only stop words: no lexical view
    assert fit_lexical(["the and", "of it", "and the of"], lsa_dims=10, random_state=0) == (None, None, None)
    # one term: TF-IDF, no LSA
    counter, tfidf, svd = fit_lexical(["goal", "goal goal", "the goal"], lsa_dims=10, random_state=0)
    assert list(counter.vocabulary) == ["goal"] and svd is None
    T, Z = lexical_features(["goal", "rain"], counter, tfidf, svd)
    assert T.shape == (2, 1) and Z is None and T[1].nnz == 0
    for bad in (0, 1.5, "0.5", True):
        with pytest.raises(ParameterError, match="max_df"):
            fit_lexical(five, lsa_dims=10, max_df=bad, random_state=0)


def test_stop_words_only_gives_the_embedding_alone():
    # words of scikit-learn's English stop list that the naming tokenizer keeps
    texts = ["bill fire", "system cry", "interest detail", "thick thin", "fifteen sixty"]
    m = EnsembleTopics(n_topics=2, random_state=0).fit(texts)
    assert m.lexical_ is None and m.tfidf_ is None and m.svd_ is None
    assert m.base_labels_.shape == (3, 5)  # emb-kmeans runs only
    assert np.array_equal(m.transform(texts).argmax(axis=1), m.labels_)
    with pytest.raises(ParameterError, match="max_df"):
        EnsembleTopics(n_topics=2, max_df=2.0).fit(TEXTS)


def test_one_or_two_passages():
    one = EnsembleTopics(n_topics=1, random_state=0).fit(["the striker scored a late goal"])
    assert one.labels_.tolist() == [0] and one.svd_ is None  # one passage: no LSA dimension to fit
    two = EnsembleTopics(n_topics=2, random_state=0).fit(TEXTS[:1] + TEXTS[10:11])
    assert sorted(two.labels_.tolist()) == [0, 1]
    assert np.array_equal(two.transform(TEXTS[:1] + TEXTS[10:11]).argmax(axis=1), two.labels_)


def test_lexical_view_deterministic_and_shared_with_choose_k(fitted):
    again = EnsembleTopics(n_topics=3, random_state=0).fit(TEXTS)
    assert again.lexical_.vocabulary == fitted.lexical_.vocabulary
    assert again.svd_.components_.tobytes() == fitted.svd_.components_.tobytes()
    # choose_k's lexical view: the same helper and settings, so a stop-word-only corpus takes the embedding path
    sweep = choose_k(["bill fire", "system cry", "interest detail", "thick thin", "fifteen sixty"], ks=[2, 3])
    assert [s["k"] for s in sweep.scores] == [2, 3]
    with pytest.raises(ParameterError, match="max_df"):
        choose_k(TEXTS, ks=[2, 3], max_df=0)
