"""Every problem in one run: a row with a schema error still meets every rule that does not read the bad field."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from conftest import edit_table
from typer.testing import CliRunner

from toolkit.cli import app
from toolkit.engine.package import load
from toolkit.problems import Problem, problem
from toolkit.rules.checks import Dataset, run_check, typed


def test_bad_unit_wrong_offsets_and_wrong_value_in_one_run(mini: Path) -> None:
    edit_table(mini, "claims", lambda rows: rows[0].update(unit="Workers", start="32", value="400"))
    result = CliRunner().invoke(app, ["validate"])
    assert (result.exit_code, result.output) == (1, (
        "dataset/claims.csv:2 [text] error span-mismatch: The source text at 32-88 is 'ore than 450 workers at Acme Corp have "
        "signed the letter', not 'More than 450 workers at Acme Corp have signed the letter'. The text occurs at 31-88.\n"
        """dataset/claims.csv:2 [unit] error constraint-error: Value 'Workers' breaks a constraint of this field """
        """(constraint "pattern" is "^[a-z]+( [a-z]+)*$").\n"""
        "dataset/claims.csv:2 [unit] warning rule-skipped: Rule not applied to this row (field 'unit' breaks the schema; "
        "fix that and validate again): A quantity has a value and a unit.\n"
        "dataset/claims.csv:2 [unit] warning rule-skipped: Rule not applied to this row (field 'unit' breaks the schema; "
        "fix that and validate again): Quantities grouped under one fact are comparable only in one unit.\n"
        "dataset/claims.csv:2 [value] error quantity-value-mismatch: Value 400 is not a number written in the span (it says 450). "
        "Record the number as written.\n"
        "datapackage.json: invalid (3 errors, 2 warnings)\n"))


def test_a_row_with_an_invalid_field_keeps_its_valid_ones(mini: Path) -> None:
    edit_table(mini, "claims", lambda rows: rows[0].update(end="eighty-eight"))
    data = typed(load(Path("datapackage.json")))
    [(line, claim, invalid)] = data.partial["claims"]
    assert (line, invalid, claim.start, claim.end, claim.value, claim.unit) == (2, frozenset({"end"}), 31, None, 450.0, "people")
    assert [c.claim_id for _, c in data.rows["claims"]] == ["acme-quote", "acme-role"]


def test_a_rule_that_declares_nothing_says_how_many_rows_it_did_not_see(mini: Path) -> None:
    edit_table(mini, "entities", lambda rows: rows[0].update(entity_type="company"))
    seen: list[str] = []

    def check_everything(data: Dataset) -> Iterator[Problem]:
        """Every entity is looked at."""
        seen.extend(entity.entity_id for _, entity in data.rows["entities"])
        yield problem("entity-unmentioned", "x", 1, "entity_id", "x")

    found = list(run_check(check_everything, typed(load(Path("datapackage.json")))))
    assert seen == ["jane-roe"]
    assert [(p.code, p.file, p.message) for p in found][1:] == [(
        "rule-skipped", "datapackage.json", ("Rule not applied to 1 row (it has a field that breaks the schema; "
        "fix that and validate again): Every entity is looked at."))]
