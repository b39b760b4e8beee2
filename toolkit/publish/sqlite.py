"""The tables as one SQLite database, with keys, indexes and full-text search, and its datasette metadata.

A journalist can query the release in the sqlite3 shell or browse it with
`datasette tech-ice-coverage.db -m metadata.json`: primary and foreign keys
come from the Table Schemas (so joins are declared, and checked by
`PRAGMA foreign_key_check`), every foreign key is indexed, and claims and
entities have a full-text index. The metadata's titles and descriptions are
the schema's, never written twice. A foreign key SQLite cannot enforce (one
that points at columns other than a primary key, say) is not declared, as it
would make the database unusable, and metadata.json names it with why.
"""

from __future__ import annotations

import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.engine.package import key_fields
from toolkit.rules.models import Row

_TYPES = {"integer": "INTEGER", "number": "REAL", "boolean": "INTEGER"}  # dates are ISO 8601 TEXT, as SQLite's date functions read them
FULL_TEXT = {"claims": ("text", "paraphrase"), "entities": ("name", "description")}


def unstorable(schemas: dict[str, dict[str, Any]]) -> str | None:
    """Why SQLite cannot hold these tables under their names, if it cannot: a name it reserves (sqlite_...,
    or the full-text index's and its shadow tables'), or two columns that differ only in ASCII case, which
    SQLite does not tell apart (frictionless does)."""
    reserved = {f"{name}_fts{suffix}" for name in FULL_TEXT for suffix in ("", "_data", "_idx", "_docsize", "_config", "_content")}
    for name, schema in schemas.items():
        if _folded(name).startswith("sqlite_") or _folded(name) in reserved:
            return f"the table name {name!r} is reserved in the release's SQLite database; rename the resource"
        seen: dict[str, str] = {}
        for spec in schema["fields"]:
            if (other := seen.setdefault(_folded(spec["name"]), spec["name"])) != spec["name"]:
                return f"table {name!r} has columns {other!r} and {spec['name']!r}, which SQLite does not tell apart; rename one"
    return None


def _folded(name: str) -> str:
    return "".join(c.lower() if c.isascii() else c for c in name)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _columns(names: list[str]) -> str:
    return ", ".join(map(_quote, names))


@dataclass(frozen=True)
class _Key:
    """A foreign key SQLite enforces: the child's columns, the parent table and its primary key."""

    fields: tuple[str, ...]
    parent: str
    parent_fields: tuple[str, ...]


@dataclass(frozen=True)
class Database:
    """The database file, and per table the foreign keys it does not declare, each with why (for metadata.json)."""

    content: bytes
    undeclared: dict[str, list[dict[str, Any]]]


# One sentence per reason a foreign key of the Table Schema is not declared in the database.
NOT_A_KEY = "the descriptor does not give its fields and reference as names"
NO_COLUMNS = "its fields are not distinct columns of the table"
NO_PARENT = "the table it refers to is not in the database"
NOT_PRIMARY = "the fields it refers to are not the primary key of that table, in its order, which SQLite requires"
BROKEN = "rows break it as SQLite compares values"


def _keys(name: str, schema: dict[str, Any], tables: dict[str, tuple[dict[str, Any], list[Row]]],
          broken: set[tuple[str, _Key]]) -> tuple[list[_Key], list[dict[str, Any]]]:
    """The schema's foreign keys SQLite can enforce (a repeated one once), and the others with the reason.

    SQLite checks a foreign key only against the parent's primary key (or a unique index), and
    refuses the whole database ("foreign key mismatch") when one points elsewhere; frictionless
    accepts references to any columns, so a valid package may declare keys SQLite cannot hold.
    """
    columns = [spec["name"] for spec in schema["fields"]]
    declared: list[_Key] = []
    undeclared: list[dict[str, Any]] = []
    for foreign in schema.get("foreignKeys", []):
        reference = foreign.get("reference") if isinstance(foreign, dict) else None
        fields, parent_fields = (key_fields(foreign.get("fields")), key_fields(reference.get("fields"))) if isinstance(reference, dict) else ([], [])
        if not isinstance(reference, dict) or not fields or not all(isinstance(f, str) for f in fields + parent_fields):
            undeclared.append({"foreign_key": foreign, "reason": NOT_A_KEY})
            continue
        parent = reference.get("resource") or name
        entry = {"columns": fields, "references": {"table": parent, "columns": parent_fields}}
        parent_schema = tables[parent][0] if isinstance(parent, str) and parent in tables else None
        if len(set(fields)) != len(fields) or not set(fields) <= set(columns):
            undeclared.append({**entry, "reason": NO_COLUMNS})
        elif parent_schema is None:
            undeclared.append({**entry, "reason": NO_PARENT})
        elif not parent_fields or parent_fields != key_fields(parent_schema.get("primaryKey")) or len(parent_fields) != len(fields):
            undeclared.append({**entry, "reason": NOT_PRIMARY})
        elif (name, key := _Key(tuple(fields), parent, tuple(parent_fields))) in broken:
            undeclared.append({**entry, "reason": BROKEN})
        elif key not in declared:
            declared.append(key)
    return declared, undeclared


