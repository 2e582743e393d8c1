"""Vectors: passages, bag-of-words and TF-IDF as scikit-learn transformers, the lossless gensim bridge."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from nlptools.cleaning import clean_corpus
from nlptools.corpus import Corpus
from nlptools.document import Passage
from nlptools.errors import NlptoolsError, NotFittedError, ParameterError
from nlptools.tokens import Tokenizer
from nlptools.vectorize import BowVectorizer, TfidfVectorizer, from_gensim, make_passages, to_gensim


@pytest.fixture(scope="module")
def docs(seeds_dir):
    return list(clean_corpus(Corpus.from_path(seeds_dir)))


# --------------------------------------------------------------------------- passages


def test_sentence_passages_keep_offsets(docs):
    passages = make_passages(docs, unit="sentence")
    assert len(passages) == sum(len(d.body) for d in docs)
    by_id = {d.id: d for d in docs}
    for p in passages:
        (s,) = p.sentences
        assert p.id == f"{p.document}#s{s.index}"
        assert not s.heading
        assert by_id[p.document].text[p.start : p.end] == p.text == s.text


def test_paragraph_passages(docs):
    passages = make_passages(docs, unit="paragraph")
    assert len(passages) == sum(len(d.paragraphs()) for d in docs)
    by_id = {d.id: d for d in docs}
    for p in passages:
        src = by_id[p.document].text
        assert len({s.paragraph for s in p.sentences}) == 1
        assert p.id == f"{p.document}#p{p.sentences[0].paragraph}"
        # the passage spans its sentences in the source; the text is the sentences joined
        assert all(src[s.start : s.end] == s.text for s in p.sentences)
        assert p.start == p.sentences[0].start and p.end == p.sentences[-1].end
        assert p.text == " ".join(s.text for s in p.sentences)
        assert [s.index for s in p.sentences] == sorted(s.index for s in p.sentences)


def test_document_passages_and_headings(docs):
    passages = make_passages(docs, unit="document")
    assert [p.id for p in passages] == [d.id for d in docs]
    assert all(p.sentences == d.body for p, d in zip(passages, docs))
    with_heads = make_passages(docs, unit="document", include_headings=True)
    assert all(p.sentences == d.sentences for p, d in zip(with_heads, docs))
    n_heads = sum(s.heading for d in docs for s in d.sentences)
    assert n_heads > 0
    assert len(make_passages(docs, unit="sentence", include_headings=True)) == len(make_passages(docs)) + n_heads


def test_bad_passage_unit(docs):
    with pytest.raises(ParameterError, match="^unit: 'word' is not one of sentence, paragraph, document"):
        make_passages(docs, unit="word")


# --------------------------------------------------------------------------- vectorisers


def test_every_input_kind_gives_the_same_matrix(docs):
    passages = make_passages(docs, unit="document")
    sentences = [s for d in docs for s in d.body]
    texts = [" ".join(s.text for s in d.body) for d in docs]
    for cls in (BowVectorizer, TfidfVectorizer):
        ref = cls().fit(texts)
        m_text = ref.transform(texts)
        for X in (docs, passages):
            v = cls().fit(X)
            assert list(v.get_feature_names_out()) == list(ref.get_feature_names_out())
            assert (v.transform(X) != m_text).nnz == 0
        m_sent = cls().fit_transform(sentences)
        assert m_sent.shape[0] == len(sentences)
        assert m_sent.shape[1] == len(ref.get_feature_names_out())


def test_bow_counts_are_exact_and_use_the_tokenizer():
    texts = ["Kim met Putin. Kim left.", "Trains, trains and more trains", "Nothing here but the"]
    v = BowVectorizer(tokenizer=Tokenizer(aliases={"Kim": ["Kim Jong Un"]}))
    X = v.fit_transform(texts)
    assert sp.issparse(X) and X.dtype == np.int64 and X.shape == (3, len(v.vocabulary_))
    names = list(v.get_feature_names_out())
    assert names == sorted(names)
    assert X[0, v.vocabulary_["kim"]] == 2 and X[1, v.vocabulary_["train"]] == 3
    assert X[2].nnz == 0  # only stop words
    assert v.analyze("Kim Jong Un met") == ["kim", "meet"]
    assert (BowVectorizer(binary=True).fit_transform(texts).data == 1).all()


def test_tfidf_rows_are_normalised_and_match_sklearn(docs):
    from sklearn.feature_extraction.text import TfidfVectorizer as SkTfidf

    tok = Tokenizer()
    X = TfidfVectorizer(tokenizer=tok).fit_transform(docs)
    norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1))).ravel()
    assert np.allclose(norms, 1.0)
    texts = [" ".join(s.text for s in d.body) for d in docs]
    ref = SkTfidf(analyzer=tok).fit_transform(texts)
    assert np.allclose(X.toarray(), ref.toarray())
    raw = TfidfVectorizer(norm=None, use_idf=False).fit_transform(docs)
    counts = BowVectorizer().fit_transform(docs)
    assert np.array_equal(raw.toarray(), counts.toarray())


def test_min_df_max_df_max_features(docs):
    full = BowVectorizer().fit(docs)
    common = BowVectorizer(min_df=3).fit(docs)
    assert set(common.vocabulary_) < set(full.vocabulary_)
    X = full.transform(docs)
    df = np.asarray((X > 0).sum(axis=0)).ravel()
    names = full.get_feature_names_out()
    assert set(common.vocabulary_) == {n for n, c in zip(names, df) if c >= 3}
    assert len(BowVectorizer(max_features=10).fit(docs).vocabulary_) == 10
    rare = BowVectorizer(max_df=0.5).fit(docs)
    assert all(df[full.vocabulary_[t]] <= 2 for t in rare.vocabulary_)


def test_transform_keeps_the_fitted_vocabulary():
    v = BowVectorizer().fit(["Kim met Putin", "Putin left Moscow"])
    X = v.transform(["Biden met Kim in Moscow"])
    assert X.shape == (1, 5)
    assert X[0, v.vocabulary_["kim"]] == 1 and X.sum() == 3  # "biden" is unknown


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"min_df": -1}, "min_df"),
        ({"max_df": 1.5}, "max_df"),
        ({"min_df": True}, "min_df"),
        ({"max_features": 0}, "max_features"),
        ({"max_features": 2.5}, "max_features"),
    ],
)
def test_bad_vectorizer_parameters_name_the_parameter(kwargs, name):
    for cls in (BowVectorizer, TfidfVectorizer):
        with pytest.raises(ParameterError, match=rf"^{name}: "):
            cls(**kwargs).fit(["Kim met Putin"])


def test_bad_norm_and_bad_inputs():
    with pytest.raises(ParameterError, match="^norm: 'l3'"):
        TfidfVectorizer(norm="l3").fit(["Kim met Putin"])
    with pytest.raises(ParameterError, match="^X: expected an iterable of texts, got a single string"):
        BowVectorizer().fit("Kim met Putin")
    with pytest.raises(ParameterError, match="^X: items must be"):
        BowVectorizer().fit([42])
    with pytest.raises(NotFittedError, match="^BowVectorizer: call fit before transform"):
        BowVectorizer().transform(["x"])
    with pytest.raises(NotFittedError, match="^TfidfVectorizer: call fit before get_feature_names_out"):
        TfidfVectorizer().get_feature_names_out()
    with pytest.raises(NlptoolsError, match="empty after tokenising"):
        BowVectorizer().fit(["the and of", "it is"])


def test_streamed_input_is_accepted(docs):
    gen = (d for d in docs)
    X = TfidfVectorizer().fit_transform(gen)
    assert X.shape[0] == len(docs)


# --------------------------------------------------------------------------- scikit-learn integration


def test_clone_get_params_and_pipelines(docs):
    from sklearn.base import clone
    from sklearn.cluster import KMeans
    from sklearn.decomposition import NMF
    from sklearn.pipeline import Pipeline

    v = TfidfVectorizer(min_df=2, tokenizer=Tokenizer(numbers="keep"), sublinear_tf=True)
    c = clone(v)
    assert c.get_params() == v.get_params() and c is not v
    assert not hasattr(c, "vocabulary_")
    passages = make_passages(docs, unit="paragraph")
    nmf = Pipeline(
        [
            ("tfidf", TfidfVectorizer(min_df=2)),
            ("nmf", NMF(n_components=3, init="nndsvda", random_state=0, max_iter=500)),
        ]
    )
    W = nmf.fit_transform(passages)
    assert W.shape == (len(passages), 3) and (W >= 0).all()
    assert np.allclose(W, clone(nmf).fit_transform(passages))  # same seed, same result
    km = Pipeline([("tfidf", TfidfVectorizer()), ("km", KMeans(n_clusters=2, n_init=3, random_state=0))])
    labels = km.fit_predict(docs)
    assert len(labels) == len(docs) and set(labels) == {0, 1}
    assert list(km.named_steps["tfidf"].get_feature_names_out())
    km.set_params(tfidf__min_df=2)
    assert km.named_steps["tfidf"].min_df == 2


def test_vectorizer_pickles(docs):
    import pickle

    v = TfidfVectorizer(tokenizer=Tokenizer(aliases={"Kim Jong Un": ["Kim Jong-un"]})).fit(docs)
    w = pickle.loads(pickle.dumps(v))
    assert (w.transform(docs) != v.transform(docs)).nnz == 0


# --------------------------------------------------------------------------- gensim bridge


def test_gensim_bridge_round_trips_counts_exactly(docs):
    v = BowVectorizer()
    X = v.fit_transform(docs)
    dictionary, corpus = v.to_gensim(X)
    names = list(v.get_feature_names_out())
    assert [dictionary[i] for i in range(len(names))] == names
    assert dictionary.token2id == {n: i for i, n in enumerate(names)}
    assert all(isinstance(val, int) for row in corpus for _, val in row)
    dense = X.toarray()
    assert dictionary.dfs == {j: int((dense[:, j] > 0).sum()) for j in range(len(names))}
    assert dictionary.cfs == {j: int(dense[:, j].sum()) for j in range(len(names))}
    assert dictionary.num_docs == len(docs) and dictionary.num_pos == int(dense.sum()) and dictionary.num_nnz == X.nnz
    for r, row in enumerate(corpus):
        assert row == [(j, int(dense[r, j])) for j in np.flatnonzero(dense[r])]
    back, back_names = from_gensim(dictionary, corpus)
    assert list(back_names) == names
    assert back.dtype == np.int64 and back.shape == X.shape and (back != X).nnz == 0


def test_gensim_bridge_round_trips_tfidf_floats_exactly(docs):
    v = TfidfVectorizer()
    X = v.fit_transform(make_passages(docs, unit="paragraph"))
    dictionary, corpus = to_gensim(X, v.get_feature_names_out())
    assert all(isinstance(val, float) for row in corpus for _, val in row)
    back, names = from_gensim(dictionary, corpus)
    assert list(names) == list(v.get_feature_names_out())
    assert np.array_equal(back.toarray(), X.toarray())  # bit for bit
    assert dictionary.dfs == {j: int(c) for j, c in enumerate(np.bincount(X.indices, minlength=X.shape[1])) if c}


def test_gensim_models_accept_the_bridge(docs):
    from gensim.models import LdaModel, TfidfModel

    v = BowVectorizer()
    X = v.fit_transform(make_passages(docs, unit="paragraph"))
    dictionary, corpus = v.to_gensim(X)
    lda = LdaModel(corpus=corpus, id2word=dictionary, num_topics=3, passes=2, random_state=0)
    topics = lda.show_topics(num_topics=3, num_words=5, formatted=False)
    assert len(topics) == 3
    assert all(word in v.vocabulary_ for _, words in topics for word, _ in words)
    again = LdaModel(corpus=corpus, id2word=dictionary, num_topics=3, passes=2, random_state=0)
    assert np.allclose(lda.get_topics(), again.get_topics())
    tfidf = TfidfModel(dictionary=dictionary)  # built from the bridged dfs/num_docs alone
    weighted = tfidf[corpus[0]]
    assert weighted and {j for j, _ in weighted} <= {j for j, _ in corpus[0]}
    assert tfidf.num_docs == X.shape[0] and tfidf.dfs == dictionary.dfs


def test_gensim_dictionary_built_by_gensim_converts(docs):
    from gensim.corpora import Dictionary

    token_lists = [Tokenizer()(p.text) for p in make_passages(docs, unit="paragraph")]
    dictionary = Dictionary(token_lists)
    corpus = [dictionary.doc2bow(t) for t in token_lists]
    X, names = from_gensim(dictionary, corpus)
    assert X.shape == (len(token_lists), len(dictionary))
    for r, tokens in enumerate(token_lists):
        for tok in set(tokens):
            assert X[r, dictionary.token2id[tok]] == tokens.count(tok)
    assert list(names) == [dictionary[i] for i in range(len(dictionary))]


def test_gensim_bridge_bad_input():
    X = sp.csr_matrix(np.array([[1, 0], [0, 2]]))
    with pytest.raises(ParameterError, match="^feature_names: 3 names for a matrix with 2 columns"):
        to_gensim(X, ["a", "b", "c"])
    dictionary, corpus = to_gensim(X, ["a", "b"])
    with pytest.raises(ParameterError, match="^corpus: token id 5"):
        from_gensim(dictionary, [[(5, 1)]])


def test_passage_is_the_model_unit(docs):
    p = make_passages(docs, unit="paragraph")[0]
    assert isinstance(p, Passage)
    assert BowVectorizer().fit([p]).transform([p]).shape[0] == 1
