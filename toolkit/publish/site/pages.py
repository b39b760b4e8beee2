"""Every page of the site as bytes, from the typed dataset: pure, so the same data gives the same site.

The pages are Jinja2 templates (package data beside this module, compiled ahead
of time: `loader`) filled with plain values. The markup built here is the
highlighted text, because spans that nest or cross need the tree `spans.nest`
computes, and the small pieces every page repeats (links, statuses, offsets),
which as Jinja macros took a tenth of the rendering time.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from toolkit.publish.datacard import AUTHOR
from toolkit.publish.site import loader
from toolkit.publish.site.spans import Span, context, nest, render, text_escape
from toolkit.rules.agreement import Verdict, verdicts, word_diff
from toolkit.rules.checks import Dataset

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
STATUS_ORDER = ("conflicting", "not comparable", "consistent", "single")
STYLE, SCRIPT = "site.css", "site.js"


@dataclass(frozen=True)
class Download:
    """A file of the release the site was built from, as listed in its SHA256SUMS."""

    path: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Release:
    """What the home page says about the release: its files, linked under `base` (relative to the site root)."""

    version: str
    created: str
    downloads: tuple[Download, ...]
    base: str


class UnsafeName(ValueError):
    """An id that cannot be used as a file name."""


def slug(identifier: str) -> str:
    """An id as a file name; refused unless it is a plain slug, so no page can be written outside the site."""
    if not SLUG.match(identifier):
        raise UnsafeName(f"id {identifier!r} is not a slug (lower-case letters, digits and single hyphens)")
    return identifier


def mention_key(mention: Any) -> str:
    """The mention's anchor and highlight key, unique across the site (its primary key)."""
    return f"m-{slug(mention.article_id)}-{mention.start}-{mention.end}"


def claim_key(claim: Any) -> str:
    return f"c-{slug(claim.claim_id)}"


def pages(data: Dataset, release: Release | None) -> dict[str, bytes]:
    """Path inside the site -> content, for every page, the style sheet and the script."""
    site = _Site(data, release)
    environment = loader.environment()
    out: dict[str, bytes] = {}

    def page(path: str, template: str, **values: Any) -> None:
        root = "../" * path.count("/")
        html = environment.get_template(template).render(site=site, root=root, **values)
        out[path] = html.encode("utf-8")

    page("index.html", "home.html")
    for fact in site.facts:
        page(f"fact/{slug(fact.fact_id)}.html", "fact.html", fact=fact, verdict=site.verdicts[fact.fact_id])
    for article in site.articles:
        page(f"article/{slug(article.article_id)}.html", "article.html", article=article)
    for entity in site.entities:
        page(f"entity/{slug(entity.entity_id)}.html", "entity.html", entity=entity)
    for name in (STYLE, SCRIPT):
        out[name] = loader.static(name)
    return out


