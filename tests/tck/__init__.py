"""The openCypher TCK runner: loads feature files, runs each case against the engine and
compares results, errors and side effects (see ``run.py`` and ``test_tck.py``)."""
