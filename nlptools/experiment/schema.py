"""Typed settings from TOML tables: dataclasses checked key by key.

:func:`build` turns a TOML table into a frozen dataclass, checking every key
against the dataclass's fields and every value against the field's type
hint. A misspelt key, a wrong type or a value out of range is a
:class:`~nlptools.errors.ConfigError` naming the file, the key (with its
section) and what would be right, suggesting the closest valid key.

Supported field types: ``bool``, ``int``, ``float``, ``str``, ``Literal``
choices, ``tuple[X, ...]`` (TOML arrays), unions such as ``str | None`` or
``int | float``, ``dict[str, X]`` and nested dataclasses. Ranges come from
field metadata: ``field(default=1, metadata={"min": 1})``.
"""

from __future__ import annotations

import dataclasses
import difflib
import types
import typing
from collections.abc import Mapping
from typing import Any, Literal, Union, get_args, get_origin

from ..errors import ConfigError

__all__ = ["build", "check_model_params", "to_dict", "suggest", "SchemaError"]


class SchemaError(Exception):
    """A problem at one key, before the file name is attached (internal)."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key
        self.message = message


def suggest(word: str, choices: typing.Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest of ``choices``, or an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


#: Parameters the stages set on a topic model themselves: never from a config.
_STAGE_SET_PARAMS = frozenset({"n_topics", "random_state", "vectorizer", "seed_words"})


def check_model_params(method: str, params: Mapping[str, Any], *, key: str = "params") -> None:
    """Check extra parameters for the topic model ``method`` before anything runs.

    Every key must be a parameter of the model's estimator
    (``get_params()``, through :mod:`nlptools.topics.registry`), not one the
    stage sets itself (``n_topics``, ``random_state``, ``vectorizer``,
    ``seed_words``) nor one the method's name fixes (``backend`` of
    ``lda``); then the model is built with them, so a constructor that
    checks its values does so now, not after a run folder exists.

    Parameters
    ----------
    method : str
        A topic method name (:func:`nlptools.topics.topic_methods`).
    params : mapping
        The parameters, as read from the config.
    key : str, default="params"
        How messages name the table (relative to its section).

    Raises
    ------
    SchemaError
        Naming ``key.<parameter>`` and the valid parameters.
    """
    from ..errors import NlptoolsError
    from ..topics.registry import make_topic_model, topic_method

    if not params:
        return
    try:
        spec = topic_method(method)
        valid = set(make_topic_model(method).get_params(deep=False))
    except NlptoolsError as exc:
        raise SchemaError(key, f"{key}: {exc}") from None
    allowed = sorted(valid - _STAGE_SET_PARAMS - set(spec.preset))
    for name in params:
        if name in allowed:
            continue
        if name in _STAGE_SET_PARAMS or name in spec.preset:
            why = "is set by the method's name" if name in spec.preset else "is set by the stage itself"
            raise SchemaError(
                f"{key}.{name}", f"{key}.{name}: {why}, not a parameter to give; {method!r} takes {', '.join(allowed)}"
            )
        raise SchemaError(
            f"{key}.{name}",
            f"{key}.{name}: not a parameter of the {method!r} model{suggest(name, allowed)}; it takes "
            f"{', '.join(allowed)}",
        )
    try:
        make_topic_model(method, n_topics=2, **params)
    except (TypeError, ValueError, NlptoolsError) as exc:
        raise SchemaError(key, f"{key}: {exc}") from None


def _type_name(tp: Any) -> str:
    origin = get_origin(tp)
    if tp is type(None):
        return "nothing"
    if origin is Literal:
        return "one of " + ", ".join(repr(a) for a in get_args(tp))
    if origin in (Union, types.UnionType):
        return " or ".join(_type_name(a) for a in get_args(tp) if a is not type(None))
    if origin in (tuple, list):
        args = [a for a in get_args(tp) if a is not Ellipsis]
        return f"an array of {_type_name(args[0])}" if args else "an array"
    if origin in (dict, Mapping):
        return f"a table of {_type_name(get_args(tp)[1])}"
    if dataclasses.is_dataclass(tp):
        return "a table"
    return {bool: "true or false", int: "an integer", float: "a number", str: "a string"}.get(
        tp, getattr(tp, "__name__", str(tp))
    )


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    return repr(value)


def _convert(value: Any, tp: Any, key: str, hints_owner: Any = None) -> Any:
    origin = get_origin(tp)
    if tp is Any:
        return value
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(tp) if a is not type(None)]
        errors = []
        for option in options:
            try:
                return _convert(value, option, key)
            except SchemaError as exc:
                errors.append(exc)
        # a single informative error when only one option could apply
        if len(options) == 1:
            raise errors[0]
        raise SchemaError(key, f"{key}: expected {_type_name(tp)}, got {_show(value)}")
    if origin is Literal:
        choices = get_args(tp)
        if value in choices and type(value) is type(next(c for c in choices if c == value)):
            return value
        hint = suggest(value, [str(c) for c in choices]) if isinstance(value, str) else ""
        raise SchemaError(key, f"{key}: {_show(value)} is not one of {', '.join(repr(c) for c in choices)}{hint}")
    if origin in (tuple, list):
        if not isinstance(value, list):
            raise SchemaError(key, f"{key}: expected {_type_name(tp)}, got {_show(value)}")
        args = [a for a in get_args(tp) if a is not Ellipsis]
        item_tp = args[0] if args else Any
        return tuple(_convert(v, item_tp, f"{key}[{i}]") for i, v in enumerate(value))
    if origin in (dict, Mapping):
        if not isinstance(value, dict):
            raise SchemaError(key, f"{key}: expected {_type_name(tp)}, got {_show(value)}")
        _, val_tp = get_args(tp)
        return {str(k): _convert(v, val_tp, f"{key}.{k}") for k, v in value.items()}
    if dataclasses.is_dataclass(tp):
        if not isinstance(value, dict):
            raise SchemaError(key, f"{key}: expected a table, got {_show(value)}")
        return _build(tp, value, key)
    if tp is bool:
        if not isinstance(value, bool):
            raise SchemaError(key, f"{key}: expected true or false, got {_show(value)}")
        return value
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise SchemaError(key, f"{key}: expected an integer, got {_show(value)}")
        return value
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise SchemaError(key, f"{key}: expected a number, got {_show(value)}")
        return float(value)
    if tp is str:
        if not isinstance(value, str):
            raise SchemaError(key, f"{key}: expected a string, got {_show(value)}")
        return value
    raise TypeError(f"schema: unsupported field type {tp!r} at {key}")  # a bug in a settings class


def _check_range(value: Any, meta: Mapping[str, Any], key: str) -> None:
    items = value if isinstance(value, tuple) else (value,)
    for v in items:
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            continue
        if "min" in meta and v < meta["min"]:
            raise SchemaError(key, f"{key}: {v!r} is below the minimum {meta['min']!r}")
        if "max" in meta and v > meta["max"]:
            raise SchemaError(key, f"{key}: {v!r} is above the maximum {meta['max']!r}")
    if meta.get("nonempty") and isinstance(value, (tuple, str, dict)) and len(value) == 0:
        raise SchemaError(key, f"{key}: must not be empty")


def _build(cls: Any, data: Mapping[str, Any], prefix: str) -> Any:
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls) if f.init}
    dotted = f"{prefix}." if prefix else ""
    for key in data:
        if key not in fields:
            where = f"[{prefix}]" if prefix else "the top level"
            raise SchemaError(
                f"{dotted}{key}",
                f"unknown key {dotted}{key!s}{suggest(key, fields)}; valid keys in {where}: {', '.join(fields)}",
            )
    kwargs = {}
    for name, f in fields.items():
        key = f"{dotted}{name}"
        if name not in data:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise SchemaError(key, f"missing required key {key} ({_type_name(hints[name])})")
            continue
        value = _convert(data[name], hints[name], key)
        _check_range(value, f.metadata, key)
        kwargs[name] = value
    obj = cls(**kwargs)
    check = getattr(obj, "check", None)
    if callable(check):
        try:
            check()
        except SchemaError as exc:
            raise SchemaError(f"{dotted}{exc.key}", f"{dotted}{exc.message}") from None
    return obj


def build(cls: Any, data: Mapping[str, Any], *, section: str = "", source: str = "<config>") -> Any:
    """A ``cls`` instance from a TOML table, every key and value checked.

    Parameters
    ----------
    cls : dataclass type
        The settings class; a ``check()`` method, if any, runs after building
        and raises :class:`SchemaError` (key relative to the section).
    data : mapping
        The parsed TOML table.
    section : str
        The table's name (``"topics"``), used in messages.
    source : str
        The file, used in messages.

    Raises
    ------
    ConfigError
        ``"<source>: <problem naming the key>"``.
    """
    if not isinstance(data, Mapping):
        raise ConfigError(f"{source}: [{section}] must be a table, got {_show(data)}")
    try:
        return _build(cls, data, section)
    except SchemaError as exc:
        raise ConfigError(f"{source}: {exc.message}") from None


def to_dict(obj: Any) -> Any:
    """A settings dataclass (nested) as plain JSON-able values (tuples become lists)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_dict(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (tuple, list)):
        return [to_dict(v) for v in obj]
    if isinstance(obj, dict):
        return {str(k): to_dict(v) for k, v in obj.items()}
    return obj
