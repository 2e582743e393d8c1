"""Sentence rankers, one module per family.

- :mod:`.baselines`: Lead and Random;
- :mod:`.centroid`: Centroid (Radev et al., 2004);
- :mod:`.graph`: TextRank and LexRank, and the PageRank solver they share;
- :mod:`.sumy`: sumy's summarisers behind the same protocol;
- :mod:`.weighted`: another ranker's scores times a weight per sentence
  (the digest's theme weighting; not a method of its own).

Every ranker derives from :class:`~nlptools.summarize.types.Ranker`;
:mod:`nlptools.summarize.registry` maps method names to them.
"""

from __future__ import annotations

from .baselines import LeadRanker, RandomRanker
from .centroid import CentroidRanker
from .graph import LexRankRanker, TextRankRanker, pagerank
from .sumy import SUMY_ALGORITHMS, SumyRanker
from .weighted import WeightedRanker

__all__ = [
    "LeadRanker",
    "RandomRanker",
    "CentroidRanker",
    "TextRankRanker",
    "LexRankRanker",
    "pagerank",
    "SumyRanker",
    "SUMY_ALGORITHMS",
    "WeightedRanker",
]
