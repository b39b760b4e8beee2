"""What changed between two versions of the dataset, row by row, keyed by primary key.

Downstream users update their copies from the delta instead of re-importing
everything, and the release process reads the same delta to say which
semantic-version bump a release needs and to write its changelog section.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from toolkit.engine.archive import unpack
from toolkit.engine.package import DESCRIPTOR, Package, load
from toolkit.problems import Fatal
from toolkit.publish.history import package_at

Bump = Literal["major", "minor", "patch"]


@dataclass
class TableDelta:
    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    changed: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Delta:
    tables: dict[str, TableDelta]
    schema: list[str]  # one line per schema change

    def bump(self) -> Bump | None:
        """The smallest bump the changes call for: schema change or removal major, addition minor, correction patch."""
        if self.schema or any(t.removed for t in self.tables.values()):
            return "major"
        if any(t.added for t in self.tables.values()):
            return "minor"
        if any(t.changed for t in self.tables.values()):
            return "patch"
        return None

    def to_dict(self) -> dict[str, Any]:
        """An ADD/MOD/DEL delta a downstream user can apply, table by table."""
        operations = {
            name: [{"op": "ADD", **row} for row in t.added] + [{"op": "MOD", **row} for row in t.changed]
            + [{"op": "DEL", **row} for row in t.removed]
            for name, t in sorted(self.tables.items())
        }
        return {"bump": self.bump(), "schema": self.schema, "tables": operations}


def open_package(given: Path | str, scratch: Path, beside: Path = Path(DESCRIPTOR)) -> Package:
    """Load a working package, a release directory or zip, or a git revision of the package at `beside`, into scratch."""
    path = Path(given)
    if not path.exists():
        path = package_at(str(given), beside, scratch)
    elif path.suffix == ".zip" and path.is_file():
        path = unpack(path, scratch)
    return load(path)


def _keyed(package: Package, name: str) -> tuple[list[str], dict[tuple[str, ...], dict[str, str]]]:
    table = package.tables[name]
    key = table.primary_key()
    return key, {tuple(row.get(k, "") for k in key): row for row in table.rows}


def _schema_changes(old: Package, new: Package) -> list[str]:
    lines = [f"table {name} added" for name in sorted(set(new.tables) - set(old.tables))]
    lines += [f"table {name} removed" for name in sorted(set(old.tables) - set(new.tables))]
    for name in sorted(set(old.tables) & set(new.tables)):
        before = {f["name"]: f for f in old.tables[name].schema["fields"]}
        after = {f["name"]: f for f in new.tables[name].schema["fields"]}
        lines += [f"{name}.{f} added" for f in after if f not in before]
        lines += [f"{name}.{f} removed" for f in before if f not in after]
        lines += [f"{name}.{f} changed" for f in after if f in before and before[f] != after[f]]
        for part in ("primaryKey", "foreignKeys"):
            if old.tables[name].schema.get(part) != new.tables[name].schema.get(part):
                lines.append(f"{name} {part} changed")
    return lines


def compare(old: Package, new: Package) -> Delta:
    tables: dict[str, TableDelta] = {}
    for name in sorted(set(old.tables) & set(new.tables)):
        key, before = _keyed(old, name)
        _, after = _keyed(new, name)
        delta = TableDelta()
        for k in sorted(after.keys() - before.keys()):
            delta.added.append({"key": dict(zip(key, k)), "row": after[k]})
        for k in sorted(before.keys() - after.keys()):
            delta.removed.append({"key": dict(zip(key, k)), "row": before[k]})
        for k in sorted(before.keys() & after.keys()):
            changes = {f: {"old": before[k].get(f), "new": after[k].get(f)}
                       for f in sorted(set(before[k]) | set(after[k])) if before[k].get(f) != after[k].get(f)}
            if changes:
                delta.changed.append({"key": dict(zip(key, k)), "changes": changes})
        tables[name] = delta
    return Delta(tables, _schema_changes(old, new))


def diff(old_path: Path | str, new_path: Path | str) -> Delta:
    """Compare two packages (paths, zips or git revisions); raises Fatal if either cannot be read."""
    beside = Path(new_path) if Path(new_path).exists() else Path(DESCRIPTOR)
    with tempfile.TemporaryDirectory() as scratch:
        new = open_package(new_path, Path(scratch) / "new")
        old = open_package(old_path, Path(scratch) / "old", beside)
    for package in (old, new):
        if package.problems:
            raise Fatal(package.problems[0])
    return compare(old, new)


def as_text(delta: Delta) -> str:
    lines = [f"schema: {line}" for line in delta.schema]
    for name, t in sorted(delta.tables.items()):
        if t.added or t.removed or t.changed:
            lines.append(f"{name}: {len(t.added)} added, {len(t.changed)} changed, {len(t.removed)} removed")
        lines += [f"  + {_key(row['key'])}" for row in t.added]
        lines += [f"  ~ {_key(row['key'])}: " + ", ".join(f"{f} {c['old']!r} -> {c['new']!r}" for f, c in row["changes"].items())
                  for row in t.changed]
        lines += [f"  - {_key(row['key'])}" for row in t.removed]
    lines.append(f"bump needed: {delta.bump() or 'none (no changes)'}")
    return "\n".join(lines)


def _key(key: dict[str, str]) -> str:
    return ",".join(key.values())
