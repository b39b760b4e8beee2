"""Releases: deterministic bytes, checksums, no overwrite, no invalid data, no half-written output."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import zipfile
from pathlib import Path

import frictionless
import jsonschema
import pytest
from conftest import edit_table, set_cell
from typer.testing import CliRunner

from toolkit.publish import release as release_module
from toolkit.cli import app
from toolkit.publish.release import InvalidData, ReleaseError, publish
from toolkit.validate import validate

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "mini-1.0.0"
EPOCH = "1769385600"  # 2026-01-26T00:00:00Z


GIT_ENV = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org", "GIT_COMMITTER_NAME": "Test",
           "GIT_COMMITTER_EMAIL": "test@example.org", "GIT_AUTHOR_DATE": "2026-01-26T00:00:00Z",
           "GIT_COMMITTER_DATE": "2026-01-26T00:00:00Z", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, env={**os.environ, **GIT_ENV}, check=True, capture_output=True, text=True).stdout


def commit(root: Path, message: str = "Edit") -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", message)
    return git(root, "rev-parse", "HEAD").strip()


@pytest.fixture
def stamped(mini: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The mini package in a git repository of its own, with one commit at a fixed time."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    (mini / ".gitignore").write_text("dist/\n", encoding="utf-8")
    git(mini, "init", "-q", "-b", "main")
    commit(mini, "Mini package")
    return mini


def _publish(root: Path, version: str = "1.0.0", dist: str = "dist", **options: object) -> Path:
    target = publish(Path("datapackage.json"), version, None, root / dist, root / "CHANGELOG.md", **options).target  # type: ignore[arg-type]
    commit(root, f"Release {version}")
    return target


def _tree(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def test_release_matches_golden_files(stamped: Path) -> None:
    target = _publish(stamped)
    assert target == stamped / "dist" / "mini-1.0.0"
    assert _tree(target) == _tree(GOLDEN)


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


def test_diff_reads_a_release_zip(stamped: Path) -> None:
    from toolkit.publish.diff import diff

    target = _publish(stamped)
    set_cell(stamped, "facts", 0, "notes", "Corrected.")
    delta = diff(target.parent / "mini-1.0.0.zip", Path("datapackage.json"))
    assert delta.to_dict()["tables"]["facts"] == [
        {"op": "MOD", "key": {"fact_id": "signatory-count"}, "changes": {"notes": {"old": "", "new": "Corrected."}}}
    ]
    assert delta.bump() == "patch"
