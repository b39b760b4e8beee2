"""What a release says about itself: its README (the data card), LICENSE and CITATION.cff, from the data.

A downloader who only has the zip must learn what the data is, how it was
collected, what it cannot tell, how the articles disagree, how to cite it and
under which licence each file is. All of it is generated from the descriptor,
the rows and the file list, so it cannot drift from what the release holds.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from toolkit.publish import card
from toolkit.rules.checks import Dataset

AUTHOR = "The tech-ice-coverage contributors"

# Each kind of file a release holds, for the data card and the repository README: (path, format, what it holds).
FILES: tuple[tuple[str, str, str], ...] = (
    ("README.md", "Markdown", "this data card: what the data is, how it was collected, its limits, counts, agreement, citation, licences"),
    ("LICENSE", "text", "the licences: CC BY 4.0 for the data; the source texts, when included, remain their publishers'"),
    ("CITATION.cff", "Citation File Format 1.2.0", "how to cite this version (GitHub, Zenodo and reference managers read it)"),
    ("datapackage.json", "Frictionless Data Package", ("version, build (commit, format), licences, and every file but the site's with its "
     "size, SHA-256 and licence; the tables' schemas inline, so `frictionless validate datapackage.json` checks the download")),
    ("croissant.json", "schema.org Dataset, Croissant 1.0 (JSON-LD)", "the same metadata for dataset search engines and ML loaders"),
    ("csv/<table>.csv", "CSV, UTF-8, LF", "one file per table, header row, rows sorted by primary key"),
    ("json/<table>.json", "JSON", "one array of objects per table, keys in column order, null for empty, whole numbers as integers"),
    ("json/coverage.json", "JSON", ("one nested document to read without joins: each article with its bylines, mentions and claims, "
     "each fact with its claims, each article's answer and the derived status and explanation")),
    ("json/annotations.jsonld", "W3C Web Annotation (JSON-LD)", ("one annotation per mention and claim, anchored by position and by "
     "quote in the source text it was read from, entities linked to Wikidata where known")),
    ("parquet/<table>.parquet", "Apache Parquet", "one file per table, each column typed from the schema (an empty column keeps its type)"),
    ("sqlite/<name>.db", "SQLite 3", ("all tables with primary and foreign keys, an index per foreign key, full-text search on claims "
     "and entities")),
    ("sqlite/metadata.json", "datasette metadata", ("titles and descriptions of every table and column: "
     "`datasette sqlite/<name>.db -m sqlite/metadata.json`")),
    ("schema/<file>.schema.json", "JSON Schema", "the schema of each JSON file, generated from the row models"),
    ("dataset/sources/<article>.txt", "text, UTF-8", ("only with `--with-sources`: the source texts, byte for byte; "
     "their publishers', included so every record can be checked")),
    ("site/<page>", "HTML", ("only with `--with-site`: a static site of the release, facts side by side and every record highlighted "
     "in its text, listing every other file with its SHA-256 (open `site/index.html`)")),
    ("SHA256SUMS", "text", "the SHA-256 of every file: `sha256sum -c SHA256SUMS`"),
)


def files_table(name: str = "<name>") -> str:
    rows = [f"| `{path.replace('<name>', name)}` | {kind} | {what} |" for path, kind, what in FILES]
    return "\n".join(["| file | format | what it holds |", "|---|---|---|", *rows])


def _limits(data: Dataset) -> list[str]:
    """What the data cannot tell, counted from the rows."""
    articles = [a for _, a in data.rows["articles"]]
    forms = Counter(m.form for _, m in data.rows["mentions"])
    kinds = Counter(a.copy_kind for a in articles)
    return [
        f"Only {len(articles)} texts, all copies found online ({', '.join(f'{n} {kind}' for kind, n in sorted(kinds.items()))}).",
        (f"No URL is known for {sum(a.url is None for a in articles)} of them and no publication date for "
        f"{sum(a.published is None for a in articles)}; what the texts show about their origin and date is in `notes`."),
        (f"{forms.get('garbled', 0)} mentions are garbled forms (a machine rewrite misspells names); they are kept as written "
        "and linked to the right entity."),
        "Claims record what a text says, not what is true: contradictory claims stand side by side.",
        f"Wikidata IDs are given only where the match is certain: {card.wikidata_coverage(data)}.",
        ("Without `--with-sources` the source texts are not included (they belong to their publishers): `source_path` names where "
        "they are in the repository, and `sha256` lets anyone holding a copy check it."),
    ]


def readme(descriptor: dict[str, Any], data: Dataset, version: str, created: str, with_sources: bool) -> str:
    name, title = descriptor.get("name", "package"), descriptor.get("title", descriptor.get("name", ""))
    built = descriptor.get("build", {})
    fragments = card.fragments(data, {name: f"csv/{name}.csv" for name in data.rows})  # the release's files, not the repository's
    origin = f"commit `{built['commit']}`" if built.get("commit") else "a work tree outside git"
    if built.get("dirty"):
        origin += " with uncommitted changes"
    articles = sorted((a for _, a in data.rows["articles"]), key=lambda a: a.article_id)
    lines = [
        f"# {title}, version {version}", "",
        descriptor.get("description", ""), "",
        (f"Built on {created} from {origin} with release format {built.get('format')}. "
        "Check the files with `sha256sum -c SHA256SUMS`, or the whole package with `frictionless validate datapackage.json`."), "",
        "## How it was collected", "",
        ("Every record was curated by hand from the source texts below and is anchored to the exact text it was read from: "
        "offsets count Unicode code points, start inclusive, end exclusive (in Python, `text[start:end]`). "
        "Whether the articles agree on a fact is derived from the claims by the toolkit, never typed by hand."), "",
        "| article | kind of copy | length | SHA-256 |", "|---|---|---:|---|",
        *[f"| `{a.article_id}` | {a.copy_kind} | {a.length} | `{a.sha256}` |" for a in articles], "",
        "## What is in it", "", fragments["counts"], "",
        "## Where the coverage disagrees", "", fragments["agreement"], "",
        "## Known limits", "", *[f"- {limit}" for limit in _limits(data)], "",
        "## Files", "", files_table(name), "",
        "## How to cite", "",
        f"{AUTHOR}. *{title}*, version {version} ({created[:10]}). See `CITATION.cff`.", "",
        "## Licences", "",
        *[f"- {licence.get('title', licence.get('name'))}: {licence.get('path', '')}" for licence in descriptor.get("licenses", [])],
        "  for every file of the release" + (", except the source texts in `dataset/sources/`, which remain their publishers' "
                                             "and are included only so the records can be checked." if with_sources else "."),
    ]
    return "\n".join(lines) + "\n"


def licence(descriptor: dict[str, Any], with_sources: bool) -> str:
    names = "; ".join(f"{item.get('title', item.get('name'))} ({item.get('path', item.get('name'))})" for item in descriptor.get("licenses", []))
    text = (f"The data in this release (tables, schemas, JSON, Parquet, SQLite, metadata) is licensed under {names}.\n"
            f"Copyright (c) {AUTHOR}.\n")
    if with_sources:
        text += ("\nThe source texts in dataset/sources/ are copies of published articles and belong to their publishers.\n"
                 "They are not licensed for reuse; they are included so that every record can be checked against the\n"
                 "exact text it was read from.\n")
    return text


def citation(descriptor: dict[str, Any], version: str | None = None, date: str | None = None) -> str:
    """CITATION.cff for the dataset: at the repository root without a version, in a release with its version and date."""
    import yaml  # only releases and `toolkit docs` write it; the site, which imports this module, does not

    content: dict[str, Any] = {
        "cff-version": "1.2.0",
        "message": "If you use this dataset, please cite it as below.",
        "type": "dataset",
        "title": descriptor.get("title", descriptor.get("name", "")),
        "abstract": descriptor.get("description", ""),
        "authors": [{"name": AUTHOR}],
        "license": (descriptor.get("licenses") or [{"name": "CC-BY-4.0"}])[0]["name"],
        "keywords": list(descriptor.get("keywords", [])) or None,
        "version": version,
        "date-released": date,
    }
    return yaml.safe_dump({k: v for k, v in content.items() if v is not None}, sort_keys=False, allow_unicode=True, width=100)
