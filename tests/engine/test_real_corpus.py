"""The real corpus (tests/fixtures/real): data packages no one here wrote, kept exactly as published."""

from __future__ import annotations

import hashlib
import re

import pytest

from fixtures.real import corpus


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
