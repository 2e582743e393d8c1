"""The main job at any size: in memory up to the fit size, streamed beyond; the same result with any workers."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from nlptools.corpus import Corpus
from nlptools.digest import build_digest
from nlptools.document import Document
from nlptools.duplicates import deduplicate
from nlptools.errors import ParameterError
from nlptools.parallel import check_jobs, chunked, executor
from nlptools.stream import clean_chunk, digest_corpus, uniform_sample

ROOT = Path(__file__).resolve().parents[1]


def _sentences(seeds_dir: Path) -> list[str]:
    """The seed articles' body sentences (material for bigger toy corpora)."""
    docs = clean_chunk(list(Corpus.from_path(seeds_dir)))
    return [s.text for d in docs if not isinstance(d, str) for s in d.body if len(s.text.split()) >= 6]


def _corpus(seeds_dir: Path, n: int, seed: int = 0) -> list[Document]:
    """``n`` distinct articles of 5-8 seed sentences each (seeded), plus two word-for-word repeats."""
    pool = _sentences(seeds_dir)
    rng = random.Random(seed)
    docs = [Document(f"a{i:05d}", " ".join(rng.sample(pool, rng.randint(5, 8)))) for i in range(n)]
    docs.append(Document("repeat-1", docs[3].text))
    docs.append(Document("repeat-2", docs[7].text.upper()))  # the same words, another case: a repeat
    return docs


def test_uniform_sample_is_exact_stable_and_nested() -> None:
    docs = [Document(f"doc-{i}", "x") for i in range(5000)]
    sample, n = uniform_sample(docs, 500)
    assert n == 5000 and len(sample) == 500
    assert [d.id for d in sample] == [d.id for d in docs if d in sample]  # input order
    assert uniform_sample(list(reversed(docs)), 500)[0] == sorted(sample, key=lambda d: -int(d.id[4:]))
    smaller = {d.id for d in uniform_sample(docs, 100)[0]}
    assert smaller <= {d.id for d in sample}  # a smaller sample is part of a larger one
    assert uniform_sample(docs[:30], 500) == (docs[:30], 30)  # a small corpus is its own sample


