"""Tokens: case, stop words, lemmas, numbers, name variants and aliases, phrases, the sumy tokenizer."""

from __future__ import annotations

import pickle

import pytest

from nlptools.cleaning import clean_corpus
from nlptools.corpus import Corpus
from nlptools.errors import NotFittedError, ParameterError
from nlptools.tokens import STOP_WORDS, PhraseDetector, SumyTokenizer, Tokenizer, _fold, word_spans, words


@pytest.fixture(scope="module")
def seed_sentences(seeds_dir) -> list[str]:
    return [s.text for d in clean_corpus(Corpus.from_path(seeds_dir)) for s in d.body]


# --------------------------------------------------------------------------- normalisation


def test_lower_casing_and_unicode_folding():
    assert Tokenizer(lemmatize=False, stop_words=None)("KIM Met PUTIN") == ["kim", "met", "putin"]
    assert Tokenizer(lowercase=False, lemmatize=False, stop_words=None)("KIM Met PUTIN") == ["KIM", "Met", "PUTIN"]
    # NFKC: the "ﬁ" ligature and full-width letters fold to plain ones
    assert Tokenizer(lemmatize=False)("ﬁnance ＫＩＭ") == ["finance", "kim"]


def test_stop_words_default_custom_and_none():
    tok = Tokenizer(lemmatize=False)
    assert tok("The leaders said that they would meet in Moscow") == ["leaders", "meet", "moscow"]
    assert {"the", "said", "according", "would"} <= STOP_WORDS
    assert "korea" not in STOP_WORDS and "putin" not in STOP_WORDS
    assert Tokenizer(stop_words=None, lemmatize=False)("the said") == ["the", "said"]
    assert Tokenizer(stop_words=["Moscow"], lemmatize=False)("The leaders met in Moscow") == [
        "the",
        "leaders",
        "met",
        "in",
    ]


def test_stop_word_check_applies_to_the_lemma_too():
    # "trains" lemmatises to "train": a stop word given as "train" also removes "trains"
    assert Tokenizer(stop_words=["train"])("The trains ran") == ["the", "run"]


def test_lemmas_offline_with_simplemma():
    tok = Tokenizer()
    assert tok("Soldiers were deployed; missiles launched by armies") == [
        "soldier",
        "deploy",
        "missile",
        "launch",
        "army",
    ]
    assert tok("met") == ["meet"]
    assert Tokenizer(lemmatize=False)("Soldiers were deployed") == ["soldiers", "deployed"]


def test_min_length():
    assert Tokenizer(lemmatize=False, min_length=4)("big cat armoured trains") == ["armoured", "trains"]
    assert Tokenizer(lemmatize=False, min_length=1, stop_words=None)("a b") == ["a", "b"]


@pytest.mark.parametrize(
    ("numbers", "expected"),
    [
        ("drop", ["troop", "month", "cost", "million"]),
        ("keep", ["3,000", "troop", "18th", "month", "2019", "cost", "115", "million", "1.5bn"]),
        ("token", ["<num>", "troop", "<num>", "month", "<num>", "cost", "<num>", "million", "<num>"]),
    ],
)
def test_numbers_policy(numbers, expected):
    text = "3,000 troops in the 18th month of 2019 cost $115 million, or 1.5bn"
    assert Tokenizer(numbers=numbers)(text) == expected


def test_possessives_and_apostrophes():
    tok = Tokenizer(lemmatize=False)
    assert tok("Russia's army and Kim’s train") == ["russia", "army", "kim", "train"]
    # contractions of stop words are stop words; other apostrophes stay inside the word
    assert tok("Don't, we're, they’ve, isn't") == []
    assert tok("o'clock rock'n'roll") == ["o'clock", "rock'n'roll"]


# --------------------------------------------------------------------------- name variants and aliases


def test_name_spelling_variants_give_the_same_tokens():
    tok = Tokenizer()
    assert tok("Kim Jong Un") == tok("Kim Jong-un") == tok("KIM JONG-UN") == ["kim", "jong", "un"]
    assert tok("Kim Jong-un's visit") == ["kim", "jong", "un", "visit"]
    assert Tokenizer(split_hyphens=False)("Kim Jong-un") == ["kim", "jong-un"]


