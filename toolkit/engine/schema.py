"""Schema checks: frictionless decides, this module translates its errors into problems.

Frictionless is the authority on what a Table Schema means (types, constraints,
primary and foreign keys), so its verdict is taken as it is; only the location
is mapped from its row numbers to the line a contributor has to open.
It is imported inside the function, so `toolkit --help` stays fast.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from toolkit.engine.package import DESCRIPTOR, Package, Table, read_rows
from toolkit.problems import TEMPLATES, Fatal, Problem, problem


def check_schema(package: Package) -> list[Problem]:
    """The package's schema problems: column-wise where that is exact, else by frictionless itself.

    For this dataset, the frictionless path reads every table's rows first (the integrity rules need them
    anyway); a table that cannot be read is then in package.problems. For any other package, a declined
    run costs what frictionless costs: a table's lines are found only if frictionless reports a row of it.
    """
    from toolkit.engine.fast import check

    checked = check(package)
    found = checked.problems
    if checked.declined:
        if package.is_ours():
            package.read_all()
        found += _frictionless_problems(package, set(checked.declined))
    return found


def _frictionless_problems(package: Package, names: set[str] | None = None) -> Iterator[Problem]:
    """Validate the package (or only the `names` tables) with frictionless and yield its errors as problems."""
    import frictionless

    try:
        if package.problems or (names is not None and names != set(package.tables)):
            # some tables could not be read (already reported) or the others took the fast path: check these alone
            source = frictionless.Package(_readable_part(package, names), basepath=str(package.root))
            report = source.validate(limit_errors=100_000)
        else:
            report = frictionless.validate(str(package.path), limit_errors=100_000)
    except frictionless.FrictionlessException as error:
        yield problem("package-invalid", package.display(DESCRIPTOR), reason=error.error.message)
        return
    for found in report.errors:
        yield problem("package-invalid", package.display(DESCRIPTOR), reason=found.message)
    for task in report.tasks:
        table = package.tables.get(task.name)
        if table is None:
            continue
        for found in task.errors:
            yield _translate(table, found, _quotes(package, table))


def _readable_part(package: Package, names: set[str] | None = None) -> dict[str, Any]:
    """The descriptor restricted to the tables that could be read (of `names`), without references to the others."""
    resources = []
    for resource in package.descriptor["resources"]:
        table = package.tables.get(resource.get("name"))
        if table is None or names is not None and table.name not in names:
            continue
        schema = dict(table.schema)
        schema["foreignKeys"] = [fk for fk in schema.get("foreignKeys", [])
                                 if fk.get("reference", {}).get("resource", "") in ("", *package.tables)]
        resources.append({**resource, "schema": schema})
    return {"name": package.descriptor.get("name", "package"), "resources": resources}


def _translate(table: Table, error: Any, quotes: set[bytes]) -> Problem:
    code = error.type if error.type in TEMPLATES else "schema-other"
    row_number = getattr(error, "row_number", None)
    line = 1 if row_number is None else _line(table, row_number, quotes)
    field = getattr(error, "field_name", None) or None
    value: object = getattr(error, "cell", None)
    note = error.note
    if code in ("primary-key", "duplicate-row"):
        key = table.primary_key()
        field = ",".join(key)
        names = [f.get("name") for f in table.schema["fields"]]
        cells = getattr(error, "cells", None)
        if isinstance(cells, list) and len(cells) == len(names):  # as frictionless read them, in any dialect
            value = ",".join(str(cells[names.index(name)]) for name in key)
        else:
            row = table.rows[row_number - 2] if row_number and row_number - 2 < len(table.rows) else {}
            value = ",".join(row.get(name, "") for name in key)
    elif code == "foreign-key":
        field = ", ".join(error.field_names)
        value = ", ".join(error.field_cells)
    elif code in ("incorrect-label", "duplicate-label", "blank-label"):
        value = getattr(error, "label", None)
    elif code == "extra-label":
        field = value = getattr(error, "label", None)
    elif code == "missing-label":
        field = getattr(error, "field_name", None)
    return problem(code, table.file, line, field, value, note=note, title=error.title)


def _line(table: Table, row_number: int, quotes: set[bytes]) -> int:
    """Frictionless counts records from 1 at the header; the file may have multi-line cells."""
    if not table.header:  # not read yet: find where each record starts, once
        if not _holds(table.path, quotes):
            table.header = ["?"]  # without a quote every record is one line: the row number is the line
        else:
            try:
                read_rows(table.path, table)
            except Fatal:  # frictionless reads it, the csv module cannot: take records for lines
                table.header = ["?"]
    index = row_number - 2
    if 0 <= index < len(table.lines):
        return table.lines[index]
    return row_number


def _quotes(package: Package, table: Table) -> set[bytes]:
    """The characters that may quote a table's cells: the two csv.Sniffer finds, and any declared one."""
    resource = next((r for r in package.descriptor["resources"] if isinstance(r, dict) and r.get("name") == table.name), {})
    dialect = resource.get("dialect") if isinstance(resource.get("dialect"), dict) else {}
    declared = dialect.get("quoteChar", (dialect.get("csv") if isinstance(dialect.get("csv"), dict) else {}).get("quoteChar"))
    return {b'"', b"'"} | ({declared.encode()} if isinstance(declared, str) and declared else set())


def _holds(path: Path, texts: set[bytes]) -> bool:
    """Whether a file holds any of the texts, found without reading it into memory."""
    import mmap

    with path.open("rb") as handle:
        if not path.stat().st_size:
            return False
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
            return any(mapped.find(text) >= 0 for text in texts)
