"""The site's templates, compiled into the package: current, used, and never used once a template has changed."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import jinja2
import pytest
from conftest import ROOT, snapshot

from toolkit.publish.site import build_site, loader


@pytest.fixture
def fresh() -> Iterator[None]:
    """Each test chooses the environment anew, and the next test finds the one the package gives."""
    loader.environment.cache_clear()
    yield
    loader.environment.cache_clear()


def test_the_compiled_templates_are_current(tmp_path: Path) -> None:
    written = loader.write_compiled(tmp_path)
    shipped = sorted(path.name for path in loader.COMPILED.glob("tmpl_*.py"))
    assert shipped == written, "templates were added or removed: run `python -m toolkit.publish.site`"
    for name in [*written, loader.KEY]:
        assert (loader.COMPILED / name).read_bytes() == (tmp_path / name).read_bytes(), (
            f"{name} is stale: run `python -m toolkit.publish.site` after editing a template")


def test_the_pages_are_rendered_from_the_compiled_modules(fresh: None) -> None:
    assert isinstance(loader.environment().loader, jinja2.ModuleLoader)


def test_compiled_or_not_the_site_is_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build_site(ROOT / "datapackage.json", tmp_path / "compiled")
    monkeypatch.setattr(loader, "environment", lambda: loader._environment(jinja2.FileSystemLoader(loader.TEMPLATES)))
    build_site(ROOT / "datapackage.json", tmp_path / "from-source")
    assert snapshot(tmp_path / "from-source") == snapshot(tmp_path / "compiled")


def test_an_edited_template_is_compiled_from_its_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh: None) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(loader.TEMPLATES, templates)
    base = templates / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("Skip to content", "Skip to the records"), encoding="utf-8")
    monkeypatch.setattr(loader, "TEMPLATES", templates)
    build_site(ROOT / "datapackage.json", tmp_path / "site")
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert isinstance(loader.environment().loader, jinja2.FileSystemLoader)
    assert "Skip to the records" in home and "Skip to content" not in home


def test_compiling_removes_the_modules_of_templates_gone_and_writes_the_key_last(tmp_path: Path) -> None:
    (tmp_path / "tmpl_0000.py").write_text("name = 'gone.html'\n", encoding="utf-8")
    (tmp_path / loader.KEY).write_text("an older key\n", encoding="utf-8")
    written = loader.write_compiled(tmp_path)
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted([*written, loader.KEY])
    assert len(written) == len(list(loader.TEMPLATES.glob("*.html")))
    assert (tmp_path / loader.KEY).read_text(encoding="utf-8") == f"{loader.source_key()}\n"
