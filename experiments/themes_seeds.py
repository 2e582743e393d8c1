"""Themes of the seed corpus against a careful reading, and LDA vs TF-IDF clustering agreement.

    .venv/bin/python experiments/themes_seeds.py --out runs/themes-seeds

The reading below was made by hand, sentence by sentence, before looking at
any model output: each sentence lists the themes a careful reader would
accept for it (A = arms trade, T = troop deployment, D = diplomacy,
O = none of the three). A model's sentence theme counts as right when it is
among them (no theme, or a discovered theme, counts as O).

For each method and unit (sentence or paragraph passages) and k in 3..6
(and auto), the script writes OUT/seeds_themes.json: accuracy against the
reading (all sentences, and the sentences whose reading is one named
theme), NPMI / C_V / TD of the topics on the sentence tokens, article
weights, and the agreement (NMI, ARI) between LDA's and k-means'
sentence assignments.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

A, T, D, O = "arms trade", "troop deployment", "diplomacy", None  # noqa: E741

# (document prefix, sentence index) -> acceptable themes; headings included
READING: dict[str, list[tuple]] = {
    "000": [
        (O,),
        (D,),
        (A, D),
        (A,),
        (D,),
        (D,),
        (D, O),
        (D,),
        (D, O),
        (D, O),
        (O,),
        (O,),
        (O,),
        (O,),
        (D, O),
        (O,),
        (D, O),
        (D,),
        (A, O),
        (A,),
        (A,),
        (A, O),
        (O,),
        (O,),
        (A,),
        (A, D),
        (D, O),
        (A,),
    ],
    "001": [
        (A,),
        (A,),
        (A,),
        (A,),
        (D,),
        (A, D),
        (D, A),
        (A,),
        (A,),
        (D, A),
        (D,),
        (D,),
        (D, T),
        (A,),
        (A,),
        (A, D),
        (A, D),
    ],
    "002": [
        (D,),
        (D,),
        (D,),
        (D,),
        (D,),
        (D,),
        (T,),
        (T,),
        (T,),
        (A,),
        (A,),
        (O,),
        (O,),
        (O,),
        (O,),
        (O,),
        (O,),
        (O, T),
        (O,),
        (O,),
        (O,),
        (D, O),
        (T,),
        (O, A, D),
        (D,),
        (O, T),
    ],
    "003": [
        (D,),
        (D,),
        (D,),
        (D,),
        (D, O),
        (D,),
        (D, O),
        (A,),
        (A,),
        (O,),
        (O,),
        (O,),
        (O,),
        (O,),
        (D, O),
        (A,),
        (A,),
        (D, O),
        (O, D),
    ],
    "004": [
        (T,),
        (D, O),
        (D,),
        (D,),
        (D,),
        (D,),
        (T,),
        (T, O),
        (T, O),
        (D,),
        (D, O),
        (D, O),
        (T,),
        (D, O),
        (O,),
        (T,),
        (T, A),
        (T, O),
        (D, A),
        (T,),
        (O,),
        (D,),
        (D,),
        (D,),
        (O, D),
        (O,),
        (D,),
        (D, O),
        (O,),
        (D,),
        (D, O),
        (D, O),
        (D,),
        (D, O),
        (D,),
        (O,),
        (O,),
        (O,),
        (O,),
        (D, O),
        (O,),
        (O,),
    ],
}

#: The article themes a careful reader gives (main theme first).
ARTICLES = {"000": (D, A), "001": (A, D), "002": (T, D), "003": (D, A), "004": (D, T)}


def main(argv: list[str] | None = None) -> int:
    from nlptools.cleaning import clean_corpus
    from nlptools.corpus import Corpus
    from nlptools.errors import NlptoolsError
    from nlptools.outputs import ensure_dir, write_json
    from nlptools.themes import compare_assignments, find_themes, load_lexicon, score_against_reading

    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    root = Path(__file__).resolve().parents[1]
    p.add_argument("--seeds", default=str(root / "seeds"))
    p.add_argument("--themes", default=str(root / "seeds" / "themes.toml"))
    p.add_argument("--out", required=True)
    p.add_argument("--methods", default="lda,nmf,kmeans")
    p.add_argument("--ks", default="3,4,5,6,auto")
    p.add_argument("--seeds-random", default="0,1,2", help="random seeds (scores are averaged over them)")
    p.add_argument(
        "--disagreements",
        default="lda,paragraph,5,0",
        metavar="METHOD,UNIT,K,SEED",
        help="list the sentences where this run and the reading disagree ('' for none)",
    )
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    try:
        docs = list(clean_corpus(Corpus.from_path(args.seeds)))
        lexicon = load_lexicon(args.themes)
        reading = {(d.id, s.index): READING[d.id[:3]][s.index] for d in docs for s in d.sentences}
        runs: list[dict] = []
        summary: list[dict] = []
        results = {}
        seeds = [int(x) for x in args.seeds_random.split(",")]
        configs = [
            (m, u, k) for m in args.methods.split(",") for u in ("sentence", "paragraph") for k in args.ks.split(",")
        ]
        articles = {d.id: ARTICLES[d.id[:3]] for d in docs}
        for method, unit, k in configs:
            for seed in seeds:
                r = find_themes(
                    docs, lexicon=lexicon, method=method, k=k if k == "auto" else int(k), unit=unit, random_state=seed
                )
                score = score_against_reading(r, reading, articles=articles)
                runs.append(
                    {
                        "method": method,
                        "unit": unit,
                        "k": k,
                        "seed": seed,
                        "k_used": r.k,
                        **score,
                        "themes": [
                            {"name": t.name, "top_terms": [w for w, _ in t.terms], "weight": round(t.weight, 4)}
                            for t in r.themes
                        ],
                        "article_weights": {d.id: {n: round(w, 3) for n, w in d.weights.items()} for d in r.documents},
                        "k_sweep": r.k_sweep.to_dict() if r.k_sweep else None,
                    }
                )
                results[(method, unit, k, seed)] = r
            mine = [r_ for r_ in runs if (r_["method"], r_["unit"], r_["k"]) == (method, unit, k)]
            mean = {
                m: sum(r_[m] for r_ in mine) / len(mine)
                for m in ("accuracy", "accuracy_named", "article_main", "article_top2")
            }
            summary.append(
                {
                    "method": method,
                    "unit": unit,
                    "k": k,
                    "seeds": seeds,
                    "k_used": [r_["k_used"] for r_ in mine],
                    **mean,
                }
            )
            print(
                f"{method:12s} {unit:9s} k={k:4s} {[r_['k_used'] for r_ in mine]} acc {mean['accuracy']:.3f} "
                f"named {mean['accuracy_named']:.3f} articles main {mean['article_main']:.2f} "
                f"top2 {mean['article_top2']:.2f}",
                flush=True,
            )
        agreement = []
        for unit in ("sentence", "paragraph"):
            for k in args.ks.split(","):
                for a, b in (("lda", "kmeans"), ("lda", "nmf"), ("nmf", "kmeans")):
                    rows = [
                        compare_assignments(results[(a, unit, k, s)], results[(b, unit, k, s)])
                        for s in seeds
                        if (a, unit, k, s) in results and (b, unit, k, s) in results
                    ]
                    if rows:
                        agreement.append(
                            {
                                "a": a,
                                "b": b,
                                "unit": unit,
                                "k": k,
                                "per_seed": rows,
                                **{m: sum(r_[m] for r_ in rows) / len(rows) for m in ("nmi", "ari", "same_theme")},
                            }
                        )
        if args.disagreements:
            method, unit, k, seed = args.disagreements.split(",")
            r = results[(method, unit, k, int(seed))]
            short = {A: "A", T: "T", D: "D", O: "O"}
            seeded = {t.name for t in r.themes if t.seeded}
            text = {d.id: d.text for d in docs}
            print(f"disagreements with the reading ({method}, {unit}, k={k}, seed {seed}):")
            for d in r.documents:
                for s in d.sentences:
                    got = s.theme if s.theme in seeded else None
                    want = reading[(d.id, s.index)]
                    if got not in want:
                        extra = f" [{s.theme} {s.weight:.2f}]" if s.theme and s.theme not in seeded else ""
                        print(
                            f"  {d.id[:3]} s{s.index}: model {short[got]}{extra}, reader {'/'.join(short[w] for w in want)}"
                            f" | {text[d.id][s.start : s.end][:100]}"
                        )
        out = ensure_dir(args.out)
        write_json(Path(out) / "seeds_themes.json", {"summary": summary, "runs": runs, "agreement": agreement})
        for row in agreement:
            print(
                f"{row['a']} vs {row['b']} {row['unit']:9s} k={row['k']}: NMI {row['nmi']:.3f} ARI {row['ari']:.3f}"
                f" same named theme {row['same_theme']:.3f}"
            )
    except NlptoolsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
