"""add article: a preview that writes nothing, then everything in one go, and never a lost or shuffled cell."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from conftest import snapshot
from typer.testing import CliRunner

from toolkit.cli import app

runner = CliRunner()
TEXT = "Jane Roe said 12 workers at Acme Corp signed.\n"


@pytest.fixture
def text(mini: Path) -> Path:
    path = mini.parent / "new.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def _add(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["add", "article", *args])
    return result.exit_code, result.output


def test_preview_writes_nothing_and_prints_the_command_that_does(mini: Path, text: Path) -> None:
    before = snapshot(mini)
    code, output = _add("../new.txt", "--id", "roe-letter", "--notes", "Written for the tests.")
    assert (code, snapshot(mini)) == (0, before)
    digest = hashlib.sha256(TEXT.encode()).hexdigest()
    assert output == (
        "dataset/articles.csv: would add 1 row\n"
        "  article_id,title,outlet_id,site_id,copy_kind,published,url,language,source_path,sha256,length,notes\n"
        f"  roe-letter,,,,unknown,,,en,dataset/sources/roe-letter.txt,{digest},46,Written for the tests.\n"
        "dataset/mentions.csv: would add 2 rows\n"
        "  article_id,start,end,text,entity_id,form,notes\n"
        "  roe-letter,0,8,Jane Roe,jane-roe,canonical,\n"
        "  roe-letter,28,37,Acme Corp,acme-corp,canonical,\n"
        "dataset/sources/roe-letter.txt: would be written\n"
        "nothing written yet; to write all of it:\n"
        "  toolkit add article ../new.txt --id roe-letter --notes 'Written for the tests.' --write\n"
    )


def test_write_stores_text_row_and_mentions_together(mini: Path, text: Path) -> None:
    code, output = _add("../new.txt", "--id", "roe-letter", "--write")
    assert code == 0, output
    assert output.endswith(
        "written; next:\n"
        '  toolkit add entity ENTITY-ID "Name" --type person --description "Who or what it is."\n'
        '  toolkit add mention roe-letter "exact words" ENTITY-ID\n'
        '  toolkit add claim roe-letter "exact words" --id CLAIM-ID --type quantity --paraphrase "One plain sentence."\n'
        "  toolkit validate --strict\n"
        "  toolkit docs\n"
    )
    assert (mini / "dataset/sources/roe-letter.txt").read_text(encoding="utf-8") == TEXT
    assert (mini / "dataset/mentions.csv").read_text(encoding="utf-8").splitlines()[1:3] == [
        "acme-letter,0,9,Acme Corp,acme-corp,canonical,", "acme-letter,56,65,Acme Corp,acme-corp,canonical,"]
    assert "roe-letter,28,37,Acme Corp,acme-corp,canonical," in (mini / "dataset/mentions.csv").read_text(encoding="utf-8")
    assert runner.invoke(app, ["validate", "--strict"]).output == "datapackage.json: valid (0 errors, 0 warnings)\n"
    again = _add("../new.txt", "--id", "roe-letter-2")
    assert again == (1, "toolkit add article: ../new.txt is already stored as article 'roe-letter' (dataset/articles.csv:3)\n")


def test_every_option_is_checked_before_anything_is_written(mini: Path, text: Path) -> None:
    before = snapshot(mini)
    code, output = _add("../new.txt", "--id", "roe-letter", "--copy-kind", "aggregator", "--outlet", "nosuch", "--write")
    assert (code, snapshot(mini)) == (1, before)
    assert output.splitlines()[-4:] == [
        ("dataset/articles.csv:3 [copy_kind] error constraint-error: Value 'aggregator' breaks a constraint of this field "
        """(constraint "enum" is "['original', 'syndicated', 'aggregator copy', 'machine rewrite', 'unknown']")."""),
        ("dataset/articles.csv:3 [copy_kind] warning rule-skipped: Rule not applied to this row (field 'copy_kind' breaks the schema; "
         "fix that and validate again): Every quote says whose words it is known to be, consistently with the kind of copy it was "
         "read from."),
        ("dataset/articles.csv:3 [outlet_id] error foreign-key: 'nosuch' refers to no row of the referenced table "
        '(for "outlet_id": values "nosuch" not found in the lookup table "entities" as "entity_id"). Add that row or fix the reference.'),
        "refused: nothing was written; fix the problems above and run the command again",
    ]


def test_json_output_for_scripts(mini: Path, text: Path) -> None:
    code, output = _add("../new.txt", "--id", "roe-letter", "--format", "json")
    found = json.loads(output)
    assert code == 0
    assert (found["written"], found["refused"], found["files"], found["problems"]) == (
        False, False, ["dataset/sources/roe-letter.txt"], [])
    assert [row["text"] for row in found["rows"]["dataset/mentions.csv"]] == ["Jane Roe", "Acme Corp"]


@pytest.mark.parametrize(("break_table", "message"), [
    (lambda p: p.write_bytes(p.read_bytes() + b"extra,,,,original,,,en,dataset/sources/acme-letter.txt,x,1,notes,SURPLUS\n"),
     ("dataset/articles.csv:3 error table-not-rewritable: The table cannot be rewritten without losing or moving cells: "
     "this row has 13 cells, the header 12. Fix it by hand (toolkit validate shows where); it was left as it is.")),
    (lambda p: p.write_bytes(p.read_bytes().replace(b",notes\n", b",title\n", 1)),
     ("dataset/articles.csv:1 error table-not-rewritable: The table cannot be rewritten without losing or moving cells: "
     "the header repeats column 'title'. Fix it by hand (toolkit validate shows where); it was left as it is.")),
])
def test_a_table_that_would_lose_cells_is_refused(mini: Path, text: Path, break_table, message: str) -> None:  # type: ignore[no-untyped-def]
    break_table(mini / "dataset/articles.csv")
    before = snapshot(mini)
    code, output = _add("../new.txt", "--id", "roe-letter", "--write")
    assert (code, snapshot(mini)) == (1, before)
    assert output.splitlines()[0] == message
    assert output.splitlines()[-1] == (
        "toolkit add article: the package cannot be changed safely until the problems above are fixed; nothing was written")


def test_duplicate_resource_names_are_refused(mini: Path, text: Path) -> None:
    descriptor = json.loads((mini / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"].append({**descriptor["resources"][3], "path": "dataset/facts2.csv"})
    (mini / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    (mini / "dataset/facts2.csv").write_text("fact_id,question,notes\n", encoding="utf-8")
    before = snapshot(mini)
    code, output = _add("../new.txt", "--id", "roe-letter", "--write")
    assert (code, snapshot(mini)) == (1, before)
    assert output.splitlines()[0] == (
        "datapackage.json [resources[7]] error resource-repeated: The same name 'facts' is given to resources[3], resources[7]. "
        "Give each resource its own name and file; no table is written until then.")


def test_a_failed_write_is_undone(mini: Path, text: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from toolkit import atomic

    before = snapshot(mini)
    real = os.replace
    calls: list[str] = []

    def fail_on_the_third(source: str, target: str) -> None:
        calls.append(str(target))
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real(source, target)

    monkeypatch.setattr(atomic.os, "replace", fail_on_the_third)
    assert _add("../new.txt", "--id", "roe-letter", "--write") == (1, "toolkit: [Errno 28] No space left on device\n")
    assert snapshot(mini) == before
    assert len(calls) == 5  # three forward, two put back


def test_an_empty_or_non_regular_text_is_refused(mini: Path) -> None:
    (mini.parent / "empty.txt").write_bytes(b" \n")
    os.mkfifo(mini.parent / "fifo.txt")
    before = snapshot(mini)
    assert _add("../empty.txt", "--id", "x") == (1, "toolkit add article: ../empty.txt is empty; save the article's text in it\n")
    assert _add("../fifo.txt", "--id", "x") == (
        1, "toolkit add article: ../fifo.txt is not a regular file; save the text to a file and give its path\n")
    assert _add("/dev/zero", "--id", "x") == (
        1, "toolkit add article: /dev/zero is not a regular file; save the text to a file and give its path\n")
    assert snapshot(mini) == before


def test_a_symlinked_sources_directory_is_refused(mini: Path, text: Path) -> None:
    outside = mini.parent / "elsewhere"
    (mini / "dataset/sources").rename(outside)
    (mini / "dataset/sources").symlink_to(outside)
    code, output = _add("../new.txt", "--id", "roe-letter", "--write")
    assert (code, output) == (
        1, "toolkit add article: dataset/sources is a symbolic link; the package's files must be inside it\n")
    assert sorted(p.name for p in outside.iterdir()) == ["acme-letter.txt"]


def test_an_existing_source_file_is_never_overwritten(mini: Path, text: Path) -> None:
    (mini / "dataset/sources/roe-letter.txt").write_text("another text\n", encoding="utf-8")
    assert _add("../new.txt", "--id", "roe-letter", "--write") == (
        1, "toolkit add article: dataset/sources/roe-letter.txt already exists; choose another id\n")
