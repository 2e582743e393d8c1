"""Experiment configuration files (TOML): the common sections and loading.

A config names the experiment, its *kind* (which runner it feeds), a random
seed, the input corpus and the settings of each stage::

    name = "seeds-segmentation"
    kind = "segmentation"
    seed = 0

    [corpus]
    path = "../seeds"            # relative to this file, or
    # data = "bbc-news-summary/articles"   # relative to --data / NLPTOOLS_DATA
    limit = 100                  # first 100 documents (0: all)

    [cleaning]
    rules = ["byline", "tag-line"]   # default: every rule

    [segmentation]               # the kind's own section(s)
    top_terms = 30

Every key is checked (:mod:`.schema`): an unknown or misspelt one is a
:class:`~nlptools.errors.ConfigError` naming the key and the file.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..errors import ConfigError, InputError
from .schema import SchemaError, build, suggest, to_dict

logger = logging.getLogger(__name__)

__all__ = [
    "Experiment",
    "CorpusSettings",
    "CleaningSettings",
    "TokenSettings",
    "VectorSettings",
    "load_config",
    "parse_config",
    "data_root",
    "DATA_ENV",
]

#: Environment variable naming the shared data folder.
DATA_ENV = "NLPTOOLS_DATA"

#: Top-level keys every config may hold (besides its kind's sections).
TOP_KEYS = ("name", "kind", "description", "seed")
#: The largest seed: numpy's RandomState and every model take seeds from 0 to 2**32 - 1.
MAX_SEED = 2**32 - 1


# --------------------------------------------------------------------------- common sections


def check_one_source(path: str | None, data: str | None) -> None:
    """A corpus is given by exactly one of ``path`` (relative to the config file) or ``data`` (the data folder).

    Raises
    ------
    SchemaError
        Both or neither are given.
    """
    if (path is None) == (data is None):
        raise SchemaError(
            "path",
            "path, data: give exactly one (path: relative to the config file; data: relative to the data folder)",
        )


@dataclass(frozen=True)
class CorpusSettings:
    """``[corpus]``: where the documents are and which of them to use.

    Exactly one of ``path`` (relative to the config file) and ``data``
    (relative to the data folder: ``--data`` or ``NLPTOOLS_DATA``).
    ``limit`` keeps the first documents by file name, ``per_label`` the first
    of each label (a label is a document's top-level sub-folder, e.g. a BBC
    category). Record fields apply to ``.jsonl``/``.csv`` inputs.
    """

    path: str | None = None
    data: str | None = None
    limit: int = field(default=0, metadata={"min": 0})
    per_label: int = field(default=0, metadata={"min": 0})
    labels: Literal["folder", "none"] = "folder"
    suffixes: tuple[str, ...] = ()
    text_field: str = "text"
    id_field: str = "id"
    title_field: str = "title"
    date_field: str = "date"

    def check(self) -> None:
        check_one_source(self.path, self.data)


@dataclass(frozen=True)
class CleaningSettings:
    """``[cleaning]``: furniture rules to apply (default: all of them; ``[]``: only segment)."""

    rules: tuple[str, ...] | None = None

    def check(self) -> None:
        if self.rules is None:
            return
        from ..cleaning import RULE_ALIASES, RULES

        for i, r in enumerate(self.rules):
            if r not in RULES and r not in RULE_ALIASES:
                raise SchemaError(
                    f"rules[{i}]",
                    f"rules[{i}]: unknown cleaning rule {r!r}{suggest(r, RULES)}; known rules: {', '.join(RULES)}",
                )


@dataclass(frozen=True)
class TokenSettings:
    """``[tokens]``: the :class:`~nlptools.tokens.Tokenizer` options."""

    lowercase: bool = True
    stop_words: bool | tuple[str, ...] = True
    lemmatize: bool = True
    numbers: Literal["drop", "keep", "token"] = "drop"
    min_length: int = field(default=2, metadata={"min": 1})
    split_hyphens: bool = True

    def tokenizer(self) -> Any:
        """The configured tokenizer."""
        from ..tokens import Tokenizer

        stops: Any = self.stop_words
        if stops is True:
            stops = "english"
        elif stops is False:
            stops = None
        return Tokenizer(
            lowercase=self.lowercase,
            stop_words=stops,
            lemmatize=self.lemmatize,
            numbers=self.numbers,
            min_length=self.min_length,
            split_hyphens=self.split_hyphens,
        )


@dataclass(frozen=True)
class VectorSettings:
    """``[vectorize]``: passages and the vocabulary filter."""

    unit: Literal["sentence", "paragraph", "document"] = "sentence"
    min_df: int | float = field(default=2, metadata={"min": 0})
    max_df: int | float = field(default=0.95, metadata={"min": 0})
    max_features: int | None = field(default=None, metadata={"min": 1})

    def check(self) -> None:
        for name in ("min_df", "max_df"):
            v = getattr(self, name)
            if isinstance(v, float) and v > 1:
                raise SchemaError(name, f"{name}: a proportion must be at most 1.0, got {v}")


# --------------------------------------------------------------------------- the experiment


@dataclass(frozen=True)
class Experiment:
    """A validated experiment configuration.

    Attributes
    ----------
    name, kind, description : str
    seed : int
        The base random seed (kinds may sweep more seeds of their own).
    sections : dict of str to dataclass
        The validated settings of each section (``corpus``, ``cleaning``,
        and the kind's own), defaults filled in.
    source : Path or None
        The config file.
    text : str
        The config file's text, as read.
    data_dir : Path or None
        The data folder ``data`` paths are relative to.
    """

    name: str
    kind: str
    description: str
    seed: int
    sections: dict[str, Any]
    source: Path | None = None
    text: str = ""
    data_dir: Path | None = None

    def __getitem__(self, section: str) -> Any:
        return self.sections[section]

    @property
    def sha256(self) -> str:
        """SHA-256 of the config text."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def where(self) -> str:
        """The config's name in messages (its path, or ``<config>``)."""
        return str(self.source) if self.source else "<config>"

    def resolve_input(self, section: str = "corpus") -> Path:
        """The input path of ``[section]`` (``path`` or ``data``), checked to exist."""
        s = self.sections[section]
        if s.path is not None:
            base = self.source.parent if self.source else Path.cwd()
            p = Path(os.path.expanduser(s.path))
            p = p if p.is_absolute() else base / p
            key = "path"
        else:
            if self.data_dir is None:
                raise ConfigError(
                    f"{self.where}: {section}.data is relative to the data folder, which is not set: "
                    f"pass --data DIR or set {DATA_ENV}"
                )
            p = self.data_dir / s.data
            key = "data"
        p = Path(os.path.normpath(p.absolute()))
        if not p.exists():
            raise InputError(f"{self.where}: {section}.{key} = {getattr(s, key)!r}: {p} does not exist")
        return p

    def input_sections(self) -> list[str]:
        """The sections that name an input (a ``path`` or ``data`` key)."""
        return [n for n, s in self.sections.items() if hasattr(s, "path") and hasattr(s, "data")]

    def check_inputs(self) -> dict[str, Path]:
        """Resolve every input of the config, raising before anything is written if one is missing."""
        return {name: self.resolve_input(name) for name in self.input_sections()}

    def resolved(self) -> dict[str, Any]:
        """The settings with defaults and input paths filled in (JSON-able)."""
        out: dict[str, Any] = {"name": self.name, "kind": self.kind, "description": self.description, "seed": self.seed}
        for name, settings in self.sections.items():
            out[name] = to_dict(settings)
            if name in self.input_sections():
                try:
                    out[name]["resolved_path"] = str(self.resolve_input(name))
                except (ConfigError, InputError) as exc:
                    out[name]["resolved_path"] = None
                    logger.debug("%s", exc)
        return out


def data_root(data_dir: str | os.PathLike[str] | None = None) -> Path | None:
    """The data folder: ``data_dir`` if given, else ``$NLPTOOLS_DATA``, else None."""
    if data_dir is not None:
        return Path(data_dir).absolute()
    env = os.environ.get(DATA_ENV)
    return Path(env).absolute() if env else None


def project_root(start: str | os.PathLike[str] | None = None) -> Path | None:
    """The nlptools project folder (the one holding ``seeds/themes.toml``) at or above ``start``.

    ``start`` defaults to the current folder; None when there is none (e.g. an installed package
    used from elsewhere).
    """
    here = Path(start).absolute() if start is not None else Path.cwd()
    return next((p for p in (here, *here.parents) if (p / "seeds" / "themes.toml").is_file()), None)


def shared_data(start: str | os.PathLike[str] | None = None) -> Path | None:
    """The shared corpora folder: ``$NLPTOOLS_DATA``, else ``../shared/data`` beside the project.

    The path is returned whether or not it exists (callers say so when it is absent); None
    only when neither the variable is set nor a project folder is found.
    """
    env = data_root()
    if env is not None:
        return env
    root = project_root(start)
    return root.parent / "shared" / "data" if root is not None else None


def parse_config(
    text: str, *, source: str | os.PathLike[str] | None = None, data_dir: str | os.PathLike[str] | None = None
) -> Experiment:
    """Parse and validate a config from its TOML text.

    Parameters
    ----------
    text : str
        TOML.
    source : path-like, optional
        The file it came from (for messages and relative paths).
    data_dir : path-like, optional
        The data folder (default ``$NLPTOOLS_DATA``).

    Raises
    ------
    ConfigError
        Invalid TOML, an unknown kind, section or key, a wrong type or value.
    """
    from .kinds import KINDS

    where = str(source) if source is not None else "<config>"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{where}: not valid TOML ({exc})") from None
    except RecursionError:  # arrays or tables nested thousands deep
        raise ConfigError(f"{where}: not valid TOML (nested too deep)") from None
    except ValueError as exc:  # an integer of more than sys.get_int_max_str_digits() digits
        raise ConfigError(f"{where}: not valid TOML ({str(exc).split(';')[0]})") from None
    for key in ("name", "kind"):
        if key not in data:
            raise ConfigError(f"{where}: missing required key {key}")
    kind_name = data["kind"]
    if not isinstance(kind_name, str) or kind_name not in KINDS:
        shown = repr(kind_name) if isinstance(kind_name, str) else type(kind_name).__name__
        hint = suggest(kind_name, KINDS) if isinstance(kind_name, str) else ""
        raise ConfigError(f"{where}: kind: {shown} is not one of {', '.join(sorted(KINDS))}{hint}")
    kind = KINDS[kind_name]
    name = data["name"]
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"{where}: name: expected a non-empty string, got {name!r}")
    if any(c in name for c in "/\\\0") or name.startswith("."):
        raise ConfigError(f"{where}: name: {name!r} must be usable as a folder name (no '/', no leading '.')")
    description = data.get("description", "")
    if not isinstance(description, str):
        raise ConfigError(f"{where}: description: expected a string, got {description!r}")
    seed = data.get("seed", 0)
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise ConfigError(f"{where}: seed: expected an integer >= 0 and <= {MAX_SEED} (2**32 - 1), got {seed!r}")
    allowed = dict(kind.sections)
    for key in data:
        if key in TOP_KEYS:
            continue
        if key not in allowed:
            valid = list(TOP_KEYS) + list(allowed)
            raise ConfigError(
                f"{where}: unknown key {key}{suggest(key, valid)}; a {kind_name!r} experiment takes "
                f"{', '.join(TOP_KEYS)} and the sections {', '.join('[' + s + ']' for s in allowed)}"
            )
    sections = {sec: build(cls, data.get(sec, {}), section=sec, source=where) for sec, cls in allowed.items()}
    exp = Experiment(
        name=name.strip(),
        kind=kind_name,
        description=description,
        seed=seed,
        sections=sections,
        source=Path(source) if source is not None else None,
        text=text,
        data_dir=data_root(data_dir),
    )
    if kind.check is not None:
        kind.check(exp)
    return exp


def load_config(path: str | os.PathLike[str], *, data_dir: str | os.PathLike[str] | None = None) -> Experiment:
    """Read and validate an experiment config file; see :func:`parse_config`."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{p}: no such config file") from None
    except IsADirectoryError:
        raise InputError(f"{p}: is a folder, expected a .toml config file") from None
    except OSError as exc:
        raise InputError(f"{p}: cannot be read ({exc.strerror or exc})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{p}: not UTF-8 text (byte {exc.start})") from None
    return parse_config(text, source=p.absolute(), data_dir=data_dir)
