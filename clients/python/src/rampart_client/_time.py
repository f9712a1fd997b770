"""Times on the wire: ISO 8601 UTC (``2026-01-05T09:30:00Z``), from an aware ``datetime`` or such a string."""

from __future__ import annotations

from datetime import datetime, timezone

Time = datetime | str
"""What a ``time`` argument accepts: a timezone-aware ``datetime`` (any zone; sent in UTC), or an ISO 8601 UTC
string sent as given (the service checks it)."""


def encode_time(field: str, value: object) -> str:
    """The wire form of a time: ``2026-01-05T09:30:00Z``, with the fraction of a second only when there is one.

    Raises ``ValueError`` naming the field for a naive ``datetime`` (which zone it meant cannot be known) or an
    empty string, and ``TypeError`` for anything else (a number of seconds is ambiguous: pass a ``datetime``)."""
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(
                f"{field}: naive datetime {value.isoformat()}; pass a timezone-aware one "
                "(e.g. datetime(..., tzinfo=timezone.utc))"
            )
        utc = value.astimezone(timezone.utc)
        text = utc.strftime("%Y-%m-%dT%H:%M:%S")
        if utc.microsecond:
            text += f".{utc.microsecond:06d}".rstrip("0")
        return text + "Z"
    if isinstance(value, str):
        if not value.strip():
            raise ValueError(f"{field}: must not be empty")
        return value
    raise TypeError(f"{field}: expected a timezone-aware datetime or an ISO 8601 string, got {type(value).__name__}")
