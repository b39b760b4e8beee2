"""Test helpers for releases: the mini package in a git repository of its own, committed at a fixed time."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

EPOCH = "1769385600"  # 2026-01-26T00:00:00Z
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
