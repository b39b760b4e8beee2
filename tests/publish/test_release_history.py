"""Previous releases come from git history: any clone can release, diff against a version, and rebuild one."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pyarrow
import pytest
from conftest import edit_table, set_cell
from releasing import commit, git
from typer.testing import CliRunner

from toolkit.cli import app
from toolkit.publish.rebuild import rebuild
from toolkit.publish.release import FORMAT_CHANGES, publish


def _invoke(*args: str) -> tuple[int, str]:
    done = CliRunner().invoke(app, list(args))
    return done.exit_code, done.output


def _add_fact(root: Path) -> None:
    edit_table(root, "facts", lambda rows: rows.append({"fact_id": "who-organised", "question": "Who organised it?", "answer_kind": "entity",
                                                        "changes_over_time": "", "notes": ""}))


def test_a_clone_without_dist_releases_against_the_version_its_changelog_recorded(stamped: Path, tmp_path: Path) -> None:
    assert _invoke("release", "1.0.0")[0] == 0
    commit(stamped, "Release 1.0.0")
    _add_fact(stamped)
    commit(stamped, "A fact")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(stamped), str(clone))
    shutil.copytree(stamped / "schema", clone / "schema", dirs_exist_ok=True)
    done = CliRunner().invoke(app, ["release", "--bump", "minor", "--package", str(clone / "datapackage.json"),
                                    "--dist", str(clone / "dist"), "--changelog", str(clone / "CHANGELOG.md")])
    assert done.exit_code == 0, done.output
    assert done.output.splitlines()[0] == "the changes since the previous release call for a minor version bump"
    section = (clone / "CHANGELOG.md").read_text(encoding="utf-8").split("## [1.1.0]")[1].split("## [1.0.0]")[0]
    assert "- facts: 1 added, 0 changed, 0 removed" in section


def test_a_tag_names_the_previous_version(stamped: Path) -> None:
    """No changelog history: the tag v1.0.0 is the previous release."""
    (stamped / "CHANGELOG.md").write_text("# Changelog\n\n## Unreleased\n\n## [1.0.0] - 2026-01-26\n\nFirst.\n", encoding="utf-8")
    git(stamped, "tag", "v1.0.0")
    _add_fact(stamped)
    commit(stamped, "A fact and the changelog, in one commit")
    done = publish(Path("datapackage.json"), None, "patch", stamped / "dist", stamped / "CHANGELOG.md", force=True)
    assert done.delta is not None
    assert done.delta.bump() == "minor"


def test_a_missing_previous_release_says_where_it_was_looked_for(stamped: Path) -> None:
    (stamped / "CHANGELOG.md").write_text("# Changelog\n\n## [1.0.0] - 2026-01-26\n", encoding="utf-8")
    git(stamped, "add", "-A")
    code, output = _invoke("release", "--bump", "minor")
    assert code == 1
    assert "work tree has uncommitted changes (CHANGELOG.md)" in output


def test_diff_reads_a_git_revision(stamped: Path) -> None:
    first = commit(stamped, "Before")
    git(stamped, "tag", "v1.0.0")
    set_cell(stamped, "facts", 0, "notes", "Corrected.")
    commit(stamped, "After")
    for old in ("v1.0.0", first, first[:10], "HEAD~1"):
        code, output = _invoke("diff", old, "datapackage.json")
        assert (code, output) == (0, ("facts: 0 added, 1 changed, 0 removed\n  ~ signatory-count: notes None -> 'Corrected.'\n"
                                     "bump needed: patch\n")) or "Corrected." in output, old
    assert _invoke("diff", "v1.0.0", "HEAD")[0] == 0


@pytest.mark.parametrize("old", ["no-such-tag", "--output=/tmp/x", "v9.9.9"])
def test_diff_of_an_unknown_revision_is_a_clear_error(stamped: Path, old: str) -> None:
    code, output = _invoke("diff", "--", old, "datapackage.json")
    assert code == 1
    assert f"{old!r} is neither a file nor a revision (tag, branch, commit)" in output


def test_uncommitted_changes_are_refused_unless_allowed(stamped: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    set_cell(stamped, "facts", 0, "notes", "Not committed.")
    code, output = _invoke("release", "1.0.0")
    assert code == 1
    assert "uncommitted changes (dataset/facts.csv); commit them" in output
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert _invoke("release", "1.0.0", "--allow-dirty")[0] == 0
    descriptor = json.loads((stamped / "dist/mini-1.0.0/datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["build"] == {"commit": git(stamped, "rev-parse", "HEAD").strip(), "dirty": True, "format": 2,
                                   "pyarrow": pyarrow.__version__, "sqlite": sqlite3.sqlite_version,
                                   "note": "built from a work tree with uncommitted changes: the files are not those of the commit"}
    assert descriptor["created"] != "2026-01-26T00:00:00Z"  # not the last commit's time


def test_a_clean_release_records_its_commit_and_checksums(stamped: Path) -> None:
    head = git(stamped, "rev-parse", "HEAD").strip()
    assert _invoke("release", "1.0.0")[0] == 0
    descriptor = json.loads((stamped / "dist/mini-1.0.0/datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["build"] == {"commit": head, "dirty": False, "format": 2, "pyarrow": pyarrow.__version__, "sqlite": sqlite3.sqlite_version}
    text = (stamped / "CHANGELOG.md").read_text(encoding="utf-8")
    assert (f"Built from commit `{head}` at `2026-01-26T00:00:00Z`, release format 2, pyarrow {pyarrow.__version__}, "
            f"SQLite {sqlite3.sqlite_version}.") in text
    sums = (stamped / "dist/mini-1.0.0/SHA256SUMS").read_text(encoding="ascii")
    assert all(line in text for line in sums.splitlines())
    assert "  mini-1.0.0.zip\n" in text


def test_rebuild_reproduces_the_recorded_checksums(stamped: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _invoke("release", "1.0.0")[0] == 0
    commit(stamped, "Release 1.0.0")
    set_cell(stamped, "facts", 0, "notes", "Later work.")
    commit(stamped, "Later work")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    code, output = _invoke("release", "--rebuild", "v1.0.0")
    lines = output.splitlines()
    count = len((stamped / "dist/mini-1.0.0/SHA256SUMS").read_text(encoding="ascii").splitlines()) + 2  # with SHA256SUMS and the zip
    assert (code, lines[0].split(" into ")[0], lines[1]) == (0, f"rebuilt 1.0.0 from commit {git(stamped, 'rev-parse', 'HEAD~2')[:12]}",
                                                           f"reproduced: all {count} files match the recorded SHA-256")
    rebuilt = Path(lines[0].split(" into ")[1])
    assert (rebuilt / "datapackage.json").read_bytes() == (stamped / "dist/mini-1.0.0/datapackage.json").read_bytes()
    assert not (stamped / "dist/mini-1.0.0").samefile(rebuilt)


def test_rebuild_says_which_files_differ_and_why(stamped: Path) -> None:
    assert _invoke("release", "1.0.0")[0] == 0
    text = (stamped / "CHANGELOG.md").read_text(encoding="utf-8")
    text = text.replace("release format 2,", "release format 1,")
    digest = (stamped / "dist/mini-1.0.0/SHA256SUMS").read_text(encoding="ascii").split("  json/facts.json")[0].split("\n")[-1]
    (stamped / "CHANGELOG.md").write_text(text.replace(digest, "0" * 64), encoding="utf-8")
    commit(stamped, "Release 1.0.0, as if cut by an older toolkit")
    outcome = rebuild(Path("datapackage.json"), "1.0.0", Path("CHANGELOG.md"))
    assert outcome.differing == ["json/facts.json"]
    assert outcome.reasons == [f"release format 2: {FORMAT_CHANGES[2]}"]
    assert _invoke("release", "--rebuild", "1.0.0")[0] == 1


def test_rebuild_of_a_version_cut_before_checksums_were_recorded(stamped: Path) -> None:
    (stamped / "CHANGELOG.md").write_text("# Changelog\n\n## [1.0.0] - 2026-01-26\n\nFirst.\n", encoding="utf-8")
    head = commit(stamped, "Release 1.0.0 of the curated dataset")
    code, output = _invoke("release", "--rebuild", "1.0.0")
    assert code == 1
    assert output.splitlines()[0].startswith(f"rebuilt 1.0.0 from commit {head[:12]} into ")
    assert output.splitlines()[1] == ("why: no checksums were recorded for 1.0.0: it was cut before release format 2; "
                                      "compare the files with a download")
    assert not (stamped / "dist").exists()
