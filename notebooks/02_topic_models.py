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
# # 02 · Topic models compared on BBC News
#
# Four ways to find topics, all behind one estimator interface (`nlptools.topics.make_model`):
#
# | name | model |
# |---|---|
# | `lda` | latent Dirichlet allocation, gensim backend |
# | `lda-sklearn` | the same model, scikit-learn backend |
# | `nmf` | non-negative matrix factorisation of TF-IDF |
# | `kmeans` | k-means clustering of TF-IDF, clusters named by class-based TF-IDF |
#
# On a subsample of the BBC News articles (five categories: business, entertainment, politics, sport,
# tech) this notebook
#
# 1. fits each model for several k and chooses k by **coherence** (NPMI) × **diversity** (TD@10)
#    (`nlptools.topics.sweep_k`),
# 2. plots the choice, the top terms, the intertopic distances and a map of the articles,
# 3. relates each model's topics to the BBC categories: NMI, ARI and purity of every article's heaviest
#    topic (`nlptools.evaluate.clustering.agreement`),
# 4. and, on the seeds (always available), shows how each method names its themes with the lexicon.
#
# The data come from `$NLPTOOLS_DATA` or `../shared/data` beside the repository; when they are absent the
# BBC part is skipped (and says so) and the seeds part still runs. For the full corpus with several seeds, run
# the experiment config instead: `nlptools run experiments/topics_bbc_articles.toml`.

# %% tags=["parameters"]
N_PER_CATEGORY = 40  # BBC articles per category (5 categories): the subsample size
KS = [3, 4, 5, 6, 8]  # numbers of topics to try
K_LABELS = 5  # k at which the models are compared with the 5 BBC categories
SEED = 0  # random_state of every model
METHODS = ["lda", "lda-sklearn", "nmf", "kmeans"]
MODEL_PARAMS = {"lda": {"passes": 20, "alpha": "auto"}, "lda-sklearn": {"passes": 20}}  # per-method settings
MIN_DF, MAX_DF = 3, 0.5  # vocabulary: words in at least 3 articles and at most half of them
FIGURE_DIR = None  # a folder to also save the figures to as PNG (None: only show them)

# %%
import os
import time

import matplotlib.pyplot as plt
import numpy as np
from IPython.display import Markdown, display

from nlptools.cleaning import clean_document
from nlptools.corpus import Corpus
from nlptools.evaluate.clustering import agreement
from nlptools.experiment import project_root, shared_data
from nlptools.plots import (
    figure_saver,
    plot_document_map,
    plot_intertopic_map,
    plot_model_selection,
    plot_theme_heatmap,
    plot_top_terms,
)
from nlptools.report import markdown_table
from nlptools.benchmarks.summaries import load_reference_corpus
from nlptools.themes import find_themes, load_lexicon
from nlptools.topics import make_model, sweep_k
from nlptools.vectorize import BowVectorizer, TfidfVectorizer

ROOT = project_root()
if ROOT is None:
    raise SystemExit("Run this notebook from inside the nlptools repository (the folder holding seeds/).")
DATA = shared_data(ROOT)
BBC = DATA / "bbc-news-summary"
HAVE_BBC = (BBC / "articles").is_dir() and (BBC / "summaries").is_dir()
FIGURE_DIR = FIGURE_DIR or os.environ.get("NLPTOOLS_FIGURE_DIR")
plt.rcParams["figure.dpi"] = 90
keep = figure_saver("02_", FIGURE_DIR)  # keep(fig, name): show it, and save it when FIGURE_DIR is set


if HAVE_BBC:
    print(f"BBC News Summary found at {BBC}")
else:
    print(f"BBC News Summary NOT FOUND at {BBC}: set NLPTOOLS_DATA to the shared data folder (or place it at "
          "../shared/data beside the repository). The BBC sections below are skipped; the seeds section runs.")

# %% [markdown]
# ## 1. The subsample
# The first `N_PER_CATEGORY` articles of each category (by file name), cleaned by the library's rules. The
# category is the label the topics are compared with; no model sees it.

# %%
if HAVE_BBC:
    t0 = time.perf_counter()
    articles = load_reference_corpus(BBC, per_category=N_PER_CATEGORY)
    docs = [a.document for a in articles]
    labels = [a.category for a in articles]
    categories = sorted(set(labels))
    print(f"{len(docs)} articles loaded and cleaned in {time.perf_counter() - t0:.1f} s")
    display(Markdown(markdown_table([{"category": c, "articles": labels.count(c),
                                      "mean words": np.mean([len(d.clean_text().split()) for d, lab in
                                                             zip(docs, labels) if lab == c])}
                                     for c in categories], floatfmt="{:.0f}")))

