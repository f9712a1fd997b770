"""Fail closed: when Rampart gives no decision, check and submit answer "denied" (rule `unavailable`), sync and
async; the other calls raise `Unavailable`. Also the error answers a healthy service rarely gives (429, 413)."""

from __future__ import annotations

import socket
import tempfile
import threading
from collections.abc import Iterator
from decimal import Decimal
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from socketserver import UnixStreamServer

import pytest

from rampart_client import (
    AsyncClient,
    BadRequest,
    Client,
    Decision,
    Denied,
    Throttled,
    Unavailable,
    UnavailableDenied,
)
from support import Stub, order_id, small_buy

BOT = "py-fail-closed"


def assert_fail_closed(decision: Decision, words: str) -> None:
    assert decision.allowed is False
    assert not decision
    assert decision.unavailable is True
    assert len(decision.violations) == 1
    violation = decision.violations[0]
    assert violation.rule == "unavailable"
    assert words in violation.message, violation.message
    assert violation.message.endswith("denied (fail closed)")
    assert decision.execution is None


def test_service_down_denies_check_and_submit(closed_port: int) -> None:
    with Client(f"http://127.0.0.1:{closed_port}", token="rmp_x", timeout=2) as client:
        assert_fail_closed(client.check(small_buy(BOT)), "cannot be reached")
        coid = order_id()
        submitted = client.submit(small_buy(BOT, client_order_id=coid))
        assert_fail_closed(submitted, "cannot be reached")
        assert submitted.client_order_id == coid  # to resend with later
        assert submitted.violations[0].actual == "unreachable"
        assert client.allows(small_buy(BOT)) is False
        with pytest.raises(Denied) as raised:
            client.submit_or_raise(small_buy(BOT))
        assert isinstance(raised.value, Unavailable) and isinstance(raised.value, UnavailableDenied)
        with pytest.raises(Unavailable, match="cannot be reached"):
            client.prices()
        with pytest.raises(Unavailable):
            client.emergency_stop(dry_run=True)
        assert client.healthy() is False and client.ready() is False


@pytest.mark.anyio
async def test_service_down_denies_check_and_submit_async(closed_port: int) -> None:
    async with AsyncClient(f"http://127.0.0.1:{closed_port}", token="rmp_x", timeout=2) as client:
        assert_fail_closed(await client.check(small_buy(BOT)), "cannot be reached")
        assert_fail_closed(await client.submit(small_buy(BOT)), "cannot be reached")
        assert await client.allows(small_buy(BOT)) is False
        with pytest.raises(UnavailableDenied):
            await client.check_or_raise(small_buy(BOT))
        with pytest.raises(Unavailable):
            await client.state()
        assert await client.ready() is False


def test_a_hung_service_times_out_into_a_denial(silent_port: int) -> None:
    with Client(f"http://127.0.0.1:{silent_port}", token="rmp_x", timeout=0.3) as client:
        decision = client.check(small_buy(BOT))
        assert_fail_closed(decision, "did not answer")
        assert decision.violations[0].actual == "timeout"
        with pytest.raises(Unavailable, match="did not answer"):
            client.state()


@pytest.mark.anyio
async def test_a_hung_service_times_out_into_a_denial_async(silent_port: int) -> None:
    async with AsyncClient(f"http://127.0.0.1:{silent_port}", token="rmp_x", timeout=0.3) as client:
        assert_fail_closed(await client.submit(small_buy(BOT)), "did not answer")


@pytest.mark.parametrize(
    ("status", "body", "words"),
    [
        (500, {"error": {"code": "internal", "message": "boom", "details": None}}, "answered 500: boom"),
        (503, b"<html>bad gateway</html>", "answered 503"),
        (200, b"not json at all", "garbled answer"),
        (200, b"", "garbled answer"),
        (200, {"allowed": "yes"}, "garbled answer"),
        (200, {"violations": []}, "garbled answer"),
        (200, {"allowed": True, "violations": [], "reference_price": "sixty"}, "garbled answer"),
        (200, {"allowed": True, "execution": {"status": "filled", "quantity": True}}, "garbled answer"),
        (302, b"", "unexpected HTTP 302"),
    ],
)
def test_no_decision_is_a_denial(stub: Stub, status: int, body: object, words: str) -> None:
    stub.respond(status, body)
    with Client(stub.url, token="rmp_x") as client:
        assert_fail_closed(client.check(small_buy(BOT)), words)
        assert_fail_closed(client.submit(small_buy(BOT)), words)
        with pytest.raises(Unavailable):
            client.prices()


