"""Faithful selection: the dependency rule (hand-made examples) and selection that never quotes a dangling sentence."""

from __future__ import annotations

import pytest

from nlptools.cleaning import clean_document
from nlptools.document import Document, Sentence
from nlptools.summarize import Length, select, summarize, summarize_sentences
from nlptools.summarize.faithful import Antecedents, Dependency, antecedents, dependency, spans

DEPENDENT = [
    ("However, it remains to be seen if such a deal has been finalized.", "connective", "However"),
    ("But the talks stalled.", "connective", "But"),
    ("Meanwhile, drones struck a depot.", "connective", "Meanwhile"),
    ("Also on the agenda were arms sales.", "connective", "Also"),
    ("Instead, Kim went home by train.", "connective", "Instead"),
    ("At the time, Putin expressed hopes that their next meeting would be held in Moscow.", "anaphor", "at the time"),
    ("The same reports suggest that Kim will travel by train.", "anaphor", "the same"),
    ("The move angered Washington.", "anaphor", "The move"),
    ("The two leaders signed a defense agreement.", "anaphor", "The two leaders"),
    ("He said the talks went well.", "pronoun", "He"),
    ("His mission: to oversee the production of weapons.", "pronoun", "His"),
    ("It is also projected to improve the country's influence.", "pronoun", "It"),
    ("On Monday, they met again.", "pronoun", "they"),
    ('"We will win," she said.', "pronoun", "she said"),
    ("This planned trip follows a visit in July.", "demonstrative", "This"),
    ("Such cooperation could change the war.", "demonstrative", "Such"),
    ("Despite this, talks continued.", "demonstrative", "Despite this"),
]

STANDALONE = [
    "It rained in Seoul.",
    "It is known that the two countries have long had strong ties.",
    "It was Kim who ordered the test.",
    "It is important to note the scale of the deal.",
    "Earlier this year, South Korea's military said troops had moved.",
    "So far, 4,000 casualties have occurred.",
    "The visit by Kim Jong Un to Russia sheds light on the war.",
    "The deal between Moscow and Pyongyang was signed in June.",
    "Kim said that the talks were useful.",
    "This year's summit was held in Pyongyang.",
    "Both Kim and Putin praised the agreement.",
    "Russian President Vladimir Putin has accepted an invitation.",
    "Such as it is, the plan is vague.",  # "such as": not a demonstrative
]


@pytest.mark.parametrize(("text", "kind", "cue"), DEPENDENT)
def test_dependent_sentences(text: str, kind: str, cue: str) -> None:
    dep = dependency(text)
    assert dep is not None, text
    assert (dep.kind, dep.cue) == (kind, cue)


@pytest.mark.parametrize("text", STANDALONE)
def test_standalone_sentences(text: str) -> None:
    assert dependency(text) is None, text


def _doc(text: str, doc_id: str = "a"):
    return clean_document(Document(doc_id, text))


def test_an_article_opening_leans_on_nothing() -> None:
    doc = _doc("However, nobody expected rain. It rained in Seoul. He stayed home.")
    assert dependency(doc.body[0].text) is not None
    assert antecedents(doc.body) == [(), (), (1,)]


def test_predecessor_is_the_sentence_before_across_paragraphs_but_not_across_a_heading() -> None:
    doc = _doc(
        "Kim met Putin in Vladivostok.\n\nHowever, no deal was signed.\n\nTalks in Moscow\n\nThe move angered Seoul."
    )
    texts = [s.text for s in doc.sentences]
    assert doc.sentences[2].heading and texts[2] == "Talks in Moscow"
    assert antecedents(doc.body) == [(), (0,), None]
    # a subset of the document (a theme's pool): the context tells what precedes
    subset = [doc.body[1]]
    assert antecedents(subset, {"a": doc.sentences}) == [None]
    assert antecedents([doc.body[0], doc.body[1]], {"a": doc.sentences}) == [(), (0,)]


def test_chains_are_quoted_whole() -> None:
    doc = _doc("Kim met Putin. He praised Russia. But he left early.")
    assert antecedents(doc.body) == [(), (0,), (0, 1)]


TEXT = (
    "Kim met Putin in Vladivostok on Wednesday for talks on arms. "
    "However, no arms deal was signed at the summit on Wednesday. "
    "Troops moved north across the border at dawn. "
    "Drones struck a depot in Bryansk overnight, officials said."
)


