"""The built site in a real browser (Debian's Chromium, driven by Playwright), served from localhost.

Every page is visited; the checks read the dataset's CSV and source files
directly, not the toolkit, so they hold the site to the records themselves.
"""

from __future__ import annotations

import csv
import functools
import itertools
import os
import shutil
import threading
from collections import defaultdict
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest
from conftest import ROOT

from toolkit.publish.site import build_site

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
EXTERNAL_HOSTS = {"www.wikidata.org", "creativecommons.org"}  # linked to, never requested
DESKTOP, PHONE = {"width": 1280, "height": 900}, {"width": 390, "height": 844}

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium package", pytrace=False)
    pytest.skip(f"{CHROMIUM} is missing (apt-get install -y chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


def _rows(table: str) -> list[dict[str, str]]:
    with (ROOT / "dataset" / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _records() -> dict[str, dict[str, dict[str, Any]]]:
    """Article id -> highlight key -> the record's text and offsets, from the CSV files."""
    found: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for m in _rows("mentions"):
        found[m["article_id"]][f"m-{m['article_id']}-{m['start']}-{m['end']}"] = {"text": m["text"], "start": int(m["start"])}
    for c in _rows("claims"):
        found[c["article_id"]][f"c-{c['claim_id']}"] = {"text": c["text"], "start": int(c["start"])}
    return found


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, message: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    out = tmp_path_factory.mktemp("site") / "site"
    build_site(ROOT / "datapackage.json", out)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(out)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", out
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


class _Visit:
    """A page that fails the test on any console error, page error or request leaving localhost."""

    def __init__(self, browser: Any, viewport: dict[str, int] = DESKTOP) -> None:
        self.context = browser.new_context(viewport=viewport)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(f"console: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        self.page.on("requestfailed", lambda r: self.errors.append(f"failed: {r.url}"))
        self.page.route("**/*", self._guard)

    def _guard(self, route: Any) -> None:
        if urlsplit(route.request.url).hostname != "127.0.0.1":
            self.errors.append(f"external request: {route.request.url}")
            route.abort()
        else:
            route.continue_()

    def open(self, url: str) -> Any:
        response = self.page.goto(url)
        assert response is not None and response.status == 200, url
        return self.page


@pytest.fixture(scope="module")
def crawl(served: tuple[str, Path], browser: Any) -> dict[str, dict[str, Any]]:
    """Visit every page reachable from the home page: its links, its ids, and what went wrong."""
    base, _ = served
    visit = _Visit(browser)
    pages: dict[str, dict[str, Any]] = {}
    queue = [base + "index.html"]
    while queue:
        url = queue.pop()
        if url in pages:
            continue
        page = visit.open(url)
        links = page.eval_on_selector_all("a[href], mark[data-href]", "els => els.map(e => e.dataset.href ? new URL(e.dataset.href, location.href).href : e.href)")
        ids = set(page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
        named = page.eval_on_selector_all("[aria-describedby], [aria-labelledby]",
                                          "els => els.flatMap(e => [e.getAttribute('aria-describedby'), e.getAttribute('aria-labelledby')])")
        pages[url] = {"links": links, "ids": ids, "named": {n for n in named if n}, "errors": list(visit.errors)}
        visit.errors.clear()
        for link in links:
            target = urldefrag(link).url
            if target.startswith(base) and target.endswith(".html") and target not in pages:
                queue.append(target)
    visit.context.close()
    return pages


def test_every_page_is_reached_and_every_link_resolves(crawl: dict[str, dict[str, Any]], served: tuple[str, Path]) -> None:
    base, out = served
    assert set(crawl) == {base + p.relative_to(out).as_posix() for p in out.rglob("*.html")}
    broken, external = [], set()
    for url, seen in crawl.items():
        for link in seen["links"]:
            target, anchor = urldefrag(link)
            if not target.startswith(base):
                external.add(urlsplit(target).hostname)
            elif target not in crawl or (anchor and anchor not in crawl[target]["ids"]):
                broken.append(f"{url} -> {link}")
    assert broken == []
    assert external <= EXTERNAL_HOSTS
    assert {url: seen["named"] - seen["ids"] for url, seen in crawl.items() if seen["named"] - seen["ids"]} == {}  # ARIA references


def test_no_page_logs_an_error_or_requests_anything_outside(crawl: dict[str, dict[str, Any]]) -> None:
    assert {url: seen["errors"] for url, seen in crawl.items() if seen["errors"]} == {}


_FRAGMENTS = """source => [...source.querySelectorAll('mark[data-rec]')].map(mark => {
  const before = document.createRange();
  before.setStart(source, 0);
  before.setEndBefore(mark);
  return {key: mark.dataset.rec, at: [...before.toString()].length, text: mark.textContent};
})"""


@pytest.mark.parametrize("article", sorted({a["article_id"] for a in _rows("articles")}))
def test_every_record_is_highlighted_at_its_exact_offsets(served: tuple[str, Path], browser: Any, article: str) -> None:
    base, _ = served
    visit = _Visit(browser)
    page = visit.open(f"{base}article/{article}.html")
    source = page.locator(".source")
    expected = (ROOT / "dataset" / "sources" / f"{article}.txt").read_text(encoding="utf-8")
    assert source.evaluate("s => s.textContent") == expected  # the whole text, nothing added or lost
    fragments: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for fragment in source.evaluate(_FRAGMENTS):
        fragments[fragment["key"]].append(fragment)
    records = _records()[article]
    assert set(fragments) == set(records)
    for key, record in records.items():
        parts = fragments[key]
        assert parts[0]["at"] == record["start"], key
        assert "".join(p["text"] for p in parts) == record["text"], key
        for part, following in itertools.pairwise(parts):
            assert len([*part["text"]]) and part["at"] + len([*part["text"]]) == following["at"], key  # contiguous
    assert visit.errors == []
    visit.context.close()


@pytest.mark.parametrize("article", sorted({a["article_id"] for a in _rows("articles")}))
def test_the_keyboard_reaches_every_highlight_and_each_names_its_record(served: tuple[str, Path], browser: Any, article: str) -> None:
    base, _ = served
    visit = _Visit(browser)
    page = visit.open(f"{base}article/{article}.html")
    records = _records()[article]
    reached: list[str] = []
    page.locator("h1").click()
    for _ in range(len(records) + 20):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.dataset.rec || null")
        if focused:
            reached.append(focused)
            tip = page.evaluate("() => getComputedStyle(document.activeElement, '::after').content")
            assert tip.strip('"') == page.evaluate("() => document.activeElement.dataset.tip") != "", focused
        elif reached:
            break
    assert len(reached) == len(set(reached)) and set(reached) == set(records)  # each highlight once, none missing
    assert visit.errors == []
    visit.context.close()


def test_enter_or_a_click_on_a_mention_opens_its_entity(served: tuple[str, Path], browser: Any) -> None:
    base, _ = served
    mention = next(m for m in _rows("mentions") if m["form"] == "garbled")
    visit = _Visit(browser)
    page = visit.open(f"{base}article/{mention['article_id']}.html")
    page.focus(f"#t-m-{mention['article_id']}-{mention['start']}-{mention['end']}")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{base}entity/{mention['entity_id']}.html"
    page.go_back()
    with page.expect_navigation():
        page.click(f"#t-m-{mention['article_id']}-{mention['start']}-{mention['end']}")  # a mouse click opens it at once
    assert page.url == f"{base}entity/{mention['entity_id']}.html"
    visit.context.close()


def test_on_a_touch_screen_the_first_tap_names_the_entity_and_the_second_opens_it(served: tuple[str, Path], browser: Any) -> None:
    base, _ = served
    mention = next(m for m in _rows("mentions") if m["form"] == "garbled")
    key = f"m-{mention['article_id']}-{mention['start']}-{mention['end']}"
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(f"{base}article/{mention['article_id']}.html")
    page.tap(f"#t-{key}")
    assert page.url == f"{base}article/{mention['article_id']}.html"
    assert page.evaluate("() => document.activeElement.dataset.rec") == key
    assert "garbled form" in page.evaluate("() => getComputedStyle(document.activeElement, '::after').content")
    with page.expect_navigation():
        page.tap(f"#t-{key}")
    assert page.url == f"{base}entity/{mention['entity_id']}.html"
    context.close()


def _answers(claim: dict[str, str], kind: str) -> bool:
    """Whether a claim gives an answer to its fact, read from the columns the kind of answer uses."""
    named = {row["claim_id"] for row in _rows("answer_entities")}
    return {"quantity": bool(claim["value"] and claim["unit"]), "entity": claim["claim_id"] in named,
            "entity set": claim["claim_id"] in named, "wording": bool(claim["wording"]), "yes/no": bool(claim["yes_no"])}[kind]


@pytest.mark.parametrize("fact", _rows("facts"), ids=lambda f: f["fact_id"])
def test_a_fact_page_shows_one_answer_per_article_that_answers_it(served: tuple[str, Path], browser: Any, fact: dict[str, str]) -> None:
    base, _ = served
    claims = [c for c in _rows("claims") if c["fact_id"] == fact["fact_id"]]
    answering = [c for c in claims if _answers(c, fact["answer_kind"])]
    visit = _Visit(browser)
    page = visit.open(f"{base}fact/{fact['fact_id']}.html")
    cards = page.eval_on_selector_all("section.answer", "els => els.map(e => e.dataset.article)")
    assert sorted(cards) == sorted({c["article_id"] for c in answering})
    marks = page.eval_on_selector_all("section.answer mark[data-rec]", "els => els.map(e => [e.dataset.rec, e.textContent])")
    assert sorted(marks) == sorted([f"c-{c['claim_id']}", c["text"]] for c in answering)
    others = page.eval_on_selector_all("section.no-answer mark[data-rec]", "els => els.map(e => [e.dataset.rec, e.textContent])")
    assert sorted(others) == sorted([f"c-{c['claim_id']}", c["text"]] for c in claims if c not in answering)  # shown, apart
    assert visit.errors == []
    visit.context.close()


def test_an_entity_page_shows_every_mention_in_context(served: tuple[str, Path], browser: Any) -> None:
    base, _ = served
    entity = "alex-pretti"
    visit = _Visit(browser)
    page = visit.open(f"{base}entity/{entity}.html")
    marks = page.eval_on_selector_all("mark[data-rec]", "els => els.map(e => [e.dataset.rec, e.textContent])")
    expected = [[f"m-{m['article_id']}-{m['start']}-{m['end']}", m["text"]] for m in _rows("mentions") if m["entity_id"] == entity]
    assert sorted(marks) == sorted(expected)
    visit.context.close()


def _luminance(rgb: str) -> float:
    channels = [int(x) / 255 for x in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_highlights_and_badges_keep_text_contrast_of_at_least_4_5(served: tuple[str, Path], browser: Any) -> None:
    base, _ = served
    visit = _Visit(browser)
    pairs = []
    for path, selector in (("article/techcrunch-machine-rewrite.html", ".source mark, .legend .hl"), ("index.html", ".status")):
        page = visit.open(base + path)
        pairs += page.eval_on_selector_all(selector, """els => els.map(e => {
          let bg = 'rgba(0, 0, 0, 0)', n = e;
          while (n && (bg === 'rgba(0, 0, 0, 0)' || bg === 'transparent')) { bg = getComputedStyle(n).backgroundColor; n = n.parentElement; }
          return [e.className, getComputedStyle(e).color, bg];
        })""")
    low = {}
    for name, color, background in pairs:
        light, dark = sorted((_luminance(color), _luminance(background)), reverse=True)
        if (light + 0.05) / (dark + 0.05) < 4.5:
            low[name] = (color, background)
    assert low == {}
    visit.context.close()


def test_screenshots_at_desktop_and_phone_width(served: tuple[str, Path], browser: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Screens for a person to review (the path is printed), and no page scrolls sideways on a phone."""
    base, _ = served
    shots = tmp_path_factory.mktemp("screenshots")
    for viewport_name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        visit = _Visit(browser, viewport)
        for name, path in (("home", "index.html"), ("fact", "fact/who-shot-alex-pretti.html"), ("article", "article/techcrunch-machine-rewrite.html")):
            page = visit.open(base + path)
            page.screenshot(path=str(shots / f"{name}-{viewport_name}.png"), full_page=name == "fact")
            assert page.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"], f"{path} scrolls sideways"
        visit.context.close()
    if target := os.environ.get("SITE_SCREENSHOTS"):
        shutil.copytree(shots, target, dirs_exist_ok=True)
    print(f"screenshots: {shots}")
    assert sorted(p.name for p in shots.iterdir()) == sorted(
        f"{n}-{v}.png" for n in ("home", "fact", "article") for v in ("desktop", "phone"))
