"""Add a mention, a claim, an entity or a fact from what a contributor can see: quoted words and ids.

Every column comes from the table's Table Schema: the span columns (start, end,
text) are computed from the quotation, the others are taken by name, and a
column the schema lacks or a required one left empty is refused with the
schema's own description of it. A new column needs no code here: `--set
column=value` fills it until the command has an option of its own. The row is
then checked with everything else by `Changes`, the same rules as validate.
"""

from __future__ import annotations

import dataclasses
import shlex
from pathlib import Path

from toolkit.edit.changes import Changes, Result, open_package
from toolkit.edit.quote import find, locate
from toolkit.edit.store import Refused
from toolkit.engine.package import Package, Table
from toolkit.problems import Fatal

ANSWERS = "answer_entities"  # the table of the entities a claim gives as its answer, one row each
_ANSWER_OPTIONS = {  # how a claim gives each kind of answer (see toolkit.rules.answers)
    "quantity": "--value N --unit UNIT --qualifier exact", "entity": "--answer ENTITY-ID",
    "entity set": "--answer ENTITY-ID --answer ENTITY-ID --set-extent partial", "wording": '--wording "exact words"', "yes/no": "--yes-no yes",
}


def columns(pairs: list[str] | None, **options: str | None) -> dict[str, str]:
    """The values of an add command's options by column, then its --set pairs: an empty option leaves its column
    to the table's default."""
    return {**{column: value for column, value in options.items() if value}, **assignments(pairs or [])}


def assignments(pairs: list[str]) -> dict[str, str]:
    """`column=value` pairs (from --set) as a dictionary."""
    values = {}
    for pair in pairs:
        column, equals, value = pair.partition("=")
        if not equals or not column:
            raise Refused(f"--set takes COLUMN=VALUE, not {pair!r}")
        values[column.strip()] = value
    return values


def row_for(table: Table, values: dict[str, str], what: str) -> dict[str, str]:
    """A row of the table from column values; refuse an unknown column or an empty required one."""
    unknown = sorted(set(values) - set(table.header))
    if unknown:
        raise Refused(f"{table.file} has no column {unknown[0]!r}; its columns are {', '.join(table.header)}")
    row = {name: "" for name in table.header}
    row.update(values)
    for spec in table.schema["fields"]:
        name = spec.get("name")
        if isinstance(spec.get("constraints"), dict) and spec["constraints"].get("required") and not row.get(name):
            raise Refused(f"a {what} needs a value for column {name!r} (see --help): {spec.get('description', 'it is required')}")
    return row


def add_mention(package_path: Path, article_id: str, words: str, entity_id: str, values: dict[str, str],
                occurrence: int | None = None, every: bool = False) -> Result:
    """One mention of the entity where the article's text has the words (or one per occurrence, with every)."""
    package = open_package(package_path)
    mentions = _table(package, "mentions")
    text, source = _source_text(package, article_id)
    entity = _entity(package, entity_id)
    covered = [(int(row["start"]), int(row["end"])) for row in mentions.rows if row.get("article_id") == article_id
               and row.get("start", "").isdecimal() and row.get("end", "").isdecimal()]
    spans, skipped = list[tuple[int, int]](), list[tuple[int, int]]()
    for start, end in locate(text, words, source, occurrence, every):
        inside = any(s <= start and end <= e for s, e in covered)
        (skipped if inside and (every or (start, end) in covered) else spans).append((start, end))
    if not spans:
        raise Refused(f"every occurrence meant is already covered by a mention in {mentions.file}")
    values = {"form": _form(package, words, entity), **values}
    rows = [row_for(mentions, {**values, "article_id": article_id, "start": str(start), "end": str(end),
                               "text": text[start:end], "entity_id": entity_id}, "mention") for start, end in spans]
    changes = Changes(package, {"mentions": rows})
    notes = [f"skipped {start}-{end}: already covered by a mention" for start, end in skipped]
    return dataclasses.replace(changes.apply(True, ["toolkit validate --strict", "toolkit docs"]), notes=notes)


