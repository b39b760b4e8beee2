"""Add an article in one step: store its text, append its row, and propose the mentions the dataset can already see.

A contributor should spend their time reading the text, not computing hashes
and offsets; the proposals come from every surface form already known, so a
new article about the same people starts mostly annotated. Claims and new
entities stay hand edits: they need judgement.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from toolkit.atomic import write_bytes
from toolkit.rules.checks import known_forms, occurrences, typed
from toolkit.edit.fmt import canonical_csv, resource_path, sort_key
from toolkit.engine.package import Package, load
from toolkit.problems import UserError

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class AddError(UserError):
    """The article cannot be added; the message says why and what to do."""


@dataclass(frozen=True)
class Added:
    source: str
    article: dict[str, str]
    proposed: list[dict[str, str]]


def propose_mentions(package: Package, article_id: str, text: str) -> list[dict[str, str]]:
    data = typed(package)
    forms = known_forms(data)
    names = {entity.name for _, entity in data.rows["entities"]}
    first_form: dict[str, str] = {}
    for _, mention in data.rows["mentions"]:
        first_form.setdefault(mention.text, mention.form)
    found = list(occurrences(forms, text))
    outermost = [(s, e) for s, e in found if not any(o <= s and e <= f and (o, f) != (s, e) for o, f in found)]
    return [{"article_id": article_id, "start": str(s), "end": str(e), "text": text[s:e], "entity_id": forms[text[s:e]],
             "form": "canonical" if text[s:e] in names else first_form.get(text[s:e], "variant"), "notes": ""}
            for s, e in outermost]


def _append(package: Package, table_name: str, rows: list[dict[str, str]]) -> None:
    table = package.tables[table_name]
    combined = sorted([*table.rows, *rows], key=sort_key(table))
    write_bytes(package.root / resource_path(package.descriptor, table_name), canonical_csv(table.header, combined))


def add_article(package_path: Path, text_path: Path, article_id: str, fields: dict[str, str], write_mentions: bool = False) -> Added:
    """Copy the text into dataset/sources/, append the article row, propose (and on request write) mention rows."""
    if not SLUG.match(article_id):
        raise AddError(f"article id {article_id!r} must be a slug: lower-case letters, digits and single hyphens")
    package = load(package_path)
    if "articles" not in package.tables or "mentions" not in package.tables:
        raise AddError("the package has no articles and mentions tables to add to")
    if any(row.get("article_id") == article_id for row in package.tables["articles"].rows):
        raise AddError(f"article {article_id!r} already exists; choose another id")
    raw = text_path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise AddError(f"{text_path} is not UTF-8 text ({error.reason} at byte {error.start}); save it as UTF-8") from None
    source = f"dataset/sources/{article_id}.txt"
    if (package.root / source).exists():
        raise AddError(f"{source} already exists; choose another id")
    article = {name: "" for name in package.tables["articles"].header}
    article.update(fields)
    article.update(article_id=article_id, source_path=source, sha256=hashlib.sha256(raw).hexdigest(), length=str(len(text)))
    proposed = propose_mentions(package, article_id, text)
    (package.root / source).parent.mkdir(parents=True, exist_ok=True)
    write_bytes(package.root / source, raw)
    _append(package, "articles", [article])
    if write_mentions:
        _append(package, "mentions", proposed)
    return Added(source, article, proposed)
