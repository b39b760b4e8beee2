"""Read a CSV table in blocks, exactly as frictionless (Python's csv module) would read it, or decline.

pyarrow's streaming reader parses a block at a time without holding the GIL.
Before it is trusted, the dialect frictionless would sniff must be plain CSV
with the schema's header, and the bytes must hold nothing the two parsers
read differently (see `_Paced`); otherwise `Decline` is raised and
frictionless judges the whole package.
"""

from __future__ import annotations

import csv
import io
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from toolkit.engine.package import Table

BLOCK = 1 << 21  # bytes parsed at a time: large enough that Python's share of the work stays small
_READ = 1 << 22  # bytes sniffed
WAIT = 0.05  # seconds a read waits for the block before it to be judged
_BOM = b"\xef\xbb\xbf"


class Decline(Exception):
    """Something this module does not model; frictionless must judge the package."""


def dialect(table: Table) -> bool:
    """Check that frictionless reads the table as plain CSV with the schema's header; return whether its
    sniffed dialect skips spaces after a delimiter."""
    names = [f["name"] for f in table.schema["fields"]]
    with table.path.open("rb") as handle:
        chunk = handle.read(_READ)
    chunk = chunk[3:] if chunk.startswith(_BOM) else chunk
    sniffed = _sniff(chunk, len(chunk) < _READ) if chunk and _header_matches(chunk, names) else None
    if sniffed is None:
        raise Decline
    return bool(sniffed.skipinitialspace)


def _header_matches(chunk: bytes, names: list[str]) -> bool:
    end = chunk.find(b"\n")
    try:
        header = next(csv.reader([chunk[: end if end >= 0 else len(chunk)].rstrip(b"\r").decode("utf-8")]))
    except (UnicodeDecodeError, StopIteration, csv.Error):
        return False
    return header == names


def _sniff(chunk: bytes, whole_file: bool) -> type[csv.Dialect] | None:
    """The dialect frictionless guesses from the first 100 lines with csv.Sniffer, if it is plain CSV."""
    end = -1
    for _ in range(100):
        end = chunk.find(b"\n", end + 1)
        if end < 0:
            if not whole_file:
                return None  # a hundred lines longer than 4 MiB: too odd to bother
            break
    sample = chunk if end < 0 else chunk[: end + 1]
    try:
        dialect = csv.Sniffer().sniff(sample.decode("utf-8"), ",\t;|")
    except csv.Error:
        return csv.excel  # frictionless then uses the excel dialect
    except UnicodeDecodeError:
        return None
    plain = dialect.delimiter == "," and dialect.quotechar in ('"', "'") and dialect.escapechar is None
    return dialect if plain else None


def read(table: Table) -> Iterator[tuple[Any, bool]]:
    """The table's rows in record batches of strings, each with whether a quote has been read so far;
    Decline if pyarrow would read the bytes otherwise than Python's csv module."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    names = [f["name"] for f in table.schema["fields"]]
    source = _Paced(table.path)
    try:
        reader = pacsv.open_csv(
            source,
            read_options=pacsv.ReadOptions(block_size=BLOCK),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
        if reader.schema.names != names:
            raise Decline
        for batch in reader:  # pyarrow parses the next blocks on its own threads meanwhile
            source.allow()
            if source.odd:
                raise Decline
            yield batch, source.quoted  # the batch's own bytes have been read
        if source.odd:
            raise Decline
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        raise Decline from None
    finally:
        source.close()


class _Paced(io.RawIOBase):
    """A table's bytes as pyarrow's reader asks for them, checked on the way and paced.

    The check: bytes that frictionless (Python's csv module) would read otherwise than pyarrow, a NUL or
    a carriage return alone (a line end for csv, not for pyarrow), make the table `odd`: reading stops,
    and frictionless judges it. Whether a quote was seen is noted for line numbers (blank lines need no
    check: pyarrow rejects them as rows with too few cells, and in a one-column table both read them
    as a blank row). The pace: pyarrow's streaming reader reads about 32 blocks ahead, a buffer that
    would cost more memory than everything else, so each block judged allows one more read. A batch is
    complete only once the blocks its last record reaches are read, so a read waits at most WAIT
    seconds for its turn: a record longer than the blocks allowed ahead is slower, never stuck. A read
    never ends between a carriage return and its line feed: pyarrow (up to 26 at least) drops the line
    feed of a CRLF inside a quoted value when a block boundary falls there.
    """

    def __init__(self, path: Path, ahead: int = 2) -> None:
        super().__init__()
        self._handle = path.open("rb")
        self._allowed = threading.Semaphore(ahead)
        self._stopped = False
        self.quoted = self.odd = False

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        self._allowed.acquire(timeout=WAIT)
        if self._stopped or self.odd:
            return b""
        chunk = self._handle.read(size)
        if len(chunk) > 1 and chunk.endswith(b"\r"):
            self._handle.seek(-1, io.SEEK_CUR)
            chunk = chunk[:-1]
        self.odd = b"\x00" in chunk or (b"\r" in chunk and chunk.count(b"\r") != chunk.count(b"\r\n"))
        self.quoted = self.quoted or b'"' in chunk
        return b"" if self.odd else chunk

    def allow(self) -> None:
        self._allowed.release()

    def close(self) -> None:
        """Stop: a read still waiting gets the end of the file, so an abandoned reader finishes at once."""
        if not self._stopped:
            self._stopped = True
            self._allowed.release(1 << 10)
            self._handle.close()
        super().close()
