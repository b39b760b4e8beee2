"""Read a Frictionless data package into plain rows, remembering where each row stands.

Frictionless is the authority on what a Table Schema means, but its row
numbers are not editor lines: a quoted cell may span several lines. The
integrity rules and every renderer need the line a contributor has to open,
so tables are read here with the csv module, when a caller needs their rows,
keeping the line where each record starts. Nothing is ever written.

Everything the descriptor names goes through the trust boundary (`boundary`)
first, and every read is bounded: lines, cells, header columns and resources
have limits, each reported as a located problem when exceeded.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import stat
import sys
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any, overload

from toolkit.engine.boundary import followed, inside, read_metadata, refusals
from toolkit.engine.dialect import reader_options
from toolkit.problems import Fatal, Problem, problem

DESCRIPTOR = "datapackage.json"
MAX_CELL = 100_000  # characters; the longest source text is 5,000
MAX_LINE = 10_000_000  # bytes of one line of a table
MAX_COLUMNS = 10_000  # header columns of a table
MAX_RESOURCES = 1_000  # resources of a package
TABLES = ("entities", "articles", "bylines", "facts", "mentions", "claims")
_LONE_CR = re.compile(r"(?<=\r)(?!\n)")


def key_fields(value: Any) -> list[str]:
    """A Table Schema key (primaryKey, or a foreign key's fields) may be one name or a list of names."""
    return [value] if isinstance(value, str) else list(value) if isinstance(value, list) else []


class Lines(Sequence[int]):
    """The line where each record starts, kept as the few records after which the count shifts.

    A record spans one line unless a quoted cell holds a line break, so a table of
    millions of rows needs a handful of entries here, not a list of millions of ints.
    """

    def __init__(self) -> None:
        self._count = 0
        self._at: list[int] = []  # record indices where the shift changes
        self._shift: list[int] = []  # line - index - 2 from there on

    @classmethod
    def consecutive(cls, count: int) -> Lines:
        """`count` records of one line each, after the header."""
        lines = cls()
        lines._count = count
        return lines

    def append(self, line: int) -> None:
        shift = line - self._count - 2
        if shift != (self._shift[-1] if self._shift else 0):
            self._at.append(self._count)
            self._shift.append(shift)
        self._count += 1

    @overload
    def __getitem__(self, index: int) -> int: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[int]: ...
    def __getitem__(self, index: int | slice) -> int | Sequence[int]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._count))]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(index)
        k = bisect_right(self._at, index) - 1
        return index + 2 + (self._shift[k] if k >= 0 else 0)

    def __len__(self) -> int:
        return self._count


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
    if "schema" not in resource or not isinstance(resource.get("path"), str) or resource.get("extrapaths"):
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


def read_rows(table: Table, keep: bool = True, header_only: bool = False) -> None:
    """Fill the table's header and lines (and rows, if keep) from a UTF-8 CSV file (a BOM is accepted);
    raise Fatal if it cannot be read.

    The file is read in large chunks through the C-level text and csv readers, each chunk checked
    for NUL bytes and over-long lines as it arrives; on any fault the file is read again a line at
    a time to say exactly where it is.
    """
    header = table.header  # read before, when only where records start is wanted now
    table.header, table.rows, table.lines, table.widths = [], [], Lines(), []
    csv.field_size_limit(sys.maxsize)  # cell size is checked below, with a located message
    # Rows must be UTF-8, and so must a table that declares it. Otherwise only where records start is
    # wanted, and frictionless judges the encoding: Latin-1 reads any byte and keeps every quote, comma
    # and line break of an ASCII-compatible encoding (UTF-8 included) where it stands.
    declared = (table.encoding or "").lower().replace("_", "-") in ("utf-8", "utf8")
    encoding = "utf-8" if keep or declared else "latin-1"
    if table.path.stat().st_size == 0:  # frictionless's own error; a file of blank lines is file-empty, the toolkit's
        raise Fatal(problem("source-error", table.file, 1, note="the source is empty"))
    # Rows kept (this dataset's) are read strictly, with a comma and a double quote; where only record starts are
    # wanted, for a table frictionless judges, as frictionless reads it: its dialect, and not strict.
    options: dict[str, Any] = {}
    if not keep and not header_only and any(cell.strip() for cell in header):
        options = reader_options(table.dialect, table.path, encoding)
        quote = options["quotechar"] if options["quotechar"] and not options["escapechar"] else None
        count = _one_line_records(table.path, declared, quote.encode() if quote else None)
        if count is not None:  # as the csv module would have counted them, at a fraction of its cost
            table.header, table.lines, table.kept = header, Lines.consecutive(count), False
            return
    try:
        with table.path.open("rb") as handle:
            guarded = _Guarded(handle)
            text = io.TextIOWrapper(io.BufferedReader(guarded, _CHUNK), encoding=encoding, newline="")
            _read_records(table, csv.reader(text, strict=keep, **options), keep, header_only)
            if not guarded.seen_text and not header_only:
                raise Fatal(problem("file-empty", table.file, 1))
    except (UnicodeDecodeError, _Fault):
        with table.path.open("rb") as handle:
            for _ in _text_lines(handle, table.file, encoding):  # raises Fatal where the fault is
                pass
        raise Fatal(problem("encoding-error", table.file, note=f"it cannot be decoded as {encoding}")) from None
    table.kept = None if header_only else keep


