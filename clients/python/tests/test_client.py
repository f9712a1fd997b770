"""The synchronous client against a real `rampart serve` on 127.0.0.1."""

from __future__ import annotations

from decimal import Decimal

import pytest

from conftest import Service
from rampart_client import (
    BadRequest,
    Client,
    Decision,
    Denied,
    Execution,
    Forbidden,
    Order,
    OutOfScope,
    RampartError,
    Unauthorized,
    Violation,
)
from support import order_id, small_buy


def test_allowed_check_is_a_typed_decision(client: Client, bot: str) -> None:
    decision = client.check(small_buy(bot))
    assert isinstance(decision, Decision)
    assert decision.allowed is True
    assert bool(decision) is True
    assert decision.violations == ()
    assert decision.warnings == ()
    assert decision.profile_hash is not None and len(decision.profile_hash) == 64
    # No market data in the test server: the paper order is priced by the caller.
    assert decision.price_source == "caller"
    assert decision.reference_price == Decimal("60000")
    assert isinstance(decision.reference_price, Decimal)
    assert decision.execution is None  # a what-if executes nothing
    assert decision.replayed is False
    assert decision.unavailable is False
    assert decision.reason == "allowed"


def test_denied_check_lists_typed_violations(client: Client, bot: str) -> None:
    decision = client.check(small_buy(bot, quantity=Decimal("1")))  # notional 60000 > 1000
    assert decision.allowed is False
    assert not decision
    assert all(isinstance(v, Violation) for v in decision.violations)
    first = decision.violations[0]
    assert first == Violation(
        rule="order-notional",
        check="max_order_notional",
        limit="1000",
        actual="60000",
        message="order notional 60000 exceeds 1000",
    )
    assert "order-notional" in decision.rules
    assert "position-notional" in decision.rules
    assert decision.reason.startswith("order-notional: order notional 60000 exceeds 1000")
    assert decision.unavailable is False


def test_check_or_raise_raises_denied_with_the_decision(client: Client, bot: str) -> None:
    assert client.check_or_raise(small_buy(bot)).allowed
    with pytest.raises(Denied) as raised:
        client.check_or_raise(small_buy(bot, symbol="LUNA/USDT"))
    assert raised.value.decision.allowed is False
    assert [v.rule for v in raised.value.violations] == ["symbol-list"]
    assert "symbol-list" in str(raised.value)


def test_typed_order_and_dict_are_the_same_order(client: Client, bot: str) -> None:
    order = Order(
        bot=bot,
        symbol="BTC/USDT",
        side="buy",
        type="limit",
        quantity=Decimal("0.001"),
        price=Decimal("60000"),
        reference_price=60000,
        account="default",
        mode="paper",
        reduce_only=False,
    )
    assert order.to_json() == {**small_buy(bot), "account": "default", "mode": "paper", "reduce_only": False}
    assert client.check(order).allowed


def test_decimal_round_trip_is_exact(client: Client, admin: Client, bot: str) -> None:
    quantity = Decimal("0.00012345")
    order = Order(bot=bot, symbol="BTC/USDT", side="buy", type="limit", quantity=quantity,
                  price=Decimal("60000"), reference_price=Decimal("60000"), client_order_id=order_id())
    assert order.to_json()["quantity"] == "0.00012345"  # a string on the wire, never a float
    decision = client.submit(order)
    assert decision.allowed, decision.reason
    execution = decision.execution
    assert execution is not None and execution.filled
    assert execution.quantity == quantity
    assert str(execution.quantity) == "0.00012345"
    assert execution.price == Decimal("60000")
    # Fee 0.1% of 0.00012345 × 60000 = 0.007407, exactly: a float would give 0.0074069999999999995.
    assert execution.fee == Decimal("0.007407")
    assert execution.fee == quantity * execution.price * Decimal("0.001")
    position = admin.state().positions_of(bot)
    assert len(position) == 1
    assert position[0].quantity == quantity
    assert position[0].entry_value == Decimal("7.407")


def test_money_encodings(client: Client, bot: str) -> None:
    assert Order(bot=bot, symbol="BTC/USDT", side="buy", type="limit", quantity=Decimal("1E-8"), price=5).to_json()[
        "quantity"
    ] == "0.00000001"
    assert client.check(small_buy(bot, quantity=Decimal("1E-3"), price=Decimal("6E+4"))).allowed


