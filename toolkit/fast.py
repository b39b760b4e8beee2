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

import os
import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from toolkit.columns import Decline, Evaluated, all_of, evaluate, indices
from toolkit.package import Package, key_fields
from toolkit.problems import Problem, problem

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


def check(package: Package) -> list[Problem] | None:
    """Every schema problem of the package, or None when it needs frictionless."""
    try:
        _check_descriptor(package)
        keys = _key_fields_by_table(package)
        # pyarrow's kernels release the GIL, so tables are evaluated side by side on the available cores.
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            tables = dict(zip(package.tables, pool.map(lambda t: evaluate(t, keys[t.name]), package.tables.values())))
        for evaluated in tables.values():
            if evaluated.table.primary_key():
                _duplicates(evaluated, evaluated.table.primary_key(), "primary-key")
            for spec in evaluated.table.schema["fields"]:
                if spec.get("constraints", {}).get("unique"):
                    _duplicates(evaluated, [spec["name"]], "unique-error")
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


def _key_fields_by_table(package: Package) -> dict[str, set[str]]:
    """The fields whose typed values the table-level checks need, per table."""
    keys: dict[str, set[str]] = {name: set() for name in package.tables}
    for name, table in package.tables.items():
        schema = table.schema
        keys[name].update(table.primary_key())
        keys[name].update(f["name"] for f in schema["fields"] if f.get("constraints", {}).get("unique"))
        for foreign in schema.get("foreignKeys", []):
            keys[name].update(key_fields(foreign["fields"]))
            keys[foreign["reference"].get("resource") or name].update(key_fields(foreign["reference"]["fields"]))
    return keys


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
    keyed = key_fields(schema.get("primaryKey", []))
    for foreign in schema.get("foreignKeys", []):
        source, reference = key_fields(foreign.get("fields")), foreign.get("reference", {})
        target = package.tables.get(reference.get("resource")) if reference.get("resource") else None
        target_fields = {f["name"]: f for f in (target.schema if target else schema)["fields"]}
        ref_keys = key_fields(reference.get("fields"))
        if (reference.get("resource") and target is None) or len(source) != len(ref_keys) or not source:
            raise Decline
        if any(k not in target_fields or target_fields[k].get("type", "string") not in ("string", "integer") for k in ref_keys):
            raise Decline
        keyed += source
    keyed += [str(name) for name, spec in fields.items() if spec.get("constraints", {}).get("unique")]
    if any(k not in fields or fields[k].get("type", "string") not in ("string", "integer") for k in keyed):
        raise Decline


def _group_codes(columns: list[Any]) -> Any:
    """One int64 code per row, equal exactly where all the columns are equal (nulls included)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    codes = None
    for column in columns:
        column = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
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


def _duplicates(evaluated: Evaluated, keys: list[str], code: str) -> None:
    """Rows repeating an earlier row's key; the note names the latest earlier row, as frictionless does."""
    import pyarrow as pa
    import pyarrow.compute as pc

    typed = [evaluated.keys[k] for k in keys]
    all_null = all_of([pc.is_null(t) for t in typed])
    raw = [evaluated.raw[k] for k in keys] if code == "primary-key" else []
    if code == "primary-key":
        for i in indices(all_null):
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


def _foreign_keys(evaluated: Evaluated, tables: dict[str, Evaluated]) -> list[Problem]:
    import pyarrow as pa
    import pyarrow.compute as pc

    found: list[Problem] = []
    for foreign in evaluated.table.schema.get("foreignKeys", []):
        source = key_fields(foreign["fields"])
        reference = foreign["reference"]
        target = tables[reference["resource"]] if reference.get("resource") else evaluated
        target_keys = key_fields(reference["fields"])
        mine = [evaluated.keys[k] for k in source]
        theirs = [target.keys[k] for k in target_keys]
        their_rows = pc.invert(all_of([pc.is_null(t) for t in theirs]))  # an all-empty key is not in the lookup
        if len(mine) == 1:
            listed = pc.is_in(mine[0], value_set=pc.unique(pc.filter(theirs[0], their_rows)), skip_nulls=True)
        else:
            combined = _group_codes([pa.chunked_array([*t.chunks, *m.chunks], pa.string()) for t, m in zip(theirs, mine)])
            their_codes, my_codes = combined[: len(theirs[0])], combined[len(theirs[0]):]
            listed = pc.is_in(my_codes, value_set=pc.filter(their_codes, their_rows))
        broken = pc.and_(pc.invert(all_of([pc.is_null(m) for m in mine])), pc.invert(listed))
        for i in indices(broken):
            cells = [m[i].as_py() for m in mine]
            note = (f'for "{", ".join(source)}": values "{", ".join(str(c) for c in cells)}" not found in the lookup table '
                    f'"{reference.get("resource", "")}" as "{", ".join(target_keys)}"')
            value = ", ".join("" if c is None else c for c in cells)
            found.append(problem("foreign-key", evaluated.table.file, evaluated.line(i), ", ".join(source), value,
                                 note=note, title=""))
    return found
