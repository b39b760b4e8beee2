"""Write the generated blocks of the data card into README.md, or say that what is written is stale.

A block stands between `<!-- generated: NAME -->` and `<!-- /generated -->`;
what is between is replaced by `toolkit.publish.card.fragments`' block of
that name, on its own lines (or inline, for a one-line block whose markers
share a line), by the table of a release's files, or by the table of
commands, read from the command line itself (each command's usage, help and
options). So a correct
contribution needs `toolkit docs`, never a hand edit of a count, and CI's
`toolkit docs --check` catches a README that no longer matches the data or
the commands.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.atomic import write_bytes
from toolkit.edit.store import Refused
from toolkit.engine.package import load
from toolkit.markdown import cell, code, table
from toolkit.problems import Fatal
from toolkit.validate import check_package

MARKER = re.compile(r"(<!-- generated: ([\w-]+) -->)(.*?)(<!-- /generated -->)", re.DOTALL)


def fill(document: str, blocks: dict[str, str]) -> str:
    """The document with every marked block replaced; refuse a marker no block fills."""
    unknown = sorted({match[2] for match in MARKER.finditer(document)} - set(blocks))
    if unknown:
        raise Refused(f"no generated block is named {unknown[0]!r}; the names are {', '.join(sorted(blocks))}")

    def filled(match: re.Match[str]) -> str:
        if "\n" not in match[3] and "\n" not in blocks[match[2]]:  # written inline, within a sentence: kept on its line
            return f"{match[1]}{blocks[match[2]]}{match[4]}"
        return f"{match[1]}\n{blocks[match[2]]}\n{match[4]}"

    return MARKER.sub(filled, document)


@dataclass(frozen=True)
class Outcome:
    file: str
    stale: bool  # the file differed from the data (rewritten unless checking)


def docs(package_path: Path, readme: Path, check: bool = False) -> Outcome:
    """Fill the README's generated blocks from the package; with check, only say whether they are stale."""
    from toolkit.publish.card import fragments
    from toolkit.publish.datacard import files_table
    from toolkit.rules.checks import typed

    package = load(package_path)
    if package.problems:
        raise Fatal(package.problems[0])
    if not (report := check_package(package)).valid():  # counts of rows that break their schema would be wrong, or fail
        raise Refused("the generated blocks are derived from valid data; fix the problems above and run it again", report)
    try:
        written = readme.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise Refused(f"{readme} cannot be read as UTF-8 text ({error})") from None
    if not MARKER.search(written):
        raise Refused(f"{readme} has no <!-- generated: NAME --> markers to fill")
    blocks = {**fragments(typed(package)), "commands": commands_table(_command_line()),
              "release-files": files_table(str(package.descriptor.get("name", "<name>")))}
    generated = fill(written, blocks)
    stale = generated != written
    if stale and not check:
        write_bytes(readme, generated.encode("utf-8"))
    return Outcome(readme.as_posix(), stale)


def as_text(outcome: Outcome, check: bool = False) -> str:
    return f"{outcome.file} {('is stale: run toolkit docs' if check else 'updated') if outcome.stale else 'is up to date'}"


def _command_line() -> Any:
    """The `toolkit` command as click sees it; imported here, late, as the command line is the layer above."""
    import typer

    from toolkit.cli import app

    return typer.main.get_command(app)


def commands_table(group: Any, path: str = "toolkit") -> str:
    """A row per command of a click group (sub-groups included): its usage, its help, its other options."""
    return table(["command", "what it does", "options"], list(_command_rows(group, path)))


def _command_rows(group: Any, path: str) -> Iterator[list[str]]:
    for name, command in group.commands.items():
        if getattr(command, "hidden", False):
            continue
        if hasattr(command, "commands"):
            yield from _command_rows(command, f"{path} {name}")
            continue
        usage, options = [f"{path} {name}"], list[str]()
        for param in command.params:
            if param.param_type_name == "argument":
                metavar = (param.metavar or param.name).upper()
                usage.append(metavar if param.required else f"[{metavar}]")
            elif param.name != "help":
                shown = param.opts[0] if param.is_flag else f"{param.opts[0]} {_metavar(param)}"
                (usage if param.required else options).append(shown)
        what = " ".join((command.help or "").split())
        yield [code(" ".join(usage)), cell(what), ", ".join(code(option) for option in options)]


def _metavar(option: Any) -> str:
    choices = getattr(option.type, "choices", None)
    return option.metavar or ("|".join(map(str, choices)) if choices else option.name.upper())
