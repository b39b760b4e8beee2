"""The trust boundary: a hostile descriptor makes nothing outside the package read, and nothing fetched."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from typer.testing import CliRunner

from toolkit.cli import app
from toolkit.validate import validate

DP = "datapackage.json"
Found = set[tuple[str, str, int | None, str | None]]


class _Counting(BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Counting.requests.append(self.path)
        body = b'{"fields": []}'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    """A local web server that counts the requests it receives; the tests require none."""
    _Counting.requests = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Counting)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _edit(package: Path, change: Callable[[dict[str, Any]], None]) -> None:
    descriptor = json.loads((package / DP).read_text(encoding="utf-8"))
    change(descriptor)
    (package / DP).write_text(json.dumps(descriptor, indent=2), encoding="utf-8")


def _facts(**keys: Any) -> Callable[[dict[str, Any]], None]:
    return lambda d: d["resources"][3].update(keys)


def _link(name: str, target: str) -> Callable[[Path], None]:
    return lambda p: os.symlink(target, p / name)


def _secret(p: Path) -> None:
    (p.parent / "secret.csv").write_text("fact_id,question,notes\nSECRET,leaked,\n", encoding="utf-8")
    os.symlink(p.parent / "secret.csv", p / "more.csv")


def _git_config(p: Path) -> None:
    (p / ".git").mkdir()
    (p / ".git" / "config").write_text("[http]\n\textraheader = AUTHORIZATION: basic c2VjcmV0\n", encoding="utf-8")


def _schema_link(p: Path) -> None:
    os.symlink(p / "schema" / "facts.json", p / "schema" / "linked.json")


def _profile_with_ref(p: Path) -> None:
    (p / "profile.json").write_text('{"$ref": "https://example.org/schema.json"}', encoding="utf-8")


# name -> (files to add, descriptor change, expected problems)
CASES: dict[str, tuple[Callable[[Path], None] | None, Callable[[dict[str, Any]], None], Found]] = {
    "extrapaths-symlink-outside": (_secret, _facts(extrapaths=["more.csv"]),
                                   {("path-outside", DP, None, "resources[3].extrapaths[0]")}),
    "extrapaths-git-config": (_git_config, _facts(extrapaths=[".git/config"]),
                              {("path-outside", DP, None, "resources[3].extrapaths[0]")}),
    "dialect-symlink-dev-zero": (_link("dialect.json", "/dev/zero"), _facts(dialect="dialect.json"),
                                 {("path-outside", DP, None, "resources[3].dialect")}),
    "schema-symlink-inside": (_schema_link, _facts(schema="schema/linked.json"),
                              {("path-outside", DP, None, "resources[3].schema")}),
    "path-list-going-up": (None, _facts(path=["dataset/facts.csv", "../facts.csv"]),
                           {("path-outside", DP, None, "resources[3].path[1]")}),
    "absolute-path": (None, _facts(path="/etc/passwd"), {("path-outside", DP, None, "resources[3].path")}),
    "file-uri": (None, _facts(path="file:///etc/passwd"), {("path-outside", DP, None, "resources[3].path")}),
    "home-path": (None, _facts(path="~/.netrc"), {("path-outside", DP, None, "resources[3].path")}),
    "nul-in-path": (None, _facts(path="dataset/fa\u0000cts.csv"), {("path-outside", DP, None, "resources[3].path")}),
    "v0-url": (None, lambda d: (d["resources"][3].pop("path"), d["resources"][3].update(url="https://example.org/f.csv")),
               {("path-outside", DP, None, "resources[3].url")}),
    "fiscal-profile": (None, lambda d: d.update(profile="fiscal-data-package"), {("path-outside", DP, None, "profile")}),
    "profile-ref-url": (_profile_with_ref, _facts(profile="profile.json"), {("path-outside", "profile.json", None, "$ref")}),
    "dialect-not-a-string": (None, _facts(dialect=3), {("resource-error", DP, None, "resources[3].dialect")}),
    "every-refusal-at-once": (None, lambda d: (d["resources"][0].update(path="/etc/passwd"), d["resources"][1].update(path="../x")),
                              {("path-outside", DP, None, "resources[0].path"), ("path-outside", DP, None, "resources[1].path")}),
}


@pytest.mark.parametrize("case", CASES)
def test_hostile_descriptor_is_refused(mini: Path, case: str) -> None:
    setup, change, expected = CASES[case]
    if setup:
        setup(mini)
    _edit(mini, change)
    result = CliRunner().invoke(app, ["validate", "--format", "github"])
    assert result.exit_code == 1, result.output
    assert "SECRET" not in result.output and "AUTHORIZATION" not in result.output
    assert {(p.code, p.file, p.line, p.field) for p in validate(Path(DP)).problems} == expected


@pytest.mark.parametrize("where", ["dialect", "extrapaths", "package-profile", "resource-profile", "schema"])
def test_urls_are_never_fetched(mini: Path, server: str, where: str) -> None:
    url = f"{server}/{where}.json"
    change = {
        "dialect": _facts(dialect=url),
        "extrapaths": _facts(extrapaths=[url]),
        "package-profile": lambda d: d.update(profile=url),
        "resource-profile": _facts(profile=url),
        "schema": _facts(schema=url),
    }[where]
    _edit(mini, change)
    field = {"package-profile": "profile", "extrapaths": "resources[3].extrapaths[0]"}.get(where, f"resources[3].{where.split('-')[-1]}")
    assert {(p.code, p.field) for p in validate(Path(DP)).problems} == {("path-outside", field)}
    assert _Counting.requests == []


def test_frictionless_itself_is_confined(mini: Path, server: str) -> None:
    """Even a descriptor the boundary never saw cannot make frictionless fetch or read outside."""
    import frictionless

    from toolkit.engine.confine import confined

    (mini.parent / "secret.csv").write_text("a\nSECRET\n", encoding="utf-8")
    os.symlink(mini.parent / "secret.csv", mini / "linked.csv")
    data = {"name": "x", "resources": [
        {"name": "remote", "path": f"{server}/data.csv"},
        {"name": "linked", "path": "linked.csv"},
        {"name": "parts", "path": ["dataset/facts.csv", "linked.csv"]},
    ]}
    with confined(mini):
        report = frictionless.Package(data, basepath=str(mini)).validate()
        for metadata in ({"name": "x", "profile": f"{server}/profile.json", "resources": [{"name": "a", "path": "dataset/facts.csv"}]},
                         {"name": "x", "resources": [{"name": "a", "path": "dataset/facts.csv", "dialect": f"{server}/d.json"}]}):
            try:
                refused = json.dumps(frictionless.Package(metadata, basepath=str(mini)).validate().to_descriptor())
            except frictionless.FrictionlessException as error:
                refused = str(error)
            assert "network access is disabled" in refused
    assert {task.name: [error.type for error in task.errors] for task in report.tasks} == {
        "remote": ["scheme-error"], "linked": ["scheme-error"], "parts": ["scheme-error"]}
    assert "SECRET" not in json.dumps(report.to_descriptor())
    assert _Counting.requests == []
    assert "toolkit-confined" not in frictionless.system.plugins  # the plugin is gone once the context ends


@pytest.mark.parametrize(
    ("content", "field"),
    [
        ('{"name": "mini", "name": "./../../escaped", "resources": []}', "name"),
        ('{"name": "mini", "resources": [{"name": "a", "path": "a.csv", "path": "b.csv"}]}', "resources[0].path"),
    ],
)
def test_duplicate_keys_are_refused(tmp_path: Path, content: str, field: str) -> None:
    (tmp_path / DP).write_text(content, encoding="utf-8")
    problems = validate(tmp_path / DP).problems
    assert [(p.code, p.field) for p in problems] == [("package-invalid", field)]
    assert "repeated" in problems[0].message


def test_deeply_nested_descriptor(tmp_path: Path) -> None:
    (tmp_path / DP).write_text('{"resources": [], "x": ' + "[" * 5000 + "]" * 5000 + "}", encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(tmp_path / DP), "--format", "json"])
    assert result.exit_code == 1
    assert [(p["code"], p["line"]) for p in json.loads(result.output)["problems"]] == [("package-invalid", None)]
    assert "nested more than 64 levels" in result.output


def test_descriptor_symlink_is_refused(tmp_path: Path) -> None:
    (tmp_path / "real.json").write_text('{"resources": [{"name": "a", "path": "a.csv"}]}', encoding="utf-8")
    os.symlink(tmp_path / "real.json", tmp_path / DP)
    assert [p.code for p in validate(tmp_path / DP).problems] == ["path-outside"]


def test_too_many_resources(tmp_path: Path) -> None:
    resources = [{"name": f"r{i}", "path": "a.csv"} for i in range(1001)]
    (tmp_path / DP).write_text(json.dumps({"resources": resources}), encoding="utf-8")
    problems = validate(tmp_path / DP).problems
    assert [(p.code, p.field) for p in problems] == [("package-invalid", "resources")]
    assert "1,001 resources, over the limit of 1,000" in problems[0].message


@pytest.mark.parametrize(
    ("content", "line", "reason"),
    [
        ("name: a\nresources: &r\n  - name: t\n    path: t.csv\nextra: *r\n", 5, "it uses a YAML alias (*name); write the value out in full"),
        ("name: a\nresources:\n  - name: t\n    path: t.csv\n    name: u\n", 5, "key 'name' is repeated, and a reader would see only the last one"),
    ],
    ids=["alias", "repeated-key"],
)
def test_a_yaml_descriptor_is_read_as_strictly_as_json(tmp_path: Path, content: str, line: int, reason: str) -> None:
    """frictionless reads a descriptor named .yaml as YAML; the toolkit too, with JSON's limits and no alias expanded."""
    (tmp_path / "datapackage.yaml").write_text(content, encoding="utf-8")
    (tmp_path / "t.csv").write_text("x\n1\n", encoding="utf-8")
    problems = validate(tmp_path / "datapackage.yaml").problems
    assert [(p.code, p.file, p.line) for p in problems] == [("package-invalid", (tmp_path / "datapackage.yaml").as_posix(), line)]
    assert problems[0].message == f"The package descriptor cannot be used: {reason}. Fix this file."


