"""Loading a package: which resources are tables this toolkit reads, and which only frictionless reads."""

from __future__ import annotations

import contextlib
import gzip
import json
from pathlib import Path

import frictionless
import pytest

from toolkit.validate import validate


def _package(root: Path, resource: dict[str, object]) -> Path:
    schema = {"fields": [{"name": "x", "type": "integer"}]}
    (root / "datapackage.json").write_text(json.dumps({"name": "p", "resources": [{"name": "t", **resource, "schema": schema}]}),
                                           encoding="utf-8")
    return root / "datapackage.json"


def _frictionless(descriptor: Path) -> list[tuple[str, int | None]]:
    with contextlib.chdir(descriptor.parent):
        report = frictionless.validate(descriptor.name, type="package")
    return [(error.type, getattr(error, "row_number", None)) for task in report.tasks for error in task.errors]


def test_a_gzipped_csv_is_read_by_frictionless_as_it_reads_it(tmp_path: Path) -> None:
    """frictionless decompresses it; read as text here, its bytes were a binary file (found in published packages)."""
    (tmp_path / "t.csv.gz").write_bytes(gzip.compress(b"x\n1\nfoo\n3\n", mtime=0))
    descriptor = _package(tmp_path, {"path": "t.csv.gz"})
    assert [(p.code, p.line, p.field) for p in validate(descriptor).problems] == [("type-error", 3, "x")]
    assert _frictionless(descriptor) == [("type-error", 3)]


@pytest.mark.parametrize("resource", [{"path": "t.xlsx"}, {"path": "t.data", "format": "xlsx"}], ids=["extension", "declared"])
def test_a_file_in_another_format_is_frictionless_s_to_read(tmp_path: Path, resource: dict[str, object]) -> None:
    """An Excel file that cannot be read is frictionless's format-error, not a text file with a NUL byte
    (splor-mg publishes Excel resources)."""
    (tmp_path / str(resource["path"])).write_bytes(b"PK\x03\x04\x00\x00 not a workbook")
    descriptor = _package(tmp_path, resource)
    assert [p.code for p in validate(descriptor).problems] == ["format-error"]
    assert [code for code, _ in _frictionless(descriptor)] == ["format-error"]
