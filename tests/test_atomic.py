"""write_files: every file lands, or none does, and no temporary file is left behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.atomic import write_files


def test_all_files_are_replaced(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_bytes(b"old a\n")
    write_files({tmp_path / "a.csv": b"new a\n", tmp_path / "b.txt": b"new b\n"})
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == {"a.csv": b"new a\n", "b.txt": b"new b\n"}


def test_a_file_that_cannot_be_staged_stops_all_of_them(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_bytes(b"old a\n")
    with pytest.raises(FileNotFoundError):
        write_files({tmp_path / "a.csv": b"new a\n", tmp_path / "missing" / "b.txt": b"new b\n"})
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == {"a.csv": b"old a\n"}
