"""Reading tables: the line where each row starts, kept compactly; rows kept only when a caller needs them."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.engine.fast import Checked
from toolkit.engine.package import Lines, load
from toolkit.engine.schema import check_schema


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
