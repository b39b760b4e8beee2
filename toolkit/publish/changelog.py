"""Version bookkeeping in CHANGELOG.md: the last released version, and the section a new release adds.

The changelog is the record of what each release changed, so the release
command writes it from the diff rather than trusting memory, and refuses a
version bump smaller than the diff calls for.
"""

from __future__ import annotations

import re
from pathlib import Path

from toolkit.atomic import write_bytes
from toolkit.publish.diff import Bump, Delta

_VERSION_HEADING = re.compile(r"^## \[?(\d+)\.(\d+)\.(\d+)\]?", re.MULTILINE)
_UNRELEASED = re.compile(r"^## Unreleased\n(?P<body>.*?)(?=^## |\Z)", re.MULTILINE | re.DOTALL)
_RANK: dict[str | None, int] = {None: 0, "patch": 1, "minor": 2, "major": 3}


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


def section(version: str, date: str, delta: Delta | None, counts: dict[str, int], notes: str) -> str:
    lines = [f"## [{version}] - {date}", ""]
    if notes.strip():
        lines += [notes.strip(), ""]
    lines.append("Rows per table: " + ", ".join(f"{name} {n}" for name, n in sorted(counts.items())) + ".")
    if delta is not None:
        lines += ["", "Changes since the previous release:", ""]
        lines += [f"- schema: {line}" for line in delta.schema]
        for name, t in sorted(delta.tables.items()):
            if t.added or t.changed or t.removed:
                lines.append(f"- {name}: {len(t.added)} added, {len(t.changed)} changed, {len(t.removed)} removed")
        if not delta.schema and delta.bump() is None:
            lines.append("- no data changes")
    return "\n".join(lines) + "\n"


def record(path: Path, new_section: str) -> None:
    """Move the Unreleased notes into the new version's section, atomically."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Changelog\n\n## Unreleased\n\n"
    if _UNRELEASED.search(text):
        text = _UNRELEASED.sub(lambda _: "## Unreleased\n\n" + new_section + "\n", text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + new_section
    write_bytes(path, text.encode("utf-8"))


def unreleased_notes(path: Path) -> str:
    found = _UNRELEASED.search(path.read_text(encoding="utf-8")) if path.exists() else None
    return found["body"] if found else ""
