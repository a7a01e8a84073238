"""The Bolt connector's sans-IO half: decoding responses fast, FAILURE -> exceptions, and the
``extra`` maps of HELLO / LOGON / BEGIN / RUN / ROUTE for a negotiated version.

``Inbox`` is the hot path of the driver: received bytes are appended, and ``take_records``
decodes every complete single-chunk RECORD message in one loop over one ``bytes`` object with
one ``Unpacker`` (no per-message objects besides the values), stopping at the first other
message (a summary), which ``next_response`` decodes the general way.
"""

from __future__ import annotations

import platform
import sys
from typing import Any

from graphbolt.bolt import Dechunker, PackStreamError, ProtocolError, Unpacker, decode_response
from graphbolt.bolt._errors import UndecodableValue
from graphbolt.bolt._messages import RECORD
from graphbolt.bolt._packstream import Hydrator
from graphbolt.bolt._versions import Version, has_logon
from graphbolt.driver._api import Auth
from graphbolt.driver._notifications import notification_extra
from graphbolt.driver._protocol import TxParams
from graphbolt.driver._records import BrokenValues
from graphbolt.exceptions import ConfigurationError, Neo4jError

#: Versions graphbolt's client speaks, newest first (5.5 never). 4.3 differs from 4.4 only
#: in ROUTE's database argument (the name itself) and has no impersonation.
CLIENT_VERSIONS: tuple[Version, ...] = (
    (6, 0), (5, 8), (5, 7), (5, 6), (5, 4), (5, 3), (5, 2), (5, 1), (5, 0), (4, 4), (4, 3),
)  # fmt: skip
AGENT = "graphbolt-driver/0.1.0"


class Inbox:
    """Received bytes, handed out as decoded responses."""

    __slots__ = ("_data", "_pos", "_unpacker", "hydrators")

    def __init__(self, hydrators: dict[int, Hydrator]) -> None:
        self._data = b""
        self._pos = 0
        self.hydrators = hydrators
        self._unpacker = Unpacker(b"", 0, hydrators)

    def set_hydrators(self, hydrators: dict[int, Hydrator]) -> None:
        self.hydrators = hydrators
        self._unpacker = Unpacker(b"", 0, hydrators)

    def feed(self, data: bytes) -> None:
        pos = self._pos
        if pos >= len(self._data):
            self._data = data
        else:
            self._data = self._data[pos:] + data
        self._pos = 0

    def take_records(self, out: list[Any]) -> None:
        """Append the values of every complete single-chunk RECORD at the front to ``out``."""
        unpacker = self._unpacker
        unpacker.data = self._data
        unpacker.pos = self._pos
        try:
            unpacker.records(out, BrokenValues)
        except PackStreamError as error:
            raise ProtocolError(f"Undecodable RECORD message: {error}") from None
        finally:
            self._pos = unpacker.pos

    def next_response(self) -> tuple[int, list[Any]] | None:
        """The next whole message as ``(tag, fields)``, or None until more bytes arrive."""
        data = self._data
        pos = self._pos
        # Find the end of the message (it may span chunks), skipping leading NOOPs.
        while pos + 2 <= len(data) and data[pos] == 0 and data[pos + 1] == 0:
            pos += 2
        self._pos = pos
        scan = pos
        while True:
            if scan + 2 > len(data):
                return None
            size = (data[scan] << 8) | data[scan + 1]
            if size == 0:
                break
            scan += 2 + size
        dechunker = Dechunker()
        dechunker.feed(data[pos : scan + 2])
        message = dechunker.next_message()
        self._pos = scan + 2
        if message is None:  # pragma: no cover - the scan above found the end
            raise ProtocolError("Broken chunking in a server message")
        try:
            tag, fields = decode_response(message, self.hydrators)
        except UndecodableValue as error:
            if message[1:2] != b"\x71":  # only a RECORD can be skipped
                raise
            return RECORD, [BrokenValues(error)]
        return tag, fields

    @property
    def empty(self) -> bool:
        return self._pos >= len(self._data)


