"""Helpers of the tests: orders, and a stub HTTP server for the answers a healthy service never gives."""

from __future__ import annotations

import json
import threading
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def order_id() -> str:
    return f"py-{uuid.uuid4().hex}"


def small_buy(bot: str, **extra: object) -> dict[str, object]:
    """A buy the seed paper profile allows: 0.001 BTC at 60000 (notional 60)."""
    order: dict[str, object] = {
        "bot": bot,
        "symbol": "BTC/USDT",
        "side": "buy",
        "type": "limit",
        "quantity": "0.001",
        "price": "60000",
        "reference_price": "60000",
    }
    order.update(extra)
    return order


@dataclass
class Canned:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


class Stub:
    """An HTTP server on 127.0.0.1 that answers every request with ``answer``; records the requests."""

    def __init__(self) -> None:
        self.answer = Canned(200, b"{}")
        self.requests: list[tuple[str, str, bytes]] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def _reply(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                stub.requests.append((self.command, self.path, self.rfile.read(length)))
                self.send_response(stub.answer.status)
                for name, value in stub.answer.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(stub.answer.body)))
                self.end_headers()
                self.wfile.write(stub.answer.body)

            do_GET = do_POST = do_DELETE = _reply

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def respond(self, status: int, body: object, headers: dict[str, str] | None = None) -> None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.answer = Canned(status, data, headers or {})

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
