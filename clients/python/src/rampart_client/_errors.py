"""Typed errors of the Rampart client."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._models import Decision, Violation


class RampartError(Exception):
    """Base of every error this client raises.

    ``status`` is the HTTP status of the answer (``None`` when there was no answer), ``code`` the service's error
    code (``bad_request``, ``out_of_scope``, ``not_resting``…), ``details`` its ``details`` member.
    """

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: str | None = None,
        details: Any = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.details = details

    def __str__(self) -> str:
        prefix = []
        if self.status is not None:
            prefix.append(str(self.status))
        if self.code:
            prefix.append(self.code)
        return f"{' '.join(prefix)}: {self.message}" if prefix else self.message


class Unavailable(RampartError):
    """Rampart could not be reached, timed out, answered 5xx, or answered something that is not its API.

    ``check``/``submit`` never raise this: they return a denied ``Decision`` (rule ``unavailable``) instead.
    The other calls (``state``, ``prices``, ``cancel``…) raise it.
    """


class Unauthorized(RampartError):
    """401: no token, or a token the service does not know."""


class Forbidden(RampartError):
    """403: the token's role may not call this route (e.g. a trader token reading ``/v1/state``)."""


class OutOfScope(Forbidden):
    """403 ``out_of_scope``: a trader token acting for a bot or account outside its scope. Nothing changed."""


class Throttled(RampartError):
    """429: the token is over its request rate, or this address failed authentication too often.

    Nothing was decided, reserved or journaled. Wait ``retry_after`` seconds before sending again.
    """

    def __init__(
        self,
        message: str,
        *,
        retry_after: float,
        status: int | None = 429,
        code: str | None = None,
        details: Any = None,
    ) -> None:
        super().__init__(message, status=status, code=code, details=details)
        self.retry_after = retry_after


class BadRequest(RampartError):
    """The service refused the request as sent: 400 (``key`` names the key at fault), 404 (e.g. ``not_resting``),
    409, 413 (body over 64 KiB), 422 and any other 4xx. Nothing changed."""

    @property
    def key(self) -> str | None:
        """The key the service named (``details.key``), if any."""
        if isinstance(self.details, Mapping):
            key = self.details.get("key")
            if isinstance(key, str):
                return key
        return None


class Denied(RampartError):
    """Raised by ``check_or_raise``/``submit_or_raise`` when the gate did not allow the order.

    ``decision`` is the full ``Decision``; ``violations`` its violations. When the denial is the client's own
    fail-closed answer (Rampart unreachable), the exception is also an ``Unavailable``.
    """

    def __init__(self, decision: Decision) -> None:
        super().__init__(f"order denied: {decision.reason}", code="denied")
        self.decision = decision

    @property
    def violations(self) -> tuple[Violation, ...]:
        """The violations of the decision."""
        return self.decision.violations


class UnavailableDenied(Denied, Unavailable):
    """A fail-closed denial raised by ``*_or_raise``: both a ``Denied`` and an ``Unavailable``."""


class UnknownOrder(BadRequest):
    """404 ``unknown_order``: no bot-executed order has that ``client_order_id`` (a fill or a release for an order
    the gate never reserved, or one of another session). Nothing changed."""


class ExceedsReservation(BadRequest):
    """409 ``exceeds_reservation``: the fill's quantity is more than the order has left; ``remaining`` is what it
    has left (``details.remaining``). Nothing changed."""

    @property
    def remaining(self) -> Decimal | None:
        """What the order has left to fill, as the service said (``details.remaining``)."""
        if isinstance(self.details, Mapping):
            value = self.details.get("remaining")
            if isinstance(value, (str, int, Decimal)) and not isinstance(value, bool):
                try:
                    return Decimal(value)
                except ArithmeticError:
                    return None
        return None


class OrderClosed(BadRequest):
    """409 ``order_closed``: the order is filled in full, cancelled or expired (``status``). Nothing changed."""

    @property
    def order_status(self) -> str | None:
        """``filled``, ``cancelled`` or ``expired`` (``details.status``)."""
        if isinstance(self.details, Mapping):
            value = self.details.get("status")
            if isinstance(value, str):
                return value
        return None


class FillIdConflict(BadRequest):
    """409 ``fill_id_conflict``: this ``fill_id`` was reported before with other numbers. Nothing changed."""


class UnknownSession(BadRequest):
    """404 ``unknown_session``: no open session has that id for this token (ended, expired, or another token's)."""


class SessionLimit(BadRequest):
    """409 ``session_limit``: the service holds as many open sessions as ``serve --max-sessions`` allows."""


BAD_REQUEST_CODES: dict[str, type[BadRequest]] = {
    "unknown_order": UnknownOrder,
    "exceeds_reservation": ExceedsReservation,
    "order_closed": OrderClosed,
    "fill_id_conflict": FillIdConflict,
    "unknown_session": UnknownSession,
    "session_limit": SessionLimit,
}
"""The typed ``BadRequest`` of each error code that has one."""
