"""Build the site from a package or a release directory, and write it into --out as one swap.

The site is rendered in memory (`pages`), then written to a fresh directory
beside --out and renamed into place, so a reader never sees half a site and a
failed build leaves the previous one. A directory is replaced only if an
earlier build left its marker in it: --out can never wipe anything else.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from toolkit.engine.archive import unpack
from toolkit.engine.package import Package, load
from toolkit.problems import Fatal, Report, UserError
from toolkit.publish.site.pages import Download, Release, UnsafeName, pages
from toolkit.rules.checks import Dataset, check_sources, typed
from toolkit.validate import check_package

MARKER = ".toolkit-site"
MARKER_TEXT = b"A static site built by `toolkit site`; the next build replaces this directory whole.\n"
SUMS = "SHA256SUMS"
DOWNLOADS = "files/"
_SUM_LINE = re.compile(r"^([0-9a-f]{64}) [ *](\S.*)$")


class SiteError(UserError):
    """The site cannot be built or written; the message says why and what to do."""


class InvalidData(SiteError):
    def __init__(self, report: Report) -> None:
        super().__init__("the data is invalid; fix the problems above and build the site again", report)


@dataclass(frozen=True)
class Built:
    out: Path
    pages: int
    release: str | None  # the version, when built from a release directory


def build_site(path: Path, out: Path) -> Built:
    """Validate the package at `path` (working package, release directory or zip), render its site, write it to `out`."""
    if path.is_file() and zipfile.is_zipfile(path):
        with tempfile.TemporaryDirectory(prefix="toolkit-site-") as scratch:
            try:
                descriptor = unpack(path, Path(scratch))
            except Fatal as fatal:
                raise InvalidData(Report(path.as_posix(), (fatal.problem,))) from None
            return build_site(descriptor, out)
    package, data = _read(path)
    release, copies = _release(package)
    try:
        files = pages(data, release)
    except UnsafeName as error:
        raise SiteError(f"{error}; the site names its pages after ids") from None
    files.update({f"{DOWNLOADS}{name}": content for name, content in copies.items()})
    files[MARKER] = MARKER_TEXT
    write_site(files, out, package.root)
    return Built(out, sum(name.endswith(".html") for name in files), release.version if release else None)


def as_text(built: Built) -> str:
    release = f" of release {built.release}" if built.release else ""
    return f"built {built.pages} pages{release} in {built.out}; open {built.out / 'index.html'}"


def release_site(data: Dataset, files: Mapping[str, bytes], version: str, created: str) -> dict[str, bytes]:
    """The site to put under site/ inside a release, linking to the release's `files` one directory up.

    `files` are the release's other files by path; the site lists each with its SHA-256, and shows an
    article's full text only where the release holds it (built with --with-sources).
    """
    downloads = tuple(Download(name, len(content), hashlib.sha256(content).hexdigest()) for name, content in sorted(files.items()))
    held = {article.article_id: files[article.source_path].decode("utf-8")
            for _, article in data.rows["articles"] if article.source_path in files}
    try:
        return pages(replace(data, texts=held), Release(version, created, downloads, "../"))
    except UnsafeName as error:
        raise SiteError(f"{error}; the site names its pages after ids") from None


def _read(path: Path) -> tuple[Package, Dataset]:
    try:
        package = load(path, read=False)
    except Fatal as fatal:
        raise InvalidData(Report(path.as_posix(), (fatal.problem,))) from None
    report = check_package(package)
    if not report.valid():
        raise InvalidData(report)
    if not package.is_ours():
        raise SiteError(f"{package.path} is not a tech-ice-coverage package: the site needs its six tables")
    package.read_all()
    data = typed(package)
    for _ in check_sources(data):  # fills data.texts; what it finds, validation has reported
        pass
    return package, data


def _release(package: Package) -> tuple[Release | None, dict[str, bytes]]:
    """A release directory's files, as its SHA256SUMS lists them, each checked against its sum."""
    sums_path = package.root / SUMS
    if not sums_path.is_file():
        return None, {}
    copies: dict[str, bytes] = {}
    downloads = []
    for number, line in enumerate(sums_path.read_text(encoding="utf-8").splitlines(), 1):
        match = _SUM_LINE.match(line)
        if not match:
            raise SiteError(f"{sums_path}:{number}: not a line of sha256sum output; the release is damaged")
        digest, name = match.groups()
        try:
            content = package.resolve(name, sums_path.as_posix(), number).read_bytes()
        except Fatal as fatal:
            raise SiteError(f"{sums_path}:{number}: {fatal.problem.message}") from None
        if hashlib.sha256(content).hexdigest() != digest:
            raise SiteError(f"{name} does not match its sum in {sums_path}; the release is damaged: download it again")
        copies[name] = content
        downloads.append(Download(name, len(content), digest))
    copies[SUMS] = sums_path.read_bytes()
    downloads.append(Download(SUMS, len(copies[SUMS]), hashlib.sha256(copies[SUMS]).hexdigest()))
    descriptor = package.descriptor
    version, created = str(descriptor.get("version", "")), str(descriptor.get("created", ""))
    return Release(version, created, tuple(sorted(downloads, key=lambda d: d.path)), DOWNLOADS), copies


def write_site(files: dict[str, bytes], out: Path, package_root: Path) -> None:
    """Write `files` as the whole content of `out`, replacing an earlier site there and nothing else."""
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise SiteError(f"{out} exists and is not a directory; choose another --out")
    resolved = out.resolve()
    if package_root.resolve().is_relative_to(resolved):
        raise SiteError(f"{out} holds the package itself; choose another --out")
    if out.exists() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise SiteError(f"{out} is not empty and is not a site built by `toolkit site`; choose another --out or empty it")
    for name in files:
        relative = PurePosixPath(name)
        if relative.is_absolute() or ".." in relative.parts:
            raise SiteError(f"{name!r} would be written outside {out}")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.new-"))
    retired = None
    try:
        for name in sorted(files):
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[name])
            os.chmod(target, 0o644)
        for directory in sorted({p for p in staging.rglob("*") if p.is_dir()} | {staging}):
            os.chmod(directory, 0o755)
        if out.exists():
            retired = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.old-"))
            os.replace(out, retired / "site")
        os.rename(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if retired is not None and not out.exists():
            os.replace(retired / "site", out)
        raise
    finally:
        if retired is not None:
            shutil.rmtree(retired, ignore_errors=True)
