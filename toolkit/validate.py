"""Validate a data package: schema checks for any package, integrity rules for this one.

One function returns one report with every problem found in one run, so CI
and contributors see everything at once instead of fixing errors one by one.
"""

from __future__ import annotations

from pathlib import Path

from toolkit.engine.descriptor import check_descriptor
from toolkit.engine.package import Package, load, resource_format
from toolkit.engine.schema import check_schema
from toolkit.problems import METADATA_CODES, Fatal, Problem, Report, problem
from toolkit.runtime import show_numpy

STRUCTURAL = {"missing-label", "extra-label", "incorrect-label", "duplicate-label", "blank-label", "package-invalid", *METADATA_CODES}


def validate(path: Path) -> Report:
    """Check the package at `path` (a datapackage.json or its directory); never raises on bad data."""
    try:
        package = load(path, read=False)
    except Fatal as fatal:
        return Report(path.as_posix(), fatal.problems)
    return check_package(package)


def check_package(package: Package) -> Report:
    """Check a loaded package; for this dataset its rows are read on the way, so callers can reuse them.

    As frictionless does, the rows of a package whose descriptor is invalid are not checked.
    """
    problems = check_descriptor(package)
    if problems:
        problems.extend(p for p in package.problems if p.code not in METADATA_CODES)  # frictionless has said it, more precisely
        return Report(package.descriptor_file, tuple(sorted(set(problems), key=_order)))
    if any(resource_format(resource) in ("parquet", "parq") for resource in package.descriptor["resources"]):
        show_numpy()  # hidden by the command line: frictionless reads Parquet through pandas, and so numpy
    problems = check_schema(package)
    if package.is_ours():
        package.read_all()
        if package.problems or any(p.code in STRUCTURAL for p in problems) or not all(t.header for t in package.tables.values()):
            # Rows read against the wrong columns (or a blank first line taken as the header) would only produce
            # misleading integrity problems.
            problems.append(problem("integrity-skipped", package.descriptor_file))
        else:
            problems.extend(_integrity(package))
    problems.extend(package.problems)
    return Report(package.descriptor_file, tuple(sorted(set(problems), key=_order)))


def _integrity(package: Package) -> list[Problem]:
    """The dataset's integrity rules; a schema they cannot model (an empty enum, a bound that is not a
    number) is an error of its own, never an internal error: the rules are written for this dataset's schemas."""
    # Imported here: pydantic and number parsing are needed only for this dataset.
    from toolkit.rules.checks import run_checks
    from toolkit.rules.models import check_models

    if unmodelled := check_models(package):
        return unmodelled
    try:
        return list(run_checks(package))
    except Exception as error:  # noqa: BLE001 - the edge where a hostile schema meets the rules' models
        return [problem("rules-unsupported", package.descriptor_file, reason=f"{type(error).__name__}: {error}")]


def _order(found: Problem) -> tuple[str, int, str, str, str]:
    """By place, then code; the message settles ties, so a report never depends on the order of a set."""
    return (found.file, found.line or 0, found.field or "", found.code, found.message)
