"""``Client`` (sync) and ``AsyncClient`` over httpx, with keep-alive. Both fail closed on ``check``/``submit``."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import TracebackType
from typing import Any, Generic, TypeVar
from urllib.parse import quote

import httpx

from ._errors import (
    BAD_REQUEST_CODES,
    BadRequest,
    Denied,
    Forbidden,
    OutOfScope,
    RampartError,
    Throttled,
    Unauthorized,
    Unavailable,
    UnavailableDenied,
)
from ._models import (
    Decision,
    Eligibility,
    EmergencyStop,
    EXECUTIONS,
    Execution,
    FillReport,
    GarbledAnswer,
    Order,
    Prices,
    SessionInfo,
    SessionState,
    State,
    _Reader,
    fill_payload,
    order_payload,
)
from ._money import Money, encode_money
from ._session import AsyncSession, Session
from ._time import Time, encode_time
from ._version import __version__

__all__ = ["AsyncClient", "AsyncSession", "Client", "DEFAULT_TIMEOUT", "DEFAULT_URL", "Session"]

DEFAULT_URL = "http://127.0.0.1:8080"
"""Where ``rampart serve`` listens by default; used when neither ``url`` nor ``RAMPART_URL`` is given."""
DEFAULT_TIMEOUT = 10.0
"""Seconds one request may take. A live ``submit`` waits for the venue (``serve --venue-timeout-ms``, 10 s by
default): give live bots a timeout above it, or resend with the same ``client_order_id`` after a timeout."""

logger = logging.getLogger("rampart_client")

T = TypeVar("T")
OrderLike = Order | Mapping[str, Any]


# --------------------------------------------------------------------------------------------------------------
# What both clients share: building requests and reading answers.


@dataclass(frozen=True)
class _Call(Generic[T]):
    method: str
    path: str
    body: bytes | None
    read: Callable[[object], T]
    retry_safe: bool
    """True when sending it twice cannot do anything twice (a GET, a check, an order with a client order id)."""


def _json_body(payload: Mapping[str, object]) -> bytes:
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()


def _reject_constant(name: str) -> object:
    raise GarbledAnswer(f"{name} is not JSON")


def _parse_json(content: bytes) -> object:
    if not content:
        raise GarbledAnswer("empty body")
    try:
        return json.loads(content, parse_float=Decimal, parse_constant=_reject_constant)
    except (ValueError, UnicodeDecodeError) as error:
        raise GarbledAnswer(f"not JSON ({error})") from None


def _error_members(response: httpx.Response) -> tuple[str | None, str, Any]:
    """``(code, message, details)`` of an error answer; a body that is not the API's error shape gives a message
    naming the status."""
    try:
        value = _parse_json(response.content)
        error = _Reader(_Reader(value, "answer").mapping("error"), "error")
        return error.opt_string("code"), error.opt_string("message") or "", error.data.get("details")
    except GarbledAnswer:
        text = response.content[:200].decode("utf-8", "replace").strip()
        return None, f"HTTP {response.status_code} {response.reason_phrase}" + (f": {text}" if text else ""), None


def _error(response: httpx.Response, url: str) -> RampartError:
    """The typed error for a non-200 answer."""
    status = response.status_code
    code, message, details = _error_members(response)
    message = message or f"HTTP {status}"
    if status == 401:
        return Unauthorized(message, status=status, code=code, details=details)
    if status == 403:
        kind = OutOfScope if code == "out_of_scope" else Forbidden
        return kind(message, status=status, code=code, details=details)
    if status == 429:
        return Throttled(
            message, retry_after=_retry_after(response, details), status=status, code=code, details=details
        )
    if 400 <= status < 500:
        typed = BAD_REQUEST_CODES.get(code or "", BadRequest)
        return typed(message, status=status, code=code, details=details)
    if status >= 500:
        return Unavailable(f"Rampart at {url} answered {status}: {message}", status=status, code=code, details=details)
    return Unavailable(f"Rampart at {url} answered an unexpected HTTP {status}", status=status, code=code)


def _retry_after(response: httpx.Response, details: Any) -> float:
    header = response.headers.get("retry-after")
    if header is not None:
        try:
            return max(0.0, float(header))
        except ValueError:
            pass
    if isinstance(details, Mapping):
        seconds = details.get("retry_after_seconds")
        if isinstance(seconds, (int, Decimal)) and not isinstance(seconds, bool):
            return float(seconds)
    return 1.0


def _answer(call: _Call[T], response: httpx.Response, url: str) -> T:
    """The value of a non-decision call; raises the typed error, or ``Unavailable`` for a garbled answer."""
    if response.status_code not in (200, 201):
        raise _error(response, url)
    try:
        return call.read(_parse_json(response.content))
    except GarbledAnswer as error:
        raise Unavailable(f"Rampart at {url} gave a garbled answer: {error}", status=200) from None


def _decision(response: httpx.Response, url: str, client_order_id: str | None) -> Decision:
    """The decision of a check or order. No decision (5xx, garbled) is a fail-closed denial; the caller's own
    errors (401, 403, 429, 4xx) raise."""
    status = response.status_code
    if status == 200:
        try:
            return Decision._read(_parse_json(response.content))
        except Exception as error:  # anything that is not a readable decision is no decision
            return _fail_closed(f"Rampart at {url} gave a garbled answer: {error}", "garbled answer", client_order_id)
    failure = _error(response, url)
    if isinstance(failure, Unavailable):
        return _fail_closed(str(failure), f"HTTP {status}", client_order_id)
    raise failure


def _transport_failure(error: Exception, url: str, timeout: httpx.Timeout) -> tuple[str, str]:
    """``(why, actual)`` for a request that got no answer."""
    if isinstance(error, httpx.TimeoutException):
        if isinstance(error, httpx.ReadTimeout):
            seconds = timeout.read
        elif isinstance(error, httpx.WriteTimeout):
            seconds = timeout.write
        elif isinstance(error, httpx.PoolTimeout):
            seconds = timeout.pool
        else:
            seconds = timeout.connect
        limit = f" after {seconds:g} s" if seconds is not None else ""
        return f"Rampart at {url} did not answer{limit} ({type(error).__name__})", "timeout"
    if isinstance(error, httpx.ConnectError):
        return f"Rampart at {url} cannot be reached: {error or type(error).__name__}", "unreachable"
    detail = str(error) or type(error).__name__
    return f"Rampart at {url} failed to answer: {detail} ({type(error).__name__})", "no answer"


def _fail_closed(why: str, actual: str, client_order_id: str | None) -> Decision:
    logger.warning("rampart: %s; the order is denied (fail closed)", why)
    return Decision.fail_closed(why, actual, client_order_id)


# Transport failures: httpx's own, and the OS's (e.g. a Unix socket path that is not a socket).
_NO_ANSWER: tuple[type[Exception], ...] = (httpx.TransportError, httpx.DecodingError, OSError)
# Failures after which the request may or may not have been seen by the service (only retried when safe).
_MAYBE_SENT: tuple[type[Exception], ...] = (httpx.RemoteProtocolError, httpx.ReadError)


class _Base:
    """Configuration and request building shared by ``Client`` and ``AsyncClient``."""

    url: str
    token: str | None
    timeout: httpx.Timeout

    def _configure(
        self, url: str | None, token: str | None, timeout: float | httpx.Timeout
    ) -> tuple[str, str | None, dict[str, str]]:
        given = url if url is not None else os.environ.get("RAMPART_URL") or DEFAULT_URL
        self.url = given.rstrip("/")
        chosen = token if token is not None else os.environ.get("RAMPART_TOKEN")
        self.token = chosen or None
        self.timeout = timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)
        headers = {"User-Agent": f"rampart-client-python/{__version__}", "Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        uds = None
        base = self.url
        if base.startswith("unix:"):
            uds = base[len("unix:") :]
            if uds.startswith("//"):
                uds = uds[2:]
            base = "http://rampart"
        return base, uds, headers

    # -- calls ---------------------------------------------------------------------------------------------

    @staticmethod
    def _order_call(
        path: str,
        order: OrderLike,
        execution: str | None = None,
        time: Time | None = None,
        needs_time: bool = False,
    ) -> tuple[bytes, str | None, bool]:
        """``(body, client_order_id, retry_safe)`` of a check or an order. ``execution`` overrides the order's;
        ``time`` (a session's candle time) may also come as the dict's ``time`` key."""
        if isinstance(order, Mapping) and "time" in order:
            if time is not None:
                raise ValueError("time: given both as an argument and in the order")
            time = order["time"]
            order = {key: value for key, value in order.items() if key != "time"}
        payload = order_payload(order)
        if execution is not None:
            if execution not in EXECUTIONS:
                raise ValueError(f"execution: expected 'rampart' or 'external', got {execution!r}")
            payload["execution"] = execution
        client_order_id = payload.get("client_order_id")
        coid = client_order_id if isinstance(client_order_id, str) else None
        if payload.get("execution") == "external" and not coid and not path.endswith("/check"):
            raise ValueError("client_order_id: an external order needs one (it names the reservation)")
        if time is not None:
            payload["time"] = encode_time("time", time)
        elif needs_time:
            raise ValueError("time: a session order needs its (candle) time")
        return _json_body(payload), coid, coid is not None or path.endswith("/check")

    @staticmethod
    def _order_path(client_order_id: str, session: str | None = None) -> str:
        if not isinstance(client_order_id, str):
            raise TypeError(f"client_order_id: expected a string, got {type(client_order_id).__name__}")
        if not client_order_id:
            raise ValueError("client_order_id: must not be empty")
        return f"{_session_path(session)}/orders/{quote(client_order_id, safe='')}"

    @classmethod
    def _cancel_call(cls, client_order_id: str, session: str | None = None) -> _Call[Execution]:
        return _Call(
            "DELETE",
            cls._order_path(client_order_id, session),
            None,
            lambda value: Execution._read(_Reader(value, "cancel")),
            retry_safe=False,
        )

    @classmethod
    def _fill_call(
        cls,
        client_order_id: str,
        fill_id: str,
        quantity: Money,
        price: Money,
        fee: Money,
        session: str | None = None,
        time: Time | None = None,
    ) -> _Call[FillReport]:
        path = cls._order_path(client_order_id, session) + "/fills"
        payload = fill_payload(fill_id, quantity, price, fee)
        if time is not None:
            payload["time"] = encode_time("time", time)
        elif session is not None:
            raise ValueError("time: a session's fill needs its (candle) time")
        # Idempotent on fill_id: the same fill again answers the first (replayed), never books twice.
        return _Call("POST", path, _json_body(payload), FillReport._read, retry_safe=True)

    @staticmethod
    def _open_session_call(profile: str | None, starting_balance: Money | None) -> _Call[SessionInfo]:
        body: dict[str, object] = {}
        if profile is not None:
            if not isinstance(profile, str) or not profile:
                raise ValueError("profile: expected a profile name")
            body["profile"] = profile
        if starting_balance is not None:
            body["starting_balance"] = encode_money("starting_balance", starting_balance)
        return _Call("POST", "/v1/sessions", _json_body(body), SessionInfo._read, retry_safe=False)

    @staticmethod
    def _session_state_call(session: str, close: bool) -> _Call[SessionState]:
        return _Call("DELETE" if close else "GET", _session_path(session), None, SessionState._read, retry_safe=True)

    @staticmethod
    def _state_call() -> _Call[State]:
        return _Call("GET", "/v1/state", None, State._read, retry_safe=True)

    @staticmethod
    def _prices_call() -> _Call[Prices]:
        return _Call("GET", "/v1/prices", None, Prices._read, retry_safe=True)

    @staticmethod
    def _eligibility_call(bot: str) -> _Call[Eligibility]:
        if not bot:
            raise ValueError("bot: must not be empty")
        return _Call("GET", f"/v1/bots/{quote(bot, safe='')}/eligibility", None, Eligibility._read, retry_safe=True)

    @staticmethod
    def _stop_call(scope: str | None, reason: str | None, dry_run: bool, mode: str | None) -> _Call[EmergencyStop]:
        body: dict[str, object] = {}
        if scope is not None:
            body["scope"] = scope
        if mode is not None:
            body["mode"] = mode
        if reason is not None:
            body["reason"] = reason
        if dry_run:
            body["dry_run"] = True
        return _Call("POST", "/v1/emergency-stop", _json_body(body), EmergencyStop._read, retry_safe=True)


def _session_path(session: str | None) -> str:
    if session is None:
        return "/v1"
    if not session:
        raise ValueError("session_id: must not be empty")
    return f"/v1/sessions/{quote(session, safe='')}"


def _refused(error: Exception) -> bool:
    logger.warning("rampart: check failed (%s: %s); the order is denied", type(error).__name__, error)
    return False


def _or_raise(decision: Decision) -> Decision:
    if decision.allowed:
        return decision
    if decision.unavailable:
        raise UnavailableDenied(decision)
    raise Denied(decision)


# --------------------------------------------------------------------------------------------------------------


class Client(_Base):
    """A synchronous Rampart client; one keep-alive connection pool. Use it as a context manager, or ``close()``.

    ``url`` defaults to ``RAMPART_URL``, then ``http://127.0.0.1:8080`` (``unix:/path/to.sock`` for a Unix
    socket); ``token`` to ``RAMPART_TOKEN``. ``timeout`` is in seconds per request (or an ``httpx.Timeout``).

    ``check`` and ``submit`` **fail closed**: when Rampart cannot be reached, times out, answers 5xx or garbage,
    they return a ``Decision`` with ``allowed`` False and a violation of rule ``unavailable`` — never an
    exception. They raise only for the caller's own mistakes: ``Unauthorized``, ``OutOfScope``/``Forbidden``,
    ``Throttled``, ``BadRequest``, and ``TypeError``/``ValueError`` for a bad order (a float amount).
    """

    def __init__(
        self,
        url: str | None = None,
        *,
        token: str | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        retries: int = 1,
    ) -> None:
        base, uds, headers = self._configure(url, token, timeout)
        transport = httpx.HTTPTransport(uds=uds, retries=retries)
        self._http = httpx.Client(base_url=base, headers=headers, timeout=self.timeout, transport=transport)

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Closes the connection pool."""
        self._http.close()

    def __repr__(self) -> str:
        return f"rampart_client.Client({self.url!r})"

    # -- transport ---------------------------------------------------------------------------------------

    def _send(self, method: str, path: str, body: bytes | None, retry_safe: bool) -> httpx.Response:
        headers = {"Content-Type": "application/json"} if body is not None else None
        try:
            return self._http.request(method, path, content=body, headers=headers)
        except _MAYBE_SENT:
            # A kept-alive connection the service had closed: send once more when that cannot act twice.
            if not retry_safe:
                raise
            return self._http.request(method, path, content=body, headers=headers)

    def _run(self, call: _Call[T]) -> T:
        try:
            response = self._send(call.method, call.path, call.body, call.retry_safe)
        except _NO_ANSWER as error:
            why, _ = _transport_failure(error, self.url, self.timeout)
            raise Unavailable(why) from error
        return _answer(call, response, self.url)

    def _decide(
        self,
        path: str,
        order: OrderLike,
        execution: str | None = None,
        time: Time | None = None,
        needs_time: bool = False,
    ) -> Decision:
        body, client_order_id, retry_safe = self._order_call(path, order, execution, time, needs_time)
        try:
            response = self._send("POST", path, body, retry_safe)
        except _NO_ANSWER as error:
            why, actual = _transport_failure(error, self.url, self.timeout)
            return _fail_closed(why, actual, client_order_id)
        return _decision(response, self.url, client_order_id)

    # -- the API -----------------------------------------------------------------------------------------

    def check(self, order: OrderLike) -> Decision:
        """What-if: the gate's decision, nothing reserved or executed (``POST /v1/orders/check``). Fails closed."""
        return self._decide("/v1/orders/check", order)

    def submit(self, order: OrderLike, *, execution: str | None = None) -> Decision:
        """Gate and execute (``POST /v1/orders``); ``decision.execution`` says what became of it. Fails closed.

        ``execution="external"`` (or the order's ``execution``): the bot places the order itself. The gate decides
        and **reserves** (``execution.status`` ``reserved``) and executes nothing; report each fill with
        ``report_fill`` and release the rest with ``cancel``. Such an order needs a ``client_order_id``.

        Idempotent on ``client_order_id``: after a timeout (a fail-closed denial), sending the same order with the
        same id again returns the service's first answer, if it had one (``replayed`` True)."""
        return self._decide("/v1/orders", order, execution)

    def check_or_raise(self, order: OrderLike) -> Decision:
        """``check``, raising ``Denied`` unless allowed."""
        return _or_raise(self.check(order))

    def allows(self, order: OrderLike) -> bool:
        """``check(order).allowed`` that **never raises**: any error at all — a float amount, a revoked token, an
        out-of-scope bot, throttling — is logged and answered False. For callbacks where an exception means
        "yes" (freqtrade's ``confirm_trade_entry``)."""
        try:
            return self.check(order).allowed
        except Exception as error:
            return _refused(error)

    def submit_or_raise(self, order: OrderLike) -> Decision:
        """``submit``, raising ``Denied`` unless allowed."""
        return _or_raise(self.submit(order))

    def cancel(self, client_order_id: str) -> Execution:
        """Releases what an order still holds; the answer has status ``cancelled``. A resting paper limit order is
        cancelled (the members of a resting order); a bot-executed order releases its unfilled rest
        (``filled_quantity``, ``released_quantity``). An order with nothing to release raises ``BadRequest``:
        404 ``not_resting`` or ``UnknownOrder``, ``OrderClosed`` (409) for one filled, cancelled or expired."""
        return self._run(self._cancel_call(client_order_id))

    def report_fill(
        self,
        client_order_id: str,
        *,
        fill_id: str,
        quantity: Money,
        price: Money,
        fee: Money = 0,
    ) -> FillReport:
        """Reports one fill of a bot-executed order (``POST /v1/orders/{id}/fills``): ``quantity`` at ``price``,
        ``fee`` in the quote currency. Partial fills one by one, each with its own ``fill_id``; the same
        ``fill_id`` again answers the first report (``replayed`` True), never books twice.

        Raises ``UnknownOrder`` (404), ``ExceedsReservation`` (409: more than the order has left),
        ``OrderClosed`` (409), ``FillIdConflict`` (409: the fill id with other numbers), ``BadRequest`` (400,
        ``key`` names the field), ``TypeError`` for a float, and ``Unavailable`` when Rampart cannot be reached:
        keep the fill and report it again (it is idempotent)."""
        return self._run(self._fill_call(client_order_id, fill_id, quantity, price, fee))

    def open_session(self, profile: str | None = None, starting_balance: Money | None = None) -> Session:
        """Opens a backtest session (``POST /v1/sessions``): an isolated in-memory gate over ``profile`` (default:
        the service's), every account funded with ``starting_balance`` when given. Its orders and fills carry
        their candle ``time``. Close it (``with`` or ``close()``). Raises ``SessionLimit`` (409) when the service
        holds ``--max-sessions`` open, ``Unavailable`` when it cannot be reached."""
        return Session(self, self._run(self._open_session_call(profile, starting_balance)))

    def state(self) -> State:
        """``GET /v1/state`` (an ops or admin token)."""
        return self._run(self._state_call())

    def prices(self) -> Prices:
        """``GET /v1/prices``: the gate's quotes and the feed's health."""
        return self._run(self._prices_call())

    def eligibility(self, bot: str) -> Eligibility:
        """``GET /v1/bots/{bot}/eligibility`` (an ops or admin token)."""
        return self._run(self._eligibility_call(bot))

    def emergency_stop(
        self,
        scope: str | None = None,
        reason: str | None = None,
        dry_run: bool = False,
        *,
        mode: str | None = None,
    ) -> EmergencyStop:
        """Halts ``scope`` (``global`` by default, ``account:NAME``, ``bot:NAME``); ``mode="reduce_only"`` lets
        only exits through. In force for every order that arrives after it returns. ``dry_run=True`` checks that
        the call would be accepted and changes nothing. An ops or admin token."""
        return self._run(self._stop_call(scope, reason, dry_run, mode))

    def healthy(self) -> bool:
        """``GET /healthz`` answered 200 (False when unreachable)."""
        return self._probe("/healthz")

    def ready(self) -> bool:
        """``GET /readyz`` answered 200: a profile is loaded and the journal is ready (False when unreachable)."""
        return self._probe("/readyz")

    def _probe(self, path: str) -> bool:
        try:
            return self._send("GET", path, None, True).status_code == 200
        except _NO_ANSWER:
            return False


