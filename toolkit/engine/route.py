"""Which tables the fast path reads, how frictionless would read them, and why it declines the others.

Only what changes how rows are read or judged counts here: the resource's
format, encoding, dialect, declared size and hash, and its Table Schema.
Everything else a descriptor holds (titles, licences in any form, sources,
contributors, keys no standard defines) is metadata, which the descriptor
check judges before any row is read, and never sends a table to
frictionless. A reason to decline is kept per table, as a sentence, for
`toolkit validate --explain`; tables joined by foreign keys are declined
together, since frictionless must see both sides of a key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.engine.package import Package, Table, csv_dialect, key_fields, resource_format

# Formats whose resources frictionless reads as files, not tables (its text, document, image, markdown,
# html, python and map plugins): it checks only their declared bytes and hash.
FILE_FORMATS = {"txt", "js", "ts", "r", "pdf", "docx", "doc", "png", "jpg", "md", "html", "py", "geojson", "topojson"}
# Resource keys that change how frictionless reads the bytes, beyond what `Reading` models ("scheme": "file",
# what frictionless takes for a local path anyway, changes nothing; published packages often write it).
_UNMODELLED_RESOURCE = ("data", "compression", "innerpath", "extrapaths", "scheme", "layout", "control", "fields", "rows")
_DIALECT = {"delimiter", "quoteChar", "doubleQuote", "lineTerminator", "skipInitialSpace", "header", "headerRows",
            "caseSensitiveHeader", "headerCase", "csvddfVersion", "escapeChar", "commentChar", "commentRows",
            "nullSequence", "skipBlankRows", "csv", "$schema", "name", "title", "description"}
# The constraints frictionless checks per type (its fields' supported_constraints), and "unique", checked per table.
_BOUNDS = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"]
_SUPPORTED: dict[str, set[str]] = {
    "string": {"minLength", "maxLength", "pattern", "enum"},
    "integer": {*_BOUNDS, "enum"}, "number": {*_BOUNDS, "enum"}, "date": {*_BOUNDS, "enum"}, "datetime": {*_BOUNDS, "enum"},
    "time": {*_BOUNDS, "enum"}, "year": {*_BOUNDS, "enum"}, "yearmonth": {*_BOUNDS, "enum"},
    "boolean": {"enum"}, "any": {"enum"}, "duration": {"enum"}, "geojson": {"enum"}, "geopoint": {"enum"},
    "array": {"minLength", "maxLength", "enum"}, "object": {"minLength", "maxLength", "enum"}, "list": {"minLength", "maxLength"},
}
_STRING_FORMATS = {"default", "uri", "email", "uuid", "binary"}


class Decline(Exception):
    """Something the fast path does not model; frictionless judges the table (the message says what)."""


@dataclass(frozen=True)
class Reading:
    """How frictionless reads a table: the dialect as declared (None where it sniffs), the size and hash to check."""

    declared_encoding: bool  # False: detected from the bytes, as frictionless detects it
    delimiter: str | None
    quote_char: str | None
    skip_initial_space: bool | None
    hash: tuple[str, str] | None  # (md5 or sha256, expected hex digest)
    size: int | None


def resource_of(package: Package, name: str) -> dict[str, Any]:
    return next(r for r in package.descriptor["resources"] if isinstance(r, dict) and r.get("name") == name)


def is_file(resource: dict[str, Any]) -> bool:
    """Whether frictionless reads the resource as a plain file (no rows), from its format as it detects it."""
    return (resource_format(resource) in FILE_FORMATS and "schema" not in resource
            and "dialect" not in resource and resource.get("type") in (None, "file", "text", "json"))


def expected_hash(resource: dict[str, Any]) -> tuple[str, str] | None:
    """The resource's declared hash as frictionless parses it ("md5" when unprefixed); None when it checks none."""
    value = resource.get("hash")
    if not value:
        return None
    if not isinstance(value, str):
        raise Decline("its hash is not a string")
    algorithm, digest = value.split(":", 1) if ":" in value else ("md5", value)
    return (algorithm, digest) if algorithm in ("md5", "sha256") else None  # frictionless ignores other algorithms


def reading(package: Package, table: Table) -> Reading:
    """How the table is read; Decline when it is not read as the fast path reads tables."""
    resource = resource_of(package, table.name)
    unmodelled = [key for key in _UNMODELLED_RESOURCE if key in resource and not (key == "scheme" and resource[key] == "file")]
    if unmodelled:
        raise Decline(f'it declares "{unmodelled[0]}"')
    if resource.get("format", "csv") != "csv" or not table.path.name.lower().endswith(".csv"):
        raise Decline("it is not a CSV file")
    if resource.get("type", "table") != "table":
        raise Decline(f'its type is "{resource.get("type")}"')
    encoding = resource.get("encoding")
    if encoding is not None and (not isinstance(encoding, str) or encoding.lower().replace("_", "-") not in ("utf-8", "utf8", "utf-8-sig")):
        raise Decline(f"its encoding is {encoding!r}, not UTF-8")
    size = resource.get("bytes")
    if size is not None and (type(size) is not int):
        raise Decline("its bytes is not an integer")
    dialect = resource.get("dialect", {})
    if not isinstance(dialect, dict):
        raise Decline("its dialect is not an object")
    unknown = set(dialect) - _DIALECT
    csv = csv_dialect(resource)
    if unknown or csv is None:
        raise Decline(f'its dialect declares "{min(unknown) if unknown else "csv"}"')
    for key, allowed in (("header", (True,)), ("headerRows", ([1],)), ("commentChar", (None,)), ("commentRows", (None, [])),
                         ("skipBlankRows", (None, False)), ("escapeChar", (None,)), ("nullSequence", (None,))):
        if csv.get(key, allowed[0]) not in allowed:
            raise Decline(f'its dialect declares "{key}": {csv[key]!r}')
    delimiter, quote = csv.get("delimiter"), csv.get("quoteChar")
    if delimiter is not None and not (isinstance(delimiter, str) and re.fullmatch(r"[\x01-\x7f]", delimiter) and delimiter not in '\r\n"'):
        raise Decline(f"its delimiter {delimiter!r} is not one ASCII character")
    if quote is not None and not (isinstance(quote, str) and re.fullmatch(r"[\x01-\x7f]", quote) and quote not in ("\r", "\n", delimiter)):
        raise Decline(f"its quote character {quote!r} is not one ASCII character")
    skip = csv.get("skipInitialSpace")
    if skip is not None and not isinstance(skip, bool):
        raise Decline("its skipInitialSpace is not true or false")
    return Reading(encoding is not None, delimiter, quote, skip, expected_hash(resource), size)