def test_a_yaml_descriptor_that_does_not_parse(tmp_path: Path) -> None:
    (tmp_path / "datapackage.yaml").write_text("name: a\nresources: [\n", encoding="utf-8")
    problems = validate(tmp_path / "datapackage.yaml").problems
    assert [(p.code, p.line) for p in problems] == [("package-error", 3)]
    assert "it is not valid YAML (expected the node content, but found '<stream end>')" in problems[0].message


def test_problems_of_a_yaml_package_name_its_descriptor(tmp_path: Path) -> None:
    """A problem of the descriptor stands at datapackage.yaml, the file there is, not at a datapackage.json there is not."""
    (tmp_path / "datapackage.yaml").write_text("name: A\nresources:\n  - name: t\n    path: t.csv\n", encoding="utf-8")
    (tmp_path / "t.csv").write_text("x\n1\n", encoding="utf-8")
    report = validate(tmp_path / "datapackage.yaml")
    assert [(p.code, p.file, p.field) for p in report.problems] == [("package-error", (tmp_path / "datapackage.yaml").as_posix(), "name")]
    assert report.package == (tmp_path / "datapackage.yaml").as_posix()


def test_a_directory_holding_only_a_datapackage_yaml_is_that_package(tmp_path: Path) -> None:
    (tmp_path / "datapackage.yaml").write_text("name: a\nresources:\n  - name: t\n    path: t.csv\n", encoding="utf-8")
    (tmp_path / "t.csv").write_text("x\n1\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(tmp_path)])
    assert (result.exit_code, result.output) == (0, f"{(tmp_path / 'datapackage.yaml').as_posix()}: valid (0 errors, 0 warnings)\n")
    (tmp_path / DP).write_text('{"name": "b", "resources": [{"name": "t", "path": "t.csv"}]}', encoding="utf-8")
    assert validate(tmp_path).package == (tmp_path / DP).as_posix()  # beside a datapackage.json, the JSON one
