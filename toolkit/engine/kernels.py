"""The pyarrow compute functions the fast path calls, without importing pyarrow.compute.

Importing pyarrow.compute generates a Python wrapper, with a signature and a
docstring, for each of its three hundred functions: 35 to 60 ms, a tenth of
validating a million rows, spent before any work. The functions themselves
live in pyarrow._compute, which imports in 8 ms. This module looks up the
ones the fast path calls, under pyarrow.compute's names and with its
arguments, so the checks read as they would with it. pyarrow's array methods
that compute (take, filter, cast, unique...) import pyarrow.compute
themselves, so the fast path calls these functions instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pyarrow import _compute

_REGISTRY = _compute.function_registry()
_RENAMED = {"and_": "and"}  # pyarrow.compute's names for functions named like Python keywords
_PLAIN: dict[str, Callable[..., Any]] = {}


def __getattr__(name: str) -> Callable[..., Any]:
    """A function called with its arguments alone (`any`, `take`, `and_`...), looked up once."""
    if name not in _PLAIN:
        try:
            function = _REGISTRY.get_function(_RENAMED.get(name, name))
        except KeyError:  # pyarrow's ArrowKeyError: no function of that name
            raise AttributeError(name) from None
        _PLAIN[name] = lambda *args: function.call(args)
    return _PLAIN[name]


def cast(values: Any, target: Any) -> Any:
    return _compute.call_function("cast", [values], _compute.CastOptions.safe(target))


def fill_null(values: Any, fill: object) -> Any:
    return _compute.call_function("coalesce", [values, fill])


def is_in(values: Any, value_set: Any) -> Any:
    return _compute.call_function("is_in", [values], _compute.SetLookupOptions(value_set))


def match_substring_regex(values: Any, pattern: str) -> Any:
    return _compute.call_function("match_substring_regex", [values], _compute.MatchSubstringOptions(pattern))


def match_substring(values: Any, pattern: str) -> Any:
    return _compute.call_function("match_substring", [values], _compute.MatchSubstringOptions(pattern))


def count_substring(values: Any, pattern: str) -> Any:
    return _compute.call_function("count_substring", [values], _compute.MatchSubstringOptions(pattern))


def starts_with(values: Any, pattern: str) -> Any:
    return _compute.call_function("starts_with", [values], _compute.MatchSubstringOptions(pattern))


def sort_indices(data: Any, sort_keys: list[tuple[str, str]] | None = None) -> Any:
    """Indices that sort an array ascending, or a table by `sort_keys`."""
    if sort_keys is None:
        return _compute.call_function("array_sort_indices", [data])
    return _compute.call_function("sort_indices", [data], _compute.SortOptions(sort_keys))