def test_selection_quotes_a_dependent_sentence_with_its_antecedent_or_not_at_all() -> None:
    doc = _doc(TEXT)
    texts = [s.text for s in doc.body]
    chains = antecedents(doc.body)
    assert chains[1] == (0,)
    scores = [0.1, 1.0, 0.5, 0.2]  # the dependent sentence scores best
    plain = select(scores, texts, Length.of(1))
    assert plain == [1]  # without the rule: the dangling sentence alone
    # one sentence: the unit (2 sentences) does not fit, so the dependent sentence is not chosen
    assert select(scores, texts, Length.of(1), antecedents=chains) == [2]
    assert select(scores, texts, Length.of(2), antecedents=chains) == [0, 1]
    # a word budget counts both sentences: 22 words for the pair
    n0, n1 = len(texts[0].split()), len(texts[1].split())
    assert select(scores, texts, Length.of(words=n0 + n1), antecedents=chains) == [0, 1]
    assert 1 not in select(scores, texts, Length.of(words=n0 + n1 - 1), antecedents=chains)
    # never chosen when it cannot be quoted
    assert 1 not in select(scores, texts, Length.of(3), antecedents=[(), None, (), ()])


def test_summaries_are_faithful_on_every_path() -> None:
    doc = _doc(TEXT)
    for n in (1, 2, 3):
        for method in ("lead", "textrank", "lexrank", "centroid"):
            chosen = summarize(doc, method=method, n_sentences=n)
            picked = [i.sentence for i in chosen]
            for g in spans(picked):
                assert dependency(g[0].text) is None or g[0].index == doc.body[0].index, (method, n, g)
    other = _doc("Seoul said troops moved. They crossed at dawn. Talks stalled in Moscow.", "b")
    pool = [s for d in (doc, other) for s in d.body]
    together = summarize_sentences(
        pool, method="lexrank", words=40, documents={"a": doc.sentences, "b": other.sentences}
    )
    for g in spans([i.sentence for i in together]):
        assert dependency(g[0].text) is None or g[0].index == 0


def test_faithful_off_is_the_old_selection() -> None:
    doc = _doc(TEXT)
    assert summarize(doc, method="lead", n_sentences=2, faithful=False).texts == [
        doc.body[0].text,
        doc.body[1].text,
    ]


def test_spans_group_a_sentence_with_its_antecedent() -> None:
    s = [Sentence("a", i, 10 * i, 10 * i + 9, t, i) for i, t in enumerate(["Kim met Putin.", "But he left.", "Rain."])]
    assert [len(g) for g in spans(s)] == [2, 1]


LAZY_TEXT = (
    "Kim met Putin in Vladivostok on Wednesday for talks on arms. "
    "However, no arms deal was signed at the summit. "
    "He flew home on Thursday. "
    "But he left a delegation behind in the city. "
    "Troops moved north across the border at dawn. "
    "They crossed the river before noon. "
    "Drones struck a depot in Bryansk overnight, officials said. "
    "The move angered Moscow. "
    "Seoul's spy agency said more soldiers would follow in spring."
)


def test_lazy_antecedents_equal_the_eager_list_and_read_only_what_is_asked() -> None:
    doc = _doc(LAZY_TEXT)
    lazy = Antecedents(doc.body)
    assert len(lazy) == len(doc.body)
    assert lazy.n_read == 0
    assert lazy[5] == (4,) and lazy.n_read == 2  # the sentence and its predecessor, nothing else
    assert lazy[2] == (0, 1)  # a chain
    assert list(lazy) == antecedents(doc.body)
    assert lazy[-1] == lazy[len(lazy) - 1] and lazy[1:3] == antecedents(doc.body)[1:3]
    with pytest.raises(IndexError):
        lazy[len(lazy)]


def test_selection_with_lazy_antecedents_is_the_eager_selection() -> None:
    import numpy as np

    from nlptools.summarize.features import SentenceFeatures

    doc = _doc(LAZY_TEXT)
    texts = [s.text for s in doc.body]
    eager = antecedents(doc.body)
    assert any(a is None for a in eager) or any(a for a in eager)  # the rule has work to do
    feats = SentenceFeatures.build(texts)
    rng = np.random.default_rng(0)
    lengths = [Length.of(k) for k in (1, 2, 3, 5)] + [Length.of(words=w) for w in (8, 15, 25, 40)]
    for trial in range(40):
        scores = rng.permutation(len(texts)).astype(float)
        if trial % 4 == 0:
            scores[rng.integers(len(texts))] = scores.max()  # a tie: the earlier sentence wins
        for length in lengths:
            for kw in (
                {},
                {"redundancy": 0.6, "features": feats},
                {"diversity": 0.3, "features": feats},
                {"min_words": 6},
            ):
                lazy = Antecedents(doc.body)
                got = select(scores, texts, length, antecedents=lazy, **kw)
                assert got == select(scores, texts, length, antecedents=eager, **kw), (trial, length, kw)
                if length.sentences == 1 and not kw:
                    assert lazy.n_read < len(texts)


def test_dependency_reads_a_long_opening_whole() -> None:
    # the opening words are read from a prefix of the sentence; a long fronted phrase must not hide the pronoun
    long_front = "Notwithstanding extraordinarily unprecedented internationalisation, they said more would come."
    assert dependency(long_front) == Dependency("pronoun", "they")
    assert dependency("Officials said the talks would resume, and that more troops would come, he said.") is not None
    assert dependency("Officials said the talks would resume in the capital of the country next week.") is None
