"""The `toolkit` command line: parse options, call the library, render the result.

Nothing here decides anything about data; every command is a few lines over
an importable function, so the behaviour is tested without the CLI.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

T = TypeVar("T")
app = typer.Typer(add_completion=False, no_args_is_help=True)


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


@app.callback()
def main(
    ctx: typer.Context,
    debug: Annotated[bool, typer.Option("--debug", help="Show the full traceback of an unexpected error.")] = False,
) -> None:
    """Validate and release the tech-ice-coverage dataset."""
    from toolkit.runtime import tune_for_bursts

    tune_for_bursts()
    ctx.obj = debug


def _descriptor(path: Path) -> Path:
    """A directory without a descriptor is a usage error (exit 2), not invalid data."""
    if path.is_dir() and not (path / "datapackage.json").is_file():
        raise typer.BadParameter(f"{path} holds no datapackage.json; give a datapackage.json or the directory that holds one")
    return path


@app.command()
def validate(
    ctx: typer.Context,
    package: Annotated[Path, typer.Argument(help="A datapackage.json, or the directory holding it.", exists=True,
                                            callback=_descriptor)] = Path("datapackage.json"),
    output_format: Annotated[OutputFormat, typer.Option("--format", help="text, json, or github annotations.")] = OutputFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")] = False,
) -> None:
    """Check the package's schema and the dataset's integrity rules; exit 1 if it is invalid."""
    from toolkit import render
    from toolkit.validate import validate as run

    report = _guarded(ctx, lambda: run(package))
    if output_format.value == "json":
        for chunk in render.json_lines(report, strict):
            sys.stdout.write(chunk)
        sys.stdout.write("\n")
    else:
        typer.echo({"text": render.as_text, "github": render.as_github}[output_format.value](report, strict))
    raise typer.Exit(0 if report.valid(strict) else 1)


@app.command("fmt")
def format_tables(
    ctx: typer.Context,
    package: Annotated[Path, typer.Argument(help="A datapackage.json, or the directory holding it.", exists=True)] = Path("datapackage.json"),
    check: Annotated[bool, typer.Option("--check", help="List the tables not in canonical form and exit 1; write nothing.")] = False,
) -> None:
    """Rewrite the tables in canonical form: sorted by primary key, NFC, minimal quoting, LF."""
    from toolkit import render
    from toolkit.edit.fmt import fmt
    from toolkit.problems import Report

    outcome = _guarded(ctx, lambda: fmt(package, check))
    for file in outcome.changed:
        typer.echo(f"{'would reformat' if check else 'reformatted'} {file}")
    if outcome.problems:
        typer.echo(render.as_text(Report(package.as_posix(), tuple(outcome.problems))))
    raise typer.Exit(1 if outcome.problems or (check and outcome.changed) else 0)


add_app = typer.Typer(no_args_is_help=True, help="Add records to the dataset.")
app.add_typer(add_app, name="add")


class EditFormat(StrEnum):
    text = "text"
    json = "json"


@add_app.command("article")
def add_article(
    ctx: typer.Context,
    text: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="The article's text, UTF-8, exactly as found.")],
    article_id: Annotated[str, typer.Option("--id", help="Slug for the article and its source file.")],
    title: Annotated[str, typer.Option(help="Headline as printed; empty if none.")] = "",
    outlet: Annotated[str, typer.Option(help="Entity id of the outlet the text names.")] = "",
    copy_kind: Annotated[str, typer.Option(help="original, syndicated, aggregator copy, machine rewrite or unknown.")] = "unknown",
    language: Annotated[str, typer.Option(help="BCP 47 language tag.")] = "en",
    notes: Annotated[str, typer.Option(help="What the text shows about its origin and date.")] = "",
    write: Annotated[bool, typer.Option("--write", help="Write the text, the article row and the proposed mentions.")] = False,
    package: Annotated[Path, typer.Option("--package", exists=True)] = Path("datapackage.json"),
    output_format: Annotated[EditFormat, typer.Option("--format", help="text or json.")] = EditFormat.text,
) -> None:
    """Check a new article's text and row and propose its mentions; with --write, store all of them at once."""
    from toolkit.edit.add import add_article as run

    fields = {"title": title, "outlet_id": outlet, "copy_kind": copy_kind, "language": language, "notes": notes}
    _show_change(ctx, _guarded(ctx, lambda: run(package, text, article_id, fields, write)), output_format)


def _show_change(ctx: typer.Context, result: Any, output_format: EditFormat) -> None:
    """Print what an add command did or would do; exit 1 if the change was refused."""
    import json

    from toolkit.edit.changes import as_text

    if output_format.value == "json":
        typer.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        typer.echo(as_text(result, _command_line(ctx, "--write")))
    raise typer.Exit(1 if result.refused else 0)


