"""Fingerprint every output of the toolkit, to prove a refactoring changed no result.

Runs the command line (the only interface that must not change) on the seeds and
on small samples of BBC News Summary and 20 Newsgroups, and the quick experiment
configs, then writes the SHA-256 of every output (timings and manifests excluded:
they vary by design) to ``OUT/fingerprint.json``.  Two fingerprints taken before and
after a change are compared with ``--compare OLD.json``.

    python experiments/fingerprint.py --data ../shared/data --out runs/fp-before
    python experiments/fingerprint.py --data ../shared/data --out runs/fp-after --compare runs/fp-before/fingerprint.json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]  # --root replaces it (to fingerprint another checkout)
SKIP = {"timings.json", "manifest.json", "config.toml"}


def nlptools(*args: str, stdout: Path | None = None) -> None:
    cmd = [sys.executable, "-m", "nlptools", "-q", *args]
    env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": str(ROOT)}
    with open(stdout, "wb") if stdout else open(os.devnull, "wb") as out:
        subprocess.run(cmd, check=True, stdout=out, cwd=ROOT, env=env)


def sample(data: Path, work: Path) -> dict[str, Path]:
    """Copy small samples (outside the project) so every run reads the same files."""
    bbc = work / "bbc"
    for cat_dir in sorted((data / "bbc-news-summary" / "articles").iterdir()):
        for f in sorted(cat_dir.iterdir())[:40]:
            (bbc / cat_dir.name).mkdir(parents=True, exist_ok=True)
            shutil.copy(f, bbc / cat_dir.name / f.name)
    ng = work / "20ng"
    train = data / "20newsgroups-bydate" / "20news-bydate-train"
    for grp in sorted(train.iterdir())[:10]:
        for f in sorted(grp.iterdir())[:20]:
            (ng / grp.name).mkdir(parents=True, exist_ok=True)
            shutil.copy(f, ng / grp.name / (f.name + ".txt"))
    return {"seeds": ROOT / "seeds", "bbc": bbc, "20ng": ng}


def run_all(data: Path, out: Path) -> dict[str, str]:
    out.mkdir(parents=True, exist_ok=True)
    res = out / "outputs"
    if res.exists():
        shutil.rmtree(res)
    res.mkdir()
    with tempfile.TemporaryDirectory() as tmp:
        corpora = sample(data, Path(tmp))
        for name, path in corpora.items():
            p = str(path)
            nlptools("sentences", p, "--format", "jsonl", stdout=res / f"{name}.sentences.jsonl")
            nlptools(
                "summarize",
                p,
                "--method",
                "lexrank",
                "--words",
                "60",
                "--format",
                "jsonl",
                stdout=res / f"{name}.summarize.jsonl",
            )
            nlptools(
                "summarize",
                p,
                "--together",
                "--words",
                "150",
                "--format",
                "jsonl",
                stdout=res / f"{name}.together.jsonl",
            )
            lex = ["--themes", str(ROOT / "seeds" / "themes.toml")] if name == "seeds" else ["--themes", "none"]
            for method in ("lda", "nmf", "kmeans"):
                nlptools(
                    "themes",
                    p,
                    *lex,
                    "--method",
                    method,
                    "--format",
                    "json",
                    stdout=res / f"{name}.themes.{method}.json",
                )
            nlptools("themes", p, *lex, "--format", "md", stdout=res / f"{name}.themes.md")
            dig = ["--no-themes"] if name != "seeds" else []
            nlptools("digest", p, *dig, "--out", str(res / f"{name}.digest"), "--html")
        for cfg in ("seeds_segmentation", "topics_seeds", "themes_seeds", "summaries_bbc"):
            nlptools(
                "run", str(ROOT / "experiments" / f"{cfg}.toml"), "--data", str(data), "--out", str(res / "runs" / cfg)
            )
    digests: dict[str, str] = {}
    for f in sorted(res.rglob("*")):
        if f.is_file() and f.name not in SKIP:
            rel = f.relative_to(res)
            # run folders carry a date-stamped name: key them by config and file
            parts = rel.parts
            key = "/".join(parts[:2] + parts[3:]) if parts[0] == "runs" else str(rel)
            # the checkout's own path appears in resolved configs: fingerprint it as <root>
            data = f.read_bytes().replace(str(ROOT).encode(), b"<root>")
            digests[key] = hashlib.sha256(data).hexdigest()
    (out / "fingerprint.json").write_text(json.dumps(digests, indent=1, sort_keys=True) + "\n")
    return digests


def main() -> int:
    global ROOT
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path(os.environ.get("NLPTOOLS_DATA", ROOT.parent / "shared" / "data")))
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--compare", type=Path, help="an earlier fingerprint.json to compare with")
    ap.add_argument("--root", type=Path, default=ROOT, help="the checkout to fingerprint (default: this one)")
    a = ap.parse_args()
    ROOT = a.root.resolve()
    now = run_all(a.data.resolve(), a.out)
    print(f"{len(now)} outputs fingerprinted into {a.out / 'fingerprint.json'}")
    if a.compare:
        old = json.loads(a.compare.read_text())
        changed = sorted(k for k in old.keys() | now.keys() if old.get(k) != now.get(k))
        for k in changed:
            print(f"DIFFERS: {k}")
        print(f"{len(old) - len(changed)} of {len(old)} identical" if not changed else f"{len(changed)} differ")
        return 1 if changed else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
