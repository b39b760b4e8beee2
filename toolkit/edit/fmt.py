"""One canonical form for the tables, so that pull requests conflict rarely and diffs show only real changes.

Rows are sorted by primary key (integer key fields numerically), cells are NFC
(canonically equivalent, so no value changes meaning), quoting is minimal and
lines end in LF. A table that cannot be read, or not rewritten without losing a
cell, is reported and left untouched; the others are written together, atomically.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from toolkit.atomic import write_files
from toolkit.edit.store import unsafe, write_blockers
from toolkit.engine.package import Table, load
from toolkit.problems import Fatal, Problem, Report

_INTEGER = re.compile(r"-?[0-9]+")  # ASCII digits only: int() would refuse "²", which str.isdigit() accepts

SortKey = tuple[tuple[int, int, str], ...]


def sort_key(table: Table) -> Callable[[dict[str, str]], SortKey]:
    """Primary-key order; integer fields compare as numbers, anything unparsable after them as text."""
    key = table.primary_key()
    integers = {f.get("name") for f in table.schema["fields"] if isinstance(f, dict) and f.get("type") == "integer"}

    def order(row: dict[str, str]) -> SortKey:
        parts = []
        for name in key:
            cell = row.get(name, "")
            numeric = name in integers and _INTEGER.fullmatch(cell) is not None
            parts.append((0, int(cell), "") if numeric else (1, 0, cell))
        return tuple(parts)

    return order


def canonical_csv(header: list[str], rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([unicodedata.normalize("NFC", row.get(name, "")) for name in header] for row in rows)
    return buffer.getvalue().encode("utf-8")


def canonical(table: Table, added: list[dict[str, str]] | None = None) -> bytes:
    """The table in canonical form, with `added` rows put in their place."""
    return canonical_csv(table.header, sorted([*table.rows, *(added or [])], key=sort_key(table)))


@dataclass(frozen=True)
class Outcome:
    changed: list[str]  # files not in canonical form (rewritten unless checking)
    problems: list[Problem]  # why some files, or all, were left untouched


def fmt(path: Path, check: bool = False) -> Outcome:
    """Rewrite every table that can be rewritten safely in canonical form; with check, only list those that would change."""
    try:
        package = load(path)
    except Fatal as fatal:
        return Outcome([], [fatal.problem])
    blockers = write_blockers(package)
    if blockers:
        return Outcome([], blockers + package.problems)
    problems = list(package.problems)
    rewrites = {}
    for table in package.tables.values():
        refusal = unsafe(table)
        if refusal is not None:
            problems.append(refusal)
            continue
        content = canonical(table)
        if table.path.read_bytes() != content:
            rewrites[table.file] = (table.path, content)
    if not check:
        write_files(dict(rewrites.values()))
    return Outcome(list(rewrites), problems)


def as_text(outcome: Outcome, package: Path, check: bool = False) -> str:
    """A line per table (re)formatted, then the problems that kept files untouched; empty if all was canonical."""
    from toolkit.render import as_text as problems_as_text

    lines = [f"{'would reformat' if check else 'reformatted'} {file}" for file in outcome.changed]
    if outcome.problems:
        lines.append(problems_as_text(Report(package.as_posix(), tuple(outcome.problems))))
    return "\n".join(lines)
