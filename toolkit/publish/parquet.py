"""One Parquet file per table, each column typed from the Table Schema.

Analysts open Parquet in pandas, DuckDB, R or Spark without guessing types:
a column that is always empty is still a date or a string, an integer is an
integer. The files are written uncompressed, so their bytes depend on the
pyarrow version only (recorded in the release's build), not on a codec build.
"""

from __future__ import annotations

from typing import Any

from toolkit.rules.models import Row


def _arrow_type(spec: dict[str, Any]) -> Any:
    import pyarrow as pa

    return {"integer": pa.int64(), "number": pa.float64(), "date": pa.date32(), "boolean": pa.bool_()}.get(spec.get("type", "string"), pa.string())


def table_bytes(rows: list[Row], schema: dict[str, Any]) -> bytes:
    """The rows as a Parquet file whose columns are the schema's fields, in order, with their descriptions."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    fields = [
        pa.field(spec["name"], _arrow_type(spec), nullable=not spec.get("constraints", {}).get("required", False),
                 metadata={"description": spec.get("description", "")})
        for spec in schema["fields"]
    ]
    arrow_schema = pa.schema(fields, metadata={"description": schema.get("description", "")})
    columns = {spec["name"]: [getattr(row, spec["name"]) for row in rows] for spec in schema["fields"]}
    sink = pa.BufferOutputStream()
    pq.write_table(pa.Table.from_pydict(columns, schema=arrow_schema), sink, compression="NONE")
    return bytes(sink.getvalue())


def version() -> str:
    import pyarrow as pa

    return str(pa.__version__)
