"""Process settings for the command line, made before pyarrow is first imported.

A validation run is a short burst: blocks of a table are allocated, judged and
freed, many per second, and the process then exits. Two defaults of the
platform suit long-running servers instead, and each costs this burst about
40 MB of resident memory on a million rows (measured by the benchmark):
mimalloc, pyarrow's allocator, keeps freed pages for 10 ms before returning
them, and Linux's transparent huge pages (when set to "always") back memory
with 2 MiB pages that a block touches only in part. The command line turns
huge pages off for its own process and has mimalloc return pages after 3 ms
(returning them at once saves another 10 MB but costs a third more time in
the kernel, faulting the same pages in again); a program importing the
toolkit keeps its own settings.
"""

from __future__ import annotations

import ctypes
import os
import sys

_PR_SET_THP_DISABLE = 41  # from <linux/prctl.h>


def tune_for_bursts() -> None:
    """Return freed memory soon, and in base pages; a setting the user made in the environment wins."""
    os.environ.setdefault("MIMALLOC_PURGE_DELAY", "3")
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_THP_DISABLE, 1, 0, 0, 0)
        except (OSError, AttributeError):  # no libc symbol to call: keep the system's setting
            pass
