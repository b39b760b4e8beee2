"""Markdown tables from untrusted text, for the README's data card and a pull request's job summary.

Cells hold what contributors wrote, and GitHub renders markdown: a pipe would
break the table, a tag or a link could change what a reviewer sees. Each cell
is one line with every control character shown as its escape, and markup
escaped.
"""

from __future__ import annotations

import re

from toolkit.render import printable

_MARKUP = re.compile(r"[\\|`*_\[\]<>&]")
_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}


def cell(text: str) -> str:
    """Untrusted text made safe inside a markdown table cell: one line, no pipe, no HTML, no markup."""
    return _MARKUP.sub(lambda match: _ENTITIES.get(match.group(), "\\" + match.group()), printable(text))


def code(text: str) -> str:
    """Text as a code span inside a markdown table cell."""
    span = f"`` {printable(text)} ``" if "`" in text else f"`{printable(text)}`"
    return span.replace("|", "\\|")


def table(header: list[str], rows: list[list[str]], numeric: frozenset[int] = frozenset()) -> str:
    """A markdown table; columns in `numeric` are right-aligned."""
    rule = ["---:" if index in numeric else "---" for index in range(len(header))]
    return "\n".join("| " + " | ".join(line) + " |" for line in [header, rule, *rows])
