"""Primary, unique and foreign keys over typed values, compared as frictionless compares them.

Frictionless keeps Python sets of key tuples; here each question is one pass
of a hash kernel over Arrow columns. Keys of several fields are grouped
natively where only a count is needed; to locate repeats or to look a key up
in another table they are encoded into one string per row, each part
length-prefixed and a null part marked apart from an empty string, so two keys
encode alike exactly when they are equal, and `decode` gives the parts back.
"""

from __future__ import annotations

from typing import Any

_NULL = "~"


def encode(columns: list[Any]) -> Any:
    """One value per row, equal exactly where the rows' keys are equal; null where every part is null."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if len(columns) == 1:
        return columns[0]
    texts = [pc.cast(c, pa.string()) for c in columns]
    parts = [pc.coalesce(pc.binary_join_element_wise(pc.cast(pc.utf8_length(t), pa.string()), t, ":"), _NULL)
             for t in texts]
    all_null = all_of([pc.is_null(t) for t in texts])
    return pc.if_else(all_null, pa.scalar(None, pa.string()), pc.binary_join_element_wise(*parts, ""))


def decode(encoded: object, width: int) -> list[str | None]:
    """The parts of a key of `width` fields as text (a one-field key is its own value)."""
    if width == 1:
        return [None if encoded is None else str(encoded)]
    text, parts, position = str(encoded), [], 0
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
    import pyarrow.compute as pc

    return all_of([pc.is_null(c) for c in columns])


def codes(chunks: list[Any], value_type: Any) -> tuple[Any, int]:
    """Dense int64 codes for some arrays of values, equal exactly where the values are (null stays null), and
    how many distinct values there are. Dictionary chunks share their dictionaries instead of being decoded."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if chunks and all(isinstance(c, pa.DictionaryArray) for c in chunks):
        unified = pa.chunked_array(chunks).unify_dictionaries()
        return (pa.chunked_array([pc.cast(c.indices, pa.int64()) for c in unified.chunks], pa.int64()),
                len(unified.chunk(0).dictionary))
    plain = [c.dictionary_decode() if isinstance(c, pa.DictionaryArray) else c for c in chunks]
    encoded = pc.dictionary_encode(pa.chunked_array(plain, value_type).combine_chunks())
    return pc.cast(encoded.indices, pa.int64()), len(encoded.dictionary)


def combine(parts: list[tuple[Any, int]]) -> Any:
    """One int64 code per row for a key of several fields' codes: equal exactly where every part is equal
    (a null part included, as frictionless compares None), null where every part is null."""
    import pyarrow as pa
    import pyarrow.compute as pc

    first, size = parts[0]
    if len(parts) == 1:
        return first
    result, size = pc.fill_null(first, size), size + 1
    for part, count in parts[1:]:
        if size * (count + 1) >= 1 << 62:  # keep the product in range: renumber what has been combined so far
            encoded = pc.dictionary_encode(result)
            result, size = pc.cast(encoded.indices, pa.int64()), len(encoded.dictionary)
        result, size = pc.add(pc.multiply(result, count + 1), pc.fill_null(part, count)), size * (count + 1)
    return pc.if_else(all_null([part for part, _ in parts]), pa.scalar(None, pa.int64()), result)


def distinct_rows(key: Any) -> bool:
    """Whether the rows whose key is not null have pairwise different keys (one hash pass)."""
    import pyarrow.compute as pc

    return len(pc.unique(key)) - (key.null_count > 0) == len(key) - key.null_count


def repeats(key: Any) -> list[tuple[int, int]]:
    """Rows whose non-null key an earlier row has, each with the latest such earlier row (the one frictionless names)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    counted = pc.indices_nonzero(pc.is_valid(key))
    whole = key.combine_chunks() if isinstance(key, pa.ChunkedArray) else key
    codes = pc.take(pc.dictionary_encode(whole).indices, counted)
    order = pc.sort_indices(pa.table({"code": codes, "row": counted}), sort_keys=[("code", "ascending"), ("row", "ascending")])
    sorted_codes, sorted_rows = pc.take(codes, order), pc.take(counted, order)
    same = pc.equal(sorted_codes[1:], sorted_codes[:-1])
    return list(zip(pc.filter(sorted_rows[1:], same).to_pylist(), pc.filter(sorted_rows[:-1], same).to_pylist()))


def all_of(masks: list[Any]) -> Any:
    import pyarrow.compute as pc

    result = masks[0]
    for mask in masks[1:]:
        result = pc.and_(result, mask)
    return result
