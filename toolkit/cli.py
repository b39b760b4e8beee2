"""The `toolkit` command line: parse options, call the library, render the result.

Nothing here decides anything about data; every command is a few lines over
an importable function, so the behaviour is tested without the CLI.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True)


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


@app.callback()
def main(
    ctx: typer.Context,
    debug: Annotated[bool, typer.Option("--debug", help="Show the full traceback of an unexpected error.")] = False,
) -> None:
    """Validate and release the tech-ice-coverage dataset."""
    ctx.obj = debug


@app.command()
def validate(
    ctx: typer.Context,
    package: Annotated[Path, typer.Argument(help="A datapackage.json, or the directory holding it.", exists=True)] = Path("datapackage.json"),
    output_format: Annotated[OutputFormat, typer.Option("--format", help="text, json, or github annotations.")] = OutputFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")] = False,
) -> None:
    """Check the package's schema and the dataset's integrity rules; exit 1 if it is invalid."""
    from toolkit import render
    from toolkit.validate import validate as run

    report = _guarded(ctx, lambda: run(package))
    renderer = {"text": render.as_text, "json": render.as_json, "github": render.as_github}[output_format.value]
    typer.echo(renderer(report, strict))
    raise typer.Exit(0 if report.valid(strict) else 1)


def _guarded(ctx: typer.Context, work):  # type: ignore[no-untyped-def]
    """Run library work; an unexpected error becomes one line, unless --debug asks for the traceback."""
    try:
        return work()
    except Exception as error:  # noqa: BLE001 - the edge where internal errors become a message
        if ctx.obj:
            raise
        typer.echo(f"toolkit: internal error: {type(error).__name__}: {error}. Rerun with --debug for the traceback.", err=True)
        raise typer.Exit(3) from None
