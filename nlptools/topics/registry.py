"""The topic methods by name: ONE table, read by the library, the command line and the experiments.

Each row of :data:`TABLE` names a method (``"lda"``, ``"nmf"``, ...), the
estimator class that implements it (imported only when a model is built, so
reading the table is cheap), the parameters the name stands for (``preset``:
fixed, e.g. ``backend="tomotopy"``), its own defaults a caller may override,
whether seed words guide it, and a one-line summary.

- :func:`topic_methods`: the names, in table order.
- :func:`topic_method`: the row of a name (a :class:`ParameterError` with a
  did-you-mean for an unknown one).
- :func:`make_topic_model`: an unfitted model by name.

Adding a topic model touches two files: its module (a
:class:`~nlptools.topics.base.TopicModel` subclass) and a row here.

Random state: every method takes ``random_state``, with one meaning across
nlptools (scikit-learn's): an int is the seed (same seed, same input, same
result), a ``numpy.random.RandomState`` gives a seed, ``None`` is fresh,
non-reproducible entropy. Defaults are an explicit seed (0), and so are the
command line's (``--seed``, default 0) and the experiments' (``seed``).
"""

from __future__ import annotations

import difflib
import importlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import ParameterError

if TYPE_CHECKING:  # pragma: no cover
    from .base import TopicModel

logger = logging.getLogger(__name__)

__all__ = ["TopicMethod", "TABLE", "topic_methods", "topic_method", "make_topic_model", "METHODS", "make_model"]


@dataclass(frozen=True)
class TopicMethod:
    """A topic method: a name for an estimator class with some parameters set.

    Attributes
    ----------
    name : str
        What the method is called (``--method``, ``find_themes(method=...)``, configs).
    target : str
        ``"module:Class"``, the estimator in :mod:`nlptools.topics`.
    guided : bool
        Whether seed words (``seed_words``) guide it; other methods ignore them.
    summary : str
        One line on what it is.
    preset : mapping
        Parameters the name stands for (``backend``, ``algorithm``); a caller cannot change them.
    defaults : mapping
        Defaults of this method that differ from its class's; a caller may override them.
    """

    name: str
    target: str
    guided: bool
    summary: str
    preset: Mapping[str, Any] = field(default_factory=dict)
    defaults: Mapping[str, Any] = field(default_factory=dict)

    @property
    def estimator(self) -> type[TopicModel]:
        """The estimator class (imported on first use)."""
        module, _, name = self.target.partition(":")
        cls: type[TopicModel] = getattr(importlib.import_module(f".{module}", __package__), name)
        return cls

    def factory(self, **params: Any) -> TopicModel:
        """An unfitted model of this method.

        Parameters
        ----------
        **params
            Parameters of the estimator class (``n_topics``, ``random_state``,
            ``vectorizer``, ...). ``seed_words`` is passed on when the method
            is guided and ignored otherwise (name such topics after fitting
            with :func:`nlptools.themes.name_topics`).

        Raises
        ------
        ParameterError
            A parameter the method's name fixes (``backend`` of ``lda``, ...).
        TypeError
            A parameter the class does not take.
        """
        fixed = sorted(params.keys() & self.preset.keys())
        if fixed:
            key = fixed[0]
            raise ParameterError(
                f"{key}: method {self.name!r} means {key}={self.preset[key]!r}; choose another method to change it"
            )
        seed_words = params.pop("seed_words", None)
        if self.guided:
            params["seed_words"] = seed_words
        return self.estimator(**{**self.defaults, **params, **self.preset})


#: The topic methods, in the order they are listed everywhere.
TABLE: tuple[TopicMethod, ...] = (
    TopicMethod(
        "lda",
        "lda:LdaTopics",
        guided=True,
        summary="LDA by variational Bayes, gensim",
        preset={"backend": "gensim"},
    ),
    TopicMethod(
        "lda-sklearn",
        "lda:LdaTopics",
        guided=False,
        summary="LDA by variational Bayes, scikit-learn",
        preset={"backend": "sklearn"},
    ),
    TopicMethod(
        "lda-gibbs",
        "lda:LdaTopics",
        guided=True,
        summary="LDA by collapsed Gibbs sampling, tomotopy",
        preset={"backend": "tomotopy"},
        defaults={"alpha": "auto", "eta": 0.1},
    ),
    TopicMethod("nmf", "nmf:NmfTopics", guided=False, summary="NMF of TF-IDF"),
    TopicMethod(
        "kmeans",
        "cluster:ClusterTopics",
        guided=True,
        summary="k-means clustering of TF-IDF",
        preset={"algorithm": "kmeans"},
    ),
    TopicMethod(
        "agglomerative",
        "cluster:ClusterTopics",
        guided=False,
        summary="Ward clustering of TF-IDF",
        preset={"algorithm": "agglomerative"},
    ),
    TopicMethod(
        "ensemble",
        "ensemble:EnsembleTopics",
        guided=False,
        summary="consensus of k-means and NMF over TF-IDF/LSA and static embeddings (discovered themes)",
    ),
)

_BY_NAME: dict[str, TopicMethod] = {m.name: m for m in TABLE}
assert len(_BY_NAME) == len(TABLE), "a topic method is listed twice"


def topic_methods() -> tuple[str, ...]:
    """The names of the topic methods, in table order."""
    return tuple(_BY_NAME)


def topic_method(name: str, *, option: str = "method") -> TopicMethod:
    """The method called ``name``.

    Parameters
    ----------
    name : str
    option : str, default="method"
        How the error message names the setting (``"--method"`` on the command line).

    Raises
    ------
    ParameterError
        ``name`` is not a method (with the closest names, if any).
    """
    method = _BY_NAME.get(name) if isinstance(name, str) else None
    if method is None:
        close = difflib.get_close_matches(str(name), list(_BY_NAME), n=2)
        hint = f" (did you mean {' or '.join(map(repr, close))}?)" if close else ""
        raise ParameterError(f"{option}: {name!r} is not one of {', '.join(_BY_NAME)}{hint}")
    return method


def make_topic_model(name: str, **params: Any) -> TopicModel:
    """An unfitted topic model by method name.

    Parameters
    ----------
    name : {"lda", "lda-sklearn", "lda-gibbs", "nmf", "kmeans", "agglomerative", "ensemble"}
        ``lda`` is gensim LDA (guided when ``seed_words`` is given),
        ``lda-sklearn`` scikit-learn's, ``lda-gibbs`` collapsed Gibbs
        sampling with tomotopy (guided too; ``alpha="auto"``, ``eta=0.1``
        unless given), ``nmf`` NMF on TF-IDF, ``kmeans`` /
        ``agglomerative`` TF-IDF clustering (k-means guided too),
        ``ensemble`` a consensus clustering of lexical and embedding views.
    **params
        Parameters of the model class: ``n_topics``, ``random_state``
        (default 0), ``vectorizer``, ``seed_words`` (used by guided methods,
        ignored by the others), ...

    Returns
    -------
    TopicModel

    Raises
    ------
    ParameterError
        Unknown method, or a parameter the method's name fixes.
    """
    return topic_method(name).factory(**params)


#: The method names (the same as :func:`topic_methods`).
METHODS: tuple[str, ...] = topic_methods()

#: :func:`make_topic_model` under its earlier name.
make_model = make_topic_model
