from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from toolkit.cli import app
from toolkit.problems import Report, problem
from toolkit.render import as_github, as_text, printable


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


FORGED = "x\n::error file=dataset/claims.csv,line=1::forged\ndatapackage.json: valid (0 errors, 0 warnings)"


def _extra_label(package: Path, label: str) -> None:
    header = 'fact_id,question,answer_kind,changes_over_time,notes,"' + label.replace('"', '""') + '"\n'
    (package / "dataset" / "facts.csv").write_text(header + "signatory-count,How many?,quantity,yes,,\n", encoding="utf-8")


@pytest.mark.parametrize("output_format", ["text", "github"])
def test_a_header_label_cannot_forge_lines(mini: Path, output_format: str) -> None:
    """A label with line breaks is one problem on one line; no forged annotation, no fake verdict."""
    _extra_label(mini, FORGED)
    result = CliRunner().invoke(app, ["validate", "--format", output_format])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert len(lines) == 3
    assert lines[-1] == "datapackage.json: invalid (1 error, 1 warning)"
    assert not any(line.startswith("::error file=dataset/claims.csv") for line in lines)
    label = "x\\n::error file=dataset/claims.csv,line=1::forged\\ndatapackage.json: valid (0 errors, 0 warnings)"
    expected = (f"dataset/facts.csv:1 [{label}]" if output_format == "text" else
                "::error file=dataset/facts.csv,line=1,title=extra-label::" + label.replace("\\n", "%0A")
                + f": The header has column '{label}', which the schema does not define. Remove it or add it to the schema.")
    assert [line.split(" error ")[0] for line in lines if "extra-label" in line] == [expected]


def test_escape_sequences_are_shown_not_run(mini: Path) -> None:
    _extra_label(mini, "\x1b]0;pwned\x07\x1b[2J\u202egnp.exe\u2028x\x9b")
    result = CliRunner().invoke(app, ["validate"])
    assert result.exit_code == 1
    assert not any(ch in result.output for ch in "\x1b\x07\u202e\u2028\x9b")
    assert "[\\x1b]0;pwned\\x07\\x1b[2J\\u202egnp.exe\\u2028x\\x9b]" in result.output


def test_printable() -> None:
    assert printable("a\nb\tc\x1b[0m\u202e\\n") == "a\\nb\\tc\\x1b[0m\\u202e\\n"
    assert printable("a\r\nb", keep="\r\n") == "a\r\nb"


def test_json_streams_one_problem_per_line(mini: Path) -> None:
    """A report of many problems is one JSON document a program can read line by line."""
    rows = "".join(f"Q{i},How many?,quantity,yes,\n" for i in range(3000))  # capitals break the pattern
    (mini / "dataset" / "facts.csv").write_text("fact_id,question,answer_kind,changes_over_time,notes\n" + rows, encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", "--format", "json"])
    lines = result.output.splitlines()
    document = json.loads(result.output)
    assert document["counts"]["error"] + document["counts"]["warning"] == len(document["problems"]) > 3000
    assert lines[0].startswith('{"package": "datapackage.json", "valid": false') and lines[-1] == "]}"
    assert [json.loads(line.rstrip(",")) for line in lines[1:-1]] == document["problems"]


def test_long_values_are_cut() -> None:
    found = problem("extra-label", "t.csv", 1, "x" * 5000, "x" * 5000)
    assert found.value == "x" * 1000 + "… (5,000 characters)" and len(found.message) < 1200


def test_failures_are_a_message_and_an_exit_code() -> None:
    """What library work raises, as the command line shows it: the data or the request exit 1, anything else 3."""
    from toolkit.problems import Fatal, UserError
    from toolkit.render import Failure, failure

    missing = problem("package-missing", "x.json", value="x.json")
    assert failure(Fatal(missing), "toolkit validate") == Failure(
        None, "x.json: No data package at this path. Give the path of a datapackage.json.", 1)
    refused = UserError("the data is invalid", Report("x.json", (missing,)))
    assert failure(refused, "toolkit release") == Failure(as_text(Report("x.json", (missing,))), "toolkit release: the data is invalid", 1)
    assert failure(PermissionError(13, "Permission denied"), "toolkit fmt") == Failure(None, "toolkit: [Errno 13] Permission denied", 1)
    assert failure(KeyError("x"), "toolkit diff") == Failure(
        None, "toolkit: internal error: KeyError: 'x'. Rerun with --debug for the traceback.", 3)