def record_values(fields: list[Any]) -> Any:
    """The values of a RECORD decoded by ``next_response`` (a chunked, very large record)."""
    if len(fields) != 1 or not isinstance(fields[0], list):
        raise ProtocolError("RECORD must hold one list")
    return fields[0]


def failure_error(metadata: dict[str, Any]) -> Neo4jError:
    """The driver exception for a FAILURE's metadata (any Bolt version), with its causes."""
    code = (
        metadata.get("neo4j_code")
        or metadata.get("code")
        or ("Neo.DatabaseError.General.UnknownError")
    )
    message = str(metadata.get("message", "An unknown error occurred"))
    diagnostic = metadata.get("diagnostic_record")
    error = Neo4jError.hydrate(
        str(code),
        message,
        gql_status=metadata.get("gql_status"),
        description=metadata.get("description"),
        diagnostic_record=diagnostic if isinstance(diagnostic, dict) else None,
    )
    cause = metadata.get("cause")
    if isinstance(cause, dict):
        error.__cause__ = failure_error(cause)
    return error


def hello_extra(
    version: Version,
    user_agent: str | None,
    routing: dict[str, Any] | None,
    auth: Auth | None,
    notifications: dict[str, Any] | None = None,
) -> dict[str, Any]:
    extra: dict[str, Any] = {"user_agent": user_agent or AGENT}
    extra.update(notification_extra(version, notifications or {}))  # the driver's filters
    if routing is not None:  # direct (bolt://) connections send no routing key at all
        extra["routing"] = routing
    if version >= (5, 3):
        extra["bolt_agent"] = {
            "product": AGENT,
            "platform": f"{platform.system()} {platform.release()}; {platform.machine()}",
            "language": f"Python/{sys.version_info.major}.{sys.version_info.minor}",
            "language_details": f"{platform.python_implementation()} {sys.version}",
        }
    if version < (5, 0):
        extra["patch_bolt"] = ["utc"]
    if not has_logon(version):
        extra.update(auth_token(auth))
    return extra


def auth_token(auth: Auth | None) -> dict[str, Any]:
    """The HELLO/LOGON form of ``auth`` (no credentials: scheme ``none``)."""
    if auth is None:
        return {"scheme": "none"}
    token = auth.to_dict()
    token.setdefault("scheme", "none")
    return token


def tx_extra(params: TxParams, version: Version) -> dict[str, Any]:
    """The ``extra`` map of BEGIN or an auto-commit RUN."""
    extra: dict[str, Any] = {}
    if params.bookmarks:
        extra["bookmarks"] = list(params.bookmarks)
    if params.timeout is not None:
        extra["tx_timeout"] = timeout_ms(params.timeout)
    if params.metadata:
        extra["tx_metadata"] = dict(params.metadata)
    if params.mode == "r":
        extra["mode"] = "r"
    if params.database is not None:
        extra["db"] = params.database
    if params.impersonated_user is not None:
        if version < (4, 4):
            raise ConfigurationError(
                f"Impersonation is not supported in Bolt Protocol {version[0]}.{version[1]}. "
                f"Trying to impersonate {params.impersonated_user!r}."
            )
        extra["imp_user"] = params.impersonated_user
    extra.update(notification_extra(version, vars(params)))
    return extra


def timeout_ms(timeout: Any) -> int:
    """A transaction timeout in whole milliseconds (rounded half to even, as the official
    driver; anything in (0, 0.5 ms) is 1 ms since 0 means "no timeout" to the server)."""
    try:
        seconds = float(timeout)
    except (TypeError, ValueError) as error:
        raise type(error)("Timeout must be specified as a number of seconds") from None
    if seconds < 0:
        raise ValueError("Timeout must be a positive number or 0.")
    ms = round(1000 * seconds)
    return 1 if ms == 0 and seconds > 0 else ms


def is_record(tag: int) -> bool:
    return tag == RECORD
