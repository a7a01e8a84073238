"""Suite-wide settings: the repository root on sys.path; no hypothesis deadline.

Hypothesis' per-example deadline is a timing assertion: on a loaded 2-core CI machine one
example can stall on disk I/O of a neighbouring test and fail a correct property. Speed is
measured in ``benchmarks/``, never by tests, so the deadline is off for every test.
"""

from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import settings

# testkit_backend lives at the repository root, outside src/: tests of it (and of the driver
# through it) import it from there.
_ROOT = str(Path(__file__).resolve().parents[1])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

settings.register_profile("graphbolt", deadline=None)
settings.load_profile("graphbolt")