def _create(name: str, schema: dict[str, Any], keys: list[_Key], taken: set[str]) -> list[str]:
    """CREATE TABLE with the schema's columns, keys and NOT NULLs, then an index per foreign key (names unique in `taken`)."""
    columns = []
    for spec in schema["fields"]:
        required = " NOT NULL" if spec.get("constraints", {}).get("required") else ""
        columns.append(f"{_quote(spec['name'])} {_TYPES.get(spec.get('type', 'string'), 'TEXT')}{required}")
    if key := key_fields(schema.get("primaryKey")):
        columns.append(f"PRIMARY KEY ({_columns(key)})")
    indexes = []
    for foreign in keys:
        columns.append(f"FOREIGN KEY ({_columns(list(foreign.fields))}) REFERENCES {_quote(foreign.parent)} "
                       f"({_columns(list(foreign.parent_fields))})")
        index = name + "_" + "_".join(foreign.fields)
        if _folded(index) in taken:  # two keys on the same columns need one index; a name may clash with a table's
            continue
        taken.add(_folded(index))
        indexes.append(f"CREATE INDEX {_quote(index)} ON {_quote(name)} ({_columns(list(foreign.fields))})")
    return [f"CREATE TABLE {_quote(name)} (\n  " + ",\n  ".join(columns) + "\n)", *indexes]


def database(tables: dict[str, tuple[dict[str, Any], list[Row]]]) -> Database:
    """The database, declaring only the foreign keys SQLite can enforce and the rows hold; never refused for a key."""
    broken: set[tuple[str, _Key]] = set()
    while True:
        keys = {name: _keys(name, schema, tables, broken) for name, (schema, _) in tables.items()}
        content, violated = _build(tables, {name: declared for name, (declared, _) in keys.items()})
        if not violated:
            return Database(content, {name: undeclared for name, (_, undeclared) in keys.items() if undeclared})
        broken |= violated  # undeclared on the next pass, so the loop ends


def _build(tables: dict[str, tuple[dict[str, Any], list[Row]]], keys: dict[str, list[_Key]]) -> tuple[bytes, set[tuple[str, _Key]]]:
    """The database file: tables in the given order, rows in the given order, full-text indexes built, vacuumed;
    or the foreign keys that rows break, as SQLite compares values (an INTEGER column against a TEXT one...)."""
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "release.db"
        connection = sqlite3.connect(path, isolation_level=None)
        try:
            connection.execute("PRAGMA journal_mode = OFF")
            connection.execute("BEGIN")
            taken = {_folded(name) for name in tables} | {f"{name}_fts" for name in FULL_TEXT}
            for name, (schema, rows) in tables.items():
                for statement in _create(name, schema, keys[name], taken):
                    connection.execute(statement)
                names = [spec["name"] for spec in schema["fields"]]
                insert = f"INSERT INTO {_quote(name)} ({_columns(names)}) VALUES ({', '.join('?' * len(names))})"
                connection.executemany(insert, ([_cell(getattr(row, n)) for n in names] for row in rows))
            for name, fields in FULL_TEXT.items():
                if name in tables:
                    fts = _quote(f"{name}_fts")
                    connection.execute(f"CREATE VIRTUAL TABLE {fts} USING fts5({_columns(list(fields))}, "
                                       f"content={_quote(name)}, content_rowid='rowid')")
                    connection.execute(f"INSERT INTO {fts} ({fts}) VALUES ('rebuild')")
            connection.execute("COMMIT")
            violated = {_violated(connection, keys, table, number) for table, _, _, number in connection.execute("PRAGMA foreign_key_check")}
            if violated:
                return b"", violated
            connection.execute("VACUUM")
        finally:
            connection.close()
        return path.read_bytes(), set()


def _violated(connection: sqlite3.Connection, keys: dict[str, list[_Key]], table: str, number: int) -> tuple[str, _Key]:
    """The declared key behind SQLite's foreign key `number` of `table` (SQLite numbers them its own way)."""
    listed = connection.execute(f"PRAGMA foreign_key_list({_quote(table)})").fetchall()
    fields = tuple(row[3] for row in sorted(listed, key=lambda row: row[1]) if row[0] == number)
    parent = next(row[2] for row in listed if row[0] == number)
    return table, next(key for key in keys[table] if key.fields == fields and key.parent == parent)


def _cell(value: object) -> object:
    return value.isoformat() if hasattr(value, "isoformat") else value


def metadata(descriptor: dict[str, Any], database: str, tables: dict[str, dict[str, Any]],
             undeclared: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """datasette's metadata.json: the package's title, licence and source, each table's and column's description,
    and the foreign keys of the Table Schemas the database does not declare, with why."""
    licence = (descriptor.get("licenses") or [{}])[0]
    described: dict[str, Any] = {}
    for name, schema in tables.items():
        entry: dict[str, Any] = {"description": schema.get("description", ""),
                                 "columns": {spec["name"]: spec.get("description", "") for spec in schema["fields"]}}
        if name in FULL_TEXT:
            entry.update(fts_table=f"{name}_fts", fts_pk="rowid")
        if name in undeclared:
            entry["undeclared_foreign_keys"] = undeclared[name]
        described[name] = entry
    return {
        "title": descriptor.get("title", descriptor.get("name", "")),
        "description": descriptor.get("description", ""),
        "license": licence.get("title") or licence.get("name", ""),
        "license_url": licence.get("path", ""),
        "databases": {database: {"tables": described}},
    }


def version() -> str:
    return sqlite3.sqlite_version
