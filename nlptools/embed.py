"""The semantic layer: meaning-aware vectors from static embeddings, fully offline.

An :class:`Embedder` turns texts into unit-length float32 rows with
``encode(texts)``: no fitting, no randomness, the same vector for the same
text in any process. The default, :class:`StaticEmbedder`, uses the 256-d
``l2_supercat`` static token embeddings that ship *inside* the ``wordllama``
wheel (16 MB): a text's vector is the mean of its token vectors, L2
normalised. Nothing is ever downloaded: the model is loaded from the
installed package folder with downloads disabled (``WordLlama.load()`` on
its own looks for the packaged tokenizer in the wrong folder and would fall
back to a hub download).

Any object with ``dim`` and ``encode(texts) -> ndarray`` can stand in for
it (a corpus-trained model, another package's vectors): pass it as
``embedder=`` wherever the library takes one.

Vectors are cached per embedder (a bounded dictionary keyed by the text),
so a run that encodes the same sentence twice (themes, then the digest)
pays once. Importing this module is cheap; the model loads on first use.
"""

from __future__ import annotations

import functools
import itertools
import logging
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from .errors import NlptoolsError, ParameterError

logger = logging.getLogger(__name__)

__all__ = ["Embedder", "StaticEmbedder", "default_embedder", "as_embedder"]


@runtime_checkable
class Embedder(Protocol):
    """What the library needs of an embedding model."""

    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of ``texts``: shape ``(len(texts), dim)``, float32, unit rows (zero rows for no text)."""
        ...


@functools.lru_cache(maxsize=4)
def _load_wordllama(config: str, dim: int) -> Any:
    """The packaged model, loaded from the installed package folder; never a download."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        import wordllama
        from wordllama import WordLlama
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise NlptoolsError("the semantic layer needs the 'wordllama' package (pip install wordllama)") from exc
    finally:
        # wordllama calls logging.basicConfig(level=INFO) when imported: undo it, logging is the caller's
        for h in root.handlers[:]:
            if h not in handlers:
                root.removeHandler(h)
        root.setLevel(level)
    package = Path(wordllama.__file__).resolve().parent
    try:
        # the package folder has the cache layout (weights/, tokenizers/): point the loader at it
        return WordLlama.load(
            config, cache_dir=package, dim=256, trunc_dim=None if dim == 256 else dim, disable_download=True
        )
    except (FileNotFoundError, ValueError, KeyError) as exc:
        raise NlptoolsError(
            f"embedder: the wordllama model {config!r} is not in the installed package ({package}): {exc}"
        ) from exc


class StaticEmbedder:
    """Mean of static token embeddings (wordllama ``l2_supercat``), offline and deterministic.

    Parameters
    ----------
    model : str, default="l2_supercat"
        The wordllama configuration shipped in its wheel.
    dim : int, default=256
        Vector size: 256, or a Matryoshka truncation (64, 128).
    max_chars : int or None, default=2000
        Only a text's first ``max_chars`` characters are embedded (about 400
        tokens: the lead carries the subject, and a cap keeps one huge text
        from dominating the cost). None embeds everything.
    cache_size : int, default=200_000
        Texts whose vectors are kept; the oldest go first.

    Examples
    --------
    >>> e = StaticEmbedder()
    >>> v = e.encode(["Kim met Putin.", "Talks in Moscow."])
    >>> v.shape, v.dtype.name
    ((2, 256), 'float32')
    """

    def __init__(
        self, *, model: str = "l2_supercat", dim: int = 256, max_chars: int | None = 2000, cache_size: int = 200_000
    ) -> None:
        if dim not in (64, 128, 256):
            raise ParameterError(f"dim: must be 64, 128 or 256, got {dim!r}")
        if max_chars is not None and (isinstance(max_chars, bool) or not isinstance(max_chars, int) or max_chars < 1):
            raise ParameterError(f"max_chars: must be a positive integer or None, got {max_chars!r}")
        self.model = model
        self.dim = dim
        self.max_chars = max_chars
        self.cache_size = cache_size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()

    def _encode_new(self, texts: list[str]) -> np.ndarray:
        """Token-count-weighted mean of the token vectors, one tokenizer call, no padding."""
        import scipy.sparse as sp

        wl = _load_wordllama(self.model, self.dim)
        tok = wl.tokenizer
        tok.no_padding()
        try:
            enc = tok.encode_batch(texts, add_special_tokens=False)
        finally:
            tok.enable_padding()
        id_lists = [e.ids for e in enc]  # (each access builds a new list)
        lengths = np.fromiter(map(len, id_lists), dtype=np.int64, count=len(id_lists))
        ids = np.fromiter(itertools.chain.from_iterable(id_lists), dtype=np.int64, count=int(lengths.sum()))
        W = np.asarray(wl.embedding[:, : self.dim], dtype=np.float32)
        np.clip(ids, 0, W.shape[0] - 1, out=ids)
        rows = np.repeat(np.arange(len(texts)), lengths)
        counts = sp.csr_matrix((np.ones(ids.size, dtype=np.float32), (rows, ids)), shape=(len(texts), W.shape[0]))
        X = np.asarray(counts @ W, dtype=np.float32)
        norms = np.linalg.norm(X, axis=1, keepdims=True)
        return X / np.where(norms > 0, norms, 1.0)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit float32 vectors of ``texts``, shape ``(len(texts), dim)``; a text with no token gives zeros.

        Parameters
        ----------
        texts : sequence of str

        Returns
        -------
        ndarray of shape (n_texts, dim)
        """
        keys = [t[: self.max_chars] if self.max_chars else t for t in texts]
        out = np.zeros((len(keys), self.dim), dtype=np.float32)
        todo = sorted({k for k in keys if k not in self._cache})
        fresh: dict[str, np.ndarray] = {}  # this call's new vectors (more than the cache may keep)
        for start in range(0, len(todo), 4096):
            chunk = todo[start : start + 4096]
            fresh.update(zip(chunk, self._encode_new(chunk), strict=True))
        for i, k in enumerate(keys):
            vec = fresh.get(k)
            out[i] = vec if vec is not None else self._cache[k]
        self._cache.update(fresh)
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)
        return out

    def __repr__(self) -> str:
        return f"StaticEmbedder(model={self.model!r}, dim={self.dim}, max_chars={self.max_chars})"


@functools.lru_cache(maxsize=1)
def default_embedder() -> StaticEmbedder:
    """The process-wide default embedder (one cache shared by every stage of a run)."""
    return StaticEmbedder()


def as_embedder(embedder: Embedder | None) -> Embedder:
    """``embedder``, or the default one; a clear error for an object that cannot encode."""
    if embedder is None:
        return default_embedder()
    if not isinstance(embedder, Embedder):
        raise ParameterError(f"embedder: needs a 'dim' and an 'encode(texts)' method, got {type(embedder).__name__}")
    return embedder
