"""Build a versioned release: the files researchers download, reproducible byte for byte.

A release is a directory and a zip of it under dist/: the package descriptor
with inline schemas (so stock `frictionless validate` works on it alone), the
tables as sorted CSV and typed JSON, the nested coverage document, a JSON
Schema per JSON file, and SHA256SUMS. Everything is sorted and timestamped from
the last commit (or SOURCE_DATE_EPOCH), so building the same commit twice gives
identical bytes, and anyone can check a download against the checksums.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.publish.changelog import (
    bump_between,
    bumped,
    latest_version,
    record,
    section,
    too_small,
    unreleased_notes,
)
from toolkit.rules.checks import Dataset, typed
from toolkit.publish.coverage import build as build_coverage
from toolkit.publish.diff import Bump, Delta, diff
from toolkit.edit.fmt import canonical_csv, sort_key
from toolkit.rules.models import model_for
from toolkit.engine.package import Package, load
from toolkit.problems import Fatal, Report, UserError
from toolkit.validate import check_package

SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")


class ReleaseError(UserError):
    """The release cannot be built; the message says why and what to do."""


class InvalidData(ReleaseError):
    def __init__(self, report: Report) -> None:
        super().__init__("the data is invalid; fix the problems above and release again")
        self.report = report


def epoch(root: Path) -> int:
    """SOURCE_DATE_EPOCH if set, else the time of the last commit."""
    if value := os.environ.get("SOURCE_DATE_EPOCH"):
        return int(value)
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True, check=True)
        return int(out.stdout.strip())
    except (OSError, subprocess.CalledProcessError, ValueError):
        raise ReleaseError("no commit time to stamp the release with; commit first or set SOURCE_DATE_EPOCH") from None


def _json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def release_files(package: Package, data: Dataset, version: str, stamp: int, with_sources: bool) -> dict[str, bytes]:
    """Every file of the release, by path inside the release directory."""
    files: dict[str, bytes] = {}
    resources = []
    for name, table in package.tables.items():
        order = sort_key(table)
        pairs = sorted(zip(data.rows[name], table.rows), key=lambda pair: order(pair[1]))
        files[f"csv/{name}.csv"] = canonical_csv(table.header, [raw for _, raw in pairs])
        files[f"json/{name}.json"] = _json([row.model_dump(mode="json") for (_, row), _ in pairs])
        model = model_for(name, table.schema)
        files[f"schema/{name}.schema.json"] = _json({"type": "array", "items": model.model_json_schema()})
        resources.append({"name": name, "path": f"csv/{name}.csv", "profile": "tabular-data-resource", "format": "csv",
                          "mediatype": "text/csv", "encoding": "utf-8", "schema": table.schema})
    coverage = build_coverage(data, package.descriptor.get("name", ""), version)
    files["json/coverage.json"] = _json(coverage.model_dump(mode="json"))
    files["schema/coverage.schema.json"] = _json(type(coverage).model_json_schema())
    descriptor = {key: value for key, value in package.descriptor.items() if key != "resources"}
    created = datetime.datetime.fromtimestamp(stamp, datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    descriptor.update(version=version, created=created, resources=resources, sources=[
        {"title": f"{a.title or '(untitled)'} [{a.article_id}, sha256 {a.sha256}]"} for _, a in sorted(data.rows["articles"], key=lambda p: p[1].article_id)
    ])
    files["datapackage.json"] = _json(descriptor)
    if with_sources:
        for _, article in data.rows["articles"]:
            files[article.source_path] = (package.root / article.source_path).read_bytes()
    sums = "".join(f"{hashlib.sha256(files[path]).hexdigest()}  {path}\n" for path in sorted(files))
    files["SHA256SUMS"] = sums.encode("ascii")
    return files


def _zip(files: dict[str, bytes], top: str, stamp: int) -> bytes:
    date_time = datetime.datetime.fromtimestamp(max(stamp, 315532800), datetime.UTC).timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(files):
            info = zipfile.ZipInfo(f"{top}/{path}", date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, files[path])
    return buffer.getvalue()


def build_release(package: Package, data: Dataset, version: str, dist: Path, stamp: int, with_sources: bool = False) -> Path:
    """Write dist/<name>-<version>/ and its zip from a valid package, staged in a temporary directory."""
    top = f"{package.descriptor.get('name', 'package')}-{version}"
    target, archive = dist / top, dist / f"{top}.zip"
    if target.exists() or archive.exists():
        raise ReleaseError(f"{target} already exists; a published version is never rebuilt: choose a new version")
    files = release_files(package, data, version, stamp, with_sources)
    dist.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=dist, prefix=f".{top}."))
    try:
        for relative, content in files.items():
            (staging / relative).parent.mkdir(parents=True, exist_ok=True)
            (staging / relative).write_bytes(content)
        (staging / f"{top}.zip").write_bytes(_zip(files, top, stamp))
        os.replace(staging / f"{top}.zip", archive)
        os.rename(staging, target)
    except BaseException:
        archive.unlink(missing_ok=True)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


@dataclass(frozen=True)
class Published:
    target: Path
    version: str
    delta: Delta | None


def publish(path: Path, version: str | None, bump: Bump | None, dist: Path, changelog: Path,
            previous: Path | None = None, with_sources: bool = False, force: bool = False) -> Published:
    """Validate, diff against the previous release, check the bump, build, and record the changelog section."""
    try:
        package = load(path, read=False)
    except Fatal as fatal:
        raise InvalidData(Report(path.as_posix(), (fatal.problem,))) from None
    report = check_package(package)
    if not report.valid():
        raise InvalidData(report)
    package.read_all()  # already read when the package is this dataset
    last = latest_version(changelog.read_text(encoding="utf-8")) if changelog.exists() else None
    version = version or bumped(last, bump or "patch")
    if not SEMVER.match(version):
        raise ReleaseError(f"version {version!r} is not a semantic version like 1.2.3")
    major, minor, patch = (int(part) for part in version.split("."))
    given = bump_between(last, (major, minor, patch))
    if given is None:
        raise ReleaseError(f"version {version} is not newer than {'.'.join(map(str, last or ()))}, the last in {changelog}")
    delta = None
    if last is not None:
        name = f"{package.descriptor.get('name', 'package')}-{'.'.join(map(str, last))}"
        previous = previous or next((p for p in (dist / name, dist / f"{name}.zip") if p.exists()), None)
        if previous is None:
            raise ReleaseError(f"the previous release {name} is not in {dist}/; download it there or pass --previous PATH")
        delta = diff(previous, path)
        if too_small(given, delta.bump()) and not force:
            raise ReleaseError(f"the changes since {name} call for a {delta.bump()} release, not a {given} one; "
                               "choose a larger version or pass --force")
    stamp = epoch(package.root)
    data = typed(package)
    target = build_release(package, data, version, dist, stamp, with_sources)
    counts = {table: len(rows) for table, rows in data.rows.items()}
    date = datetime.datetime.fromtimestamp(stamp, datetime.UTC).strftime("%Y-%m-%d")
    record(changelog, section(version, date, delta, counts, unreleased_notes(changelog)))
    return Published(target, version, delta)
