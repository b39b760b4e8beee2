"""Write files so that a reader never sees half of one: a temporary file, then a rename.

A crash, a full disk or an interrupted write leaves either the old file or the
new one, never a truncated table; and nothing is renamed into place until the
whole content has been written and flushed.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_bytes(path: Path, data: bytes) -> None:
    """Replace `path` with `data` atomically (same directory, so the rename cannot cross devices)."""
    temporary = _stage(path, data)
    try:
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_files(files: dict[Path, bytes]) -> None:
    """Replace several files together, so that a command's changes land whole or not at all.

    Every file is staged beside its target first; only then are they renamed into place, each old
    file kept as a hard link until all are in. If anything fails, the files already replaced are put
    back and the new ones removed. (A kill in the middle of the renames can still leave some renamed:
    no journal protects against that, but nothing is ever half-written.)
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in files.items():
            staged.append((path, _stage(path, data)))
        _swap(staged)
    finally:
        for _, temporary in staged:
            temporary.unlink(missing_ok=True)


def _stage(path: Path, data: bytes) -> Path:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else 0o644)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)


def _swap(staged: list[tuple[Path, Path]]) -> None:
    kept: list[tuple[Path, Path | None, bool]] = []  # target, link to its old content, whether replaced yet
    try:
        for path, temporary in staged:
            backup = path.with_name(f"{temporary.name}.old") if path.exists() else None
            if backup is not None:
                os.link(path, backup)
            kept.append((path, backup, False))
            os.replace(temporary, path)
            kept[-1] = (path, backup, True)
    except BaseException:
        for path, backup, replaced in reversed(kept):
            if backup is not None and replaced:
                os.replace(backup, path)
            elif backup is not None:
                backup.unlink()
            elif replaced:
                path.unlink()
        raise
    for _, backup, _ in kept:
        if backup is not None:
            backup.unlink()
