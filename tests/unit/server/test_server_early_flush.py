"""A PULL for many rows sends its first half before computing the rest (the driver decodes
it meanwhile); small PULLs and DISCARDs are sent whole."""

from __future__ import annotations

from typing import Any

from graphbolt.bolt import Dechunker, MessageWriter, decode_response
from graphbolt.bolt import _messages as M
from graphbolt.bolt._packstream import Packer
from graphbolt.bolt._structs import dehydrators
from graphbolt.server import ServerContext, Session

PASSWORD = "s3cret-pw"  # the conftest user's password
QUERY = "UNWIND range(1, 5000) AS i RETURN i"


class Wire:
    """A session whose flushes are recorded: the tags of the messages each one sent."""

    def __init__(self, ctx: ServerContext) -> None:
        self.out = MessageWriter()
        self.sent: list[list[int]] = []
        self.session = Session(ctx, (5, 8), self.out, connection_id="t", flush=self._flush)
        self.packer = Packer(dehydrators((5, 8), True))

    def _flush(self) -> None:
        self.sent.append(self._tags())

    def _tags(self) -> list[int]:
        dechunker = Dechunker()
        dechunker.feed(self.out.take())
        return [decode_response(m)[0] for m in dechunker.messages()]

    def send(self, tag: int, *fields: Any) -> list[list[int]]:
        """Handle one message; what each flush sent, then what the reply left buffered."""
        self.sent = []
        data = bytearray()
        self.packer.structure(data, tag, list(fields))
        self.session.handle(bytes(data))
        return [*self.sent, self._tags()]


def _running(ctx: ServerContext) -> Wire:
    wire = Wire(ctx)
    wire.send(M.HELLO, {"user_agent": "t"})
    wire.send(M.LOGON, {"scheme": "basic", "principal": "neo4j", "credentials": PASSWORD})
    assert wire.send(M.RUN, QUERY, {}, {}) == [[M.SUCCESS]]
    return wire


def test_a_batch_of_a_thousand_goes_out_in_two_halves(ctx: ServerContext) -> None:
    wire = _running(ctx)
    first, rest = wire.send(M.PULL, {"n": 1000})
    assert first == [M.RECORD] * 500
    assert rest == [M.RECORD] * 500 + [M.SUCCESS]


def test_small_pulls_and_discards_are_sent_whole(ctx: ServerContext) -> None:
    wire = _running(ctx)
    assert wire.send(M.PULL, {"n": 100}) == [[M.RECORD] * 100 + [M.SUCCESS]]
    assert wire.send(M.DISCARD, {"n": -1}) == [[M.SUCCESS]]
