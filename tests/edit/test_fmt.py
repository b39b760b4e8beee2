"""fmt: canonical, idempotent, lossless, and hands off files it cannot read."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from conftest import ROOT, edit_table, snapshot
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from toolkit.cli import app
from toolkit.edit.fmt import canonical_csv, fmt


def test_bundled_dataset_is_canonical() -> None:
    assert fmt(ROOT / "datapackage.json", check=True).changed == []


def test_sorts_by_primary_key_numerically(mini: Path) -> None:
    edit_table(mini, "mentions", lambda rows: rows.reverse())
    before = (mini / "dataset/mentions.csv").read_bytes()
    runner = CliRunner()
    check = runner.invoke(app, ["fmt", "--check"])
    assert (check.exit_code, check.output) == (1, "would reformat dataset/mentions.csv\n")
    assert (mini / "dataset/mentions.csv").read_bytes() == before
    done = runner.invoke(app, ["fmt"])
    assert (done.exit_code, done.output) == (0, "reformatted dataset/mentions.csv\n")
    starts = [row["start"] for row in csv.DictReader(io.StringIO((mini / "dataset/mentions.csv").read_text(encoding="utf-8")))]
    assert starts == ["0", "56", "90", "130", "160"]
    assert runner.invoke(app, ["fmt", "--check"]).exit_code == 0


def test_unreadable_file_is_left_untouched(mini: Path) -> None:
    broken = b'entity_id,name\n"acme-corp,Acme\n'
    (mini / "dataset/entities.csv").write_bytes(broken)
    edit_table(mini, "mentions", lambda rows: rows.reverse())
    outcome = fmt(Path("datapackage.json"))
    assert [(p.code, p.file) for p in outcome.problems] == [("csv-malformed", "dataset/entities.csv")]
    assert (mini / "dataset/entities.csv").read_bytes() == broken
    assert outcome.changed == ["dataset/mentions.csv"]


def test_rows_of_the_wrong_width_are_not_rewritten(mini: Path) -> None:
    path = mini / "dataset/facts.csv"
    path.write_bytes(path.read_bytes() + b"zzz,Extra?,quantity,no,,surplus\naaa\n")
    before = path.read_bytes()
    outcome = fmt(Path("datapackage.json"))
    assert outcome.changed == []
    assert [(p.code, p.file, p.line, p.message) for p in outcome.problems] == [(
        "table-not-rewritable", "dataset/facts.csv", 3, ("The table cannot be rewritten without losing or moving cells: "
        "this row has 6 cells, the header 5. Fix it by hand (toolkit validate shows where); it was left as it is."))]
    assert path.read_bytes() == before


def test_two_resources_with_one_name_stop_every_write(mini: Path) -> None:
    """The second `facts`, at dataset/facts2.csv, must never be written over dataset/facts.csv."""
    descriptor = json.loads((mini / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"].append({**descriptor["resources"][3], "path": "dataset/facts2.csv"})
    (mini / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    (mini / "dataset/facts2.csv").write_text("fact_id,question,notes\nb,B?,\na,A?,\n", encoding="utf-8")
    edit_table(mini, "mentions", lambda rows: rows.reverse())
    before = snapshot(mini)
    result = CliRunner().invoke(app, ["fmt"])
    assert (result.exit_code, snapshot(mini)) == (1, before)
    assert result.output.splitlines()[0] == (
        "datapackage.json [resources[7]] error resource-repeated: The same name 'facts' is given to resources[3], resources[7]. "
        "Give each resource its own name and file; no table is written until then.")


def test_two_resources_with_one_file_stop_every_write(mini: Path) -> None:
    descriptor = json.loads((mini / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"].append({**descriptor["resources"][3], "name": "facts-again"})
    (mini / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    outcome = fmt(Path("datapackage.json"))
    assert [(p.code, p.value) for p in outcome.problems] == [("resource-repeated", "dataset/facts.csv")]


def test_a_repeated_header_column_is_reported_not_rewritten(mini: Path) -> None:
    path = mini / "dataset/articles.csv"
    path.write_bytes(path.read_bytes().replace(b",notes\n", b",title\n", 1))
    before = path.read_bytes()
    outcome = fmt(Path("datapackage.json"))
    assert [(p.code, p.line, p.value) for p in outcome.problems] == [("table-not-rewritable", 1, "title")]
    assert path.read_bytes() == before


def test_a_superscript_digit_in_an_integer_key_sorts_as_text(mini: Path) -> None:
    edit_table(mini, "mentions", lambda rows: (rows.reverse(), rows[0].update(start="²")))
    result = CliRunner().invoke(app, ["fmt"])
    assert (result.exit_code, result.output) == (0, "reformatted dataset/mentions.csv\n")
    starts = [row["start"] for row in csv.DictReader(io.StringIO((mini / "dataset/mentions.csv").read_text(encoding="utf-8")))]
    assert starts == ["0", "56", "90", "130", "²"]


cells = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00\r"), max_size=20)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(cells, min_size=3, max_size=3), max_size=8))
def test_canonical_csv_round_trips_every_value(rows: list[list[str]]) -> None:
    import unicodedata

    header = ["a", "b", "c"]
    data = canonical_csv(header, [dict(zip(header, row)) for row in rows])
    parsed = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert parsed == [header] + [[unicodedata.normalize("NFC", c) for c in row] for row in rows]
    again = canonical_csv(header, [dict(zip(header, row)) for row in parsed[1:]])
    assert again == data


def test_failed_write_leaves_the_table_intact(mini: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from toolkit import atomic

    edit_table(mini, "mentions", lambda rows: rows.reverse())
    before = (mini / "dataset/mentions.csv").read_bytes()

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", disk_full)
    with pytest.raises(OSError):
        fmt(Path("datapackage.json"))
    assert (mini / "dataset/mentions.csv").read_bytes() == before
    assert sorted(p.name for p in (mini / "dataset").iterdir()) == sorted(
        ["answer_entities.csv", "articles.csv", "bylines.csv", "claims.csv", "entities.csv", "facts.csv", "mentions.csv", "sources"])
    result = CliRunner().invoke(app, ["fmt"])
    assert (result.exit_code, result.output) == (
        1, "toolkit: [Errno 28] No space left on device\n")
