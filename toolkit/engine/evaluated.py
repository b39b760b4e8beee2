"""What judging a table leaves, and where to find a row again.

The column-wise checks (`columns`) read a table block by block and keep of it
only what the checks after reading need: the problems found, each key field's
typed values block by block (compactly, as dictionaries where values repeat),
the cells of the primary key as written, and where each block starts, so a row
index becomes the editor line a contributor opens. This module holds those
records and the helpers that locate rows in them.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from toolkit.engine.blocks import Digest
from toolkit.engine.keys import codes
from toolkit.engine.package import Table
from toolkit.problems import Problem, problem

Verdicts = dict[str, tuple[object, list[tuple[str, str]]]]  # value -> typed value, errors


@dataclass(frozen=True)
class Cells:
    """A block's cells of one field: its values, or its distinct values and where each row's value is."""

    values: Any
    index: Any = None  # row -> position in values; None when values are the rows themselves

    @staticmethod
    def of(column: Any, few: bool) -> Cells:
        from toolkit.engine import kernels as pc

        if few:
            encoded = pc.dictionary_encode(column)
            return Cells(encoded.dictionary, encoded.indices)
        return Cells(column)

    def rows(self, per_value: Any) -> Any:
        """Spread an array aligned with the values over the rows."""
        from toolkit.engine import kernels as pc

        return per_value if self.index is None else pc.take(per_value, self.index)

    def where(self, per_value: Any) -> list[int]:
        """The rows whose value the mask marks."""
        from toolkit.engine import kernels as pc

        return indices(self.rows(per_value)) if pc.any(per_value).as_py() else []

    def cell(self, row: int) -> Any:
        return self.values[row if self.index is None else self.index[row].as_py()].as_py()

    def kept(self, typed: Any) -> Any:
        """The typed values of the rows, compactly: a dictionary of distinct values when values repeat."""
        import pyarrow as pa

        from toolkit.engine import kernels as pc

        if self.index is None:
            return typed
        distinct = pc.dictionary_encode(typed)  # typing may merge values ("01", "1"); nulls go to the indices
        return pa.DictionaryArray.from_arrays(pc.take(distinct.indices, self.index), distinct.dictionary)


@dataclass(frozen=True)
class Block:
    base: int  # index of the block's first row in the table
    before: int  # newlines inside cells of earlier blocks
    newlines: Any  # cumulative newlines inside cells through each row of the block; None when there are none


@dataclass
class Evaluated:
    table: Table
    skip_space: bool  # frictionless's csv dialect skips spaces after a delimiter
    digest: Digest  # the size and hash of the bytes read
    quoted: bool = False  # whether a quote has been read so far (only then can a cell hold a newline)
    rows: int = 0
    blocks: list[Block] = field(default_factory=list)
    typed: dict[str, list[Any]] = field(default_factory=dict)  # key field -> per block, its typed values
    raw: dict[str, list[Cells]] = field(default_factory=dict)  # primary-key field -> per block, its cells as written
    problems: list[Problem] = field(default_factory=list)
    verdicts: dict[str, Verdicts] = field(default_factory=dict)
    referenced: dict[str, Any] = field(default_factory=dict)  # field other tables refer to -> its distinct values
    few: dict[str, bool] = field(default_factory=dict)  # field -> whether its values repeat (by the last sample)

    def line(self, index: int) -> int:
        """Editor line of a row: rows start on line 2 unless earlier cells span several lines."""
        block = self.blocks[self._block(index)]
        within = index - block.base
        extra = block.newlines[within - 1].as_py() if block.newlines is not None and within else 0
        return index + 2 + block.before + extra

    def add(self, index: int, code: str, field_name: str | None, value: object, note: str) -> None:
        self.problems.append(problem(code, self.table.file, self.line(index), field_name, value, note=note, title=""))

    def column(self, name: str) -> Any:
        """A key field's typed values, every row (null where empty or invalid)."""
        import pyarrow as pa

        chunks = [c.dictionary_decode() if isinstance(c, pa.DictionaryArray) else c for c in self.typed[name]]
        return pa.chunked_array(chunks, self._type(name))

    def codes(self, name: str) -> tuple[Any, int]:
        """A key field's values as dense int32 codes (null where empty or invalid), and how many there are."""
        return codes(self.typed[name], self._type(name))

    def distinct(self, name: str) -> Any:
        """A key field's distinct non-null typed values."""
        return distinct_values(self.typed[name], self._type(name))

    def having(self, name: str, values: Any) -> list[int]:
        """Rows whose typed value of a key field is one of the values."""
        return [block.base + row for block, chunk in zip(self.blocks, self.typed[name]) for row in rows_in(chunk, values)]

    def written(self, name: str, index: int) -> str:
        """A primary-key cell as written."""
        position = self._block(index)
        return str(self.raw[name][position].cell(index - self.blocks[position].base))

    def _block(self, index: int) -> int:
        """The position of the block holding a row."""
        return bisect_right(self.blocks, index, key=lambda b: b.base) - 1

    def _type(self, name: str) -> Any:
        """Key fields are strings or integers (other types are declined)."""
        import pyarrow as pa

        spec = next(f for f in self.table.schema["fields"] if f["name"] == name)
        return pa.int64() if spec.get("type") == "integer" else pa.string()


def distinct_values(chunks: list[Any], value_type: Any) -> Any:
    """The distinct non-null values of some typed chunks (a dictionary chunk's are its dictionary)."""
    import pyarrow as pa

    from toolkit.engine import kernels as pc

    return pc.unique(pc.drop_null(pa.chunked_array([values_of(c) for c in chunks], value_type)))


def values_of(chunk: Any) -> Any:
    """A typed chunk's values: its dictionary if it has one (with no nulls), else the rows themselves."""
    import pyarrow as pa

    return chunk.dictionary if isinstance(chunk, pa.DictionaryArray) else chunk


def rows_marked(chunk: Any, marked: Any) -> list[int]:
    """Rows of a typed chunk whose value a mask over `values_of(chunk)` marks."""
    import pyarrow as pa

    if isinstance(chunk, pa.DictionaryArray):
        return Cells(chunk.dictionary, chunk.indices).where(marked)
    return indices(marked)


def rows_in(chunk: Any, values: Any) -> list[int]:
    """Rows of a typed chunk whose value is one of the values."""
    from toolkit.engine import kernels as pc

    return rows_marked(chunk, pc.is_in(values_of(chunk), value_set=values))


def indices(mask: Any) -> list[int]:
    """Positions where the mask is true (usually none, which one pass finds out)."""
    from toolkit.engine import kernels as pc

    if not pc.any(mask).as_py():
        return []
    return pc.indices_nonzero(pc.fill_null(mask, False)).to_pylist()