def _one_line_records(path: Path, utf8: bool, quote: bytes | None) -> int | None:
    """The records after the header, when each is one line: the file holds no quote, NUL byte or lone carriage
    return, no line longer than a cell may be, and decodes (if `utf8`). Then only where records start is
    wanted and needs no csv parsing: a table frictionless reads costs no more than frictionless alone.
    None otherwise: the csv module reads it, and says where any fault is."""
    decoder = codecs.getincrementaldecoder("utf-8")() if utf8 else None
    lines, run, last = 0, 0, b"\n"
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            if quote is None or quote in chunk or b"\x00" in chunk or chunk.count(b"\r") != chunk.count(b"\r\n"):
                return None
            start = -run  # where the line under way began: every line before `start` is short enough
            while len(chunk) - start > MAX_CELL:
                end = chunk.rfind(b"\n", max(start, 0), start + MAX_CELL + 1)
                if end < 0:
                    return None
                start = end + 1
            end = chunk.rfind(b"\n")
            run = len(chunk) - end - 1 if end >= 0 else run + len(chunk)
            if run > MAX_CELL or decoder is not None and not _decodes(decoder, chunk):
                return None
            lines, last = lines + chunk.count(b"\n"), chunk[-1:]
    if decoder is not None and not _decodes(decoder, b"", final=True):
        return None
    return lines + (last != b"\n") - 1


def _decodes(decoder: codecs.IncrementalDecoder, chunk: bytes, final: bool = False) -> bool:
    try:
        decoder.decode(chunk, final)
    except UnicodeDecodeError:
        return False
    return True


def _read_records(table: Table, reader: Any, keep: bool, header_only: bool) -> None:
    start = 1
    try:
        for record in reader:
            if record and max(map(len, record)) > MAX_CELL:
                oversized = next(i for i, cell in enumerate(record) if len(cell) > MAX_CELL)
                name = table.header[oversized] if start > 1 and oversized < len(table.header) else None
                raise Fatal(problem("cell-too-large", table.file, start, name, size=len(record[oversized]), limit=MAX_CELL))
            if start == 1:
                if len(record) > MAX_COLUMNS:
                    raise Fatal(problem("too-many-columns", table.file, 1, count=len(record), limit=MAX_COLUMNS))
                table.header = record
                if header_only:
                    return
            else:
                if keep:
                    table.rows.append(dict(zip(table.header, record)))
                    table.widths.append(len(record))
                table.lines.append(start)
            start = reader.line_num + 1
    except csv.Error as error:
        raise Fatal(problem("csv-malformed", table.file, start, reason=str(error))) from None
    if not table.header:
        raise Fatal(problem("file-empty", table.file, 1))


_CHUNK = 1 << 20  # bytes read at once, well under MAX_LINE
_BOM = b"\xef\xbb\xbf"


class _Fault(Exception):
    """A NUL byte or an over-long line: where it is, `_text_lines` says."""


class _Guarded(io.RawIOBase):
    """The file's bytes, refused at the first NUL byte or line over MAX_LINE bytes."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.run = 0  # bytes since the last line feed
        self.seen_text = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.handle.tell() == 0 and self.handle.read(3) != _BOM:  # a UTF-8 byte-order mark is not text
            self.handle.seek(0)
        count = self.handle.readinto(buffer)  # type: ignore[attr-defined]
        chunk = bytes(memoryview(buffer)[:count])
        if b"\x00" in chunk:
            raise _Fault
        last = chunk.rfind(b"\n")  # a chunk is shorter than MAX_LINE: only a line across chunks can be too long
        if last < 0:
            self.run += count
        elif self.run + chunk.find(b"\n") > MAX_LINE:
            raise _Fault
        else:
            self.run = count - last - 1
        if self.run > MAX_LINE:
            raise _Fault
        self.seen_text = self.seen_text or bool(chunk.strip())
        return count


def _text_lines(handle: IO[bytes], file: str, encoding: str = "utf-8") -> Iterator[str]:
    """The file's lines as text, each checked as it is read: bounded length, UTF-8, no NUL byte.
    A lone carriage return ends a line too, as the csv module and editors count them."""
    number, blank = 0, True
    while raw := handle.readline(MAX_LINE + 1):
        number += 1
        if len(raw) > MAX_LINE and not raw.endswith(b"\n"):
            raise Fatal(problem("line-too-long", file, number, limit=MAX_LINE))
        if number == 1 and raw.startswith(_BOM):
            raw = raw[3:]
        if b"\x00" in raw:
            raise Fatal(problem("file-unreadable", file, number, reason="it contains a NUL byte (is it a binary file?)"))
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as error:
            # frictionless's encoding-error, at the line
            raise Fatal(problem("encoding-error", file, number, note=f"byte {error.object[error.start]:#04x} is not UTF-8")) from None
        blank = blank and not text.strip()
        pieces = _LONE_CR.split(text) if "\r" in text[:-2] else [text]
        number += len(pieces) - 1
        yield from pieces
    if blank:
        raise Fatal(problem("file-empty", file, 1))
