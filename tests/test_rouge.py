"""ROUGE against hand-computed values, the greedy oracle, reference matching, the BBC benchmark helpers."""

from __future__ import annotations

import pytest

from nlptools.errors import InputError, ParameterError
from nlptools.evaluate.rouge import (
    ROUGE_TYPES,
    greedy_oracle,
    match_reference,
    mean_rouge,
    rouge,
    rouge_scores,
)

# --------------------------------------------------------------------------- hand-computed values


def test_rouge_single_substitution():
    # cand: the cat sat on the mat / ref: the cat lay on the mat (6 tokens each)
    # unigram overlap: the x2, cat, on, mat = 5 -> P = R = 5/6
    # bigrams: {the cat, on the, the mat} shared of 5 each -> 3/5
    # LCS: the cat on the mat = 5 -> 5/6
    r = rouge("the cat sat on the mat", "the cat lay on the mat")
    assert r["rouge1"] == pytest.approx(5 / 6)
    assert r["rouge2"] == pytest.approx(3 / 5)
    assert r["rougeL"] == pytest.approx(5 / 6)
    assert r["rougeLsum"] == pytest.approx(5 / 6)


def test_rouge_precision_recall_f1():
    # cand 2 tokens, ref 6 tokens, overlap 2: P = 1, R = 1/3, F = 2 * 1 * 1/3 / (4/3) = 0.5
    s = rouge_scores("the cat", "the cat sat on the mat")
    assert s["rouge1"]["precision"] == pytest.approx(1.0)
    assert s["rouge1"]["recall"] == pytest.approx(1 / 3)
    assert s["rouge1"]["f1"] == pytest.approx(0.5)
    # one shared bigram of 1 / 5: P = 1, R = 1/5, F = 2 * 0.2 / 1.2 = 1/3
    assert s["rouge2"]["f1"] == pytest.approx(1 / 3)


def test_rouge_lsum_vs_l_on_reordered_sentences():
    ref = ["the cat sat", "the dog ran"]
    cand = ["the dog ran", "the cat sat"]
    r = rouge(cand, ref)
    # one LCS over the whole text: "the cat sat" (or "the dog ran") = 3 of 6 tokens
    assert r["rougeL"] == pytest.approx(0.5)
    # summary-level LCS matches each reference sentence fully: 6 / 6
    assert r["rougeLsum"] == pytest.approx(1.0)
    assert r["rouge1"] == pytest.approx(1.0)
    # bigrams within the joined text: ref {the cat, cat sat, sat the, the dog, dog ran};
    # cand {the dog, dog ran, ran the, the cat, cat sat}: 4 of 5 shared
    assert r["rouge2"] == pytest.approx(4 / 5)


def test_rouge_stemming_on_by_default():
    # Porter: running -> run, dogs -> dog (words longer than 3 characters)
    assert rouge("running dogs", "run dog")["rouge1"] == pytest.approx(1.0)
    assert rouge("running dogs", "run dog", stemmer=False)["rouge1"] == pytest.approx(0.0)


def test_rouge_empty_and_punctuation():
    assert rouge("", "the cat")["rouge1"] == 0.0
    # glued sentences: punctuation splits tokens, as in rouge-score
    assert rouge("in that time.She said", "in that time. She said")["rouge1"] == pytest.approx(1.0)


def test_rouge_bad_inputs():
    with pytest.raises(ParameterError):
        rouge(123, "x")  # type: ignore[arg-type]
    with pytest.raises(ParameterError):
        rouge("a", "b", types=("rougeX",))


def test_mean_rouge():
    m = mean_rouge([("the cat", "the cat"), ("a dog", "the cat")], types=("rouge1",))
    assert m["rouge1"] == pytest.approx(0.5)
    assert m["n"] == 2
    with pytest.raises(ParameterError):
        mean_rouge([])


# --------------------------------------------------------------------------- oracle


SENTS = [
    "The cat sat on the mat.",
    "Stocks fell sharply in early trading.",
    "The dog barked at the postman.",
    "Oil prices rose.",
]


def test_oracle_stops_when_no_gain():
    ref = "The cat sat on the mat. The dog barked at the postman."
    assert greedy_oracle(SENTS, ref) == [0, 2]


def test_oracle_fixed_count():
    ref = "The cat sat on the mat. The dog barked at the postman."
    # sentences 0 and 2 alone score the same (6 of 12 unigrams, 5 of 11 bigrams, precision 1): the earlier wins
    assert greedy_oracle(SENTS, ref, n_sentences=1) == [0]
    assert greedy_oracle(SENTS, "The dog barked at the postman.", n_sentences=1) == [2]
    assert greedy_oracle(SENTS, ref, n_sentences=3)[:2] == [0, 2]
    assert len(greedy_oracle(SENTS, ref, n_sentences=3)) == 3
    assert greedy_oracle(SENTS, ref, n_sentences=10) == [0, 1, 2, 3]
    assert greedy_oracle([], ref) == []
    with pytest.raises(ParameterError):
        greedy_oracle(SENTS, ref, n_sentences=-1)


