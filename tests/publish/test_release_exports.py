"""The real dataset's release, opened as analysts open it: pandas, DuckDB, sqlite3, frictionless."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import duckdb
import frictionless
import pandas as pd
import pyarrow as pa
import pytest
from releasing import ROOT

from toolkit.engine.package import TABLES

ARROW = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "date": pa.date32(), "boolean": pa.bool_()}
DUCKDB = {"string": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE", "date": "DATE", "boolean": "BOOLEAN"}


def _schemas(release: Path) -> dict[str, dict[str, Any]]:
    descriptor = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    return {r["name"]: r["schema"] for r in descriptor["resources"] if "schema" in r}


def test_every_file_is_a_resource_with_its_size_and_hash(released: Path) -> None:
    descriptor = json.loads((released / "datapackage.json").read_text(encoding="utf-8"))
    listed = {r["path"]: (r["bytes"], r["hash"]) for r in descriptor["resources"]}
    files = {p.relative_to(released).as_posix(): p.read_bytes() for p in released.rglob("*") if p.is_file()}
    assert set(listed) == set(files) - {"datapackage.json", "SHA256SUMS"}
    assert listed == {p: (len(c), f"sha256:{hashlib.sha256(c).hexdigest()}") for p, c in files.items() if p in listed}
    assert all(r["licenses"] == descriptor["licenses"] for r in descriptor["resources"])


def test_frictionless_accepts_the_release_and_catches_a_changed_file(released: Path, tmp_path: Path) -> None:
    assert frictionless.validate(str(released / "datapackage.json")).valid
    copy = tmp_path / "copy"
    subprocess.run(["cp", "-r", str(released), str(copy)], check=True)
    parquet = copy / "parquet" / "facts.parquet"
    parquet.write_bytes(parquet.read_bytes()[:-9] + b"X" + parquet.read_bytes()[-8:])
    report = frictionless.validate(str(copy / "datapackage.json"))
    assert [(task.name, [e.type for e in task.errors]) for task in report.tasks if not task.valid] == [("parquet-facts.parquet", ["hash-count"])]


def test_json_has_whole_numbers_as_integers_and_keys_in_column_order(released: Path) -> None:
    schemas = _schemas(released)
    for name in TABLES:
        rows = json.loads((released / "json" / f"{name}.json").read_text(encoding="utf-8"))
        assert all(list(row) == [f["name"] for f in schemas[name]["fields"]] for row in rows), name
    claims = json.loads((released / "json" / "claims.json").read_text(encoding="utf-8"))
    values = [c["value"] for c in claims if c["value"] is not None]
    assert 450 in values and 30_000_000 in values
    assert not any(isinstance(v, float) and v.is_integer() for v in values)
    assert '"value": 450,' in (released / "json" / "claims.json").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", TABLES)
def test_pandas_loads_parquet_csv_and_json_with_the_schemas_types(released: Path, name: str) -> None:
    fields = _schemas(released)[name]["fields"]
    expected = {f["name"]: pd.ArrowDtype(ARROW[f["type"]]) for f in fields}
    parquet = pd.read_parquet(released / "parquet" / f"{name}.parquet", dtype_backend="pyarrow")
    assert dict(parquet.dtypes) == expected  # no types given: the file carries them, empty columns included
    as_csv = pd.read_csv(released / "csv" / f"{name}.csv", dtype=expected)
    rows = json.loads((released / "json" / f"{name}.json").read_text(encoding="utf-8"))
    as_json = pd.DataFrame(rows, columns=list(expected), dtype=object).astype(expected)  # as written, then typed (an empty column stays a date)
    for frame in (as_csv, as_json):
        assert dict(frame.dtypes) == expected
        pd.testing.assert_frame_equal(frame, parquet)


@pytest.mark.parametrize("name", TABLES)
def test_duckdb_loads_parquet_csv_and_json_with_the_schemas_types(released: Path, name: str) -> None:
    fields = _schemas(released)[name]["fields"]
    columns = {f["name"]: DUCKDB[f["type"]] for f in fields}
    parquet = duckdb.sql(f"SELECT * FROM read_parquet('{released}/parquet/{name}.parquet')")
    assert dict(zip(parquet.columns, map(str, parquet.types))) == columns
    spec = "{" + ", ".join(f"'{k}': '{v}'" for k, v in columns.items()) + "}"
    as_csv = duckdb.sql(f"SELECT * FROM read_csv('{released}/csv/{name}.csv', header = true, columns = {spec})")
    as_json = duckdb.sql(f"SELECT * FROM read_json('{released}/json/{name}.json', columns = {spec})")
    for relation in (as_csv, as_json):
        assert dict(zip(relation.columns, map(str, relation.types))) == columns
        assert relation.fetchall() == parquet.fetchall()


def test_sqlite_keys_hold_and_the_shell_accepts_the_database(released: Path) -> None:
    database = released / "sqlite" / "tech-ice-coverage.db"
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        counts = {name: connection.execute(f"SELECT count(*) FROM {name}").fetchone()[0] for name in TABLES}
        foreign = connection.execute("SELECT * FROM pragma_foreign_key_list('claims') ORDER BY id").fetchall()
        indexes = {row[1] for row in connection.execute("PRAGMA index_list('claims')")}
    assert counts == {name: len(json.loads((released / "json" / f"{name}.json").read_text(encoding="utf-8"))) for name in TABLES}
    assert {(row[2], row[3]) for row in foreign} == {("articles", "article_id"), ("entities", "subject_id"), ("entities", "speaker_id"),
                                                    ("entities", "object_id"), ("facts", "fact_id")}
    assert {"claims_article_id", "claims_fact_id", "claims_subject_id", "claims_speaker_id", "claims_object_id"} <= indexes
    shell = subprocess.run(["sqlite3", "-readonly", str(database), ("PRAGMA integrity_check; PRAGMA foreign_key_check;"
                            "SELECT c.claim_id FROM claims_fts JOIN claims c ON c.rowid = claims_fts.rowid "
                            "WHERE claims_fts MATCH 'signed' ORDER BY 1 LIMIT 2;")], capture_output=True, text=True, check=True)
    assert shell.stdout.splitlines()[0] == "ok"
    assert len(shell.stdout.splitlines()) == 3


def test_which_articles_disagree_on_the_number_of_signatories_with_their_exact_spans(released: Path) -> None:
    query = """
        SELECT a.article_id, c.value, c.qualifier, c.start, c."end", c.text
        FROM claims AS c JOIN articles AS a USING (article_id) JOIN facts AS f USING (fact_id)
        WHERE f.fact_id = 'signatory-count'
          AND (SELECT count(DISTINCT value) FROM claims WHERE fact_id = f.fact_id) > 1
        ORDER BY a.article_id, c.start
    """
    with sqlite3.connect(released / "sqlite" / "tech-ice-coverage.db") as connection:
        rows = connection.execute(query).fetchall()
    assert sorted({row[1] for row in rows}) == [400.0, 450.0, 800.0]
    assert len({row[0] for row in rows}) == 4
    for article_id, _, _, start, end, text in rows:
        source = (ROOT / "dataset" / "sources" / f"{article_id}.txt").read_text(encoding="utf-8")
        assert source[start:end] == text


def test_full_text_search_finds_entities_by_name(released: Path) -> None:
    with sqlite3.connect(released / "sqlite" / "tech-ice-coverage.db") as connection:
        found = connection.execute("SELECT e.entity_id FROM entities_fts JOIN entities e ON e.rowid = entities_fts.rowid "
                                   "WHERE entities_fts MATCH 'name: Pretti'").fetchall()
    assert found == [("alex-pretti",)]


def test_datasette_metadata_describes_every_table_and_column_from_the_schemas(released: Path) -> None:
    metadata = json.loads((released / "sqlite" / "metadata.json").read_text(encoding="utf-8"))
    tables = metadata["databases"]["tech-ice-coverage"]["tables"]
    for name, schema in _schemas(released).items():
        assert tables[name]["description"] == schema["description"]
        assert tables[name]["columns"] == {f["name"]: f["description"] for f in schema["fields"]}
    assert (tables["claims"]["fts_table"], tables["entities"]["fts_table"]) == ("claims_fts", "entities_fts")
    assert metadata["license_url"] == "https://creativecommons.org/licenses/by/4.0/"
