"""Redundancy by meaning in the shared selection: a paraphrase of a chosen sentence is never chosen."""

from __future__ import annotations

import numpy as np
import pytest

from nlptools.cleaning import clean_document
from nlptools.document import Document
from nlptools.errors import ParameterError
from nlptools.summarize import summarize_sentences
from nlptools.summarize.select import PARAPHRASE, select
from nlptools.summarize.types import Length


def _unit(rows: list[list[float]]) -> np.ndarray:
    v = np.asarray(rows, dtype=np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_select_skips_semantic_paraphrase_and_keeps_budget():
    texts = ["a b c d", "e f g h", "i j k l", "m n o p"]
    vectors = _unit([[1, 0, 0], [0.95, 0.3, 0], [0, 1, 0], [0, 0, 1]])  # 0 and 1: cosine 0.95
    scores = np.array([4.0, 3.0, 2.0, 1.0])
    plain = select(scores, texts, Length(sentences=2))
    assert plain == [0, 1]
    capped = select(scores, texts, Length(sentences=2), vectors=vectors, paraphrase=0.9)
    assert capped == [0, 2]
    assert select(scores, texts, Length(words=8), vectors=vectors, paraphrase=0.9) == [0, 2]  # 8-word budget
    again = select(scores, texts, Length(sentences=2), vectors=vectors, paraphrase=0.9)
    assert again == capped


def test_select_checks_antecedents_against_paraphrases():
    texts = ["a b", "c d", "e f", "g h"]
    vectors = _unit([[1, 0, 0], [0, 1, 0], [0.99, 0.1, 0], [0, 0, 1]])
    scores = np.array([5.0, 1.0, 0.0, 4.0])
    # 3 leans on 2, which restates the chosen 0: the unit (2, 3) may not be quoted
    got = select(scores, texts, Length(sentences=3), antecedents=[(), (), (), (2,)], vectors=vectors, paraphrase=0.9)
    assert 2 not in got and 3 not in got and 0 in got


def test_select_paraphrase_needs_vectors():
    with pytest.raises(ParameterError, match="paraphrase"):
        select(np.ones(2), ["a", "b"], Length(sentences=1), paraphrase=0.8)
    with pytest.raises(ParameterError, match="paraphrase"):
        select(np.ones(2), ["a", "b"], Length(sentences=1), vectors=np.ones((2, 2)), paraphrase=1.5)


class _Fixed:
    """An embedder with hand-set vectors by text."""

    dim = 3

    def __init__(self, table: dict[str, list[float]]) -> None:
        self.table = table

    def encode(self, texts):
        return _unit([self.table[t] for t in texts])


def _two_articles():
    a = clean_document(Document(id="a", text="Putin visited Pyongyang in June. Kim hosted a banquet."))
    b = clean_document(Document(id="b", text="The Russian leader travelled to North Korea. Seoul protested."))
    return a, b


def test_summarize_sentences_across_documents_uses_the_cap():
    a, b = _two_articles()
    pool = list(a.body) + list(b.body)
    table = {
        "Putin visited Pyongyang in June.": [1, 0, 0],
        "Kim hosted a banquet.": [0, 1, 0],
        "The Russian leader travelled to North Korea.": [0.97, 0.2, 0],
        "Seoul protested.": [0, 0, 1],
    }
    emb = _Fixed(table)
    on = summarize_sentences(pool, method="lead", n_sentences=2, embedder=emb, faithful=False)
    off = summarize_sentences(pool, method="lead", n_sentences=2, embedder=emb, faithful=False, paraphrase=None)
    assert "The Russian leader travelled to North Korea." in off.texts
    assert "The Russian leader travelled to North Korea." not in on.texts
    # "auto" is off within one document
    alone = summarize_sentences(list(a.body), method="lead", n_sentences=2, embedder=emb)
    assert len(alone) == 2


@pytest.mark.slow
def test_default_embedder_refuses_real_restatement():
    """The seeds' Putin visit told in two articles (cosine 0.87 with the default embedder)."""
    a = clean_document(
        Document(
            id="a",
            text="Russian President Vladimir Putin has accepted an invitation from North Korean leader "
            "Kim Jong Un to visit North Korea in the future. Stock markets in Seoul fell sharply on Monday.",
        )
    )
    b = clean_document(
        Document(
            id="b",
            text="North Korean President Kim Jong Un and Russian President Vladimir Putin recently met, "
            "and Putin decided to visit North Korea. Heavy rain flooded several farms in the south.",
        )
    )
    pool = list(a.body) + list(b.body)
    kw = {"method": "lead", "n_sentences": 2, "faithful": False, "redundancy": None}  # meaning only, no word overlap
    on = [i.sentence for i in summarize_sentences(pool, paraphrase=PARAPHRASE, **kw)]
    off = [i.sentence for i in summarize_sentences(pool, paraphrase=None, **kw)]
    assert PARAPHRASE == 0.75
    assert off == [pool[0], pool[2]]
    assert pool[0] in on and pool[2] not in on
