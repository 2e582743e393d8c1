"""The theme lexicon: named themes with seed words, read from TOML and checked.

The lexicon is TOML::

    [themes]
    "arms trade" = ["arms", "weapon", "munition"]   # at most 8 seed words a theme

    [descriptions]                                  # optional: one line a theme, for the semantic layer
    "arms trade" = "Selling and supplying weapons, missiles and ammunition."

    [aliases]                                       # optional: name variants -> one token
    "Kim Jong Un" = ["Kim Jong-un"]

Seed words are passed through the same tokenizer as the text (so ``"troops"``
becomes ``troop``, :func:`seed_tokens`); a word that does not occur in the
corpus is skipped with a warning, and a theme left with no word is an error
(:func:`check_seeds_in_corpus`).
"""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConfigError, InputError
from ..tokens import Tokenizer

logger = logging.getLogger(__name__)

__all__ = ["MAX_SEED_WORDS", "Lexicon", "load_lexicon", "as_lexicon", "seed_tokens", "check_seeds_in_corpus"]

#: The most seed words a lexicon theme may have.
MAX_SEED_WORDS = 8


@dataclass(frozen=True)
class Lexicon:
    """Named themes with seed words, and optional name aliases for the tokenizer.

    Attributes
    ----------
    themes : dict of str to tuple of str
        Theme name to seed words (1 to :data:`MAX_SEED_WORDS`).
    aliases : dict of str to tuple of str
        Canonical name to variants (see :class:`~nlptools.tokens.Tokenizer`).
    descriptions : dict of str to str
        Theme name to a one-line description (optional; themes without one
        are described by their name and seed words).
    source : str
        Where it came from (a path or ``"<mapping>"``), for messages.
    """

    themes: dict[str, tuple[str, ...]]
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    source: str = "<mapping>"
    descriptions: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, source: str = "<mapping>") -> Lexicon:
        """Build and check a lexicon from ``{"themes": {...}, "aliases": {...}}``.

        A mapping without a ``themes`` key is read as the themes table itself.
        """
        if not isinstance(data, Mapping):
            raise ConfigError(f"{source}: a lexicon must be a table of themes")
        if "themes" not in data and "aliases" not in data:
            data = {"themes": data}
        unknown = sorted(set(data) - {"themes", "aliases", "descriptions"})
        if unknown:
            raise ConfigError(
                f"{source}: unknown table(s) {', '.join(unknown)} (expected [themes], [descriptions] and [aliases])"
            )
        themes = _themes(data.get("themes"), source)
        return cls(
            themes=themes,
            aliases=_aliases(data.get("aliases", {}), source),
            source=source,
            descriptions=_descriptions(data.get("descriptions", {}), themes, source),
        )

    def tokenizer(self) -> Tokenizer:
        """The default tokenizer with this lexicon's aliases."""
        return Tokenizer(aliases={k: list(v) for k, v in self.aliases.items()} or None)


def _themes(raw_themes: Any, source: str) -> dict[str, tuple[str, ...]]:
    """The checked ``[themes]`` table: name -> unique seed words."""
    if not isinstance(raw_themes, Mapping) or not raw_themes:
        raise ConfigError(f"{source}: no themes (add a [themes] table: name = [seed words])")
    themes: dict[str, tuple[str, ...]] = {}
    for name, words in raw_themes.items():
        where = f"{source}: theme {name!r}"
        if not str(name).strip():
            raise ConfigError(f"{source}: a theme has an empty name")
        if isinstance(words, str) or not isinstance(words, Sequence):
            raise ConfigError(f"{where}: seed words must be a list of strings")
        words = [w.strip() if isinstance(w, str) else w for w in words]
        if any(not isinstance(w, str) or not w for w in words):
            raise ConfigError(f"{where}: seed words must be non-empty strings")
        if not words:
            raise ConfigError(f"{where}: has no seed words")
        if len(words) > MAX_SEED_WORDS:
            raise ConfigError(f"{where}: {len(words)} seed words, at most {MAX_SEED_WORDS} allowed")
        themes[str(name)] = tuple(dict.fromkeys(words))
    return themes


