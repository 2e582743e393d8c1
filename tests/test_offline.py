"""Offline (issue 6): the socket guard of ``conftest.py`` really blocks, and the jobs run under it.

The autouse fixture ``_offline`` makes every outgoing connection fail in
every test. These tests prove that it bites (a test that tries to connect
gets the error), and that summarising and digesting, the sumy methods
included, need no network: in this process under the guard, and in a fresh
process whose sockets are cut before nlptools or sumy is imported (so an
import-time download, such as NLTK fetching ``punkt``, would fail too).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


# --------------------------------------------------------------------------- the guard bites


@pytest.mark.parametrize(
    "address", [("127.0.0.1", 9), ("93.184.216.34", 80), ("::1", 443)], ids=["loopback", "internet", "ipv6"]
)
def test_a_socket_connection_is_refused(address):
    family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock, pytest.raises(OSError, match="network access attempted"):
        sock.connect(address)
    with socket.socket(family, socket.SOCK_STREAM) as sock, pytest.raises(OSError, match="network access attempted"):
        sock.connect_ex(address)


def test_create_connection_and_urlopen_are_refused():
    with pytest.raises(OSError, match="network access attempted"):
        socket.create_connection(("example.com", 80), timeout=1)
    with pytest.raises((OSError, urllib.error.URLError)) as info:
        urllib.request.urlopen("http://example.com/", timeout=1)
    assert "network access attempted" in str(info.value) or "network access attempted" in str(
        getattr(info.value, "reason", "")
    )


def test_local_unix_sockets_still_work(tmp_path):
    """The guard cuts the network, not the machine (multiprocessing and friends use AF_UNIX)."""
    a, b = socket.socketpair(socket.AF_UNIX)
    with a, b:
        a.sendall(b"ping")
        assert b.recv(4) == b"ping"


# --------------------------------------------------------------------------- the jobs run under it


def test_every_summariser_runs_offline(seeds_dir):
    from nlptools.cleaning import clean_corpus
    from nlptools.corpus import Corpus
    from nlptools.summarize import method_names, summarize

    doc = next(iter(clean_corpus(Corpus.from_path(seeds_dir, suffixes=[".txt"]))))
    names = method_names()
    assert any(n.startswith("sumy-") for n in names)
    for name in names:
        if name == "sumy-kl":
            continue  # pure-Python KL-Sum takes tens of seconds on a long article; sumy-* share one path
        summary = summarize(doc, method=name, n_sentences=2)
        assert 1 <= len(summary.texts) <= 2, name


def test_digest_and_summarize_commands_run_offline(tmp_path, capsys):
    from nlptools.cli import main

    assert main(["digest", str(SEEDS), "--k", "3", "--summarizer", "sumy-lexrank", "--out", str(tmp_path / "d")]) == 0
    digest = json.loads((tmp_path / "d" / "digest.json").read_text())
    assert digest["settings"]["summarizer"] == "sumy-lexrank" and any(t["digest"] for t in digest["themes"])
    capsys.readouterr()
    assert main(["summarize", str(SEEDS), "--method", "sumy-lsa", "--format", "jsonl"]) == 0
    out = capsys.readouterr().out
    assert len([line for line in out.splitlines() if line.strip()]) == 5


_GUARDED = r"""
import socket, sys

class NoNetwork(socket.socket):
    def connect(self, address):
        if self.family != socket.AF_UNIX:
            raise OSError(f"network access attempted: {address!r}")
        return super().connect(address)
    connect_ex = connect

def refuse(*args, **kwargs):
    raise OSError("network access attempted: create_connection")

socket.socket = NoNetwork
socket.create_connection = refuse
assert "nlptools" not in sys.modules and "sumy" not in sys.modules and "nltk" not in sys.modules

from nlptools.cli import main
status = main(sys.argv[1:])
sys.exit(status)
"""


@pytest.mark.slow
def test_a_fresh_process_with_sockets_cut_before_any_import(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("NLTK")}
    env["PYTHONPATH"] = str(ROOT)
    env["NLTK_DATA"] = str(tmp_path / "no-nltk-data")  # no punkt or stop-word lists to fall back on
    jobs = [
        ["digest", str(SEEDS), "--summarizer", "sumy-lexrank", "--out", str(tmp_path / "d")],
        ["summarize", str(SEEDS), "--method", "sumy-lsa", "--together", "--format", "jsonl"],
    ]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _GUARDED, *argv],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for argv in jobs
    ]
    outs = []
    for argv, proc in zip(jobs, procs):
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, (argv, err)
        assert "network access attempted" not in err and "Traceback" not in err, err
        outs.append(out)
    assert (tmp_path / "d" / "digest.json").is_file()
    assert len(json.loads(outs[1])["sentences"]) == 3
