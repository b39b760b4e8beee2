"""Read a CSV table in blocks, exactly as frictionless (Python's csv module) would read it, or decline.

pyarrow's streaming reader parses a block at a time without holding the GIL.
Before it is trusted, the encoding frictionless would detect must be UTF-8,
the dialect it would use (declared, else sniffed as it sniffs) one pyarrow
reads alike, the header the schema's, and the bytes must hold nothing the
two parsers read differently (see `_Paced`); otherwise `Decline` is raised
and frictionless judges the table.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.engine.dialect import quote_char
from toolkit.engine.package import Table
from toolkit.engine.route import Decline, Reading

BLOCK = 1 << 21  # bytes parsed at a time: large enough that Python's share of the work stays small
_READ = 1 << 22  # bytes sniffed
WAIT = 0.05  # seconds a read waits for the block before it to be judged
_BOM = b"\xef\xbb\xbf"
_BUFFER = 100_000  # bytes frictionless detects an encoding from (its DEFAULT_BUFFER_SIZE)
_CONFIDENCE = 0.5  # below it frictionless prefers UTF-8 (its DEFAULT_ENCODING_CONFIDENCE)
_RELEASE_ABOVE = 32 << 20  # bytes of tables to detect above which chardet's models are let go before reading


@dataclass(frozen=True)
class Dialect:
    """The CSV dialect frictionless reads a table with: declared, else sniffed as it sniffs."""

    delimiter: str
    quote_char: str
    skip_space: bool  # spaces after a delimiter are dropped


def dialect(table: Table, reading: Reading) -> Dialect:
    """The dialect frictionless would read the table with (its encoding, declared or detected, being UTF-8), once its
    header is found to be the schema's; Decline otherwise."""
    names = [f["name"] for f in table.schema["fields"]]
    with table.path.open("rb") as handle:
        chunk = handle.read(_READ)
    chunk = chunk[3:] if chunk.startswith(_BOM) else chunk
    if not chunk:
        raise Decline("it is empty")
    sniffed = _sniff(chunk, len(chunk) < _READ, reading.delimiter)
    if sniffed is None:
        raise Decline("its first hundred lines are longer than 4 MiB, or not UTF-8")
    if sniffed.escapechar is not None:
        raise Decline("frictionless sniffs an escape character in it")
    quote = quote_char(reading.quote_char, sniffed)
    delimiter = reading.delimiter or sniffed.delimiter
    skip = reading.skip_initial_space if reading.skip_initial_space is not None else bool(sniffed.skipinitialspace)
    if delimiter == quote or not re.fullmatch(r"[\x01-\x7f]", delimiter) or delimiter in "\r\n":
        raise Decline(f"frictionless sniffs the delimiter {delimiter!r}")
    found = Dialect(delimiter, quote, skip)
    if not _header_matches(chunk, names, found):
        raise Decline("its header is not the schema's field names")
    return found


def check_encodings(tables: list[Table]) -> dict[str, str]:
    """The tables whose undeclared encoding frictionless would not detect as UTF-8, each with a reason.

    Detected one table after another before any is read (chardet holds the GIL, and loads its models on
    first use: tables detected at once on threads loaded them once each). Before large tables are read,
    chardet's caches are let go, so its 30 MB of models are not held meanwhile; for small ones they are
    kept, as a program validating many packages would otherwise load them for each (0.1 to 0.3 s)."""
    declined = {}
    for table in tables:
        with table.path.open("rb") as handle:
            found = detect_encoding(handle.read(_BUFFER))
        if found not in ("utf-8", "utf-8-sig"):
            declined[table.name] = f"frictionless detects its encoding as {found}"
    if sum(table.path.stat().st_size for table in tables) > _RELEASE_ABOVE:
        _release_detector()
    return declined


def _release_detector() -> None:
    """Clear the caches of chardet's models (what a release has of them: none is needed) and hand the freed
    pages back, so that the tables are read without them. Results do not depend on it."""
    import ctypes
    import gc
    import sys

    models = sys.modules.get("chardet.models")
    for cached in vars(models).values() if models is not None else ():
        clear = getattr(cached, "cache_clear", None)
        if callable(clear):
            clear()
    gc.collect()
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: the allocator keeps the pages
        pass


def detect_encoding(buffer: bytes) -> str:
    """The encoding frictionless detects (frictionless.Detector.detect_encoding, with its defaults): chardet over the
    lines of the first 100,000 bytes, UTF-8 below a confidence of 0.5 if the bytes decode, ASCII read as UTF-8."""
    import codecs

    import chardet

    detector = chardet.UniversalDetector()
    for line in buffer.splitlines():
        detector.feed(line)
    detector.close()
    encoding = detector.result["encoding"] or "utf-8"
    if (detector.result["confidence"] or 0) < _CONFIDENCE:
        try:
            buffer.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            encoding = "utf-8"
    encoding = "utf-8" if encoding == "ascii" else encoding
    try:
        encoding = codecs.lookup(encoding).name
    except LookupError:
        return encoding
    return "utf-8-sig" if encoding == "utf-8" and buffer.startswith(_BOM) else encoding


