"""Build a versioned release: the files researchers download, reproducible byte for byte.

A release is a directory and a zip of it under dist/: the package descriptor
with inline schemas (so stock `frictionless validate` works on it alone), the
tables as sorted CSV and typed JSON, the nested coverage document, a JSON
Schema per JSON file, and SHA256SUMS. It is built from a clean git work tree
and records that commit; everything is sorted and timestamped from the commit
(or SOURCE_DATE_EPOCH), so building the same commit twice gives identical
bytes, and anyone can check a download against the checksums. The previous
release, which the bump is checked against, is read from git history.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import re
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.edit.fmt import canonical_csv, sort_key
from toolkit.engine.package import TABLES, Package, load
from toolkit.problems import Fatal, Report, UserError
from toolkit.publish import annotations as web_annotations
from toolkit.publish import changelog as log
from toolkit.publish import croissant, datacard, history, parquet, sqlite, staging
from toolkit.publish.coverage import build as build_coverage
from toolkit.publish.diff import Bump, Delta, diff
from toolkit.rules.checks import Dataset, typed
from toolkit.rules.models import model_for
from toolkit.validate import check_package

VERSION = re.compile(r"v?(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})")
NAME = re.compile(r"[a-z0-9]{1,64}(?:[._-][a-z0-9]{1,64}){0,8}")  # a Data Package name without separators or dots alone
FORMAT = 2  # what a release holds and how it is written; FORMAT_CHANGES says what each format changed
FORMAT_CHANGES = {
    2: "the descriptor records the build (commit, format, pyarrow and SQLite versions) and lists every file with its size, "
       "SHA-256 and licence; the changelog records every file's SHA-256; JSON writes whole numbers as integers (450, not 450.0) "
       "and keys in the table's column order; with --with-site, the site is built last (it lists every other file and its SHA-256) "
       "and is listed in SHA256SUMS only; new Parquet files (parquet/) and SQLite database (sqlite/), W3C Web Annotations "
       "(json/annotations.jsonld), a data card (README.md), LICENSE, CITATION.cff and Croissant metadata (croissant.json); the zip "
       "stores its files uncompressed",
}


class ReleaseError(UserError):
    """The release cannot be built; the message says why and what to do."""


class InvalidData(ReleaseError):
    def __init__(self, report: Report) -> None:
        super().__init__("the data is invalid; fix the problems above and release again", report)


def parse_version(text: str) -> tuple[int, int, int]:
    """1.2.3 or v1.2.3, nothing around it (no space, no newline)."""
    found = VERSION.fullmatch(text)
    if found is None:
        raise ReleaseError(f"version {text!r} is not a semantic version like 1.2.3 or v1.2.3")
    return int(found[1]), int(found[2]), int(found[3])


def _source_date_epoch() -> int | None:
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None:
        return None
    if not value.isascii() or not value.isdigit() or int(value) > 4_102_444_800:  # 2100: zip dates end in 2107
        raise ReleaseError(f"SOURCE_DATE_EPOCH={value!r} is not a number of seconds since 1970; unset it or give one such as 1769385600")
    return int(value)


@dataclass(frozen=True)
class Origin:
    """What a release is built from: the commit, whether the work tree differed from it, and the time stamped on it."""

    commit: str | None
    dirty: bool
    stamp: int

    def record(self) -> dict[str, Any]:
        built: dict[str, Any] = {"commit": self.commit, "dirty": self.dirty, "format": FORMAT,
                                 "pyarrow": parquet.version(), "sqlite": sqlite.version()}
        if self.dirty:
            built["note"] = "built from a work tree with uncommitted changes: the files are not those of the commit"
        return built


def origin(root: Path, allow_dirty: bool, dist: Path) -> Origin:
    """The commit the package's work tree is at; refuses uncommitted changes unless allowed (then stamped now).

    Files under dist/ do not count: earlier releases there do not change what is built.
    """
    forced = _source_date_epoch()
    repo = history.toplevel(root.resolve())
    if repo is None:
        if not allow_dirty:
            raise ReleaseError(f"{root.resolve()} is not in a git repository, so the release could not say what it was built from; "
                               "commit the package to git, or pass --allow-dirty")
        return Origin(None, True, forced if forced is not None else int(time.time()))
    commit = history.commit_of("HEAD", repo)
    outputs = dist.resolve().relative_to(repo.resolve()).as_posix() + "/" if dist.resolve().is_relative_to(repo.resolve()) else None
    changed = [path for path in history.changed_files(repo) if not (outputs and path.startswith(outputs))]
    if commit is None or (changed and not allow_dirty):
        listed = ", ".join(changed[:5]) + (", …" if len(changed) > 5 else "")
        raise ReleaseError(f"the work tree has uncommitted changes ({listed}); commit them, so the release records what it "
                           "was built from, or pass --allow-dirty" if commit else "the repository has no commit yet; commit the package first")
    dirty = bool(changed)
    stamp = forced if forced is not None else int(time.time()) if dirty else history.commit_time(commit, repo)
    return Origin(commit, dirty, stamp)


def _whole(value: Any) -> Any:
    """Integral numbers as JSON integers (450, not 450.0), everywhere in a document."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_whole(item) for item in value]
    if isinstance(value, dict):
        return {key: _whole(item) for key, item in value.items()}
    return value


