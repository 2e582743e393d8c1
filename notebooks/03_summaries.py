# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 03 · Summarisers: ROUGE on BBC News, cost, and the seed digests
#
# 1. **ROUGE on BBC News Summary.** Each method summarises each article of a subsample with as many sentences
#    as its reference summary has (`nlptools.benchmarks.summaries.run_method`), scored with ROUGE F1
#    (`score_runs`, `nlptools.evaluate.rouge.rouge`). Lead and Random are baselines; the *oracle* is the
#    greedy extractive upper bound. Caveat: these references were made by a word-overlap ranker, not written by
#    people, so the scores are a regression benchmark for extractive methods, not a measure of quality.
# 2. **Cost.** Run time against input length (sentences), log-log, with each method's growth exponent.
# 3. **The seed digests** with several summarisers: what each picks for each theme, and how much they agree.
#
# The BBC data come from `$NLPTOOLS_DATA` or `../shared/data` beside the repository; when they are absent
# parts 1 and 2 are skipped (and say so) and part 3 still runs. The full benchmark is
# `nlptools run experiments/summaries_bbc.toml`.

# %% tags=["parameters"]
N_PER_CATEGORY = 12  # BBC articles per category (5 categories) for the ROUGE table
METHODS = ["lead", "random", "centroid", "textrank", "lexrank",
           "sumy-lexrank", "sumy-textrank", "sumy-luhn", "sumy-lsa", "oracle"]
COST_METHODS = ["lead", "centroid", "textrank", "lexrank", "sumy-lexrank", "sumy-textrank", "sumy-luhn"]
COST_SIZES = [20, 40, 80, 160, 320]  # input lengths (sentences) for the cost curves
COST_REPEATS = 2  # best of this many runs per point
SEED = 0  # random_state (the Random baseline, the theme model)
DIGEST_SUMMARIZERS = ["lexrank", "textrank", "centroid", "lead"]
K_THEMES = 6  # themes of the seed digests
WORDS = 80  # word budget of each theme's digest
FIGURE_DIR = None  # a folder to also save the figures to as PNG (None: only show them)

# %%
import os
import time

import matplotlib.pyplot as plt
import numpy as np
from IPython.display import HTML, Markdown, display
from threadpoolctl import threadpool_limits

from nlptools.cleaning import clean_document
from nlptools.corpus import Corpus
from nlptools.digest import build_digest
from nlptools.evaluate.rouge import rouge
from nlptools.experiment import project_root, shared_data
from nlptools.plots import figure_saver, plot_cost, plot_rouge, plot_theme_heatmap
from nlptools.report import markdown_table, marked_text_html
from nlptools.summarize import summarize_sentences
from nlptools.benchmarks.summaries import load_reference_corpus, run_method, score_runs
from nlptools.themes import load_lexicon

ROOT = project_root()
if ROOT is None:
    raise SystemExit("Run this notebook from inside the nlptools repository (the folder holding seeds/).")
DATA = shared_data(ROOT)
BBC = DATA / "bbc-news-summary"
HAVE_BBC = (BBC / "articles").is_dir() and (BBC / "summaries").is_dir()
FIGURE_DIR = FIGURE_DIR or os.environ.get("NLPTOOLS_FIGURE_DIR")
plt.rcParams["figure.dpi"] = 90
keep = figure_saver("03_", FIGURE_DIR)  # keep(fig, name): show it, and save it when FIGURE_DIR is set


if HAVE_BBC:
    print(f"BBC News Summary found at {BBC}")
else:
    print(f"BBC News Summary NOT FOUND at {BBC}: set NLPTOOLS_DATA to the shared data folder (or place it at "
          "../shared/data beside the repository). Parts 1 and 2 are skipped; part 3 (the seed digests) runs.")

# %% [markdown]
# ## 1. ROUGE on BBC News Summary
# The first `N_PER_CATEGORY` articles of each category; each reference (its sentences glued together without
# spaces) is split back into article sentences by matching.

# %%
if HAVE_BBC:
    articles = load_reference_corpus(BBC, per_category=N_PER_CATEGORY)
    categories = sorted({a.category for a in articles})
    print(f"{len(articles)} articles; reference length: mean {np.mean([a.n_reference for a in articles]):.1f} "
          f"of {np.mean([len(a.candidates) for a in articles]):.1f} sentences")
    chosen, seconds, scores, per_article = {}, {}, {}, {}
    for method in METHODS:
        chosen[method], seconds[method] = run_method(articles, method, random_state=SEED)
        scores[method] = score_runs(articles, chosen[method])
        per_article[method] = [
            100 * rouge([a.candidates[i].text for i in picked], a.reference_sentences, types=("rouge1",))["rouge1"]
            for a, picked in zip(articles, chosen[method])]
    ranking = sorted(METHODS, key=lambda m: -scores[m]["rouge1"])
    display(Markdown(markdown_table(
        [{"method": m, "ROUGE-1": scores[m]["rouge1"], "ROUGE-2": scores[m]["rouge2"],
          "ROUGE-L": scores[m]["rougeL"], "ms per article": 1000 * seconds[m] / len(articles)} for m in ranking],
        floatfmt="{:.1f}")))

