"""Coverage summarisers: submodular (Lin and Bilmes) and the concept ILP (Gillick and Favre)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import scipy.sparse as sp

from nlptools.cleaning import clean_corpus
from nlptools.corpus import Corpus
from nlptools.document import Sentence
from nlptools.errors import ParameterError
from nlptools.summarize import Length, SentenceFeatures, get_ranker, summarize_sentences, word_count
from nlptools.summarize.coverage import ConceptObjective, SubmodularObjective, budgeted_greedy, concept_ilp
from nlptools.summarize.rankers.coverage import ConceptRanker, SubmodularRanker, concepts


def _sentences(texts, docs=None):
    out, offset = [], {}
    for i, t in enumerate(texts):
        d = docs[i] if docs else "d"
        start = offset.get(d, 0)
        out.append(Sentence(document=d, index=i, start=start, end=start + len(t), text=t, paragraph=0))
        offset[d] = start + len(t) + 1
    return out


@pytest.fixture(scope="module")
def pool(seeds_dir):
    docs = list(clean_corpus(Corpus.from_path(seeds_dir, suffixes=[".txt"])))
    return [s for d in docs for s in d.body]


# --------------------------------------------------------------------------- exact answers on tiny cases


def _brute_force(value, costs, budget, conflicts=()):
    best, best_set = -1.0, ()
    n = len(costs)
    for k in range(1, n + 1):
        for subset in itertools.combinations(range(n), k):
            if sum(costs[j] for j in subset) > budget:
                continue
            if any(a in subset and b in subset for a, b in conflicts):
                continue
            v = value(subset)
            if v > best + 1e-12:
                best, best_set = v, subset
    return best, best_set


def test_ilp_finds_the_brute_force_optimum():
    rng = np.random.default_rng(3)
    for trial in range(6):
        n, m = 7, 9
        occ = sp.csr_matrix((rng.random((n, m)) < 0.3).astype(float))
        weights = rng.integers(1, 6, size=m).astype(float)
        costs = rng.integers(3, 12, size=n).astype(float)
        budget = 20.0
        conflicts = [(0, 1)] if trial % 2 else []
        obj = ConceptObjective(occ, weights)
        best, _ = _brute_force(obj.evaluate, costs, budget, conflicts)
        res = concept_ilp(occ, weights, costs, budget, conflicts=conflicts)
        assert res.status == "optimal"
        assert sum(costs[j] for j in res.chosen) <= budget
        assert not (0 in res.chosen and 1 in res.chosen and conflicts)
        assert res.value == pytest.approx(max(best, 0.0))


def test_ilp_hand_made_case():
    # concepts: A(w=3) B(w=2) C(w=2); s0 = {A}, s1 = {B, C}, s2 = {A, B}; costs 5, 6, 6; budget 12
    occ = sp.csr_matrix(np.array([[1, 0, 0], [0, 1, 1], [1, 1, 0]], dtype=float))
    res = concept_ilp(occ, np.array([3.0, 2.0, 2.0]), np.array([5.0, 6.0, 6.0]), 12.0)
    assert res.chosen in ([0, 1], [1, 2]) and res.value == 7.0  # all three concepts
    res = concept_ilp(occ, np.array([3.0, 2.0, 2.0]), np.array([5.0, 6.0, 6.0]), 6.0)
    assert res.chosen == [2] and res.value == 5.0


def test_submodular_greedy_matches_its_own_definition():
    """The lazy greedy gives what the plain greedy of the paper gives, and its value is F of the set."""
    rng = np.random.default_rng(0)
    n = 9
    x = rng.random((n, 4))
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    w = x @ x.T
    clusters = np.array([0, 0, 1, 1, 2, 2, 0, 1, 2])
    costs = rng.integers(2, 9, size=n).astype(float)
    budget = 15.0
    obj = SubmodularObjective(w, clusters, alpha=0.3, lam=2.0)

    # the paper's loop, evaluated naively with F itself
    def f(subset):
        cover = sum(min(sum(w[i, j] for j in subset), 0.3 * w[i].sum()) for i in range(n))
        r = w.sum(axis=0) / n
        return cover + 2.0 * sum(np.sqrt(sum(r[j] for j in subset if clusters[j] == k)) for k in range(3))

    g, u = [], set(range(n))
    while u:
        k = max(sorted(u), key=lambda j: (f(g + [j]) - f(g)) / costs[j] ** 0.3)
        if sum(costs[j] for j in g) + costs[k] <= budget:
            g.append(k)
        u.discard(k)
    single = max((j for j in range(n) if costs[j] <= budget), key=lambda j: f([j]))
    expected = g if f(g) >= f([single]) else [single]
    got = budgeted_greedy(obj, costs, budget, r=0.3)
    assert got == expected
    assert obj.evaluate(got) == pytest.approx(f(got))
    # and it is within the constant factor of the optimum (here: close to it)
    best, _ = _brute_force(f, costs, budget)
    assert f(got) >= (1 - np.exp(-0.5)) * best


def test_budgeted_greedy_respects_conflicts_and_budget():
    w = np.eye(4) + 0.5
    obj = SubmodularObjective(w, np.zeros(4, dtype=int), alpha=1.0, lam=0.0)
    got = budgeted_greedy(obj, np.ones(4), 3.0, conflicts=[(0, 1), (1, 2), (0, 2)])
    assert len(got) == 2 and len({0, 1, 2} & set(got)) == 1 and 3 in got


# --------------------------------------------------------------------------- as summarisers


@pytest.mark.parametrize("method", ["submodular", "ilp"])
@pytest.mark.parametrize("budget", [40, 100, 250])
def test_word_budget_respected_and_no_repeats(method, budget, pool):
    ranker = get_ranker(method)
    feats = SentenceFeatures.build([s.text for s in pool])
    chosen = ranker.choose(pool, feats, Length(words=budget), redundancy=0.6)
    assert chosen == sorted(set(chosen)) and chosen
    assert sum(word_count(pool[i].text) for i in chosen) <= budget
    texts = [pool[i].text for i in chosen]
    assert len(set(texts)) == len(texts)
    # no two chosen sentences say the same thing in other words (semantic cosine below the cap)
    from nlptools.embed import as_embedder

    v = as_embedder(None).encode(texts)
    sims = v @ v.T - np.eye(len(texts)) * 2
    assert sims.max() < ranker.paraphrase
    # deterministic
    assert (
        ranker.choose(pool, SentenceFeatures.build([s.text for s in pool]), Length(words=budget), redundancy=0.6)
        == chosen
    )


@pytest.mark.parametrize("cls", [SubmodularRanker, ConceptRanker])
def test_paraphrases_and_copies_are_not_both_chosen(cls):
    texts = [
        "Russian President Vladimir Putin met North Korean leader Kim Jong Un in Pyongyang on Tuesday.",
        "Russian President Vladimir Putin met North Korean leader Kim Jong Un in Pyongyang on Tuesday.",
        "The Russian leader Putin travelled to Pyongyang to hold talks with Kim Jong Un this week.",
        "North Korea sent military engineers to the occupied Donetsk region, officials said.",
        "Drones were shot down over the Bryansk region overnight, the governor said.",
        "Putin and Kim Jong Un signed a defence pact in Pyongyang, promising mutual military help.",
    ]
    sents = _sentences(texts, ["a", "b", "c", "a", "b", "c"])
    ranker = cls()
    chosen = ranker.choose(sents, None, Length(sentences=4))
    assert not {0, 1} <= set(chosen)  # an exact copy
    assert not ({0, 2} <= set(chosen) or {1, 2} <= set(chosen))  # the same meeting in other words
    assert len(chosen) >= 3


@pytest.mark.parametrize("method", ["submodular", "ilp"])
def test_registered_and_usable_through_the_api(method, pool):
    summary = summarize_sentences(pool, method=method, n_sentences=4)
    assert summary.method == method and len(summary) == 4
    assert np.all(np.isfinite(summary.scores))
    again = summarize_sentences(pool, method=method, n_sentences=4)
    assert again.positions == summary.positions


def test_submodular_rank_order_is_the_cardinality_greedy(pool):
    ranker = SubmodularRanker()
    feats = SentenceFeatures.build([s.text for s in pool])
    scores = ranker.rank(pool, feats)
    top = sorted(np.argsort(-scores, kind="stable")[:5].tolist())
    assert ranker.choose(pool, feats, Length(sentences=5)) == top


def test_concepts_weights_and_stop_bigrams():
    texts = ["The central bank raised rates.", "The central bank held rates.", "Central bank policy is in focus."]
    occ, w, names = concepts(_sentences(texts, ["a", "b", "c"]))
    assert ("central", "bank") in names and w[names.index(("central", "bank"))] == 3
    assert all(not (a in {"the", "is", "in"} and b in {"the", "is", "in"}) for a, b in names)


def test_bad_parameters_are_one_line_errors(pool):
    with pytest.raises(ParameterError, match="paraphrase"):
        SubmodularRanker(paraphrase=1.5).choose(pool[:5], None, Length(words=50))
    with pytest.raises(ParameterError, match="similarity"):
        SubmodularRanker(similarity="bert").choose(pool[:5], None, Length(words=50))
    with pytest.raises(ParameterError, match="time_limit"):
        ConceptRanker(time_limit=0).choose(pool[:5], None, Length(words=50))


def test_semantic_similarity_variant_runs(pool):
    chosen = SubmodularRanker(similarity="semantic").choose(pool, None, Length(words=120))
    assert chosen and sum(word_count(pool[i].text) for i in chosen) <= 120
