"""Who may change the figures. Reading needs no sign-in; loading and rolling back need an editor.

Two ways to name editors, both in Streamlit's secrets (`.streamlit/secrets.toml`, never
committed), and none by default, so a fresh install accepts no upload:

- passwords, stored only as argon2id hashes (argon2-cffi, the reference implementation):

      [editors]
      nguyen_van_a = "$argon2id$v=19$m=65536,t=3,p=4$…"      # python -m dashboard.auth hash

- an organisation's identity provider through Streamlit's own OIDC sign-in (`st.login`),
  with the `[auth]` section Streamlit documents, and the editors' e-mail addresses:

      [editors_oidc]
      emails = ["chuyenvien@thanhhoa.gov.vn"]

Checking a password costs the same whether the user exists or not (an unknown name is
checked against a dummy hash), argon2 compares in constant time, and every failed attempt
doubles the wait before the next one for that name (1 s, 2 s, 4 s … at most 5 minutes).
Pure functions: the upload page owns the Streamlit widgets.
"""
from __future__ import annotations

import getpass
import sys
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_HASHER = PasswordHasher()
_DUMMY_HASH = _HASHER.hash("not a password anyone has")
MAX_WAIT_SECONDS = 300.0


@dataclass(frozen=True)
class EditorConfig:
    """Who may edit, from the secrets: password hashes by user name, OIDC e-mail addresses."""
    passwords: Mapping[str, str] = field(default_factory=dict)
    oidc_emails: frozenset[str] = frozenset()
    oidc_configured: bool = False  # an [auth] section: st.login can be offered

    @property
    def enabled(self) -> bool:
        return bool(self.passwords) or (self.oidc_configured and bool(self.oidc_emails))


def editor_config(secrets: Mapping) -> EditorConfig:
    """The editors named in Streamlit's secrets (any mapping of the same shape)."""
    editors = secrets.get("editors") or {}
    passwords = {str(name): str(value) for name, value in dict(editors).items()
                 if str(value).startswith("$argon2")}  # a plain password is never accepted
    oidc = secrets.get("editors_oidc") or {}
    emails = frozenset(str(e).strip().lower() for e in (dict(oidc).get("emails") or []) if str(e).strip())
    return EditorConfig(passwords, emails, bool(secrets.get("auth")))


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


class Throttle:
    """Failed sign-ins per user name, process-wide: each failure doubles the wait."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._failures: dict[str, tuple[int, float]] = {}

    def wait(self, name: str, now: float | None = None) -> float:
        """Seconds before `name` may try again (0 when it may now)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            count, last = self._failures.get(name, (0, 0.0))
        if not count:
            return 0.0
        return max(0.0, last + min(2.0 ** (count - 1), MAX_WAIT_SECONDS) - now)

    def failed(self, name: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            count, _ = self._failures.get(name, (0, 0.0))
            self._failures[name] = (count + 1, now)

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(name, None)


THROTTLE = Throttle()


@dataclass(frozen=True)
class SignIn:
    ok: bool
    wait_seconds: float = 0.0  # > 0: refused without checking, try again later


def check_password(config: EditorConfig, name: str, password: str, throttle: Throttle = THROTTLE,
                   now: float | None = None) -> SignIn:
    """Whether `name` is an editor with this password (throttled after failures)."""
    name = name.strip()
    wait = throttle.wait(name, now)
    if wait > 0:
        return SignIn(False, wait)
    stored = config.passwords.get(name)
    try:
        ok = _HASHER.verify(stored or _DUMMY_HASH, password) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        ok = False
    if ok:
        throttle.succeeded(name)
    else:
        throttle.failed(name, now)
    return SignIn(ok)


def oidc_editor(config: EditorConfig, email: str | None) -> bool:
    """Whether a user signed in through the identity provider is an editor."""
    return bool(email) and email.strip().lower() in config.oidc_emails


def main(argv: list[str] | None = None) -> int:
    """`python -m dashboard.auth hash [NAME]`: prints the secrets line for an editor."""
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] != "hash":
        print("usage: python -m dashboard.auth hash [NAME]", file=sys.stderr)
        return 2
    name = argv[1] if len(argv) > 1 else input("Tên đăng nhập / user name: ").strip()
    first = getpass.getpass("Mật khẩu / password: ")
    if len(first) < 10:
        print("Mật khẩu cần ít nhất 10 ký tự / the password needs at least 10 characters", file=sys.stderr)
        return 1
    if getpass.getpass("Nhập lại / again: ") != first:
        print("Hai lần nhập khác nhau / the two entries differ", file=sys.stderr)
        return 1
    print("# .streamlit/secrets.toml\n[editors]")
    print(f'{name} = "{hash_password(first)}"')
    return 0


if __name__ == "__main__":
    sys.exit(main())
