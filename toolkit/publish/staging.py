"""Put a release and its changelog section in place together, whatever interrupts it.

A release is three things: dist/<name>-<version>/, its zip, and the version's
section in CHANGELOG.md. Everything is first written aside (the release in a
stage directory under dist/, the new changelog next to the old one); renaming
the stage to `.commit-<name>-<version>` is the moment the release happens.
Then the changelog is replaced before the release is moved into dist/, so
dist/ never holds a version the changelog lacks. A crash after the commit
point is completed by the next release command; one before it leaves nothing.
An exclusive lock on dist/ keeps two releases from interleaving.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from toolkit.engine.archive import safe_name

_PLAN = "plan.json"
_COMMIT = ".commit-"
_STAGE = ".stage-"


@contextmanager
def locked(dist: Path) -> Iterator[list[str]]:
    """Hold dist/ for one release at a time (others wait), after completing any release a crash interrupted.

    Yields the names of the releases that were completed.
    """
    import fcntl  # POSIX: releases are cut on Linux and macOS

    dist.mkdir(parents=True, exist_ok=True)
    handle = os.open(dist, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield recover(dist)
    finally:
        os.close(handle)  # closing releases the lock


def recover(dist: Path) -> list[str]:
    """Finish releases that passed their commit point; drop stages that did not. Call with the lock held."""
    completed = []
    for journal in sorted(dist.glob(f"{_COMMIT}*")):
        completed.append(journal.name.removeprefix(_COMMIT))
        _finish(journal, dist)
    for stage in sorted(dist.glob(f"{_STAGE}*")):
        if (stage / _PLAN).is_file():
            Path(json.loads((stage / _PLAN).read_text(encoding="utf-8"))["staged"]).unlink(missing_ok=True)
        shutil.rmtree(stage, ignore_errors=True)
    return completed


def commit(dist: Path, top: str, files: dict[str, bytes], archive: bytes, changelog: Path, text: str) -> Path:
    """Write the release and the new changelog aside, then put both in place; returns dist/<top>."""
    changelog = changelog.resolve()
    staged = changelog.parent / f".{changelog.name}.{top}.tmp"
    stage = Path(tempfile.mkdtemp(dir=dist, prefix=f"{_STAGE}{top}."))
    try:
        (stage / _PLAN).write_text(json.dumps({"top": top, "changelog": str(changelog), "staged": str(staged)}), encoding="utf-8")
        root = stage / top
        for relative in sorted(files):
            if not safe_name(relative):
                raise ValueError(f"unsafe path in a release: {relative!r}")
            _write(root / relative, files[relative])
        for folder in [root, *root.rglob("*")]:
            if folder.is_dir():
                folder.chmod(0o755)  # readable by all, whatever the umask (mkdtemp's stage is 0700)
        _write(stage / f"{top}.zip", archive)
        _write(staged, text.encode("utf-8"), changelog.stat().st_mode & 0o777 if changelog.exists() else 0o644)
        _sync(stage)
        journal = dist / f"{_COMMIT}{top}"
        os.rename(stage, journal)  # the commit point
    except BaseException:
        staged.unlink(missing_ok=True)
        shutil.rmtree(stage, ignore_errors=True)
        raise
    _sync(dist)
    _finish(journal, dist)
    return dist / top


def _finish(journal: Path, dist: Path) -> None:
    """Move a committed release into place; each step is skipped if done, so a crash here is finished later."""
    plan = json.loads((journal / _PLAN).read_text(encoding="utf-8"))
    top, staged = plan["top"], Path(plan["staged"])
    if staged.exists():
        os.replace(staged, plan["changelog"])  # first: dist/ never holds a version the changelog lacks
    if (journal / f"{top}.zip").exists():
        os.replace(journal / f"{top}.zip", dist / f"{top}.zip")
    if (journal / top).exists():
        os.rename(journal / top, dist / top)
    shutil.rmtree(journal)


def _write(path: Path, content: bytes, mode: int = 0o644) -> None:
    """A regular file with fixed permissions, flushed to disk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        out.write(content)
        out.flush()
        os.fsync(out.fileno())
    path.chmod(mode)


def _sync(folder: Path) -> None:
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
