"""The options Python's csv module reads a table with when frictionless reads it.

Frictionless (formats/csv/parser.py, `read_cell_stream_create`) takes the
declared dialect and fills what it leaves undefined from csv.Sniffer over the
table's first 100 lines, a sniffed single quote taken as a double quote. Where
records start depends on it: a quote character other than `"` holds line
breaks that a comma and double-quote reading would split into records, and a
cell opening with `"` is text, not a quote. A table frictionless judges is
read with these options, so that its row numbers become the right lines.
"""

from __future__ import annotations

import csv
from itertools import islice
from pathlib import Path
from typing import Any

SAMPLE_LINES = 100  # frictionless's SAMPLE_SIZE
_DELIMITERS = ",\t;|"  # what frictionless lets the sniffer choose from
DEFAULT = {"delimiter": ",", "quotechar": '"', "escapechar": None}  # csv's excel dialect


def quote_char(declared: str | None, sniffed: Any) -> str:
    """The quote character frictionless reads with: the declared one, else the sniffed one, a sniffed `'` taken as `"`
    (`sniffed`: a csv.Dialect that csv.Sniffer gave)."""
    if declared is not None:
        return declared
    return '"' if sniffed.quotechar == "'" else sniffed.quotechar or '"'


def reader_options(declared: dict[str, Any] | None, path: Path, encoding: str) -> dict[str, Any]:
    """csv.reader's keyword arguments, as frictionless's CsvControl.to_python gives them for the table at `path`;
    `declared` is the resource's csv dialect (None: not an object, so only sniffed values count)."""
    declared = declared or {}
    with path.open(encoding=encoding, errors="replace", newline="") as handle:
        sample = "".join(islice(handle, SAMPLE_LINES))
    delimiter = declared.get("delimiter") if isinstance(declared.get("delimiter"), str) else None
    try:
        sniffed: Any = csv.Sniffer().sniff(sample, delimiter or _DELIMITERS)
    except csv.Error:
        sniffed = csv.excel
    quote = quote_char(declared.get("quoteChar"), sniffed)
    escape = declared.get("escapeChar", sniffed.escapechar)
    options = {
        "delimiter": delimiter or sniffed.delimiter,
        "quotechar": quote or None,
        "quoting": csv.QUOTE_NONE if quote == "" else csv.QUOTE_MINIMAL,
        "escapechar": escape,
        "doublequote": declared.get("doubleQuote", True) if escape else True,
        "skipinitialspace": declared.get("skipInitialSpace", bool(sniffed.skipinitialspace)),
    }
    try:
        csv.reader([], **options)
    except (TypeError, ValueError):  # a dialect the csv module refuses: frictionless cannot read the table either
        return dict(DEFAULT)
    return options
