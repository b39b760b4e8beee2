"""The GitHub workflows and .ci/run: well-formed, least privilege, and the locked versions everywhere.

A workflow that does not parse (a merge left its conflict markers) silently runs nothing; a job
that installs without the constraints tests other versions than the ones .ci/run and releases use.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
INSTALL = re.compile(r"pip install (?!--quiet --upgrade pip)[^\n]*")


def _load(path: Path) -> dict[str, Any]:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(document, dict) and isinstance(document.get("jobs"), dict), path.name
    return document


def _steps(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(job, step) for job, spec in document["jobs"].items() for step in spec.get("steps", [])]


def test_there_are_workflows() -> None:
    assert {path.name for path in WORKFLOWS} >= {"ci.yml", "release.yml", "pages.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_checkout_leaves_no_token_behind(path: Path) -> None:
    checkouts = [(job, step) for job, step in _steps(_load(path)) if str(step.get("uses", "")).startswith("actions/checkout@")]
    assert checkouts, path.name
    for job, step in checkouts:
        assert (step.get("with") or {}).get("persist-credentials") is False, f"{path.name}: job {job}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_install_takes_the_locked_versions(path: Path) -> None:
    installs = [command for _, step in _steps(_load(path)) for command in INSTALL.findall(str(step.get("run", "")))]
    assert installs, path.name
    for command in installs:
        assert re.search(r" -c (\.ci/constraints\.txt|\"\$RUNNER_TEMP/constraints\.txt\")", command), f"{path.name}: {command}"


def test_ci_run_installs_the_locked_versions() -> None:
    installs = INSTALL.findall((ROOT / ".ci" / "run").read_text(encoding="utf-8"))
    assert installs and all(" -c .ci/constraints.txt" in command for command in installs), installs


CHECKS = ("ruff check toolkit tests benchmarks", "mypy toolkit")


def test_ci_lints_and_type_checks_as_ci_run_does() -> None:
    """ruff and mypy run, with the same arguments, in .ci/run and in the CI job: what passes on a fresh clone passes CI."""
    run = [line.removeprefix(".venv/bin/") for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    document = _load(ROOT / ".github" / "workflows" / "ci.yml")
    steps = [str(step.get("run", "")).strip() for job, step in _steps(document) if job == "validate-and-test"]
    for command in CHECKS:
        assert command in run, command
        assert command in steps, command
    assert run.index(CHECKS[-1]) < run.index("python -m pytest") and steps.index(CHECKS[-1]) < steps.index("python -m pytest")


def test_every_ci_job_can_only_read_the_repository() -> None:
    document = _load(ROOT / ".github" / "workflows" / "ci.yml")
    assert document["permissions"] == {"contents": "read"}
    for job, spec in document["jobs"].items():
        assert spec.get("permissions") == {"contents": "read"}, job


def test_the_readme_gives_two_commands_and_they_are_ci_runs() -> None:
    """A newcomer's quick start is two commands: set up and validate the bundled dataset, then the tests, installed
    and run as .ci/run installs and runs them, so what the README promises is what CI checks."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("\n## Quick start\n", 1)[1].split("\n## ", 1)[0]
    setup, tests = re.findall(r"```sh\n(.*?)\n```", quick_start, re.DOTALL)
    run = [re.sub(r"\s+#.*", "", line).replace(" --quiet", "") for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    *prepare, validate = setup.split(" && ")
    assert prepare and all(step in run for step in prepare), prepare
    assert any(" install " in step and "-c .ci/constraints.txt" in step for step in prepare)
    assert validate == ".venv/bin/toolkit validate"
    assert tests in run
