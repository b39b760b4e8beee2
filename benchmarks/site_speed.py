"""Benchmark: `toolkit site` on the bundled dataset, beside what every run pays and what validating alone costs.

Each command runs in fresh processes, as a user runs it: a bare Python start
(what any command pays), `toolkit --help` (the command line's own start),
`toolkit validate` and stock `frictionless validate` on the same package, and
`toolkit site`, first with an empty cache of compiled templates (a first
build), then as it usually runs. One untimed warm-up run of each, then the
median and the fastest of the timed runs.

    python benchmarks/site_speed.py        # 11 timed runs of each
    python benchmarks/site_speed.py 25

It is a script, not a test: timings depend on the machine.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PACKAGE = str(ROOT / "datapackage.json")


def seconds(command: list[str], runs: int, environment: dict[str, str] | None = None) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=environment)
        times.append(time.perf_counter() - start)
    return times


def main(runs: int) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        site = [str(BIN / "toolkit"), "site", PACKAGE, "--out", str(Path(scratch) / "site")]
        cold = []
        for run in range(runs):  # each with a cache directory of its own, empty
            fresh = Path(scratch) / f"tmp-{run}"
            fresh.mkdir()
            cold += seconds(site, 1, {**os.environ, "TMPDIR": str(fresh)})
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "toolkit --help": [str(BIN / "toolkit"), "--help"],
            "toolkit validate": [str(BIN / "toolkit"), "validate", PACKAGE],
            "frictionless validate": [str(BIN / "frictionless"), "validate", PACKAGE],
            "toolkit site": site,
        }
        timed = {}
        for name, command in commands.items():
            seconds(command, 1)
            timed[name] = seconds(command, runs)
        timed["toolkit site, first build"] = cold
    print(f"{'command (bundled dataset)':<28} {'median':>8} {'fastest':>8}   {runs} runs each, fresh processes")
    for name, times in timed.items():
        print(f"{name:<28} {statistics.median(times):>7.3f}s {min(times):>7.3f}s")
    site_median = statistics.median(timed["toolkit site"])
    print(f"toolkit site takes {site_median / statistics.median(timed['frictionless validate']):.2f}x frictionless validate "
          f"and {site_median / statistics.median(timed['toolkit validate']):.2f}x toolkit validate")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 11)
