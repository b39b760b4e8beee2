"""The bundled dataset: strictly valid, and no accidental mass deletion."""

from __future__ import annotations

import csv

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


def test_readme_counts_match_the_tables() -> None:
    """The data card's row counts are the tables' own, so the README cannot go stale."""
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    stated = {m[1]: int(m[2]) for m in re.finditer(r"^\| `dataset/(\w+)\.csv` \| (\d+) \|", readme, re.MULTILINE)}
    actual = {}
    for table in stated:
        with (ROOT / "dataset" / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
            actual[table] = sum(1 for _ in csv.DictReader(handle))
    assert stated == actual and len(stated) == len(FLOORS)


def test_readme_agreement_table_is_the_derived_verdicts() -> None:
    """The README's table of where the coverage disagrees says what the data gives, fact by fact, reasons included."""
    import re

    from toolkit.engine.package import load
    from toolkit.rules.agreement import verdicts
    from toolkit.rules.checks import typed

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([a-z0-9-]+)` \| (.+?) \| (consistent|conflicting|single|not comparable) \| (.+) \|$", readme, re.MULTILINE)
    stated = {fact: (question, status, why) for fact, question, status, why in rows}
    derived = verdicts(typed(load(ROOT / "datapackage.json")))
    assert stated == {v.fact_id: (v.question, v.status, v.explanation) for v in derived.values()}
