"""The dataset's own integrity rules, one generator of problems per rule.

Frictionless checks what a Table Schema can say (types, keys, references);
these rules check what it cannot: that every record is anchored to the exact
text of its source. Each check takes the typed dataset and yields problems.

Every problem in one run: a row with a field that breaks the schema still
reaches every rule that does not read that field (the field reads as empty),
and each rule declares the fields it reads (`@reads`). A rule that cannot use
a row says so with a `rule-skipped` warning, so fixing a schema error never
uncovers problems that one run could have shown.
"""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
import itertools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any, cast

from pydantic import ValidationError, create_model
from pydantic.fields import FieldInfo

from toolkit.engine.package import Package, Table, key_fields
from toolkit.problems import Fatal, Problem, problem
from toolkit.rules.models import Row, model_for
from toolkit.rules.numbers import numbers_in

_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
_FORMULA = re.compile(r"\s*([=+\-@\uff1d\uff0b\uff0d\uff20])")  # after any spaces, tabs or NBSP; full-width forms too
_LINE_BREAKS = re.compile("[\t\n\r]")  # allowed in text, not in an identifier
SOURCES = "dataset/sources"

Check = Callable[["Dataset"], Iterator[Problem]]
READS: dict[Check, dict[str, frozenset[str]]] = {}  # rule -> table -> the fields it reads


def reads(**tables: tuple[str, ...]) -> Callable[[Check], Check]:
    """Declare the fields a rule reads, by table: it then runs on every row whose fields it reads are valid."""
    def register(check: Check) -> Check:
        READS[check] = {name: frozenset(fields) for name, fields in tables.items()}
        return check

    return register


@dataclass
class Dataset:
    """The package's tables with their typed rows, and the source texts by article."""

    package: Package
    rows: dict[str, list[tuple[int, Row]]]  # table -> (line, row) for rows that parse
    texts: dict[str, str]  # article_id -> source text, for sources that could be read
    partial: dict[str, list[tuple[int, Row, frozenset[str]]]] = field(default_factory=dict)  # rows with invalid fields (as None)

    def table(self, name: str) -> Table:
        return self.package.tables[name]


def typed(package: Package) -> Dataset:
    rows: dict[str, list[tuple[int, Row]]] = {}
    partial: dict[str, list[tuple[int, Row, frozenset[str]]]] = {}
    for name, table in package.tables.items():
        rows[name], partial[name] = [], []
        model = model_for(name, table.schema)
        for line, raw in zip(table.lines, table.rows):
            row, invalid = _parse(model, raw)
            if invalid:
                partial[name].append((line, row, invalid))
            else:
                rows[name].append((line, row))
    return Dataset(package, rows, {}, partial)


def _parse(model: type[Row], raw: dict[str, str]) -> tuple[Row, frozenset[str]]:
    """The typed row and no invalid field; or the row with its invalid fields empty, and their names."""
    values = {k: (v if v != "" else None) for k, v in raw.items() if k in model.model_fields}
    missing = frozenset(model.model_fields) - frozenset(raw)
    try:
        if not missing:
            return model.model_validate(values), frozenset()
        invalid = missing
    except ValidationError as error:
        invalid = missing | {str(e["loc"][0]) for e in error.errors() if e["loc"]}
    valid = _lenient(model).model_validate({k: v for k, v in values.items() if k not in invalid})
    return model.model_construct(**dict(valid)), frozenset(invalid)


@cache
def _lenient(model: type[Row]) -> type[Row]:
    """The row model with every field optional, to type the valid fields of a row that has invalid ones."""
    fields: dict[str, Any] = {name: (cast(Any, info.annotation) | None, FieldInfo.merge_field_infos(info, default=None))
                              for name, info in model.model_fields.items()}
    return create_model(f"{model.__name__}Fields", __base__=Row, **fields)


def run_check(check: Check, data: Dataset) -> Iterator[Problem]:
    """Run a rule on every row whose fields it reads are valid, and say which rows it could not use."""
    needs = READS.get(check)
    rule = (check.__doc__ or check.__name__).strip().splitlines()[0]
    if needs is None:  # an undeclared rule gets only whole rows, and one line says how many it did not see
        yield from check(data)
        skipped = sum(len(rows) for rows in data.partial.values())
        if skipped:
            rows, have = ("1 row", "it has a field that breaks") if skipped == 1 else (f"{skipped} rows", "they have fields that break")
            yield problem("rule-skipped", data.package.display("datapackage.json"), rows=rows, reason=f"{have} the schema", rule=rule)
        return
    usable = {name: list(rows) for name, rows in data.rows.items()}
    for name, fields in needs.items():
        for line, row, invalid in data.partial.get(name, []):
            if invalid & fields:
                shown = ", ".join(repr(f) for f in sorted(invalid & fields))
                yield problem("rule-skipped", data.table(name).file, line, min(invalid & fields), rows="this row",
                              reason=f"field {shown} breaks the schema" if len(invalid & fields) == 1 else f"fields {shown} break the schema",
                              rule=rule)
            else:
                usable[name].append((line, row))
    for pairs in usable.values():
        pairs.sort(key=lambda pair: pair[0])
    yield from check(dataclasses.replace(data, rows=usable))


