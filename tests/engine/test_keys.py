"""Key encodings and checks agree with frictionless's Python tuples, whatever the values."""

from __future__ import annotations

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.engine import keys

parts = st.one_of(st.none(), st.text(max_size=6), st.sampled_from(["", "~", ":", "1:", "~~", "2:ab"]))
rows = st.lists(st.tuples(parts, parts, parts), max_size=40)


@given(rows)
def test_encoded_keys_are_equal_exactly_when_tuples_are(table: list[tuple[str | None, ...]]) -> None:
    encoded = keys.encode([pa.array(list(column), pa.string()) for column in zip(*table)] or [pa.array([], pa.string())] * 3)
    for row, key in zip(table, encoded.to_pylist()):
        assert (key is None) == (row == (None, None, None))
        if key is not None:
            assert keys.decode(key, 3) == list(row)
    for a, ka in zip(table, encoded.to_pylist()):
        for b, kb in zip(table, encoded.to_pylist()):
            assert (ka == kb) == (a == b)


@given(rows)
def test_combined_codes_are_equal_exactly_when_tuples_are(table: list[tuple[str | None, ...]]) -> None:
    columns = [list(column) for column in zip(*table)] or [[], [], []]
    combined = keys.combine([keys.codes([pa.array(c, pa.string())], pa.string()) for c in columns]).to_pylist()
    for a, ka in zip(table, combined):
        assert (ka is None) == (a == (None, None, None))
        for b, kb in zip(table, combined):
            assert (ka == kb) == (a == b)


@settings(max_examples=60)
@given(st.lists(st.one_of(st.none(), st.integers(0, 30)), max_size=60), st.sampled_from([1, 2, 5, 1 << 17]))
def test_distinct_rows_in_ranges_matches_a_set(values: list[int | None], partition: int) -> None:
    present = [v for v in values if v is not None]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(keys, "PARTITION", partition)
        chunked = pa.chunked_array([pa.array(values[:7], pa.int32()), pa.array(values[7:], pa.int32())])
        assert keys.distinct_rows(chunked) == (len(set(present)) == len(present))
        strings = pa.chunked_array([pa.array([None if v is None else f"k{v}" for v in values], pa.string())])
        assert keys.distinct_rows(strings) == (len(set(present)) == len(present))


def test_repeats_name_the_latest_earlier_row() -> None:
    key = pa.chunked_array([pa.array(["a", "b", None, "a"]), pa.array(["a", "b"])])
    assert sorted(keys.repeats(key)) == [(3, 0), (4, 3), (5, 1)]
