"""Rebuild a past release from its commit, and check it against the checksums recorded when it was cut.

Anyone holding a clone can check that a published version is what its commit
gives: the files are rebuilt from git history into a scratch directory (the
work tree and dist/ are not touched) and compared, file by file, with the
SHA-256 the changelog section recorded. Where they differ because the
toolkit's release format changed since, it says which files and why.
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.engine.package import load
from toolkit.problems import Fatal
from toolkit.publish import changelog as log
from toolkit.publish import history, parquet, sqlite
from toolkit.publish.release import (
    FORMAT,
    FORMAT_CHANGES,
    Origin,
    ReleaseError,
    parse_version,
    release_files,
    release_name,
    zip_bytes,
)
from toolkit.rules.checks import typed
from toolkit.validate import check_package


@dataclass(frozen=True)
class Rebuilt:
    version: str
    commit: str
    directory: Path  # the rebuilt release, in a scratch directory
    recorded: log.Build | None
    differing: list[str] = field(default_factory=list)  # files whose SHA-256 is not the recorded one, or that one side lacks
    reasons: list[str] = field(default_factory=list)

    def reproduced(self) -> bool:
        return self.recorded is not None and not self.recorded.dirty and not self.differing


def rebuild(path: Path, version: str, changelog: Path) -> Rebuilt:
    """Rebuild `version` from the commit its changelog section records (or its tag, or the commit that added it)."""
    version = ".".join(map(str, parse_version(version)))
    text = log.read(changelog)
    recorded = log.recorded(text, version)
    folder = path if path.is_dir() else path.parent
    repo = history.toplevel(folder.resolve())
    if repo is None:
        raise ReleaseError(f"{folder.resolve()} is not in a git repository: a past version is rebuilt from git history")
    relative = changelog.resolve().relative_to(repo.resolve()).as_posix() if changelog.resolve().is_relative_to(repo.resolve()) else ""
    commit = recorded.commit if recorded else history.version_commit(repo, version, relative) if relative else None
    if commit is None or history.commit_of(commit, repo) is None:
        raise ReleaseError(f"version {version} is neither recorded in {changelog}, tagged v{version}, nor found in the git history "
                           f"of {changelog}; check the version")
    scratch = Path(tempfile.mkdtemp(prefix=f"toolkit-rebuild-{version}-"))
    try:
        package = load(history.package_at(commit, path, scratch / "source"), read=False)
    except Fatal as fatal:
        raise ReleaseError(f"the package at commit {commit[:12]} cannot be read: {fatal.problem.message}") from None
    report = check_package(package)
    package.read_all()
    stamp = recorded.stamp() if recorded else history.commit_time(commit, repo)
    with_sources = any(p.startswith("dataset/") for p in recorded.sums) if recorded else False
    with_site = any(p.startswith("site/") for p in recorded.sums) if recorded else False
    top = release_name(package, version)
    files = release_files(package, typed(package), version, Origin(commit, False, stamp), with_sources, with_site)
    archive = zip_bytes(files, top, stamp)
    for relative, content in files.items():
        (scratch / top / relative).parent.mkdir(parents=True, exist_ok=True)
        (scratch / top / relative).write_bytes(content)
    (scratch / f"{top}.zip").write_bytes(archive)
    reasons = []
    if not report.valid():
        reasons.append(f"the current toolkit finds {len(report.errors())} error(s) in the data of that commit (its rules changed since)")
    if recorded is None:
        reasons.append(f"no checksums were recorded for {version}: it was cut before release format 2; compare the files with a download")
        return Rebuilt(version, commit, scratch / top, None, [], reasons)
    if recorded.dirty:
        reasons.append(f"{version} was built from uncommitted changes, so its commit cannot give the same files")
    sums = {p: hashlib.sha256(c).hexdigest() for p, c in files.items()}
    sums[f"{top}.zip"] = hashlib.sha256(archive).hexdigest()
    differing = sorted(p for p in set(sums) | set(recorded.sums) if sums.get(p) != recorded.sums.get(p))
    if differing:
        reasons += [f"release format {n}: {FORMAT_CHANGES[n]}" for n in range(recorded.release_format + 1, FORMAT + 1)]
        for prefix, tool, then, now in (("parquet/", "pyarrow", recorded.pyarrow, parquet.version()),
                                        ("sqlite/", "SQLite", recorded.sqlite, sqlite.version())):
            if then != now and any(p.startswith(prefix) for p in differing):
                reasons.append(f"the files in {prefix} were written by {tool} {then}, and are now by {tool} {now}")
        if recorded.release_format == FORMAT and not recorded.dirty and not reasons:
            reasons.append("the release format is the same, so the difference comes from the environment or the toolkit's code")
    return Rebuilt(version, commit, scratch / top, recorded, differing, reasons)


def as_text(outcome: Rebuilt) -> str:
    lines = [f"rebuilt {outcome.version} from commit {outcome.commit[:12]} into {outcome.directory}"]
    if outcome.reproduced():
        lines.append(f"reproduced: all {len(outcome.recorded.sums) if outcome.recorded else 0} files match the recorded SHA-256")
    elif outcome.differing:
        lines.append(f"{len(outcome.differing)} file(s) differ from the recorded SHA-256: {', '.join(outcome.differing)}")
    lines += [f"why: {reason}" for reason in outcome.reasons]
    return "\n".join(lines)