@pytest.mark.anyio
async def test_no_decision_is_a_denial_async(stub: Stub) -> None:
    stub.respond(500, {"error": {"code": "internal", "message": "boom"}})
    async with AsyncClient(stub.url, token="rmp_x") as client:
        assert_fail_closed(await client.check(small_buy(BOT)), "boom")
    stub.respond(200, b"{garbage")
    async with AsyncClient(stub.url, token="rmp_x") as client:
        assert_fail_closed(await client.submit(small_buy(BOT)), "garbled")


def test_the_wire_carries_decimal_strings(stub: Stub) -> None:
    stub.respond(200, {"allowed": True, "violations": [], "warnings": [], "reference_price": "60000.5"})
    with Client(stub.url, token="rmp_t") as client:
        decision = client.check(small_buy(BOT, quantity=Decimal("0.00012345"), price=Decimal("6E+4")))
    assert decision.allowed and decision.reference_price == Decimal("60000.5")
    method, path, body = stub.requests[-1]
    assert (method, path) == ("POST", "/v1/orders/check")
    assert b'"quantity":"0.00012345"' in body
    assert b'"price":"60000"' in body


def test_throttled_carries_retry_after(stub: Stub) -> None:
    error = {"error": {"code": "rate_limited", "message": "token 'bot' is over its request rate",
                       "details": {"retry_after_seconds": 7}}}
    stub.respond(429, error, {"Retry-After": "7"})
    with Client(stub.url, token="rmp_t") as client:
        with pytest.raises(Throttled) as raised:
            client.check(small_buy(BOT))
        assert raised.value.retry_after == 7.0
        assert raised.value.code == "rate_limited"
        stub.respond(429, error)  # no header: details.retry_after_seconds
        with pytest.raises(Throttled) as again:
            client.prices()
        assert again.value.retry_after == 7.0
        assert client.allows(small_buy(BOT)) is False


def test_too_large_is_a_bad_request(stub: Stub) -> None:
    stub.respond(413, {"error": {"code": "too_large", "message": "body over 65536 bytes", "details": None}})
    with Client(stub.url, token="rmp_t") as client:
        with pytest.raises(BadRequest) as raised:
            client.submit(small_buy(BOT))
    assert raised.value.status == 413
    assert raised.value.code == "too_large"
    assert raised.value.key is None


@pytest.fixture
def unix_stub() -> Iterator[str]:
    """A canned decision served over a Unix socket."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            body = b'{"allowed":true,"violations":[],"warnings":[],"reference_price":"1"}'
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def address_string(self) -> str:
            return "unix"

        def log_message(self, format: str, *args: object) -> None:
            pass

    with tempfile.TemporaryDirectory() as directory:
        path = str(Path(directory) / "rampart.sock")
        server = UnixStreamServer(path, Handler)
        thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
        thread.start()
        try:
            yield path
        finally:
            server.shutdown()
            server.server_close()


def test_unix_socket_url(unix_stub: str) -> None:
    with Client(f"unix:{unix_stub}", token="rmp_t") as client:
        assert client.check(small_buy(BOT)).allowed
    with Client(f"unix:{unix_stub}.missing", token="rmp_t") as client:
        assert_fail_closed(client.check(small_buy(BOT)), "cannot be reached")


def test_connection_refused_is_fast(closed_port: int) -> None:
    # Fail closed must not make a bot wait: a refused connection answers at once.
    import time

    with Client(f"http://127.0.0.1:{closed_port}", timeout=5) as client:
        start = time.monotonic()
        client.check(small_buy(BOT))
        assert time.monotonic() - start < 1.0


def test_closed_port_fixture_is_really_closed(closed_port: int) -> None:
    with socket.socket() as s, pytest.raises(ConnectionRefusedError):
        s.connect(("127.0.0.1", closed_port))


def test_a_replay_journaled_by_an_older_version_reads(stub: Stub) -> None:
    # Decisions journaled before findings were kept in full replay with only the rule id and a message.
    violation = {"rule": "order-notional", "message": "decided before a restart"}
    stub.respond(200, {"allowed": False, "violations": [violation], "warnings": [], "profile_hash": "ab" * 32,
                       "execution": None, "replayed": True})
    with Client(stub.url, token="rmp_t") as client:
        decision = client.submit(small_buy(BOT, client_order_id="o-1"))
        assert decision.replayed and not decision.allowed and not decision.unavailable
        assert decision.violations[0].rule == "order-notional"
        assert decision.violations[0].check == "" and decision.violations[0].limit == ""
        with pytest.raises(TypeError, match="order"):
            client.check(["not", "an", "order"])  # type: ignore[arg-type]
