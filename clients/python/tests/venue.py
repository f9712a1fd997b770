"""The Swift tests' fake Binance venue as a process (``RampartFakeVenueServer``), for the ccxt and freqtrade tests.

It listens on 127.0.0.1, prints ``{"url", "control", "api_key", "secret"}`` and serves until its standard input
closes; ``control`` scripts the next placements and reads what the venue saw (request counts, orders)."""

from __future__ import annotations

import json
import os
import select
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx

PACKAGE = Path(__file__).resolve().parents[1]
REPOSITORY = PACKAGE.parents[1]


def venue_binary() -> Path:
    """``RAMPART_FAKE_VENUE_BIN``, else the debug build beside ``RAMPART_BIN`` (or the repository's)."""
    given = os.environ.get("RAMPART_FAKE_VENUE_BIN")
    if given:
        return Path(given)
    rampart = os.environ.get("RAMPART_BIN")
    directory = Path(rampart).parent if rampart else REPOSITORY / ".build/debug"
    return directory / "RampartFakeVenueServer"


class FakeVenue:
    """One ``RampartFakeVenueServer`` process; ``symbols`` are ``VENUE:BASE:QUOTE:BID:ASK`` (BTCUSDT is listed)."""

    def __init__(self, symbols: Sequence[str] = (), api_key: str = "py-api-key", secret: str = "py-secret-0123") -> None:
        binary = venue_binary()
        if not os.access(binary, os.X_OK):
            raise RuntimeError(
                f"no fake venue at {binary}: build it with `swift build --product RampartFakeVenueServer` "
                "(or set RAMPART_FAKE_VENUE_BIN)"
            )
        command = [str(binary), "--api-key", api_key, "--secret", secret]
        for symbol in symbols:
            command += ["--symbol", symbol]
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert self.process.stdout is not None
        ready, _, _ = select.select([self.process.stdout], [], [], 30)
        line = self.process.stdout.readline() if ready else b""
        if not line:
            self.close()
            raise RuntimeError(f"the fake venue did not start: {self.process.stderr.read().decode() if self.process.stderr else ''}")
        started: dict[str, str] = json.loads(line)
        self.url = started["url"]
        self.control = started["control"]
        self.api_key = started["api_key"]
        self.secret = started["secret"]
        self._http = httpx.Client(base_url=self.control, timeout=10)

    def script(self, *placements: dict[str, Any]) -> None:
        """Queues how the next ``POST /api/v3/order`` requests are answered (``{"kind": "fill", "price": …}``…)."""
        self._http.post("/script", json=list(placements)).raise_for_status()

    def quote(self, symbol: str, bid: str, ask: str) -> None:
        self._http.post("/quote", json={"symbol": symbol, "bid": bid, "ask": ask}).raise_for_status()

    def state(self) -> dict[str, Any]:
        """Request counts, authentication failures and every order booked."""
        answer: dict[str, Any] = self._http.get("/state").raise_for_status().json()
        return answer

    def close(self) -> None:
        if getattr(self, "_http", None) is not None:
            self._http.close()
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.close()  # the venue ends when its standard input closes
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()

    def __enter__(self) -> FakeVenue:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()


def wait_until(predicate: Any, timeout: float = 10.0, interval: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return bool(predicate())