def _json(value: Any) -> bytes:
    return (json.dumps(_whole(value), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _created(stamp: int) -> str:
    return datetime.datetime.fromtimestamp(stamp, datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


_MEDIA_TYPES = {"": "text/plain", "cff": "application/yaml", "csv": "text/csv", "json": "application/json", "jsonld": "application/ld+json",
                "parquet": "application/vnd.apache.parquet", "db": "application/vnd.sqlite3", "md": "text/markdown", "txt": "text/plain",
                "html": "text/html", "css": "text/css", "js": "text/javascript", "svg": "image/svg+xml", "png": "image/png"}
PUBLISHERS = {"name": "LicenseRef-publisher", "title": "The publisher's copyright: included so the records can be checked, "
              "not licensed for reuse"}


def _resource(path: str, content: bytes, licences: list[Any]) -> dict[str, Any]:
    """A file of the release as a Data Package resource, with the size and hash that let frictionless check a download."""
    extension = path.rsplit(".", 1)[-1] if "." in path.rsplit("/", 1)[-1] else ""
    resource: dict[str, Any] = {"name": path.lower().replace("/", "-"), "path": path}  # unique, as paths are
    # Not tables: frictionless parses JSON as JSON and checks the size and hash of every file.
    resource["type"] = "json" if extension in ("json", "jsonld") else "file"
    resource.update(format=extension or "txt", mediatype=_MEDIA_TYPES.get(extension, "application/octet-stream"), bytes=len(content),
                    hash=f"sha256:{hashlib.sha256(content).hexdigest()}", licenses=licences)
    return resource


def _texts(package: Package, data: Dataset) -> dict[str, str]:
    """The source texts the package holds, by article (none in a release built without them)."""
    texts = {}
    for _, article in data.rows["articles"]:
        try:
            texts[article.article_id] = package.resolve(article.source_path, package.descriptor_file).read_text(encoding="utf-8")
        except Fatal:
            continue
    return texts


def _described(descriptor: dict[str, Any], files: dict[str, bytes], licences: list[Any],
               tables: dict[str, tuple[dict[str, Any], list[Any]]], data: Dataset) -> dict[str, Any]:
    """The release's descriptor: every file so far as a resource, the tables first with their schemas inline."""
    resources = []
    for path in sorted(files, key=lambda p: (not p.startswith("csv/"), p)):
        if path.startswith("csv/"):
            table = path.removeprefix("csv/").removesuffix(".csv")
            resources.append({"name": table, "path": path, "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv",
                              "encoding": "utf-8", "bytes": len(files[path]), "hash": f"sha256:{hashlib.sha256(files[path]).hexdigest()}",
                              "licenses": licences, "schema": tables[table][0]})
        else:
            resources.append(_resource(path, files[path], [PUBLISHERS] if path.startswith("dataset/") else licences))
    articles = sorted((a for _, a in data.rows["articles"]), key=lambda a: a.article_id)
    return {**descriptor, "resources": resources,
            "sources": [{"title": f"{a.title or '(untitled)'} [{a.article_id}, sha256 {a.sha256}]"} for a in articles]}


def release_files(package: Package, data: Dataset, version: str, built: Origin, with_sources: bool,
                  with_site: bool = False) -> dict[str, bytes]:
    """Every file of the release, by path inside the release directory."""
    files: dict[str, bytes] = {}
    tables: dict[str, tuple[dict[str, Any], list[Any]]] = {}
    for name, table in package.tables.items():
        order = sort_key(table)
        pairs = sorted(zip(data.rows[name], table.rows), key=lambda pair: order(pair[1]))
        rows = [row for (_, row), _ in pairs]
        tables[name] = (table.schema, rows)
        files[f"csv/{name}.csv"] = canonical_csv(table.header, [raw for _, raw in pairs])
        files[f"json/{name}.json"] = _json([row.model_dump(mode="json") for row in rows])
        files[f"parquet/{name}.parquet"] = parquet.table_bytes(rows, table.schema)
        files[f"schema/{name}.schema.json"] = _json({"type": "array", "items": model_for(name, table.schema).model_json_schema()})
    name = package.descriptor.get("name", "package")
    coverage = build_coverage(data, name, version)
    files["json/coverage.json"] = _json(coverage.model_dump(mode="json"))
    files["schema/coverage.schema.json"] = _json(type(coverage).model_json_schema())
    texts = _texts(package, data)
    document = web_annotations.collection(data, texts, name, version)
    if astray := list(web_annotations.reanchor(document, texts)):
        raise ReleaseError(f"{len(astray)} annotation(s) do not re-anchor in their source text, e.g. {astray[0]}")
    files["json/annotations.jsonld"] = _json(document)
    database = sqlite.database(tables)
    files[f"sqlite/{name}.db"] = database.content
    files["sqlite/metadata.json"] = _json(sqlite.metadata(package.descriptor, name, {t: schema for t, (schema, _) in tables.items()},
                                                          database.undeclared))
    if with_sources:
        for _, article in data.rows["articles"]:
            files[article.source_path] = package.resolve(article.source_path, package.descriptor_file).read_bytes()
    descriptor = {key: value for key, value in package.descriptor.items() if key != "resources"}
    descriptor.update(version=version, created=_created(built.stamp), build=built.record())
    files["README.md"] = datacard.readme(descriptor, data, version, descriptor["created"], with_sources).encode("utf-8")
    files["LICENSE"] = datacard.licence(descriptor, with_sources).encode("utf-8")
    files["CITATION.cff"] = datacard.citation(descriptor, version, descriptor["created"][:10]).encode("utf-8")
    cite = f"{datacard.AUTHOR}. {descriptor.get('title', name)}, version {version} ({descriptor['created'][:10]})."
    files["croissant.json"] = _json(croissant.metadata(descriptor, files, {t: schema for t, (schema, _) in tables.items()}, cite))
    files["datapackage.json"] = _json(_described(descriptor, files, package.descriptor.get("licenses", []), tables, data))
    if with_site:  # last, as it lists every file above with its SHA-256; SHA256SUMS, which lists the site's too, it links
        from toolkit.publish.site import release_site

        files.update({f"site/{page}": content for page, content in release_site(data, files, version, descriptor["created"]).items()})
    sums = "".join(f"{hashlib.sha256(files[path]).hexdigest()}  {path}\n" for path in sorted(files))
    files["SHA256SUMS"] = sums.encode("ascii")
    return files


def zip_bytes(files: dict[str, bytes], top: str, stamp: int) -> bytes:
    """The zip of the release: stored, not deflated, so its bytes do not depend on the zlib build (zlib-ng deflates otherwise)."""
    date_time = datetime.datetime.fromtimestamp(max(stamp, 315532800), datetime.UTC).timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(files):
            info = zipfile.ZipInfo(f"{top}/{path}", date_time=date_time)
            info.compress_type = zipfile.ZIP_STORED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, files[path])
    return buffer.getvalue()


def release_name(package: Package, version: str) -> str:
    """<name>-<version>, the name of the release directory and zip; the package name must be a plain name."""
    name = package.descriptor.get("name", "package")
    if not isinstance(name, str) or not NAME.fullmatch(name):
        raise ReleaseError(f"the package name {name!r} cannot name a release: use lower-case letters, digits and . _ - "
                           "between them, with no path separator (e.g. tech-ice-coverage)")
    return f"{name}-{version}"


def _releasable(path: Path) -> Package:
    """The package, valid, with this dataset's tables under plain names; its rows read."""
    try:
        package = load(path, read=False)
    except Fatal as fatal:
        raise InvalidData(Report(path.as_posix(), (fatal.problem,))) from None
    release_name(package, "0.0.0")
    names = [resource.get("name") if isinstance(resource, dict) else None for resource in package.descriptor["resources"]]
    if repeated := sorted({str(n) for n in names if names.count(n) > 1}):
        raise ReleaseError(f"resource name(s) {', '.join(map(repr, repeated))} appear more than once in {path}; give each table one resource")
    if missing := [n for n in TABLES if n not in package.tables and n not in package.unread]:  # a resource may not be a table
        raise ReleaseError(f"{path} lacks this dataset's table(s) {', '.join(missing)}: `toolkit release` builds the six tables "
                           f"{', '.join(TABLES)}; check the package path")
    if odd := [n for n in names if not isinstance(n, str) or not NAME.fullmatch(n)]:
        raise ReleaseError(f"resource name {odd[0]!r} cannot name a release file; use lower-case letters, digits and . _ -")
    report = check_package(package)
    if not report.valid():
        raise InvalidData(report)
    if unstorable := sqlite.unstorable({name: table.schema for name, table in package.tables.items()}):
        raise ReleaseError(unstorable)
    package.read_all()  # already read when the package is this dataset
    return package


@dataclass(frozen=True)
class Published:
    target: Path
    version: str
    delta: Delta | None
    completed: tuple[str, ...] = ()  # releases a crash had interrupted, completed first


def _previous(given: Path | str | None, package: Package, last: str, dist: Path, changelog: Path, text: str) -> Path | str:
    """The previous release: as given, else its commit in git history, else its copy in dist/."""
    if given is not None:
        return given
    repo = history.toplevel(package.root.resolve())
    if repo is not None:
        recorded = log.recorded(text, last)
        if recorded is not None and history.commit_of(recorded.commit, repo):
            return recorded.commit
        relative = changelog.resolve().relative_to(repo.resolve()).as_posix() if changelog.resolve().is_relative_to(repo.resolve()) else None
        if relative and (found := history.version_commit(repo, last, relative)):
            return found
    name = release_name(package, last)
    for candidate in (dist / name, dist / f"{name}.zip"):
        if candidate.exists():
            return candidate
    raise ReleaseError(f"the previous release {last} is neither tagged v{last} nor recorded in the git history of {changelog}, "
                       f"nor in {dist}/; pass --previous with its zip, directory or git revision")


def publish(path: Path, version: str | None, bump: Bump | None, dist: Path, changelog: Path,
            previous: Path | str | None = None, with_sources: bool = False, force: bool = False,
            allow_dirty: bool = False, with_site: bool = False) -> Published:
    """Validate, diff against the previous release, check the bump, then build and record the changelog section together."""
    wanted = parse_version(version) if version is not None else None
    package = _releasable(path)
    built = origin(package.root, allow_dirty, dist)
    with staging.locked(dist) as completed:
        log.writable(changelog)
        text = log.read(changelog)
        last = log.latest_version(text)
        wanted = wanted or parse_version(log.bumped(last, bump or "patch"))
        version = ".".join(map(str, wanted))
        given = log.bump_between(last, wanted)
        if given is None:
            raise ReleaseError(f"version {version} is not newer than {'.'.join(map(str, last or ()))}, the last in {changelog}")
        top = release_name(package, version)
        target = (dist / top).resolve()
        if target.parent != dist.resolve():
            raise ReleaseError(f"{target} is not inside {dist}/")
        if target.exists() or target.with_name(f"{top}.zip").exists():
            raise ReleaseError(f"{dist / top} already exists; a published version is never rebuilt: choose a new version")
        delta = None
        if last is not None:
            before = _previous(previous, package, ".".join(map(str, last)), dist, changelog, text)
            delta = diff(before, package.path)
            if log.too_small(given, delta.bump()) and not force:
                raise ReleaseError(f"the changes since {'.'.join(map(str, last))} call for a {delta.bump()} release, "
                                   f"not a {given} one; choose a larger version or pass --force")
        data = typed(package)
        files = release_files(package, data, version, built, with_sources, with_site)
        archive = zip_bytes(files, top, built.stamp)
        sums = {path: hashlib.sha256(content).hexdigest() for path, content in files.items()}
        sums[f"{top}.zip"] = hashlib.sha256(archive).hexdigest()
        record = log.Build(built.commit or "0" * 40, built.dirty, _created(built.stamp), FORMAT, parquet.version(), sqlite.version(), sums)
        counts = {table: len(rows) for table, rows in data.rows.items()}
        new_section = log.section(version, _created(built.stamp)[:10], delta, counts, log.unreleased_notes(text), record)
        staging.commit(dist, top, files, archive, changelog, log.updated(text, new_section))
    return Published(dist / top, version, delta, tuple(completed))


def as_text(done: Published) -> str:
    lines = [f"completed the release {name}, which was interrupted earlier" for name in done.completed]
    if done.delta is not None:
        needed = done.delta.bump()
        lines.append(f"the changes since the previous release call for a {needed} version bump" if needed else
                     "the data and its schemas are as in the previous release (only the files' format may differ)")
    lines.append(f"released {done.version}: {done.target} and {done.target}.zip")
    return "\n".join(lines)
