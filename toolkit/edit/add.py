"""Add an article in one step: its text, its row, and the mentions the dataset can already see.

A contributor should spend their time reading the text, not computing hashes
and offsets. The proposals come from every surface form already known, so a
new article about the same people starts mostly annotated. Nothing is written
unless asked (`write`), and then the text, the article row and the mentions
land together or not at all, after the same checks as `toolkit validate`.
"""

from __future__ import annotations

import hashlib
import re
import shlex
from pathlib import Path

from toolkit.edit.changes import Changes, Result, open_package
from toolkit.edit.store import Refused, inside, read_text
from toolkit.engine.package import Package
from toolkit.rules.checks import SOURCES, known_forms, occurrences, typed

SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def propose_mentions(package: Package, article_id: str, text: str) -> list[dict[str, str]]:
    """A mention row for each outermost occurrence of a known surface form in the text."""
    data = typed(package)
    forms = known_forms(data)
    names = {entity.name for _, entity in data.rows["entities"]}
    first_form: dict[str, str] = {}
    for _, mention in data.rows["mentions"]:
        first_form.setdefault(mention.text, mention.form)
    outermost: list[tuple[int, int]] = []
    for start, end in sorted(occurrences(forms, text), key=lambda span: (span[0], -span[1])):
        if not outermost or end > outermost[-1][1]:  # not inside the previous outermost span
            outermost.append((start, end))
    return [{"article_id": article_id, "start": str(s), "end": str(e), "text": text[s:e], "entity_id": forms[text[s:e]],
             "form": "canonical" if text[s:e] in names else first_form.get(text[s:e], "variant"), "notes": ""}
            for s, e in outermost]


def add_article(package_path: Path, text_path: Path, article_id: str, fields: dict[str, str], write: bool = False) -> Result:
    """Check the article's text and row and propose its mentions; with write, store all of it."""
    if not SLUG.fullmatch(article_id):
        raise Refused(f"article id {article_id!r} must be a slug: lower-case letters, digits and single hyphens")
    package = open_package(package_path)
    if "articles" not in package.tables or "mentions" not in package.tables:
        raise Refused("the package has no articles and mentions tables to add to")
    articles = package.tables["articles"]
    raw = read_text(text_path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise Refused(f"{text_path} is not UTF-8 text ({error.reason} at byte {error.start}); save it as UTF-8") from None
    digest = hashlib.sha256(raw).hexdigest()
    for line, row in zip(articles.lines, articles.rows):
        if row.get("article_id") == article_id:
            raise Refused(f"article {article_id!r} already exists ({articles.file}:{line}); choose another id")
        if row.get("sha256") == digest:
            raise Refused(f"{text_path} is already stored as article {row.get('article_id')!r} ({articles.file}:{line})")
    source = f"{SOURCES}/{article_id}.txt"
    inside(package, source)
    article = {name: "" for name in articles.header}
    article.update(fields)
    article.update(article_id=article_id, source_path=source, sha256=digest, length=str(len(text)))
    changes = Changes(package)
    changes.rows = {"articles": [article], "mentions": propose_mentions(package, article_id, text)}
    changes.files = {source: raw}
    return changes.apply(write, next_steps(article_id), expected=frozenset({"unannotated-mention"}))


def next_steps(article_id: str) -> list[str]:
    """The commands that annotate the rest of the article, with its id filled in."""
    article = shlex.quote(article_id)
    return [
        'toolkit add entity ENTITY-ID "Name" --type person --description "Who or what it is."',
        f'toolkit add mention {article} "exact words" ENTITY-ID',
        f'toolkit add claim {article} "exact words" --id CLAIM-ID --type quantity --paraphrase "One plain sentence."',
        "toolkit validate --strict",
        "toolkit docs",
    ]
