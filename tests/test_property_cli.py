"""Property-based: random corpora through every sub-command never give a traceback (issue 18).

Hypothesis builds a folder of random article files (raw bytes), random JSON
Lines and CSV records (odd types, control characters, lone surrogates,
missing fields) and a random theme lexicon, then runs ``sentences``,
``summarize``, ``themes`` and ``digest`` on it through
:func:`nlptools.cli.main`. Every run must end with status 0, or status 1 and
exactly one ``nlptools: error: ...`` line; never a traceback; and ``digest``
leaves either its complete output folder or none at all.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlptools.cli import main

pytestmark = pytest.mark.slow

# text with everything hostile in it: control characters, surrogates (in JSON escapes), dollars, markup
_ANY_CHAR = st.characters(codec=None, blacklist_categories=())
_WORDS = st.sampled_from(
    "the minister said talks would resume Seoul Putin shares fell $5 $\\frac$ <b> # ... ! ? \u00a0 \n \t"
    " AFP Reuters U.S. Mr. No. 10 \x1b]0;x\x07 \u200f".split(" ")
)
_PROSE = st.lists(st.one_of(_WORDS, st.text(_ANY_CHAR, max_size=12)), max_size=60).map(" ".join)
_VALUE = st.one_of(
    _PROSE,
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
)
#: Real news sentences, so that most corpora hold enough articles for themes and digests.
_ARTICLES = (
    "Kim met Putin on Tuesday in Vladivostok. The talks ended without a deal on the nuclear programme.",
    "Shares fell sharply on Wall Street as investors worried about interest rates. The dollar rose.",
    "The football club signed a new striker for a record fee. Fans celebrated outside the stadium.",
    "The union said on Monday that the strike would end. Workers expected pay rises in the spring.",
    "Troops were deployed to the border after the attack. The army said casualties were light.",
    "The central bank raised interest rates again. Markets had expected a smaller rise in prices.",
)
_SEED_WORDS = "talk deal share dollar rate football striker fan union strike troop army price market".split()
_RECORD = st.fixed_dictionaries(
    {"text": st.one_of(_PROSE, _VALUE)}, optional={"id": _VALUE, "title": _VALUE, "date": _VALUE}
)


@st.composite
def corpora(draw: st.DrawFn) -> dict[str, bytes]:
    """File name -> content of a random corpus folder (always with some readable prose)."""
    files: dict[str, bytes] = {}
    for i, (text, junk) in enumerate(draw(st.lists(st.tuples(st.sampled_from(_ARTICLES), _PROSE), max_size=6))):
        title = draw(st.one_of(st.sampled_from(["Talks", "$x$ and $\\frac$", "<img src=x>", "# H\n## I"]), _PROSE))
        files[f"news{i}.txt"] = f"{title}\n\n{text} {junk}\n".encode("utf-8", "surrogatepass")
    for i, data in enumerate(draw(st.lists(st.binary(max_size=400), max_size=2))):
        files[f"raw{i}.txt"] = data
    for i, text in enumerate(draw(st.lists(_PROSE, max_size=2))):
        files[f"prose{i}.md"] = text.encode("utf-8", "surrogatepass")
    records = draw(st.lists(_RECORD, max_size=5))
    lines = [json.dumps(r, ensure_ascii=True) for r in records]
    lines += draw(st.lists(st.sampled_from(["", "{", "[1]", '{"text": ' + "[" * 3000 + "]" * 3000 + "}"]), max_size=2))
    files["records.jsonl"] = "\n".join(lines).encode("utf-8")
    rows = draw(st.lists(st.lists(st.one_of(_PROSE, st.just("")), min_size=0, max_size=4), max_size=4))
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["id", "title", "text"])
    for row in rows:
        writer.writerow([s.encode("utf-8", "replace").decode("utf-8") for s in row])
    files["table.csv"] = buf.getvalue().encode("utf-8")
    return files


def _toml_string(s: str) -> str:
    """``s`` as a TOML basic string (control characters escaped; astral characters raw, not as surrogates)."""
    out = s.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(f"\\u{ord(c):04x}" if ord(c) < 32 or ord(c) == 127 else c for c in out) + '"'


@st.composite
def lexicons(draw: st.DrawFn) -> str:
    """A theme lexicon (TOML text), sometimes broken."""
    odd = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=10)
    name = st.one_of(st.sampled_from(["money", "$\\frac$ sport", "<b>war</b>", "a\n## b", "$$"]), odd)
    names = draw(st.lists(name, min_size=1, max_size=3, unique=True))
    words = st.lists(st.one_of(st.sampled_from(_SEED_WORDS), _WORDS, st.text(max_size=8)), min_size=0, max_size=4)
    good_words = st.lists(st.sampled_from(_SEED_WORDS), min_size=1, max_size=4, unique=True)
    body = "[themes]\n" + "".join(
        f"{_toml_string(n)} = [{', '.join(map(_toml_string, draw(st.one_of(good_words, good_words, words))))}]\n"
        for n in names
    )
    return draw(st.sampled_from([body, body, body, "", body + "x = " + "[" * 2000, "not toml ["]))


def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(argv)
        except SystemExit as exc:  # usage errors (none expected here)
            status = exc.code if isinstance(exc.code, int) else 1
    return status, out.getvalue(), err.getvalue()


def _check(argv: list[str], status: int, err: str) -> None:
    assert "Traceback" not in err, (argv, err)
    assert status in (0, 1), (argv, status, err)
    errors = [line for line in err.splitlines() if line.startswith("nlptools: error:")]
    if status == 1:
        assert len(errors) == 1, (argv, err)
    else:
        assert not errors, (argv, err)


_SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


def _write(folder: Path, files: dict[str, bytes]) -> None:
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)


@_SETTINGS
@given(files=corpora())
def test_sentences_and_summarize_never_crash(files):
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        _write(corpus, files)
        for argv in (
            ["sentences", str(corpus)],
            ["sentences", str(corpus), "--format", "text"],
            ["summarize", str(corpus), "--words", "30"],
            ["summarize", str(corpus), "--together", "--format", "jsonl"],
        ):
            status, out, err = _run(argv)
            _check(argv, status, err)
            if argv[-1] != "text" and argv[0] == "sentences" and status == 0:
                for line in out.splitlines():
                    json.loads(line)  # every line a JSON object, however odd the input


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(files=corpora(), lexicon=lexicons())
def test_themes_and_digest_never_crash_nor_leave_partial_output(files, lexicon):
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        _write(corpus, files)
        lex = Path(tmp) / "lexicon.toml"
        lex.write_text(lexicon, encoding="utf-8", errors="surrogatepass")
        lex_arg = str(lex) if lexicon else "none"
        argv = ["themes", str(corpus), "--themes", lex_arg, "--format", "md"]
        status, _, err = _run(argv)
        _check(argv, status, err)
        out = Path(tmp) / "out"
        argv = ["digest", str(corpus), "--themes", lex_arg, "--out", str(out), "--html"]
        status, _, err = _run(argv)
        _check(argv, status, err)
        if status == 0:
            assert {p.name for p in out.iterdir()} == {"digest.json", "digest.md", "digest.html", "explore.html"}
        else:
            assert not out.exists() or not any(out.iterdir()), (err, list(out.iterdir()))
        shutil.rmtree(out, ignore_errors=True)
