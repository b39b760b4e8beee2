"""The `toolkit` command line: parse options, call the library, render the result.

Nothing here decides anything about data; every command is a few lines over
an importable function, so the behaviour is tested without the CLI.

Its annotations are objects, not strings (no `from __future__ import
annotations`): typer reads every command's annotations on each start, and
strings would be compiled again each time, a sixth of `toolkit --help`.
"""

import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar, cast

import typer

if TYPE_CHECKING:
    from toolkit.edit.changes import Result
    from toolkit.publish.diff import Bump

T = TypeVar("T")
app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None)  # plain help: rich costs half of start-up


OutputFormat = StrEnum("OutputFormat", ["text", "json", "github", "markdown"])


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
    from toolkit.engine.package import descriptor_in

    if path.is_dir() and not descriptor_in(path).is_file():
        raise typer.BadParameter(f"{path} holds no datapackage.json (nor datapackage.yaml); give a descriptor or the directory that holds one")
    return path


@app.command()
def validate(
    ctx: typer.Context,
    package: Annotated[Path, typer.Argument(help="A datapackage.json (or .yaml), or the directory holding it.",
                                            exists=True, callback=_descriptor)] = Path("datapackage.json"),
    output_format: Annotated[OutputFormat, typer.Option("--format", help="text, json, github annotations (the first 10 errors and warnings), or markdown.")] = OutputFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")] = False,
    explain: Annotated[bool, typer.Option("--explain", help="Say on stderr how each table is checked: fast path, or frictionless and why.")] = False,
) -> None:
    """Check the schema and the dataset's integrity rules.

    Every problem in one run, each with its code and place; exit 1 if the package is invalid (with --strict, if it
    has warnings).
    """
    from toolkit import render
    from toolkit.validate import validate as run

    if explain:
        from toolkit.engine.route import explain as routes

        typer.echo("\n".join(_guarded(ctx, lambda: routes(package))), err=True)
    report = _guarded(ctx, lambda: run(package))
    if output_format is OutputFormat.json:  # streamed, one problem per line
        sys.stdout.writelines([*render.json_lines(report, strict), "\n"])
    else:
        typer.echo(render.RENDERERS[output_format.value](report, strict))
    raise typer.Exit(0 if report.valid(strict) else 1)


@app.command("fmt")
def format_tables(
    ctx: typer.Context,
    package: Annotated[Path, typer.Argument(help="A datapackage.json, or the directory holding it.", exists=True)] = Path("datapackage.json"),
    check: Annotated[bool, typer.Option("--check", help="List the tables not in canonical form and exit 1; write nothing.")] = False,
) -> None:
    """Rewrite the tables in canonical form.

    Rows sorted by primary key, text in NFC, minimal quoting, LF line ends; --check lists the tables that are not
    canonical, writes nothing and exits 1.
    """
    from toolkit.edit.fmt import as_text, fmt

    outcome = _guarded(ctx, lambda: fmt(package, check))
    if outcome.changed or outcome.problems:
        typer.echo(as_text(outcome, package, check))
    raise typer.Exit(1 if outcome.problems or (check and outcome.changed) else 0)


add_app = typer.Typer(no_args_is_help=True, help="Add records, checked like validate before they are written.", rich_markup_mode=None)
app.add_typer(add_app, name="add")


EditFormat = StrEnum("EditFormat", ["text", "json"])


Package = Annotated[Path, typer.Option("--package", exists=True, metavar="PACKAGE", help="The package to add to.")]
Format = Annotated[EditFormat, typer.Option("--format", help="text or json.")]
Sets = Annotated[list[str] | None, typer.Option("--set", metavar="COLUMN=VALUE", help="COLUMN=VALUE for a column without an option of its own.")]
Occurrence = Annotated[int | None, typer.Option("--occurrence", min=1, metavar="N", help="Which occurrence of the words, counting from 1.")]
Notes = Annotated[str, typer.Option(metavar="TEXT", help="What is odd or disputed, as the text shows it.")]


