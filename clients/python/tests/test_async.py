"""The asyncio client against the real `rampart serve`."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest

from conftest import Service
from rampart_client import AsyncClient, BadRequest, Denied, Order, OutOfScope, Unauthorized
from support import order_id, small_buy

pytestmark = pytest.mark.anyio


async def test_check_and_submit(service: Service, bot: str) -> None:
    async with AsyncClient(service.url, token=service.trader) as client:
        allowed = await client.check(small_buy(bot))
        assert allowed.allowed and allowed.execution is None
        denied = await client.check(small_buy(bot, quantity=Decimal("1")))
        assert not denied.allowed and denied.violations[0].rule == "order-notional"
        with pytest.raises(Denied):
            await client.check_or_raise(small_buy(bot, quantity=Decimal("1")))

        coid = order_id()
        order = Order(bot=bot, symbol="BTC/USDT", side="buy", type="limit", quantity=Decimal("0.00012345"),
                      price=Decimal("60000"), reference_price=Decimal("60000"), client_order_id=coid)
        first = await client.submit(order)
        assert first.execution is not None and first.execution.filled
        assert first.execution.quantity == Decimal("0.00012345")
        assert first.execution.fee == Decimal("0.007407")
        again = await client.submit_or_raise(order)
        assert again.replayed and again.execution == first.execution


async def test_concurrent_checks_share_the_pool(service: Service, bot: str) -> None:
    async with AsyncClient(service.url, token=service.trader) as client:
        decisions = await asyncio.gather(*(client.check(small_buy(bot)) for _ in range(32)))
    assert all(d.allowed for d in decisions)
    assert len({d.profile_hash for d in decisions}) == 1


async def test_errors_are_typed(service: Service, bot: str) -> None:
    async with AsyncClient(service.url, token=service.scoped) as scoped:
        with pytest.raises(OutOfScope):
            await scoped.submit(small_buy(bot, client_order_id=order_id()))
        assert await scoped.allows(small_buy(bot)) is False
    async with AsyncClient(service.url, token="rmp_" + "2" * 64) as stranger:
        with pytest.raises(Unauthorized):
            await stranger.check(small_buy(bot))
    async with AsyncClient(service.url, token=service.trader) as client:
        with pytest.raises(BadRequest) as raised:
            await client.cancel(order_id())
        assert raised.value.status == 404 and raised.value.code == "not_resting"


async def test_operations(service: Service, bot: str) -> None:
    async with AsyncClient(service.url, token=service.admin) as admin:
        prices = await admin.prices()
        assert prices.quotes == () and not prices.feed_configured
        stop = await admin.emergency_stop(scope=f"bot:{bot}", reason="async drill", dry_run=True)
        assert stop.dry_run and not stop.changed
        state = await admin.state()
        assert all(s.scope != f"bot:{bot}" for s in state.operator_states)
        verdict = await admin.eligibility(bot)
        assert verdict.bot == bot and not verdict.eligible
        assert await admin.healthy() and await admin.ready()
