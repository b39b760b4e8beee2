"""The README's speed figures are written from the benchmarks' records, never typed: benchmarks/record.py."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _record() -> ModuleType:
    spec = importlib.util.spec_from_file_location("record", ROOT / "benchmarks" / "record.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


record = _record()
PROVENANCE = {"date": "2026-12-03 06:00 UTC", "commit": "abc1234", "machine": "2 CPUs (x86_64), Linux",
              "versions": "frictionless 5.18.1, pyarrow 26.0.1, pydantic 2.14.4, jinja2 3.1.6, Python 3.11.7"}
MEASURED = "Measured 2026-12-03 06:00 UTC on commit abc1234; 2 CPUs (x86_64), Linux; frictionless 5.18.1, pyarrow 26.0.1, " \
           "pydantic 2.14.4, jinja2 3.1.6, Python 3.11.7."


def test_the_readme_figures_are_those_recorded() -> None:
    """A hand edit of a figure, or a run whose record was kept without its README, fails here."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = record.MARKER.findall(readme)
    assert sorted(name for _, name, _, _ in blocks) == ["site-speed", "validate-corpus", "validate-synthetic"]
    assert record.filled(readme) == readme, "README.md's measured figures differ from benchmarks/results/: run the benchmark again"


def test_the_site_figures_as_written() -> None:
    found = {"provenance": PROVENANCE, "runs": 15, "commands": {
        "python -c pass": {"median": 0.033, "fastest": 0.028, "what": "starting Python"},
        "toolkit validate": {"median": 0.5, "fastest": 0.45, "what": "validating"},
        "frictionless validate": {"median": 1.0, "fastest": 0.9, "what": "stock frictionless"},
        "toolkit site": {"median": 0.6, "fastest": 0.55, "what": "building"},
    }}
    assert record.site_speed(found) == (
        "| command, on the bundled dataset | median | fastest | what it shows |\n"
        "| --- | ---: | ---: | --- |\n"
        "| `python -c pass` | 0.03 s | 0.03 s | starting Python |\n"
        "| `toolkit validate` | 0.50 s | 0.45 s | validating |\n"
        "| `frictionless validate` | 1.00 s | 0.90 s | stock frictionless |\n"
        "| `toolkit site` | 0.60 s | 0.55 s | building |\n"
        "\n"
        f"15 runs of each in fresh processes, after one untimed run. `toolkit site` takes 0.60x the time of "
        f"`frictionless validate` and 1.20x that of `toolkit validate`. {MEASURED}"
    )


def test_the_corpus_figures_as_written() -> None:
    """A package timed under a millisecond shows no ratio and counts in no statistic; a differing verdict stands out."""
    found = {"provenance": PROVENANCE, "corpus": [
        {"package": "a|b", "tables": 2, "fast": 2, "valid": True, "same": True, "toolkit_ms": 10.0, "frictionless_ms": 30.0},
        {"package": "c", "tables": 3, "fast": 1, "valid": False, "same": True, "toolkit_ms": 20.0, "frictionless_ms": 10.0},
        {"package": "d", "tables": 0, "fast": 0, "valid": False, "same": False, "toolkit_ms": 0.4, "frictionless_ms": 2.0},
    ]}
    assert record.validate_corpus(found) == (
        "| published package | tables | on the fast path | verdict | same as frictionless | toolkit | frictionless | ratio |\n"
        "| --- | ---: | ---: | --- | --- | ---: | ---: | ---: |\n"
        "| a\\|b | 2 | 2 | valid | yes | 10 ms | 30 ms | 3.0x |\n"
        "| c | 3 | 1 | invalid | yes | 20 ms | 10 ms | 0.5x |\n"
        "| d | 0 | 0 | invalid | **no** | 0 ms | 2 ms | - |\n"
        "\n"
        "Every table takes the fast path in 1 of the 3 packages, some of their tables in 1. The ratio (frictionless's time "
        "over the toolkit's; - where either took under a millisecond) has a median of 1.8x, from 0.5x to 3.0x. " + MEASURED
    )


def test_the_synthetic_figures_as_written() -> None:
    found = {"provenance": PROVENANCE, "synthetic": [
        {"rows": 1_000_000, "toolkit_s": 1.333, "frictionless_s": 58.5, "toolkit_mb": 169.4, "frictionless_mb": 212.0, "same": True}]}
    assert record.validate_synthetic(found) == (
        "| rows | toolkit | frictionless | ratio | peak memory (toolkit / frictionless) | same problems |\n"
        "| ---: | ---: | ---: | ---: | ---: | --- |\n"
        "| 1,000,000 | 1.33 s | 58.50 s | 43.9x | 169 / 212 MB | yes |\n"
        "\n" + MEASURED
    )


def test_a_block_no_benchmark_records_is_refused() -> None:
    with pytest.raises(KeyError, match="a measured block is named 'site-sped'; the blocks are site-speed, validate-corpus, validate-synthetic"):
        record.filled("<!-- measured: site-sped -->\n<!-- /measured -->")


def test_a_record_keeps_what_was_measured_with_its_provenance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """save() writes the record, then the README from every record: here a README with one block."""
    results, readme = tmp_path / "results", tmp_path / "README.md"
    readme.write_text("# Speed\n\n<!-- measured: validate-synthetic -->\nold figures\n<!-- /measured -->\n", encoding="utf-8")
    monkeypatch.setattr(record, "RESULTS", results)
    monkeypatch.setattr(record, "README", readme)
    synthetic = [{"rows": 10_000, "toolkit_s": 0.5, "frictionless_s": 1.7, "toolkit_mb": 107.0, "frictionless_mb": 72.0, "same": False}]
    record.save("validate_speed", PROVENANCE, {"corpus": [], "synthetic": synthetic})
    assert json.loads((results / "validate_speed.json").read_text(encoding="utf-8")) == {
        "provenance": PROVENANCE, "corpus": [], "synthetic": synthetic}
    assert readme.read_text(encoding="utf-8") == (
        "# Speed\n\n<!-- measured: validate-synthetic -->\n"
        "| rows | toolkit | frictionless | ratio | peak memory (toolkit / frictionless) | same problems |\n"
        "| ---: | ---: | ---: | ---: | ---: | --- |\n"
        "| 10,000 | 0.50 s | 1.70 s | 3.4x | 107 / 72 MB | **no** |\n"
        f"\n{MEASURED}\n<!-- /measured -->\n"
    )