def test_chunks_keep_order_and_size() -> None:
    assert list(chunked(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    with executor(jobs=1) as run:
        assert list(run(sum, chunked(range(10), 4))) == [6, 22, 17]


@pytest.mark.parametrize("bad", [0, -2, 1.5, True, "2", 10**6])
def test_bad_jobs_is_a_parameter_error(bad) -> None:
    with pytest.raises(ParameterError, match="jobs"):
        check_jobs(bad)


def test_bad_fit_size_is_a_parameter_error(seeds_dir: Path) -> None:
    with pytest.raises(ParameterError, match="fit_size"):
        digest_corpus(Corpus.from_path(seeds_dir), fit_size=3)


def test_small_corpus_is_the_in_memory_digest(seeds_dir: Path) -> None:
    corpus = Corpus.from_path(seeds_dir)
    lexicon = seeds_dir / "themes.toml"
    got = digest_corpus(corpus, lexicon=str(lexicon))
    want = build_digest(deduplicate(clean_chunk(list(corpus))), lexicon=str(lexicon))
    assert got.to_dict() == want.to_dict()
    assert "streamed" not in got.settings


@pytest.fixture(scope="module")
def streamed(seeds_dir: Path):
    docs = _corpus(seeds_dir, 240)
    records = _Sink()
    digest = digest_corpus(Corpus.from_documents(docs), fit_size=80, chunk_size=32, candidates=40, records=records)
    return docs, digest, records.text()


class _Sink:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return len(text)

    def text(self) -> str:
        return "".join(self.parts)


def test_streamed_digest_counts_every_article_once(streamed) -> None:
    docs, digest, records = streamed
    s = digest.settings["streamed"]
    assert s["n_documents"] == 240 and s["repeats"] == 2
    assert s["fit_sample"] == 80  # exactly the fit size (no repeat fell in the sample)
    lines = [json.loads(line) for line in records.splitlines()]
    assert [r["id"] for r in lines] == [d.id for d in docs[:240]]  # input order, repeats left out
    names = {t.name for t in digest.themes}
    for r in lines:
        assert set(r["weights"]) == names
        assert r["theme"] is None or r["theme"] == max(r["weights"], key=r["weights"].get)
    assert sum(t.count for t in digest.themes) >= 240  # an article may weigh in several themes
    assert digest.n_articles == 240


def test_streamed_digest_cites_real_places(streamed) -> None:
    docs, digest, _ = streamed
    text = {d.id: d.text for d in docs}
    quoted = [s for t in digest.themes for s in t.sentences]
    assert quoted, "no theme got a digest"
    for s in quoted:
        assert text[s.document][s.start : s.end] == s.text
    for t in digest.themes:
        assert len(t.documents) <= 50 and t.count >= len(t.documents)
    data = digest.to_dict()
    assert data["documents_file"] == "documents.jsonl" and "documents" not in data


@pytest.mark.slow
def test_streamed_digest_is_deterministic(seeds_dir: Path, streamed) -> None:
    _, digest, records = streamed
    sink = _Sink()
    again = digest_corpus(
        Corpus.from_documents(_corpus(seeds_dir, 240)), fit_size=80, chunk_size=32, candidates=40, records=sink
    )
    assert again.to_dict() == digest.to_dict()
    assert sink.text() == records


@pytest.mark.slow
def test_jobs_give_the_same_result(seeds_dir: Path, streamed) -> None:
    _, digest, records = streamed
    sink = _Sink()
    two = digest_corpus(
        Corpus.from_documents(_corpus(seeds_dir, 240)), fit_size=80, chunk_size=32, candidates=40, records=sink, jobs=2
    )
    assert two.to_dict() == digest.to_dict()
    assert sink.text() == records


@pytest.mark.slow
@pytest.mark.network_ok  # a LocalCluster talks to its workers over the loopback interface only
def test_dask_local_cluster_gives_the_same_result(seeds_dir: Path, streamed) -> None:
    pytest.importorskip("distributed", reason="the dask extra is not installed")
    _, digest, records = streamed
    sink = _Sink()
    on_dask = digest_corpus(
        Corpus.from_documents(_corpus(seeds_dir, 240)),
        fit_size=80,
        chunk_size=32,
        candidates=40,
        records=sink,
        jobs=2,
        scheduler="local",
    )
    assert on_dask.to_dict() == digest.to_dict()
    assert sink.text() == records


def test_methods_that_cannot_place_new_articles_are_refused_on_a_large_corpus(seeds_dir: Path) -> None:
    docs = _corpus(seeds_dir, 120)
    with pytest.raises(ParameterError, match="'lda' cannot place"):
        digest_corpus(Corpus.from_documents(docs), method="lda", fit_size=50)


_MEMORY_PROBE = textwrap.dedent(
    """
    import json, random, sys, tracemalloc
    from nlptools.corpus import Corpus
    from nlptools.document import Document
    from nlptools.stream import digest_corpus

    n = int(sys.argv[1])
    words = [w for w in open(sys.argv[2], encoding="utf-8").read().split() if w.isalpha()]
    rng = random.Random(0)

    class Lazy:  # a corpus that is never held: each article made when read
        def __len__(self):
            return n

        def __iter__(self):
            for i in range(n):
                r = random.Random(i)
                text = ". ".join(" ".join(r.choices(words, k=25)).capitalize() for _ in range(15)) + "."
                yield Document(f"d{i}", text)

    class Null:
        def write(self, text):
            return len(text)

    import nlptools.digest as digest
    import nlptools.stream as stream

    seen = {}
    fitted, digest_themes = stream._model_state, digest.digest_themes

    def after_the_fit(model, *fit):  # the fit on the sample is the same size at any n: measure what follows
        tracemalloc.reset_peak()
        return fitted(model, *fit)

    def after_the_pass(*args, **kwargs):
        seen["held"], seen["peak"] = tracemalloc.get_traced_memory()
        return digest_themes(*args, **kwargs)

    stream._model_state, digest.digest_themes = after_the_fit, after_the_pass
    tracemalloc.start()
    digest_corpus(Lazy(), k=3, fit_size=60, chunk_size=50, candidates=20, records=Null())
    print(json.dumps(seen))
    """
)


@pytest.mark.slow
def test_streaming_memory_is_flat_in_the_corpus_size(seeds_dir: Path, tmp_path: Path) -> None:
    """Four times the articles (each about 2.5 KB of text) take about the same peak memory, in a subprocess.

    Measured over the streaming pass (after the fit on the sample, whose size does not depend on the
    corpus's): what is held at its end, and its peak.
    """
    words = tmp_path / "words.txt"
    words.write_text(" ".join(_sentences(seeds_dir)), encoding="utf-8")
    probe = tmp_path / "probe.py"
    probe.write_text(_MEMORY_PROBE, encoding="utf-8")
    peaks = {}
    for n in (300, 1200):
        out = subprocess.run(
            [sys.executable, str(probe), str(n), str(words)], capture_output=True, text=True, cwd=ROOT, timeout=600
        )
        assert out.returncode == 0, out.stderr[-2000:]
        peaks[n] = json.loads(out.stdout.strip().splitlines()[-1])
    # 900 more articles of about 2.5 KB: 2.2 MB of text alone if they were held (several times that as
    # sentence objects and vectors); the peak grows far less
    assert abs(peaks[1200]["held"] - peaks[300]["held"]) < 1_000_000, peaks  # held after the pass: flat
    assert peaks[1200]["peak"] - peaks[300]["peak"] < 1_500_000, peaks  # chunks come and go


def test_streamed_themes_write_every_article_as_json(seeds_dir: Path) -> None:
    from nlptools.stream import stream_themes

    docs = _corpus(seeds_dir, 150)
    parts: list[str] = []
    fitted, sample = stream_themes(Corpus.from_documents(docs), parts.append, k=3, fit_size=60, chunk_size=40)
    data = json.loads("".join(parts))
    assert [d["id"] for d in data["documents"]] == [d.id for d in docs[:150]]  # repeats left out
    assert data["streamed"]["n_documents"] == 150 and data["streamed"]["repeats"] == 2
    assert data["streamed"]["fit_sample"] == len(sample)
    names = [t["name"] for t in data["themes"]]
    assert names == [t.name for t in fitted.themes] and data["k"] == 3
    for d in data["documents"]:
        assert sorted(d["themes"]) == sorted(names)
        assert all(s["theme"] in (*names, None) for s in d["sentences"])
    for t in data["themes"]:
        assert t["n_documents"] >= len(t["documents"])
    assert abs(sum(t["weight"] for t in data["themes"]) - 1) < 0.01


def test_cli_streams_a_corpus_larger_than_the_fit_size(seeds_dir: Path, tmp_path: Path, capsys) -> None:
    from nlptools.cli import main

    folder = tmp_path / "corpus"
    folder.mkdir()
    for d in _corpus(seeds_dir, 120):
        (folder / f"{d.id}.txt").write_text(d.text, encoding="utf-8")
    out = tmp_path / "digest"
    assert main(["digest", str(folder), "--themes", "none", "--fit-size", "50", "--out", str(out), "-q"]) == 0
    records = (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(records) == 120  # 122 files, two of them repeats
    digest = json.loads((out / "digest.json").read_text(encoding="utf-8"))
    assert digest["settings"]["streamed"]["n_documents"] == 120 and digest["documents_file"] == "documents.jsonl"
    assert not list(out.glob("*.tmp")) and not list(out.glob(".*"))
    capsys.readouterr()
    assert main(["themes", str(folder), "--themes", "none", "--fit-size", "50", "--format", "json", "-q"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["documents"]) == 120 and data["streamed"]["fit_sample"] <= 80


def test_a_candidate_whose_article_was_not_sent_is_read_again(seeds_dir: Path) -> None:
    from nlptools.stream import Placed, _Candidates, _read_again

    corpus = Corpus.from_path(seeds_dir)
    docs = clean_chunk(list(corpus))
    pool = _Candidates(k=1, size=2)
    for order, doc in enumerate(docs[:3]):
        assert not isinstance(doc, str)
        sent = [(0, 0.5 + order / 10, order, s.index) for s in doc.body[:1]]
        pool.offer(order, order, Placed(doc.id, order, (1.0,), "", tuple(sent), doc if order != 2 else None))
    # three offered, two kept (the heaviest: orders 1 and 2); order 2's article was not sent
    assert sorted(pool.refs) == [1, 2] and 0 not in pool.docs
    assert pool.missing() == {2: 2}
    again = _read_again(corpus, pool.missing())
    assert again[2] == docs[2]


def test_the_fit_samples_articles_keep_the_fit_answer_and_are_not_placed_again(seeds_dir: Path, monkeypatch) -> None:
    """Pass 2 reuses the fit's answer for the sample's articles; the others are placed by the model, and
    the records agree with placing every article (the model gives a training article the fit's answer)."""
    from nlptools import stream
    from nlptools.themes.model import ThemeModel

    placed_ids: list[str] = []
    transform = ThemeModel.transform

    def counting(self, docs, *args, **kwargs):
        placed_ids.extend(d.id for d in docs)
        return transform(self, docs, *args, **kwargs)

    monkeypatch.setattr(ThemeModel, "transform", counting)
    docs = _corpus(seeds_dir, 120)
    reused = _Sink()
    digest = digest_corpus(Corpus.from_documents(docs), k=3, fit_size=60, chunk_size=32, records=reused)
    sample = {d.id for d in uniform_sample(docs, 60)[0]}
    assert len(sample) == 60 and not sample & set(placed_ids)
    assert sorted(placed_ids) == sorted(d.id for d in docs if d.id not in sample)  # every other article, once

    state = stream._model_state
    monkeypatch.setattr(stream, "_model_state", lambda model, fitted=None, sample=(): state(model))
    every = _Sink()
    again = digest_corpus(Corpus.from_documents(docs), k=3, fit_size=60, chunk_size=32, records=every)
    a = [json.loads(line) for line in reused.text().splitlines()]
    b = [json.loads(line) for line in every.text().splitlines()]
    assert [r["id"] for r in a] == [r["id"] for r in b] and [r["theme"] for r in a] == [r["theme"] for r in b]
    for x, y in zip(a, b, strict=True):
        assert max(abs(x["weights"][t] - y["weights"][t]) for t in x["weights"]) <= 1e-4
    assert [t.name for t in digest.themes] == [t.name for t in again.themes]
