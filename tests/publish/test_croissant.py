"""croissant.json's record sets follow each foreign key frictionless follows, whatever form the key is written in."""

from __future__ import annotations

from typing import Any

from toolkit.publish import croissant


def _references(foreign: list[dict[str, Any]]) -> dict[str, Any]:
    schemas = {"parents": {"fields": [{"name": "id"}]},
               "children": {"fields": [{"name": "id"}, {"name": "parent"}, {"name": "up"}], "foreignKeys": foreign}}
    document = croissant.metadata({"name": "p", "created": "2026-01-26T00:00:00Z"}, {}, schemas, "cite")
    return {field["name"]: field.get("references") for field in document["recordSet"][1]["field"]}


def test_a_reference_without_a_resource_is_to_the_table_itself_not_an_internal_error() -> None:
    """frictionless reads a reference with no "resource" as one into the table itself; it made release fail (KeyError)."""
    assert _references([{"fields": "parent", "reference": {"resource": "parents", "fields": "id"}},
                        {"fields": ["up"], "reference": {"fields": ["id"]}}]) == {
        "id": None, "parent": {"field": {"@id": "parents/id"}}, "up": None}


def test_a_bare_foreign_key_refers_to_nothing() -> None:
    """frictionless completes {"x": 1} as a key with no fields; croissant.json records no reference for it (it was a KeyError)."""
    assert _references([{"x": 1}]) == {"id": None, "parent": None, "up": None}
