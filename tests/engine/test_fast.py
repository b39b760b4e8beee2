"""Differential tests: the column-wise checks find exactly what frictionless finds.

Tables are generated with random violations of every supported constraint and
every type, written as CSV, and validated both ways; the problems (code, file,
line, field, value and message) must be equal. Cases the fast path declines
are also checked to fall back to frictionless.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from toolkit.engine import blocks, columns, fast
from toolkit.engine import rows as rows_module
from toolkit.engine.package import load
from toolkit.engine.schema import _frictionless_problems, check_schema

PARENT = {
    "fields": [
        {"name": "id", "type": "string", "constraints": {"required": True, "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}},
        {"name": "rank", "type": "integer", "constraints": {"minimum": 0, "maximum": 100, "unique": True}},
        {"name": "kind", "type": "string", "constraints": {"enum": ["a", "b b", "c,d"]}},
        {"name": "label", "type": "string", "constraints": {"minLength": 2, "maxLength": 5}},
        {"name": "level", "type": "integer", "constraints": {"enum": [1, 2, 3]}},
        {"name": "code", "type": "string", "constraints": {"pattern": r"\d+[^\W_]?", "unique": True}},
    ],
    "primaryKey": ["id"],
    "missingValues": [""],
}
CHILD = {
    "fields": [
        {"name": "parent_id", "type": "string", "constraints": {"pattern": "[a-z]+"}},  # checked by the lookup
        {"name": "start", "type": "integer", "constraints": {"required": True}},
        {"name": "amount", "type": "number", "constraints": {"required": True}},
        {"name": "day", "type": "date"},
        {"name": "flag", "type": "boolean"},
        {"name": "url", "type": "string", "format": "uri"},
        {"name": "note", "type": "string"},
    ],
    "primaryKey": ["parent_id", "start"],
    "foreignKeys": [
        {"fields": ["parent_id"], "reference": {"resource": "parent", "fields": ["id"]}},
        {"fields": ["parent_id", "start"], "reference": {"resource": "parent", "fields": ["id", "rank"]}},
    ],
    "missingValues": ["", "NA"],
}
# Every other type, judged column-wise where its form is certain and by frictionless's reader otherwise.
MEASURES = {
    "fields": [
        {"name": "year", "type": "year", "constraints": {"minimum": 1990, "maximum": 2030}},
        {"name": "month", "type": "yearmonth"},
        {"name": "at", "type": "datetime"},
        {"name": "clock", "type": "time"},
        {"name": "share", "type": "number", "constraints": {"minimum": 0, "maximum": 1.5}},
        {"name": "level", "type": "number", "constraints": {"enum": [1, 2.5, 0.1]}},
        {"name": "day", "type": "date", "constraints": {"minimum": "2020-01-01", "maximum": "2026-12-31", "required": True}},
        {"name": "flag", "type": "boolean", "trueValues": ["yes", "Y"], "falseValues": ["no"]},
        {"name": "count", "type": "integer", "bareNumber": False, "constraints": {"minimum": 1}},
        {"name": "when", "type": "date", "format": "%d/%m/%Y"},
        {"name": "tag", "type": "any", "constraints": {"enum": ["x", "y"]}},
        {"name": "long", "type": "number"},
        {"name": "kept", "type": "boolean"},
    ],
}
YEARS = ["1990", "2030", "2031", "1989", "0000", "99", "02024", "2024 ", "\u0662\u0660\u0662\u0664", "+202"]
YEARMONTHS = ["2024-01", "2024-12", "2024-13", "2024-00", "2024-1", "24-01", "2024-01-01", " 2024-01"]
DATETIMES = ["2026-01-26T10:00:00", "2026-01-26T10:00:00Z", "2026-01-26T24:00:00", "2026-02-30T10:00:00", "2026-01-26 10:00:00",
             "2026-01-26T10:00", "2026-01-26T10:00:00+01:00", "2026-01-26T10:00:00.5", "2026-01-26T23:59:60", "0000-01-01T00:00:00"]
TIMES = ["10:00:00", "23:59:59", "24:00:00", "10:60:00", "10:00", "10:00:00Z", "1:00:00", "10:00:00.123"]
SHARES = ["0", "1.5", "1.50", "1.500000000000001", "-0", "1.6", "0.0000001", "2e-1", "-1", "1.4999999999999999"]
LEVELS = ["1", "1.0", "2.5", "0.1", "0.10", "3", ".1", "1e0"]
DAYS = ["2020-01-01", "2019-12-31", "2026-12-31", "2027-01-01", "2024-02-29", "2023-02-29", "2024-2-29", "2100-02-29", "2000-02-29"]
FLAGS = ["yes", "Y", "no", "true", "No"]
LONGS = ["-122.41941550000", "12345678901234567890.123", "1", "1,5", "0.1234567890123456789"]

TRICKY = ["", " ", "NA", "a", "a,b", 'say "hi"', "multi\nline", "line\r\nbreak", "trail\n", "é", "e\u0301", "-", "x" * 7]
INTEGERS = ["0", "1", "42", "100", "101", "-1", "+1", " 2", "2 ", "01", "1_0", "\u0661", "1.0", "1e2", "99999999999999999999", "abc"]
NUMBERS = ["0", "1.5", "-2.25", "1e3", "NaN", "inf", " 3 ", "1,5", "1.", ".5", "abc", "12345678901234567890.5"]
DATES = ["2026-01-26", "2026-02-30", "2024-02-29", "2026-1-5", "0000-01-01", "26-01-2026", " 2026-01-26", "today"]
BOOLEANS = ["true", "false", "True", "1", "0", "yes", "no", "maybe"]
URLS = ["https://example.org/a", "example.org", "mailto:a@b.c", "ftp://x", "http://", "::"]
SLUGS = ["a", "b-c", "d1", "e", "Bad", "a--b", "-x", "f", "a\n"]


def cells(pool: list[str]) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(pool), st.sampled_from(TRICKY))


parent_rows = st.lists(st.tuples(
    cells(SLUGS), cells(INTEGERS), cells(["a", "b b", "c,d", "d"]), cells(["ab", "abcde", "abcdef", "a"]),
    cells(INTEGERS[:6]), cells(["1", "22", "3a", "\u0663", "x", "12_"]),
), max_size=12)
child_rows = st.lists(st.tuples(
    cells(SLUGS), cells(INTEGERS), cells(NUMBERS), cells(DATES), cells(BOOLEANS), cells(URLS),
    st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\r\x00"), max_size=8),  # a lone CR or NUL makes the fast path decline
), max_size=12)
measure_rows = st.lists(st.tuples(
    cells(YEARS), cells(YEARMONTHS), cells(DATETIMES), cells(TIMES), cells(SHARES), cells(LEVELS), cells(DAYS), cells(FLAGS),
    cells(["1", "0", "-1", "+2", "x", "$2", "3%"]), cells(["26/01/2026", "2026-01-26", "31/02/2026", "1/2/2026"]), cells(["x", "y", "z"]),
    cells(LONGS), cells(BOOLEANS),
), max_size=12)

# Dialects tables are written in: (delimiter, quote character, declared). Undeclared, frictionless sniffs
# the dialect and detects the encoding, and so must the fast path.
PLAIN = (",", '"', True)
DIALECTS = [PLAIN, (";", '"', True), ("\t", '"', False), ("|", "'", True), (";", '"', False), (",", '"', False)]


def write_package(root: Path, parent: list[tuple[str, ...]], child: list[tuple[str, ...]], dialect: tuple[str, str, bool] = PLAIN,
                  measures: list[tuple[str, ...]] | None = None) -> Path:
    delimiter, quote, declared = dialect
    root.mkdir(parents=True, exist_ok=True)
    tables = [("parent", PARENT, parent), ("child", CHILD, child)] + ([("measures", MEASURES, measures)] if measures is not None else [])
    for name, schema, rows in tables:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n", delimiter=delimiter, quotechar=quote)
        writer.writerow([f["name"] for f in schema["fields"]])
        writer.writerows(rows)
        (root / f"{name}.csv").write_bytes(buffer.getvalue().encode("utf-8"))
    how = {"encoding": "utf-8", "dialect": {"delimiter": delimiter, "quoteChar": quote}} if declared else {}
    descriptor = {"name": "generated", "resources": [{"name": name, "path": f"{name}.csv", **how, "schema": schema}
                                                     for name, schema, _ in tables]}
    (root / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return root / "datapackage.json"


@pytest.fixture(params=["per row", "per distinct value in small blocks"])
def engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run each test as production data meets the fast path: whole blocks of mostly distinct values, and
    many blocks of few distinct values (dictionary-encoded, with rows located through the dictionary)."""
    if request.param != "per row":
        monkeypatch.setattr(blocks, "BLOCK", 160)
        monkeypatch.setattr(columns, "SAMPLE", 0)
    return str(request.param)