# %% [markdown]
# One article, three views: the sentences of the reference, those LexRank chose, and those both chose.

# %%
if HAVE_BBC:
    art = articles[0]
    ref = set(art.match.indices)
    picked = set(chosen["lexrank"][0]) if "lexrank" in chosen else set()
    tag = {i: "reference + lexrank" if i in ref and i in picked else "reference" if i in ref else "lexrank"
           for i in ref | picked}
    spans = [(art.candidates[i].start, art.candidates[i].end, t) for i, t in tag.items()]
    print(f"{art.category}/{art.name}: {len(art.candidates)} sentences, reference {len(ref)}, "
          f"lexrank {len(picked)}, shared {len(ref & picked)}")
    display(HTML(marked_text_html(art.document.text, spans, strike=False)))

# %%
if HAVE_BBC:
    ax = plot_rouge(per_article, metric="ROUGE-1 F1 (%)",
                    title=f"ROUGE-1 F1 per article by method ({len(articles)} BBC articles)")
    keep(ax, "rouge_box");

# %%
if HAVE_BBC:
    fig, (left, right) = plt.subplots(1, 2, figsize=(14, 5.2), layout="constrained")
    plot_rouge(per_article, metric="ROUGE-1 F1 (%)", kind="bar", ax=left,
               title="Mean ROUGE-1 F1 with 95% confidence interval")
    order = [m for m in ranking]
    plot_theme_heatmap([[scores[m]["by_category"][c]["rouge1"] for c in categories] for m in order], order,
                       categories, fmt="{:.0f}", cmap="viridis", ax=right, colorbar_label="ROUGE-1 F1 (%)",
                       title="Mean ROUGE-1 F1 (%) by category")
    right.set_xlabel("BBC category")
    right.set_ylabel("method")
    keep(fig, "rouge_bars_by_category");

# %% [markdown]
# ## 2. Cost against input length
# One long input: the body sentences of the subsample's articles, in order, cut to each length; each method
# picks 5 sentences (no redundancy control, so only ranking is timed). Best of `COST_REPEATS` runs per point,
# with numpy's BLAS held to one thread: on a busy machine a multi-threaded BLAS can make the small dense
# products of the native rankers a hundred times slower, which would measure the machine, not the method.

# %%
if HAVE_BBC:
    pool = [s for a in articles for s in a.candidates]
    sizes = [n for n in COST_SIZES if n <= len(pool)]
    cost = {}
    with threadpool_limits(limits=1):
        for method in COST_METHODS:
            summarize_sentences(pool[:20], method=method, n_sentences=5, redundancy=None)  # warm-up
            times = []
            for n in sizes:
                best = float("inf")
                for _ in range(COST_REPEATS):
                    t0 = time.perf_counter()
                    summarize_sentences(pool[:n], method=method, n_sentences=5, redundancy=None, random_state=SEED)
                    best = min(best, time.perf_counter() - t0)
                times.append(best)
            cost[method] = times
    display(Markdown(markdown_table([{"method": m, **{f"{n} sentences (ms)": 1000 * t for n, t in zip(sizes, ts)}}
                                     for m, ts in cost.items()], floatfmt="{:.1f}")))
    ax = plot_cost(sizes, cost, title=f"Summariser cost against input length (best of {COST_REPEATS})")
    keep(ax, "cost");

# %% [markdown]
# ## 3. The seed digests, by summariser
# The same themes (guided LDA, `K_THEMES` themes, lexicon `seeds/themes.toml`) digested by several
# summarisers with the same word budget. The table counts the sentences each pair of summarisers both chose.

# %%
seeds = [clean_document(d) for d in Corpus.from_path(ROOT / "seeds")]
lexicon = load_lexicon(ROOT / "seeds" / "themes.toml")
digests = {name: build_digest(seeds, lexicon=lexicon, k=K_THEMES, summarizer=name, words=WORDS,
                              random_state=SEED) for name in DIGEST_SUMMARIZERS}
picked = {name: {(s.document, s.start) for t in d.themes for s in t.sentences} for name, d in digests.items()}
display(Markdown(markdown_table(
    [{"summariser": a, "sentences": len(picked[a]), "words": sum(t.words for t in digests[a].themes),
      **{f"shared with {b}": len(picked[a] & picked[b]) for b in DIGEST_SUMMARIZERS if b != a}}
     for a in DIGEST_SUMMARIZERS])))

# %%
first = digests[DIGEST_SUMMARIZERS[0]]
by_name = {name: {t.name: t for t in d.themes} for name, d in digests.items()}
for theme in first.themes[:3]:
    display(Markdown(f"**{theme.name}** ({'named' if theme.seeded else 'discovered'} theme)"))
    display(Markdown(markdown_table(
        [{"summariser": name, "digest": " / ".join(s.text for s in by_name[name][theme.name].sentences)}
         for name in digests], width=400)))

# %%
display(Markdown(first.to_markdown()))
