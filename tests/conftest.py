"""Shared fixtures: a small valid package copied into a temporary directory, with the real schemas."""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

# No deadline for any property test: speed is measured in benchmarks/, and an example that a slow or busy machine
# (CI's, or .ci/run beside other work) runs in over 200 ms must not fail the run.
settings.register_profile("dev", deadline=None)
# CI replays the same examples on every run, so a landing never depends on luck; locally they vary.
settings.register_profile("ci", settings.get_profile("dev"), derandomize=True, database=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

pytest_plugins = ["releasing"]  # the `stamped` fixture: the mini package in a git repository of its own
ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


@pytest.fixture
def mini(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the mini package, with the cwd set to it so reported paths are short."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    shutil.copytree(ROOT / "schema", target / "schema")
    monkeypatch.chdir(target)
    return target


def edit_table(package: Path, table: str, edit) -> None:  # type: ignore[no-untyped-def]
    """Rewrite a table with `edit(rows)` applied to its list of row dicts."""
    path = package / "dataset" / f"{table}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header, rows = list(reader.fieldnames or []), list(reader)
    edit(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def set_cell(package: Path, table: str, index: int, field: str, value: str) -> None:
    def edit(rows: list[dict[str, str]]) -> None:
        rows[index][field] = value

    edit_table(package, table, edit)


def places(path: Path) -> set[tuple[str, str, int | None, str | None]]:
    """Each problem validate finds in the package at path, as (code, file, line, field)."""
    from toolkit.validate import validate

    return {(p.code, p.file, p.line, p.field) for p in validate(path).problems}


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under root with its bytes, to prove that a refused command wrote nothing."""
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}
