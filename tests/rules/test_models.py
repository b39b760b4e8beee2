"""The row models agree with the Table Schemas field by field (they are derived from them)."""

from __future__ import annotations

import json
import typing
from pathlib import Path

import pytest
from conftest import ROOT
from pydantic import ValidationError
from typer.testing import CliRunner

from toolkit.cli import app
from toolkit.rules.models import Unmodelled, model_for, parse_rows

SCHEMAS = sorted((ROOT / "schema").glob("*.json"))


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.stem)
def test_model_matches_schema(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    model = model_for(path.stem, schema)
    assert list(model.model_fields) == [f["name"] for f in schema["fields"]]
    for spec in schema["fields"]:
        info = model.model_fields[spec["name"]]
        constraints = spec.get("constraints", {})
        assert info.is_required() == bool(constraints.get("required")), spec["name"]
        assert info.description == spec["description"]
        if "enum" in constraints:
            args = typing.get_args(info.annotation)
            literal = args[0] if type(None) in args else info.annotation
            assert list(typing.get_args(literal)) == constraints["enum"]
        if "pattern" in constraints:
            assert any(getattr(m, "pattern", None) == constraints["pattern"] for m in info.metadata)


def test_every_field_is_documented() -> None:
    for path in SCHEMAS:
        schema = json.loads(path.read_text(encoding="utf-8"))
        assert schema.get("primaryKey"), path.name
        assert all(f.get("description") for f in schema["fields"]), path.name


def test_models_are_strict_about_values() -> None:
    schema = json.loads((ROOT / "schema" / "claims.json").read_text(encoding="utf-8"))
    model = model_for("claims", schema)
    with pytest.raises(ValidationError):
        model(claim_id="Not A Slug", article_id="a", claim_type="quote", start=0, end=1, text="x", paraphrase="y")
    assert parse_rows("claims", schema, [{"claim_id": "x"}]) == [None]


@pytest.mark.parametrize(("constraints", "key", "reason"), [
    ({"enum": []}, "constraints.enum", "its enum is not a non-empty list of values"),
    ({"enum": [{"x": 1}]}, "constraints.enum", "its enum is not a non-empty list of values"),
    ({"minimum": "x"}, "constraints.minimum", "its minimum is not a number bounding a number"),
    ({"maximum": True}, "constraints.maximum", "its maximum is not a number bounding a number"),
])
def test_a_schema_the_models_cannot_take_is_named_not_a_crash(constraints: dict[str, object], key: str, reason: str) -> None:
    schema = {"fields": [{"name": "id", "type": "string"}, {"name": "n", "type": "integer", "constraints": constraints}]}
    with pytest.raises(Unmodelled) as refused:
        model_for("things", schema)
    assert (refused.value.table, refused.value.field, refused.value.key, refused.value.reason) == ("things", "n", key, reason)


def test_pydantic_s_own_refusal_is_located_at_its_field() -> None:
    schema = {"fields": [{"name": "id", "type": "string"}, {"name": "code", "type": "string", "constraints": {"pattern": "("}}]}
    with pytest.raises(Unmodelled) as refused:
        model_for("things", schema)
    assert (refused.value.field, refused.value.key) == ("code", "")
    assert refused.value.reason.startswith("SchemaError: ")


def test_validate_and_add_report_the_field_the_rules_cannot_model(mini: Path) -> None:
    """An empty enum passes frictionless but no row model takes it: rules-unsupported at the schema's field, exit 1."""
    path = mini / "schema" / "claims.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["fields"][2]["constraints"]["enum"] = []
    path.write_text(json.dumps(schema), encoding="utf-8")
    expected = ("schema/claims.json [fields[2].constraints.enum] error rules-unsupported: The dataset's integrity rules cannot "
                "read its tables with these schemas (its enum is not a non-empty list of values). Keep the schemas' types and "
                "constraints to what the dataset uses.")
    validated = CliRunner().invoke(app, ["validate"])
    assert (validated.exit_code, validated.output.splitlines()[-2]) == (1, expected)
    added = CliRunner().invoke(app, ["add", "entity", "john-doe", "John Doe", "--type", "person", "--description", "Someone."])
    assert (added.exit_code, added.output) == (1, (f"{expected}\ndatapackage.json: invalid (1 error, 0 warnings)\n"
                                                   "toolkit add entity: the package cannot be changed safely until the problems above "
                                                   "are fixed; nothing was written\n"))
