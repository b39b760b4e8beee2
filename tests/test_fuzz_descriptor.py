"""No internal error from a hostile descriptor: every command exits 1 or 2 with a located message, never 3.

Hypothesis puts wrong-typed values at every place of the descriptor (null,
numbers, "", [], {}, NUL, 5,000 characters...), and hostile bytes in its tables
(ragged rows, BOM, NUL, lone CR, huge fields...), and runs one of the commands
that read a package on the result: validate in every format, fmt, diff, release,
site, docs and each add; the explicit examples run every command. CI replays the
same examples (see conftest's profile); `FUZZ_EXAMPLES=2000 pytest
tests/test_fuzz_descriptor.py --hypothesis-show-statistics` runs a fresh, longer
campaign and counts the exits per command.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import MINI, ROOT
from hypothesis import HealthCheck, assume, event, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from toolkit.cli import app

DP = "datapackage.json"
VALUES: list[Any] = [None, 0, 1, -1, 2**63, 1.5, float("inf"), True, False, "", "x", "X Y", "\u0000", "x" * 5000, "../x",
                     "/etc/passwd", "http://127.0.0.1:9/x", [], [None], ["x"], [1], {}, {"x": 1}, {"name": None},
                     {"resource": "x", "fields": ["x"]}, "²", "1.0.0\n", "./../../../escaped",
                     "name", ["entity_id"], "entities", {"fields": "outlet_id", "reference": {"fields": "entity_id"}}]
# the last four: real names, so that foreign keys that validate yet point where SQLite or Croissant cannot follow are drawn
RESOURCE_KEYS = ["name", "path", "schema", "profile", "format", "encoding", "mediatype", "bytes", "hash", "dialect", "licenses",
                 "sources", "title", "extrapaths", "data", "scheme", "compression"]
SCHEMA_KEYS = ["fields", "primaryKey", "foreignKeys", "missingValues"]
FIELD_KEYS = ["name", "type", "format", "constraints", "rdfType", "example", "trueValues", "bareNumber"]
CONSTRAINT_KEYS = ["required", "unique", "pattern", "enum", "minimum", "maximum", "minLength", "maxLength"]
PACKAGE_KEYS = ["name", "resources", "profile", "licenses", "created", "version", "keywords", "title", "$schema", "contributors"]


def _base() -> dict[str, Any]:
    """The mini descriptor with its schemas inline, so that every key is in one document."""
    descriptor = json.loads((MINI / DP).read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        resource["schema"] = json.loads((ROOT / resource["schema"]).read_text(encoding="utf-8"))
    return descriptor


BASE = _base()


def _places(descriptor: dict[str, Any]) -> list[tuple[Any, ...]]:
    places: list[tuple[Any, ...]] = [(key,) for key in PACKAGE_KEYS] + [("resources", 9)]
    for i, resource in enumerate(descriptor["resources"]):
        places += [("resources", i, key) for key in RESOURCE_KEYS]
        places += [("resources", i, "schema", key) for key in SCHEMA_KEYS]
        for j, spec in enumerate(resource["schema"]["fields"]):
            places += [("resources", i, "schema", "fields", j, key) for key in FIELD_KEYS]
            places += [("resources", i, "schema", "fields", j, "constraints", key) for key in CONSTRAINT_KEYS]
        for j, _ in enumerate(resource["schema"].get("foreignKeys", [])):
            places += [("resources", i, "schema", "foreignKeys", j, key) for key in ("fields", "reference")]
            places += [("resources", i, "schema", "foreignKeys", j, "reference", key) for key in ("resource", "fields")]
        places += [("resources", i, "schema", "foreignKeys", 9)]  # one more foreign key
    return places


PLACES = _places(BASE)


def mutated(changes: list[tuple[tuple[Any, ...], Any]]) -> dict[str, Any]:
    """The base descriptor with each value put at its place (skipped where an earlier change removed the place)."""
    descriptor = copy.deepcopy(BASE)
    for place, value in changes:
        node: Any = descriptor
        for step in place[:-1]:
            node = _child(node, step)
        last = place[-1]
        if isinstance(node, dict) and isinstance(last, str):
            node[last] = copy.deepcopy(value)
        elif isinstance(node, list) and isinstance(last, int):
            node[last:last + 1] = [copy.deepcopy(value)]  # beyond the end: appended
    return descriptor


def _child(node: Any, step: Any) -> Any:
    if isinstance(node, dict) and isinstance(step, str):
        return node.get(step)
    if isinstance(node, list) and isinstance(step, int) and step < len(node):
        return node[step]
    return None


README = "".join(f"<!-- generated: {name} -->\nstale\n<!-- /generated -->\n" for name in (
    "agreement", "article-count", "commands", "counts", "kinds", "problem-codes", "release-files", "wikidata-coverage"))
COMMANDS = {
    "validate": ["validate"],
    "validate-json": ["validate", "--format", "json"],
    "validate-github": ["validate", "--format", "github", "--strict"],
    "validate-markdown": ["validate", "--format", "markdown", "--explain"],
    "fmt": ["fmt"],
    "fmt-check": ["fmt", "--check"],
    "diff": ["diff", "original/datapackage.json", DP],
    "diff-json": ["diff", DP, "original/datapackage.json", "--format", "json"],
    # deep: a package name may go up; --allow-dirty: the package is not in a git repository
    "release": ["release", "1.0.0", "--dist", "out/a/b/c/dist", "--changelog", "CHANGELOG.md", "--allow-dirty"],
    "site": ["site", "--out", "out/site"],
    "docs-check": ["docs", "--check"],
    "add-article": ["add", "article", "../new.txt", "--id", "roe-letter", "--write"],
    "add-mention": ["add", "mention", "acme-letter", "Acme", "acme-corp", "--occurrence", "1"],
    "add-claim": ["add", "claim", "acme-letter", "Jane Roe, who organised it", "--id", "acme-organiser", "--type", "event",
                  "--paraphrase", "Jane Roe organised the letter.", "--subject", "jane-roe"],
    "add-entity": ["add", "entity", "john-doe", "John Doe", "--type", "person", "--description", "Someone of the tests."],
    "add-fact": ["add", "fact", "who-organised", "Who organised the letter at Acme?", "--kind", "entity"],
}
EVERY = "every"  # the replayed examples run every command


def _rows(content: bytes, edit: Any) -> bytes:
    lines = content.split(b"\n")
    if len(lines) < 3:  # header only: give the edit a row to work on
        lines[1:1] = [b",".join(b"x" for _ in lines[0].split(b","))]
    edit(lines)
    return b"\n".join(lines)


def _put(lines: list[bytes], at: int, value: bytes) -> None:
    lines[at] = value


# A table's bytes as a hostile contributor might send them (arbitrary bytes are fuzzed in test_bad_input, for validate only).
CSV_MUTATIONS: dict[str, Any] = {
    "ragged-long": lambda b: _rows(b, lambda ls: _put(ls, 1, ls[1] + b",extra")),
    "ragged-short": lambda b: _rows(b, lambda ls: _put(ls, 1, ls[1].split(b",")[0])),
    "bom": lambda b: b"\xef\xbb\xbf" + b,
    "nul": lambda b: _rows(b, lambda ls: _put(ls, 1, ls[1][:3] + b"\x00" + ls[1][3:])),
    "lone-cr": lambda b: _rows(b, lambda ls: _put(ls, 1, ls[1][:3] + b"\r" + ls[1][3:])),
    "cr-lines": lambda b: b.replace(b"\n", b"\r"),
    "huge-field": lambda b: _rows(b, lambda ls: _put(ls, 1, ls[1] + b"x" * 150_000)),
    "huge-header": lambda b: b"x" * 150_000 + b,
    "latin-1": lambda b: _rows(b, lambda ls: _put(ls, 1, ls[1][:3] + b"\xe9" + ls[1][3:])),
    "open-quote": lambda b: _rows(b, lambda ls: _put(ls, 1, b'"' + ls[1])),
    "repeated-header": lambda b: _rows(b, lambda ls: _put(ls, 0, ls[0].split(b",")[0] + b"," + ls[0])),
    "blank-rows": lambda b: b.replace(b"\n", b"\n\n"),
    "empty": lambda b: b"",
}
TABLES = sorted(path.stem for path in (MINI / "dataset").glob("*.csv"))


def run_one(package: Path, name: str, text: str, tables: list[tuple[str, str]]) -> tuple[int, str]:
    """One command's exit code (3 for an exception that escaped) and output, on a fresh copy with this descriptor and these tables."""
    shutil.rmtree(package / "out", ignore_errors=True)
    (package / "CHANGELOG.md").unlink(missing_ok=True)
    (package / "README.md").write_text(README, encoding="utf-8")
    shutil.rmtree(package / "dataset")
    shutil.copytree(MINI / "dataset", package / "dataset")  # as fmt or add may have rewritten it
    for table, mutation in tables:
        path = package / "dataset" / f"{table}.csv"
        path.write_bytes(CSV_MUTATIONS[mutation](path.read_bytes()))
    (package / DP).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, COMMANDS[name])
    crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
    return (3 if crashed else result.exit_code), result.output + (repr(result.exception) if crashed else "")


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(MINI, root / "package")
    shutil.copytree(MINI, root / "package" / "original")
    shutil.copytree(ROOT / "schema", root / "package" / "original" / "schema")
    (root / "new.txt").write_text("Jane Roe said 12 workers at Acme Corp signed.\n", encoding="utf-8")
    return root / "package"


