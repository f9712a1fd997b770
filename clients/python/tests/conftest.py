"""Fixtures: one real `rampart serve` on 127.0.0.1 for the session with tokens made by the CLI, ports where nothing
answers, and a stub HTTP server (support.Stub) for the answers a healthy service never gives (5xx, garbage, 429)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from rampart_client import Client
from rampart_client.testing import LocalRampart
from support import Stub

PACKAGE = Path(__file__).resolve().parents[1]
REPOSITORY = PACKAGE.parents[1]
BINARY = Path(os.environ.get("RAMPART_BIN") or PACKAGE / "../../.build/debug/rampart")

# The seed paper profile without its simulated rejections (paper.reject_rate 3%), so that a submit fills.
TEST_PROFILE = """\
profile: pytest
extends: paper
description: paper without simulated rejections, for the Python client's tests
paper:
  reject_rate: 0%
"""


# The freqtrade backtests' profile (tests/test_freqtrade.py): the seed limits, except that a symbol is denied
# (XRP), a bot holds at most 2 open trades, and nothing else (loss streaks, daily loss, rates) gets in the way.
FREQTRADE_PROFILE = """\
profile: ft-backtest
extends: base
description: freqtrade backtests of the Python tests - XRP denied, at most 2 open trades per bot
limits:
  max_order_quantity: 100000
  max_order_notional: 10000
  max_position_notional: 10000
  max_gross_exposure: 100000
  max_open_trades: 2
  max_daily_loss: 90%
  max_drawdown: 90%
  loss_streak: { losses: 10000, cooldown: 1m }
  symbols: { deny: ["XRP/*"], allow: ["*/USDT"] }
rate_limits:
  orders: [10000/1m]
  trades: 10000/1d
  duplicate_window: 1s
"""



def dry_run(trades: Path, report: Path, *options: str) -> tuple[str, dict[str, Any]]:
    """`rampart dry-run --profile paper --trades TRADES --json REPORT OPTIONS…` from the repository root; the table
    it printed and the JSON report. Fails the test when the command fails."""
    completed = subprocess.run(
        [str(BINARY), "dry-run", "--profile", "paper", "--trades", str(trades), "--json", str(report), *options],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPOSITORY,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    summary: dict[str, Any] = json.loads(report.read_text())
    return completed.stdout, summary

@dataclass
class Service:
    server: LocalRampart
    url: str
    trader: str
    ops: str
    admin: str
    scoped: str
    """a trader token for bots grid-* only"""


@pytest.fixture(scope="session")
def service() -> Iterator[Service]:
    if not os.access(BINARY, os.X_OK):
        pytest.fail(f"no rampart binary at {BINARY}: run `swift build` in the repository, or set RAMPART_BIN")
    server = LocalRampart(
        BINARY,
        rules_dir=REPOSITORY / "rules",
        profiles_dir=REPOSITORY / "profiles",
        profile="pytest",
        extra_profiles={"pytest.yaml": TEST_PROFILE, "ft-backtest.yaml": FREQTRADE_PROFILE},
        # A few tests send bad tokens on purpose; the per-address budget (5/1m) must not throttle the others.
        arguments=["--auth-failure-rate", "off"],
    )
    try:
        trader = server.token("trader", name="py-trader", bots="*", accounts="*")
        ops = server.token("ops", name="py-ops")
        admin = server.token("admin", name="py-admin")
        scoped = server.token("trader", name="py-grid", bots="grid-*", accounts="default")
        server.start()
        yield Service(server, server.url, trader, ops, admin, scoped)
    finally:
        server.stop()


@pytest.fixture
def client(service: Service) -> Iterator[Client]:
    with Client(service.url, token=service.trader) as c:
        yield c


@pytest.fixture
def admin(service: Service) -> Iterator[Client]:
    with Client(service.url, token=service.admin) as c:
        yield c


@pytest.fixture
def bot() -> str:
    """A bot of its own for each test: rate limits, open trades and duplicates are counted per bot."""
    return f"py-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (connection refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections (the kernel's backlog) and never answers: a hung service."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(16)
        yield s.getsockname()[1]


@pytest.fixture
def stub() -> Iterator[Stub]:
    s = Stub()
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
