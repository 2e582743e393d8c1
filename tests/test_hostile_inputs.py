"""Hostile corpora (issue 18): quadratic inputs finish, and odd input is a one-line error or a skip.

Library-level checks first (segmenter, cleaning, record readers, configs,
lexicons, plots), then a few through :func:`nlptools.cli.main`. Timing is
left to the growth benchmark (``experiments/growth.toml``); these tests only
check that inputs which once took minutes are handled, and handled right.
"""

from __future__ import annotations

import json
import logging
import os
import re
from pathlib import Path

import pytest

from nlptools.cleaning import clean_document
from nlptools.cleaning.page import Page
from nlptools.corpus import Corpus
from nlptools.document import Document
from nlptools.errors import ConfigError, ParameterError
from nlptools.segment import split_sentences

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = [
    ("a", "Kim met Putin on Tuesday in Vladivostok. The talks ended without a deal on the nuclear programme."),
    ("b", "Shares fell sharply on Wall Street as investors worried about interest rates. The dollar rose."),
    ("c", "The football club signed a new striker for a record fee. Fans celebrated outside the stadium."),
    ("d", "The union said on Monday that the strike would end. Workers expected pay rises in the spring."),
]


def _jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _good_records() -> list[dict]:
    return [{"id": i, "title": f"Headline {i}", "text": t} for i, t in ARTICLES]


def _one_line_error(err: str) -> str:
    lines = [ln for ln in err.splitlines() if ln.startswith("nlptools: error:")]
    assert "Traceback" not in err, err
    assert len(lines) == 1, err
    return lines[0]


# --------------------------------------------------------------------------- quadratic inputs


def test_run_of_full_stops_is_one_sentence_and_offsets_hold():
    text = "It rained. " + "." * 80_000 + " The end came."
    spans = split_sentences(text)
    # "It rained." is no boundary (a full stop follows, not a capital); the run before "The" is
    assert [text[a:b] for a, b in spans] == ["It rained. " + "." * 80_000, "The end came."]


@pytest.mark.parametrize("run", ["?!.…" * 5000, ".'" * 10_000, "..." * 5000 + "’”)", "…" * 20_000])
def test_runs_of_punctuation_split_as_before(run):
    # a run without white space is never a candidate; the run followed by a space and a capital ends a sentence
    text = f"Prices rose{run} Then they fell."
    assert [text[a:b] for a, b in split_sentences(text)] == [f"Prices rose{run}", "Then they fell."]
    assert split_sentences(f"a{run}b") == [(0, len(run) + 2)]


def test_candidates_inside_words_are_not_boundaries():
    text = "The U.S. economy grew 3.5% in Q1. Mr. Kim paid $1.13bn. It ended."
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "The U.S. economy grew 3.5% in Q1.",
        "Mr. Kim paid $1.13bn.",
        "It ended.",
    ]


def test_line_at_matches_counting_newlines():
    text = "ab\n\n  cd \ne\n\nlast line"
    page = Page.of(text)
    assert [page.line_at(i) for i in range(len(text) + 1)] == [text.count("\n", 0, i) for i in range(len(text) + 1)]
    # pages made by apply() share the line starts of the same text
    after = page.apply([])
    assert after.line_at(len(text)) == page.line_at(len(text))


def test_many_short_lines_ending_in_an_agency_tag_are_all_cut():
    n = 20_000  # about 300 KB of lines like the 4 MB article that once took minutes
    text = "Talks resume\n\n" + "It rained in Seoul. AFP\n" * n
    doc = clean_document(Document(id="x", text=text))
    tags = [r for r in doc.removed if r.rule == "agency-tag"]
    assert len(tags) == n and all(r.text == "AFP" for r in tags)
    assert sum(s.text == "It rained in Seoul." for s in doc.sentences) == n


@pytest.mark.parametrize(
    "body",
    [
        " " * 100_000,
        "\n" * 100_000,
        "\n \t\n" * 20_000,
        "\"'“”‘’" * 10_000,
        "x" * 200_000,
        "A b.\n\n" * 20_000,
        "(" * 50_000 + "x" + ")" * 50_000,
        "Mr. U.S. No. Inc. Sept. " * 5000,
    ],
    ids=["spaces", "newlines", "blank-lines", "quotes", "long-word", "short-paragraphs", "brackets", "abbreviations"],
)
def test_hostile_patterns_clean_and_summarize(body):
    from nlptools.summarize import summarize

    text = "Talks resume\n\nThe minister spoke. " + body + " The talks ended."
    doc = clean_document(Document(id="x", text=text))
    assert doc.sentences and all(s.text == text[s.start : s.end] for s in doc.sentences)
    assert len(summarize(doc, words=40)) >= 1


