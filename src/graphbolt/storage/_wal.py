"""The redo log (``<dir>/graphbolt.wal``): one device flush per durable commit.

Why: LMDB with ``sync`` + ``metasync`` costs two device flushes per commit (data pages, then the
meta page); the device serializes flushes, so one client cannot exceed ~1/(2 flushes). A
durable store therefore opens LMDB with ``sync=False, metasync=False`` and makes each group
commit durable with ONE write of a log record into a preallocated file (an overwrite: no size
change, no file-system journal commit). LMDB's own files become durable only at checkpoints.

The record write: where the file system allows it, records go through a second descriptor
opened ``O_DIRECT | O_DSYNC`` (whole blocks from a page-aligned buffer): the write returns when
the block is on stable storage, like ``pwrite`` + ``fdatasync`` but without the page-cache copy
and writeback round trip (measured on a virtio disk: ~105 against ~130 us per record). Where it
does not (tmpfs, other systems, an EINVAL on the first write), ``pwrite`` + ``fdatasync``.

File layout (little-endian; BLOCK = 4096, the device's physical sector, so a record write
never rewrites a block holding an earlier record)::

    0      header slot 0  (one BLOCK)
    4096   header slot 1  (one BLOCK)
    8192   records, each starting on a BLOCK boundary, up to the preallocated end

    header: magic "GBWAL\\0\\0\\1", version, psize, generation, commit id C, LMDB txnid of C,
            the first META_BYTES of LMDB meta page 0 and of meta page 1 as they were at C,
            crc32 of all of it
    record: magic "GBRC", payload length, generation, seq, first cid, last cid, crc32 of
            header fields and payload; payload = ``_redo`` encoding of one group-commit batch
            (only the requests that passed validation, with their commit ids, the tokens
            persisted by the batch, next_node/next_rel, the schema version)

The valid header slot with the larger generation is THE header. A checkpoint writes the other
slot, so a torn header write leaves the previous header valid.

Invariants (``Store`` with a WAL, between its public calls):

W1  data.mdb holds, durably, LMDB tree C of the header (pages + the two meta pages saved in
    the header). Enforced by ``env.sync(force=True)`` before the header is written.
W2  No page of tree C is overwritten while the header names C: the store holds an LMDB read
    transaction opened at C (the pin) until the next header is durable; LMDB never reuses a
    page freed after the oldest live reader's snapshot. Later NOSYNC commits (and an OS that
    writes their pages back in any order, or half of them) touch only other pages and the
    meta pages, which recovery overwrites with the saved copies.
W3  Records of the header's generation at RECORDS_START, RECORDS_START + size0, ... have seq
    0, 1, 2, ... and commit ids C+1, C+2, ... with no gap; every acknowledged commit after C is
    in one of them (the record's durable write returned before the LMDB commit that made it
    visible, and before any commit of its batch was reported).
W4  Replaying those records onto tree C with ``_batch.apply`` under their commit ids gives the
    acknowledged state: a record holds exactly the requests that passed validation, so replay
    never validates. Requests that cannot be logged (index DDL: an action; very large batches;
    a record that does not fit) are made durable by a checkpoint right after their LMDB commit.

States of the file (the generation g of the header; "dirty": records after the header)::

    NONE --bootstrap (synced LMDB open)+checkpoint--> CLEAN(g=1)
    CLEAN(g) --group commit: durable record write, LMDB NOSYNC commit--> DIRTY(g)
    DIRTY(g) --group commit--> DIRTY(g)
    DIRTY(g)|CLEAN(g) --checkpoint: env.sync; header g+1 in the other slot; fdatasync;
                        re-pin at the new C--> CLEAN(g+1)
    any --crash--> RECOVERY --restore metas, open LMDB, pin C, replay, checkpoint--> CLEAN

Crash cases (process crash or power loss at any instant):

- during a record write: the record is torn or missing (crc/seq/gap stops replay);
  none of its commits was reported (W3). If it reached the disk whole it is replayed: durable
  without being acknowledged, which is allowed.
- after the record, before/after the LMDB NOSYNC commit: LMDB's file may hold any subset of
  later pages and a torn or newer meta page; recovery puts the saved metas back (W1), so LMDB
  opens tree C, intact by W2, and replays the records.
- during a checkpoint before the new header is durable: the old header and its pin's tree are
  still valid (the pin is released only after the new header's fdatasync); its records are
  replayed. After it: the new header, no records of its generation yet.
- during a header write: crc fails for that slot; the other slot (previous generation) is used.
- during recovery itself: recovery only restores metas (idempotent) and replays under a pin at
  C, then checkpoints; crashing anywhere in it leaves the same header, so it simply reruns.
- a failed batch after its record was written (LMDB commit error, I/O error): a checkpoint
  starts a new generation, so the stale record can never be replayed; if even that fails the
  store refuses further writes (``StorageError``) and recovery at the next open decides.

Assumptions: the file system honours fdatasync and O_DSYNC (ext4, xfs), a BLOCK write is atomic or at
least never damages other blocks, LMDB 0.9.x's 64-bit meta page layout (checked at every
checkpoint: the larger txnid of the two meta pages must be LMDB's last txnid), and one process
per store (an exclusive ``flock`` on the WAL file).
"""