def fast_problems(path: Path) -> list | None:  # type: ignore[type-arg]
    """The fast path's problems when it reads every table of the package, else None."""
    checked = fast.check(load(path, read=False))
    return None if checked.declined else checked.problems


def both_ways(path: Path) -> tuple[list | None, list]:  # type: ignore[type-arg]
    fast_found = fast_problems(path)
    reference = load(path)
    return fast_found, list(_frictionless_problems(reference))


@contextmanager
def rows_read_in(dialect: tuple[str, str, bool]) -> Iterator[None]:
    """The translation of frictionless's errors locates rows by reading them as comma-separated CSV
    (toolkit.engine.rows.read_rows); for a table in another dialect it must read them in that one."""
    reader = partial(csv.reader, delimiter=dialect[0], quotechar=dialect[1])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rows_module, "csv", SimpleNamespace(reader=reader, field_size_limit=csv.field_size_limit, Error=csv.Error))
        yield


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parent=parent_rows, child=child_rows, dialect=st.sampled_from(DIALECTS), measures=measure_rows)
def test_same_problems_as_frictionless(engine: str, tmp_path_factory: pytest.TempPathFactory, parent: list, child: list,  # type: ignore[type-arg]
                                       dialect: tuple[str, str, bool], measures: list) -> None:  # type: ignore[type-arg]
    path = write_package(tmp_path_factory.mktemp("gen"), parent, child, dialect, measures)
    with rows_read_in(dialect):
        fast_found, expected = both_ways(path)
        event("fast path" if fast_found is not None else "declined")  # e.g. frictionless sniffs another dialect
        if fast_found is not None:
            assert sorted(fast_found, key=repr) == sorted(expected, key=repr)
        assert sorted(check_schema(load(path, read=False)), key=repr) == sorted(expected, key=repr)


