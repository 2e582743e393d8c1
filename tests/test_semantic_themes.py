"""The semantic layer and named themes by meaning: offline, deterministic, cached; toy corpora with known answers."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

import numpy as np
import pytest

from nlptools.cleaning import clean_document
from nlptools.document import Document
from nlptools.embed import StaticEmbedder, as_embedder, default_embedder
from nlptools.errors import ConfigError, ParameterError
from nlptools.themes import Lexicon, find_themes, load_lexicon
from nlptools.themes.stability import align_themes, main_themes, with_stability

LEXICON = {
    "themes": {
        "sport": ["match", "team", "goal", "player"],
        "markets": ["share", "market", "investor", "price"],
    },
    "descriptions": {
        "sport": "Sport: football matches, teams, players and goals.",
        "markets": "Financial markets: shares, prices, investors and trading.",
    },
}

SPORT = [
    "The team won the match with a late goal.",
    "The player scored twice and the team celebrated.",
    "Fans watched the football match in the rain.",
]
MARKETS = [
    "Shares fell as investors sold on the market.",
    "The price of oil rose and the stock market gained.",
    "Investors bought bank shares after the results.",
]
OTHER = ["The recipe needs two eggs and a cup of flour."]


def _docs() -> list:
    texts = {
        "s1": " ".join(SPORT[:2]),
        "s2": SPORT[2] + " " + OTHER[0],
        "m1": " ".join(MARKETS[:2]),
        "m2": MARKETS[2],
    }
    return [clean_document(Document(id=k, text=v)) for k, v in texts.items()]


# --------------------------------------------------------------------------- the embedder


def test_embedder_gives_unit_float32_rows_and_zeros_for_no_text():
    v = default_embedder().encode(["Kim met Putin.", "", "Talks ended."])
    assert v.shape == (3, 256) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v[[0, 2]], axis=1), 1.0, atol=1e-5)
    assert not v[1].any()


def test_embedder_is_deterministic_across_processes():
    code = (
        "import hashlib; from nlptools.embed import StaticEmbedder;"
        "print(hashlib.sha256(StaticEmbedder().encode(['Kim met Putin.', 'Shares fell.']).tobytes()).hexdigest())"
    )
    here = StaticEmbedder().encode(["Kim met Putin.", "Shares fell."])
    import hashlib

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == hashlib.sha256(here.tobytes()).hexdigest()


def test_embedder_loads_with_every_socket_refused():
    """The model ships in the wheel: a fresh process with sockets cut loads it and encodes."""
    code = (
        "import socket\n"
        "def refuse(*a, **k): raise OSError('network')\n"
        "socket.socket.connect = refuse; socket.create_connection = refuse\n"
        "from nlptools.embed import StaticEmbedder\n"
        "print(StaticEmbedder().encode(['offline']).shape)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "(1, 256)"


def test_embedder_caches_vectors(monkeypatch):
    e = StaticEmbedder()
    first = e.encode(["a sentence to cache", "another one"])
    calls = []
    real = e._encode_new
    monkeypatch.setattr(e, "_encode_new", lambda texts: calls.append(list(texts)) or real(texts))
    again = e.encode(["another one", "a sentence to cache"])
    assert calls == [] and np.array_equal(again, first[::-1])


def test_embedder_options_are_checked():
    with pytest.raises(ParameterError, match="dim"):
        StaticEmbedder(dim=100)
    with pytest.raises(ParameterError, match="embedder"):
        as_embedder(object())  # type: ignore[arg-type]


def test_importing_nlptools_embed_loads_no_model():
    code = "import sys, nlptools.embed; print('wordllama' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"


# --------------------------------------------------------------------------- the lexicon


def test_lexicon_descriptions_are_read_and_checked(tmp_path):
    lex = Lexicon.from_mapping(LEXICON)
    assert lex.descriptions["sport"].startswith("Sport:")
    with pytest.raises(ConfigError, match="not a theme"):
        Lexicon.from_mapping({**LEXICON, "descriptions": {"weather": "Rain."}})
    with pytest.raises(ConfigError, match="one non-empty line"):
        Lexicon.from_mapping({**LEXICON, "descriptions": {"sport": ""}})
    assert load_lexicon("seeds/themes.toml").descriptions.keys() == {"arms trade", "troop deployment", "diplomacy"}
    assert Lexicon.from_mapping({"themes": LEXICON["themes"]}).descriptions == {}  # optional


# --------------------------------------------------------------------------- named themes


def test_named_themes_place_a_toy_corpus_and_leave_the_unrelated_sentence_out():
    result = find_themes(_docs(), lexicon=LEXICON)
    assert result.method == "semantic"
    by_text = {}
    for d, doc in zip(result.documents, _docs(), strict=True):
        for s in d.sentences:
            by_text[doc.text[s.start : s.end]] = s.theme
    assert all(by_text[t] == "sport" for t in SPORT)
    assert all(by_text[t] == "markets" for t in MARKETS)
    assert by_text[OTHER[0]] is None  # none of these
    main = {d.id: max(d.weights, key=d.weights.get) for d in result.documents}
    assert main == {"s1": "sport", "s2": "sport", "m1": "markets", "m2": "markets"}
    sport = result.theme("sport")
    assert sport.description == LEXICON["descriptions"]["sport"] and sport.seeded
    assert {"team", "match"} & {t for t, _ in sport.terms}
    data = result.to_dict()
    assert data["themes"][0]["description"] and "kept_because" in data["themes"][0]


def test_named_themes_are_deterministic():
    a = json.dumps(find_themes(_docs(), lexicon=LEXICON).to_dict(), sort_keys=True)
    b = json.dumps(find_themes(_docs(), lexicon=LEXICON).to_dict(), sort_keys=True)
    assert a == b


def test_semantic_method_needs_a_lexicon():
    with pytest.raises(ParameterError, match="lexicon"):
        find_themes(_docs(), method="semantic")


def test_discovered_names_are_unique_and_merge_multiword_names():
    result = find_themes(_docs(), k=2)
    names = [t.name for t in result.themes]
    assert len(names) == len(set(names)) == 2


# --------------------------------------------------------------------------- stability


def test_alignment_follows_the_articles_not_the_names():
    base = ["a", "a", "b", "b", "c"]
    other = ["y", "y", "x", "x", "x"]
    assert align_themes(base, other) == {"a": "y", "b": "x"}


def test_stability_scores_a_permuted_refit_as_stable():
    result = find_themes(_docs(), lexicon=LEXICON)
    renamed = dataclasses.replace(
        result,
        documents=[
            dataclasses.replace(d, weights={k + "!": v for k, v in d.weights.items()}) for d in result.documents
        ],
    )
    scored = with_stability(result, [renamed, renamed])
    assert all(t.stability == 1.0 for t in scored.themes if any(m == t.name for m in main_themes(result)))
    assert all(d.agreement == 1.0 for d in scored.documents)


def test_find_themes_with_stability_reports_both_fields():
    result = find_themes(_docs(), k=2, stability=2)
    assert all(t.stability is not None and 0 <= t.stability <= 1 for t in result.themes)
    assert all(d.agreement is not None for d in result.documents)
    with pytest.raises(ParameterError, match="stability"):
        find_themes(_docs(), k=2, stability=-1)


def test_discovery_is_skipped_when_no_cluster_could_reach_the_keep_share(monkeypatch):
    """Fewer "other" sentences than KEEP_SHARE of the body: nothing is clustered (no k sweep is run)."""
    from nlptools.themes import semantic
    from nlptools.topics import sweep

    def no_sweep(*args, **kwargs):
        raise AssertionError("choose_k must not run")

    monkeypatch.setattr(sweep, "choose_k", no_sweep)
    text = " ".join(f"Sentence number {j} talks about topic {j % 7} at length." for j in range(80))
    docs = [clean_document(Document(id=f"d{i}", text=text)) for i in range(3)]
    sents = [s for d in docs for s in d.sentences]
    toks = [s.text.lower().split() for s in sents]
    n_body = sum(not s.heading for s in sents)
    n_other = int(semantic.KEEP_SHARE * n_body) - 2
    assert n_other >= semantic.MIN_OTHER  # only the share rule can skip
    label = np.zeros(len(sents), dtype=np.int64)
    label[[i for i, s in enumerate(sents) if not s.heading][:n_other]] = -1
    kept, model = semantic._discover(docs, sents, toks, label, 1, str.split, 0)
    assert kept == [] and model is None


def test_keep_capacity_counts_the_clusters_that_could_each_hold_the_keep_share():
    from nlptools.themes.semantic import KEEP_SHARE, keep_capacity

    n_body = 1000
    need = int(KEEP_SHARE * n_body)
    assert keep_capacity(need - 1, n_body) == 0
    assert keep_capacity(need, n_body) == 1
    assert keep_capacity(2 * need - 1, n_body) == 1
    assert keep_capacity(3 * need, n_body) == 3
    assert keep_capacity(5, 7) == 5  # a tiny corpus: a cluster needs at least one sentence


def test_discovery_with_room_for_one_theme_fits_two_clusters_without_a_sweep(monkeypatch):
    """19% "other" sentences: at most one cluster can be kept, so k = 2 (kept + the rest) and no k sweep."""
    from nlptools.themes import semantic
    from nlptools.topics import sweep

    def no_sweep(*args, **kwargs):
        raise AssertionError("choose_k must not run")

    monkeypatch.setattr(sweep, "choose_k", no_sweep)
    subjects = ["tanks rolled across the border", "the central bank raised interest rates"]
    docs = [
        clean_document(
            Document(
                id=f"d{i}",
                text=" ".join(f"Report {j}: {subjects[(i + j) % 2]} on day {j}." for j in range(40)),
            )
        )
        for i in range(4)
    ]
    sents = [s for d in docs for s in d.sentences]
    body = [i for i, s in enumerate(sents) if not s.heading]
    n_other = int(0.19 * len(body))
    label = np.zeros(len(sents), dtype=np.int64)
    label[body[:n_other]] = -1
    toks = [s.text.lower().replace(".", "").replace(":", "").split() for s in sents]
    kept, model = semantic._discover(docs, sents, toks, label, 1, str.split, 0)
    assert model is not None and model.n_topics == 2
    assert len(kept) <= 1


def test_smoothing_never_counts_a_text_as_its_own_neighbour():
    from nlptools.themes.named import smooth

    E = np.eye(4, dtype=np.float32)[[0, 0, 1, 2]]  # texts 0 and 1 are the same vector
    proba = np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5], [0.5, 0.5]])
    out = smooth(E, proba, E, proba, np.arange(4), n_neighbors=1)
    # text 0's nearest other text is text 1 (cosine 1), and text 1's is text 0
    assert np.allclose(out[0], [0.5, 0.5]) and np.allclose(out[1], [0.5, 0.5])
    # a pool without the texts: no exclusion, the identical vector is the neighbour
    out = smooth(E[:1], proba[:1], E[[1, 2]], proba[[1, 2]], np.array([-1, -1]), n_neighbors=1)
    assert np.allclose(out[0], [0.5, 0.5])  # half its own [1, 0], half text 1's [0, 1]


def test_neighbour_pool_is_a_fixed_seeded_sample_of_the_texts(monkeypatch):
    from nlptools.themes import named

    clf = named.NamedThemeClassifier(
        ["a"], seed_words={"a": ["x"]}, seed_tokens={"a": ["x"]}, tokenize=str.split, random_state=3
    )
    assert np.array_equal(clf.neighbour_pool(50), np.arange(50))
    monkeypatch.setattr(named, "NEIGHBOUR_POOL", 20)
    pool = clf.neighbour_pool(50)
    assert len(pool) == 20 and len(set(pool.tolist())) == 20 and np.all(np.diff(pool) > 0)
    assert np.array_equal(pool, clf.neighbour_pool(50))
