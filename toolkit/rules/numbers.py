"""The numbers a span of English text writes, in digits or in words.

A quantity claim's value must be a number its span actually writes
("more than 450", "six", "$30 million", "68 thousand", "a quarter").
Number words are parsed by text2num, a maintained parser; this module only
joins a number to the scale word after it and reads the few fraction words.
"""

from __future__ import annotations

import re

from text_to_num import alpha2digit, text2num

_SCALES = {100.0, 1_000.0, 1_000_000.0, 1_000_000_000.0, 1_000_000_000_000.0}
_FRACTIONS = {"half": 0.5, "third": 1 / 3, "quarter": 0.25}
_TOKEN = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|[^\W\d_]+")


def _word_value(word: str) -> float | None:
    if word in _FRACTIONS:
        return _FRACTIONS[word]
    try:
        return float(text2num(word, "en"))
    except ValueError:
        return None


def numbers_in(text: str) -> set[float]:
    """Every number the text writes, with "30 million" read as 30000000."""
    found: set[float] = set()
    previous: float | None = None
    for match in _TOKEN.finditer(alpha2digit(text, "en")):
        token = match.group().lower()
        value = float(token.replace(",", "")) if token[0].isdigit() else _word_value(token)
        if value is None:
            previous = None
            continue
        if previous is not None and value in _SCALES and previous < value:
            found.add(previous * value)
        found.add(value)
        previous = value
    return found
