"""The release described as a schema.org Dataset in Croissant 1.0 (JSON-LD), for dataset search and ML loaders.

Dataset search engines read schema.org `Dataset` metadata, and Croissant
adds what a loader needs: each file with its SHA-256, each table as a record
set whose fields are typed, keyed and joined as the Table Schemas say. It is
derived from the descriptor and the files, so it says what the release holds.
"""

from __future__ import annotations

import hashlib
from typing import Any

CONTEXT: dict[str, Any] = {
    "@language": "en", "@vocab": "https://schema.org/", "citeAs": "cr:citeAs", "column": "cr:column", "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/", "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"}, "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/", "examples": {"@id": "cr:examples", "@type": "@json"}, "extract": "cr:extract",
    "field": "cr:field", "fileProperty": "cr:fileProperty", "fileObject": "cr:fileObject", "fileSet": "cr:fileSet",
    "format": "cr:format", "includes": "cr:includes", "isLiveDataset": "cr:isLiveDataset", "jsonPath": "cr:jsonPath",
    "key": "cr:key", "md5": "cr:md5", "parentField": "cr:parentField", "path": "cr:path", "recordSet": "cr:recordSet",
    "references": "cr:references", "regex": "cr:regex", "repeated": "cr:repeated", "replace": "cr:replace",
    "sc": "https://schema.org/", "separator": "cr:separator", "source": "cr:source", "subField": "cr:subField",
    "transform": "cr:transform", "samplingRate": "cr:samplingRate", "equivalentProperty": "cr:equivalentProperty",
}
_TYPES = {"integer": "sc:Integer", "number": "sc:Float", "date": "sc:Date", "boolean": "sc:Boolean"}
_KEYS = ("primaryKey", "foreignKeys")


def _fields(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _record_set(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    references = {}
    for foreign in schema.get("foreignKeys", []):
        reference = foreign.get("reference") if isinstance(foreign.get("reference"), dict) else {}  # frictionless completes a bare key
        fields, target = _fields(foreign.get("fields", [])), _fields(reference.get("fields", []))
        parent = reference.get("resource") or name  # none, or "": the table itself, as frictionless reads it
        if len(fields) == 1 and parent != name:  # one field; loaders cannot follow a table into itself
            references[fields[0]] = f"{parent}/{target[0]}"
    record: dict[str, Any] = {"@type": "cr:RecordSet", "@id": name, "name": name, "description": schema.get("description", "")}
    if key := _fields(schema.get("primaryKey", [])):
        record["key"] = [{"@id": f"{name}/{field}"} for field in key]
    record["field"] = []
    for spec in schema["fields"]:
        field: dict[str, Any] = {
            "@type": "cr:Field", "@id": f"{name}/{spec['name']}", "name": spec["name"], "description": spec.get("description", ""),
            "dataType": _TYPES.get(spec.get("type", "string"), "sc:Text"),
            "source": {"fileObject": {"@id": f"csv/{name}.csv"}, "extract": {"column": spec["name"]}},
        }
        if spec["name"] in references:
            field["references"] = {"field": {"@id": references[spec["name"]]}}
        record["field"].append(field)
    return record


def metadata(descriptor: dict[str, Any], files: dict[str, bytes], schemas: dict[str, dict[str, Any]], cite_as: str) -> dict[str, Any]:
    """The Croissant document: the dataset, its files (`distribution`) and its tables (`recordSet`)."""
    licence = (descriptor.get("licenses") or [{}])[0]
    distribution = [
        {"@type": "cr:FileObject", "@id": path, "name": path, "contentUrl": path, "encodingFormat": _media_type(path),
         "sha256": hashlib.sha256(content).hexdigest()}
        for path, content in sorted(files.items())
    ]
    return {
        "@context": CONTEXT, "@type": "sc:Dataset", "conformsTo": "http://mlcommons.org/croissant/1.0",
        "name": descriptor.get("name", ""), "alternateName": descriptor.get("title", ""), "description": descriptor.get("description", ""),
        "license": licence.get("path") or licence.get("name", ""), "version": descriptor.get("version", ""),
        "datePublished": descriptor.get("created", "")[:10], "citeAs": cite_as,
        "creator": {"@type": "sc:Organization", "name": "The tech-ice-coverage contributors"},
        "isAccessibleForFree": True,
        "distribution": distribution,
        "recordSet": [_record_set(name, schema) for name, schema in schemas.items()],
    }


def _media_type(path: str) -> str:
    extension = path.rsplit(".", 1)[-1]
    return {"csv": "text/csv", "json": "application/json", "jsonld": "application/ld+json", "parquet": "application/x-parquet",
            "db": "application/vnd.sqlite3", "md": "text/markdown", "cff": "application/yaml"}.get(extension, "text/plain")
