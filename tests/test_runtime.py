"""The command line's process settings: made for its own process, never over the user's."""

from __future__ import annotations

import ctypes
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT


def run(code: str, env: dict[str, str] | None = None) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout


def test_allocator_setting_is_a_default_the_environment_overrides() -> None:
    code = "import os; from toolkit.runtime import tune_for_bursts; tune_for_bursts(); print(os.environ['MIMALLOC_PURGE_DELAY'])"
    assert run(code, {"PATH": ""}).strip() == "3"
    assert run(code, {"PATH": "", "MIMALLOC_PURGE_DELAY": "25"}).strip() == "25"


def test_garbage_collection_is_rare_and_skips_what_was_loaded() -> None:
    code = ("import gc; from toolkit.runtime import tune_for_bursts; tune_for_bursts(); "
            "print(gc.get_threshold()[0], gc.get_freeze_count() > 0)")
    assert run(code).split() == ["100000", "True"]


def test_what_is_left_at_exit_is_frozen_before_python_s_last_collection() -> None:
    """Objects made after start-up are frozen as the process exits (atexit runs last what was registered first),
    so Python's last collection does not scan them."""
    code = ("import atexit, gc; atexit.register(lambda: print(gc.get_freeze_count() - frozen >= 10_000)); "
            "from toolkit.runtime import tune_for_bursts; tune_for_bursts(); frozen = gc.get_freeze_count(); "
            "late = [[] for _ in range(10_000)]")
    assert run(code).strip() == "True"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="transparent huge pages are a Linux setting")
def test_huge_pages_are_turned_off_for_the_process() -> None:
    if "THP_enabled" not in Path("/proc/self/status").read_text():
        pytest.skip("this kernel does not report THP_enabled")
    code = ("from toolkit.runtime import tune_for_bursts; tune_for_bursts(); "
            "print([l for l in open('/proc/self/status') if l.startswith('THP_enabled')][0].split()[1])")
    assert run(code).strip() == "0"


GROWN_THRESHOLD = """
import ctypes
class Info(ctypes.Structure):  # glibc's struct mallinfo2
    _fields_ = [(name, ctypes.c_size_t) for name in
                ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]
libc = ctypes.CDLL(None)
libc.mallinfo2.restype = Info
{setup}
freed = bytearray(4 << 20)  # a large block freed: glibc raises its mmap threshold to its size, unless it is fixed
del freed
before = libc.mallinfo2().hblkhd
kept = bytearray(1 << 20)
print(libc.mallinfo2().hblkhd - before >= 1 << 20)  # whether the new block is mapped apart, so freeing it returns it
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc")
def test_large_blocks_are_mapped_apart_and_returned_when_freed() -> None:
    if not hasattr(ctypes.CDLL(None), "mallinfo2"):
        pytest.skip("not glibc 2.33 or later")
    tuned = GROWN_THRESHOLD.format(setup="from toolkit.runtime import tune_for_bursts; tune_for_bursts()")
    assert run(GROWN_THRESHOLD.format(setup=""), {"PATH": ""}).strip() == "False"  # glibc's default: the threshold grows
    assert run(tuned, {"PATH": ""}).strip() == "True"
    assert run(tuned, {"PATH": "", "MALLOC_MMAP_THRESHOLD_": "8388608"}).strip() == "False"  # the user's setting wins


def test_the_command_line_runs_without_numpy_and_a_program_importing_the_toolkit_keeps_it() -> None:
    """numpy is installed with the test extras (pandas brings it): pyarrow would load it in every run."""
    assert importlib.util.find_spec("numpy") is not None
    command = ("import atexit, sys; atexit.register(lambda: print('numpy:', sys.modules.get('numpy', 'absent'))); "
               f"sys.argv = ['toolkit', 'validate', {str(ROOT / 'datapackage.json')!r}]; from toolkit.__main__ import main; main()")
    assert run(command).splitlines()[-1] == "numpy: None"
    program = ("import sys; from pathlib import Path; from toolkit.validate import validate; "
               f"report = validate(Path({str(ROOT / 'datapackage.json')!r})); print(report.valid(), sys.modules['numpy'].__name__)")
    assert run(program).split() == ["True", "numpy"]


def test_numpy_loaded_before_is_kept() -> None:
    code = "import sys, numpy; from toolkit.runtime import hide_numpy; hide_numpy(); print(sys.modules['numpy'] is numpy)"
    assert run(code).strip() == "True"


def test_a_parquet_table_is_read_by_frictionless_with_numpy_shown_again(tmp_path: Path) -> None:
    """frictionless reads Parquet through pandas: with numpy hidden it said the table could not be read, where
    frictionless finds the rows' problems. The command line reports what a program importing the toolkit does."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"id": [1, 2, 2], "name": ["a", "b", None]}), tmp_path / "data.parquet")
    schema = {"fields": [{"name": "id", "type": "integer"}, {"name": "name", "type": "string", "constraints": {"required": True}}],
              "primaryKey": ["id"]}
    (tmp_path / "datapackage.json").write_text(json.dumps({"name": "parquet", "resources": [
        {"name": "data", "path": "data.parquet", "schema": schema}]}), encoding="utf-8")
    done = subprocess.run([str(Path(sys.executable).parent / "toolkit"), "validate", "datapackage.json", "--format", "json"],
                          check=False, cwd=tmp_path, capture_output=True, text=True)
    found = [(p["code"], p["line"], p["field"]) for p in json.loads(done.stdout)["problems"]]
    assert (done.returncode, found) == (1, [("primary-key", 4, None), ("constraint-error", 4, "name")])


def test_numpy_stays_hidden_once_pyarrow_has_started_without_it() -> None:
    """pyarrow looks for numpy once, as it starts: shown afterwards, pandas would find a pyarrow without it."""
    code = ("import sys; from toolkit.runtime import hide_numpy, show_numpy; hide_numpy(); import pyarrow; show_numpy(); "
            "print(sys.modules['numpy'])")
    assert run(code).strip() == "None"


RELEASE_DIGEST = """
import hashlib, sys
if {hide}:
    from toolkit.runtime import hide_numpy
    hide_numpy()
from pathlib import Path
from toolkit.engine.package import load
from toolkit.publish.release import Origin, release_files
from toolkit.rules.checks import typed
package = load(Path({root!r}) / "datapackage.json")
files = release_files(package, typed(package), "1.0.0", Origin(None, True, 1769385600), with_sources=True)
print(len(files), hashlib.sha256(b"".join(name.encode() + files[name] for name in sorted(files))).hexdigest())
"""


def test_a_release_is_the_same_bytes_with_numpy_hidden() -> None:
    """The Parquet and SQLite exports, written by pyarrow and sqlite3, do not depend on numpy."""
    hidden, kept = (run(RELEASE_DIGEST.format(hide=hide, root=str(ROOT))) for hide in (True, False))
    assert hidden == kept and int(hidden.split()[0]) > 30
