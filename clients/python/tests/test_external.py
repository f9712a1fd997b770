"""Bot-executed orders (``execution: external``) through the client, against a real `rampart serve`: reserve,
report fills, release; and the refusals, each a typed error naming the field, with no state change."""

from __future__ import annotations

from decimal import Decimal

import pytest

from conftest import Service
from rampart_client import (
    AsyncClient,
    BadRequest,
    Client,
    ExceedsReservation,
    ExternalOrder,
    FillIdConflict,
    FillReport,
    Order,
    OrderClosed,
    Unavailable,
    UnknownOrder,
)
from support import order_id


def external_buy(bot: str, coid: str, quantity: str = "0.002", **extra: object) -> dict[str, object]:
    """A market buy the bot places itself: 0.002 BTC valued at 65000 (no market data here: the caller's price)."""
    order: dict[str, object] = {
        "bot": bot,
        "symbol": "BTC/USDT",
        "side": "buy",
        "type": "market",
        "quantity": quantity,
        "reference_price": "65000",
        "client_order_id": coid,
    }
    order.update(extra)
    return order


def position(admin: Client, bot: str) -> Decimal:
    held = admin.state().positions_of(bot)
    return held[0].quantity if held else Decimal(0)


def held(admin: Client, coid: str) -> list[ExternalOrder]:
    return [o for o in admin.state().external_orders if o.client_order_id == coid]


def test_external_order_is_reserved_then_filled_in_parts(client: Client, admin: Client, bot: str) -> None:
    coid = order_id()
    decision = client.submit(external_buy(bot, coid), execution="external")
    assert decision.allowed, decision.reason
    reservation = decision.execution
    assert reservation is not None and reservation.reserved and reservation.status == "reserved"
    assert reservation.client_order_id == coid
    assert reservation.quantity == Decimal("0.002")
    assert reservation.filled_quantity == Decimal(0)
    assert reservation.remaining_quantity == Decimal("0.002")
    assert reservation.expires_at
    assert position(admin, bot) == 0  # reserved, nothing executed
    [listed] = held(admin, coid)
    assert listed.remaining_quantity == Decimal("0.002")

    first = client.report_fill(coid, fill_id="t-1", quantity=Decimal("0.001"), price=Decimal("64991"),
                               fee=Decimal("0.065"))
    assert isinstance(first, FillReport)
    assert (first.client_order_id, first.fill_id) == (coid, "t-1")
    assert (first.quantity, first.price, first.fee) == (Decimal("0.001"), Decimal("64991"), Decimal("0.065"))
    assert first.price_check == "unchecked"  # the test service holds no quote
    assert first.market_price is None and first.price_source == "caller"
    assert first.order.status == "reserved" and not first.order.done
    assert (first.order.filled_quantity, first.order.remaining_quantity) == (Decimal("0.001"), Decimal("0.001"))
    assert first.replayed is False
    assert position(admin, bot) == Decimal("0.001")

    again = client.report_fill(coid, fill_id="t-1", quantity="0.001", price="64991", fee="0.065")
    assert again.replayed is True  # the same fill id: the first answer, booked once
    assert position(admin, bot) == Decimal("0.001")

    last = client.report_fill(coid, fill_id="t-2", quantity="0.001", price="64993", fee="0.065")
    assert last.order.status == "filled" and last.order.done
    assert last.order.remaining_quantity == 0
    assert position(admin, bot) == Decimal("0.002")
    assert held(admin, coid) == []

    # The same client order id again: the first answer, no second reservation.
    replay = client.submit(Order(**external_buy(bot, coid), execution="external"))  # type: ignore[arg-type]
    assert replay.replayed is True and replay.allowed


def test_cancel_releases_what_did_not_fill(client: Client, admin: Client, bot: str) -> None:
    coid = order_id()
    assert client.submit(external_buy(bot, coid), execution="external").allowed
    client.report_fill(coid, fill_id="t-1", quantity="0.0005", price="65000", fee="0")
    cancelled = client.cancel(coid)
    assert cancelled.cancelled and cancelled.client_order_id == coid
    assert (cancelled.quantity, cancelled.filled_quantity, cancelled.released_quantity) == (
        Decimal("0.002"), Decimal("0.0005"), Decimal("0.0015")
    )
    assert held(admin, coid) == []
    assert position(admin, bot) == Decimal("0.0005")
    with pytest.raises(OrderClosed) as closed:
        client.report_fill(coid, fill_id="t-2", quantity="0.0005", price="65000", fee="0")
    assert closed.value.status == 409 and closed.value.code == "order_closed"
    assert closed.value.order_status == "cancelled"
    # Nothing left to release. (docs/api.md's table says 409 order_closed; the service answers 404 not_resting.)
    with pytest.raises(BadRequest) as again:
        client.cancel(coid)
    assert again.value.status in (404, 409)
    assert position(admin, bot) == Decimal("0.0005")


def test_a_fill_for_an_unknown_order_is_a_404_and_changes_nothing(client: Client, admin: Client, bot: str) -> None:
    before = admin.state()
    with pytest.raises(UnknownOrder) as raised:
        client.report_fill(order_id(), fill_id="t-1", quantity="0.001", price="65000", fee="0")
    assert isinstance(raised.value, BadRequest)
    assert raised.value.status == 404 and raised.value.code == "unknown_order"
    after = admin.state()
    assert after.positions == before.positions and after.accounts == before.accounts


