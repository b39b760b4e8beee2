"""One canonical form for the tables, so that pull requests conflict rarely and diffs show only real changes.

Rows are sorted by primary key (integer key fields numerically), cells are NFC
(canonically equivalent, so no value changes meaning), quoting is minimal and
lines end in LF. A file that cannot be parsed is reported and left untouched;
every write is atomic.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.atomic import write_bytes
from toolkit.engine.package import Table, load
from toolkit.problems import Fatal, Problem


def sort_key(table: Table) -> Callable[[dict[str, str]], tuple[tuple[int, int, str], ...]]:
    """Primary-key order; integer fields compare as numbers, anything unparsable after them as text."""
    key = table.primary_key()
    integers = {f["name"] for f in table.schema["fields"] if f.get("type") == "integer"}

    def order(row: dict[str, str]) -> tuple[tuple[int, int, str], ...]:
        parts = []
        for name in key:
            cell = row.get(name, "")
            numeric = name in integers and cell.lstrip("-").isdigit()
            parts.append((0, int(cell), "") if numeric else (1, 0, cell))
        return tuple(parts)

    return order


def canonical_csv(header: list[str], rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([unicodedata.normalize("NFC", row.get(name, "")) for name in header] for row in rows)
    return buffer.getvalue().encode("utf-8")


def canonical(table: Table) -> bytes:
    return canonical_csv(table.header, sorted(table.rows, key=sort_key(table)))


@dataclass(frozen=True)
class Outcome:
    changed: list[str]  # files not in canonical form (rewritten unless checking)
    problems: list[Problem]  # files that could not be read, left untouched


def fmt(path: Path, check: bool = False) -> Outcome:
    """Rewrite every readable table in canonical form; with check, only list those that would change."""
    try:
        package = load(path)
    except Fatal as fatal:
        return Outcome([], [fatal.problem])
    changed = []
    for table in package.tables.values():
        if len(set(table.header)) != len(table.header) or any(w != len(table.header) for w in table.widths):
            continue  # duplicated columns, short or long rows: a rewrite would lose cells; validate reports them
        target = package.root / resource_path(package.descriptor, table.name)
        content = canonical(table)
        if target.read_bytes() != content:
            changed.append(table.file)
            if not check:
                write_bytes(target, content)
    return Outcome(changed, package.problems)


def resource_path(descriptor: dict[str, Any], name: str) -> str:
    return next(r["path"] for r in descriptor["resources"] if r.get("name") == name)
