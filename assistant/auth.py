"""Optional login: users and salted PBKDF2 password hashes in a file, never in the code.

missionsguiden user add alice        # asks for a password, appends to MISSIONSGUIDEN_USERS_FILE
users = UserFile(path); users.verify("alice", "...")
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from pathlib import Path

from .types import MissionsguidenError

ITERATIONS = 600_000  # OWASP's 2023 figure for PBKDF2-HMAC-SHA256
_NAME = re.compile(r"^[\w.@-]{1,64}$")


def hash_password(password: str, salt: bytes | None = None, iterations: int = ITERATIONS) -> str:
    salt = salt or os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    return f"pbkdf2_sha256${iterations}${salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    try:
        scheme, iterations, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "pbkdf2_sha256":
        return False
    computed = hashlib.pbkdf2_hmac(
        "sha256", password.encode(), bytes.fromhex(salt), int(iterations)
    )
    return hmac.compare_digest(computed.hex(), digest)


class UserFile:
    """`name:hash` lines; read on every login, so added users need no restart."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def users(self) -> dict[str, str]:
        if not self.path.is_file():
            raise MissionsguidenError(f"users file {self.path} does not exist")
        users = {}
        for line in self.path.read_text(encoding="utf-8").splitlines():
            name, sep, stored = line.strip().partition(":")
            if sep and not name.startswith("#"):
                users[name] = stored
        return users

    def verify(self, name: str, password: str) -> bool:
        stored = self.users().get(name)
        if stored is None:
            check_password(password, hash_password("x", iterations=1000))  # same work, no hint
            return False
        return check_password(password, stored)

    def add(self, name: str, password: str) -> None:
        if not _NAME.match(name):
            raise MissionsguidenError("a user name is 1-64 letters, digits or . _ @ -")
        if len(password) < 8:
            raise MissionsguidenError("a password needs at least 8 characters")
        users = self.users() if self.path.is_file() else {}
        users[name] = hash_password(password)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text("".join(f"{n}:{h}\n" for n, h in users.items()), encoding="utf-8")
        os.chmod(tmp, 0o600)
        tmp.replace(self.path)


# -- without login: an anonymous owner per browser -------------------------------------------

OWNER_COOKIE = "mg_owner"
OWNER_COOKIE_MAX_AGE = 400 * 24 * 3600  # browsers cap cookies at 400 days


class AnonymousOwners:
    """Without login, each browser is its own owner: a random id in a cookie signed with a
    secret kept in the data directory (made once, readable by this user only), so its
    conversations and canvases are listed and opened by it alone. A cookie that does not
    verify is replaced, never trusted."""

    def __init__(self, secret_file: Path, secret: str = "") -> None:
        from itsdangerous import URLSafeSerializer

        key = secret.encode() if secret else _secret(secret_file)
        self._signer = URLSafeSerializer(key, salt="missionsguiden-owner")

    def new(self) -> tuple[str, str]:
        """A new owner and the cookie value that proves it."""
        owner = f"anon:{os.urandom(12).hex()}"
        return owner, self._signer.dumps(owner)

    def read(self, cookie: str | None) -> str | None:
        """The owner a cookie proves, or None (missing, forged or from another installation)."""
        from itsdangerous import BadSignature

        if not cookie:
            return None
        try:
            owner = self._signer.loads(cookie)
        except BadSignature:
            return None
        return owner if isinstance(owner, str) and owner.startswith("anon:") else None


def _secret(path: Path) -> bytes:
    """The installation's secret, made once: written whole to a temporary file, then linked
    into place, so two servers starting at once agree on one and never read half of it."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(os.urandom(32))
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return path.read_bytes()
