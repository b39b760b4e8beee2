"""The toolkit held to frictionless on data packages no one here wrote (tests/fixtures/real).

Each case, a published package as it is or with one property of its descriptor changed, must get
frictionless's verdict and its problems: same codes, files, lines and fields. Frictionless's answers
are stored (tests/fixtures/real/reference, written by make_reference.py), so this runs in about a
second; the last tests check that the installed frictionless still gives them, so an upgrade shows
up as a diff, and that the vendored files are still the published ones.

Where the toolkit differs today, the case is an expected failure whose reason is the exact difference
(GAPS, grouped by cause); strict, so a case that starts passing must lose its entry, and
test_each_gap_is_named_exactly keeps each reason true. `python tests/fixtures/real/make_reference.py
--gaps` prints every case's difference.
"""

from __future__ import annotations

import functools
import hashlib
import re

import pytest
from fixtures.real import corpus


def _translated(code: str, field: str, toolkit: str = "package-invalid") -> str:
    """A descriptor error frictionless types `code`, reported by the toolkit under another code (at the property `field`)."""
    return f"lacks {code} at datapackage.json; adds {toolkit} at datapackage.json [{field}]"


GLACIERS = "datasets-glacier-mass-balance~"
EXAMPLES = "frictionlessdata-example-data-packages/"

# Case -> how the toolkit's report differs from frictionless's today ("lacks": frictionless reports it and the
# toolkit does not; "adds": the reverse; file:line [field]).
GAPS: dict[str, str] = {
    # Descriptor metadata checks: the verdict is frictionless's, the code is not its error type.
    f"{EXAMPLES}geo-location-fk": _translated("resource-error", "resources[0].licenses"),
    f"{EXAMPLES}periodic-table": _translated("package-error", "licenses"),
    **{GLACIERS + name: _translated("package-error", field) for name, field in (
        ("package-name-capitals", "name"), ("package-title-number", "title"), ("package-description-number", "description"),
        ("created-yesterday", "created"), ("version-number", "version"), ("keywords-string", "keywords"),
        ("contributors-string", "contributors"), ("homepage-number", "homepage"), ("licence-title-only", "licenses"),
        ("licence-id-title-url", "licenses"), ("licences-object", "licenses"))},
    "datasets-continent-codes~profile-tabular-package": _translated("package-error", "profile"),
    f"{EXAMPLES}text-file~profile-tabular-package-non-tabular": _translated("package-error", "profile"),
    **{GLACIERS + name: _translated("resource-error", f"resources[0].{field}") for name, field in (
        ("resource-name-capitals", "name"), ("resource-name-space", "name"), ("resource-title-number", "title"),
        ("resource-description-list", "description"), ("mediatype-number", "mediatype"))},
    GLACIERS + "profile-bogus": _translated("metadata-error", "profile", "file-missing"),
    GLACIERS + "resource-profile-bogus": _translated("metadata-error", "resources[0].profile", "file-missing"),
    **{GLACIERS + name: _translated("field-error", f"resources[0].schema.fields[0]{field}") for name, field in (
        ("type-bogus", ""), ("rdf-type-number", ".rdfType"), ("field-title-number", ".title"),
        ("required-yes", ".constraints.required"))},
    GLACIERS + "schema-without-fields": _translated("schema-error", "resources[0].schema"),
    # Encoding: a file the declared encoding cannot decode.
    "datasets-currency-codes~encoding-ascii":
        "lacks encoding-error at data/codes-all.csv; adds schema-other at data/codes-all.csv:1",
    # Other.
    # Frictionless takes the fullest row of its sample for the header (row 2 here): the toolkit puts label errors at line 1.
    "datasets-co2-ppm": (
        "lacks extra-label at data/co2-mm-gl.csv:2 [0.09], extra-label at data/co2-mm-gl.csv:2 [335.92]; "
        "lacks 4 incorrect-label (data/co2-mm-gl.csv, line 2); "
        "adds extra-label at data/co2-mm-gl.csv:1 [0.09], extra-label at data/co2-mm-gl.csv:1 [335.92]; "
        "adds 4 incorrect-label (data/co2-mm-gl.csv, line 1)"
    ),
    # Frictionless 5 reads a descriptor as YAML only when it ends in .yaml: package-error for the .yml one.
    "datasets-country-codes": "lacks package-error at datapackage.yml; adds package-invalid at datapackage.yml:1",
    # A resource path to no file: frictionless's scheme-error at the path, the toolkit's file-missing in the descriptor.
    GLACIERS + "path-missing":
        "lacks scheme-error at data/missing.csv; adds file-missing at datapackage.json [resources[0].path]",
}