@reads(articles=("article_id", "source_path", "sha256", "length"))
def check_sources(data: Dataset) -> Iterator[Problem]:
    """Each article's source text exists inside dataset/sources/ and matches its SHA-256 and length."""
    file = data.table("articles").file
    if not (data.package.root / SOURCES).is_dir():
        yield problem("sources-absent", file, value=SOURCES)
        return
    for line, article in data.rows["articles"]:
        try:
            path = data.package.resolve(article.source_path, file, line, "source_path")
        except Fatal as fatal:
            yield fatal.problem
            continue
        raw = path.read_bytes()
        actual = hashlib.sha256(raw).hexdigest()
        if actual != article.sha256:
            yield problem("source-sha256", file, line, "sha256", article.sha256, actual=actual)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            yield problem("file-unreadable", data.package.display(article.source_path), reason=str(error))
            continue
        if len(text) != article.length:
            yield problem("source-length", file, line, "length", article.length, actual=len(text))
        data.texts[article.article_id] = text


@reads(mentions=("article_id", "start", "end", "text"), claims=("article_id", "start", "end", "text"))
def check_spans(data: Dataset) -> Iterator[Problem]:
    """Every mention's and claim's text is exactly the source text at its offsets."""
    for name in ("mentions", "claims"):
        file = data.table(name).file
        unread: dict[str, list[int]] = defaultdict(list)
        for line, row in data.rows[name]:
            text = data.texts.get(row.article_id)
            if text is None:
                unread[row.article_id].append(line)
                continue
            if not row.start < row.end <= len(text):
                yield problem("span-out-of-range", file, line, "end", row.end, start=row.start, end=row.end, length=len(text))
            elif text[row.start : row.end] != row.text:
                found = text.find(row.text)
                hint = f" The text occurs at {found}-{found + len(row.text)}." if found >= 0 else ""
                actual = text[row.start : row.end]
                yield problem("span-mismatch", file, line, "text", row.text, start=row.start, end=row.end, actual=actual, hint=hint)
        yield from _unread(data, file, unread, check_spans)


def _unread(data: Dataset, file: str, unread: dict[str, list[int]], check: Check) -> Iterator[Problem]:
    """One rule-skipped per article whose text was not read (its problem says why), unless no text is there at all."""
    if not (data.package.root / SOURCES).is_dir():
        return  # sources-absent already says that spans are not checked
    rule = (check.__doc__ or "").splitlines()[0]
    for article_id, lines in unread.items():
        rows = "this row" if len(lines) == 1 else f"the {len(lines)} rows of article {article_id!r} from this one on"
        yield problem("rule-skipped", file, lines[0], "article_id", article_id, rows=rows,
                      reason=f"the source text of article {article_id!r} was not read", rule=rule)


@reads(claims=("claim_type", "value", "unit"))
def check_quantities(data: Dataset) -> Iterator[Problem]:
    """A quantity has a value and a unit."""
    file = data.table("claims").file
    for line, claim in data.rows["claims"]:
        if claim.claim_type == "quantity" and (claim.value is None or claim.unit is None):
            yield problem("quantity-no-value", file, line, "value" if claim.value is None else "unit")


@reads(claims=("claim_type", "value", "text"))
def check_quantity_values(data: Dataset) -> Iterator[Problem]:
    """A quantity's value is a number written in its span."""
    file = data.table("claims").file
    for line, claim in data.rows["claims"]:
        if claim.claim_type != "quantity" or claim.value is None:
            continue
        written = numbers_in(claim.text)
        if not any(abs(claim.value - number) <= 1e-9 * max(1.0, abs(number)) for number in written):
            found = ", ".join(f"{n:g}" for n in sorted(written)) or "no number"
            yield problem("quantity-value-mismatch", file, line, "value", f"{claim.value:g}", found=found)


@reads(claims=("claim_type", "speaker_id"), entities=("entity_id", "entity_type"))
def check_quotes(data: Dataset) -> Iterator[Problem]:
    """A quote has a speaker, and the speaker is a person or an organization."""
    file = data.table("claims").file
    types = {entity.entity_id: entity.entity_type for _, entity in data.rows["entities"]}
    for line, claim in data.rows["claims"]:
        if claim.claim_type != "quote":
            continue
        if claim.speaker_id is None:
            yield problem("quote-no-speaker", file, line, "speaker_id")
        elif types.get(claim.speaker_id, "person") not in ("person", "organization"):
            yield problem("quote-speaker-type", file, line, "speaker_id", claim.speaker_id, actual=types[claim.speaker_id])


@reads(mentions=("entity_id",), entities=("entity_id",))
def check_entities_mentioned(data: Dataset) -> Iterator[Problem]:
    """Every entity is mentioned somewhere: an entity no text names is not supported by the sources."""
    mentioned = {mention.entity_id for _, mention in data.rows["mentions"]}
    file = data.table("entities").file
    for line, entity in data.rows["entities"]:
        if entity.entity_id not in mentioned:
            yield problem("entity-unmentioned", file, line, "entity_id", entity.entity_id)


