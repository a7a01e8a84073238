"""Small public value types of the driver API: auth tokens, queries, bookmarks, routing."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

READ_ACCESS = "READ"
WRITE_ACCESS = "WRITE"

F = TypeVar("F", bound=Callable[..., Any])


class RoutingControl(str, enum.Enum):
    """Where ``execute_query`` sends its query: a reader or the writer."""

    READ = "r"
    WRITE = "w"


class Auth:
    """An authentication token (``scheme``, ``principal``, ``credentials``, ...)."""

    def __init__(
        self,
        scheme: str | None,
        principal: str | None,
        credentials: str | None,
        realm: str | None = None,
        **parameters: Any,
    ) -> None:
        self.scheme = scheme
        self.principal = principal
        self.credentials = credentials
        self.realm = realm
        self.parameters = parameters

    def to_dict(self) -> dict[str, Any]:
        """The Bolt HELLO/LOGON form of the token; ``None`` fields left out."""
        out: dict[str, Any] = {}
        for key in ("scheme", "principal", "credentials", "realm"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        if self.parameters:
            out["parameters"] = dict(self.parameters)
        return out

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Auth) and other.to_dict() == self.to_dict()

    def __hash__(self) -> int:
        return hash((self.scheme, self.principal, self.credentials, self.realm))

    def __repr__(self) -> str:
        return f"Auth(scheme={self.scheme!r}, principal={self.principal!r}, credentials=...)"


AuthToken = Auth


def basic_auth(user: str, password: str, realm: str | None = None) -> Auth:
    """A user name and password token."""
    return Auth("basic", user, password, realm)


def bearer_auth(base64_encoded_token: str) -> Auth:
    """A token for single sign-on providers."""
    return Auth("bearer", None, base64_encoded_token)


def kerberos_auth(base64_encoded_ticket: str) -> Auth:
    """A Kerberos ticket token."""
    return Auth("kerberos", "", base64_encoded_ticket)


def custom_auth(
    principal: str | None,
    credentials: str | None,
    realm: str | None,
    scheme: str | None,
    **parameters: Any,
) -> Auth:
    """A token for a custom authentication scheme."""
    return Auth(scheme, principal, credentials, realm, **parameters)


def normalize_auth(auth: Any) -> Auth | None:
    """Accept an ``Auth``, a ``(user, password)`` tuple, or None."""
    if auth is None or isinstance(auth, Auth):
        return auth
    if isinstance(auth, (tuple, list)) and len(auth) in (2, 3):
        return basic_auth(*auth)
    raise TypeError(f"auth must be an Auth token or a (user, password) tuple, not {auth!r}")


class Query:
    """A query text with transaction metadata and timeout (for auto-commit ``run``)."""

    def __init__(
        self, text: str, metadata: dict[str, Any] | None = None, timeout: float | None = None
    ) -> None:
        self.text = text
        self.metadata = metadata
        self.timeout = timeout

    def __str__(self) -> str:
        return str(self.text)

    def __repr__(self) -> str:
        return f"Query({self.text!r}, metadata={self.metadata!r}, timeout={self.timeout!r})"


def unit_of_work(
    metadata: dict[str, Any] | None = None, timeout: float | None = None
) -> Callable[[F], F]:
    """Decorate a transaction function with transaction ``metadata`` and ``timeout``."""

    def wrapper(fn: F) -> F:
        fn.metadata = metadata  # type: ignore[attr-defined]
        fn.timeout = timeout  # type: ignore[attr-defined]
        return fn

    return wrapper


class Bookmarks:
    """An immutable set of bookmarks: causal-consistency markers of commits."""

    __slots__ = ("_raw",)

    def __init__(self) -> None:
        self._raw: frozenset[str] = frozenset()

    @classmethod
    def from_raw_values(cls, values: Iterable[str]) -> Bookmarks:
        """Bookmarks from their string values."""
        if isinstance(values, str):
            raise TypeError("values must be an iterable of strings, not a string")
        out = cls()
        raw = frozenset(values)
        for value in raw:
            if not isinstance(value, str):
                raise TypeError(f"bookmark values must be str, not {type(value).__name__}")
        out._raw = raw
        return out

    @property
    def raw_values(self) -> frozenset[str]:
        return self._raw

    def __add__(self, other: Bookmarks) -> Bookmarks:
        if not isinstance(other, Bookmarks):
            return NotImplemented
        return Bookmarks.from_raw_values(self._raw | other._raw)

    def __bool__(self) -> bool:
        return bool(self._raw)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Bookmarks) and other._raw == self._raw

    def __hash__(self) -> int:
        return hash(self._raw)

    def __repr__(self) -> str:
        return f"<Bookmarks values={set(self._raw)!r}>"


class ServerInfo:
    """What the driver knows about the server it talks to."""

    def __init__(self, address: Any, protocol_version: tuple[int, int], agent: str) -> None:
        self.address = address
        self.protocol_version = protocol_version
        self.agent = agent
        self.connection_id: str | None = None

    def __repr__(self) -> str:
        return (
            f"ServerInfo(address={self.address!r}, agent={self.agent!r}, "
            f"protocol_version={self.protocol_version!r})"
        )


class TrustSystemCAs:
    """``trusted_certificates``: verify the server against the system's CAs (the default)."""


class TrustAll:
    """``trusted_certificates``: accept any server certificate (no verification)."""


class TrustCustomCAs:
    """``trusted_certificates``: verify the server against the CA files ``certificates``."""

    def __init__(self, *certificates: str) -> None:
        self.certificates = certificates
