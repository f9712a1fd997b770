"""ccxt behind the gate: ``gated(exchange, client, bot=…)``.

```python
import ccxt
from rampart_client import Client
from rampart_client.ccxt import gated

exchange = gated(ccxt.binance({"apiKey": …, "secret": …}), Client(), bot="grid-1")
order = exchange.create_order("BTC/USDT", "market", "buy", "0.001")   # raises Denied when the gate refuses
```

``create_order`` asks the gate first, as a **bot-executed** order under a client order id (``execution:
external``): refused, it raises ``Denied`` (``UnavailableDenied`` when Rampart cannot be reached: fail closed) and
**never reaches the venue**; allowed, the gate reserves room for it, the order goes to the venue with the same client
order id (ccxt's ``clientOrderId``, Binance's ``newClientOrderId``), its fills are reported (``report_fill``: one
per venue trade, or one for what filled when the venue lists no trades) and the unfilled rest is released. A
venue's refusal releases the whole reservation and re-raises. A venue that did not answer (``ccxt.NetworkError``,
a timeout among them) leaves the outcome unknown: the reservation stays held (the limits count the order), the error
is re-raised, and ``reconcile()`` settles it later from the venue's own record of the client order id. An order
that rests on the book stays reserved until it fills (``reconcile()``, ``fetch_order``) or ``cancel_order``
releases the rest. Everything else passes through to the exchange.

Amounts and prices may be ``Decimal``, ``int``, decimal strings or ccxt's floats (converted through ``str``); the
quantity gated is the one the venue gets (``amount_to_precision``). A fee charged in the quote currency is reported
as is, one in the base currency at the fill's price; one in a third asset (BNB) is reported as 0, with a warning.
Orders are judged at Rampart's own market quote when it holds one (``serve --market-data``); where it holds none,
pass the price you see as ``params={"reference_price": …}`` (taken out before the venue sees the params), else the
gate has no price to judge the order at (a limit price is not taken for the market's).

The same works with ``ccxt.async_support`` and ``AsyncClient``: ``gated`` returns the awaitable twin.
"""

from __future__ import annotations

import inspect
import logging
import time
import uuid
from collections.abc import Generator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

import ccxt

from ._client import AsyncClient, Client
from ._errors import BadRequest, Denied, UnavailableDenied
from ._models import Decision, Execution, FillReport

__all__ = ["AsyncGatedExchange", "GatedExchange", "Reconciled", "gated"]

logger = logging.getLogger(__name__)

T = TypeVar("T")
_PLACES = Decimal("0.00000001")
_CLOSED = ("closed", "canceled", "cancelled", "expired", "rejected")
NOT_FOUND_GRACE = 6.0
"""Seconds after placing during which a venue's "no such order" does not yet mean "never placed" (Binance's
recvWindow is 5 s: a request may still arrive)."""


def _exact(value: object, what: str) -> Decimal:
    """A number from ccxt or the caller as a Decimal: floats through their shortest ``str``."""
    if isinstance(value, bool) or value is None:
        raise TypeError(f"{what}: expected a number, got {value!r}")
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"{what}: {value!r} is not a decimal number") from None
    if not number.is_finite():
        raise ValueError(f"{what}: {value!r} is not a finite number")
    return number


def _places(value: Decimal) -> Decimal:
    return value.quantize(_PLACES)


@dataclass
class _Tracked:
    """An order the gate reserved for, as this wrapper knows it."""

    client_order_id: str
    symbol: str
    side: str
    quantity: Decimal
    state: str
    """``pending`` (the venue's answer unknown) or ``open`` (resting on the book)"""
    venue_id: str | None = None
    reported: Decimal = Decimal(0)
    reported_cost: Decimal = Decimal(0)
    since: float = field(default_factory=time.monotonic)


@dataclass(frozen=True)
class _Fill:
    fill_id: str
    quantity: Decimal
    price: Decimal
    fee: Decimal


@dataclass(frozen=True)
class Reconciled:
    """What ``reconcile()`` did for one order: ``outcome`` is ``filled`` (fills reported, nothing left),
    ``released`` (the rest released; ``filled`` says what had filled), ``open`` (still on the book),
    ``pending`` (the venue still gives no answer) or ``failed`` (``error``)."""

    client_order_id: str
    symbol: str
    outcome: str
    filled: Decimal
    fills: tuple[FillReport, ...] = ()
    error: str | None = None


