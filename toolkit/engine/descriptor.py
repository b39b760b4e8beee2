"""The descriptor's verdict, as frictionless gives it, before any row is read, whichever path reads them.

Frictionless checks a package's metadata (the package, its resources, their
schemas, dialects, licences and profiles) before its rows, and refuses the
rows of a package whose descriptor is invalid. The toolkit does the same, and
frictionless decides: its own metadata validation runs (confined, see
`confine`) and its errors are located (the file, and the key as a path such as
`resources[0].name`) and keep frictionless's error type as their code.

Importing frictionless costs about 0.15 s, more than validating the bundled
dataset, so the common descriptor is first proved valid here: `_plain` knows
the part of frictionless's rules that published packages use (types of the
standard keys, v1 names, licences, keys that refer to fields, constraints a
field type supports) and answers only when it is certain. Anything else,
invalid or merely unusual, goes to frictionless. A differential test holds
`_plain` to frictionless's verdict on mutations of real descriptors.
"""

from __future__ import annotations

import copy
import datetime
import os
import re
from collections.abc import Callable, Iterator
from typing import Any

from toolkit.engine.boundary import PACKAGE_PROFILES, RESOURCE_PROFILES, read_metadata
from toolkit.engine.package import Package
from toolkit.problems import METADATA_CODES, Fatal, Problem, problem

_NAME = re.compile(r"^([-a-z0-9._/])+$")  # frictionless's settings.NAME_PATTERN, the Data Package v1 name
_CREATED = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)?$")
_PROPERTY = re.compile(r" at property '([^']*)'$")
# frictionless's notes that name their key otherwise: the key they concern
_NOTED = ((re.compile(r'^property "([A-Za-z$]+)'), None), (re.compile(r"^license requires"), "licenses"),
          (re.compile(r'^profile "'), "profile"), (re.compile(r"^names of the resources"), "resources"),
          (re.compile(r"^names of the fields"), "fields"), (re.compile(r"^primary key"), "primaryKey"),
          (re.compile(r"^foreign key"), "foreignKeys"), (re.compile(r'^constraint "'), "constraints"),
          (re.compile(r'^"(\w+)" should be set'), None), (re.compile(r"^one of the properties|^properties \"path\""), "path"))
Check = Callable[[Any], bool]


class _Unsure(Exception):
    """The descriptor is not certainly valid: frictionless decides."""


def check_descriptor(package: Package) -> list[Problem]:
    """frictionless's verdict on the descriptor (and the schema and dialect files it names), located."""
    try:
        _plain(package)
    except _Unsure:
        return list(_frictionless_problems(package))
    return []


def _require(condition: bool) -> None:
    if not condition:
        raise _Unsure


def _text(value: Any) -> bool:
    return isinstance(value, str)


