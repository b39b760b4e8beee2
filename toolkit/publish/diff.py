"""What changed between two versions of the dataset, row by row, keyed by primary key.

Downstream users update their copies from the delta instead of re-importing
everything, and the release process reads the same delta to say which
semantic-version bump a release needs and to write its changelog section.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from toolkit.engine.archive import unpack
from toolkit.engine.package import DESCRIPTOR, Package, load
from toolkit.problems import Fatal
from toolkit.publish.history import package_at

Bump = Literal["major", "minor", "patch"]
_INTEGER = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")


@dataclass
class TableDelta:
    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    changed: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Delta:
    tables: dict[str, TableDelta]
    schema: list[str]  # one line per schema change
    statuses: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)  # fact -> (old, new) where it changed

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
        statuses = {fact: {"old": old, "new": new} for fact, (old, new) in self.statuses.items()}
        return {"bump": self.bump(), "schema": self.schema, "tables": operations, "statuses": statuses}


def open_package(given: Path | str, scratch: Path, beside: Path = Path(DESCRIPTOR)) -> Package:
    """Load a working package, a release directory or zip, or a git revision of the package at `beside`, into scratch."""
    path = Path(given)
    if not path.exists():
        path = package_at(str(given), beside, scratch)
    elif path.suffix == ".zip" and path.is_file():
        path = unpack(path, scratch)
    return load(path)


def _keyed(package: Package, name: str) -> tuple[list[str], dict[tuple[Any, ...], dict[str, Any]]]:
    """The table's rows by primary key, with typed values; a table without one is keyed by whole rows, counted."""
    table = package.tables[name]
    key = table.primary_key()
    typed = _typer(table)
    if not key:
        counted = Counter(tuple(sorted(typed(row).items(), key=lambda item: item[0])) for row in table.rows)
        return [], {(*items, n): dict(items) for items, count in counted.items() for n in range(count)}
    rows = [typed(row) for row in table.rows]
    return key, {tuple(row.get(k) for k in key): row for row in rows}


def _typer(table: Any) -> Any:
    """A function typing a row's cells by the table's schema: numbers, booleans, and None for a missing value."""
    fields = {f["name"]: f for f in table.schema.get("fields", []) if isinstance(f, dict) and isinstance(f.get("name"), str)}
    missing = table.schema.get("missingValues", [""])
    missing = set(missing) if isinstance(missing, list) else {""}

    def value(name: str, cell: str) -> Any:
        spec = fields.get(name, {})
        kind = spec.get("type", "string")
        if cell in missing:
            return None
        if kind == "integer" and _INTEGER.fullmatch(cell):
            return int(cell)
        if kind == "number" and _NUMBER.fullmatch(cell):
            return int(cell) if _INTEGER.fullmatch(cell) else float(cell)
        if kind == "boolean":
            if cell in spec.get("trueValues", ["true", "True", "TRUE", "1"]):
                return True
            if cell in spec.get("falseValues", ["false", "False", "FALSE", "0"]):
                return False
        return cell

    return lambda row: {name: value(name, cell) for name, cell in row.items()}


def _natural(key: tuple[Any, ...]) -> tuple[tuple[int, Any], ...]:
    """Key order with numbers compared as numbers (…,39 before …,116), then text; None first."""
    return tuple((0, 0) if v is None else (1, v) if isinstance(v, (int, float)) and not isinstance(v, bool) else (2, str(v)) for v in key)


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
        for k in sorted(after.keys() - before.keys(), key=_natural):
            delta.added.append({"key": dict(zip(key, k)), "row": after[k]})
        for k in sorted(before.keys() - after.keys(), key=_natural):
            delta.removed.append({"key": dict(zip(key, k)), "row": before[k]})
        for k in sorted(before.keys() & after.keys(), key=_natural):
            changes = {f: {"old": before[k].get(f), "new": after[k].get(f)}
                       for f in sorted(set(before[k]) | set(after[k])) if before[k].get(f) != after[k].get(f)}
            if changes:
                delta.changed.append({"key": dict(zip(key, k)), "changes": changes})
        tables[name] = delta
    return Delta(tables, _schema_changes(old, new), _status_changes(old, new))


