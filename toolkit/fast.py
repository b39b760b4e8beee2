"""Schema checks evaluated column by column: frictionless's verdicts at columnar speed.

Why pyarrow: its CSV reader is multi-threaded and as strict as Python's csv
module (a row with too few or too many cells is an error, quotes follow the
same rules), it imports in about a tenth of a second (polars takes three times
as long, which matters for a pre-commit hook), and its kernels cover what a
Table Schema asks: casts, RE2 regular expressions, set membership, hashing.

Frictionless stays the authority. Cells the vectorised rules cannot decide
with certainty (an integer written "+1" or " 1", a string format such as uri,
a value containing a newline, a pattern using Python-only syntax, any other
field type) are judged by frictionless's own cell reader, once per distinct
value. Whatever this module does not model (dialects, other constraints,
ragged rows, blank lines, unusual descriptors) raises Decline, and the caller
validates the whole package with frictionless instead: slower, never wrong.
Problems are built with the same codes, notes and values as the translation
of frictionless's errors, so a report does not depend on which path ran.
"""

from __future__ import annotations

import csv
import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from toolkit.package import MAX_CELL, Package, Table
from toolkit.problems import Problem, problem

if TYPE_CHECKING:
    import pyarrow as pa


class Decline(Exception):
    """The package uses something this module does not model; frictionless must judge it."""


_PACKAGE_KEYS = {"name", "title", "description", "version", "created", "licenses", "sources", "resources",
                 "homepage", "keywords", "contributors", "profile", "id", "image"}
_RESOURCE_KEYS = {"name", "path", "schema", "profile", "format", "mediatype", "encoding", "title", "description",
                  "bytes", "hash", "sources", "licenses"}
_SCHEMA_KEYS = {"fields", "primaryKey", "foreignKeys", "missingValues", "description", "title"}
_FIELD_KEYS = {"name", "type", "format", "description", "title", "constraints", "example", "rdfType"}
_CONSTRAINTS = {
    "string": {"required", "unique", "pattern", "enum", "minLength", "maxLength"},
    "integer": {"required", "unique", "enum", "minimum", "maximum"},
    "number": {"required"},
}
_OTHER_TYPES = {"boolean", "date", "datetime", "time", "year", "yearmonth", "duration", "any", "object", "array",
                "list", "geopoint", "geojson"}
_STRING_FORMATS = {"default", "uri", "email", "uuid", "binary"}
# Patterns that RE2 reads exactly as Python's re does (on values without a newline): no classes like \d or \w,
# whose Unicode meaning differs, and no Python-only group syntax.
_SAFE_PATTERN = re.compile(r"^(?:[A-Za-z0-9 _\-.,:/@#%&=~'!<>;^$*+?()\[\]{}|]|\\[.\-/\\()\[\]{}*+?|^$])*$")
_CLEAN = {"integer": r"^[0-9]{1,18}$", "number": r"^-?[0-9]{1,15}(\.[0-9]{1,15})?$"}


def check(package: Package) -> list[Problem] | None:
    """Every schema problem of the package, or None when it needs frictionless."""
    try:
        _check_descriptor(package)
        # pyarrow's kernels release the GIL, so tables are evaluated side by side on the available cores.
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            tables = dict(zip(package.tables, pool.map(_evaluate, package.tables.values())))
        problems = [p for evaluated in tables.values() for p in evaluated.problems]
        for evaluated in tables.values():
            problems.extend(_foreign_keys(evaluated, tables))
        return problems
    except Decline:
        return None


def _check_descriptor(package: Package) -> None:
    descriptor = package.descriptor
    resources = descriptor.get("resources", [])
    if set(descriptor) - _PACKAGE_KEYS or package.problems or len(package.tables) != len(resources):
        raise Decline
    if "name" in descriptor and not re.fullmatch(r"[-a-z0-9._/]+", str(descriptor["name"])):
        raise Decline
    for entry in descriptor.get("licenses", []):
        if not isinstance(entry, dict) or not ({"name", "path"} & set(entry)):
            raise Decline
    for resource in resources:
        if set(resource) - _RESOURCE_KEYS or not resource["path"].lower().endswith(".csv"):
            raise Decline
        # Without a declared encoding frictionless guesses one with chardet, which this module does not repeat.
        if str(resource.get("encoding")).lower() not in ("utf-8", "utf8") or resource.get("format", "csv") != "csv":
            raise Decline
    for table in package.tables.values():
        _check_schema(table.schema, package)


