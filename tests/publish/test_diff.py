"""The delta between two small fixture versions, exactly."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import edit_table, set_cell
from typer.testing import CliRunner

from toolkit.cli import app
from toolkit.publish.diff import diff


def _versions(mini: Path) -> tuple[Path, Path]:
    old = mini.parent / "old"
    shutil.copytree(mini, old)
    set_cell(mini, "claims", 0, "qualifier", "at least")
    edit_table(mini, "bylines", lambda rows: rows.clear())
    edit_table(mini, "facts", lambda rows: rows.append({"fact_id": "who-organised", "question": "Who organised it?", "answer_kind": "entity", "notes": ""}))
    return old / "datapackage.json", mini / "datapackage.json"


def test_exact_delta(mini: Path) -> None:
    old, new = _versions(mini)
    assert diff(old, new).to_dict() == {
        "bump": "major",
        "schema": [],
        "tables": {
            "answer_entities": [],
            "articles": [],
            "bylines": [{"op": "DEL", "key": {"article_id": "acme-letter", "entity_id": "jane-roe"},
                         "row": {"article_id": "acme-letter", "entity_id": "jane-roe", "notes": "Fixture byline."}}],
            "claims": [{"op": "MOD", "key": {"claim_id": "acme-count"},
                        "changes": {"qualifier": {"old": "more than", "new": "at least"}}}],
            "entities": [],
            "facts": [{"op": "ADD", "key": {"fact_id": "who-organised"},
                       "row": {"fact_id": "who-organised", "question": "Who organised it?", "answer_kind": "entity",
                               "changes_over_time": "", "notes": ""}}],
            "mentions": [],
        },
    }


def test_schema_changes_are_listed(mini: Path) -> None:
    old, new = _versions(mini)
    schema = json.loads((mini / "schema" / "facts.json").read_text(encoding="utf-8"))
    schema["fields"][1]["description"] = "Changed."
    (mini / "schema" / "facts.json").write_text(json.dumps(schema), encoding="utf-8")
    assert diff(old, new).schema == ["facts.question changed"]


def test_cli_diff_text_and_json(mini: Path) -> None:
    old, new = _versions(mini)
    runner = CliRunner()
    text = runner.invoke(app, ["diff", str(old), str(new)])
    assert text.exit_code == 0
    assert text.output == (
        "bylines: 0 added, 0 changed, 1 removed\n"
        "  - acme-letter,jane-roe\n"
        "claims: 0 added, 1 changed, 0 removed\n"
        "  ~ acme-count: qualifier 'more than' -> 'at least'\n"
        "facts: 1 added, 0 changed, 0 removed\n"
        "  + who-organised\n"
        "bump needed: major\n"
    )
    as_json = runner.invoke(app, ["diff", str(old), str(new), "--format", "json"])
    assert json.loads(as_json.output) == diff(old, new).to_dict()
