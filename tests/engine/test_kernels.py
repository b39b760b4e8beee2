"""The functions called through pyarrow._compute give what pyarrow.compute's would."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as reference
import pytest

from toolkit.engine import kernels

TEXTS = pa.array(["a-1", "", None, "Q7", "a\nb", " x", "é"], pa.string())


@pytest.mark.parametrize(("name", "args", "kwargs"), [
    ("match_substring_regex", (TEXTS, "^[a-z]+(-[0-9]+)?$"), {}),
    ("match_substring", (TEXTS, "\n"), {}),
    ("count_substring", (TEXTS, "a"), {}),
    ("starts_with", (TEXTS, " "), {}),
    ("is_in", (TEXTS,), {"value_set": pa.array(["", "Q7"])}),
    ("cast", (pa.array(["1", None, "-20"]), pa.int64()), {}),
    ("fill_null", (pa.array([True, None, False]), False), {}),
    ("sort_indices", (pa.array([3, None, 1, 2]),), {}),
    ("sort_indices", (pa.table({"code": [2, 1, 1], "row": [0, 2, 1]}),), {"sort_keys": [("code", "ascending"), ("row", "ascending")]}),
    ("and_", (pa.array([True, False, None]), pa.array([True, True, True])), {}),
    ("binary_join_element_wise", (TEXTS, TEXTS, ":"), {}),
    ("min_max", (pa.array([4, 1, None]),), {}),
    ("any", (pa.array([False, None]),), {}),
    ("utf8_slice_codeunits", (TEXTS, 1, 3), {}),
])
def test_same_result_as_pyarrow_compute(name: str, args: tuple[object, ...], kwargs: dict[str, object]) -> None:
    assert getattr(kernels, name)(*args, **kwargs).equals(getattr(reference, name)(*args, **kwargs))


def test_an_unknown_function_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError):
        kernels.no_such_function  # noqa: B018


@pytest.mark.parametrize(("values", "value_type"), [
    (["a", None, "", "é\u0301", "x" * 300], pa.string()),
    ([0, None, -(2**63), 2**63 - 1], pa.int64()),
    ([1, None, 7], pa.int32()),
    ([1.5, None, 0.1, float("inf"), -0.0, 1e300], pa.float64()),
    ([True, None, False], pa.bool_()),
    ([__import__("datetime").date(2026, 1, 26), None], pa.date32()),
    ([], pa.string()),
])
def test_arrays_built_from_buffers_equal_pyarrows_conversion(values: list[object], value_type: pa.DataType) -> None:
    assert kernels.array(values, value_type).equals(pa.array(values, value_type))


@pytest.mark.parametrize("value", ["", "x", 3, -1, 2.5, True, False])
def test_a_scalar_has_the_type_arrow_infers(value: object) -> None:
    assert kernels.scalar(value).equals(pa.scalar(value))


def test_python_arguments_become_arrow_scalars() -> None:
    assert kernels.equal(TEXTS, "").equals(reference.equal(TEXTS, ""))
    assert kernels.less_equal(pa.array([1, 5, None]), 3).equals(reference.less_equal(pa.array([1, 5, None]), 3))


def test_ci_tests_the_oldest_pyarrow_the_project_allows() -> None:
    """kernels.py calls pyarrow._compute, a private module: the range pyproject.toml allows is the range CI tests."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    oldest = re.search(r'"pyarrow>=(\d+),<(\d+)"', (root / "pyproject.toml").read_text(encoding="utf-8"))
    assert oldest is not None
    assert f"'pyarrow=={oldest.group(1)}.0.0'" in (root / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8")
    locked = re.search(r"^pyarrow==(\d+)\.", (root / ".ci" / "constraints.txt").read_text(encoding="utf-8"), re.MULTILINE)
    assert locked is not None and int(oldest.group(1)) <= int(locked.group(1)) < int(oldest.group(2))
