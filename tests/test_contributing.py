"""CONTRIBUTING.md, followed literally on a copy of the repository."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT
from typer.testing import CliRunner

from toolkit.cli import app

TEXT = "Kim Doe said 12 colleagues signed the letter from ICEout.Tech in Minneapolis.\n"


def _append(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8", newline="") as handle:
        handle.write(line + "\n")


def test_walkthrough_adds_an_article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copy(ROOT / "datapackage.json", repo)
    shutil.copytree(ROOT / "dataset", repo / "dataset")
    shutil.copytree(ROOT / "schema", repo / "schema")
    (tmp_path / "kim.txt").write_text(TEXT, encoding="utf-8")
    monkeypatch.chdir(repo)
    runner = CliRunner()

    # 1. Add the article.
    added = runner.invoke(app, ["add", "article", str(tmp_path / "kim.txt"), "--id", "kim-doe-letter", "--title", "",
                                "--copy-kind", "unknown", "--notes", "Written for the contributor test.", "--write"])
    assert added.exit_code == 0, added.output
    assert added.output.splitlines()[3:8] == [
        "dataset/mentions.csv: added 2 rows",
        "  article_id,start,end,text,entity_id,form,notes",
        "  kim-doe-letter,50,61,ICEout.Tech,iceout-tech,canonical,",
        "  kim-doe-letter,65,76,Minneapolis,minneapolis,canonical,",
        "dataset/sources/kim-doe-letter.txt: written",
    ]
    assert (repo / "dataset/sources/kim-doe-letter.txt").read_text(encoding="utf-8") == TEXT

    # 3-5. One entity, one mention and one claim, by hand.
    _append(repo / "dataset/entities.csv", "kim-doe,Kim Doe,person,,Fictional signatory of the contributor test.,,")
    _append(repo / "dataset/mentions.csv", "kim-doe-letter,0,7,Kim Doe,kim-doe,canonical,")
    _append(repo / "dataset/claims.csv", "kim-doe-colleagues,kim-doe-letter,quantity,13,44,12 colleagues signed the letter,"
            "Twelve of Kim Doe's colleagues signed the letter.,kim-doe,,,12,people,exact,,,,,,,")

    # 6. Format and validate.
    assert runner.invoke(app, ["fmt"]).exit_code == 0
    strict = runner.invoke(app, ["validate", "--strict"])
    assert strict.exit_code == 0, strict.output
    assert strict.output == "datapackage.json: valid (0 errors, 0 warnings)\n"
    assert runner.invoke(app, ["fmt", "--check"]).output == ""


def test_refuses_an_existing_id(mini: Path) -> None:
    (mini / "again.txt").write_text("text\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["add", "article", "again.txt", "--id", "acme-letter"])
    assert result.exit_code == 1
    assert result.output == "toolkit add article: article 'acme-letter' already exists (dataset/articles.csv:2); choose another id\n"
