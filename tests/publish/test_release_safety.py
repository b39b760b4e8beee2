"""Releases write only inside dist/, together with their changelog section, one at a time, and fail with a message."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import edit_table
from releasing import commit
from typer.testing import CliRunner

from toolkit.cli import app
from toolkit.publish import staging
from toolkit.publish.changelog import ChangelogError
from toolkit.publish.release import publish


def _release(*args: str) -> tuple[int, str]:
    done = CliRunner().invoke(app, ["release", *args])
    return done.exit_code, done.output


def _commit_descriptor(stamped: Path, change: Callable[[dict[str, Any]], object]) -> None:
    """Change the package's descriptor and commit it, as a pull request would: releases are built from commits."""
    path = stamped / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change(descriptor)
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    commit(stamped)


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if ".git" not in p.parts}


@pytest.mark.parametrize("version", ["1.0.0\n", "", " 1.0.0", "1.0", "01.0.0", "1.0.0-rc1", "1.0.0/..", "V1.0.0", "1.0.0\x00"])
def test_versions_outside_the_grammar_are_refused(stamped: Path, version: str) -> None:
    code, output = _release(version)
    assert code == 1
    assert f"version {version!r} is not a semantic version like 1.2.3 or v1.2.3" in output
    assert not (stamped / "dist").exists()
    assert not (stamped / "CHANGELOG.md").exists()


def test_a_v_prefix_is_accepted(stamped: Path) -> None:
    assert _release("v1.2.0") == (0, "released 1.2.0: dist/mini-1.2.0 and dist/mini-1.2.0.zip\n")


@pytest.mark.parametrize("name", ["./../../../escaped", "../escaped", "a/b", "", "Escaped", "a\nb", "..", 7])
def test_a_package_name_cannot_leave_dist(stamped: Path, name: object) -> None:
    _commit_descriptor(stamped, lambda descriptor: descriptor.update(name=name))
    before = _files(stamped.parent.parent)
    code, output = _release("1.0.0")
    assert code == 1
    assert f"the package name {name!r} cannot name a release" in output
    assert _files(stamped.parent.parent) == before


def test_a_resource_name_cannot_name_files_outside(stamped: Path) -> None:
    _commit_descriptor(stamped, lambda descriptor: descriptor["resources"].append({**descriptor["resources"][0], "name": "../../escaped"}))
    code, output = _release("1.0.0")
    assert (code, output) == (1, ("toolkit release: resource name '../../escaped' cannot name a release file; "
                                 "use lower-case letters, digits and . _ -\n"))
    assert not (stamped / "dist").exists()


def test_duplicate_resource_names_stop_the_release(stamped: Path) -> None:
    _commit_descriptor(stamped, lambda descriptor: descriptor["resources"].append(descriptor["resources"][0]))
    code, output = _release("1.0.0")
    assert code == 1
    assert "resource name(s) 'entities' appear more than once" in output


def test_a_package_without_the_six_tables_is_refused_with_a_message(stamped: Path) -> None:
    def without_facts(descriptor: dict[str, Any]) -> None:
        descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] != "facts"]
        for resource in descriptor["resources"]:
            if resource["name"] == "claims":
                schema = json.loads((stamped / resource["schema"]).read_text(encoding="utf-8"))
                schema["foreignKeys"] = [fk for fk in schema["foreignKeys"] if fk["reference"]["resource"] != "facts"]
                resource["schema"] = schema

    _commit_descriptor(stamped, without_facts)
    code, output = _release("1.0.0")
    assert code == 1
    assert "lacks this dataset's table(s) facts" in output


def test_release_directories_are_0755_whatever_the_umask(stamped: Path) -> None:
    old = os.umask(0o077)
    try:
        target = publish(Path("datapackage.json"), "1.0.0", None, stamped / "dist", stamped / "CHANGELOG.md").target
    finally:
        os.umask(old)
    folders = [target, *(p for p in target.rglob("*") if p.is_dir())]
    assert {stat.S_IMODE(p.stat().st_mode) for p in folders} == {0o755}
    files = [p for p in target.rglob("*") if p.is_file()] + [target.parent / f"{target.name}.zip"]
    assert {stat.S_IMODE(p.stat().st_mode) for p in files} == {0o644}


def test_a_read_only_changelog_leaves_dist_without_the_version(stamped: Path) -> None:
    (stamped / "CHANGELOG.md").write_text("# Changelog\n\n## Unreleased\n\n", encoding="utf-8")
    (stamped / "CHANGELOG.md").chmod(0o444)
    commit(stamped)
    with pytest.raises(ChangelogError, match="is read-only"):
        publish(Path("datapackage.json"), "1.0.0", None, stamped / "dist", stamped / "CHANGELOG.md")
    assert list((stamped / "dist").iterdir()) == []


