"""Releases: deterministic bytes, checksums, no overwrite, no invalid data, no half-written output."""

from __future__ import annotations

import hashlib
import io
import json
import re
import sqlite3
import tempfile
import zipfile
from pathlib import Path

import frictionless
import jsonschema
import pyarrow.parquet as pq
import pytest
from conftest import edit_table, set_cell
from releasing import EPOCH, commit
from typer.testing import CliRunner

from toolkit.cli import app
from toolkit.publish import release as release_module
from toolkit.publish.release import InvalidData, ReleaseError, publish, zip_bytes
from toolkit.validate import validate

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "mini-1.0.0"


def _publish(root: Path, version: str = "1.0.0", dist: str = "dist", **options: object) -> Path:
    target = publish(Path("datapackage.json"), version, None, root / dist, root / "CHANGELOG.md", **options).target  # type: ignore[arg-type]
    commit(root, f"Release {version}")
    return target


def _tree(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


BINARY = re.compile(r"\.(parquet|db)$")


def _portable(tree: dict[str, bytes]) -> dict[str, object]:
    """The release with what pyarrow's and SQLite's versions decide left out: Parquet and SQLite files by content,
    and their sizes and hashes masked where other files list them. Every other byte is compared."""
    portable: dict[str, object] = {}
    for path, content in tree.items():
        if path.endswith(".parquet"):
            table = pq.read_table(io.BytesIO(content))
            portable[path] = (str(table.schema), table.to_pylist())
        elif path.endswith(".db"):
            with tempfile.NamedTemporaryFile(suffix=".db") as copy:
                copy.write(content)
                copy.flush()
                portable[path] = list(sqlite3.connect(copy.name).iterdump())
        elif path == "datapackage.json":
            descriptor = json.loads(content)
            descriptor["build"].update(pyarrow="*", sqlite="*")
            for resource in descriptor["resources"]:
                if BINARY.search(resource["path"]):
                    resource.update(bytes="*", hash="*")
            portable[path] = descriptor
        elif path == "SHA256SUMS":
            portable[path] = [line if not BINARY.search(line) else line.split("  ")[1] for line in content.decode().splitlines()]
        else:
            portable[path] = content
    return portable


def test_release_matches_golden_files(stamped: Path) -> None:
    target = _publish(stamped)
    assert target == stamped / "dist" / "mini-1.0.0"
    assert _portable(_tree(target)) == _portable(_tree(GOLDEN))


def test_two_builds_are_byte_identical(stamped: Path) -> None:
    first = publish(Path("datapackage.json"), "1.0.0", None, stamped / "dist/a", stamped / "CHANGELOG.md").target
    (stamped / "CHANGELOG.md").unlink()  # the same commit, built again
    second = publish(Path("datapackage.json"), "1.0.0", None, stamped / "dist/b", stamped / "CHANGELOG.md").target
    assert _tree(first) == _tree(second)
    assert (stamped / "dist/a/mini-1.0.0.zip").read_bytes() == (stamped / "dist/b/mini-1.0.0.zip").read_bytes()


def test_zip_holds_the_directory(stamped: Path) -> None:
    target = _publish(stamped)
    with zipfile.ZipFile(target.parent / "mini-1.0.0.zip") as archive:
        assert {name: archive.read(name) for name in archive.namelist()} == {
            f"mini-1.0.0/{path}": content for path, content in _tree(target).items()
        }


def test_checksums_cover_every_file(stamped: Path) -> None:
    target = _publish(stamped)
    listed = {}
    for line in (target / "SHA256SUMS").read_text(encoding="ascii").splitlines():
        digest, path = line.split("  ")
        listed[path] = digest
    files = {p: hashlib.sha256(c).hexdigest() for p, c in _tree(target).items() if p != "SHA256SUMS"}
    assert listed == files


def test_release_validates_with_stock_frictionless(stamped: Path) -> None:
    target = _publish(stamped)
    assert frictionless.validate(str(target / "datapackage.json")).valid


def test_json_files_agree_with_their_schemas(stamped: Path) -> None:
    target = _publish(stamped)
    for data in sorted((target / "json").glob("*.json")):
        schema = json.loads((target / "schema" / f"{data.stem}.schema.json").read_text(encoding="utf-8"))
        jsonschema.validate(json.loads(data.read_text(encoding="utf-8")), schema)


def test_nested_document_needs_no_joins(stamped: Path) -> None:
    document = json.loads((_publish(stamped) / "json" / "coverage.json").read_text(encoding="utf-8"))
    article = document["articles"][0]
    assert article["bylines"] == [{"entity_id": "jane-roe", "name": "Jane Roe", "entity_type": "person"}]
    claims = {c["claim_id"]: c for c in article["claims"]}
    assert claims["acme-count"]["entities"] == [{"entity_id": "acme-corp", "name": "Acme Corp", "entity_type": "organization"}]
    assert claims["acme-count"]["fact"] == {"fact_id": "signatory-count", "question": "How many workers signed the letter?"}
    assert [(f["fact_id"], f["status"], [c["claim_id"] for c in f["claims"]]) for f in document["facts"]] == [
        ("signatory-count", "single", ["acme-count"])
    ]


def test_release_validates_with_the_toolkit(stamped: Path) -> None:
    report = validate(_publish(stamped) / "datapackage.json")
    assert [(p.code, p.severity) for p in report.problems] == [("sources-absent", "warning")]
    assert report.valid()
    with_sources = validate(_publish(stamped, "2.0.0", force=True, with_sources=True) / "datapackage.json")
    assert with_sources.problems == ()


def test_sources_only_on_request(stamped: Path) -> None:
    assert not (_publish(stamped) / "dataset").exists()
    with_sources = _publish(stamped, "2.0.0", force=True, with_sources=True)
    assert (with_sources / "dataset/sources/acme-letter.txt").read_bytes() == (stamped / "dataset/sources/acme-letter.txt").read_bytes()


def test_refuses_to_overwrite(stamped: Path) -> None:
    target = _publish(stamped)
    before = _tree(target)
    (stamped / "CHANGELOG.md").unlink()
    commit(stamped, "Changelog lost")
    with pytest.raises(ReleaseError, match="already exists"):
        _publish(stamped)
    assert _tree(target) == before


def test_refuses_invalid_data(stamped: Path) -> None:
    set_cell(stamped, "claims", 0, "value", "400")
    with pytest.raises(InvalidData) as refused:
        _publish(stamped)
    assert [p.code for p in refused.value.report.problems] == ["quantity-value-mismatch"]
    assert not (stamped / "dist").exists()


def test_failed_write_leaves_nothing(stamped: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full_disk(*args: object) -> bytes:
        raise OSError("No space left on device")

    monkeypatch.setattr(release_module, "zip_bytes", full_disk)
    with pytest.raises(OSError):
        _publish(stamped)
    assert list((stamped / "dist").iterdir()) == []
    assert not (stamped / "CHANGELOG.md").exists()


def test_bump_must_match_the_changes(stamped: Path) -> None:
    _publish(stamped)
    assert (stamped / "CHANGELOG.md").read_text(encoding="utf-8").startswith("# Changelog\n\n## Unreleased\n\n## [1.0.0] - 2026-01-26\n")
    set_cell(stamped, "entities", 0, "description", "A fictional company.")
    commit(stamped)
    with pytest.raises(ReleaseError, match="not newer than 1.0.0"):
        _publish(stamped, "1.0.0")
    assert _publish(stamped, "1.0.1").name == "mini-1.0.1"
    edit_table(stamped, "bylines", lambda rows: rows.clear())
    commit(stamped)
    with pytest.raises(ReleaseError, match="call for a major release, not a minor one"):
        _publish(stamped, "1.1.0")
    assert _publish(stamped, "1.1.0", force=True).name == "mini-1.1.0"


def test_cli_release(stamped: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["release"]).exit_code == 2
    assert runner.invoke(app, ["release", "1.0.0", "--bump", "major"]).exit_code == 2
    done = runner.invoke(app, ["release", "--bump", "major"])
    assert done.exit_code == 0, done.output
    assert done.output == "released 1.0.0: dist/mini-1.0.0 and dist/mini-1.0.0.zip\n"
    again = runner.invoke(app, ["release", "not-a-version"])
    assert again.exit_code == 1
    assert "not a semantic version" in again.output
    set_cell(stamped, "facts", 0, "notes", "Corrected.")
    commit(stamped, "Release 1.0.0 and a correction")
    patch = runner.invoke(app, ["release", "--bump", "patch"])
    assert (patch.exit_code, patch.output) == (0, ("the changes since the previous release call for a patch version bump\n"
                                                   "released 1.0.1: dist/mini-1.0.1 and dist/mini-1.0.1.zip\n"))
    commit(stamped, "Release 1.0.1")
    same = runner.invoke(app, ["release", "--bump", "patch"])
    assert (same.exit_code, same.output) == (0, ("the data and its schemas are as in the previous release (only the files' format may differ)\n"
                                                 "released 1.0.2: dist/mini-1.0.2 and dist/mini-1.0.2.zip\n"))


def test_diff_reads_a_release_zip(stamped: Path) -> None:
    from toolkit.publish.diff import diff

    target = _publish(stamped)
    set_cell(stamped, "facts", 0, "notes", "Corrected.")
    delta = diff(target.parent / "mini-1.0.0.zip", Path("datapackage.json"))
    assert delta.to_dict()["tables"]["facts"] == [
        {"op": "MOD", "key": {"fact_id": "signatory-count"}, "changes": {"notes": {"old": None, "new": "Corrected."}}}
    ]
    assert delta.bump() == "patch"


def test_the_zip_of_the_golden_files_has_a_known_checksum() -> None:
    """Stored, not deflated: the same files give the same zip with any zlib (zlib-ng deflates differently)."""
    archive = zip_bytes(_tree(GOLDEN), "mini-1.0.0", int(EPOCH))
    recorded = (GOLDEN.parent / "mini-1.0.0.zip.sha256").read_text(encoding="ascii")
    assert f"{hashlib.sha256(archive).hexdigest()}  mini-1.0.0.zip\n" == recorded
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        assert {info.compress_type for info in opened.infolist()} == {zipfile.ZIP_STORED}


def test_validate_reads_a_release_zip_and_shows_paths_inside_it(stamped: Path) -> None:
    _publish(stamped)
    done = CliRunner().invoke(app, ["validate", "dist/mini-1.0.0.zip"])
    assert (done.exit_code, done.output.splitlines()[-1]) == (0, "dist/mini-1.0.0.zip/mini-1.0.0/datapackage.json: valid (0 errors, 1 warning)")
    assert done.output.startswith("dist/mini-1.0.0.zip/mini-1.0.0/csv/articles.csv warning sources-absent:")
    (stamped / "bad.zip").write_bytes((stamped / "dist/mini-1.0.0.zip").read_bytes()[:1000])
    done = CliRunner().invoke(app, ["validate", "bad.zip"])
    assert done.exit_code == 1
    assert done.output.startswith("bad.zip error archive-invalid: The zip archive cannot be used:")


def test_validate_finds_a_changed_table_of_a_release(stamped: Path) -> None:
    target = _publish(stamped)
    facts = target / "csv" / "facts.csv"
    facts.write_bytes(facts.read_bytes().replace(b"How many", b"How much"))
    report = validate(Path("dist/mini-1.0.0"))
    assert [(p.code, p.file) for p in report.errors()] == [("hash-count", "dist/mini-1.0.0/csv/facts.csv")]


def test_validate_finds_a_changed_parquet_file_of_a_release(stamped: Path) -> None:
    target = _publish(stamped)
    parquet = target / "parquet" / "claims.parquet"
    parquet.write_bytes(parquet.read_bytes() + b"\0")
    report = validate(Path("dist/mini-1.0.0"))
    assert [(p.code, p.file) for p in report.errors()] == [("byte-count", "dist/mini-1.0.0/parquet/claims.parquet"),
                                                          ("hash-count", "dist/mini-1.0.0/parquet/claims.parquet")]
