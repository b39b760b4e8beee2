"""Every kind of bad input gets a located problem and the right exit code, never a traceback."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import MINI, ROOT, set_cell
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from toolkit.cli import app
from toolkit.validate import validate

FACTS, ENTITIES, ARTICLES, MENTIONS, CLAIMS = (f"dataset/{t}.csv" for t in ("facts", "entities", "articles", "mentions", "claims"))
DP, SOURCE = "datapackage.json", "dataset/sources/acme-letter.txt"
SKIPPED = ("integrity-skipped", DP, None, None)
UNREAD = {("rule-skipped", f, 2, "article_id") for f in (ARTICLES, MENTIONS, CLAIMS)}  # rules that need the source text


def write(relative: str, content: bytes) -> Callable[[Path], None]:
    return lambda p: (p / relative).write_bytes(content)


def replace(relative: str, old: bytes, new: bytes) -> Callable[[Path], None]:
    def edit(p: Path) -> None:
        data = (p / relative).read_bytes()
        assert old in data
        (p / relative).write_bytes(data.replace(old, new, 1))

    return edit


def make_dir(relative: str) -> Callable[[Path], None]:
    def edit(p: Path) -> None:
        (p / relative).unlink()
        (p / relative).mkdir()

    return edit


def link_outside(relative: str) -> Callable[[Path], None]:
    def edit(p: Path) -> None:
        outside = p.parent / "outside"
        shutil.copy(p / relative, outside)
        (p / relative).unlink()
        os.symlink(outside, p / relative)

    return edit


FACTS_HEADER = b"fact_id,question,answer_kind,changes_over_time,notes\n"
FACT_ROW = b"signatory-count,How many workers signed the letter?,quantity,yes,\n"

CASES: dict[str, tuple[Callable[[Path], None], int, set[tuple[str, str, int | None, str | None]]]] = {
    "invalid-utf8": (replace(FACTS, b"How many", b"How \xffmany"), 1, {("encoding-error", FACTS, 2, None)}),
    "binary-file": (write(FACTS, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), 1, {("encoding-error", FACTS, 1, None)}),
    "nul-byte": (replace(FACTS, b"How many", b"How\x00many"), 1, {("file-unreadable", FACTS, 2, None)}),
    "empty-file": (write(FACTS, b""), 1, {("source-error", FACTS, 1, None)}),  # frictionless's type
    # frictionless takes the blank first line for the header, and "  " for a row of one cell; the toolkit says why, beside it
    "blank-file": (write(FACTS, b"\n  \n"), 1, {("file-empty", FACTS, 1, None), SKIPPED, ("foreign-key", "dataset/claims.csv", 2, "fact_id"),
                                                *{("missing-cell", FACTS, 2, f) for f in ("question", "answer_kind", "changes_over_time", "notes")},
                                                *{("constraint-error", FACTS, 2, f) for f in ("fact_id", "question", "answer_kind")}}),
    "header-only": (write("dataset/bylines.csv", b"article_id,entity_id,notes\n"), 0, set()),
    "crlf-line-endings": (write(FACTS, (FACTS_HEADER + FACT_ROW).replace(b"\n", b"\r\n")), 0, set()),
    "utf8-bom": (write(FACTS, b"\xef\xbb\xbf" + FACTS_HEADER + FACT_ROW), 0, set()),
    "missing-column": (write(FACTS, b"fact_id,question,answer_kind,changes_over_time\nsignatory-count,How many?,quantity,yes\n"), 1,
                       {("missing-label", FACTS, 1, "notes"), SKIPPED}),
    "extra-column": (write(FACTS, FACTS_HEADER[:-1] + b",extra\nsignatory-count,How many?,quantity,yes,,x\n"), 1,
                     {("extra-label", FACTS, 1, "extra"), SKIPPED}),
    "duplicated-column": (write(FACTS, b"fact_id,question,answer_kind,changes_over_time,question\nsignatory-count,How many?,quantity,yes,\n"), 1,
                          {("duplicate-label", FACTS, 1, "notes"), SKIPPED}),
    "renamed-column": (write(FACTS, b"fact_id,query,answer_kind,changes_over_time,notes\nsignatory-count,How many?,quantity,yes,\n"), 1,
                       {("incorrect-label", FACTS, 1, "question"), SKIPPED}),
    "short-row": (write(FACTS, FACTS_HEADER + b"signatory-count,How many?,quantity,yes\n"), 1, {("missing-cell", FACTS, 2, "notes")}),
    "long-row": (write(FACTS, FACTS_HEADER + b"signatory-count,How many?,quantity,yes,,surplus\n"), 1, {("extra-cell", FACTS, 2, None)}),
    # frictionless reads the open quote to the end of the file (one cell, "How many,\n"), and judges that row; the
    # dataset's own reading, strict, refuses the table
    "unterminated-quote": (write(FACTS, FACTS_HEADER + FACT_ROW + b'other,"How many,\n'), 1,
                           {("csv-malformed", FACTS, 3, None), ("missing-cell", FACTS, 3, "answer_kind"),
                            ("constraint-error", FACTS, 3, "answer_kind"), ("missing-cell", FACTS, 3, "changes_over_time"),
                            ("missing-cell", FACTS, 3, "notes"), SKIPPED}),
    "multi-megabyte-cell": (write(FACTS, FACTS_HEADER + b"signatory-count,How many?,quantity,yes," + b"x" * 3_000_000 + b"\n"), 1,
                            {("cell-too-large", FACTS, 2, "notes")}),
    "duplicate-row": (write(FACTS, FACTS_HEADER + FACT_ROW + FACT_ROW), 1, {("primary-key", FACTS, 3, "fact_id")}),
    "dangling-foreign-key": (lambda p: set_cell(p, "claims", 0, "fact_id", "no-such-fact"), 1, {("foreign-key", CLAIMS, 2, "fact_id")}),
    "text-in-integer-column": (lambda p: set_cell(p, "claims", 1, "start", "one hundred"), 1, {("type-error", CLAIMS, 3, "start"),
                                                                                                     ("rule-skipped", CLAIMS, 3, "start")}),
    "impossible-date": (lambda p: set_cell(p, "articles", 0, "published", "2026-02-30"), 1, {("type-error", ARTICLES, 2, "published")}),
    "offset-outside-text": (lambda p: set_cell(p, "mentions", 4, "end", "175"), 1, {("span-out-of-range", MENTIONS, 6, "end")}),
    "offset-off-by-one": (lambda p: set_cell(p, "claims", 1, "end", "124"), 1, {("span-mismatch", CLAIMS, 3, "text")}),
    "table-missing": (lambda p: (p / FACTS).unlink(), 1, {("file-missing", DP, None, "resources[3].path")}),
    "table-is-directory": (make_dir(FACTS), 1, {("file-not-regular", DP, None, "resources[3].path")}),
    "table-symlink-outside": (link_outside(FACTS), 1, {("path-outside", DP, None, "resources[3].path")}),
    "source-missing": (lambda p: (p / SOURCE).unlink(), 1, {("file-missing", ARTICLES, 2, "source_path"), *UNREAD}),
    "source-is-directory": (make_dir(SOURCE), 1, {("file-not-regular", ARTICLES, 2, "source_path"), *UNREAD}),
    "source-symlink-outside": (link_outside(SOURCE), 1, {("path-outside", ARTICLES, 2, "source_path"), *UNREAD}),
    "descriptor-not-json": (write(DP, b'{"name": "mini", "resources": [\n'), 1, {("package-error", DP, 2, None)}),
    "descriptor-without-resources": (write(DP, b'{"name": "mini"}\n'), 1, {("package-error", DP, None, "resources")}),
    "descriptor-path-outside": (replace(DP, b'"dataset/facts.csv"', b'"../facts.csv"'), 1, {("path-outside", DP, None, "resources[3].path")}),
    "bidi-override": (lambda p: set_cell(p, "facts", 0, "notes", "safe\u202etxt.exe"), 1, {("text-forbidden-char", FACTS, 2, "notes")}),
    "zero-width": (lambda p: set_cell(p, "entities", 1, "name", "Jane\u200bRoe"), 1, {("text-forbidden-char", ENTITIES, 3, "name")}),
    "spreadsheet-formula": (lambda p: set_cell(p, "facts", 0, "question", "=cmd|' /C calc'!A0"), 1, {("text-formula", FACTS, 2, "question")}),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_input(mini: Path, case: str) -> None:
    mutate, exit_code, expected = CASES[case]
    mutate(mini)
    before = {p: p.read_bytes() for p in mini.rglob("*") if p.is_file() and not p.is_symlink()}
    result = CliRunner().invoke(app, ["validate", "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == exit_code, result.output
    found = {(p["code"], p["file"], p["line"], p["field"]) for p in json.loads(result.output)["problems"]}
    assert found == expected
    assert {p: p.read_bytes() for p in mini.rglob("*") if p.is_file() and not p.is_symlink()} == before


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=300) | st.text(max_size=300).map(lambda t: t.encode("utf-8")))
def test_validate_never_crashes_on_arbitrary_table_bytes(tmp_path_factory: pytest.TempPathFactory, content: bytes) -> None:
    package = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(MINI, package, dirs_exist_ok=True)
    shutil.copytree(ROOT / "schema", package / "schema")
    (package / "dataset" / "claims.csv").write_bytes(content)
    report = validate(package / "datapackage.json")
    assert all(p.file and p.message for p in report.problems)


def test_a_directory_without_descriptor_is_a_usage_error(mini: Path) -> None:
    result = CliRunner().invoke(app, ["validate", "dataset"])
    assert result.exit_code == 2
    assert "dataset holds no datapackage.json" in result.output


def test_ctrl_c_while_starting_ends_without_traceback(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Loading the command line is most of a run's first 0.1 s; an interrupt there ends quietly."""
    import builtins
    import sys

    from toolkit.__main__ import main

    real_import = builtins.__import__

    def interrupted(name: str, *args: object, **kwargs: object) -> object:
        if name == "toolkit.cli":
            raise KeyboardInterrupt
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", interrupted)
    monkeypatch.delitem(sys.modules, "toolkit.cli", raising=False)
    with pytest.raises(SystemExit) as stopped:
        main()
    assert stopped.value.code == 130
    assert capsys.readouterr().err == "\nAborted!\n"


