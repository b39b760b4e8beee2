"""Judge a table's cells column by column, block by block, as frictionless does.

Blocks (read by `blocks`) keep memory flat whatever the table's size: of a block only its keys
(primary, unique and foreign) are kept, and compactly. Within a block, a
column with few distinct values is dictionary-encoded, so every rule (type,
pattern, enum, bounds, the foreign-key lookup later) runs once per distinct
value rather than once per row, and rows are located only when a value fails.
Each cell gets the verdict frictionless would give it; where the vectorised
rules are not sure (an integer written "+1" or " 1", a value with a newline, a
string format such as uri, a pattern with Python-only syntax, another field
type), frictionless's own cell reader decides, once per distinct value.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from toolkit.engine.blocks import Digest, dialect, read
from toolkit.engine.evaluated import Block, Cells, Evaluated, Verdicts, indices, rows_marked, values_of
from toolkit.engine.keys import all_of
from toolkit.engine.package import Table
from toolkit.engine.route import Decline, Reading
from toolkit.engine.rows import MAX_CELL
from toolkit.engine.typed import columnar, constraint_value, decided
from toolkit.engine.typed import typed as typed_values

BATCH = 1 << 18  # rows of a foreign key checked at a time, at least
# A column with at most FEW distinct values in a block's first SAMPLE cells is judged per distinct value;
# it is sampled again every RESAMPLE blocks.
SAMPLE, FEW, RESAMPLE = 1024, 256, 16
# Patterns RE2 reads exactly as Python's re does on values without a newline: no classes like \d or \w,
# whose Unicode meaning differs, and no Python-only group syntax.
SAFE_PATTERN = re.compile(r"^(?:[A-Za-z0-9 _\-.,:/@#%&=~'!<>;^$*+?()\[\]{}|]|\\[.\-/\\()\[\]{}*+?|^$])*$")


@dataclass
class Lookup:
    """A foreign key of one field into a table read alongside, checked while its own table is read.

    Blocks are checked in batches several times as large as the referenced keys, so that building their
    hash table costs little per row, and then let go: the field's values need not be kept to the end.
    The first batch waits, if need be, for the referenced table to be read. The field's `pattern`, if
    it has one RE2 reads as Python does, is checked here too: only the values the referenced table
    lacks or the pattern rejects there need the expression, so it runs over the referenced table's
    distinct values instead of over every row.
    """

    name: str  # the field
    referenced: Callable[[], Any]  # the referenced key's distinct typed values, once its table is read
    pattern: str | None = None
    unlisted: list[tuple[int, object]] = field(default_factory=list)  # (row, typed value) not found
    mismatched: list[tuple[int, object]] = field(default_factory=list)  # (row, value) the pattern rejects
    _pending: list[tuple[int, Any, bool]] = field(default_factory=list)  # (first row, typed values, pattern to check)
    _size: int = 0
    _values: Any = None
    _vetted: Any = None  # the referenced values the pattern accepts

    def add(self, base: int, typed: Any, match: bool) -> None:
        self._pending.append((base, typed, match))
        self._size += len(typed)
        if self._size >= max(BATCH, 0 if self._values is None else 16 * len(self._values)):
            self.flush()

    def flush(self) -> None:
        """Check the batch gathered so far; the caller flushes once more after the table's last block."""
        import pyarrow as pa

        from toolkit.engine import kernels as pc

        if not self._pending:
            return
        if self._values is None:
            self._values = self.referenced()
            self._vetted = self._values if self.pattern is None else pc.filter(self._values, _matches(self._values, self.pattern))
        # One call over the whole batch, so that the lookup's hash table is built once.
        values = pa.concat_arrays([values_of(chunk) for _, chunk, _ in self._pending])
        unlisted = pc.and_not(pc.is_valid(values), pc.is_in(values, value_set=self._values))
        unvetted = unlisted if len(self._vetted) == len(self._values) else pc.and_not(
            pc.is_valid(values), pc.is_in(values, value_set=self._vetted))
        offset = 0
        for base, chunk, match in self._pending if pc.any(unvetted).as_py() else []:  # unlisted ones are unvetted too
            size = len(values_of(chunk))
            self.unlisted.extend((base + row, chunk[row].as_py()) for row in rows_marked(chunk, unlisted.slice(offset, size)))
            suspect = [(base + row, chunk[row].as_py()) for row in rows_marked(chunk, unvetted.slice(offset, size))] if match else []
            if suspect:
                accepted = _matches(pc.array([value for _, value in suspect], pa.string()), str(self.pattern)).to_pylist()
                self.mismatched.extend(found for found, ok in zip(suspect, accepted) if not ok)
            offset += size
        self._pending, self._size = [], 0