def test_growth_benchmark_measures_every_stage_and_fits_exponents():
    from nlptools.benchmarks.growth import STAGES, growth_exponent, measure_growth, table_from_timings

    assert growth_exponent([1, 2, 4], [1.0, 2.0, 4.0]) == pytest.approx(1.0)
    assert growth_exponent([1, 2, 4], [1.0, 4.0, 16.0]) == pytest.approx(2.0)
    rows = measure_growth(["dots", "agency-lines"], 500, factors=(1, 2), repeats=1)
    assert [(r["pattern"], r["stage"]) for r in rows] == [(p, s) for p in ("dots", "agency-lines") for s in STAGES]
    assert all(len(r["seconds"]) == 2 and r["ratios"][0] == pytest.approx(1.0) for r in rows)
    assert all(r["sizes"][1] > r["sizes"][0] for r in rows)
    timings = {
        f"growth/{r['pattern']}/{r['stage']}/{k}": v
        for r in rows
        for k, v in [("x1", r["seconds"][0]), ("x2", r["seconds"][1]), ("ratio_x1", 1.0), ("ratio_x2", r["ratios"][1])]
    }
    table = table_from_timings(timings)
    assert "agency-lines" in table and "clean+segment" in table


def test_growth_kind_config_validates():
    from nlptools.experiment import load_config, parse_config

    exp = load_config(ROOT / "experiments" / "growth.toml")
    assert exp.kind == "growth" and list(exp["growth"].factors) == [1, 2, 4, 8]
    with pytest.raises(ConfigError, match=r"growth\.patterns\[0\].*'dotz'.*did you mean 'dots'"):
        parse_config('name = "g"\nkind = "growth"\n[growth]\npatterns = ["dotz"]\n')


# --------------------------------------------------------------------------- records and file names


