from __future__ import annotations

from toolkit.problems import Report, problem
from toolkit.render import as_github, as_text


def test_github_escapes_properties_and_message() -> None:
    found = problem("csv-malformed", "data/a,b.csv", 7, reason="50% bad\nquote")
    assert as_github(Report("p", (found,))).splitlines()[0] == (
        "::error file=data/a%2Cb.csv,line=7,title=csv-malformed::"
        "The CSV cannot be parsed: 50%25 bad%0Aquote. Check the quoting around this line."
    )


def test_text_without_line_or_field() -> None:
    found = problem("package-missing", "x.json", value="x.json")
    assert as_text(Report("x.json", (found,))) == (
        "x.json error package-missing: No data package at this path. Give the path of a datapackage.json.\n"
        "x.json: invalid (1 error, 0 warnings)"
    )
