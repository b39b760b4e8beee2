"""The descriptor gets frictionless's verdict, located, before any row is read, whichever path reads them."""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import frictionless
import pytest
from conftest import MINI, ROOT

from toolkit.engine import descriptor as checker
from toolkit.engine.fast import Checked
from toolkit.engine.package import load
from toolkit.problems import Fatal
from toolkit.validate import validate

DP = "datapackage.json"
Change = Callable[[dict[str, Any]], Any]


def _edit(package: Path, change: Change, file: str = DP) -> None:
    descriptor = json.loads((package / file).read_text(encoding="utf-8"))
    change(descriptor)
    (package / file).write_text(json.dumps(descriptor, indent=2), encoding="utf-8")


def _resource(**keys: Any) -> Change:
    return lambda d: d["resources"][0].update(keys)


def _field(**keys: Any) -> Change:
    return lambda d: d["fields"][0].update(keys)


def _constraint(**keys: Any) -> Change:
    return lambda d: d["fields"][0].setdefault("constraints", {}).update(keys)


# name -> (file to change, change, (code, file, field) expected); the code is frictionless's error type
CASES: dict[str, tuple[str, Change, tuple[str, str, str | None]]] = {
    "resource-name-capitals": (DP, _resource(name="Entities"), ("resource-error", DP, "resources[0].name")),
    "resource-name-space": (DP, _resource(name="my entities"), ("resource-error", DP, "resources[0].name")),
    "created-yesterday": (DP, lambda d: d.update(created="yesterday"), ("package-error", DP, "created")),
    "version-number": (DP, lambda d: d.update(version=1), ("package-error", DP, "version")),
    "keywords-string": (DP, lambda d: d.update(keywords="a,b"), ("package-error", DP, "keywords")),
    "title-number": (DP, lambda d: d.update(title=3), ("package-error", DP, "title")),
    "description-list": (DP, _resource(description=["x"]), ("resource-error", DP, "resources[0].description")),
    "mediatype-number": (DP, _resource(mediatype=1), ("resource-error", DP, "resources[0].mediatype")),
    "rdftype-number": ("schema/entities.json", _field(rdfType=1), ("field-error", "schema/entities.json", "fields[0].rdfType")),
    "required-yes": ("schema/entities.json", _constraint(required="yes"),
                     ("field-error", "schema/entities.json", "fields[0].constraints.required")),
    "bogus-profile": (DP, lambda d: d.update(profile="bogus"), ("metadata-error", DP, "profile")),
    "tabular-package-untyped-resource": (DP, lambda d: (d.update(profile="tabular-data-package"), d["resources"][2].pop("profile")),
                                         ("package-error", DP, "profile")),
    "licence-without-name-or-path": (DP, lambda d: d.update(licenses=[{"title": "Some licence"}]), ("package-error", DP, "licenses")),
    "duplicate-resource-names": (DP, _resource(name="articles"), ("package-error", DP, "resources")),
    "primary-key-not-a-field": ("schema/facts.json", lambda d: d.update(primaryKey=["nothing"]),
                                ("schema-error", "schema/facts.json", "primaryKey")),
    "constraint-unsupported": ("schema/facts.json", _constraint(minimum=3), ("field-error", "schema/facts.json", "fields[0].constraints")),
    "field-name-missing": ("schema/facts.json", lambda d: d["fields"][1].pop("name"),
                           ("field-error", "schema/facts.json", "fields[1]")),
    "schema-file-missing": (DP, _resource(schema="schema/nothing.json"), ("schema-error", DP, "resources[0].schema")),
    "dialect-file-missing": (DP, _resource(dialect="nothing.json"), ("dialect-error", DP, "resources[0].dialect")),
}


@pytest.mark.parametrize("case", CASES)
def test_descriptor_gets_frictionless_verdict(mini: Path, case: str) -> None:
    file, change, expected = CASES[case]
    _edit(mini, change, file)
    found = {(p.code, p.file, p.field) for p in validate(Path(DP)).problems}
    assert found == {expected}
    report = frictionless.validate(DP)
    assert [error.type for error in report.errors] == [expected[0]]  # the code is frictionless's error type
    assert all(p.line is None for p in validate(Path(DP)).problems)


