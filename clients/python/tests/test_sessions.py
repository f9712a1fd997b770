"""Backtest sessions through the client against a real `rampart serve`: an isolated gate at candle time."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from conftest import Service
from rampart_client import (
    AsyncClient,
    BadRequest,
    Client,
    Session,
    SessionState,
    Unavailable,
    UnknownOrder,
    UnknownSession,
)
from rampart_client._time import encode_time

START = datetime(2026, 1, 5, 9, 30, tzinfo=timezone.utc)


def candle(minutes: int) -> datetime:
    return START + timedelta(minutes=minutes)


def buy(bot: str, coid: str, symbol: str = "BTC/USDT", quantity: str = "0.001") -> dict[str, object]:
    return {"bot": bot, "symbol": symbol, "side": "buy", "type": "limit", "quantity": quantity, "price": "60000",
            "reference_price": "60000", "client_order_id": coid}


def sell(bot: str, coid: str, price: str) -> dict[str, object]:
    return {"bot": bot, "symbol": "BTC/USDT", "side": "sell", "type": "limit", "quantity": "0.001", "price": price,
            "reference_price": price, "client_order_id": coid, "reduce_only": True}


def test_times_are_iso_8601_utc() -> None:
    assert encode_time("time", START) == "2026-01-05T09:30:00Z"
    assert encode_time("time", START.replace(microsecond=250000)) == "2026-01-05T09:30:00.25Z"
    paris = timezone(timedelta(hours=1))
    assert encode_time("time", datetime(2026, 1, 5, 10, 30, tzinfo=paris)) == "2026-01-05T09:30:00Z"
    with pytest.raises(ValueError, match="time: naive datetime"):
        encode_time("time", datetime(2026, 1, 5, 9, 30))
    with pytest.raises(TypeError, match="time"):
        encode_time("time", 1767605400)


def test_a_round_trip_in_a_session_at_candle_time(client: Client, admin: Client, bot: str) -> None:
    with client.open_session(profile="pytest", starting_balance=Decimal("1000")) as session:
        assert isinstance(session, Session)
        assert session.id.startswith("s-")
        assert session.info.profile == "pytest"
        assert session.info.starting_balance == Decimal("1000")
        assert session.info.profile_hash is not None

        entry = session.submit(buy(bot, "e-1"), time=candle(0))
        assert entry.allowed, entry.reason
        assert entry.execution is not None and entry.execution.reserved
        fill = session.report_fill("e-1", fill_id="f-1", quantity="0.001", price="60000", fee="0.06", time=candle(5))
        assert fill.price_check == "unchecked" and fill.order.done

        exit_ = session.submit(sell(bot, "x-1", "61000"), time=candle(30))
        assert exit_.allowed, exit_.reason
        closed = session.report_fill("x-1", fill_id="f-2", quantity="0.001", price="61000", fee="0.061",
                                     time=candle(30))
        assert closed.realized_pnl is not None and closed.realized_pnl > 0

        state = session.state()
        assert isinstance(state, SessionState)
        assert (state.allowed, state.denied, state.fills) == (2, 0, 2)
        assert state.last_time == "2026-01-05T10:00:00Z"
        assert state.positions == () and state.open_orders == ()
        assert state.accounts[0].realized_pnl == closed.realized_pnl

        # Ops sees the open session; none of it is in the service's own state.
        listed = [s for s in admin.state().sessions if s.get("session_id") == session.id]
        assert len(listed) == 1 and listed[0]["allowed"] == 2
        assert admin.state().positions_of(bot) == ()
    assert session.closed
    final = session.close()  # again: the final state, nothing sent
    assert final.session_id == session.id and final.fills == 2
    assert [s for s in admin.state().sessions if s.get("session_id") == session.id] == []
    with pytest.raises(UnknownSession) as gone:
        Session(client, session.info).state()  # ended: the service no longer has it
    assert gone.value.status == 404 and gone.value.code == "unknown_session"


def test_the_gate_refuses_in_a_session_with_its_rules(client: Client, bot: str) -> None:
    with client.open_session(profile="ft-backtest") as session:
        denied = session.submit(buy(bot, "d-1", symbol="XRP/USDT"), time=candle(0))
        assert not denied.allowed and denied.rules == ("symbol-list",)
        for n, symbol in enumerate(("BTC/USDT", "ETH/USDT")):
            assert session.submit(buy(bot, f"o-{n}", symbol=symbol), time=candle(1)).allowed
        third = session.submit(buy(bot, "o-3", symbol="SOL/USDT"), time=candle(2))
        assert not third.allowed and "open-trades" in third.rules  # 2 reserved: max_open_trades 2
        what_if = session.check(buy(bot, "c-1", symbol="SOL/USDT"), time=candle(2))
        assert not what_if.allowed and "open-trades" in what_if.rules
        released = session.cancel("o-0")
        assert released.released_quantity == Decimal("0.001")
        assert session.submit(buy(bot, "o-4", symbol="SOL/USDT"), time=candle(3)).allowed
        state = session.state()
        assert (state.allowed, state.denied) == (3, 2)
        assert sorted(o.client_order_id for o in state.open_orders) == ["o-1", "o-4"]


def test_an_order_going_back_in_time_is_refused_naming_time(client: Client, bot: str) -> None:
    with client.open_session(profile="pytest") as session:
        assert session.submit(buy(bot, "t-1"), time=candle(10)).allowed
        before = session.state()
        with pytest.raises(BadRequest) as raised:
            session.submit(buy(bot, "t-2"), time=candle(5))
        assert raised.value.status == 400 and raised.value.key == "time"
        assert "before the session's last" in raised.value.message
        with pytest.raises(BadRequest) as fill:
            session.report_fill("t-1", fill_id="f-1", quantity="0.001", price="60000", fee="0", time=candle(9))
        assert fill.value.key == "time"
        after = session.state()
        assert (after.allowed, after.denied, after.fills, after.last_time) == (
            before.allowed, before.denied, before.fills, before.last_time)
        # The same time is not earlier: allowed.
        assert session.report_fill("t-1", fill_id="f-1", quantity="0.001", price="60000", fee="0",
                                   time=candle(10)).order.done


def test_session_input_errors_name_the_field(client: Client, bot: str) -> None:
    with client.open_session() as session:
        with pytest.raises(ValueError, match="time"):
            session.submit(buy(bot, "n-1"))  # no time
        with pytest.raises(ValueError, match="naive"):
            session.submit(buy(bot, "n-1"), time=datetime(2026, 1, 5))
        with pytest.raises(ValueError, match="time"):
            session.report_fill("n-1", fill_id="f", quantity="1", price="1", fee="0", time=datetime(2026, 1, 5))
        with pytest.raises(BadRequest) as bad_time:
            session.submit({**buy(bot, "n-1"), "time": "yesterday"})
        assert bad_time.value.key == "time"
        with pytest.raises(BadRequest) as bad_quantity:
            session.submit(buy(bot, "n-1", quantity="0.0000000001"), time=candle(0))
        assert bad_quantity.value.key == "quantity"
        with pytest.raises(BadRequest) as live:
            session.submit({**buy(bot, "n-2"), "mode": "live"}, time=candle(0))
        assert live.value.key == "mode"
        with pytest.raises(UnknownOrder):
            session.report_fill("n-404", fill_id="f", quantity="0.001", price="60000", fee="0", time=candle(1))
        assert session.state().allowed == 0
    with pytest.raises(TypeError, match="starting_balance"):
        client.open_session(starting_balance=1000.0)  # type: ignore[arg-type]
    with pytest.raises(BadRequest) as bad_profile:
        client.open_session(profile="no-such-profile")
    assert bad_profile.value.key == "profile"
    with pytest.raises(BadRequest) as bad_balance:
        client.open_session(starting_balance="-5")
    assert bad_balance.value.key == "starting_balance"


def test_a_session_belongs_to_its_token(service: Service, client: Client, bot: str) -> None:
    with client.open_session() as session:
        with Client(service.url, token=service.scoped) as other:
            with pytest.raises(UnknownSession):
                Session(other, session.info).state()


def test_fail_closed_without_rampart(closed_port: int, bot: str) -> None:
    with Client(f"http://127.0.0.1:{closed_port}", token="rmp_x", timeout=2) as down:
        with pytest.raises(Unavailable):
            down.open_session()


@pytest.mark.anyio
async def test_async_session(service: Service, bot: str) -> None:
    async with AsyncClient(service.url, token=service.trader) as client:
        async with await client.open_session(profile="pytest", starting_balance="500") as session:
            decision = await session.submit(buy(bot, "a-1"), time=candle(0))
            assert decision.execution is not None and decision.execution.reserved
            report = await session.report_fill("a-1", fill_id="f", quantity="0.001", price="60000", fee="0",
                                               time=candle(1))
            assert report.order.done
            assert (await session.check(buy(bot, "a-2"), time=candle(2))).allowed
            assert (await session.state()).positions_of(bot)[0].quantity == Decimal("0.001")
        assert session.closed
