"""Which cells Arrow's kernels type exactly as frictionless's cell reader would, and their typed values.

Frictionless types a cell in Python: Decimal for a number, strptime for a
date, dateutil for a datetime, a lookup for a boolean. Each rule here accepts
only a form whose verdict is certain (ASCII digits of a fixed shape, each part
in range), so a cell it decides is valid, and its typed value is the one
frictionless compares with a bound or an enum. Every other cell (a type error,
or a form such as "+1", "1e3" or " 2026-01-26") is judged by frictionless's own
reader, once per distinct value; so is every cell of a field whose format or
constraints no rule here decides. Slower, never wrong.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from toolkit.engine.route import Decline

# Constraints decided column-wise, per type (with the default format); "required" is everyone's.
COLUMNAR = {
    "string": {"required", "unique", "pattern", "enum", "minLength", "maxLength"},
    "integer": {"required", "unique", "enum", "minimum", "maximum"},
    "number": {"required", "enum", "minimum", "maximum"},
    "year": {"required", "enum", "minimum", "maximum"},
    "date": {"required", "enum", "minimum", "maximum"},
    "boolean": {"required"},
    "datetime": {"required"},
    "time": {"required"},
    "yearmonth": {"required"},
    "any": {"required"},
}
_TRUE, _FALSE = ["true", "True", "TRUE", "1"], ["false", "False", "FALSE", "0"]  # frictionless's defaults
_DIGITS = 15  # a decimal of at most 15 significant digits converts to a double exactly in order and equality
_SHAPES = {  # integers are decided apart (see `decided`)
    "number": r"^-?[0-9]{1,15}(\.[0-9]{1,15})?$",
    "year": r"^[0-9]{4}$",
    "date": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    "datetime": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z?$",
    "time": r"^[0-9]{2}:[0-9]{2}:[0-9]{2}$",
    "yearmonth": r"^[0-9]{4}-(0[1-9]|1[0-2])$",
}


def columnar(spec: dict[str, Any]) -> bool:
    """Whether the rules here decide the field's cells (else frictionless's reader judges each distinct value)."""
    kind = spec.get("type", "string")
    plain = spec.get("format", "default") == "default" and not set(spec) & {"decimalChar", "groupChar", "bareNumber", "floatNumber"}
    if kind == "boolean" and not all(isinstance(v, str) for k in ("trueValues", "falseValues") for v in spec.get(k, [])):
        return False
    return plain and kind in COLUMNAR and not set(spec.get("constraints", {})) - COLUMNAR[kind]


def decided(spec: dict[str, Any], values: Any) -> Any:
    """Which values the rules decide to be valid for the field's type; the caller sends the rest to the reader."""
    import pyarrow as pa

    from toolkit.engine import kernels as pc

    kind = spec.get("type", "string")
    if kind == "integer":  # plain ASCII digits that fit an int64; "+1", " 1", "١" go to the reader
        return pc.and_(pc.ascii_is_decimal(values), pc.less_equal(pc.binary_length(values), 18))
    if kind == "boolean":
        return pc.is_in(values, value_set=pc.array(spec.get("trueValues", _TRUE) + spec.get("falseValues", _FALSE), pa.string()))
    shaped = pc.match_substring_regex(values, _SHAPES[kind])
    if kind == "number" and set(spec.get("constraints", {})) & {"enum", "minimum", "maximum"}:  # compared as doubles
        return pc.and_(shaped, pc.less_equal(pc.binary_length(values), _DIGITS))
    if kind in ("date", "datetime"):
        shaped = pc.and_(shaped, _real_date(values))
    if kind == "datetime":
        shaped = pc.and_(shaped, _clock(pc.utf8_slice_codeunits(values, 11, 19)))
    if kind == "time":
        shaped = pc.and_(shaped, _clock(values))
    return shaped


def typed(spec: dict[str, Any], values: Any) -> Any:
    """The typed values of decided cells, for bounds and enums: float64 numbers, int64 years, date32 dates."""
    import pyarrow as pa

    from toolkit.engine import kernels as pc

    target = {"number": pa.float64(), "year": pa.int64(), "date": pa.date32(), "integer": pa.int64()}.get(spec.get("type", "string"))
    return None if target is None else pc.cast(values, target)


def constraint_value(spec: dict[str, Any], value: object) -> Any:
    """A bound or enum member as frictionless's reader reads it, as an Arrow scalar of the typed values' type;
    Decline when frictionless could not compare with it (its check would raise) or a double would not be exact."""
    import pyarrow as pa

    from toolkit.engine import kernels as pc

    kind = spec.get("type", "string")
    if kind in ("integer", "year") and type(value) is int and -(2**63) <= value < 2**63:
        return pc.scalar(value, pa.int64())
    if kind == "year" and isinstance(value, str) and len(value) == 4 and value.isascii() and value.isdigit():
        return pc.scalar(int(value), pa.int64())
    if kind == "number" and type(value) in (int, float, str):
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            number = None
        if number is not None and number.is_finite() and len(number.as_tuple().digits) <= _DIGITS and abs(number) < 10**300:
            return pc.scalar(float(number), pa.float64())
    if kind == "date" and isinstance(value, str):
        try:
            return pc.scalar(datetime.strptime(value, "%Y-%m-%d").date(), pa.date32())
        except ValueError:
            pass
    if kind == "date" and isinstance(value, date):
        return pc.scalar(value, pa.date32())
    raise Decline(f'field "{spec.get("name")}" has a bound or enum member {value!r} the fast path does not compare as frictionless does')


def _real_date(values: Any) -> Any:
    """Whether "YYYY-MM-DD..." starts with a date of the Gregorian calendar Python accepts (year 1 to 9999)."""
    import pyarrow as pa

    from toolkit.engine import kernels as pc

    def part(start: int, stop: int) -> Any:
        return pc.cast(pc.utf8_slice_codeunits(pc.fill_null(pc.if_else(pc.match_substring_regex(values, r"^[0-9]{4}-[0-9]{2}-[0-9]{2}"),
                                                                        values, "0000-00-00"), "0000-00-00"), start, stop), pa.int64())

    year, month, day = part(0, 4), part(5, 7), part(8, 10)
    leap = pc.and_(pc.equal(pc.bit_wise_and(year, 3), 0), pc.or_(pc.not_equal(pc.subtract(year, pc.multiply(pc.divide(year, 100), 100)), 0),
                                                                 pc.equal(pc.subtract(year, pc.multiply(pc.divide(year, 400), 400)), 0)))
    lengths = pc.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], pa.int64())
    longest = pc.add(pc.take(lengths, pc.if_else(pc.and_(pc.greater_equal(month, 1), pc.less_equal(month, 12)), month, 0)),
                     pc.cast(pc.and_(leap, pc.equal(month, 2)), pa.int64()))
    return pc.and_(pc.and_(pc.greater_equal(year, 1), pc.greater_equal(day, 1)), pc.less_equal(day, longest))


def _clock(values: Any) -> Any:
    """Whether "HH:MM:SS" is a time of day every reader accepts (hour below 24, minute and second below 60)."""
    import pyarrow as pa

    from toolkit.engine import kernels as pc

    safe = pc.fill_null(pc.if_else(pc.match_substring_regex(values, r"^[0-9]{2}:[0-9]{2}:[0-9]{2}$"), values, "99:99:99"), "99:99:99")
    hour, minute, second = (pc.cast(pc.utf8_slice_codeunits(safe, i, i + 2), pa.int64()) for i in (0, 3, 6))
    return pc.and_(pc.and_(pc.less(hour, 24), pc.less(minute, 60)), pc.less(second, 60))
