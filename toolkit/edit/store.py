"""Reading and writing tables for the commands that change them, so that no write loses a cell.

`fmt` and the `add` commands rewrite whole tables. A table is written back only
when what was read is all there is (the header names each column once, every
row has one cell per column), and only to its own resource's path: two
resources sharing a name or a file stop every write, since a lookup by name
would write one table over the other. Texts a contributor brings in are read
only from regular files of bounded size, so a FIFO or /dev/zero cannot hang or
exhaust a command.
"""

from __future__ import annotations

import os
import stat
from collections import defaultdict
from pathlib import Path

from toolkit.engine.package import Package, Table
from toolkit.problems import Problem, UserError, problem

MAX_TEXT = 5_000_000  # bytes of one source text; the longest stored is 5,000


class Refused(UserError):
    """A change was refused before anything was written; the message (and report) say why."""


def write_blockers(package: Package) -> list[Problem]:
    """Problems that make any write unsafe: resources sharing a name or a file."""
    shown = package.descriptor_file
    by_name: dict[str, list[int]] = defaultdict(list)
    by_file: dict[Path, list[int]] = defaultdict(list)
    written: dict[Path, str] = {}
    for index, resource in enumerate(package.descriptor.get("resources", [])):
        if not isinstance(resource, dict):
            continue
        if isinstance(resource.get("name"), str):
            by_name[resource["name"]].append(index)
        if isinstance(resource.get("path"), str):
            resolved = (package.root / resource["path"]).resolve()
            by_file[resolved].append(index)
            written.setdefault(resolved, resource["path"])
    found = []
    for what, groups in (("name", by_name), ("file", by_file)):
        for key, indexes in groups.items():
            if len(indexes) > 1:
                value = key if isinstance(key, str) else written[key]
                where = ", ".join(f"resources[{i}]" for i in indexes)
                found.append(problem("resource-repeated", shown, None, f"resources[{indexes[1]}]", value, what=what, where=where))
    return found


def unsafe(table: Table) -> Problem | None:
    """Why rewriting this table from its rows would lose or move cells, if it would."""
    repeated = sorted({label for label in table.header if table.header.count(label) > 1})
    if repeated:
        return problem("table-not-rewritable", table.file, 1, None, repeated[0], reason=f"the header repeats column {repeated[0]!r}")
    width = len(table.header)
    for line, cells in zip(table.lines, table.widths):
        if cells != width:
            return problem("table-not-rewritable", table.file, line, None, None, reason=f"this row has {cells} cells, the header {width}")
    return None


def read_text(path: Path) -> bytes:
    """The bytes of a contributor's text file; refuse what is not a regular, non-empty, bounded file."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO opens at once instead of waiting for a writer
    except OSError as error:
        raise Refused(f"{path}: cannot be opened ({error.strerror})") from None
    with os.fdopen(handle, "rb") as stream:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise Refused(f"{path} is not a regular file; save the text to a file and give its path")
        raw = stream.read(MAX_TEXT + 1)
    if len(raw) > MAX_TEXT:
        raise Refused(f"{path} is over {MAX_TEXT:,} bytes; is it really one article's text?")
    if not raw.strip():
        raise Refused(f"{path} is empty; save the article's text in it")
    return raw


def inside(package: Package, relative: str) -> Path:
    """Where a new file of the package goes; refuse a path through a symlink or over an existing file."""
    target = package.root / relative
    for parent in reversed(target.relative_to(package.root).parents[:-1]):
        step = package.root / parent
        if step.is_symlink():
            raise Refused(f"{package.display(parent.as_posix())} is a symbolic link; the package's files must be inside it")
        if step.exists() and not step.is_dir():
            raise Refused(f"{package.display(parent.as_posix())} is not a directory")
    if os.path.lexists(target):
        raise Refused(f"{package.display(relative)} already exists; choose another id")
    return target
