"""The SQLite export declares the foreign keys SQLite can enforce, names the others in metadata.json, and never fails on one."""

from __future__ import annotations

import json
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from toolkit.cli import app
from toolkit.publish import sqlite
from toolkit.rules.models import Row, model_for


def _table(name: str, fields: dict[str, str], rows: list[dict[str, Any]], key: list[str],
           foreign: list[Any]) -> tuple[str, tuple[dict[str, Any], list[Row]]]:
    schema = {"fields": [{"name": n, "type": t} for n, t in fields.items()], "primaryKey": key, "foreignKeys": foreign}
    model = model_for(name, schema)
    return name, (schema, [model.model_validate(row) for row in rows])


def _open(content: bytes) -> sqlite3.Connection:
    with tempfile.NamedTemporaryFile(suffix=".db", delete=False) as handle:
        handle.write(content)
    return sqlite3.connect(Path(handle.name))


def _ref(fields: Any, resource: Any, parent_fields: Any) -> dict[str, Any]:
    return {"fields": fields, "reference": {"resource": resource, "fields": parent_fields}}


def test_only_keys_sqlite_can_enforce_are_declared_and_the_others_are_named() -> None:
    tables = dict([
        _table("parents", {"id": "string", "label": "string"}, [{"id": "a", "label": "A"}], ["id"], []),
        _table("children", {"id": "string", "parent": "string", "other": "string"}, [{"id": "x", "parent": "a", "other": "A"}], ["id"], [
            _ref("parent", "parents", "id"),  # string forms: declared
            _ref(["parent"], "parents", ["id"]),  # the same key as lists: declared once
            _ref(["other"], "parents", ["label"]),  # not the parent's primary key
            _ref(["parent"], "parents", ["nosuch"]),  # a column the parent lacks
            _ref(["nosuch"], "parents", ["id"]),  # a column the child lacks
            _ref(["parent", "parent"], "parents", ["id", "id"]),  # not distinct
            _ref(["parent"], "missing", ["id"]),  # a table not in the database
            _ref(["id"], "", ["id"]),  # itself: declared
            "parent",  # not a foreign key at all
            _ref([["parent"]], "parents", ["id"]),  # a field that is no name
            _ref([], "parents", []),  # no fields
        ]),
    ])
    built = sqlite.database(tables)
    with _open(built.content) as connection:
        declared = connection.execute("SELECT \"table\", \"from\", \"to\" FROM pragma_foreign_key_list('children') ORDER BY id").fetchall()
        indexes = connection.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'children' "
                                     "AND sql IS NOT NULL ORDER BY name").fetchall()
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    assert sorted(declared) == [("children", "id", "id"), ("parents", "parent", "id")]
    assert indexes == [("children_id",), ("children_parent",)]
    assert built.undeclared == {"children": [
        {"columns": ["other"], "references": {"table": "parents", "columns": ["label"]}, "reason": sqlite.NOT_PRIMARY},
        {"columns": ["parent"], "references": {"table": "parents", "columns": ["nosuch"]}, "reason": sqlite.NOT_PRIMARY},
        {"columns": ["nosuch"], "references": {"table": "parents", "columns": ["id"]}, "reason": sqlite.NO_COLUMNS},
        {"columns": ["parent", "parent"], "references": {"table": "parents", "columns": ["id", "id"]}, "reason": sqlite.NO_COLUMNS},
        {"columns": ["parent"], "references": {"table": "missing", "columns": ["id"]}, "reason": sqlite.NO_PARENT},
        {"foreign_key": "parent", "reason": sqlite.NOT_A_KEY},
        {"foreign_key": _ref([["parent"]], "parents", ["id"]), "reason": sqlite.NOT_A_KEY},
        {"foreign_key": _ref([], "parents", []), "reason": sqlite.NOT_A_KEY},
    ]}
    metadata = sqlite.metadata({"name": "p"}, "p", {name: schema for name, (schema, _) in tables.items()}, built.undeclared)
    assert metadata["databases"]["p"]["tables"]["children"]["undeclared_foreign_keys"] == built.undeclared["children"]
    assert "undeclared_foreign_keys" not in metadata["databases"]["p"]["tables"]["parents"]