@pytest.mark.parametrize(("file", "kind"), [("schema/entities.json", "schema-error"), ("dialect.json", "dialect-error")])
def test_a_schema_or_dialect_file_that_is_not_json_is_frictionless_error_there(mini: Path, file: str, kind: str) -> None:
    if file == "dialect.json":
        _edit(mini, _resource(dialect=file))
    (mini / file).write_bytes(b'{"fields": [')
    [found] = validate(Path(DP)).problems
    assert (found.code, found.file, found.line, found.field) == (kind, file, None, None)
    assert found.message.endswith(f'cannot retrieve metadata "{file}" because "Expecting value: line 1 column 13 (char 12)". '
                                  f"Correct it as the {'Table Schema' if kind == 'schema-error' else 'CSV Dialect'} specification says.")
    assert [error.type for error in frictionless.validate(DP).errors] == [kind]


def test_errors_alike_each_stand_at_their_own_field(mini: Path) -> None:
    """Two fields without a name are two errors with one note; each stands at its field, none is lost
    (found in a published package, splor-mg/ementario, where only the last one was reported)."""
    _edit(mini, lambda d: [d["fields"][i].pop("name") for i in (0, 2)], "schema/facts.json")
    found = [(p.code, p.file, p.field) for p in validate(Path(DP)).problems]
    assert found == [("field-error", "schema/facts.json", "fields[0]"), ("field-error", "schema/facts.json", "fields[2]")]
    assert [error.type for error in frictionless.validate(DP).errors] == ["field-error", "field-error"]


def test_message_is_frictionless_own(mini: Path) -> None:
    _edit(mini, lambda d: d.update(version=1))
    [found] = validate(Path(DP)).problems
    assert found.message == ("The data package has an error: 1 is not of type 'string' at property 'version'. "
                             "Correct the descriptor as the Data Package specification says.")


@pytest.mark.parametrize("path", ["dataset/sources/acme-letter.txt", "shapes.geojson"])
def test_non_tabular_resource_is_valid(mini: Path, path: str) -> None:
    (mini / "shapes.geojson").write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    _edit(mini, lambda d: d["resources"].append({"name": "other", "path": path}))
    assert validate(Path(DP)).problems == ()
    assert frictionless.validate(DP).valid


def test_the_bundled_descriptor_is_proved_valid_without_frictionless() -> None:
    checker._plain(load(ROOT / DP, read=False))


# The differential test: whatever `_plain` proves valid, frictionless finds valid.

VALUES: list[Any] = [None, 0, 1, -1, 1.5, True, "", "x", "UPPER", "a b", "2026-01-01T00:00:00Z", "yesterday", [], ["a"], [1],
                     {}, {"name": "x"}, "\u0000", "x" * 5000, "fmt:%Y", "default", "email", "data-package",
                     "tabular-data-package", "tabular-data-resource", [{"name": "x"}], [{"title": "x"}]]
PLACES: list[tuple[Any, ...]] = [
    ("name",), ("title",), ("description",), ("version",), ("created",), ("keywords",), ("licenses",), ("licenses", 0, "name"),
    ("licenses", 0, "path"), ("sources",), ("contributors",), ("profile",), ("homepage",), ("image",), ("id",), ("fields",),
    ("resources", 0, "name"), ("resources", 0, "title"), ("resources", 0, "format"), ("resources", 0, "encoding"),
    ("resources", 0, "mediatype"), ("resources", 0, "bytes"), ("resources", 0, "hash"), ("resources", 0, "profile"),
    ("resources", 0, "licenses"), ("resources", 0, "sources"), ("resources", 0, "schema"), ("resources", 0, "custom"),
    ("resources", 0, "schema", "fields"), ("resources", 0, "schema", "primaryKey"), ("resources", 0, "schema", "missingValues"),
    ("resources", 0, "schema", "name"), ("resources", 0, "schema", "foreignKeys"), ("resources", 0, "schema", "fields", 0),
    ("resources", 0, "schema", "fields", 0, "name"), ("resources", 0, "schema", "fields", 0, "type"),
    ("resources", 0, "schema", "fields", 0, "format"), ("resources", 0, "schema", "fields", 0, "rdfType"),
    ("resources", 0, "schema", "fields", 0, "constraints"), ("resources", 0, "schema", "fields", 0, "bareNumber"),
    ("resources", 0, "schema", "fields", 0, "constraints", "required"), ("resources", 0, "schema", "fields", 0, "constraints", "enum"),
    ("resources", 0, "schema", "fields", 0, "constraints", "pattern"), ("resources", 0, "schema", "fields", 0, "constraints", "minimum"),
    ("resources", 0, "schema", "fields", 0, "constraints", "minLength"), ("resources", 0, "schema", "fields", 0, "constraints", "unique"),
    ("resources", 0, "schema", "fields", 1, "type"), ("resources", 0, "schema", "fields", 1, "constraints", "minimum"),
    ("resources", 0, "schema", "foreignKeys", 0, "fields"), ("resources", 0, "schema", "foreignKeys", 0, "reference"),
    ("resources", 0, "schema", "foreignKeys", 0, "reference", "fields"),
]


