"""Write the generated blocks of the data card into README.md, or say that what is written is stale.

A block stands between `<!-- generated: NAME -->` and `<!-- /generated -->`;
what is between is replaced by `toolkit.publish.card.fragments`' block of
that name, on its own lines. So a
correct contribution needs `toolkit docs`, never a hand edit of a count, and
CI's `toolkit docs --check` catches a README that no longer matches the data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from toolkit.atomic import write_bytes
from toolkit.edit.store import Refused
from toolkit.engine.package import load
from toolkit.problems import Fatal

MARKER = re.compile(r"(<!-- generated: ([\w-]+) -->)(.*?)(<!-- /generated -->)", re.DOTALL)


def fill(document: str, blocks: dict[str, str]) -> str:
    """The document with every marked block replaced; refuse a marker no block fills."""
    unknown = sorted({match[2] for match in MARKER.finditer(document)} - set(blocks))
    if unknown:
        raise Refused(f"no generated block is named {unknown[0]!r}; the names are {', '.join(sorted(blocks))}")

    return MARKER.sub(lambda match: f"{match[1]}\n{blocks[match[2]]}\n{match[4]}", document)


@dataclass(frozen=True)
class Outcome:
    file: str
    stale: bool  # the file differed from the data (rewritten unless checking)


def docs(package_path: Path, readme: Path, check: bool = False) -> Outcome:
    """Fill the README's generated blocks from the package; with check, only say whether they are stale."""
    from toolkit.publish.card import fragments
    from toolkit.rules.checks import typed

    package = load(package_path)
    if package.problems:
        raise Fatal(package.problems[0])
    try:
        written = readme.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise Refused(f"{readme} cannot be read as UTF-8 text ({error})") from None
    if not MARKER.search(written):
        raise Refused(f"{readme} has no <!-- generated: NAME --> markers to fill")
    generated = fill(written, fragments(typed(package)))
    stale = generated != written
    if stale and not check:
        write_bytes(readme, generated.encode("utf-8"))
    return Outcome(readme.as_posix(), stale)
