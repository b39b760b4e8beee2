"""Test helpers for releases: the mini package in a git repository of its own, and the bundled dataset's release."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from toolkit.engine.package import load
from toolkit.publish.release import Origin, release_files
from toolkit.rules.checks import typed

EPOCH = "1769385600"  # 2026-01-26T00:00:00Z
ROOT = Path(__file__).resolve().parents[1]
GIT_ENV = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org", "GIT_COMMITTER_NAME": "Test",
           "GIT_COMMITTER_EMAIL": "test@example.org", "GIT_AUTHOR_DATE": "2026-01-26T00:00:00Z",
           "GIT_COMMITTER_DATE": "2026-01-26T00:00:00Z", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, env={**os.environ, **GIT_ENV}, check=True, capture_output=True, text=True).stdout


def commit(root: Path, message: str = "Edit") -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", message)
    return git(root, "rev-parse", "HEAD").strip()


@pytest.fixture
def stamped(mini: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The mini package in a git repository of its own, with one commit at a fixed time."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    (mini / ".gitignore").write_text("dist/\n", encoding="utf-8")
    git(mini, "init", "-q", "-b", "main")
    commit(mini, "Mini package")
    return mini


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled dataset's release files, as `toolkit release` writes them."""
    package = load(ROOT / "datapackage.json")
    files = release_files(package, typed(package), "9.9.9", Origin("0" * 40, False, 1769385600), with_sources=False)
    target = tmp_path_factory.mktemp("release") / "tech-ice-coverage-9.9.9"
    for path, content in files.items():
        (target / path).parent.mkdir(parents=True, exist_ok=True)
        (target / path).write_bytes(content)
    return target
