"""`toolkit site`: what it builds from the working package and from a release, and where it refuses to write."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import pytest
from conftest import ROOT, set_cell, snapshot
from typer.testing import CliRunner

from toolkit.cli import app
from toolkit.publish.release import publish
from toolkit.publish.site import SiteError, build_site, release_site
from toolkit.publish.site.build import MARKER, InvalidData
from toolkit.publish.site.pages import UnsafeName, slug

EPOCH = "1769385600"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(found["id"] or "")
        for name in ("href", "src", "data-href"):
            if found.get(name):
                self.hrefs.append(found[name] or "")


def broken_links(site: Path) -> list[str]:
    """Every relative link or resource of every page that names a missing file or anchor."""
    parsed: dict[str, _Links] = {}
    for page in sorted(site.rglob("*.html")):
        reader = _Links()
        reader.feed(page.read_text(encoding="utf-8"))
        parsed[page.relative_to(site).as_posix()] = reader
    broken = []
    for page, reader in parsed.items():
        for href in reader.hrefs:
            if urlsplit(href).scheme:
                continue
            path, anchor = urldefrag(href)
            target = os.path.normpath(os.path.join(os.path.dirname(page), unquote(path))) if path else page
            if not (site / target).is_file() or (anchor and anchor not in parsed[target].ids):
                broken.append(f"{page}: {href}")
    return broken


def test_the_bundled_dataset_gives_a_page_per_fact_article_and_entity(tmp_path: Path) -> None:
    built = build_site(ROOT / "datapackage.json", tmp_path / "site")
    files = snapshot(tmp_path / "site")
    counts = {kind: sum(name.startswith(f"{kind}/") for name in files) for kind in ("fact", "article", "entity")}
    rows = {name: (ROOT / "dataset" / f"{name}.csv").read_text(encoding="utf-8").count("\n") - 1 for name in ("facts", "articles", "entities")}
    assert counts == {"fact": rows["facts"], "article": rows["articles"], "entity": rows["entities"]}
    assert built.pages == 1 + sum(counts.values()) and built.release is None
    assert broken_links(tmp_path / "site") == []
    assert not any(b"http://" in content or b"//fonts." in content for content in files.values())
    assert {name for name in files if not name.endswith(".html")} == {"site.css", "site.js", MARKER}


def test_the_same_package_gives_the_same_bytes_in_another_process(tmp_path: Path) -> None:
    build_site(ROOT / "datapackage.json", tmp_path / "one")
    environment = {**os.environ, "PYTHONHASHSEED": "12345"}
    command = [str(Path(sys.executable).parent / "toolkit"), "site", str(ROOT / "datapackage.json"), "--out", str(tmp_path / "two")]
    subprocess.run(command, check=True, env=environment, capture_output=True, cwd=tmp_path)
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")


def test_a_directory_that_is_not_a_site_is_never_overwritten(mini: Path) -> None:
    (mini / "notes").mkdir()
    (mini / "notes" / "keep.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(app, ["site", "--out", "notes"])
    assert result.exit_code == 1
    assert "toolkit site: notes is not empty and is not a site built by `toolkit site`" in result.output
    assert snapshot(mini / "notes") == {"keep.txt": b"mine"}


@pytest.mark.parametrize("out", [".", ".."])
def test_the_package_s_own_directory_is_refused(mini: Path, out: str) -> None:
    with pytest.raises(SiteError, match="holds the package itself"):
        build_site(Path("datapackage.json"), Path(out))


def test_a_file_is_refused(mini: Path) -> None:
    (mini / "site").write_text("x", encoding="utf-8")
    with pytest.raises(SiteError, match="exists and is not a directory"):
        build_site(Path("datapackage.json"), mini / "site")


def test_a_previous_site_is_replaced_whole(mini: Path) -> None:
    build_site(Path("datapackage.json"), mini / "site")
    (mini / "site" / "entity" / "gone.html").write_text("stale", encoding="utf-8")
    build_site(Path("datapackage.json"), mini / "site")
    assert not (mini / "site" / "entity" / "gone.html").exists()
    assert sorted(p.name for p in mini.iterdir() if p.name.startswith(".site")) == []  # no staging left beside it


def test_a_failed_write_keeps_the_previous_site(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build_site(Path("datapackage.json"), mini / "site")
    before = snapshot(mini / "site")

    def fail(source: object, target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "rename", fail)
    with pytest.raises(OSError, match="No space left"):
        build_site(Path("datapackage.json"), mini / "site")
    assert snapshot(mini / "site") == before
    assert [p.name for p in mini.iterdir() if p.name.startswith(".site")] == []


def test_invalid_data_is_reported_and_nothing_is_written(mini: Path) -> None:
    set_cell(mini, "mentions", 0, "text", "Acme Inc")
    result = CliRunner().invoke(app, ["site", "--out", "site"])
    assert result.exit_code == 1
    assert "span-mismatch" in result.output and "The source text at 0-9 is 'Acme Corp', not 'Acme Inc'." in result.output
    assert not (mini / "site").exists()
    with pytest.raises(InvalidData):
        build_site(Path("datapackage.json"), mini / "site")


def test_ids_that_are_not_slugs_never_become_file_names() -> None:
    assert slug("alex-pretti") == "alex-pretti"
    for bad in ("../evil", "a/b", "", "A"):
        with pytest.raises(UnsafeName):
            slug(bad)


@pytest.fixture
def release(mini: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    return publish(Path("datapackage.json"), "1.0.0", None, mini / "dist", mini / "CHANGELOG.md", allow_dirty=True).target


def test_a_release_s_files_are_offered_with_their_checksums(release: Path, mini: Path) -> None:
    built = build_site(release, mini / "site")
    assert built.release == "1.0.0"
    files = snapshot(mini / "site")
    listed = dict(reversed(line.split("  ", 1)) for line in (release / "SHA256SUMS").read_text().splitlines())
    for path, digest in listed.items():
        assert files[f"files/{path}"] == (release / path).read_bytes()
        assert f'<a href="files/{path}">{path}</a>'.encode() in files["index.html"]
        assert f'<code class="hash">{digest}</code>'.encode() in files["index.html"]
    assert files["files/SHA256SUMS"] == (release / "SHA256SUMS").read_bytes()
    assert b"Release <strong>1.0.0</strong>, created 2026-01-26T00:00:00Z." in files["index.html"]
    cite = "The tech-ice-coverage contributors. Test fixture, version 1.0.0 (2026-01-26)."
    assert f'<p class="citation">{cite}</p>'.encode() in files["index.html"]
    assert b'<a href="files/CITATION.cff">CITATION.cff</a>.</p>' in files["index.html"]
    assert b"The source text is not in this package" in files["article/acme-letter.html"]
    assert broken_links(mini / "site") == []


def test_a_release_file_that_does_not_match_its_sum_is_refused(release: Path, mini: Path) -> None:
    """datapackage.json cannot declare its own hash: SHA256SUMS is what vouches for it."""
    (release / "datapackage.json").write_bytes((release / "datapackage.json").read_bytes() + b" ")
    with pytest.raises(SiteError, match="^datapackage.json does not match its sum in .*SHA256SUMS; the release is damaged"):
        build_site(release, mini / "site")


def test_a_changed_release_file_its_descriptor_lists_is_invalid_data(release: Path, mini: Path) -> None:
    (release / "json" / "facts.json").write_bytes((release / "json" / "facts.json").read_bytes() + b" ")
    with pytest.raises(InvalidData) as refused:
        build_site(release, mini / "site")
    assert refused.value.report is not None
    assert [(p.code, Path(p.file).relative_to(release).as_posix(), p.field) for p in refused.value.report.errors()] == [
        ("byte-count", "json/facts.json", "bytes"), ("hash-count", "json/facts.json", "hash")]


def test_a_site_inside_a_release_links_to_the_release_s_files(mini: Path, tmp_path: Path) -> None:
    from toolkit.engine.package import load
    from toolkit.publish.release import Origin, release_files
    from toolkit.rules.checks import check_sources, typed

    package = load(Path("datapackage.json"))
    data = typed(package)
    list(check_sources(data))
    files = release_files(package, data, "1.0.0", Origin(None, True, int(EPOCH)), with_sources=True)
    site = release_site(data, {k: v for k, v in files.items() if k != "SHA256SUMS"}, "1.0.0", "2026-01-26T00:00:00Z")
    for name, content in {**files, **{f"site/{k}": v for k, v in site.items()}}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(content)
    assert broken_links(tmp_path / "site") == []
    home = site["index.html"].decode()
    for name, content in files.items():
        if name != "SHA256SUMS":
            assert f'<a href="../{name}">{name}</a>' in home and hashlib.sha256(content).hexdigest() in home
    assert 'class="source"' in site["article/acme-letter.html"].decode()


def test_texts_put_beside_a_release_are_checked_and_shown(release: Path, mini: Path) -> None:
    """What the Pages workflow does: the release's files for download, the commit's texts for reading."""
    shutil.copytree(mini / "dataset" / "sources", release / "dataset" / "sources")
    build_site(release, mini / "site")
    page = (mini / "site" / "article" / "acme-letter.html").read_text(encoding="utf-8")
    assert '<div class="source" lang="en"' in page
    assert not (mini / "site" / "files" / "dataset").exists()  # not in SHA256SUMS, so not offered as a release file
    (release / "dataset" / "sources" / "acme-letter.txt").write_text("another text", encoding="utf-8")
    with pytest.raises(InvalidData):
        build_site(release, mini / "site")


def test_a_release_zip_gives_the_same_site_as_its_directory(release: Path, mini: Path) -> None:
    build_site(release, mini / "from-directory")
    build_site(release.with_name(f"{release.name}.zip"), mini / "from-zip")
    assert snapshot(mini / "from-zip") == snapshot(mini / "from-directory")


def test_a_zip_that_is_not_a_release_is_refused(mini: Path) -> None:
    import zipfile

    with zipfile.ZipFile(mini / "other.zip", "w") as archive:
        archive.writestr("notes/readme.txt", "x")
    result = CliRunner().invoke(app, ["site", "other.zip", "--out", "site"])
    assert result.exit_code == 1
    assert "other.zip error archive-invalid: The zip archive cannot be used: it holds no datapackage.json." in result.output
    assert not (mini / "site").exists()


def test_release_with_site_holds_the_site_under_its_checksums(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    result = CliRunner().invoke(app, ["release", "1.0.0", "--with-site", "--allow-dirty"])
    assert result.exit_code == 0, result.output
    target = mini / "dist" / "mini-1.0.0"
    sums = dict(reversed(line.split("  ", 1)) for line in (target / "SHA256SUMS").read_text().splitlines())
    pages = {name for name in sums if name.startswith("site/")}
    assert {"site/index.html", "site/fact/signatory-count.html", "site/article/acme-letter.html", "site/site.css"} <= pages
    assert all(hashlib.sha256((target / name).read_bytes()).hexdigest() == sums[name] for name in pages)
    assert broken_links(target / "site") == []
    home = (target / "site" / "index.html").read_text(encoding="utf-8")
    for name in ("csv/claims.csv", "README.md", "LICENSE", "CITATION.cff", "croissant.json", "datapackage.json"):  # the site comes last
        assert f'<a href="../{name}">{name}</a>' in home and sums[name] in home, name
    assert '<a href="../CITATION.cff">CITATION.cff</a>.</p>' in home  # "For reference managers"
    assert '<a href="../SHA256SUMS">SHA256SUMS</a>' in home
    descriptor = json.loads((target / "datapackage.json").read_text(encoding="utf-8"))
    assert not [r["path"] for r in descriptor["resources"] if r["path"].startswith("site/")]  # SHA256SUMS covers the site
    assert "The source text is not in this package" in (target / "site" / "article" / "acme-letter.html").read_text(encoding="utf-8")


def test_the_home_page_groups_every_status_the_agreement_rules_give() -> None:
    from toolkit.publish.site.pages import STATUS_ORDER
    from toolkit.rules.agreement import STATUSES

    assert sorted(STATUS_ORDER) == sorted(STATUSES)


def test_every_entity_and_claim_type_the_schema_allows_has_its_colour() -> None:
    import json
    import re

    css = (ROOT / "toolkit" / "publish" / "site" / "templates" / "site.css").read_text(encoding="utf-8")
    enums = {name: next(f for f in json.loads((ROOT / "schema" / f"{name}.json").read_text())["fields"] if f["name"] == field)["constraints"]["enum"]
             for name, field in (("entities", "entity_type"), ("claims", "claim_type"))}
    for entity_type in enums["entities"]:
        assert re.search(rf"\.mention\.type-{entity_type} {{ background: var\(--[a-z]+\); }}", css), entity_type
    for claim_type in enums["claims"]:
        assert re.search(rf"\.claim-{claim_type} {{ text-decoration-color: var\(--[a-z-]+\); }}", css), claim_type


class _Marks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tips: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "mark" and found.get("data-tip"):
            self.tips[found["data-rec"] or ""] = found["data-tip"] or ""


def test_a_highlight_names_its_claim_whatever_characters_the_paraphrase_holds(mini: Path) -> None:
    """Quotes, angle brackets and ampersands in a record reach the highlight's attributes escaped, and read back whole."""
    paraphrase = """Jane Roe said "we" <b>won't</b> stop & 'go on'."""
    set_cell(mini, "claims", 1, "paraphrase", paraphrase)
    build_site(mini / "datapackage.json", mini.parent / "site")
    marks = _Marks()
    marks.feed((mini.parent / "site" / "article" / "acme-letter.html").read_text(encoding="utf-8"))
    assert marks.tips["c-acme-quote"] == f"Quote claim: {paraphrase}"