def _matches(values: Any, pattern: str) -> Any:
    """Whether each value matches a Table Schema pattern as frictionless matches it: `re.match` of `^pattern$`.

    The pattern is not grouped inside those anchors, so in "Book|Journal Article" the `^` binds to "Book" and
    the `$` to "Journal Article": "Book Section" matches. RE2 searches, so the whole is anchored at the start."""
    from toolkit.engine import kernels as pc

    return pc.match_substring_regex(values, f"^(?:^{pattern}$)")


def evaluate(table: Table, how: Reading, keys: set[str], lookups: list[Lookup] = []) -> Evaluated:  # noqa: B006 (never mutated)
    """Judge every cell of the table and check the `lookups` (but their last batch: see `Lookup.flush`);
    keep the typed values of the `keys` fields (and the primary key as written)."""
    import pyarrow as pa

    found = dialect(table, how)
    evaluated = Evaluated(table, found.skip_space, Digest(how.hash[0] if how.hash else None))
    evaluated.typed = {name: [] for name in keys}
    evaluated.raw = {name: [] for name in table.primary_key()}
    try:
        for batch, quoted in read(table, found, evaluated.digest):
            evaluated.quoted = quoted
            _evaluate_block(evaluated, dict(zip(batch.schema.names, batch.columns)), lookups)
            evaluated.rows += batch.num_rows
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as error:  # e.g. a typed value beyond what Arrow holds
        raise Decline(f"pyarrow cannot type a value as frictionless does ({str(error).splitlines()[0]})") from None
    return evaluated


def _evaluate_block(evaluated: Evaluated, columns: dict[str, Any], lookups: list[Lookup]) -> None:
    from toolkit.engine import kernels as pc

    specs = evaluated.table.schema["fields"]
    looked_up = {lookup.name for lookup in lookups}
    # Unquoted cells hold no newline, so RE2 reads a safe pattern as Python does: the lookups check it.
    deferred = set() if evaluated.quoted else {lookup.name for lookup in lookups if lookup.pattern}
    if len(evaluated.blocks) % RESAMPLE == 0:
        evaluated.few = {s["name"]: _few(columns[s["name"]]) for s in specs
                         if s["name"] in evaluated.typed or s["name"] in looked_up or _judged(s)}
    cells = {name: Cells.of(column, evaluated.few.get(name, False)) for name, column in columns.items()}
    missing_values = evaluated.table.schema.get("missingValues", [""])
    missing = {}
    for name, column in cells.items():
        shortest, longest = pc.min_max(pc.binary_length(column.values)).values()
        if (longest.as_py() or 0) > MAX_CELL:
            raise Decline("a cell is over the size limit")  # it gets the located message of the csv reader
        if evaluated.skip_space and pc.any(pc.starts_with(column.values, " ")).as_py():
            raise Decline("a cell starts with a space frictionless's dialect drops")
        empty = (shortest.as_py() or 0) == 0 and len(column.values) > 0
        missing[name] = _missing(column.values, missing_values) if empty or set(missing_values) - {""} else None
    before = evaluated.blocks[-1].before + _last(evaluated.blocks[-1].newlines) if evaluated.blocks else 0
    evaluated.blocks.append(Block(evaluated.rows, before, _newlines(cells) if evaluated.quoted else None))

    blank = set()  # frictionless reports such a row once, as blank-row
    if all(m is not None and pc.any(m).as_py() for m in missing.values()):
        blank = set(indices(all_of([cells[name].rows(m) for name, m in missing.items() if m is not None])))
    for i in sorted(blank):
        evaluated.add(evaluated.rows + i, "blank-row", None, None, "")
    kept = {}
    for spec in specs:
        name = spec["name"]
        keyed = name in evaluated.typed or name in looked_up
        typed = _evaluate_field(evaluated, spec, cells[name], missing[name], blank, keyed, name in deferred)
        if keyed:
            kept[name] = cells[name].kept(typed)
    for name, chunks in evaluated.typed.items():
        chunks.append(kept[name])
    for lookup in lookups:
        lookup.add(evaluated.rows, kept[lookup.name], lookup.name in deferred)
    for name, written in evaluated.raw.items():
        written.append(cells[name])


