"""Turn a report into what a reader needs: a terminal, a program, or a pull request.

Renderers only format; they decide nothing. `--format json` is the report's
own dictionary, so what a program reads equals what the library returned.

Every string a report carries may come from a hostile pull request (a header
label, a cell, a file name), and text reports go to terminals and CI logs: a
line break there could print a forged `::error` line or a fake verdict, and an
escape sequence could rewrite the screen. So text and annotations show every
control, line-separator and bidirectional character as its escape (`\n`,
`\x1b`, `\u202e`): one problem is always one line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from toolkit.problems import Fatal, Problem, Report, UserError

_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def printable(text: str, keep: str = "") -> str:
    """User-controlled text made safe for a terminal or a CI log: control, invisible and bidi characters
    as their escapes (`\\n`, `\\x1b`, `\\u202e`), except those in keep."""
    return _UNPRINTABLE.sub(lambda match: match.group() if match.group() in keep else ascii(match.group())[1:-1], text)


def _location(found: Problem) -> str:
    where = printable(found.file) if found.line is None else f"{printable(found.file)}:{found.line}"
    return f"{where} [{printable(found.field)}]" if found.field else where


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _summary(report: Report, strict: bool) -> str:
    counts = report.to_dict(strict)["counts"]
    verdict = "valid" if report.valid(strict) else "invalid"
    return f"{printable(report.package)}: {verdict} ({_count(counts['error'], 'error')}, {_count(counts['warning'], 'warning')})"


def as_text(report: Report, strict: bool = False) -> str:
    lines = [f"{_location(p)} {p.severity} {p.code}: {printable(p.message)}" for p in report.problems]
    return "\n".join([*lines, _summary(report, strict)])


def json_lines(report: Report, strict: bool = False) -> Iterator[str]:
    """The report's dictionary as one JSON document, written as it goes with one problem per line,
    so that a report of hundreds of thousands of problems streams to a program that reads it line by line."""
    head = report.to_dict(strict, problems=False)
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "problems": ['
    for i, found in enumerate(report.problems):
        yield ("\n" if i == 0 else ",\n") + json.dumps(found.to_dict(), ensure_ascii=False)
    yield "\n]}"


def as_json(report: Report, strict: bool = False) -> str:
    return "".join(json_lines(report, strict))


def _escape(text: str, properties: bool = False) -> str:
    """GitHub workflow-command escaping (property values also escape ':' and ','); other control characters are shown."""
    text = printable(text, keep="\r\n").replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if properties else text


def as_github(report: Report, strict: bool = False) -> str:
    lines = []
    for p in report.problems:
        level = "error" if strict or p.severity == "error" else "warning"
        props = [f"file={_escape(p.file, True)}"]
        if p.line is not None:
            props.append(f"line={p.line}")
        props.append(f"title={_escape(p.code, True)}")
        field = f"{p.field}: " if p.field else ""
        lines.append(f"::{level} {','.join(props)}::{_escape(field + p.message)}")
    return "\n".join([*lines, _summary(report, strict)])


# GitHub shows at most this many error and this many warning annotations per step; the rest are only counted.
ANNOTATIONS = 10


def as_github_first(report: Report, strict: bool = False) -> str:
    """The first errors and warnings as annotations, then a notice of how many more the job summary lists."""
    shown: list[Problem] = []
    per_level = {"error": 0, "warning": 0}
    for found in report.problems:
        level = "error" if strict or found.severity == "error" else "warning"
        if per_level[level] < ANNOTATIONS:
            shown.append(found)
        per_level[level] += 1
    lines = as_github(Report(report.package, tuple(shown)), strict).splitlines()[:-1]
    hidden = len(report.problems) - len(shown)
    if hidden:
        lines.append(f"::notice title=more problems::{hidden} more problem{'s' * (hidden != 1)} than GitHub shows as annotations: "
                     "the job summary lists all of them (toolkit validate --format markdown)")
    return "\n".join([*lines, _summary(report, strict)])


def as_markdown(report: Report, strict: bool = False) -> str:
    """The whole report as a table, for a pull request's job summary, where nothing is cut."""
    from toolkit.markdown import cell, code, table

    rows = [[code(_location(p)), str(p.severity), code(p.code), cell(p.message)] for p in report.problems]
    heading = f"## Validation\n\n{cell(_summary(report, strict))}"
    return heading if not rows else f"{heading}\n\n" + table(["where", "severity", "code", "problem"], rows)


# The renderers of whole reports by --format name (json streams instead: see json_lines).
RENDERERS: dict[str, Callable[[Report, bool], str]] = {"text": as_text, "github": as_github_first, "markdown": as_markdown}


@dataclass(frozen=True)
class Failure:
    """What the command line shows when library work raised: the problems behind it, the message, the exit code."""

    report: str | None  # on stdout, before the message
    message: str  # on stderr
    code: int


def failure(error: Exception, command: str) -> Failure:
    """An error raised by library work as the user sees it; `command` (`toolkit validate`) is the same however the
    program is called. Problems with the data or the request exit 1 with what to do; anything else is an internal
    error, one line and exit 3."""
    if isinstance(error, Fatal):
        return Failure(None, printable(f"{error.problem.file}: {error.problem.message}"), 1)
    if isinstance(error, UserError):
        return Failure(None if error.report is None else as_text(error.report), f"{command}: {error}", 1)
    if isinstance(error, OSError):  # a disk or permission failure: the writes are atomic, so no file is half-written
        return Failure(None, f"toolkit: {error}", 1)
    return Failure(None, f"toolkit: internal error: {type(error).__name__}: {error}. Rerun with --debug for the traceback.", 3)
