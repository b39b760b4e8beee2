"""One broken variant of the mini package per rule, each with the exact problems it must produce."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import frictionless
import pytest
from conftest import edit_table, places, set_cell

from toolkit.validate import validate

ARTICLES, ENTITIES, MENTIONS, CLAIMS = (f"dataset/{t}.csv" for t in ("articles", "entities", "mentions", "claims"))
SOURCE = "dataset/sources/acme-letter.txt"


def _add_entity(p: Path) -> None:
    edit_table(p, "entities", lambda rows: rows.append(
        {**rows[0], "entity_id": "ghost", "name": "Ghost", "description": "Nobody."}))


def _second_unit(p: Path) -> None:
    edit_table(p, "claims", lambda rows: rows.append({**rows[0], "claim_id": "acme-count-again", "unit": "workers"}))


def _symlink_out(p: Path) -> None:
    outside = p.parent / "outside.txt"
    source = p / SOURCE
    outside.write_bytes(source.read_bytes())
    source.unlink()
    os.symlink(outside, source)


def _drop_mention(index: int) -> Callable[[Path], None]:
    return lambda p: edit_table(p, "mentions", lambda rows: rows.pop(index))


# What the rules that need the source text say when it could not be read.
UNREAD = {("rule-skipped", f, 2, "article_id") for f in (ARTICLES, MENTIONS, CLAIMS)}
Variant = tuple[Callable[[Path], None], set[tuple[str, str, int | None, str | None]]]

VARIANTS: dict[str, Variant] = {
    # source texts
    "source-missing": (lambda p: (p / SOURCE).unlink(), {("file-missing", ARTICLES, 2, "source_path"), *UNREAD}),
    "source-symlink-outside": (_symlink_out, {("path-outside", ARTICLES, 2, "source_path"), *UNREAD}),
    "source-sha256": (lambda p: set_cell(p, "articles", 0, "sha256", "0" * 64), {("source-sha256", ARTICLES, 2, "sha256")}),
    "source-length": (lambda p: set_cell(p, "articles", 0, "length", "175"), {("source-length", ARTICLES, 2, "length")}),
    # spans
    "mention-text": (lambda p: set_cell(p, "mentions", 0, "text", "Acme Inc"), {("span-mismatch", MENTIONS, 2, "text")}),
    "claim-out-of-range": (lambda p: set_cell(p, "claims", 0, "end", "999"), {("span-out-of-range", CLAIMS, 2, "end")}),
    "mention-off-by-one": (
        lambda p: (set_cell(p, "mentions", 0, "start", "1"), set_cell(p, "mentions", 0, "end", "10")),
        {("span-mismatch", MENTIONS, 2, "text"), ("unannotated-mention", SOURCE, 1, None)},
    ),
    # claims
    "quantity-value": (lambda p: set_cell(p, "claims", 0, "value", "400"), {("quantity-value-mismatch", CLAIMS, 2, "value")}),
    "quantity-no-value": (lambda p: set_cell(p, "claims", 0, "value", ""), {("quantity-no-value", CLAIMS, 2, "value")}),
    "quote-no-speaker": (lambda p: set_cell(p, "claims", 1, "speaker_id", ""), {("quote-no-speaker", CLAIMS, 3, "speaker_id")}),
    "quote-speaker-type": (lambda p: set_cell(p, "entities", 1, "entity_type", "product"), {("quote-speaker-type", CLAIMS, 3, "speaker_id")}),
    "fact-mixed-units": (_second_unit, {("fact-mixed-units", CLAIMS, 2, "unit")}),
    # entities and text cells
    "entity-unmentioned": (_add_entity, {("entity-unmentioned", ENTITIES, 4, "entity_id")}),
    "text-not-nfc": (lambda p: set_cell(p, "entities", 0, "description", "Cafe\u0301 company."), {("text-not-nfc", ENTITIES, 2, "description")}),
    "text-bidi": (lambda p: set_cell(p, "entities", 0, "notes", "abc\u202edef"), {("text-forbidden-char", ENTITIES, 2, "notes")}),
    "text-zero-width": (lambda p: set_cell(p, "entities", 0, "notes", "a\u200bb"), {("text-forbidden-char", ENTITIES, 2, "notes")}),
    "text-formula": (lambda p: set_cell(p, "entities", 0, "notes", "=HYPERLINK(\"x\")"), {("text-formula", ENTITIES, 2, "notes")}),
    "text-formula-after-tab": (lambda p: set_cell(p, "entities", 0, "notes", "\t=HYPERLINK(\"x\")"), {("text-formula", ENTITIES, 2, "notes")}),
    "text-formula-after-space": (lambda p: set_cell(p, "entities", 0, "notes", " +1"), {("text-formula", ENTITIES, 2, "notes")}),
    "text-formula-after-nbsp": (lambda p: set_cell(p, "entities", 0, "notes", "\u00a0@SUM(A1)"), {("text-formula", ENTITIES, 2, "notes")}),
    "text-formula-full-width": (lambda p: set_cell(p, "entities", 0, "notes", "\uff1d1+1"), {("text-formula", ENTITIES, 2, "notes")}),
    "text-formula-full-width-minus": (lambda p: set_cell(p, "entities", 0, "notes", "\uff0d1"), {("text-formula", ENTITIES, 2, "notes")}),
    "id-ending-in-newline": (lambda p: set_cell(p, "facts", 0, "fact_id", "signatory-count\n"),
                             {("text-forbidden-char", "dataset/facts.csv", 2, "fact_id"), ("foreign-key", CLAIMS, 2, "fact_id"),
                              ("rule-skipped", "dataset/facts.csv", 2, "fact_id")}),
    "reference-ending-in-newline": (lambda p: set_cell(p, "claims", 0, "article_id", "acme-letter\n"),
                                    {("text-forbidden-char", CLAIMS, 2, "article_id"), ("foreign-key", CLAIMS, 2, "article_id"),
                                     ("rule-skipped", CLAIMS, 2, "article_id")}),
    # completeness (a warning)
    "unannotated": (_drop_mention(3), {("unannotated-mention", SOURCE, 4, None)}),
    # schema checks by frictionless
    "type-error": (
        lambda p: set_cell(p, "mentions", 0, "start", "abc"),
        {("type-error", MENTIONS, 2, "start"), ("rule-skipped", MENTIONS, 2, "start"), ("unannotated-mention", SOURCE, 1, None)},
    ),
    "enum": (lambda p: set_cell(p, "claims", 0, "claim_type", "opinion"),
             {("constraint-error", CLAIMS, 2, "claim_type"), ("rule-skipped", CLAIMS, 2, "claim_type")}),
    "pattern": (lambda p: set_cell(p, "entities", 0, "wikidata", "Q0"), {("constraint-error", ENTITIES, 2, "wikidata")}),
    "required": (lambda p: set_cell(p, "claims", 0, "paraphrase", ""), {("constraint-error", CLAIMS, 2, "paraphrase")}),
    "primary-key": (lambda p: set_cell(p, "claims", 1, "claim_id", "acme-count"), {("primary-key", CLAIMS, 3, "claim_id")}),
    "foreign-key": (lambda p: set_cell(p, "mentions", 0, "entity_id", "nobody"), {("foreign-key", MENTIONS, 2, "entity_id")}),
}


def test_mini_package_is_valid(mini: Path) -> None:
    report = validate(Path("datapackage.json"))
    assert report.problems == ()
    assert report.valid(strict=True)


@pytest.mark.parametrize("name", VARIANTS)
def test_broken_variant(mini: Path, name: str) -> None:
    mutate, expected = VARIANTS[name]
    mutate(mini)
    assert places(Path("datapackage.json")) == expected


def test_warning_only_fails_strict(mini: Path) -> None:
    _drop_mention(3)(mini)
    report = validate(Path("datapackage.json"))
    assert report.valid() and not report.valid(strict=True)
    assert report.problems[0].message == (
        "'Jane Roe' (a known form of entity 'jane-roe') occurs at 130-138 with no mention covering it. Add a mention row."
    )


def test_every_problem_is_reported_in_one_run(mini: Path) -> None:
    VARIANTS["quantity-value"][0](mini)
    VARIANTS["text-formula"][0](mini)
    VARIANTS["foreign-key"][0](mini)
    assert {p.code for p in validate(Path("datapackage.json")).problems} == {"quantity-value-mismatch", "text-formula", "foreign-key"}


def test_validation_changes_no_file(mini: Path) -> None:
    VARIANTS["quantity-value"][0](mini)
    before = {p: p.read_bytes() for p in mini.rglob("*") if p.is_file()}
    validate(Path("datapackage.json"))
    assert {p: p.read_bytes() for p in mini.rglob("*") if p.is_file()} == before


def test_span_mismatch_says_where_the_text_is(mini: Path) -> None:
    set_cell(mini, "mentions", 1, "start", "57")
    set_cell(mini, "mentions", 1, "end", "66")
    messages = [p.message for p in validate(Path("datapackage.json")).problems if p.code == "span-mismatch"]
    assert messages == ["The source text at 57-66 is 'cme Corp ', not 'Acme Corp'. The text occurs at 0-9."]


def test_other_packages_get_schema_checks_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "people.csv").write_text("id,age\n1,30\n2,old\n=cmd,4\n", encoding="utf-8")
    (tmp_path / "datapackage.json").write_text(
        '{"name": "other", "resources": [{"name": "people", "path": "people.csv", "schema": '
        '{"fields": [{"name": "id", "type": "string"}, {"name": "age", "type": "integer"}]}}]}',
        encoding="utf-8",
    )
    assert places(Path("datapackage.json")) == {("type-error", "people.csv", 3, "age")}


def test_header_is_the_row_frictionless_takes_for_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Frictionless takes the first row whose width is close to the sample's mean width for the header: here row 2,
    so its cells are the labels, at line 2, and line 1 is neither header nor data."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.csv").write_text("title\n" + "1,2,3\n" * 9, encoding="utf-8")
    (tmp_path / "datapackage.json").write_text(
        '{"name": "other", "resources": [{"name": "t", "path": "t.csv", "schema": '
        '{"fields": [{"name": "a"}, {"name": "b"}, {"name": "c"}]}}]}', encoding="utf-8")
    assert places(Path("datapackage.json")) == {("incorrect-label", "t.csv", 2, name) for name in "abc"}
    report = frictionless.validate("datapackage.json")
    assert {(e.type, e.row_numbers[0], e.field_name) for e in report.tasks[0].errors} == {("incorrect-label", 2, n) for n in "abc"}


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", ("package-error", "datapackage.json", 1, None)),
        ('{"name": "x"}', ("package-error", "datapackage.json", None, "resources")),
        ('{"name": "x", "resources": [{"name": "t", "path": "../t.csv", "schema": {"fields": []}}]}',
         ("path-outside", "datapackage.json", None, "resources[0].path")),
    ],
)
def test_unusable_descriptor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str, expected: tuple) -> None:  # type: ignore[type-arg]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "datapackage.json").write_text(content, encoding="utf-8")
    assert places(Path("datapackage.json")) == {expected}


def test_missing_package(tmp_path: Path) -> None:
    report = validate(tmp_path / "nothing.json")
    assert [p.code for p in report.problems] == ["package-missing"]
