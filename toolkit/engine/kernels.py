"""The pyarrow compute functions the fast path calls, without importing pyarrow.compute.

Importing pyarrow.compute generates a Python wrapper, with a signature and a
docstring, for each of its three hundred functions: 35 to 60 ms, a tenth of
validating a million rows, spent before any work. The functions themselves
live in pyarrow._compute, which imports in 8 ms. This module looks up the
ones the fast path calls, under pyarrow.compute's names and with its
arguments, so the checks read as they would with it. pyarrow's array methods
that compute (take, filter, cast, unique...) import pyarrow.compute
themselves, so the fast path calls these functions instead. pyarrow._compute
is private: pyproject.toml allows only the pyarrow releases CI tests these
functions on (tests/engine/test_kernels.py compares each with pyarrow.compute's,
on the oldest release allowed and on the locked newest).

No Python value reaches pyarrow's own conversion (pa.array, pa.scalar, or a
compute function given a str or an int): that conversion first asks whether
each value is a pandas object, which imports pandas if it is installed, and
pandas imports pyarrow.compute: 0.3 s more on the bundled dataset. `array`
and `scalar` build Arrow values from their buffers instead, and every
function called here turns its Python arguments into Arrow scalars so.
"""

from __future__ import annotations

import array as _buffers
from collections.abc import Callable, Sequence
from datetime import date, datetime, time
from typing import Any

import pyarrow as pa
from pyarrow import _compute

_REGISTRY = _compute.function_registry()
_RENAMED = {"and_": "and", "or_": "or"}  # pyarrow.compute's names for functions named like Python keywords
_PLAIN: dict[str, Callable[..., Any]] = {}


def __getattr__(name: str) -> Callable[..., Any]:
    """A function called with its arguments alone (`any`, `take`, `and_`...), looked up once."""
    if name not in _PLAIN:
        try:
            function = _REGISTRY.get_function(_RENAMED.get(name, name))
        except KeyError:  # pyarrow's ArrowKeyError: no function of that name
            raise AttributeError(name) from None
        _PLAIN[name] = lambda *args: function.call([_datum(a) for a in args])
    return _PLAIN[name]


def array(values: Sequence[object], value_type: Any) -> Any:
    """An Arrow array of the values (None for null), built without pyarrow's conversion of Python objects.

    Strings and integers are laid into buffers; other types are written as text and cast, which Arrow
    parses exactly (a float as its shortest repr, a date or time in ISO 8601)."""
    if value_type == pa.int64():
        numbers = _buffers.array("q", [0 if v is None else v for v in values])  # type: ignore[type-var]
        return pa.Array.from_buffers(value_type, len(values), [_validity(values), pa.py_buffer(numbers)])
    texts = [None if v is None else v if isinstance(v, str) else _text(v) for v in values]
    encoded = [b"" if t is None else t.encode("utf-8") for t in texts]
    offsets = _buffers.array("q", [0])
    for chunk in encoded:
        offsets.append(offsets[-1] + len(chunk))
    strings = pa.Array.from_buffers(pa.large_string(), len(values),
                                    [_validity(values), pa.py_buffer(offsets), pa.py_buffer(b"".join(encoded))])
    return cast(strings, value_type)


def scalar(value: object, value_type: Any = None) -> Any:
    """An Arrow scalar of the value, of `value_type` or the type Arrow would infer for a bool, int, float or str."""
    if value_type is None:
        value_type = {bool: pa.bool_(), int: pa.int64(), float: pa.float64(), str: pa.string()}[type(value)]
    return array([value], value_type)[0]


def _datum(value: object) -> Any:
    if isinstance(value, (pa.Array, pa.ChunkedArray, pa.Scalar, pa.RecordBatch, pa.Table)):
        return value
    return scalar(value)


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    return repr(value) if isinstance(value, float) else str(value)


def _validity(values: Sequence[object]) -> Any:
    """The validity bitmap of values where None is null; None when every value is present."""
    if all(v is not None for v in values):
        return None
    bits = bytearray((len(values) + 7) // 8)
    for i, value in enumerate(values):
        if value is not None:
            bits[i >> 3] |= 1 << (i & 7)
    return pa.py_buffer(bytes(bits))


def cast(values: Any, target: Any) -> Any:
    return _compute.call_function("cast", [values], _compute.CastOptions.safe(target))


def fill_null(values: Any, fill: object) -> Any:
    return _compute.call_function("coalesce", [values, _datum(fill)])


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


def utf8_slice_codeunits(values: Any, start: int, stop: int) -> Any:
    return _compute.call_function("utf8_slice_codeunits", [values], _compute.SliceOptions(start, stop))


def sort_indices(data: Any, sort_keys: list[tuple[str, str]] | None = None) -> Any:
    """Indices that sort an array ascending, or a table by `sort_keys`."""
    if sort_keys is None:
        return _compute.call_function("array_sort_indices", [data])
    return _compute.call_function("sort_indices", [data], _compute.SortOptions(sort_keys))