def test_lone_surrogate_in_jsonl_becomes_a_replacement_character(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text(
        '{"id": "s\\udc80", "title": "T\\ud800", "text": "Kim met Putin. \\ud800 The talks ended."}\n', encoding="utf-8"
    )
    (doc,) = list(Corpus.from_path(path))
    assert "\ufffd" in doc.text and not re.search("[\ud800-\udfff]", doc.text + doc.id + (doc.title or ""))
    assert len(doc.text) == len("Kim met Putin. \ud800 The talks ended.")  # one for one: offsets hold
    (doc.text + doc.id + (doc.title or "")).encode("utf-8")


def test_non_utf8_file_name_gives_an_encodable_id(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    name = os.path.join(os.fsencode(folder), b"caf\xe9.txt")
    try:
        with open(name, "wb") as fh:
            fh.write(b"Cafe news\n\nThe minister said the talks would resume. Officials expected a deal.\n")
    except OSError:  # pragma: no cover - a file system that refuses such names
        pytest.skip("the file system refuses non-UTF-8 names")
    (doc,) = list(Corpus.from_path(folder))
    assert doc.id == "caf\ufffd"
    doc.id.encode("utf-8")
    assert "minister" in doc.text  # the file is still read under its real name


@pytest.mark.parametrize(
    "bad, reason",
    [
        ('{"id": "deep", "text": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deep"),
        ('{"id": "big", "n": ' + "9" * 5000 + ', "text": "Kim met Putin."}', "cannot be read"),
    ],
    ids=["nested", "5000-digits"],
)
def test_a_monster_jsonl_record_is_skipped_like_any_bad_record(tmp_path, caplog, bad, reason):
    path = tmp_path / "m.jsonl"
    path.write_text(bad + "\n" + "".join(json.dumps(r) + "\n" for r in _good_records()), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="nlptools"):
        docs = list(Corpus.from_path(path))
    assert [d.id for d in docs] == [i for i, _ in ARTICLES]
    msgs = [r.getMessage() for r in caplog.records]
    assert any(m.startswith(f"{path}:1: skipped") and reason in m for m in msgs), msgs


def test_a_short_csv_row_is_skipped_not_the_job(tmp_path, caplog):
    path = tmp_path / "short.csv"
    path.write_text(
        'id,title,text\na,T1,"The union said the strike would end."\nb,T2\nc,T3,"Kim met Putin. The talks ended."\n',
        encoding="utf-8",
    )
    with caplog.at_level(logging.WARNING, logger="nlptools"):
        docs = list(Corpus.from_path(path))
    assert [d.id for d in docs] == ["a", "c"]
    (msg,) = [r.getMessage() for r in caplog.records]
    assert msg.startswith(f"{path}#2: skipped, a short row") and "'text'" in msg and "fields are" not in msg


def test_a_short_first_csv_row_is_skipped_too(tmp_path):
    path = tmp_path / "short1.csv"
    path.write_text('id,text\na\nb,"Kim met Putin. The talks ended."\n', encoding="utf-8")
    assert [d.id for d in Corpus.from_path(path)] == ["b"]


# --------------------------------------------------------------------------- configs and lexicons


@pytest.mark.parametrize(
    "value, needle",
    [("[" * 100_000 + "]" * 100_000, "nested too deep"), ("9" * 5000, "4300 digits")],
    ids=["nested", "5000-digits"],
)
def test_monster_toml_is_a_one_line_config_error(tmp_path, value, needle):
    from nlptools.experiment import load_config
    from nlptools.themes import load_lexicon

    config = tmp_path / "c.toml"
    config.write_text(f'name = "x"\nkind = "growth"\nbad = {value}\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=needle) as info:
        load_config(config)
    assert str(config) in str(info.value) and "\n" not in str(info.value)
    lexicon = tmp_path / "themes.toml"
    lexicon.write_text(f'[economy]\nwords = ["tax"]\nbad = {value}\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=needle) as info:
        load_lexicon(lexicon)
    assert str(lexicon) in str(info.value)


@pytest.mark.parametrize("seed", [-1, 2**32, 10**30])
def test_config_seed_out_of_range(seed):
    from nlptools.experiment import parse_config

    with pytest.raises(ConfigError, match=r"seed: expected an integer >= 0 and <= 4294967295"):
        parse_config(f'name = "g"\nkind = "growth"\nseed = {seed}\n', source="g.toml")


def _themes_config(tmp_path: Path, params: str, method: str = "lda") -> Path:
    config = tmp_path / "t.toml"
    config.write_text(
        f'name = "t"\nkind = "themes"\n[corpus]\npath = "{ROOT / "seeds"}"\nsuffixes = [".txt"]\n'
        f'[themes]\nmethod = "{method}"\nk = 2\n[themes.params]\n{params}\n',
        encoding="utf-8",
    )
    return config


@pytest.mark.parametrize(
    "params, method, needle",
    [
        ("bogus_option = 1", "lda", r"themes\.params\.bogus_option: not a parameter of the 'lda' model.*passes"),
        ("pases = 3", "lda", r"themes\.params\.pases: .*did you mean 'passes'"),
        ("backend = 'sklearn'", "lda", r"themes\.params\.backend: is set by the method's name"),
        ("n_topics = 3", "nmf", r"themes\.params\.n_topics: is set by the stage itself"),
        ("bogus = 1", "auto", r"themes\.params\.bogus: not a parameter of the 'ensemble' model"),
    ],
)
def test_bad_themes_params_fail_before_any_run_folder(tmp_path, params, method, needle):
    from nlptools.experiment import load_config, run_experiment

    config = _themes_config(tmp_path, params, method)
    with pytest.raises(ConfigError, match=needle) as info:
        load_config(config)
    assert str(info.value).startswith(f"{config.absolute()}: ")
    from nlptools.cli import main

    out = tmp_path / "runs"
    assert main(["run", str(config), "--out", str(out)]) == 1
    assert not out.exists()
    del run_experiment


def test_good_themes_params_pass(tmp_path):
    from nlptools.experiment import load_config

    exp = load_config(_themes_config(tmp_path, "passes = 3"))
    assert exp["themes"].params == {"passes": 3}


def test_threads_out_of_range(monkeypatch):
    from nlptools._threads import pin_threads, pinned_threads

    for raw in ("99999999999999999999999", "5000", "0", "-3", "many"):
        monkeypatch.setenv("NLPTOOLS_THREADS", raw)
        with pytest.raises(ParameterError, match="NLPTOOLS_THREADS: expected an integer from 1 to 1024"):
            with pinned_threads():
                pass
    with pytest.raises(ParameterError):
        pin_threads(2**40)


# --------------------------------------------------------------------------- plots: labels are never mathtext

_BAD_MATH = r"Prices $\frac$ fell"  # mathtext (two dollars) that matplotlib cannot parse


def test_dollar_labels_draw_as_written():
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from nlptools import plots

    fig = plots.plot_top_terms(
        [["$a$", "b"], ["c", "d$"]], [[2, 1], [2, 1]], [_BAD_MATH, "$^$ and $_$"], title=_BAD_MATH
    )
    fig.savefig(io.BytesIO(), format="png")
    plt.close(fig)
    ax = plots.plot_theme_heatmap([[0.4, 0.6]], [_BAD_MATH], [_BAD_MATH, "$x$"], title=_BAD_MATH)
    ax.figure.savefig(io.BytesIO(), format="png")
    shown = [t.get_text() for t in ax.get_yticklabels()]
    plt.close(ax.figure)
    assert all("\\$" in s for s in shown)  # escaped: drawn as a plain "$"
    assert plots.plot_top_terms is not None


# --------------------------------------------------------------------------- through the command line


def test_cli_usage_errors_are_one_line_exit_1(capsys):
    from nlptools.cli import main

    for argv, needle in [
        (["summarize", "x", "--words", "abc"], "--words must be a positive integer, got 'abc'"),
        (["summarize", "x", "--ratio", "nan"], "--ratio must be a number in (0, 1], got 'nan'"),
        (["summarize", "x", "--seed", "abc"], "--seed"),
        (["sentences", "x", "--format", "xml"], "invalid choice: 'xml'"),
        (["sentences"], "required: PATH"),
    ]:
        with pytest.raises(SystemExit) as info:
            main(argv)
        assert info.value.code == 1, argv
        err = capsys.readouterr().err
        line = _one_line_error(err)
        assert needle in line and err.count("\n") == 1 and "usage:" not in err, err


@pytest.mark.parametrize("seed", ["-1", "4294967296", "1" * 40])
@pytest.mark.parametrize("command", ["summarize", "themes", "digest"])
def test_cli_seed_out_of_range_before_any_work(tmp_path, capsys, command, seed):
    from nlptools.cli import main

    out = tmp_path / "out"
    extra = ["--out", str(out)] if command == "digest" else []
    status = main([command, str(ROOT / "seeds"), f"--seed={seed}", *extra])
    assert status == 1
    line = _one_line_error(capsys.readouterr().err)
    assert "--seed" in line and "4294967295" in line
    assert not out.exists()


def test_cli_huge_threads_is_one_line(monkeypatch, capsys):
    from nlptools.cli import main

    monkeypatch.setenv("NLPTOOLS_THREADS", "9" * 30)
    assert main(["sentences", str(ROOT / "seeds")]) == 1
    assert "NLPTOOLS_THREADS" in _one_line_error(capsys.readouterr().err)


def test_cli_dots_and_surrogates_through_sentences(tmp_path, capsys):
    from nlptools.cli import main

    (tmp_path / "dots.txt").write_text("." * 80_000, encoding="utf-8")
    _jsonl(tmp_path / "s.jsonl", [{"id": "s", "text": "Kim met Putin. \ud800 The talks ended."}])
    assert main(["sentences", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    rows = [json.loads(line) for line in out.splitlines()]
    assert {r["document"] for r in rows} == {"dots", "s"}
    assert "Traceback" not in err
    assert any("\ufffd" in r["text"] for r in rows)


@pytest.mark.slow
def test_cli_digest_with_hostile_records_and_dollar_names(tmp_path, capsys):
    from nlptools.cli import main

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    records = _good_records()
    records[0]["title"] = _BAD_MATH
    records[1]["text"] += " \ud800"
    bad = ['{"id": "deep", "text": ' + "[" * 100_000 + "]" * 100_000 + "}", '{"id": "n", "n": ' + "9" * 5000 + "}"]
    (corpus / "news.jsonl").write_text("\n".join(bad + [json.dumps(r) for r in records]) + "\n", encoding="utf-8")
    name = os.path.join(os.fsencode(corpus), b"caf\xe9.txt")
    with open(name, "wb") as fh:
        fh.write(b"Cafe prices\n\nThe cafe raised its prices by a dollar. Customers complained about the rise.\n")
    (corpus / "short.csv").write_text("id,text\nx\n", encoding="utf-8")
    lexicon = tmp_path / "themes.toml"
    lexicon.write_text(
        '[themes]\n"$\\\\frac$ money" = ["share", "dollar", "price", "pay"]\n'
        '"sport" = ["football", "striker", "fan"]\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    status = main(["digest", str(corpus), "--themes", str(lexicon), "--out", str(out), "--html"])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    assert "Traceback" not in captured.err
    assert {p.name for p in out.iterdir()} == {"digest.json", "digest.md", "digest.html", "explore.html"}
    data = json.loads((out / "digest.json").read_text(encoding="utf-8"))
    assert "caf\ufffd" in json.dumps(data, ensure_ascii=False)