@add_app.command("article")
def add_article(
    ctx: typer.Context,
    text: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="The article's text, UTF-8, exactly as found.")],
    article_id: Annotated[str, typer.Option("--id", metavar="ID", help="Slug for the article and its source file.")],
    title: Annotated[str, typer.Option(metavar="TEXT", help="Headline as printed; empty if none.")] = "",
    outlet: Annotated[str, typer.Option(metavar="ENTITY", help="Entity id of the outlet the text names.")] = "",
    copy_kind: Annotated[str, typer.Option(metavar="KIND", help="original, syndicated, aggregator copy, machine rewrite or unknown.")] = "unknown",
    language: Annotated[str, typer.Option(metavar="TAG", help="BCP 47 language tag.")] = "en",
    notes: Annotated[str, typer.Option(metavar="TEXT", help="What the text shows about its origin and date.")] = "",
    write: Annotated[bool, typer.Option("--write", help="Write the text, the article row and the proposed mentions.")] = False,
    package: Package = Path("datapackage.json"),
    output_format: Format = EditFormat.text,
) -> None:
    """Check a new article and propose its mentions.

    Shows the article row (SHA-256, length) and a mention for every known name in the text, checked like validate;
    --write stores the text and the rows in one go (see CONTRIBUTING.md).
    """
    from toolkit.edit.add import add_article as run

    fields = {"title": title, "outlet_id": outlet, "copy_kind": copy_kind, "language": language, "notes": notes}
    _show_change(ctx, output_format, lambda: run(package, text, article_id, fields, write))


@add_app.command("mention")
def add_mention(
    ctx: typer.Context,
    article: Annotated[str, typer.Argument(help="The article's id.")],
    words: Annotated[str, typer.Argument(help="The name exactly as the text writes it.")],
    entity: Annotated[str, typer.Argument(help="The id of the entity it names.")],
    form: Annotated[str | None, typer.Option(metavar="FORM", help="canonical, variant or garbled (guessed when the words are the entity's name).")] = None,
    occurrence: Occurrence = None,
    every: Annotated[bool, typer.Option("--all", help="One mention per occurrence not yet recorded.")] = False,
    notes: Notes = "",
    sets: Sets = None,
    package: Package = Path("datapackage.json"),
    output_format: Format = EditFormat.text,
) -> None:
    """Add a mention by quoting the words that name an entity.

    The offsets are computed; words that occur more than once need --occurrence or --all, and words not in the text
    get the closest passages that are.
    """
    from toolkit.edit.records import add_mention as run
    from toolkit.edit.records import columns

    _show_change(ctx, output_format, lambda: run(package, article, words, entity, columns(sets, form=form, notes=notes), occurrence,
                                                 every))


@add_app.command("claim")
def add_claim(
    ctx: typer.Context,
    article: Annotated[str, typer.Argument(help="The article's id.")],
    words: Annotated[str, typer.Argument(help="The claim's span, exactly as the text writes it.")],
    claim_id: Annotated[str, typer.Option("--id", metavar="ID", help="A slug for the claim.")],
    claim_type: Annotated[str, typer.Option("--type", metavar="TYPE", help="quantity, quote, event or role.")],
    paraphrase: Annotated[str, typer.Option(metavar="TEXT", help="The claim as one plain, self-contained sentence.")],
    subject: Annotated[str, typer.Option(metavar="ENTITY", help="Id of the entity the claim is about.")] = "",
    speaker: Annotated[str, typer.Option(metavar="ENTITY", help="For quotes: id of the person or organization speaking.")] = "",
    related: Annotated[str, typer.Option("--object", metavar="ENTITY", help="The other entity the claim relates its subject to (a role's organization).")] = "",
    value: Annotated[str, typer.Option(metavar="NUMBER", help="For quantities: the number written in the span.")] = "",
    unit: Annotated[str, typer.Option(metavar="UNIT", help="For quantities: what is counted (people, USD, ...).")] = "",
    qualifier: Annotated[str, typer.Option(metavar="QUALIFIER", help="For quantities: exact, more than, at least, about, nearly, fewer than.")] = "",
    as_of: Annotated[str, typer.Option(metavar="WORDS", help="For quantities: when the figure holds, in the span's own words.")] = "",
    fact: Annotated[str, typer.Option(metavar="FACT", help="Id of the fact (question) the claim answers.")] = "",
    answers: Annotated[list[str] | None, typer.Option("--answer", metavar="ENTITY", help="For an entity (set) fact: an entity the span gives as the answer; "
                                                      "repeat for each.")] = None,
    set_extent: Annotated[str, typer.Option(metavar="EXTENT", help="For an entity-set fact: complete or partial ('such as').")] = "",
    wording: Annotated[str, typer.Option(metavar="WORDS", help="For a wording fact: the words inside the span that answer it.")] = "",
    yes_no: Annotated[str, typer.Option(metavar="yes|no", help="For a yes/no fact: yes or no.")] = "",
    fidelity: Annotated[str, typer.Option(metavar="FIDELITY", help="For quotes: faithful copy, machine rewrite or paraphrase as quote.")] = "",
    notes: Notes = "",
    occurrence: Occurrence = None,
    sets: Sets = None,
    package: Package = Path("datapackage.json"),
    output_format: Format = EditFormat.text,
) -> None:
    """Add a claim by quoting its words.

    The offsets are computed as for a mention; the claim gives its answer to its --fact with --value, --unit and
    --qualifier, --answer (rows of answer_entities.csv), --wording or --yes-no.
    """
    from toolkit.edit.records import add_claim as run
    from toolkit.edit.records import columns

    _show_change(ctx, output_format, lambda: run(package, article, words, columns(
        sets, claim_id=claim_id, claim_type=claim_type, paraphrase=paraphrase, subject_id=subject, speaker_id=speaker, object_id=related,
        value=value, unit=unit, qualifier=qualifier, as_of=as_of, set_extent=set_extent, wording=wording, yes_no=yes_no, fidelity=fidelity,
        fact_id=fact, notes=notes), occurrence, tuple(answers or ())))


