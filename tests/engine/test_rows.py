"""Reading tables: the line where each row starts, kept compactly; rows kept only when a caller needs them."""

from __future__ import annotations

import contextlib
import json
import random
from pathlib import Path
from unittest import mock

import frictionless
import pytest

from toolkit.engine.fast import Checked
from toolkit.engine.package import Table, load
from toolkit.engine.rows import Lines, _one_line_records, read_rows
from toolkit.engine.schema import check_schema
from toolkit.problems import Fatal
from toolkit.validate import validate


def test_lines_keep_only_where_the_count_shifts() -> None:
    lines = Lines()
    starts = [2, 3, 5, 6, 7, 10, 11]  # records 2 and 5 span two and three lines
    for start in starts:
        lines.append(start)
    assert list(lines) == starts and len(lines) == 7 and lines[-1] == 11 and lines[1:3] == [3, 5]
    assert len(lines._at) == 2
    with pytest.raises(IndexError):
        lines[7]


def test_the_frictionless_path_keeps_no_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Line numbers need where each row starts, not the rows: a 2 GB table must not be held in memory."""
    declined = lambda package: Checked(paths={name: "declined for the test" for name in package.tables})
    monkeypatch.setattr("toolkit.engine.fast.check", declined)
    rows = "".join(f'{i},"line\nbreak"\n' if i == 500 else f"{i},x\n" for i in range(1000))
    (tmp_path / "t.csv").write_text("id,text\n" + rows + "1000,x\n999,x\n", encoding="utf-8")
    (tmp_path / "datapackage.json").write_text(
        '{"name": "t", "resources": [{"name": "t", "path": "t.csv", "schema": {"fields": '
        '[{"name": "id", "type": "integer"}, {"name": "text"}], "primaryKey": ["id"]}}]}', encoding="utf-8")
    package = load(tmp_path / "datapackage.json", read=False)
    problems = check_schema(package)
    assert [(p.code, p.line, p.value) for p in problems] == [("primary-key", 1004, "999")]
    assert package.tables["t"].rows == [] and len(package.tables["t"].lines._at) == 1


ONE_LINE_RECORDS = ["a,b\n1,2\n", "a,b\n1,2", "a,b\r\n1,2\r\n3,4", "a,b\n\n1,2\n\n", "a,b\n1,2\n   \n", "\ufeffa,b\n1,2\n",
                    "a\n", "a", "naïve,b\né,ü\n", "a,b\n" + "x" * 100_000 + "\n"]
CSV_ONLY = ['a,b\n"1\n2",3\n', "a,b\r1,2\r", "a,b\n1\x00,2\n", "a,b\n" + "x" * 100_001 + "\n", "a,b\n1,2\r"]


def _lines(path: Path, encoding: str | None, content: bytes) -> tuple[list[str], list[int]] | str:
    """The header and where records start, or the problem's code; a first read keeps only the header."""
    path.write_bytes(content)
    table = Table("t", "t.csv", {}, path, encoding=encoding)
    try:
        read_rows(table, keep=False, header_only=not table.header)
        read_rows(table, keep=False)
    except Fatal as fatal:
        return fatal.problem.code
    return table.header, list(table.lines)


@pytest.mark.parametrize("encoding", [None, "utf-8"])
@pytest.mark.parametrize("content", ONE_LINE_RECORDS + CSV_ONLY)
def test_records_of_one_line_are_counted_as_the_csv_module_reads_them(tmp_path: Path, content: str, encoding: str | None) -> None:
    """Without quotes, each line is a record: counted on the bytes, where the csv module parsed every cell (as long
    again as frictionless's own reading of a table); anything else goes to the csv module, as before."""
    data = content.encode("utf-8")
    (tmp_path / "t.csv").write_bytes(data)
    assert (_one_line_records(tmp_path / "t.csv", encoding is not None, b'"') is not None) is (content in ONE_LINE_RECORDS)
    with mock.patch("toolkit.engine.rows._one_line_records", return_value=None):
        expected = _lines(tmp_path / "t.csv", encoding, data)
    assert _lines(tmp_path / "t.csv", encoding, data) == expected


