"""Benchmark: `toolkit site` on the bundled dataset, beside what every run pays and what validating alone costs.

Each command runs in fresh processes, as a user runs it: a bare Python start
(what any command pays), `toolkit --help` (the command line's own start),
loading the libraries a site build uses without running anything,
`toolkit validate` and stock `frictionless validate` on the same package, and
`toolkit site`. Its templates ship compiled (toolkit/publish/site/loader.py),
so a first build costs what any other does. One untimed warm-up run of each,
then the commands in turn, run after run; the median and the fastest of the
timed runs. The figures are saved in benchmarks/results/site_speed.json and
written into README.md (record.py).

    python benchmarks/site_speed.py        # 11 timed runs of each
    python benchmarks/site_speed.py 25

It is a script, not a test: timings depend on the machine.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import record

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PACKAGE = str(ROOT / "datapackage.json")


def seconds(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=record.ENVIRONMENT)
    return time.perf_counter() - start


# Everything a site build loads, numpy hidden as the command line hides it, and nothing run: what is left of
# a build's time is the work itself.
LIBRARIES = ("from toolkit.runtime import hide_numpy; hide_numpy(); "
             "import toolkit.cli, toolkit.publish.site.build, toolkit.engine.fast, toolkit.engine.kernels")


def main(runs: int) -> None:
    source = record.provenance()
    with tempfile.TemporaryDirectory() as scratch:
        site = ["site", PACKAGE, "--out", str(Path(scratch) / "site")]
        commands = {
            "python -c pass": ([sys.executable, "-c", "pass"], "starting Python, as any command does"),
            "toolkit --help": ([str(BIN / "toolkit"), "--help"], "the command line's own start"),
            "python -c 'import …'": ([sys.executable, "-c", LIBRARIES], "loading every library a site build uses, running nothing"),
            "toolkit validate": ([str(BIN / "toolkit"), "validate", PACKAGE], "validating the bundled dataset"),
            "frictionless validate": ([str(BIN / "frictionless"), "validate", PACKAGE], "stock frictionless on the same package"),
            "toolkit site": ([str(BIN / "toolkit"), *site], "validating, then building and writing the site"),
        }
        for command, _ in commands.values():  # one untimed run each: files cached, bytecode written
            seconds(command)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):  # in turn, so a machine that slows down meanwhile slows every command alike
            for name, (command, _) in commands.items():
                times[name].append(seconds(command))
    timed = {name: record.summary(times[name], what) for name, (_, what) in commands.items()}
    print(f"{'command (bundled dataset)':<28} {'median':>8} {'fastest':>8}   {runs} runs each, fresh processes")
    for name, figures in timed.items():
        print(f"{name:<28} {figures['median']:>7.3f}s {figures['fastest']:>7.3f}s")
    record.save("site_speed", source, {"runs": runs, "commands": timed})


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 11)
