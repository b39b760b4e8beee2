"""The real corpus (tests/fixtures/real): data packages no one here wrote, kept exactly as published,
one-property mutations of their descriptors, and what frictionless reports on each (the stored reference)."""

from __future__ import annotations

import hashlib
import re

import pytest

from fixtures.real import corpus


CASES = corpus.cases()


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
    assert re.search(r"^repository: https://github\.com/[\w.-]+/[\w.-]+$", text, re.M)
    assert re.search(r"^commit: [0-9a-f]{40}$", text, re.M)
    assert re.search(r"^licence: \S", text, re.M)
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