def add_claim(package_path: Path, article_id: str, words: str, values: dict[str, str], occurrence: int | None = None,
              answers: tuple[str, ...] = ()) -> Result:
    """A claim whose span is where the article's text has the words, with the entities it gives as its fact's answer."""
    package = open_package(package_path)
    claims = _table(package, "claims")
    text, source = _source_text(package, article_id)
    [(start, end)] = locate(text, words, source, occurrence)
    row = row_for(claims, {**values, "article_id": article_id, "start": str(start), "end": str(end), "text": text[start:end]}, "claim")
    rows = {"claims": [row]}
    if answers:
        answer_table = _table(package, ANSWERS)
        rows[ANSWERS] = [row_for(answer_table, {"claim_id": row["claim_id"], "entity_id": entity}, "claim's answer") for entity in answers]
    return Changes(package, rows).apply(True, ["toolkit validate --strict", "toolkit docs"])


def add_entity(package_path: Path, values: dict[str, str]) -> Result:
    """An entity row; its mentions come next, so an entity no text names yet is expected here."""
    package = open_package(package_path)
    row = row_for(_table(package, "entities"), values, "entity")
    steps = [f"toolkit add mention {shlex.quote(article_id)} {shlex.quote(row['name'])} {shlex.quote(row['entity_id'])} --all"
             for article_id, text in _texts(package) if find(text, row["name"])]
    steps = steps or [f'toolkit add mention ARTICLE-ID "exact words" {shlex.quote(row["entity_id"])}']
    changes = Changes(package, {"entities": [row]})
    return changes.apply(True, steps, expected=frozenset({"entity-unmentioned"}))


def add_fact(package_path: Path, values: dict[str, str]) -> Result:
    """A fact: the question that claims of several articles answer."""
    package = open_package(package_path)
    row = row_for(_table(package, "facts"), values, "fact")
    answer = _ANSWER_OPTIONS.get(row.get("answer_kind", ""), "")
    step = f'toolkit add claim ARTICLE-ID "exact words" --id CLAIM-ID --type TYPE --paraphrase "…" --fact {shlex.quote(row["fact_id"])} {answer}'
    return Changes(package, {"facts": [row]}).apply(True, [step])


def _table(package: Package, name: str) -> Table:
    if name not in package.tables:
        raise Refused(f"the package has no {name} table")
    return package.tables[name]


def _source_text(package: Package, article_id: str) -> tuple[str, str]:
    """The stored text of an article, and its path as shown."""
    articles = _table(package, "articles")
    row = next((row for row in articles.rows if row.get("article_id") == article_id), None)
    if row is None:
        raise Refused(f"no article {article_id!r} in {articles.file}; add it first with toolkit add article")
    line = articles.lines[articles.rows.index(row)]
    raw = package.resolve(row.get("source_path", ""), articles.file, line, "source_path").read_bytes()
    try:
        return raw.decode("utf-8"), package.display(row["source_path"])
    except UnicodeDecodeError:
        raise Refused(f"{package.display(row['source_path'])} is not UTF-8; restore the stored text") from None


def _texts(package: Package) -> list[tuple[str, str]]:
    found = []
    for row in _table(package, "articles").rows:
        try:
            found.append((row["article_id"], _source_text(package, row["article_id"])[0]))
        except (Refused, Fatal, OSError):  # an unreadable text proposes nothing; validate reports it
            continue
    return found


def _entity(package: Package, entity_id: str) -> dict[str, str]:
    entities = _table(package, "entities")
    found = next((row for row in entities.rows if row.get("entity_id") == entity_id), None)
    if found is None:
        raise Refused(f"no entity {entity_id!r} in {entities.file}; add it first with "
                      f'toolkit add entity {shlex.quote(entity_id)} "Name" --type TYPE --description "…"')
    return found


def _form(package: Package, words: str, entity: dict[str, str]) -> str:
    """canonical when the words are the entity's name, else the form they were given before; otherwise ask."""
    if words == entity.get("name"):
        return "canonical"
    for row in package.tables["mentions"].rows:
        if row.get("entity_id") == entity.get("entity_id") and row.get("text") == words and row.get("form"):
            return row["form"]
    return ""
