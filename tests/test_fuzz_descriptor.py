"""No internal error from a hostile descriptor: every command exits 1 or 2 with a located message, never 3.

Hypothesis puts wrong-typed values at every place of the descriptor (null,
numbers, "", [], {}, NUL, 5,000 characters...) and runs validate, fmt, diff and
release on the result. CI replays the same examples (see conftest's profile);
`FUZZ_EXAMPLES=2000 pytest tests/test_fuzz_descriptor.py` runs a fresh, longer campaign.
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
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from toolkit.cli import app

DP = "datapackage.json"
VALUES: list[Any] = [None, 0, 1, -1, 2**63, 1.5, float("inf"), True, False, "", "x", "X Y", "\u0000", "x" * 5000, "../x",
                     "/etc/passwd", "http://127.0.0.1:9/x", [], [None], ["x"], [1], {}, {"x": 1}, {"name": None},
                     {"resource": "x", "fields": ["x"]}, "²", "1.0.0\n", "./../../../escaped"]
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


COMMANDS = {
    "validate": ["validate"],
    "fmt": ["fmt"],
    "diff": ["diff", "original/datapackage.json", DP],
    # deep: a package name may go up; --allow-dirty: the package is not in a git repository
    "release": ["release", "1.0.0", "--dist", "out/a/b/c/dist", "--changelog", "CHANGELOG.md", "--allow-dirty"],
}


def run_all(package: Path, descriptor: dict[str, Any]) -> dict[str, tuple[int, str]]:
    """Every command's exit code and output on the package with this descriptor."""
    text = json.dumps(descriptor, indent=2, allow_nan=True)
    outcomes = {}
    for name, args in COMMANDS.items():
        shutil.rmtree(package / "out", ignore_errors=True)
        (package / "CHANGELOG.md").unlink(missing_ok=True)
        shutil.copytree(MINI / "dataset", package / "dataset", dirs_exist_ok=True)  # as fmt may have rewritten it
        (package / DP).write_text(text, encoding="utf-8")
        result = CliRunner().invoke(app, args)
        crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
        outcomes[name] = (3 if crashed else result.exit_code, result.output + (repr(result.exception) if crashed else ""))
    return outcomes


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(MINI, root / "package")
    shutil.copytree(MINI, root / "package" / "original")
    shutil.copytree(ROOT / "schema", root / "package" / "original" / "schema")
    return root / "package"


changes = st.lists(st.tuples(st.sampled_from(PLACES), st.sampled_from(VALUES)), min_size=1, max_size=3)


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "20")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(changes=changes)
@example(changes=[(("resources", 5, "schema", "foreignKeys", 0, "reference"), None)])
@example(changes=[(("resources", 5, "schema", "fields", 2, "constraints", "enum"), [])])
@example(changes=[(("resources", 5, "schema", "fields", 3, "constraints", "minimum"), "x")])
@example(changes=[(("name",), 1)])
@example(changes=[(("resources", 0, "name"), 1)])
@example(changes=[(("resources", 5, "schema", "fields", 0, "constraints", "maxLength"), 2**63)])
@example(changes=[(("name",), "./../../../escaped")])
@example(changes=[(("resources", 5, "schema", "fields", 10, "type"), -1)])
@example(changes=[(("resources", 2, "path"), ["x"])])
def test_no_command_fails_internally(package: Path, changes: list[tuple[tuple[Any, ...], Any]], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(package)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1769385600")
    for name, (code, output) in run_all(package, mutated(changes)).items():
        assert code in (0, 1, 2), f"{name}: {output}"
        assert "Traceback" not in output
        if code:
            assert output.strip(), name
