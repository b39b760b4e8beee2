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

from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from toolkit.engine import blocks
from toolkit.engine.blocks import Digest, check_encodings
from toolkit.engine.columns import Lookup, constraint_note, evaluate, safe_pattern
from toolkit.engine.evaluated import Evaluated, indices
from toolkit.engine.keys import combine, decode, distinct_rows, encode, repeats
from toolkit.engine.package import Package, Table, key_fields
from toolkit.engine.route import Decline, Reading, check_schema, expected_hash, is_file, reading
from toolkit.engine.schema import DECLARED
from toolkit.problems import Fatal, Problem, problem

_TITLES = {"hash-count": "Hash Count Error", "byte-count": "Byte Count Error"}  # frictionless's, for the translation


@dataclass
class Checked:
    """The problems of the tables the fast path read, and the path each table took."""

    problems: list[Problem] = field(default_factory=list)
    paths: dict[str, str] = field(default_factory=dict)  # table -> FAST, or why frictionless judges it

    @property
    def declined(self) -> list[str]:
        return [name for name, path in self.paths.items() if path != FAST]


FAST = "fast"
NOT_A_TABLE = "it is not a CSV table with a schema (another format, compressed, or no schema): frictionless alone reads it"


def check(package: Package) -> Checked:
    """Every schema problem of the tables the fast path reads; the others are listed, with the reason, in
    `paths` for frictionless to judge. Tables joined by foreign keys are read, or declined, together."""
    checked = Checked()
    if package.problems:  # some resources could not be loaded: frictionless reports what it makes of them
        checked.paths = {name: "some resources of the package cannot be read" for name in package.tables}
        return checked
    readings = {}
    for name, table in package.tables.items():
        try:
            readings[name] = reading(package, table)
            check_schema(table.schema, package)
        except Decline as decline:
            checked.paths[name] = str(decline)
    undeclared = [package.tables[name] for name, how in readings.items() if not how.declared_encoding and name not in checked.paths]
    checked.paths.update(check_encodings(undeclared))
    for name, referrer in _referenced_from_elsewhere(package).items():  # frictionless needs the table to check that key
        checked.paths.setdefault(name, f'a foreign key of "{referrer}", which frictionless alone reads, refers to it')
    groups = _groups(package)
    for group in groups:
        _decline_group(checked, group)
    futures: dict[str, Future[Evaluated]] = {}
    lookups: dict[str, dict[int, Lookup]] = {}  # table -> position of a foreign key -> its lookup
    waves = _waves(package, [name for name in package.tables if name not in checked.paths])
    order = [name for wave in waves for name in wave]
    wave_of = {name: i for i, wave in enumerate(waves) for name in wave}
    # Every table is read at once (pyarrow's kernels release the GIL): a table waits for the tables
    # its foreign keys refer to only when its first batch of keys is to be checked, and those come
    # earlier in the order, so no table waits for one that waits for it. Tables that fit in one block
    # together are read one after the other: threads contending for the GIL cost them more than they save.
    small = sum(_size(package.tables[name]) for name in order) <= blocks.BLOCK  # read now: tests shrink it
    with ThreadPoolExecutor(max_workers=1 if small else max(1, len(order))) as pool:
        for name in order:
            table = package.tables[name]
            lookups[name] = {i: _lookup(table, fk, futures[target]) for i, (fk, target) in enumerate(_foreign(table))
                             if _streamed(fk, wave_of[target] < wave_of[name])}
            referenced = _referencing(package, name)
            futures[name] = pool.submit(_evaluate, table, readings[name], _kept(table, referenced, lookups[name]), referenced,
                                        list(lookups[name].values()))
        tables: dict[str, Evaluated] = {}
        for name in order:
            try:
                tables[name] = futures[name].result()
            except Decline as decline:
                checked.paths[name] = str(decline) or "it holds what the fast path does not model"
    for group in groups:
        _decline_group(checked, group)
    for name, evaluated in tables.items():
        if name not in checked.paths:
            checked.paths[name] = FAST
            checked.problems.extend(evaluated.problems)
            checked.problems.extend(_foreign_keys(evaluated, tables, lookups[name]))
            checked.problems.extend(_counts(evaluated.table.file, readings[name].hash, readings[name].size, evaluated.digest))
    for resource in package.descriptor["resources"]:
        other = resource.get("name") if isinstance(resource, dict) else None
        if not isinstance(other, str) or other in package.tables or other in package.unread:
            continue
        if is_file(resource):
            checked.problems.extend(_file_counts(package, resource))
        else:  # a JSON, Parquet or SQLite file of a release, say: frictionless judges it (bytes, hash, what its type reads)
            checked.paths[other] = NOT_A_TABLE
    return checked


def _size(table: Table) -> int:
    try:
        return table.path.stat().st_size
    except OSError:  # reading it will say what is wrong
        return blocks.BLOCK + 1


