"""A table frictionless judges is read with frictionless's csv options, so its records, and the lines they
start on, are frictionless's rows: held to frictionless's own reading, dialect by dialect."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import frictionless
import pytest

from toolkit.engine.dialect import reader_options
from toolkit.validate import validate

GEOPOINT = {"fields": [{"name": "id", "type": "integer"}, {"name": "point", "type": "geopoint"}, {"name": "note", "type": "string"}]}

TABLES: dict[str, tuple[dict[str, Any], str]] = {
    "single quotes declared, a double quote as text": ({"quoteChar": "'"}, "id,point,note\n1,\"1,2\",'it''s'\n2,\"3,4\",'a\nb'\n3,x,\"y\n"),
    "semicolons sniffed": ({}, "id;point;note\n1;1,2;\"a;\nb\"\n2;3,4;c\n"),
    "single quotes sniffed, read as text": ({}, "id,point,note\n1,'1,2','a'\n2,'3,4','b'\n"),
    "tabs declared, spaces skipped": ({"delimiter": "\t", "skipInitialSpace": True}, "id\tpoint\tnote\n1\t \"1,2\"\t\"a\nb\"\n"),
    "an escape character declared": ({"escapeChar": "\\", "doubleQuote": False}, "id,point,note\n1,\"1,2\",\"a\\\"b\"\n2,\"3,4\",c\n"),
    "the csv part of a v2 dialect": ({"csv": {"quoteChar": "|"}}, "id,point,note\n1,|1,2|,|a\nb|\n"),
}


@pytest.mark.parametrize("name", TABLES)
def test_records_are_frictionless_s_rows(tmp_path: Path, name: str) -> None:
    dialect, content = TABLES[name]
    (tmp_path / "t.csv").write_text(content, encoding="utf-8", newline="")
    declared = {**dialect, **dialect.get("csv", {})}
    with (tmp_path / "t.csv").open(encoding="utf-8", newline="") as handle:
        ours = list(csv.reader(handle, strict=True, **reader_options(declared, tmp_path / "t.csv", "utf-8")))
    resource = frictionless.Resource({"name": "t", "path": "t.csv", "dialect": dialect}, basepath=str(tmp_path))
    with resource:
        theirs = [resource.header.labels, *(row.cells for row in resource.row_stream)]
    assert ours == theirs


def test_a_declined_table_s_problems_are_frictionless_s_at_the_lines_its_rows_start(tmp_path: Path) -> None:
    """Read with a comma and a double quote, the cell "1,2 opened a quote that ran to the end of the file, and the
    table was reported as csv-malformed at line 5 instead."""
    dialect, content = TABLES["single quotes declared, a double quote as text"]
    (tmp_path / "t.csv").write_text(content, encoding="utf-8", newline="")
    resource = {"name": "t", "path": "t.csv", "encoding": "utf-8", "dialect": dialect, "schema": GEOPOINT}
    (tmp_path / "datapackage.json").write_text(json.dumps({"name": "dq", "resources": [resource]}), encoding="utf-8")
    report = validate(tmp_path / "datapackage.json")
    assert [(p.code, p.line, p.field) for p in report.problems] == [
        ("extra-cell", 2, None), ("type-error", 2, "point"),
        ("extra-cell", 3, None), ("type-error", 3, "point"),
        ("type-error", 5, "point"),  # row 4 starts on line 5: row 3's quoted cell holds a line break
    ]
    found = frictionless.validate(tmp_path / "datapackage.json")
    assert [(e.type, e.row_number) for e in found.tasks[0].errors] == [
        ("type-error", 2), ("extra-cell", 2), ("type-error", 3), ("extra-cell", 3), ("type-error", 4)]


def test_a_declined_table_is_read_as_leniently_as_frictionless_reads_it(tmp_path: Path) -> None:
    """A quote inside a quoted cell ("a"b) and a quote left open at the end: frictionless's csv reader is not strict
    and reads both; the line numbers are taken the same way, so the table is judged, not refused as csv-malformed."""
    content = 'id,point,note\n1,"1,2",c,d\n2,"3,4","a"b\n3,"5,6","e\n'  # the extra cell sends it to frictionless
    (tmp_path / "t.csv").write_text(content, encoding="utf-8", newline="")
    resource = {"name": "t", "path": "t.csv", "encoding": "utf-8", "schema": GEOPOINT}
    (tmp_path / "datapackage.json").write_text(json.dumps({"name": "lenient", "resources": [resource]}), encoding="utf-8")
    assert [(p.code, p.line, p.field) for p in validate(tmp_path / "datapackage.json").problems] == [("extra-cell", 2, None)]
    found = frictionless.validate(tmp_path / "datapackage.json")
    assert [(e.type, e.row_number) for e in found.tasks[0].errors] == [("extra-cell", 2)]