def test_a_key_the_rows_break_as_sqlite_compares_values_is_named_not_declared() -> None:
    """frictionless compares typed values; SQLite compares an INTEGER child with a TEXT parent as text, so 1 is not '01'."""
    tables = dict([
        _table("parents", {"id": "string"}, [{"id": "01"}], ["id"], []),
        _table("children", {"id": "string", "parent": "integer", "also": "string"}, [{"id": "x", "parent": 1, "also": "01"}], ["id"],
               [_ref(["parent"], "parents", ["id"]), _ref(["also"], "parents", ["id"])]),
    ])
    built = sqlite.database(tables)
    with _open(built.content) as connection:
        declared = connection.execute("SELECT \"from\" FROM pragma_foreign_key_list('children')").fetchall()
        assert connection.execute("SELECT parent, also FROM children").fetchall() == [(1, "01")]
    assert declared == [("also",)]
    assert built.undeclared == {"children": [
        {"columns": ["parent"], "references": {"table": "parents", "columns": ["id"]}, "reason": sqlite.BROKEN}]}


def test_an_index_whose_name_a_table_holds_is_left_out_and_the_key_still_declared() -> None:
    tables = dict([
        _table("a", {"id": "string"}, [], ["id"], []),
        _table("a_b", {"id": "string"}, [], ["id"], []),
        _table("a_b_id", {"id": "string"}, [], ["id"], [_ref(["id"], "a", ["id"])]),
        _table("a_b_id_id", {"id": "string"}, [], ["id"], []),
    ])
    tables["a_b"] = ({**tables["a_b"][0], "foreignKeys": [_ref(["id"], "a", ["id"])]}, [])
    with _open(sqlite.database(tables).content) as connection:
        indexes = connection.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").fetchall()
        declared = connection.execute("SELECT \"from\" FROM pragma_foreign_key_list('a_b') UNION ALL "
                                      "SELECT \"from\" FROM pragma_foreign_key_list('a_b_id')").fetchall()
    assert (indexes, declared) == ([], [("id",), ("id",)])  # a_b_id and a_b_id_id name tables


def test_names_sqlite_cannot_hold_are_said_before_anything_is_built() -> None:
    assert sqlite.unstorable({"extra": {"fields": [{"name": "a"}, {"name": "A"}]}}) == (
        "table 'extra' has columns 'a' and 'A', which SQLite does not tell apart; rename one")
    assert sqlite.unstorable({"extra": {"fields": [{"name": "é"}, {"name": "É"}]}}) is None  # SQLite folds ASCII only
    for name in ("claims_fts", "entities_fts_data", "sqlite_stat1"):
        assert sqlite.unstorable({name: {"fields": []}}) == (
            f"the table name {name!r} is reserved in the release's SQLite database; rename the resource")


def test_release_refuses_columns_sqlite_cannot_tell_apart(mini: Path) -> None:
    """A valid package with columns 'a' and 'A' made the release fail internally (duplicate column name, exit 3)."""
    (mini / "dataset" / "extra.csv").write_text("a,A\n1,2\n", encoding="utf-8")
    descriptor = json.loads((mini / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"].append({"name": "extra", "path": "dataset/extra.csv", "schema": {"fields": [{"name": "a"}, {"name": "A"}]}})
    (mini / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    result = CliRunner().invoke(app, ["release", "1.0.0", "--allow-dirty", "--dist", "out", "--changelog", "CHANGES.md"])
    assert (result.exit_code, result.output) == (
        1, "toolkit release: table 'extra' has columns 'a' and 'A', which SQLite does not tell apart; rename one\n")
    assert not (mini / "out").exists()
