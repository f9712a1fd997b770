"""Money on the wire: ``Decimal`` in, decimal strings out; never a float."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

Money = Decimal | int | str
"""What a money field accepts: a ``Decimal``, an ``int``, or a decimal string. Never a ``float``."""

MONEY_KEYS = ("quantity", "price", "reference_price", "stop_loss", "take_profit")


def encode_money(field: str, value: object) -> str:
    """The wire form of one money value: a plain decimal string (no exponent).

    Raises ``TypeError`` naming the field for a float (it cannot hold money exactly: ``0.1`` is
    0.1000000000000000055511151231257827…) or a bool, and ``ValueError`` for NaN, infinities and unparsable strings.
    """
    if isinstance(value, bool):
        raise TypeError(f"{field}: expected Decimal, int or a decimal string, got bool")
    if isinstance(value, float):
        raise TypeError(
            f"{field}: got float {value!r}; a float cannot represent money exactly — "
            f"pass Decimal('{value!r}') or the string '{value!r}' instead"
        )
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"{field}: {value!r} is not a decimal number") from None
    else:
        raise TypeError(f"{field}: expected Decimal, int or a decimal string, got {type(value).__name__}")
    if not number.is_finite():
        raise ValueError(f"{field}: {value!r} is not a finite number")
    text = format(number, "f")
    return text


def check_money(field: str, value: object) -> None:
    """Raises like ``encode_money`` when ``value`` is not acceptable money."""
    encode_money(field, value)
