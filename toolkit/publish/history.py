"""Past versions of the package, read from git history without touching the working tree.

A release is diffed against the previous one and a past version can be
rebuilt, so both must be at hand in any clone, not only on the machine that
cut them. Git holds them: a version is found by its tag (`v1.0.0`) or by the
commit that recorded it in CHANGELOG.md, and that commit's files are copied
out of git's object store into a scratch directory (`git ls-tree` and
`git cat-file`), as regular files only, with the same limits as a zip.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from toolkit.engine.archive import MAX_BYTES, MAX_MEMBERS, safe_name
from toolkit.problems import UserError

_REVISION = re.compile(r"[A-Za-z0-9._/@^~{}-]{1,200}")


class HistoryError(UserError):
    """Git history cannot give what was asked; the message says why."""


def _git(args: list[str], cwd: Path, stdin: bytes | None = None) -> bytes | None:
    """Run git; its output, or None if git is missing or the command failed."""
    try:
        done = subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True, check=False)
    except OSError:
        return None
    return done.stdout if done.returncode == 0 else None


def toplevel(path: Path) -> Path | None:
    """The root of the git work tree holding `path` (a directory), if any."""
    out = _git(["rev-parse", "--show-toplevel"], path)
    return Path(out.decode().strip()) if out else None


def commit_of(revision: str, cwd: Path) -> str | None:
    """The full commit id a revision names (`v1.0.0`, `HEAD~2`, an abbreviated id), or None."""
    if not _REVISION.fullmatch(revision) or revision.startswith("-"):
        return None
    out = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"], cwd)
    return out.decode().strip() if out else None


def commit_time(commit: str, cwd: Path) -> int:
    out = _git(["show", "-s", "--format=%ct", commit], cwd)
    if out is None:
        raise HistoryError(f"cannot read the time of commit {commit}")
    return int(out.decode().strip())


def changed_files(cwd: Path) -> list[str]:
    """Files of the work tree that differ from HEAD, untracked ones included (ignored ones not)."""
    out = _git(["status", "--porcelain", "-z", "--untracked-files=all"], cwd)
    if out is None:
        raise HistoryError(f"{cwd} is not in a git work tree")
    return [entry[3:] for entry in out.decode("utf-8", "replace").split("\0") if len(entry) > 3]


def version_commit(repo: Path, version: str, changelog: str) -> str | None:
    """The commit of a released version: its tag, else the oldest commit whose CHANGELOG.md has its heading."""
    for tag in (f"v{version}", version):
        if found := commit_of(f"refs/tags/{tag}", repo):
            return found
    out = _git(["log", "--format=%H", "--reverse", "--", changelog], repo)
    commits = out.decode().split() if out else []
    if not commits:
        return None
    batch = _git(["cat-file", "--batch"], repo, "".join(f"{c}:{changelog}\n" for c in commits).encode())
    heading = re.compile(rb"^## \[?" + re.escape(version.encode()) + rb"\]?(?:\s|$)", re.MULTILINE)
    for commit, text in zip(commits, _batch_contents(batch or b"")):
        if text is not None and heading.search(text):
            return commit
    return None


def export(repo: Path, commit: str, folder: str, scratch: Path) -> None:
    """Copy the regular files under `folder` (relative to the repository root) at `commit` into scratch."""
    listing = _git(["ls-tree", "-r", "-z", "--long", "--full-tree", commit, "--", folder or "."], repo)
    if listing is None:
        raise HistoryError(f"cannot list the files of commit {commit}")
    entries = []
    for record in listing.decode("utf-8", "replace").split("\0"):
        if not record:
            continue
        meta, path = record.split("\t", 1)
        mode, kind, sha, size = meta.split()
        if kind == "blob" and mode in ("100644", "100755") and safe_name(path):  # symlinks and submodules are not followed
            entries.append((path, sha, int(size)))
    if len(entries) > MAX_MEMBERS or sum(size for *_, size in entries) > MAX_BYTES:
        raise HistoryError(f"commit {commit} holds more than {MAX_MEMBERS:,} files or {MAX_BYTES:,} bytes under {folder or '.'}")
    contents = _batch_contents(_git(["cat-file", "--batch"], repo, "".join(f"{sha}\n" for _, sha, _ in entries).encode()) or b"")
    prefix = f"{folder}/" if folder else ""
    for (path, _, _), content in zip(entries, contents):
        target = scratch / path.removeprefix(prefix)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content or b"")


def _batch_contents(out: bytes) -> list[bytes | None]:
    """Split `git cat-file --batch` output into each object's content (None where the object is missing)."""
    contents: list[bytes | None] = []
    position = 0
    while position < len(out):
        end = out.index(b"\n", position)
        header = out[position:end].split()
        if header[-1] == b"missing":
            contents.append(None)
            position = end + 1
            continue
        size = int(header[2])
        contents.append(out[end + 1 : end + 1 + size])
        position = end + 1 + size + 1
    return contents


def package_at(revision: str, descriptor: Path, scratch: Path) -> Path:
    """Copy the package at `revision` into scratch: the datapackage.json that stood where `descriptor` stands."""
    folder = (descriptor if descriptor.is_dir() else descriptor.parent).resolve()
    name = "datapackage.json" if descriptor.is_dir() else descriptor.name
    repo = toplevel(folder) if folder.is_dir() else None
    commit = commit_of(revision, repo) if repo else None
    if repo is None or commit is None:
        where = f"the git repository holding {folder}" if repo else f"{folder} (not in a git repository)"
        raise HistoryError(f"{revision!r} is neither a file nor a revision (tag, branch, commit) of {where}")
    relative = folder.relative_to(repo.resolve()).as_posix()
    export(repo, commit, "" if relative == "." else relative, scratch)
    if not (scratch / name).is_file():
        raise HistoryError(f"commit {commit[:12]} ({revision}) holds no {(Path(relative) / name).as_posix()}")
    return scratch / name