def _header_matches(chunk: bytes, names: list[str], found: Dialect) -> bool:
    end = chunk.find(b"\n")
    line = chunk[: end if end >= 0 else len(chunk)].rstrip(b"\r")
    try:
        header = next(csv.reader([line.decode("utf-8")], **_python(found)))
    except (UnicodeDecodeError, StopIteration, csv.Error):
        return False
    return header == names


def _python(found: Dialect) -> dict[str, Any]:
    """The dialect as Python's csv module takes it (frictionless's CsvControl.to_python)."""
    return {"delimiter": found.delimiter, "quotechar": found.quote_char, "quoting": csv.QUOTE_MINIMAL,
            "skipinitialspace": found.skip_space, "doublequote": True, "strict": False}


def _sniff(chunk: bytes, whole_file: bool, delimiter: str | None) -> type[csv.Dialect] | None:
    """The dialect frictionless guesses from the first 100 lines with csv.Sniffer (the excel dialect if it cannot)."""
    end = -1
    for _ in range(100):
        end = chunk.find(b"\n", end + 1)
        if end < 0:
            if not whole_file:
                return None  # a hundred lines longer than 4 MiB: too odd to bother
            break
    sample = chunk if end < 0 else chunk[: end + 1]
    try:
        return csv.Sniffer().sniff(sample.decode("utf-8"), delimiter or ",\t;|")
    except csv.Error:
        return csv.excel
    except UnicodeDecodeError:
        return None


def read(table: Table, found: Dialect, digest: Digest) -> Iterator[tuple[Any, bool]]:
    """The table's rows in record batches of strings, each with whether a quote has been read so far;
    Decline if pyarrow would read the bytes otherwise than Python's csv module. The bytes read are counted
    and hashed into `digest` on the way."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    names = [f["name"] for f in table.schema["fields"]]
    source = _Paced(table.path, found.quote_char.encode(), digest)
    try:
        reader = pacsv.open_csv(
            source,
            read_options=pacsv.ReadOptions(block_size=BLOCK),
            parse_options=pacsv.ParseOptions(delimiter=found.delimiter, quote_char=found.quote_char, double_quote=True,
                                             escape_char=False, newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
        if reader.schema.names != names:
            raise Decline("pyarrow reads another header")
        for batch in reader:  # pyarrow parses the next blocks on its own threads meanwhile
            source.allow()
            if source.odd:
                raise Decline("it holds a NUL byte or a carriage return alone")
            yield batch, source.quoted  # the batch's own bytes have been read
        if source.odd:
            raise Decline("it holds a NUL byte or a carriage return alone")
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as error:
        if source.odd:  # reading stopped there, and pyarrow took the end for an error
            raise Decline("it holds a NUL byte or a carriage return alone") from None
        raise Decline(f"pyarrow cannot read it as frictionless does ({str(error).splitlines()[0]})") from None
    finally:
        source.close()


class Digest:
    """The size and, if one is to be checked, the hash of the bytes read, as frictionless counts them."""

    def __init__(self, algorithm: str | None) -> None:
        self.size = 0
        self._hash = hashlib.new(algorithm) if algorithm else None

    def update(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self._hash is not None:
            self._hash.update(chunk)

    def hexdigest(self) -> str:
        return self._hash.hexdigest() if self._hash is not None else ""


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

    def __init__(self, path: Path, quote: bytes, digest: Digest, ahead: int = 2) -> None:
        super().__init__()
        self._handle = path.open("rb")
        self._allowed = threading.Semaphore(ahead)
        self._stopped = False
        self._quote = quote
        self._digest = digest
        self.quoted = self.odd = False

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if not self._stopped:
            self._allowed.acquire(timeout=WAIT)
        if self._stopped or self.odd:
            return b""
        chunk = self._handle.read(size)
        if len(chunk) > 1 and chunk.endswith(b"\r"):
            self._handle.seek(-1, io.SEEK_CUR)
            chunk = chunk[:-1]
        self.odd = b"\x00" in chunk or (b"\r" in chunk and chunk.count(b"\r") != chunk.count(b"\r\n"))
        self.quoted = self.quoted or self._quote in chunk
        self._digest.update(chunk)
        return b"" if self.odd else chunk

    def allow(self) -> None:
        self._allowed.release()

    def close(self) -> None:
        """Stop: a read still waiting gets the end of the file, so an abandoned reader finishes at once."""
        if not self._stopped:
            self._stopped = True
            self._allowed.release()  # pyarrow reads from one thread at a time: at most one read waits
            self._handle.close()
        super().close()