def _texts(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _integer(value: Any) -> bool:
    return type(value) is int


def _name(value: Any) -> bool:
    return isinstance(value, str) and _NAME.search(value) is not None


def _created(value: Any) -> bool:
    if not isinstance(value, str) or not _CREATED.match(value):
        return False
    try:
        datetime.datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _records(keys: set[str], rule: Check = lambda item: True) -> Check:
    """A list of objects whose listed keys are strings; an e-mail address is left to frictionless's checker."""
    return lambda value: isinstance(value, list) and all(
        isinstance(item, dict) and all(_text(item[key]) for key in keys & item.keys()) and not item.get("email") and rule(item)
        for item in value)


_LICENSES = _records({"name", "path", "title"}, lambda item: bool(item.get("name") or item.get("path")))
_COMMON: dict[str, Check] = {
    "name": _name, "title": _text, "description": _text, "homepage": _text, "licenses": _LICENSES,
    "sources": _records({"title", "path", "email"}),
}
_PACKAGE: dict[str, Check] = {
    **_COMMON, "image": _text, "version": _text, "created": _created, "keywords": _texts,
    "contributors": _records({"title", "path", "email", "organisation", "role"}), "profile": lambda v: _text(v) and v in PACKAGE_PROFILES,
}
_RESOURCE: dict[str, Check] = {
    **_COMMON, "path": lambda v: isinstance(v, str) and bool(v), "format": _text, "mediatype": _text, "encoding": _text,
    "hash": _text, "bytes": _integer, "profile": lambda v: _text(v) and v in RESOURCE_PROFILES,
}
# Keys frictionless reads beyond their type, or rewrites before checking: only frictionless judges them.
_PACKAGE_OTHERS = {"$schema", "$frictionless", "profiles", "type", "missingValues", "fields"}
_RESOURCE_OTHERS = {"$schema", "profiles", "type", "layout", "url", "stats", "hashing", "sha256", "md5", "data", "extrapaths",
                    "dialect", "scheme", "compression", "innerpath", "fields", "rows", "missingValues", "contributors"}
_SCHEMA_OTHERS = {"$schema", "type", "fieldsMatch"}
_FIELD_OTHERS = {"example", "missingValues", "required"}
_CONSTRAINTS = {
    "string": {"required", "unique", "minLength", "maxLength", "pattern", "enum"},
    **{kind: {"required", "unique", "minimum", "maximum", "enum"} for kind in ("integer", "number", "date", "datetime", "time", "year", "yearmonth")},
    "boolean": {"required", "unique", "enum"},
    "any": {"required", "unique", "enum"},
}
_CONSTRAINT_TYPES: dict[str, Check] = {
    "required": lambda v: isinstance(v, bool), "unique": lambda v: isinstance(v, bool), "pattern": _text,
    "enum": lambda v: isinstance(v, list), "minLength": _integer, "maxLength": _integer,
    "minimum": lambda v: True, "maximum": lambda v: True,
}
_FIELD_TYPES: dict[str, dict[str, Check]] = {
    "integer": {"bareNumber": lambda v: isinstance(v, bool)},
    "number": {"bareNumber": lambda v: isinstance(v, bool), "floatNumber": lambda v: isinstance(v, bool),
               "decimalChar": _text, "groupChar": _text},
    "boolean": {"trueValues": _texts, "falseValues": _texts},
}
_STRING_FORMATS = {"default", "email", "uri", "binary", "uuid", "wkt"}


def _keys(descriptor: dict[str, Any], checks: dict[str, Check], others: set[str]) -> None:
    _require(not others & descriptor.keys())
    for key, rule in checks.items():
        if key in descriptor:
            _require(rule(descriptor[key]))


def _plain(package: Package) -> None:
    """Return if frictionless certainly finds the descriptor valid; raise _Unsure otherwise."""
    descriptor = package.descriptor
    _keys(descriptor, _PACKAGE, _PACKAGE_OTHERS)
    resources = descriptor["resources"]
    _require(all(isinstance(resource, dict) for resource in resources))
    names = [resource.get("name") for resource in resources]
    _require(_texts(names) and len(set(names)) == len(names))
    for resource in resources:
        _keys(resource, _RESOURCE, _RESOURCE_OTHERS)
        _require("name" in resource and "path" in resource)
        if descriptor.get("profile") == "tabular-data-package":
            _require(resource.get("profile") == "tabular-data-resource")
        if "schema" in resource:
            table = package.tables.get(resource["name"])
            _require(table is not None and bool(resource["schema"]))
            _schema(table.schema if table else {})
        else:
            _require(resource.get("profile") != "tabular-data-resource")


def _schema(schema: dict[str, Any]) -> None:
    _keys(schema, {"title": _text, "description": _text, "name": _name, "missingValues": _texts}, _SCHEMA_OTHERS)
    fields = schema.get("fields")
    if not isinstance(fields, list):
        raise _Unsure
    _require(all(isinstance(spec, dict) for spec in fields))
    names = [spec.get("name") for spec in fields]
    _require(_texts(names) and len(set(names)) == len(names))
    for spec in fields:
        _field(spec)
    _require(_keyed(schema.get("primaryKey", []), names))
    foreign = schema.get("foreignKeys", [])
    _require(isinstance(foreign, list))
    for key in foreign:
        _require(isinstance(key, dict) and isinstance(key.get("reference"), dict))
        source, target = key.get("fields"), key["reference"].get("fields")
        _require(_keyed(source, names) and _keyed(target, None) and _text(key["reference"].get("resource", "")))
        _require(len(_as_list(source)) == len(_as_list(target)) > 0)


def _keyed(value: Any, names: list[Any] | None) -> bool:
    """A key is a field name or a list of them (an empty string is not a key); None: any names."""
    items = _as_list(value)
    return (value != "" and _texts(items)) and (names is None or all(item in names for item in items))


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _field(spec: dict[str, Any]) -> None:
    kind = spec.get("type", "string")
    _require(_text(kind) and kind in _CONSTRAINTS)
    checks = {"name": _text, "type": _text, "title": _text, "description": _text, "rdfType": _text,
              "format": (lambda v: _text(v) and v in _STRING_FORMATS) if kind == "string" else (lambda v: _text(v) and not v.startswith("fmt:")),
              "constraints": lambda v: isinstance(v, dict), **_FIELD_TYPES.get(kind, {})}
    _keys(spec, checks, _FIELD_OTHERS)
    _require("name" in spec)
    constraints = spec.get("constraints", {})
    for key, value in constraints.items():
        _require(key in _CONSTRAINTS[kind] and _CONSTRAINT_TYPES[key](value))


def _frictionless_problems(package: Package) -> Iterator[Problem]:
    """frictionless's own metadata validation, confined, each error located in the file and at the key it concerns.

    Schema and dialect files are validated one by one: frictionless reads them lazily from a
    descriptor given as a dictionary, and they are where a reader has to look anyway.
    """
    import frictionless

    from toolkit.engine.confine import confined

    shown = package.descriptor_file
    found: list[tuple[Any, str, str | None]] = []
    try:
        with confined(package.root):
            report = frictionless.Package.validate_descriptor(_for_frictionless(package), basepath=str(package.root))
            if report.errors:
                places = _places(package.descriptor, shown, package)
                found += _placed(report.errors, places, (shown, None))
            for i, resource in enumerate(package.descriptor["resources"]):
                for key, kind in (("schema", frictionless.Schema), ("dialect", frictionless.Dialect)):
                    if isinstance(resource, dict) and isinstance(resource.get(key), str):
                        found += _file_errors(package, resource[key], kind, f"resources[{i}].{key}")
    except Exception as unexpected:  # noqa: BLE001 - frictionless raised on a value it did not expect: the descriptor cannot be used
        yield problem("package-invalid", shown, reason=f"frictionless cannot read it ({type(unexpected).__name__}: {unexpected})")
        return
    for error, file, where in found:
        inner = _key(error.note)
        if inner:
            where = f"{where}.{inner}" if where else inner
        yield problem(metadata_code(error.type), file, None, where, note=error.note)


def _file_errors(package: Package, relative: str, kind: Any, where: str) -> list[tuple[Any, str, str | None]]:
    """frictionless's errors about a schema or dialect file, located in it; a missing file is its schema-error
    or dialect-error ("cannot retrieve metadata") at the key that names it."""
    path = package.root / relative
    if not path.is_file():
        note = f"cannot retrieve metadata {relative!r}: no such file in the package"
        return [(kind.metadata_Error(note=note), package.descriptor_file, where)]
    errors = kind.validate_descriptor(str(path)).errors
    file = package.display(relative)
    try:
        document = read_metadata(path, file)
    except Fatal:  # not UTF-8 JSON: frictionless's error stands at the file
        document = None
    places = _places(document, file, None) if errors and isinstance(document, dict) else {}
    return _placed(errors, places, (file, None))


def metadata_code(kind: str) -> str:
    """The problem code of a frictionless metadata error: its own type; a type the toolkit has no template
    for (all are kinds of metadata error) as the general `metadata-error`."""
    return kind if kind in METADATA_CODES else "metadata-error"


def _for_frictionless(package: Package) -> dict[str, Any]:
    """A copy of the descriptor, with a custom profile's path made relative to the working directory,
    from which frictionless reads it (the trust boundary has checked it is inside the package)."""
    descriptor = copy.deepcopy(package.descriptor)
    parts = [(descriptor, PACKAGE_PROFILES)] + [(r, RESOURCE_PROFILES) for r in descriptor["resources"] if isinstance(r, dict)]
    for part, standard in parts:
        profile = part.get("profile")
        if isinstance(profile, str) and profile not in standard:
            part["profile"] = os.path.relpath(package.root / profile)
    return descriptor


Places = dict[tuple[str, str], list[tuple[str, str | None]]]  # (type, note) -> where errors alike stand, in order


def _places(document: Any, file: str, package: Package | None) -> Places:
    """Where each error frictionless can report about a document (a package descriptor, or else a schema
    or dialect) stands: found by validating its parts one by one, and kept from the finest parts that report it
    (three fields without a name: each field, not their schema three times)."""
    import frictionless

    places: Places = {}
    depths: dict[tuple[str, str], int] = {}

    def note(kind: Any, part: Any, where: str | None, depth: int) -> None:
        if isinstance(part, dict):
            for error in kind.validate_descriptor(copy.deepcopy(part)).errors:
                key = (error.type, error.note)
                if depths.get(key, -1) < depth:
                    depths[key], places[key] = depth, []
                if depths[key] == depth:
                    places[key].append((file, where))

    def schema(part: Any, prefix: str | None, depth: int) -> None:
        note(frictionless.Schema, part, prefix, depth)
        fields = part.get("fields") if isinstance(part, dict) else None
        for j, spec in enumerate(fields if isinstance(fields, list) else []):
            note(frictionless.Field, spec, f"{prefix}.fields[{j}]" if prefix else f"fields[{j}]", depth + 1)

    if package is None:
        schema(document, None, 0) if "fields" in document else note(frictionless.Dialect, document, None, 0)
        return places
    for i, resource in enumerate(document["resources"]):
        if isinstance(resource, dict):
            note(frictionless.Resource, resource, f"resources[{i}]", 0)
            schema(resource.get("schema"), f"resources[{i}].schema", 1)
            note(frictionless.Dialect, resource.get("dialect"), f"resources[{i}].dialect", 1)
    return places


def _placed(errors: list[Any], places: Places, default: tuple[str, str | None]) -> list[tuple[Any, str, str | None]]:
    """Each error with its place: errors alike take the places found for them in turn (the last one again if
    frictionless reports more of them), an error no part reports stands at `default`."""
    taken: dict[tuple[str, str], int] = {}
    placed = []
    for error in errors:
        key = (error.type, error.note)
        spots = places.get(key) or [default]
        placed.append((error, *spots[min(taken.get(key, 0), len(spots) - 1)]))
        taken[key] = taken.get(key, 0) + 1
    return placed


def _key(note: str) -> str | None:
    """The key a frictionless note is about, as a path (`constraints.required`, `fields[0]`)."""
    found = _PROPERTY.search(note)
    if found and found.group(1):
        return re.sub(r"/(\d+)(?=/|$)", r"[\1]", found.group(1)).replace("/", ".")
    for pattern, key in _NOTED:
        if match := pattern.search(note):
            return key or match.group(1)
    return None
