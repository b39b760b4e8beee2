"""Pydantic row models derived from the Table Schemas in `schema/`.

The Table Schemas are the contract; deriving the models from them (rather
than writing them twice) means the typed rows the integrity rules read, and
the JSON Schemas published with each release, can never drift from it.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

_PYTHON_TYPES: dict[str, Any] = {
    "string": str,
    "integer": int,
    "number": float,
    "date": datetime.date,
    "boolean": bool,
}


class Row(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    if TYPE_CHECKING:  # the fields come from the Table Schema at run time

        def __getattr__(self, name: str) -> Any: ...


def model_for(name: str, schema: dict[str, Any]) -> type[Row]:
    """Build the row model of a table from its Table Schema descriptor."""
    fields: dict[str, Any] = {}
    for spec in schema["fields"]:
        constraints = spec.get("constraints", {})
        annotation = _PYTHON_TYPES.get(spec.get("type", "string"), str)
        if "enum" in constraints:
            annotation = Literal[tuple(constraints["enum"])]
        options: dict[str, Any] = {"description": spec.get("description")}
        if "pattern" in constraints:
            options["pattern"] = constraints["pattern"]
        if "minimum" in constraints:
            options["ge"] = constraints["minimum"]
        if "maximum" in constraints:
            options["le"] = constraints["maximum"]
        if constraints.get("required"):
            fields[spec["name"]] = (annotation, Field(**options))
        else:
            fields[spec["name"]] = (annotation | None, Field(None, **options))
    title = "".join(part.capitalize() for part in name.split("_"))
    return create_model(title, __base__=Row, __doc__=schema.get("description"), **fields)


def parse_rows(name: str, schema: dict[str, Any], rows: list[dict[str, str]]) -> list[Row | None]:
    """Typed rows, or None where a row breaks the schema (the schema checks report why)."""
    model = model_for(name, schema)
    names = set(model.model_fields)
    parsed: list[Row | None] = []
    for row in rows:
        if set(row) != names:
            parsed.append(None)
            continue
        try:
            parsed.append(model.model_validate({k: (v if v != "" else None) for k, v in row.items()}))
        except ValidationError:
            parsed.append(None)
    return parsed