# --------------------------------------------------------------------------------------------------------------
# The flows, written once: each yields the calls it needs (to the gate or the venue) and gets their results (or
# their exceptions, thrown in); `GatedExchange` runs them with plain calls, `AsyncGatedExchange` awaits them.


@dataclass(frozen=True)
class _Step:
    target: str
    """``gate`` (the Rampart client) or ``venue`` (the ccxt exchange)"""
    method: str
    args: tuple[Any, ...] = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict)


_Flow = Generator[_Step, Any, T]


class _Gating:
    """The logic of the gated exchange, independent of sync or async."""

    def __init__(self, exchange: Any, bot: str, account: str | None, mode: str | None) -> None:
        if not bot:
            raise ValueError("bot: must not be empty")
        self.exchange = exchange
        self.bot = bot
        self.account = account
        self.mode = mode
        self.tracked: dict[str, _Tracked] = {}

    # -- create ------------------------------------------------------------------------------------------

    def create_flow(
        self, symbol: str, type: str, side: str, amount: Any, price: Any, params: Mapping[str, Any] | None
    ) -> _Flow[Any]:
        venue_params = dict(params or {})
        reference = venue_params.pop("reference_price", None)
        coid = venue_params.pop("clientOrderId", None) or venue_params.pop("newClientOrderId", None)
        coid = str(coid) if coid else f"rg-{uuid.uuid4().hex[:24]}"
        yield _Step("venue", "load_markets")
        quantity = _exact(self.exchange.amount_to_precision(symbol, str(_exact(amount, "amount"))), "amount")
        limit = None if price is None else _exact(self.exchange.price_to_precision(symbol, str(_exact(price, "price"))), "price")
        order: dict[str, object] = {
            "bot": self.bot,
            "symbol": symbol,
            "side": side,
            "type": type,
            "quantity": _places(quantity),
            "client_order_id": coid,
        }
        if limit is not None:
            order["price"] = _places(limit)
        if reference is not None:
            order["reference_price"] = _places(_exact(reference, "reference_price"))
        if self.account is not None:
            order["account"] = self.account
        if self.mode is not None:
            order["mode"] = self.mode
        if venue_params.get("reduceOnly") is True:
            order["reduce_only"] = True
        decision: Decision = yield _Step("gate", "submit", (order,), {"execution": "external"})
        if not decision.allowed:
            logger.info("rampart: refused %s %s %s [%s]: %s", side, quantity, symbol, ",".join(decision.rules),
                        decision.reason)
            raise UnavailableDenied(decision) if decision.unavailable else Denied(decision)
        tracked = _Tracked(coid, symbol, side, _places(quantity), "pending")
        self.tracked[coid] = tracked
        venue_params["clientOrderId"] = coid
        price_argument = None if limit is None else str(limit)
        try:
            placed = yield _Step("venue", "create_order", (symbol, type, side, str(quantity), price_argument, venue_params))
        except ccxt.NetworkError as error:
            # No answer, or one that does not say: the order may be on the venue. Held until reconciled.
            logger.warning("rampart: %s %s: the venue's answer is unknown (%s: %s); reserved until reconcile()", coid,
                           symbol, error.__class__.__name__, error)
            raise
        except ccxt.ExchangeError:
            # The venue refused it: nothing was placed.
            yield from self._release_flow(tracked, "venue refused")
            raise
        except Exception:
            logger.warning("rampart: %s %s: placing failed in an unexpected way; reserved until reconcile()", coid,
                           symbol)
            raise
        yield from self._settle_flow(tracked, placed)
        return placed

    # -- settle, cancel, reconcile -----------------------------------------------------------------------

    def _settle_flow(self, tracked: _Tracked, order: Mapping[str, Any]) -> _Flow[list[FillReport]]:
        """Reports what ``order`` (ccxt's) filled beyond what was reported; releases the rest once it is done."""
        if order.get("id") is not None:
            tracked.venue_id = str(order["id"])
        reports: list[FillReport] = []
        for fill in self._fills(tracked, order):
            report: FillReport = yield _Step(
                "gate",
                "report_fill",
                (tracked.client_order_id,),
                {"fill_id": fill.fill_id, "quantity": fill.quantity, "price": fill.price, "fee": fill.fee},
            )
            tracked.reported += fill.quantity
            tracked.reported_cost += fill.quantity * fill.price
            reports.append(report)
            if report.off_market:
                logger.warning("rampart: fill %s of %s was off the market (%s)", fill.fill_id,
                               tracked.client_order_id, report.market_price)
        status = str(order.get("status") or "")
        if tracked.reported >= tracked.quantity:
            self.tracked.pop(tracked.client_order_id, None)
        elif status in _CLOSED:
            yield from self._release_flow(tracked, f"venue status {status}")
        else:
            tracked.state = "open"
        return reports

    def _release_flow(self, tracked: _Tracked, why: str) -> _Flow[Execution | None]:
        self.tracked.pop(tracked.client_order_id, None)
        try:
            released: Execution = yield _Step("gate", "cancel", (tracked.client_order_id,))
        except BadRequest as error:
            if error.status not in (404, 409):  # 404 not_resting / unknown_order, 409 order_closed: nothing held
                raise
            logger.info("rampart: nothing left to release for %s (%s): %s", tracked.client_order_id, why, error)
            return None
        logger.info("rampart: released %s of %s %s (%s)", released.released_quantity, tracked.client_order_id,
                    tracked.symbol, why)
        return released

    def cancel_flow(self, id: str, symbol: str | None, params: Mapping[str, Any] | None) -> _Flow[Any]:
        venue_params = dict(params or {})
        tracked = self._find(id, venue_params.get("clientOrderId"))
        if tracked is None:
            return (yield _Step("venue", "cancel_order", (id, symbol, venue_params)))
        venue_params["clientOrderId"] = tracked.client_order_id
        answer = yield _Step("venue", "cancel_order", (id, symbol or tracked.symbol, venue_params))
        # What filled before the cancel is booked, the rest released (a cancel answer is a closed order).
        settled = dict(answer)
        if settled.get("status") not in _CLOSED:
            settled["status"] = "canceled"
        yield from self._settle_flow(tracked, settled)
        return answer

    def reconcile_flow(self, not_found_grace: float) -> _Flow[list[Reconciled]]:
        results: list[Reconciled] = []
        for tracked in list(self.tracked.values()):
            try:
                order = yield _Step(
                    "venue",
                    "fetch_order",
                    (tracked.venue_id or tracked.client_order_id, tracked.symbol, {"clientOrderId": tracked.client_order_id}),
                )
            except ccxt.OrderNotFound as error:
                if time.monotonic() - tracked.since < not_found_grace:
                    results.append(Reconciled(tracked.client_order_id, tracked.symbol, "pending", tracked.reported,
                                              error=str(error)))
                    continue
                yield from self._release_flow(tracked, "the venue has no such order")
                results.append(Reconciled(tracked.client_order_id, tracked.symbol, "released", tracked.reported))
                continue
            except ccxt.NetworkError as error:
                results.append(Reconciled(tracked.client_order_id, tracked.symbol, "pending", tracked.reported,
                                          error=str(error)))
                continue
            except Exception as error:
                results.append(Reconciled(tracked.client_order_id, tracked.symbol, "failed", tracked.reported,
                                          error=f"{type(error).__name__}: {error}"))
                continue
            try:
                reports = yield from self._settle_flow(tracked, order)
            except Exception as error:
                results.append(Reconciled(tracked.client_order_id, tracked.symbol, "failed", tracked.reported,
                                          error=f"{type(error).__name__}: {error}"))
                continue
            if tracked.client_order_id in self.tracked:
                outcome = "open"
            elif tracked.reported >= tracked.quantity:
                outcome = "filled"
            else:
                outcome = "released"
            results.append(Reconciled(tracked.client_order_id, tracked.symbol, outcome, tracked.reported,
                                      tuple(reports)))
        return results

    # -- reading ccxt's orders ---------------------------------------------------------------------------

    def _find(self, venue_id: str | None, client_order_id: object) -> _Tracked | None:
        if isinstance(client_order_id, str) and client_order_id in self.tracked:
            return self.tracked[client_order_id]
        for tracked in self.tracked.values():
            if venue_id is not None and tracked.venue_id == str(venue_id):
                return tracked
        return None

    def _fills(self, tracked: _Tracked, order: Mapping[str, Any]) -> list[_Fill]:
        """The fills of ``order`` not reported yet: the venue's trades when it lists them (Binance's ``fills``,
        exact strings), else one fill for what filled beyond the reported, at the average price of that part."""
        base, quote = self._assets(tracked.symbol)
        info = order.get("info") if isinstance(order.get("info"), Mapping) else {}
        raw_fills = info.get("fills") if isinstance(info, Mapping) else None
        fills: list[_Fill] = []
        if isinstance(raw_fills, list) and raw_fills:
            total = Decimal(0)
            for index, raw in enumerate(raw_fills):
                quantity = _exact(raw.get("qty"), "fills.qty")
                price = _exact(raw.get("price"), "fills.price")
                total += quantity
                if total <= tracked.reported:
                    continue  # reported before
                trade_id = raw.get("tradeId")
                fill_id = f"t-{trade_id}" if trade_id is not None else f"{tracked.client_order_id}:{index}"
                fee = self._fee(raw.get("commission"), raw.get("commissionAsset"), base, quote, price, tracked)
                fills.append(_Fill(fill_id[:64], _places(quantity), _places(price), fee))
            return fills
        filled_text = info.get("executedQty") if isinstance(info, Mapping) else None
        cost_text = info.get("cummulativeQuoteQty") if isinstance(info, Mapping) else None
        filled = _exact(filled_text if filled_text is not None else order.get("filled") or 0, "filled")
        if filled <= tracked.reported:
            return []
        cost = cost_text if cost_text is not None else order.get("cost")
        quantity = filled - tracked.reported
        if cost is not None and _exact(cost, "cost") > 0:
            price = (_exact(cost, "cost") - tracked.reported_cost) / quantity
        else:
            price = _exact(order.get("average") or order.get("price"), "average")
        fee_info = order.get("fee") if isinstance(order.get("fee"), Mapping) else None
        fee = Decimal(0)
        if fee_info and fee_info.get("cost") is not None and tracked.reported == 0:
            fee = self._fee(fee_info.get("cost"), fee_info.get("currency"), base, quote, price, tracked)
        fill_id = f"{tracked.client_order_id}:{_places(filled).normalize():f}"
        return [_Fill(fill_id[:64], _places(quantity), _places(price), fee)]

    def _assets(self, symbol: str) -> tuple[str, str]:
        markets = getattr(self.exchange, "markets", None) or {}
        market = markets.get(symbol) if isinstance(markets, Mapping) else None
        if isinstance(market, Mapping) and market.get("base") and market.get("quote"):
            return str(market["base"]), str(market["quote"])
        base, _, quote = symbol.partition("/")
        return base, quote.split(":")[0]

    @staticmethod
    def _fee(amount: object, asset: object, base: str, quote: str, price: Decimal, tracked: _Tracked) -> Decimal:
        if amount is None:
            return Decimal(0)
        value = _exact(amount, "fee")
        if asset is None or asset == quote:
            return _places(value)
        if asset == base:
            return _places(value * price)
        logger.warning("rampart: fee of %s in %s (neither %s nor %s) reported as 0", tracked.client_order_id, asset,
                       base, quote)
        return Decimal(0)