def test_oracle_reaches_full_score_on_extractive_reference():
    ref = [SENTS[3], SENTS[1]]
    picked = greedy_oracle(SENTS, ref)
    assert picked == [1, 3]
    assert rouge([SENTS[i] for i in picked], ref)["rouge1"] == pytest.approx(1.0)


# --------------------------------------------------------------------------- glued references


def test_match_reference_glued_sentences():
    sents = ["Profits rose 5%.", "Sales fell in Asia.", "The chief executive resigned.", "Shares were flat."]
    ref = "The chief executive resigned.Profits rose 5%.Shares were flat."
    m = match_reference(ref, sents)
    assert m.indices == (2, 0, 3)
    assert m.pieces == ("The chief executive resigned.", "Profits rose 5%.", "Shares were flat.")
    assert m.coverage == pytest.approx(1.0)


def test_match_reference_sentence_inside_another():
    sents = ["Sales rose.", "Analysts said Sales rose.", "Costs fell."]
    m = match_reference("Analysts said Sales rose.Costs fell.", sents)
    assert m.indices == (1, 2)  # "Sales rose." is inside the longer match, not a sentence of its own


def test_match_reference_unmatched_text_kept():
    sents = ["Profits rose.", "Costs fell."]
    m = match_reference("Profits rose.Something else entirely.Costs fell.", sents)
    assert m.indices == (0, 1)
    assert m.pieces == ("Profits rose.", "Something else entirely.", "Costs fell.")
    assert 0.4 < m.coverage < 0.7


# --------------------------------------------------------------------------- benchmark helpers


def _tiny_bbc(tmp_path):
    for cat, arts in {
        "business": {
            "001.txt": (
                "Firm posts profit\n\nProfits rose 5% in the quarter. Sales fell in Asia. "
                "The chief executive resigned on Monday.\n\nShares were flat.",
                "Profits rose 5% in the quarter.The chief executive resigned on Monday.",
            ),
            "002.txt": (
                "Bank cuts rates\n\nThe bank cut rates. Markets rallied on the news.\n\nBonds rose.",
                "The bank cut rates.",
            ),
        },
        "sport": {
            "001.txt": (
                "Team wins cup\n\nThe team won the cup. Fans celebrated in the streets. The coach praised the players.",
                "The team won the cup.The coach praised the players.",
            ),
        },
    }.items():
        (tmp_path / "articles" / cat).mkdir(parents=True)
        (tmp_path / "summaries" / cat).mkdir(parents=True)
        for name, (art, ref) in arts.items():
            (tmp_path / "articles" / cat / name).write_text(art, encoding="utf-8")
            (tmp_path / "summaries" / cat / name).write_text(ref, encoding="utf-8")
    return tmp_path


def test_reference_corpus_and_scores(tmp_path):
    from nlptools.benchmarks.summaries import ORACLE, load_reference_corpus, run_method, score_runs

    root = _tiny_bbc(tmp_path)
    arts = load_reference_corpus(root, per_category=1)
    assert [(a.category, a.name) for a in arts] == [("business", "001.txt"), ("sport", "001.txt")]
    arts = load_reference_corpus(root, per_category=None)
    assert [a.n_reference for a in arts] == [2, 1, 2]
    chosen, seconds = run_method(arts, ORACLE)
    assert seconds >= 0
    scores = score_runs(arts, chosen)
    assert scores["rouge1"] == pytest.approx(100.0)
    assert set(ROUGE_TYPES) <= set(scores)
    lead, _ = run_method(arts, "lead")
    assert lead == [[0, 1], [0], [0, 1]]
    assert score_runs(arts, lead)["rouge1"] < 100.0
    with pytest.raises(InputError):
        load_reference_corpus(tmp_path / "nope")


@pytest.mark.data
def test_bbc_references_match_article_sentences(data_dir):
    from nlptools.benchmarks.summaries import load_reference_corpus

    root = data_dir / "bbc-news-summary"
    if not root.is_dir():
        pytest.skip("bbc-news-summary not in the shared data")
    arts = load_reference_corpus(root, per_category=4)
    assert len(arts) == 20
    assert sum(a.match.coverage for a in arts) / len(arts) > 0.97
    assert all(1 <= a.n_reference < len(a.candidates) for a in arts)
