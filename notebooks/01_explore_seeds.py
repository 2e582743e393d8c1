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
# # 01 · Exploring the seed articles
#
# The five seed articles (`seeds/`) are the toolkit's own test bed: scraped news about North Korea and
# Russia, with the furniture scraping leaves behind (bylines, photo credits, captions, agency tags).
# This notebook walks the main job one stage at a time, each stage a library call:
#
# 1. load the articles (`Corpus.from_path`),
# 2. clean them and look at **what was removed and why** (`clean_document`, `CleanDocument.removed`),
# 3. sentences with their offsets into the source,
# 4. the vocabulary the models see (`Tokenizer`, `BowVectorizer`),
# 5. themes guided by the lexicon `seeds/themes.toml` (`find_themes`),
# 6. per-theme digests (`build_digest`),
# 7. figures along the way: furniture by rule, sentence lengths, top tokens, the choice of k, top terms,
#    article-theme weights, the intertopic map and a map of the sentences.
#
# It needs nothing but the repository (no shared corpora). The script `01_explore_seeds.py` is the source;
# the `.ipynb` is its jupytext pair.

# %% tags=["parameters"]
SEED = 0  # random_state of every model
WORDS = 80  # word budget of each theme's digest
EXAMPLE = 4  # which seed article to show in detail (0-4)
FIGURE_DIR = None  # a folder to also save the figures to as PNG (None: only show them)

# %%
import os

import matplotlib.pyplot as plt
import numpy as np
from IPython.display import HTML, Markdown, display

from nlptools.cleaning import clean_document
from nlptools.corpus import Corpus
from nlptools.digest import build_digest
from nlptools.experiment import project_root
from nlptools.plots import (
    figure_saver,
    plot_counts,
    plot_document_map,
    plot_histogram,
    plot_intertopic_map,
    plot_model_selection,
    plot_theme_heatmap,
    plot_top_terms,
)
from nlptools.report import markdown_table, marked_text_html
from nlptools.themes import find_themes, load_lexicon
from nlptools.vectorize import BowVectorizer, TfidfVectorizer, make_passages

ROOT = project_root()
if ROOT is None:
    raise SystemExit("Run this notebook from inside the nlptools repository (the folder holding seeds/).")
SEEDS = ROOT / "seeds"
FIGURE_DIR = FIGURE_DIR or os.environ.get("NLPTOOLS_FIGURE_DIR")
plt.rcParams["figure.dpi"] = 90
keep = figure_saver("01_", FIGURE_DIR)  # keep(fig, name): show it, and save it when FIGURE_DIR is set


print(f"repository: {ROOT}\nseeds: {SEEDS}")

# %% [markdown]
# ## 1. Load
# A `Corpus` streams the files anew on every pass; decoding is tolerant (the encoding used is kept in `meta`).

# %%
corpus = Corpus.from_path(SEEDS)
display(Markdown(markdown_table(
    [{"id": d.id, "characters": len(d.text), "lines": d.text.count("\n") + 1,
      "encoding": d.meta.get("encoding"), "opens with": d.text.strip().splitlines()[0]} for d in corpus],
    width=70,
)))

# %% [markdown]
# ## 2. Cleaning: what was removed, and why
# Every removed span is kept with the rule that removed it, so cleaning can be audited rather than trusted.

# %%
clean = [clean_document(d) for d in corpus]
removed_rows = [{"article": c.id[:3], "rule": r.rule, "offsets": f"{r.start}-{r.end}", "text": r.text}
                for c in clean for r in c.removed]
display(Markdown(markdown_table(removed_rows, width=70)))
chars_by_rule = {}
for c in clean:
    for r in c.removed:
        chars_by_rule[r.rule] = chars_by_rule.get(r.rule, 0) + (r.end - r.start)
print(f"{len(removed_rows)} spans removed from {len(clean)} articles, "
      f"{sum(chars_by_rule.values())} of {sum(len(c.text) for c in clean)} characters")

# %%
ax = plot_counts(chars_by_rule, xlabel="characters removed", title="Furniture removed from the seeds, by rule")
keep(ax, "removed_by_rule");

# %% [markdown]
# The furniture in its place: one article's source text, with each removed span struck through and labelled
# with its rule (the first 2,500 characters).

# %%
doc = clean[EXAMPLE]
print(f"{doc.id}: title {doc.title!r}, date {doc.date}, {len(doc.removed)} spans removed")
display(HTML(marked_text_html(doc.text, [(r.start, r.end, r.rule) for r in doc.removed],
                              end=min(len(doc.text), 2500))))

# %% [markdown]
# ## 3. Sentences with offsets
# A sentence's `text` is always `source[start:end]`, so every later stage (themes, digests, the HTML report)
# can point back to the exact place in the article. Headings are kept but flagged.

# %%
rows = [{"#": s.index, "start": s.start, "end": s.end, "paragraph": s.paragraph,
         "heading": "yes" if s.heading else "", "text": s.text} for s in doc.sentences[:12]]
display(Markdown(markdown_table(rows, width=90)))
exact = all(s.text == c.text[s.start:s.end] for c in clean for s in c.sentences)
print(f"every sentence of every seed equals source[start:end]: {exact}")
print("sentences per article:", {c.id[:3]: len(c.body) for c in clean})

