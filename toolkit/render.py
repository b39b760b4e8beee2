"""Turn a report into what a reader needs: a terminal, a program, or a pull request.

Renderers only format; they decide nothing. `--format json` is the report's
own dictionary, so what a program reads equals what the library returned.
"""

from __future__ import annotations

import json
import re

from toolkit.problems import Problem, Report


def _location(found: Problem) -> str:
    where = found.file if found.line is None else f"{found.file}:{found.line}"
    return f"{where} [{found.field}]" if found.field else where


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _summary(report: Report, strict: bool) -> str:
    counts = report.to_dict(strict)["counts"]
    verdict = "valid" if report.valid(strict) else "invalid"
    return f"{report.package}: {verdict} ({_count(counts['error'], 'error')}, {_count(counts['warning'], 'warning')})"


def as_text(report: Report, strict: bool = False) -> str:
    lines = [f"{_location(p)} {p.severity} {p.code}: {p.message}" for p in report.problems]
    return "\n".join([*lines, _summary(report, strict)])


def as_json(report: Report, strict: bool = False) -> str:
    return json.dumps(report.to_dict(strict), indent=2, ensure_ascii=False)


def _escape(text: str, properties: bool = False) -> str:
    """GitHub workflow-command escaping; property values also escape ':' and ','."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
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


_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def printable(text: str) -> str:
    """User-controlled text made safe for a terminal or a CI log: control, invisible and bidi characters as escapes."""
    return _UNPRINTABLE.sub(lambda match: ascii(match.group())[1:-1], text)
