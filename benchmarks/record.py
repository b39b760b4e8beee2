"""What the benchmarks measured, kept with where it was measured, and the README's figures written from it.

Timings cannot be checked in CI, but where the README's figures come from can.
Each benchmark saves its figures in benchmarks/results/NAME.json with the
date, the commit, the machine and the versions that ran, then rewrites the
README's blocks between `<!-- measured: NAME -->` and `<!-- /measured -->`
from that record. tests/benchmarks/test_record.py holds the README to the
records: a figure is never typed by hand, and a new run leaves none behind.
"""

from __future__ import annotations

import json
import os
import platform
import re
import statistics
import subprocess
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

from toolkit.atomic import write_bytes
from toolkit.markdown import cell, table

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
README = ROOT / "README.md"
MARKER = re.compile(r"(<!-- measured: ([\w-]+) -->)(.*?)(<!-- /measured -->)", re.DOTALL)
Record = dict[str, Any]
# As on a user's machine, the commands timed may cache their compiled modules (some sandboxes switch that off).
ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def provenance() -> dict[str, str]:
    """When, on what and with what a run measures, taken as it begins (a later edit would not be what ran)."""
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False).stdout.strip()
    changed = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", ".", ":!README.md", ":!benchmarks/results"],
                             cwd=ROOT, capture_output=True, text=True, check=False).stdout  # what the benchmarks write is not what runs
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": f"{head or 'unknown'}{' with uncommitted changes' if changed.strip() else ''}",
        "machine": f"{os.cpu_count()} CPUs ({platform.machine()}), {platform.system()}",
        "versions": ", ".join(f"{name} {version(name)}" for name in ("frictionless", "pyarrow", "pydantic", "jinja2"))
        + f", Python {platform.python_version()}",
    }


def save(name: str, source: dict[str, str], figures: Record) -> None:
    """Keep a run's figures with their provenance (taken as the run began), and write the README's blocks from every record."""
    RESULTS.mkdir(exist_ok=True)
    write_bytes(RESULTS / f"{name}.json", (json.dumps({"provenance": source, **figures}, indent=1) + "\n").encode("utf-8"))
    write_bytes(README, filled(README.read_text(encoding="utf-8")).encode("utf-8"))
    print(f"saved in {RESULTS / f'{name}.json'}; {README}'s measured figures rewritten from it")


def load(name: str) -> Record:
    record: Record = json.loads((RESULTS / f"{name}.json").read_text(encoding="utf-8"))
    return record


def filled(document: str) -> str:
    """The document with each measured block written from its record; a block with no record is an error."""
    blocks = {"validate-corpus": ("validate_speed", validate_corpus), "validate-synthetic": ("validate_speed", validate_synthetic),
              "site-speed": ("site_speed", site_speed)}  # block -> the record it is written from, and how

    def block(match: re.Match[str]) -> str:
        if match[2] not in blocks:
            raise KeyError(f"a measured block is named {match[2]!r}; the blocks are {', '.join(sorted(blocks))}")
        name, render = blocks[match[2]]
        return f"{match[1]}\n{render(load(name))}\n{match[4]}"

    return MARKER.sub(block, document)


def measured_on(record: Record) -> str:
    source = record["provenance"]
    return (f"Measured {source['date']} on commit {source['commit']}; {source['machine']}; "
            f"{source['versions']}.")


def validate_corpus(record: Record) -> str:
    rows, ratios = [], []
    for found in record["corpus"]:
        timed = min(found["toolkit_ms"], found["frictionless_ms"]) >= 1  # below a millisecond a ratio means nothing
        if timed:
            ratios.append(found["frictionless_ms"] / found["toolkit_ms"])
        rows.append([cell(found["package"]), str(found["tables"]), str(found["fast"]), "valid" if found["valid"] else "invalid",
                     "yes" if found["same"] else "**no**", f"{found['toolkit_ms']:.0f} ms", f"{found['frictionless_ms']:.0f} ms",
                     f"{found['frictionless_ms'] / found['toolkit_ms']:.1f}x" if timed else "-"])
    whole = sum(0 < found["fast"] == found["tables"] for found in record["corpus"])
    some = sum(0 < found["fast"] < found["tables"] for found in record["corpus"])
    header = ["published package", "tables", "on the fast path", "verdict", "same as frictionless", "toolkit", "frictionless", "ratio"]
    summary = (f"Every table takes the fast path in {whole} of the {len(record['corpus'])} packages, some of their tables in {some}. "
               f"The ratio (frictionless's time over the toolkit's; - where either took under a millisecond) has a median of "
               f"{statistics.median(ratios):.1f}x, from {min(ratios):.1f}x to {max(ratios):.1f}x. {measured_on(record)}")
    return "\n".join([table(header, rows, frozenset({1, 2, 5, 6, 7})), "", summary])


def validate_synthetic(record: Record) -> str:
    rows = [[f"{found['rows']:,}", f"{found['toolkit_s']:.2f} s", f"{found['frictionless_s']:.2f} s",
             f"{found['frictionless_s'] / found['toolkit_s']:.1f}x", f"{found['toolkit_mb']:.0f} / {found['frictionless_mb']:.0f} MB",
             "yes" if found["same"] else "**no**"] for found in record["synthetic"]]
    header = ["rows", "toolkit", "frictionless", "ratio", "peak memory (toolkit / frictionless)", "same problems"]
    return "\n".join([table(header, rows, frozenset({0, 1, 2, 3, 4})), "", measured_on(record)])


def site_speed(record: Record) -> str:
    commands = record["commands"]
    rows = [[f"`{name}`", f"{times['median']:.2f} s", f"{times['fastest']:.2f} s", times.get("what", "")] for name, times in commands.items()]
    site = commands["toolkit site"]["median"]
    summary = (f"{record['runs']} runs of each in fresh processes, after one untimed run. `toolkit site` takes "
               f"{site / commands['frictionless validate']['median']:.2f}x the time of `frictionless validate` and "
               f"{site / commands['toolkit validate']['median']:.2f}x that of `toolkit validate`. {measured_on(record)}")
    return "\n".join([table(["command, on the bundled dataset", "median", "fastest", "what it shows"], rows, frozenset({1, 2})), "", summary])


def summary(times: list[float], what: str) -> dict[str, Any]:
    return {"median": round(statistics.median(times), 4), "fastest": round(min(times), 4), "what": what}