def test_a_changelog_that_is_not_utf8_is_reported_with_its_line(stamped: Path) -> None:
    (stamped / "CHANGELOG.md").write_bytes(b"# Changelog\n\n## Unreleased\n\n- caf\xe9\n")
    commit(stamped)
    assert _release("1.0.0") == (1, "toolkit release: CHANGELOG.md:5: byte 0xe9 is not UTF-8; save the changelog as UTF-8 text\n")
    assert list((stamped / "dist").iterdir()) == []


@pytest.mark.parametrize("value", ["abc", "-1", "1.5", "", "１２３", "99999999999999"])
def test_a_bad_source_date_epoch_is_reported(stamped: Path, monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    code, output = _release("1.0.0")
    assert code == 1
    assert f"SOURCE_DATE_EPOCH={value!r} is not a number of seconds since 1970" in output


def test_an_interrupted_release_is_completed_by_the_next_command(stamped: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A crash after the commit point: the changelog is already in place, dist/ is not; the next release completes it."""
    real = os.replace
    calls = []

    def crash_after_the_changelog(source: object, target: object) -> None:
        real(source, target)
        calls.append(target)
        raise KeyboardInterrupt

    with monkeypatch.context() as patched, pytest.raises(KeyboardInterrupt):
        patched.setattr(staging.os, "replace", crash_after_the_changelog)
        publish(Path("datapackage.json"), "1.0.0", None, stamped / "dist", stamped / "CHANGELOG.md")
    assert "## [1.0.0]" in (stamped / "CHANGELOG.md").read_text(encoding="utf-8")
    assert not (stamped / "dist" / "mini-1.0.0").exists()
    commit(stamped, "Release 1.0.0")
    edit_table(stamped, "facts", lambda rows: rows.append({"fact_id": "who", "question": "Who?", "answer_kind": "entity", "changes_over_time": "",
                                                        "notes": ""}))
    commit(stamped)
    code, output = _release("1.1.0")
    assert (code, output.splitlines()[0]) == (0, "completed the release mini-1.0.0, which was interrupted earlier")
    assert {p.name for p in (stamped / "dist").iterdir()} == {"mini-1.0.0", "mini-1.0.0.zip", "mini-1.1.0", "mini-1.1.0.zip"}


def test_a_failure_before_the_commit_point_leaves_nothing(stamped: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(staging.os, "rename", lambda *args: (_ for _ in ()).throw(OSError("No space left on device")))
    with pytest.raises(OSError):
        publish(Path("datapackage.json"), "1.0.0", None, stamped / "dist", stamped / "CHANGELOG.md")
    assert list((stamped / "dist").iterdir()) == []
    assert [p.name for p in stamped.iterdir() if p.name.startswith(".CHANGELOG")] == []
    assert not (stamped / "CHANGELOG.md").exists()


def test_sigkill_never_leaves_a_version_in_dist_that_the_changelog_lacks(stamped: Path) -> None:
    """Killed at various moments, then checked at once (before any recovery), then completed by a rerun."""
    toolkit = [sys.executable, "-c", "from toolkit.cli import app; app()"]
    for delay in (0.3, 0.6, 0.9, 1.2, 1.5, 2.0):
        process = subprocess.Popen([*toolkit, "release", "1.0.0"], cwd=stamped, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        released = (stamped / "dist" / "mini-1.0.0").exists() or (stamped / "dist" / "mini-1.0.0.zip").exists()
        recorded = (stamped / "CHANGELOG.md").exists() and "## [1.0.0]" in (stamped / "CHANGELOG.md").read_text(encoding="utf-8")
        assert recorded or not released, f"killed after {delay} s"
        if recorded:
            break
    subprocess.run([*toolkit, "release", "1.0.0"], cwd=stamped, capture_output=True, check=False)
    assert (stamped / "dist" / "mini-1.0.0.zip").exists()
    assert (stamped / "CHANGELOG.md").read_text(encoding="utf-8").count("## [1.0.0]") == 1
    assert [p.name for p in (stamped / "dist").iterdir() if p.name.startswith(".")] == []


def test_two_releases_at_once_give_one_version_and_one_section(stamped: Path) -> None:
    toolkit = [sys.executable, "-c", "from toolkit.cli import app; app()", "release", "1.0.0"]
    processes = [subprocess.Popen(toolkit, cwd=stamped, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for _ in range(2)]
    outputs = sorted(process.communicate()[0] for process in processes)
    assert sorted(process.returncode for process in processes) == [0, 1]
    assert outputs[0] == "released 1.0.0: dist/mini-1.0.0 and dist/mini-1.0.0.zip\n"
    # The loser sees the winner's changelog: as a version already released, or (checked before it waited) as an uncommitted change.
    assert "not newer than 1.0.0" in outputs[1] or "uncommitted changes (CHANGELOG.md)" in outputs[1]
    assert (stamped / "CHANGELOG.md").read_text(encoding="utf-8").count("## [1.0.0]") == 1
    assert sorted(p.name for p in (stamped / "dist").iterdir()) == ["mini-1.0.0", "mini-1.0.0.zip"]
