"""`toolkit` and `python -m toolkit`: the command line, quiet when interrupted while it starts.

Loading the command line takes most of a run's first 0.1 s; Ctrl-C then would
print a traceback from inside an import, so the imports are guarded here, in a
module that imports nothing at its top. numpy is hidden first (see `runtime`): here,
not in the command line's callback, so that tests running the commands
in-process keep theirs.
"""

import sys


def main() -> None:
    try:
        from toolkit.runtime import hide_numpy

        hide_numpy()
        from toolkit.cli import app
    except KeyboardInterrupt:
        sys.stderr.write("\nAborted!\n")
        sys.exit(130)
    app()


if __name__ == "__main__":
    main()
