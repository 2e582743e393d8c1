"""The scikit-learn estimator contract, on every estimator of tokens, vectorize and topics.

scikit-learn's ``check_estimator`` runs its data checks on numeric arrays
only; our estimators declare text input (``input_tags.string``, no
``two_d_array``, as ``CountVectorizer`` does), so it skips those and runs
what applies. The checks that need no data are run one by one, and the
data checks that matter (not fitted, fit returns self, parameters kept,
idempotent fit, pickling) are repeated here on texts.
"""

from __future__ import annotations

import pickle
import warnings

import joblib
import numpy as np
import pytest
import sklearn.exceptions
from sklearn.base import clone
from sklearn.utils import estimator_checks, get_tags
from sklearn.utils.estimator_checks import check_estimator

from nlptools.errors import NlptoolsError, NotFittedError, ParameterError
from nlptools.tokens import PhraseDetector, Tokenizer
from nlptools.topics import ClusterTopics, LdaTopics, NmfTopics, make_topic_model, topic_method, topic_methods
from nlptools.vectorize import BowVectorizer, TfidfVectorizer

TEXTS = [
    "striker goal match football league",
    "bank interest rate inflation loan",
    "recipe oven bake flour butter",
    "goal keeper match football penalty",
    "inflation rate bank market bond",
    "butter flour sugar bake cake",
    "league football striker goal",
    "market bond loan interest bank",
    "cake oven recipe sugar flour",
]
TOKEN_LISTS = [t.split() for t in TEXTS] * 3

# every estimator, with small settings so that each fits in well under a second
ESTIMATORS = {
    "BowVectorizer": BowVectorizer(),
    "TfidfVectorizer": TfidfVectorizer(),
    "PhraseDetector": PhraseDetector(min_count=2),
    "LdaTopics-gensim": LdaTopics(n_topics=3, passes=2, iterations=20),
    "LdaTopics-sklearn": LdaTopics(n_topics=3, backend="sklearn", passes=2),
    "LdaTopics-tomotopy": LdaTopics(n_topics=3, backend="tomotopy", sweeps=20),
    "NmfTopics": NmfTopics(n_topics=3),
    "ClusterTopics-kmeans": ClusterTopics(n_topics=3, n_init=2),
    "ClusterTopics-agglomerative": ClusterTopics(n_topics=3, algorithm="agglomerative", n_components=3),
    # and every method of the registry, so that a new one is checked without a line here
    **{f"method-{name}": make_topic_model(name, n_topics=3) for name in topic_methods()},
}
NAMES = list(ESTIMATORS)


def _X(est):
    return TOKEN_LISTS if isinstance(est, PhraseDetector) else TEXTS


def _fitted_output(est):
    """What a fitted estimator gives: a dense array for every estimator here."""
    out = est.transform(_X(est))
    if isinstance(out, list):  # PhraseDetector: token lists
        return np.asarray([" ".join(t) for t in out], dtype=object)
    return out.toarray() if hasattr(out, "toarray") else np.asarray(out)


# --------------------------------------------------------------------------- scikit-learn's checks


@pytest.mark.parametrize("name", NAMES)
def test_check_estimator_passes(name):
    est = ESTIMATORS[name]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sklearn.exceptions.SkipTestWarning)
        results = check_estimator(est, on_fail=None)
    failed = {r["check_name"]: repr(r["exception"]) for r in results if r["status"] == "failed"}
    assert failed == {}
    assert {r["check_name"] for r in results if r["status"] == "passed"} >= {"check_estimator_cloneable"}


@pytest.mark.parametrize("name", NAMES)
def test_declares_text_input(name):
    tags = get_tags(ESTIMATORS[name])
    assert tags.input_tags.string and not tags.input_tags.two_d_array
    assert tags.requires_fit and tags.transformer_tags is not None


# scikit-learn's API checks that need no data (the others feed numeric arrays: repeated below on texts)
NO_DATA_CHECKS = [
    "check_estimator_tags_renamed",
    "check_valid_tag_types",
    "check_estimator_repr",
    "check_no_attributes_set_in_init",
    "check_mixin_order",
    "check_get_params_invariance",
    "check_set_params",
    "check_parameters_default_constructible",
    "check_do_not_raise_errors_in_init_or_set_params",
    "check_estimators_unfitted",
]


@pytest.mark.parametrize("check", NO_DATA_CHECKS)
@pytest.mark.parametrize("name", NAMES)
def test_api_checks_without_data(name, check):
    est = ESTIMATORS[name]
    getattr(estimator_checks, check)(type(est).__name__, clone(est))


# --------------------------------------------------------------------------- the data checks, on texts


@pytest.mark.parametrize("name", NAMES)
def test_not_fitted_error_before_fit(name):
    est = clone(ESTIMATORS[name])
    used = 0
    for method, args in [
        ("transform", (_X(est),)),
        ("predict", (_X(est),)),
        ("get_feature_names_out", ()),
        ("top_terms", ()),
        ("term_scores", ()),
        ("result", ()),
        ("analyze", ("a text",)),
    ]:
        if not hasattr(est, method) or (isinstance(est, BowVectorizer) and method == "analyze"):
            continue  # a vectoriser analyses text before fit
        with pytest.raises(NotFittedError, match="call fit") as info:
            getattr(est, method)(*args)
        assert isinstance(info.value, sklearn.exceptions.NotFittedError)
        assert isinstance(info.value, NlptoolsError)
        used += 1
    assert used >= 1