def test_every_kind_of_problem_is_exercised(engine: str, tmp_path: Path) -> None:
    """A fixed example that hits each code the fast path produces, so the property test cannot pass vacuously."""
    parent = [("a", "1", "a", "ab", "1", "1"), ("a", "1", "d", "a", "9", "1"), ("Bad", "+1", "a", "ab", "x", "3a"),
              ("", "", "", "", "", "")]
    child = [("a", "1", "1.5", "2026-02-30", "maybe", "example.org", ""), ("zz", "1", "", "", "", "", ""),
             ("a", "01", "x", "", "", "", ""), ("Bad", "2", "3", "", "", "", "")]
    fast_found, expected = both_ways(write_package(tmp_path, parent, child))
    assert fast_found is not None
    assert sorted(fast_found, key=repr) == sorted(expected, key=repr)
    assert {p.code for p in expected} == {"constraint-error", "type-error", "primary-key", "unique-error", "foreign-key", "blank-row"}


@pytest.mark.parametrize("content", [
    b"parent_id,start,amount,day,flag,url,note\na,1\n",  # short row
    b"parent_id,start,amount,day,flag,url,note\na,1,2,,,,,extra\n",  # long row
    b"parent_id,start,amount,flag,day,url,note\na,1,2,,,,\n",  # columns out of order
    b"parent_id,start,amount,day,flag,url,note\na,1,2,,,,\"x\ry\"\n",  # a lone carriage return
    b"parent_id,start,amount,day,flag,url,note\na,1,2,,,,caf\xc3\n",  # UTF-8 cut short
    b"parent_id,start,amount,day,flag,url,note\na,1,2,,,,caf\xe9\n",  # Latin-1, not UTF-8
])
def test_irregular_files_fall_back_to_frictionless(tmp_path: Path, content: bytes) -> None:
    path = write_package(tmp_path, [("a", "1", "a", "ab", "1", "1")], [])
    (tmp_path / "child.csv").write_bytes(content)
    assert fast_problems(path) is None
    package = load(path, read=False)
    assert check_schema(package) == list(_frictionless_problems(load(path)))