def test_aliases_merge_variants_into_one_token():
    tok = Tokenizer(aliases={"Kim Jong Un": ["Kim Jong-un", "Kim"], "Vladimir Putin": ["Putin", "Mr Putin"]})
    assert tok("Kim Jong Un met Kim Jong-un and Kim, then Mr Putin and Vladimir Putin") == [
        "kim_jong_un",
        "meet",
        "kim_jong_un",
        "kim_jong_un",
        "vladimir_putin",
        "vladimir_putin",
    ]
    # longest match first: "Kim Jong Un" is not read as "Kim" + "jong" + "un"
    assert tok("Kim Jong Un") == ["kim_jong_un"]
    # other Kims are merged only as configured ("Kim" alone is a variant here)
    assert tok("Kim Yo Jong") == ["kim_jong_un", "yo", "jong"]


def test_aliases_are_case_insensitive_and_survive_pickling():
    tok = Tokenizer(aliases={"North Korea": ["DPRK", "Pyongyang"]})
    assert tok("dprk PYONGYANG North Korea") == ["north_korea"] * 3
    assert pickle.loads(pickle.dumps(tok))("DPRK") == ["north_korea"]


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"numbers": "round"}, "numbers"),
        ({"min_length": 0}, "min_length"),
        ({"min_length": "2"}, "min_length"),
        ({"stop_words": "german"}, "stop_words"),
        ({"aliases": {"Kim Jong Un": "Kim"}}, "aliases"),
        ({"aliases": {"--": ["x"]}}, "aliases"),
    ],
)
def test_bad_tokenizer_parameters_name_the_parameter(kwargs, name):
    tok = Tokenizer(**kwargs)  # like scikit-learn, checked when used, not in __init__
    with pytest.raises(ParameterError, match=rf"^{name}: "):
        tok("text")


def test_tokenizer_is_an_sklearn_style_value():
    tok = Tokenizer(numbers="keep", aliases={"A B": ["AB"]})
    assert tok.get_params()["numbers"] == "keep"
    assert tok == Tokenizer(numbers="keep", aliases={"A B": ["AB"]}) and tok != Tokenizer()
    assert "numbers='keep'" in repr(tok)
    assert pickle.loads(pickle.dumps(tok)) == tok
    assert tok.tokenize_many(["AB met", "x"]) == [["a_b", "meet"], []]


def test_words_and_word_spans():
    text = "Mr. Kim's U.S.-made train, 3.5 tonnes"
    spans = word_spans(text)
    assert [text[a:b] for a, b in spans] == words(text) == ["Mr", "Kim's", "U.S", "made", "train", "3.5", "tonnes"]


# --------------------------------------------------------------------------- phrases


def test_phrase_detector_learns_north_korea_on_the_seeds(seed_sentences):
    tok = Tokenizer()
    token_lists = [tok(s) for s in seed_sentences]
    detector = PhraseDetector(min_count=5, threshold=10.0).fit(token_lists)
    assert "north_korea" in detector.phrases_
    assert "vladimir_putin" in detector.phrases_
    assert detector.phrases_ == sorted(detector.phrases_)
    assert detector.transform([["north", "korea", "send", "troop"]]) == [["north_korea", "send", "troop"]]
    # a pair never seen together is left alone
    assert detector.transform([["korea", "north"]]) == [["korea", "north"]]
    assert PhraseDetector(min_count=5).fit_transform(token_lists) == detector.transform(token_lists)


def test_phrase_detector_two_passes_learns_trigrams():
    corpus = [["new", "york", "city", "council", "vote", f"w{i}"] for i in range(30)]
    corpus += [["vote", f"x{i}", "city"] for i in range(30)] + [["york", f"y{i}"] for i in range(30)]
    one = PhraseDetector(min_count=3, threshold=1.0, passes=1).fit(corpus)
    two = PhraseDetector(min_count=3, threshold=1.0, passes=2).fit(corpus)
    assert any(p.count("_") == 1 for p in one.phrases_)
    assert any(p.count("_") >= 2 for p in two.phrases_), two.phrases_
    assert not any(p.count("_") >= 2 for p in one.phrases_)


@pytest.mark.parametrize(("kwargs", "name"), [({"passes": 3}, "passes"), ({"min_count": 0}, "min_count")])
def test_phrase_detector_bad_parameters(kwargs, name):
    with pytest.raises(ParameterError, match=rf"^{name}: "):
        PhraseDetector(**kwargs).fit([["a", "b"]])


