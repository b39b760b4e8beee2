"""Read a CSV table in blocks with pyarrow and judge its cells column by column, as frictionless does.

Blocks keep memory flat whatever the table's size: only the typed key columns
(for primary, unique and foreign keys) outlive a block. Each cell gets the
verdict frictionless would give it; where the vectorised rules are not sure
(an integer written "+1" or " 1", a value with a newline, a string format such
as uri, a pattern with Python-only syntax, another field type), frictionless's
own cell reader decides, once per distinct value.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from typing import Any

from toolkit.package import MAX_CELL, Table
from toolkit.problems import Problem, problem

BLOCK = 1 << 22  # bytes read and parsed at a time
_BOM = b"\xef\xbb\xbf"
# Patterns RE2 reads exactly as Python's re does on values without a newline: no classes like \d or \w,
# whose Unicode meaning differs, and no Python-only group syntax.
SAFE_PATTERN = re.compile(r"^(?:[A-Za-z0-9 _\-.,:/@#%&=~'!<>;^$*+?()\[\]{}|]|\\[.\-/\\()\[\]{}*+?|^$])*$")
_CLEAN = {"integer": r"^[0-9]{1,18}$", "number": r"^-?[0-9]{1,15}(\.[0-9]{1,15})?$"}


class Decline(Exception):
    """Something this module does not model; frictionless must judge the package."""


@dataclass
class Evaluated:
    table: Table
    quoted: bool
    rows: int = 0
    keys: dict[str, Any] = field(default_factory=dict)  # field -> typed values as text (null for None), chunked
    raw: dict[str, Any] = field(default_factory=dict)  # primary-key field -> cells as written, chunked
    problems: list[Problem] = field(default_factory=list)
    newlines: list[Any] = field(default_factory=list)  # blocks of cumulative newline counts inside cells
    newline_total: int = 0
    verdicts: dict[str, dict[str, tuple[str | None, list[tuple[str, str]]]]] = field(default_factory=dict)
    _cumulative: Any = None

    def line(self, index: int) -> int:
        """Editor line of a row: rows start on line 2 unless earlier cells span several lines."""
        if not self.quoted or index == 0:
            return index + 2
        if self._cumulative is None or len(self._cumulative) < index:
            import pyarrow as pa

            self._cumulative = pa.concat_arrays(self.newlines)
        return index + 2 + self._cumulative[index - 1].as_py()

    def add(self, index: int, code: str, field_name: str | None, value: object, note: str) -> None:
        self.problems.append(problem(code, self.table.file, self.line(index), field_name, value, note=note, title=""))


def scan(table: Table) -> bool:
    """Check the bytes frictionless would read differently from pyarrow; return whether any cell is quoted.

    Blank lines need no scan: pyarrow rejects them as rows with too few cells (so frictionless decides),
    and in a one-column table both read them as a blank row.
    """
    names = [f["name"] for f in table.schema["fields"]]
    quoted = pending_cr = False
    with table.path.open("rb") as handle:
        chunk = handle.read(BLOCK)
        chunk = chunk[3:] if chunk.startswith(_BOM) else chunk
        if not chunk or not _header_matches(chunk, names) or not _sniffs_as_default(chunk, len(chunk) < BLOCK):
            raise Decline
        while chunk:
            if b"\x00" in chunk:
                raise Decline
            quoted = quoted or b'"' in chunk
            if pending_cr and not chunk.startswith(b"\n"):
                raise Decline  # a carriage return alone ends a line for csv but not for pyarrow
            if b"\r" in chunk:
                pending_cr = chunk.endswith(b"\r")
                if chunk.count(b"\r") - chunk.count(b"\r\n") - pending_cr:
                    raise Decline
            else:
                pending_cr = False
            chunk = handle.read(BLOCK)
    if pending_cr:
        raise Decline
    return quoted


def _header_matches(chunk: bytes, names: list[str]) -> bool:
    end = chunk.find(b"\n")
    try:
        header = next(csv.reader([chunk[: end if end >= 0 else len(chunk)].rstrip(b"\r").decode("utf-8")]))
    except (UnicodeDecodeError, StopIteration, csv.Error):
        return False
    return header == names


def _sniffs_as_default(chunk: bytes, whole_file: bool) -> bool:
    """Frictionless guesses the dialect from the first 100 lines with csv.Sniffer; accept only plain CSV."""
    end = -1
    for _ in range(100):
        end = chunk.find(b"\n", end + 1)
        if end < 0:
            if not whole_file:
                return False  # a hundred lines longer than a block: too odd to bother
            break
    sample = chunk if end < 0 else chunk[: end + 1]
    try:
        dialect = csv.Sniffer().sniff(sample.decode("utf-8"), ",\t;|")
    except csv.Error:
        return True  # frictionless then uses the excel dialect
    except UnicodeDecodeError:
        return False
    return (dialect.delimiter == "," and dialect.quotechar in ('"', "'") and not dialect.skipinitialspace
            and dialect.escapechar is None)


def evaluate(table: Table, key_fields: set[str]) -> Evaluated:
    """Judge every cell of the table; keep the typed values of `key_fields` for the table-level checks."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    names = [f["name"] for f in table.schema["fields"]]
    evaluated = Evaluated(table, scan(table))
    primary = set(table.primary_key())
    chunks: dict[str, list[Any]] = {name: [] for name in key_fields}
    raw: dict[str, list[Any]] = {name: [] for name in primary}
    try:
        reader = pacsv.open_csv(
            table.path,
            read_options=pacsv.ReadOptions(block_size=BLOCK),
            parse_options=pacsv.ParseOptions(newlines_in_values=evaluated.quoted, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
        if reader.schema.names != names:
            raise Decline
        for batch in reader:
            columns = dict(zip(names, batch.columns))
            _evaluate_block(evaluated, columns, chunks)
            for name in primary:
                raw[name].append(columns[name])
            evaluated.rows += batch.num_rows
            pa.default_memory_pool().release_unused()  # hand the block's memory back, not just to the pool
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        raise Decline from None
    evaluated.keys = {name: pa.chunked_array(found, pa.string()) for name, found in chunks.items()}
    evaluated.raw = {name: pa.chunked_array(found, pa.string()) for name, found in raw.items()}
    return evaluated


def _evaluate_block(evaluated: Evaluated, columns: dict[str, Any], chunks: dict[str, list[Any]]) -> None:
    import pyarrow as pa
    import pyarrow.compute as pc

    base = evaluated.rows
    for column in columns.values():  # an oversized cell gets the located message of the csv reader
        if len(column) and (pc.max(pc.binary_length(column)).as_py() or 0) > MAX_CELL:
            raise Decline
    if evaluated.quoted:
        counts = pa.nulls(0)
        for position, column in enumerate(columns.values()):
            found = pc.cast(pc.count_substring(column, "\n"), pa.int64())
            counts = found if position == 0 else pc.add(counts, found)
        cumulative = pc.add(pc.cumulative_sum(counts), evaluated.newline_total)
        evaluated.newlines.append(cumulative)
        evaluated.newline_total = cumulative[-1].as_py() if len(cumulative) else evaluated.newline_total
    missing_values = evaluated.table.schema.get("missingValues", [""])
    missing = {name: pc.equal(pc.binary_length(column), 0) if missing_values == [""]
               else pc.is_in(column, value_set=pa.array(missing_values, pa.string()))
               for name, column in columns.items()}
    blank = all_of(list(missing.values()))  # frictionless reports such a row once, as blank-row
    for i in indices(blank):
        evaluated.add(base + i, "blank-row", None, None, "")
    for spec in evaluated.table.schema["fields"]:
        name = spec["name"]
        typed = _evaluate_field(evaluated, spec, columns[name], missing[name], blank, base)
        if name in chunks:
            chunks[name].append(typed)


def indices(mask: Any) -> list[int]:
    """Positions where the mask is true (usually none, which one pass finds out)."""
    import pyarrow.compute as pc

    if not pc.any(mask).as_py():
        return []
    return pc.indices_nonzero(pc.fill_null(mask, False)).to_pylist()


def all_of(masks: list[Any]) -> Any:
    import pyarrow.compute as pc

    result = masks[0]
    for mask in masks[1:]:
        result = pc.and_(result, mask)
    return result


def _constant(length: int, value: bool) -> Any:
    import pyarrow as pa
    import pyarrow.compute as pc

    return pc.fill_null(pa.nulls(length, pa.bool_()), value)


def _note(name: str, constraint: object) -> str:
    return f'constraint "{name}" is "{constraint}"'


def _evaluate_field(evaluated: Evaluated, spec: dict[str, Any], column: Any, missing: Any, blank: Any, base: int) -> Any:
    """Add the field's type and constraint errors; return its typed values as text (null for None)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    name, kind = spec["name"], spec.get("type", "string")
    constraints = spec.get("constraints", {})
    plain = kind == "string" and spec.get("format", "default") == "default"
    if plain and not set(constraints) - {"unique"}:  # any text is valid: nothing to check cell by cell
        return _masked(column, pc.invert(missing))
    present = pc.invert(missing)
    # Cells the vectorised rules decide; the rest, the residue, go to frictionless's reader.
    if kind in _CLEAN:
        decided = pc.match_substring_regex(column, _CLEAN[kind])
    elif plain:
        pattern = constraints.get("pattern")
        if pattern is not None and SAFE_PATTERN.match(pattern) is None:
            decided = _constant(len(column), False)
        elif pattern is not None and evaluated.quoted:  # RE2 and Python disagree on "$" before a final newline
            decided = pc.invert(pc.match_substring(column, "\n"))
        else:
            decided = _constant(len(column), True)
    else:
        decided = _constant(len(column), False)
    residue = pc.and_(present, pc.invert(decided))
    clean = pc.and_(present, decided)
    if kind == "integer" and pc.any(residue).as_py():  # int() needs a digit: a cell without one is no integer
        digitless = pc.and_(residue, pc.invert(pc.match_substring_regex(column, r"\p{Nd}")))
        for i in indices(digitless):
            evaluated.add(base + i, "type-error", name, column[i].as_py(), 'type is "integer/default"')
        residue = pc.and_(residue, pc.invert(digitless))

    as_int = pc.cast(pc.if_else(clean, column, "0"), pa.int64()) if kind == "integer" else None
    if kind == "integer":
        typed = pc.if_else(clean, pc.cast(as_int, pa.string()), pa.scalar(None, pa.string()))
    elif kind == "string":
        typed = _masked(column, present)
    else:
        typed = pa.nulls(len(column), pa.string())

    if constraints.get("required"):
        for i in indices(pc.and_(missing, pc.invert(blank))):
            evaluated.add(base + i, "constraint-error", name, column[i].as_py(), _note("required", constraints["required"]))
    checks = []
    if kind in ("string", "integer"):  # other types keep only "required"; the reader judges the rest
        if "pattern" in constraints:
            checks.append(("pattern", _matches(column, f"^(?:^{constraints['pattern']}$)$")))
        if "enum" in constraints:
            checks.append(("enum", pc.is_in(as_int if as_int is not None else column, value_set=pa.array(constraints["enum"]))))
        for key, compare in (("minLength", pc.greater_equal), ("maxLength", pc.less_equal)):
            if key in constraints:
                checks.append((key, compare(pc.utf8_length(column), constraints[key])))
        for key, compare in (("minimum", pc.greater_equal), ("maximum", pc.less_equal)):
            if key in constraints:
                checks.append((key, compare(as_int, constraints[key])))
    for key, passed in checks:
        for i in indices(pc.and_(clean, pc.invert(passed))):
            evaluated.add(base + i, "constraint-error", name, column[i].as_py(), _note(key, constraints[key]))

    rows = indices(residue)
    if rows:
        verdicts = evaluated.verdicts.setdefault(name, {})
        _judge(spec, {column[i].as_py() for i in rows} - set(verdicts), verdicts)
        values = []
        for i in rows:
            raw = column[i].as_py()
            value, errors = verdicts[raw]
            values.append(value)
            for code, note in errors:
                evaluated.add(base + i, code, name, raw, note)
        if kind in ("string", "integer"):
            typed = pc.replace_with_mask(typed, residue, pa.array(values, pa.string()))
    return typed


def _matches(column: Any, pattern: str) -> Any:
    """RE2 match per row; on a column with few distinct values, match those and look the failures up."""
    import pyarrow as pa
    import pyarrow.compute as pc

    sample = column.slice(0, 1000)
    if len(column) < 10_000 or len(pc.unique(sample)) > len(sample) // 2:
        return pc.match_substring_regex(column, pattern)
    distinct = pc.unique(column)
    failing = pc.filter(distinct, pc.invert(pc.match_substring_regex(distinct, pattern)))
    if len(failing) == 0:
        return pc.fill_null(pa.nulls(len(column), pa.bool_()), True)
    return pc.invert(pc.is_in(column, value_set=failing))


def _masked(column: Any, valid: Any) -> Any:
    """The column with nulls where `valid` is false, sharing the column's buffers instead of copying them."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if column.null_count or valid.null_count or column.offset or valid.offset or len(column) == 0:
        return pc.if_else(valid, column, pa.scalar(None, column.type))
    if pc.all(valid).as_py():
        return column
    return pa.Array.from_buffers(column.type, len(column), [valid.buffers()[1], *column.buffers()[1:]])


def _judge(spec: dict[str, Any], values: set[str], verdicts: dict[str, tuple[str | None, list[tuple[str, str]]]]) -> None:
    """Frictionless's own verdict on each distinct value: its typed form (as text) and its errors."""
    if not values:
        return
    import frictionless

    reader = frictionless.Field.from_descriptor(dict(spec)).create_cell_reader()
    for value in values:
        typed, notes = reader(value)
        notes = dict(notes or {})
        errors = [("type-error", notes.pop("type"))] if "type" in notes else []
        errors += [("constraint-error", note) for note in notes.values()]
        verdicts[value] = (None if typed is None else str(typed), errors)
