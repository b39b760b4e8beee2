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


def test_help_compiles_no_annotation() -> None:
    """typer reads every command's annotations on each start: as objects they cost nothing, as strings (PEP 563)
    each is compiled again, a sixth of `toolkit --help`."""
    import subprocess
    import sys

    code = ("import sys, typing; from toolkit.cli import app; compiled = []; init = typing.ForwardRef.__init__; "
            "typing.ForwardRef.__init__ = lambda self, *a, **k: (compiled.append(a[0]), init(self, *a, **k))[1]; "
            "app(['--help'], standalone_mode=False); print(compiled)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[-1] == "[]"


def test_github_annotations_stop_at_what_github_shows(mini: Path) -> None:
    """GitHub shows 10 error and 10 warning annotations per step: the rest are counted, and the summary has them all."""
    from conftest import edit_table

    set_cell(mini, "claims", 0, "value", "400")
    edit_table(mini, "entities", lambda rows: rows.extend({**rows[0], "entity_id": f"ghost-{n:02}"} for n in range(12)))
    result = runner.invoke(app, ["validate", "--format", "github"])
    lines = result.output.splitlines()
    assert result.exit_code == 1
    assert sum(line.startswith("::error ") for line in lines) == 10
    assert lines[-2:] == [
        ("::notice title=more problems::3 more problems than GitHub shows as annotations: the job summary lists all of them "
        "(toolkit validate --format markdown)"),
        "datapackage.json: invalid (13 errors, 0 warnings)",
    ]


def test_markdown_report_for_the_job_summary(mini: Path) -> None:
    set_cell(mini, "claims", 0, "value", "4|0<0>")
    result = runner.invoke(app, ["validate", "--format", "markdown"])
    assert result.exit_code == 1
    assert result.output == (
        "## Validation\n\n"
        "datapackage.json: invalid (1 error, 2 warnings)\n\n"
        "| where | severity | code | problem |\n"
        "| --- | --- | --- | --- |\n"
        "| `dataset/claims.csv:2 [value]` | warning | `rule-skipped` | Rule not applied to this row (field 'value' breaks the schema; "
        "fix that and validate again): A quantity has a value and a unit. |\n"
        "| `dataset/claims.csv:2 [value]` | warning | `rule-skipped` | Rule not applied to this row (field 'value' breaks the schema; "
        "fix that and validate again): A quantity's value is a number written in its span. |\n"
        "| `dataset/claims.csv:2 [value]` | error | `type-error` | Value '4\\|0&lt;0&gt;' is not valid for this field "
        "(type is \"number/default\"). Write it in the field's type. |\n"
    )


def test_exit_codes_are_the_readmes(mini: Path) -> None:
    """0 valid, 1 invalid or refused, 2 usage error: as the README's table of exit codes says."""
    (mini / "empty").mkdir()
    missing = runner.invoke(app, ["validate", "empty"])
    assert missing.exit_code == 2 and "empty holds no datapackage.json" in missing.output  # a usage error
    assert runner.invoke(app, ["validate", "--no-such-option"]).exit_code == 2
    assert runner.invoke(app, ["add", "mention", "acme-letter"]).exit_code == 2
    assert runner.invoke(app, ["add", "mention", "acme-letter", "Nobody Here", "jane-roe"]).exit_code == 1
    assert runner.invoke(app, ["fmt", "--check"]).exit_code == 0
