"""OCTIS BBC News benchmark (BERTopic paper, Table 1 protocol).

k in 10, 20, 30, 40, 50 x seeds 0, 21, 42 for every model; mean NPMI (gensim
c_npmi on the corpus texts, top 10 words) and TD@10 over the 15 fits.

    .venv/bin/python experiments/topics_octis_bbc.py --data ../shared/data/octis-bbc-news --out runs/octis

Writes OUT/metrics.json (per model, per fit: k, seed, npmi, td10, td25, fit
seconds; the means; the published row) and OUT/topics.json (per model, per
fit: the top 10 words of every topic).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # one BLAS thread per worker process

import argparse  # noqa: E402
import logging  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    from nlptools.errors import NlptoolsError
    from nlptools.outputs import ensure_dir, write_json
    from nlptools.topics.benchmark import load_octis, octis_models, octis_protocol

    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True, help="the octis-bbc-news folder (corpus.tsv)")
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--models", default=",".join(octis_models()), help="comma-separated model names")
    p.add_argument("--ks", default="10,20,30,40,50")
    p.add_argument("--seeds", default="0,21,42")
    p.add_argument("--workers", type=int, default=2)
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        texts, _, _ = load_octis(args.data)
        metrics, topics = octis_protocol(
            texts,
            models=args.models.split(","),
            ks=[int(x) for x in args.ks.split(",")],
            seeds=[int(x) for x in args.seeds.split(",")],
            workers=args.workers,
        )
        out = ensure_dir(args.out)
        write_json(Path(out) / "metrics.json", metrics)
        write_json(Path(out) / "topics.json", topics)
    except NlptoolsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{'model':18s} {'NPMI':>7s} {'TD@10':>7s} {'fit s':>7s}")
    for name, m in metrics["models"].items():
        print(f"{name:18s} {m['mean_npmi']:7.3f} {m['mean_td10']:7.3f} {m['mean_fit_seconds']:7.2f}")
    for name, ref in metrics["published_bbc_bertopic_table1"].items():
        print(f"{'published ' + name:18s} {ref['npmi']:7.3f} {ref['td']:7.3f}")
    print(f"total {metrics['total_seconds']:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