def _decline_group(checked: Checked, group: list[str]) -> None:
    """Decline every table of a group joined by foreign keys once one of them is declined."""
    declined = next((name for name in group if name in checked.paths and checked.paths[name] != FAST), None)
    for name in group if declined else []:
        checked.paths.setdefault(name, f'its foreign keys join it to table "{declined}", which frictionless judges')


def _groups(package: Package) -> list[list[str]]:
    """The tables in groups that foreign keys join, either way."""
    group_of = {name: {name} for name in package.tables}
    for name, table in package.tables.items():
        for _, target in _foreign(table):
            if target in group_of and group_of[target] is not group_of[name]:
                merged = group_of[name] | group_of[target]
                for member in merged:
                    group_of[member] = merged
    unique = {id(g): g for g in group_of.values()}
    return [sorted(g, key=list(package.tables).index) for g in unique.values()]


def _counts(file: str, expected: tuple[str, str] | None, size: int | None, digest: Digest) -> list[Problem]:
    """Frictionless's hash-count and byte-count errors, for a declared hash or size the bytes read do not have."""
    found = []
    if expected is not None and digest.hexdigest() != expected[1]:
        found.append(_file_problem("hash-count", file, f'expected is "{expected[1]}" and actual is "{digest.hexdigest()}"'))
    if size and size != digest.size:
        found.append(_file_problem("byte-count", file, f'expected is "{size}" and actual is "{digest.size}"'))
    return found


def _file_counts(package: Package, resource: dict[str, Any]) -> list[Problem]:
    """A resource frictionless reads as a file, not a table: only its declared hash and size are checked."""
    expected, size = expected_hash(resource), resource.get("bytes")
    if expected is None and not size:
        return []
    try:
        path = package.resolve(resource["path"], package.descriptor_file)
    except Fatal as fatal:
        return [fatal.problem]
    digest = Digest(expected[0] if expected else None)
    with path.open("rb") as handle:
        while chunk := handle.read(blocks.BLOCK):
            digest.update(chunk)
    return _counts(package.display(resource["path"]), expected, size, digest)


def _file_problem(code: str, file: str, note: str) -> Problem:
    """A problem about a whole file, as the translation of frictionless's error gives it."""
    return problem(code, file, None, DECLARED[code], None, note=note, title=_TITLES[code])


def _lookup(table: Table, foreign: dict[str, Any], target: Future[Evaluated]) -> Lookup:
    name, referenced = key_fields(foreign["fields"])[0], key_fields(foreign["reference"]["fields"])[0]
    spec = next(f for f in table.schema["fields"] if f["name"] == name)
    return Lookup(name, partial(_referenced, target, referenced), safe_pattern(spec))


def _referenced(table: Future[Evaluated], name: str) -> Any:
    return table.result().referenced[name]


def _referenced_from_elsewhere(package: Package) -> dict[str, str]:
    """The tables that a foreign key of a resource read by frictionless alone (inline data, a path in several
    parts, another format) refers to, each with one such resource."""
    referenced: dict[str, str] = {}
    for resource in package.descriptor["resources"]:
        name = resource.get("name") if isinstance(resource, dict) else None
        schema = resource.get("schema") if isinstance(resource, dict) else None
        if not isinstance(name, str) or name in package.tables or not isinstance(schema, dict):
            continue
        keys = schema.get("foreignKeys")
        for fk in keys if isinstance(keys, list) else []:
            target = fk.get("reference", {}).get("resource") if isinstance(fk, dict) and isinstance(fk.get("reference"), dict) else None
            if isinstance(target, str) and target in package.tables:
                referenced.setdefault(target, name)
    return referenced


def _foreign(table: Table) -> list[tuple[dict[str, Any], str]]:
    """The table's foreign keys, each with the name of the table it refers to (itself for a key with no reference,
    which frictionless completes as one with no fields; the route declines it)."""
    return [(fk, (fk.get("reference") if isinstance(fk.get("reference"), dict) else {}).get("resource") or table.name)
            for fk in table.schema.get("foreignKeys", [])]


def _streamed(foreign: dict[str, Any], earlier: bool) -> bool:
    """A key of one field into a table earlier in the order is checked while its own table is read."""
    return len(key_fields(foreign["fields"])) == 1 and earlier


def _waves(package: Package, names: list[str]) -> list[list[str]]:
    """The named tables in the order their foreign keys need: each wave refers only to earlier ones (and
    itself); tables in a cycle share a wave, and their keys into each other are checked once all are read."""
    targets = {name: {target for _, target in _foreign(package.tables[name])} - {name} for name in names}
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


def _evaluate(table: Table, how: Reading, keys: set[str], referenced: set[str], lookups: list[Lookup]) -> Evaluated:
    """Judge the table's cells and the foreign keys it can, then its primary key and unique fields, and
    gather the distinct values of the fields other tables refer to."""
    evaluated = evaluate(table, how, keys, lookups)
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
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as error:
        raise Decline(f"pyarrow cannot look a key up as frictionless does ({str(error).splitlines()[0]})") from None


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