# %%
lengths = {c.id[:3]: [len(s.text.split()) for s in c.body] for c in clean}
ax = plot_histogram(lengths, bins=12, xlabel="words per sentence", title="Sentence lengths by article")
keep(ax, "sentence_lengths");

# %% [markdown]
# ## 4. Vocabulary
# The tokens a topic model sees: lower-cased, lemmatised, stop words and numbers dropped, and the lexicon's
# name variants merged (*Kim Jong-un*, *Kim* → `kim_jong_un`).

# %%
lexicon = load_lexicon(SEEDS / "themes.toml")
sentences = make_passages(clean, unit="sentence")
bow = BowVectorizer(tokenizer=lexicon.tokenizer())
counts = bow.fit_transform(sentences)
totals = np.asarray(counts.sum(axis=0)).ravel()
names = bow.get_feature_names_out()
top = np.argsort(-totals, kind="stable")[:25]
print(f"{len(sentences)} sentences, {counts.sum()} tokens, vocabulary of {len(names)} types")
ax = plot_counts({str(names[j]): int(totals[j]) for j in top}, xlabel="occurrences",
                 title="The 25 most frequent tokens of the seeds")
keep(ax, "top_tokens");

# %% [markdown]
# ## 5. Themes
# Guided LDA on the sentences: the lexicon's three named themes get priors on their seed words, other topics
# are discovered. `k="auto"` fits several k and keeps the best by coherence (NPMI) × diversity (TD@10).

# %%
display(Markdown(markdown_table([{"theme": name, "seed words": ", ".join(words)}
                                 for name, words in lexicon.themes.items()])))
themes = find_themes(clean, lexicon=lexicon, method="lda", k="auto", random_state=SEED)
sweep = themes.k_sweep
print(f"k = {themes.k} (tried {[s['k'] for s in sweep.scores]}), sentence threshold {themes.threshold:.2f}")
display(Markdown(markdown_table(
    [{"theme": t.name, "kind": "named" if t.seeded else "discovered", "share": t.weight,
      "top terms": ", ".join(term for term, _ in t.terms[:8])} for t in themes.themes], width=90)))

# %%
ax = plot_model_selection([s["k"] for s in sweep.scores], [s["npmi"] for s in sweep.scores],
                          [s["td10"] for s in sweep.scores], chosen=sweep.best_k,
                          title="Seeds: choosing k (guided LDA on sentences)")
keep(ax, "model_selection");

# %%
fig = plot_top_terms([[t for t, _ in th.terms[:10]] for th in themes.themes],
                     [[w for _, w in th.terms[:10]] for th in themes.themes],
                     [th.name for th in themes.themes], title="Top terms per theme (seeds)")
keep(fig, "top_terms");

# %%
titles = {c.id: (c.title or c.id) for c in clean}
theme_names = [t.name for t in themes.themes]
W = [[d.weights.get(name, 0.0) for name in theme_names] for d in themes.documents]
ax = plot_theme_heatmap(W, [titles[d.id] for d in themes.documents], theme_names,
                        title="Theme weights per seed article")
keep(ax, "theme_heatmap");

# %% [markdown]
# How far apart the themes are: each theme's position comes from the Jensen-Shannon distances between the
# topics' word distributions (classical MDS), its area from its share of the corpus.

# %%
by_topic = sorted(themes.themes, key=lambda t: t.topic)
ax = plot_intertopic_map(np.clip(themes.model.components_, 0, None), [t.weight for t in by_topic],
                         [t.name for t in by_topic], title="Seeds: intertopic distance map")
keep(ax, "intertopic_map");

# %% [markdown]
# A map of all body sentences (t-SNE of their TF-IDF vectors), coloured by the theme each was assigned (left;
# grey: no theme reaches the threshold) and by article (right). Sentences are short and all five articles tell
# one story, so in word space the themes overlap: a theme is learnt from co-occurrence over the whole corpus,
# not from sentence clusters, and no article is a theme of its own.

# %%
theme_of = {(d.id, s.index): s.theme for d in themes.documents for s in d.sentences}
tfidf = TfidfVectorizer(tokenizer=lexicon.tokenizer()).fit_transform(sentences)
fig, (left, right) = plt.subplots(1, 2, figsize=(14, 5.6), layout="constrained")
plot_document_map(tfidf, [theme_of.get((p.document, p.sentences[0].index)) for p in sentences], method="tsne",
                  random_state=SEED, ax=left, title="coloured by theme")
plot_document_map(tfidf, [p.document[:3] for p in sentences], method="tsne", random_state=SEED, ax=right,
                  title="coloured by article", legend_title="article")
fig.suptitle("Seed sentences (t-SNE of TF-IDF)")
keep(fig, "sentence_map");

# %% [markdown]
# ## 6. Digests
# For each theme, an extractive summary of the sentences it claims (LexRank, a word budget), with repeats
# removed within and across themes. Every line cites its article and offsets.

# %%
digest = build_digest(clean, lexicon=lexicon, words=WORDS, random_state=SEED)
display(Markdown(digest.to_markdown()))

# %%
ok = all(s.text == digest.documents[s.document].text[s.start:s.end] for t in digest.themes for s in t.sentences)
print(f"{sum(len(t.sentences) for t in digest.themes)} digest sentences, all traced to source[start:end]: {ok}")
print("words per theme:", {t.name: t.words for t in digest.themes})
print("The same digest as one self-contained HTML page: nlptools digest seeds --html --out DIR")