def safe_pattern(spec: dict[str, Any]) -> str | None:
    """A string field's pattern, if RE2 reads it exactly as Python's re does on values without a newline."""
    pattern = spec.get("constraints", {}).get("pattern")
    plain = spec.get("type", "string") == "string" and spec.get("format", "default") == "default"
    return pattern if plain and isinstance(pattern, str) and SAFE_PATTERN.match(pattern) else None


def _few(column: Any) -> bool:
    """Whether a column's values repeat enough that judging each distinct value once pays."""
    from toolkit.engine import kernels as pc

    return len(column) > SAMPLE and len(pc.unique(column.slice(0, SAMPLE))) <= FEW


def _missing(values: Any, missing_values: list[str]) -> Any:
    import pyarrow as pa

    from toolkit.engine import kernels as pc

    if missing_values == [""]:
        return pc.equal(values, "")
    return pc.is_in(values, value_set=pc.array(missing_values, pa.string()))


def _judged(spec: dict[str, Any]) -> bool:
    """Whether a field's cells need any rule beyond being present."""
    plain = spec.get("type", "string") in ("string", "any") and spec.get("format", "default") == "default"
    return not plain or bool(set(spec.get("constraints", {})) - {"required", "unique"})


def _newlines(cells: dict[str, Cells]) -> Any:
    """Cumulative count of newlines inside the block's cells, through each row; None when there are none."""
    import pyarrow as pa

    from toolkit.engine import kernels as pc

    total = None
    for column in cells.values():
        counts = pc.count_substring(column.values, "\n")
        if pc.max(counts).as_py():
            per_row = pc.cast(column.rows(counts), pa.int64())
            total = per_row if total is None else pc.add(total, per_row)
    return None if total is None else pc.cumulative_sum(total)


def _last(cumulative: Any) -> int:
    return cumulative[-1].as_py() if cumulative is not None and len(cumulative) else 0


def _constant(length: int, value: bool) -> Any:
    import pyarrow as pa

    from toolkit.engine import kernels as pc

    return pc.fill_null(pa.nulls(length, pa.bool_()), value)


def constraint_note(name: str, constraint: object) -> str:
    """Frictionless's note on a broken constraint, as the translation of its errors carries it."""
    return f'constraint "{name}" is "{constraint}"'


def _evaluate_field(evaluated: Evaluated, spec: dict[str, Any], cells: Cells, missing: Any, blank: set[int],
                    keyed: bool, deferred: bool) -> Any:
    """Add the field's type and constraint errors (but its pattern when `deferred` to its lookup); return
    its typed values (null for None), one per value.

    Strings stay strings and integers become int64; other types are never keys, and return None.
    """
    import pyarrow as pa

    from toolkit.engine import kernels as pc

    name, kind = spec["name"], spec.get("type", "string")
    constraints = spec.get("constraints", {})
    values, base = cells.values, evaluated.rows
    if constraints.get("required") and missing is not None:
        for i in cells.where(missing):
            if i not in blank:
                evaluated.add(base + i, "constraint-error", name, cells.cell(i), constraint_note("required", constraints["required"]))
    present = None if missing is None else pc.invert(missing)  # None: every value
    if not _judged(spec):  # any text is valid
        return _masked(values, present) if keyed else None
    decided = _decided(evaluated, spec, values)  # None: the vectorised rules decide every value
    clean = _both(present, decided)
    residue = None if decided is None else _both(present, pc.invert(decided))  # frictionless's reader judges these
    if residue is not None and not pc.any(residue).as_py():
        residue = None
    if kind == "integer" and residue is not None:  # int() needs a digit: a value without one is no integer
        digitless = pc.and_not(residue, pc.match_substring_regex(values, r"\p{Nd}"))
        for i in cells.where(digitless):
            evaluated.add(base + i, "type-error", name, cells.cell(i), 'type is "integer/default"')
        residue = pc.and_not(residue, digitless)

    typed: Any = None  # a pyarrow array
    if kind == "integer":
        typed = pc.cast(_masked(values, clean), pa.int64())
    elif kind == "string":
        typed = _masked(values, present)
    elif set(constraints) & {"enum", "minimum", "maximum"} and columnar(spec):
        typed = typed_values(spec, _masked(values, clean))
    checks = []
    if typed is not None and (kind == "string" or columnar(spec)):  # else the reader judges the constraints
        if "pattern" in constraints and not deferred:
            checks.append(("pattern", _matches(values, constraints["pattern"])))
        if "enum" in constraints:
            members = [constraint_value(spec, v) if kind != "string" else v for v in constraints["enum"]]
            value_set = pc.array([m.as_py() if kind != "string" else m for m in members], typed.type)
            checks.append(("enum", pc.is_in(typed, value_set=value_set)))
        for key, compare in (("minLength", pc.greater_equal), ("maxLength", pc.less_equal)):
            if key in constraints:
                checks.append((key, compare(pc.utf8_length(values), constraints[key])))
        for key, compare in (("minimum", pc.greater_equal), ("maximum", pc.less_equal)):
            if key in constraints:
                checks.append((key, compare(typed, constraint_value(spec, constraints[key]))))
    for key, passed in checks:
        for i in cells.where(pc.invert(passed) if clean is None else pc.and_not(clean, passed)):
            evaluated.add(base + i, "constraint-error", name, cells.cell(i), constraint_note(key, constraints[key]))

    if residue is not None:
        verdicts = evaluated.verdicts.setdefault(name, {})
        odd = pc.filter(values, residue).to_pylist()
        _judge(spec, set(odd) - set(verdicts), verdicts)
        for i in cells.where(residue):
            raw = cells.cell(i)
            for code, note in verdicts[raw][1]:
                evaluated.add(base + i, code, name, raw, note)
        if keyed:  # a key's typed values (its type is a string or an integer)
            typed_odd = [verdicts[v][0] for v in odd]
            if any(isinstance(v, int) and not -(2**63) <= v < 2**63 for v in typed_odd):
                raise Decline(f'a key of field "{name}" is an integer beyond 64 bits')
            typed = pc.replace_with_mask(typed, residue, pc.array(typed_odd, typed.type))
    return typed