@add_app.command("entity")
def add_entity(
    ctx: typer.Context,
    entity_id: Annotated[str, typer.Argument(metavar="id", help="A slug for the entity.")],
    name: Annotated[str, typer.Argument(help="Its correct canonical name.")],
    entity_type: Annotated[str, typer.Option("--type", metavar="TYPE", help="person, organization, location, event, product or work.")],
    description: Annotated[str, typer.Option(metavar="TEXT", help="One line saying who or what it is.")],
    wikidata: Annotated[str, typer.Option(metavar="QID", help="Its Wikidata ID (Q...), only if certain.")] = "",
    part_of: Annotated[str, typer.Option(metavar="ENTITY", help="Id of the entity of the same type it is part of, where certain.")] = "",
    notes: Notes = "",
    sets: Sets = None,
    package: Package = Path("datapackage.json"),
    output_format: Format = EditFormat.text,
) -> None:
    """Add an entity, then its mentions.

    A person, organization, location, event, product or work, under its correct canonical name.
    """
    from toolkit.edit.records import add_entity as run
    from toolkit.edit.records import columns

    _show_change(ctx, output_format, lambda: run(package, columns(sets, entity_id=entity_id, name=name, entity_type=entity_type,
                                                                 description=description, wikidata=wikidata, part_of=part_of,
                                                                 notes=notes)))


@add_app.command("fact")
def add_fact(
    ctx: typer.Context,
    fact_id: Annotated[str, typer.Argument(metavar="id", help="A slug for the fact.")],
    question: Annotated[str, typer.Argument(help="The question the articles answer.")],
    kind: Annotated[str, typer.Option("--kind", metavar="KIND", help="The kind of answer: quantity, entity, entity set, wording or yes/no.")],
    changes_over_time: Annotated[str, typer.Option(metavar="yes|no", help="For quantities: yes if the figure can change between articles (a running count).")] = "",
    notes: Notes = "",
    sets: Sets = None,
    package: Package = Path("datapackage.json"),
    output_format: Format = EditFormat.text,
) -> None:
    """Add a fact: a question articles answer.

    Claims of two or more articles are then grouped under it (add claim --fact), and the toolkit derives whether they
    agree; --kind says what kind of answer it asks for.
    """
    from toolkit.edit.records import add_fact as run
    from toolkit.edit.records import columns

    _show_change(ctx, output_format, lambda: run(package, columns(sets, fact_id=fact_id, question=question, answer_kind=kind,
                                                                 changes_over_time=changes_over_time, notes=notes)))


def _show_change(ctx: typer.Context, output_format: EditFormat, work: Callable[[], "Result"]) -> None:
    """Print what an add command did or would do; exit 1 if the change was refused."""
    from toolkit.edit.changes import shown

    result = _guarded(ctx, work)
    typer.echo(shown(result, output_format.value, ctx))
    raise typer.Exit(1 if result.refused else 0)


@app.command()
def docs(
    ctx: typer.Context,
    package: Annotated[Path, typer.Option("--package", exists=True, metavar="PACKAGE", help="The package the tables describe.")] = Path("datapackage.json"),
    readme: Annotated[Path, typer.Option("--readme", exists=True, dir_okay=False, metavar="FILE", help="The file with generated blocks.")] = Path("README.md"),
    check: Annotated[bool, typer.Option("--check", help="Write nothing; exit 1 if the blocks are stale.")] = False,
) -> None:
    """Write the README's generated tables.

    Counts, kinds, agreement, problem codes and this table of commands, from the data and the command line;
    --check writes nothing and exits 1 if any is stale.
    """
    from toolkit.edit.docs import as_text
    from toolkit.edit.docs import docs as run

    outcome = _guarded(ctx, lambda: run(package, readme, check))
    typer.echo(as_text(outcome, check))
    raise typer.Exit(1 if check and outcome.stale else 0)


BumpChoice = StrEnum("BumpChoice", ["major", "minor", "patch"])