def test_float_amounts_are_refused_with_a_type_error_naming_the_field(client: Client, bot: str) -> None:
    with pytest.raises(TypeError, match="quantity"):
        Order(bot=bot, symbol="BTC/USDT", side="buy", type="market", quantity=0.001)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="price"):
        client.check(small_buy(bot, price=60000.0))
    with pytest.raises(TypeError, match="reference_price"):
        client.submit(small_buy(bot, reference_price=60000.5))
    with pytest.raises(TypeError, match="stop_loss"):
        client.check(small_buy(bot, stop_loss=59000.0))
    with pytest.raises(ValueError, match="quantity"):
        client.check(small_buy(bot, quantity=Decimal("NaN")))
    # allows() never raises: a float is a refusal.
    assert client.allows(small_buy(bot, price=60000.0)) is False


def test_submit_fills_and_a_client_order_id_replays(client: Client, bot: str) -> None:
    coid = order_id()
    first = client.submit(small_buy(bot, client_order_id=coid))
    assert first.allowed, first.reason
    assert first.client_order_id == coid
    assert first.replayed is False
    execution = first.execution
    assert isinstance(execution, Execution)
    assert execution.status == "filled" and execution.filled
    assert execution.quantity == Decimal("0.001")
    assert execution.price == Decimal("60000")
    assert execution.fee == Decimal("0.06")
    assert execution.price_source == "caller"

    again = client.submit(small_buy(bot, client_order_id=coid))
    assert again.replayed is True
    assert again.allowed
    assert again.decided_at == first.decided_at
    assert again.execution == first.execution  # the first answer: no second order


def test_submit_or_raise(client: Client, bot: str) -> None:
    decision = client.submit_or_raise(small_buy(bot, client_order_id=order_id()))
    assert decision.execution is not None and decision.execution.filled
    with pytest.raises(Denied) as raised:
        client.submit_or_raise(small_buy(bot, quantity="1", client_order_id=order_id()))
    assert raised.value.decision.execution is None
    assert raised.value.violations[0].rule == "order-notional"


def test_out_of_scope_token_raises_out_of_scope(service: Service, bot: str) -> None:
    with Client(service.url, token=service.scoped) as scoped:
        with pytest.raises(OutOfScope) as raised:
            scoped.check(small_buy(bot))
        error = raised.value
        assert isinstance(error, Forbidden) and isinstance(error, RampartError)
        assert error.status == 403
        assert error.code == "out_of_scope"
        assert f"'{bot}'" in error.message
        with pytest.raises(OutOfScope):
            scoped.submit(small_buy(bot, client_order_id=order_id()))
        assert scoped.allows(small_buy(bot)) is False
        # Within its scope it trades.
        assert scoped.check(small_buy("grid-1")).allowed


def test_bad_token_raises_unauthorized(service: Service, bot: str) -> None:
    with Client(service.url, token="rmp_" + "0" * 64) as stranger:
        with pytest.raises(Unauthorized) as raised:
            stranger.check(small_buy(bot))
        assert raised.value.status == 401
        assert raised.value.code == "unauthorized"
        with pytest.raises(Unauthorized):
            stranger.prices()
    with Client(service.url, token="") as anonymous:  # no token at all
        assert anonymous.token is None
        with pytest.raises(Unauthorized):
            anonymous.submit(small_buy(bot))


def test_role_not_allowed_raises_forbidden(client: Client) -> None:
    with pytest.raises(Forbidden) as raised:
        client.state()  # a trader token may not read state
    assert not isinstance(raised.value, OutOfScope)
    assert raised.value.code == "forbidden"
    with pytest.raises(Forbidden):
        client.emergency_stop(dry_run=True)


def test_bad_request_names_the_key(client: Client, bot: str) -> None:
    with pytest.raises(BadRequest) as raised:
        client.check(small_buy(bot, quantity="0.000000001"))  # 9 decimals: the service keeps 8
    assert raised.value.status == 400
    assert raised.value.code == "bad_request"
    assert raised.value.key == "quantity"
    with pytest.raises(BadRequest) as unknown:
        client.check(small_buy(bot, quantityy="1"))
    assert unknown.value.key == "quantityy"
    with pytest.raises(BadRequest) as invalid:
        client.check(small_buy("has spaces"))
    assert invalid.value.key == "bot"