def test_a_fill_beyond_the_reservation_is_refused_naming_quantity(client: Client, admin: Client, bot: str) -> None:
    coid = order_id()
    assert client.submit(external_buy(bot, coid), execution="external").allowed
    client.report_fill(coid, fill_id="t-1", quantity="0.0015", price="65000", fee="0")
    with pytest.raises(ExceedsReservation) as raised:
        client.report_fill(coid, fill_id="t-2", quantity="0.001", price="65000", fee="0")
    error = raised.value
    assert error.status == 409 and error.code == "exceeds_reservation"
    assert error.key == "quantity"
    assert error.remaining == Decimal("0.0005")
    assert position(admin, bot) == Decimal("0.0015")  # nothing booked
    [listed] = held(admin, coid)
    assert listed.remaining_quantity == Decimal("0.0005")
    client.cancel(coid)


def test_a_fill_id_reported_with_other_numbers_conflicts(client: Client, admin: Client, bot: str) -> None:
    coid = order_id()
    assert client.submit(external_buy(bot, coid), execution="external").allowed
    client.report_fill(coid, fill_id="t-1", quantity="0.001", price="65000", fee="0.065")
    with pytest.raises(FillIdConflict) as raised:
        client.report_fill(coid, fill_id="t-1", quantity="0.001", price="65001", fee="0.065")
    assert raised.value.code == "fill_id_conflict" and raised.value.key == "fill_id"
    assert position(admin, bot) == Decimal("0.001")
    client.cancel(coid)


def test_malformed_fills_name_the_field(client: Client, admin: Client, bot: str) -> None:
    coid = order_id()
    assert client.submit(external_buy(bot, coid), execution="external").allowed
    # The service keeps 8 decimals and names the key.
    for key, numbers in (
        ("quantity", {"quantity": "0.000000001", "price": "65000", "fee": "0"}),
        ("price", {"quantity": "0.001", "price": "65000.000000001", "fee": "0"}),
        ("fee", {"quantity": "0.001", "price": "65000", "fee": "0.000000001"}),
        ("quantity", {"quantity": "-0.001", "price": "65000", "fee": "0"}),
        ("price", {"quantity": "0.001", "price": "0", "fee": "0"}),
    ):
        with pytest.raises(BadRequest) as raised:
            client.report_fill(coid, fill_id="t-bad", **numbers)
        assert raised.value.status == 400, numbers
        assert raised.value.key == key, (numbers, raised.value)
        assert key in raised.value.message
    with pytest.raises(BadRequest) as bad_id:
        client.report_fill(coid, fill_id="has spaces", quantity="0.001", price="65000", fee="0")
    assert bad_id.value.key == "fill_id"
    # What cannot be money never leaves the client: the error names the field.
    with pytest.raises(TypeError, match="price"):
        client.report_fill(coid, fill_id="t-1", quantity="0.001", price=65000.5, fee="0")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="fee"):
        client.report_fill(coid, fill_id="t-1", quantity="0.001", price="65000", fee="abc")
    with pytest.raises(ValueError, match="fill_id"):
        client.report_fill(coid, fill_id="", quantity="0.001", price="65000", fee="0")
    assert position(admin, bot) == 0
    [listed] = held(admin, coid)
    assert listed.filled_quantity == 0
    client.cancel(coid)


def test_an_external_order_needs_a_client_order_id(client: Client, bot: str) -> None:
    with pytest.raises(ValueError, match="client_order_id"):
        client.submit(external_buy(bot, coid=""), execution="external")
    with pytest.raises(ValueError, match="client_order_id"):
        Order(bot=bot, symbol="BTC/USDT", side="buy", type="market", quantity="1", execution="external")
    with pytest.raises(ValueError, match="execution"):
        client.submit(external_buy(bot, order_id()), execution="outside")


def test_a_denied_external_order_reserves_nothing(client: Client, admin: Client, bot: str) -> None:
    coid = order_id()
    decision = client.submit(external_buy(bot, coid, symbol="LUNA/USDT", reference_price="1"), execution="external")
    assert not decision.allowed and decision.rules == ("symbol-list",)
    assert decision.execution is None
    assert held(admin, coid) == []
    with pytest.raises(UnknownOrder):  # denied: no bot-executed order has that id
        client.report_fill(coid, fill_id="t-1", quantity="0.001", price="1", fee="0")


def test_fills_fail_loudly_when_rampart_is_down(closed_port: int, bot: str) -> None:
    with Client(f"http://127.0.0.1:{closed_port}", token="rmp_x", timeout=2) as down:
        decision = down.submit(external_buy(bot, order_id()), execution="external")
        assert not decision.allowed and decision.unavailable  # fail closed
        with pytest.raises(Unavailable, match="cannot be reached"):
            down.report_fill("o-1", fill_id="t-1", quantity="0.001", price="65000", fee="0")
        with pytest.raises(Unavailable):
            down.cancel("o-1")


@pytest.mark.anyio
async def test_async_external_order(service: Service, bot: str) -> None:
    coid = order_id()
    async with AsyncClient(service.url, token=service.trader) as client:
        decision = await client.submit(external_buy(bot, coid), execution="external")
        assert decision.execution is not None and decision.execution.reserved
        report = await client.report_fill(coid, fill_id="a-1", quantity="0.002", price="65000", fee="0.13")
        assert report.order.done and report.order.status == "filled"
        with pytest.raises(OrderClosed):
            await client.report_fill(coid, fill_id="a-2", quantity="0.001", price="65000", fee="0")
        with pytest.raises(UnknownOrder):
            await client.report_fill(order_id(), fill_id="a-1", quantity="0.002", price="65000", fee="0")
