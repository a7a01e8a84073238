"""A testkit backend for graphbolt's driver (github.com/neo4j-drivers/testkit).

Testkit's tests never call a driver: they send JSON requests over TCP to a backend process
that drives the real driver and answers with JSON responses. This package is that backend
for graphbolt's sync driver. Run it with ``python -m testkit_backend`` (listens on
``TEST_BACKEND_HOST:TEST_BACKEND_PORT``, default ``127.0.0.1:9876``); docs/testkit.md says
how to run testkit's stub suites against it.

Modules: ``_server`` (TCP and line framing), ``_backend`` (per-connection state, dispatch,
re-entrant request processing for callbacks), ``_requests`` / ``_results`` /
``_callbacks`` (handlers per request type), ``_values`` (Cypher values <-> testkit's typed
JSON), ``_summary``, ``_errors`` (exceptions -> ``DriverError`` responses) and ``_features``
(reported features and skipped tests).
"""
