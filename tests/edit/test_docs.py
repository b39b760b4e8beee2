"""`toolkit docs`' table of commands: read from the command line itself, so the README cannot drift from it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from typer.testing import CliRunner

from toolkit.cli import app
from toolkit.edit.docs import commands_table

runner = CliRunner()


def test_the_table_gives_each_command_s_usage_help_and_options() -> None:
    demo = typer.Typer()
    sub = typer.Typer(help="Grouped commands.")
    demo.add_typer(sub, name="group")

    @demo.command()
    def show(
        path: Annotated[str, typer.Argument(help="A path.")] = ".",
        out: Annotated[str, typer.Option("--out", metavar="DIR", help="Where.")] = "x",
        verbose: Annotated[bool, typer.Option("--verbose")] = False,
    ) -> None:
        """Show a thing.

        In detail, with *markup* | pipes.
        """

    @demo.command(hidden=True)
    def secret() -> None:
        """Never listed."""

    @sub.command("add")
    def add(item_id: Annotated[str, typer.Argument(metavar="id")], kind: Annotated[str, typer.Option("--kind")]) -> None:
        """Add one."""

    assert commands_table(typer.main.get_command(demo), "demo") == (
        "| command | what it does | options |\n"
        "| --- | --- | --- |\n"
        "| `demo show [PATH]` | Show a thing. In detail, with \\*markup\\* \\| pipes. | `--out DIR`, `--verbose` |\n"
        "| `demo group add ID --kind KIND` | Add one. |  |"
    )


def test_every_help_line_fits_the_command_list() -> None:
    """`toolkit --help` lists each command's first sentence; one too long would be cut off with "..."."""
    for words in ([], ["add"]):
        listing = runner.invoke(app, [*words, "--help"]).output.split("Commands:\n", 1)[1]
        assert listing.strip() and "..." not in listing, listing


def test_docs_check_catches_a_stale_table_of_commands(mini: Path) -> None:
    readme = mini / "README.md"
    readme.write_text("<!-- generated: commands -->\n| command |\n<!-- /generated -->\n", encoding="utf-8")
    assert runner.invoke(app, ["docs", "--check"]).exit_code == 1
    assert runner.invoke(app, ["docs"]).exit_code == 0
    rows = readme.read_text(encoding="utf-8").splitlines()[3:-1]
    assert [row.split(" | ")[0] for row in rows] == [
        "| `toolkit validate [PACKAGE]`", "| `toolkit fmt [PACKAGE]`", "| `toolkit docs`", "| `toolkit release [VERSION]`",
        "| `toolkit site [PACKAGE]`", "| `toolkit diff OLD NEW`", "| `toolkit add article TEXT --id ID`",
        "| `toolkit add mention ARTICLE WORDS ENTITY`", "| `toolkit add claim ARTICLE WORDS --id ID --type TYPE --paraphrase TEXT`",
        "| `toolkit add entity ID NAME --type TYPE --description TEXT`", "| `toolkit add fact ID QUESTION --kind KIND`"]
    assert runner.invoke(app, ["docs", "--check"]).output == "README.md is up to date\n"


def test_an_invalid_package_is_refused_with_its_problems_not_an_internal_error(mini: Path) -> None:
    """A repeated header column made the counts' row models fail (ValidationError, exit 3) before docs checked the data."""
    claims = mini / "dataset" / "claims.csv"
    claims.write_bytes(b"claim_id," + claims.read_bytes())
    (mini / "README.md").write_text("<!-- generated: counts -->\nstale\n<!-- /generated -->\n", encoding="utf-8")
    result = runner.invoke(app, ["docs", "--check"])
    lines = result.output.splitlines()
    assert result.exit_code == 1
    assert "dataset/claims.csv:1 [article_id] error duplicate-label: The header repeats column 'claim_id'. Keep each column once." in lines
    assert lines[-2:] == ["datapackage.json: invalid (23 errors, 1 warning)",
                          "toolkit docs: the generated blocks are derived from valid data; fix the problems above and run it again"]
