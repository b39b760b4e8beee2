"""Which tables take the fast path: only what changes how rows are read or judged sends one to frictionless,
and whichever path each table takes, the problems are frictionless's."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import frictionless
import pytest

from toolkit.engine import fast
from toolkit.engine.package import load
from toolkit.engine.route import explain
from toolkit.engine.schema import _frictionless_problems, check_schema

SCHEMA = {"fields": [{"name": "id", "type": "integer", "constraints": {"required": True}},
                     {"name": "name", "type": "string", "constraints": {"maxLength": 5}},
                     {"name": "kind", "type": "string", "constraints": {"enum": ["a", "b"]}}],
          "primaryKey": ["id"]}
ROWS = "id,name,kind\n1,ann,a\n2,bob,c\n2,carolyn,b\nx,,a\n"


def package(root: Path, resources: list[dict[str, Any]], files: dict[str, bytes], **metadata: Any) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (root / name).write_bytes(content)
    (root / "datapackage.json").write_text(json.dumps({"name": "routed", **metadata, "resources": resources}), encoding="utf-8")
    return root / "datapackage.json"


def table(name: str = "people", **keys: Any) -> dict[str, Any]:
    return {"name": name, "path": f"{name}.csv", "schema": SCHEMA, **keys}


def paths(path: Path) -> dict[str, str]:
    return fast.check(load(path, read=False)).paths


def same_as_frictionless(path: Path) -> list[Any]:
    """The toolkit's schema problems, asserted equal to frictionless's on the whole package."""
    found = sorted(check_schema(load(path, read=False)), key=repr)
    assert found == sorted(_frictionless_problems(load(path)), key=repr)
    return found


@pytest.mark.parametrize("metadata", [
    {"licenses": [{"name": "ODC-PDDL-1.0", "title": "Open Data Commons", "path": "https://opendatacommons.org/", "id": "x"}]},
    {"collection": "x", "views": [{"name": "v"}], "last_updated": "2020-01-01", "has_solutions": False,
     "sources": [{"title": "s", "web": "https://example.org"}], "contributors": [{"title": "A", "role": "author"}]},
])
def test_package_metadata_never_declines(tmp_path: Path, metadata: dict[str, Any]) -> None:
    resource = table(encoding="utf-8", mediatype="text/csv", sources=[{"title": "t"}], count_of_rows=4, scheme="file",
                     schema={**SCHEMA, "title": "People", "x-origin": "survey",
                             "fields": [{**f, "unit": "none", "example": "1"} for f in SCHEMA["fields"]]})
    path = package(tmp_path, [resource], {"people.csv": ROWS.encode()}, **metadata)
    assert paths(path) == {"people": "fast"}
    assert {p.code for p in same_as_frictionless(path)} == {"primary-key", "constraint-error", "type-error"}


def test_undeclared_utf8_is_read_fast(tmp_path: Path) -> None:
    path = package(tmp_path, [table()], {"people.csv": (ROWS + "3,zoë,b\n").encode()})
    assert paths(path) == {"people": "fast"}
    same_as_frictionless(path)


def test_undeclared_bytes_frictionless_reads_otherwise_are_declined(tmp_path: Path) -> None:
    latin = ("id,name,kind\n" + "".join(f"{i},Zoë,a\n" for i in range(40))).encode("latin-1")
    path = package(tmp_path, [table()], {"people.csv": latin})
    assert paths(path)["people"].startswith("frictionless detects its encoding as ")
    same_as_frictionless(path)


@pytest.mark.parametrize(("declared", "wrong"), [("md5", False), ("md5", True), ("sha256", True), ("bare", True), ("sha1", True)])
def test_declared_hash_and_size_are_checked_while_reading(tmp_path: Path, declared: str, wrong: bool) -> None:
    content = ROWS.encode()
    algorithm = "md5" if declared == "bare" else declared
    digest = hashlib.new(algorithm, content + (b"!" if wrong else b"")).hexdigest()
    written = digest if declared == "bare" else f"{algorithm}:{digest}"
    path = package(tmp_path, [table(hash=written, bytes=len(content) + wrong)], {"people.csv": content})
    assert paths(path) == {"people": "fast"}
    counts = [(p.code, p.line, p.message) for p in same_as_frictionless(path) if p.code in ("byte-count", "hash-count")]
    assert len(counts) == (0 if not wrong else 1 if declared == "sha1" else 2)  # frictionless ignores sha1


@pytest.mark.parametrize(("dialect", "content"), [
    ({"delimiter": ";"}, ROWS.replace(",", ";")),
    ({}, ROWS.replace(",", ";")),  # sniffed
    ({}, ROWS.replace(",", "\t")),
    ({"delimiter": "|", "quoteChar": "'", "doubleQuote": True, "lineTerminator": "\r\n", "caseSensitiveHeader": False},
     "id|name|kind\r\n1|'a|b'|a\r\n2|'it''s'|b\r\n3|\"q\"|c\r\n"),
    ({"skipInitialSpace": False}, "id,name,kind\n1, ann,a\n"),
    ({"header": True, "csvddfVersion": 1.2}, ROWS),
])
def test_declared_and_sniffed_dialects_are_read_fast(tmp_path: Path, dialect: dict[str, Any], content: str) -> None:
    path = package(tmp_path, [table(dialect=dialect)], {"people.csv": content.encode()})
    assert paths(path) == {"people": "fast"}
    same_as_frictionless(path)


@pytest.mark.parametrize(("resource", "reason"), [
    (table(dialect={"header": False}), 'its dialect declares "header": False'),
    (table(dialect={"commentChar": "#"}), 'its dialect declares "commentChar": \'#\''),
    (table(compression="gz"), "it is not a CSV table with a schema (another format, compressed, or no schema): frictionless alone reads it"),
    (table(dialect={"quoteChar": ""}), "its quote character '' is not one ASCII character"),  # frictionless fails on it
    (table(encoding="latin-1"), "its encoding is 'latin-1', not UTF-8"),
])
def test_what_changes_reading_declines_with_a_reason(tmp_path: Path, resource: dict[str, Any], reason: str) -> None:
    path = package(tmp_path, [resource], {"people.csv": ROWS.encode()})
    assert paths(path) == {"people": reason}


def test_a_table_is_declined_alone_unless_keys_join_it(tmp_path: Path) -> None:
    """`sizes` has a field with its own missing values, which the fast path does not model; `owners` refers to it, so both go to
    frictionless; `people` is joined to neither and is read fast. The problems are frictionless's."""
    sizes = {"name": "sizes", "path": "sizes.csv", "schema": {
        "fields": [{"name": "id", "type": "string"}, {"name": "size", "type": "number", "constraints": {"minimum": 0}, "missingValues": ["-"]}],
        "primaryKey": ["id"]}}
    owners = {"name": "owners", "path": "owners.csv", "schema": {
        "fields": [{"name": "size_id", "type": "string"}],
        "foreignKeys": [{"fields": ["size_id"], "reference": {"resource": "sizes", "fields": ["id"]}}]}}
    files = {"people.csv": ROWS.encode(), "sizes.csv": b"id,size\na,1\nb,-2\n", "owners.csv": b"size_id\na\nz\n"}
    path = package(tmp_path, [table(), sizes, owners], files)
    routes = paths(path)
    assert routes["people"] == "fast"
    assert routes["sizes"] == 'field "size" declares its own missing values'
    assert routes["owners"] == 'its foreign keys join it to table "sizes", which frictionless judges'
    found = same_as_frictionless(path)
    assert {(Path(p.file).name, p.code) for p in found} >= {("sizes.csv", "constraint-error"), ("owners.csv", "foreign-key"),
                                                            ("people.csv", "primary-key")}