def _decided(evaluated: Evaluated, spec: dict[str, Any], values: Any) -> Any:
    """Which values the vectorised rules decide exactly; None when they decide them all."""
    from toolkit.engine import kernels as pc

    kind, pattern = spec.get("type", "string"), spec.get("constraints", {}).get("pattern")
    if kind != "string":
        return decided(spec, values) if columnar(spec) else _constant(len(values), False)
    if spec.get("format", "default") != "default":
        return _constant(len(values), False)
    if pattern is not None and safe_pattern(spec) is None:
        return _constant(len(values), False)
    if pattern is not None and evaluated.quoted:  # RE2 and Python disagree on "$" before a final newline
        return pc.invert(pc.match_substring(values, "\n"))
    return None


def _both(first: Any, second: Any) -> Any:
    """Two masks combined; None stands for a mask true everywhere."""
    from toolkit.engine import kernels as pc

    return second if first is None else first if second is None else pc.and_(first, second)


def _masked(column: Any, valid: Any) -> Any:
    """The column with nulls where `valid` is false (none if it is None), sharing the column's buffers
    instead of copying them."""
    import pyarrow as pa

    from toolkit.engine import kernels as pc

    if valid is None:
        return column
    if column.null_count or valid.null_count or column.offset or valid.offset or len(column) == 0:
        return pc.if_else(valid, column, pc.scalar(None, column.type))
    if pc.all(valid).as_py():
        return column
    return pa.Array.from_buffers(column.type, len(column), [valid.buffers()[1], *column.buffers()[1:]])


def _judge(spec: dict[str, Any], values: set[str], verdicts: Verdicts) -> None:
    """Frictionless's own verdict on each distinct value: its typed form (as text) and its errors."""
    if not values:
        return
    import frictionless

    try:
        reader = frictionless.Field.from_descriptor(dict(spec)).create_cell_reader()
    except frictionless.FrictionlessException:
        raise Decline(f'frictionless cannot read field "{spec.get("name")}"') from None
    for value in values:
        try:
            typed, notes = reader(value)
        except Exception:  # noqa: BLE001 - a bound of the wrong type makes frictionless's own check raise: let it say so
            raise Decline(f'frictionless cannot judge a value of field "{spec.get("name")}"') from None
        notes = dict(notes or {})
        errors = [("type-error", notes.pop("type"))] if "type" in notes else []
        errors += [("constraint-error", note) for note in notes.values()]
        verdicts[value] = (typed, errors)
