"""Version bookkeeping in CHANGELOG.md: the released versions, and the section a new release adds.

The changelog is the record of what each release changed, so the release
command writes it from the diff rather than trusting memory, and refuses a
version bump smaller than the diff calls for. Each section also records what
the release was built from (commit, time, format) and the SHA-256 of every
file, so that `toolkit release --rebuild` can check a past version from any
clone, and a downloader can check a zip against the notes.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

from toolkit.problems import UserError
from toolkit.publish.diff import Bump, Delta

_VERSION_HEADING = re.compile(r"^## \[?(\d+)\.(\d+)\.(\d+)\]?", re.MULTILINE)
_UNRELEASED = re.compile(r"^## Unreleased[ \t]*\n(?P<body>.*?)(?=^## |\Z)", re.MULTILINE | re.DOTALL)
_SUBSECTION = re.compile(r"^### (?P<title>.+)$", re.MULTILINE)
_BUILT = re.compile(r"^Built from commit `(?P<commit>[0-9a-f]{40})`(?P<dirty> with uncommitted changes)? "
                    r"at `(?P<created>[0-9TZ:-]+)`, release format (?P<format>\d+), pyarrow (?P<pyarrow>\S+), SQLite (?P<sqlite>\S+)\.$",
                    re.MULTILINE)
_SUM = re.compile(r"^(?P<digest>[0-9a-f]{64})  (?P<path>\S.*)$", re.MULTILINE)
_RANK: dict[str | None, int] = {None: 0, "patch": 1, "minor": 2, "major": 3}
NEW = "# Changelog\n\n## Unreleased\n\n"


class ChangelogError(UserError):
    """The changelog cannot be read or written; the message says what to do."""


@dataclass(frozen=True)
class Build:
    """What a release was built from, as its changelog section records it."""

    commit: str
    dirty: bool
    created: str  # 2026-01-26T00:00:00Z
    release_format: int
    pyarrow: str  # the Parquet files' bytes depend on it
    sqlite: str  # and the database's on SQLite's
    sums: dict[str, str]  # path -> SHA-256, the zip included

    def stamp(self) -> int:
        return int(datetime.datetime.strptime(self.created, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.UTC).timestamp())


def read(path: Path) -> str:
    """The changelog's text ('' if it does not exist yet); a located error if it is not UTF-8 text."""
    if not path.exists():
        return ""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ChangelogError(f"{path}:{line}: byte {raw[error.start]:#04x} is not UTF-8; save the changelog as UTF-8 text") from None


def writable(path: Path) -> None:
    """Refuse a changelog its owner made read-only (even root would otherwise replace it)."""
    if path.exists() and not path.stat().st_mode & 0o200:
        raise ChangelogError(f"{path} is read-only; make it writable (chmod u+w) so the release can record its section")


def latest_version(text: str) -> tuple[int, int, int] | None:
    found = _VERSION_HEADING.search(text)
    return (int(found[1]), int(found[2]), int(found[3])) if found else None


def bumped(version: tuple[int, int, int] | None, bump: Bump) -> str:
    major, minor, patch = version or (0, 0, 0)
    if bump == "major":
        return f"{major + 1}.0.0"
    if bump == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def bump_between(old: tuple[int, int, int] | None, new: tuple[int, int, int]) -> Bump | None:
    if old is None or new[0] > old[0]:
        return "major"
    if new[1] > old[1]:
        return "minor"
    return "patch" if new[2] > old[2] else None


def too_small(given: Bump | None, needed: Bump | None) -> bool:
    return _RANK[given] < _RANK[needed]


def section(version: str, date: str, delta: Delta | None, counts: dict[str, int], notes: str, build: Build) -> str:
    """The version's section: dataset changes (the notes', then the diff's), toolkit changes, then the build record."""
    parts = _subsections(notes)
    lines = [f"## [{version}] - {date}", ""]
    if parts.get(""):
        lines += [parts.pop(""), ""]
    lines += ["### Dataset", ""]
    if parts.get("Dataset"):
        lines += [parts.pop("Dataset"), ""]
    parts.pop("Dataset", None)
    lines.append("Rows per table: " + ", ".join(f"{name} {n}" for name, n in sorted(counts.items())) + ".")
    if delta is not None:
        lines += ["", "Changes since the previous release:", ""]
        lines += [f"- schema: {line}" for line in delta.schema]
        for name, t in sorted(delta.tables.items()):
            if t.added or t.changed or t.removed:
                lines.append(f"- {name}: {len(t.added)} added, {len(t.changed)} changed, {len(t.removed)} removed")
        if not delta.schema and delta.bump() is None:
            lines.append("- no data changes")
    for title, body in parts.items():
        if body:
            lines += ["", f"### {title}", "", body]
    dirty = " with uncommitted changes" if build.dirty else ""
    lines += ["", "<details><summary>Files and their SHA-256</summary>", "",
              (f"Built from commit `{build.commit}`{dirty} at `{build.created}`, release format {build.release_format}, "
              f"pyarrow {build.pyarrow}, SQLite {build.sqlite}."), "", "```text"]
    lines += [f"{digest}  {path}" for path, digest in sorted(build.sums.items())]
    lines += ["```", "", "</details>"]
    return "\n".join(lines) + "\n"


def recorded(text: str, version: str) -> Build | None:
    """The build record of a version's section, if the release that wrote it recorded one."""
    body = _section_body(text, version)
    built = _BUILT.search(body) if body is not None else None
    if body is None or built is None:
        return None
    sums = {found["path"]: found["digest"] for found in _SUM.finditer(body)}
    return Build(built["commit"], bool(built["dirty"]), built["created"], int(built["format"]), built["pyarrow"], built["sqlite"], sums)


def updated(text: str, new_section: str) -> str:
    """The changelog with the Unreleased notes moved into the new version's section."""
    text = text or NEW
    if _UNRELEASED.search(text):
        return _UNRELEASED.sub(lambda match: "## Unreleased\n\n" + _empty_headings(match["body"]) + new_section + "\n",
                               text, count=1)
    return text.rstrip("\n") + "\n\n" + new_section


def unreleased_notes(text: str) -> str:
    found = _UNRELEASED.search(text)
    return found["body"] if found else ""


def _section_body(text: str, version: str) -> str | None:
    heading = re.compile(r"^## \[?" + re.escape(version) + r"\]?(?:\s|$)", re.MULTILINE)
    found = heading.search(text)
    if found is None:
        return None
    following = _VERSION_HEADING.search(text, found.end())
    return text[found.end() : following.start() if following else len(text)]


def _subsections(notes: str) -> dict[str, str]:
    """Notes by `### ` heading, in order ('' for text before the first heading), each stripped."""
    parts: dict[str, str] = {}
    titles = list(_SUBSECTION.finditer(notes))
    parts[""] = notes[: titles[0].start() if titles else len(notes)].strip()
    for index, title in enumerate(titles):
        end = titles[index + 1].start() if index + 1 < len(titles) else len(notes)
        parts[title["title"].strip()] = notes[title.end() : end].strip()
    return parts


def _empty_headings(notes: str) -> str:
    """The Unreleased subsection headings, emptied for the next release's notes."""
    titles = [title["title"].strip() for title in _SUBSECTION.finditer(notes)]
    return "".join(f"### {title}\n\n" for title in titles)
