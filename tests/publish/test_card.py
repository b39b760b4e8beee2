"""The data card's blocks from the mini fixture, exactly, and `toolkit docs` filling and checking them."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import ROOT, set_cell
from typer.testing import CliRunner

from toolkit.cli import app
from toolkit.engine.package import load
from toolkit.markdown import cell
from toolkit.problems import TEMPLATES
from toolkit.publish.card import fragments
from toolkit.rules.checks import typed

runner = CliRunner()


def _blocks() -> dict[str, str]:
    return fragments(typed(load(Path("datapackage.json"))))


def test_counts_and_kinds(mini: Path) -> None:
    blocks = _blocks()
    assert blocks["counts"] == (
        "| table | rows | one row per |\n"
        "| --- | ---: | --- |\n"
        "| `dataset/answer_entities.csv` | 0 | entity a claim gives in answer to its fact |\n"
        "| `dataset/articles.csv` | 1 | source text |\n"
        "| `dataset/bylines.csv` | 1 | author an article's text names |\n"
        "| `dataset/claims.csv` | 3 | check-worthy statement in an article |\n"
        "| `dataset/entities.csv` | 2 | named person, organization, place, event, product or work mentioned in the texts |\n"
        "| `dataset/facts.csv` | 1 | question the articles answer |\n"
        "| `dataset/mentions.csv` | 5 | occurrence of an entity in an article |"
    )
    assert blocks["mentions-by-form"] == "| `form` | mentions |\n| --- | ---: |\n| canonical | 4 |\n| variant | 1 |\n| garbled | 0 |"
    assert blocks["kinds"].splitlines()[3] == "| `claims.claim_type` | quantity 1, quote 1, event 1, role 0 |"


def test_counts_name_the_files_of_the_package_described(mini: Path) -> None:
    data = typed(load(Path("datapackage.json")))
    counts = fragments(data, {name: f"csv/{name}.csv" for name in data.rows})["counts"]
    assert counts.splitlines()[2:4] == ["| `csv/answer_entities.csv` | 0 | entity a claim gives in answer to its fact |",
                                        "| `csv/articles.csv` | 1 | source text |"]


def test_every_schema_says_what_one_row_is() -> None:
    """The counts table's "one row per" column reads each schema's description: one phrasing for all."""
    for path in sorted((ROOT / "schema").glob("*.json")):
        description = json.loads(path.read_text(encoding="utf-8"))["description"]
        assert re.match(r"One row per [^:;]+[:;.]", description), path.name


def test_wikidata_coverage_and_article_count(mini: Path) -> None:
    blocks = _blocks()
    assert blocks["wikidata-coverage"] == "0 of 2 entities (person: 0 of 1, organization: 0 of 1)"
    assert blocks["article-count"] == "1"
    set_cell(mini, "entities", 0, "wikidata", "Q1")
    assert _blocks()["wikidata-coverage"] == "1 of 2 entities (person: 0 of 1, organization: 1 of 1)"


def test_agreement(mini: Path) -> None:
    assert _blocks()["agreement"] == (
        "| fact | question | status | why |\n"
        "| --- | --- | --- | --- |\n"
        "| `signatory-count` | How many workers signed the letter? | single | acme-letter: more than 450 people: no other article answers |"
    )


def test_every_problem_code_is_listed_once() -> None:
    from toolkit.publish.card import _problem_codes

    rows = _problem_codes().splitlines()[2:]
    assert [row.split(" | ")[0] for row in rows] == [f"| `{code}`" for code in TEMPLATES]


def test_untrusted_text_cannot_break_the_table() -> None:
    assert cell("a | b <img src=x> *c* [d](e) \x1b[2J\nf") == "a \\| b &lt;img src=x&gt; \\*c\\* \\[d\\](e) \\\\x1b\\[2J\\\\nf"


def test_docs_fills_the_markers_and_check_catches_stale_ones(mini: Path) -> None:
    readme = mini / "README.md"
    readme.write_text("# Mini\n\n<!-- generated: counts -->\n<!-- /generated -->\n\n"
                      "Facts:\n\n<!-- generated: facts-by-answer-kind -->\nnone\n<!-- /generated -->\n", encoding="utf-8")
    check = runner.invoke(app, ["docs", "--check"])
    assert (check.exit_code, check.output) == (1, "README.md is stale: run toolkit docs\n")
    done = runner.invoke(app, ["docs"])
    assert (done.exit_code, done.output) == (0, "README.md updated\n")
    text = readme.read_text(encoding="utf-8")
    assert text.startswith("# Mini\n\n<!-- generated: counts -->\n| table | rows | one row per |\n")
    assert text.endswith("| 5 | occurrence of an entity in an article |\n<!-- /generated -->\n\nFacts:\n\n"
                         "<!-- generated: facts-by-answer-kind -->\n| `answer_kind` | facts |\n| --- | ---: |\n| quantity | 1 |\n"
                         "| entity | 0 |\n| entity set | 0 |\n| wording | 0 |\n| yes/no | 0 |\n<!-- /generated -->\n")
    assert runner.invoke(app, ["docs", "--check"]).output == "README.md is up to date\n"
    set_cell(mini, "facts", 0, "answer_kind", "wording")
    assert runner.invoke(app, ["docs", "--check"]).exit_code == 1


def test_a_block_written_inline_stays_inline(mini: Path) -> None:
    readme = mini / "README.md"
    readme.write_text("- Only <!-- generated: article-count -->9<!-- /generated --> texts.\n", encoding="utf-8")
    assert runner.invoke(app, ["docs"]).exit_code == 0
    assert readme.read_text(encoding="utf-8") == "- Only <!-- generated: article-count -->1<!-- /generated --> texts.\n"


def test_an_unknown_marker_is_refused(mini: Path) -> None:
    (mini / "README.md").write_text("<!-- generated: count -->\n<!-- /generated -->\n", encoding="utf-8")
    result = runner.invoke(app, ["docs"])
    assert result.exit_code == 1
    assert result.output.startswith("toolkit docs: no generated block is named 'count'; the names are agreement, ")