def test_a_file_resource_is_skipped_but_its_size_and_hash_are_checked(tmp_path: Path) -> None:
    """Frictionless reads a .txt resource as a file: no rows, only its declared bytes and hash."""
    notes = {"name": "notes", "path": "notes.txt", "bytes": 3, "hash": hashlib.md5(b"hello\n").hexdigest()}
    path = package(tmp_path, [table(), notes], {"people.csv": ROWS.encode(), "notes.txt": b"hello\n"})
    loaded = load(path, read=False)
    loaded.problems.clear()  # the loader's own view of a schema-less resource is the descriptor check's to give
    checked = fast.check(loaded)
    assert checked.paths == {"people": "fast"}
    report = frictionless.validate(str(path))
    expected = [(e.type, e.note) for task in report.tasks if task.name == "notes" for e in task.errors]
    assert expected == [("byte-count", 'expected is "3" and actual is "6"')]
    assert [(p.code, p.file, p.line, p.field) for p in checked.problems if p.file.endswith("notes.txt")] == [
        ("byte-count", str(tmp_path / "notes.txt"), None, "bytes")]


def test_a_resource_only_frictionless_reads_is_judged_by_it_while_the_tables_take_the_fast_path(tmp_path: Path) -> None:
    """A release's Parquet and JSON files (type "file" or "json", formats frictionless does not read as rows): their
    declared bytes and hash were checked by nobody when the tables took the fast path."""
    resources = [table(), {"name": "people-parquet", "path": "people.parquet", "type": "file", "bytes": 3},
                 {"name": "people-json", "path": "people.json", "type": "json", "bytes": 2}]
    path = package(tmp_path, resources, {"people.csv": ROWS.encode(), "people.parquet": b"PAR1", "people.json": b"[]"})
    assert explain(path) == ["people: fast path", f"people-parquet: frictionless, because {fast.NOT_A_TABLE}",
                             f"people-json: frictionless, because {fast.NOT_A_TABLE}"]
    found = same_as_frictionless(path)
    assert [(Path(p.file).name, p.code, p.field) for p in found if not p.file.endswith("people.csv")] == [
        ("people.parquet", "byte-count", "bytes")]