class AsyncClient(_Base):
    """The asyncio twin of ``Client``: the same methods, awaited; ``async with`` or ``await aclose()``.

    ``check`` and ``submit`` **fail closed** exactly like ``Client``'s."""

    def __init__(
        self,
        url: str | None = None,
        *,
        token: str | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        retries: int = 1,
    ) -> None:
        base, uds, headers = self._configure(url, token, timeout)
        transport = httpx.AsyncHTTPTransport(uds=uds, retries=retries)
        self._http = httpx.AsyncClient(base_url=base, headers=headers, timeout=self.timeout, transport=transport)

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Closes the connection pool."""
        await self._http.aclose()

    def __repr__(self) -> str:
        return f"rampart_client.AsyncClient({self.url!r})"

    async def _send(self, method: str, path: str, body: bytes | None, retry_safe: bool) -> httpx.Response:
        headers = {"Content-Type": "application/json"} if body is not None else None
        try:
            return await self._http.request(method, path, content=body, headers=headers)
        except _MAYBE_SENT:
            if not retry_safe:
                raise
            return await self._http.request(method, path, content=body, headers=headers)

    async def _run(self, call: _Call[T]) -> T:
        try:
            response = await self._send(call.method, call.path, call.body, call.retry_safe)
        except _NO_ANSWER as error:
            why, _ = _transport_failure(error, self.url, self.timeout)
            raise Unavailable(why) from error
        return _answer(call, response, self.url)

    async def _decide(
        self,
        path: str,
        order: OrderLike,
        execution: str | None = None,
        time: Time | None = None,
        needs_time: bool = False,
    ) -> Decision:
        body, client_order_id, retry_safe = self._order_call(path, order, execution, time, needs_time)
        try:
            response = await self._send("POST", path, body, retry_safe)
        except _NO_ANSWER as error:
            why, actual = _transport_failure(error, self.url, self.timeout)
            return _fail_closed(why, actual, client_order_id)
        return _decision(response, self.url, client_order_id)

    async def check(self, order: OrderLike) -> Decision:
        """What-if decision (``POST /v1/orders/check``). Fails closed."""
        return await self._decide("/v1/orders/check", order)

    async def submit(self, order: OrderLike, *, execution: str | None = None) -> Decision:
        """Gate and execute (``POST /v1/orders``); ``execution="external"`` reserves for an order the bot places
        itself (see ``Client.submit``). Fails closed; idempotent on ``client_order_id``."""
        return await self._decide("/v1/orders", order, execution)

    async def check_or_raise(self, order: OrderLike) -> Decision:
        """``check``, raising ``Denied`` unless allowed."""
        return _or_raise(await self.check(order))

    async def allows(self, order: OrderLike) -> bool:
        """``(await check(order)).allowed`` that never raises: any error is logged and answered False."""
        try:
            return (await self.check(order)).allowed
        except Exception as error:
            return _refused(error)

    async def submit_or_raise(self, order: OrderLike) -> Decision:
        """``submit``, raising ``Denied`` unless allowed."""
        return _or_raise(await self.submit(order))

    async def cancel(self, client_order_id: str) -> Execution:
        """Releases what a resting paper order or a bot-executed order still holds (see ``Client.cancel``)."""
        return await self._run(self._cancel_call(client_order_id))

    async def report_fill(
        self,
        client_order_id: str,
        *,
        fill_id: str,
        quantity: Money,
        price: Money,
        fee: Money = 0,
    ) -> FillReport:
        """Reports one fill of a bot-executed order; see ``Client.report_fill``."""
        return await self._run(self._fill_call(client_order_id, fill_id, quantity, price, fee))

    async def open_session(self, profile: str | None = None, starting_balance: Money | None = None) -> AsyncSession:
        """Opens a backtest session; see ``Client.open_session``. ``async with`` it, or ``await close()``."""
        return AsyncSession(self, await self._run(self._open_session_call(profile, starting_balance)))

    async def state(self) -> State:
        """``GET /v1/state`` (an ops or admin token)."""
        return await self._run(self._state_call())

    async def prices(self) -> Prices:
        """``GET /v1/prices``."""
        return await self._run(self._prices_call())

    async def eligibility(self, bot: str) -> Eligibility:
        """``GET /v1/bots/{bot}/eligibility`` (an ops or admin token)."""
        return await self._run(self._eligibility_call(bot))

    async def emergency_stop(
        self,
        scope: str | None = None,
        reason: str | None = None,
        dry_run: bool = False,
        *,
        mode: str | None = None,
    ) -> EmergencyStop:
        """See ``Client.emergency_stop``."""
        return await self._run(self._stop_call(scope, reason, dry_run, mode))

    async def healthy(self) -> bool:
        """``GET /healthz`` answered 200 (False when unreachable)."""
        return await self._probe("/healthz")

    async def ready(self) -> bool:
        """``GET /readyz`` answered 200 (False when unreachable)."""
        return await self._probe("/readyz")

    async def _probe(self, path: str) -> bool:
        try:
            return (await self._send("GET", path, None, True)).status_code == 200
        except _NO_ANSWER:
            return False
