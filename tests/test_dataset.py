"""The bundled dataset: strictly valid, and no accidental mass deletion."""

from __future__ import annotations

import csv
import subprocess

import pytest
from conftest import ROOT

from toolkit.validate import validate

# Floors, a little under the curated counts: a pull request that drops many rows fails here.
FLOORS = {"articles": 4, "entities": 65, "mentions": 200, "claims": 120, "facts": 25, "bylines": 0, "answer_entities": 45}


def test_bundled_dataset_is_strictly_valid() -> None:
    report = validate(ROOT / "datapackage.json")
    assert [p.message for p in report.problems] == []


@pytest.mark.parametrize("table", FLOORS)
def test_row_count_floor(table: str) -> None:
    with (ROOT / "dataset" / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        count = sum(1 for _ in csv.DictReader(handle))
    assert count >= FLOORS[table]


def test_sources_are_the_seed_texts() -> None:
    """The stored texts are byte-for-byte the seeds, when the seeds are beside the repository."""
    seeds = ROOT.parent / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("shared/seeds is not beside this checkout")
    stored = sorted(p.read_bytes() for p in (ROOT / "dataset" / "sources").glob("*.txt"))
    assert stored == sorted(p.read_bytes() for p in seeds.glob("*.txt"))


def test_readme_is_generated_from_the_data() -> None:
    """The README's counts, kinds, agreement table and problem codes are what `toolkit docs` writes from the data.

    A correct contribution passes after `toolkit docs`; no count or status is typed here.
    """
    from toolkit.edit.docs import docs

    assert docs(ROOT / "datapackage.json", ROOT / "README.md", check=True).stale is False, "run `toolkit docs`"


def test_no_checkout_converts_line_endings() -> None:
    """core.autocrlf (on Windows) would write a source text's line ends as CRLF and shift every offset after the
    first, and change the bytes the tables' hashes, the golden release and the compiled templates' key are taken over."""
    files = ["dataset/sources/hundreds-of-tech-workers.txt", "dataset/claims.csv", "tests/golden", "datapackage.json",
             "toolkit/publish/site/templates/base.html", "tests/fixtures/real/datasets-football-datasets/prize_by_team.csv"]
    found = subprocess.run(["git", "check-attr", "text", "--", *files], cwd=ROOT, capture_output=True, text=True, check=True)
    assert found.stdout.splitlines() == [f"{name}: text: unset" for name in files]
