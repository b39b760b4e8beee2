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
                               "changes_over_time": None, "notes": None}}],
            "mentions": [],
        },
        "statuses": {"who-organised": {"old": None, "new": "single"}},
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
        "fact statuses:\n"
        "  who-organised: none -> single\n"
        "bump needed: major\n"
    )
    as_json = runner.invoke(app, ["diff", str(old), str(new), "--format", "json"])
    assert json.loads(as_json.output) == diff(old, new).to_dict()


def test_keys_in_natural_order_and_typed_values(mini: Path) -> None:
    old = mini.parent / "old"
    shutil.copytree(mini, old)
    extra = [{"article_id": "acme-letter", "start": str(s), "end": str(s + 4), "text": "Acme", "entity_id": "acme-corp",
              "form": "variant", "notes": ""} for s in (116, 39, 5)]
    edit_table(mini, "mentions", lambda rows: rows.extend(extra))
    set_cell(mini, "claims", 0, "value", "450.5")
    delta = diff(old / "datapackage.json", mini / "datapackage.json").to_dict()
    assert [op["key"] for op in delta["tables"]["mentions"]] == [
        {"article_id": "acme-letter", "start": s, "end": s + 4} for s in (5, 39, 116)]
    assert delta["tables"]["mentions"][0]["row"]["notes"] is None
    assert delta["tables"]["claims"] == [{"op": "MOD", "key": {"claim_id": "acme-count"}, "changes": {"value": {"old": 450, "new": 450.5}}}]


def test_a_table_without_primary_key_is_compared_row_by_row(mini: Path) -> None:
    schema = json.loads((mini / "schema/bylines.json").read_text(encoding="utf-8"))
    del schema["primaryKey"]
    (mini / "schema/bylines.json").write_text(json.dumps(schema), encoding="utf-8")
    edit_table(mini, "bylines", lambda rows: rows.extend([{**rows[0], "notes": f"Byline {n}."} for n in range(10)]))
    old = mini.parent / "old"
    shutil.copytree(mini, old)
    edit_table(mini, "bylines", lambda rows: rows[:] and rows.__delitem__(slice(1, None)))
    t = diff(old / "datapackage.json", mini / "datapackage.json").tables["bylines"]
    assert (len(t.added), len(t.changed), len(t.removed)) == (0, 0, 10)
    assert t.removed[0] == {"key": {}, "row": {"article_id": "acme-letter", "entity_id": "jane-roe", "notes": "Byline 0."}}


def test_text_output_escapes_what_the_pull_request_wrote(mini: Path) -> None:
    old = mini.parent / "old"
    shutil.copytree(mini, old)
    edit_table(mini, "facts", lambda rows: rows.append({"fact_id": "x\x1b[31m\n::error ::forged", "question": "Q?", "notes": ""}))
    result = CliRunner().invoke(app, ["diff", str(old / "datapackage.json"), "datapackage.json"])
    assert result.output.splitlines()[1] == "  + x\\x1b[31m\\n::error ::forged"


def test_only_supported_formats(mini: Path) -> None:
    old, new = _versions(mini)
    result = CliRunner().invoke(app, ["diff", str(old), str(new), "--format", "github"])
    assert result.exit_code == 2


def test_markdown_for_the_job_summary(mini: Path) -> None:
    old, new = _versions(mini)
    edit_table(mini, "claims", lambda rows: rows.append({**rows[0], "claim_id": "other-count", "article_id": "other", "value": "400",
                                                         "text": "400 workers | <b>"}))
    result = CliRunner().invoke(app, ["diff", str(old), str(new), "--format", "markdown"])
    assert result.exit_code == 0
    assert result.output == (
        "## Changes to the records\n\n"
        "bump needed: **major**\n\n"
        "| table | added | changed | removed |\n| --- | ---: | ---: | ---: |\n"
        "| `bylines` | 0 | 0 | 1 |\n| `claims` | 1 | 1 | 0 |\n| `facts` | 1 | 0 | 0 |\n\n"
        "### Fact statuses that change\n\n"
        "| fact | before | after |\n| --- | --- | --- |\n| `signatory-count` | single | consistent |\n| `who-organised` | none | single |\n\n"
        "### bylines: removed\n\n"
        "| `article_id` | `entity_id` | `notes` |\n| --- | --- | --- |\n| acme-letter | jane-roe | Fixture byline. |\n\n"
        "### claims: added\n\n"
        "| `claim_id` | `article_id` | `claim_type` | `start` | `end` | `text` | `paraphrase` | `subject_id` | `speaker_id` "
        "| `object_id` | `value` | `unit` | `qualifier` | `as_of` | `wording` | `yes_no` | `set_extent` | `fidelity` | `fact_id` | `notes` |\n"
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n"
        "| other-count | other | quantity | 31 | 88 | 400 workers \\| &lt;b&gt; | More than 450 Acme Corp workers signed the letter. "
        "| acme-corp |  |  | 400 | people | at least |  |  |  |  |  | signatory-count |  |\n\n"
        "### claims: changed\n\n"
        "| row | field | before | after |\n| --- | --- | --- | --- |\n| acme-count | `qualifier` | more than | at least |\n\n"
        "### facts: added\n\n"
        "| `fact_id` | `question` | `answer_kind` | `changes_over_time` | `notes` |\n| --- | --- | --- | --- | --- |\n"
        "| who-organised | Who organised it? | entity |  |  |\n"
    )