@pytest.fixture(scope="module")
def inline(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """The mini package with its schemas inline (so that every key is in one document)."""
    root = tmp_path_factory.mktemp("inline")
    shutil.copytree(MINI, root, dirs_exist_ok=True)
    descriptor = json.loads((root / DP).read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        resource["schema"] = json.loads((ROOT / resource["schema"]).read_text(encoding="utf-8"))
    descriptor["resources"].insert(0, descriptor["resources"].pop(5))  # claims: keys, integers, a foreign key
    return root, descriptor


def _set(descriptor: dict[str, Any], place: tuple[Any, ...], value: Any) -> None:
    node = descriptor
    for step in place[:-1]:
        node = node[step]
    node[place[-1]] = copy.deepcopy(value)


@pytest.mark.parametrize("place", PLACES, ids=lambda place: ".".join(map(str, place)))
def test_what_plain_accepts_frictionless_accepts(inline: tuple[Path, dict[str, Any]], place: tuple[Any, ...]) -> None:
    root, base = inline
    for value in VALUES:
        descriptor = copy.deepcopy(base)
        _set(descriptor, place, value)
        (root / "mutated.json").write_text(json.dumps(descriptor), encoding="utf-8")
        try:
            package = load(root / "mutated.json", read=False)
            checker._plain(package)
        except (Fatal, checker._Unsure):
            continue
        report = frictionless.Package.validate_descriptor(copy.deepcopy(descriptor), basepath=str(root))
        assert report.valid, (value, report.flatten(["type", "note"]))


def test_plain_accepts_common_variants(inline: tuple[Path, dict[str, Any]]) -> None:
    """The differential test is not vacuous: these valid variants are proved valid without frictionless."""
    root, base = inline
    for place, value in [(("created",), "2026-01-01T00:00:00Z"), (("id",), "x"), (("keywords",), ["a"]),
                         (("resources", 0, "bytes"), 10), (("resources", 0, "custom"), {}), (("version",), "x")]:
        descriptor = copy.deepcopy(base)
        _set(descriptor, place, value)
        (root / "mutated.json").write_text(json.dumps(descriptor), encoding="utf-8")
        checker._plain(load(root / "mutated.json", read=False))


@pytest.mark.parametrize(("resource", "file"), [(3, "dataset/facts.csv"), (-1, "dataset/sources/acme-letter.txt")])
def test_the_frictionless_path_reports_bytes_and_hash(mini: Path, monkeypatch: pytest.MonkeyPatch, resource: int, file: str) -> None:
    """Declared `bytes` and `hash` a file does not have (datasets/euribor publishes such a package)."""
    declined = lambda package: Checked(paths={name: "declined for the test" for name in package.tables})
    monkeypatch.setattr("toolkit.engine.fast.check", declined)  # as when the fast path declines every table
    _edit(mini, lambda d: d["resources"].append({"name": "letter", "path": "dataset/sources/acme-letter.txt"}))
    _edit(mini, lambda d: d["resources"][resource].update(
        bytes=5, hash="sha256:" + "0" * 64))
    found = {(p.code, p.file, p.line, p.field) for p in validate(Path(DP)).problems}
    assert found == {("byte-count", file, None, "bytes"), ("hash-count", file, None, "hash")}