def test_phrase_detector_transform_before_fit():
    with pytest.raises(NotFittedError, match="^PhraseDetector: call fit before transform"):
        PhraseDetector().transform([["a"]])


# --------------------------------------------------------------------------- sumy, offline


def test_sumy_tokenizer_protocol():
    tok = SumyTokenizer()
    assert tok.to_sentences("Mr. Kim met U.S. officials. The talks ended.") == (
        "Mr. Kim met U.S. officials.",
        "The talks ended.",
    )
    assert tok.to_words("Kim's armoured train, 3.5 tonnes!") == ("Kim's", "armoured", "train", "3.5", "tonnes")


def test_sumy_summarizers_run_offline(seeds_dir, monkeypatch):
    nltk_data = pytest.importorskip("nltk.data")

    def no_nltk_data(*args, **kwargs):
        raise AssertionError("NLTK data was looked up")

    monkeypatch.setattr(nltk_data, "load", no_nltk_data)
    monkeypatch.setattr(nltk_data, "find", no_nltk_data)
    from sumy.nlp.stemmers import Stemmer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.lsa import LsaSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    text = (seeds_dir / "000_6a56d1b123cea368.txt").read_text(encoding="utf-8")
    tokenizer = SumyTokenizer()
    parser = PlaintextParser.from_string(text, tokenizer)
    doc_sentences = [str(s) for s in parser.document.sentences]
    assert len(doc_sentences) > 20
    for cls in (LexRankSummarizer, LsaSummarizer, TextRankSummarizer):
        summarizer = cls(Stemmer("english"))
        summarizer.stop_words = get_stop_words("english")
        summary = [str(s) for s in summarizer(parser.document, 3)]
        assert len(summary) == 3
        positions = [doc_sentences.index(s) for s in summary]
        assert positions == sorted(positions)  # a subset, in document order
        assert summary == [str(s) for s in summarizer(parser.document, 3)]  # deterministic


# -- the chunk cache: tokenising whitespace chunk by chunk gives the whole text's tokens --------------------
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = st.sampled_from(
    [
        "Kim",
        "Jong-un's",
        "don't",
        "3,000",
        "1.5bn",
        "U.S.",
        "(AFP)",
        "said,",
        "“Yes”",
        "é",
        "Café",
        "naïve",
        "ﬁne",
        "x",
        "'s",
        "--",
        "it’s",
        "2023-11-14",
        "_",
        "a_b",
        "Ⅻ",
        "Seoul.",
        "troops",
        "Putin's",
    ]
)
_SPACES = st.sampled_from([" ", "  ", "\n", "\t", "\xa0", "\u2003", "\r\n", ""])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_PIECES, _SPACES), max_size=30), st.booleans(), st.sampled_from(["drop", "keep", "token"]))
def test_chunk_cache_matches_whole_text_tokenising(parts, lowercase, numbers):
    text = "".join(p + s for p, s in parts)
    fast = Tokenizer(lowercase=lowercase, numbers=numbers)
    fast("warm up")
    pattern, _, words_cache, _ = fast._compiled
    # reference: one regex over the whole (folded) text, then the per-word rules
    folded = _fold(text) if lowercase else text
    expected = [t for t in map(words_cache.__getitem__, pattern.findall(folded)) if t]
    assert fast(text) == expected
    assert fast(text) == expected  # the second call answers from the chunk cache


def test_caches_stop_growing_at_their_limits_and_answers_stay_the_same(monkeypatch):
    import nlptools.tokens as tokens_module

    monkeypatch.setattr(tokens_module, "_CACHE_LIMIT", 50)
    monkeypatch.setattr(tokens_module, "_CHUNK_CACHE_LIMIT", 20)
    text = " ".join(f"troops{i} Seoul{i}. deployed" for i in range(200))
    capped = Tokenizer()
    first = capped(text)
    assert len(first) >= 400
    _, _, words_cache, chunks = capped._compiled
    assert len(words_cache) == 50 and len(chunks) == 20  # full, and no further
    assert capped(text) == first  # past the limits results are computed, not kept
    monkeypatch.setattr(tokens_module, "_CACHE_LIMIT", 10**6)
    monkeypatch.setattr(tokens_module, "_CHUNK_CACHE_LIMIT", 10**6)
    assert Tokenizer()(text) == first