CASES = corpus.cases()


def _param(case: corpus.Case) -> object:
    gap = GAPS.get(case.id)
    marks = [pytest.mark.xfail(strict=True, reason=gap)] if gap else []
    return pytest.param(case, id=case.id, marks=marks)


@functools.cache
def _difference(case: corpus.Case) -> str:
    return corpus.compare(case)


@pytest.mark.parametrize("case", [_param(case) for case in CASES])
def test_toolkit_reports_what_frictionless_reports(case: corpus.Case) -> None:
    assert _difference(case) == ""


@pytest.mark.parametrize("case_id", sorted(GAPS))
def test_each_gap_is_named_exactly(case_id: str) -> None:
    """A gap that changes without closing must be renamed here; one that closes fails the strict xfail above."""
    case = next(case for case in CASES if case.id == case_id)
    assert _difference(case) in ("", GAPS[case_id])


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_installed_frictionless_gives_the_stored_reference(case: corpus.Case) -> None:
    """On a difference, run make_reference.py and review its diff: the toolkit follows what frictionless now says."""
    with corpus.materialised(case) as descriptor:
        live = corpus.frictionless_report(descriptor)
    stored = corpus.stored(case)
    del stored["frictionless"], live["frictionless"]  # the version that wrote it; only its answers must hold
    assert stored == {"case": case.id, "mutation": _mutation(case), **live}


def _mutation(case: corpus.Case) -> dict[str, str] | None:
    return {"name": case.mutation.name, "change": case.mutation.change} if case.mutation else None


@pytest.mark.parametrize("package", corpus.packages(), ids=lambda package: package.name)
def test_each_vendored_file_is_the_published_one(package: corpus.Package) -> None:
    """PROVENANCE names each file with its git blob id in the publisher's repository; the files here are those bytes."""
    text = (package.directory / "PROVENANCE").read_text(encoding="utf-8")
    assert re.search(r"^repository: https://github\.com/[\w.-]+/[\w.-]+$", text, re.MULTILINE)
    assert re.search(r"^commit: [0-9a-f]{40}$", text, re.MULTILINE)
    assert re.search(r"^licence: \S", text, re.MULTILINE)
    listed = dict(line.split()[::-1] for line in text.splitlines() if re.fullmatch(r"  [0-9a-f]{40} \S+", line))
    files = {p.relative_to(package.directory).as_posix(): p for p in package.directory.rglob("*") if p.is_file()}
    assert set(files) - set(listed) == {"PROVENANCE", "LICENSE"} | ({"LICENSE.repository"} & set(files))
    for name, blob in listed.items():
        data = files[name].read_bytes()
        assert hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest() == blob, name


def test_each_mutation_applies_to_a_vendored_package_and_has_its_reference() -> None:
    names = [mutation.name for mutation in corpus.MUTATIONS]
    assert len(names) == len(set(names))
    assert {mutation.package for mutation in corpus.MUTATIONS} <= {package.name for package in corpus.packages()}
    assert all(case.reference.is_file() for case in CASES)


def test_measure_names_the_resources_left_to_frictionless() -> None:
    """The figures the benchmark reports: which tables frictionless read, and each side's time."""
    glaciers = next(package for package in corpus.packages() if package.name == "datasets-glacier-mass-balance")
    figures = corpus.measure(glaciers, repeat=1)
    assert set(figures["declined"]) <= {"glaciers"}
    assert figures["resources"] == ["glaciers"]
    assert figures["toolkit_valid"] is figures["frictionless_valid"] is True
    assert figures["toolkit_seconds"] > 0 and figures["frictionless_seconds"] > 0
