"""Pydantic row models derived from the Table Schemas in `schema/`.

The Table Schemas are the contract; deriving the models from them (rather
than writing them twice) means the typed rows the integrity rules read, and
the JSON Schemas published with each release, can never drift from it.
"""

from __future__ import annotations

import datetime
import functools
import json
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from toolkit.engine.package import Package
from toolkit.problems import Problem, problem

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


class Unmodelled(Exception):
    """A Table Schema the row models cannot take (frictionless may accept it: an empty enum, a bound that is
    not a number, a pattern pydantic's regex engine refuses); the rules are written for this dataset's schemas."""

    def __init__(self, table: str, field: str, reason: str, key: str = "") -> None:
        super().__init__(f"field {field!r} of table {table!r}: {reason}")
        self.table, self.field, self.reason, self.key = table, field, reason, key  # key: within the field, e.g. constraints.enum


def model_for(name: str, schema: dict[str, Any]) -> type[Row]:
    """Build the row model of a table from its Table Schema descriptor; raise Unmodelled for a field it cannot take.

    Built once per name and schema: a run checks the schemas, types the rows and publishes their JSON Schemas
    from the same models, and pydantic takes milliseconds to build each."""
    return _model(name, json.dumps(schema, sort_keys=True))


@functools.cache
def _model(name: str, schema_json: str) -> type[Row]:
    schema = json.loads(schema_json)
    fields: dict[str, Any] = {spec["name"]: _field(name, spec) for spec in schema["fields"]}
    title = "".join(part.capitalize() for part in name.split("_"))
    try:
        return create_model(title, __base__=Row, __doc__=schema.get("description"), **fields)
    except Exception as error:  # noqa: BLE001 - pydantic's own refusal of a field (a pattern it cannot compile...)
        for field, definition in fields.items():
            try:
                create_model(title, __base__=Row, **{field: definition})
            except Exception as refused:  # noqa: BLE001 - the same, field by field, to say which
                raise Unmodelled(name, field, f"{type(refused).__name__}: {refused}".splitlines()[0]) from None
        raise Unmodelled(name, "", f"{type(error).__name__}: {error}".splitlines()[0]) from None


def _field(table: str, spec: dict[str, Any]) -> tuple[Any, Any]:
    """A field's annotation and pydantic Field, from its type and constraints."""
    constraints = spec.get("constraints", {})
    annotation = _PYTHON_TYPES.get(spec.get("type", "string"), str)
    if "enum" in constraints:
        enum = constraints["enum"]
        if not isinstance(enum, list) or not enum or not all(isinstance(v, str | int | float) for v in enum):
            raise Unmodelled(table, spec["name"], "its enum is not a non-empty list of values", "constraints.enum")
        annotation = Literal[tuple(enum)]
    options: dict[str, Any] = {"description": spec.get("description")}
    if "pattern" in constraints:
        options["pattern"] = constraints["pattern"]
    for key, bound in (("minimum", "ge"), ("maximum", "le")):
        if key in constraints:
            if annotation not in (int, float) or not isinstance(constraints[key], int | float) or isinstance(constraints[key], bool):
                raise Unmodelled(table, spec["name"], f"its {key} is not a number bounding a number", f"constraints.{key}")
            options[bound] = constraints[key]
    if constraints.get("required"):
        return annotation, Field(**options)
    return annotation | None, Field(None, **options)


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


def check_models(package: Package) -> list[Problem]:
    """rules-unsupported, located at the field of the schema (inline or in its file), for each table whose
    schema the row models cannot take; before any rule reads a row, so none meets an internal error."""
    problems = []
    for index, resource in enumerate(package.descriptor.get("resources", [])):
        if not isinstance(resource, dict) or (table := package.tables.get(resource.get("name"))) is None:  # type: ignore[arg-type]
            continue
        try:
            model_for(table.name, table.schema)
        except Unmodelled as error:
            names = [spec.get("name") for spec in table.schema["fields"]]
            where = f"fields[{names.index(error.field)}]" if error.field in names else "fields"
            where += f".{error.key}" if error.key else ""
            schema = resource.get("schema")
            file, where = (package.display(schema), where) if isinstance(schema, str) else (package.descriptor_file, f"resources[{index}].schema.{where}")
            problems.append(problem("rules-unsupported", file, None, where, reason=error.reason))
    return problems