def _command_line(ctx: typer.Context, *extra: str) -> str:
    """The command as the user gave it (defaults left out), plus `extra`: the exact command to run next."""
    import shlex

    words = ["toolkit", *ctx.command_path.split()[1:]]
    for param in ctx.command.params:
        value = ctx.params.get(param.name or "")
        if param.param_type_name == "argument":
            words.append(str(value))
        elif value not in (None, False) and value != param.default:
            words += [param.opts[0]] if getattr(param, "is_flag", False) else [param.opts[0], str(value)]
    return shlex.join([*words, *extra])


class BumpChoice(StrEnum):
    major = "major"
    minor = "minor"
    patch = "patch"


@app.command()
def release(
    ctx: typer.Context,
    version: Annotated[str | None, typer.Argument(help="The new version, e.g. 1.2.0 or v1.2.0.")] = None,
    bump: Annotated[BumpChoice | None, typer.Option("--bump", help="Derive the version from the last one in the changelog.")] = None,
    package: Annotated[Path, typer.Option("--package", exists=True, help="The package to release.")] = Path("datapackage.json"),
    dist: Annotated[Path, typer.Option("--dist", help="Where releases are written.")] = Path("dist"),
    changelog: Annotated[Path, typer.Option("--changelog", help="The changelog to read and extend.")] = Path("CHANGELOG.md"),
    previous: Annotated[str | None, typer.Option("--previous", help="The previous release (directory, zip or git revision), "
                                                 "if not found by its tag or changelog commit.")] = None,
    with_sources: Annotated[bool, typer.Option("--with-sources", help="Include the full source texts (their publishers').")] = False,
    force: Annotated[bool, typer.Option("--force", help="Allow a smaller bump than the changes call for.")] = False,
    allow_dirty: Annotated[bool, typer.Option("--allow-dirty", help="Build from uncommitted changes (the release says so).")] = False,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Rebuild VERSION from its commit into a scratch directory and "
                                          "compare it with the checksums recorded when it was cut.")] = False,
) -> None:
    """Validate, then build dist/<name>-<VERSION>/ and its zip, and add the version to the changelog."""
    if rebuild:
        from toolkit.publish.rebuild import as_text, rebuild as run_rebuild

        if version is None or bump is not None:
            raise typer.BadParameter("--rebuild needs the VERSION to rebuild")
        outcome = _guarded(ctx, lambda: run_rebuild(package, version, changelog))
        typer.echo(as_text(outcome))
        raise typer.Exit(0 if outcome.reproduced() else 1)
    from toolkit.publish.release import publish

    if (version is None) == (bump is None):
        raise typer.BadParameter("give either VERSION or --bump, not both or neither")
    done = _guarded(ctx, lambda: publish(package, version, bump.value if bump else None, dist, changelog, previous,
                                         with_sources, force, allow_dirty))
    for name in done.completed:
        typer.echo(f"completed the release {name}, which was interrupted earlier")
    if done.delta is not None:
        typer.echo(f"the changes since the previous release call for a {done.delta.bump() or 'no'} version bump")
    typer.echo(f"released {done.version}: {done.target} and {done.target}.zip")


@app.command()
def diff(
    ctx: typer.Context,
    old: Annotated[str, typer.Argument(help="The older package: datapackage.json, release directory or zip, or a git revision (v1.0.0).")],
    new: Annotated[str, typer.Argument(help="The newer package, likewise.")],
    output_format: Annotated[OutputFormat, typer.Option("--format", help="text or json.")] = OutputFormat.text,
) -> None:
    """Rows added, removed and changed per table, and schema changes, keyed by primary key."""
    import json

    from toolkit.publish import diff as differ

    delta = _guarded(ctx, lambda: differ.diff(old, new))
    typer.echo(json.dumps(delta.to_dict(), indent=2, ensure_ascii=False) if output_format.value == "json" else differ.as_text(delta))


def _guarded(ctx: typer.Context, work: Callable[[], T]) -> T:
    """Run library work and turn what it raises into a message and an exit code.

    Problems with the data or the request exit 1 with what to do; an unexpected error is one line,
    unless --debug asks for the traceback.
    """
    from toolkit.problems import Fatal, UserError

    try:
        return work()
    except Fatal as fatal:
        from toolkit.render import visible

        typer.echo(visible(f"{fatal.problem.file}: {fatal.problem.message}"), err=True)
        raise typer.Exit(1) from None
    except UserError as error:
        if error.report is not None:
            from toolkit import render

            typer.echo(render.as_text(error.report))
        command = " ".join(["toolkit", *ctx.command_path.split()[1:]])  # the same however the program is called
        typer.echo(f"{command}: {error}", err=True)
        raise typer.Exit(1) from None
    except OSError as error:  # a disk or permission failure: the writes are atomic, so no file is half-written
        typer.echo(f"toolkit: {error}", err=True)
        raise typer.Exit(1) from None
    except Exception as error:  # the edge where internal errors become a message
        if ctx.obj:
            raise
        typer.echo(f"toolkit: internal error: {type(error).__name__}: {error}. Rerun with --debug for the traceback.", err=True)
        raise typer.Exit(3) from None
