"""Read a release zip as a package, treating it as the untrusted input it is.

A zip someone hands to `diff`, `release --previous` or `validate` may name a
member `../../.bashrc` (zip-slip), hold a symlink, or expand a few megabytes
into gigabytes (a zip bomb). Members are checked before anything is written
and extracted only as regular files under a scratch directory, counting the
bytes actually decompressed against a limit, whatever the headers claim.
Every refusal is a located problem, never a traceback.
"""

from __future__ import annotations

import dataclasses
import stat
import tempfile
import weakref
import zipfile
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from toolkit.problems import Fatal, problem

if TYPE_CHECKING:
    from toolkit.engine.package import Package

DESCRIPTOR = "datapackage.json"
MAX_MEMBERS = 10_000
MAX_BYTES = 1 << 30  # decompressed, all members together; a release of this dataset is under 10 MB
_CHUNK = 1 << 20
_OUTSIDE = "a zip member must stay inside the folder it is unpacked in"


def unpack(path: Path, scratch: Path) -> Path:
    """Extract the zip at `path` into `scratch` and return the datapackage.json it holds; raise Fatal if it cannot be used."""
    shown = path.as_posix()
    try:
        with zipfile.ZipFile(path) as archive:
            members = [info for info in archive.infolist() if not info.is_dir()]
            _check_members(members, shown)
            written = 0
            for info in members:
                written = _extract(archive, info, scratch, written, shown)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, RuntimeError, ValueError,
            FileExistsError, NotADirectoryError, IsADirectoryError) as error:  # a member named both as a file and a folder
        raise Fatal(problem("archive-invalid", shown, reason=str(error) or type(error).__name__)) from None
    found = sorted(scratch.glob(DESCRIPTOR)) or sorted(scratch.glob(f"*/{DESCRIPTOR}"))
    if len(found) != 1:
        reason = f"it holds no {DESCRIPTOR}" if not found else f"it holds {len(found)} packages; give one"
        raise Fatal(problem("archive-invalid", shown, reason=reason))
    return found[0]


def _check_members(members: list[zipfile.ZipInfo], shown: str) -> None:
    if not members:
        raise Fatal(problem("archive-invalid", shown, reason="it is empty"))
    if len(members) > MAX_MEMBERS:
        raise Fatal(problem("archive-too-large", shown, reason=f"{len(members):,} members", limit=f"{MAX_MEMBERS:,} members"))
    declared = sum(info.file_size for info in members)
    if declared > MAX_BYTES:
        raise Fatal(problem("archive-too-large", shown, reason=f"{declared:,} bytes", limit=f"{MAX_BYTES:,} bytes"))
    seen: set[str] = set()
    for info in members:
        name = info.filename
        if not safe_name(name):
            raise Fatal(problem("path-outside", shown, field="member", value=name, path=name, reason=_OUTSIDE))
        if stat.S_ISLNK(info.external_attr >> 16):
            raise Fatal(problem("archive-invalid", shown, field="member", value=name, reason=f"member {name!r} is a symbolic link"))
        if name in seen:
            raise Fatal(problem("archive-invalid", shown, field="member", value=name, reason=f"member {name!r} appears twice"))
        seen.add(name)


def safe_name(name: str) -> bool:
    """A relative POSIX path that stays where it is put: no `..`, no absolute or drive path, no backslash or control character."""
    parts = name.split("/")
    return bool(name) and not name.startswith("/") and "\\" not in name and not parts[0].endswith(":") \
        and all(part not in ("", ".", "..") for part in parts) and not any(ord(c) < 32 or c == "\x7f" for c in name)


def _extract(archive: zipfile.ZipFile, info: zipfile.ZipInfo, scratch: Path, written: int, shown: str) -> int:
    """Write one member under scratch as a regular file; return the bytes written so far, all members counted."""
    target = scratch.joinpath(*PurePosixPath(info.filename).parts)
    if not target.resolve().is_relative_to(scratch.resolve()):
        raise Fatal(problem("path-outside", shown, field="member", value=info.filename, path=info.filename, reason=_OUTSIDE))
    target.parent.mkdir(parents=True, exist_ok=True)
    with archive.open(info) as source, target.open("xb") as out:
        while chunk := source.read(_CHUNK):
            written += len(chunk)
            if written > MAX_BYTES:
                raise Fatal(problem("archive-too-large", shown, reason="more than its headers declare", limit=f"{MAX_BYTES:,} bytes"))
            out.write(chunk)
    return written


def load_zip(path: Path, read: bool) -> Package:
    """A release zip as a package: unpacked into a scratch directory that lives as long as the package,
    with every file shown to the user inside the zip (`dist/x-1.0.0.zip/x-1.0.0/csv/claims.csv`)."""
    from toolkit.engine.package import load

    scratch = tempfile.TemporaryDirectory(prefix="toolkit-zip-")
    try:
        descriptor = unpack(path, Path(scratch.name))
        package = load(descriptor, read=False)
    except BaseException:
        scratch.cleanup()
        raise
    weakref.finalize(package, scratch.cleanup)
    inside = descriptor.parent.relative_to(scratch.name).as_posix()
    package.shown = str(PurePosixPath(path.as_posix()) / inside) if inside != "." else path.as_posix()
    unpacked, seen = descriptor.parent.as_posix() + "/", package.shown + "/"
    for table in package.tables.values():
        table.file = table.file.replace(unpacked, seen, 1)
    package.problems[:] = [dataclasses.replace(found, file=found.file.replace(unpacked, seen, 1)) for found in package.problems]
    if read:
        package.read_all()
    return package