def _status_changes(old: Package, new: Package) -> dict[str, tuple[str | None, str | None]]:
    """Facts whose derived agreement status differs between the two versions (when both derive statuses)."""
    if not all(name in package.tables for package in (old, new) for name in ("claims", "facts", "entities")):
        return {}
    from toolkit.rules.agreement import verdicts
    from toolkit.rules.answers import applies
    from toolkit.rules.checks import typed

    try:
        data = typed(old), typed(new)
        if not all(applies(version) for version in data):
            return {}  # a version without answer kinds has no derived statuses to compare
        before, after = ({fact: verdict.status for fact, verdict in verdicts(version).items()} for version in data)
    except Exception:  # noqa: BLE001 - schemas the rules cannot take (an empty enum, a value typed -1): no statuses to derive
        return {}
    return {fact: (before.get(fact), after.get(fact)) for fact in sorted(before.keys() | after.keys())
            if before.get(fact) != after.get(fact)}


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
    """One line per changed row; every line escaped, since keys and values come from the pull request."""
    from toolkit.render import printable

    lines = [f"schema: {line}" for line in delta.schema]
    for name, t in sorted(delta.tables.items()):
        if t.added or t.removed or t.changed:
            lines.append(f"{name}: {len(t.added)} added, {len(t.changed)} changed, {len(t.removed)} removed")
        lines += [f"  + {_key(row)}" for row in t.added]
        lines += [f"  ~ {_key(row)}: " + ", ".join(f"{f} {_shown(c['old'])} -> {_shown(c['new'])}" for f, c in row["changes"].items())
                  for row in t.changed]
        lines += [f"  - {_key(row)}" for row in t.removed]
    if delta.statuses:
        lines.append("fact statuses:")
        lines += [f"  {fact}: {old or 'none'} -> {new or 'none'}" for fact, (old, new) in delta.statuses.items()]
    lines.append(f"bump needed: {delta.bump() or 'none (no changes)'}")
    return "\n".join(printable(line) for line in lines)


def rendered(delta: Delta, output_format: str) -> str:
    """The delta as `toolkit diff --format` names it: text, json (its dictionary) or markdown."""
    if output_format == "json":
        return json.dumps(delta.to_dict(), indent=2, ensure_ascii=False)
    return as_markdown(delta) if output_format == "markdown" else as_text(delta)


def as_markdown(delta: Delta, limit: int = 100) -> str:
    """The delta for a pull request's job summary: counts, then the rows themselves, table by table."""
    from toolkit.markdown import cell, code, table

    counts = [[code(name), str(len(t.added)), str(len(t.changed)), str(len(t.removed))]
              for name, t in sorted(delta.tables.items()) if t.added or t.changed or t.removed]
    parts = [f"## Changes to the records\n\nbump needed: **{delta.bump() or 'none (no changes)'}**"]
    if delta.schema:
        parts.append("### Schema\n\n" + "\n".join(f"- {cell(line)}" for line in delta.schema))
    if counts:
        parts.append(table(["table", "added", "changed", "removed"], counts, frozenset({1, 2, 3})))
    if delta.statuses:
        rows = [[code(fact), cell(old or "none"), cell(new or "none")] for fact, (old, new) in delta.statuses.items()]
        parts.append("### Fact statuses that change\n\n" + table(["fact", "before", "after"], rows))
    for name, t in sorted(delta.tables.items()):
        for verb, listed in (("added", t.added), ("removed", t.removed)):
            if listed:
                header = list(listed[0]["row"])
                body = [[cell(_plain(row["row"].get(f))) for f in header] for row in listed[:limit]]
                parts.append(f"### {cell(name)}: {verb}\n\n" + table([code(f) for f in header], body) + _more(len(listed), limit))
        if t.changed:
            body = [[cell(_key(row)), code(f), cell(_plain(c["old"])), cell(_plain(c["new"]))]
                    for row in t.changed[:limit] for f, c in row["changes"].items()]
            parts.append(f"### {cell(name)}: changed\n\n" + table(["row", "field", "before", "after"], body) + _more(len(t.changed), limit))
    return "\n\n".join(parts)


def _more(count: int, limit: int) -> str:
    return f"\n\n… and {count - limit} more (`toolkit diff --format json` lists all)" if count > limit else ""


def _plain(value: Any) -> str:
    return "" if value is None else str(value)


def _shown(value: Any) -> str:
    return "empty" if value is None else repr(value)


def _key(row: dict[str, Any]) -> str:
    """A row's key as written: its primary key's values, or the whole row for a table without one."""
    values = row["key"].values() if row["key"] else row.get("row", {}).values()
    return ",".join(_plain(v) for v in values)