def test_explain_names_each_tables_path(tmp_path: Path) -> None:
    import subprocess
    import sys

    sizes = {"name": "sizes", "path": "sizes.csv", "schema": {"fields": [{"name": "id", "type": "string", "missingValues": ["-"]}]}}
    path = package(tmp_path, [table(), sizes], {"people.csv": ROWS.encode(), "sizes.csv": b"id\na\n"})
    assert explain(path) == ["people: fast path", 'sizes: frictionless, because field "id" declares its own missing values']
    one = package(tmp_path / "one", [table()], {"people.csv": ROWS.encode()})
    done = subprocess.run([str(Path(sys.executable).parent / "toolkit"), "validate", "--explain", str(one)], capture_output=True, text=True, check=False)
    assert (done.returncode, done.stderr) == (1, "people: fast path\n")


def test_explain_reads_no_table_of_an_invalid_descriptor_and_sends_values_beyond_the_fast_path_to_frictionless(tmp_path: Path) -> None:
    """Both made `validate --explain` fail internally (exit 3) where `validate` alone reported them."""
    broken = {"name": "people", "path": "people.csv", "schema": {**SCHEMA, "foreignKeys": [{"fields": ["id"], "reference": None}]}}
    assert explain(package(tmp_path / "a", [broken], {"people.csv": ROWS.encode()})) == ["no table is read: the descriptor is invalid"]
    huge = {**SCHEMA, "fields": [SCHEMA["fields"][0], {"name": "name", "type": "string", "constraints": {"maxLength": 2**63}}, SCHEMA["fields"][2]]}
    path = package(tmp_path / "b", [table(schema=huge)], {"people.csv": ROWS.encode()})
    assert explain(path) == ["people: frictionless, because the fast path cannot model a value of the schemas"]


def test_a_bare_foreign_key_is_judged_as_frictionless_completes_it_not_an_internal_error(tmp_path: Path) -> None:
    """frictionless reads {"x": 1} in foreignKeys as a key with no fields into the table itself; the fast path's
    grouping of tables by their keys failed on it (KeyError: 'reference', exit 3 from every command)."""
    path = package(tmp_path, [table(schema={**SCHEMA, "foreignKeys": [{"x": 1}]})], {"people.csv": ROWS.encode()})
    assert paths(path) == {"people": "a foreign key refers to no table this path reads"}
    assert [(p.code, p.line, p.field) for p in same_as_frictionless(path)] == [
        ("constraint-error", 3, "kind"), ("constraint-error", 4, "name"), ("primary-key", 4, "id"), ("primary-key", 5, "id"),
        ("type-error", 5, "id")]  # the rows' own problems, no more


@pytest.mark.parametrize("visits", [
    {"data": [{"person": 1}, {"person": 9}]},  # inline data, as frictionlessdata/frictionless-r has it
    {"path": ["visits-1.csv", "visits-2.csv"]},  # a path in two parts
], ids=["inline", "multipart"])
def test_a_table_referred_to_by_a_resource_only_frictionless_reads_goes_with_it(tmp_path: Path, visits: dict[str, Any]) -> None:
    """frictionless needs the referenced table to check the key: handed the referring resource alone, it said
    the table did not exist, and the key's real violation went unreported."""
    schema = {"fields": [{"name": "person", "type": "integer"}],
              "foreignKeys": [{"fields": "person", "reference": {"resource": "people", "fields": "id"}}]}
    files = {"people.csv": b"id,name,kind\n1,ann,a\n", "visits-1.csv": b"person\n1\n", "visits-2.csv": b"person\n9\n"}
    path = package(tmp_path, [table(), {"name": "visits", **visits, "schema": schema}], files)
    assert paths(path)["people"] == 'a foreign key of "visits", which frictionless alone reads, refers to it'
    found = same_as_frictionless(path)
    assert [(p.code, p.field, p.value) for p in found] == [("foreign-key", "person", "9")]