@reads(claims=("claim_type", "fact_id", "unit"))
def check_fact_units(data: Dataset) -> Iterator[Problem]:
    """Quantities grouped under one fact are comparable only in one unit."""
    units: dict[str, set[str]] = defaultdict(set)
    first_line: dict[str, int] = {}
    for line, claim in data.rows["claims"]:
        if claim.claim_type == "quantity" and claim.fact_id and claim.unit:
            units[claim.fact_id].add(claim.unit)
            first_line.setdefault(claim.fact_id, line)
    file = data.table("claims").file
    for fact_id, found in units.items():
        if len(found) > 1:
            yield problem("fact-mixed-units", file, first_line[fact_id], "unit", fact_id, units=", ".join(sorted(found)))


@reads()
def check_text_cells(data: Dataset) -> Iterator[Problem]:
    """Text cells are NFC, free of invisible or control characters, and safe to open in a spreadsheet;
    identifiers (keys, and fields with a pattern) hold no tab or line break either, which a pattern's `$` lets through."""
    for table in data.package.tables.values():
        text_fields = {f["name"] for f in table.schema["fields"] if f.get("type", "string") == "string"}
        identifiers = _identifiers(table)
        for line, row in zip(table.lines, table.rows):
            for name in text_fields:
                yield from _text_cell_problems(row.get(name) or "", table.file, line, name, name in identifiers)


def _identifiers(table: Table) -> set[str]:
    keys = set(table.primary_key())
    keys.update(name for fk in table.schema.get("foreignKeys", []) for name in key_fields(fk.get("fields")))
    keys.update(f["name"] for f in table.schema["fields"] if "pattern" in (f.get("constraints") or {}))
    return keys


def _text_cell_problems(cell: str, file: str, line: int, name: str, identifier: bool = False) -> Iterator[Problem]:
    bad = _FORBIDDEN.search(cell) or (_LINE_BREAKS.search(cell) if identifier else None)
    if bad:
        char = f"U+{ord(bad.group()):04X} {unicodedata.name(bad.group(), 'control character')}"
        yield problem("text-forbidden-char", file, line, name, cell[:80], char=char)
    if not unicodedata.is_normalized("NFC", cell):
        yield problem("text-not-nfc", file, line, name, cell[:80])
    if formula := _FORMULA.match(cell):
        yield problem("text-formula", file, line, name, cell[:80], char=formula.group(1))


def known_forms(data: Dataset) -> dict[str, str]:
    """Every surface form the dataset knows (canonical names and mention texts), with its entity."""
    forms = {entity.name: entity.entity_id for _, entity in data.rows["entities"]}
    for _, mention in data.rows["mentions"]:
        forms.setdefault(mention.text, mention.entity_id)
    return forms


def occurrences(forms: dict[str, str], text: str) -> Iterator[tuple[int, int]]:
    """Word-bounded occurrences of the forms; the longest at each position, so a short form inside a longer one is still seen."""
    if not forms:
        return
    ordered = sorted(forms, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, ordered)) + r")(?!\w)")
    position = 0
    while match := pattern.search(text, position):
        yield match.span()
        position = match.start() + 1


@reads(entities=("entity_id", "name"), mentions=("article_id", "start", "end", "text", "entity_id"), articles=("article_id", "source_path"))
def check_completeness(data: Dataset) -> Iterator[Problem]:
    """Every occurrence of a known surface form of an entity in an article is covered by a mention."""
    forms = known_forms(data)
    covered: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for _, mention in data.rows["mentions"]:
        covered[mention.article_id].append((mention.start, mention.end))
    paths = {article.article_id: article.source_path for _, article in data.rows["articles"]}
    unread = {article_id: [line] for line, article in data.rows["articles"] if (article_id := article.article_id) not in data.texts}
    yield from _unread(data, data.table("articles").file, unread, check_completeness)
    for article_id, text in data.texts.items():
        spans = sorted(covered[article_id])
        starts = [s for s, _ in spans]
        reach = list(itertools.accumulate((e for _, e in spans), max))  # furthest end of the spans starting up to here
        newlines = [i for i, char in enumerate(text) if char == "\n"]
        for start, end in occurrences(forms, text):
            before = bisect.bisect_right(starts, start)
            if before == 0 or reach[before - 1] < end:
                surface = text[start:end]
                file = data.package.display(paths[article_id])
                line = bisect.bisect_left(newlines, start) + 1
                yield problem("unannotated-mention", file, line, None, surface, entity=forms[surface], start=start, end=end)


CHECKS: tuple[Check, ...] = (
    check_sources,  # first: fills the texts the span checks read
    check_spans,
    check_quantities,
    check_quantity_values,
    check_quotes,
    check_entities_mentioned,
    check_fact_units,
    check_text_cells,
    check_completeness,
)


def run_checks(package: Package) -> Iterator[Problem]:
    from toolkit.rules import answers  # imported here: it reads this module's Dataset

    data = typed(package)
    for check in CHECKS:
        yield from run_check(check, data)
    if answers.applies(data):
        for check in answers.CHECKS:
            yield from run_check(check, data)

