"""One vocabulary across sub-commands (issue 19, item 4).

Every sub-command's options are checked against the one table of
``nlptools.cli.options``; ``--themes none`` turns the lexicon off in every
sub-command that has one; ``--format auto`` is readable on a terminal and
JSON when piped; empty themes are warned about; progress shows on a terminal
only; ``nlptools run`` ends with its headline numbers.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from pathlib import Path

import pytest

from nlptools.cli import build_parser, main
from nlptools.cli.options import EVERY, OPTIONS, check_values, option, options_of, output_format
from nlptools.cli.run import HEADLINE_LINES, headline
from nlptools.errors import ParameterError

ROOT = Path(__file__).resolve().parents[1]


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def _flagged(p: argparse.ArgumentParser) -> list[argparse.Action]:
    return [a for a in p._actions if a.option_strings and not isinstance(a, argparse._HelpAction)]


@pytest.fixture(scope="module")
def seeds_copy(tmp_path_factory, seeds_dir):
    """The seed articles without their lexicon."""
    d = tmp_path_factory.mktemp("plain")
    for f in seeds_dir.glob("*.txt"):
        shutil.copy(f, d / f.name)
    return d


def _run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


# --------------------------------------------------------------------------- the table


def test_every_shared_option_comes_from_the_table_with_its_spelling_and_help():
    table_flags = {f: o for o in OPTIONS for f in o.flags}
    for command, p in _subcommands().items():
        present = set()
        for action in _flagged(p):
            shared = [f for f in action.option_strings if f in table_flags]
            if not shared:
                continue
            row = table_flags[shared[0]]
            where = f"nlptools {command} {'/'.join(action.option_strings)}"
            assert getattr(action, "_nlptools_option", None) == row.key, f"{where}: not added from the options table"
            assert tuple(action.option_strings) == row.flags, where
            assert action.dest == row.attribute, where
            assert action.help == row.help_for(command), where
            assert row.takes(command), f"{where}: the table does not list {command!r} for it"
            present.add(row.key)
        expected = {o.key for o in options_of(command)}
        assert present == expected, f"nlptools {command}: missing {expected - present}, extra {present - expected}"


def test_no_option_is_spelt_in_two_subcommands_outside_the_table():
    table_flags = {f for o in OPTIONS for f in o.flags}
    seen: dict[str, set[str]] = {}
    for command, p in _subcommands().items():
        for action in _flagged(p):
            for flag in action.option_strings:
                if flag not in table_flags:
                    seen.setdefault(flag, set()).add(command)
    shared = {flag: sorted(cmds) for flag, cmds in seen.items() if len(cmds) > 1}
    assert not shared, f"options taken by several sub-commands must be rows of nlptools/cli/options.py: {shared}"


def test_the_table_names_real_subcommands_and_each_flag_once():
    commands = set(_subcommands())
    flags = [f for o in OPTIONS for f in o.flags]
    assert len(flags) == len(set(flags)), "a flag in two rows"
    assert len({o.key for o in OPTIONS}) == len(OPTIONS)
    for o in OPTIONS:
        named = set(o.commands) - {EVERY}
        # `assign` comes with the saved theme models (issue 19, item 1); it reads a corpus like the others
        assert named - {"assign"} <= commands, (o.key, named - commands)
        assert o.help and all(isinstance(v, str) for v in o.commands.values())


@pytest.mark.parametrize(
    ("key", "bad", "needle"),
    [
        ("k", "five", "--k: expected an integer"),
        ("k", "0", "--k: must be a positive integer"),
        ("seed", "x", "--seed"),
        ("words", "0", "--words must be a positive integer"),
        ("format", "xml", "--format: invalid choice: 'xml'"),
    ],
)
def test_each_check_names_its_option(key, bad, needle):
    check = option(key).check
    assert check is not None
    with pytest.raises(ParameterError, match=re.escape(needle)):
        check(bad)


def test_checks_convert_good_values():
    assert option("k").check("auto") == "auto" and option("k").check("7") == 7
    assert option("themes").check("NONE") == "none" and option("themes").check("x.toml") == "x.toml"
    assert option("format").check("JSONL") == "jsonl" and option("seed").check("42") == 42


def test_values_of_the_long_jobs_are_checked_after_parsing():
    args = build_parser().parse_args(["themes", "x", "--k", "5", "--seed", "3", "--themes", "None"])
    assert args.k == "5"  # read as text: checked by check_values, before any work
    check_values(args)
    assert (args.k, args.seed, args.themes) == (5, 3, "none")
    args = build_parser().parse_args(["summarize", "x", "--words", "40", "--seed", "2"])
    assert (args.words, args.seed) == (40, 2)  # checked (converted) by the parser itself


def test_quiet_and_verbose_before_or_after_the_subcommand():
    parse = build_parser().parse_args
    assert parse(["-q", "themes", "x"]).quiet and parse(["themes", "x", "-q"]).quiet
    assert not parse(["themes", "x"]).quiet
    assert parse(["run", "c.toml", "--quiet"]).quiet and parse(["digest", "-v"]).verbose


# --------------------------------------------------------------------------- --themes none everywhere


def test_themes_none_and_no_themes_mean_the_same_in_themes(capsys, seeds_dir):
    common = ["themes", seeds_dir, "--method", "nmf", "--k", "3", "--format", "json"]
    code, with_lexicon, err = _run(capsys, *common)
    assert code == 0, err
    assert "arms trade" in {t["name"] for t in json.loads(with_lexicon)["themes"]}
    code, none, err = _run(capsys, *common, "--themes", "none")
    assert code == 0, err
    assert "arms trade" not in {t["name"] for t in json.loads(none)["themes"]}
    code, alias, err = _run(capsys, *common, "--no-themes")
    assert code == 0 and alias == none


@pytest.mark.slow
def test_themes_none_and_no_themes_mean_the_same_in_digest(capsys, tmp_path, seeds_dir):
    outs = {}
    for name, flag in (("none", ["--themes", "none"]), ("alias", ["--no-themes"]), ("lexicon", [])):
        out = tmp_path / name
        code, _, err = _run(capsys, "-q", "digest", seeds_dir, "--k", "3", "--out", out, *flag)
        assert code == 0, err
        outs[name] = (out / "digest.json").read_bytes()
    assert outs["none"] == outs["alias"] and outs["none"] != outs["lexicon"]
    names = {t["name"] for t in json.loads(outs["none"])["themes"]}
    assert "arms trade" not in names and "arms trade" in {t["name"] for t in json.loads(outs["lexicon"])["themes"]}


# --------------------------------------------------------------------------- --format auto


def _tty(monkeypatch, stream) -> None:
    monkeypatch.setattr(stream, "isatty", lambda: True)


def test_output_format_rule():
    class Stream:
        def __init__(self, tty):
            self.tty = tty

        def isatty(self):
            return self.tty

    assert output_format("auto", Stream(True)) == "text" and output_format("auto", Stream(False)) == "json"
    assert output_format("jsonl", Stream(True)) == "json" and output_format("md", Stream(False)) == "text"
    assert output_format("auto", object()) == "json"  # no isatty: not a terminal


def test_auto_is_json_when_piped_and_readable_on_a_terminal(capsys, monkeypatch, seeds_dir, seeds_copy):
    one = sorted(seeds_dir.glob("*.txt"))[0]
    # piped (capsys is not a terminal): JSON Lines / JSON
    code, out, err = _run(capsys, "sentences", one)
    assert code == 0 and all(json.loads(line)["document"] == one.stem for line in out.splitlines())
    code, out, err = _run(capsys, "-q", "summarize", one)
    assert code == 0 and json.loads(out)["document"] == one.stem
    themes = ["themes", seeds_copy, "--method", "nmf", "--k", "3"]
    code, piped, err = _run(capsys, *themes)
    assert code == 0 and json.loads(piped)["k"] == 3
    # on a terminal: text and Markdown
    _tty(monkeypatch, sys.stdout)
    code, out, err = _run(capsys, "sentences", one)
    assert code == 0 and out.startswith(f"# {one.stem}") and not out.lstrip().startswith("{")
    code, out, err = _run(capsys, "-q", "summarize", one)
    assert code == 0 and out.startswith(f"# {one.stem}")
    code, out, err = _run(capsys, *themes)
    assert code == 0 and out.startswith("# Themes (nmf, k = 3")
    # asked for: JSON on a terminal too, under either spelling
    code, out, err = _run(capsys, *themes, "--format", "jsonl")
    assert code == 0 and out == piped


def test_help_documents_the_format_rule(capsys):
    for command in ("sentences", "summarize", "themes"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        text = " ".join(capsys.readouterr().out.split())
        assert "auto (the default) is readable on a terminal and JSON when piped" in text, command


def test_a_bad_format_is_the_same_one_line_everywhere(capsys, seeds_copy):
    with pytest.raises(SystemExit) as info:
        main(["sentences", str(seeds_copy), "--format", "xml"])
    assert info.value.code == 1
    parsed = capsys.readouterr().err
    code, _, checked = _run(capsys, "themes", seeds_copy, "--format", "xml")
    assert code == 1
    for err in (parsed, checked):
        assert err.count("\n") == 1 and "--format: invalid choice: 'xml' (choose from auto, json" in err, err


# --------------------------------------------------------------------------- empty themes, progress


def test_more_themes_than_the_articles_fill_is_warned_with_the_count(capsys, seeds_copy):
    code, out, err = _run(capsys, "themes", seeds_copy, "--method", "nmf", "--k", "50", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    empty = [t for t in data["themes"] if not t["documents"]]
    m = re.search(r"warning: (\d+) of (\d+) themes hold no article", err)
    assert m, err
    assert int(m.group(1)) == len(empty) > 0 and int(m.group(2)) == len(data["themes"])


def test_no_progress_when_stderr_is_not_a_terminal(capsys, seeds_copy):
    code, out, err = _run(capsys, "themes", seeds_copy, "--method", "nmf", "--k", "3")
    assert code == 0 and "cleaning" not in err and "finding themes" not in err and "\r" not in err


def test_progress_on_a_terminal_and_not_with_quiet(capsys, monkeypatch, seeds_copy):
    _tty(monkeypatch, sys.stderr)
    code, out, err = _run(capsys, "themes", seeds_copy, "--method", "nmf", "--k", "3")
    assert code == 0, err
    assert "cleaning" in err and "finding themes" in err
    json.loads(out)  # stdout untouched by the bars
    code, out, err = _run(capsys, "themes", seeds_copy, "--method", "nmf", "--k", "3", "-q")
    assert code == 0 and err == ""


# --------------------------------------------------------------------------- run's headline


def test_headline_rule():
    metrics = {
        "experiment": "x",
        "kind": "topics",
        "k": 3,
        "note": "a" * 80,  # long text: left out
        "results": {"k=auto": {"mean_nmi": 0.87112, "mean_ari": 0.9}},
        "documents": {f"d{i}": {"a": 0.5} for i in range(40)},  # a per-item listing: not entered
        "scores": [1, 2],
    }
    text = headline(metrics)
    lines = text.splitlines()
    assert lines[0] == "x (topics)"
    assert [line.split()[0] for line in lines[1:]] == ["k", "results.k=auto.mean_nmi", "results.k=auto.mean_ari"]
    assert "0.8711" in text and "d0" not in text and "aaaa" not in text
    many = headline({"experiment": "y", "kind": "z", **{f"m{i:02d}": i for i in range(20)}})
    assert len(many.splitlines()) == 1 + HEADLINE_LINES + 1 and "8 more in metrics.json" in many


def test_run_prints_its_folder_then_its_headline(capsys, tmp_path):
    code, out, err = _run(capsys, "run", ROOT / "experiments" / "seeds_segmentation.toml", "--out", tmp_path)
    assert code == 0, err
    folder = Path(out.strip())
    assert folder.parent == tmp_path and (folder / "metrics.json").is_file()  # stdout: the folder alone
    metrics = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))
    assert err.startswith("seeds-segmentation (segmentation)\n")
    assert re.search(rf"^  documents\s+{metrics['documents']}$", err, re.M), err
    code, out, err = _run(capsys, "run", ROOT / "experiments" / "seeds_segmentation.toml", "--out", tmp_path, "-q")
    assert code == 0 and err == "" and Path(out.strip()).name == "seeds-segmentation-2"