def test_cancel_of_an_unknown_order_is_not_resting(client: Client) -> None:
    with pytest.raises(BadRequest) as raised:
        client.cancel(order_id())
    assert raised.value.status == 404
    assert raised.value.code == "not_resting"
    with pytest.raises(ValueError):
        client.cancel("")


def test_prices_without_a_feed(client: Client) -> None:
    prices = client.prices()
    assert prices.quotes == ()
    assert prices.quote("BTC/USDT") is None
    assert prices.feed_configured is False
    assert prices.max_age == "5s"
    assert "no --market-data" in str(prices.feed.get("note"))
    assert prices.as_of


def test_emergency_stop_dry_run_changes_nothing(service: Service, client: Client, admin: Client, bot: str) -> None:
    before = admin.state()
    answer = admin.emergency_stop(scope="global", reason="drill", dry_run=True)
    assert answer.dry_run is True
    assert answer.changed is False
    assert answer.scope == "global"
    assert answer.mode == "halt"
    with Client(service.url, token=service.ops) as ops:
        assert ops.emergency_stop(scope=f"bot:{bot}", dry_run=True, mode="reduce_only").mode == "reduce_only"
    after = admin.state()
    assert after.global_state == before.global_state == "ACTIVE"
    assert after.operator_states == before.operator_states
    assert client.check(small_buy(bot)).allowed


def test_emergency_stop_of_a_bot_denies_its_orders(client: Client, admin: Client, bot: str) -> None:
    answer = admin.emergency_stop(scope=f"bot:{bot}", reason="python test")
    assert answer.dry_run is False and answer.changed is True
    assert answer.state == "HALTED"
    assert answer.scope == f"bot:{bot}"
    decision = client.check(small_buy(bot))
    assert not decision.allowed
    assert decision.violations[0].rule == "emergency-stop"
    assert decision.violations[0].actual == "HALTED"
    scopes = {s.scope: s for s in admin.state().operator_states}
    assert scopes[f"bot:{bot}"].state == "HALTED"


def test_state_and_eligibility_are_typed(client: Client, admin: Client, bot: str) -> None:
    assert client.submit(small_buy(bot, client_order_id=order_id())).allowed
    state = admin.state()
    assert state.global_state == "ACTIVE"
    assert state.profile_hash is not None
    mine = [b for b in state.bots if b.bot == bot]
    assert len(mine) == 1 and mine[0].open_positions == 1
    account = next(a for a in state.accounts if a.account == "default")
    assert isinstance(account.equity, Decimal)
    position = state.positions_of(bot)[0]
    assert position.quantity == Decimal("0.001")
    assert position.average_entry == Decimal("60000")
    assert position.market_price is None  # no quote held

    verdict = admin.eligibility(bot)
    assert verdict.bot == bot
    assert verdict.eligible is False
    assert "min_trades" in verdict.failed
    assert verdict.caller_priced_fills == 1
    assert isinstance(verdict.paper_days, Decimal)


def test_environment_variables_configure_the_client(
    service: Service, bot: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RAMPART_URL", service.url + "/")
    monkeypatch.setenv("RAMPART_TOKEN", service.trader)
    with Client() as from_environment:
        assert from_environment.url == service.url
        assert from_environment.check(small_buy(bot)).allowed
        assert from_environment.healthy() and from_environment.ready()
    # Given arguments win over the environment.
    with Client(service.url, token="rmp_" + "1" * 64) as explicit:
        with pytest.raises(Unauthorized):
            explicit.check(small_buy(bot))


def test_keep_alive_reuses_one_connection(client: Client, bot: str) -> None:
    connections: set[int] = set()

    def record(response: object) -> None:
        stream = getattr(response, "extensions", {}).get("network_stream")
        if stream is not None:
            connections.add(id(stream))

    client._http.event_hooks["response"] = [record]
    for _ in range(20):
        assert client.check(small_buy(bot)).allowed
    assert len(connections) == 1
