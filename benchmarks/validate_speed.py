"""Benchmark: `toolkit validate` against stock `frictionless validate`, on published packages and synthetic ones.

First the real corpus (tests/fixtures/real/, packages others published): for
each, how many of its tables take the fast path, the best of three times of
each tool in one process (the packages are small: in a fresh process start-up
would be all there is to time), the ratio, and whether the verdicts agree.

Then it generates packages with this dataset's Table Schemas (entities, facts, mentions
and claims, with their primary and foreign keys; the references to articles
are left out so the package stands alone) at several sizes, plants a few
errors of each kind, then runs both validators in fresh processes in the same
run (one untimed warm-up run of each, then three timed runs of each) and
prints the median wall time, rows per second, peak memory (max RSS), the
ratio, and whether both found the same problems (same rows, fields, kinds).
The resources declare no encoding, as most published packages: both tools
detect it (frictionless with chardet, and the toolkit as frictionless does).

    python benchmarks/validate_speed.py              # 10k, 100k and 1M rows
    python benchmarks/validate_speed.py 10000 50000  # other sizes

The figures are saved in benchmarks/results/validate_speed.json and written
into README.md (record.py).

It is a script, not a test: timings depend on the machine.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

import record

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SHARE = {"entities": 0.05, "facts": 0.01, "mentions": 0.54, "claims": 0.40}
MEASURE = (
    "import json, resource, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "print(json.dumps({'seconds': time.perf_counter() - start, 'rss_kb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,"
    " 'code': done.returncode, 'out': done.stdout}))\n"
)


def schema(name: str) -> dict:  # type: ignore[type-arg]
    descriptor = json.loads((ROOT / "schema" / f"{name}.json").read_text(encoding="utf-8"))
    descriptor["foreignKeys"] = [fk for fk in descriptor.get("foreignKeys", []) if fk["reference"]["resource"] in SHARE]
    return descriptor


def generate(root: Path, total: int, seed: int = 7) -> tuple[int, dict[str, set[tuple[int, str, str]]]]:
    """Write the package; return its number of rows and the planted problems as (row number, field, kind) per table."""
    rng = random.Random(seed)
    sizes = {name: max(2, int(total * share)) for name, share in SHARE.items()}
    planted: dict[str, set[tuple[int, str, str]]] = {name: set() for name in SHARE}
    entity_ids = [f"entity-{i}" for i in range(sizes["entities"])]
    fact_ids = [f"fact-{i}" for i in range(sizes["facts"])]
    kinds = ["person", "organization", "location", "event", "product", "work"]
    # Rows by field name: a field the schema gains later is left empty, so the generator follows the schemas.
    tables: dict[str, list[dict[str, str]]] = {
        "entities": [{"entity_id": e, "name": f"Name {i}", "entity_type": rng.choice(kinds), "wikidata": f"Q{i + 1}" if i % 3 else "",
                      "description": f"Entity number {i}."} for i, e in enumerate(entity_ids)],
        "facts": [{"fact_id": f, "question": f"Question {i}?", "answer_kind": "quantity"} for i, f in enumerate(fact_ids)],
        "mentions": [{"article_id": f"article-{i // 50}", "start": str((i % 50) * 20), "end": str((i % 50) * 20 + 7), "text": "Surface",
                      "entity_id": rng.choice(entity_ids), "form": rng.choice(["canonical", "variant", "garbled"])}
                     for i in range(sizes["mentions"])],
        "claims": [{"claim_id": f"claim-{i}", "article_id": f"article-{i // 40}", "claim_type": "quantity", "start": str(i % 900),
                    "end": str(i % 900 + 30), "text": "More than 450 workers", "paraphrase": "More than 450 workers signed.",
                    "subject_id": rng.choice(entity_ids), "value": "450", "unit": "people", "qualifier": "more than",
                    "fact_id": rng.choice(fact_ids)} for i in range(sizes["claims"])],
    }
    # A few planted errors of each kind, so that both tools have something to find.
    for n in range(5):
        row = rng.randrange(len(tables["mentions"]))
        tables["mentions"][row]["entity_id"] = f"missing-{n}"
        planted["mentions"].add((row + 2, "entity_id", "foreign-key"))
        row = rng.randrange(len(tables["claims"]))
        tables["claims"][row]["start"] = "three"
        planted["claims"].add((row + 2, "start", "type-error"))
        row = rng.randrange(len(tables["entities"]))
        tables["entities"][row]["entity_type"] = "animal"
        planted["entities"].add((row + 2, "entity_type", "constraint-error"))
    root.mkdir(parents=True, exist_ok=True)
    resources = []
    for name, rows in tables.items():
        with (root / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            names = [f["name"] for f in schema(name)["fields"]]
            writer.writerow(names)
            writer.writerows([row.get(field, "") for field in names] for row in rows)
        resources.append({"name": name, "path": f"{name}.csv", "format": "csv", "schema": schema(name)})
    (root / "datapackage.json").write_text(json.dumps({"name": "benchmark", "resources": resources}), encoding="utf-8")
    return sum(sizes.values()), planted


def measure(command: list[str]) -> dict:  # type: ignore[type-arg]
    done = subprocess.run([sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, check=True, env=record.ENVIRONMENT)
    return json.loads(done.stdout)


def median_run(command: list[str], runs: int = 3) -> dict:  # type: ignore[type-arg]
    """The run with the median time, of a few; peak memory is the largest seen."""
    done = sorted((measure(command) for _ in range(runs)), key=lambda run: run["seconds"])
    return {**done[len(done) // 2], "rss_kb": max(run["rss_kb"] for run in done)}


def warm_up() -> None:
    """One untimed run of each tool on a small package, so that neither pays for first-run caches."""
    with tempfile.TemporaryDirectory() as scratch:
        generate(Path(scratch), 1_000)
        for command in ([str(BIN / "toolkit"), "validate"], [str(BIN / "frictionless"), "validate"]):
            measure([*command, str(Path(scratch) / "datapackage.json")])


def found_by_toolkit(output: str) -> set[tuple[str, int, str, str]]:
    report = json.loads(output)
    return {(Path(p["file"]).stem, p["line"], (p["field"] or "").split(",")[0], p["code"]) for p in report["problems"]}


def found_by_frictionless(output: str) -> set[tuple[str, int, str, str]]:
    report = json.loads(output)
    return {(task["name"], error.get("rowNumber"), (error.get("fieldName") or ",".join(error.get("fieldNames", []))).split(",")[0],
             error["type"]) for task in report["tasks"] for error in task["errors"]}


def real_corpus() -> list[dict]:  # type: ignore[type-arg]
    """Which tables of the published packages take the fast path, and how fast each tool validates them."""
    spec = importlib.util.spec_from_file_location("corpus", ROOT / "tests" / "fixtures" / "real" / "corpus.py")
    assert spec is not None and spec.loader is not None
    corpus = importlib.util.module_from_spec(spec)
    sys.modules["corpus"] = corpus
    spec.loader.exec_module(corpus)
    print(f"{'published package':<58} {'tables':>6} {'fast':>5} {'toolkit':>8} {'frictl.':>8} {'ratio':>6}  same verdict")
    results = []
    for package in corpus.packages():
        found = corpus.measure(package)
        same = found["toolkit_valid"] == found["frictionless_valid"]
        fast = len(found["resources"]) - len(found["declined"]) if same else 0  # refused early: nothing was read fast
        results.append({"package": package.name, "tables": len(found["resources"]), "fast": fast, "valid": found["frictionless_valid"],
                        "same": same, "toolkit_ms": round(found["toolkit_seconds"] * 1000, 2),
                        "frictionless_ms": round(found["frictionless_seconds"] * 1000, 2)})
        print(f"{package.name:<58} {len(found['resources']):>6} {fast:>5} {found['toolkit_seconds'] * 1000:>6.0f}ms "
              f"{found['frictionless_seconds'] * 1000:>6.0f}ms {found['frictionless_seconds'] / found['toolkit_seconds']:>5.1f}x  "
              f"{'yes' if same else 'NO'}")
    return results


def synthetic(sizes: list[int]) -> list[dict]:  # type: ignore[type-arg]
    warm_up()
    print(f"\n{'rows':>9} {'tool':<13} {'seconds':>8} {'rows/s':>11} {'peak MB':>8} {'ratio':>7}  same problems")
    results = []
    for total in sizes:
        with tempfile.TemporaryDirectory() as scratch:
            rows, planted = generate(Path(scratch), total)
            package = str(Path(scratch) / "datapackage.json")
            ours = median_run([str(BIN / "toolkit"), "validate", package, "--format", "json"])
            theirs = median_run([str(BIN / "frictionless"), "validate", package, "--json"])
            mine, reference = found_by_toolkit(ours["out"]), found_by_frictionless(theirs["out"])
            expected = {(t, r, f, k) for t, found in planted.items() for r, f, k in found}
            same = "yes" if mine == reference == expected else f"NO (toolkit {len(mine)}, frictionless {len(reference)}, planted {len(expected)})"
            ratio = theirs["seconds"] / ours["seconds"]
            for tool, run, extra in (("toolkit", ours, f"{ratio:6.1f}x"), ("frictionless", theirs, "")):
                print(f"{rows:>9,} {tool:<13} {run['seconds']:>8.2f} {rows / run['seconds']:>11,.0f} "
                      f"{run['rss_kb'] / 1024:>8.0f} {extra:>7}  {same if tool == 'toolkit' else ''}")
            results.append({"rows": rows, "toolkit_s": round(ours["seconds"], 3), "frictionless_s": round(theirs["seconds"], 3),
                            "toolkit_mb": round(ours["rss_kb"] / 1024, 1), "frictionless_mb": round(theirs["rss_kb"] / 1024, 1),
                            "same": same == "yes"})
    return results


def main(sizes: list[int]) -> None:
    source = record.provenance()
    record.save("validate_speed", source, {"corpus": real_corpus(), "synthetic": synthetic(sizes)})


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 100_000, 1_000_000])
