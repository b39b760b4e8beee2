"""Schema checks evaluated column by column: frictionless's verdicts at columnar speed.

Why pyarrow: its streaming CSV reader is as strict as Python's csv module (a
row with too few or too many cells is an error, quotes follow the same rules)
and reads a table in blocks, so memory stays flat; it imports in about 35 ms
with its compute functions called through `kernels` (polars takes 130 ms,
which matters for a pre-commit hook, and DuckDB's CSV sniffer and quoting
rules differ from csv's more); and
its kernels cover what a Table Schema asks: casts, RE2 regular expressions,
set membership, hashing, grouping. They release the GIL, so the tables of a
package are read at once on threads.

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

import re
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from typing import Any

from toolkit.engine.columns import Decline, Lookup, constraint_note, evaluate, safe_pattern
from toolkit.engine.evaluated import Evaluated, indices
from toolkit.engine.keys import combine, decode, distinct_rows, encode, repeats
from toolkit.engine.package import Package, Table, key_fields
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
    futures: dict[str, Future[Evaluated]] = {}
    lookups: dict[str, dict[int, Lookup]] = {}  # table -> position of a foreign key -> its lookup
    try:
        _check_descriptor(package)
        waves = _waves(package)
        order = [name for wave in waves for name in wave]
        wave_of = {name: i for i, wave in enumerate(waves) for name in wave}
        # Every table is read at once (pyarrow's kernels release the GIL): a table waits for the tables
        # its foreign keys refer to only when its first batch of keys is to be checked, and those come
        # earlier in the order, so no table waits for one that waits for it.
        with ThreadPoolExecutor(max_workers=len(order)) as pool:
            for name in order:
                table = package.tables[name]
                lookups[name] = {i: _lookup(table, fk, futures[target]) for i, (fk, target) in enumerate(_foreign(table))
                                 if _streamed(fk, wave_of[target] < wave_of[name])}
                referenced = _referencing(package, name)
                futures[name] = pool.submit(_evaluate, table, _kept(table, referenced, lookups[name]), referenced,
                                            list(lookups[name].values()))
            tables = {name: futures[name].result() for name in order}
    except Decline:
        return None
    problems = [p for evaluated in tables.values() for p in evaluated.problems]
    for name, evaluated in tables.items():
        problems.extend(_foreign_keys(evaluated, tables, lookups[name]))
    return problems


def _lookup(table: Table, foreign: dict[str, Any], target: Future[Evaluated]) -> Lookup:
    name, referenced = key_fields(foreign["fields"])[0], key_fields(foreign["reference"]["fields"])[0]
    spec = next(f for f in table.schema["fields"] if f["name"] == name)
    return Lookup(name, partial(_referenced, target, referenced), safe_pattern(spec))


def _referenced(table: Future[Evaluated], name: str) -> Any:
    return table.result().referenced[name]


def _foreign(table: Table) -> list[tuple[dict[str, Any], str]]:
    """The table's foreign keys, each with the name of the table it refers to."""
    return [(fk, fk["reference"].get("resource") or table.name) for fk in table.schema.get("foreignKeys", [])]


def _streamed(foreign: dict[str, Any], earlier: bool) -> bool:
    """A key of one field into a table earlier in the order is checked while its own table is read."""
    return len(key_fields(foreign["fields"])) == 1 and earlier


def _waves(package: Package) -> list[list[str]]:
    """Tables in the order their foreign keys need: each wave refers only to earlier ones (and itself);
    tables in a cycle share a wave, and their keys into each other are checked once all are read."""
    targets = {name: {target for _, target in _foreign(table)} - {name} for name, table in package.tables.items()}
    waves: list[list[str]] = []
    done: set[str] = set()
    while len(done) < len(targets):
        remaining = [name for name in targets if name not in done]
        wave = [name for name in remaining if targets[name] <= done] or remaining
        waves.append(wave)
        done.update(wave)
    return waves


def _kept(table: Table, referenced: set[str], lookups: dict[int, Lookup]) -> set[str]:
    """The fields of a table whose typed values are needed once it is read: its primary key and unique
    fields, the fields other tables refer to, and its foreign keys not checked while it is read."""
    kept = set(table.primary_key()) | referenced
    kept.update(f["name"] for f in table.schema["fields"] if f.get("constraints", {}).get("unique"))
    for position, (fk, _) in enumerate(_foreign(table)):
        if position not in lookups:
            kept.update(key_fields(fk["fields"]))
    return kept


def _referencing(package: Package, name: str) -> set[str]:
    """The fields of a table that foreign keys refer to."""
    return {field for other in package.tables.values() for fk, target in _foreign(other) if target == name
            for field in key_fields(fk["reference"]["fields"])}


