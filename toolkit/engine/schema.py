"""Schema checks: frictionless decides, this module translates its errors into problems.

Frictionless is the authority on what a Table Schema means (types, constraints,
primary and foreign keys), so its verdict is taken as it is; only the location
is mapped from its row numbers to the line a contributor has to open.
It is imported inside the function, so `toolkit --help` stays fast.
"""

from __future__ import annotations

import codecs
import copy
import sys
from collections.abc import Iterator
from typing import Any

from toolkit.engine.descriptor import metadata_code
from toolkit.engine.package import Package, Table
from toolkit.problems import TEMPLATES, Problem, problem


def check_schema(package: Package) -> list[Problem]:
    """The package's schema problems: column-wise where that is exact, else by frictionless itself.

    The frictionless path reads every table first, keeping only where each row starts (for line
    numbers); a table that cannot be read is then in package.problems.
    """
    from toolkit.engine.fast import check

    try:
        checked = check(package)
    except (TypeError, ValueError, ArithmeticError):  # a value the fast path does not model (maxLength 2**63): a decline
        package.read_all(keep=False)
        return list(_frictionless_problems(package))
    found = checked.problems
    if checked.declined:
        package.read_all(keep=False)
        found += _frictionless_problems(package, set(checked.declined))
    return found


def _frictionless_problems(package: Package, names: set[str] | None = None) -> Iterator[Problem]:
    """Validate the `names` tables (default: all) with frictionless, and the other resources when it judges
    every table, and yield its errors as problems."""
    import frictionless

    from toolkit.engine.confine import confined

    try:
        with confined(package.root):
            source = frictionless.Package(_readable_part(package, set(package.tables) if names is None else names), basepath=str(package.root))
            report = source.validate(limit_errors=sys.maxsize)  # every problem, not frictionless's first 1,000
    except frictionless.FrictionlessException as error:
        yield problem(metadata_code(error.error.type), package.descriptor_file, note=error.error.note)
        return
    except Exception as error:  # noqa: BLE001 - frictionless fails on a value it accepted (a minimum of "x"): the edge
        yield problem("package-invalid", package.descriptor_file,
                      reason=f"frictionless fails on it ({type(error).__name__}: {error}); check the constraints' values")
        return
    for found in report.errors:
        yield problem(metadata_code(found.type), package.descriptor_file, note=found.note)
    for task in report.tasks:
        table = package.tables.get(task.name)
        for found in task.errors:
            yield _translate(table, found) if table else _untabled(package, task.name, found)


def _untabled(package: Package, name: str, error: Any) -> Problem:
    """An error about a resource not read here as a table (a text file, a table in several parts)."""
    resource: dict[str, Any] = next((r for r in package.descriptor["resources"] if r.get("name") == name), {})
    path = resource.get("path")
    path = path[0] if isinstance(path, list) and path else path
    file = package.display(path) if isinstance(path, str) else package.descriptor_file
    code = error.type if error.type in TEMPLATES else "schema-other"
    field = DECLARED.get(code) or getattr(error, "field_name", None) or None
    value = getattr(error, "cell", None)
    if code == "foreign-key":  # as for a table
        field, value = _key_cells(error)
    return problem(code, file, getattr(error, "row_number", None), field, value, note=error.note, title=error.title)


def _readable_part(package: Package, names: set[str]) -> dict[str, Any]:
    """The descriptor restricted to the `names` tables, without the resources that could not be read
    (already reported), nor references to them. Resources that are not tables go with it only when
    frictionless judges every table or they are among `names`: otherwise the fast path has checked them."""
    others = names - set(package.tables) - package.unread  # resources only frictionless reads
    names = names & set(package.tables)  # reading every row may have dropped some since the fast path declined
    everything = names >= set(package.tables)
    if everything and not package.unread:
        return copy.deepcopy(package.descriptor)
    resources = []
    for resource in package.descriptor["resources"]:
        name = resource.get("name")
        table = package.tables.get(name)
        if name in package.unread or (name not in names if table is not None else not (everything or name in others)):
            continue
        if table is not None:
            schema = dict(table.schema)
            schema["foreignKeys"] = [fk for fk in schema.get("foreignKeys", [])
                                     if fk.get("reference", {}).get("resource", "") in ("", *names)]
            resource = {**resource, "schema": schema}
        resources.append(copy.deepcopy(resource))
    return {**copy.deepcopy(package.descriptor), "resources": resources}


DECLARED = {"byte-count": "bytes", "hash-count": "hash"}  # errors about what the descriptor declares of a file


def _key_cells(error: Any) -> tuple[str, str]:
    """A foreign-key error's fields and the row's cells in them, as a problem's field and value."""
    return ", ".join(error.field_names), ", ".join(error.field_cells)


def _translate(table: Table, error: Any) -> Problem:
    code = error.type if error.type in TEMPLATES else "schema-other"
    if code in DECLARED:
        return problem(code, table.file, None, DECLARED[code], note=error.note)
    if code == "encoding-error":
        return problem(code, table.file, _undecodable_line(table), note=error.note)
    # A header's errors stand at its rows: frictionless takes the first row of its sample whose width is close to
    # the sample's mean width for the header (row 2 of a file whose first line is shorter than the rest).
    row_number = getattr(error, "row_number", None) or next(iter(getattr(error, "row_numbers", None) or []), None)
    line = 1 if row_number is None else _line(table, row_number)
    field = getattr(error, "field_name", None) or None
    value: object = getattr(error, "cell", None)
    note = error.note
    if code in ("primary-key", "duplicate-row"):
        key = table.primary_key()
        field = ",".join(key)
        names = [f.get("name") for f in table.schema["fields"]]
        cells = getattr(error, "cells", None) or []
        # As frictionless read them, in any dialect; by the header where the row's width differs.
        found = dict(zip(names, cells)) if len(cells) == len(names) else dict(zip(table.header, cells))
        value = ",".join(str(found.get(name, "")) for name in key)
    elif code == "foreign-key":
        field, value = _key_cells(error)
    elif code in ("incorrect-label", "duplicate-label", "blank-label"):
        value = getattr(error, "label", None)
    elif code == "extra-label":
        field = value = getattr(error, "label", None)
    elif code == "missing-label":
        field = getattr(error, "field_name", None)
    return problem(code, table.file, line, field, value, note=note, title=error.title)


def _undecodable_line(table: Table) -> int | None:
    """The line holding the first byte the declared encoding cannot decode: frictionless names only a position
    in the sample it read, and a contributor has to open a line. None when it is not found that way."""
    try:
        decoder = codecs.getincrementaldecoder(table.encoding or "utf-8")()
        line = 1
        with table.path.open("rb") as handle:
            for raw in handle:
                line += decoder.decode(raw).count("\n")
    except UnicodeDecodeError:
        return line
    except (LookupError, OSError):
        return None
    return None


def _line(table: Table, row_number: int) -> int:
    """Frictionless counts records from 1 at the header; the file may have multi-line cells."""
    index = row_number - 2
    if 0 <= index < len(table.lines):
        return table.lines[index]
    return row_number
