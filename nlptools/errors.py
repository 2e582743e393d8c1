"""The typed error hierarchy of nlptools.

Every error the library raises on purpose derives from :class:`NlptoolsError`.
The command line turns these into one line on stderr and a non-zero exit
status; any other exception is a bug and keeps its traceback.

Messages say what was wrong, where (file, line, option) and what would be
right.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = [
    "NlptoolsError",
    "InputError",
    "EmptyCorpusError",
    "ParameterError",
    "ConfigError",
    "OutputError",
    "NotFittedError",
    "check_fitted",
]


class NlptoolsError(Exception):
    """Root of every error nlptools raises on purpose."""


class InputError(NlptoolsError):
    """An input file or record cannot be used (missing, unreadable, malformed)."""


class EmptyCorpusError(InputError):
    """A corpus holds no usable document."""


class ParameterError(NlptoolsError, ValueError):
    """A parameter or option has a value outside what is allowed."""


class ConfigError(NlptoolsError):
    """A configuration or lexicon file is invalid (syntax, unknown key, bad value)."""


class OutputError(NlptoolsError):
    """An output cannot be written (unwritable folder, full disk, existing run)."""


# NotFittedError subclasses scikit-learn's, so that scikit-learn (check_is_fitted, Pipeline,
# check_estimator) recognises it; importing scikit-learn takes a second and most commands never
# need it, so the class is built on first use (module __getattr__) instead of at import.
if TYPE_CHECKING:  # pragma: no cover
    from sklearn.exceptions import NotFittedError as _SklearnNotFittedError

    class NotFittedError(NlptoolsError, _SklearnNotFittedError):
        """An estimator was used (``transform``, ``predict``, ...) before ``fit``."""


def _not_fitted_error() -> type:
    """The :class:`NotFittedError` class, built (once) on first use."""
    cls = globals().get("NotFittedError")
    if cls is not None:
        return cls
    from sklearn.exceptions import NotFittedError as SklearnNotFittedError

    class NotFittedError(NlptoolsError, SklearnNotFittedError):
        """An estimator was used (``transform``, ``predict``, ...) before ``fit``.

        Both an :class:`NlptoolsError` and scikit-learn's
        :class:`sklearn.exceptions.NotFittedError` (itself a ``ValueError``
        and an ``AttributeError``).
        """

    NotFittedError.__qualname__ = "NotFittedError"  # picklable as nlptools.errors.NotFittedError
    globals()["NotFittedError"] = NotFittedError
    return NotFittedError


def __getattr__(name: str) -> Any:
    if name == "NotFittedError":
        return _not_fitted_error()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def check_fitted(estimator: Any, attributes: str | list[str] | tuple[str, ...], what: str = "first") -> None:
    """Raise :class:`NotFittedError` unless ``estimator`` has all ``attributes`` (set by ``fit``).

    Uses scikit-learn's :func:`~sklearn.utils.validation.check_is_fitted`; the
    message is ``"<class name>: call fit <what>"``.
    """
    from sklearn.exceptions import NotFittedError as SklearnNotFittedError
    from sklearn.utils.validation import check_is_fitted

    try:
        check_is_fitted(estimator, attributes)
    except SklearnNotFittedError:
        raise _not_fitted_error()(f"{type(estimator).__name__}: call fit {what}") from None
