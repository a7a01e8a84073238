"""Users and authentication: scrypt-hashed passwords kept in ``<data dir>/users.json``.

The file holds, per user name, a random salt and ``hashlib.scrypt(password, salt, n, r, p)``;
passwords themselves are never stored. It is replaced atomically (write + rename).

``Authenticator.authenticate(token)`` checks a Bolt auth token (``{scheme, principal,
credentials}``) and returns the user name or raises ``SecurityError("Unauthorized")``. With
authentication disabled every token is accepted (as Neo4j does with auth off).

A store with no users yet can be given a first user with a generated password
(``UserStore.create_initial_user``), so a fresh server starts without a configured secret.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import threading
from typing import Any

from graphbolt.errors import SecurityError

USERS_FILE = "users.json"
INITIAL_USER = "neo4j"
_N, _R, _P, _DKLEN = 2**14, 8, 1, 32


def _hash(password: str, salt: bytes, n: int = _N, r: int = _R, p: int = _P) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=_DKLEN, maxmem=64 * 1024 * 1024
    )


def _entry(password: str, salt: bytes) -> dict[str, Any]:
    return {"salt": salt.hex(), "hash": _hash(password, salt).hex(), "n": _N, "r": _R, "p": _P}


class UserStore:
    """The users of one server, persisted in a JSON file (or only in memory: ``path`` None)."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self._users: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()
        if path is not None and os.path.exists(path):
            with open(path, encoding="utf-8") as handle:
                data = json.load(handle)
            self._users = dict(data.get("users", {}))

    @classmethod
    def in_directory(cls, directory: str | None) -> UserStore:
        """The store of data directory ``directory`` (memory only for None)."""
        if directory is None:
            return cls(None)
        os.makedirs(directory, exist_ok=True)
        return cls(os.path.join(directory, USERS_FILE))

    def __contains__(self, name: object) -> bool:
        return name in self._users

    def __len__(self) -> int:
        return len(self._users)

    def set_password(self, name: str, password: str) -> None:
        """Create ``name`` or replace its password; saved before returning."""
        if not name:
            raise ValueError("a user needs a name")
        if not password:
            raise ValueError("a user needs a non-empty password")
        entry = _entry(password, secrets.token_bytes(16))
        with self._lock:
            self._users[name] = entry
            self._save()

    def create_initial_user(self, name: str = INITIAL_USER) -> str | None:
        """Give an empty store user ``name`` with a random password; that password, or None.

        None when the store already has users (they are kept). The password is returned once
        so the caller can show it; only its hash is stored.
        """
        password = secrets.token_urlsafe(18)  # 144 random bits, no '/' (the --auth separator)
        with self._lock:
            if self._users:
                return None
            salt = secrets.token_bytes(16)
            self._users[name] = _entry(password, salt)
            self._save()
        return password

    def verify(self, name: str, password: str) -> bool:
        """True when ``password`` is ``name``'s password (constant-time comparison)."""
        entry = self._users.get(name)
        if entry is None:
            _hash(password, b"graphbolt-dummy!")  # same cost for unknown users
            return False
        digest = _hash(password, bytes.fromhex(entry["salt"]), entry["n"], entry["r"], entry["p"])
        return hmac.compare_digest(digest, bytes.fromhex(entry["hash"]))

    def _save(self) -> None:
        if self.path is None:
            return
        tmp = f"{self.path}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"version": 1, "users": self._users}, handle, indent=1, sort_keys=True)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, self.path)


class Authenticator:
    """Checks Bolt auth tokens against a ``UserStore`` (or accepts all when disabled)."""

    def __init__(self, users: UserStore | None) -> None:
        self.users = users
        # Successful checks are remembered as keyed digests, so reconnecting clients do not
        # pay scrypt's deliberate cost again; the key lives only in this process.
        self._key = secrets.token_bytes(32)
        self._verified: dict[str, bytes] = {}
        # Concurrent first logins of one user wait for a single scrypt check, then hit the cache.
        self._checking = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.users is not None

    def authenticate(self, token: dict[str, Any]) -> str:
        """The authenticated user name; ``SecurityError("Unauthorized")`` otherwise."""
        scheme = token.get("scheme", "none")
        principal = token.get("principal")
        if self.users is None:
            return principal if isinstance(principal, str) else "anonymous"
        credentials = token.get("credentials")
        if scheme != "basic" or not isinstance(principal, str) or not isinstance(credentials, str):
            raise SecurityError(
                "Unauthorized",
                "The client is unauthorized due to authentication failure: "
                f"the '{scheme}' scheme is not accepted, use basic authentication",
            )
        mark = hmac.new(self._key, credentials.encode("utf-8"), "sha256").digest()
        with self._checking:
            known = self._verified.get(principal)
            if known is not None and hmac.compare_digest(known, mark):
                return principal
            if not self.users.verify(principal, credentials):
                raise SecurityError(
                    "Unauthorized", "The client is unauthorized due to authentication failure."
                )
            self._verified[principal] = mark
        return principal