# %% [markdown]
# ## 2. Choosing k by coherence and diversity
# Each model is fitted at every k on whole articles; NPMI coherence is measured on the articles' own tokens
# and TD@10 is the share of distinct words among all topics' top 10. The k with the best NPMI × TD@10 wins.

# %%
if HAVE_BBC:
    vectorizer = BowVectorizer(min_df=MIN_DF, max_df=MAX_DF)
    texts = [vectorizer.analyze(" ".join(s.text for s in d.body)) for d in docs]  # for coherence, shared
    sweeps, chosen_models, seconds = {}, {}, {}
    for method in METHODS:
        t0 = time.perf_counter()
        sweeps[method], chosen_models[method] = sweep_k(
            lambda k, m=method: make_model(m, n_topics=k, random_state=SEED, vectorizer=vectorizer,
                                           **MODEL_PARAMS.get(m, {})),
            docs, KS, texts=texts, with_c_v=False)
        seconds[method] = time.perf_counter() - t0
    print(f"vocabulary: {len(chosen_models[METHODS[0]].feature_names_)} words")
    display(Markdown(markdown_table(
        [{"method": m, "chosen k": sweeps[m].best_k,
          **{f"NPMI k={s['k']}": s["npmi"] for s in sweeps[m].scores},
          "TD@10 at chosen k": next(s["td10"] for s in sweeps[m].scores if s["k"] == sweeps[m].best_k),
          "sweep seconds": seconds[m]} for m in METHODS], floatfmt="{:.3f}")))

# %%
if HAVE_BBC:
    ax = plot_model_selection(KS, {m: [s["npmi"] for s in sweeps[m].scores] for m in METHODS},
                              {m: [s["td10"] for s in sweeps[m].scores] for m in METHODS},
                              title=f"BBC ({len(docs)} articles): coherence and diversity against k")
    keep(ax, "model_selection");

# %% [markdown]
# ## 3. Do the topics recover the categories?
# At k = 5 (the number of categories) each article goes to its heaviest topic, and that clustering is compared
# with the BBC labels. NMI and ARI are 0 for chance and 1 for a perfect match; purity is the share of articles
# in their topic's majority category. The same scores at each model's chosen k are given for comparison
# (purity rises with k by construction; NMI and ARI do not).

# %%
if HAVE_BBC:
    at_k = {}
    for method in METHODS:
        if sweeps[method].best_k == K_LABELS:
            at_k[method] = chosen_models[method]
        else:
            at_k[method] = make_model(method, n_topics=K_LABELS, random_state=SEED, vectorizer=vectorizer,
                                      **MODEL_PARAMS.get(method, {})).fit(docs)
    rows = []
    for method in METHODS:
        fixed = agreement(labels, at_k[method].doc_topic_.argmax(axis=1))
        best = agreement(labels, chosen_models[method].doc_topic_.argmax(axis=1))
        rows.append({"method": method, f"NMI k={K_LABELS}": fixed["nmi"], f"ARI k={K_LABELS}": fixed["ari"],
                     f"purity k={K_LABELS}": fixed["purity"], "chosen k": sweeps[method].best_k,
                     "NMI chosen k": best["nmi"], "ARI chosen k": best["ari"], "purity chosen k": best["purity"]})
    display(Markdown(markdown_table(rows)))
    best_method = max(rows, key=lambda r: r[f"NMI k={K_LABELS}"])["method"]
    print(f"closest to the categories at k={K_LABELS}: {best_method}")

# %% [markdown]
# Where each category's articles go: the share of a category's articles whose heaviest topic is each topic
# (rows sum to 1), one panel per model. A clean diagonal-like pattern means the model found the categories.

# %%
if HAVE_BBC:
    fig, axes = plt.subplots(2, 2, figsize=(13, 7.5), layout="constrained")
    for ax, method in zip(axes.ravel(), METHODS):
        top = at_k[method].doc_topic_.argmax(axis=1)
        share = np.array([[np.mean(top[np.array(labels) == c] == j) for j in range(K_LABELS)] for c in categories])
        plot_theme_heatmap(share, categories, at_k[method].topic_labels_, ax=ax, title=method,
                           colorbar_label="share of the category")
        ax.set_ylabel("BBC category")
        ax.set_xlabel("topic (top 3 words)")
    fig.suptitle(f"BBC categories against topics (k = {K_LABELS}, {len(docs)} articles)")
    keep(fig, "categories_by_topic");

