"""Run openCypher TCK feature files against graphbolt and print a score table.

Usage: .venv/bin/python tests/tck/run.py FEATURES_DIR [--json FILE] [--filter SUBSTRING]
       [--write-known-failures] [-j JOBS] [--timeout SECONDS] [-v]

FEATURES_DIR is graphbolt's copy (``../shared/tck``) or an upstream ``tck/features``
checkout; named graphs are read from ``FEATURES_DIR/graphs`` or ``FEATURES_DIR/../graphs``.
The last line printed is ``tck: N passed, M failed``.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script: make the ``tck`` package (this directory) importable.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tck._cli import main
else:
    from ._cli import main

if __name__ == "__main__":
    sys.exit(main())