changes = st.lists(st.tuples(st.sampled_from(PLACES), st.sampled_from(VALUES)), max_size=3)
tables = st.lists(st.tuples(st.sampled_from(TABLES), st.sampled_from(list(CSV_MUTATIONS))), max_size=2)


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "20")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(command=st.sampled_from(list(COMMANDS)), changes=changes, tables=tables)
@example(command=EVERY, changes=[(("resources", 5, "schema", "foreignKeys", 0, "reference"), None)], tables=[])
@example(command=EVERY, changes=[(("resources", 5, "schema", "fields", 2, "constraints", "enum"), [])], tables=[])
@example(command=EVERY, changes=[(("resources", 5, "schema", "fields", 3, "constraints", "minimum"), "x")], tables=[])
@example(command=EVERY, changes=[(("name",), 1)], tables=[])
@example(command=EVERY, changes=[(("resources", 0, "name"), 1)], tables=[])
@example(command=EVERY, changes=[(("resources", 5, "schema", "fields", 0, "constraints", "maxLength"), 2**63)], tables=[])
@example(command=EVERY, changes=[(("name",), "./../../../escaped")], tables=[])
@example(command=EVERY, changes=[(("resources", 5, "schema", "fields", 10, "type"), -1)], tables=[])
@example(command=EVERY, changes=[(("resources", 2, "path"), ["x"])], tables=[])
# found by the 2,000-example campaign of issue 17 (each crashed with exit 3)
@example(command="release", changes=[(("resources", 1, "schema", "foreignKeys", 0, "reference", "fields"), "name")], tables=[])
@example(command="release", changes=[(("resources", 1, "schema", "foreignKeys", 0, "reference", "fields"), "x")], tables=[])
@example(command="release", changes=[(("resources", 1, "schema", "foreignKeys", 1, "fields"), "outlet_id")], tables=[])
@example(command="release", changes=[(("resources", 1, "schema", "foreignKeys", 0, "reference"),
                                        {"fields": "outlet_id", "reference": {"resource": "entities", "fields": "name"}})], tables=[])
@example(command=EVERY, changes=[(("resources", 1, "schema", "foreignKeys", 9), {"x": 1})], tables=[])
@example(command="docs-check", changes=[], tables=[("claims", "repeated-header")])
@example(command="docs-check", changes=[(("resources", 5, "schema", "fields", 11, "constraints"), "X Y")], tables=[])
@example(command="add-article", changes=[(("resources", 0, "schema", "fields", 0, "type"), [None])], tables=[])
@example(command="add-entity", changes=[(("resources", 5, "schema", "fields", 18, "constraints", "maxLength"), "x")],
         tables=[("articles", "bom")])
def test_no_command_fails_internally(package: Path, command: str, changes: list[tuple[tuple[Any, ...], Any]],
                                     tables: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch) -> None:
    assume(changes or tables)
    monkeypatch.chdir(package)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1769385600")
    text = json.dumps(mutated(changes), indent=2, allow_nan=True)
    for name in COMMANDS if command == EVERY else [command]:
        code, output = run_one(package, name, text, tables)
        event(f"{name}: exit {code}")
        assert code in (0, 1, 2), f"{name}: {output}"
        assert "Traceback" not in output
        if code:
            assert output.strip(), name
