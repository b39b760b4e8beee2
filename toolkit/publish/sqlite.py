"""The tables as one SQLite database, with keys, indexes and full-text search, and its datasette metadata.

A journalist can query the release in the sqlite3 shell or browse it with
`datasette tech-ice-coverage.db -m metadata.json`: primary and foreign keys
come from the Table Schemas (so joins are declared, and checked by
`PRAGMA foreign_key_check`), every foreign key is indexed, and claims and
entities have a full-text index. The metadata's titles and descriptions are
the schema's, never written twice.
"""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from toolkit.engine.package import key_fields
from toolkit.rules.models import Row

_TYPES = {"integer": "INTEGER", "number": "REAL", "boolean": "INTEGER"}  # dates are ISO 8601 TEXT, as SQLite's date functions read them
FULL_TEXT = {"claims": ("text", "paraphrase"), "entities": ("name", "description")}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _columns(names: list[str]) -> str:
    return ", ".join(map(_quote, names))


def _create(name: str, schema: dict[str, Any]) -> list[str]:
    """CREATE TABLE with the schema's columns, keys and NOT NULLs, then an index per foreign key."""
    columns = []
    for spec in schema["fields"]:
        required = " NOT NULL" if spec.get("constraints", {}).get("required") else ""
        columns.append(f"{_quote(spec['name'])} {_TYPES.get(spec.get('type', 'string'), 'TEXT')}{required}")
    if key := key_fields(schema.get("primaryKey")):
        columns.append(f"PRIMARY KEY ({_columns(key)})")
    indexes = []
    for foreign in schema.get("foreignKeys", []):
        fields, reference = key_fields(foreign["fields"]), foreign["reference"]
        columns.append(f"FOREIGN KEY ({_columns(fields)}) REFERENCES {_quote(reference['resource'] or name)} "
                       f"({_columns(key_fields(reference['fields']))})")
        indexes.append(f"CREATE INDEX {_quote(name + '_' + '_'.join(fields))} ON {_quote(name)} ({_columns(fields)})")
    return [f"CREATE TABLE {_quote(name)} (\n  " + ",\n  ".join(columns) + "\n)", *indexes]


def database_bytes(tables: dict[str, tuple[dict[str, Any], list[Row]]]) -> bytes:
    """The database file: tables in the given order, rows in the given order, full-text indexes built, vacuumed."""
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "release.db"
        connection = sqlite3.connect(path, isolation_level=None)
        try:
            connection.execute("PRAGMA journal_mode = OFF")
            connection.execute("BEGIN")
            for name, (schema, rows) in tables.items():
                for statement in _create(name, schema):
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
            if broken := connection.execute("PRAGMA foreign_key_check").fetchall():
                raise ValueError(f"foreign keys do not hold in the database: {broken[:3]}")
            connection.execute("VACUUM")
        finally:
            connection.close()
        return path.read_bytes()


def _cell(value: object) -> object:
    return value.isoformat() if hasattr(value, "isoformat") else value


def metadata(descriptor: dict[str, Any], database: str, tables: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """datasette's metadata.json: the package's title, licence and source, each table's and column's description."""
    licence = (descriptor.get("licenses") or [{}])[0]
    described: dict[str, Any] = {}
    for name, schema in tables.items():
        entry: dict[str, Any] = {"description": schema.get("description", ""),
                                 "columns": {spec["name"]: spec.get("description", "") for spec in schema["fields"]}}
        if name in FULL_TEXT:
            entry.update(fts_table=f"{name}_fts", fts_pk="rowid")
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
