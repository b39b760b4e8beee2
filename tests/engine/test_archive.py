"""Zips from strangers: no member lands outside the scratch directory, no bomb is extracted, no traceback."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from toolkit.cli import app
from toolkit.engine import archive
from toolkit.engine.archive import unpack
from toolkit.problems import Fatal


def _zip(path: Path, members: dict[str, bytes], symlink: str | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, content in members.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            if name == symlink:
                info.external_attr = 0o120777 << 16
            out.writestr(info, content)
    return path


def _refusal(path: Path, scratch: Path) -> tuple[str, str | None, str | None]:
    with pytest.raises(Fatal) as refused:
        unpack(path, scratch)
    found = refused.value.problem
    return found.code, found.field, found.value


GOOD = {"r/datapackage.json": b"{}", "r/csv/a.csv": b"a\n1\n"}


def test_a_release_zip_unpacks_to_its_descriptor(tmp_path: Path) -> None:
    descriptor = unpack(_zip(tmp_path / "r.zip", GOOD), tmp_path / "out")
    assert descriptor == tmp_path / "out" / "r" / "datapackage.json"
    assert (tmp_path / "out" / "r" / "csv" / "a.csv").read_bytes() == b"a\n1\n"


@pytest.mark.parametrize("name", ["../../escaped.txt", "r/../../escaped.txt", "/tmp/escaped.txt", "r\\..\\escaped.txt",
                                  "C:/escaped.txt", "r/./x", "r//x", "r/line\nbreak"])
def test_zip_slip_members_are_refused_before_any_write(tmp_path: Path, name: str) -> None:
    path = _zip(tmp_path / "evil.zip", {**GOOD, name: b"owned"})
    assert _refusal(path, tmp_path / "out") == ("path-outside", "member", name)
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "escaped.txt").exists()


def test_symlinks_are_refused(tmp_path: Path) -> None:
    path = _zip(tmp_path / "link.zip", {**GOOD, "r/csv/b.csv": b"/etc/passwd"}, symlink="r/csv/b.csv")
    assert _refusal(path, tmp_path / "out") == ("archive-invalid", "member", "r/csv/b.csv")


def test_a_zip_bomb_is_refused_by_its_declared_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archive, "MAX_BYTES", 1 << 20)
    path = _zip(tmp_path / "bomb.zip", {**GOOD, "r/zeros": bytes(4 << 20)})
    assert path.stat().st_size < 10_000
    assert _refusal(path, tmp_path / "out")[0] == "archive-too-large"
    assert not (tmp_path / "out").exists()


def test_a_bomb_that_lies_about_its_size_stops_at_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Headers claiming 1 byte: the bytes actually decompressed are counted, whatever the zip says."""
    monkeypatch.setattr(archive, "MAX_BYTES", 1 << 20)
    raw = io.BytesIO(_zip(tmp_path / "bomb.zip", {**GOOD, "r/zeros": bytes(4 << 20)}).read_bytes()).getvalue()
    size = (4 << 20).to_bytes(4, "little")
    lied = raw.replace(size, (1).to_bytes(4, "little"))  # the local header and the central directory
    (tmp_path / "liar.zip").write_bytes(lied)
    code, *_ = _refusal(tmp_path / "liar.zip", tmp_path / "out")
    assert code in ("archive-too-large", "archive-invalid")
    written = sum(p.stat().st_size for p in (tmp_path / "out").rglob("*") if p.is_file())
    assert written <= 1 << 20


def test_too_many_members(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archive, "MAX_MEMBERS", 3)
    path = _zip(tmp_path / "many.zip", {**GOOD, **{f"r/{i}": b"" for i in range(3)}})
    assert _refusal(path, tmp_path / "out")[0] == "archive-too-large"


@pytest.mark.parametrize(("members", "reason"), [
    ({}, "it is empty"),
    ({"r/csv/a.csv": b"a\n"}, "it holds no datapackage.json"),
    ({"a/datapackage.json": b"{}", "b/datapackage.json": b"{}"}, "it holds 2 packages; give one"),
])
def test_empty_or_packageless_zips(tmp_path: Path, members: dict[str, bytes], reason: str) -> None:
    path = _zip(tmp_path / "x.zip", members)
    with pytest.raises(Fatal) as refused:
        unpack(path, tmp_path / "out")
    assert refused.value.problem.code == "archive-invalid"
    assert reason in refused.value.problem.message


def test_corrupt_zips_give_a_located_problem(tmp_path: Path) -> None:
    good = _zip(tmp_path / "good.zip", GOOD).read_bytes()
    (tmp_path / "truncated.zip").write_bytes(good[: len(good) // 2])
    (tmp_path / "flipped.zip").write_bytes(good.replace(b"a\n1\n", b"b\n2\n") if b"a\n1\n" in good else good[:40] + b"\x00" * 8 + good[48:])
    for name in ("truncated.zip", "flipped.zip"):
        with pytest.raises(Fatal) as refused:
            unpack(tmp_path / name, tmp_path / name.replace(".zip", ""))
        assert (refused.value.problem.code, refused.value.problem.file) == ("archive-invalid", (tmp_path / name).as_posix())


def test_diff_of_a_hostile_zip_exits_1_with_the_problem(tmp_path: Path, mini: Path) -> None:
    path = _zip(tmp_path / "evil.zip", {**GOOD, "../../escaped.txt": b"owned"})
    done = CliRunner().invoke(app, ["diff", str(path), "datapackage.json"])
    assert done.exit_code == 1
    assert "a zip member must stay inside the folder it is unpacked in" in done.output
    empty = _zip(tmp_path / "empty.zip", {})
    done = CliRunner().invoke(app, ["diff", str(empty), "datapackage.json"])
    assert (done.exit_code, "it is empty" in done.output) == (1, True)
