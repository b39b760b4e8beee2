"""The one record every check yields, and the report that collects them.

Checks never print and never decide how a problem looks on screen: they
yield `Problem`s with a stable `code`, and renderers (see `render`) turn a
list of them into text, JSON or GitHub annotations. Each code has exactly one
message template here, so the wording of a problem is defined in one place
and the codes form a documented, stable vocabulary for CI and for users.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


E, W = Severity.ERROR, Severity.WARNING

# code -> (severity, message template). The template says what is wrong and what to do.
TEMPLATES: dict[str, tuple[Severity, str]] = {
    # The package descriptor and the files it points to.
    "package-missing": (E, "No data package at this path. Give the path of a datapackage.json."),
    "package-invalid": (E, "The package descriptor cannot be used: {reason}. Fix this file."),
    # The descriptor's metadata as frictionless judges it, one code per frictionless error type (frictionless's note,
    # then what to do); package-invalid above is for what frictionless has no type for (the toolkit's limits).
    "package-error": (E, "The data package has an error: {note}. Correct the descriptor as the Data Package specification says."),
    "resource-error": (E, "The data resource has an error: {note}. Correct the resource as the Data Resource specification says."),
    "schema-error": (E, "The table schema is not valid: {note}. Correct it as the Table Schema specification says."),
    "field-error": (E, "The schema field is not valid: {note}. Correct it as the Table Schema specification says."),
    "dialect-error": (E, "The CSV dialect is not valid: {note}. Correct it as the CSV Dialect specification says."),
    "control-error": (E, "The CSV dialect's options are not valid: {note}. Correct them as the CSV Dialect specification says."),
    "metadata-error": (E, "Metadata error: {note}. Correct this property, or the file it names."),
    "path-outside": (E, "Path {path!r} is refused: {reason}. Keep every path relative, inside the package directory, with no symlink on the way."),
    "file-missing": (E, "File {path!r} does not exist. Restore it or fix the path in datapackage.json."),
    "file-not-regular": (E, "{path!r} is not a regular file. Point the path at a file."),
    "file-unreadable": (E, "File cannot be read: {reason}. Save it as UTF-8 text."),
    "file-empty": (E, "File is empty. A table needs at least its header row."),
    "source-error": (E, "The data source cannot be read as a table: {note}. A table needs at least its header row."),
    "cell-too-large": (E, "The cell is {size:,} characters long, over the limit of {limit:,}; a quote that is never closed often causes this."),
    "archive-invalid": (E, "The zip archive cannot be used: {reason}. Download it again, or rebuild it with `toolkit release`."),
    "archive-too-large": (E, "The zip archive would unpack to {reason}, over the limit of {limit}. It is not a release (a zip bomb?)."),
    "line-too-long": (E, "The line is over {limit:,} bytes long. Break it into rows, or check for a quote that is never closed."),
    "too-many-columns": (E, "The header has {count:,} columns, over the limit of {limit:,}. Split the table."),
    "csv-malformed": (E, "The CSV cannot be parsed: {reason}. Check the quoting around this line."),
    # Schema checks, translated from frictionless (one code per frictionless error type).
    "type-error": (E, "Value {value!r} is not valid for this field ({note}). Write it in the field's type."),
    "constraint-error": (E, "Value {value!r} breaks a constraint of this field ({note})."),
    "primary-key": (E, "Primary key {value!r} is empty or repeats another row's ({note}). Give each row its own key."),
    "unique-error": (E, "Value {value!r} is not unique in this field. Make it unique."),
    "foreign-key": (E, "{value!r} refers to no row of the referenced table ({note}). Add that row or fix the reference."),
    "missing-cell": (E, "This row has too few cells: field {field} is missing. Add the missing cells."),
    "extra-cell": (E, "This row has more cells than the header ({value!r} is extra). Remove the extra cells."),
    "blank-row": (E, "This row is blank. Remove it."),
    "duplicate-row": (E, "This row duplicates another row ({note}). Remove one of them."),
    "missing-label": (E, "The header lacks column {field!r}, which the schema requires. Add the column."),
    "extra-label": (E, "The header has column {value!r}, which the schema does not define. Remove it or add it to the schema."),
    "incorrect-label": (E, "The header says {value!r} where the schema expects {field!r}. Rename or reorder the columns."),
    "duplicate-label": (E, "The header repeats column {value!r}. Keep each column once."),
    "blank-label": (E, "The header has a blank column name. Name or remove the column."),
    "byte-count": (E, "The file's size is not the `bytes` the descriptor declares ({note}). Correct `bytes`, or restore the file."),
    "encoding-error": (E, "The file cannot be decoded: {note}. Declare the encoding it is written in as the resource's `encoding`, or save it as UTF-8."),
    "hash-count": (E, "The file's hash is not the `hash` the descriptor declares ({note}). Correct `hash`, or restore the file."),
    "format-error": (E, "The file cannot be read in its format: {note}. Check the resource's `format`, or install the frictionless extra that reads it (frictionless[excel], say)."),
    "schema-other": (E, "{title}: {note}"),
    # Integrity rules of this dataset.
    "source-sha256": (E, "SHA-256 of the source text is {actual}, not {value}. Restore the original text, or correct the hash if the text was replaced on purpose."),
    "source-length": (E, "The source text is {actual} code points long, not {value}. Correct the length."),
    "span-out-of-range": (E, "Offsets {start}-{end} do not fit a text of {length} code points (need 0 <= start < end <= length)."),
    "span-mismatch": (E, "The source text at {start}-{end} is {actual!r}, not {value!r}.{hint}"),
    "quantity-no-value": (E, "A quantity claim needs a value and a unit. Fill them from the number written in the span."),
    "quantity-value-mismatch": (E, "Value {value} is not a number written in the span (it says {found}). Record the number as written."),
    "quote-no-speaker": (E, "A quote needs a speaker_id: the person or organization whose words they are."),
    "quote-speaker-type": (E, "Speaker {value!r} is a {actual}; a quote's speaker must be a person or an organization."),
    "entity-unmentioned": (E, "Entity {value!r} has no mention in any article. Add its mentions, or remove the entity."),
    "fact-mixed-units": (E, "Fact {value!r} groups quantities in different units ({units}). Use one unit, or split the fact."),
    "text-not-nfc": (E, "Text is not in Unicode NFC form. Normalise it (e.g. with `toolkit fmt`) before committing."),
    "text-forbidden-char": (E, "Text contains {char} (a control, zero-width or bidirectional character). Remove it."),
    "text-formula": (E, "Text starts with {char!r}, which a spreadsheet would run as a formula. Rephrase so it starts otherwise."),
    # Answers to facts, part_of and quote fidelity (toolkit/rules/answers.py).
    "answer-missing": (E, "Fact {fact!r} asks for an answer of kind {kind!r}, which this claim does not give. Fill in {need}."),
    "answer-wrong-kind": (E, "{value!r} is an answer of kind {other!r}, but fact {fact!r} asks for kind {kind!r}. Remove it, or group the claim under another fact."),
    "answer-without-fact": (E, "{value!r} is an answer, but this claim answers no fact. Give it a fact_id, or remove the answer."),
    "answer-entity-count": (E, "Fact {fact!r} asks for one entity; claim {value!r} gives several ({entities}). Keep one, or make the fact an entity set."),
    "answer-entity-unmentioned": (E, "Entity {value!r} is an answer of claim {claim!r}, but no mention of it lies inside the claim's span ({start}-{end}). Add the mention, or widen the span."),
    "wording-not-in-span": (E, "The wording {value!r} is not in the claim's span. Copy the words exactly as the span writes them."),
    "as-of-not-in-span": (E, "The time {value!r} is not in the claim's span. Write it in the span's own words, or widen the span."),
    "as-of-not-quantity": (E, "Only quantities say when they hold; this is a {claim_type} claim. Remove the time."),
    "fidelity-missing": (E, "A quote needs a fidelity: faithful copy, machine rewrite or paraphrase as quote, with the evidence in notes."),
    "fidelity-not-quote": (E, "Only quotes have a fidelity; this is a {claim_type} claim. Remove it."),
    "fidelity-copy-kind": (E, "Fidelity {value!r} does not fit a quote read in a {copy_kind}: {hint}."),
    "fact-time-missing": (E, "Quantity fact {value!r} must say whether its figure changes over time: yes (a running count) or no."),
    "fact-time-not-quantity": (E, "Only quantity facts say whether their figure changes over time; this fact asks for an answer of kind {kind!r}. Leave it empty."),
    "part-of-type": (E, "{entity!r} is a {entity_type} but is part of {value!r}, a {parent_type}. part_of links entities of one type."),
    "part-of-cycle": (E, "The entity is part of itself ({path}). Break the loop."),
    "sources-absent": (W, "The package holds no source texts ({value} is absent, as in a release built without --with-sources), so spans and hashes are not checked. Put the texts there to check them."),
    "rules-unsupported": (E, "The dataset's integrity rules cannot read its tables with these schemas ({reason}). Keep the schemas' types and constraints to what the dataset uses."),
    "integrity-skipped": (W, "The dataset's integrity rules were not run: a table cannot be read with its schema's columns. Fix the problems above and validate again."),
    "unannotated-mention": (W, "{value!r} (a known form of entity {entity!r}) occurs at {start}-{end} with no mention covering it. Add a mention row."),
    "rule-skipped": (W, "Rule not applied to {rows} ({reason}; fix that and validate again): {rule}"),
    # Commands that write (fmt, add): what stops a write before it could lose data.
    "resource-repeated": (E, "The same {what} {value!r} is given to {where}. Give each resource its own name and file; no table is written until then."),
    "table-not-rewritable": (E, "The table cannot be rewritten without losing or moving cells: {reason}. Fix it by hand (toolkit validate shows where); it was left as it is."),
}

# frictionless's error types for a descriptor's metadata (Package.validate_descriptor and the files it reads).
METADATA_CODES = frozenset({"package-error", "resource-error", "schema-error", "field-error", "dialect-error",
                            "control-error", "metadata-error"})

# Where a toolkit code refines frictionless's error type for the same problem: code -> (frictionless's type, why).
# The only ones; every other code that frictionless has is its type. The differential test maps these back.
REFINES: dict[str, tuple[str, str]] = {
    "file-missing": ("scheme-error", ("frictionless reports a resource's data file it cannot open at that file's path; "
                                      "the toolkit says the file does not exist, at the key of datapackage.json that names it, "
                                      "where it is fixed (a file that does not exist cannot carry an annotation)")),
    "file-not-regular": ("scheme-error", "the same, for a path that names a directory or another non-file"),
}


@dataclass(frozen=True)
class Problem:
    code: str
    severity: Severity
    file: str
    line: int | None
    field: str | None
    value: str | None
    message: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def problem(
    code: str,
    file: str,
    line: int | None = None,
    field: str | None = None,
    value: object = None,
    **params: object,
) -> Problem:
    """Build a problem from its code's template; `value` is also available to the template.

    Values and parameters longer than MAX_SHOWN characters are cut (a header line may be 10 MB),
    so that every problem, and so every report, stays readable and bounded."""
    severity, template = TEMPLATES[code]
    value = None if value is None else _cut(str(value))
    params = {key: _cut(item) if isinstance(item, str) else item for key, item in params.items()}
    message = template.format(value=value, field=field, **params)
    return Problem(code, severity, file, line, field, value, message)


MAX_SHOWN = 1_000


def _cut(text: str) -> str:
    return text if len(text) <= MAX_SHOWN else f"{text[:MAX_SHOWN]}… ({len(text):,} characters)"


class UserError(Exception):
    """A command cannot do what was asked; the message says why and what to do (never a bug).

    `report` holds the problems behind it, when there are some to show.
    """

    def __init__(self, message: str, report: Report | None = None) -> None:
        super().__init__(message)
        self.report = report


class Fatal(Exception):
    """Raised where work cannot go on; carries the problem to report at the edge."""

    def __init__(self, found: Problem, *more: Problem) -> None:
        super().__init__(found.message)
        self.problem = found
        self.problems = (found, *more)  # all of them, when one check found several (e.g. every refused path)


@dataclass(frozen=True)
class Report:
    package: str
    problems: tuple[Problem, ...]

    def errors(self, strict: bool = False) -> list[Problem]:
        return [p for p in self.problems if strict or p.severity is Severity.ERROR]

    def valid(self, strict: bool = False) -> bool:
        return not self.errors(strict)

    def to_dict(self, strict: bool = False, problems: bool = True) -> dict[str, Any]:
        counts = {s.value: sum(p.severity is s for p in self.problems) for s in Severity}
        found = {"package": self.package, "valid": self.valid(strict), "strict": strict, "counts": counts}
        return {**found, "problems": [p.to_dict() for p in self.problems]} if problems else found
