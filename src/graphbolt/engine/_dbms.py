"""``Dbms``: the databases of one location (a directory, or memory), by name.

A location holds the default database ``neo4j`` and the ``system`` database, each its own
``Database`` (own store, own commit sequence, own bookmarks). A durable location keeps each
database in a subdirectory named after it. Databases open on first use.
"""

from __future__ import annotations

import os
import threading

from graphbolt.engine._database import Database
from graphbolt.errors import DatabaseNotFound, TransactionError

DEFAULT_DATABASE = "neo4j"
SYSTEM_DATABASE = "system"
DATABASE_NAMES = (DEFAULT_DATABASE, SYSTEM_DATABASE)


class Dbms:
    """The database management system of one location. Use ``Dbms.open(path|None)``."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self._databases: dict[str, Database] = {}
        self._lock = threading.Lock()
        self._closed = False

    @classmethod
    def open(cls, path: str | None = None) -> Dbms:
        """The databases in directory ``path`` (created if absent), or in memory for None."""
        if path is not None:
            os.makedirs(path, exist_ok=True)
        return cls(path)

    @property
    def default_database(self) -> str:
        return DEFAULT_DATABASE

    def names(self) -> tuple[str, ...]:
        """The names of the databases of this location."""
        return DATABASE_NAMES

    def opened(self, name: str | None = None) -> Database | None:
        """The database called ``name`` if it is already open, else None (never opens)."""
        return self._databases.get(DEFAULT_DATABASE if name is None else name.lower())

    def database(self, name: str | None = None) -> Database:
        """The database called ``name`` (the default one for None), opened on first use.

        Names are case-insensitive, as in Neo4j. Raises ``DatabaseNotFound`` for a name this
        location does not have.
        """
        key = DEFAULT_DATABASE if name is None else name.lower()
        db = self._databases.get(key)
        if db is not None:
            return db
        if key not in DATABASE_NAMES:
            raise DatabaseNotFound(f"Database does not exist. Database name: '{name}'.")
        with self._lock:
            if self._closed:
                raise TransactionError("TransactionNotFound", "The DBMS is closed")
            db = self._databases.get(key)
            if db is None:
                path = None if self.path is None else os.path.join(self.path, key)
                db = Database.open(path, name=key)
                self._databases[key] = db
        return db

    def close(self) -> None:
        """Close every open database (in-memory ones are gone afterwards)."""
        with self._lock:
            self._closed = True
            databases, self._databases = list(self._databases.values()), {}
        for db in databases:
            db.close()

    def __enter__(self) -> Dbms:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
