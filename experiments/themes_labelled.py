"""Topic models as clustering against known labels: raw BBC articles (k=5) and 20 Newsgroups (k=20).

    .venv/bin/python experiments/themes_labelled.py bbc --data ../shared/data/bbc-news-summary/articles --out runs/bbc
    .venv/bin/python experiments/themes_labelled.py 20ng --data ../shared/data/20newsgroups-bydate --out runs/20ng

Articles go through nlptools cleaning (20 Newsgroups: mail headers removed,
and any sentence still holding a header line such as ``Newsgroups:`` or
``Path:`` dropped, so the group name cannot leak), are tokenised by the
default Tokenizer, and each model is fitted on whole documents; a document's
cluster is its k-means cluster or its heaviest topic. Writes OUT/labelled.json
(per method and seed: NMI, ARI, purity, fit seconds, top terms; the means).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import logging  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

PRESETS = {
    "bbc": {"k": 5, "suffixes": None, "label_level": -2},
    "20ng": {"k": 20, "suffixes": [""], "label_level": -2},
}


def main(argv: list[str] | None = None) -> int:
    from nlptools.errors import NlptoolsError
    from nlptools.outputs import ensure_dir, write_json
    from nlptools.topics.benchmark import labelled_agreement, load_labelled_folder
    from nlptools.vectorize import BowVectorizer

    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("corpus", choices=sorted(PRESETS))
    p.add_argument("--data", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--methods", default="kmeans,nmf,lda,lda-sklearn")
    p.add_argument("--seeds", default="0,21,42")
    p.add_argument("--k", type=int, default=None, help="default: 5 for bbc, 20 for 20ng")
    p.add_argument("--min-df", type=float, default=5)
    p.add_argument("--max-df", type=float, default=0.5)
    p.add_argument(
        "--lsa",
        type=int,
        default=None,
        metavar="N",
        help="k-means/agglomerative on N LSA dimensions instead of the TF-IDF space",
    )
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    preset = PRESETS[args.corpus]
    k = args.k or preset["k"]
    try:
        t0 = time.perf_counter()
        docs, labels, dropped = load_labelled_folder(
            args.data, suffixes=preset["suffixes"], label_level=preset["label_level"]
        )
        load_seconds = time.perf_counter() - t0
        min_df = int(args.min_df) if args.min_df >= 1 else args.min_df
        vec = BowVectorizer(min_df=min_df, max_df=args.max_df)
        # tokenise once: every model re-vectorises the same texts, the Tokenizer caches lemmas
        texts = [d.clean_text() for d in docs]
        params = {
            "lda": {"passes": 5, "iterations": 50, "chunksize": 2000, "alpha": "symmetric"},
            "lda-sklearn": {"passes": 10},
        }
        if args.lsa:
            params["kmeans"] = params["agglomerative"] = {"n_components": args.lsa}
        result = labelled_agreement(
            texts,
            labels,
            methods=args.methods.split(","),
            k=k,
            seeds=[int(s) for s in args.seeds.split(",")],
            vectorizer=vec,
            params=params,
        )
        out = ensure_dir(args.out)
        summary = {
            "corpus": args.corpus,
            "data": str(args.data),
            "k": k,
            "n_documents": len(docs),
            "n_labels": len(set(labels)),
            "header_sentences_dropped": dropped,
            "load_clean_seconds": round(load_seconds, 1),
            "min_df": min_df,
            "max_df": args.max_df,
            "model_params": params,
            "methods": result,
        }
        write_json(Path(out) / "labelled.json", summary)
    except NlptoolsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(
        f"{args.corpus}: {len(docs)} documents, {len(set(labels))} labels, k={k}, "
        f"{dropped} header sentences dropped, loaded+cleaned in {load_seconds:.0f}s"
    )
    for name, m in result.items():
        secs = sum(r["fit_seconds"] for r in m["runs"]) / len(m["runs"])
        print(
            f"{name:12s} NMI {m['mean_nmi']:.3f} ARI {m['mean_ari']:.3f} purity {m['mean_purity']:.3f} "
            f"(mean fit {secs:.1f}s)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
