"""Read a Frictionless data package into plain rows, remembering where each row stands.

Frictionless is the authority on what a Table Schema means, but its row
numbers are not editor lines: a quoted cell may span several lines. The
integrity rules and every renderer need the line a contributor has to open,
so tables are read here with the csv module, when a caller needs their rows,
keeping the line where each record starts. Nothing is ever written.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from toolkit.problems import Fatal, Problem, problem

DESCRIPTOR = "datapackage.json"
MAX_CELL = 100_000  # characters; the longest source text is 5,000
NOT_TABLES = ("file", "json", "text")  # resource types with no rows to check
TABLES = ("entities", "articles", "bylines", "facts", "mentions", "claims")


def key_fields(value: Any) -> list[str]:
    """A Table Schema key (primaryKey, or a foreign key's fields) may be one name or a list of names."""
    return [value] if isinstance(value, str) else list(value) if isinstance(value, list) else []


@dataclass
class Table:
    name: str
    file: str  # as shown to users: the package directory joined with the resource path
    schema: dict[str, Any]
    path: Path  # resolved, inside the package
    header: list[str] = field(default_factory=list)
    rows: list[dict[str, str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # line where each row starts
    widths: list[int] = field(default_factory=list)  # cells in each row as written

    def primary_key(self) -> list[str]:
        return key_fields(self.schema.get("primaryKey", []))


@dataclass
class Package:
    path: Path  # the descriptor
    root: Path
    descriptor: dict[str, Any]
    tables: dict[str, Table]
    problems: list[Problem]  # what could not be read
    shown: str | None = None  # where the user sees the package's folder, when it was unpacked from a zip

    def display(self, relative: str) -> str:
        """A path inside the package, as the user should see it."""
        base = self.path.parent.as_posix() if self.shown is None else self.shown
        return str(PurePosixPath(base) / relative) if base != "." else relative

    def read_all(self) -> None:
        """Read every table's rows; a table that cannot be read is reported and dropped."""
        for name, table in list(self.tables.items()):
            if table.header:
                continue
            try:
                read_rows(table.path, table)
            except Fatal as fatal:
                self.problems.append(fatal.problem)
                del self.tables[name]

    def is_ours(self) -> bool:
        """The integrity rules apply to packages with this dataset's tables."""
        return all(name in self.tables for name in TABLES)

    def resolve(self, relative: str, file: str, line: int | None = None, field: str | None = None) -> Path:
        """Resolve a path from the package, refusing anything outside its directory (`../`, absolute paths, symlinks out)."""
        target = (self.root / relative).resolve()
        if PurePosixPath(relative).is_absolute() or not target.is_relative_to(self.root.resolve()):
            raise Fatal(problem("path-outside", file, line, field, relative, path=relative))
        if not target.exists():
            raise Fatal(problem("file-missing", file, line, field, relative, path=relative))
        if not target.is_file():
            raise Fatal(problem("file-not-regular", file, line, field, relative, path=relative))
        return target


def load(path: Path, read: bool = True) -> Package:
    """Load the descriptor (raising Fatal if it cannot be used) and, unless told not to, every table it can read."""
    if path.suffix == ".zip" and path.is_file():
        from toolkit.engine.archive import load_zip

        return load_zip(path, read)
    shown = path.as_posix()
    if path.is_dir():
        path = path / DESCRIPTOR
        shown = path.as_posix()
    if not path.is_file():
        raise Fatal(problem("package-missing", shown, value=shown))
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise Fatal(problem("package-invalid", shown, reason=f"it is not UTF-8 ({error.reason})")) from None
    except json.JSONDecodeError as error:
        raise Fatal(problem("package-invalid", shown, error.lineno, reason=f"it is not valid JSON ({error.msg})")) from None
    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    if not isinstance(resources, list) or not resources:
        raise Fatal(problem("package-invalid", shown, field="resources", reason="it has no list of resources"))
    package = Package(path, path.parent, descriptor, {}, [])
    for index, resource in enumerate(resources):
        if isinstance(resource, dict) and resource.get("type") in NOT_TABLES:
            continue  # a release's JSON, Parquet or text file: frictionless checks its size and hash
        try:
            table = _load_table(package, resource, index)
        except Fatal as fatal:
            package.problems.append(fatal.problem)
        else:
            package.tables[table.name] = table
    if read:
        package.read_all()
    return package


def _load_table(package: Package, resource: Any, index: int) -> Table:
    shown = package.display(DESCRIPTOR)
    where = f"resources[{index}]"
    if not isinstance(resource, dict) or not isinstance(resource.get("path"), str) or not resource.get("name"):
        raise Fatal(problem("package-invalid", shown, field=where, reason=f"{where} needs a name and a single path"))
    schema = resource.get("schema", {})
    if isinstance(schema, str):
        schema_path = package.resolve(schema, shown, field=f"{where}.schema")
        try:
            schema = json.loads(schema_path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise Fatal(problem("package-invalid", package.display(schema), reason=f"the schema is not JSON ({error})")) from None
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
        raise Fatal(problem("package-invalid", shown, field=f"{where}.schema", reason="the schema has no list of fields"))
    data_path = package.resolve(resource["path"], shown, field=f"{where}.path")
    return Table(resource["name"], package.display(resource["path"]), schema, data_path)


def read_rows(data_path: Path, table: Table) -> None:
    """Fill the table's header and rows from a UTF-8 CSV file (a BOM is accepted); raise Fatal if it cannot be read."""
    try:
        text = data_path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data_path.read_bytes()[: error.start].count(b"\n") + 1
        raise Fatal(problem("file-unreadable", table.file, line, reason=f"byte {error.object[error.start]:#04x} is not UTF-8")) from None
    if not text.strip():
        raise Fatal(problem("file-empty", table.file, 1))
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise Fatal(problem("file-unreadable", table.file, line, reason="it contains a NUL byte (is it a binary file?)"))
    csv.field_size_limit(sys.maxsize)  # cell size is checked below, with a located message
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)  # not splitlines: it also splits at U+0085 and U+2028
    start = 1
    try:
        table.header = next(reader)
        start = reader.line_num + 1
        for record in reader:
            oversized = next((i for i, cell in enumerate(record) if len(cell) > MAX_CELL), None)
            if oversized is not None:
                name = table.header[oversized] if oversized < len(table.header) else None
                raise Fatal(problem("cell-too-large", table.file, start, name, size=len(record[oversized]), limit=MAX_CELL))
            table.rows.append(dict(zip(table.header, record)))
            table.lines.append(start)
            table.widths.append(len(record))
            start = reader.line_num + 1
    except csv.Error as error:
        raise Fatal(problem("csv-malformed", table.file, start, reason=str(error))) from None