def check_schema(schema: dict[str, Any], package: Package) -> None:
    """Decline a schema whose rules the column-wise checks do not decide exactly."""
    fields = {f.get("name"): f for f in schema["fields"] if isinstance(f, dict)}
    if not fields or len(fields) != len(schema["fields"]):
        raise Decline("its schema's field names are missing or repeated")
    if "uniqueKeys" in schema:
        raise Decline('its schema declares "uniqueKeys"')
    if not all(isinstance(v, str) for v in schema.get("missingValues", [""])):
        raise Decline("its missingValues are not all strings")
    for spec in fields.values():
        _check_field(spec)
    keyed = key_fields(schema.get("primaryKey", []))
    for foreign in schema.get("foreignKeys", []):
        source, reference = key_fields(foreign.get("fields")), foreign.get("reference", {})
        target = package.tables.get(reference.get("resource")) if reference.get("resource") else None
        target_fields = {f["name"]: f for f in (target.schema if target else schema)["fields"]}
        ref_keys = key_fields(reference.get("fields"))
        if (reference.get("resource") and target is None) or len(source) != len(ref_keys) or not source:
            raise Decline("a foreign key refers to no table this path reads")
        kinds = [fields[k].get("type", "string") if k in fields else None for k in source]
        if any(k not in target_fields or target_fields[k].get("type", "string") != kind for k, kind in zip(ref_keys, kinds)):
            raise Decline("a foreign key joins fields of different types")  # frictionless compares typed values
        keyed += source
    keyed += [str(name) for name, spec in fields.items() if spec.get("constraints", {}).get("unique")]
    if any(k not in fields or fields[k].get("type", "string") not in ("string", "integer") for k in keyed):
        raise Decline("a key field is neither a string nor an integer")


def _check_field(spec: dict[str, Any]) -> None:
    """Decline a field whose cells the fast path cannot have judged as frictionless judges them: its type or
    constraints are unknown to frictionless, or its own missing values."""
    kind, constraints, name = spec.get("type", "string"), spec.get("constraints", {}), spec.get("name")
    if not isinstance(name, str) or not isinstance(constraints, dict):
        raise Decline(f"field {name!r} has no name or its constraints are not an object")
    if kind not in _SUPPORTED or set(constraints) - _SUPPORTED[kind] - {"required", "unique"}:
        raise Decline(f'field "{name}" is of type {kind!r} with constraints frictionless does not check')
    if "missingValues" in spec:
        raise Decline(f'field "{name}" declares its own missing values')
    if kind == "string" and spec.get("format", "default") not in _STRING_FORMATS:
        raise Decline(f'field "{name}" has a string format that is not modelled')
    if "pattern" in constraints:
        try:
            re.compile(constraints["pattern"])
        except (re.error, TypeError):
            raise Decline(f'field "{name}" has a pattern Python cannot read') from None
    enum = constraints.get("enum", [None])
    if not isinstance(enum, list) or not enum:
        raise Decline(f'field "{name}" has an enum that is not a list')
    if kind == "string" and "enum" in constraints and not all(isinstance(v, str) and _encodable(v) for v in enum):
        raise Decline(f'field "{name}" has an enum that is not all text')


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, which JSON can spell
        return False
    return True


def explain(path: Path) -> list[str]:
    """One line per resource: the path its table takes (the fast path, or frictionless and why), or that it is
    a file. Reading is repeated for this, so `--explain` costs one more pass of the fast path. As validate, it
    reads no table of a package whose descriptor is invalid."""
    from toolkit.engine.descriptor import check_descriptor
    from toolkit.engine.fast import FAST, NOT_A_TABLE, check
    from toolkit.engine.package import load

    package = load(path, read=False)
    if check_descriptor(package):
        return ["no table is read: the descriptor is invalid"]
    try:
        paths = check(package).paths
    except (TypeError, ValueError, ArithmeticError):  # as in check_schema: a value the fast path does not model (maxLength 2**63)
        return [f"{name}: frictionless, because the fast path cannot model a value of the schemas" for name in package.tables]
    lines = []
    for resource in package.descriptor["resources"]:
        name = resource.get("name") if isinstance(resource, dict) else None
        if name in paths:
            lines.append(f"{name}: fast path" if paths[name] == FAST else f"{name}: frictionless, because {paths[name]}")
        elif isinstance(resource, dict) and is_file(resource):
            lines.append(f"{name}: a file, not a table (its declared bytes and hash are checked)")
        else:
            lines.append(f"{name}: frictionless, because {NOT_A_TABLE}")
    return lines
