"""A set of new rows and files, checked by the same rules as `toolkit validate` before any is written.

The add commands build their rows, then validate a scratch copy of the
package before and after the change: what the change would bring is the
difference, located where the new rows would stand. Nothing reaches the
package unless that is clean, and then every file is written in one go
(see `toolkit.atomic.write_files`), so a refused or failed change leaves
the package exactly as it was.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import shlex
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.atomic import write_files
from toolkit.edit.fmt import canonical
from toolkit.edit.store import Refused, unsafe, write_blockers
from toolkit.engine.descriptor import check_descriptor
from toolkit.engine.package import DESCRIPTOR, Package, load
from toolkit.problems import Problem, Report, Severity
from toolkit.rules.checks import SOURCES
from toolkit.rules.models import check_models

if TYPE_CHECKING:
    import typer


def open_package(path: Path) -> Package:
    """Load a package to change; refuse one that a write could damage, that cannot be read whole, or whose
    descriptor is invalid (the new rows are typed and checked by its schemas)."""
    package = load(path)
    problems = write_blockers(package) + package.problems + check_descriptor(package)
    problems += [found for table in package.tables.values() if (found := unsafe(table)) is not None]
    problems += [] if problems else check_models(package)  # the new rows are typed by the row models
    if problems:
        raise Refused("the package cannot be changed safely until the problems above are fixed; nothing was written",
                      Report(package.path.as_posix(), tuple(problems)))
    return package


@dataclass(frozen=True)
class Result:
    """What a change adds, what it would bring (errors refuse it), whether it was written, and what to do next."""

    rows: dict[str, list[dict[str, str]]]  # table file -> new rows
    files: list[str]
    problems: list[Problem]
    written: bool
    next: list[str]
    notes: list[str] = field(default_factory=list)  # what the command chose not to do, and why

    @property
    def refused(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.problems)

    def to_dict(self) -> dict[str, Any]:
        return {"written": self.written, "refused": self.refused, "rows": self.rows, "files": self.files,
                "problems": [p.to_dict() for p in self.problems], "notes": self.notes, "next": self.next}


@dataclass
class Changes:
    package: Package
    rows: dict[str, list[dict[str, str]]] = field(default_factory=dict)  # table name -> new rows
    files: dict[str, bytes] = field(default_factory=dict)  # new file -> content, by path inside the package

    def contents(self) -> dict[str, bytes]:
        """Every file the change writes, by path inside the package: whole tables, in canonical form."""
        tables = {self._relative(self.package.tables[name].path): canonical(self.package.tables[name], rows)
                  for name, rows in self.rows.items() if rows}
        return {**tables, **self.files}

    def check(self, expected: frozenset[str] = frozenset()) -> list[Problem]:
        """The problems the change would bring; codes in `expected` (a step still to come) are kept as warnings."""
        with tempfile.TemporaryDirectory(prefix="toolkit-add-") as scratch:
            root = Path(scratch)
            for relative in self._package_files():
                (root / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(self.package.root / relative, root / relative)
            before = _validate(root)
            for relative, content in self.contents().items():
                (root / relative).parent.mkdir(parents=True, exist_ok=True)
                (root / relative).write_bytes(content)
            after = _validate(root)
        remaining = Counter(_identity(p) for p in before)
        brought = []
        for found in after:
            if remaining[_identity(found)] > 0:
                remaining[_identity(found)] -= 1
                continue
            relative = Path(found.file).relative_to(root).as_posix() if found.file.startswith(scratch) else found.file
            severity = Severity.WARNING if found.code in expected else found.severity
            brought.append(dataclasses.replace(found, file=self.package.display(relative), severity=severity))
        return brought

    def apply(self, write: bool, next_steps: list[str], expected: frozenset[str] = frozenset()) -> Result:
        """Check the change and, if asked and nothing refuses it, write all of it at once."""
        problems = self.check(expected)
        shown = {self.package.tables[name].file: rows for name, rows in self.rows.items() if rows}
        files = [self.package.display(relative) for relative in self.files]
        result = Result(shown, files, problems, False, next_steps)
        if not write or result.refused:
            return result
        for relative in self.files:
            (self.package.root / relative).parent.mkdir(parents=True, exist_ok=True)
        write_files({self.package.root / relative: content for relative, content in self.contents().items()})
        return dataclasses.replace(result, written=True)

    def _relative(self, path: Path) -> str:
        return Path(os.path.relpath(path, self.package.root)).as_posix()  # table paths are not resolved: symlinks are refused

    def _package_files(self) -> Iterator[str]:
        """The descriptor, every file it names inside the package, and the source texts."""
        root = self.package.root.resolve()
        yield DESCRIPTOR
        named = {self._relative(path) for value in _strings(self.package.descriptor) if (path := _file_in(root, value))}
        sources = root / SOURCES
        if sources.is_dir() and not (self.package.root / SOURCES).is_symlink():
            named |= {self._relative(path) for path in sources.iterdir() if path.is_file() and not path.is_symlink()}
        yield from sorted(named - {DESCRIPTOR})


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        if value and "\x00" not in value and "://" not in value:
            yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _file_in(root: Path, value: str) -> Path | None:
    """The regular file inside the package that a descriptor string names, if it names one."""
    try:
        path = (root / value).resolve()
        return path if path.is_relative_to(root) and path.is_file() else None
    except (OSError, ValueError):  # a description, a URL: strings that are no file name
        return None


def _validate(root: Path) -> list[Problem]:
    from toolkit.validate import validate

    return list(validate(root / DESCRIPTOR).problems)


def _identity(found: Problem) -> tuple[str, str, str | None, str | None, str]:
    """A problem apart from its line, which moves when rows are inserted above it."""
    return (found.code, found.file, found.field, found.value, found.message)


def shown(result: Result, output_format: str, ctx: typer.Context) -> str:
    """What an add command did or would do, as json (the result's dictionary) or text ending with the command to
    run next: the command as the user gave it, plus --write."""
    if output_format == "json":
        return json.dumps(result.to_dict(), indent=2, ensure_ascii=False)
    return as_text(result, command_line(ctx, "--write"))


def command_line(ctx: typer.Context, *extra: str) -> str:
    """The command as the user gave it (defaults left out), plus `extra`: the exact command to run next."""
    words = ["toolkit", *ctx.command_path.split()[1:]]
    for param in ctx.command.params:
        value = ctx.params.get(param.name or "")
        if param.param_type_name == "argument":
            words.append(str(value))
        elif value not in (None, False) and value != param.default:
            words += [param.opts[0]] if getattr(param, "is_flag", False) else [param.opts[0], str(value)]
    return shlex.join([*words, *extra])


def as_text(result: Result, again: str = "") -> str:
    """The rows as CSV under their file, the problems, and what to run next (`again`: the command that writes)."""
    from toolkit.render import as_text as problems_as_text
    from toolkit.render import printable

    lines = []
    for file, rows in result.rows.items():
        lines.append(f"{file}: {'added' if result.written else 'would add'} {len(rows)} row{'s' * (len(rows) != 1)}")
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows({name: printable(value) for name, value in row.items()} for row in rows)  # one row, one line
        lines += ["  " + line for line in buffer.getvalue().splitlines()]
    lines += [f"{file}: {'written' if result.written else 'would be written'}" for file in result.files]
    lines += result.notes
    if result.problems:
        lines += problems_as_text(Report("", tuple(result.problems))).splitlines()[:-1]
    if result.refused:
        lines.append("refused: nothing was written; fix the problems above and run the command again")
    elif result.written:
        lines += ["written; next:", *(f"  {step}" for step in result.next)]
    else:
        lines += ["nothing written yet; to write all of it:", f"  {again}"]
    return "\n".join(lines)