LIMITS: dict[str, tuple[Callable[[Path], None], set[tuple[str, str, int | None, str | None]]]] = {
    "header-line-over-10-mb": (write(FACTS, b"fact_id,question," + b"n" * 10_000_001 + b"\n"), {("line-too-long", FACTS, 1, None)}),
    "header-cell-over-100k": (write(FACTS, b"fact_id,question," + b"n" * 100_001 + b"\n" + FACT_ROW), {("cell-too-large", FACTS, 1, None)}),
    "header-over-10k-columns": (write(FACTS, b"fact_id,question,notes" + b",x" * 10_000 + b"\n"), {("too-many-columns", FACTS, 1, None)}),
    "line-over-10-mb": (write(FACTS, FACTS_HEADER + FACT_ROW + b"b," + b"n" * 10_000_001 + b",\n"), {("line-too-long", FACTS, 3, None)}),
    "nul-in-resource-path": (replace(DP, b'"dataset/facts.csv"', b'"dataset/fa\\u0000cts.csv"'), {("path-outside", DP, None, "resources[3].path")}),
    "lone-carriage-returns": (write(FACTS, FACTS_HEADER.rstrip(b"\n") + b"\r" + FACT_ROW.rstrip(b"\n") + b"\rother,Which?,quantity,yes,,x\n"),
                              {("extra-cell", FACTS, 3, None)}),
}


@pytest.mark.parametrize("case", LIMITS)
def test_limits_give_located_problems(mini: Path, case: str) -> None:
    mutate, expected = LIMITS[case]
    mutate(mini)
    result = CliRunner().invoke(app, ["validate", "--format", "json"])
    assert result.exit_code == 1, result.output
    found = {(p["code"], p["file"], p["line"], p["field"]) for p in json.loads(result.output)["problems"]}
    assert found - {SKIPPED} == expected
    assert len(result.output) < 10_000  # nothing is echoed whole
