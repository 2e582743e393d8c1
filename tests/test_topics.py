"""Topic models: determinism, one result shape, c-TF-IDF, guided LDA, the registry, import direction.

The scikit-learn estimator contract of every model is in ``test_estimators.py``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.pipeline import Pipeline

import nlptools.topics
from nlptools.errors import NotFittedError, ParameterError
from nlptools.topics import (
    METHODS,
    ClusterTopics,
    LdaTopics,
    NmfTopics,
    TopicResult,
    class_tfidf,
    make_model,
    make_topic_model,
    sweep_k,
    topic_method,
    topic_methods,
)
from nlptools.vectorize import BowVectorizer

SPORT = [
    "striker goal match football league",
    "goal keeper match football penalty",
    "league football striker goal",
    "match referee penalty football goal",
    "football league match striker keeper",
]
MONEY = [
    "bank interest rate inflation loan",
    "inflation rate bank market bond",
    "market bond loan interest bank",
    "interest rate inflation market bank",
    "loan bank bond market inflation",
]
FOOD = [
    "recipe oven bake flour butter",
    "butter flour sugar bake cake",
    "cake oven recipe sugar flour",
    "bake bread flour oven butter",
    "sugar cake recipe butter bread",
]
TEXTS = [t for triple in zip(SPORT, MONEY, FOOD) for t in triple]
GOLD = ["sport", "money", "food"] * 5

MODELS = [
    lambda: LdaTopics(n_topics=3, passes=30, random_state=1),
    lambda: LdaTopics(n_topics=3, backend="sklearn", passes=30, random_state=1),
    lambda: LdaTopics(n_topics=3, backend="tomotopy", alpha=0.1, eta=0.01, sweeps=200, random_state=1),
    lambda: NmfTopics(n_topics=3, random_state=1),
    lambda: ClusterTopics(n_topics=3, random_state=1),
    lambda: ClusterTopics(n_topics=3, algorithm="agglomerative", n_components=5, random_state=1),
]
IDS = ["lda-gensim", "lda-sklearn", "lda-tomotopy", "nmf", "kmeans", "agglomerative"]


def _purity(labels):
    from nlptools.evaluate.clustering import purity

    return purity(GOLD, labels)


@pytest.mark.parametrize("make", MODELS, ids=IDS)
def test_fit_transform_contract(make):
    model = make()
    assert model.fit(TEXTS) is model
    k, V = model.components_.shape
    assert k == 3 and V == len(model.feature_names_)
    assert model.doc_topic_.shape == (len(TEXTS), 3)
    np.testing.assert_allclose(model.doc_topic_.sum(axis=1), 1.0)
    W = model.transform(["football goal striker", "flour butter oven", "zzz unknown"])
    assert W.shape == (3, 3)
    np.testing.assert_allclose(W[:2].sum(axis=1), 1.0)
    assert W[2].sum() == 0  # no known word: no weight
    assert model.predict(["zzz"])[0] == -1
    # the three themes are separated
    assert _purity(model.doc_topic_.argmax(axis=1)) == 1.0
    res = model.result()
    assert isinstance(res, TopicResult) and res.n_topics == 3
    assert len(res.top_terms) == 3 and len(res.labels) == 3
    assert all(1 <= len(t) <= 10 for t in res.top_terms)  # only words with weight > 0


@pytest.mark.parametrize("make", MODELS, ids=IDS)
def test_determinism_and_clone(make):
    a = make().fit(TEXTS)
    b = clone(make()).fit(TEXTS)
    np.testing.assert_array_equal(a.components_, b.components_)
    np.testing.assert_array_equal(a.transform(TEXTS[:4]), a.transform(TEXTS[:4]))
    np.testing.assert_array_equal(a.transform(TEXTS[:4]), b.transform(TEXTS[:4]))
    c = clone(a)
    assert not hasattr(c, "components_")
    assert c.get_params() == a.get_params()


def test_unfitted_and_bad_params():
    with pytest.raises(NotFittedError, match="^NmfTopics: call fit first"):
        NmfTopics().transform(["x"])
    with pytest.raises(ParameterError, match="n_topics"):
        NmfTopics(n_topics=0).fit(TEXTS)
    with pytest.raises(ParameterError, match="n_topics: 40 topics need"):
        NmfTopics(n_topics=40).fit(TEXTS)
    with pytest.raises(ParameterError, match="backend"):
        LdaTopics(backend="mallet").fit(TEXTS)
    with pytest.raises(ParameterError, match="alpha"):
        LdaTopics(backend="sklearn", alpha="auto").fit(TEXTS)
    with pytest.raises(ParameterError, match="seed_words"):
        LdaTopics(n_topics=3, backend="sklearn", seed_words={"a": ["goal"]}).fit(TEXTS)
    with pytest.raises(ParameterError, match="alpha: 'asymmetric' needs backend='gensim'"):
        LdaTopics(n_topics=3, backend="tomotopy", alpha="asymmetric").fit(TEXTS)
    with pytest.raises(ParameterError, match="sweeps"):
        LdaTopics(n_topics=3, backend="tomotopy", sweeps=0).fit(TEXTS)
    with pytest.raises(ParameterError, match="algorithm"):
        ClusterTopics(algorithm="dbscan").fit(TEXTS)
    with pytest.raises(ParameterError, match="relevance"):
        NmfTopics(n_topics=3, relevance=2).fit(TEXTS)
    with pytest.raises(ParameterError, match="^method: 'bertopic' is not one of lda, "):
        make_topic_model("bertopic", n_topics=3)


def test_pipeline_and_params():
    pipe = Pipeline([("topics", NmfTopics(n_topics=3, random_state=0))])
    W = pipe.fit_transform(TEXTS)
    assert W.shape == (15, 3)
    pipe.set_params(topics__n_topics=2)
    assert pipe.fit_transform(TEXTS).shape == (15, 2)
    assert list(pipe.named_steps["topics"].get_feature_names_out()) == ["topic0", "topic1"]


def test_vectorizer_is_used_and_cloned():
    vec = BowVectorizer(tokenizer=str.split, min_df=2)
    model = NmfTopics(n_topics=3, vectorizer=vec).fit(TEXTS + ["hapax"])
    assert "hapax" not in set(model.feature_names_)
    assert not hasattr(vec, "vocabulary_")  # the parameter itself is left unfitted


def test_class_tfidf_by_hand():
    # two classes; term 0 in both, term 1 only in class 0, term 2 only in class 1
    counts = sp.csr_matrix(np.array([[2, 2, 0], [2, 0, 0], [0, 0, 4]]))
    C = class_tfidf(counts, [0, 0, 1], 2)
    # class 0 counts [4, 2, 0] -> tf [2/3, 1/3, 0]; class 1 [0, 0, 4] -> tf [0, 0, 1]
    # totals f = [4, 2, 4]; A = 10 / 2 = 5; idf = log(1 + 5 / f)
    idf = np.log1p(5 / np.array([4.0, 2.0, 4.0]))
    np.testing.assert_allclose(C[0], np.array([2 / 3, 1 / 3, 0]) * idf)
    np.testing.assert_allclose(C[1], np.array([0, 0, 1.0]) * idf)


def test_relevance_ranking_favours_exclusive_words():
    texts = ["common alpha"] * 5 + ["common beta"] * 5 + ["common alpha beta"]
    model = NmfTopics(n_topics=2, vectorizer=BowVectorizer(tokenizer=str.split), random_state=0).fit(texts)
    by_weight = model.top_terms(3)
    by_relevance = model.top_terms(3, relevance=0.0)
    assert sorted(t[0] for t in by_relevance) == ["alpha", "beta"]
    assert model.top_terms(3, relevance=1.0) == by_weight
    assert (
        NmfTopics(n_topics=2, relevance=0.0, vectorizer=BowVectorizer(tokenizer=str.split)).fit(texts).top_terms(3)
        == by_relevance
    )


@pytest.mark.parametrize("backend", ["gensim", "tomotopy"])
def test_guided_lda_names_and_steers_topics(caplog, backend):
    seeds = {"food": ["flour", "butter"], "money": ["bank", "nonexistentword"]}
    model = LdaTopics(n_topics=3, backend=backend, seed_words=seeds, passes=30, sweeps=200, random_state=3).fit(TEXTS)
    assert model.topic_labels_[:2] == ["food", "money"]
    assert model.seed_words_ == {"food": ["flour", "butter"], "money": ["bank"]}
    assert "nonexistentword" in caplog.text
    tops = model.top_terms(5)
    assert {"flour", "butter"} & set(tops[0])
    assert "bank" in tops[1]
    # food documents load on topic 0, money documents on topic 1
    pred = model.doc_topic_.argmax(axis=1)
    assert all(p == 0 for p, g in zip(pred, GOLD) if g == "food")
    assert all(p == 1 for p, g in zip(pred, GOLD) if g == "money")
    with pytest.raises(ParameterError, match="none of the seed words"):
        LdaTopics(n_topics=3, seed_words={"x": ["qqq"]}).fit(TEXTS)
    with pytest.raises(ParameterError, match="fewer than the 2 seed themes"):
        LdaTopics(n_topics=1, seed_words=seeds).fit(TEXTS)


def test_sweep_k_reports_scores_and_chooses():
    sweep, model = sweep_k(lambda k: NmfTopics(n_topics=k, random_state=0), TEXTS, [2, 3, 4])
    assert [s["k"] for s in sweep.scores] == [2, 3, 4]
    assert sweep.best_k == model.n_topics
    best = max(sweep.scores, key=lambda s: s["quality"])
    assert best["k"] == sweep.best_k
    for s in sweep.scores:
        assert -1 <= s["npmi"] <= 1 and 0 < s["td10"] <= 1
        assert s["quality"] == pytest.approx((1 + s["npmi"]) / 2 * s["td10"])
    assert sweep.to_dict()["criterion"] == "(1 + npmi) / 2 * td10"


def test_guided_kmeans_starts_from_seed_words():
    seeds = {"money": ["bank", "loan", "inflation"], "food": ["flour", "butter", "cake"]}
    model = ClusterTopics(n_topics=3, seed_words=seeds, random_state=0).fit(TEXTS)
    assert model.topic_labels_[:2] == ["money", "food"]
    assert all(lab == 0 for lab, g in zip(model.labels_, GOLD) if g == "money")
    assert all(lab == 1 for lab, g in zip(model.labels_, GOLD) if g == "food")
    with pytest.raises(ParameterError, match="algorithm='kmeans'"):
        ClusterTopics(n_topics=3, algorithm="agglomerative", seed_words=seeds).fit(TEXTS)


def test_lda_multicore_backend():
    model = LdaTopics(n_topics=3, workers=2, passes=20, random_state=0).fit(TEXTS)
    assert type(model.model_).__name__ == "LdaMulticore"
    assert model.doc_topic_.shape == (15, 3)
    np.testing.assert_allclose(model.transform(TEXTS[:2]).sum(axis=1), 1.0)
    with pytest.raises(ParameterError, match="workers > 1"):
        LdaTopics(n_topics=3, workers=2, alpha="auto").fit(TEXTS)


def test_tomotopy_backend_gibbs_sampling_details():
    # an empty passage (no vocabulary word) gets no topic weight; alpha="auto" is learnt;
    # the topic-word rows line up with feature_names_ whatever order tomotopy keeps its vocabulary in
    texts = TEXTS + ["zzz"]
    vec = BowVectorizer(tokenizer=str.split, min_df=2)
    model = LdaTopics(n_topics=3, backend="tomotopy", alpha="auto", sweeps=200, vectorizer=vec, random_state=0).fit(
        texts
    )
    assert type(model.model_).__name__ == "LDAModel"
    assert model.doc_topic_[-1].sum() == 0
    np.testing.assert_allclose(model.doc_topic_[:-1].sum(axis=1), 1.0)
    names = list(model.feature_names_)
    for t, top in enumerate(model.top_terms(3)):
        assert top[0] == names[int(model.components_[t].argmax())]
    sport = model.components_[:, [names.index(w) for w in ("football", "goal", "striker")]].sum(axis=1)
    food = model.components_[:, [names.index(w) for w in ("flour", "butter", "oven")]].sum(axis=1)
    assert sport.argmax() != food.argmax()
    np.testing.assert_allclose(model.components_.sum(axis=1), 1.0)
    assert model.model_.optim_interval == 10
    assert not np.allclose(np.asarray(model.model_.alpha), 1 / 3)  # re-estimated from its start, 1 / n_topics
    fixed = LdaTopics(n_topics=3, backend="tomotopy", alpha=0.2, sweeps=50, vectorizer=vec, random_state=0).fit(texts)
    assert fixed.model_.optim_interval == 0
    np.testing.assert_allclose(np.asarray(fixed.model_.alpha), 0.2)


def test_octis_protocol_in_parallel_scores_and_orders_fits_as_the_serial_run():
    from nlptools.benchmarks.octis import octis_protocol

    words = [
        "oil price barrel market trade opec",
        "goal match striker team win coach",
        "vote party election poll labour leader",
    ]
    rng = np.random.default_rng(1)
    texts = [" ".join(rng.choice(w.split(), size=8)) for w in words for _ in range(6)]
    kw = dict(models=["nmf", "kmeans"], ks=[2, 3], seeds=[0, 21])
    serial, serial_topics = octis_protocol(texts, workers=1, **kw)
    parallel, parallel_topics = octis_protocol(texts, workers=2, **kw)
    assert parallel_topics == serial_topics
    assert list(parallel_topics["nmf"]) == ["k2-seed0", "k2-seed21", "k3-seed0", "k3-seed21"]
    for name, m in serial["models"].items():
        drop = ("fit_seconds", "fit_cpu_seconds")
        strip = [{k: v for k, v in f.items() if k not in drop} for f in m["fits"]]
        assert strip == [{k: v for k, v in f.items() if k not in drop} for f in parallel["models"][name]["fits"]]
        assert m["mean_npmi"] == parallel["models"][name]["mean_npmi"]


# --------------------------------------------------------------------------- the registry


def test_registry_is_the_one_table():
    assert (
        topic_methods() == METHODS == ("lda", "lda-sklearn", "lda-gibbs", "nmf", "kmeans", "agglomerative", "ensemble")
    )
    assert make_model is make_topic_model  # the earlier name
    assert tuple(m for m in topic_methods() if topic_method(m).guided) == ("lda", "lda-gibbs", "kmeans")
    for name in topic_methods():
        method = topic_method(name)
        assert method.name == name and method.summary
        model = method.factory(n_topics=4)
        assert type(model) is method.estimator and model.n_topics == 4
        assert model.get_params().items() >= dict(method.preset).items()
    assert make_topic_model("lda").backend == "gensim"
    assert make_topic_model("lda-sklearn").backend == "sklearn"
    assert make_topic_model("kmeans").algorithm == "kmeans"
    assert make_topic_model("agglomerative").algorithm == "agglomerative"
    gibbs = make_topic_model("lda-gibbs")
    assert (gibbs.backend, gibbs.alpha, gibbs.eta) == ("tomotopy", "auto", 0.1)
    assert make_topic_model("lda-gibbs", eta=0.2, alpha=0.5).get_params()["eta"] == 0.2  # its defaults give way


def test_registry_errors_and_seed_words():
    with pytest.raises(ParameterError, match=r"^method: 'lda-gibs' is not one of .*\(did you mean 'lda-gibbs'\?\)$"):
        topic_method("lda-gibs")
    with pytest.raises(
        ParameterError, match="^--method: 'zzz' is not one of lda, lda-sklearn, .*agglomerative, ensemble$"
    ):
        topic_method("zzz", option="--method")
    with pytest.raises(ParameterError, match="^backend: method 'lda' means backend='gensim'"):
        make_topic_model("lda", backend="sklearn")
    with pytest.raises(ParameterError, match="^algorithm: method 'kmeans' means"):
        make_topic_model("kmeans", algorithm="agglomerative")
    with pytest.raises(TypeError):
        make_topic_model("nmf", colour="red")
    seeds = {"sport": ["goal"]}
    for name in topic_methods():
        model = make_topic_model(name, n_topics=3, seed_words=seeds)
        # guided methods take the seed words; the others ignore them
        assert model.get_params().get("seed_words") == (seeds if topic_method(name).guided else None)


def test_registry_is_cheap_to_read():
    # the command line reads the table to build its help: no model module, no scikit-learn
    import subprocess
    import sys

    code = (
        "import sys, nlptools.topics.registry as r; r.topic_methods(); r.topic_method('nmf'); "
        "print(sorted(m for m in sys.modules if m.startswith(('sklearn', 'nlptools.topics.'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['nlptools.topics.registry']"


# --------------------------------------------------------------------------- imports point down

# the stages above topics, and the packages that evaluate, report or drive them
ABOVE = ("themes", "summarize", "digest", "evaluate", "benchmarks", "plots", "report", "experiment", "cli")


def _nlptools_imports(path: Path) -> set[str]:
    """The nlptools modules ``path`` imports (relative imports resolved), at any depth of the module."""
    package = path.relative_to(Path(nlptools.topics.__file__).parents[2]).with_suffix("").parts[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = list(package[: len(package) - node.level + 1]) if node.level else []
            found.add(".".join([*base, *(node.module or "").split(".")]).strip("."))
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return {m for m in found if m.startswith("nlptools")}


def test_topics_imports_no_stage_above_it():
    root = Path(nlptools.topics.__file__).parent
    bad = {}
    for path in sorted(root.rglob("*.py")):
        up = {m for m in _nlptools_imports(path) if m.split(".")[1:2] and m.split(".")[1] in ABOVE}
        if up:
            bad[str(path.relative_to(root))] = sorted(up)
    assert bad == {}
