"""Decisions per second and latency of `check` through the synchronous Python client, from one process, one
keep-alive connection, one request at a time.

    python bench/check_rate.py                      # starts its own rampart serve (release build if present)
    python bench/check_rate.py --seconds 10 --binary ../../.build/release/rampart
    python bench/check_rate.py --url http://127.0.0.1:8080 --token "$TRADER"   # a running service

A service started here runs with `--token-rate off`: the default 1000/1s per token would answer 429 before the
client's own limit is found. A running service given with --url should be started the same way.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

import httpx

from rampart_client import Client, Order, __version__
from rampart_client.testing import LocalRampart

PACKAGE = Path(__file__).resolve().parents[1]
REPOSITORY = PACKAGE.parents[1]


def default_binary() -> Path:
    given = os.environ.get("RAMPART_BIN")
    if given:
        return Path(given)
    release = REPOSITORY / ".build/release/rampart"
    return release if release.exists() else REPOSITORY / ".build/debug/rampart"


def percentile(sorted_values: list[float], fraction: float) -> float:
    index = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


def run(client: Client, seconds: float, warmup: float) -> None:
    order = Order(bot="bench-py", symbol="BTC/USDT", side="buy", type="limit", quantity=Decimal("0.001"),
                  price=Decimal("60000"), reference_price=Decimal("60000"))
    end = time.monotonic() + warmup
    while time.monotonic() < end:
        client.check(order)
    latencies: list[float] = []
    denied = 0
    start = time.perf_counter()
    end_at = start + seconds
    while True:
        before = time.perf_counter()
        if before >= end_at:
            break
        decision = client.check(order)
        latencies.append(time.perf_counter() - before)
        if not decision.allowed:
            denied += 1
            if decision.unavailable:
                sys.exit(f"the service did not decide: {decision.reason}")
    elapsed = time.perf_counter() - start
    latencies.sort()
    ms = 1000.0
    print(f"checks:        {len(latencies)} in {elapsed:.2f} s ({denied} denied)")
    print(f"decisions/s:   {len(latencies) / elapsed:,.0f}")
    print(
        f"latency ms:    p50 {percentile(latencies, 0.50) * ms:.3f}  p90 {percentile(latencies, 0.90) * ms:.3f}  "
        f"p99 {percentile(latencies, 0.99) * ms:.3f}  p99.9 {percentile(latencies, 0.999) * ms:.3f}  "
        f"max {latencies[-1] * ms:.3f}  mean {statistics.fmean(latencies) * ms:.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="a running service (default: start one)")
    parser.add_argument("--token", default=os.environ.get("RAMPART_TOKEN"), help="trader token for --url")
    parser.add_argument("--binary", type=Path, default=default_binary(), help="rampart binary to start")
    parser.add_argument("--seconds", type=float, default=5.0, help="measured seconds (default 5)")
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds before measuring (default 1)")
    arguments = parser.parse_args()
    print(
        f"rampart-client {__version__}, httpx {httpx.__version__}, Python {platform.python_version()} "
        f"on {platform.machine()}, {os.cpu_count()} CPUs"
    )
    if arguments.url:
        print(f"service: {arguments.url}")
        with Client(arguments.url, token=arguments.token) as client:
            run(client, arguments.seconds, arguments.warmup)
        return
    with LocalRampart(
        arguments.binary,
        rules_dir=REPOSITORY / "rules",
        profiles_dir=REPOSITORY / "profiles",
        arguments=["--token-rate", "off"],
    ) as server:
        print(f"service: {arguments.binary} serve --profile paper --token-rate off on {server.url}")
        token = server.token("trader", name="bench")
        with Client(server.url, token=token) as client:
            run(client, arguments.seconds, arguments.warmup)


if __name__ == "__main__":
    main()
