"""Transactions: snapshot isolation over ``graphbolt.storage.Store``.

``store.begin(write)``, ``Transaction(store, write)`` or ``begin(store, write)`` start a
transaction implementing ``GraphAccess``; see
``_transaction`` for the lifecycle, ``_reads`` for scan semantics under concurrent writes and
``_commit`` for how a write set becomes one atomic storage write.
"""

from graphbolt.storage import Store
from graphbolt.tx._access import BOTH, IN, OUT, GraphAccess
from graphbolt.tx._transaction import Transaction, begin

Store.transaction_factory = Transaction  # enables ``store.begin(write)``

__all__ = ["BOTH", "IN", "OUT", "GraphAccess", "Transaction", "begin"]
