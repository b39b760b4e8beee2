"""The row models agree with the Table Schemas field by field (they are derived from them)."""

from __future__ import annotations

import json
import typing
from pathlib import Path

import pytest
from conftest import ROOT
from pydantic import ValidationError

from toolkit.rules.models import model_for, parse_rows

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
