"""Primary, unique and foreign keys over typed values, compared as frictionless compares them.

Frictionless keeps Python sets of key tuples; here each question is a pass of
a hash kernel over Arrow columns. A primary key of several fields becomes one
integer code per row (`codes`, `combine`); a foreign key of several fields is
encoded into one string per row, each part length-prefixed and a null part
marked apart from an empty string, so two keys encode alike exactly when they
are equal, and `decode` gives the parts back.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

_NULL = "~"
PARTITION = 1 << 17  # rows of keys checked for repeats with one hash table, about


def encode(columns: list[Any]) -> Any:
    """One value per row, equal exactly where the rows' keys are equal; null where every part is null."""
    import pyarrow as pa

    from toolkit.engine import kernels as pc

    if len(columns) == 1:
        return columns[0]
    texts = [pc.cast(c, pa.string()) for c in columns]
    parts = [pc.coalesce(pc.binary_join_element_wise(pc.cast(pc.utf8_length(t), pa.string()), t, ":"), _NULL)
             for t in texts]
    return pc.if_else(all_null(texts), pc.scalar(None, pa.string()), pc.binary_join_element_wise(*parts, ""))


def decode(encoded: object, width: int) -> list[str | None]:
    """The parts of a key of `width` fields as text (a one-field key is its own value)."""
    if width == 1:
        return [None if encoded is None else str(encoded)]
    text, position = str(encoded), 0
    parts: list[str | None] = []
    while position < len(text):
        if text[position] == _NULL:
            parts.append(None)
            position += 1
            continue
        colon = text.index(":", position)
        length = int(text[position:colon])
        parts.append(text[colon + 1: colon + 1 + length])
        position = colon + 1 + length
    return parts


def all_null(columns: list[Any]) -> Any:
    from toolkit.engine import kernels as pc

    return all_of([pc.is_null(c) for c in columns])


def codes(chunks: list[Any], value_type: Any) -> tuple[Any, int]:
    """Dense int32 codes for some arrays of values, equal exactly where the values are (null stays null), and
    how many distinct values there are. Dictionary chunks share their dictionaries instead of being decoded."""
    import pyarrow as pa

    from toolkit.engine import kernels as pc

    if chunks and all(isinstance(c, pa.DictionaryArray) for c in chunks):
        unified = pa.chunked_array(chunks).unify_dictionaries()
        return pa.chunked_array([c.indices for c in unified.chunks], pa.int32()), len(unified.chunk(0).dictionary)
    plain = [c.dictionary_decode() if isinstance(c, pa.DictionaryArray) else c for c in chunks]
    encoded = pc.dictionary_encode(pa.chunked_array(plain, value_type))  # one dictionary for every chunk
    size = len(encoded.chunk(0).dictionary) if encoded.num_chunks else 0
    return pa.chunked_array([c.indices for c in encoded.chunks], pa.int32()), size


def combine(parts: list[tuple[Any, int]]) -> Any:
    """One integer code per row for a key of several fields' codes: equal exactly where every part is equal
    (a null part included, as frictionless compares None), null where every part is null. Codes stay
    32-bit when the fields' combinations fit, and work chunk by chunk, so no large array is allocated."""
    import math

    import pyarrow as pa

    from toolkit.engine import kernels as pc

    if len(parts) == 1:
        return parts[0][0]
    kind = pa.int32() if math.prod(count + 1 for _, count in parts) < 1 << 31 else pa.int64()
    result, size = None, 1
    for part, count in parts:  # a null part gets the code `count`, one past the field's own codes
        filled = pc.cast(pc.fill_null(part, pc.scalar(count, part.type)), kind)
        if result is not None and size * (count + 1) >= 1 << 62:  # renumber what has been combined so far
            encoded = pc.dictionary_encode(result)
            result = pa.chunked_array([pc.cast(c.indices, kind) for c in encoded.chunks], kind)
            size = len(encoded.chunk(0).dictionary) if encoded.num_chunks else 0
        result = filled if result is None else pc.add(pc.multiply(result, pc.scalar(count + 1, kind)), filled)
        size *= count + 1
    return pc.if_else(all_null([part for part, _ in parts]), pc.scalar(None, kind), result)


def distinct_rows(key: Any) -> bool:
    """Whether the rows whose key is not null have pairwise different keys.

    A hash table over every row would take some 70 bytes a row at once; the keys are split instead into
    ranges of about PARTITION rows each (the bounds taken from a sorted sample), and each range is
    checked with a table of its own: equal keys always fall in the same range.
    """
    import pyarrow as pa

    from toolkit.engine import kernels as pc

    present = len(key) - key.null_count
    parts = -(-present // PARTITION)
    if parts <= 1:
        return len(pc.unique(key)) - (key.null_count > 0) == present
    sample = pc.drop_null(pc.take(key, pc.array(range(0, len(key), max(1, len(key) // (64 * parts))), pa.int64())))
    ordered = pc.take(sample, pc.sort_indices(sample)).to_pylist()
    bounds = [None, *sorted({ordered[len(ordered) * i // parts] for i in range(1, parts)}), None]
    for low, high in pairwise(bounds):
        masks = ([pc.greater_equal(key, pc.scalar(low, key.type))] if low is not None else []) + (
            [pc.less(key, pc.scalar(high, key.type))] if high is not None else [])
        inside = pc.filter(key, all_of(masks))
        if len(pc.unique(inside)) != len(inside):
            return False
    return True


def repeats(key: Any) -> list[tuple[int, int]]:
    """Rows whose non-null key an earlier row has, each with the latest such earlier row (the one frictionless names)."""
    import pyarrow as pa

    from toolkit.engine import kernels as pc

    counted = pc.indices_nonzero(pc.is_valid(key))
    whole = key.combine_chunks() if isinstance(key, pa.ChunkedArray) else key
    codes = pc.take(pc.dictionary_encode(whole).indices, counted)
    order = pc.sort_indices(pa.table({"code": codes, "row": counted}), sort_keys=[("code", "ascending"), ("row", "ascending")])
    sorted_codes, sorted_rows = pc.take(codes, order), pc.take(counted, order)
    same = pc.equal(sorted_codes[1:], sorted_codes[:-1])
    return list(zip(pc.filter(sorted_rows[1:], same).to_pylist(), pc.filter(sorted_rows[:-1], same).to_pylist()))


def all_of(masks: list[Any]) -> Any:
    from toolkit.engine import kernels as pc

    result = masks[0]
    for mask in masks[1:]:
        result = pc.and_(result, mask)
    return result
