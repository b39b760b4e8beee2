"""Load a Frictionless data package: its descriptor, its resources, and the tables the toolkit can read.

Everything the descriptor names goes through the trust boundary (`boundary`)
first; a resource that cannot be loaded is reported as a located problem and
left out, so one bad table never hides the others' problems. Rows are read by
`rows`, when a caller needs them. Nothing is ever written.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from toolkit.engine.boundary import followed, inside, read_metadata, refusals
from toolkit.engine.rows import Lines, read_rows
from toolkit.problems import Fatal, Problem, problem

DESCRIPTOR = "datapackage.json"
MAX_RESOURCES = 1_000  # resources of a package
TABLES = ("entities", "articles", "bylines", "facts", "mentions", "claims")
_COMPRESSIONS = ("zip", "gz", "bz2", "xz")  # frictionless's settings.COMPRESSION_FORMATS


def key_fields(value: Any) -> list[str]:
    """A Table Schema key (primaryKey, or a foreign key's fields) may be one name or a list of names."""
    return [value] if isinstance(value, str) else list(value) if isinstance(value, list) else []


@dataclass
class Table:
    name: str
    file: str  # as shown to users: the package directory joined with the resource path
    schema: dict[str, Any]
    path: Path  # inside the package, checked by the trust boundary
    header: list[str] = field(default_factory=list)
    rows: list[dict[str, str]] = field(default_factory=list)  # only when read with keep=True
    lines: Lines = field(default_factory=Lines)  # line where each row starts
    widths: list[int] = field(default_factory=list)  # cells in each row as written, with the rows
    kept: bool | None = None  # None: not read yet; False: only header and lines were kept
    encoding: str | None = None  # as the resource declares it
    dialect: dict[str, Any] | None = None  # the declared csv dialect (None: not an object); frictionless reads with it

    def primary_key(self) -> list[str]:
        return key_fields(self.schema.get("primaryKey", []))


@dataclass
class Package:
    path: Path  # the descriptor
    root: Path
    descriptor: dict[str, Any]
    tables: dict[str, Table]
    problems: list[Problem]  # what could not be read
    unread: set[str] = field(default_factory=set)  # names of the resources dropped for those problems
    shown: str | None = None  # where the user sees the package's folder, when it was unpacked from a zip

    @property
    def descriptor_file(self) -> str:
        """The descriptor as the user should see it (datapackage.json, or the YAML file frictionless reads too)."""
        return self.display(self.path.name)

    def display(self, relative: str) -> str:
        """A path inside the package, as the user should see it."""
        base = self.path.parent.as_posix() if self.shown is None else self.shown
        return str(PurePosixPath(base) / relative) if base != "." else relative

    def read_all(self, keep: bool = True, header_only: bool = False) -> None:
        """Read every table (its rows too, if keep); a table that cannot be read is reported and dropped."""
        for name, table in list(self.tables.items()):
            if table.kept or table.kept is not None and not keep:
                continue
            try:
                read_rows(table, keep, header_only)
            except Fatal as fatal:
                self.problems.append(fatal.problem)
                self.unread.add(name)
                del self.tables[name]

    def is_ours(self) -> bool:
        """The integrity rules apply to packages with this dataset's tables."""
        return all(name in self.tables for name in TABLES)

    def resolve(self, relative: str, file: str, line: int | None = None, field: str | None = None) -> Path:
        """A regular file inside the package, refusing anything outside its directory (see `boundary.inside`)."""
        return inside(self.root, relative, file, field, line)


def descriptor_in(directory: Path) -> Path:
    """A package directory's descriptor: its datapackage.json, else a datapackage.yaml (frictionless reads either)."""
    written = directory / "datapackage.yaml"
    return written if not (directory / DESCRIPTOR).exists() and written.is_file() else directory / DESCRIPTOR


def load(path: Path, read: bool = True) -> Package:
    """Load the descriptor (raising Fatal if it cannot be used) and, unless told not to, every table it can read."""
    if path.suffix == ".zip" and path.is_file():
        from toolkit.engine.archive import load_zip

        return load_zip(path, read)
    if path.is_dir():
        path = descriptor_in(path)
    shown = path.as_posix()
    try:
        mode = os.lstat(path).st_mode
    except (OSError, ValueError):
        mode = 0
    if stat.S_ISLNK(mode):
        raise Fatal(problem("path-outside", shown, value=shown, path=shown, reason="the descriptor is a symlink"))
    if not stat.S_ISREG(mode):
        raise Fatal(problem("package-missing", shown, value=shown))
    try:
        descriptor = read_metadata(path, shown)
    except Fatal as fatal:
        if fatal.problem.code != "package-error" or path.suffix != ".yml":
            raise
        raise Fatal(problem("package-error", shown, fatal.problem.line, note="frictionless reads a descriptor as YAML only when its "
                            "name ends in .yaml, so it reads this one as JSON, which it is not: rename it .yaml, or write it as JSON")) from None
    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    if not isinstance(resources, list):
        raise Fatal(problem("package-error", shown, field="resources", note="'resources' is a required property, a list of resources"))
    if len(resources) > MAX_RESOURCES:
        raise Fatal(problem("package-invalid", shown, field="resources",
                            reason=f"it has {len(resources):,} resources, over the limit of {MAX_RESOURCES:,}"))
    refused = list(refusals(descriptor, path.parent, shown))
    if refused:
        raise Fatal(*refused)
    package = Package(path, path.parent, descriptor, {}, [])
    for index, resource in enumerate(resources):
        try:
            table = _load_table(package, resource, index)
        except Fatal as fatal:
            package.problems.append(fatal.problem)
            if isinstance(resource, dict) and isinstance(resource.get("name"), str):
                package.unread.add(resource["name"])
        else:
            if table is not None:
                package.tables[table.name] = table
            else:
                _check_files(package, resource, index)
    package.read_all(keep=read, header_only=not read)  # limits and encoding of the headers, whichever path reads the rows
    return package


def _check_files(package: Package, resource: dict[str, Any], index: int) -> None:
    """The files of a resource read only by frictionless exist as regular files (the boundary has checked
    where they are); a missing one is reported here, as for a table, and the resource left out."""
    for where, value, kind in followed({"resources": [resource]}):
        if kind == "data":
            try:
                package.resolve(value, package.descriptor_file, field=where.replace("resources[0]", f"resources[{index}]", 1))
            except Fatal as fatal:
                package.problems.append(fatal.problem)
                package.unread.add(resource["name"])
                return


def _load_table(package: Package, resource: Any, index: int) -> Table | None:
    """The resource as a table this module can read, or None for what only frictionless reads
    (a resource without a schema, such as a text file, or one whose data is not a single file)."""
    shown = package.descriptor_file
    where = f"resources[{index}]"
    if not isinstance(resource, dict):
        raise Fatal(problem("package-error", shown, field=where, note=f"{where} is not an object"))
    if not isinstance(resource.get("name"), str) or not resource.get("name"):
        raise Fatal(problem("resource-error", shown, field=f"{where}.name", note="'name' is a required property, a non-empty string"))
    if "schema" not in resource or not isinstance(resource.get("path"), str) or resource.get("extrapaths") or not _text_table(resource):
        return None
    schema = resource["schema"]
    if isinstance(schema, str):
        schema = read_metadata(_schema_file(package, schema, f"{where}.schema"), package.display(schema), "schema-error")
    fields = schema.get("fields") if isinstance(schema, dict) else None
    if not isinstance(fields, list) or not all(isinstance(f, dict) for f in fields):
        raise Fatal(problem("schema-error", shown, field=f"{where}.schema", note="'fields' is a required property, a list of objects"))
    for j, spec in enumerate(fields):
        if not isinstance(spec.get("name"), str):
            raise Fatal(problem("field-error", shown, field=f"{where}.schema.fields[{j}].name", note="'name' is a required property, a string"))
    data_path = package.resolve(resource["path"], shown, field=f"{where}.path")
    encoding = resource.get("encoding") if isinstance(resource.get("encoding"), str) else None
    return Table(resource["name"], package.display(resource["path"]), schema, data_path, encoding=encoding, dialect=csv_dialect(resource))


def path_format(path: str) -> str:
    """The format frictionless detects from a path: its extension, lower-cased ("" if it has none)."""
    return PurePosixPath(path).suffix.removeprefix(".").lower()


def resource_format(resource: dict[str, Any]) -> str:
    """The format frictionless reads a resource in: the declared one, else its path's extension; lower-cased,
    "" when it has neither (inline data, a path in several parts)."""
    declared = resource.get("format")
    if isinstance(declared, str) and declared:
        return declared.lower()
    path = resource.get("path")
    return path_format(path) if isinstance(path, str) else ""


def _text_table(resource: dict[str, Any]) -> bool:
    """Whether frictionless reads the resource's rows as CSV from an uncompressed file, as this module reads
    tables, or may (a format it cannot tell); an Excel, JSON or gzipped file is frictionless's alone."""
    if resource.get("compression") or path_format(resource["path"]) in _COMPRESSIONS:
        return False
    return resource_format(resource) in ("", "csv", "tsv", "txt")


def csv_dialect(resource: dict[str, Any]) -> dict[str, Any] | None:
    """The resource's declared dialect with its `csv` part (Data Package v2) merged in; None when either is not an object."""
    dialect = resource.get("dialect", {})
    inner = dialect.get("csv", {}) if isinstance(dialect, dict) else None
    return {**dialect, **inner} if isinstance(dialect, dict) and isinstance(inner, dict) else None


def _schema_file(package: Package, relative: str, where: str) -> Path:
    """The schema file a resource names; one that is not there is frictionless's schema-error, at the key naming it."""
    shown = package.descriptor_file
    try:
        return package.resolve(relative, shown, field=where)
    except Fatal as fatal:
        if fatal.problem.code == "path-outside":
            raise
        raise Fatal(problem("schema-error", shown, field=where, note=f"cannot retrieve metadata {relative!r}: no such file in the package")) from None
