"""Benchmarks: data set loaders and the protocols run on them.

Each module pairs the loader of one kind of benchmark corpus with the protocol
that scores the library on it; experiment kinds (:mod:`nlptools.experiment.kinds`)
are thin adapters over these. Benchmarks may import the stages and
:mod:`nlptools.evaluate`; no stage imports a benchmark.

Modules
-------
:mod:`.octis`
    OCTIS preprocessed corpora and the BERTopic paper's protocol (k grid x
    seeds, NPMI and topic diversity), with its model presets and a parallel runner.
:mod:`.labelled`
    Labelled folder trees (BBC, 20 Newsgroups) and topic models as clustering
    against the labels (NMI, ARI, purity).
:mod:`.summaries`
    Articles with reference summaries (BBC News Summary): run a summariser,
    score it with ROUGE; native against sumy speed; cost against length.
:mod:`.reading`
    Themes scored against a hand reading of every sentence (the seed corpus).
:mod:`.segmentation`
    Sentence boundaries against a hand-checked gold set, with pysbd for comparison.
:mod:`.pipeline`
    Throughput and memory of files to TF-IDF, against scikit-learn, each run in
    a fresh process.
"""
