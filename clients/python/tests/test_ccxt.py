"""ccxt 4.5 ``binance`` behind the gate (``rampart_client.ccxt.gated``), against the Swift tests' fake Binance venue
(``RampartFakeVenueServer``) and a real `rampart serve` that takes its market data from the same venue. Offline:
every URL is 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import ccxt
import ccxt.async_support
import pytest

from conftest import BINARY, REPOSITORY, TEST_PROFILE, dry_run
from rampart_client import AsyncClient, Client, Denied, UnavailableDenied
from rampart_client.ccxt import AsyncGatedExchange, GatedExchange, gated
from rampart_client.testing import LocalRampart
from support import order_id
from venue import FakeVenue, wait_until


class Gated:
    """The venue, the service (market data from the venue), and tokens."""

    def __init__(self, venue: FakeVenue, server: LocalRampart, trader: str, admin: str) -> None:
        self.venue = venue
        self.server = server
        self.trader = trader
        self.admin = admin

    def exchange_config(self, timeout_ms: int = 3000) -> dict[str, Any]:
        return {
            "apiKey": self.venue.api_key,
            "secret": self.venue.secret,
            "timeout": timeout_ms,
            "enableRateLimit": False,
            "urls": {"api": {"public": f"{self.venue.url}/api/v3", "private": f"{self.venue.url}/api/v3"}},
            "options": {
                "fetchMarkets": {"types": ["spot"]},
                "fetchMargins": False,
                "fetchCurrencies": False,
                "recvWindow": 5000,
            },
        }

    def binance(self, timeout_ms: int = 3000) -> Any:
        exchange = ccxt.binance(self.exchange_config(timeout_ms))
        assert exchange.urls["api"]["private"].startswith("http://127.0.0.1:")
        return exchange

    def places(self) -> int:
        count: int = self.venue.state()["place_requests"]
        return count

    def external_orders(self) -> dict[str, Any]:
        with Client(self.server.url, token=self.admin) as admin:
            return {o.client_order_id: o for o in admin.state().external_orders}

    def position(self, bot: str) -> Decimal:
        with Client(self.server.url, token=self.admin) as admin:
            held = admin.state().positions_of(bot)
        return held[0].quantity if held else Decimal(0)


@pytest.fixture(scope="module")
def gated_world() -> Iterator[Gated]:
    with FakeVenue(["ETHUSDT:ETH:USDT:1999:2000"]) as venue:
        server = LocalRampart(
            BINARY,
            rules_dir=REPOSITORY / "rules",
            profiles_dir=REPOSITORY / "profiles",
            profile="pytest",
            extra_profiles={"pytest.yaml": TEST_PROFILE},
            arguments=["--market-data", venue.url, "--market-symbols", "BTC/USDT,ETH/USDT", "--market-poll-ms", "200"],
        )
        try:
            trader = server.token("trader", name="ccxt-trader")
            admin = server.token("admin", name="ccxt-admin")
            server.start()
            with Client(server.url, token=admin) as client:
                assert wait_until(lambda: client.prices().quote("BTC/USDT") is not None, timeout=20), server.log
            yield Gated(venue, server, trader, admin)
        finally:
            server.stop()


@pytest.fixture
def client(gated_world: Gated) -> Iterator[Client]:
    with Client(gated_world.server.url, token=gated_world.trader) as c:
        yield c


def test_a_gated_market_buy_fills_and_is_booked(gated_world: Gated, client: Client, bot: str) -> None:
    exchange = gated(gated_world.binance(), client, bot=bot)
    assert isinstance(exchange, GatedExchange)
    gated_world.venue.script({"kind": "fill", "price": "100", "commission": "0.05", "asset": "USDT"})
    before = gated_world.places()
    coid = order_id()
    order = exchange.create_order("BTC/USDT", "market", "buy", Decimal("0.5"), None, {"clientOrderId": coid})
    assert order["status"] == "closed" and order["clientOrderId"] == coid
    assert order["filled"] == 0.5
    assert gated_world.places() == before + 1
    venue_order = [o for o in gated_world.venue.state()["orders"] if o["client_order_id"] == coid]
    assert venue_order and venue_order[0]["executed"] == "0.5"
    # Booked at the venue's price, the reservation settled.
    assert gated_world.position(bot) == Decimal("0.5")
    assert coid not in gated_world.external_orders()
    assert exchange.pending == {}
    # Everything else passes through to ccxt.
    assert "BTC/USDT" in exchange.markets and exchange.id == "binance"
    assert exchange.fetch_order(coid, "BTC/USDT", {"clientOrderId": coid})["filled"] == 0.5
    # The fill was checked against the gate's own quote (bid 99.9, ask 100): a sell back at 100 reduces.
    gated_world.venue.script({"kind": "fill", "price": "99.9"})
    exchange.create_order("BTC/USDT", "market", "sell", "0.5", None, {"reduceOnly": True})
    assert gated_world.position(bot) == 0


def test_a_denied_order_never_reaches_the_venue(gated_world: Gated, client: Client, bot: str) -> None:
    exchange = gated(gated_world.binance(), client, bot=bot)
    before = gated_world.places()
    with pytest.raises(Denied) as raised:
        exchange.create_order("BTC/USDT", "market", "buy", "20")  # notional 2000 > 1000, quantity 20 > 5
    assert "order-notional" in raised.value.decision.rules
    assert "order-quantity" in raised.value.decision.rules
    with pytest.raises(Denied) as limit:
        exchange.create_order("ETH/USDT", "limit", "buy", "0.01", "2500")  # 25% above the ask: the price collar
    assert limit.value.decision.rules == ("price-collar",)
    assert gated_world.places() == before
    assert exchange.pending == {}
    assert gated_world.position(bot) == 0


def test_rampart_down_refuses_every_order_before_the_venue(gated_world: Gated, closed_port: int, bot: str) -> None:
    with Client(f"http://127.0.0.1:{closed_port}", token="rmp_x", timeout=2) as down:
        exchange = gated(gated_world.binance(), down, bot=bot)
        before = gated_world.places()
        with pytest.raises(UnavailableDenied):
            exchange.create_order("BTC/USDT", "market", "buy", "0.1")
        assert gated_world.places() == before


def test_a_venue_refusal_releases_the_reservation(gated_world: Gated, client: Client, bot: str) -> None:
    exchange = gated(gated_world.binance(), client, bot=bot)
    gated_world.venue.script({"kind": "reject", "code": -2010, "message": "Account has insufficient balance."})
    coid = order_id()
    with pytest.raises(ccxt.InvalidOrder):
        exchange.create_order("BTC/USDT", "market", "buy", "0.2", None, {"clientOrderId": coid})
    assert coid not in gated_world.external_orders()
    assert gated_world.position(bot) == 0


def test_a_partial_fill_is_booked_and_the_rest_released(gated_world: Gated, client: Client, bot: str) -> None:
    exchange = gated(gated_world.binance(), client, bot=bot)
    gated_world.venue.script({"kind": "partial_fill", "quantity": "0.3", "price": "100", "commission": "0.0003",
                              "asset": "BTC"})
    coid = order_id()
    order = exchange.create_order("BTC/USDT", "limit", "buy", "1", "100", {"clientOrderId": coid})
    assert order["status"] == "expired" and order["filled"] == 0.3
    assert gated_world.position(bot) == Decimal("0.3")
    assert coid not in gated_world.external_orders()


def test_a_resting_order_is_released_by_cancel_order(gated_world: Gated, client: Client, bot: str) -> None:
    exchange = gated(gated_world.binance(), client, bot=bot)
    gated_world.venue.script({"kind": "rest"})
    coid = order_id()
    order = exchange.create_order("BTC/USDT", "limit", "buy", "0.2", "99.5", {"clientOrderId": coid})
    assert order["status"] == "open"
    assert exchange.pending == {coid: "open"}
    assert gated_world.external_orders()[coid].remaining_quantity == Decimal("0.2")
    cancelled = exchange.cancel_order(order["id"], "BTC/USDT")
    assert cancelled["status"] == "canceled"
    assert exchange.pending == {}
    assert coid not in gated_world.external_orders()
    assert gated_world.position(bot) == 0


def test_a_venue_timeout_stays_reserved_and_reconcile_books_the_fill(
    gated_world: Gated, client: Client, bot: str
) -> None:
    exchange = gated(gated_world.binance(timeout_ms=1000), client, bot=bot)
    gated_world.venue.script({"kind": "delay", "ms": 2500, "then": {"kind": "fill", "price": "100"}})
    coid = order_id()
    with pytest.raises(ccxt.RequestTimeout):
        exchange.create_order("BTC/USDT", "market", "buy", "0.4", None, {"clientOrderId": coid})
    # Unknown outcome: the reservation is held (the limits count it), nothing booked yet.
    assert exchange.pending == {coid: "pending"}
    assert gated_world.external_orders()[coid].remaining_quantity == Decimal("0.4")
    assert gated_world.position(bot) == 0
    [settled] = exchange.reconcile()
    assert (settled.client_order_id, settled.outcome, settled.filled) == (coid, "filled", Decimal("0.4"))
    assert settled.fills[0].price == Decimal("100") and settled.fills[0].price_check == "ok"
    assert exchange.pending == {}
    assert coid not in gated_world.external_orders()
    assert gated_world.position(bot) == Decimal("0.4")
    assert exchange.reconcile() == []


def test_an_order_the_venue_never_got_is_released_by_reconcile(
    gated_world: Gated, client: Client, bot: str
) -> None:
    exchange = gated(gated_world.binance(), client, bot=bot)
    gated_world.venue.script({"kind": "drop_before_placing"})
    coid = order_id()
    with pytest.raises(ccxt.NetworkError):
        exchange.create_order("BTC/USDT", "market", "buy", "0.1", None, {"clientOrderId": coid})
    assert coid in gated_world.external_orders()
    # Within the grace period "no such order" may still change (Binance's recvWindow): it stays pending.
    [early] = exchange.reconcile(not_found_grace=60)
    assert early.outcome == "pending" and coid in gated_world.external_orders()
    [late] = exchange.reconcile(not_found_grace=0)
    assert late.outcome == "released" and late.filled == 0
    assert coid not in gated_world.external_orders()
    assert gated_world.position(bot) == 0


def test_async_ccxt_behind_the_gate(gated_world: Gated, bot: str) -> None:
    async def scenario() -> None:
        exchange = ccxt.async_support.binance(gated_world.exchange_config())
        try:
            async with AsyncClient(gated_world.server.url, token=gated_world.trader) as client:
                wrapped = gated(exchange, client, bot=bot)
                assert isinstance(wrapped, AsyncGatedExchange)
                gated_world.venue.script({"kind": "fill", "price": "100"})
                order = await wrapped.create_order("BTC/USDT", "market", "buy", "0.25")
                assert order["status"] == "closed"
                before = gated_world.places()
                with pytest.raises(Denied):
                    await wrapped.create_order("BTC/USDT", "market", "buy", "50")
                assert gated_world.places() == before
                with pytest.raises(TypeError, match="AsyncClient"):
                    gated(exchange, Client(gated_world.server.url), bot=bot)
        finally:
            await exchange.close()

    asyncio.run(scenario())
    assert gated_world.position(bot) == Decimal("0.25")


def binance_my_trade(index: int, minute: int, buyer: bool, quantity: str, price: str) -> dict[str, Any]:
    """One row of Binance's `GET /api/v3/myTrades` answer, as Binance documents it (strings for amounts)."""
    quote = Decimal(quantity) * Decimal(price)
    return {
        "symbol": "BTCUSDT",
        "id": 28457 + index,
        "orderId": 100234 + index,
        "orderListId": -1,
        "price": price,
        "qty": quantity,
        "quoteQty": str(quote),
        "commission": str(quote / 1000),
        "commissionAsset": "USDT",
        "time": 1_767_225_600_000 + minute * 60_000,  # from 2026-01-01T00:00:00Z
        "isBuyer": buyer,
        "isMaker": False,
        "isBestMatch": True,
    }


