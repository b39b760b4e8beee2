"""A first-time contributor, following CONTRIBUTING.md on a copy of the repository, with nothing but the commands.

The article is synthetic, written for this test. The contributor adds it, an
entity, five mentions and three claims (one joins an existing fact and turns
it from consistent to conflicting), runs `toolkit docs`, and then every check of
.ci/run passes without a hand edit to any file but the source text.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import ROOT
from typer.testing import CliRunner

from toolkit.cli import app

TEXT = (
    "Tech workers keep signing\n\n"
    "More than 900 tech workers have now signed the letter organised by ICEout.Tech, said Kim Doe, an engineer in Minneapolis.\n"
    "“We will keep going,” Kim Doe said of the ICEout group. Doe added that Border Patrol agents shot and killed Renee Good.\n"
    "A reader's copy of this note spells her name Kim Dough.\n"
)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the repository's package and README, as a contributor's clone has them."""
    target = tmp_path / "repo"
    target.mkdir()
    for name in ("datapackage.json", "README.md"):
        shutil.copy(ROOT / name, target)
    for name in ("dataset", "schema"):
        shutil.copytree(ROOT / name, target / name)
    (tmp_path / "kim.txt").write_text(TEXT, encoding="utf-8")
    monkeypatch.chdir(target)
    return target


def _ok(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_a_first_contribution_with_the_commands_only(repo: Path) -> None:
    # 1. Add the article: a preview first, which prints the command that writes.
    preview = _ok("add", "article", "../kim.txt", "--id", "kim-doe-note", "--copy-kind", "unknown",
                  "--notes", "Synthetic article written for the contributor test.")
    command = preview.splitlines()[-1].strip()
    assert command == ("toolkit add article ../kim.txt --id kim-doe-note --notes 'Synthetic article written for the contributor test.' "
                       "--write")
    assert not (repo / "dataset/sources/kim-doe-note.txt").exists()
    _ok("add", "article", "../kim.txt", "--id", "kim-doe-note", "--notes", "Synthetic article written for the contributor test.",
        "--write")
    assert (repo / "dataset/sources/kim-doe-note.txt").read_text(encoding="utf-8") == TEXT

    # 3. The entity, then 4. five mentions by quotation.
    _ok("add", "entity", "kim-doe", "Kim Doe", "--type", "person", "--description", "Engineer quoted in the synthetic test article.")
    assert "acme" not in _ok("add", "mention", "kim-doe-note", "Kim Doe", "kim-doe", "--occurrence", "1")
    _ok("add", "mention", "kim-doe-note", "Kim Doe", "kim-doe", "--occurrence", "2")
    doe = _ok("add", "mention", "kim-doe-note", "Doe", "kim-doe", "--form", "variant", "--all")
    assert doe.splitlines()[2:5] == ["  kim-doe-note,205,208,Doe,kim-doe,variant,", "skipped 116-119: already covered by a mention",
                                    "skipped 175-178: already covered by a mention"]
    _ok("add", "mention", "kim-doe-note", "Kim Dough", "kim-doe", "--form", "garbled")
    _ok("add", "mention", "kim-doe-note", "ICEout", "iceout-tech", "--form", "variant", "--occurrence", "2")

    # 5. Three claims; straight quotes typed for curly ones are refused with the passage to quote.
    quote = ["--id", "kim-doe-keep-going", "--type", "quote", "--speaker", "kim-doe", "--fidelity", "faithful copy",
             "--paraphrase", "Kim Doe said they will keep going."]
    refused = CliRunner().invoke(app, ["add", "claim", "kim-doe-note", '"We will keep going,"', *quote])
    assert refused.exit_code == 1
    assert "'“We will keep going,”'" in refused.output
    _ok("add", "claim", "kim-doe-note", "“We will keep going,”", *quote)
    _ok("add", "claim", "kim-doe-note", "More than 900 tech workers", "--id", "kim-doe-signatories", "--type", "quantity",
        "--value", "900", "--unit", "people", "--qualifier", "more than", "--fact", "signatory-count", "--subject", "iceout-tech",
        "--paraphrase", "More than 900 tech workers had signed the letter.")
    _ok("add", "claim", "kim-doe-note", "Border Patrol agents shot and killed Renee Good", "--id", "kim-doe-good-shot",
        "--type", "event", "--subject", "renee-good", "--object", "border-patrol", "--fact", "who-shot-renee-good",
        "--answer", "border-patrol", "--paraphrase", "Border Patrol agents shot and killed Renee Good.")

    # 6. Regenerate the README, then every check of .ci/run.
    assert _ok("docs") == "README.md updated\n"
    assert _ok("validate", "--strict") == "datapackage.json: valid (0 errors, 0 warnings)\n"
    assert _ok("fmt", "--check") == ""
    assert _ok("docs", "--check") == "README.md is up to date\n"
    from frictionless import validate

    assert validate("datapackage.json").valid

    # What the reviewer sees: the records added, and the fact whose status changed.
    delta = json.loads(_ok("diff", str(ROOT / "datapackage.json"), "datapackage.json", "--format", "json"))
    assert delta["statuses"] == {"who-shot-renee-good": {"old": "consistent", "new": "conflicting"}}
    assert {name: len(ops) for name, ops in delta["tables"].items() if ops} == {
        "answer_entities": 1, "articles": 1, "claims": 3, "entities": 1, "mentions": 9}  # four proposed by add article, five added


def test_refuses_an_existing_id(mini: Path) -> None:
    (mini / "again.txt").write_text("text\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["add", "article", "again.txt", "--id", "acme-letter"])
    assert result.exit_code == 1
    assert result.output == "toolkit add article: article 'acme-letter' already exists (dataset/articles.csv:2); choose another id\n"
