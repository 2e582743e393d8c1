"""The typed error hierarchy of nlptools.

Every error the library raises on purpose derives from :class:`NlptoolsError`.
The command line turns these into one line on stderr and a non-zero exit
status; any other exception is a bug and keeps its traceback.

Messages say what was wrong, where (file, line, option) and what would be
right.
"""

from __future__ import annotations

__all__ = [
    "NlptoolsError",
    "InputError",
    "EmptyCorpusError",
    "ParameterError",
    "ConfigError",
    "OutputError",
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