from __future__ import annotations

import errno
import fcntl
import mmap
import os
import struct
import weakref
import zlib
from collections.abc import Iterator
from typing import NamedTuple

from graphbolt.errors import StorageError

WAL_NAME = "graphbolt.wal"
BLOCK = 4096
RECORDS_START = 2 * BLOCK
INITIAL_SIZE = 1 << 20  # preallocated bytes; a checkpoint grows it when records filled 3/4
MAX_SIZE = 128 << 20
META_BYTES = 1024  # LMDB writes only the page header + MDB_meta (152 bytes) of a meta page
VERSION = 1

_HEADER = struct.Struct("<8sIIQQQ")  # magic, version, psize, generation, cid, lmdb txnid
_HEADER_MAGIC = b"GBWAL\x00\x00\x01"
_RECORD = struct.Struct("<4sIQQQQ")  # magic, payload length, generation, seq, first, last cid
_RECORD_MAGIC = b"GBRC"
_CRC = struct.Struct("<I")
_ZEROS = bytes(1 << 20)

# LMDB 0.9 meta page (64-bit): MDB_page header (pgno:8 pad:2 flags:2 lower/upper:4) then
# MDB_meta: magic:4 version:4 address:8 mapsize:8 dbs[2]:2*48 last_pg:8 txnid:8.
LMDB_P_META = 0x08
LMDB_MAGIC = 0xBEEFC0DE
LMDB_DATA_VERSION = 1
_LMDB_FLAGS = struct.Struct("=H")  # at offset 10
_LMDB_MAGIC_VERSION = struct.Struct("=II")  # at offset 16
_LMDB_TXNID = struct.Struct("=Q")  # at offset 144
LMDB_TXNID_OFFSET = 144


class Header(NamedTuple):
    slot: int
    psize: int
    generation: int
    cid: int
    txnid: int
    metas: tuple[bytes, bytes]


class Record(NamedTuple):
    first: int
    last: int
    payload: bytes


def meta_txnid(page: bytes) -> int | None:
    """The txnid of an LMDB meta page prefix, or None when it is not a valid meta page."""
    if len(page) < LMDB_TXNID_OFFSET + 8 or not _LMDB_FLAGS.unpack_from(page, 10)[0] & LMDB_P_META:
        return None
    if _LMDB_MAGIC_VERSION.unpack_from(page, 16) != (LMDB_MAGIC, LMDB_DATA_VERSION):
        return None
    return int(_LMDB_TXNID.unpack_from(page, LMDB_TXNID_OFFSET)[0])


def read_metas(data_path: str, psize: int) -> tuple[bytes, bytes]:
    """The saved prefixes of LMDB's two meta pages (pages 0 and 1 of data.mdb)."""
    fd = os.open(data_path, os.O_RDONLY)
    try:
        return os.pread(fd, META_BYTES, 0), os.pread(fd, META_BYTES, psize)
    finally:
        os.close(fd)