def test_blank_line_reads_as_a_blank_row_both_ways(engine: str, tmp_path: Path) -> None:
    path = write_package(tmp_path, [("a", "1", "a", "ab", "1", "1")], [])
    (tmp_path / "child.csv").write_bytes(b"parent_id,start,amount,day,flag,url,note\n\na,1,2,,,,\n")
    fast_found, expected = both_ways(path)
    assert fast_found == expected
    assert {p.code for p in expected} == {"blank-row", "primary-key"}


def test_unsupported_schema_falls_back(tmp_path: Path) -> None:
    path = write_package(tmp_path, [("a", "1", "a", "ab", "1", "1")], [])
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["resources"][0]["schema"]["fields"][1]["missingValues"] = ["-"]  # a field's own missing values
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    assert fast_problems(path) is None


def test_help_imports_no_dataframe_library() -> None:
    import subprocess
    import sys

    code = ("import sys; from toolkit.cli import app; app(['--help'], standalone_mode=False); "
            "print(sorted(m for m in ('frictionless', 'pyarrow', 'polars') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("[]")


def test_crlf_inside_quoted_values_survives_every_block_boundary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """pyarrow drops the LF of a quoted CRLF that a block boundary splits; the reader never splits there."""
    rows = [(f"r{i}", str(i), "a", "ab", "1", f"{i}\r\n{i}") for i in range(8)]
    path = write_package(tmp_path, rows, [])
    expected = list(_frictionless_problems(load(path)))
    assert {p.value for p in expected} == {f"{i}\r\n{i}" for i in range(8)}  # each code breaks its pattern
    size = len((tmp_path / "parent.csv").read_bytes())
    for block in range(48, size):  # from the longest header line up
        monkeypatch.setattr(blocks, "BLOCK", block)
        assert sorted(fast_problems(path) or [], key=repr) == sorted(expected, key=repr), block


def test_keys_into_the_same_table_and_in_a_cycle(engine: str, tmp_path: Path) -> None:
    """A self-reference and two tables referring to each other are checked once all are read, as frictionless does."""
    people = {"fields": [{"name": "id", "type": "integer"}, {"name": "boss", "type": "integer"}, {"name": "team", "type": "string"}],
              "primaryKey": "id",
              "foreignKeys": [{"fields": "boss", "reference": {"resource": "", "fields": "id"}},
                              {"fields": "team", "reference": {"resource": "teams", "fields": "name"}}]}
    teams = {"fields": [{"name": "name", "type": "string"}, {"name": "lead", "type": "integer"}],
             "foreignKeys": [{"fields": ["lead"], "reference": {"resource": "people", "fields": ["id"]}}]}
    (tmp_path / "people.csv").write_text("id,boss,team\n1,,a\n2,1,a\n3,7,b\n04,2,z\n", encoding="utf-8")
    (tmp_path / "teams.csv").write_text("name,lead\na,1\nb,4\nc,9\n", encoding="utf-8")
    (tmp_path / "datapackage.json").write_text(json.dumps({"name": "cycle", "resources": [
        {"name": "people", "path": "people.csv", "encoding": "utf-8", "schema": people},
        {"name": "teams", "path": "teams.csv", "encoding": "utf-8", "schema": teams},
    ]}), encoding="utf-8")
    fast_found, expected = both_ways(tmp_path / "datapackage.json")
    assert fast_found is not None
    assert sorted(fast_found, key=repr) == sorted(expected, key=repr)
    assert [(p.file.rsplit("/", 1)[-1], p.line, p.field, p.value) for p in sorted(expected, key=lambda p: (p.file, p.line or 0))] == [
        ("people.csv", 4, "boss", "7"), ("people.csv", 5, "team", "z"), ("teams.csv", 4, "lead", "9")]


def test_the_bundled_dataset_takes_the_fast_path() -> None:
    """Its articles.csv sniffs as skipping initial spaces; with no cell starting with one, that changes nothing."""
    root = Path(__file__).resolve().parents[2]
    assert fast_problems(root / "datapackage.json") == []


def test_a_space_frictionless_would_skip_falls_back(tmp_path: Path) -> None:
    path = write_package(tmp_path, [("a", "1", "a", "ab", "1", "1")], [])
    (tmp_path / "child.csv").write_bytes(b'parent_id,start,amount,day,flag,url,note\na,1,2,,,, "x, y"\na,2,3,,,, "p, q"\n')
    assert fast_problems(path) is None
    assert check_schema(load(path, read=False)) == list(_frictionless_problems(load(path)))


def test_characters_split_by_a_block_boundary_are_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bytes are checked as UTF-8 block by block; a character cut by a block's end is whole in the next."""
    monkeypatch.setattr(blocks, "BLOCK", 64)
    path = write_package(tmp_path, [("a", "1", "a", "ab", "1", "1")], [("a", "1", "1111", "", "", "", "é" * 6)] * 4)
    content = (tmp_path / "child.csv").read_bytes()
    assert any(content[end] & 0xC0 == 0x80 for end in range(64, len(content), 64))  # a boundary falls inside an é
    fast_found, expected = both_ways(path)
    assert fast_found is not None
    assert sorted(fast_found, key=repr) == sorted(expected, key=repr)


def test_a_record_longer_than_the_blocks_read_ahead_does_not_stall(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader is paced a block or two ahead of the checks; a record spanning more blocks than that
    must still be read to the end (pyarrow then declines it, and frictionless judges the package)."""
    import threading

    monkeypatch.setattr(blocks, "BLOCK", 64)
    path = write_package(tmp_path, [("a", "1", "a", "ab", "1", "1")], [("a", "1", "2.5", "", "", "", "n" * 400)])
    found: list[object] = []
    worker = threading.Thread(target=lambda: found.append(fast_problems(path)), daemon=True)
    worker.start()
    worker.join(timeout=30)
    assert found == [None]


def test_the_fast_path_imports_neither_frictionless_nor_pyarrow_compute_nor_pandas() -> None:
    """Any of these imports costs more start-up than validating the bundled dataset (see toolkit/engine/kernels.py).
    pandas is installed with the test extras, as most analysts have it: pyarrow's conversion of a Python value
    would import it (and it imports pyarrow.compute)."""
    import importlib.util
    import subprocess
    import sys

    assert importlib.util.find_spec("pandas") is not None
    code = ("import sys; from pathlib import Path; from toolkit.validate import validate; "
            f"report = validate(Path({str(Path(__file__).parents[2] / 'datapackage.json')!r})); "
            "print(report.valid(True), *(m in sys.modules for m in ('frictionless', 'pyarrow.compute', 'pandas')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "False", "False", "False"]


def test_pandas_imported_first_changes_no_problem(tmp_path: Path) -> None:
    """A program that has imported pandas (a notebook) gets the same problems from the fast path."""
    import subprocess
    import sys

    parent = [("a", "1", "a", "ab", "1", "1"), ("a", "1", "d", "a", "9", "1"), ("Bad", "+1", "a", "ab", "x", "3a")]
    child = [("a", "1", "1.5", "2026-02-30", "maybe", "example.org", ""), ("zz", "1", "", "", "", "", "")]
    path = write_package(tmp_path, parent, child)
    code = ("import pandas, sys; from pathlib import Path; from toolkit.engine import fast; from toolkit.engine.package import load; "
            f"print(sorted(map(repr, fast.check(load(Path({str(path)!r}), read=False)).problems)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    found = fast_problems(path)
    assert found
    assert out.strip() == str(sorted(map(repr, found)))


def test_every_type_is_judged_on_the_fast_path(engine: str, tmp_path: Path) -> None:
    """A fixed table of every other type, with valid cells of each certain form and errors of each kind:
    read fast, with frictionless's problems."""
    good = ("2024", "2024-01", "2026-01-26T10:00:00Z", "10:00:00", "1.5", "0.10", "2024-02-29", "yes", "$2", "26/01/2026", "x",
            "-122.41941550000", "true")
    bad = ("2031", "2024-13", "2026-02-30T10:00:00", "10:60:00", "1.6", "3", "2019-12-31", "true", "0", "31/02/2026", "z", "1,5", "yes")
    odd = ("+202", "2024-1", "2026-01-26T10:00:00+01:00", "10:00:00.5", "2e-1", ".1", "2024-2-29", "no", "3%", "1/2/2026", "y",
           "12345678901234567890.123", "1")
    path = write_package(tmp_path, [], [], PLAIN, [good, bad, odd, ("",) * 13])
    fast_found, expected = both_ways(path)
    assert fast_found is not None
    assert sorted(fast_found, key=repr) == sorted(expected, key=repr)
    located = {(p.line, p.field, p.code) for p in expected}
    assert {(3, f["name"]) for f in MEASURES["fields"]} == {(line, field) for line, field, _ in located if line == 3}
    # The odd forms go to frictionless's reader, which finds them valid but for "+202" (the year 202)
    assert {(field, code) for line, field, code in located if line == 4} == {("year", "constraint-error")}
    assert (5, None, "blank-row") in located


def test_a_pattern_with_alternatives_is_anchored_as_frictionless_anchors_it(tmp_path: Path) -> None:
    """frictionless matches `^Book|Journal Article$`: a value starting with "Book", or exactly "Journal Article"
    (found in a published package, kmcelwee/derridas-margins-data, where the fast path flagged "Book Section")."""
    values = ["Book", "Book Section", "Journal Article", "X Journal Article", "Journal Articles", "A Book"]
    (tmp_path / "t.csv").write_text("kind\n" + "\n".join(values) + "\n", encoding="utf-8")
    schema = {"fields": [{"name": "kind", "type": "string", "constraints": {"pattern": "Book|Journal Article"}}]}
    (tmp_path / "datapackage.json").write_text(json.dumps({"name": "p", "resources": [
        {"name": "t", "path": "t.csv", "encoding": "utf-8", "schema": schema}]}), encoding="utf-8")
    fast_found, expected = both_ways(tmp_path / "datapackage.json")
    assert fast_found is not None
    assert sorted(fast_found, key=repr) == sorted(expected, key=repr)
    assert [(p.code, p.line, p.value) for p in expected] == [
        ("constraint-error", 5, "X Journal Article"), ("constraint-error", 6, "Journal Articles"), ("constraint-error", 7, "A Book")]