# %% [markdown]
# ## 4. What the topics are about
# The top terms of the closest model, and how the four models' topics read side by side.

# %%
if HAVE_BBC:
    model = at_k[best_method]
    weights = model.components_
    terms = model.top_terms(10)
    index = {w: j for j, w in enumerate(model.feature_names_)}
    fig = plot_top_terms(terms, [[float(weights[t, index[w]]) for w in ws] for t, ws in enumerate(terms)],
                         [f"{t}: {name}" for t, name in enumerate(model.topic_labels_)], ncols=5,
                         title=f"{best_method}, k = {K_LABELS}: top terms")
    keep(fig, "top_terms");
    display(Markdown(markdown_table(
        [{"method": m, **{f"topic {t}": ", ".join(ws[:6]) for t, ws in enumerate(at_k[m].top_terms(6))}}
         for m in METHODS], width=60)))

# %%
if HAVE_BBC:
    fig, axes = plt.subplots(1, 2, figsize=(13, 5.2), layout="constrained")
    for ax, method in zip(axes, ["lda", best_method if best_method != "lda" else "nmf"]):
        m = at_k[method]
        plot_intertopic_map(np.clip(m.components_, 0, None), m.doc_topic_.sum(axis=0), m.topic_labels_, ax=ax,
                            title=f"{method}, k = {K_LABELS}")
    fig.suptitle("Intertopic distance maps (MDS of Jensen-Shannon distances; area = prevalence)")
    keep(fig, "intertopic_maps");

# %% [markdown]
# A map of the articles (t-SNE of their TF-IDF vectors), coloured by BBC category (left) and by the closest
# model's heaviest topic (right). Each topic is named after the category most of its articles belong to, so
# matching colours mean agreement.

# %%
if HAVE_BBC:
    X = TfidfVectorizer(min_df=MIN_DF, max_df=MAX_DF).fit_transform(docs)
    top = at_k[best_method].doc_topic_.argmax(axis=1)
    majority = {j: max(categories, key=lambda c: (np.sum((top == j) & (np.array(labels) == c)), c))
                for j in set(top.tolist())}
    topic_names = [f"{majority[j]} \u00b7 {at_k[best_method].topic_labels_[j]}" for j in top]
    fig, (left, right) = plt.subplots(1, 2, figsize=(14, 5.6), layout="constrained")
    plot_document_map(X, labels, method="tsne", random_state=SEED, ax=left, title="coloured by BBC category",
                      legend_title="category")
    plot_document_map(X, topic_names, method="tsne", random_state=SEED, ax=right,
                      title=f"coloured by {best_method} topic (named by its majority category)",
                      legend_title="topic")
    fig.suptitle(f"BBC articles (t-SNE of TF-IDF, {len(docs)} articles)")
    keep(fig, "document_map");

# %% [markdown]
# ## 5. On the seeds: how each method names its themes
# This part needs no shared data. Each method is fitted on the seeds' sentences with k = 6; the lexicon's
# themes guide gensim LDA (seed-word priors) and name the other methods' topics afterwards (a topic that
# matches no lexicon theme is a discovered theme, named by its top words).

# %%
seeds = [clean_document(d) for d in Corpus.from_path(ROOT / "seeds")]
lexicon = load_lexicon(ROOT / "seeds" / "themes.toml")
rows = []
for method in METHODS:
    t0 = time.perf_counter()
    result = find_themes(seeds, lexicon=lexicon, method=method, k=6, random_state=SEED)
    assigned = sum(1 for d in result.documents for s in d.sentences if s.theme is not None and not s.heading)
    total = sum(1 for d in result.documents for s in d.sentences if not s.heading)
    rows.append({"method": method, "named themes": "; ".join(t.name for t in result.themes if t.seeded),
                 "discovered themes": "; ".join(t.name for t in result.themes if not t.seeded),
                 "sentences with a theme": f"{assigned}/{total}", "seconds": time.perf_counter() - t0})
display(Markdown(markdown_table(rows, width=120, floatfmt="{:.1f}")))