def restore_metas(data_path: str, header: Header) -> None:
    """Put tree C's meta pages back into data.mdb (W1, W2) and make that durable."""
    fd = os.open(data_path, os.O_RDWR)
    try:
        _pwrite_all(fd, header.metas[0], 0)
        _pwrite_all(fd, header.metas[1], header.psize)
        os.fsync(fd)
    finally:
        os.close(fd)


def _pwrite_all(fd: int, data: bytes, offset: int) -> None:
    if os.pwrite(fd, data, offset) != len(data):  # ENOSPC part way: never report it durable
        raise OSError(f"short write at offset {offset}")


def fsync_dir(path: str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Wal:
    """The log file: header slots and records. Not thread-safe (the commit leader owns it)."""

    def __init__(self, directory: str) -> None:
        self.path = os.path.join(directory, WAL_NAME)
        created = not os.path.exists(self.path)
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self.fd)
            raise StorageError(f"the store at {directory!r} is open in another process") from None
        # A store dropped without close must not keep the lock for the life of the process.
        self._finalizer = weakref.finalize(self, os.close, self.fd)
        self.size = os.fstat(self.fd).st_size
        if self.size < RECORDS_START + BLOCK:
            self._extend(INITIAL_SIZE)
        if created:
            fsync_dir(directory)
        self.header = self._read_header()
        self.offset = RECORDS_START  # where the next record goes
        self.seq = 0
        self._direct = _open_direct(self.path)  # -1: records go through ``fd`` + fdatasync
        self._direct_finalizer = (
            weakref.finalize(self, os.close, self._direct) if self._direct >= 0 else None
        )
        self._buffer: mmap.mmap | None = None  # page-aligned, for direct writes

    # -- header --------------------------------------------------------------------------

    def _read_header(self) -> Header | None:
        best: Header | None = None
        for slot in (0, 1):
            header = _parse_header(slot, os.pread(self.fd, BLOCK, slot * BLOCK))
            if header is not None and (best is None or header.generation > best.generation):
                best = header
        return best

    def write_header(self, psize: int, cid: int, txnid: int, metas: tuple[bytes, bytes]) -> None:
        """Start a new generation at checkpoint ``cid`` (the caller made LMDB durable, W1)."""
        old = self.header
        slot = 0 if old is None else 1 - old.slot
        generation = 1 if old is None else old.generation + 1
        body = _HEADER.pack(_HEADER_MAGIC, VERSION, psize, generation, cid, txnid)
        body += metas[0].ljust(META_BYTES, b"\0") + metas[1].ljust(META_BYTES, b"\0")
        block = (body + _CRC.pack(zlib.crc32(body))).ljust(BLOCK, b"\0")
        _pwrite_all(self.fd, block, slot * BLOCK)
        os.fdatasync(self.fd)
        self.header = Header(slot, psize, generation, cid, txnid, metas)
        self.offset = RECORDS_START
        self.seq = 0

    def grow(self, at_least: int = 0) -> None:
        """Double the preallocated size, or more to reach ``at_least`` bytes (rounded up to
        a MiB), up to MAX_SIZE; only at a checkpoint."""
        if self.size < MAX_SIZE:
            wanted = max(self.size * 2, -(-at_least // (1 << 20)) << 20)
            self._extend(min(wanted, MAX_SIZE))

    def _extend(self, size: int) -> None:
        # Real zeros, not fallocate: writing into unwritten extents would make every record's
        # fdatasync commit file-system metadata, as an append does.
        pos = self.size
        while pos < size:
            pos += os.pwrite(self.fd, _ZEROS[: min(len(_ZEROS), size - pos)], pos)
        os.fsync(self.fd)
        self.size = size

    # -- records -------------------------------------------------------------------------

    @property
    def used(self) -> int:
        return self.offset - RECORDS_START

    def rewind(self) -> None:
        self.offset = RECORDS_START
        self.seq = 0

    def fits(self, payload_len: int) -> bool:
        return self.offset + _record_size(payload_len) <= self.size

    def append(self, payload: bytes, first: int, last: int) -> None:
        """Write one record durably (pwrite + fdatasync); the caller checked ``fits``."""
        assert self.header is not None
        head = _RECORD.pack(_RECORD_MAGIC, len(payload), self.header.generation, self.seq,
                            first, last)  # fmt: skip
        crc = zlib.crc32(payload, zlib.crc32(head))
        data = head + _CRC.pack(crc) + payload
        size = _record_size(len(payload))
        if self._direct < 0 or not self._write_direct(data, size):
            _pwrite_all(self.fd, data, self.offset)
            os.fdatasync(self.fd)
        self.offset += size
        self.seq += 1

    def _write_direct(self, data: bytes, size: int) -> bool:
        """Write ``data`` padded to ``size`` (whole blocks) through the O_DIRECT | O_DSYNC
        descriptor; False when the file system refuses direct writes (then never again)."""
        buffer = self._buffer
        if buffer is None or len(buffer) < size:
            if buffer is not None:
                buffer.close()
            buffer = self._buffer = mmap.mmap(-1, size)  # page-aligned, as O_DIRECT needs
        n = len(data)
        buffer[:n] = data
        buffer[n:size] = _ZEROS[: size - n]  # the padding to a block boundary, < BLOCK
        with memoryview(buffer) as view:
            try:
                written = os.pwrite(self._direct, view[:size], self.offset)
            except OSError as exc:
                if exc.errno != errno.EINVAL:
                    raise
                self._close_direct()  # alignment or O_DIRECT refused: the buffered path
                return False
        if written != size:  # ENOSPC part way: never report it durable
            raise OSError(f"short write at offset {self.offset}")
        return True

    def _close_direct(self) -> None:
        if self._direct_finalizer is not None:
            self._direct_finalizer()  # closes the descriptor (once)
            self._direct_finalizer = None
        self._direct = -1

    def records(self) -> Iterator[Record]:
        """The replayable records after the header (W3); stops at the first torn/stale/gap one.

        Leaves ``offset``/``seq`` after the last valid record."""
        header = self.header
        if header is None:
            return
        expected = header.cid + 1
        head_size = _RECORD.size + _CRC.size
        while self.offset + head_size <= self.size:
            raw = os.pread(self.fd, head_size, self.offset)
            magic, length, generation, seq, first, last = _RECORD.unpack_from(raw)
            if (magic != _RECORD_MAGIC or generation != header.generation or seq != self.seq
                    or first != expected or last < first - 1
                    or self.offset + _record_size(length) > self.size):  # fmt: skip
                return
            payload = os.pread(self.fd, length, self.offset + head_size)
            crc = zlib.crc32(payload, zlib.crc32(raw[: _RECORD.size]))
            if len(payload) != length or crc != _CRC.unpack_from(raw, _RECORD.size)[0]:
                return
            yield Record(first, last, payload)
            expected = last + 1
            self.offset += _record_size(length)
            self.seq += 1

    def close(self) -> None:
        self._close_direct()
        if self._buffer is not None:
            self._buffer.close()
            self._buffer = None
        self._finalizer()  # closes the file, which releases the flock (once)
        self.fd = -1


def _open_direct(path: str) -> int:
    """A descriptor for durable direct record writes, or -1 where there is none."""
    direct = getattr(os, "O_DIRECT", 0)
    if not direct:
        return -1
    try:
        return os.open(path, os.O_WRONLY | direct | os.O_DSYNC)
    except OSError:  # tmpfs and some file systems refuse O_DIRECT
        return -1


def _record_size(payload_len: int) -> int:
    n = _RECORD.size + _CRC.size + payload_len
    return (n + BLOCK - 1) // BLOCK * BLOCK


def _parse_header(slot: int, block: bytes) -> Header | None:
    end = _HEADER.size + 2 * META_BYTES
    if len(block) < end + _CRC.size or _CRC.unpack_from(block, end)[0] != zlib.crc32(block[:end]):
        return None
    magic, version, psize, generation, cid, txnid = _HEADER.unpack_from(block)
    if magic != _HEADER_MAGIC or version != VERSION:
        return None
    m0 = block[_HEADER.size : _HEADER.size + META_BYTES]
    return Header(slot, psize, generation, cid, txnid, (m0, block[_HEADER.size + META_BYTES : end]))
