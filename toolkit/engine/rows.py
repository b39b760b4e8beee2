"""Read a table's rows with the csv module, within limits, remembering the line where each record starts.

Frictionless's row numbers are not editor lines: a quoted cell may span
several lines. The integrity rules and every renderer need the line a
contributor has to open, so a table is read here, when a caller needs its
rows, keeping where each record starts. Every read is bounded: lines, cells
and header columns have limits, each reported as a located problem when
exceeded. Nothing is ever written.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import sys
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, overload

from toolkit.engine.dialect import reader_options
from toolkit.problems import Fatal, problem

if TYPE_CHECKING:
    from toolkit.engine.package import Table

MAX_CELL = 100_000  # characters; the longest source text is 5,000
MAX_LINE = 10_000_000  # bytes of one line of a table
MAX_COLUMNS = 10_000  # header columns of a table
_LONE_CR = re.compile(r"(?<=\r)(?!\n)")


class Lines(Sequence[int]):
    """The line where each record starts, kept as the few records after which the count shifts.

    A record spans one line unless a quoted cell holds a line break, so a table of
    millions of rows needs a handful of entries here, not a list of millions of ints.
    """

    def __init__(self) -> None:
        self._count = 0
        self._at: list[int] = []  # record indices where the shift changes
        self._shift: list[int] = []  # line - index - 2 from there on

    @classmethod
    def consecutive(cls, count: int) -> Lines:
        """`count` records of one line each, after the header."""
        lines = cls()
        lines._count = count
        return lines

    def append(self, line: int) -> None:
        shift = line - self._count - 2
        if shift != (self._shift[-1] if self._shift else 0):
            self._at.append(self._count)
            self._shift.append(shift)
        self._count += 1

    @overload
    def __getitem__(self, index: int) -> int: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[int]: ...
    def __getitem__(self, index: int | slice) -> int | Sequence[int]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._count))]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(index)
        k = bisect_right(self._at, index) - 1
        return index + 2 + (self._shift[k] if k >= 0 else 0)

    def __len__(self) -> int:
        return self._count


def read_rows(table: Table, keep: bool = True, header_only: bool = False) -> None:
    """Fill the table's header and lines (and rows, if keep) from a UTF-8 CSV file (a BOM is accepted);
    raise Fatal if it cannot be read.

    The file is read in large chunks through the C-level text and csv readers, each chunk checked
    for NUL bytes and over-long lines as it arrives; on any fault the file is read again a line at
    a time to say exactly where it is.
    """
    header = table.header  # read before, when only where records start is wanted now
    table.header, table.rows, table.lines, table.widths = [], [], Lines(), []
    csv.field_size_limit(sys.maxsize)  # cell size is checked below, with a located message
    # Rows must be UTF-8, and so must a table that declares it. Otherwise only where records start is
    # wanted, and frictionless judges the encoding: Latin-1 reads any byte and keeps every quote, comma
    # and line break of an ASCII-compatible encoding (UTF-8 included) where it stands.
    declared = (table.encoding or "").lower().replace("_", "-") in ("utf-8", "utf8")
    encoding = "utf-8" if keep or declared else "latin-1"
    if table.path.stat().st_size == 0:  # frictionless's own error, as for a file of one blank line (below)
        raise Fatal(problem("source-error", table.file, 1, note="the source is empty"))
    # Rows kept (this dataset's) are read strictly, with a comma and a double quote; where only record starts are
    # wanted, for a table frictionless judges, as frictionless reads it: its dialect, and not strict.
    options: dict[str, Any] = {}
    if not keep and not header_only and any(cell.strip() for cell in header):
        options = reader_options(table.dialect, table.path, encoding)
        quote = options["quotechar"] if options["quotechar"] and not options["escapechar"] else None
        count = _one_line_records(table.path, declared, quote.encode() if quote else None)
        if count is not None:  # as the csv module would have counted them, at a fraction of its cost
            table.header, table.lines, table.kept = header, Lines.consecutive(count), False
            return
    try:
        with table.path.open("rb") as handle:
            guarded = _Guarded(handle)
            text = io.TextIOWrapper(io.BufferedReader(guarded, _CHUNK), encoding=encoding, newline="")
            _read_records(table, csv.reader(text, strict=keep, **options), keep, header_only)
            if keep and not header_only and not guarded.seen_text:  # this dataset's table, blank: say so, beside frictionless
                raise Fatal(problem("file-empty", table.file, 1))
    except (UnicodeDecodeError, _Fault):
        with table.path.open("rb") as handle:
            for _ in _text_lines(handle, table.file, encoding):  # raises Fatal where the fault is
                pass
        raise Fatal(problem("encoding-error", table.file, note=f"it cannot be decoded as {encoding}")) from None
    table.kept = None if header_only else keep


def _one_line_records(path: Path, utf8: bool, quote: bytes | None) -> int | None:
    """The records after the header, when each is one line: the file holds no quote, NUL byte or lone carriage
    return, no line longer than a cell may be, and decodes (if `utf8`). Then only where records start is
    wanted and needs no csv parsing: a table frictionless reads costs no more than frictionless alone.
    None otherwise: the csv module reads it, and says where any fault is."""
    decoder = codecs.getincrementaldecoder("utf-8")() if utf8 else None
    lines, run, last = 0, 0, b"\n"
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            if quote is None or quote in chunk or b"\x00" in chunk or chunk.count(b"\r") != chunk.count(b"\r\n"):
                return None
            start = -run  # where the line under way began: every line before `start` is short enough
            while len(chunk) - start > MAX_CELL:
                end = chunk.rfind(b"\n", max(start, 0), start + MAX_CELL + 1)
                if end < 0:
                    return None
                start = end + 1
            end = chunk.rfind(b"\n")
            run = len(chunk) - end - 1 if end >= 0 else run + len(chunk)
            if run > MAX_CELL or decoder is not None and not _decodes(decoder, chunk):
                return None
            lines, last = lines + chunk.count(b"\n"), chunk[-1:]
    if decoder is not None and not _decodes(decoder, b"", final=True):
        return None
    return lines + (last != b"\n") - 1


def _decodes(decoder: codecs.IncrementalDecoder, chunk: bytes, final: bool = False) -> bool:
    try:
        decoder.decode(chunk, final)
    except UnicodeDecodeError:
        return False
    return True


def _read_records(table: Table, reader: Any, keep: bool, header_only: bool) -> None:
    start = 1
    try:
        for record in reader:
            if record and max(map(len, record)) > MAX_CELL:
                oversized = next(i for i, cell in enumerate(record) if len(cell) > MAX_CELL)
                name = table.header[oversized] if start > 1 and oversized < len(table.header) else None
                raise Fatal(problem("cell-too-large", table.file, start, name, size=len(record[oversized]), limit=MAX_CELL))
            if start == 1:
                if len(record) > MAX_COLUMNS:
                    raise Fatal(problem("too-many-columns", table.file, 1, count=len(record), limit=MAX_COLUMNS))
                table.header = record
                if header_only:
                    return
            else:
                if keep:
                    table.rows.append(dict(zip(table.header, record)))
                    table.widths.append(len(record))
                table.lines.append(start)
            start = reader.line_num + 1
    except csv.Error as error:
        raise Fatal(problem("csv-malformed", table.file, start, reason=str(error))) from None
    if not table.header and not table.lines:  # a blank line and nothing else; a blank header before rows is frictionless's
        raise Fatal(problem("source-error", table.file, 1, note="the source is empty"))


_CHUNK = 1 << 20  # bytes read at once, well under MAX_LINE
_BOM = b"\xef\xbb\xbf"


class _Fault(Exception):
    """A NUL byte or an over-long line: where it is, `_text_lines` says."""


class _Guarded(io.RawIOBase):
    """The file's bytes, refused at the first NUL byte or line over MAX_LINE bytes."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.run = 0  # bytes since the last line feed
        self.seen_text = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.handle.tell() == 0 and self.handle.read(3) != _BOM:  # a UTF-8 byte-order mark is not text
            self.handle.seek(0)
        count = self.handle.readinto(buffer)  # type: ignore[attr-defined]
        chunk = bytes(memoryview(buffer)[:count])
        if b"\x00" in chunk:
            raise _Fault
        last = chunk.rfind(b"\n")  # a chunk is shorter than MAX_LINE: only a line across chunks can be too long
        if last < 0:
            self.run += count
        elif self.run + chunk.find(b"\n") > MAX_LINE:
            raise _Fault
        else:
            self.run = count - last - 1
        if self.run > MAX_LINE:
            raise _Fault
        self.seen_text = self.seen_text or bool(chunk.strip())
        return count


def _text_lines(handle: IO[bytes], file: str, encoding: str = "utf-8") -> Iterator[str]:
    """The file's lines as text, each checked as it is read: bounded length, UTF-8, no NUL byte.
    A lone carriage return ends a line too, as the csv module and editors count them."""
    number, blank = 0, True
    while raw := handle.readline(MAX_LINE + 1):
        number += 1
        if len(raw) > MAX_LINE and not raw.endswith(b"\n"):
            raise Fatal(problem("line-too-long", file, number, limit=MAX_LINE))
        if number == 1 and raw.startswith(_BOM):
            raw = raw[3:]
        if b"\x00" in raw:
            raise Fatal(problem("file-unreadable", file, number, reason="it contains a NUL byte (is it a binary file?)"))
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as error:
            # frictionless's encoding-error, at the line
            raise Fatal(problem("encoding-error", file, number, note=f"byte {error.object[error.start]:#04x} is not UTF-8")) from None
        blank = blank and not text.strip()
        pieces = _LONE_CR.split(text) if "\r" in text[:-2] else [text]
        number += len(pieces) - 1
        yield from pieces
    if blank:
        raise Fatal(problem("file-empty", file, 1))