@app.command()
def release(
    ctx: typer.Context,
    version: Annotated[str | None, typer.Argument(help="The new version, e.g. 1.2.0 or v1.2.0.")] = None,
    bump: Annotated[BumpChoice | None, typer.Option("--bump", help="Derive the version from the last one in the changelog.")] = None,
    package: Annotated[Path, typer.Option("--package", exists=True, metavar="PACKAGE", help="The package to release.")] = Path("datapackage.json"),
    dist: Annotated[Path, typer.Option("--dist", metavar="DIR", help="Where releases are written.")] = Path("dist"),
    changelog: Annotated[Path, typer.Option("--changelog", metavar="FILE", help="The changelog to read and extend.")] = Path("CHANGELOG.md"),
    previous: Annotated[str | None, typer.Option("--previous", metavar="RELEASE", help="The previous release (directory, zip or git revision), "
                                                 "if not found by its tag or changelog commit.")] = None,
    with_sources: Annotated[bool, typer.Option("--with-sources", help="Include the full source texts (their publishers').")] = False,
    with_site: Annotated[bool, typer.Option("--with-site", help="Include the static HTML site (see `toolkit site`) under site/.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Allow a smaller bump than the changes call for.")] = False,
    allow_dirty: Annotated[bool, typer.Option("--allow-dirty", help="Build from uncommitted changes (the release says so).")] = False,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Rebuild VERSION from its commit into a scratch directory and "
                                          "compare it with the checksums recorded when it was cut.")] = False,
) -> None:
    """Build a release and its changelog section.

    Validates, checks VERSION (or --bump) against the changes since the previous release, read from git history,
    then writes dist/<name>-<VERSION>/, its zip and the version's section of CHANGELOG.md together; --rebuild
    checks a past version against the checksums recorded when it was cut.
    """
    from toolkit.publish import rebuild as rebuilt
    from toolkit.publish import release as released

    if rebuild:
        if version is None or bump is not None:
            raise typer.BadParameter("--rebuild needs the VERSION to rebuild")
        outcome = _guarded(ctx, lambda: rebuilt.rebuild(package, version, changelog))
        typer.echo(rebuilt.as_text(outcome))
        raise typer.Exit(0 if outcome.reproduced() else 1)
    if (version is None) == (bump is None):
        raise typer.BadParameter("give either VERSION or --bump, not both or neither")
    typer.echo(released.as_text(_guarded(ctx, lambda: released.publish(package, version, cast("Bump | None", bump and bump.value), dist, changelog,
                                                                      previous, with_sources, force, allow_dirty, with_site))))


DiffFormat = StrEnum("DiffFormat", ["text", "json", "markdown"])


@app.command()
def site(
    ctx: typer.Context,
    package: Annotated[Path, typer.Argument(help="A datapackage.json, or a release directory or zip.", exists=True)] = Path("datapackage.json"),
    out: Annotated[Path, typer.Option("--out", metavar="DIR", help="Directory to write the site to; replaces only a site built before.")] = Path("dist/site"),
) -> None:
    """Build a static HTML site of the dataset.

    Each fact's answers side by side, every record highlighted in its text; from the working package, a release
    directory or a release zip (then with its files and checksums).
    """
    from toolkit.publish.site.build import as_text, build_site

    typer.echo(as_text(_guarded(ctx, lambda: build_site(package, out))))


@app.command()
def diff(
    ctx: typer.Context,
    old: Annotated[str, typer.Argument(help="The older package: datapackage.json, release directory or zip, or a git revision (v1.0.0).")],
    new: Annotated[str, typer.Argument(help="The newer package, likewise.")],
    output_format: Annotated[DiffFormat, typer.Option("--format", help="text, json, or markdown (for a pull request's summary).")] = (
        DiffFormat.text),
) -> None:
    """Compare two versions of the records.

    OLD and NEW are each a datapackage.json, a release directory or zip, or a git revision (v1.0.0, a commit).
    Rows added, removed and changed per table (in key order), schema changes, and facts whose agreement status
    changes; markdown is what CI puts in a pull request's job summary.
    """
    from toolkit.publish.diff import diff as run
    from toolkit.publish.diff import rendered

    typer.echo(rendered(_guarded(ctx, lambda: run(old, new)), output_format.value))


def _guarded(ctx: typer.Context, work: Callable[[], T]) -> T:
    """Run library work; what it raises becomes a message and an exit code (render.failure), or with --debug a traceback."""
    try:
        return work()
    except Exception as error:  # the edge where errors become messages
        from toolkit.render import failure

        shown = failure(error, " ".join(["toolkit", *ctx.command_path.split()[1:]]))
        if shown.code == 3 and ctx.obj:
            raise
        if shown.report is not None:
            typer.echo(shown.report)
        typer.echo(shown.message, err=True)
        raise typer.Exit(shown.code) from None
