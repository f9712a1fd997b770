"""freqtrade 2026.9 behind the gate: real ``freqtrade backtesting`` runs of a strategy using ``RampartGuard``, in
freqtrade's own venv (``.venv-freqtrade``, made by Scripts/test-python), against a real `rampart serve`.

The strategy enters BTC, ETH, SOL and XRP at the first candle of every hour and exits half an hour later. Its
backtest session runs profile ``ft-backtest`` (conftest): XRP is denied, a bot holds at most 2 open trades. So the
gate must leave exactly the BTC and ETH trades, refuse SOL (``open-trades``) and XRP (``symbol-list``), and every
trade freqtrade exported must be one the gate allowed; with Rampart down, no trade at all."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

import freqtrade_harness as harness
from conftest import Service, dry_run
from rampart_client import Client
from venue import FakeVenue

PAIRS = {"BTC/USDT": 100.0, "ETH/USDT": 2000.0, "SOL/USDT": 150.0, "XRP/USDT": 2.5}
VENUE_SYMBOLS = ["ETHUSDT:ETH:USDT:1999:2000", "SOLUSDT:SOL:USDT:149:150", "XRPUSDT:XRP:USDT:2.4:2.5"]
START, CANDLES, TIMERANGE = "2026-01-01", 288, "20260101-20260102"  # one day of 5m candles: 24 hourly cycles
# The same day, cut at 23:20 while the last cycle's trades are open: freqtrade closes them itself at the end
# (force_exit), with no confirm callback, and the mixin books those exits too.
CUT = "1767225600-1767309600"
ALLOWED = re.compile(r"rampart: allowed entry buy (\S+) (\S+) at (\S+) as (\S+)")
REFUSED = re.compile(r"rampart: refused entry buy (\S+) (\S+) \[([^\]]*)\]")


@dataclass
class Freqtrade:
    python: Path
    userdir: Path
    venue: FakeVenue


@pytest.fixture(scope="module")
def freqtrade(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Freqtrade]:
    python = harness.freqtrade_python()
    if python is None:
        pytest.skip("no freqtrade venv: Scripts/test-python makes .venv-freqtrade (or set RAMPART_FREQTRADE_PYTHON)")
    if not python.exists():
        pytest.fail(f"RAMPART_FREQTRADE_PYTHON is {python}, which does not exist")
    userdir = harness.prepare(tmp_path_factory.mktemp("freqtrade"), python, PAIRS, START, CANDLES)
    with FakeVenue(VENUE_SYMBOLS) as venue:
        yield Freqtrade(python, userdir, venue)


def open_date(trade: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(str(trade["open_date"]))


def most_open_at_once(trades: list[dict[str, Any]]) -> int:
    events = sorted(
        [(datetime.fromisoformat(str(t["open_date"])), 1) for t in trades]
        + [(datetime.fromisoformat(str(t["close_date"])), -1) for t in trades],
        key=lambda event: (event[0], event[1]),  # a close at the same moment as an open comes first
    )
    most = current = 0
    for _, change in events:
        current += change
        most = max(most, current)
    return most


def test_the_backtest_trades_exactly_what_the_gate_allowed(freqtrade: Freqtrade, service: Service) -> None:
    settings = harness.config(
        freqtrade.venue.url,
        list(PAIRS),
        {"url": service.url, "token": service.trader, "bot": "ft-gated", "profile": "ft-backtest"},
    )
    backtest = harness.run(freqtrade.python, freqtrade.userdir, settings, CUT)
    assert backtest.returncode == 0, backtest.log[-4000:]
    assert "rampart: backtest session s-" in backtest.log
    trades = backtest.trades
    forced = [t for t in trades if t["exit_reason"] == "force_exit"]
    assert sorted(str(t["pair"]) for t in forced) == ["BTC/USDT", "ETH/USDT"]
    assert backtest.log.count("filled without a confirm callback") == 2

    # What the gate allowed, as the mixin logged each decision (pair and candle time).
    allowed = {(pair, datetime.fromisoformat(time)) for _, pair, time, _ in ALLOWED.findall(backtest.log)}
    exported = {(str(t["pair"]), open_date(t)) for t in trades}
    assert len(exported) == len(trades)
    assert exported == allowed, (sorted(exported - allowed), sorted(allowed - exported))

    # The deny list and max_open_trades show up: only BTC and ETH trade, every hour, never more than 2 at once.
    assert {pair for pair, _ in exported} == {"BTC/USDT", "ETH/USDT"}
    assert len(trades) == 48
    assert most_open_at_once(trades) == 2
    refusals = REFUSED.findall(backtest.log)
    by_pair = {pair: rules for _, pair, rules in refusals}
    assert set(by_pair) == {"SOL/USDT", "XRP/USDT"} and len(refusals) == 48
    assert {rules for _, pair, rules in refusals if pair == "SOL/USDT"} == {"open-trades"}
    # XRP is denied by the symbol list (and, with two trades open, by open-trades as well).
    assert all("symbol-list" in rules.split(",") for _, pair, rules in refusals if pair == "XRP/USDT")

    # The session saw the same: 48 entries and 48 exits allowed and filled, 48 entries denied, nothing left open.
    closed = re.search(r"rampart: backtest session (s-\w+) closed: (.*)", backtest.log)
    assert closed is not None, backtest.log[-3000:]
    assert closed.group(2) == "96 allowed, 48 denied, 96 fills, 0 open orders, 0 positions"
    # It was closed at the end and never touched the service's own state.
    with Client(service.url, token=service.admin) as admin:
        state = admin.state()
        assert all(s.get("session_id") != closed.group(1) for s in state.sessions)
        assert state.positions_of("ft-gated") == ()


def test_orders_that_time_out_release_their_reservation(freqtrade: Freqtrade, service: Service) -> None:
    settings = harness.config(
        freqtrade.venue.url,
        list(PAIRS),
        {"url": service.url, "token": service.trader, "bot": "ft-unfilled", "profile": "ft-backtest"},
    )
    backtest = harness.run(freqtrade.python, freqtrade.userdir, settings, TIMERANGE, strategy="UnfilledGatedStrategy")
    assert backtest.returncode == 0, backtest.log[-4000:]
    # ETH's bid never fills; freqtrade cancels it after 10 minutes (unfilledtimeout) without asking the strategy.
    assert {str(t["pair"]) for t in backtest.trades} == {"BTC/USDT"} and len(backtest.trades) == 24
    allowed = [pair for _, pair, _, _ in ALLOWED.findall(backtest.log)]
    # Released every time, ETH is allowed again every hour: a leaked reservation would hold a slot
    # (max_open_trades 2) and ETH would be refused from the second hour on.
    assert allowed.count("ETH/USDT") == 24
    assert backtest.log.count("(order no longer open)") == 24
    refusals = REFUSED.findall(backtest.log)
    assert {pair for _, pair, _ in refusals} == {"SOL/USDT", "XRP/USDT"}
    closed = re.search(r"rampart: backtest session (s-\w+) closed: (.*)", backtest.log)
    assert closed is not None and closed.group(2) == "72 allowed, 48 denied, 48 fills, 0 open orders, 0 positions"


def test_without_the_gate_freqtrade_trades_every_signal(freqtrade: Freqtrade) -> None:
    settings = harness.config(freqtrade.venue.url, list(PAIRS), {})
    backtest = harness.run(freqtrade.python, freqtrade.userdir, settings, TIMERANGE, strategy="UngatedStrategy")
    assert backtest.returncode == 0, backtest.log[-4000:]
    assert {str(t["pair"]) for t in backtest.trades} == set(PAIRS)
    assert len(backtest.trades) == 96 and most_open_at_once(backtest.trades) == 4
    assert "rampart:" not in backtest.log


def test_rampart_dry_run_replays_the_export_freqtrade_wrote(freqtrade: Freqtrade, tmp_path: Path) -> None:
    """Use 3 with a file real freqtrade wrote in this run (not one kept in the repository): its export goes through
    `rampart dry-run`, which reads every trade and reports the baseline freqtrade traded."""
    settings = harness.config(freqtrade.venue.url, list(PAIRS), {})
    backtest = harness.run(freqtrade.python, freqtrade.userdir, settings, TIMERANGE, strategy="UngatedStrategy")
    assert backtest.returncode == 0, backtest.log[-4000:]
    documents = harness.result_documents(freqtrade.userdir / "backtest_results")
    assert len(documents) == 1
    export = tmp_path / "backtest-result.json"
    export.write_bytes(documents[0])
    stdout, summary = dry_run(export, tmp_path / "report.json")
    assert summary["baseline"]["trades"] == len(backtest.trades) == 96, summary["baseline"]
    assert "Orders 192:" in stdout, stdout


def test_with_rampart_down_the_backtest_makes_no_trade(freqtrade: Freqtrade, closed_port: int) -> None:
    settings = harness.config(
        freqtrade.venue.url, list(PAIRS), {"url": f"http://127.0.0.1:{closed_port}", "token": "rmp_x", "timeout": 2}
    )
    backtest = harness.run(freqtrade.python, freqtrade.userdir, settings, TIMERANGE)
    assert backtest.returncode == 0, backtest.log[-4000:]
    assert backtest.trades == []
    refusals = REFUSED.findall(backtest.log)
    assert len(refusals) == 96  # every entry signal of every pair, refused
    assert {rules for _, _, rules in refusals} == {"unavailable"}
    assert "cannot be reached" in backtest.log
    assert ALLOWED.findall(backtest.log) == []
