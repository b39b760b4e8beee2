"""The data card's tables, generated from the data, so that README and release notes never go stale.

`fragments` returns markdown blocks by name: row counts per table, counts
per value of every enumerated column (entity types, mention forms, claim
types, kinds of copy), where the articles agree or disagree, and the table
of problem codes. `toolkit docs` writes them into README.md between markers
(`<!-- generated: NAME -->` ... `<!-- /generated -->`) and CI fails when
what is written differs; the release's data card uses the same blocks.
Everything is derived from the Table Schemas and the rows: a new table, a
new enumerated column or a new problem code appears without code here.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from toolkit.markdown import cell, code, table
from toolkit.problems import TEMPLATES
from toolkit.rules.agreement import verdicts
from toolkit.rules.checks import Dataset

ROW_PREFIX = "One row per "
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_STATUS_ORDER = {"conflicting": 0, "not comparable": 1, "consistent": 2, "single": 3}  # conflicts first


def fragments(data: Dataset, paths: Mapping[str, str] | None = None) -> dict[str, str]:
    """Markdown blocks by name; each ends without a newline (inline ones are a single line).

    `paths` names each table's file as the package described holds it (a release's `csv/<table>.csv`);
    by default, the path the package's descriptor gives.
    """
    blocks = {"counts": _counts(data, paths or {}), "kinds": _kinds(data), "agreement": _agreement(data),
              "problem-codes": _problem_codes(), "wikidata-coverage": wikidata_coverage(data),
              "article-count": str(len(data.rows["articles"]))}
    for t in data.package.tables.values():
        for spec in _enumerated(t.schema):
            blocks[f"{t.name}-by-{spec['name'].replace('_', '-')}"] = _breakdown(t, spec)
    return blocks


def _counts(data: Dataset, paths: Mapping[str, str]) -> str:
    rows = []
    for t in data.package.tables.values():
        # Each table's schema says what a row is: "One row per <what>: <more>" (a test holds every schema to it).
        what = re.split(r"[:;]", str(t.schema.get("description", "")).removeprefix(ROW_PREFIX), maxsplit=1)[0].rstrip(".")
        relative = paths.get(t.name) or Path(os.path.relpath(t.path, data.package.root)).as_posix()  # wherever run from
        rows.append([code(relative), str(len(t.rows)), cell(what)])
    return table(["table", "rows", "one row per"], sorted(rows), frozenset({1}))


def wikidata_coverage(data: Dataset) -> str:
    """How many entities have a Wikidata ID, in all and per type: one line."""
    entities = [e for _, e in data.rows["entities"]]
    types = _enumerated_values(data.table("entities").schema, "entity_type")
    per_type = [(kind, [e for e in entities if e.entity_type == kind]) for kind in types]
    shown = ", ".join(f"{cell(kind)}: {sum(e.wikidata is not None for e in members)} of {len(members)}"
                      for kind, members in per_type if members)
    return f"{sum(e.wikidata is not None for e in entities)} of {len(entities)} entities ({shown})"


def _enumerated_values(schema: dict[str, Any], name: str) -> list[str]:
    return [str(v) for spec in _enumerated(schema) if spec["name"] == name for v in spec["constraints"]["enum"]]


def _enumerated(schema: dict[str, Any]) -> list[dict[str, Any]]:
    return [spec for spec in schema.get("fields", []) if isinstance(spec, dict) and isinstance(spec.get("constraints"), dict)
            and isinstance(spec["constraints"].get("enum"), list) and spec["constraints"].get("required")]


def _kinds(data: Dataset) -> str:
    rows = []
    for t in sorted(data.package.tables.values(), key=lambda t: t.name):
        for spec in _enumerated(t.schema):
            counts = Counter(row.get(spec["name"], "") for row in t.rows)
            rows.append([code(f"{t.name}.{spec['name']}"), ", ".join(f"{cell(str(v))} {counts[str(v)]}" for v in spec["constraints"]["enum"])])
    return table(["column", "rows per value"], rows)


def _breakdown(t: Any, spec: dict[str, Any]) -> str:
    counts = Counter(row.get(spec["name"], "") for row in t.rows)
    values = [str(v) for v in spec["constraints"]["enum"]]
    rows = [[cell(value), str(counts[value])] for value in values]
    return table([code(spec["name"]), cell(t.name)], rows, frozenset({1}))


def _agreement(data: Dataset) -> str:
    found = sorted(verdicts(data).values(), key=lambda v: (_STATUS_ORDER.get(v.status, len(_STATUS_ORDER)), v.fact_id))
    rows = [[code(v.fact_id), cell(v.question), v.status, cell(v.explanation)] for v in found]
    return table(["fact", "question", "status", "why"], rows)


def _problem_codes() -> str:
    rows = [[code(name), str(severity), _PLACEHOLDER.sub("…", template).replace("|", "\\|")]
            for name, (severity, template) in TEMPLATES.items()]
    return table(["code", "severity", "meaning"], rows)
