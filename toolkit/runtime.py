"""Process settings for the command line, made before pyarrow is first imported.

A validation run is a short burst: blocks of a table are allocated, judged and
freed, many per second, and the process then exits. Four defaults of the
platform suit long-running servers instead (figures from the benchmark), and
one of pyarrow's suits notebooks:
- mimalloc, pyarrow's allocator, keeps freed pages for 10 ms before returning
  them; the command line has it return them after 3 ms, about 10 MB less at
  a million rows (returning them at once saves 10 MB more, but costs a third
  more time in the kernel, faulting the same pages in again);
- glibc's malloc, which serves Python's large objects and pyarrow's reader
  outside its pool, raises its mmap threshold to the size of each large block
  freed, so later blocks of that size come from the heap, which it seldom
  hands back: 20 MB more at a million rows. The command line keeps glibc's
  initial threshold (128 KiB) fixed, so a freed block is returned at once;
- Linux's transparent huge pages (when set to "always") back memory with
  2 MiB pages that a block touches only in part; the command line turns them
  off for its own process;
- Python's garbage collector scans the objects that importing pyarrow creates
  several times over (30 ms of start-up); the command line freezes what is
  loaded and collects a hundred times less often: a run makes few objects,
  and no cycles worth collecting before it exits. As it exits, Python would
  scan every object once more (0.09 s after a site build, a tenth of it);
  the command line freezes them first, so the scan is skipped, and they are
  freed as their modules are, as usual;
- pyarrow imports numpy as it starts wherever numpy is installed (pandas
  brings it), 0.07 to 0.1 s of every run, for conversions to and from numpy
  arrays that the toolkit never makes; the command line hides numpy from its
  own process before anything imports it, so pyarrow starts as it does where
  numpy is not installed (as the Pages workflow installs the toolkit), unless
  the package has a Parquet resource, which frictionless reads through
  pandas and so numpy (`toolkit.validate` shows it again before pyarrow starts).
A program importing the toolkit keeps its own settings, and its numpy.
"""

from __future__ import annotations

import atexit
import ctypes
import gc
import os
import sys

_PR_SET_THP_DISABLE = 41  # from <linux/prctl.h>
_M_MMAP_THRESHOLD = -3  # from <malloc.h>
MMAP_THRESHOLD = 128 << 10  # bytes; glibc's initial value, which setting it keeps from growing
GC_ALLOCATIONS = 100_000  # objects allocated between two collections of the youngest generation (Python's default: 700)


def tune_for_bursts() -> None:
    """Return freed memory soon, and in base pages, and collect garbage seldom; a setting the user made in
    the environment wins."""
    os.environ.setdefault("MIMALLOC_PURGE_DELAY", "3")
    gc.freeze()
    gc.set_threshold(GC_ALLOCATIONS)
    atexit.register(gc.freeze)  # runs before Python's last collection
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:  # no C library to call: keep the system's settings
        return
    if hasattr(libc, "prctl"):
        libc.prctl(_PR_SET_THP_DISABLE, 1, 0, 0, 0)
    glibc_set = "MALLOC_MMAP_THRESHOLD_" in os.environ or "mmap_threshold" in os.environ.get("GLIBC_TUNABLES", "")
    if hasattr(libc, "mallopt") and not glibc_set:  # musl's mallopt does nothing, and other C libraries lack it
        libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)


def hide_numpy() -> None:
    """Make `import numpy` fail in this process, as if it were not installed, unless it is loaded already."""
    sys.modules.setdefault("numpy", None)  # type: ignore[arg-type]  # None in sys.modules: ModuleNotFoundError on import


def show_numpy() -> None:
    """Undo `hide_numpy`, if pyarrow has not started yet: it looks for numpy once, as it starts."""
    if "numpy" in sys.modules and sys.modules["numpy"] is None and "pyarrow" not in sys.modules:
        del sys.modules["numpy"]
