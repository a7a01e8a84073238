"""The features this backend reports, and the tests it asks testkit to skip.

Testkit skips every test that needs a feature the backend does not report, so only what
graphbolt's driver really does is listed. The Bolt versions are read from the driver's
connector (the versions it offers in the handshake); testkit only knows some of them.
"""

from __future__ import annotations

import os
import re

#: API features the sync driver and this backend implement.
_API_FEATURES = (
    "Feature:API:BookmarkManager",
    "Feature:API:Driver.ExecuteQuery",
    "Feature:API:Driver:GetServerInfo",
    "Feature:API:Driver:NotificationsConfig",
    "Feature:API:Driver.IsEncrypted",
    "Feature:API:Driver.VerifyConnectivity",
    "Feature:API:Result.List",
    "Feature:API:Result.Peek",
    "Feature:API:Result.Single",
    "Feature:API:Result.SingleOptional",
    "Feature:API:RetryableExceptions",
    "Feature:API:Session:NotificationsConfig",
    "Feature:API:Summary:GqlStatusObjects",
    "Feature:API:Type.Spatial",
    "Feature:API:Type.Temporal",
    "Feature:Auth:Bearer",
    "Feature:Auth:Custom",
    "Feature:Auth:Kerberos",
    "Feature:Bolt:Patch:UTC",
    "Backend:RTFetch",
    "AuthorizationExpiredTreatment",
    "Backend:RTForceUpdate",
    # The server's connection.recv_timeout_seconds hint bounds every read.
    "ConfHint:connection.recv_timeout_seconds",
    # Wire optimizations the Bolt connector makes, as the official driver does: BEGIN of
    # an explicit transaction is awaited at once, PULL travels with RUN, RESET only when
    # the connection is not idle (and to check a pooled one in connectivity checks).
    "Optimization:EagerTransactionBegin",
    "Optimization:PullPipelining",
    "Optimization:MinimalResets",
)

#: Bolt versions testkit's 5.0 branch has feature flags for.
_TESTKIT_BOLT = ("3.0", "4.1", "4.2", "4.3", "4.4", "5.0", "5.1", "5.2", "5.3", "5.4", "5.5",
                 "5.6", "5.7")  # fmt: skip

#: Test-name patterns (regular expressions on testkit's test id) -> why they are skipped.
_SKIPS: dict[str, str] = {
    # Readers are picked at random among the least busy (as the official driver does, which
    # skips these too): the tests pass only when the first reader is tried first.
    r"stub\.authorization\.test_authorization\.TestAuthorizationV[0-9x]+\."
    r"test_should_(retry_on_auth_expired|fail_on_token_expired)_on_begin_using_tx_function": (
        "Flaky: test requires the driver to contact servers in a specific order"
    ),
}

#: Extra features, comma separated, to try ones not yet reported (development aid).
_EXTRA_ENV = "TESTKIT_BACKEND_EXTRA_FEATURES"


def bolt_features() -> list[str]:
    """``Feature:Bolt:x.y`` for each version the driver's Bolt client offers."""
    try:
        from graphbolt.driver._bolt_wire import CLIENT_VERSIONS
    except ImportError:  # no network connector in this build
        return []
    offered = {f"{major}.{minor}" for major, minor in CLIENT_VERSIONS}
    return [f"Feature:Bolt:{v}" for v in _TESTKIT_BOLT if v in offered]


def features() -> list[str]:
    extra = [f.strip() for f in os.environ.get(_EXTRA_ENV, "").split(",") if f.strip()]
    return [*_API_FEATURES, *bolt_features(), *extra]


def skip_reason(test_name: str) -> str | None:
    """Why ``test_name`` is skipped, or None to run it."""
    for pattern, reason in _SKIPS.items():
        if re.search(pattern, test_name):
            return reason
    return None
