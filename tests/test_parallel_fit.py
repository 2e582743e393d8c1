"""Parallel work that must not change a result: the k sweep on threads, the process runner's shared arguments."""

from __future__ import annotations

import pytest
from test_ensemble import TEXTS

from nlptools.cleaning import clean_document
from nlptools.document import Document
from nlptools.errors import ParameterError
from nlptools.parallel import executor
from nlptools.themes import find_themes
from nlptools.topics.sweep import choose_k


def _scores(sweep):
    return [{k: v for k, v in row.items() if k != "seconds"} for row in sweep.scores]


def test_choose_k_gives_the_same_scores_on_any_number_of_threads():
    one = choose_k(TEXTS, ks=[2, 3, 4, 5], n_jobs=1)
    two = choose_k(TEXTS, ks=[2, 3, 4, 5], n_jobs=2)
    assert _scores(one) == _scores(two) and one.best_k == two.best_k == 3


def test_find_themes_n_jobs_changes_nothing_and_is_checked():
    docs = [clean_document(Document(id=f"d{i:02d}", text=t.capitalize() + ".")) for i, t in enumerate(TEXTS)]
    one = find_themes(docs, method="ensemble", n_jobs=1)
    two = find_themes(docs, method="ensemble", n_jobs=2)
    assert one.to_dict() == two.to_dict()
    with pytest.raises(ParameterError, match="n_jobs"):
        find_themes(docs, method="ensemble", n_jobs=0)


def _add(chunk, a, b):
    return [x + a + b for x in chunk]


def test_process_runner_sends_shared_arguments_once_per_run():
    """Each run's extra arguments reach every chunk (read from a file by each worker), run after run."""
    with executor(jobs=2) as run:
        first = list(run(_add, [[1, 2], [3], [4, 5]], 10, 100))
        second = list(run(_add, [[1], [2]], 1, 1))
        third = list(run(len, [[1, 2], []]))
    assert first == [[111, 112], [113], [114, 115]]
    assert second == [[3], [4]]
    assert third == [2, 0]