@pytest.mark.parametrize("name", NAMES)
def test_fit_returns_self_and_leaves_parameters_alone(name):
    est = clone(ESTIMATORS[name])
    before = {k: joblib.hash(v) for k, v in est.get_params(deep=False).items()}
    public = set(vars(est))
    assert est.fit(_X(est)) is est
    assert {k: joblib.hash(v) for k, v in est.get_params(deep=False).items()} == before
    added = set(vars(est)) - public
    assert added and all(a.endswith("_") or a.startswith("_") for a in added)


# tomotopy's LDAModel cannot be pickled (it has its own save / loads): a known gap, reported
NOT_PICKLABLE = pytest.mark.xfail(raises=TypeError, strict=True, reason="tomotopy.LDAModel cannot be pickled")


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=NOT_PICKLABLE) if ESTIMATORS[n].get_params().get("backend") == "tomotopy" else n
        for n in NAMES
    ],
)
def test_fit_is_idempotent_clone_is_unfitted_and_pickle_keeps_the_model(name):
    a = clone(ESTIMATORS[name]).fit(_X(ESTIMATORS[name]))
    first = _fitted_output(a)
    a.fit(_X(a))
    np.testing.assert_array_equal(_fitted_output(a), first)
    b = clone(a)
    assert b.get_params(deep=False).keys() == a.get_params(deep=False).keys()
    with pytest.raises(NotFittedError):
        b.transform(_X(b))
    np.testing.assert_array_equal(_fitted_output(b.fit(_X(b))), first)
    c = pickle.loads(pickle.dumps(a))
    np.testing.assert_array_equal(_fitted_output(c), first)


# --------------------------------------------------------------------------- parameters, nested


def test_tokenizer_nested_parameters_round_trip_and_clone():
    tok = Tokenizer(aliases={"Kim Jong Un": ["Kim"]})
    assert tok("Kim said 300 words") == ["kim_jong_un", "word"]
    vec = BowVectorizer(tokenizer=tok, min_df=1)
    model = NmfTopics(n_topics=3, vectorizer=vec)
    deep = model.get_params(deep=True)
    assert deep["vectorizer__tokenizer__numbers"] == "drop"
    assert deep["vectorizer__tokenizer"] is tok
    # every advertised parameter can be set back
    again = clone(model).set_params(**{k: v for k, v in deep.items() if k.count("__") == 2})
    assert again.get_params(deep=True).keys() == deep.keys()
    # a nested change reaches the tokenizer, and its compiled state follows
    model.set_params(vectorizer__tokenizer__numbers="keep")
    assert tok.numbers == "keep" and tok("Kim said 300 words") == ["kim_jong_un", "300", "word"]
    copy = clone(tok)
    assert copy is not tok and copy == tok and copy.get_params() == tok.get_params()
    assert clone(model).get_params(deep=True)["vectorizer__tokenizer__numbers"] == "keep"
    with pytest.raises(ParameterError, match="not a parameter of Tokenizer"):
        tok.set_params(colour="red")
    with pytest.raises(ValueError):  # scikit-learn's contract: an invalid parameter is a ValueError
        model.set_params(vectorizer__tokenizer__colour="red")


def test_tokenizer_repr_shows_changed_parameters():
    assert repr(Tokenizer()) == "Tokenizer()"
    assert repr(Tokenizer(numbers="keep", min_length=3)) == "Tokenizer(numbers='keep', min_length=3)"
    assert repr(PhraseDetector(passes=2)) == "PhraseDetector(passes=2)"


# --------------------------------------------------------------------------- random_state: one meaning


@pytest.mark.parametrize("name", [n for n in NAMES if "random_state" in ESTIMATORS[n].get_params()])
def test_random_state_default_is_a_seed_and_none_is_fresh(name):
    est = ESTIMATORS[name]
    assert est.get_params()["random_state"] == 0  # defaults are explicit seeds: reproducible
    seeded = [_fitted_output(clone(est).set_params(random_state=5).fit(TEXTS)) for _ in range(2)]
    np.testing.assert_array_equal(seeded[0], seeded[1])
    # None: a seed drawn from numpy's global random state (scikit-learn's meaning), here pinned to check
    np.random.seed(123)  # noqa: NPY002
    a = _fitted_output(clone(est).set_params(random_state=None).fit(TEXTS))
    np.random.seed(123)  # noqa: NPY002
    b = _fitted_output(clone(est).set_params(random_state=None).fit(TEXTS))
    np.testing.assert_array_equal(a, b)
    # a RandomState gives a seed
    c = _fitted_output(clone(est).set_params(random_state=np.random.RandomState(0)).fit(TEXTS))
    assert c.shape == seeded[0].shape


def test_registry_defaults_are_explicit_seeds():
    for name in topic_methods():
        assert make_topic_model(name).get_params()["random_state"] == 0, name
        assert topic_method(name).estimator().get_params()["random_state"] == 0, name