def test_rampart_dry_run_replays_trades_ccxt_parsed(gated_world: Gated, tmp_path: Path) -> None:
    """Use 3 with trades ccxt itself made: Binance `myTrades` rows through ccxt's own `parse_trades` (what
    `fetch_my_trades` returns), saved as JSON and replayed by `rampart dry-run`: five round trips of 0.5 BTC the
    paper profile allows, and one of 20 BTC (quantity over 5, notional over 1,000) it denies with its exit."""
    exchange = gated_world.binance()
    exchange.load_markets()
    rows: list[dict[str, Any]] = []
    for trip in range(6):
        quantity = "20" if trip == 3 else "0.5"
        rows.append(binance_my_trade(2 * trip, 10 * trip, True, quantity, "100"))
        rows.append(binance_my_trade(2 * trip + 1, 10 * trip + 5, False, quantity, "101" if trip % 2 == 0 else "99.5"))
    trades = exchange.parse_trades(rows, exchange.market("BTC/USDT"))
    assert [t["symbol"] for t in trades] == ["BTC/USDT"] * 12
    assert trades[0]["side"] == "buy" and trades[0]["fee"]["currency"] == "USDT" and trades[6]["amount"] == 20
    path = tmp_path / "mytrades.json"
    path.write_text(json.dumps(trades))
    _, summary = dry_run(path, tmp_path / "report.json", "--bot", "ccxt-bot")
    assert summary["input"]["format"] == "ccxt" and summary["input"]["orders"] == 12, summary["input"]
    assert summary["summary"] == {"orders": 12, "allowed": 10, "denied": 2}, summary["summary"]
    # The 20 BTC entry is denied by both size caps; its exit is removed with it (counted denied, by no rule).
    assert summary["denials_by_rule"] == {"order-notional": 1, "order-quantity": 1}, summary["denials_by_rule"]
    assert summary["baseline"]["trades"] == 6 and summary["gated"]["trades"] == 5
    # Three winning trips of 0.5 (+0.5 each) and two losing ones (-0.25 each) remain, less 0.1% fees on 10 fills.
    fees = 5 * Decimal("0.05") + 3 * Decimal("0.0505") + 2 * Decimal("0.04975")
    assert Decimal(summary["gated"]["pnl"]) == Decimal("1.5") - Decimal("0.5") - fees, summary["gated"]
