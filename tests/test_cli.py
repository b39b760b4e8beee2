"""The CLI: exit codes, exact output, and JSON equal to the library's report."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import set_cell
from typer.testing import CliRunner

from toolkit.cli import app
from toolkit.validate import validate

runner = CliRunner()


def test_valid_package_exits_0(mini: Path) -> None:
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0
    assert result.output == "datapackage.json: valid (0 errors, 0 warnings)\n"


def test_invalid_package_exits_1_with_located_message(mini: Path) -> None:
    set_cell(mini, "claims", 0, "value", "400")
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 1
    assert result.output == (
        "dataset/claims.csv:2 [value] error quantity-value-mismatch: Value 400 is not a number written in the span "
        "(it says 450). Record the number as written.\n"
        "datapackage.json: invalid (1 error, 0 warnings)\n"
    )


def test_json_equals_library_report(mini: Path) -> None:
    set_cell(mini, "claims", 0, "value", "400")
    set_cell(mini, "entities", 0, "notes", "@home")
    result = runner.invoke(app, ["validate", "--format", "json"])
    assert result.exit_code == 1
    assert json.loads(result.output) == validate(Path("datapackage.json")).to_dict()


def test_github_annotations_point_at_the_line(mini: Path) -> None:
    set_cell(mini, "mentions", 2, "entity_id", "nobody")
    result = runner.invoke(app, ["validate", "--format", "github"])
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert first.startswith("::error file=dataset/mentions.csv,line=4,title=foreign-key::entity_id: 'nobody' refers to no row")


def test_strict_turns_warnings_into_failure(mini: Path) -> None:
    from conftest import edit_table

    edit_table(mini, "mentions", lambda rows: rows.pop(3))
    assert runner.invoke(app, ["validate"]).exit_code == 0
    strict = runner.invoke(app, ["validate", "--strict", "--format", "github"])
    assert strict.exit_code == 1
    assert strict.output.splitlines()[0].startswith("::error file=dataset/sources/acme-letter.txt,line=4,title=unannotated-mention::")


def test_missing_package_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path / "none.json")])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_unknown_format_is_a_usage_error(mini: Path) -> None:
    assert runner.invoke(app, ["validate", "--format", "xml"]).exit_code == 2


def test_internal_error_is_one_line_without_traceback(mini: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def broken(path: Path) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("toolkit.validate.validate", broken)
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 3
    assert result.output == "toolkit: internal error: RuntimeError: boom. Rerun with --debug for the traceback.\n"
    assert isinstance(runner.invoke(app, ["--debug", "validate"]).exception, RuntimeError)


def test_help_imports_neither_frictionless_nor_pyarrow() -> None:
    import subprocess
    import sys

    code = ("import sys; from toolkit.cli import app; app(['--help'], standalone_mode=False); "
            "print('frictionless' in sys.modules, 'pyarrow' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split()[-2:] == ["False", "False"]
