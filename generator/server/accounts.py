"""Accounts: users with a role inside a unit, Argon2 password hashes, sessions (the cookie's
digest stored, never the cookie), login throttling per login name and per address."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets
import threading
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..errors import VanbanError
from ..i18n import _
from .db import LoginSession, Throttle, Unit, User, now

ROLES = ("clerk", "leader", "city", "admin")
SESSION_HOURS = 12
MAX_FAILURES, WINDOW_MINUTES, LOCK_MINUTES = 5, 15, 15
MAX_FAILURES_PER_ADDRESS = 50  # an office of many clerks behind one address
MIN_PASSWORD = 8
_HASHING = threading.BoundedSemaphore(max(2, os.cpu_count() or 2))
_HASHER = PasswordHasher()  # argon2id with the library's (RFC 9106) parameters
_DUMMY = _HASHER.hash("vanban: a login that does not exist still costs one hash")


def use_hasher(hasher: PasswordHasher) -> None:
    """Hash with ``hasher`` from now on (the tests use a cheap one)."""
    global _HASHER, _DUMMY
    _HASHER = hasher
    _DUMMY = hasher.hash("vanban: a login that does not exist still costs one hash")


@dataclass(frozen=True)
class Account:
    """Who is asking: the user, their role, their unit and every unit they may read."""

    user_id: int
    login: str
    role: str
    unit_id: int
    units: frozenset[int]  # readable
    csrf: str

    def can_write(self, unit_id: int) -> bool:
        """Clerks and leaders edit their unit's documents; the city edits its own."""
        return self.role in ("clerk", "leader", "city") and unit_id == self.unit_id

    def can_approve(self, unit_id: int) -> bool:
        return self.role == "leader" and unit_id == self.unit_id


def add_user(session: Session, login: str, password: str, unit: Unit, role: str) -> User:
    """A new user; the login must be new, the role known, the password long enough."""
    login = login.strip()
    if not login or len(login) > 100 or any(c.isspace() or c < " " for c in login):
        raise VanbanError(_("A login is one word without spaces, at most 100 characters"))
    if role not in ROLES:
        raise VanbanError(_("Unknown role {role}: clerk, leader, city or admin").format(role=role))
    if len(password) < MIN_PASSWORD:
        raise VanbanError(_("The password needs at least {n} characters").format(n=MIN_PASSWORD))
    if session.scalar(select(User).where(User.login == login)) is not None:
        raise VanbanError(_("The login {login} already exists").format(login=login))
    user = User(login=login, password_hash=_HASHER.hash(password), role=role, unit_id=unit.id)
    session.add(user)
    session.flush()
    return user


def readable_units(session: Session, user: User) -> frozenset[int]:
    """The units whose documents ``user`` may read: their own, and for the city every unit
    below it."""
    if user.role != "city":
        return frozenset({user.unit_id})
    # one recursive query (a city reads thousands of wards: no list of ids sent back and forth)
    tree = select(Unit.id).where(Unit.id == user.unit_id).cte("tree", recursive=True)
    tree = tree.union(select(Unit.id).join(tree, Unit.parent_id == tree.c.id))
    return frozenset(session.scalars(select(tree.c.id)))


def _throttle(session: Session, key: str) -> Throttle:
    row = session.get(Throttle, key)
    if row is None:
        row = Throttle(key=key, failures=0, first_at=now())
        session.add(row)
    return row


def locked(session: Session, keys: list[str]) -> bool:
    """Whether one of ``keys`` (a login, an address) is locked after too many failures."""
    t = now()
    return any(
        (row := session.get(Throttle, key)) is not None
        and row.locked_until is not None
        and row.locked_until > t
        for key in keys
    )


def _failed(session: Session, keys: list[str]) -> None:
    t = now()
    for key in keys:
        row = _throttle(session, key)
        if t - row.first_at > dt.timedelta(minutes=WINDOW_MINUTES):
            row.failures, row.first_at = 0, t
        row.failures += 1
        limit = MAX_FAILURES if key.startswith("login:") else MAX_FAILURES_PER_ADDRESS
        if row.failures >= limit:
            row.locked_until = t + dt.timedelta(minutes=LOCK_MINUTES)


def throttle_keys(login: str, address: str) -> list[str]:
    return [f"login:{login.strip().lower()}", f"addr:{address}"]


def stored_hash(session: Session, login: str) -> tuple[int | None, str]:
    """(the user's id, their hash), or (None, a dummy) for a login that does not exist, so that
    both cost one verification."""
    user = session.scalar(select(User).where(User.login == login.strip()))
    return (user.id, user.password_hash) if user else (None, _DUMMY)


def verify(stored: str, password: str) -> bool:
    """Whether ``password`` matches ``stored``; a few at a time (Argon2 takes memory and a
    core each), and outside any database transaction."""
    with _HASHING:
        try:
            return _HASHER.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return False


def failed(session: Session, login: str, address: str) -> None:
    """A wrong password, counted against the login and the address."""
    _failed(session, throttle_keys(login, address))


def succeeded(session: Session, user_id: int, password: str) -> User | None:
    """A right password: the login's failures forgotten, the hash renewed if its parameters
    are old."""
    user = session.get(User, user_id)
    if user is None:
        return None
    session.execute(delete(Throttle).where(Throttle.key == f"login:{user.login.lower()}"))
    if _HASHER.check_needs_rehash(user.password_hash):
        user.password_hash = _HASHER.hash(password)
    return user


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(session: Session, user: User) -> tuple[str, str]:
    """A new session for ``user``: (the cookie's token, the CSRF token)."""
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    expires = now() + dt.timedelta(hours=SESSION_HOURS)
    session.execute(delete(LoginSession).where(LoginSession.expires_at < now()))
    session.add(
        LoginSession(token_hash=_digest(token), user_id=user.id, csrf=csrf, expires_at=expires)
    )
    return token, csrf


def account_of(session: Session, token: str | None) -> Account | None:
    """The account of a session cookie, or None (no cookie, unknown, expired)."""
    if not token or len(token) > 200:
        return None
    row = session.get(LoginSession, _digest(token))
    if row is None or row.expires_at < now():
        return None
    user = session.get(User, row.user_id)
    if user is None:
        return None
    return Account(
        user.id, user.login, user.role, user.unit_id, readable_units(session, user), row.csrf
    )


def close_session(session: Session, token: str | None) -> None:
    if token:
        session.execute(delete(LoginSession).where(LoginSession.token_hash == _digest(token)))
