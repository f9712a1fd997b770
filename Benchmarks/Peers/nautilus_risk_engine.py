#!/usr/bin/env python3
"""Issue 13 peer: NautilusTrader 1.221's RiskEngine on the same order mix as Benchmarks/GateVersusPeer.

Run from a venv outside the repository:

    python3 -m venv /work/.venv-nautilus
    /work/.venv-nautilus/bin/pip install nautilus_trader==1.221.0
    /work/.venv-nautilus/bin/python Benchmarks/Peers/nautilus_risk_engine.py [N]

Setup follows NautilusTrader's own tests (nautilus_trader/test_kit stubs): TestClock, MessageBus, Cache,
Portfolio, RiskEngine; one instrument (AUD/USD.SIM) quoted at 1.0 via a QuoteTick in the cache; a cash account for
the venue (without an account the engine skips its notional checks); max_notional_per_order 10,000 for the
instrument; the submit-rate throttler opened wide. Orders come from an OrderFactory (as a Strategy builds them) and
are submitted as SubmitOrder commands through risk_engine.execute(command). Quantities cycle 1,000..9,000 with every
tenth 20,000 (denied: NOTIONAL_EXCEEDS_MAX_PER_ORDER). The execution engine's endpoints are stubs that count what
the risk engine forwards ("ExecEngine.execute") and the OrderDenied events it emits ("ExecEngine.process").
Logging is left uninitialised (no log output), which only makes the peer faster.

Latency: 20,000 execute calls, each wrapped in time.perf_counter_ns() (the timer is included), p50/p99.
Throughput: N execute calls (default 1,000,000) in chunks of 10,000 pre-built commands; only the execute loops
are timed (building orders/commands is not counted).
"""

import sys
import time
from decimal import Decimal

from nautilus_trader.cache.cache import Cache
from nautilus_trader.common.component import MessageBus, TestClock
from nautilus_trader.common.factories import OrderFactory
from nautilus_trader.execution.messages import SubmitOrder
from nautilus_trader.model.enums import OrderSide
from nautilus_trader.model.events import OrderDenied
from nautilus_trader.model.identifiers import StrategyId, TraderId
from nautilus_trader.model.objects import Quantity
from nautilus_trader.portfolio.portfolio import Portfolio
from nautilus_trader.risk.config import RiskEngineConfig
from nautilus_trader.risk.engine import RiskEngine
from nautilus_trader.test_kit.providers import TestInstrumentProvider
from nautilus_trader.test_kit.stubs.data import TestDataStubs
from nautilus_trader.test_kit.stubs.execution import TestExecStubs
from nautilus_trader.test_kit.stubs.identifiers import TestIdStubs

LATENCY_CALLS = 20_000
CHUNK = 10_000
QUANTITIES = [1_000 * (i + 1) for i in range(9)] + [20_000]  # every tenth order is 20,000


def build():
    clock = TestClock()
    trader_id = TraderId("TRADER-001")
    strategy_id = StrategyId("S-001")
    msgbus = MessageBus(trader_id=trader_id, clock=clock)
    cache = Cache(database=None)
    portfolio = Portfolio(msgbus=msgbus, cache=cache, clock=clock)

    instrument = TestInstrumentProvider.default_fx_ccy("AUD/USD")
    cache.add_instrument(instrument)
    cache.add_quote_tick(TestDataStubs.quote_tick(instrument, bid_price=1.0, ask_price=1.0))
    cache.add_account(TestExecStubs.cash_account(TestIdStubs.account_id()))  # SIM-000, 1,000,000 USD free

    config = RiskEngineConfig(
        max_order_submit_rate="1000000000/00:00:01",  # wide open (C int limit)
        max_order_modify_rate="1000000000/00:00:01",
        max_notional_per_order={str(instrument.id): 10_000},
    )
    engine = RiskEngine(portfolio=portfolio, msgbus=msgbus, cache=cache, clock=clock, config=config)
    engine.start()

    counts = {"forwarded": 0, "denied": 0, "other": 0}

    def exec_execute(command):
        counts["forwarded"] += 1

    def exec_process(event):
        if isinstance(event, OrderDenied):
            counts["denied"] += 1
        else:
            counts["other"] += 1

    msgbus.register(endpoint="ExecEngine.execute", handler=exec_execute)
    msgbus.register(endpoint="ExecEngine.process", handler=exec_process)

    factory = OrderFactory(trader_id=trader_id, strategy_id=strategy_id, clock=clock)
    quantities = [Quantity.from_int(q) for q in QUANTITIES]

    def commands(start, count):
        out = []
        for i in range(start, start + count):
            order = factory.market(instrument.id, OrderSide.BUY, quantities[i % 10])
            out.append(
                SubmitOrder(
                    trader_id=trader_id,
                    strategy_id=strategy_id,
                    order=order,
                    command_id=TestIdStubs.uuid(),
                    ts_init=clock.timestamp_ns(),
                )
            )
        return out

    return engine, commands, counts


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000

    # Latency: 20,000 individually timed calls, timer included.
    engine, commands, counts = build()
    execute = engine.execute
    clock_ns = time.perf_counter_ns
    samples = []
    done = 0
    while done < LATENCY_CALLS:
        batch = commands(done, min(CHUNK, LATENCY_CALLS - done))
        for command in batch:
            t0 = clock_ns()
            execute(command)
            samples.append(clock_ns() - t0)
        done += len(batch)
    samples.sort()
    p50 = samples[len(samples) // 2] / 1000.0
    p99 = samples[(len(samples) * 99) // 100] / 1000.0
    lat_denied = counts["denied"]
    assert counts["forwarded"] + counts["denied"] == LATENCY_CALLS, counts
    assert lat_denied == LATENCY_CALLS // 10, counts

    # Throughput: N untimed-per-call executes, fresh engine, only the execute loops timed.
    engine, commands, counts = build()
    execute = engine.execute
    elapsed = 0
    done = 0
    while done < n:
        batch = commands(done, min(CHUNK, n - done))
        t0 = clock_ns()
        for command in batch:
            execute(command)
        elapsed += clock_ns() - t0
        done += len(batch)
        del batch
    assert counts["forwarded"] + counts["denied"] == n, counts
    denied = counts["denied"]
    rate = n / (elapsed / 1e9)

    print(
        f"PEER=nautilus_risk_engine n={n} decisions_per_s={rate:.0f} p50_us={p50:.3f} p99_us={p99:.3f} "
        f"denied={denied}"
    )


if __name__ == "__main__":
    main()
