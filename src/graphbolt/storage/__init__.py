"""The graph on LMDB: key layout and invariants (``_layout``), property codec (``_codec``),
token tables (``_tokens``), write requests and their validation (``_batch``) and the ``Store``
(environment, snapshots, group commit, bookmarks). The transaction layer (``graphbolt.tx``)
is the only user.
"""

from graphbolt.storage._batch import WriteRequest
from graphbolt.storage._store import Store
from graphbolt.storage._verify import verify

__all__ = ["Store", "WriteRequest", "verify"]
