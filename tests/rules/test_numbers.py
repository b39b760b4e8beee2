from __future__ import annotations

import pytest

from toolkit.rules.numbers import numbers_in


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        ("More than 450 technology professionals", 450),
        ("Six Apple employees", 6),
        ("$30 million contract", 30_000_000),
        ("more than 68 thousand immigrants", 68_000),
        ("thirty-two people died", 32),
        ("nearly a hundred employees", 100),
        ("One unnamed “Exec VP”", 1),
        ("37-year-old ICU nurse", 37),
        ("roughly only a quarter of them", 0.25),
        ("1,200 people", 1200),
    ],
)
def test_number_written_in_span(span: str, expected: float) -> None:
    assert expected in numbers_in(span)


def test_no_number() -> None:
    assert numbers_in("a tech worker said") == set()


def test_scale_is_not_a_standalone_reading_of_the_multiplied_number() -> None:
    assert 30.0 in numbers_in("$30 million") and 300_000_000 not in numbers_in("$30 million")


def test_and_joins_the_parts_of_one_number() -> None:
    """text2num 2.5 read this as 400 and 50, so a claim of 450 was reported as not written in its span;
    pyproject.toml requires text2num 3, which reads one number (tests pin what changes verdicts)."""
    assert numbers_in("four hundred and fifty tech workers signed") == {450.0}