def test_a_file_not_utf8_where_declared_is_read_by_the_csv_module(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_bytes(b"a,b\n\xe9,1\n")
    assert _one_line_records(tmp_path / "t.csv", True, b'"') is None
    assert _one_line_records(tmp_path / "t.csv", False, b'"') == 1
    assert _lines(tmp_path / "t.csv", "utf-8", b"a,b\n\xe9,1\n") == "encoding-error"


@pytest.mark.parametrize(("dialect", "lines"), [(None, [2, 3]), ({"quoteChar": "'"}, [2]), ({"csv": {"quoteChar": "'"}}, [2]),
                                               ("dialect.json", [2, 3]), ({"quoteChar": 1}, [2, 3])])
def test_records_span_lines_only_inside_the_quote_character_frictionless_reads_with(tmp_path: Path, dialect: object,
                                                                                   lines: list[int]) -> None:
    """With "'" declared, a line break inside '1\n2' is no record's start (found by the differential test, whose
    dialects quote with "'"); a sniffed "'" is read as '"', as frictionless reads it, and so is a quote character
    the csv module refuses."""
    (tmp_path / "t.csv").write_bytes(b"a|b\n'1\n2'|3\n")
    resource = {"name": "t", "path": "t.csv", "schema": {"fields": [{"name": "a"}, {"name": "b"}]}}
    if dialect is not None:
        resource["dialect"] = dialect
    (tmp_path / "datapackage.json").write_text(json.dumps({"name": "p", "resources": [resource]}), encoding="utf-8")
    table = load(tmp_path / "datapackage.json", read=False).tables["t"]
    read_rows(table, keep=False)
    assert list(table.lines) == lines
    assert _one_line_records(tmp_path / "t.csv", False, b'"') == 2
    assert _one_line_records(tmp_path / "t.csv", False, b"'") is None


@pytest.mark.parametrize("seed", range(200))
def test_records_counted_on_bytes_agree_with_the_csv_module_on_random_files(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    pieces = ["a", "b,", ",", "\n", "\r\n", " ", "é", "\n\n"] + (["\r", '"'] if seed % 2 else [])  # odd seeds: the csv module's
    data = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 60))).encode()
    with mock.patch("toolkit.engine.rows._one_line_records", return_value=None):
        expected = _lines(tmp_path / "t.csv", None, data)
    assert _lines(tmp_path / "t.csv", None, data) == expected


@pytest.mark.parametrize(("content", "expected"), [
    (b"\n", [("source-error", 1, None)]),
    (b"\n\n\n", [("blank-row", 2, None), ("blank-row", 3, None)]),
    (b"\n\nx\n1\n", [("blank-row", 2, None), ("type-error", 3, "x")]),
    (b"  \n\n", [("blank-label", 1, "x"), ("blank-row", 2, None)]),
    (b"\n1\n2\n", []),
], ids=["one-blank-line", "blank-lines", "blank-line-then-rows", "spaces-then-blank", "blank-header"])
def test_a_blank_first_line_is_the_header_as_for_frictionless(tmp_path: Path, content: bytes, expected: list[object]) -> None:
    """A package that is not this dataset's: frictionless takes a blank first line for a header without labels,
    and one blank line alone for an empty source; so does the toolkit (it said file-empty)."""
    (tmp_path / "t.csv").write_bytes(content)
    (tmp_path / "datapackage.json").write_text(json.dumps({"name": "p", "resources": [
        {"name": "t", "path": "t.csv", "schema": {"fields": [{"name": "x", "type": "integer"}]}}]}), encoding="utf-8")
    assert [(p.code, p.line, p.field) for p in validate(tmp_path / "datapackage.json").problems] == expected
    with contextlib.chdir(tmp_path):
        report = frictionless.validate("datapackage.json", type="package")
    found = [(e.type, getattr(e, "row_number", None) or 1, getattr(e, "field_name", None)) for t in report.tasks for e in t.errors]
    assert found == expected  # frictionless places a header's or a source's error at no row: line 1 here