class _Site:
    """The dataset indexed the way the templates read it; every list in a stable order."""

    def __init__(self, data: Dataset, release: Release | None) -> None:
        rows = {name: [row for _, row in pairs] for name, pairs in data.rows.items()}
        descriptor = data.package.descriptor
        self.title: str = descriptor.get("title") or descriptor.get("name", "Data package")
        self.name: str = descriptor.get("name", "")
        self.description: str = descriptor.get("description", "")
        self.licenses: list[dict[str, Any]] = [x for x in descriptor.get("licenses", []) if isinstance(x, dict)]
        self.release = release
        self.texts = data.texts
        self.counts = {name: len(rows[name]) for name in sorted(rows)}
        self.entities = sorted(rows["entities"], key=lambda e: e.entity_id)
        self.entity = {e.entity_id: e for e in self.entities}
        self.articles = sorted(rows["articles"], key=lambda a: a.article_id)
        self.article = {a.article_id: a for a in self.articles}
        self.facts = sorted(rows["facts"], key=lambda f: f.fact_id)
        self.fact = {f.fact_id: f for f in self.facts}
        self.claims = sorted(rows["claims"], key=lambda c: (c.article_id, c.start, c.end, c.claim_id))
        self.claim = {c.claim_id: c for c in self.claims}
        self.mentions = sorted(rows["mentions"], key=lambda m: (m.article_id, m.start, m.end))
        self.verdicts: dict[str, Verdict] = verdicts(data)
        self.bylines: dict[str, list[str]] = defaultdict(list)
        for byline in sorted(rows["bylines"], key=lambda b: (b.article_id, b.entity_id)):
            self.bylines[byline.article_id].append(byline.entity_id)
        self.mentions_of: dict[str, list[Any]] = defaultdict(list)
        self.mentions_in: dict[str, list[Any]] = defaultdict(list)
        for mention in self.mentions:
            self.mentions_of[mention.entity_id].append(mention)
            self.mentions_in[mention.article_id].append(mention)
        answer_members: dict[str, list[str]] = defaultdict(list)
        for member in sorted(rows.get("answer_entities", []), key=lambda a: (a.claim_id, a.entity_id)):
            answer_members[member.claim_id].append(member.entity_id)
        self.claims_in: dict[str, list[Any]] = defaultdict(list)
        self.claims_naming: dict[str, list[Any]] = defaultdict(list)
        for claim in self.claims:
            self.claims_in[claim.article_id].append(claim)
            for entity_id in dict.fromkeys((claim.subject_id, claim.speaker_id, claim.object_id, *answer_members[claim.claim_id])):
                if entity_id:
                    self.claims_naming[entity_id].append(claim)
        self.parts: dict[str, list[Any]] = defaultdict(list)
        for entity in self.entities:
            if getattr(entity, "part_of", None):
                self.parts[entity.part_of].append(entity)
        self.entity_types, self.claim_types = _enum(data, "entities", "entity_type"), _enum(data, "claims", "claim_type")
        self.types = {t: [e for e in self.entities if e.entity_type == t] for t in self.entity_types}

    def by_status(self) -> list[tuple[str, list[Any]]]:
        """The facts grouped by status, the disagreements first: what a fact-checker looks for."""
        groups = [(status, [f for f in self.facts if self.verdicts[f.fact_id].status == status]) for status in STATUS_ORDER]
        return [(status, facts) for status, facts in groups if facts]

    def label(self, article_id: str) -> str:
        """An article as a reader can tell it apart: its headline, or its id when the copy has none."""
        return self.article[article_id].title or f"Untitled copy ({article_id})"

    def cite(self) -> str:
        """The citation a release's data card and Croissant metadata give (toolkit.publish.datacard), for this version."""
        if not self.release:
            return f"{AUTHOR}. {self.title} (working copy, not a release: cite a release)."
        date = f" ({self.release.created[:10]})" if self.release.created else ""
        return f"{AUTHOR}. {self.title}, version {self.release.version}{date}."

    def citation_file(self) -> str | None:
        """The release's CITATION.cff, for reference managers, when the site lists it."""
        return next((self.release.base + d.path for d in self.release.downloads if d.path == "CITATION.cff"), None) if self.release else None

    def article_link(self, root: str, article_id: str) -> Markup:
        return _link(f"{root}article/{article_id}.html", self.label(article_id))

    def entity_link(self, root: str, entity_id: str) -> Markup:
        return _link(f"{root}entity/{entity_id}.html", self.entity[entity_id].name)

    def fact_link(self, root: str, fact_id: str) -> Markup:
        return _link(f"{root}fact/{fact_id}.html", self.fact[fact_id].question)

    @staticmethod
    def status(verdict: Verdict) -> Markup:
        return Markup(f'<span class="status status-{escape(verdict.status.replace(" ", "-"))}">{escape(verdict.status)}</span>')

    def offsets(self, article_id: str, key: str, record: Any) -> Markup:
        """A record's offsets, linked to its highlight where the page shows the text."""
        if article_id not in self.texts:
            return Markup(f"{record.start}–{record.end}")
        return Markup(f'<a href="#t-{escape(key)}" aria-label="offsets {record.start} to {record.end}, show in the text">'
                      f"{record.start}–{record.end}</a>")

    @staticmethod
    def claim_meta(claim: Any) -> Markup:
        as_of = f' <span class="meta">as of: {escape(claim.as_of)}</span>' if claim.as_of else ""
        fidelity = f' <span class="meta">fidelity: {escape(claim.fidelity)}</span>' if claim.fidelity else ""
        return Markup(as_of + fidelity)

    def highlighted(self, article_id: str) -> Markup:
        """The article's whole text with every mention and claim marked at its offsets."""
        records: dict[str, Any] = {}
        spans = []
        for claim in self.claims_in[article_id]:
            spans.append(Span(claim.start, claim.end, claim_key(claim), rank=0))
            records[claim_key(claim)] = claim
        for mention in self.mentions_in[article_id]:
            spans.append(Span(mention.start, mention.end, mention_key(mention), rank=1))
            records[mention_key(mention)] = mention
        return render(nest(self.texts[article_id], spans), lambda span, first: self._mark(records[span.key], span.key, first))

    def _mark(self, record: Any, key: str, first: bool) -> Markup:
        if key.startswith("c-"):
            classes = f"hl claim claim-{record.claim_type}"
            fact = self.fact.get(record.fact_id) if record.fact_id else None
            tip = f"{record.claim_type.capitalize()} claim: {record.paraphrase}" + (f" Fact: {fact.question}" if fact else "")
            href = f"../fact/{slug(fact.fact_id)}.html" if fact else f"#{key}"
        else:
            entity = self.entity[record.entity_id]
            classes = f"hl mention type-{entity.entity_type}" + (" garbled" if record.form == "garbled" else "")
            tip = f"{entity.name} ({entity.entity_type}), {record.form} form"
            href = f"../entity/{slug(entity.entity_id)}.html"
        if not first:
            return Markup(f'<mark class="{escape(classes)}" data-rec="{escape(key)}" data-href="{escape(href)}">')
        # Described by its row in the tables below the text, which names the entity or restates the claim.
        key, classes, href, tip = escape(key), escape(classes), escape(href), escape(tip)  # not Markup.format: a third of rendering
        return Markup(f'<mark id="t-{key}" class="{classes}" data-rec="{key}" data-href="{href}" data-tip="{tip}" aria-describedby="{key}" '
                      'tabindex="0">')

    def excerpt(self, article_id: str, start: int, end: int, key: str, classes: str) -> Markup:
        """About two sentences of the article around one span, the span marked; just the span without the text."""
        text = self.texts.get(article_id)
        if text is None:
            return Markup("")
        window = context(text, start, end)
        mark = Markup(f'<mark class="{escape(classes)}" data-rec="{escape(key)}">')
        pieces = [Markup("… ") if window.cut_left else Markup(""), text_escape(text[window.start:start]), mark,
                  text_escape(text[start:end]), Markup("</mark>"), text_escape(text[end:window.end]),
                  Markup(" …") if window.cut_right else Markup("")]
        return Markup("").join(pieces)

    def unanswered(self, verdict: Verdict) -> list[Any]:
        """The fact's claims that give no answer to compare (an event that names no one, say), shown apart."""
        answering = {claim_id for answer in verdict.answers for claim_id in answer.claim_ids}
        return [c for c in self.claims if c.fact_id == verdict.fact_id and c.claim_id not in answering]

    def wordings(self, verdict: Verdict) -> list[tuple[str, str, Markup]]:
        """For a wording fact, each other article's wording set against the first's, word by word."""
        texts = [(a.article_id, " ".join(self.claim[c].wording or self.claim[c].text for c in a.claim_ids)) for a in verdict.answers]
        if verdict.kind != "wording" or len({t for _, t in texts}) < 2:
            return []
        (reference, old), rest = texts[0], texts[1:]
        return [(reference, article_id, _diff_markup(word_diff(old, new))) for article_id, new in rest]


def _enum(data: Dataset, table: str, field: str) -> tuple[str, ...]:
    """The values a field's schema allows, in the schema's order: the types the legend and colours cover."""
    spec = next(f for f in data.table(table).schema["fields"] if f["name"] == field)
    return tuple(spec.get("constraints", {}).get("enum", ()))


def _link(href: str, text: str) -> Markup:
    return Markup(f'<a href="{escape(href)}">{escape(text)}</a>')


def _diff_markup(runs: Iterable[tuple[str, str]]) -> Markup:
    tags = {"equal": ("", ""), "delete": ("<del>", "</del>"), "insert": ("<ins>", "</ins>")}
    return Markup(" ").join(Markup(tags[op][0]) + escape(words) + Markup(tags[op][1]) for op, words in runs)
