"""Fit once, reuse: ThemeModel save/load round trips, refusals of tampered or foreign folders, ``assign``."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import numpy as np
import pytest

from nlptools.cleaning import clean_corpus, clean_document
from nlptools.cli import main
from nlptools.corpus import Corpus
from nlptools.document import Document
from nlptools.errors import ConfigError, OutputError
from nlptools.themes import Lexicon, ThemeModel, find_themes, load_lexicon

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="module")
def docs() -> list:
    return list(clean_corpus(Corpus.from_path(SEEDS)))


@pytest.fixture(scope="module")
def semantic(docs):
    return find_themes(docs, lexicon=load_lexicon(SEEDS / "themes.toml"))


@pytest.fixture(scope="module")
def saved(semantic, tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("models") / "semantic"
    semantic.theme_model().save(d)
    return d


def _same_placement(fit, placed) -> None:
    assert [d.id for d in fit.documents] == [d.id for d in placed.documents]
    for a, b in zip(fit.documents, placed.documents, strict=True):
        assert a.weights.keys() == b.weights.keys()
        assert max(abs(a.weights[k] - b.weights[k]) for k in a.weights) <= 1e-9
        assert a.sentences == b.sentences  # same theme, offsets and weight for every sentence
    assert [t.name for t in fit.themes] == [t.name for t in placed.themes]


def test_semantic_round_trip_gives_the_fit_answer(semantic, saved, docs):
    model = ThemeModel.load(saved)  # a fresh object from the folder alone
    placed = model.transform(docs)
    _same_placement(semantic, placed)
    assert placed.to_dict() == semantic.to_dict()
    assert any(s.theme is not None for d in placed.documents for s in d.sentences)


def test_ensemble_round_trip_gives_the_fit_answer(docs, tmp_path):
    fit = find_themes(docs)  # no lexicon: the ensemble
    assert fit.method == "ensemble"
    fit.theme_model().save(tmp_path / "m")
    placed = ThemeModel.load(tmp_path / "m").transform(docs)
    _same_placement(fit, placed)
    a, b = fit.to_dict(), placed.to_dict()
    a.pop("k_sweep"), b.pop("k_sweep")  # the k sweep belongs to the fit, not to a placement
    assert a == b
    # the lexical view is saved as plain arrays: its terms (no stop word) and idf, settings in model.json
    meta = json.loads((tmp_path / "m" / "model.json").read_text("utf-8"))
    assert meta["ensemble"]["lexical"]["stop_words"] == "english" and "lexical_terms.npy" not in meta["arrays"]
    words = np.load(tmp_path / "m" / "lexical_vocabulary.npy", allow_pickle=False)
    idf = np.load(tmp_path / "m" / "idf.npy", allow_pickle=False)
    assert words.dtype.kind == "U" and words.shape == idf.shape and not {"the", "and", "of"} & set(words.tolist())
    assert words.tolist() == sorted(fit.model.lexical_.vocabulary, key=fit.model.lexical_.vocabulary.get)


def test_ensemble_state_round_trip_without_a_lexical_view(tmp_path):
    """Passages of scikit-learn stop words only: no lexical view, the embedding alone; saved and loaded."""
    from nlptools.embed import default_embedder
    from nlptools.themes.model import _ensemble_model, _ensemble_state
    from nlptools.themes.vocabulary import RestrictedTokenizer
    from nlptools.tokens import Tokenizer
    from nlptools.topics.ensemble import EnsembleTopics
    from nlptools.vectorize import BowVectorizer

    texts = ["bill fire", "system cry", "interest detail", "thick thin", "fifteen sixty"]
    tok = Tokenizer()
    vec = BowVectorizer(tokenizer=RestrictedTokenizer(tok, {w for t in texts for w in tok(t)}))
    fit = EnsembleTopics(n_topics=2, vectorizer=vec, random_state=0).fit(texts)
    assert fit.lexical_ is None
    arrays: dict = {}
    state = _ensemble_state(fit, "", arrays)
    assert state["lexical"] is None and not state["has_svd"] and "idf" not in arrays
    loaded = _ensemble_model(json.loads(json.dumps(state)), arrays, "", tok, default_embedder())
    assert np.array_equal(loaded.transform(texts), fit.transform(texts))
    assert loaded.top_terms(2) == fit.top_terms(2)


def test_folder_format_is_json_and_plain_arrays_and_byte_identical(semantic, saved, tmp_path):
    meta = json.loads((saved / "model.json").read_text("utf-8"))
    assert meta["format"] == "nlptools-theme-model" and meta["format_version"] == 2
    assert meta["method"] == "semantic" and meta["lexicon"]["content"]["themes"]
    assert meta["tokenizer"]["aliases"]["Kim Jong Un"] == ["Kim Jong-un", "Kim"]
    files = sorted(p.name for p in saved.iterdir())
    assert files == sorted(["model.json", *meta["arrays"]])
    for name in meta["arrays"]:
        np.load(saved / name, allow_pickle=False)  # never a pickle
    semantic.theme_model().save(tmp_path / "again")
    for name in files:
        assert (saved / name).read_bytes() == (tmp_path / "again" / name).read_bytes()


def test_new_documents_are_placed(semantic, saved):
    model = ThemeModel.load(saved)
    new = clean_document(
        Document(id="new", text="Russia agreed to supply artillery shells and missiles to the army. Talks went on.")
    )
    placed = model.transform([new])
    (doc,) = placed.documents
    assert set(doc.weights) == {t.name for t in semantic.themes}
    assert max(doc.weights, key=doc.weights.get) == "arms trade"
    assert doc.sentences[0].theme == "arms trade"
    assert model.transform([]).documents == []


def _one_line_error(capsys, argv: list[str], *words: str) -> str:
    assert main(argv) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and err.startswith("nlptools: error:"), err
    for w in words:
        assert w in err, err
    return err


def _copy(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


def test_tampered_array_is_refused(saved, tmp_path, capsys):
    d = _copy(saved, tmp_path / "m")
    f = d / "prototypes.npy"
    data = bytearray(f.read_bytes())
    data[-1] ^= 1
    f.write_bytes(bytes(data))
    _one_line_error(capsys, ["assign", str(SEEDS), "--model", str(d)], "prototypes.npy", "SHA-256")
    (d / "prototypes.npy").unlink()
    _one_line_error(capsys, ["assign", str(SEEDS), "--model", str(d)], "prototypes.npy", "missing")


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        (lambda m: m.update(format_version=1), ("format version 1", "reads version 2")),
        (lambda m: m.update(method="lda"), ("unknown method",)),
        (lambda m: m.update(format="other"), ("not a theme model",)),
        (lambda m: m["lexicon"].update(sha256="0" * 64), ("lexicon", "SHA-256")),
        (lambda m: m["lexicon"]["content"]["themes"].update(extra=["war"]), ("lexicon", "SHA-256")),
        (lambda m: m["embedder"].update(dim=64), ("embedder",)),
        (lambda m: m.pop("themes"), ("malformed", "themes")),
    ],
)
def test_foreign_or_edited_model_json_is_refused(saved, tmp_path, capsys, edit, words):
    d = _copy(saved, tmp_path / "m")
    meta = json.loads((d / "model.json").read_text("utf-8"))
    edit(meta)
    (d / "model.json").write_text(json.dumps(meta), "utf-8")
    _one_line_error(capsys, ["assign", str(SEEDS), "--model", str(d)], *words)


def test_missing_folder_and_other_lexicon_are_refused(saved, tmp_path, capsys):
    _one_line_error(capsys, ["assign", str(SEEDS), "--model", str(tmp_path / "nothing")], "no theme model")
    (tmp_path / "empty").mkdir()
    _one_line_error(capsys, ["assign", str(SEEDS), "--model", str(tmp_path / "empty")], "model.json")
    raw = tomllib.loads((SEEDS / "themes.toml").read_text("utf-8"))
    raw["themes"]["diplomacy"] = ["visit", "summit"]
    other = tmp_path / "other.toml"
    other.write_text(
        "[themes]\n" + "".join(f'"{k}" = {json.dumps(list(v))}\n' for k, v in raw["themes"].items()), "utf-8"
    )
    _one_line_error(capsys, ["assign", str(SEEDS), "--model", str(saved), "--themes", str(other)], "another lexicon")
    with pytest.raises(ConfigError, match="another lexicon"):
        ThemeModel.load(saved, lexicon=other)
    ThemeModel.load(saved, lexicon=SEEDS / "themes.toml")  # the same lexicon is fine
    _one_line_error(capsys, ["assign", str(SEEDS), "--model", str(saved), "--themes", "none"], "with a lexicon")


def test_other_embedder_is_refused(saved):
    from nlptools.embed import StaticEmbedder

    with pytest.raises(ConfigError, match="embedder"):
        ThemeModel.load(saved, embedder=StaticEmbedder(dim=128))


def test_other_methods_cannot_be_saved(docs):
    fit = find_themes(docs, method="nmf", k=2)
    with pytest.raises(ConfigError, match="semantic and ensemble"):
        fit.theme_model()


def test_save_refuses_a_folder_with_other_files(semantic, tmp_path):
    d = tmp_path / "notes"
    d.mkdir()
    (d / "thesis.txt").write_text("mine", "utf-8")
    with pytest.raises(OutputError, match="not empty"):
        semantic.theme_model().save(d)
    with pytest.raises(OutputError, match="other files"):
        semantic.theme_model().save(d, overwrite=True)
    assert (d / "thesis.txt").read_text("utf-8") == "mine"


@pytest.mark.slow
def test_cli_fit_on_four_assign_the_fifth(tmp_path, capsys):
    corpus = tmp_path / "four"
    corpus.mkdir()
    files = sorted(SEEDS.glob("*.txt"))
    for f in files[:4]:
        shutil.copy(f, corpus / f.name)
    shutil.copy(SEEDS / "themes.toml", corpus / "themes.toml")
    model = tmp_path / "model"
    assert main(["themes", str(corpus), "--format", "json", "--save-model", str(model)]) == 0
    fitted = json.loads(capsys.readouterr().out)
    # the folder now holds a model: refused without --force, replaced with it
    _one_line_error(capsys, ["themes", str(corpus), "--save-model", str(model)], "--force")
    assert main(["themes", str(corpus), "--format", "json", "--save-model", str(model), "--force"]) == 0
    capsys.readouterr()
    # the training articles get the fit's answer through the command line too
    assert main(["assign", str(corpus), "--model", str(model), "--format", "json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["documents"] == fitted["documents"]
    # the fifth article, new to the model
    assert main(["assign", str(files[4]), "--model", str(model), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [d["id"] for d in out["documents"]] == [files[4].stem]
    assert set(out["documents"][0]["themes"]) == {t["name"] for t in fitted["themes"]}
    assert [t["name"] for t in out["themes"]] and out["method"] == "semantic"
    assert any(s["theme"] for s in out["documents"][0]["sentences"])
    assert main(["assign", str(files[4]), "--model", str(model), "--format", "md"]) == 0
    assert capsys.readouterr().out.startswith("# Themes (semantic")


@pytest.mark.slow
def test_semantic_round_trip_with_discovered_themes(docs, tmp_path):
    raw = tomllib.loads((SEEDS / "themes.toml").read_text("utf-8"))
    lex = Lexicon.from_mapping({"themes": {"troop deployment": raw["themes"]["troop deployment"]}})
    fit = find_themes(docs, lexicon=lex)
    assert any(t.why for t in fit.themes), "the toy lexicon should leave a discovered theme"
    fit.theme_model().save(tmp_path / "m")
    placed = ThemeModel.load(tmp_path / "m").transform(docs)
    _same_placement(fit, placed)
    found = [s for d in placed.documents for s in d.sentences if s.theme not in (None, "troop deployment")]
    assert found


@pytest.mark.slow
@pytest.mark.parametrize("pool", [None, 200])
def test_semantic_round_trip_with_the_article_classifier(docs, tmp_path, monkeypatch, pool):
    """From 500 articles: the stored logistic regression and smoothing against the training articles
    (all of them, or a neighbour pool smaller than the corpus)."""
    if pool is not None:
        monkeypatch.setattr("nlptools.themes.named.NEIGHBOUR_POOL", pool)
    sents = [s.text for d in docs for s in d.sentences if not s.heading and len(s.text) > 40]
    n = len(sents)
    big = [
        clean_document(
            Document(id=f"a{i:03d}", title=f"Story {i}", text=" ".join(sents[(i * k + i // n) % n] for k in (1, 3, 7)))
        )
        for i in range(510)
    ]
    fit = find_themes(big, lexicon=load_lexicon(SEEDS / "themes.toml"))
    fit.theme_model().save(tmp_path / "m")
    model = ThemeModel.load(tmp_path / "m")
    assert model.meta["semantic"]["article"]["scoring"] == "logistic"
    assert len(model.arrays["article_vectors"]) == min(len(big), pool or len(big))
    _same_placement(fit, model.transform(big))
    # a training article alone still gets its fit answer (recognised, smoothed against the others)
    one = model.transform(big[3:4]).documents[0]
    assert max(abs(one.weights[k] - fit.documents[3].weights[k]) for k in one.weights) <= 1e-9
    new = clean_document(Document(id="new", text="Missiles and shells were sold to the army in a new arms deal."))
    w = model.transform([new]).documents[0].weights
    assert abs(sum(w.values()) - 1) < 1e-9 and max(w, key=w.get) == "arms trade"
