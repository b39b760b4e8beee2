"""add mention / claim / entity / fact: records by quotation, checked like validate, written in canonical form."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import snapshot
from typer.testing import CliRunner

from toolkit.cli import app

runner = CliRunner()


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["add", *args])
    return result.exit_code, result.output


def test_mention_by_quotation(mini: Path) -> None:
    assert _run("mention", "acme-letter", "Jane Roe", "jane-roe", "--occurrence", "2", "--notes", "Again.") == (1, (
        "toolkit add mention: every occurrence meant is already covered by a mention in dataset/mentions.csv\n"))
    assert _run("mention", "acme-letter", "Acme", "acme-corp", "--occurrence", "1") == (0, (
        "dataset/mentions.csv: added 1 row\n"
        "  article_id,start,end,text,entity_id,form,notes\n"
        "  acme-letter,0,4,Acme,acme-corp,variant,\n"
        "written; next:\n"
        "  toolkit validate --strict\n"
        "  toolkit docs\n"))
    lines = (mini / "dataset/mentions.csv").read_text(encoding="utf-8").splitlines()
    assert lines[1:3] == ["acme-letter,0,4,Acme,acme-corp,variant,", "acme-letter,0,9,Acme Corp,acme-corp,canonical,"]


def test_all_occurrences_skip_those_already_covered(mini: Path) -> None:
    (mini / "dataset/mentions.csv").write_text(
        "article_id,start,end,text,entity_id,form,notes\nacme-letter,0,9,Acme Corp,acme-corp,canonical,\n", encoding="utf-8")
    code, output = _run("mention", "acme-letter", "Jane Roe", "jane-roe", "--all")
    assert (code, output) == (0, (
        "dataset/mentions.csv: added 2 rows\n"
        "  article_id,start,end,text,entity_id,form,notes\n"
        "  acme-letter,90,98,Jane Roe,jane-roe,canonical,\n"
        "  acme-letter,130,138,Jane Roe,jane-roe,canonical,\n"
        "written; next:\n"
        "  toolkit validate --strict\n"
        "  toolkit docs\n"))
    code, output = _run("mention", "acme-letter", "Acme", "acme-corp", "--all", "--form", "variant")
    assert output.splitlines()[2:6] == [
        "  acme-letter,56,60,Acme,acme-corp,variant,", "  acme-letter,160,164,Acme,acme-corp,variant,",
        "skipped 0-4: already covered by a mention", "written; next:"]


def test_a_mention_needs_a_known_entity_and_a_form(mini: Path) -> None:
    before = snapshot(mini)
    assert _run("mention", "acme-letter", "Jane Roe", "john-doe", "--occurrence", "1") == (1, (
        "toolkit add mention: no entity 'john-doe' in dataset/entities.csv; add it first with "
        'toolkit add entity john-doe "Name" --type TYPE --description "…"\n'))
    assert _run("mention", "acme-letter", "Roe", "jane-roe", "--occurrence", "1") == (1, (
        "toolkit add mention: a mention needs a value for column 'form' (see --help): canonical: the entity's name as recorded; "
        "variant: another correct form (a surname, an abbreviation); garbled: a form the copy got wrong "
        "(misspelt, truncated, run together).\n"))
    assert _run("mention", "nowhere", "Roe", "jane-roe") == (1, (
        "toolkit add mention: no article 'nowhere' in dataset/articles.csv; add it first with toolkit add article\n"))
    assert snapshot(mini) == before


def test_claim_by_quotation_joins_a_fact(mini: Path) -> None:
    assert _run("fact", "who-organised", "Who organised the letter at Acme?", "--kind", "entity")[1].splitlines()[-1] == (
        '  toolkit add claim ARTICLE-ID "exact words" --id CLAIM-ID --type TYPE --paraphrase "…" --fact who-organised '
        "--answer ENTITY-ID")
    code, output = _run("claim", "acme-letter", "Jane Roe, who organised it", "--id", "acme-organiser", "--type", "event",
                        "--paraphrase", "Jane Roe organised the letter.", "--subject", "jane-roe", "--fact", "who-organised",
                        "--answer", "jane-roe")
    assert (code, output) == (0, (
        "dataset/claims.csv: added 1 row\n"
        "  claim_id,article_id,claim_type,start,end,text,paraphrase,subject_id,speaker_id,object_id,value,unit,qualifier,as_of,wording,"
        "yes_no,set_extent,fidelity,fact_id,notes\n"
        '  acme-organiser,acme-letter,event,130,156,"Jane Roe, who organised it",Jane Roe organised the letter.,jane-roe,,,,,,,,,,,'
        "who-organised,\n"
        "dataset/answer_entities.csv: added 1 row\n"
        "  claim_id,entity_id,notes\n"
        "  acme-organiser,jane-roe,\n"
        "written; next:\n"
        "  toolkit validate --strict\n"
        "  toolkit docs\n"))
    assert runner.invoke(app, ["validate", "--strict"]).exit_code == 0


def test_an_answer_must_be_named_in_the_span(mini: Path) -> None:
    _run("fact", "who-organised", "Who organised the letter at Acme?", "--kind", "entity")
    before = snapshot(mini)
    code, output = _run("claim", "acme-letter", "who organised it", "--id", "acme-organiser", "--type", "event",
                        "--paraphrase", "Jane Roe organised the letter.", "--fact", "who-organised", "--answer", "jane-roe")
    assert (code, snapshot(mini)) == (1, before)
    assert output.splitlines()[-2:] == [
        ("dataset/answer_entities.csv:2 [entity_id] error answer-entity-unmentioned: Entity 'jane-roe' is an answer of claim "
         "'acme-organiser', but no mention of it lies inside the claim's span (140-156). Add the mention, or widen the span."),
        "refused: nothing was written; fix the problems above and run the command again",
    ]


def test_a_claim_is_checked_like_validate_before_it_is_written(mini: Path) -> None:
    before = snapshot(mini)
    code, output = _run("claim", "acme-letter", "More than 450 workers", "--id", "acme-count-2", "--type", "quantity",
                        "--paraphrase", "More than 450 workers signed.", "--value", "400", "--unit", "people",
                        "--qualifier", "over", "--fact", "nosuch")
    assert (code, snapshot(mini)) == (1, before)
    assert output.splitlines()[3:] == [
        ("dataset/claims.csv:3 [fact_id] error foreign-key: 'nosuch' refers to no row of the referenced table "
        '(for "fact_id": values "nosuch" not found in the lookup table "facts" as "fact_id"). Add that row or fix the reference.'),
        ("dataset/claims.csv:3 [qualifier] error constraint-error: Value 'over' breaks a constraint of this field "
        """(constraint "enum" is "['exact', 'more than', 'at least', 'about', 'nearly', 'fewer than']")."""),
        ("dataset/claims.csv:3 [value] error quantity-value-mismatch: Value 400 is not a number written in the span (it says 450). "
        "Record the number as written."),
        "refused: nothing was written; fix the problems above and run the command again",
    ]
    code, output = _run("claim", "acme-letter", "More than 450 workers", "--id", "acme-count", "--type", "quantity",
                        "--paraphrase", "More than 450 workers signed.", "--value", "400", "--unit", "people")
    assert output.splitlines()[3:] == [
        ("dataset/claims.csv:3 [claim_id] error primary-key: Primary key 'acme-count' is empty or repeats another row's "
        "(the same as in the row at position 2). Give each row its own key."),
        ("dataset/claims.csv:3 [value] error quantity-value-mismatch: Value 400 is not a number written in the span (it says 450). "
        "Record the number as written."),
        "refused: nothing was written; fix the problems above and run the command again",
    ]


def test_entity_then_fact(mini: Path) -> None:
    code, output = _run("entity", "acme-plant", "Acme’s plant", "--type", "location", "--description", "Fictional plant.")
    assert (code, output) == (0, (
        "dataset/entities.csv: added 1 row\n"
        "  entity_id,name,entity_type,wikidata,description,part_of,notes\n"
        "  acme-plant,Acme’s plant,location,,Fictional plant.,,\n"
        "dataset/entities.csv:3 [entity_id] warning entity-unmentioned: Entity 'acme-plant' has no mention in any article. "
        "Add its mentions, or remove the entity.\n"
        "dataset/sources/acme-letter.txt:4 warning unannotated-mention: 'Acme’s plant' (a known form of entity 'acme-plant') "
        "occurs at 160-172 with no mention covering it. Add a mention row.\n"
        "written; next:\n"
        "  toolkit add mention acme-letter 'Acme’s plant' acme-plant --all\n"))
    assert _run("mention", "acme-letter", "Acme’s plant", "acme-plant")[0] == 0
    assert runner.invoke(app, ["validate", "--strict"]).exit_code == 0
    assert _run("fact", "plant-count", "How many plants does Acme have?", "--kind", "quantity", "--set", "notes=Fixture.") == (1, (
        "dataset/facts.csv: would add 1 row\n"
        "  fact_id,question,answer_kind,changes_over_time,notes\n"
        "  plant-count,How many plants does Acme have?,quantity,,Fixture.\n"
        "dataset/facts.csv:2 [changes_over_time] error fact-time-missing: Quantity fact 'plant-count' must say whether its figure "
        "changes over time: yes (a running count) or no.\n"
        "refused: nothing was written; fix the problems above and run the command again\n"))
    assert _run("fact", "plant-count", "How many plants does Acme have?", "--kind", "quantity", "--changes-over-time", "no")[0] == 0


def test_an_unknown_column_is_refused(mini: Path) -> None:
    assert _run("fact", "f", "Q?", "--kind", "wording", "--set", "status=agree") == (1, (
        "toolkit add fact: dataset/facts.csv has no column 'status'; its columns are fact_id, question, answer_kind, "
        "changes_over_time, notes\n"))
    assert _run("fact", "f", "Q?", "--kind", "wording", "--set", "status") == (
        1, "toolkit add fact: --set takes COLUMN=VALUE, not 'status'\n")


def test_json_for_scripts(mini: Path) -> None:
    code, output = _run("entity", "acme-plant", "Acme plant", "--type", "place", "--description", "A plant.", "--format", "json")
    found = json.loads(output)
    assert code == 1
    assert (found["written"], found["refused"], [p["code"] for p in found["problems"]]) == (
        False, True, ["entity-unmentioned", "constraint-error", "rule-skipped", "rule-skipped"])
    assert found["rows"] == {"dataset/entities.csv": [{"entity_id": "acme-plant", "name": "Acme plant", "entity_type": "place",
                                                       "wikidata": "", "description": "A plant.", "part_of": "", "notes": ""}]}


def test_columns_take_the_options_given_then_the_set_pairs() -> None:
    """An empty option leaves its column to the table's default; --set names any column, and wins over an option."""
    import pytest

    from toolkit.edit.records import columns
    from toolkit.edit.store import Refused

    assert columns(None, form="variant", notes="") == {"form": "variant"}
    assert columns(["notes=a=b", " form =garbled"], form="variant", fidelity=None) == {"form": "garbled", "notes": "a=b"}
    with pytest.raises(Refused, match="--set takes COLUMN=VALUE, not 'notes'"):
        columns(["notes"])