# --------------------------------------------------------------------------------------------------------------


class GatedExchange:
    """A ccxt exchange whose ``create_order`` and ``cancel_order`` go through the gate; the rest passes through.

    ``reconcile()`` settles the orders whose outcome the venue left unknown, and those resting on the book.
    ``pending`` lists the client order ids still reserved."""

    def __init__(self, exchange: Any, client: Client, *, bot: str, account: str | None = None,
                 mode: str | None = None) -> None:
        self._gating = _Gating(exchange, bot, account, mode)
        self.exchange = exchange
        self.client = client

    def _run(self, flow: _Flow[T]) -> T:
        value: Any = None
        error: BaseException | None = None
        while True:
            try:
                step = flow.throw(error) if error is not None else flow.send(value)
            except StopIteration as stop:
                result: T = stop.value
                return result
            value, error = None, None
            target = self.client if step.target == "gate" else self.exchange
            try:
                value = getattr(target, step.method)(*step.args, **step.kwargs)
            except Exception as raised:
                error = raised

    def create_order(self, symbol: str, type: str, side: str, amount: Any, price: Any = None,
                     params: Mapping[str, Any] | None = None) -> Any:
        """Gate, place, report fills, release the rest (see the module's docs). Raises ``Denied`` when refused."""
        return self._run(self._gating.create_flow(symbol, type, side, amount, price, params))

    def cancel_order(self, id: str, symbol: str | None = None, params: Mapping[str, Any] | None = None) -> Any:
        """Cancels on the venue, books what had filled and releases the rest."""
        return self._run(self._gating.cancel_flow(id, symbol, params))

    def reconcile(self, not_found_grace: float = NOT_FOUND_GRACE) -> list[Reconciled]:
        """Asks the venue about every order still reserved (by client order id) and settles what it says."""
        return self._run(self._gating.reconcile_flow(not_found_grace))

    @property
    def pending(self) -> dict[str, str]:
        """Client order id → ``pending`` (outcome unknown) or ``open`` (resting), of the orders still reserved."""
        return {coid: tracked.state for coid, tracked in self._gating.tracked.items()}

    def __getattr__(self, name: str) -> Any:
        return getattr(self.exchange, name)


