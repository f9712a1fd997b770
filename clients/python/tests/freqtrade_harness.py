"""Runs a real ``freqtrade backtesting`` (freqtrade 2026.9 in its own venv) of a strategy using ``RampartGuard``.

Offline: the candles are generated (feather files in ``user_data/data/binance``), and the only thing freqtrade
fetches, the markets, comes from the fake venue on 127.0.0.1 through ccxt's URL overrides in the config
(``ccxt_config`` / ``ccxt_async_config``), with no patching."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from venue import REPOSITORY

STRATEGY = '''
from pandas import DataFrame

from freqtrade.strategy import IStrategy
from rampart_client.freqtrade import RampartGuard


class HourlySignals(IStrategy):
    """Enters every pair at the first candle of each hour and exits half an hour later."""

    INTERFACE_VERSION = 3
    timeframe = "5m"
    minimal_roi = {"0": 100}
    stoploss = -0.99
    startup_candle_count = 0
    use_exit_signal = True
    exit_profit_only = False

    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["step"] = dataframe["date"].dt.minute // 5
        return dataframe

    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe.loc[dataframe["step"] == 0, "enter_long"] = 1
        return dataframe

    def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe.loc[dataframe["step"] == 6, "exit_long"] = 1
        return dataframe


class GatedStrategy(RampartGuard, HourlySignals):
    """The same signals behind Rampart."""


class UngatedStrategy(HourlySignals):
    """The same signals without the gate: what freqtrade does on its own."""


class UnfilledGatedStrategy(GatedStrategy):
    """Behind Rampart, but bids for ETH 5% under the market: the order never fills and times out."""

    def custom_entry_price(self, pair, trade, current_time, proposed_rate, entry_tag, side, **kwargs):
        return proposed_rate * 0.95 if pair == "ETH/USDT" else proposed_rate
'''

CANDLES = '''
import sys, json
import numpy as np
import pandas as pd

spec = json.loads(sys.argv[1])
dates = pd.date_range(spec["start"], periods=spec["count"], freq="5min", tz="UTC")
steps = np.arange(spec["count"])
for pair, base in spec["pairs"].items():
    close = base * (1 + 0.002 * np.sin(steps / 7.0))
    frame = pd.DataFrame({
        "date": dates,
        "open": close,
        "high": close * 1.003,
        "low": close * 0.997,
        "close": close,
        "volume": np.full(spec["count"], 1000.0),
    })
    frame.to_feather(f"{spec['directory']}/{pair.replace('/', '_')}-5m.feather")
'''


def freqtrade_python() -> Path | None:
    """``RAMPART_FREQTRADE_PYTHON``, else the repository's ``.venv-freqtrade`` (None when neither exists)."""
    given = os.environ.get("RAMPART_FREQTRADE_PYTHON")
    if given:
        return Path(given)
    default = REPOSITORY / ".venv-freqtrade/bin/python"
    return default if default.exists() else None


@dataclass
class Backtest:
    returncode: int
    log: str
    trades: list[dict[str, Any]]


def prepare(directory: Path, python: Path, pairs: dict[str, float], start: str, count: int) -> Path:
    """A freqtrade user directory with the strategy and generated 5m candles; returns it."""
    userdir = directory / "user_data"
    data = userdir / "data" / "binance"
    data.mkdir(parents=True)
    (userdir / "strategies").mkdir()
    (userdir / "backtest_results").mkdir()
    (userdir / "strategies" / "gated_strategy.py").write_text(STRATEGY)
    spec = {"start": start, "count": count, "pairs": pairs, "directory": str(data)}
    subprocess.run([str(python), "-c", CANDLES, json.dumps(spec)], check=True, timeout=120)
    return userdir


def config(venue_url: str, pairs: list[str], rampart: dict[str, Any], max_open_trades: int = 10) -> dict[str, Any]:
    ccxt = {
        "urls": {"api": {"public": f"{venue_url}/api/v3", "private": f"{venue_url}/api/v3"}},
        "options": {"fetchMarkets": {"types": ["spot"]}, "fetchMargins": False, "fetchCurrencies": False},
        "enableRateLimit": False,
    }
    return {
        "bot_name": "ft-gated",
        "max_open_trades": max_open_trades,
        "stake_currency": "USDT",
        "stake_amount": 100,
        "dry_run": True,
        "dry_run_wallet": 10000,
        "timeframe": "5m",
        "trading_mode": "spot",
        "margin_mode": "",
        "fee": 0.001,
        "dataformat_ohlcv": "feather",
        "entry_pricing": {"price_side": "same", "use_order_book": False, "price_last_balance": 0.0},
        "exit_pricing": {"price_side": "same", "use_order_book": False},
        "unfilledtimeout": {"entry": 10, "exit": 10, "unit": "minutes"},
        "exchange": {
            "name": "binance",
            "key": "",
            "secret": "",
            "pair_whitelist": pairs,
            "ccxt_config": ccxt,
            "ccxt_async_config": ccxt,
        },
        "pairlists": [{"method": "StaticPairList"}],
        "internals": {"process_throttle_secs": 5},
        "rampart": rampart,
    }


def run(
    python: Path,
    userdir: Path,
    settings: dict[str, Any],
    timerange: str,
    strategy: str = "GatedStrategy",
    timeout: float = 300,
) -> Backtest:
    """``freqtrade backtesting --cache none --export trades``; the exported trades (none when it failed)."""
    path = userdir / "config.json"
    path.write_text(json.dumps(settings, indent=2))
    results = userdir / "backtest_results"
    for old in results.iterdir():
        old.unlink()
    # Only the config tells the strategy where Rampart is; no proxy may send ccxt anywhere but 127.0.0.1.
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("RAMPART_") and "proxy" not in key.lower()
    }
    environment["COLUMNS"] = "400"  # freqtrade's console log wraps lines at the terminal's width
    completed = subprocess.run(
        [
            str(python), "-m", "freqtrade", "backtesting",
            "--config", str(path),
            "--userdir", str(userdir),
            "--datadir", str(userdir / "data" / "binance"),
            "--strategy", strategy,
            "--timerange", timerange,
            "--cache", "none",
            "--export", "trades",
            "--backtest-directory", str(results),
        ],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=environment,
        cwd=userdir.parent,
    )
    log = completed.stdout + completed.stderr
    return Backtest(completed.returncode, log, exported_trades(results))


def result_documents(results: Path) -> list[bytes]:
    """The result JSON documents of freqtrade's export (zips that also hold its config and market change)."""
    documents: list[bytes] = []
    for archive in sorted(results.glob("*.zip")):
        with zipfile.ZipFile(archive) as opened:
            for name in opened.namelist():
                if name.endswith(".json") and "_config" not in name and "market_change" not in name:
                    documents.append(opened.read(name))
    return documents


def exported_trades(results: Path) -> list[dict[str, Any]]:
    """The trades of the one strategy in freqtrade's export."""
    trades: list[dict[str, Any]] = []
    for document in result_documents(results):
        for strategy in json.loads(document).get("strategy", {}).values():
            trades.extend(strategy.get("trades", []))
    return trades
