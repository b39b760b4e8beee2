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
from conftest import ROOT
from fixtures.real import corpus

from toolkit.problems import REFINES

# Case -> how the toolkit's report differs from frictionless's today ("lacks": frictionless reports it and the
# toolkit does not; "adds": the reverse; file:line [field]).
GAPS: dict[str, str] = {}  # none today

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


@pytest.mark.parametrize("code", REFINES)
def test_each_refinement_of_frictionless_code_is_documented(code: str) -> None:
    """The corpus comparison maps these codes back to frictionless's; the README names each, and what it refines."""
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    paragraph = readme[readme.index("with two refinements (`REFINES`"):]
    paragraph = paragraph[:paragraph.index("## ")]
    assert f"(`{code}`)" in paragraph and f"`{REFINES[code][0]}`" in paragraph