def _evaluate(table: Table, keys: set[str], referenced: set[str], lookups: list[Lookup]) -> Evaluated:
    """Judge the table's cells and the foreign keys it can, then its primary key and unique fields, and
    gather the distinct values of the fields other tables refer to."""
    evaluated = evaluate(table, keys, lookups)
    evaluated.referenced = {name: evaluated.distinct(name) for name in referenced}
    with ThreadPoolExecutor(1) as pool:  # the last batches of the lookups are checked beside the keys
        flushed = pool.submit(_flush, lookups)
        _check_keys(evaluated)
        flushed.result()
    return evaluated


def _flush(lookups: list[Lookup]) -> None:
    import pyarrow as pa

    try:
        for lookup in lookups:
            lookup.flush()
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        raise Decline from None


def _check_keys(evaluated: Evaluated) -> None:
    """Primary key and unique fields: null keys, and rows repeating an earlier row's key."""
    from toolkit.engine import kernels as pc

    table = evaluated.table
    fields = table.primary_key()
    if fields:
        # One field's values are hashed as they are; several fields' are first turned into one code per row.
        key = evaluated.column(fields[0]) if len(fields) == 1 else combine([evaluated.codes(name) for name in fields])
        named = ",".join(fields)
        for i in indices(pc.is_null(key)):
            evaluated.add(i, "primary-key", named, _written(evaluated, fields, i), 'cells composing the primary keys are all "None"')
        for i, before in [] if distinct_rows(key) else repeats(key):
            evaluated.add(i, "primary-key", named, _written(evaluated, fields, i), f"the same as in the row at position {before + 2}")
    for spec in table.schema["fields"]:
        if spec.get("constraints", {}).get("unique"):
            key = evaluated.column(spec["name"])
            for i, before in [] if distinct_rows(key) else repeats(key):
                evaluated.add(i, "unique-error", spec["name"], str(key[i].as_py()), f"the same as in the row at position {before + 2}")


def _written(evaluated: Evaluated, fields: list[str], index: int) -> str:
    return ",".join(evaluated.written(name, index) for name in fields)


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


def _check_schema(schema: dict[str, Any], package: Package) -> None:
    fields = {f.get("name"): f for f in schema["fields"] if isinstance(f, dict)}
    if set(schema) - _SCHEMA_KEYS or not fields or len(fields) != len(schema["fields"]):
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
        kinds = [fields[k].get("type", "string") if k in fields else None for k in source]
        if any(k not in target_fields or target_fields[k].get("type", "string") != kind for k, kind in zip(ref_keys, kinds)):
            raise Decline  # frictionless compares typed values, and an integer never equals a string
        keyed += source
    keyed += [str(name) for name, spec in fields.items() if spec.get("constraints", {}).get("unique")]
    if any(k not in fields or fields[k].get("type", "string") not in ("string", "integer") for k in keyed):
        raise Decline


def _foreign_keys(evaluated: Evaluated, tables: dict[str, Evaluated], lookups: dict[int, Lookup]) -> Iterator[Problem]:
    """Rows whose key the referenced table lacks: from the lookups checked while reading, or found now
    among the distinct keys and located."""
    import pyarrow as pa

    from toolkit.engine import kernels as pc

    for position, (fk, target_name) in enumerate(_foreign(evaluated.table)):
        source, target_fields = key_fields(fk["fields"]), key_fields(fk["reference"]["fields"])
        target = tables[target_name]
        if position in lookups:
            unlisted = lookups[position].unlisted
            for i, value in lookups[position].mismatched:
                yield problem("constraint-error", evaluated.table.file, evaluated.line(i), source[0], value,
                              note=constraint_note("pattern", lookups[position].pattern), title="")
        elif len(source) == 1:
            found = evaluated.distinct(source[0])
            missing = pc.filter(found, pc.invert(pc.is_in(found, value_set=target.referenced[target_fields[0]])))
            rows = evaluated.having(source[0], missing) if len(missing) else []
            unlisted = list(zip(rows, pc.take(evaluated.column(source[0]), pc.array(rows, pa.int64())).to_pylist() if rows else []))
        else:
            keys = encode([evaluated.column(name) for name in source])
            lookup = pc.drop_null(encode([target.column(name) for name in target_fields]))
            unlisted = [(i, keys[i].as_py()) for i in indices(pc.and_(pc.is_valid(keys), pc.invert(pc.is_in(keys, value_set=lookup))))]
        for i, key in unlisted:
            cells = decode(key, len(source))
            note = (f'for "{", ".join(source)}": values "{", ".join(str(c) for c in cells)}" not found in the lookup table '
                    f'"{fk["reference"].get("resource", "")}" as "{", ".join(target_fields)}"')
            value = ", ".join("" if c is None else c for c in cells)
            yield problem("foreign-key", evaluated.table.file, evaluated.line(i), ", ".join(source), value, note=note, title="")
