"""The asyncio Bolt server: connections, the per-connection state machine, users, routing."""

from graphbolt.server._auth import Authenticator, UserStore
from graphbolt.server._server import BoltServer, server_agent, tls_context
from graphbolt.server._session import ServerContext, Session

__all__ = [
    "Authenticator",
    "BoltServer",
    "ServerContext",
    "Session",
    "UserStore",
    "server_agent",
    "tls_context",
]