def _key_fields(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else list(value) if isinstance(value, list) else []


def _check_schema(schema: dict[str, Any], package: Package) -> None:
    fields = {f.get("name"): f for f in schema["fields"] if isinstance(f, dict)}
    if set(schema) - _SCHEMA_KEYS or len(fields) != len(schema["fields"]):
        raise Decline
    if not all(isinstance(v, str) for v in schema.get("missingValues", [""])):
        raise Decline
    for spec in fields.values():
        kind, constraints = spec.get("type", "string"), spec.get("constraints", {})
        if set(spec) - _FIELD_KEYS or not isinstance(spec.get("name"), str) or not isinstance(constraints, dict):
            raise Decline
        if kind in _CONSTRAINTS:
            if set(constraints) - _CONSTRAINTS[kind] or spec.get("format", "default") not in (
                _STRING_FORMATS if kind == "string" else {"default"}
            ):
                raise Decline
        elif kind not in _OTHER_TYPES or set(constraints) - {"required"}:
            raise Decline
        if "pattern" in constraints:
            try:
                re.compile(constraints["pattern"])
            except (re.error, TypeError):
                raise Decline from None
        if "enum" in constraints and (not isinstance(constraints["enum"], list) or not constraints["enum"]):
            raise Decline
        if kind == "string" and not all(isinstance(v, str) for v in constraints.get("enum", [])):
            raise Decline
        if kind == "integer" and not all(type(v) is int for k in ("minimum", "maximum") if k in constraints for v in [constraints[k]]):
            raise Decline
        if kind == "integer" and not all(type(v) is int for v in constraints.get("enum", [])):
            raise Decline
    keyed = _key_fields(schema.get("primaryKey", []))
    for foreign in schema.get("foreignKeys", []):
        source, reference = _key_fields(foreign.get("fields")), foreign.get("reference", {})
        target = package.tables.get(reference.get("resource")) if reference.get("resource") else None
        target_fields = {f["name"]: f for f in (target.schema if target else schema)["fields"]}
        ref_keys = _key_fields(reference.get("fields"))
        if (reference.get("resource") and target is None) or len(source) != len(ref_keys) or not source:
            raise Decline
        if any(k not in target_fields or target_fields[k].get("type", "string") not in ("string", "integer") for k in ref_keys):
            raise Decline
        keyed += source
    keyed += [name for name, spec in fields.items() if spec.get("constraints", {}).get("unique")]
    if any(k not in fields or fields[k].get("type", "string") not in ("string", "integer") for k in keyed):
        raise Decline


@dataclass
class _Evaluated:
    table: Table
    columns: dict[str, Any]  # field -> pyarrow string array, as written
    quoted: bool
    typed: dict[str, Any] = field(default_factory=dict)  # field -> canonical typed value as string, null for None
    problems: list[Problem] = field(default_factory=list)
    _lines: Any = None

    def line(self, index: int) -> int:
        """Editor line of a row: rows start on line 2 unless earlier cells span several lines."""
        if not self.quoted:
            return index + 2
        if self._lines is None:
            import pyarrow.compute as pc

            counts = None
            for column in self.columns.values():
                found = pc.count_substring(column, "\n")
                counts = found if counts is None else pc.add(counts, found)
            self._lines = pc.cumulative_sum(counts).to_pylist() if counts is not None else []
        return index + 2 + (self._lines[index - 1] if index else 0)

    def add(self, index: int, code: str, field_name: str | None, value: object, note: str) -> None:
        self.problems.append(problem(code, self.table.file, self.line(index), field_name, value, note=note, title=""))


def _read(table: Table) -> Any:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    data = table.path.read_bytes()
    data = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    names = [f["name"] for f in table.schema["fields"]]
    blank = b"\n\n" in data or b"\n\r\n" in data or data.startswith((b"\n", b"\r\n"))
    lone_cr = b"\r" in data and data.count(b"\r") != data.count(b"\r\n")
    if not data or b"\x00" in data or lone_cr or (blank and len(names) == 1):
        raise Decline
    try:
        end = data.find(b"\n")
        header = next(csv.reader([data[: end if end >= 0 else len(data)].rstrip(b"\r").decode("utf-8")]))
    except (UnicodeDecodeError, StopIteration, csv.Error):
        raise Decline from None
    if header != names:
        raise Decline
    quoted = b'"' in data
    if blank and not quoted or not _sniffs_as_default(data):
        raise Decline
    try:
        arrow = pacsv.read_csv(
            pa.BufferReader(data),
            parse_options=pacsv.ParseOptions(newlines_in_values=quoted, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        raise Decline from None
    if arrow.column_names != names:
        raise Decline
    columns = {name: arrow.column(name).combine_chunks() for name in names}
    for column in columns.values():  # an oversized cell gets the located message of the csv reader
        if len(column) and (pc.max(pc.binary_length(column)).as_py() or 0) > MAX_CELL:
            raise Decline
    return _Evaluated(table, columns, quoted)


def _sniffs_as_default(data: bytes) -> bool:
    """Frictionless guesses the dialect from the first 100 lines with csv.Sniffer; read only what it reads as plain CSV."""
    end = -1
    for _ in range(100):
        end = data.find(b"\n", end + 1)
        if end < 0:
            break
    sample = data if end < 0 else data[: end + 1]
    try:
        dialect = csv.Sniffer().sniff(sample.decode("utf-8"), ",\t;|")
    except csv.Error:
        return True  # frictionless then uses the excel dialect
    except UnicodeDecodeError:
        return False
    return dialect.delimiter == "," and dialect.quotechar in ('"', "'") and not dialect.skipinitialspace \
        and dialect.escapechar is None


def _evaluate(table: Table) -> _Evaluated:
    import pyarrow as pa
    import pyarrow.compute as pc

    evaluated = _read(table)
    missing_values = table.schema.get("missingValues", [""])
    missing = {name: pc.equal(pc.binary_length(column), 0) if missing_values == [""]
               else pc.is_in(column, value_set=pa.array(missing_values, pa.string()))
               for name, column in evaluated.columns.items()}
    blank = _all(list(missing.values()))  # frictionless reports such a row once, as blank-row
    for i in _indices(blank):
        evaluated.add(i, "blank-row", None, None, "")
    for spec in table.schema["fields"]:
        _evaluate_field(evaluated, spec, missing[spec["name"]], blank)
    keys = _key_fields(table.schema.get("primaryKey", []))
    if keys:
        _duplicates(evaluated, keys, "primary-key")
    for spec in table.schema["fields"]:
        if spec.get("constraints", {}).get("unique"):
            _duplicates(evaluated, [spec["name"]], "unique-error")
    return evaluated


def _indices(mask: Any) -> list[int]:
    import pyarrow.compute as pc

    return pc.indices_nonzero(pc.fill_null(mask, False)).to_pylist()


def _note(name: str, constraint: object) -> str:
    return f'constraint "{name}" is "{constraint}"'


def _all(masks: list[Any]) -> Any:
    import pyarrow.compute as pc

    result = masks[0]
    for mask in masks[1:]:
        result = pc.and_(result, mask)
    return result


def _evaluate_field(evaluated: _Evaluated, spec: dict[str, Any], missing: Any, blank: Any) -> None:
    import pyarrow as pa
    import pyarrow.compute as pc

    name, kind = spec["name"], spec.get("type", "string")
    constraints = spec.get("constraints", {})
    column = evaluated.columns[name]
    present = pc.invert(missing)
    # Cells the vectorised rules decide; the rest ("residue") go to frictionless's reader.
    if kind in _CLEAN:
        decided = pc.match_substring_regex(column, _CLEAN[kind])
    elif kind == "string" and spec.get("format", "default") == "default":
        pattern = constraints.get("pattern")
        if not evaluated.quoted:  # without quotes no value can hold a newline
            decided = pc.fill_null(pa.nulls(len(column), pa.bool_()), True) if pattern is None or _SAFE_PATTERN.match(pattern) \
                else pc.fill_null(pa.nulls(len(column), pa.bool_()), False)
        elif pattern is None or _SAFE_PATTERN.match(pattern):
            decided = pc.invert(pc.match_substring(column, "\n"))
        else:
            decided = pc.fill_null(pa.nulls(len(column), pa.bool_()), False)
    else:
        decided = pc.fill_null(pa.nulls(len(column), pa.bool_()), False)
    residue = pc.and_(present, pc.invert(decided))
    clean = pc.and_(present, decided)
    if kind == "integer" and pc.any(residue).as_py():  # int() needs a digit: a cell without any is not an integer
        digitless = pc.and_(residue, pc.invert(pc.match_substring_regex(column, r"\p{Nd}")))
        for i in _indices(digitless):
            evaluated.add(i, "type-error", name, column[i].as_py(), 'type is "integer/default"')
        residue = pc.and_(residue, pc.invert(digitless))

    if kind == "integer":
        as_int = pc.cast(pc.if_else(clean, column, "0"), pa.int64())
        typed = pc.if_else(clean, pc.cast(as_int, pa.string()), pa.scalar(None, pa.string()))
    elif kind == "string":
        typed = _masked(column, present)
    else:
        typed = pa.nulls(len(column), pa.string())

    if constraints.get("required"):
        for i in _indices(pc.and_(missing, pc.invert(blank))):
            evaluated.add(i, "constraint-error", name, column[i].as_py(), _note("required", constraints["required"]))
    checks = []
    if kind not in ("string", "integer"):
        constraints = {}  # other constraints of other types are judged by the reader, on the residue
    if "pattern" in constraints:
        checks.append(("pattern", pc.match_substring_regex(column, f"^(?:^{constraints['pattern']}$)$")))
    if "enum" in constraints:
        target = as_int if kind == "integer" else column
        checks.append(("enum", pc.is_in(target, value_set=pa.array(constraints["enum"]))))
    for key, compare in (("minLength", pc.greater_equal), ("maxLength", pc.less_equal)):
        if key in constraints:
            checks.append((key, compare(pc.utf8_length(column), constraints[key])))
    for key, compare in (("minimum", pc.greater_equal), ("maximum", pc.less_equal)):
        if key in constraints:
            checks.append((key, compare(as_int, constraints[key])))
    for key, passed in checks:
        for i in _indices(pc.and_(clean, pc.invert(passed))):
            evaluated.add(i, "constraint-error", name, column[i].as_py(), _note(key, constraints[key]))

    rows = _indices(residue)
    if rows:
        verdicts = _reader_verdicts(spec, {column[i].as_py() for i in rows})
        values = []
        for i in rows:
            raw = column[i].as_py()
            value, errors = verdicts[raw]
            values.append(value)
            for code, note in errors:
                evaluated.add(i, code, name, raw, note)
        if kind in ("string", "integer"):
            typed = pc.replace_with_mask(typed, residue, pa.array(values, pa.string()))
    evaluated.typed[name] = typed


def _masked(column: Any, valid: Any) -> Any:
    """The column with nulls where `valid` is false, sharing the column's buffers instead of copying them."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if column.null_count or valid.null_count or column.offset or valid.offset or len(column) == 0:
        return pc.if_else(valid, column, pa.scalar(None, column.type))
    if pc.all(valid).as_py():
        return column
    return pa.Array.from_buffers(column.type, len(column), [valid.buffers()[1], *column.buffers()[1:]])


def _reader_verdicts(spec: dict[str, Any], values: set[str]) -> dict[str, tuple[str | None, list[tuple[str, str]]]]:
    """Frictionless's own verdict on each distinct value: its typed form and its errors."""
    import frictionless

    reader = frictionless.Field.from_descriptor(dict(spec)).create_cell_reader()
    verdicts = {}
    for value in values:
        typed, notes = reader(value)
        notes = dict(notes or {})
        errors = [("type-error", notes.pop("type"))] if "type" in notes else []
        errors += [("constraint-error", note) for note in notes.values()]
        verdicts[value] = (None if typed is None else str(typed), errors)
    return verdicts


def _group_codes(columns: list[Any]) -> Any:
    """One int64 code per row, equal exactly where all the columns are equal (nulls included)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    codes = None
    for column in columns:
        encoded = pc.dictionary_encode(column, null_encoding="encode")
        part = pc.cast(encoded.indices, pa.int64())
        if codes is None:
            codes = part
        else:
            mixed = pc.add(pc.multiply(codes, len(encoded.dictionary)), part)
            codes = pc.cast(pc.dictionary_encode(mixed).indices, pa.int64())
    return codes


def _surely_distinct(typed: list[Any], counted: int) -> bool:
    """One hash pass that proves the keys distinct in the usual case (then the exact grouping is skipped)."""
    import pyarrow.compute as pc

    joined = typed[0] if len(typed) == 1 else pc.binary_join_element_wise(*typed, "\x1f")
    # Equal keys join equally, so distinct joins mean distinct keys; a partly empty key joins to null and is not counted.
    return pc.count(joined).as_py() == counted and len(pc.unique(joined)) - (joined.null_count > 0) == counted


def _duplicates(evaluated: _Evaluated, keys: list[str], code: str) -> None:
    """Rows repeating an earlier row's key; the note names the latest earlier row, as frictionless does."""
    import pyarrow as pa
    import pyarrow.compute as pc

    typed = [evaluated.typed[k] for k in keys]
    all_null = _all([pc.is_null(t) for t in typed])
    raw = [evaluated.columns[k] for k in keys]
    if code == "primary-key":
        for i in _indices(all_null):
            evaluated.add(i, code, ",".join(keys), ",".join(c[i].as_py() for c in raw), 'cells composing the primary keys are all "None"')
    counted = pc.indices_nonzero(pc.invert(all_null))
    if len(counted) < 2 or _surely_distinct(typed, len(counted)):
        return
    codes = pc.take(_group_codes(typed), counted)
    order = pc.sort_indices(pa.table({"code": codes, "row": counted}), sort_keys=[("code", "ascending"), ("row", "ascending")])
    sorted_codes, sorted_rows = pc.take(codes, order), pc.take(counted, order)
    same = pc.equal(sorted_codes[1:], sorted_codes[:-1])
    repeats = pc.filter(sorted_rows[1:], same).to_pylist()
    earlier = pc.filter(sorted_rows[:-1], same).to_pylist()
    for i, before in zip(repeats, earlier):
        note = f"the same as in the row at position {before + 2}"
        if code == "primary-key":
            evaluated.add(i, code, ",".join(keys), ",".join(c[i].as_py() for c in raw), note)
        else:
            evaluated.add(i, code, keys[0], typed[0][i].as_py(), note)


def _foreign_keys(evaluated: _Evaluated, tables: dict[str, _Evaluated]) -> list[Problem]:
    import pyarrow as pa
    import pyarrow.compute as pc

    found: list[Problem] = []
    for foreign in evaluated.table.schema.get("foreignKeys", []):
        source = _key_fields(foreign["fields"])
        reference = foreign["reference"]
        target = tables[reference["resource"]] if reference.get("resource") else evaluated
        target_keys = _key_fields(reference["fields"])
        mine = [evaluated.typed[k] for k in source]
        theirs = [target.typed[k] for k in target_keys]
        their_rows = pc.invert(_all([pc.is_null(t) for t in theirs]))  # an all-empty key is not in the lookup
        if len(mine) == 1:
            listed = pc.is_in(mine[0], value_set=pc.unique(pc.filter(theirs[0], their_rows)), skip_nulls=True)
        else:
            combined = _group_codes([pa.concat_arrays([t, m]) for t, m in zip(theirs, mine)])
            their_codes, my_codes = combined[: len(theirs[0])], combined[len(theirs[0]):]
            listed = pc.is_in(my_codes, value_set=pc.filter(their_codes, their_rows))
        broken = pc.and_(pc.invert(_all([pc.is_null(m) for m in mine])), pc.invert(listed))
        for i in _indices(broken):
            cells = [m[i].as_py() for m in mine]
            note = (f'for "{", ".join(source)}": values "{", ".join(str(c) for c in cells)}" not found in the lookup table '
                    f'"{reference.get("resource", "")}" as "{", ".join(target_keys)}"')
            value = ", ".join("" if c is None else c for c in cells)
            found.append(problem("foreign-key", evaluated.table.file, evaluated.line(i), ", ".join(source), value,
                                 note=note, title=""))
    return found
