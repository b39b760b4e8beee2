"""The Jinja environment the pages are rendered with, its templates compiled ahead of time into the package.

Compiling the templates (lexing, parsing, writing Python) costs about a tenth
of a second, as much as rendering every page, and a fresh machine (CI, the
Pages workflow, a newcomer's first build) would pay it on every build. So the
compiled modules ship in `compiled/`, with a key over Jinja's version, the
options and every template's source. Where the key does not match (a template
edited, another Jinja installed) they are ignored and the templates compiled
from source: slower, never stale. `tests/publish/test_site_loader.py` fails
until they are written again, with

    python -m toolkit.publish.site
"""

from __future__ import annotations

import hashlib
import tempfile
from functools import cache
from pathlib import Path

import jinja2

from toolkit.atomic import write_bytes

TEMPLATES = Path(__file__).with_name("templates")
COMPILED = Path(__file__).with_name("compiled")
KEY = "KEY"
_OPTIONS = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True, "keep_trailing_newline": True}


def source_key() -> str:
    """What the compiled modules were made from: Jinja's version, the options, each template's name and bytes."""
    digest = hashlib.sha256(f"jinja2 {jinja2.__version__} {sorted(_OPTIONS.items())}\n".encode())
    for path in sorted(TEMPLATES.glob("*.html")):
        digest.update(f"{path.name} {path.stat().st_size}\n".encode() + path.read_bytes())
    return digest.hexdigest()


@cache
def environment() -> jinja2.Environment:
    """The environment every page is rendered in: from the compiled modules when their key matches."""
    try:
        current = (COMPILED / KEY).read_text(encoding="utf-8").strip() == source_key()
    except OSError:
        current = False
    return _environment(jinja2.ModuleLoader(COMPILED) if current else jinja2.FileSystemLoader(TEMPLATES))


def _environment(loader: jinja2.BaseLoader) -> jinja2.Environment:
    environment = jinja2.Environment(loader=loader, undefined=jinja2.StrictUndefined, **_OPTIONS)  # type: ignore[arg-type]
    environment.filters["thousands"] = lambda n: f"{n:,}"
    return environment


def static(name: str) -> bytes:
    """A file served as it is (the style sheet, the script), from beside the templates."""
    return (TEMPLATES / name).read_bytes()


def write_compiled(target: Path) -> list[str]:
    """Compile every template into `target` as the environment loads them, each file written whole; remove
    modules of templates that are gone; write the key last, so a half-written directory is never current."""
    with tempfile.TemporaryDirectory() as scratch:
        _environment(jinja2.FileSystemLoader(TEMPLATES)).compile_templates(
            scratch, zip=None, filter_func=lambda name: name.endswith(".html"), ignore_errors=False)
        written = {path.name: path.read_bytes() for path in Path(scratch).iterdir()}
    target.mkdir(parents=True, exist_ok=True)
    (target / KEY).unlink(missing_ok=True)
    for stale in {path.name for path in target.glob("tmpl_*.py")} - set(written):
        (target / stale).unlink()
    for name, content in sorted(written.items()):
        write_bytes(target / name, content)
    write_bytes(target / KEY, f"{source_key()}\n".encode())
    return sorted(written)