def _aliases(raw_aliases: Any, source: str) -> dict[str, tuple[str, ...]]:
    """The checked ``[aliases]`` table: canonical name -> variants."""
    if not isinstance(raw_aliases, Mapping):
        raise ConfigError(f"{source}: [aliases] must be a table: name = [variants]")
    aliases: dict[str, tuple[str, ...]] = {}
    for name, variants in raw_aliases.items():
        if (
            isinstance(variants, str)
            or not isinstance(variants, Sequence)
            or not all(isinstance(v, str) for v in variants)
        ):
            raise ConfigError(f"{source}: alias {name!r}: variants must be a list of strings")
        aliases[str(name)] = tuple(variants)
    return aliases


def _descriptions(raw: Any, themes: Mapping[str, Any], source: str) -> dict[str, str]:
    """The checked ``[descriptions]`` table: theme name -> one line of text."""
    if not isinstance(raw, Mapping):
        raise ConfigError(f'{source}: [descriptions] must be a table: theme name = "one line"')
    out: dict[str, str] = {}
    for name, text in raw.items():
        if name not in themes:
            raise ConfigError(
                f"{source}: [descriptions] names {name!r}, which is not a theme (themes: {', '.join(themes)})"
            )
        if not isinstance(text, str) or not text.strip() or "\n" in text.strip():
            raise ConfigError(f"{source}: description of {name!r} must be one non-empty line of text")
        out[str(name)] = " ".join(text.split())
    return out


def load_lexicon(path: str | Path) -> Lexicon:
    """Read a theme lexicon from a TOML file; see the module docstring for the format.

    Raises
    ------
    InputError
        The file cannot be read.
    ConfigError
        Invalid TOML or an invalid lexicon (empty theme, too many seed words...).
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{p}: cannot read the lexicon ({exc.strerror or exc})") from exc
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{p}: the lexicon is not UTF-8 text") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{p}: invalid TOML: {exc}") from exc
    except RecursionError:  # arrays or tables nested thousands deep
        raise ConfigError(f"{p}: invalid TOML: nested too deep") from None
    except ValueError as exc:  # an integer of more than sys.get_int_max_str_digits() digits
        raise ConfigError(f"{p}: invalid TOML: {str(exc).split(';')[0]}") from None
    return Lexicon.from_mapping(data, source=str(p))


def as_lexicon(lexicon: Lexicon | Mapping[str, Any] | str | Path | None) -> Lexicon | None:
    """A lexicon from a :class:`Lexicon`, a mapping or a TOML path (None stays None)."""
    if isinstance(lexicon, (str, Path)):
        return load_lexicon(lexicon)
    if lexicon is not None and not isinstance(lexicon, Lexicon):
        return Lexicon.from_mapping(lexicon)
    return lexicon


def seed_tokens(lexicon: Lexicon, tokenizer: Callable[[str], list[str]]) -> dict[str, list[str]]:
    """Seed words as model tokens (through the text's tokenizer).

    Raises
    ------
    ConfigError
        A seed word is a stop word, too short, or more than one token.
    """
    out: dict[str, list[str]] = {}
    for theme, words in lexicon.themes.items():
        toks: list[str] = []
        for w in words:
            t = tokenizer(w)
            if len(t) != 1:
                what = "a stop word or too short" if not t else f"{len(t)} tokens ({' '.join(t)})"
                raise ConfigError(f"{lexicon.source}: theme {theme!r}: seed word {w!r} is {what}; use one content word")
            if t[0] not in toks:
                toks.append(t[0])
        out[theme] = toks
    return out


def check_seeds_in_corpus(seeds: dict[str, list[str]], vocab: Collection[str], source: str) -> dict[str, list[str]]:
    """The seed words that occur in the corpus; absent ones are dropped with a warning.

    Raises
    ------
    ConfigError
        None of a theme's seed words occurs.
    """
    out = {}
    for theme, words in seeds.items():
        missing = [w for w in words if w not in vocab]
        kept = [w for w in words if w in vocab]
        if not kept:
            raise ConfigError(
                f"{source}: theme {theme!r}: none of its seed words ({', '.join(words)}) occurs in the corpus"
            )
        if missing:
            logger.warning(
                "%s: theme %r: seed word(s) absent from the corpus, ignored: %s", source, theme, ", ".join(missing)
            )
        out[theme] = kept
    return out