class AsyncGatedExchange:
    """The ``ccxt.async_support`` twin of ``GatedExchange``, over an ``AsyncClient``: the same methods, awaited."""

    def __init__(self, exchange: Any, client: AsyncClient, *, bot: str, account: str | None = None,
                 mode: str | None = None) -> None:
        self._gating = _Gating(exchange, bot, account, mode)
        self.exchange = exchange
        self.client = client

    async def _run(self, flow: _Flow[T]) -> T:
        value: Any = None
        error: BaseException | None = None
        while True:
            try:
                step = flow.throw(error) if error is not None else flow.send(value)
            except StopIteration as stop:
                result: T = stop.value
                return result
            value, error = None, None
            target = self.client if step.target == "gate" else self.exchange
            try:
                value = await getattr(target, step.method)(*step.args, **step.kwargs)
            except Exception as raised:
                error = raised

    async def create_order(self, symbol: str, type: str, side: str, amount: Any, price: Any = None,
                           params: Mapping[str, Any] | None = None) -> Any:
        """See ``GatedExchange.create_order``."""
        return await self._run(self._gating.create_flow(symbol, type, side, amount, price, params))

    async def cancel_order(self, id: str, symbol: str | None = None, params: Mapping[str, Any] | None = None) -> Any:
        """See ``GatedExchange.cancel_order``."""
        return await self._run(self._gating.cancel_flow(id, symbol, params))

    async def reconcile(self, not_found_grace: float = NOT_FOUND_GRACE) -> list[Reconciled]:
        """See ``GatedExchange.reconcile``."""
        return await self._run(self._gating.reconcile_flow(not_found_grace))

    @property
    def pending(self) -> dict[str, str]:
        return {coid: tracked.state for coid, tracked in self._gating.tracked.items()}

    def __getattr__(self, name: str) -> Any:
        return getattr(self.exchange, name)


def gated(exchange: Any, client: Client | AsyncClient, *, bot: str, account: str | None = None,
          mode: str | None = None) -> Any:
    """``exchange`` (ccxt) behind the gate for ``bot`` (and ``account``; ``mode`` ``live`` for a live venue,
    default the service's ``paper``). A ``ccxt.async_support`` exchange needs an ``AsyncClient`` and gives an
    ``AsyncGatedExchange``; a sync one a ``Client`` and a ``GatedExchange``."""
    asynchronous = inspect.iscoroutinefunction(getattr(exchange, "create_order", None))
    if asynchronous and isinstance(client, AsyncClient):
        return AsyncGatedExchange(exchange, client, bot=bot, account=account, mode=mode)
    if not asynchronous and isinstance(client, Client):
        return GatedExchange(exchange, client, bot=bot, account=account, mode=mode)
    raise TypeError(
        f"gated: a {'ccxt.async_support' if asynchronous else 'synchronous ccxt'} exchange needs "
        f"{'an AsyncClient' if asynchronous else 'a Client'}, got {type(client).__name__}"
    )
