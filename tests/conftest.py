"""Suite-wide settings.

Hypothesis' per-example deadline is a timing assertion: on a loaded 2-core CI machine one
example can stall on disk I/O of a neighbouring test and fail a correct property. Speed is
measured in ``benchmarks/``, never by tests, so the deadline is off for every test.
"""

from __future__ import annotations

from hypothesis import settings

settings.register_profile("graphbolt", deadline=None)
settings.load_profile("graphbolt")
